/* QEMU's fw_cfg interface (ports 0x510 selector, 0x511 data, 0x514 DMA),
 * so that SeaBIOS finds the RAM size, the e820 map and files such as VGA
 * option ROMs ("vgaroms/...") as it does on QEMU. */
#ifndef SMMBOX_CHIPSET_FW_CFG_H
#define SMMBOX_CHIPSET_FW_CFG_H

#include <stdint.h>

#include "mem/bus.h"

#define FW_CFG_MAX_ITEMS 32

struct fw_cfg_item {
	uint16_t key;
	uint32_t size;
	uint8_t *data;
	char name[56];     /* files only */
};

struct fw_cfg {
	struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
	unsigned nitems;
	uint16_t selector, next_file_key;
	uint32_t offset;
	struct bus *bus;          /* DMA reaches memory through its DMA view */
	uint64_t dma_address;     /* the DMA address register, as written */
};

void fw_cfg_attach(struct fw_cfg *f, struct bus *bus, uint32_t ram_size);
void fw_cfg_reset(struct fw_cfg *f);
void fw_cfg_free(struct fw_cfg *f);
/* Add a named file (copied). */
void fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size);

#endif
