/* The display front end (ui/sdl/display_sdl.c, built when SDL2 is found):
 * a window showing the guest's screen and feeding its keyboard. */
#ifndef SMMBOX_UI_DISPLAY_H
#define SMMBOX_UI_DISPLAY_H

#include <stdbool.h>

#include "chipset/board.h"

struct display;

/* NULL, with one line on stderr, when no window can be opened. */
struct display *display_open(struct board *board);
/* Handle input and redraw; false once the window was closed. */
bool display_poll(struct display *d);
void display_close(struct display *d);

#endif
