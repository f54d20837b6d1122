/* The VGA BIOS image; see vga_rom.h. */
#define _POSIX_C_SOURCE 200809L
#include "chipset/vga_rom.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem/bus.h"

bool vga_rom_load(struct vga_rom *rom, const char *path)
{
	*rom = (struct vga_rom){ 0 };
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "smmbox: cannot open VGA ROM %s: %s\n", path, strerror(errno));
		return false;
	}
	struct stat st;
	long size = -1;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = (long)st.st_size;
	bool ok = false;
	if (size < 3 || size > (long)VGA_ROM_MAX) {
		fprintf(stderr, "smmbox: VGA ROM %s: %ld bytes, expected an option ROM of at most "
			"%u KiB\n", path, size, VGA_ROM_MAX >> 10);
	} else {
		rom->size = (uint32_t)size;
		rom->mapped_size = (rom->size + BUS_PAGE_SIZE - 1) & BUS_PAGE_MASK;
		rom->bytes = malloc(rom->mapped_size);
		if (!rom->bytes) {
			fprintf(stderr, "smmbox: out of memory\n");
		} else if (fread(rom->bytes, 1, rom->size, f) != rom->size) {
			fprintf(stderr, "smmbox: cannot read VGA ROM %s\n", path);
		} else if (rom->bytes[0] != 0x55 || rom->bytes[1] != 0xAA) {
			fprintf(stderr, "smmbox: VGA ROM %s has no 55 AA option ROM signature\n", path);
		} else {
			memset(rom->bytes + rom->size, 0xFF, rom->mapped_size - rom->size);
			ok = true;
		}
	}
	fclose(f);
	if (!ok)
		vga_rom_free(rom);
	return ok;
}

void vga_rom_free(struct vga_rom *rom)
{
	free(rom->bytes);
	*rom = (struct vga_rom){ 0 };
}
