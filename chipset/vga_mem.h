/* The legacy VGA memory window at 0xA0000-0xBFFFF as plain memory on the
 * PCI side, enough to tell VGA bytes from SMRAM bytes at the same
 * addresses (the full VGA adapter comes with the PC platform). */
#ifndef SMMBOX_CHIPSET_VGA_MEM_H
#define SMMBOX_CHIPSET_VGA_MEM_H

#include <stdint.h>

#include "mem/bus.h"

#define VGA_MEM_BASE 0xA0000u
#define VGA_MEM_SIZE 0x20000u

struct vga_mem {
	uint8_t mem[VGA_MEM_SIZE];
	int region;
};

void vga_mem_attach(struct vga_mem *v, struct bus *bus);

#endif
