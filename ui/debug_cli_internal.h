/* What the command-line debugger's files share (debug_cli.c: parsing,
 * the command table and running commands; debug_cli_info.c: the `info`
 * commands): the session a command runs in, the way a command fails,
 * and the handlers the table names.  Not for other front ends. */
#ifndef SMMBOX_UI_DEBUG_CLI_INTERNAL_H
#define SMMBOX_UI_DEBUG_CLI_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "debug/debugger.h"
#include "machine/machine.h"

struct session {
	struct debugger *d;
	struct machine *m;
	FILE *out;
	bool failed;
};

/* Print "error: " and the message as one line; the command failed. */
__attribute__((format(printf, 2, 3)))
void cli_fail(struct session *s, const char *fmt, ...);

/* A condition's comparisons, as written: ==, !=, <, <=, >, >=. */
#define CLI_COND_OPS 6
extern const char *const cli_cond_ops[CLI_COND_OPS];

/* The `info` commands and `registers`: arg holds the n words after the
 * command's name. */
void cli_info_breaks(struct session *s, char **arg, int n);
void cli_info_registers(struct session *s, char **arg, int n);
void cli_info_fpu(struct session *s, char **arg, int n);
void cli_info_sse(struct session *s, char **arg, int n);
void cli_info_msr(struct session *s, char **arg, int n);
void cli_info_smm(struct session *s, char **arg, int n);
void cli_info_chipset(struct session *s, char **arg, int n);
void cli_info_snapshots(struct session *s, char **arg, int n);
void cli_info_apic(struct session *s, char **arg, int n);
void cli_info_ioapic(struct session *s, char **arg, int n);

#endif
