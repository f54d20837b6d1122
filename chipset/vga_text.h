/* The VGA adapter's screen as a display front end and the screen dump
 * see it: what mode it is in, and in a text mode the character cells,
 * cursor, font and colors.  Inspection only: nothing here changes the
 * adapter (no latch load, no flip-flop).
 *
 * The text screen is read the way the CRTC scans it (IBM VGA Technical
 * Reference, "CRT Controller Registers"): columns CR01+1; rows the
 * displayed scan lines (CR12 with CR07 bits 1 and 6, plus one) over the
 * character height (CR09 bits 0-4, plus one; doubled with CR09 bit 7);
 * the cell at row r, column c is character-clock address
 * start + r * 2 * CR13 + c (start from CR0C:CR0D), which is a plane
 * address times 4 in doubleword mode (CR14 bit 6), times 2 in word mode
 * (CR17 bit 6 clear), times 1 in byte mode; the character is plane 0 and
 * the attribute plane 1 at that plane address.  The font is plane 2: 32
 * bytes a character from the 8 KiB block the character map select
 * (SR03) names for the attribute's bit 3. */
#ifndef SMMBOX_CHIPSET_VGA_TEXT_H
#define SMMBOX_CHIPSET_VGA_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "chipset/vga.h"

#define VGA_TEXT_MAX_COLS 256
#define VGA_TEXT_MAX_ROWS 128
#define VGA_GLYPH_BYTES   32

enum vga_display {
	VGA_DISPLAY_OFF,       /* CRTC not programmed (no VGA BIOS has run) */
	VGA_DISPLAY_TEXT,
	VGA_DISPLAY_GRAPHICS,  /* a VGA graphics mode or DISPI enabled */
};

struct vga_text_cell {
	uint8_t ch, attr;
};

struct vga_text_cursor {
	unsigned row, col;
	unsigned start, end;   /* first and last scan line in the cell */
	bool visible;          /* enabled (CR0A bit 5 clear) and on the screen */
};

struct vga_text_screen {
	unsigned cols, rows;             /* as programmed, at most the maxima */
	unsigned char_width, char_height; /* dots: 8 or 9, 1 to 32 */
	bool blink;      /* attribute bit 7 blinks (AR10 bit 3), else bright background */
	bool blanked;    /* screen off (SR01 bit 5) or attribute palette not released (PAS) */
	struct vga_text_cursor cursor;
	struct vga_text_cell cell[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS];
};

/* What the adapter shows. */
enum vga_display vga_display_mode(const struct vga *v);

/* The size of a graphics screen in pixels (VGA: from the CRTC and the
 * dot-clock halving; DISPI: XRES, YRES) and its depth in bits. */
void vga_graphics_size(const struct vga *v, unsigned *width, unsigned *height, unsigned *bpp);

/* A graphics mode the front ends can draw (vga_gfx.c): DISPI at 8, 15,
 * 16, 24 or 32 bits, VGA at 4 (planar) or 8 bits, at most 4096 pixels a
 * side; not the CGA-compatible 2-bit modes nor DISPI's 4-bit one. */
bool vga_graphics_drawable(const struct vga *v);
/* Fill argb (the width times height of vga_graphics_size(), row after
 * row, 0xFFRRGGBB) with the graphics screen; false, argb untouched, when
 * the adapter is not in a drawable graphics mode. */
bool vga_graphics_pixels(const struct vga *v, uint32_t *argb);

/* Fill screen from the current text mode; false (screen untouched) when
 * the adapter is not in one. */
bool vga_text_snapshot(const struct vga *v, struct vga_text_screen *screen);

/* The font rows of character ch shown with attribute attr: char_height
 * bytes are used, bit 7 the leftmost dot. */
void vga_text_glyph(const struct vga *v, uint8_t ch, uint8_t attr, uint8_t glyph[VGA_GLYPH_BYTES]);

/* The color a 4-bit text color index (attribute bits 0-3 or 4-7) shows
 * as, 0xRRGGBB: through the attribute palette, the color select register
 * and the DAC with its pixel mask. */
uint32_t vga_text_rgb(const struct vga *v, unsigned color);
/* DAC entry index (through the pixel mask) as 0xRRGGBB. */
uint32_t vga_dac_rgb(const struct vga *v, unsigned index);

/* Write the text screen as plain text, one line per row with trailing
 * blanks trimmed: bytes 0x20-0x7E as ASCII, 0x00 and 0xFF as spaces and
 * the rest of code page 437 as the UTF-8 of its Unicode character (box
 * drawing, accented letters, the control-range symbols).  Outside a text
 * mode, one line in parentheses says what the adapter shows. */
void vga_dump_text(const struct vga *v, FILE *out);

#endif
