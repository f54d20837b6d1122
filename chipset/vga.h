/* The VGA adapter: the IBM VGA's registers at ports 0x3B0-0x3DF, 256 KiB
 * of video memory in four planes behind the 0xA0000-0xBFFFF window, and
 * the Bochs VBE "DISPI" extension at ports 0x1CE/0x1CF (vga_vbe.c).
 *
 * Sources: IBM VGA Technical Reference (register layouts, write and read
 * modes), the FreeVGA project's register pages, and the Bochs VBE
 * interface description (vbe_display_api.txt) for DISPI.
 *
 * The parts live in small files: vga.c the ports and registers,
 * vga_mem.c the CPU window into video memory, vga_vbe.c DISPI,
 * vga_text.c the text screen for front ends (vga_text.h), vga_rom.c the
 * option ROM image.  Only the CPU window is on the bus as memory: an MMIO
 * region at priority 2 visible in every view, which SMRAM (priority 3)
 * covers when the i440FX routes the A-segment to DRAM.
 *
 * Video memory is kept plane-interleaved: byte o of plane p is
 * vram[4 * o + p], so the four latches are one 32-bit word (plane 0 in
 * the low byte). */
#ifndef SMMBOX_CHIPSET_VGA_H
#define SMMBOX_CHIPSET_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"

#define VGA_WINDOW_BASE 0xA0000u
#define VGA_WINDOW_SIZE 0x20000u
#define VGA_PLANES      4u
#define VGA_PLANE_SIZE  0x10000u
#define VGA_VRAM_SIZE   (VGA_PLANES * VGA_PLANE_SIZE)

/* Register counts and the indices used by name (IBM VGA Technical
 * Reference; FreeVGA "VGA Registers"). */
#define VGA_SEQ_COUNT  8
#define VGA_GC_COUNT   16
#define VGA_CRTC_COUNT 64
#define VGA_ATTR_COUNT 32

#define VGA_SEQ_CLOCKING  0x01   /* bit 0: 8-dot chars; bit 3: dot clock / 2; bit 5: screen off */
#define VGA_SEQ_MAP_MASK  0x02
#define VGA_SEQ_CHAR_MAP  0x03
#define VGA_SEQ_MEM_MODE  0x04   /* bit 2: odd/even disable; bit 3: chain 4 */

#define VGA_GC_SET_RESET   0x00
#define VGA_GC_ENABLE_SR   0x01
#define VGA_GC_COLOR_CMP   0x02
#define VGA_GC_ROTATE      0x03  /* bits 0-2 count, bits 3-4 function */
#define VGA_GC_READ_MAP    0x04
#define VGA_GC_MODE        0x05  /* bits 0-1 write mode, bit 3 read mode, bit 4 odd/even */
#define VGA_GC_MISC        0x06  /* bit 0 graphics, bits 2-3 memory map */
#define VGA_GC_DONT_CARE   0x07
#define VGA_GC_BIT_MASK    0x08

#define VGA_CRTC_H_DISP_END  0x01
#define VGA_CRTC_OVERFLOW    0x07
#define VGA_CRTC_MAX_SCAN    0x09
#define VGA_CRTC_CURSOR_START 0x0A
#define VGA_CRTC_CURSOR_END  0x0B
#define VGA_CRTC_START_HI    0x0C
#define VGA_CRTC_START_LO    0x0D
#define VGA_CRTC_CURSOR_HI   0x0E
#define VGA_CRTC_CURSOR_LO   0x0F
#define VGA_CRTC_V_RETRACE_END 0x11 /* bit 7: CR00-CR07 write-protected */
#define VGA_CRTC_V_DISP_END  0x12
#define VGA_CRTC_OFFSET      0x13
#define VGA_CRTC_UNDERLINE   0x14  /* bit 6: doubleword addressing */
#define VGA_CRTC_MODE        0x17  /* bit 6: byte (1) or word (0) addressing */

#define VGA_ATTR_MODE        0x10  /* bit 0 graphics, bit 3 blink, bit 7 P5-4 select */
#define VGA_ATTR_COLOR_SEL   0x14
#define VGA_ATTR_PAS         0x20  /* in the index: palette address source, video on */

#define VGA_MISC_COLOR 0x01   /* CRTC and status at 0x3Dx (else 0x3Bx) */

/* The Bochs VBE DISPI registers (vbe_display_api.txt; the
 * VIDEO_MEMORY_64K register of ID 0xB0C5 as QEMU and Bochs have it). */
enum vga_vbe_index {
	VBE_DISPI_INDEX_ID,
	VBE_DISPI_INDEX_XRES,
	VBE_DISPI_INDEX_YRES,
	VBE_DISPI_INDEX_BPP,
	VBE_DISPI_INDEX_ENABLE,
	VBE_DISPI_INDEX_BANK,
	VBE_DISPI_INDEX_VIRT_WIDTH,
	VBE_DISPI_INDEX_VIRT_HEIGHT,
	VBE_DISPI_INDEX_X_OFFSET,
	VBE_DISPI_INDEX_Y_OFFSET,
	VBE_DISPI_INDEX_VIDEO_MEMORY_64K,
	VBE_DISPI_INDEX_COUNT
};

#define VBE_DISPI_ID0          0xB0C0
#define VBE_DISPI_ID5          0xB0C5
#define VBE_DISPI_ENABLED      0x01
#define VBE_DISPI_GETCAPS      0x02
#define VBE_DISPI_8BIT_DAC     0x20
#define VBE_DISPI_LFB_ENABLED  0x40
#define VBE_DISPI_NOCLEARMEM   0x80

struct vga_dac {
	uint8_t rgb[256][3];  /* 6 bits a component (8 with VBE_DISPI_8BIT_DAC) */
	uint8_t mask;         /* 0x3C6 */
	uint8_t write_index, read_index;
	uint8_t component;    /* 0-2: red, green, blue of the entry in progress */
	bool reading;         /* 0x3C7 was written last (the DAC state register) */
	bool eight_bit;
};

struct vga_vbe {
	uint16_t index;
	uint16_t reg[VBE_DISPI_INDEX_COUNT];
};

struct vga {
	uint8_t vram[VGA_VRAM_SIZE];  /* plane-interleaved, see above */
	uint32_t latch;               /* plane p in bits 8p..8p+7 */
	uint8_t misc;                 /* 0x3C2 write, 0x3CC read */
	uint8_t feature;              /* 0x3BA/0x3DA write, 0x3CA read */
	uint8_t enable;               /* 0x3C3 */
	uint8_t seq_index, seq[VGA_SEQ_COUNT];
	uint8_t gc_index, gc[VGA_GC_COUNT];
	uint8_t crtc_index, crtc[VGA_CRTC_COUNT];
	uint8_t attr_index;           /* with VGA_ATTR_PAS */
	bool attr_data_next;          /* the 0x3C0 flip-flop: the next write is data */
	uint8_t attr[VGA_ATTR_COUNT];
	struct vga_dac dac;
	struct vga_vbe vbe;
	/* Guest time, for the retrace bits of input status 1; without it each
	 * read of the register toggles them. */
	uint64_t (*clock_ns)(void *opaque);
	void *clock_opaque;
	unsigned status_toggle;
	uint64_t changes;   /* bumped by every write to video memory or a register */
	int region;
};

/* Add the memory window and the ports to the bus and reset. */
void vga_attach(struct vga *v, struct bus *bus);

/* Power-on state: every register zero (the VGA BIOS programs them), video
 * memory and the DAC cleared, DISPI disabled. */
void vga_reset(struct vga *v);

/* Host-side access to one byte of a plane (tests, the text renderer): no
 * latch, no mode, no side effect.  offset is taken modulo the plane size. */
uint8_t vga_plane_peek(const struct vga *v, unsigned plane, uint32_t offset);
void vga_plane_poke(struct vga *v, unsigned plane, uint32_t offset, uint8_t value);

#endif
