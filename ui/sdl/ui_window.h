/* The SDL2 debugger window (--ui): the panes of ui_model.h drawn with
 * SDL2_ttf, the guest's screen beside them, keys and mouse turned into
 * the model's actions, and the guest run without freezing the window
 * (the machine polls the window between slices; Pause or Ctrl+C stops a
 * run at once).
 *
 * A script (--ui-script) drives the window as a person would, for tests
 * and demos: one command a line, each run once the window is idle (the
 * previous key's run has stopped):
 *   key [ctrl+][shift+]NAME   press and release a key (SDL's key names:
 *                             F5, Return, Tab, Pause, A...)
 *   type TEXT                 type TEXT on the command line
 *   click PANE LINE COL       click the pane's line (from its first text
 *                             line, 0-based) at column COL
 *   wheel PANE N              turn the mouse wheel N notches down over the
 *                             pane (negative: up), three lines a notch
 *   resize W H                resize the window
 *   during-run LINE           do LINE while the next run is running, once
 *                             it has shown two frames (up to 8 lines, one
 *                             a frame)
 *   dump FILE                 write ui_model_dump() of the model to FILE
 *   screenshot FILE           write what the window shows as a PNG
 *   quit                      close the window
 * PANE is a pane's title in lower case, first word (disassembly,
 * registers, memory, smm, stack, breakpoints, events, post, screen,
 * console). */
#ifndef SMMBOX_UI_SDL_UI_WINDOW_H
#define SMMBOX_UI_SDL_UI_WINDOW_H

#include "debug/debugger.h"

/* Run the window on d until it is closed or quit is typed.  0, or 1 with
 * one line on stderr when it cannot open or a script line is wrong. */
int ui_window_run(struct debugger *d, struct machine *m, const char *script);

#endif
