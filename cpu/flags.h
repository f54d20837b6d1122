/* Lazy arithmetic flags: an ALU instruction stores its operands, result,
 * operation and size; CF, PF, AF, ZF, SF and OF are computed only when
 * something reads them.  Operations whose flags are awkward to defer
 * (shifts, multiplies, BCD) set them eagerly with flags_set(). */
#ifndef SMMBOX_CPU_FLAGS_H
#define SMMBOX_CPU_FLAGS_H

#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/lazy_flags.h"

static inline uint32_t size_mask(unsigned size)
{
	return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

/* Record a result; a, b are the source operands, already cut to size. */
static inline void flags_lazy(struct cpu *cpu, enum lazy_op op, unsigned size,
			      uint32_t res, uint32_t a, uint32_t b)
{
	cpu->lf.op = (uint8_t)op;
	cpu->lf.size = (uint8_t)size;
	cpu->lf.res = res & size_mask(size);
	cpu->lf.a = a;
	cpu->lf.b = b;
}

/* lazy_flags_arith(), out of line. */
uint32_t flags_arith_of(uint32_t eflags, const struct cpu_lazy_flags *lf);

static inline uint32_t flags_arith(const struct cpu *cpu)
{
	return flags_arith_of(cpu->eflags, &cpu->lf);
}

/* Make the arithmetic flags exactly `value & mask` (other arithmetic flags
 * keep their current values). */
void flags_set(struct cpu *cpu, uint32_t value, uint32_t mask);

static inline int flag_cf(const struct cpu *cpu)
{
	const struct cpu_lazy_flags *lf = &cpu->lf;
	switch (lf->op) {
	case LF_ADD: return lf->res < lf->a;
	case LF_SUB: return lf->a < lf->b;
	case LF_LOGIC: return 0;
	case LF_NONE: case LF_INC: case LF_DEC: return (cpu->eflags & FLAG_CF) != 0;
	default: return (flags_arith(cpu) & FLAG_CF) != 0;
	}
}

static inline int flag_zf(const struct cpu *cpu)
{
	return cpu->lf.op == LF_NONE ? (cpu->eflags & FLAG_ZF) != 0 : cpu->lf.res == 0;
}

uint8_t flags_parity(uint8_t v);

/* Evaluate condition code cc (0-15, the low nibble of Jcc/SETcc/CMOVcc);
 * the carry and zero conditions, the common ones, inline. */
int flags_cond_slow(const struct cpu *cpu, unsigned cc);

static inline int flags_cond(const struct cpu *cpu, unsigned cc)
{
	switch (cc >> 1) {
	case 1: return flag_cf(cpu) ^ (int)(cc & 1);
	case 2: return flag_zf(cpu) ^ (int)(cc & 1);
	default: return flags_cond_slow(cpu, cc);
	}
}

#endif
