/* The x87's one-byte-group instructions (D9 D0-FF): FNOP, sign and class
 * operations, constants, the stack pointer, and the arithmetic on ST(0)
 * and ST(1); the control instructions of DB E0-E7; and the escape
 * handler (op_esc) that sorts every x87 instruction. */
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/x87.h"

void x87_init(struct cpu *cpu)
{
	struct cpu_fpu *f = &cpu->fpu;
	f->control = FCW_INIT;
	f->status = 0;
	f->empty = 0xFF;
	f->opcode = 0;
	f->ip = f->dp = 0;
	f->cs = f->ds = 0;
	x87_error_changed(cpu);
}

int x87_db_control(struct cpu *cpu, unsigned rm)
{
	switch (rm) {
	case 0: case 1: case 4: /* the 8087's FNENI, FNDISI, the 287's FNSETPM */
		return R_NEXT;
	case 2:
		cpu->fpu.status &= (uint16_t)~(FSW_IE | FSW_DE | FSW_ZE | FSW_OE | FSW_UE | FSW_PE |
					       FSW_SF | FSW_ES | FSW_B);
		x87_error_changed(cpu);
		return R_NEXT;
	case 3:
		x87_init(cpu);
		return R_NEXT;
	default:
		return UD(cpu);
	}
}

/* ST(0) = fn(ST(0)): FSQRT, FRNDINT. */
static int unary(struct cpu *cpu, struct float80 (*fn)(struct fp_env *, struct float80))
{
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			x87_set_st(cpu, 0, f80_indefinite());
		return R_NEXT;
	}
	struct fp_env env = x87_env(cpu);
	struct float80 r = fn(&env, x87_st(cpu, 0));
	if (x87_deliver(cpu, &env, false))
		x87_set_st(cpu, 0, r);
	return R_NEXT;
}

/* FCHS, FABS: the sign bit only; C1 cleared. */
static int sign_op(struct cpu *cpu, bool absolute)
{
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			x87_set_st(cpu, 0, f80_indefinite());
		return R_NEXT;
	}
	struct float80 v = x87_st(cpu, 0);
	v.sign_exp = (uint16_t)(absolute ? v.sign_exp & 0x7FFF : v.sign_exp ^ 0x8000);
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	x87_set_st(cpu, 0, v);
	return R_NEXT;
}

/* FXAM: the class in C3, C2, C0 and the sign in C1; nothing raised. */
static int fxam(struct cpu *cpu)
{
	static const uint16_t codes[] = {
		[F80_UNSUPPORTED] = 0, [F80_QNAN] = FSW_C0, [F80_SNAN] = FSW_C0,
		[F80_NORMAL] = FSW_C2, [F80_INFINITY] = FSW_C2 | FSW_C0, [F80_ZERO] = FSW_C3,
		[F80_DENORMAL] = FSW_C3 | FSW_C2, [F80_PSEUDO_DENORMAL] = FSW_C3 | FSW_C2,
	};
	struct float80 v = x87_st(cpu, 0);
	uint16_t c = x87_empty(cpu, 0) ? FSW_C3 | FSW_C0 : codes[f80_classify(v)];
	if (f80_sign(v))
		c |= FSW_C1;
	cpu->fpu.status = (uint16_t)((cpu->fpu.status & ~(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)) | c);
	return R_NEXT;
}

static int ftst(struct cpu *cpu)
{
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu))
			x87_set_condition(cpu, FP_UNORDERED);
		return R_NEXT;
	}
	struct fp_env env = x87_env(cpu);
	return x87_compare(cpu, &env, f80_make(false, 0, 0), false, 0);
}

static int load_constant(struct cpu *cpu, unsigned which)
{
	if (which > F80_CONST_ZERO)
		return UD(cpu);
	struct fp_env env = x87_env(cpu);
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	x87_push(cpu, f80_constant(&env, which));
	return R_NEXT;
}

static int step_top(struct cpu *cpu, int by)
{
	x87_set_top(cpu, x87_top(cpu) + (unsigned)by);
	cpu->fpu.status &= (uint16_t)~FSW_C1;
	return R_NEXT;
}

/* FXTRACT: ST(0) becomes the exponent, and the significand is pushed. */
static int fxtract(struct cpu *cpu)
{
	if (x87_empty(cpu, 0)) {
		if (x87_stack_underflow(cpu)) {
			x87_set_st(cpu, 0, f80_indefinite());
			x87_push(cpu, f80_indefinite());
		}
		return R_NEXT;
	}
	if (!x87_room_for_push(cpu))
		return R_NEXT;
	struct fp_env env = x87_env(cpu);
	struct float80 exponent, significand;
	f80_extract(&env, x87_st(cpu, 0), &exponent, &significand);
	if (!x87_deliver(cpu, &env, false))
		return R_NEXT;
	x87_set_st(cpu, 0, exponent);
	x87_push(cpu, significand);
	return R_NEXT;
}

/* The operations on ST(0) and ST(1) that leave the result in ST(0):
 * FSCALE, FPREM, FPREM1 (with C0, C3, C1 the quotient's low bits and C2
 * whether it is partial). */
static int on_st0_st1(struct cpu *cpu, unsigned which)
{
	if (x87_empty(cpu, 0) || x87_empty(cpu, 1)) {
		if (x87_stack_underflow(cpu))
			x87_set_st(cpu, 0, f80_indefinite());
		return R_NEXT;
	}
	struct fp_env env = x87_env(cpu);
	struct float80 a = x87_st(cpu, 0), b = x87_st(cpu, 1), r;
	unsigned q = 0;
	bool partial = false;
	if (which == 0)
		r = f80_scale(&env, a, b);
	else
		r = f80_remainder(&env, a, b, which == 2, &q, &partial);
	if (!x87_deliver(cpu, &env, false))
		return R_NEXT;
	x87_set_st(cpu, 0, r);
	if (which != 0) {
		uint16_t c = (uint16_t)((q & 4 ? FSW_C0 : 0) | (q & 2 ? FSW_C3 : 0) |
					(q & 1 ? FSW_C1 : 0) | (partial ? FSW_C2 : 0));
		cpu->fpu.status = (uint16_t)((cpu->fpu.status & ~(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)) | c);
	}
	return R_NEXT;
}

int x87_d9_group(struct cpu *cpu, const struct insn *i)
{
	switch (i->reg << 3 | i->rm) {
	case 0x10: return R_NEXT;                       /* FNOP */
	case 0x20: return sign_op(cpu, false);           /* FCHS */
	case 0x21: return sign_op(cpu, true);            /* FABS */
	case 0x24: return ftst(cpu);
	case 0x25: return fxam(cpu);
	case 0x28: case 0x29: case 0x2A: case 0x2B:
	case 0x2C: case 0x2D: case 0x2E: case 0x2F: return load_constant(cpu, i->rm);
	case 0x34: return fxtract(cpu);
	case 0x35: return on_st0_st1(cpu, 2);            /* FPREM1 */
	case 0x36: return step_top(cpu, -1);             /* FDECSTP */
	case 0x37: return step_top(cpu, 1);              /* FINCSTP */
	case 0x38: return on_st0_st1(cpu, 1);            /* FPREM */
	case 0x3A: return unary(cpu, f80_sqrt);
	case 0x3C: return unary(cpu, f80_round_to_int);
	case 0x3D: return on_st0_st1(cpu, 0);            /* FSCALE */
	default: return x87_transcendental(cpu, i->reg << 3 | i->rm);
	}
}

/* The control instructions: they neither wait for a pending error nor
 * note themselves in FOP and the pointers.  The other instructions that
 * leave the pointers (FLDCW, FLDENV, FRSTOR) wait. */
static bool is_no_wait(const struct insn *i)
{
	unsigned esc = i->op & 7;
	if (i->mod == 3)
		return (esc == 3 && i->reg == 4) || (esc == 7 && i->reg == 4);
	return (esc == 1 || esc == 5) && i->reg >= 6;
}

static bool leaves_pointers(const struct insn *i)
{
	unsigned esc = i->op & 7;
	return is_no_wait(i) ||
	       (i->mod != 3 && ((esc == 1 && (i->reg == 4 || i->reg == 5)) || (esc == 5 && i->reg == 4)));
}

HANDLER(op_esc)
{
	if (x87_device_check(cpu))
		return R_FAULT;
	if (!is_no_wait(i)) {
		int r = x87_pending_error(cpu);
		if (r != R_NEXT)
			return r;
	}
	if (!leaves_pointers(i))
		x87_note_instruction(cpu, i);
	return i->mod == 3 ? x87_register_form(cpu, i) : x87_memory_form(cpu, i);
}
