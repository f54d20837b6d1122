/* SMI fuzzing: boot the firmware once to a fuzz point and take a
 * snapshot there; then each execution goes back to it, applies an input
 * as the layout says (fuzz/input.h), raises the SMI and runs until RSM has
 * returned or a budget of instructions runs out, and says what the
 * oracles found: the SMM checks' findings (debug/smm_check.h), a
 * shutdown or triple fault, an invalid state restored by RSM, a handler
 * that does not return.  docs/FUZZING.md is the user's side. */
#ifndef SMMBOX_FUZZ_FUZZ_H
#define SMMBOX_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "debug/debugger.h"
#include "debug/smm_check.h"
#include "fuzz/layout.h"
#include "fuzz/probe.h"
#include "machine/machine.h"

/* What an execution found (bits): the SMM checks' kinds, and these. */
enum fuzz_finding {
	FUZZ_CALLOUT = SMM_FINDING_CALLOUT,
	FUZZ_WRITE_OUTSIDE = SMM_FINDING_WRITE_OUTSIDE,
	FUZZ_READ_OUTSIDE = SMM_FINDING_READ_OUTSIDE,
	FUZZ_SMRAM_LEAK = SMM_FINDING_SMRAM_LEAK,
	FUZZ_SHUTDOWN = 1u << 4,   /* a triple fault or an exception loop in SMM */
	FUZZ_BAD_RSM = 1u << 5,    /* RSM restored an invalid state */
	FUZZ_TIMEOUT = 1u << 6,    /* still in SMM when the budget ran out, or halted there */
};
#define FUZZ_FINDING_KINDS 7

const char *fuzz_finding_name(unsigned kind);
/* A comma-separated list of kinds' names into bits; false (naming the
 * word at fault in why) when a word is none of them. */
bool fuzz_finding_parse(const char *text, unsigned *kinds, char *why, size_t size);

/* Where the snapshot is taken. */
enum fuzz_point_kind {
	FUZZ_AT_STOP,    /* where the guest first halts, or at --max-insns */
	FUZZ_AT_INSN,    /* before instruction index insn */
	FUZZ_AT_BREAK,   /* where the breakpoint brk first stops the run */
};

/* Instructions an execution may run unless --fuzz-budget says. */
#define FUZZ_DEFAULT_BUDGET 1000000u

struct fuzz_config {
	enum fuzz_point_kind at;
	uint64_t insn;
	struct dbg_break brk;
	uint64_t max_insns;          /* FUZZ_AT_STOP's bound (0: none) */
	struct fuzz_layout layout;
	uint64_t budget;             /* instructions one execution may run */
	unsigned ignore;             /* FUZZ_* kinds that are not findings */
	struct smm_check_config check; /* allowed code, the report (its buffers come from the layout) */
	/* Each execution runs in a fresh fork of the process at the fuzz
	 * point (AFL++'s fork mode): no snapshot is kept, which keeps the
	 * process, and so each fork, smaller; only one execution may run. */
	bool forked;
};

/* What one execution did. */
struct fuzz_result {
	bool smi;                    /* an SMI was taken */
	bool returned;               /* RSM returned from it */
	unsigned finding;            /* 0, or the FUZZ_* kind of the first finding */
	uint64_t icount;             /* the finding's instruction (index from power-on) */
	uint16_t cs;
	uint32_t eip;
	uint32_t address;            /* of the access or fetch, where there is one */
	uint64_t instructions;       /* the execution ran */
	char line[200];              /* the finding in words */
};

struct fuzzer;

/* A fuzzer on m (fresh from machine_new(board) at power-on); NULL after
 * a one-line error (out of memory, more memory items than the SMM checks
 * take as buffers). */
struct fuzzer *fuzzer_new(struct machine *m, const struct board_config *board,
			  const struct fuzz_config *cfg);
void fuzzer_free(struct fuzzer *f);

/* Boot to the fuzz point and take the snapshot (once).  Findings before
 * it are reported then (on stderr, or in the report), and never charged
 * to an input.  A fuzz point inside SMM, or with the guest's own SMI
 * pending, moves on to the first instruction after that handler's RSM.  False after a one-line error: the point was
 * never reached, or the guest shut down or reset before it. */
bool fuzzer_reach_point(struct fuzzer *f);
/* The instruction index of the fuzz point. */
uint64_t fuzzer_point(const struct fuzzer *f);

/* One execution of input (len bytes), from the snapshot. */
void fuzzer_execute(struct fuzzer *f, const uint8_t *input, size_t len, struct fuzz_result *r);
/* Put the machine back at the fuzz point, with input applied and the SMI
 * raised but not yet taken: for a debugger to take over (replay). */
void fuzzer_prepare(struct fuzzer *f, const uint8_t *input, size_t len);

/* Take the fuzzer's listeners (its probe and the SMM checks) off the CPU,
 * leaving the machine as it is, for a debugger to take over after
 * fuzzer_prepare(); nothing may be executed after. */
void fuzzer_detach(struct fuzzer *f);

/* The listener that counts coverage (maps, block records). */
struct fuzz_probe *fuzzer_probe(struct fuzzer *f);

#endif
