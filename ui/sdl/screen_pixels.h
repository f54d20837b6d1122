/* The guest's screen as pixels, for the SDL front ends (the plain window
 * and the debugger window's screen pane): a VGA text mode drawn with the
 * font the guest's VGA BIOS loaded into plane 2, with its cursor and
 * blinking, or a graphics mode (vga_graphics_pixels()); black when the
 * adapter shows neither (off, blanked, a CGA-compatible mode). */
#ifndef SMMBOX_UI_SDL_SCREEN_PIXELS_H
#define SMMBOX_UI_SDL_SCREEN_PIXELS_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/vga_text.h"

struct screen_pixels {
	uint32_t *argb;          /* width * height, 0xAARRGGBB */
	unsigned width, height;
	unsigned frames;         /* draws so far: the cursor and blinking phase */
	struct vga_text_screen *text;
};

/* Draw what v shows now into s (resizing it: 640x400 black when it shows
 * nothing drawable).  False when out of memory. */
bool screen_pixels_draw(struct screen_pixels *s, const struct vga *v);
void screen_pixels_free(struct screen_pixels *s);

#endif
