/* Lazy flags: see flags.h. */
#include "cpu/flags.h"

static const uint8_t parity_table[256] = {
#define P2(n) n, n ^ 1, n ^ 1, n
#define P4(n) P2(n), P2(n ^ 1), P2(n ^ 1), P2(n)
#define P6(n) P4(n), P4(n ^ 1), P4(n ^ 1), P4(n)
	P6(1), P6(0), P6(0), P6(1)
#undef P2
#undef P4
#undef P6
};

uint8_t flags_parity(uint8_t v)
{
	return parity_table[v];
}

static uint32_t add_flags(uint32_t a, uint32_t b, uint32_t res, uint32_t cin,
			  unsigned size)
{
	uint32_t sb = sign_bit(size), f = 0;
	if (res < a || (cin && res == a))
		f |= FLAG_CF;
	if ((a ^ res) & (b ^ res) & sb)
		f |= FLAG_OF;
	return f;
}

static uint32_t sub_flags(uint32_t a, uint32_t b, uint32_t res, uint32_t cin,
			  unsigned size)
{
	uint32_t sb = sign_bit(size), f = 0;
	if (a < b || (cin && a == b))
		f |= FLAG_CF;
	if ((a ^ b) & (a ^ res) & sb)
		f |= FLAG_OF;
	return f;
}

uint32_t flags_arith_of(uint32_t eflags, const struct cpu_lazy_flags *lf)
{
	if (lf->op == LF_NONE)
		return eflags & FLAGS_ARITH;
	uint32_t res = lf->res, a = lf->a, b = lf->b, f = 0;
	unsigned size = lf->size;
	switch (lf->op) {
	case LF_ADD: f = add_flags(a, b, res, 0, size); break;
	case LF_ADC: f = add_flags(a, b, res, lf->carry_in, size); break;
	case LF_SUB: f = sub_flags(a, b, res, 0, size); break;
	case LF_SBB: f = sub_flags(a, b, res, lf->carry_in, size); break;
	case LF_LOGIC: break;
	case LF_INC:
		f = (eflags & FLAG_CF) | (res == sign_bit(size) ? FLAG_OF : 0);
		break;
	case LF_DEC:
		f = (eflags & FLAG_CF) | (res == sign_bit(size) - 1 ? FLAG_OF : 0);
		break;
	}
	if (lf->op != LF_LOGIC && ((a ^ b ^ res) & 0x10))
		f |= FLAG_AF;
	if (res == 0)
		f |= FLAG_ZF;
	if (res & sign_bit(size))
		f |= FLAG_SF;
	if (parity_table[res & 0xFF])
		f |= FLAG_PF;
	return f;
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
