/* Lazy flags: see flags.h. */
#include "cpu/flags.h"

uint8_t flags_parity(uint8_t v)
{
	return (uint8_t)(lazy_flags_pf(v) >> 2);
}

uint32_t flags_arith_of(uint32_t eflags, const struct cpu_lazy_flags *lf)
{
	return lazy_flags_arith(eflags, lf);
}

void flags_set(struct cpu *cpu, uint32_t value, uint32_t mask)
{
	uint32_t cur = (mask & FLAGS_ARITH) == FLAGS_ARITH ? 0 : flags_arith(cpu);
	cpu->eflags = (cpu->eflags & ~FLAGS_ARITH) | (cur & ~mask) | (value & mask & FLAGS_ARITH);
	cpu->lf.op = LF_NONE;
}

int flags_cond_slow(const struct cpu *cpu, unsigned cc)
{
	int r;
	switch (cc >> 1) {
	case 0: r = (flags_arith(cpu) & FLAG_OF) != 0; break;
	case 1: r = flag_cf(cpu); break;
	case 2: r = flag_zf(cpu); break;
	case 3: r = flag_cf(cpu) || flag_zf(cpu); break;
	case 4: r = (flags_arith(cpu) & FLAG_SF) != 0; break;
	case 5: r = (flags_arith(cpu) & FLAG_PF) != 0; break;
	case 6: {
		uint32_t f = flags_arith(cpu);
		r = !(f & FLAG_SF) != !(f & FLAG_OF);
		break;
	}
	default: {
		uint32_t f = flags_arith(cpu);
		r = (f & FLAG_ZF) || (!(f & FLAG_SF) != !(f & FLAG_OF));
		break;
	}
	}
	return r ^ (int)(cc & 1);
}
