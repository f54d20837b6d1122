/* 0F AE: FXSAVE and FXRSTOR (the x87, MMX and SSE state in the 512-byte
 * image of SDM Vol.2 FXSAVE, Table 3-53), LDMXCSR and STMXCSR, and the
 * fences (nothing to order in an interpreter that retires one access at
 * a time). */
#include "cpu/model.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/sse.h"
#include "cpu/x87.h"

#define FXSAVE_SIZE 512

static void put(uint8_t *b, uint64_t v, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		b[k] = (uint8_t)(v >> (8 * k));
}

static uint64_t get(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;
	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

/* The image; the registers in stack order, ST(0) first, the tag word
 * abridged to a bit a physical register (1: not empty). */
static void pack_image(const struct cpu *cpu, uint8_t *b)
{
	const struct cpu_fpu *f = &cpu->fpu;
	memset(b, 0, FXSAVE_SIZE);
	put(b, f->control, 2);
	put(b + 2, f->status, 2);
	b[4] = (uint8_t)~f->empty;
	put(b + 6, f->opcode & 0x7FF, 2);
	put(b + 8, f->ip, 4);
	put(b + 12, f->cs, 2);
	put(b + 16, f->dp, 4);
	put(b + 20, f->ds, 2);
	put(b + 24, cpu->sse.mxcsr, 4);
	put(b + 28, MXCSR_MASK, 4);
	for (unsigned r = 0; r < 8; r++) {
		struct float80 v = x87_st(cpu, r);
		put(b + 32 + 16 * r, v.signif, 8);
		put(b + 40 + 16 * r, v.sign_exp, 2);
	}
	for (unsigned r = 0; r < 8; r++)
		memcpy(b + 160 + 16 * r, cpu->sse.xmm[r].b, 16);
}

static void unpack_image(struct cpu *cpu, const uint8_t *b)
{
	struct cpu_fpu *f = &cpu->fpu;
	f->control = (uint16_t)(get(b, 2) | 0x0040);
	f->status = (uint16_t)get(b + 2, 2);
	f->empty = (uint8_t)~b[4];
	f->opcode = (uint16_t)(get(b + 6, 2) & 0x7FF);
	f->ip = (uint32_t)get(b + 8, 4);
	f->cs = (uint16_t)get(b + 12, 2);
	f->dp = (uint32_t)get(b + 16, 4);
	f->ds = (uint16_t)get(b + 20, 2);
	cpu->sse.mxcsr = (uint32_t)get(b + 24, 4);
	for (unsigned r = 0; r < 8; r++)
		f->st[x87_phys(cpu, r)] = (struct float80){ get(b + 32 + 16 * r, 8),
							    (uint16_t)get(b + 40 + 16 * r, 2) };
	for (unsigned r = 0; r < 8; r++)
		memcpy(cpu->sse.xmm[r].b, b + 160 + 16 * r, 16);
	x87_recompute_error(cpu);
}

static int fxsave_fxrstor(struct cpu *cpu, const struct insn *i, bool restore)
{
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		return raise_fault(cpu, VEC_NM);
	uint32_t off = insn_ea(cpu, i);
	if ((cpu->seg[i->seg].base + off) & 15)
		return GP0(cpu);
	uint8_t b[FXSAVE_SIZE];
	if (!restore) {
		pack_image(cpu, b);
		return x87_write_bytes(cpu, i->seg, off, FXSAVE_SIZE, b);
	}
	if (x87_read_bytes(cpu, i->seg, off, FXSAVE_SIZE, b))
		return R_FAULT;
	if (get(b + 24, 4) & ~MXCSR_MASK)
		return GP0(cpu);
	unpack_image(cpu, b);
	return R_NEXT;
}

static int ldmxcsr_stmxcsr(struct cpu *cpu, const struct insn *i, bool load)
{
	if (sse_begin(cpu))
		return R_FAULT;
	if (!load)
		return rm_write(cpu, i, 4, cpu->sse.mxcsr);
	uint32_t v;
	if (rm_read(cpu, i, 4, &v))
		return R_FAULT;
	if (v & ~MXCSR_MASK)
		return GP0(cpu);
	cpu->sse.mxcsr = v;
	return R_NEXT;
}

/* /0 FXSAVE, /1 FXRSTOR (with FXSR), /2 LDMXCSR, /3 STMXCSR (memory
 * forms), and the register forms /7 SFENCE and /5 LFENCE with SSE; MFENCE
 * (/6) is SSE2's, which no model has.  LFENCE came with SSE2 on Intel's
 * parts, but QEMU's TCG takes it with SSE, and EDK2 executes it
 * unconditionally: OVMF boots on QEMU's pentium3 because of it, and so it
 * does here (docs/KNOWN-DIFFERENCES.md). */
HANDLER(op_grp15)
{
	uint32_t features = cpu->model->features;
	if (i->rep || !(features & (i->reg <= 1 ? CPUID_FXSR : CPUID_SSE)))
		return UD(cpu);
	if (i->mod == 3)
		return i->reg == 7 || i->reg == 5 ? R_NEXT : UD(cpu);
	switch (i->reg) {
	case 0: return fxsave_fxrstor(cpu, i, false);
	case 1: return fxsave_fxrstor(cpu, i, true);
	case 2: return ldmxcsr_stmxcsr(cpu, i, true);
	case 3: return ldmxcsr_stmxcsr(cpu, i, false);
	default: return UD(cpu);
	}
}
