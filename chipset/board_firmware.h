/* The board's firmware: a BIOS ROM image, or QEMU's two CFI flashes
 * (pflash.h).  The board's own; board.c calls these.
 *
 * A ROM image sits at the top of the 4 GiB space.  Flashes are placed as
 * QEMU's pc_system_flash_map() places them: flash 0 ends at 4 GiB, flash
 * 1 ends where flash 0 begins; their bytes together at most
 * BOARD_PFLASH_LIMIT.  Both take writes only from SMM (QEMU's
 * secure=on): the flash is SMM's, as OVMF built with SMM requires.
 * Either way the firmware's last 128 KiB also appear below 1 MiB, under
 * shadow RAM (priority 1): the ROM's own bytes, or a copy of flash 0's
 * taken at start, as QEMU's isa-bios is. */
#ifndef SMMBOX_CHIPSET_BOARD_FIRMWARE_H
#define SMMBOX_CHIPSET_BOARD_FIRMWARE_H

#include <stdbool.h>

#include "chipset/board.h"

/* Read the ROM image or open the flashes cfg names; false after one line
 * on stderr (an image missing or of a wrong size, both or neither given,
 * flashes too big together). */
bool board_load_firmware(struct board *b, const struct board_config *cfg);
/* Put them on b->bus. */
void board_map_firmware(struct board *b);
/* Free what board_load_firmware() took, whatever it got to. */
void board_free_firmware(struct board *b);

#endif
