/* FSTENV, FLDENV, FSAVE and FRSTOR: the x87 environment in its four
 * layouts (SDM Vol.1 §8.1.10, Figures 8-9 to 8-12): 28 bytes with a
 * 32-bit operand size, 14 with a 16-bit one, each in a protected-mode
 * form (selectors and offsets) and a real-mode form (20- or 32-bit
 * linear addresses, split).  The save forms add the eight registers,
 * ST(0) first, 10 bytes each. */
#include "cpu/ops.h"
#include "cpu/x87.h"

#define ENV_MAX 28

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)v);
	put16(b + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t get32(const uint8_t *b)
{
	return get16(b) | (uint32_t)get16(b + 2) << 16;
}

static bool real_layout(const struct cpu *cpu)
{
	return !cpu->core->pm || cpu->core->v86;
}

/* The environment's bytes; its size.  The reserved upper halves of the
 * 32-bit layout read as ones, as Intel's parts write them. */
static unsigned pack_environment(const struct cpu *cpu, bool op32, uint8_t *b)
{
	const struct cpu_fpu *f = &cpu->fpu;
	uint16_t words[3] = { f->control, f->status, cpu_fpu_tag_word(f) };
	uint32_t fip_lin = ((uint32_t)f->cs << 4) + f->ip, fdp_lin = ((uint32_t)f->ds << 4) + f->dp;
	bool real = real_layout(cpu);
	unsigned step = op32 ? 4 : 2;
	for (unsigned k = 0; k < 3; k++)
		(op32 ? put32(b + 4 * k, 0xFFFF0000u | words[k]) : put16(b + 2 * k, words[k]));
	uint8_t *p = b + 3 * step;
	uint32_t pointers[4];
	if (real) {
		pointers[0] = (op32 ? 0xFFFF0000u : 0) | (fip_lin & 0xFFFF);
		pointers[1] = (fip_lin >> 16) << 12 | (f->opcode & 0x7FF);
		pointers[2] = (op32 ? 0xFFFF0000u : 0) | (fdp_lin & 0xFFFF);
		pointers[3] = (fdp_lin >> 16) << 12;
	} else {
		pointers[0] = f->ip;
		pointers[1] = f->cs | (op32 ? (uint32_t)(f->opcode & 0x7FF) << 16 : 0);
		pointers[2] = f->dp;
		pointers[3] = f->ds | (op32 ? 0xFFFF0000u : 0);
	}
	for (unsigned k = 0; k < 4; k++)
		(op32 ? put32(p + 4 * k, pointers[k]) : put16(p + 2 * k, (uint16_t)pointers[k]));
	return 7 * step;
}

static void unpack_environment(struct cpu *cpu, bool op32, const uint8_t *b)
{
	struct cpu_fpu *f = &cpu->fpu;
	uint32_t v[7];
	for (unsigned k = 0; k < 7; k++)
		v[k] = op32 ? get32(b + 4 * k) : get16(b + 2 * k);
	f->control = (uint16_t)(v[0] | 0x0040);
	f->status = (uint16_t)v[1];
	f->empty = 0;
	for (unsigned r = 0; r < 8; r++)
		if (((v[2] >> (2 * r)) & 3) == 3)
			f->empty |= (uint8_t)(1u << r);
	if (real_layout(cpu)) {
		uint32_t fip_lin = (v[3] & 0xFFFF) | (v[4] >> 12) << 16;
		f->opcode = (uint16_t)(v[4] & 0x7FF);
		f->cs = 0;
		f->ip = fip_lin;
		f->ds = 0;
		f->dp = (v[5] & 0xFFFF) | (v[6] >> 12) << 16;
	} else {
		f->ip = v[3];
		f->cs = (uint16_t)v[4];
		f->opcode = op32 ? (uint16_t)((v[4] >> 16) & 0x7FF) : f->opcode;
		f->dp = v[5];
		f->ds = (uint16_t)v[6];
	}
	x87_recompute_error(cpu);
}

int x87_store_environment(struct cpu *cpu, const struct insn *i, bool with_registers)
{
	uint8_t b[ENV_MAX + 80];
	unsigned size = pack_environment(cpu, i->osize == 4, b);
	if (with_registers) {
		for (unsigned r = 0; r < 8; r++) {
			struct float80 v = x87_st(cpu, r);
			for (unsigned k = 0; k < 8; k++)
				b[size + 10 * r + k] = (uint8_t)(v.signif >> (8 * k));
			put16(b + size + 10 * r + 8, v.sign_exp);
		}
		size += 80;
	}
	if (x87_write_bytes(cpu, i->seg, insn_ea(cpu, i), size, b))
		return R_FAULT;
	if (with_registers)
		x87_init(cpu);
	else
		cpu->fpu.control |= FCW_EXCEPTION_MASKS;
	return R_NEXT;
}

int x87_load_environment(struct cpu *cpu, const struct insn *i, bool with_registers)
{
	uint8_t b[ENV_MAX + 80];
	unsigned size = (i->osize == 4 ? 28 : 14) + (with_registers ? 80 : 0);
	if (x87_read_bytes(cpu, i->seg, insn_ea(cpu, i), size, b))
		return R_FAULT;
	unpack_environment(cpu, i->osize == 4, b);
	if (with_registers) {
		unsigned base = size - 80;
		for (unsigned r = 0; r < 8; r++) {
			const uint8_t *p = b + base + 10 * r;
			uint64_t sig = (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
			cpu->fpu.st[x87_phys(cpu, r)] = (struct float80){ sig, get16(p + 8) };
		}
	}
	return R_NEXT;
}
