/* What the debugger window's files share (ui_window.c draws and takes
 * input, ui_script.c drives it from a script): the window's state.
 * Nothing outside the window includes this. */
#ifndef SMMBOX_UI_SDL_UI_WINDOW_INTERNAL_H
#define SMMBOX_UI_SDL_UI_WINDOW_INTERNAL_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>

#include "ui/sdl/screen_pixels.h"
#include "ui/sdl/ui_model.h"

/* A pane's place, in character cells; its first row is the title. */
struct rect {
	int x, y, w, h;
};

struct window {
	struct ui_model *u;
	struct machine *m;
	SDL_Window *sdl;
	SDL_Renderer *renderer;
	TTF_Font *font;
	SDL_Texture *glyphs;         /* the printable ASCII glyphs side by side, white */
	SDL_Texture *screen;         /* the guest's screen */
	int screen_w, screen_h;
	struct screen_pixels pixels;
	int cw, ch;                  /* a character cell in pixels */
	int cols, rows;              /* the window in cells */
	struct rect pane[UI_PANE_COUNT];
	bool closed;
	bool break_requested;
	/* While running: the instructions and time at the last frame. */
	double last_frame_ns;
	uint64_t last_frame_icount;
	unsigned run_frames;         /* frames shown in this run */
	/* The script: its lines, the next one, lines kept for the next run. */
	char **script;
	unsigned nscript, next_line;
	char during_run[8][256];
	unsigned nduring;
	bool script_failed;
};

/* Draw the whole window now. */
void ui_window_draw(struct window *w);
/* Draw, and write what the window shows as a PNG; false when it cannot. */
bool ui_window_screenshot(struct window *w, const char *path);

/* Read the script at path into w (false, with one line on stderr, when
 * it cannot), run one of its lines (false, the window closed and
 * script_failed set, when the line is wrong: one line on stderr), and
 * free it. */
bool ui_script_load(struct window *w, const char *path);
bool ui_script_line(struct window *w, char *line);
void ui_script_free(struct window *w);

#endif
