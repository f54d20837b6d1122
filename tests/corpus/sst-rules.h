/* Where a 386 must differ from the 80286 the SingleStepTests vectors were
 * captured on: the rules that decide, per vector, whether it is run as
 * recorded, re-expected by the 386 rule, or skipped.  Each rule cites the
 * manual; tests/corpus/KNOWN-DIFFERENCES.md explains them. */
#ifndef SMMBOX_TESTS_CORPUS_SST_RULES_H
#define SMMBOX_TESTS_CORPUS_SST_RULES_H

#include <stdbool.h>
#include <stdint.h>

enum sst_rule {
	SST_RULE_NONE,      /* run and compare with the recorded state */
	SST_RULE_REVOKED,   /* skip: the hash is on upstream's revocation list */
	SST_RULE_LOCK_UD,   /* re-expect: LOCK on a non-lockable instruction */
	SST_RULE_LOCK_UD_IVT, /* skip: that #UD's frame would overwrite IVT 6 */
	SST_RULE_TOO_LONG,  /* skip: 10 < length <= 15 bytes */
	SST_RULE_COUNT
};

struct sst_rule_info {
	const char *what;   /* one line, for the summary */
	const char *manual; /* the section that states the 386 behaviour */
	bool skips;         /* true: not run; false: re-expected */
};

const struct sst_rule_info *sst_rule_info(enum sst_rule rule);

/* The length of the legacy prefixes at the start of bytes[0..n). */
unsigned sst_prefix_len(const uint8_t *bytes, unsigned n);

/* True when bytes[0..n) start with a LOCK prefix on an instruction the 386
 * does not allow it on (SDM Vol.2 "LOCK"): anything but the listed
 * read-modify-write instructions with a memory destination. */
bool sst_lock_faults(const uint8_t *bytes, unsigned n);

/* Which rule applies to a vector whose instruction bytes (the trailing
 * HLT included, as in a MOO BYTS chunk) are bytes[0..n).  Revocation is
 * the caller's business. */
enum sst_rule sst_classify(const uint8_t *bytes, unsigned n);

#endif
