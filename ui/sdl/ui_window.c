/* The SDL2 debugger window; see ui_window.h. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/sdl/ui_window.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "debug/debug_view.h"
#include "ui/sdl/png_write.h"
#include "ui/sdl/screen_pixels.h"
#include "ui/sdl/sdl_keys.h"
#include "ui/sdl/ui_font.h"
#include "ui/sdl/ui_model.h"
#include "ui/sdl/ui_window_internal.h"

#define FONT_POINTS 13
#define FIRST_GLYPH 32
#define LAST_GLYPH 126
#define CONSOLE_ROWS 9           /* with its title */
#define REDRAW_NS 50000000.0     /* while running: 20 frames a second */

static const SDL_Color palette[UI_COLOR_COUNT] = {
	[UI_TEXT] = { 220, 222, 228, 255 },   [UI_DIM] = { 130, 140, 155, 255 },
	[UI_CHANGED] = { 255, 196, 64, 255 }, [UI_CURRENT] = { 255, 255, 255, 255 },
	[UI_BREAK] = { 255, 96, 96, 255 },    [UI_SMM_MARK] = { 190, 140, 255, 255 },
	[UI_CURSOR] = { 220, 222, 228, 255 },
};
static const SDL_Color background = { 22, 24, 30, 255 }, title_bg = { 44, 50, 62, 255 },
		       focus_bg = { 40, 80, 130, 255 }, current_bg = { 30, 70, 120, 255 },
		       cursor_bg = { 58, 58, 66, 255 };

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The window's panes in cells: the disassembly, memory, the APICs (8
 * lines and the title, or a third of what is left) and events on the
 * left; registers, the FPU (22 lines and its title, or half of what the
 * registers leave) and SMM in the middle; the guest's screen, stack, POST
 * codes and breakpoints on the right; the console, status and command
 * lines across the bottom. */
static void layout(struct window *w)
{
	int width, height;
	SDL_GetRendererOutputSize(w->renderer, &width, &height);
	w->cols = width / w->cw;
	w->rows = height / w->ch;
	int body = w->rows - 2 - CONSOLE_ROWS;
	if (body < 12)
		body = 12;
	int left = w->cols * 36 / 100, mid = w->cols * 34 / 100, right = w->cols - left - mid;
	int dis = body * 45 / 100, mem = body * 30 / 100;
	w->pane[UI_DISASM] = (struct rect){ 0, 0, left, dis };
	w->pane[UI_MEMORY] = (struct rect){ 0, dis, left, mem };
	int apic = (body - dis - mem) / 3;
	if (apic > 9)
		apic = 9;
	w->pane[UI_APIC] = (struct rect){ 0, dis + mem, left, apic };
	w->pane[UI_EVENTS] = (struct rect){ 0, dis + mem + apic, left, body - dis - mem - apic };
	int regs = 18, fpu = body > regs ? (body - regs) / 2 : 0;
	if (fpu > 23)
		fpu = 23;
	w->pane[UI_REGS] = (struct rect){ left, 0, mid, regs };
	w->pane[UI_FPU] = (struct rect){ left, regs, mid, fpu };
	w->pane[UI_SMM] = (struct rect){ left, regs + fpu, mid, body - regs - fpu };
	/* The screen keeps 720:400 (80x25 at 9x16 dots). */
	int screen = 1 + (right * w->cw * 400 / 720 + w->ch - 1) / w->ch;
	if (screen > body / 2)
		screen = body / 2;
	int x = left + mid, half = right / 2, rest = body - screen;
	w->pane[UI_SCREEN] = (struct rect){ x, 0, right, screen };
	w->pane[UI_STACK] = (struct rect){ x, screen, half, rest };
	w->pane[UI_POST] = (struct rect){ x + half, screen, right - half, rest / 3 };
	w->pane[UI_BREAKS] = (struct rect){ x + half, screen + rest / 3, right - half, rest - rest / 3 };
	w->pane[UI_CONSOLE] = (struct rect){ 0, body, w->cols, CONSOLE_ROWS };
	for (int p = 0; p < UI_PANE_COUNT; p++)
		w->u->pane[p].rows = w->pane[p].h > 1 ? (unsigned)w->pane[p].h - 1 : 1;
}

static bool load_glyphs(struct window *w)
{
	int n = LAST_GLYPH - FIRST_GLYPH + 1;
	if (TTF_GlyphMetrics(w->font, 'M', NULL, NULL, NULL, NULL, &w->cw) != 0)
		return false;
	w->ch = TTF_FontLineSkip(w->font);
	SDL_Surface *atlas = SDL_CreateRGBSurfaceWithFormat(0, n * w->cw, w->ch, 32,
							    SDL_PIXELFORMAT_ARGB8888);
	if (!atlas)
		return false;
	SDL_FillRect(atlas, NULL, SDL_MapRGBA(atlas->format, 255, 255, 255, 0));
	static const SDL_Color white = { 255, 255, 255, 255 };
	for (int k = 0; k < n; k++) {
		SDL_Surface *g = TTF_RenderGlyph_Blended(w->font, (uint16_t)(FIRST_GLYPH + k), white);
		if (!g)
			continue;
		SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_NONE);
		SDL_Rect to = { k * w->cw, 0, w->cw, w->ch };
		SDL_BlitSurface(g, NULL, atlas, &to);
		SDL_FreeSurface(g);
	}
	w->glyphs = SDL_CreateTextureFromSurface(w->renderer, atlas);
	SDL_FreeSurface(atlas);
	if (w->glyphs)
		SDL_SetTextureBlendMode(w->glyphs, SDL_BLENDMODE_BLEND);
	return w->glyphs != NULL;
}

static void fill_cells(struct window *w, int x, int y, int n, SDL_Color c)
{
	SDL_SetRenderDrawColor(w->renderer, c.r, c.g, c.b, c.a);
	SDL_Rect r = { x * w->cw, y * w->ch, n * w->cw, w->ch };
	SDL_RenderFillRect(w->renderer, &r);
}

/* Up to max characters of text at cell (x, y), the colour of each from
 * colors (or all in colour c when colors is NULL). */
static void draw_text(struct window *w, int x, int y, int max, const char *text,
		      const uint8_t *colors, enum ui_color c)
{
	for (int k = 0; k < max && text[k]; k++) {
		enum ui_color col = colors ? (enum ui_color)colors[k] : c;
		if (col == UI_CURRENT)
			fill_cells(w, x + k, y, 1, current_bg);
		else if (col == UI_CURSOR)
			fill_cells(w, x + k, y, 1, cursor_bg);
		unsigned char ch = (unsigned char)text[k];
		if (ch <= FIRST_GLYPH || ch > LAST_GLYPH)
			continue;
		SDL_Color fg = palette[col];
		SDL_SetTextureColorMod(w->glyphs, fg.r, fg.g, fg.b);
		SDL_Rect from = { (ch - FIRST_GLYPH) * w->cw, 0, w->cw, w->ch };
		SDL_Rect to = { (x + k) * w->cw, y * w->ch, w->cw, w->ch };
		SDL_RenderCopy(w->renderer, w->glyphs, &from, &to);
	}
}

static void draw_screen(struct window *w, struct rect r)
{
	const struct vga *v = &w->m->board->vga;
	if (!screen_pixels_draw(&w->pixels, v))
		return;
	int pw = (int)w->pixels.width, ph = (int)w->pixels.height;
	if (!w->screen || w->screen_w != pw || w->screen_h != ph) {
		if (w->screen)
			SDL_DestroyTexture(w->screen);
		w->screen = SDL_CreateTexture(w->renderer, SDL_PIXELFORMAT_ARGB8888,
					      SDL_TEXTUREACCESS_STREAMING, pw, ph);
		w->screen_w = pw;
		w->screen_h = ph;
		if (w->screen)  /* scaled down to the pane: smooth, so text stays legible */
			SDL_SetTextureScaleMode(w->screen, SDL_ScaleModeLinear);
	}
	if (!w->screen)
		return;
	SDL_UpdateTexture(w->screen, NULL, w->pixels.argb, pw * (int)sizeof(uint32_t));
	/* Scaled into the pane, keeping its aspect ratio. */
	int aw = r.w * w->cw, ah = (r.h - 1) * w->ch;
	int dw = aw, dh = aw * ph / pw;
	if (dh > ah) {
		dh = ah;
		dw = ah * pw / ph;
	}
	SDL_Rect to = { r.x * w->cw, (r.y + 1) * w->ch, dw, dh };
	SDL_RenderCopy(w->renderer, w->screen, NULL, &to);
}

static void draw_pane(struct window *w, enum ui_pane p)
{
	struct rect r = w->pane[p];
	const struct ui_pane_text *t = &w->u->pane[p];
	char title[300];
	snprintf(title, sizeof(title), " %s  %s", t->title, t->status);
	fill_cells(w, r.x, r.y, r.w, w->u->focus == p ? focus_bg : title_bg);
	draw_text(w, r.x, r.y, r.w - 1, title, NULL, UI_TEXT);
	if (p == UI_SCREEN) {
		draw_screen(w, r);
		return;
	}
	for (int k = 0; k + 1 < r.h && t->top + (unsigned)k < t->n; k++) {
		const struct ui_line *l = &t->line[t->top + (unsigned)k];
		draw_text(w, r.x + 1, r.y + 1 + k, r.w - 2, l->text, l->color, UI_TEXT);
	}
}

void ui_window_draw(struct window *w)
{
	SDL_SetRenderDrawColor(w->renderer, background.r, background.g, background.b, 255);
	SDL_RenderClear(w->renderer);
	for (int p = 0; p < UI_PANE_COUNT; p++)
		draw_pane(w, (enum ui_pane)p);
	const struct ui_model *u = w->u;
	char line[400];
	char mode[48];
	dbg_mode_name(dbg_mode_of(w->m->cpu), mode, sizeof(mode));
	if (u->running)
		snprintf(line, sizeof(line), " RUNNING  %.1f M instructions/s  instruction %llu  %s   "
			 "(Pause or Ctrl+C: break)", u->ips / 1e6,
			 (unsigned long long)w->m->cpu->icount, mode);
	else
		snprintf(line, sizeof(line), " instruction %llu  %s  |  %s",
			 (unsigned long long)w->m->cpu->icount, mode, u->status);
	fill_cells(w, 0, w->rows - 2, w->cols, u->running ? focus_bg : title_bg);
	draw_text(w, 0, w->rows - 2, w->cols, line, NULL,
		  strncmp(u->status, "error", 5) == 0 ? UI_BREAK : UI_TEXT);
	snprintf(line, sizeof(line), "(smmbox) %s_", u->cmd);
	draw_text(w, 0, w->rows - 1, w->cols, line, NULL, UI_TEXT);
	SDL_RenderPresent(w->renderer);
}

/* The pane at pixel (x, y), or UI_PANE_COUNT; its text line and column. */
static enum ui_pane pane_at(const struct window *w, int x, int y, int *line, int *col)
{
	int cx = x / w->cw, cy = y / w->ch;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		struct rect r = w->pane[p];
		if (cx >= r.x && cx < r.x + r.w && cy >= r.y && cy < r.y + r.h) {
			*line = cy - r.y - 1 + (int)w->u->pane[p].top;
			*col = cx - r.x - 1;
			return (enum ui_pane)p;
		}
	}
	return UI_PANE_COUNT;
}

static void key_down(struct window *w, const SDL_KeyboardEvent *k)
{
	struct ui_model *u = w->u;
	SDL_Keycode key = k->keysym.sym;
	bool ctrl = k->keysym.mod & KMOD_CTRL, shift = k->keysym.mod & KMOD_SHIFT;
	if (u->focus == UI_SCREEN && !(ctrl && key == SDLK_TAB)) {
		sdl_key_to_guest(&w->m->board->kbc, k->keysym.scancode, true);
		return;
	}
	size_t len = strlen(u->cmd);
	int page = (int)u->pane[u->focus].rows;
	switch (key) {
	case SDLK_F5: ui_model_action(u, shift ? UI_REVERSE_CONTINUE : UI_CONTINUE); break;
	case SDLK_F7: ui_model_action(u, UI_REVERSE_STEP); break;
	case SDLK_F9: ui_model_action(u, UI_TOGGLE_BREAK); break;
	case SDLK_F10: ui_model_action(u, ctrl ? UI_RUN_TO_CURSOR : UI_STEP_OVER); break;
	case SDLK_F11: ui_model_action(u, shift ? UI_STEP_OUT : UI_STEP_INTO); break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER: {
		char line[sizeof(u->cmd)];
		snprintf(line, sizeof(line), "%s", u->cmd);
		u->cmd[0] = 0;
		ui_model_command(u, line);
		if (u->quit)
			w->closed = true;
		break;
	}
	case SDLK_BACKSPACE:
		if (len)
			u->cmd[len - 1] = 0;
		break;
	case SDLK_ESCAPE: u->cmd[0] = 0; break;
	case SDLK_TAB: u->focus = (enum ui_pane)((u->focus + (shift ? UI_PANE_COUNT - 1 : 1)) %
						 UI_PANE_COUNT); break;
	case SDLK_UP:
	case SDLK_DOWN:
		if (len || u->focus == UI_CONSOLE)
			ui_model_recall(u, key == SDLK_UP ? -1 : 1);
		else
			ui_model_scroll(u, u->focus, key == SDLK_UP ? -1 : 1);
		break;
	case SDLK_PAGEUP: ui_model_scroll(u, u->focus, -page); break;
	case SDLK_PAGEDOWN: ui_model_scroll(u, u->focus, page); break;
	case SDLK_v: if (ctrl) ui_model_next_view(u); break;
	case SDLK_l: if (ctrl) ui_model_toggle_linear(u); break;
	default: break;
	}
}

static void mouse_down(struct window *w, int x, int y)
{
	int line, col;
	enum ui_pane p = pane_at(w, x, y, &line, &col);
	if (p == UI_PANE_COUNT)
		return;
	w->u->focus = p;
	if (line >= 0 && col >= 0)
		ui_model_click(w->u, p, (unsigned)line, (unsigned)col);
}

/* The wheel turned dy notches (up positive) over the pane under the
 * pointer: three lines a notch. */
static void wheel(struct window *w, const SDL_MouseWheelEvent *ev)
{
	int x, y, line, col;
#if SDL_VERSION_ATLEAST(2, 26, 0)
	x = ev->mouseX;
	y = ev->mouseY;
#else
	SDL_GetMouseState(&x, &y);
#endif
	int dy = ev->y;
	enum ui_pane p = pane_at(w, x, y, &line, &col);
	if (p != UI_PANE_COUNT)
		ui_model_scroll(w->u, p, -3 * dy);
}

static void resized(struct window *w)
{
	layout(w);
	ui_model_refresh(w->u);
}

/* An event while the window is idle. */
static void handle(struct window *w, const SDL_Event *ev)
{
	switch (ev->type) {
	case SDL_QUIT: w->closed = true; break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			resized(w);
		break;
	case SDL_KEYDOWN: key_down(w, &ev->key); break;
	case SDL_KEYUP:
		if (w->u->focus == UI_SCREEN)
			sdl_key_to_guest(&w->m->board->kbc, ev->key.keysym.scancode, false);
		break;
	case SDL_TEXTINPUT:
		if (w->u->focus != UI_SCREEN) {
			size_t len = strlen(w->u->cmd);
			snprintf(w->u->cmd + len, sizeof(w->u->cmd) - len, "%s", ev->text.text);
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.button == SDL_BUTTON_LEFT)
			mouse_down(w, ev->button.x, ev->button.y);
		break;
	case SDL_MOUSEWHEEL: wheel(w, &ev->wheel); break;
	default: break;
	}
}

static bool is_break_key(const SDL_KeyboardEvent *k)
{
	return k->keysym.sym == SDLK_PAUSE ||
	       (k->keysym.sym == SDLK_c && (k->keysym.mod & KMOD_CTRL));
}

/* Between slices of a run: the window's events (Break, closing, typing,
 * resizing; other keys wait for the stop), and a frame now and then with
 * the speed.  False stops the run. */
static bool poll_running(void *opaque)
{
	struct window *w = opaque;
	struct ui_model *u = w->u;
	SDL_Event ev;
	while (SDL_PollEvent(&ev)) {
		if (ev.type == SDL_QUIT) {
			w->closed = w->break_requested = true;
		} else if (ev.type == SDL_KEYDOWN && is_break_key(&ev.key)) {
			w->break_requested = true;
		} else if (ev.type == SDL_KEYDOWN || ev.type == SDL_KEYUP) {
			if (u->focus == UI_SCREEN)
				sdl_key_to_guest(&w->m->board->kbc, ev.key.keysym.scancode,
						 ev.type == SDL_KEYDOWN);
		} else if (ev.type == SDL_WINDOWEVENT || ev.type == SDL_TEXTINPUT ||
			   ev.type == SDL_MOUSEWHEEL) {
			handle(w, &ev);
		}
	}
	if (w->break_requested) {
		w->break_requested = false;
		return false;  /* the run stops: "interrupted (break)" */
	}
	double t = now_ns();
	if (!u->running || t - w->last_frame_ns < REDRAW_NS)
		return true;
	uint64_t icount = w->m->cpu->icount;
	if (w->last_frame_ns > 0 && icount >= w->last_frame_icount)
		u->ips = (double)(icount - w->last_frame_icount) * 1e9 / (t - w->last_frame_ns);
	w->run_frames = w->last_frame_ns > 0 ? w->run_frames + 1 : 1;
	w->last_frame_ns = t;
	w->last_frame_icount = icount;
	ui_model_refresh(u);
	ui_window_draw(w);
	/* The script's lines for the run, one a frame once it has shown two. */
	if (w->nduring > 0 && w->run_frames >= 2) {
		char line[sizeof(w->during_run[0])];
		snprintf(line, sizeof(line), "%s", w->during_run[0]);
		w->nduring--;
		memmove(w->during_run[0], w->during_run[1], w->nduring * sizeof(w->during_run[0]));
		ui_script_line(w, line);
	}
	return true;
}

bool ui_window_screenshot(struct window *w, const char *path)
{
	int width, height;
	ui_window_draw(w);
	SDL_GetRendererOutputSize(w->renderer, &width, &height);
	uint32_t *px = malloc((size_t)width * (size_t)height * 4);
	bool ok = px && SDL_RenderReadPixels(w->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, px,
					     width * 4) == 0 &&
		  png_write(path, px, (unsigned)width, (unsigned)height);
	free(px);
	return ok;
}

/* The size the window opens at where the display has room for it. */
#define WINDOW_WIDTH  1920
#define WINDOW_HEIGHT 1080

/* Shrink the (hidden) window to the usable area of the display it is on
 * (the desktop less panels and docks), its frame included where the
 * window system says how large that is, and place it inside that area,
 * so that no edge opens off the screen. */
static void fit_to_display(SDL_Window *window)
{
	SDL_Rect usable;
	int display = SDL_GetWindowDisplayIndex(window);
	if (display < 0 || SDL_GetDisplayUsableBounds(display, &usable) != 0)
		return;
	int top = 0, left = 0, bottom = 0, right = 0;
	if (SDL_GetWindowBordersSize(window, &top, &left, &bottom, &right) != 0)
		top = left = bottom = right = 0;
	int width = usable.w - left - right, height = usable.h - top - bottom;
	width = width < WINDOW_WIDTH ? width : WINDOW_WIDTH;
	height = height < WINDOW_HEIGHT ? height : WINDOW_HEIGHT;
	if (width < 200 || height < 200)
		return;
	SDL_SetWindowSize(window, width, height);
	SDL_SetWindowPosition(window, usable.x + left + (usable.w - left - right - width) / 2,
			      usable.y + top + (usable.h - top - bottom - height) / 2);
}

static bool open_window(struct window *w)
{
	char font[1024];
	if (!ui_font_find(font, sizeof(font))) {
		fprintf(stderr, "smmbox: --ui: %s\n", font);
		return false;
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "smmbox: cannot open the debugger window: %s\n", SDL_GetError());
		return false;
	}
	w->font = TTF_OpenFont(font, FONT_POINTS);
	if (!w->font) {
		fprintf(stderr, "smmbox: cannot open the font %s: %s\n", font, TTF_GetError());
		return false;
	}
	TTF_SetFontKerning(w->font, 0);
	w->sdl = SDL_CreateWindow("smmbox debugger", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
				  WINDOW_WIDTH, WINDOW_HEIGHT, SDL_WINDOW_RESIZABLE | SDL_WINDOW_HIDDEN);
	if (w->sdl) {
		fit_to_display(w->sdl);
		SDL_ShowWindow(w->sdl);
	}
	w->renderer = w->sdl ? SDL_CreateRenderer(w->sdl, -1, 0) : NULL;
	if (!w->renderer || !load_glyphs(w)) {
		fprintf(stderr, "smmbox: cannot open the debugger window: %s\n", SDL_GetError());
		return false;
	}
	SDL_StartTextInput();
	return true;
}

static void close_window(struct window *w)
{
	if (w->screen)
		SDL_DestroyTexture(w->screen);
	if (w->glyphs)
		SDL_DestroyTexture(w->glyphs);
	if (w->renderer)
		SDL_DestroyRenderer(w->renderer);
	if (w->sdl)
		SDL_DestroyWindow(w->sdl);
	if (w->font)
		TTF_CloseFont(w->font);
	screen_pixels_free(&w->pixels);
	ui_script_free(w);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
}

int ui_window_run(struct debugger *d, struct machine *m, const char *script)
{
	struct window w = { .m = m };
	if ((script && !ui_script_load(&w, script)) || !open_window(&w) ||
	    !(w.u = ui_model_new(d, m))) {
		close_window(&w);
		return 1;
	}
	m->poll = poll_running;
	m->poll_opaque = &w;
	layout(&w);
	ui_model_refresh(w.u);
	while (!w.closed) {
		ui_window_draw(&w);
		SDL_Event ev;
		bool pending = SDL_PeepEvents(&ev, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0;
		if (!pending && w.next_line < w.nscript) {
			ui_script_line(&w, w.script[w.next_line++]);
			continue;
		}
		if (!SDL_WaitEventTimeout(&ev, 100))
			continue;
		w.last_frame_ns = 0;
		handle(&w, &ev);
	}
	m->poll = NULL;
	ui_model_free(w.u);
	bool failed = w.script_failed;
	close_window(&w);
	return failed ? 1 : 0;
}
