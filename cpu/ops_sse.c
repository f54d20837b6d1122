/* SSE's single-precision arithmetic, logic and compares (a Pentium
 * III's): the packed forms (no prefix) on four lanes, the scalar forms
 * (F3) on lane 0 with the other lanes kept; and the checks, environment,
 * exceptions and operands every SSE instruction shares (sse.h). */
#include "cpu/flags.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/sse.h"
#include "cpu/x87.h"

#define MXCSR_FZ 0x8000u

int sse_begin(struct cpu *cpu)
{
	if ((cpu->cr0 & CR0_EM) || !(cpu->cr4 & CR4_OSFXSR))
		return UD(cpu);
	if (cpu->cr0 & CR0_TS)
		return raise_fault(cpu, VEC_NM);
	return R_NEXT;
}

struct fp_env sse_env(const struct cpu *cpu)
{
	uint32_t m = cpu->sse.mxcsr;
	return (struct fp_env){
		.rounding = (uint8_t)((m >> 13) & 3),
		.precision = 24,
		.unmasked = (uint8_t)(~(m >> 7) & FP_ALL_EXCEPTIONS),
		.flush_to_zero = m & MXCSR_FZ,
	};
}

int sse_finish(struct cpu *cpu, const struct fp_env *env)
{
	const unsigned before_result = FP_INVALID | FP_DENORMAL | FP_DIVZERO;
	unsigned unmasked = env->flags & env->unmasked;
	if (!unmasked) {
		cpu->sse.mxcsr |= env->flags;
		return R_NEXT;
	}
	cpu->sse.mxcsr |= unmasked & before_result ? env->flags & before_result : env->flags;
	return raise_fault(cpu, (cpu->cr4 & CR4_OSXMMEXCPT) ? VEC_XM : VEC_UD);
}

static int read_bytes(struct cpu *cpu, const struct insn *i, unsigned size, bool aligned,
		      uint8_t *b)
{
	uint32_t off = insn_ea(cpu, i);
	if (aligned && ((cpu->seg[i->seg].base + off) & 15))
		return GP0(cpu);
	return x87_read_bytes(cpu, i->seg, off, size, b);
}

int sse_read_source(struct cpu *cpu, const struct insn *i, bool aligned, union cpu_xmm *v)
{
	if (i->mod == 3) {
		*v = cpu->sse.xmm[i->rm];
		return R_NEXT;
	}
	return read_bytes(cpu, i, 16, aligned, v->b);
}

int sse_read_scalar(struct cpu *cpu, const struct insn *i, union cpu_xmm *v)
{
	if (i->mod == 3) {
		*v = cpu->sse.xmm[i->rm];
		return R_NEXT;
	}
	*v = (union cpu_xmm){ .q = { 0, 0 } };
	return read_bytes(cpu, i, 4, false, v->b);
}

int sse_write_m128(struct cpu *cpu, const struct insn *i, bool aligned, const union cpu_xmm *v)
{
	uint32_t off = insn_ea(cpu, i);
	if (aligned && ((cpu->seg[i->seg].base + off) & 15))
		return GP0(cpu);
	return x87_write_bytes(cpu, i->seg, off, 16, v->b);
}

/* One lane of 0F 51-5F: ModRM's opcode less 0x50. */
static uint32_t arith_lane(struct fp_env *env, unsigned op, uint32_t a, uint32_t b)
{
	switch (op) {
	case 0x1: return f32_sqrt(env, b);
	case 0x2: return f32_reciprocal_sqrt(b);
	case 0x3: return f32_reciprocal(b);
	case 0x4: return a & b;
	case 0x5: return ~a & b;
	case 0x6: return a | b;
	case 0x7: return a ^ b;
	case 0x8: return f32_add(env, a, b);
	case 0x9: return f32_mul(env, a, b);
	case 0xC: return f32_sub(env, a, b);
	case 0xD: return f32_min(env, a, b);
	case 0xE: return f32_div(env, a, b);
	default: return f32_max(env, a, b);
	}
}

/* The operands of a lane-wise instruction: four lanes, or with F3 lane
 * 0 (*lanes); the source, and a copy of the destination to compute in. */
static int lane_operands(struct cpu *cpu, const struct insn *i, union cpu_xmm *dst,
			 union cpu_xmm *src, unsigned *lanes)
{
	bool scalar = i->rep == 0xF3;
	if (sse_begin(cpu))
		return R_FAULT;
	*dst = cpu->sse.xmm[i->reg];
	*lanes = scalar ? 1 : 4;
	return scalar ? sse_read_scalar(cpu, i, src) : sse_read_source(cpu, i, true, src);
}

/* 0F 51-5F (but 5A, 5B: SSE2's): packed, or with F3 scalar (not the
 * logic instructions 54-57). */
HANDLER(op_sse_arith)
{
	unsigned op = i->op - 0x50u, lanes;
	if (i->rep == 0xF2 || (i->rep == 0xF3 && op >= 4 && op <= 7))
		return UD(cpu);
	union cpu_xmm src, r;
	if (lane_operands(cpu, i, &r, &src, &lanes))
		return R_FAULT;
	struct fp_env env = sse_env(cpu);
	for (unsigned k = 0; k < lanes; k++)
		r.f32[k] = arith_lane(&env, op, r.f32[k], src.f32[k]);
	if (sse_finish(cpu, &env))
		return R_FAULT;
	cpu->sse.xmm[i->reg] = r;
	return R_NEXT;
}

/* CMPPS/CMPSS's predicates (imm8 bits 0-2): EQ LT LE UNORD NEQ NLT NLE
 * ORD; LT, LE, NLT and NLE signal on any NaN, the others on a signalling
 * one only. */
static bool predicate(struct fp_env *env, unsigned p, uint32_t a, uint32_t b)
{
	bool quiet = p == 0 || p == 3 || p == 4 || p == 7;
	enum fp_relation rel = f32_compare(env, a, b, quiet);
	bool unordered = rel == FP_UNORDERED;
	switch (p) {
	case 0: return rel == FP_EQUAL;
	case 1: return rel == FP_LESS;
	case 2: return rel == FP_LESS || rel == FP_EQUAL;
	case 3: return unordered;
	case 4: return rel != FP_EQUAL;
	case 5: return rel != FP_LESS;
	case 6: return unordered || rel == FP_GREATER;
	default: return !unordered;
	}
}

/* 0F C2 CMPPS, F3 0F C2 CMPSS: each lane all ones where the predicate
 * holds. */
HANDLER(op_sse_cmp)
{
	if (i->rep == 0xF2)
		return UD(cpu);
	union cpu_xmm src, r;
	unsigned lanes;
	if (lane_operands(cpu, i, &r, &src, &lanes))
		return R_FAULT;
	struct fp_env env = sse_env(cpu);
	for (unsigned k = 0; k < lanes; k++)
		r.f32[k] = predicate(&env, i->imm & 7, r.f32[k], src.f32[k]) ? 0xFFFFFFFFu : 0;
	if (sse_finish(cpu, &env))
		return R_FAULT;
	cpu->sse.xmm[i->reg] = r;
	return R_NEXT;
}

/* 0F 2E UCOMISS, 0F 2F COMISS: lane 0 into ZF, PF, CF; OF, SF, AF
 * cleared. */
HANDLER(op_sse_comis)
{
	static const uint32_t results[] = {
		[FP_LESS] = FLAG_CF, [FP_EQUAL] = FLAG_ZF, [FP_GREATER] = 0,
		[FP_UNORDERED] = FLAG_ZF | FLAG_PF | FLAG_CF,
	};
	if (i->rep)
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	union cpu_xmm src;
	if (sse_read_scalar(cpu, i, &src))
		return R_FAULT;
	struct fp_env env = sse_env(cpu);
	enum fp_relation rel = f32_compare(&env, cpu->sse.xmm[i->reg].f32[0], src.f32[0], i->op == 0x2E);
	if (sse_finish(cpu, &env))
		return R_FAULT;
	flags_set(cpu, results[rel], FLAG_ZF | FLAG_PF | FLAG_CF | FLAG_OF | FLAG_SF | FLAG_AF);
	return R_NEXT;
}
