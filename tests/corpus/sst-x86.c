/* 16-bit decoding and the segment-limit model: see sst-x86.h. */
#include "tests/corpus/sst-x86.h"

#include <string.h>

#include "cpu/cpu.h"

#define SEG_LIMIT 0xFFFFu
#define FLAGS_DF 0x0400u

static const enum moo_reg x86_to_moo[8] = {
	MOO_AX, MOO_CX, MOO_DX, MOO_BX, MOO_SP, MOO_BP, MOO_SI, MOO_DI,
};

enum moo_reg sst_moo_reg(unsigned r)
{
	return x86_to_moo[r & 7];
}

uint32_t sst_linear(const uint16_t regs[MOO_NREGS], int seg, uint16_t off)
{
	static const enum moo_reg seg_reg[4] = { MOO_ES, MOO_CS, MOO_SS, MOO_DS };

	return ((uint32_t)regs[seg_reg[seg & 3]] << 4) + off;
}

/* Bytes a ModRM memory operand of op covers; 0 when the opcode has no
 * ModRM, -1 for ModRM opcodes that touch no memory (LEA) or are not
 * modelled (the FPU escapes other than D8). */
static int modrm_size(uint8_t op, unsigned reg)
{
	if (op < 0x40 && (op & 7) < 4)
		return 1 + (op & 1);                 /* ALU Eb,Gb .. Gv,Ev */
	switch (op) {
	case 0x80: case 0x82: case 0x84: case 0x86: case 0x88: case 0x8A:
	case 0xC0: case 0xC6: case 0xD0: case 0xD2: case 0xF6: case 0xFE:
		return 1;
	case 0x63: case 0x69: case 0x6B: case 0x81: case 0x83: case 0x85:
	case 0x87: case 0x89: case 0x8B: case 0x8C: case 0x8E: case 0x8F:
	case 0xC1: case 0xC7: case 0xD1: case 0xD3: case 0xF7:
		return 2;
	case 0x62: case 0xC4: case 0xC5: case 0xD8: /* BOUND, LES, LDS, m32real */
		return 4;
	case 0xFF:
		return reg == 3 || reg == 5 ? 4 : 2; /* far pointers for CALLF/JMPF */
	case 0x8D: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD:
	case 0xDE: case 0xDF:
		return -1;
	default:
		return 0;
	}
}

static uint8_t byte_at(const uint8_t *bytes, unsigned n, unsigned k)
{
	return k < n ? bytes[k] : 0;
}

/* SDM Vol.2A Table 2-1: the 16-bit ModRM addressing forms. */
static void decode_modrm(const uint8_t *bytes, unsigned n, const uint16_t *regs,
			 struct sst_insn *in)
{
	static const uint8_t base[8] = { MOO_BX, MOO_BX, MOO_BP, MOO_BP,
					 MOO_SI, MOO_DI, MOO_BP, MOO_BX };
	static const int8_t index[8] = { MOO_SI, MOO_DI, MOO_SI, MOO_DI, -1, -1, -1, -1 };
	unsigned at = in->op_at + 2;
	uint16_t ea = 0;
	int seg = SST_DS;

	if (in->mod == 0 && in->rm == 6) {
		ea = (uint16_t)(byte_at(bytes, n, at) | byte_at(bytes, n, at + 1) << 8);
	} else {
		ea = regs[base[in->rm]];
		if (index[in->rm] >= 0)
			ea = (uint16_t)(ea + regs[index[in->rm]]);
		if (base[in->rm] == MOO_BP)
			seg = SST_SS;
		if (in->mod == 1)
			ea = (uint16_t)(ea + (int8_t)byte_at(bytes, n, at));
		else if (in->mod == 2)
			ea = (uint16_t)(ea + (byte_at(bytes, n, at) |
					      byte_at(bytes, n, at + 1) << 8));
	}
	in->ea = ea;
	in->mem_seg = in->seg_override != SST_NO_SEG ? in->seg_override : seg;
}

void sst_decode(const uint8_t *bytes, unsigned n, const uint16_t regs[MOO_NREGS],
		struct sst_insn *in)
{
	unsigned k = 0;
	int size;

	memset(in, 0, sizeof *in);
	in->seg_override = SST_NO_SEG;
	while (k < n && cpu_is_prefix(bytes[k])) {
		switch (bytes[k]) {
		case 0x26: in->seg_override = SST_ES; break;
		case 0x2E: in->seg_override = SST_CS; break;
		case 0x36: in->seg_override = SST_SS; break;
		case 0x3E: in->seg_override = SST_DS; break;
		case 0xF0: in->lock = true; break;
		case 0xF2: case 0xF3: in->rep = true; break;
		}
		k++;
	}
	in->op_at = k;
	in->op = byte_at(bytes, n, k);
	if (in->op >= 0xA0 && in->op <= 0xA3) /* moffs16 */
		in->ea = (uint16_t)(byte_at(bytes, n, k + 1) | byte_at(bytes, n, k + 2) << 8);
	size = modrm_size(in->op, (byte_at(bytes, n, k + 1) >> 3) & 7);
	if (size == 0)
		return;
	in->has_modrm = true;
	in->mod = byte_at(bytes, n, k + 1) >> 6;
	in->reg = (byte_at(bytes, n, k + 1) >> 3) & 7;
	in->rm = byte_at(bytes, n, k + 1) & 7;
	if (in->mod == 3)
		return;
	in->mem = true;
	in->mem_size = size > 0 ? (unsigned)size : 0;
	decode_modrm(bytes, n, regs, in);
}

/* The access walk. */

struct walk {
	struct sst_fault *f;
	uint16_t sp;
};

/* Check one access; records the fault and returns false if it breaks the
 * limit. */
static bool touch(struct walk *w, int seg, uint16_t off, unsigned size)
{
	if ((uint32_t)off + size - 1 <= SEG_LIMIT)
		return true;
	w->f->kind = seg == SST_SS ? SST_FAULT_SS : SST_FAULT_GP;
	return false;
}

static bool push(struct walk *w)
{
	w->sp = (uint16_t)(w->sp - 2);
	return touch(w, SST_SS, w->sp, 2);
}

static bool pop(struct walk *w)
{
	if (!touch(w, SST_SS, w->sp, 2))
		return false;
	w->sp = (uint16_t)(w->sp + 2);
	return true;
}

static bool pushes(struct walk *w, unsigned count)
{
	while (count--)
		if (!push(w))
			return false;
	return true;
}

static bool pops(struct walk *w, unsigned count)
{
	while (count--)
		if (!pop(w))
			return false;
	return true;
}

/* Stack-only instructions: returns false when op is not one. */
static bool walk_stack_op(struct walk *w, const struct sst_insn *in,
			  const uint16_t *regs)
{
	uint8_t op = in->op;

	if ((op >= 0x50 && op <= 0x57) || op == 0x06 || op == 0x0E || op == 0x16 ||
	    op == 0x1E || op == 0x68 || op == 0x6A || op == 0x9C || op == 0xE8) {
		pushes(w, 1);
		return true;
	}
	if ((op >= 0x58 && op <= 0x5F) || op == 0x07 || op == 0x17 || op == 0x1F ||
	    op == 0x9D || op == 0xC2 || op == 0xC3) {
		pops(w, 1);
		return true;
	}
	switch (op) {
	case 0x60: /* PUSHA: SDM Vol.2B, #GP if SP is 7, 9, 11, 13 or 15 */
		if (w->sp >= 7 && w->sp <= 15 && (w->sp & 1))
			w->f->kind = SST_FAULT_GP;
		else
			pushes(w, 8);
		return true;
	case 0x61: pops(w, 8); return true;
	case 0x9A: pushes(w, 2); return true;
	case 0xCA: case 0xCB: pops(w, 2); return true;
	case 0xCF: pops(w, 3); return true;
	case 0xC9: w->sp = regs[MOO_BP]; pops(w, 1); return true; /* LEAVE */
	default: return false;
	}
}

static int string_uses(uint8_t op, bool *si, bool *di)
{
	*si = (op >= 0xA4 && op <= 0xA7) || op == 0xAC || op == 0xAD ||
	      op == 0x6E || op == 0x6F;
	*di = (op >= 0xA4 && op <= 0xA7) || op == 0xAA || op == 0xAB ||
	      op == 0xAE || op == 0xAF || op == 0x6C || op == 0x6D;
	return *si || *di;
}

/* First iteration j < count at which a word index starting at start and
 * moving by delta (+2 or -2) sits at offset 0xFFFF; count if none. */
static uint32_t first_wrap(uint16_t start, int delta, uint32_t count)
{
	uint16_t dist = delta > 0 ? (uint16_t)(SEG_LIMIT - start) : (uint16_t)(start - SEG_LIMIT);
	uint32_t j;

	if (dist & 1)
		return count;
	j = dist / 2u;
	return j < count ? j : count;
}

/* MOVS CMPS STOS LODS SCAS INS OUTS (SDM Vol.2B): SI through DS or the
 * override, then DI through ES; only word forms can break the limit. */
static void walk_string(struct walk *w, const struct sst_insn *in, const uint16_t *regs)
{
	struct sst_fault *f = w->f;
	bool use_si, use_di;
	int delta = (regs[MOO_FLAGS] & FLAGS_DF) ? -2 : 2;
	uint32_t count = in->rep ? regs[MOO_CX] : 1;
	uint32_t jsi, jdi, k;

	string_uses(in->op, &use_si, &use_di);
	if (!(in->op & 1) || count == 0)
		return;
	jsi = use_si ? first_wrap(regs[MOO_SI], delta, count) : count;
	jdi = use_di ? first_wrap(regs[MOO_DI], delta, count) : count;
	k = jsi < jdi ? jsi : jdi;
	if (k == count)
		return;
	f->string = true;
	f->iterations = k;
	f->si = use_si ? (uint16_t)(regs[MOO_SI] + (int32_t)k * delta) : regs[MOO_SI];
	f->di = use_di ? (uint16_t)(regs[MOO_DI] + (int32_t)k * delta) : regs[MOO_DI];
	f->cx = in->rep ? (uint16_t)(regs[MOO_CX] - k) : regs[MOO_CX];
	if (jsi == k)
		f->kind = in->seg_override == SST_SS ? SST_FAULT_SS : SST_FAULT_GP;
	else
		f->kind = SST_FAULT_GP; /* ES:DI */
}

/* Instructions with a ModRM memory operand, in their order of accesses. */
static void walk_modrm(struct walk *w, const struct sst_insn *in)
{
	bool far = in->mem_size == 4;

	if (in->op == 0x8F) { /* POP Ev: the stack first */
		if (pop(w))
			touch(w, in->mem_seg, in->ea, 2);
		return;
	}
	if (!touch(w, in->mem_seg, in->ea, in->mem_size)) {
		w->f->dword_wrap = far && in->ea == 0xFFFE;
		return;
	}
	if (in->op == 0xFF && (in->reg == 2 || in->reg == 6))
		pushes(w, 1);       /* CALL Ev, PUSH Ev */
	else if (in->op == 0xFF && in->reg == 3)
		pushes(w, 2);       /* CALLF Mp */
}

/* Opcodes that touch no memory (or only bytes, which cannot break it). */
static bool no_memory(uint8_t op)
{
	if (op < 0x40)
		return (op & 7) >= 4 && op != 0x0F;
	if (op < 0x50 || (op >= 0x70 && op <= 0x7F) || (op >= 0x90 && op <= 0x99) ||
	    (op >= 0xB0 && op <= 0xBF) || (op >= 0xE0 && op <= 0xE7) ||
	    (op >= 0xE9 && op <= 0xEF) || (op >= 0xF4 && op <= 0xFD && op != 0xF6 &&
					   op != 0xF7))
		return true;
	switch (op) {
	case 0x9B: case 0x9E: case 0x9F: case 0xA8: case 0xA9:
	case 0xD4: case 0xD5: case 0xD6: case 0xD7:
		return true;
	default:
		return false;
	}
}

void sst_first_fault(const struct sst_insn *in, const uint16_t regs[MOO_NREGS],
		     struct sst_fault *f)
{
	struct walk w = { f, regs[MOO_SP] };
	bool si, di;

	memset(f, 0, sizeof *f);
	if (walk_stack_op(&w, in, regs))
		return;
	if (string_uses(in->op, &si, &di)) {
		walk_string(&w, in, regs);
	} else if (in->op >= 0xA0 && in->op <= 0xA3) { /* MOV AL/AX, moffs */
		touch(&w, in->seg_override != SST_NO_SEG ? in->seg_override : SST_DS,
		      in->ea, 1 + (in->op & 1));
	} else if (in->has_modrm && modrm_size(in->op, in->reg) < 0) {
		f->kind = in->op == 0x8D ? SST_NO_FAULT : SST_NOT_MODELLED;
	} else if (in->has_modrm) {
		if (in->mem)
			walk_modrm(&w, in);
	} else if (!no_memory(in->op)) {
		f->kind = SST_NOT_MODELLED;
	}
}
