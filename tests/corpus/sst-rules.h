/* Where a 386 must differ from the 80286 the SingleStepTests vectors were
 * captured on: the rules that decide, per vector, whether it is run as
 * recorded, re-expected by the 386 rule, or skipped.  Each rule cites the
 * manual; tests/corpus/KNOWN-DIFFERENCES.md explains them. */
#ifndef SMMBOX_TESTS_CORPUS_SST_RULES_H
#define SMMBOX_TESTS_CORPUS_SST_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/corpus/moo.h"
#include "tests/corpus/sst-x86.h"

enum sst_rule {
	SST_RULE_NONE,        /* run and compare with the recorded state */
	SST_RULE_REVOKED,     /* skip: the hash is on upstream's revocation list */
	SST_RULE_LOCK_UD,     /* re-expect: LOCK on a non-lockable instruction */
	SST_RULE_TOO_LONG,    /* skip: 10 < length <= 15 bytes */
	SST_RULE_SS_FAULT,    /* re-expect: SS limit fault is #SS, not 13 */
	SST_RULE_DWORD_WRAP,  /* re-expect: 4-byte operand at 0xFFFE faults */
	SST_RULE_RESTARTABLE, /* re-expect: fault leaves no partial update */
	SST_RULE_MOV_FS_GS,   /* re-expect: 8C/8E with reg 4, 5 move FS/GS */
	SST_RULE_DIVIDE,      /* re-expect: #DE the 286 missed */
	SST_RULE_UNJUDGED,    /* skip: the re-expectation cannot be set up */
	SST_RULE_COUNT
};

struct sst_rule_info {
	const char *what;   /* one line, for the summary */
	const char *manual; /* the section that states the 386 behaviour */
	bool skips;         /* true: not run; false: re-expected */
};

const struct sst_rule_info *sst_rule_info(enum sst_rule rule);

/* How a vector is judged. */
enum sst_judge {
	SST_AS_RECORDED,  /* INIT overlaid with FINA */
	SST_AS_FAULT,     /* the 386 faults on the instruction (see below) */
	SST_AS_MOV_SREG,  /* the 386 executes MOV to/from FS or GS */
	SST_AS_SKIP,
};

struct sst_plan {
	enum sst_rule rule;
	enum sst_judge judge;
	/* SST_AS_FAULT: the vector, and whether the 286 took the same one (so
	 * the IVT entry and handler in INIT serve); for string instructions,
	 * the state is the recorded one with SI, DI and CX of the faulting
	 * iteration, otherwise the INIT state. */
	uint8_t vector;
	bool recorded_vector;
	struct sst_fault fault;
	struct sst_insn insn;
};

/* True when bytes[0..n) start with a LOCK prefix on an instruction the 386
 * does not allow it on (SDM Vol.2A "LOCK"): anything but the listed
 * read-modify-write instructions with a memory destination. */
bool sst_lock_faults(const uint8_t *bytes, unsigned n);

/* Decide how vector t is judged on a 386.  A plan with rule
 * SST_RULE_NONE and judge SST_AS_FAULT is a fault both CPUs take; the
 * caller compares the two expectations and applies
 * SST_RULE_RESTARTABLE when the 286's recorded state differs.
 * Revocation is the caller's business. */
void sst_plan_vector(const struct moo_test *t, struct sst_plan *plan);

#endif
