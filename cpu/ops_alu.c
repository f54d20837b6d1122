/* Integer arithmetic and logic: ADD..CMP, TEST, INC/DEC, NEG/NOT,
 * MUL/IMUL/DIV/IDIV, CMPXCHG, XADD, sign extensions. */
#include "cpu/alu.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"

/* The ALU forms, specialised per operation at compile time: each of
 * ADD OR ADC SBB AND SUB XOR CMP gets its own E,G / G,E / A,I / E,I
 * handler so that the operation folds into the handler. */
CPU_INLINE int alu_E_G(struct cpu *cpu, const struct insn *i, unsigned op)
{
	unsigned size = i->osize;
	uint32_t a, b = reg_get(cpu, i->reg, size);
	if (i->mod == 3) {
		if (size == 4) {
			uint32_t r = alu_op(cpu, op, 4, cpu->reg[i->rm], b);
			if (op != ALU_CMP)
				cpu->reg[i->rm] = r;
			return R_NEXT;
		}
		a = reg_get(cpu, i->rm, size);
		uint32_t r = alu_op(cpu, op, size, a, b);
		if (op != ALU_CMP)
			reg_set(cpu, i->rm, size, r);
		return R_NEXT;
	}
	uint32_t off = insn_ea(cpu, i);
	if (op == ALU_CMP) {
		if (mem_read(cpu, i->seg, off, size, &a))
			return R_FAULT;
		alu_op(cpu, op, size, a, b);
		return R_NEXT;
	}
	if (seg_check(cpu, i->seg, off, size, SEGACC_WRITE) ||
	    mem_read(cpu, i->seg, off, size, &a))
		return R_FAULT;
	struct cpu_lazy_flags saved = cpu->lf;
	uint32_t r = alu_op(cpu, op, size, a, b);
	if (mem_write(cpu, i->seg, off, size, r)) {
		cpu->lf = saved;
		return R_FAULT;
	}
	return R_NEXT;
}

CPU_INLINE int alu_G_E(struct cpu *cpu, const struct insn *i, unsigned op)
{
	unsigned size = i->osize;
	uint32_t b;
	if (i->mod == 3 && size == 4) {
		uint32_t r = alu_op(cpu, op, 4, cpu->reg[i->reg], cpu->reg[i->rm]);
		if (op != ALU_CMP)
			cpu->reg[i->reg] = r;
		return R_NEXT;
	}
	if (rm_read(cpu, i, size, &b))
		return R_FAULT;
	uint32_t r = alu_op(cpu, op, size, reg_get(cpu, i->reg, size), b);
	if (op != ALU_CMP)
		reg_set(cpu, i->reg, size, r);
	return R_NEXT;
}

CPU_INLINE int alu_A_I(struct cpu *cpu, const struct insn *i, unsigned op)
{
	unsigned size = i->osize;
	uint32_t r = alu_op(cpu, op, size, reg_get(cpu, R_EAX, size), i->imm);
	if (op != ALU_CMP)
		reg_set(cpu, R_EAX, size, r);
	return R_NEXT;
}

CPU_INLINE int alu_E_I(struct cpu *cpu, const struct insn *i, unsigned op)
{
	unsigned size = i->osize;
	uint32_t a;
	if (i->mod == 3) {
		if (size == 4) {
			uint32_t r = alu_op(cpu, op, 4, cpu->reg[i->rm], i->imm);
			if (op != ALU_CMP)
				cpu->reg[i->rm] = r;
			return R_NEXT;
		}
		uint32_t r = alu_op(cpu, op, size, reg_get(cpu, i->rm, size), i->imm);
		if (op != ALU_CMP)
			reg_set(cpu, i->rm, size, r);
		return R_NEXT;
	}
	if (op == ALU_CMP) {
		if (rm_read(cpu, i, size, &a))
			return R_FAULT;
		alu_op(cpu, op, size, a, i->imm);
		return R_NEXT;
	}
	if (rm_read_rmw(cpu, i, size, &a))
		return R_FAULT;
	struct cpu_lazy_flags saved = cpu->lf;
	uint32_t r = alu_op(cpu, op, size, a, i->imm);
	if (rm_write(cpu, i, size, r)) {
		cpu->lf = saved;
		return R_FAULT;
	}
	return R_NEXT;
}

/* Register forms (ModRM.mod == 3), chosen at decode time: no memory path,
 * so no segment or TLB code in them. */
CPU_INLINE int alu_R_R(struct cpu *cpu, unsigned dst, unsigned src, unsigned size,
		       unsigned op)
{
	if (size == 4) {
		uint32_t r = alu_op(cpu, op, 4, cpu->reg[dst], cpu->reg[src]);
		if (op != ALU_CMP)
			cpu->reg[dst] = r;
		return R_NEXT;
	}
	uint32_t r = alu_op(cpu, op, size, reg_get(cpu, dst, size), reg_get(cpu, src, size));
	if (op != ALU_CMP)
		reg_set(cpu, dst, size, r);
	return R_NEXT;
}

CPU_INLINE int alu_R_I(struct cpu *cpu, const struct insn *i, unsigned op)
{
	if (i->osize == 4) {
		uint32_t r = alu_op(cpu, op, 4, cpu->reg[i->rm], i->imm);
		if (op != ALU_CMP)
			cpu->reg[i->rm] = r;
		return R_NEXT;
	}
	uint32_t r = alu_op(cpu, op, i->osize, reg_get(cpu, i->rm, i->osize), i->imm);
	if (op != ALU_CMP)
		reg_set(cpu, i->rm, i->osize, r);
	return R_NEXT;
}

#define ALU_HANDLERS(name, OP)                                              \
	HANDLER(op_##name##_E_G) { return alu_E_G(cpu, i, OP); }            \
	HANDLER(op_##name##_G_E) { return alu_G_E(cpu, i, OP); }            \
	HANDLER(op_##name##_A_I) { return alu_A_I(cpu, i, OP); }            \
	HANDLER(op_##name##_E_I) { return alu_E_I(cpu, i, OP); }            \
	HANDLER(op_##name##_R_G) { return alu_R_R(cpu, i->rm, i->reg, i->osize, OP); } \
	HANDLER(op_##name##_G_R) { return alu_R_R(cpu, i->reg, i->rm, i->osize, OP); } \
	HANDLER(op_##name##_R_I) { return alu_R_I(cpu, i, OP); }

ALU_HANDLERS(add, ALU_ADD)
ALU_HANDLERS(or, ALU_OR)
ALU_HANDLERS(adc, ALU_ADC)
ALU_HANDLERS(sbb, ALU_SBB)
ALU_HANDLERS(and, ALU_AND)
ALU_HANDLERS(sub, ALU_SUB)
ALU_HANDLERS(xor, ALU_XOR)
ALU_HANDLERS(cmp, ALU_CMP)

HANDLER(op_test_E_G)
{
	uint32_t a;
	if (rm_read(cpu, i, i->osize, &a))
		return R_FAULT;
	alu_op(cpu, ALU_AND, i->osize, a, reg_get(cpu, i->reg, i->osize));
	return R_NEXT;
}

HANDLER(op_test_A_I)
{
	alu_op(cpu, ALU_AND, i->osize, reg_get(cpu, R_EAX, i->osize), i->imm);
	return R_NEXT;
}

HANDLER(op_test_E_I)
{
	uint32_t a;
	if (rm_read(cpu, i, i->osize, &a))
		return R_FAULT;
	alu_op(cpu, ALU_AND, i->osize, a, i->imm);
	return R_NEXT;
}

static void incdec_flags(struct cpu *cpu, bool dec, unsigned size, uint32_t a, uint32_t r)
{
	/* CF is kept: materialise it before switching to the INC/DEC form. */
	uint32_t cf = (uint32_t)flag_cf(cpu);
	cpu->eflags = (cpu->eflags & ~FLAG_CF) | cf;
	flags_lazy(cpu, dec ? LF_DEC : LF_INC, size, r, a, 1);
}

/* INC/DEC r16/r32 (40-4F). */
HANDLER(op_incdec_reg)
{
	unsigned r = i->op & 7, size = i->osize;
	bool dec = i->op & 8;
	uint32_t a = reg_get(cpu, r, size);
	uint32_t res = (dec ? a - 1 : a + 1) & size_mask(size);
	incdec_flags(cpu, dec, size, a, res);
	reg_set(cpu, r, size, res);
	return R_NEXT;
}

/* INC/DEC Eb/Ev (FE /0 /1, FF /0 /1). */
HANDLER(op_incdec_E)
{
	unsigned size = i->osize;
	bool dec = i->reg == 1;
	uint32_t a;
	if (rm_read_rmw(cpu, i, size, &a))
		return R_FAULT;
	uint32_t res = (dec ? a - 1 : a + 1) & size_mask(size);
	if (rm_write(cpu, i, size, res))
		return R_FAULT;
	incdec_flags(cpu, dec, size, a, res);
	return R_NEXT;
}

HANDLER(op_not_E)
{
	uint32_t a;
	if (rm_read_rmw(cpu, i, i->osize, &a))
		return R_FAULT;
	return rm_write(cpu, i, i->osize, ~a);
}

HANDLER(op_neg_E)
{
	uint32_t a;
	if (rm_read_rmw(cpu, i, i->osize, &a))
		return R_FAULT;
	uint32_t r = (0 - a) & size_mask(i->osize);
	if (rm_write(cpu, i, i->osize, r))
		return R_FAULT;
	flags_lazy(cpu, LF_SUB, i->osize, r, 0, a & size_mask(i->osize));
	return R_NEXT;
}

/* Flags after a multiply: CF = OF = "the high half is significant"; SF,
 * ZF, PF from the low half as the P6 family leaves them (undefined by the
 * SDM); AF cleared. */
static void mul_flags(struct cpu *cpu, unsigned size, uint32_t low, bool carry)
{
	uint32_t f = carry ? (FLAG_CF | FLAG_OF) : 0;
	low &= size_mask(size);
	if (low == 0)
		f |= FLAG_ZF;
	if (low & sign_bit(size))
		f |= FLAG_SF;
	if (flags_parity((uint8_t)low))
		f |= FLAG_PF;
	flags_set(cpu, f, FLAGS_ARITH);
}

/* MUL / IMUL with one operand (F6/F7 /4 /5): EDX:EAX = EAX * r/m. */
HANDLER(op_mul_E)
{
	unsigned size = i->osize;
	bool is_signed = i->reg == 5;
	uint32_t b;
	if (rm_read(cpu, i, size, &b))
		return R_FAULT;
	uint32_t a = reg_get(cpu, R_EAX, size);
	uint64_t prod;
	bool carry;
	if (is_signed) {
		int64_t sa, sb;
		if (size == 1) { sa = (int8_t)a; sb = (int8_t)b; }
		else if (size == 2) { sa = (int16_t)a; sb = (int16_t)b; }
		else { sa = (int32_t)a; sb = (int32_t)b; }
		int64_t p = sa * sb;
		prod = (uint64_t)p;
		int64_t low = size == 1 ? (int8_t)p : size == 2 ? (int16_t)p : (int32_t)p;
		carry = low != p;
	} else {
		prod = (uint64_t)a * b;
		carry = (prod >> (8 * size)) != 0;
	}
	if (size == 1) {
		reg_set(cpu, R_EAX, 2, (uint32_t)prod);
	} else {
		reg_set(cpu, R_EAX, size, (uint32_t)prod);
		reg_set(cpu, R_EDX, size, (uint32_t)(prod >> (8 * size)));
	}
	mul_flags(cpu, size, (uint32_t)prod, carry);
	return R_NEXT;
}

static int64_t sext(uint32_t v, unsigned size)
{
	return size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
}

/* IMUL Gv,Ev,Iv (69, 6B) and IMUL Gv,Ev (0F AF). */
static int imul_3(struct cpu *cpu, const struct insn *i, bool with_imm)
{
	unsigned size = i->osize;
	uint32_t b;
	if (rm_read(cpu, i, size, &b))
		return R_FAULT;
	int64_t x = sext(b, size);
	int64_t y = with_imm ? sext(i->imm, size) : sext(reg_get(cpu, i->reg, size), size);
	int64_t p = x * y;
	bool carry = sext((uint32_t)p, size) != p;
	reg_set(cpu, i->reg, size, (uint32_t)p);
	mul_flags(cpu, size, (uint32_t)p, carry);
	return R_NEXT;
}

HANDLER(op_imul_G_E_I) { return imul_3(cpu, i, true); }
HANDLER(op_imul_G_E) { return imul_3(cpu, i, false); }

/* DIV / IDIV (F6/F7 /6 /7): #DE on a zero divisor or a quotient that does
 * not fit, with nothing written. */
HANDLER(op_div_E)
{
	unsigned size = i->osize, bits = 8 * size;
	bool is_signed = i->reg == 7;
	uint32_t d;
	if (rm_read(cpu, i, size, &d))
		return R_FAULT;
	d &= size_mask(size);
	if (d == 0)
		return raise_fault(cpu, VEC_DE);
	uint64_t n = size == 1 ? reg_get(cpu, R_EAX, 2)
		     : ((uint64_t)reg_get(cpu, R_EDX, size) << bits) | reg_get(cpu, R_EAX, size);
	uint32_t q, r;
	if (is_signed) {
		int64_t sn = bits == 32 ? (int64_t)n : (int64_t)(n << (64 - 2 * bits)) >> (64 - 2 * bits);
		int64_t sd = sext(d, size);
		if (sn == INT64_MIN && sd == -1)
			return raise_fault(cpu, VEC_DE);
		int64_t sq = sn / sd, sr = sn % sd;
		int64_t lim = (int64_t)1 << (bits - 1);
		if (sq >= lim || sq < -lim)
			return raise_fault(cpu, VEC_DE);
		q = (uint32_t)sq;
		r = (uint32_t)sr;
	} else {
		uint64_t uq = n / d;
		if (uq >> bits)
			return raise_fault(cpu, VEC_DE);
		q = (uint32_t)uq;
		r = (uint32_t)(n % d);
	}
	if (size == 1) {
		reg_set(cpu, R_EAX, 2, (q & 0xFF) | ((r & 0xFF) << 8));
	} else {
		reg_set(cpu, R_EAX, size, q);
		reg_set(cpu, R_EDX, size, r);
	}
	return R_NEXT;
}

/* CBW/CWDE (98) and CWD/CDQ (99). */
HANDLER(op_cbw)
{
	if (i->osize == 2)
		reg_set(cpu, R_EAX, 2, (uint32_t)(int32_t)(int8_t)cpu->reg[R_EAX]);
	else
		cpu->reg[R_EAX] = (uint32_t)(int32_t)(int16_t)cpu->reg[R_EAX];
	return R_NEXT;
}

HANDLER(op_cwd)
{
	uint32_t sign = reg_get(cpu, R_EAX, i->osize) & sign_bit(i->osize);
	reg_set(cpu, R_EDX, i->osize, sign ? 0xFFFFFFFFu : 0);
	return R_NEXT;
}

/* CMPXCHG Eb,Gb / Ev,Gv (0F B0, B1), 486: the destination is always
 * written (with its old value on mismatch), as the SDM describes. */
HANDLER(op_cmpxchg)
{
	unsigned size = i->osize;
	uint32_t d;
	if (rm_read_rmw(cpu, i, size, &d))
		return R_FAULT;
	uint32_t a = reg_get(cpu, R_EAX, size);
	bool eq = (a & size_mask(size)) == (d & size_mask(size));
	if (rm_write(cpu, i, size, eq ? reg_get(cpu, i->reg, size) : d))
		return R_FAULT;
	alu_op(cpu, ALU_CMP, size, a, d);
	if (!eq)
		reg_set(cpu, R_EAX, size, d);
	return R_NEXT;
}

/* XADD Eb,Gb / Ev,Gv (0F C0, C1): SRC <- DEST, then DEST <- the sum (SDM
 * Vol.2 XADD), so XADD r, r leaves the sum in the register. */
HANDLER(op_xadd)
{
	unsigned size = i->osize;
	uint32_t d;
	if (rm_read_rmw(cpu, i, size, &d))
		return R_FAULT;
	uint32_t s = reg_get(cpu, i->reg, size);
	struct cpu_lazy_flags saved = cpu->lf;
	uint32_t sum = alu_op(cpu, ALU_ADD, size, d, s);
	if (i->mod == 3) {
		reg_set(cpu, i->reg, size, d);
		reg_set(cpu, i->rm, size, sum);
		return R_NEXT;
	}
	if (rm_write(cpu, i, size, sum)) {
		cpu->lf = saved;
		return R_FAULT;
	}
	reg_set(cpu, i->reg, size, d);
	return R_NEXT;
}

/* CMPXCHG8B m64 (0F C7 /1). */
HANDLER(op_cmpxchg8b)
{
	if (i->mod == 3)
		return UD(cpu);
	uint32_t off = insn_ea(cpu, i), lo, hi;
	if (mem_probe_write(cpu, i->seg, off, 8) ||
	    mem_read(cpu, i->seg, off, 4, &lo) ||
	    mem_read(cpu, i->seg, off + 4, 4, &hi))
		return R_FAULT;
	bool eq = lo == cpu->reg[R_EAX] && hi == cpu->reg[R_EDX];
	uint32_t wlo = eq ? cpu->reg[R_EBX] : lo, whi = eq ? cpu->reg[R_ECX] : hi;
	if (mem_write(cpu, i->seg, off, 4, wlo) || mem_write(cpu, i->seg, off + 4, 4, whi))
		return R_FAULT;
	if (!eq) {
		cpu->reg[R_EAX] = lo;
		cpu->reg[R_EDX] = hi;
	}
	flags_set(cpu, eq ? FLAG_ZF : 0, FLAG_ZF);
	return R_NEXT;
}
