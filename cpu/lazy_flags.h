/* The lazy flag state's one meaning: which operation left it, and the
 * six arithmetic flags it stands for.  Inline, for the CPU (flags.c) and
 * for the log's step records (cpu/log.h), which carry EFLAGS after
 * every instruction that may set flags. */
#ifndef SMMBOX_CPU_LAZY_FLAGS_H
#define SMMBOX_CPU_LAZY_FLAGS_H

#include <stdint.h>

#include "cpu/cpu.h"

enum lazy_op {
	LF_NONE,  /* eflags' arithmetic bits are current */
	LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC,
};

static inline uint32_t sign_bit(unsigned size)
{
	return 1u << (8 * size - 1);
}

/* PF of a result: set when its low byte has an even number of ones (the
 * 16-bit constant holds the even-parity bit of each nibble value). */
static inline uint32_t lazy_flags_pf(uint32_t res)
{
	uint32_t x = (res ^ (res >> 4)) & 0xF;
	return (0x9669u >> x & 1) << 2;
}

/* The six arithmetic flags as EFLAGS bits, from the flag state eflags
 * and lf (struct cpu's, or a copy of them).  Inlined wherever it is
 * used: the CPU calls it through flags_arith_of(). */
static inline __attribute__((always_inline)) uint32_t lazy_flags_arith(uint32_t eflags, const struct cpu_lazy_flags *lf)
{
	if (lf->op == LF_NONE)
		return eflags & FLAGS_ARITH;
	uint32_t res = lf->res, a = lf->a, b = lf->b, sb = sign_bit(lf->size), f = 0;
	unsigned cin = lf->carry_in; /* meaningful for ADC and SBB only */
	switch (lf->op) {
	case LF_ADD:
		cin = 0;
		/* fall through */
	case LF_ADC:
		f = (res < a || (cin && res == a) ? FLAG_CF : 0) |
		    ((a ^ res) & (b ^ res) & sb ? FLAG_OF : 0);
		break;
	case LF_SUB:
		cin = 0;
		/* fall through */
	case LF_SBB:
		f = (a < b || (cin && a == b) ? FLAG_CF : 0) |
		    ((a ^ b) & (a ^ res) & sb ? FLAG_OF : 0);
		break;
	case LF_INC:
		f = (eflags & FLAG_CF) | (res == sb ? FLAG_OF : 0);
		break;
	case LF_DEC:
		f = (eflags & FLAG_CF) | (res == sb - 1 ? FLAG_OF : 0);
		break;
	default: /* LF_LOGIC: CF, OF and AF clear */
		break;
	}
	if (lf->op != LF_LOGIC)
		f |= (a ^ b ^ res) & FLAG_AF;
	return f | (res == 0 ? FLAG_ZF : 0) | (res & sb ? FLAG_SF : 0) | lazy_flags_pf(res);
}

/* The whole EFLAGS (cpu_eflags_of()). */
static inline __attribute__((always_inline)) uint32_t lazy_flags_eflags(uint32_t eflags, const struct cpu_lazy_flags *lf)
{
	return (eflags & ~FLAGS_ARITH) | lazy_flags_arith(eflags, lf) | 0x2;
}

#endif
