/* The x87's memory forms (ModRM.mod != 3 of D8-DF): arithmetic and
 * compares with a memory operand, loads and stores of every format, and
 * the control word and status word. */
#include "cpu/ops.h"
#include "cpu/x87.h"

/* The operand format of D8, DA, DC and DE's arithmetic. */
static const enum x87_format arith_format[4] = {
	X87_M32REAL, X87_M32INT, X87_M64REAL, X87_M16INT
};

static int arith_memory(struct cpu *cpu, const struct insn *i)
{
	struct fp_env env = x87_env(cpu);
	struct float80 m;
	if (x87_load(cpu, i, arith_format[(i->op & 7) >> 1], &env, &m))
		return R_FAULT;
	bool compare = i->reg == 2 || i->reg == 3;
	if (x87_empty(cpu, 0)) {
		if (!x87_stack_underflow(cpu))
			return R_NEXT;
		if (!compare) {
			x87_set_st(cpu, 0, f80_indefinite());
			return R_NEXT;
		}
		x87_set_condition(cpu, FP_UNORDERED);
		if (i->reg == 3)
			x87_pop(cpu);
		return R_NEXT;
	}
	if (compare)
		return x87_compare(cpu, &env, m, false, i->reg == 3);
	x87_arith_into(cpu, &env, i->reg, m, 0);
	return R_NEXT;
}

/* FLD of a memory operand (IE for a signalling NaN and DE for a
 * denormal of the 32- and 64-bit formats; nothing else raised). */
static int load(struct cpu *cpu, const struct insn *i, enum x87_format fmt)
{
	struct fp_env env = x87_env(cpu);
	struct float80 v;
	if (x87_load(cpu, i, fmt, &env, &v))
		return R_FAULT;
	if (!x87_deliver(cpu, &env, false))
		return R_NEXT;
	x87_push(cpu, v);
	return R_NEXT;
}

static void put_le(uint8_t *b, uint64_t v, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		b[k] = (uint8_t)(v >> (8 * k));
}

/* ST(0) in a memory format: the bytes, and the exceptions in env. */
static unsigned convert_for_store(struct fp_env *env, struct float80 v, enum x87_format fmt,
				  uint8_t *b)
{
	switch (fmt) {
	case X87_M32REAL: put_le(b, f80_to_f32(env, v), 4); return 4;
	case X87_M64REAL: put_le(b, f80_to_f64(env, v), 8); return 8;
	case X87_M80REAL: put_le(b, v.signif, 8); put_le(b + 8, v.sign_exp, 2); return 10;
	case X87_M16INT: put_le(b, (uint64_t)f80_to_int(env, v, 16, false), 2); return 2;
	case X87_M32INT: put_le(b, (uint64_t)f80_to_int(env, v, 32, false), 4); return 4;
	case X87_M64INT: put_le(b, (uint64_t)f80_to_int(env, v, 64, false), 8); return 8;
	case X87_M80BCD: f80_to_bcd(env, v, b); return 10;
	}
	return 0;
}

/* FST, FSTP, FIST, FISTP, FBSTP: an empty ST(0) stores the masked
 * response to the underflow (the indefinite in the format); an unmasked
 * exception stores nothing and pops nothing. */
static int store(struct cpu *cpu, const struct insn *i, enum x87_format fmt, bool pop)
{
	struct fp_env env = x87_env(cpu);
	uint8_t b[10];
	unsigned size;
	bool underflow = x87_empty(cpu, 0);
	if (underflow) {
		struct fp_env scratch = env;
		size = convert_for_store(&scratch, f80_indefinite(), fmt, b);
	} else {
		size = convert_for_store(&env, x87_st(cpu, 0), fmt, b);
	}
	/* The checks of the memory operand come first: a fault changes nothing. */
	if (mem_probe_write(cpu, i->seg, insn_ea(cpu, i), size))
		return R_FAULT;
	if (underflow ? !x87_stack_underflow(cpu) : !x87_deliver(cpu, &env, true))
		return R_NEXT;
	if (x87_write_bytes(cpu, i->seg, insn_ea(cpu, i), size, b))
		return R_FAULT;
	if (pop)
		x87_pop(cpu);
	return R_NEXT;
}

static int load_control_word(struct cpu *cpu, const struct insn *i)
{
	uint8_t b[2];
	if (x87_read_bytes(cpu, i->seg, insn_ea(cpu, i), 2, b))
		return R_FAULT;
	cpu->fpu.control = (uint16_t)((b[0] | b[1] << 8) | 0x0040);
	x87_recompute_error(cpu);
	return R_NEXT;
}

static int store_word(struct cpu *cpu, const struct insn *i, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	return x87_write_bytes(cpu, i->seg, insn_ea(cpu, i), 2, b);
}

static int memory_misc(struct cpu *cpu, const struct insn *i)
{
	switch ((i->op & 7) << 3 | i->reg) {
	case 0x08: return load(cpu, i, X87_M32REAL);
	case 0x0A: return store(cpu, i, X87_M32REAL, false);
	case 0x0B: return store(cpu, i, X87_M32REAL, true);
	case 0x0C: return x87_load_environment(cpu, i, false);
	case 0x0D: return load_control_word(cpu, i);
	case 0x0E: return x87_store_environment(cpu, i, false);
	case 0x0F: return store_word(cpu, i, cpu->fpu.control);
	case 0x18: return load(cpu, i, X87_M32INT);
	case 0x1A: return store(cpu, i, X87_M32INT, false);
	case 0x1B: return store(cpu, i, X87_M32INT, true);
	case 0x1D: return load(cpu, i, X87_M80REAL);
	case 0x1F: return store(cpu, i, X87_M80REAL, true);
	case 0x28: return load(cpu, i, X87_M64REAL);
	case 0x2A: return store(cpu, i, X87_M64REAL, false);
	case 0x2B: return store(cpu, i, X87_M64REAL, true);
	case 0x2C: return x87_load_environment(cpu, i, true);
	case 0x2E: return x87_store_environment(cpu, i, true);
	case 0x2F: return store_word(cpu, i, cpu->fpu.status);
	case 0x38: return load(cpu, i, X87_M16INT);
	case 0x3A: return store(cpu, i, X87_M16INT, false);
	case 0x3B: return store(cpu, i, X87_M16INT, true);
	case 0x3C: return load(cpu, i, X87_M80BCD);
	case 0x3D: return load(cpu, i, X87_M64INT);
	case 0x3E: return store(cpu, i, X87_M80BCD, true);
	case 0x3F: return store(cpu, i, X87_M64INT, true);
	default: return UD(cpu); /* FISTTP is SSE3's; the rest are reserved */
	}
}

int x87_memory_form(struct cpu *cpu, const struct insn *i)
{
	if (!(i->op & 1))
		return arith_memory(cpu, i);
	return memory_misc(cpu, i);
}
