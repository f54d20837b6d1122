/* The window's scripted input (--ui-script); see ui_window.h for the
 * commands and ui_window_internal.h for the contract. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/sdl/ui_window_internal.h"

static enum ui_pane pane_named(const char *name)
{
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		const char *title = ui_pane_titles[p];
		size_t len = strcspn(title, " ");
		if (strlen(name) == len && strncasecmp(name, title, len) == 0)
			return (enum ui_pane)p;
	}
	return UI_PANE_COUNT;
}

static bool push_key(const char *spec)
{
	SDL_Event ev = { 0 };
	Uint16 mod = 0;
	for (;;) {
		if (strncasecmp(spec, "ctrl+", 5) == 0)
			mod |= KMOD_LCTRL, spec += 5;
		else if (strncasecmp(spec, "shift+", 6) == 0)
			mod |= KMOD_LSHIFT, spec += 6;
		else
			break;
	}
	SDL_Keycode key = SDL_GetKeyFromName(spec);
	if (key == SDLK_UNKNOWN)
		return false;
	ev.key.keysym.sym = key;
	ev.key.keysym.scancode = SDL_GetScancodeFromKey(key);
	ev.key.keysym.mod = mod;
	ev.type = SDL_KEYDOWN;
	ev.key.state = SDL_PRESSED;
	SDL_PushEvent(&ev);
	ev.type = SDL_KEYUP;
	ev.key.state = SDL_RELEASED;
	SDL_PushEvent(&ev);
	return true;
}

static void push_text(const char *text)
{
	while (*text) {
		SDL_Event ev = { .type = SDL_TEXTINPUT };
		size_t n = strlen(text);
		if (n >= sizeof(ev.text.text))
			n = sizeof(ev.text.text) - 1;
		memcpy(ev.text.text, text, n);
		SDL_PushEvent(&ev);
		text += n;
	}
}

__attribute__((format(printf, 2, 3)))
static bool script_error(struct window *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "smmbox: --ui-script line %u: ", w->next_line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	w->script_failed = w->closed = true;
	return false;
}

bool ui_script_line(struct window *w, char *line)
{
	line[strcspn(line, "\r\n")] = 0;
	char *cmd = line + strspn(line, " \t");
	if (!*cmd || *cmd == '#')
		return true;
	char *arg = cmd + strcspn(cmd, " \t");
	if (*arg)
		*arg++ = 0;
	arg += strspn(arg, " \t");
	if (strcmp(cmd, "key") == 0) {
		if (!push_key(arg))
			return script_error(w, "unknown key %s", arg);
	} else if (strcmp(cmd, "type") == 0) {
		push_text(arg);
	} else if (strcmp(cmd, "click") == 0 || strcmp(cmd, "wheel") == 0) {
		char name[32];
		int a = 0, b = 0;
		int n = sscanf(arg, "%31s %d %d", name, &a, &b);
		enum ui_pane p = n >= 2 ? pane_named(name) : UI_PANE_COUNT;
		if (p == UI_PANE_COUNT || (cmd[0] == 'c' && n != 3))
			return script_error(w, "%s: expected a pane and %s", cmd,
					    cmd[0] == 'c' ? "a line and column" : "a count");
		struct rect r = w->pane[p];
		SDL_Event ev = { 0 };
		if (cmd[0] == 'c') {
			ev.type = SDL_MOUSEBUTTONDOWN;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.x = (r.x + 1 + b) * w->cw + w->cw / 2;
			ev.button.y = (r.y + 1 + a - (int)w->u->pane[p].top) * w->ch + w->ch / 2;
			SDL_PushEvent(&ev);
		} else {
			ev.type = SDL_MOUSEWHEEL;
			ev.wheel.y = -a;
#if SDL_VERSION_ATLEAST(2, 26, 0)
			ev.wheel.mouseX = (r.x + 1) * w->cw;
			ev.wheel.mouseY = (r.y + 1) * w->ch;
#else
			SDL_WarpMouseInWindow(w->sdl, (r.x + 1) * w->cw, (r.y + 1) * w->ch);
#endif
			SDL_PushEvent(&ev);
		}
	} else if (strcmp(cmd, "resize") == 0) {
		int width, height;
		if (sscanf(arg, "%d %d", &width, &height) != 2 || width < 200 || height < 200)
			return script_error(w, "resize: expected a width and height of 200 or more");
		SDL_SetWindowSize(w->sdl, width, height);
		SDL_Event ev = { .type = SDL_WINDOWEVENT };
		ev.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
		ev.window.data1 = width;
		ev.window.data2 = height;
		SDL_PushEvent(&ev);
	} else if (strcmp(cmd, "during-run") == 0) {
		if (w->nduring == sizeof(w->during_run) / sizeof(w->during_run[0]))
			return script_error(w, "during-run: at most 8 lines a run");
		snprintf(w->during_run[w->nduring++], sizeof(w->during_run[0]), "%s", arg);
	} else if (strcmp(cmd, "dump") == 0) {
		FILE *f = fopen(arg, "w");
		if (!f)
			return script_error(w, "cannot create %s", arg);
		ui_model_dump(w->u, f);
		fclose(f);
	} else if (strcmp(cmd, "screenshot") == 0) {
		if (!ui_window_screenshot(w, arg))
			return script_error(w, "cannot write the screenshot %s", arg);
	} else if (strcmp(cmd, "quit") == 0) {
		w->closed = true;
	} else {
		return script_error(w, "unknown command %s", cmd);
	}
	return true;
}

bool ui_script_load(struct window *w, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "smmbox: cannot open --ui-script %s\n", path);
		return false;
	}
	char line[512];
	bool ok = true;
	while (ok && fgets(line, sizeof(line), f)) {
		char **more = realloc(w->script, (w->nscript + 1) * sizeof(*more));
		ok = more && (more[w->nscript] = strdup(line)) != NULL;
		if (more)
			w->script = more;
		if (ok)
			w->nscript++;
	}
	fclose(f);
	if (!ok)
		fprintf(stderr, "smmbox: out of memory reading --ui-script %s\n", path);
	return ok;
}

void ui_script_free(struct window *w)
{
	for (unsigned k = 0; k < w->nscript; k++)
		free(w->script[k]);
	free(w->script);
	w->script = NULL;
	w->nscript = 0;
}
