/* The command-line debugger (--debug, --debug-script): gdb-like commands
 * with short forms on the debugger engine.  Addresses are hexadecimal
 * (0x optional), counts decimal. */
#ifndef SMMBOX_UI_DEBUG_CLI_H
#define SMMBOX_UI_DEBUG_CLI_H

#include <stdio.h>

#include "debug/debugger.h"

/* Read commands from in until quit or its end, echoing each one after
 * the prompt when echo is set (a script), and print to out.  Returns 0,
 * or 1 when a script command failed (the session goes on). */
int debug_cli_run(struct debugger *d, struct machine *m, FILE *in, FILE *out, bool echo);

/* One command line (the SDL window's command line), printing to out;
 * false when it was quit.  *failed tells whether it failed. */
bool debug_cli_command(struct debugger *d, struct machine *m, FILE *out, const char *line,
		       bool *failed);

/* What follows `break` (a breakpoint and its condition, as the command
 * takes them) into b; false with why (one line) when it does not parse. */
bool debug_cli_parse_break(const char *text, struct dbg_break *b, char *why, size_t size);

#endif
