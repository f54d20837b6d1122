/* SMM checks (--smm-check): a sanitizer for SMI handlers, on the CPU's
 * event stream and the bus's views (docs/SMM-CHECKS.md).
 *
 * While the CPU is in SMM it watches every instruction fetch, read and
 * write (instruction-level events in SMM only: outside SMM the CPU runs at
 * full speed) and reports:
 *  - callout: an instruction fetched from outside SMRAM (and outside the
 *    ranges allowed), once each time execution leaves SMRAM;
 *  - write-outside / read-outside: a data access outside SMRAM and the
 *    buffers by an instruction fetched from SMRAM or an allowed range (what
 *    a callout's code accesses is its callout's), once for each
 *    instruction address in each SMI, marked tainted when the address
 *    lies less than 4 KiB above a general register's value at SMI entry (the
 *    registers the non-SMM side set: the saved state, the communication
 *    registers);
 *  - smram-leak: the views route SMRAM where the chipset's register says
 *    they must not (to the normal view while closed, to bus masters ever),
 *    checked after every PCI configuration write through ports
 *    0xCF8-0xCFF, at SMI entry and RSM when the views changed since (ECAM
 *    writes), and at the end.
 * SMRAM is what the chipset routes as SMRAM at the time of the access
 * (board_inspect_smram(), asked again whenever the bus's views change).
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
#define SMM_CHECK_MAX_BUFFERS 16

/* What a finding is (bits, for smm_check_config.ignore). */
enum smm_finding_kind {
	SMM_FINDING_CALLOUT = 1u << 0,
	SMM_FINDING_WRITE_OUTSIDE = 1u << 1,
	SMM_FINDING_READ_OUTSIDE = 1u << 2,
	SMM_FINDING_SMRAM_LEAK = 1u << 3,
};

/* A range of physical addresses, inclusive. */
struct smm_check_range {
	uint32_t lo, hi;
};

/* One finding, as the on_finding callback gets it. */
struct smm_finding {
	enum smm_finding_kind kind;
	uint64_t icount;      /* the instruction it is about (before it ran) */
	uint16_t cs;
	uint32_t eip;
	uint32_t address;     /* the fetch's or the access's physical address */
	const char *line;     /* in words, one line */
};

struct smm_check_config {
	bool strict;          /* stop the run at the first finding */
	FILE *report;         /* JSON lines, or NULL */
	unsigned nallow;
	struct smm_check_range allow[SMM_CHECK_MAX_ALLOW];
	/* Communication buffers (physical, inclusive): the handler's data
	 * accesses there are its job, not findings. */
	unsigned nbuffers;
	struct smm_check_range buffer[SMM_CHECK_MAX_BUFFERS];
	/* Follow EDK2's SMM communication protocol: at each SMI entry the SMM
	 * core's private data (found by its signature in RAM the OS sees) and
	 * the communication buffer it names for this SMI are buffers too. */
	bool edk2;
	unsigned ignore;      /* SMM_FINDING_* kinds neither reported nor counted */
	/* Called for each finding (after its report line), or NULL. */
	void (*on_finding)(void *opaque, const struct smm_finding *f);
	void *finding_opaque;
};

struct smm_check;

/* Attach to m's CPU in front of its listener (passed every event on). */
struct smm_check *smm_check_new(struct machine *m, const struct smm_check_config *cfg);
/* Detach (the listener before it goes back), after a last check of the
 * views. */
void smm_check_free(struct smm_check *c);

/* The checks' own state (the SMI in progress, the totals, what was
 * reported once), to go back to with a machine snapshot: the fuzzer puts
 * both back before each execution, so that an execution's findings do
 * not depend on the ones before it. */
size_t smm_check_state_size(void);
void smm_check_state_save(const struct smm_check *c, void *out);
void smm_check_state_restore(struct smm_check *c, const void *in);

/* Where the JSON lines go from now on (NULL: the findings as lines on
 * stderr). */
void smm_check_set_report(struct smm_check *c, FILE *report);

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
