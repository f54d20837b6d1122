/* The board: see board.h. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/board.h"

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

struct board *board_new(const struct board_config *cfg)
{
	if (cfg->ram_mb < 1 || cfg->ram_mb > 3072) {
		fprintf(stderr, "smmbox: -m %u: memory must be 1 to 3072 MiB\n", cfg->ram_mb);
		return NULL;
	}
	struct board *b = calloc(1, sizeof(*b));
	if (!b) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	b->bios = load_bios(cfg->bios_path, &b->bios_size);
	b->ram_size = cfg->ram_mb << 20;
	b->ram = calloc(1, b->ram_size);
	if (!b->bios || !b->ram) {
		if (b->bios && !b->ram)
			fprintf(stderr, "smmbox: cannot allocate %u MiB of guest RAM\n", cfg->ram_mb);
		board_free(b);
		return NULL;
	}
	b->bus = bus_new();
	uint32_t alias = b->bios_size < BOARD_LOW_ALIAS ? b->bios_size : BOARD_LOW_ALIAS;
	bus_add_ram(b->bus, "ram", 0, b->ram_size, 0, BUS_VIS_ALL, b->ram);
	bus_add_rom(b->bus, "bios", (uint32_t)(0x100000000ull - b->bios_size), b->bios_size,
		    1, BUS_VIS_ALL, b->bios);
	bus_add_rom(b->bus, "bios-low", 0x100000 - alias, alias, 1, BUS_VIS_ALL,
		    b->bios + b->bios_size - alias);
	debugcon_attach(&b->debugcon, b->bus, cfg->debugcon);
	postcode_attach(&b->postcode, b->bus, cfg->postcode);
	return b;
}

void board_free(struct board *b)
{
	if (!b)
		return;
	bus_free(b->bus);
	free(b->ram);
	free(b->bios);
	free(b);
}
