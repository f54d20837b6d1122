/* QEMU's fw_cfg interface (ports 0x510 selector, 0x511 data, 0x514 DMA),
 * so that SeaBIOS finds the RAM size, the e820 map and files such as VGA
 * option ROMs ("vgaroms/...") as it does on QEMU. */
#ifndef SMMBOX_CHIPSET_FW_CFG_H
#define SMMBOX_CHIPSET_FW_CFG_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"

/* The fixed items, a VGA BIOS, a Linux kernel's twelve items with its
 * option ROM, and the user's --fw-cfg files. */
#define FW_CFG_MAX_ITEMS 64
#define FW_CFG_NAME_MAX 55   /* a file name's bytes, without its NUL */

/* The selectors of the items QEMU's Linux loader fills for a bzImage
 * (QEMU include/standard-headers/linux/qemu_fw_cfg.h); KERNEL_ENTRY (0x10)
 * is only a PVH or multiboot kernel's, and reads as zeros here as on QEMU. */
#define FW_CFG_KERNEL_ADDR  0x07
#define FW_CFG_KERNEL_SIZE  0x08
#define FW_CFG_INITRD_ADDR  0x0A
#define FW_CFG_INITRD_SIZE  0x0B
#define FW_CFG_KERNEL_DATA  0x11
#define FW_CFG_INITRD_DATA  0x12
#define FW_CFG_CMDLINE_ADDR 0x13
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define FW_CFG_SETUP_ADDR   0x16
#define FW_CFG_SETUP_SIZE   0x17
#define FW_CFG_SETUP_DATA   0x18

/* Called when the guest selects an item, before it reads a byte (QEMU's
 * select callback: the SMI feature negotiation's "etc/smi/features-ok"). */
typedef void (*fw_cfg_select_fn)(void *opaque);

struct fw_cfg_item {
	uint16_t key;
	uint32_t size;
	uint8_t *data;
	char name[56];     /* files only */
	bool shared;       /* data is a device's, not the item's own */
	bool writable;     /* DMA writes reach data */
	fw_cfg_select_fn on_select;
	void *select_opaque;
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
/* Add a named file (the bytes copied).  False, adding nothing, when the
 * table is full, the name is longer than FW_CFG_NAME_MAX or already a
 * file's (fw_cfg_has_file() tells which). */
bool fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size);
bool fw_cfg_has_file(const struct fw_cfg *f, const char *name);
/* Add a named file whose SIZE bytes are DATA itself, a device's state
 * (not copied, never freed, so that the device's snapshots hold them):
 * DMA writes from the guest reach them when WRITABLE, and ON_SELECT (when
 * not NULL) runs at every select of the item.  False as fw_cfg_add_file(). */
bool fw_cfg_add_shared_file(struct fw_cfg *f, const char *name, uint8_t *data, uint32_t size,
			    bool writable, fw_cfg_select_fn on_select, void *opaque);
/* Add the item of selector KEY (below the files' 0x20, or from 0x8000, the
 * x86 items; the bytes copied).
 * False, adding nothing, when the table is full or KEY is taken. */
bool fw_cfg_add_bytes(struct fw_cfg *f, uint16_t key, const void *data, uint32_t size);
/* Add a 32-bit little-endian item, as QEMU's fw_cfg_add_i32(). */
bool fw_cfg_add_le32(struct fw_cfg *f, uint16_t key, uint32_t value);
/* The item of selector KEY, or NULL. */
const struct fw_cfg_item *fw_cfg_item(const struct fw_cfg *f, uint16_t key);

#endif
