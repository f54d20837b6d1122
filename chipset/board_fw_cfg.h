/* What the board offers through fw_cfg beyond its fixed items: a Linux
 * kernel with QEMU's option ROM that boots it, and the user's files
 * (QEMU's -fw_cfg).  The board's own; board.c calls it once. */
#ifndef SMMBOX_CHIPSET_BOARD_FW_CFG_H
#define SMMBOX_CHIPSET_BOARD_FW_CFG_H

#include <stdbool.h>

#include "chipset/board.h"

/* Add what cfg names to b's fw_cfg: the kernel (with its initrd and
 * command line, and cfg->linuxboot_rom as "genroms/linuxboot_dma.bin"),
 * then each of cfg->fw_cfg_files.  False after one line on stderr: a
 * file missing or unreadable, a kernel linux_boot_add() refuses, a name
 * given twice or too long, or too many items. */
bool board_add_fw_cfg(struct board *b, const struct board_config *cfg);

#endif
