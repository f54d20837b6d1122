/* The x87's transcendental instructions: F2XM1, FYL2X, FPTAN, FPATAN,
 * FYL2XP1, FSINCOS, FSIN, FCOS (softfloat/'s trig.c and explog.c). */
#include "cpu/ops.h"
#include "cpu/x87.h"

/* ST(0) empty (or ST(1) when two operands): the masked response writes
 * the indefinite into `dest` (and *masked_response, when asked, says it
 * did).  Whether the operands are there. */
static bool operands_present(struct cpu *cpu, unsigned count, unsigned dest, bool *masked_response)
{
	bool present = !x87_empty(cpu, 0) && (count < 2 || !x87_empty(cpu, 1));
	bool masked = !present && x87_stack_underflow(cpu);
	if (masked)
		x87_set_st(cpu, dest, f80_indefinite());
	if (masked_response)
		*masked_response = masked;
	return present;
}

static void set_c2(struct cpu *cpu, bool out_of_range)
{
	cpu->fpu.status = (uint16_t)((cpu->fpu.status & ~FSW_C2) | (out_of_range ? FSW_C2 : 0));
}

/* FSIN, FCOS: ST(0) = fn(ST(0)); C2 when out of range. */
static int trig_in_place(struct cpu *cpu,
			 struct float80 (*fn)(struct fp_env *, struct float80, bool *))
{
	if (!operands_present(cpu, 1, 0, NULL))
		return R_NEXT;
	struct fp_env env = x87_env(cpu);
	bool out_of_range;
	struct float80 r = fn(&env, x87_st(cpu, 0), &out_of_range);
	set_c2(cpu, out_of_range);
	if (!out_of_range && x87_deliver(cpu, &env, false))
		x87_set_st(cpu, 0, r);
	return R_NEXT;
}

/* FPTAN (ST(0) = tan, then 1.0 pushed) and FSINCOS (ST(0) = sin, then
 * cos pushed): a full stack is an overflow. */
static int trig_pushing(struct cpu *cpu, bool sincos)
{
	if (!operands_present(cpu, 1, 0, NULL))
		return R_NEXT;
	if (!x87_room_for_push(cpu))
		return R_NEXT;
	struct fp_env env = x87_env(cpu);
	bool out_of_range;
	struct float80 a = x87_st(cpu, 0), first, second;
	if (sincos) {
		first = f80_sin(&env, a, &out_of_range);
		second = f80_cos(&env, a, &out_of_range);
	} else { /* a NaN result is pushed again in place of the 1.0 */
		first = f80_tan(&env, a, &out_of_range);
		second = f80_is_nan(first) ? first : f80_make(false, 0x3FFF, 1ull << 63);
	}
	set_c2(cpu, out_of_range);
	if (out_of_range || !x87_deliver(cpu, &env, false))
		return R_NEXT;
	x87_set_st(cpu, 0, first);
	x87_push(cpu, second);
	return R_NEXT;
}

/* FYL2X, FYL2XP1, FPATAN: ST(1) = fn(ST(1), ST(0)), then a pop. */
static int into_st1_and_pop(struct cpu *cpu,
			    struct float80 (*fn)(struct fp_env *, struct float80, struct float80))
{
	bool masked_response;
	if (!operands_present(cpu, 2, 1, &masked_response)) {
		if (masked_response)
			x87_pop(cpu);
		return R_NEXT;
	}
	struct fp_env env = x87_env(cpu);
	struct float80 r = fn(&env, x87_st(cpu, 1), x87_st(cpu, 0));
	if (!x87_deliver(cpu, &env, false))
		return R_NEXT;
	x87_set_st(cpu, 1, r);
	x87_pop(cpu);
	return R_NEXT;
}

static int f2xm1(struct cpu *cpu)
{
	if (!operands_present(cpu, 1, 0, NULL))
		return R_NEXT;
	struct fp_env env = x87_env(cpu);
	struct float80 r = f80_2xm1(&env, x87_st(cpu, 0));
	if (x87_deliver(cpu, &env, false))
		x87_set_st(cpu, 0, r);
	return R_NEXT;
}

int x87_transcendental(struct cpu *cpu, unsigned code)
{
	switch (code) {
	case 0x30: return f2xm1(cpu);
	case 0x31: return into_st1_and_pop(cpu, f80_yl2x);
	case 0x32: return trig_pushing(cpu, false);         /* FPTAN */
	case 0x33: return into_st1_and_pop(cpu, f80_atan2); /* FPATAN */
	case 0x39: return into_st1_and_pop(cpu, f80_yl2xp1);
	case 0x3B: return trig_pushing(cpu, true);          /* FSINCOS */
	case 0x3E: return trig_in_place(cpu, f80_sin);
	case 0x3F: return trig_in_place(cpu, f80_cos);
	default: return UD(cpu);
	}
}
