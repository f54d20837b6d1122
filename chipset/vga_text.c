/* The VGA screen for front ends and the text dump; see vga_text.h. */
#include "chipset/vga_text.h"

#include <stdlib.h>

#include "chipset/vga_internal.h"

/* Code page 437 as Unicode (the IBM PC character set, as the VGA's ROM
 * fonts draw it): 0x01-0x1F and 0x7F are the symbols the font shows for
 * those codes.  0x00 and 0xFF (a no-break space) are dumped as spaces. */
static const uint16_t cp437[256] = {
	0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
	0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
	0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
	0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
	[0x20] = 0x0020, [0x7F] = 0x2302,
	[0x80] = 0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x0020,
};

/* Plane 2 offsets of the eight 8 KiB font blocks a character map select
 * value names (SR03: the numbering interleaves, IBM VGA Technical
 * Reference "Character Map Select Register"). */
static const uint16_t font_block[8] = {
	0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000,
};

/* CR12 with its overflow bits 8 (CR07 bit 1) and 9 (CR07 bit 6). */
static unsigned vertical_display_end(const struct vga *v)
{
	const uint8_t *cr = v->crtc;
	return cr[VGA_CRTC_V_DISP_END] | ((cr[VGA_CRTC_OVERFLOW] >> 1) & 1u) << 8 |
	       ((cr[VGA_CRTC_OVERFLOW] >> 6) & 1u) << 9;
}

enum vga_display vga_display_mode(const struct vga *v)
{
	if (vga_vbe_enabled(v))
		return VGA_DISPLAY_GRAPHICS;
	if (v->crtc[VGA_CRTC_H_DISP_END] == 0 || vertical_display_end(v) == 0)
		return VGA_DISPLAY_OFF;
	if ((v->attr[VGA_ATTR_MODE] & 1) || (v->gc[VGA_GC_MISC] & 1))
		return VGA_DISPLAY_GRAPHICS;
	return VGA_DISPLAY_TEXT;
}

void vga_graphics_size(const struct vga *v, unsigned *width, unsigned *height, unsigned *bpp)
{
	if (vga_vbe_enabled(v)) {
		*width = v->vbe.reg[VBE_DISPI_INDEX_XRES];
		*height = v->vbe.reg[VBE_DISPI_INDEX_YRES];
		*bpp = v->vbe.reg[VBE_DISPI_INDEX_BPP];
		return;
	}
	const uint8_t *cr = v->crtc;
	unsigned w = (cr[VGA_CRTC_H_DISP_END] + 1u) * 8;
	unsigned h = vertical_display_end(v) + 1;
	if (v->seq[VGA_SEQ_CLOCKING] & 0x08)
		w /= 2;
	if (cr[VGA_CRTC_MAX_SCAN] & 0x80)
		h /= 2;
	/* Without the CGA-compatible bank interleave (CR17 bit 0 set), each
	 * row repeats for the character height's scan lines. */
	if (cr[VGA_CRTC_MODE] & 1)
		h /= (cr[VGA_CRTC_MAX_SCAN] & 0x1F) + 1u;
	*width = w;
	*height = h;
	*bpp = (v->gc[VGA_GC_MODE] & 0x40) ? 8 : (v->gc[VGA_GC_MODE] & 0x20) ? 2 : 4;
}

uint32_t vga_scan_address(const struct vga *v, uint32_t a)
{
	if (v->crtc[VGA_CRTC_UNDERLINE] & 0x40)
		return a << 2;
	return (v->crtc[VGA_CRTC_MODE] & 0x40) ? a : a << 1;
}

static void find_cursor(const struct vga *v, struct vga_text_screen *s, uint32_t start,
			uint32_t stride)
{
	const uint8_t *cr = v->crtc;
	uint32_t at = (uint32_t)cr[VGA_CRTC_CURSOR_HI] << 8 | cr[VGA_CRTC_CURSOR_LO];
	struct vga_text_cursor *c = &s->cursor;
	c->start = cr[VGA_CRTC_CURSOR_START] & 0x1F;
	c->end = cr[VGA_CRTC_CURSOR_END] & 0x1F;
	c->row = c->col = 0;
	c->visible = false;
	if (at < start)
		return;
	uint32_t rel = at - start;
	c->row = stride ? rel / stride : 0;
	c->col = stride ? rel % stride : rel;
	c->visible = !(cr[VGA_CRTC_CURSOR_START] & 0x20) && c->row < s->rows && c->col < s->cols;
}

bool vga_text_snapshot(const struct vga *v, struct vga_text_screen *s)
{
	if (vga_display_mode(v) != VGA_DISPLAY_TEXT)
		return false;
	const uint8_t *cr = v->crtc;
	unsigned lines = vertical_display_end(v) + 1;
	if (cr[VGA_CRTC_MAX_SCAN] & 0x80)
		lines /= 2;
	s->char_height = (cr[VGA_CRTC_MAX_SCAN] & 0x1F) + 1u;
	s->char_width = (v->seq[VGA_SEQ_CLOCKING] & 1) ? 8 : 9;
	s->cols = cr[VGA_CRTC_H_DISP_END] + 1u;
	s->rows = lines / s->char_height;
	if (s->cols > VGA_TEXT_MAX_COLS)
		s->cols = VGA_TEXT_MAX_COLS;
	if (s->rows > VGA_TEXT_MAX_ROWS)
		s->rows = VGA_TEXT_MAX_ROWS;
	s->blink = v->attr[VGA_ATTR_MODE] & 0x08;
	s->blanked = (v->seq[VGA_SEQ_CLOCKING] & 0x20) || !(v->attr_index & VGA_ATTR_PAS);
	uint32_t start = (uint32_t)cr[VGA_CRTC_START_HI] << 8 | cr[VGA_CRTC_START_LO];
	uint32_t stride = 2u * cr[VGA_CRTC_OFFSET];
	for (unsigned r = 0; r < s->rows; r++) {
		for (unsigned c = 0; c < s->cols; c++) {
			uint32_t at = vga_scan_address(v, start + r * stride + c);
			s->cell[r][c].ch = vga_plane_peek(v, 0, at);
			s->cell[r][c].attr = vga_plane_peek(v, 1, at);
		}
	}
	find_cursor(v, s, start, stride);
	return true;
}

void vga_text_glyph(const struct vga *v, uint8_t ch, uint8_t attr, uint8_t glyph[VGA_GLYPH_BYTES])
{
	uint8_t sel = v->seq[VGA_SEQ_CHAR_MAP];
	unsigned map = (attr & 0x08) ? ((sel >> 2) & 3) | ((sel >> 3) & 4)   /* A: bits 5,3,2 */
				     : (sel & 3) | ((sel >> 2) & 4);         /* B: bits 4,1,0 */
	uint32_t base = font_block[map] + (uint32_t)ch * VGA_GLYPH_BYTES;
	for (unsigned i = 0; i < VGA_GLYPH_BYTES; i++)
		glyph[i] = vga_plane_peek(v, 2, base + i);
}

static uint32_t dac_component(const struct vga *v, uint8_t c)
{
	return v->dac.eight_bit ? c : (uint32_t)((c << 2) | (c >> 4));
}

uint32_t vga_text_rgb(const struct vga *v, unsigned color)
{
	uint8_t pal = v->attr[color & 0xF], sel = v->attr[VGA_ATTR_COLOR_SEL];
	/* AR10 bit 7: bits 4-5 come from the color select register too. */
	unsigned index = (v->attr[VGA_ATTR_MODE] & 0x80) ? (pal & 0x0Fu) | (sel & 0x0Fu) << 4
							 : (pal & 0x3Fu) | (sel & 0x0Cu) << 4;
	return vga_dac_rgb(v, index);
}

uint32_t vga_dac_rgb(const struct vga *v, unsigned index)
{
	const uint8_t *rgb = v->dac.rgb[index & v->dac.mask & 0xFF];
	return dac_component(v, rgb[0]) << 16 | dac_component(v, rgb[1]) << 8 |
	       dac_component(v, rgb[2]);
}

/* Append the UTF-8 of code point u (below 0x10000) at p; returns the end. */
static char *put_utf8(char *p, unsigned u)
{
	if (u < 0x80) {
		*p++ = (char)u;
	} else if (u < 0x800) {
		*p++ = (char)(0xC0 | u >> 6);
		*p++ = (char)(0x80 | (u & 0x3F));
	} else {
		*p++ = (char)(0xE0 | u >> 12);
		*p++ = (char)(0x80 | ((u >> 6) & 0x3F));
		*p++ = (char)(0x80 | (u & 0x3F));
	}
	return p;
}

static void dump_row(const struct vga_text_screen *s, unsigned r, FILE *out)
{
	char line[VGA_TEXT_MAX_COLS * 3 + 2];
	char *p = line, *end = line;
	for (unsigned c = 0; c < s->cols; c++) {
		uint8_t ch = s->cell[r][c].ch;
		unsigned u = ch >= 0x20 && ch < 0x7F ? ch : cp437[ch];
		p = put_utf8(p, u);
		if (u != ' ')
			end = p;
	}
	*end++ = '\n';
	fwrite(line, 1, (size_t)(end - line), out);
}

void vga_dump_text(const struct vga *v, FILE *out)
{
	unsigned w, h, bpp;
	switch (vga_display_mode(v)) {
	case VGA_DISPLAY_OFF:
		fputs("(the VGA display is not programmed)\n", out);
		return;
	case VGA_DISPLAY_GRAPHICS:
		vga_graphics_size(v, &w, &h, &bpp);
		fprintf(out, "(the %s is in a %ux%u graphics mode with %u bits a pixel)\n",
			vga_vbe_enabled(v) ? "VBE DISPI adapter" : "VGA adapter", w, h, bpp);
		return;
	case VGA_DISPLAY_TEXT:
		break;
	}
	struct vga_text_screen *s = malloc(sizeof(*s));
	if (!s) {
		fputs("(out of memory for the screen dump)\n", out);
		return;
	}
	vga_text_snapshot(v, s);
	for (unsigned r = 0; r < s->rows; r++)
		dump_row(s, r, out);
	free(s);
}
