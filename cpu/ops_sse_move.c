/* SSE's moves, shuffles and conversions (a Pentium III's). */
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/sse.h"
#include "cpu/x87.h"

static int read_m64(struct cpu *cpu, const struct insn *i, uint64_t *v)
{
	return x87_read_qword(cpu, i->seg, insn_ea(cpu, i), v);
}

static int write_m64(struct cpu *cpu, const struct insn *i, uint64_t v)
{
	return x87_write_qword(cpu, i->seg, insn_ea(cpu, i), v);
}

/* 0F 10/11 MOVUPS, F3 0F 10/11 MOVSS (a load from memory clears lanes
 * 1-3; between registers only lane 0 moves), 0F 28/29 MOVAPS, 0F 2B
 * MOVNTPS (a store). */
HANDLER(op_sse_mov)
{
	bool scalar = i->rep == 0xF3, store = i->op & 1, aligned = i->op >= 0x28;
	if (i->rep == 0xF2 || (scalar && aligned) || (i->op == 0x2B && (i->mod == 3 || i->rep)))
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	union cpu_xmm *reg = &cpu->sse.xmm[i->reg];
	if (scalar) {
		if (i->mod == 3) {
			cpu->sse.xmm[store ? i->rm : i->reg].f32[0] =
				cpu->sse.xmm[store ? i->reg : i->rm].f32[0];
			return R_NEXT;
		}
		if (store)
			return rm_write(cpu, i, 4, reg->f32[0]);
		union cpu_xmm v;
		if (sse_read_scalar(cpu, i, &v))
			return R_FAULT;
		*reg = v;
		return R_NEXT;
	}
	if (!store)
		return sse_read_source(cpu, i, aligned, reg);
	if (i->mod == 3) {
		cpu->sse.xmm[i->rm] = *reg;
		return R_NEXT;
	}
	return sse_write_m128(cpu, i, aligned, reg);
}

/* 0F 12/13 MOVLPS (MOVHLPS between registers), 0F 16/17 MOVHPS
 * (MOVLHPS): one quadword. */
HANDLER(op_sse_mov_half)
{
	bool high = i->op >= 0x16, store = i->op & 1;
	if (i->rep || (store && i->mod == 3))
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	union cpu_xmm *reg = &cpu->sse.xmm[i->reg];
	if (store)
		return write_m64(cpu, i, reg->q[high]);
	if (i->mod == 3) { /* MOVHLPS: low = source's high; MOVLHPS: high = source's low */
		reg->q[high] = cpu->sse.xmm[i->rm].q[!high];
		return R_NEXT;
	}
	return read_m64(cpu, i, &reg->q[high]);
}

/* 0F 14 UNPCKLPS, 0F 15 UNPCKHPS; 0F C6 SHUFPS. */
HANDLER(op_sse_shuffle)
{
	if (i->rep)
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	union cpu_xmm b, r, a = cpu->sse.xmm[i->reg];
	if (sse_read_source(cpu, i, true, &b))
		return R_FAULT;
	if (i->op == 0xC6) {
		for (unsigned k = 0; k < 4; k++)
			r.f32[k] = (k < 2 ? a : b).f32[(i->imm >> (2 * k)) & 3];
	} else {
		unsigned first = i->op == 0x15 ? 2 : 0;
		for (unsigned k = 0; k < 2; k++) {
			r.f32[2 * k] = a.f32[first + k];
			r.f32[2 * k + 1] = b.f32[first + k];
		}
	}
	cpu->sse.xmm[i->reg] = r;
	return R_NEXT;
}

/* 0F 50 MOVMSKPS r32, xmm: the lanes' sign bits. */
HANDLER(op_movmskps)
{
	if (i->rep || i->mod != 3)
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	uint32_t r = 0;
	for (unsigned k = 0; k < 4; k++)
		r |= (cpu->sse.xmm[i->rm].f32[k] >> 31) << k;
	cpu->reg[i->reg] = r;
	return R_NEXT;
}

/* 0F 2A CVTPI2PS xmm, mm/m64 (an MM register source makes the x87 state
 * MMX's); F3 0F 2A CVTSI2SS xmm, r/m32. */
HANDLER(op_cvt_to_single)
{
	if (i->rep == 0xF2)
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	struct fp_env env = sse_env(cpu);
	union cpu_xmm r = cpu->sse.xmm[i->reg];
	if (i->rep == 0xF3) {
		uint32_t v;
		if (rm_read(cpu, i, 4, &v))
			return R_FAULT;
		r.f32[0] = f32_from_int(&env, (int32_t)v);
	} else {
		uint64_t v;
		if (i->mod == 3 ? mmx_begin(cpu) || mmx_read_source(cpu, i, &v) : read_m64(cpu, i, &v))
			return R_FAULT;
		r.f32[0] = f32_from_int(&env, (int32_t)v);
		r.f32[1] = f32_from_int(&env, (int32_t)(v >> 32));
	}
	if (sse_finish(cpu, &env))
		return R_FAULT;
	cpu->sse.xmm[i->reg] = r;
	return R_NEXT;
}

/* 0F 2C CVTTPS2PI, 0F 2D CVTPS2PI mm, xmm/m64 (the x87 state becomes
 * MMX's); F3 0F 2C CVTTSS2SI, F3 0F 2D CVTSS2SI r32, xmm/m32. */
HANDLER(op_cvt_from_single)
{
	bool truncate = i->op == 0x2C, scalar = i->rep == 0xF3;
	if (i->rep == 0xF2)
		return UD(cpu);
	if (sse_begin(cpu))
		return R_FAULT;
	union cpu_xmm src;
	if (i->mod == 3)
		src = cpu->sse.xmm[i->rm];
	else if (scalar ? sse_read_scalar(cpu, i, &src) : read_m64(cpu, i, &src.q[0]))
		return R_FAULT;
	struct fp_env env = sse_env(cpu);
	uint32_t lo = (uint32_t)f32_to_int(&env, src.f32[0], truncate);
	uint32_t hi = scalar ? 0 : (uint32_t)f32_to_int(&env, src.f32[1], truncate);
	if (sse_finish(cpu, &env))
		return R_FAULT;
	if (scalar) {
		cpu->reg[i->reg] = lo;
		return R_NEXT;
	}
	if (mmx_begin(cpu))
		return R_FAULT;
	mmx_set(cpu, i->reg, (uint64_t)hi << 32 | lo);
	return R_NEXT;
}

/* 0F 18 /0-/3 PREFETCHh: a hint, no access and no fault; the other
 * encodings of 0F 18 are hint NOPs too. */
HANDLER(op_prefetch)
{
	(void)cpu;
	(void)i;
	return R_NEXT;
}
