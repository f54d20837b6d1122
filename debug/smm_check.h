/* SMM checks (--smm-check): a sanitizer for SMI handlers, on the CPU's
 * event stream and the bus's views (docs/SMM-CHECKS.md).
 *
 * While the CPU is in SMM it watches every instruction fetch, read and
 * write (instruction-level events in SMM only: outside SMM the CPU runs at
 * full speed) and reports:
 *  - callout: an instruction fetched from outside SMRAM (and outside the
 *    ranges allowed), once each time execution leaves SMRAM;
 *  - write-outside / read-outside: a data access outside SMRAM, once for
 *    each instruction address in each SMI, marked tainted when the address
 *    lies less than 4 KiB above a general register's value at SMI entry (the
 *    registers the non-SMM side set: the saved state, the communication
 *    registers);
 *  - smram-leak: the views route SMRAM where the chipset's register says
 *    they must not (to the normal view while closed, to bus masters ever),
 *    checked after every PCI configuration write (the routing changes
 *    only then) and at the end.
 * For every SMI it writes a JSON object (cause, instructions in SMM, the
 * registers at entry and after RSM, the save-state fields the handler
 * changed, the writes outside SMRAM, the count of findings), and one for
 * every finding, to the report file. */
#ifndef SMMBOX_DEBUG_SMM_CHECK_H
#define SMMBOX_DEBUG_SMM_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/machine.h"

#define SMM_CHECK_MAX_ALLOW 16

struct smm_check_config {
	bool strict;          /* stop the run at the first finding */
	FILE *report;         /* JSON lines, or NULL */
	unsigned nallow;
	struct { uint32_t lo, hi; } allow[SMM_CHECK_MAX_ALLOW]; /* physical, inclusive */
};

struct smm_check;

/* Attach to m's CPU in front of its listener (passed every event on). */
struct smm_check *smm_check_new(struct machine *m, const struct smm_check_config *cfg);
/* Detach (the listener before it goes back), after a last check of the
 * views. */
void smm_check_free(struct smm_check *c);

/* Whether strict mode stopped the run at a finding (it stops it at every
 * one: a debugger session can go on). */
bool smm_check_stopped(const struct smm_check *c);
/* The finding that stopped the run last, once (NULL after, or if none):
 * a debugger's stop reason (debugger_set_stop_reason(), opaque the
 * struct smm_check). */
const char *smm_check_take_stop(void *opaque);
/* key: value lines for --stats. */
void smm_check_print_stats(const struct smm_check *c, FILE *out);

#endif
