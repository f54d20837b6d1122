/* diffgen: random instruction sequences for the differential comparison
 * with QEMU (tests/diff/README).  Shared by diffgen.c (the ROM's layout,
 * the modes, the options) and diffgen_insn.c (the instruction bodies). */
#ifndef SMMBOX_DIFFGEN_H
#define SMMBOX_DIFFGEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A seed's reproducible stream of choices (splitmix64). */
struct rng {
	uint64_t state;
};

uint64_t rng_next(struct rng *r);
/* A number in [0, n), n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);

/* The mode a sequence runs in. */
enum seq_mode {
	MODE_REAL,       /* real mode, CS=F000, SS=0x1000, data 0x2000 */
	MODE_PM32_S32,   /* 32-bit code, 32-bit stack */
	MODE_PM32_S16,   /* 32-bit code, 16-bit stack, ESP's upper half set */
	MODE_PM16_S16,   /* 16-bit code, 16-bit stack */
	MODE_PM16_S32,   /* 16-bit code, 32-bit stack */
	MODE_PM32_ED32,  /* 32-bit code, expand-down 32-bit stack */
	MODE_PM16_ED16,  /* 16-bit code, expand-down 16-bit stack */
	MODE_COUNT
};

/* What one sequence's body may hold and where it runs. */
struct seq {
	struct rng rng;
	FILE *out;
	enum seq_mode mode;
	bool code32;     /* the code segment's D bit */
	bool user;       /* runs at CPL 3 */
	bool paging;     /* CR0.PG set (identity-mapped, one page not present) */
	bool fpu;        /* x87 instructions allowed (--fpu) */
	unsigned seq_id; /* for the labels */
	unsigned label;  /* next local label number */
	/* Forward labels not yet placed: each lands after a count of
	 * instructions still to come. */
	unsigned pending[8], pending_left[8], npending;
};

/* The selector names of the generated ROM (diffgen.c's preamble): the
 * stack segment of a protected mode and the code segment, at CPL 0 or 3. */
const char *diffgen_stack_selector(enum seq_mode mode, bool user);
const char *diffgen_code_selector(bool code32, bool user);

/* One NASM line of the sequence's body, indented (diffgen_insn.c). */
void line(struct seq *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number in [0, n) from the sequence's stream. */
static inline uint32_t pick(struct seq *s, uint32_t n)
{
	return rng_below(&s->rng, n);
}

/* A run of x87 instructions from FNINIT (--fpu): one unit of the
 * sequence, which no jump lands inside. */
void diffgen_fpu(struct seq *s);

/* Emit the sequence's body: n instructions chosen from its rng. */
void diffgen_body(struct seq *s, unsigned n);

#endif
