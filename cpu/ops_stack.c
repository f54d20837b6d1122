/* Stack instructions: PUSH/POP forms, PUSHA/POPA, PUSHF/POPF,
 * ENTER/LEAVE (SDM Vol.2). */
#include "cpu/ops.h"
#include "cpu/ops_list.h"

HANDLER(op_push_R)
{
	return push(cpu, i->osize, reg_get(cpu, i->op & 7, i->osize));
}

HANDLER(op_pop_R)
{
	uint32_t sp = sp_get(cpu), v;
	if (pop_at(cpu, &sp, i->osize, &v))
		return R_FAULT;
	sp_commit(cpu, sp);
	reg_set(cpu, i->op & 7, i->osize, v); /* POP eSP takes the popped value */
	return R_NEXT;
}

HANDLER(op_push_I)
{
	return push(cpu, i->osize, i->imm);
}

/* PUSH Ev (FF /6). */
HANDLER(op_push_E)
{
	uint32_t v;
	if (rm_read(cpu, i, i->osize, &v))
		return R_FAULT;
	return push(cpu, i->osize, v);
}

/* POP Ev (8F /0): the address is computed with ESP already incremented. */
HANDLER(op_pop_E)
{
	uint32_t sp = sp_get(cpu), v, old_esp = cpu->reg[R_ESP];
	if (pop_at(cpu, &sp, i->osize, &v))
		return R_FAULT;
	sp_commit(cpu, sp);
	if (rm_write(cpu, i, i->osize, v)) {
		cpu->reg[R_ESP] = old_esp;
		return R_FAULT;
	}
	return R_NEXT;
}

static unsigned sreg_of_push_pop(uint8_t op)
{
	switch (op) {
	case 0x06: case 0x07: return S_ES;
	case 0x0E: return S_CS;
	case 0x16: case 0x17: return S_SS;
	case 0x1E: case 0x1F: return S_DS;
	case 0xA0: case 0xA1: return S_FS;
	default: return S_GS;
	}
}

/* PUSH sreg: a 32-bit push writes the selector zero-extended. */
HANDLER(op_push_S)
{
	return push(cpu, i->osize, cpu->seg[sreg_of_push_pop(i->op)].sel);
}

HANDLER(op_pop_S)
{
	unsigned s = sreg_of_push_pop(i->op);
	uint32_t sp = sp_get(cpu), mask = sp_mask(cpu), v;
	if (pop_at(cpu, &sp, i->osize, &v))
		return R_FAULT;
	if (seg_load(cpu, s, (uint16_t)v))
		return R_FAULT;
	/* POP SS may change SS.B: SP or ESP moves as it was at the start. */
	sp_write(cpu, sp, mask);
	if (s == S_SS)
		cpu->core->inhibit_icount = cpu->icount + 1;
	return R_NEXT;
}

HANDLER(op_pusha)
{
	uint32_t sp = sp_get(cpu), esp = cpu->reg[R_ESP];
	/* SDM Vol.2 PUSHA, real-address mode: #GP if SP is 7, 9, 11, 13 or 15
	 * (the pushes would wrap around the segment). */
	if (!cpu->core->pm && sp >= 7 && sp <= 15 && (sp & 1))
		return GP0(cpu);
	for (unsigned r = 0; r < 8; r++) {
		uint32_t v = r == R_ESP ? esp : cpu->reg[r];
		if (push_at(cpu, &sp, i->osize, v))
			return R_FAULT;
	}
	sp_commit(cpu, sp);
	return R_NEXT;
}

HANDLER(op_popa)
{
	uint32_t sp = sp_get(cpu), v[8];
	for (int r = 7; r >= 0; r--)
		if (pop_at(cpu, &sp, i->osize, &v[r]))
			return R_FAULT;
	for (unsigned r = 0; r < 8; r++)
		if (r != R_ESP)
			reg_set(cpu, r, i->osize, v[r]);
	sp_commit(cpu, sp);
	return R_NEXT;
}

/* PUSHF: VM and RF read as 0 in the image (SDM Vol.2 PUSHF). */
HANDLER(op_pushf)
{
	if (cpu->core->v86 && (cpu->eflags & FLAG_IOPL) != FLAG_IOPL)
		return GP0(cpu);
	return push(cpu, i->osize, cpu_get_eflags(cpu) & ~(FLAG_VM | FLAG_RF));
}

/* Which EFLAGS bits POPF and IRET (same privilege) may change. */
void write_eflags_masked(struct cpu *cpu, uint32_t v, uint32_t mask)
{
	uint32_t iopl = (cpu->eflags & FLAG_IOPL) >> 12;
	mask &= FLAGS_ARITH | FLAG_TF | FLAG_IF | FLAG_DF | FLAG_IOPL | FLAG_NT |
		FLAG_AC | FLAG_ID;
	if (cpu->core->pm) {
		if (cpu->cpl > 0)
			mask &= ~FLAG_IOPL;
		if (cpu->cpl > iopl)
			mask &= ~FLAG_IF;
	}
	uint32_t cur = cpu_get_eflags(cpu);
	uint32_t nv = (cur & ~mask) | (v & mask);
	cpu->eflags = nv & ~FLAGS_ARITH;
	cpu->lf.op = LF_NONE;
	cpu->eflags |= nv & FLAGS_ARITH;
	cpu_mode_changed(cpu);
}

HANDLER(op_popf)
{
	if (cpu->core->v86 && (cpu->eflags & FLAG_IOPL) != FLAG_IOPL)
		return GP0(cpu);
	uint32_t sp = sp_get(cpu), v;
	if (pop_at(cpu, &sp, i->osize, &v))
		return R_FAULT;
	sp_commit(cpu, sp);
	uint32_t mask = i->osize == 2 ? 0xFFFF : 0xFFFFFFFFu;
	if (cpu->core->v86)
		mask &= ~FLAG_IOPL;
	write_eflags_masked(cpu, v, mask);
	return R_STOP; /* IF or TF may have changed */
}

/* ENTER imm16, imm8 (C8), as the SDM's Operation has it (Vol.2 ENTER):
 * the frame pointer FrameTemp is ESP after pushing EBP for a 32-bit
 * operand (on a 16-bit stack: ESP's upper half with the new SP), SP for a
 * 16-bit one, and goes to EBP or BP by operand size; the display is read
 * through BP or EBP and the stack moved through SP or ESP by the
 * stack-address size. */
HANDLER(op_enter)
{
	unsigned size = i->osize, level = i->imm2 & 31;
	uint32_t mask = sp_mask(cpu), sp = sp_get(cpu), bp = cpu->reg[R_EBP];
	if (push_at(cpu, &sp, size, reg_get(cpu, R_EBP, size)))
		return R_FAULT;
	uint32_t frame = size == 4 ? (cpu->reg[R_ESP] & ~mask) | sp : sp;
	if (level > 0) {
		for (unsigned k = 1; k < level; k++) {
			uint32_t v;
			bp = (bp - size) & mask;
			if (mem_read(cpu, S_SS, bp, size, &v) || push_at(cpu, &sp, size, v))
				return R_FAULT;
		}
		if (push_at(cpu, &sp, size, frame))
			return R_FAULT;
	}
	uint32_t new_sp = (sp - i->imm) & mask;
	/* The final stack pointer must be writable (#SS otherwise). */
	if (i->imm && seg_check(cpu, S_SS, new_sp, 1, SEGACC_WRITE))
		return R_FAULT;
	reg_set(cpu, R_EBP, size, frame);
	sp_commit(cpu, new_sp);
	return R_NEXT;
}

HANDLER(op_leave)
{
	uint32_t m = sp_mask(cpu);
	uint32_t sp = cpu->reg[R_EBP] & m, v;
	if (pop_at(cpu, &sp, i->osize, &v))
		return R_FAULT;
	sp_commit(cpu, sp);
	reg_set(cpu, R_EBP, i->osize, v);
	return R_NEXT;
}
