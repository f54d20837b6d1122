/* The guest's screen as pixels; see screen_pixels.h. */
#include "ui/sdl/screen_pixels.h"

#include <stdlib.h>

static bool resize(struct screen_pixels *s, unsigned w, unsigned h)
{
	if (s->argb && s->width == w && s->height == h)
		return true;
	free(s->argb);
	s->argb = calloc((size_t)w * h, sizeof(uint32_t));
	s->width = s->argb ? w : 0;
	s->height = s->argb ? h : 0;
	return s->argb != NULL;
}

/* One character cell: the glyph's dots in the foreground color, the rest
 * in the background; the ninth column repeats the eighth for the line
 * graphics 0xC0-0xDF (VGA "line graphics enable"). */
static void draw_cell(struct screen_pixels *s, const struct vga *v, unsigned row, unsigned col,
		      bool cursor_on)
{
	const struct vga_text_screen *t = s->text;
	struct vga_text_cell c = t->cell[row][col];
	uint8_t glyph[VGA_GLYPH_BYTES];
	vga_text_glyph(v, c.ch, c.attr, glyph);
	unsigned bg_index = t->blink ? (c.attr >> 4) & 7 : c.attr >> 4;
	bool hidden = t->blink && (c.attr & 0x80) && (s->frames / 16) % 2;
	uint32_t fg = vga_text_rgb(v, c.attr & 15), bg = vga_text_rgb(v, bg_index);
	for (unsigned y = 0; y < t->char_height; y++) {
		uint8_t bits = hidden ? 0 : glyph[y];
		if (cursor_on && y >= t->cursor.start && y <= t->cursor.end)
			bits = 0xFF;
		uint32_t *p = s->argb + (size_t)(row * t->char_height + y) * s->width +
			      col * t->char_width;
		for (unsigned x = 0; x < t->char_width; x++) {
			bool on = x < 8 ? (bits >> (7 - x)) & 1
					: (c.ch >= 0xC0 && c.ch <= 0xDF && (bits & 1));
			p[x] = 0xFF000000u | (on ? fg : bg);
		}
	}
}

bool screen_pixels_draw(struct screen_pixels *s, const struct vga *v)
{
	if (!s->text && !(s->text = malloc(sizeof(*s->text))))
		return false;
	s->frames++;
	struct vga_text_screen *t = s->text;
	if (vga_display_mode(v) == VGA_DISPLAY_GRAPHICS && vga_graphics_drawable(v)) {
		unsigned w, h, bpp;
		vga_graphics_size(v, &w, &h, &bpp);
		if (!resize(s, w, h))
			return false;
		vga_graphics_pixels(v, s->argb);
		return true;
	}
	if (vga_display_mode(v) != VGA_DISPLAY_TEXT || !vga_text_snapshot(v, t) || t->blanked) {
		if (!resize(s, 640, 400))
			return false;
		for (size_t k = 0; k < (size_t)s->width * s->height; k++)
			s->argb[k] = 0xFF000000u;
		return true;
	}
	if (!resize(s, t->cols * t->char_width, t->rows * t->char_height))
		return false;
	bool cursor_phase = (s->frames / 8) % 2 == 0;
	for (unsigned r = 0; r < t->rows; r++)
		for (unsigned c = 0; c < t->cols; c++)
			draw_cell(s, v, r, c, t->cursor.visible && cursor_phase && t->cursor.row == r &&
						  t->cursor.col == c);
	return true;
}

void screen_pixels_free(struct screen_pixels *s)
{
	free(s->argb);
	free(s->text);
	s->argb = NULL;
	s->text = NULL;
}
