/* The x87's register forms (ModRM.mod == 3 of D8-DF): the arithmetic,
 * compares into the status word and EFLAGS, FCMOVcc, FXCH, FLD/FST of a
 * register, FFREE and FNSTSW AX.  D9's group and the escape handler that
 * sorts every x87 instruction are in ops_x87_d9.c. */
#include "cpu/flags.h"
#include "cpu/model.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/x87.h"

/* The arithmetic of D8-DE reg 0, 1 and 4-7: reg 4 and 6 take ST(0) as the
 * left operand, 5 and 7 the other one, whichever register receives the
 * result. */
static struct float80 arith(struct fp_env *env, unsigned reg, struct float80 st0,
			    struct float80 other)
{
	switch (reg) {
	case 0: return f80_add(env, st0, other);
	case 1: return f80_mul(env, st0, other);
	case 4: return f80_sub(env, st0, other);
	case 5: return f80_sub(env, other, st0);
	case 6: return f80_div(env, st0, other);
	default: return f80_div(env, other, st0);
	}
}

bool x87_arith_into(struct cpu *cpu, struct fp_env *env, unsigned reg, struct float80 other,
		    unsigned dest)
{
	struct float80 r = arith(env, reg, x87_st(cpu, 0), other);
	if (!x87_deliver(cpu, env, false))
		return false;
	x87_set_st(cpu, dest, r);
	return true;
}

/* Whether ST(0) and ST(i) are both there (*underflow false), or one is
 * empty and the underflow's masked response goes ahead (the caller then
 * writes the indefinite): whether to go on. */
static bool two_present(struct cpu *cpu, unsigned i, bool *underflow)
{
	*underflow = x87_empty(cpu, 0) || x87_empty(cpu, i);
	return !*underflow || x87_stack_underflow(cpu);
}

/* D8, DC, DE reg 0, 1, 4-7: ST(0) = ST(0) op ST(i), or ST(i) = ST(i) op
 * ST(0) (dest_is_i), popping after (DE). */
static int arith_registers(struct cpu *cpu, const struct insn *i, bool dest_is_i, bool pop)
{
	unsigned dest = dest_is_i ? i->rm : 0;
	bool underflow;
	if (!two_present(cpu, i->rm, &underflow))
		return R_NEXT;
	if (underflow) {
		x87_set_st(cpu, dest, f80_indefinite());
	} else {
		struct fp_env env = x87_env(cpu);
		if (!x87_arith_into(cpu, &env, i->reg, x87_st(cpu, i->rm), dest))
			return R_NEXT; /* not delivered: no pop either */
	}
	if (pop)
		x87_pop(cpu);
	return R_NEXT;
}

void x87_set_condition(struct cpu *cpu, enum fp_relation rel)
{
	static const uint16_t codes[] = {
		[FP_LESS] = FSW_C0, [FP_EQUAL] = FSW_C3, [FP_GREATER] = 0,
		[FP_UNORDERED] = FSW_C0 | FSW_C2 | FSW_C3,
	};
	cpu->fpu.status = (uint16_t)((cpu->fpu.status & ~(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)) |
				     codes[rel]);
}

/* Compare ST(0) with other into C3, C2 and C0 (FCOM, FUCOM: quiet), then
 * pop `pops` times.  The condition codes are set even when IE or DE is
 * unmasked (unordered for IE), but then nothing is popped. */
int x87_compare(struct cpu *cpu, struct fp_env *env, struct float80 other, bool quiet,
		unsigned pops)
{
	enum fp_relation rel = f80_compare(env, x87_st(cpu, 0), other, quiet);
	bool delivered = x87_deliver(cpu, env, false);
	x87_set_condition(cpu, rel);
	while (delivered && pops-- > 0)
		x87_pop(cpu);
	return R_NEXT;
}

static int compare_registers(struct cpu *cpu, unsigned i, bool quiet, unsigned pops)
{
	bool underflow;
	two_present(cpu, i, &underflow);
	if (underflow) { /* unordered either way; the pops only when masked */
		bool masked = cpu->fpu.control & FSW_IE;
		x87_set_condition(cpu, FP_UNORDERED);
		while (masked && pops-- > 0)
			x87_pop(cpu);
		return R_NEXT;
	}
	struct fp_env env = x87_env(cpu);
	return x87_compare(cpu, &env, x87_st(cpu, i), quiet, pops);
}

/* FCOMI, FUCOMI (and their popping forms): the relation in ZF, PF and CF;
 * OF, SF and AF cleared. */
static int compare_to_eflags(struct cpu *cpu, unsigned i, bool quiet, bool pop)
{
	static const uint32_t results[] = {
		[FP_LESS] = FLAG_CF, [FP_EQUAL] = FLAG_ZF, [FP_GREATER] = 0,
		[FP_UNORDERED] = FLAG_ZF | FLAG_PF | FLAG_CF,
	};
	const uint32_t affected = FLAG_ZF | FLAG_PF | FLAG_CF | FLAG_OF | FLAG_SF | FLAG_AF;
	bool underflow;
	/* unordered on underflow either way; the pop only when masked */
	bool delivered = two_present(cpu, i, &underflow);
	enum fp_relation rel = FP_UNORDERED;
	if (!underflow) {
		struct fp_env env = x87_env(cpu);
		rel = f80_compare(&env, x87_st(cpu, 0), x87_st(cpu, i), quiet);
		delivered = x87_deliver(cpu, &env, false);
	}
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	flags_set(cpu, results[rel], affected);
	if (pop && delivered)
		x87_pop(cpu);
	return R_NEXT;
}

/* FCMOVcc: condition as the opcode's low bits say (B, E, BE, U), negated
 * in DB. */
static int fcmov(struct cpu *cpu, const struct insn *i)
{
	uint32_t fl = cpu_get_eflags(cpu);
	bool cond;
	switch (i->reg) {
	case 0: cond = fl & FLAG_CF; break;
	case 1: cond = fl & FLAG_ZF; break;
	case 2: cond = fl & (FLAG_CF | FLAG_ZF); break;
	default: cond = fl & FLAG_PF; break;
	}
	if ((i->op & 7) == 3)
		cond = !cond;
	bool underflow;
	if (!two_present(cpu, i->rm, &underflow))
		return R_NEXT;
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	if (underflow)
		x87_set_st(cpu, 0, f80_indefinite());
	else if (cond)
		x87_set_st(cpu, 0, x87_st(cpu, i->rm));
	return R_NEXT;
}

static int fxch(struct cpu *cpu, unsigned i)
{
	bool underflow;
	if (!two_present(cpu, i, &underflow))
		return R_NEXT;
	struct float80 a = underflow && x87_empty(cpu, 0) ? f80_indefinite() : x87_st(cpu, 0);
	struct float80 b = underflow && x87_empty(cpu, i) ? f80_indefinite() : x87_st(cpu, i);
	x87_set_st(cpu, 0, b);
	x87_set_st(cpu, i, a);
	if (!underflow)
		cpu->fpu.status &= (uint16_t)~FSW_C1;
	return R_NEXT;
}

/* FST/FSTP ST(i): a copy, empty source the underflow response. */
static int fst_register(struct cpu *cpu, unsigned i, bool pop)
{
	if (x87_empty(cpu, 0)) {
		if (!x87_stack_underflow(cpu))
			return R_NEXT;
		x87_set_st(cpu, i, f80_indefinite());
	} else {
		cpu->fpu.status &= (uint16_t)~FSW_C1;
		x87_set_st(cpu, i, x87_st(cpu, 0));
	}
	if (pop)
		x87_pop(cpu);
	return R_NEXT;
}

static int fld_register(struct cpu *cpu, unsigned i)
{
	if (x87_empty(cpu, i)) {
		if (!x87_stack_underflow(cpu))
			return R_NEXT;
		x87_push(cpu, f80_indefinite());
		return R_NEXT;
	}
	struct float80 v = x87_st(cpu, i);
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	x87_push(cpu, v);
	return R_NEXT;
}

static int ffree(struct cpu *cpu, unsigned i, bool pop)
{
	cpu->fpu.empty |= (uint8_t)(1u << x87_phys(cpu, i));
	if (pop)
		x87_set_top(cpu, x87_top(cpu) + 1);
	return R_NEXT;
}

/* FCMOVcc (DA, DB C0-DF), FCOMI and FUCOMI (DB, DF E8-F7): the P6's,
 * there with CMOV (SDM Vol.2A, FCMOVcc). */
static bool p6_register_form(unsigned esc, unsigned reg)
{
	return ((esc == 2 || esc == 3) && reg <= 3) || ((esc == 3 || esc == 7) && (reg == 5 || reg == 6));
}

/* The register forms that change nothing but the stack, the control
 * state or the condition codes: D9, DB, DD, DF, and the compares. */
static int register_misc(struct cpu *cpu, const struct insn *i)
{
	unsigned esc = i->op & 7, reg = i->reg, rm = i->rm;
	if (p6_register_form(esc, reg) && !(cpu->model->features & CPUID_CMOV))
		return UD(cpu);
	switch (esc << 3 | reg) {
	case 0x02: case 0x42: return compare_registers(cpu, rm, false, 0);
	case 0x03: case 0x43: case 0x62: return compare_registers(cpu, rm, false, 1);
	case 0x08: return fld_register(cpu, rm);
	case 0x09: case 0x69: case 0x79: return fxch(cpu, rm);
	case 0x0B: case 0x6A: case 0x6B: case 0x7A: case 0x7B: return fst_register(cpu, rm, true);
	case 0x10: case 0x11: case 0x12: case 0x13:
	case 0x18: case 0x19: case 0x1A: case 0x1B: return fcmov(cpu, i);
	case 0x1C: return x87_db_control(cpu, rm);
	case 0x1D: return compare_to_eflags(cpu, rm, true, false);
	case 0x1E: return compare_to_eflags(cpu, rm, false, false);
	case 0x28: return ffree(cpu, rm, false);
	case 0x2A: return fst_register(cpu, rm, false);
	case 0x2B: return fst_register(cpu, rm, true);
	case 0x2C: return compare_registers(cpu, rm, true, 0);
	case 0x2D: return compare_registers(cpu, rm, true, 1);
	case 0x38: return ffree(cpu, rm, true);
	case 0x3D: return compare_to_eflags(cpu, rm, true, true);
	case 0x3E: return compare_to_eflags(cpu, rm, false, true);
	default: return UD(cpu);
	}
}

int x87_register_form(struct cpu *cpu, const struct insn *i)
{
	unsigned esc = i->op & 7, reg = i->reg;
	bool arith_reg = reg <= 1 || reg >= 4;
	if (esc == 0 && arith_reg)
		return arith_registers(cpu, i, false, false);
	if ((esc == 4 || esc == 6) && arith_reg)
		return arith_registers(cpu, i, true, esc == 6);
	if (esc == 1 && reg >= 2 && reg != 3)
		return x87_d9_group(cpu, i);
	if (esc == 2 && reg == 5 && i->rm == 1)
		return compare_registers(cpu, 1, true, 2);   /* FUCOMPP */
	if (esc == 6 && reg == 3 && i->rm == 1)
		return compare_registers(cpu, 1, false, 2);  /* FCOMPP */
	if (esc == 7 && reg == 4 && i->rm == 0) {
		reg_set(cpu, R_EAX, 2, cpu->fpu.status);     /* FNSTSW AX */
		return R_NEXT;
	}
	if (esc == 2 && reg >= 4)
		return UD(cpu);
	return register_misc(cpu, i);
}
