/* What the VGA adapter's own files (vga.c, vga_mem.c, vga_vbe.c,
 * vga_text.c, vga_gfx.c) share; nothing outside the adapter includes this. */
#ifndef SMMBOX_CHIPSET_VGA_INTERNAL_H
#define SMMBOX_CHIPSET_VGA_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/vga.h"

/* vga_mem.c: the 0xA0000-0xBFFFF MMIO region. */
void vga_mem_attach(struct vga *v, struct bus *bus);

/* vga_vbe.c: the DISPI ports, and their power-on state. */
void vga_vbe_attach(struct vga *v, struct bus *bus);
void vga_vbe_reset(struct vga *v);

bool vga_vbe_enabled(const struct vga *v);

/* DISPI is enabled with a packed-pixel depth (8 bits or more): the
 * window then shows video memory as linear bytes from the bank's
 * offset, bypassing the planes (as QEMU and Bochs do). */
bool vga_vbe_linear(const struct vga *v);
uint32_t vga_vbe_bank_offset(const struct vga *v);
/* Bytes a line of width pixels takes at DISPI's current depth. */
uint32_t vga_vbe_line_bytes(const struct vga *v, uint32_t width);

/* vga_text.c: the plane address of CRTC character-clock address a (times
 * 4 in doubleword mode, 2 in word mode, 1 in byte mode). */
uint32_t vga_scan_address(const struct vga *v, uint32_t a);

#endif
