/* MMX, and the integer instructions SSE added to it (a Pentium III's):
 * the MM registers are the x87's physical registers' significands
 * (SDM Vol.1 §9.5).  Every MMX instruction but EMMS sets TOP to 0 and
 * tags every register valid; writing MMi sets Ri's exponent and sign to
 * ones. */
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/x87.h"

#define LANE_MASK(bits) ((bits) == 64 ? ~0ull : (1ull << (bits)) - 1)

static int64_t sign_extend(uint64_t v, unsigned bits)
{
	return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint64_t saturate_signed(int64_t v, unsigned bits)
{
	int64_t hi = (int64_t)(LANE_MASK(bits - 1)), lo = -hi - 1;
	return (uint64_t)(v > hi ? hi : v < lo ? lo : v) & LANE_MASK(bits);
}

static uint64_t saturate_unsigned(int64_t v, unsigned bits)
{
	int64_t hi = (int64_t)LANE_MASK(bits);
	return (uint64_t)(v > hi ? hi : v < 0 ? 0 : v);
}

uint64_t mmx_get(const struct cpu *cpu, unsigned r)
{
	return cpu->fpu.st[r].signif;
}

void mmx_set(struct cpu *cpu, unsigned r, uint64_t v)
{
	cpu->fpu.st[r] = (struct float80){ v, 0xFFFF };
}

int mmx_available(struct cpu *cpu)
{
	if (cpu->cr0 & CR0_EM)
		return UD(cpu);
	if (cpu->cr0 & CR0_TS)
		return raise_fault(cpu, VEC_NM);
	return x87_pending_error(cpu);
}

int mmx_begin(struct cpu *cpu)
{
	int r = mmx_available(cpu);
	if (r != R_NEXT)
		return r;
	x87_set_top(cpu, 0);
	cpu->fpu.empty = 0;
	return R_NEXT;
}

int mmx_read_source(struct cpu *cpu, const struct insn *i, uint64_t *v)
{
	if (i->mod == 3) {
		*v = mmx_get(cpu, i->rm);
		return R_NEXT;
	}
	return x87_read_qword(cpu, i->seg, insn_ea(cpu, i), v);
}

/* The lane operations: each takes the destination's lane a and the
 * source's b, zero-extended, and gives the result lane. */
typedef uint64_t (*lane_op)(uint64_t a, uint64_t b, unsigned bits);

static uint64_t add(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a + b; }
static uint64_t sub(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a - b; }
static uint64_t adds(uint64_t a, uint64_t b, unsigned bits)
{
	return saturate_signed(sign_extend(a, bits) + sign_extend(b, bits), bits);
}
static uint64_t subs(uint64_t a, uint64_t b, unsigned bits)
{
	return saturate_signed(sign_extend(a, bits) - sign_extend(b, bits), bits);
}
static uint64_t addus(uint64_t a, uint64_t b, unsigned bits)
{
	return saturate_unsigned((int64_t)(a + b), bits);
}
static uint64_t subus(uint64_t a, uint64_t b, unsigned bits)
{
	return saturate_unsigned((int64_t)a - (int64_t)b, bits);
}
static uint64_t cmpeq(uint64_t a, uint64_t b, unsigned bits)
{
	(void)bits;
	return a == b ? ~0ull : 0;
}
static uint64_t cmpgt(uint64_t a, uint64_t b, unsigned bits)
{
	return sign_extend(a, bits) > sign_extend(b, bits) ? ~0ull : 0;
}
static uint64_t mullo(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a * b; }
static uint64_t mulhi(uint64_t a, uint64_t b, unsigned bits)
{
	return (uint64_t)(sign_extend(a, bits) * sign_extend(b, bits)) >> bits;
}
static uint64_t mulhu(uint64_t a, uint64_t b, unsigned bits) { return (a * b) >> bits; }
static uint64_t avg(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return (a + b + 1) >> 1; }
static uint64_t maxs(uint64_t a, uint64_t b, unsigned bits)
{
	return sign_extend(a, bits) > sign_extend(b, bits) ? a : b;
}
static uint64_t mins(uint64_t a, uint64_t b, unsigned bits)
{
	return sign_extend(a, bits) < sign_extend(b, bits) ? a : b;
}
static uint64_t maxu(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a > b ? a : b; }
static uint64_t minu(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a < b ? a : b; }
static uint64_t and_(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a & b; }
static uint64_t andn(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return ~a & b; }
static uint64_t or_(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a | b; }
static uint64_t xor_(uint64_t a, uint64_t b, unsigned bits) { (void)bits; return a ^ b; }

/* The shifts: b is the count, the whole source operand. */
static uint64_t shl(uint64_t a, uint64_t b, unsigned bits) { return b >= bits ? 0 : a << b; }
static uint64_t shr(uint64_t a, uint64_t b, unsigned bits) { return b >= bits ? 0 : a >> b; }
static uint64_t sar(uint64_t a, uint64_t b, unsigned bits)
{
	return (uint64_t)(sign_extend(a, bits) >> (b >= bits ? bits - 1 : b));
}

static uint64_t lanewise(uint64_t a, uint64_t b, unsigned bits, lane_op op, bool scalar_b)
{
	uint64_t r = 0, mask = LANE_MASK(bits);
	for (unsigned k = 0; k < 64; k += bits) {
		uint64_t y = scalar_b ? b : (b >> k) & mask;
		r |= (op((a >> k) & mask, y, bits) & mask) << k;
	}
	return r;
}

/* The lane-wise instructions of 0F 60-FF: the operation and lane width
 * by opcode; shift marks a count operand. */
static const struct lane_insn {
	lane_op op;
	uint8_t bits;
	bool shift;
} lane_insns[256] = {
	[0x74] = { cmpeq, 8, false }, [0x75] = { cmpeq, 16, false }, [0x76] = { cmpeq, 32, false },
	[0x64] = { cmpgt, 8, false }, [0x65] = { cmpgt, 16, false }, [0x66] = { cmpgt, 32, false },
	[0xD1] = { shr, 16, true }, [0xD2] = { shr, 32, true }, [0xD3] = { shr, 64, true },
	[0xD5] = { mullo, 16, false }, [0xD8] = { subus, 8, false }, [0xD9] = { subus, 16, false },
	[0xDA] = { minu, 8, false }, [0xDB] = { and_, 64, false }, [0xDC] = { addus, 8, false },
	[0xDD] = { addus, 16, false }, [0xDE] = { maxu, 8, false }, [0xDF] = { andn, 64, false },
	[0xE0] = { avg, 8, false }, [0xE1] = { sar, 16, true }, [0xE2] = { sar, 32, true },
	[0xE3] = { avg, 16, false }, [0xE4] = { mulhu, 16, false }, [0xE5] = { mulhi, 16, false },
	[0xE8] = { subs, 8, false }, [0xE9] = { subs, 16, false }, [0xEA] = { mins, 16, false },
	[0xEB] = { or_, 64, false }, [0xEC] = { adds, 8, false }, [0xED] = { adds, 16, false },
	[0xEE] = { maxs, 16, false }, [0xEF] = { xor_, 64, false },
	[0xF1] = { shl, 16, true }, [0xF2] = { shl, 32, true }, [0xF3] = { shl, 64, true },
	[0xF8] = { sub, 8, false }, [0xF9] = { sub, 16, false }, [0xFA] = { sub, 32, false },
	[0xFC] = { add, 8, false }, [0xFD] = { add, 16, false }, [0xFE] = { add, 32, false },
};

/* MMX instructions take no REP/REPNE prefix (F3 and F2 make other
 * instructions: SSE2's, #UD here; 66 is refused by the decoder). */
#define NO_F2_F3(cpu, i) do { if ((i)->rep) return UD(cpu); } while (0)

HANDLER(op_mmx_lanes)
{
	NO_F2_F3(cpu, i);
	uint64_t b;
	if (mmx_begin(cpu) || mmx_read_source(cpu, i, &b))
		return R_FAULT;
	const struct lane_insn *l = &lane_insns[i->op];
	mmx_set(cpu, i->reg, lanewise(mmx_get(cpu, i->reg), b, l->bits, l->op, l->shift));
	return R_NEXT;
}

/* 0F 71-73: the shifts by an immediate, ModRM.reg 2 right, 4 arithmetic
 * right, 6 left; 0F 73 has no arithmetic form. */
HANDLER(op_mmx_shift_imm)
{
	NO_F2_F3(cpu, i);
	static const lane_op ops[8] = { [2] = shr, [4] = sar, [6] = shl };
	unsigned bits = 16u << (i->op - 0x71);
	if (i->mod != 3 || !ops[i->reg] || (bits == 64 && i->reg == 4))
		return UD(cpu);
	if (mmx_begin(cpu))
		return R_FAULT;
	mmx_set(cpu, i->rm, lanewise(mmx_get(cpu, i->rm), i->imm & 0xFF, bits, ops[i->reg], true));
	return R_NEXT;
}
