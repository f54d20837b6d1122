/* The SDL2 window: the VGA text screen drawn with the font the guest's
 * VGA BIOS loaded (plane 2), the cursor, and the keyboard into the 8042 as
 * scancode set 1 (what the controller delivers with translation on).
 * Graphics modes show a line saying so; drawing them is future work. */
#include "config.h"

#include "ui/display.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

#include "chipset/vga_text.h"

struct display {
	struct board *board;
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *texture;
	uint32_t *pixels;
	int width, height;
	uint64_t drawn_changes;
	uint32_t frames;
	struct vga_text_screen *screen;
	bool closed;
};

/* SDL scancodes to PC scancode set 1: the make code; 0xE0 in the high
 * byte marks an extended key.  Release is the make code with bit 7. */
static uint16_t set1_code(SDL_Scancode sc)
{
	static const uint8_t letters[26] = {
		0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
		0x31, 0x18, 0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C,
	};
	static const uint8_t digits[10] = { 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B };
	if (sc >= SDL_SCANCODE_A && sc <= SDL_SCANCODE_Z)
		return letters[sc - SDL_SCANCODE_A];
	if (sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_0)
		return digits[sc - SDL_SCANCODE_1];
	if (sc >= SDL_SCANCODE_F1 && sc <= SDL_SCANCODE_F10)
		return (uint16_t)(0x3B + (sc - SDL_SCANCODE_F1));
	switch (sc) {
	case SDL_SCANCODE_RETURN: return 0x1C;
	case SDL_SCANCODE_ESCAPE: return 0x01;
	case SDL_SCANCODE_BACKSPACE: return 0x0E;
	case SDL_SCANCODE_TAB: return 0x0F;
	case SDL_SCANCODE_SPACE: return 0x39;
	case SDL_SCANCODE_MINUS: return 0x0C;
	case SDL_SCANCODE_EQUALS: return 0x0D;
	case SDL_SCANCODE_LEFTBRACKET: return 0x1A;
	case SDL_SCANCODE_RIGHTBRACKET: return 0x1B;
	case SDL_SCANCODE_BACKSLASH: return 0x2B;
	case SDL_SCANCODE_SEMICOLON: return 0x27;
	case SDL_SCANCODE_APOSTROPHE: return 0x28;
	case SDL_SCANCODE_GRAVE: return 0x29;
	case SDL_SCANCODE_COMMA: return 0x33;
	case SDL_SCANCODE_PERIOD: return 0x34;
	case SDL_SCANCODE_SLASH: return 0x35;
	case SDL_SCANCODE_CAPSLOCK: return 0x3A;
	case SDL_SCANCODE_F11: return 0x57;
	case SDL_SCANCODE_F12: return 0x58;
	case SDL_SCANCODE_LSHIFT: return 0x2A;
	case SDL_SCANCODE_RSHIFT: return 0x36;
	case SDL_SCANCODE_LCTRL: return 0x1D;
	case SDL_SCANCODE_LALT: return 0x38;
	case SDL_SCANCODE_RCTRL: return 0xE01D;
	case SDL_SCANCODE_RALT: return 0xE038;
	case SDL_SCANCODE_UP: return 0xE048;
	case SDL_SCANCODE_DOWN: return 0xE050;
	case SDL_SCANCODE_LEFT: return 0xE04B;
	case SDL_SCANCODE_RIGHT: return 0xE04D;
	case SDL_SCANCODE_HOME: return 0xE047;
	case SDL_SCANCODE_END: return 0xE04F;
	case SDL_SCANCODE_PAGEUP: return 0xE049;
	case SDL_SCANCODE_PAGEDOWN: return 0xE051;
	case SDL_SCANCODE_INSERT: return 0xE052;
	case SDL_SCANCODE_DELETE: return 0xE053;
	default: return 0;
	}
}

static void key(struct display *d, SDL_Scancode sc, bool down)
{
	uint16_t code = set1_code(sc);
	if (!code)
		return;
	if (code >> 8)
		kbc_key(&d->board->kbc, 0xE0);
	kbc_key(&d->board->kbc, (uint8_t)((code & 0x7F) | (down ? 0 : 0x80)));
}

static bool resize(struct display *d, int w, int h)
{
	if (d->width == w && d->height == h && d->texture)
		return true;
	if (d->texture)
		SDL_DestroyTexture(d->texture);
	free(d->pixels);
	d->width = w;
	d->height = h;
	d->pixels = calloc((size_t)w * (size_t)h, sizeof(uint32_t));
	d->texture = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888,
				       SDL_TEXTUREACCESS_STREAMING, w, h);
	if (!d->pixels || !d->texture)
		return false;
	SDL_SetWindowSize(d->window, w, h);
	return true;
}

/* One character cell: the glyph's dots in the foreground color, the rest
 * in the background; the ninth column repeats the eighth for the line
 * graphics 0xC0-0xDF (VGA "line graphics enable"). */
static void draw_cell(struct display *d, const struct vga_text_screen *s, unsigned row,
		      unsigned col, bool cursor_on)
{
	const struct vga *v = &d->board->vga;
	struct vga_text_cell c = s->cell[row][col];
	uint8_t glyph[VGA_GLYPH_BYTES];
	vga_text_glyph(v, c.ch, c.attr, glyph);
	unsigned bg_index = s->blink ? (c.attr >> 4) & 7 : c.attr >> 4;
	bool hidden = s->blink && (c.attr & 0x80) && (d->frames / 16) % 2;
	uint32_t fg = vga_text_rgb(v, c.attr & 15), bg = vga_text_rgb(v, bg_index);
	for (unsigned y = 0; y < s->char_height; y++) {
		uint8_t bits = hidden ? 0 : glyph[y];
		if (cursor_on && y >= s->cursor.start && y <= s->cursor.end)
			bits = 0xFF;
		uint32_t *p = d->pixels + (size_t)(row * s->char_height + y) * (size_t)d->width +
			      col * s->char_width;
		for (unsigned x = 0; x < s->char_width; x++) {
			bool on = x < 8 ? (bits >> (7 - x)) & 1
					: (c.ch >= 0xC0 && c.ch <= 0xDF && (bits & 1));
			p[x] = 0xFF000000u | (on ? fg : bg);
		}
	}
}

static void draw(struct display *d)
{
	const struct vga *v = &d->board->vga;
	struct vga_text_screen *s = d->screen;
	if (vga_display_mode(v) != VGA_DISPLAY_TEXT || !vga_text_snapshot(v, s) || s->blanked) {
		if (!resize(d, 640, 400))
			return;
		for (int k = 0; k < d->width * d->height; k++)
			d->pixels[k] = 0xFF000000u;
		char title[96];
		snprintf(title, sizeof(title), "smmbox - %s", vga_display_mode(v) == VGA_DISPLAY_OFF
				 ? "no video output yet" : "graphics mode (not drawn yet)");
		SDL_SetWindowTitle(d->window, title);
	} else {
		if (!resize(d, (int)(s->cols * s->char_width), (int)(s->rows * s->char_height)))
			return;
		bool cursor_phase = (d->frames / 8) % 2 == 0;
		for (unsigned r = 0; r < s->rows; r++)
			for (unsigned c = 0; c < s->cols; c++)
				draw_cell(d, s, r, c, s->cursor.visible && cursor_phase &&
						      s->cursor.row == r && s->cursor.col == c);
		SDL_SetWindowTitle(d->window, "smmbox");
	}
	SDL_UpdateTexture(d->texture, NULL, d->pixels, d->width * (int)sizeof(uint32_t));
	SDL_RenderClear(d->renderer);
	SDL_RenderCopy(d->renderer, d->texture, NULL, NULL);
	SDL_RenderPresent(d->renderer);
}

bool display_poll(struct display *d)
{
	SDL_Event ev;
	while (SDL_PollEvent(&ev)) {
		if (ev.type == SDL_QUIT)
			d->closed = true;
		else if ((ev.type == SDL_KEYDOWN || ev.type == SDL_KEYUP) && !ev.key.repeat)
			key(d, ev.key.keysym.scancode, ev.type == SDL_KEYDOWN);
	}
	/* About 60 frames a second of wall time: one in every ~16 polls. */
	static const uint32_t every = 16;
	if (++d->frames % every == 0 || d->board->vga.changes != d->drawn_changes) {
		d->drawn_changes = d->board->vga.changes;
		draw(d);
	}
	return !d->closed;
}

struct display *display_open(struct board *board)
{
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "smmbox: cannot open the SDL window: %s\n", SDL_GetError());
		return NULL;
	}
	struct display *d = calloc(1, sizeof(*d));
	if (d)
		d->screen = malloc(sizeof(*d->screen));
	if (!d || !d->screen) {
		free(d);
		SDL_Quit();
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	d->board = board;
	d->window = SDL_CreateWindow("smmbox", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
				     720, 400, 0);
	d->renderer = d->window ? SDL_CreateRenderer(d->window, -1, 0) : NULL;
	if (!d->renderer) {
		fprintf(stderr, "smmbox: cannot open the SDL window: %s\n", SDL_GetError());
		display_close(d);
		return NULL;
	}
	return d;
}

void display_close(struct display *d)
{
	if (!d)
		return;
	if (d->texture)
		SDL_DestroyTexture(d->texture);
	if (d->renderer)
		SDL_DestroyRenderer(d->renderer);
	if (d->window)
		SDL_DestroyWindow(d->window);
	free(d->pixels);
	free(d->screen);
	free(d);
	SDL_Quit();
}
