/* The debugger window's panes, filled from the machine and the debugger
 * engine as lines of coloured text (ui_model.h has the types); only the
 * model (ui_model.c) uses this. */
#ifndef SMMBOX_UI_SDL_UI_PANES_H
#define SMMBOX_UI_SDL_UI_PANES_H

#include "ui/sdl/ui_model.h"

/* Fill every pane again; with follow, the disassembly moves to keep the
 * current instruction in sight (three lines above it when it can). */
void ui_panes_fill(struct ui_model *u, bool follow);
void ui_pane_fill_disasm(struct ui_model *u, bool follow);
void ui_pane_fill_memory(struct ui_model *u);

/* The registers, SMM and stack panes: their words that changed since the
 * last command are highlighted. */
bool ui_pane_tracks_changes(enum ui_pane p);

/* A new empty line at the end of p (NULL when out of memory). */
struct ui_line *ui_line_add(struct ui_pane_text *p);
/* Append printf-style text to l (nothing when l is NULL) in colour c,
 * clipped at UI_COLS. */
__attribute__((format(printf, 3, 4)))
void ui_line_put(struct ui_line *l, enum ui_color c, const char *fmt, ...);
/* text (many lines) as lines of p, in colour c; tabs become spaces and
 * other control characters dots. */
void ui_pane_add_text(struct ui_pane_text *p, const char *text, enum ui_color c);

/* The id of an execution breakpoint that stops at linear address lin
 * (CS:eip) now, or 0. */
int ui_break_at(const struct ui_model *u, uint32_t lin, uint32_t eip);

/* The memory pane's views, in the order its selector shows them. */
#define UI_MEMORY_VIEWS 4
extern const enum bus_view ui_memory_views[UI_MEMORY_VIEWS];
/* The memory pane's address now: its register's value when it follows
 * one (through DS, or SS for ESP and EBP, when linear). */
uint32_t ui_memory_address(const struct ui_model *u);

#endif
