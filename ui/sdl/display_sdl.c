/* The SDL2 window: the guest's screen (screen_pixels.h) and its keyboard
 * (sdl_keys.h). */
#include "config.h"

#include "ui/display.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui/sdl/screen_pixels.h"
#include "ui/sdl/sdl_keys.h"

struct display {
	struct board *board;
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *texture;
	struct screen_pixels pixels;
	int width, height;
	uint64_t drawn_changes;
	uint32_t frames;
	bool closed;
};

static bool resize(struct display *d, int w, int h)
{
	if (d->width == w && d->height == h && d->texture)
		return true;
	if (d->texture)
		SDL_DestroyTexture(d->texture);
	d->width = w;
	d->height = h;
	d->texture = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888,
				       SDL_TEXTUREACCESS_STREAMING, w, h);
	if (!d->texture)
		return false;
	SDL_SetWindowSize(d->window, w, h);
	return true;
}

static void draw(struct display *d)
{
	const struct vga *v = &d->board->vga;
	struct screen_pixels *px = &d->pixels;
	if (!screen_pixels_draw(px, v) || !resize(d, (int)px->width, (int)px->height))
		return;
	enum vga_display mode = vga_display_mode(v);
	SDL_SetWindowTitle(d->window, mode == VGA_DISPLAY_OFF ? "smmbox - no video output yet"
				      : mode == VGA_DISPLAY_GRAPHICS && !vga_graphics_drawable(v)
				      ? "smmbox - a graphics mode not drawn (CGA-compatible)"
				      : "smmbox");
	SDL_UpdateTexture(d->texture, NULL, px->argb, d->width * (int)sizeof(uint32_t));
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
			sdl_key_to_guest(&d->board->kbc, ev.key.keysym.scancode,
					 ev.type == SDL_KEYDOWN);
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
	if (!d) {
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
	screen_pixels_free(&d->pixels);
	free(d);
	SDL_Quit();
}
