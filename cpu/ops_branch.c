/* Control transfer: Jcc, JMP, CALL, RET, LOOP/JCXZ, INT/INTO/INT3,
 * IRET, BOUND.  Far forms go through seg.c. */
#include "cpu/ops.h"
#include "cpu/ops_list.h"

HANDLER(op_jcc)
{
	if (!flags_cond(cpu, i->op & 15))
		return R_NEXT;
	return jump_near(cpu, next_eip(cpu, i) + i->imm, i->osize);
}

HANDLER(op_jmp_rel)
{
	return jump_near(cpu, next_eip(cpu, i) + i->imm, i->osize);
}

HANDLER(op_call_rel)
{
	uint32_t ret = next_eip(cpu, i), target = ret + i->imm;
	if (i->osize == 2)
		target &= 0xFFFF;
	if (target > cpu->seg[S_CS].limit)
		return GP0(cpu);
	if (push(cpu, i->osize, ret))
		return R_FAULT;
	cpu->eip = target;
	return R_JUMP;
}

/* JMP Ev (FF /4) and CALL Ev (FF /2). */
HANDLER(op_jmp_E)
{
	uint32_t t;
	if (rm_read(cpu, i, i->osize, &t))
		return R_FAULT;
	return jump_near(cpu, t, i->osize);
}

HANDLER(op_call_E)
{
	uint32_t t;
	if (rm_read(cpu, i, i->osize, &t))
		return R_FAULT;
	if (i->osize == 2)
		t &= 0xFFFF;
	if (t > cpu->seg[S_CS].limit)
		return GP0(cpu);
	if (push(cpu, i->osize, next_eip(cpu, i)))
		return R_FAULT;
	cpu->eip = t;
	return R_JUMP;
}

/* RET and RET imm16 (C3, C2). */
HANDLER(op_ret)
{
	uint32_t sp = sp_get(cpu), t;
	if (pop_at(cpu, &sp, i->osize, &t))
		return R_FAULT;
	if (i->osize == 2)
		t &= 0xFFFF;
	if (t > cpu->seg[S_CS].limit)
		return GP0(cpu);
	sp_commit(cpu, sp + (i->op == 0xC2 ? i->imm : 0));
	cpu->eip = t;
	return R_JUMP;
}

HANDLER(op_jmp_far)
{
	return seg_far_jump(cpu, i->imm2, i->imm, i->osize, next_eip(cpu, i));
}

HANDLER(op_call_far)
{
	return seg_far_call(cpu, i->imm2, i->imm, i->osize, next_eip(cpu, i));
}

/* JMP/CALL m16:16/m16:32 (FF /5, FF /3). */
static int far_indirect(struct cpu *cpu, const struct insn *i, bool call)
{
	if (i->mod == 3)
		return UD(cpu);
	uint32_t off = insn_ea(cpu, i), target, sel;
	if (mem_read(cpu, i->seg, off, i->osize, &target) ||
	    mem_read(cpu, i->seg, off + i->osize, 2, &sel))
		return R_FAULT;
	if (call)
		return seg_far_call(cpu, (uint16_t)sel, target, i->osize, next_eip(cpu, i));
	return seg_far_jump(cpu, (uint16_t)sel, target, i->osize, next_eip(cpu, i));
}

HANDLER(op_jmp_far_E) { return far_indirect(cpu, i, false); }
HANDLER(op_call_far_E) { return far_indirect(cpu, i, true); }

/* RETF and RETF imm16 (CB, CA). */
HANDLER(op_retf)
{
	return seg_far_return(cpu, i->osize, i->op == 0xCA ? (uint16_t)i->imm : 0);
}

HANDLER(op_iret)
{
	return seg_iret(cpu, i->osize, next_eip(cpu, i));
}

/* LOOPNE LOOPE LOOP JCXZ (E0-E3): the count register is CX or ECX by
 * address size. */
HANDLER(op_loop)
{
	unsigned asz = i->addr32 ? 4 : 2;
	uint32_t c = reg_get(cpu, R_ECX, asz);
	bool take;
	if (i->op == 0xE3) {
		take = c == 0;
	} else {
		c = (c - 1) & size_mask(asz);
		take = c != 0;
		if (i->op == 0xE0)
			take = take && !flag_zf(cpu);
		else if (i->op == 0xE1)
			take = take && flag_zf(cpu);
	}
	if (take) {
		uint32_t t = next_eip(cpu, i) + i->imm;
		if (i->osize == 2)
			t &= 0xFFFF;
		if (t > cpu->seg[S_CS].limit)
			return GP0(cpu);
		cpu->eip = t;
	}
	if (i->op != 0xE3)
		reg_set(cpu, R_ECX, asz, c);
	if (!take)
		return R_NEXT;
	return R_JUMP;
}

/* INT n (CD), INT3 (CC), INTO (CE), INT1/ICEBP (F1). */
HANDLER(op_int)
{
	uint8_t vec = i->op == 0xCC ? VEC_BP : i->op == 0xF1 ? VEC_DB : (uint8_t)i->imm;
	if (i->op == 0xCE && !(flags_arith(cpu) & FLAG_OF))
		return R_NEXT;
	if (i->op == 0xCE)
		vec = VEC_OF;
	/* In v86 mode INT n with IOPL < 3 is #GP(0) (SDM Vol.3A §20.2.7). */
	if (cpu->core->v86 && i->op == 0xCD && (cpu->eflags & FLAG_IOPL) != FLAG_IOPL)
		return GP0(cpu);
	int r = cpu_interrupt(cpu, vec, i->op != 0xF1, next_eip(cpu, i));
	return r == R_FAULT ? R_FAULT : R_JUMP;
}

/* BOUND Gv,Ma (62): #BR when the index is outside [lower, upper]. */
HANDLER(op_bound)
{
	if (i->mod == 3)
		return UD(cpu);
	uint32_t off = insn_ea(cpu, i), lo, hi;
	unsigned sz = i->osize;
	if (mem_read(cpu, i->seg, off, sz, &lo) || mem_read(cpu, i->seg, off + sz, sz, &hi))
		return R_FAULT;
	int32_t idx, l, h;
	if (sz == 2) {
		idx = (int16_t)reg_get(cpu, i->reg, 2);
		l = (int16_t)lo;
		h = (int16_t)hi;
	} else {
		idx = (int32_t)cpu->reg[i->reg];
		l = (int32_t)lo;
		h = (int32_t)hi;
	}
	if (idx < l || idx > h)
		return raise_fault(cpu, VEC_BR);
	return R_NEXT;
}
