/* The arithmetic core shared by the ADD..CMP forms, CMPS/SCAS, AAD and
 * the like: compute, and record the lazy flags. */
#ifndef SMMBOX_CPU_ALU_H
#define SMMBOX_CPU_ALU_H

#include "cpu/core.h"

/* Operations in ModRM.reg order of group 1. */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static inline uint32_t alu_op(struct cpu *cpu, unsigned op, unsigned size,
			      uint32_t a, uint32_t b)
{
	uint32_t m = size_mask(size), r, c;
	a &= m;
	b &= m;
	switch (op) {
	case ALU_ADD:
		r = (a + b) & m;
		flags_lazy(cpu, LF_ADD, size, r, a, b);
		return r;
	case ALU_ADC:
		c = (uint32_t)flag_cf(cpu);
		r = (a + b + c) & m;
		flags_lazy(cpu, LF_ADC, size, r, a, b);
		cpu->lf.carry_in = (uint8_t)c;
		return r;
	case ALU_SBB:
		c = (uint32_t)flag_cf(cpu);
		r = (a - b - c) & m;
		flags_lazy(cpu, LF_SBB, size, r, a, b);
		cpu->lf.carry_in = (uint8_t)c;
		return r;
	case ALU_SUB:
	case ALU_CMP:
		r = (a - b) & m;
		flags_lazy(cpu, LF_SUB, size, r, a, b);
		return r;
	case ALU_OR: r = a | b; break;
	case ALU_AND: r = a & b; break;
	default: r = a ^ b; break;
	}
	flags_lazy(cpu, LF_LOGIC, size, r, a, b); /* a, b: for comparison logging */
	return r;
}

#endif
