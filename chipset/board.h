/* The board: memory, firmware ROM and the devices on the bus, wired to
 * the CPU only through lines the caller connects (no chipset code knows
 * the CPU).  This is the minimal machine of the foundation: RAM, the BIOS
 * ROM, the debug console and the POST-code port; the i440FX PC grows
 * from here. */
#ifndef SMMBOX_CHIPSET_BOARD_H
#define SMMBOX_CHIPSET_BOARD_H

#include <stdint.h>
#include <stdio.h>

#include "chipset/debugcon.h"
#include "chipset/postcode.h"
#include "mem/bus.h"

#define BOARD_MAX_BIOS (16u << 20)
#define BOARD_BIOS_ALIGN (64u << 10)
#define BOARD_LOW_ALIAS (128u << 10)  /* the BIOS's tail mapped below 1 MiB */

struct board_config {
	const char *bios_path;
	unsigned ram_mb;
	FILE *debugcon;   /* NULL: output dropped */
	FILE *postcode;   /* NULL: codes only kept for statistics */
};

struct board {
	struct bus *bus;
	uint8_t *ram;
	uint32_t ram_size;
	uint8_t *bios;
	uint32_t bios_size;
	struct debugcon debugcon;
	struct postcode postcode;
};

/* Build the board.  On bad input (BIOS missing, unreadable, of the wrong
 * size; bad RAM size) prints one line on stderr and returns NULL. */
struct board *board_new(const struct board_config *cfg);
void board_free(struct board *b);

#endif
