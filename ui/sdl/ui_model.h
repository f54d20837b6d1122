/* The debugger window's model: what each pane shows, as lines of text
 * with a colour for every character, built from the machine and the
 * debugger engine; the window's own state (the disassembly cursor, the
 * panes' scrolling, the memory pane's address and view, the command line
 * and its history); and what its keys and mouse do.
 *
 * No SDL here: ui/sdl/ui_window.c draws the model and turns input into these
 * calls, and the tests read the model with ui_model_dump().  Every action
 * that runs the guest is a command of the command-line debugger
 * (debug_cli.h), echoed into the console pane with its output, so the
 * window and --debug do exactly the same thing. */
#ifndef SMMBOX_UI_SDL_UI_MODEL_H
#define SMMBOX_UI_SDL_UI_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "debug/debugger.h"

enum ui_pane {
	UI_DISASM,    /* around the current instruction; breakpoints marked */
	UI_REGS,      /* registers, changed ones highlighted */
	UI_MEMORY,    /* hex and ASCII through a view, physical or linear */
	UI_SMM,       /* SMM state and the save-state map at SMBASE */
	UI_FPU,       /* the x87 stack and words, XMM0-7 and MXCSR; changed words highlighted */
	UI_APIC,      /* the local APIC and the I/O APIC in brief; changes highlighted */
	UI_STACK,     /* from SS:ESP */
	UI_BREAKS,    /* the breakpoints and their hits */
	UI_EVENTS,    /* SMIs, RSMs, I/O, interrupts, newest last */
	UI_POST,      /* the last POST codes, newest first */
	UI_SCREEN,    /* the guest's screen (pixels drawn by the window; here its text) */
	UI_CONSOLE,   /* commands and what they printed */
	UI_PANE_COUNT
};

/* "Disassembly", "Registers", ... in enum ui_pane order. */
extern const char *const ui_pane_titles[UI_PANE_COUNT];

enum ui_color {
	UI_TEXT,      /* plain */
	UI_DIM,       /* addresses, bytes, labels */
	UI_CHANGED,   /* a register that changed in the last step */
	UI_CURRENT,   /* the instruction about to run */
	UI_BREAK,     /* a breakpoint, an error */
	UI_SMM_MARK,  /* SMM, SMRAM */
	UI_CURSOR,    /* the disassembly cursor's line */
	UI_COLOR_COUNT
};

#define UI_COLS 200
#define UI_HISTORY 64

struct ui_line {
	char text[UI_COLS + 1];
	uint8_t color[UI_COLS];      /* enum ui_color of each character */
	uint32_t addr;               /* UI_DISASM: the linear address; UI_BREAKS: the id */
};

struct ui_pane_text {
	const char *title;
	char status[128];            /* shown after the title */
	struct ui_line *line;
	unsigned n, cap;
	unsigned top;                /* the first line shown */
	unsigned rows;               /* how many lines the window shows (set by it) */
};

struct ui_model {
	struct debugger *d;
	struct machine *m;
	struct ui_pane_text pane[UI_PANE_COUNT];
	enum ui_pane focus;              /* where the scroll keys go */

	/* The disassembly shows from CS:dis_top; the cursor is a linear
	 * address (F9, Ctrl+F10), 0 with no cursor line shown. */
	uint16_t dis_cs;
	uint32_t dis_top;
	uint32_t cursor;

	/* The memory pane: mem_addr, or the register mem_follow (0-7, or -1)
	 * with its segment (DS, or SS for ESP and EBP) when linear. */
	int mem_view;                    /* enum bus_view */
	bool mem_linear;
	int mem_follow;
	uint32_t mem_addr;

	/* The registers, SMM and stack panes as the last command started:
	 * the words that differ now are drawn as changed. */
	struct ui_pane_text before[UI_PANE_COUNT];

	char cmd[256];                   /* the command line being typed */
	char history[UI_HISTORY][256];
	unsigned nhistory, history_at;

	bool running;                    /* a command is running the guest */
	bool quit;                       /* quit was typed */
	char status[200];                /* the last stop, or what is running */
	double ips;                      /* while running: instructions a second */
};

/* A model of m under d, with every pane filled.  NULL when out of memory. */
struct ui_model *ui_model_new(struct debugger *d, struct machine *m);
void ui_model_free(struct ui_model *u);

/* Fill the panes again from the machine (after a run, or while one runs). */
void ui_model_refresh(struct ui_model *u);

/* Run one command line: the window's own (mem, help window) or any of
 * --debug's, echoed into the console with its output; the panes are
 * refreshed after it.  Typed lines go into the history. */
void ui_model_command(struct ui_model *u, const char *line);

/* The keys' actions, as commands: continue, next, stepi, finish, until
 * the cursor, reverse-step, reverse-continue, and the breakpoint at the
 * cursor set or deleted. */
enum ui_action {
	UI_CONTINUE, UI_STEP_OVER, UI_STEP_INTO, UI_STEP_OUT, UI_RUN_TO_CURSOR,
	UI_REVERSE_STEP, UI_REVERSE_CONTINUE, UI_TOGGLE_BREAK,
};
void ui_model_action(struct ui_model *u, enum ui_action a);

/* Scroll pane p by delta lines (the disassembly: move its cursor). */
void ui_model_scroll(struct ui_model *u, enum ui_pane p, int delta);
/* A click on line `line` (from the top of the pane's text) at column col:
 * in the disassembly's first three columns it toggles a breakpoint, else
 * it moves the cursor there; on the memory pane's title row it picks a
 * view or the address space (see the pane's status). */
void ui_model_click(struct ui_model *u, enum ui_pane p, unsigned line, unsigned col);
/* The memory pane's view and address space, cycled (keys and clicks). */
void ui_model_next_view(struct ui_model *u);
void ui_model_toggle_linear(struct ui_model *u);

/* The command-line history: dir -1 older, +1 newer, into u->cmd. */
void ui_model_recall(struct ui_model *u, int dir);

/* Every pane, as text: the status line (and the speed while running),
 * then a heading per pane with its status and the lines the window
 * shows, then all its lines; characters drawn in a colour other than plain or dim are
 * wrapped as {changed:...}, {current:...}, {break:...}, {smm:...},
 * {cursor:...}. */
void ui_model_dump(const struct ui_model *u, FILE *out);

#endif
