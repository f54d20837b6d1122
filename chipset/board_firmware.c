/* The board's firmware; see board_firmware.h. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/board_firmware.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read a BIOS image whose size is a whole number of 64 KiB and at most
 * 16 MiB; one line on stderr otherwise. */
static uint8_t *load_bios(const char *path, uint32_t *size_out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "smmbox: cannot open BIOS image %s: %s\n", path, strerror(errno));
		return NULL;
	}
	uint8_t *buf = NULL;
	struct stat st;
	long size = -1;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = (long)st.st_size;
	if (size < 0) {
		fprintf(stderr, "smmbox: BIOS image %s is not a regular file\n", path);
	} else if (size == 0 || size % BOARD_BIOS_ALIGN || size > (long)BOARD_MAX_BIOS) {
		fprintf(stderr, "smmbox: BIOS image %s is %ld bytes: it must be a non-zero "
			"multiple of 64 KiB, at most 16 MiB\n", path, size);
	} else if (!(buf = malloc((size_t)size))) {
		fprintf(stderr, "smmbox: out of memory\n");
	} else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "smmbox: cannot read BIOS image %s\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size_out = (uint32_t)size;
	return buf;
}

static const char *const flash_names[BOARD_MAX_PFLASH] = { "pflash0", "pflash1" };

/* Open the flashes, and copy flash 0's tail for below 1 MiB. */
static bool open_flashes(struct board *b, const struct board_config *cfg)
{
	uint64_t total = 0;
	for (unsigned k = 0; k < cfg->npflash; k++) {
		if (!pflash_open(&b->flash[k], cfg->pflash[k].path, cfg->pflash[k].readonly))
			return false;
		b->nflash = k + 1;
		total += b->flash[k].size;
	}
	if (total > BOARD_PFLASH_LIMIT) {
		fprintf(stderr, "smmbox: --pflash: the flashes hold %llu bytes together; "
			"at most %u fit below 4 GiB, as on QEMU\n", (unsigned long long)total,
			BOARD_PFLASH_LIMIT);
		return false;
	}
	const struct pflash *f0 = &b->flash[0];
	b->bios_size = f0->size < BOARD_LOW_ALIAS ? f0->size : BOARD_LOW_ALIAS;
	b->bios = malloc(b->bios_size);
	if (!b->bios) {
		fprintf(stderr, "smmbox: out of memory\n");
		return false;
	}
	memcpy(b->bios, f0->bytes + f0->size - b->bios_size, b->bios_size);
	return true;
}

bool board_load_firmware(struct board *b, const struct board_config *cfg)
{
	if (cfg->npflash > BOARD_MAX_PFLASH) {
		fprintf(stderr, "smmbox: --pflash: at most %u flashes\n", BOARD_MAX_PFLASH);
		return false;
	}
	if ((cfg->bios_path != NULL) == (cfg->npflash != 0)) {
		fprintf(stderr, "smmbox: the firmware is a BIOS image or flash 0; give one of "
			"--bios and --pflash\n");
		return false;
	}
	if (cfg->npflash)
		return open_flashes(b, cfg);
	b->bios = load_bios(cfg->bios_path, &b->bios_size);
	return b->bios != NULL;
}

void board_map_firmware(struct board *b)
{
	uint32_t alias = b->bios_size < BOARD_LOW_ALIAS ? b->bios_size : BOARD_LOW_ALIAS;
	bus_add_rom(b->bus, "bios-low", 0x100000 - alias, alias, 1, BUS_VIS_ALL,
		    b->bios + b->bios_size - alias);
	if (!b->nflash) {
		bus_add_rom(b->bus, "bios", (uint32_t)(0x100000000ull - b->bios_size),
			    b->bios_size, 1, BUS_VIS_ALL, b->bios);
		return;
	}
	uint64_t end = 0x100000000ull;
	for (unsigned k = 0; k < b->nflash; k++) {
		end -= b->flash[k].size;
		pflash_attach(&b->flash[k], b->bus, (uint32_t)end, true, flash_names[k]);
	}
}

void board_free_firmware(struct board *b)
{
	for (unsigned k = 0; k < BOARD_MAX_PFLASH; k++)
		if (k < b->nflash || b->flash[k].bytes)
			pflash_close(&b->flash[k]);
	free(b->bios);
}
