/* PNG screenshots; see png_write.h. */
#include "ui/sdl/png_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One chunk: length, type, data, and the CRC of type and data. */
static bool chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t len)
{
	uint8_t head[8], tail[4];
	be32(head, len);
	for (int k = 0; k < 4; k++)
		head[4 + k] = (uint8_t)type[k];
	uLong crc = crc32(0, head + 4, 4);
	if (len)  /* crc32() of a null buffer is its initial value, not the CRC */
		crc = crc32(crc, data, len);
	be32(tail, (uint32_t)crc);
	return fwrite(head, 1, 8, f) == 8 && (!len || fwrite(data, 1, len, f) == len) &&
	       fwrite(tail, 1, 4, f) == 4;
}

bool png_write(const char *path, const uint32_t *pixels, unsigned width, unsigned height)
{
	/* Each row: filter type 0 (none), then R, G, B a pixel. */
	size_t row = 1 + 3 * (size_t)width, raw_len = row * height;
	uLongf packed_len = compressBound((uLong)raw_len);
	uint8_t *raw = malloc(raw_len), *packed = malloc(packed_len);
	bool ok = false;
	FILE *f = NULL;
	if (!raw || !packed) {
		errno = ENOMEM;
		goto out;
	}
	for (unsigned y = 0; y < height; y++) {
		uint8_t *r = raw + y * row;
		*r++ = 0;
		for (unsigned x = 0; x < width; x++) {
			uint32_t p = pixels[(size_t)y * width + x];
			*r++ = (uint8_t)(p >> 16);
			*r++ = (uint8_t)(p >> 8);
			*r++ = (uint8_t)p;
		}
	}
	if (compress2(packed, &packed_len, raw, (uLong)raw_len, 6) != Z_OK) {
		errno = ENOMEM;
		goto out;
	}
	f = fopen(path, "wb");
	if (!f)
		goto out;
	static const uint8_t signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	uint8_t ihdr[13] = { 0 };
	be32(ihdr, width);
	be32(ihdr + 4, height);
	ihdr[8] = 8;  /* bits a channel */
	ihdr[9] = 2;  /* colour type: RGB */
	ok = fwrite(signature, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) &&
	     chunk(f, "IDAT", packed, (uint32_t)packed_len) && chunk(f, "IEND", NULL, 0);
out:
	if (f && fclose(f) != 0)
		ok = false;
	free(raw);
	free(packed);
	return ok;
}
