/* Data movement: MOV forms, XCHG, LEA, MOVZX/MOVSX, CMOVcc, SETcc,
 * BSWAP, XLAT, and the flag moves (LAHF/SAHF, CLC/STC/CMC, CLD/STD). */
#include "cpu/ops.h"
#include "cpu/ops_list.h"

HANDLER(op_mov_E_G)
{
	return rm_write(cpu, i, i->osize, reg_get(cpu, i->reg, i->osize));
}

HANDLER(op_mov_G_E)
{
	uint32_t v;
	if (rm_read(cpu, i, i->osize, &v))
		return R_FAULT;
	reg_set(cpu, i->reg, i->osize, v);
	return R_NEXT;
}

/* MOV between registers (mod == 3 forms of 88-8B). */
HANDLER(op_mov_R_G)
{
	reg_set(cpu, i->rm, i->osize, reg_get(cpu, i->reg, i->osize));
	return R_NEXT;
}

HANDLER(op_mov_G_R)
{
	reg_set(cpu, i->reg, i->osize, reg_get(cpu, i->rm, i->osize));
	return R_NEXT;
}

HANDLER(op_mov_E_I)
{
	return rm_write(cpu, i, i->osize, i->imm);
}

/* MOV r,imm (B0-BF). */
HANDLER(op_mov_R_I)
{
	reg_set(cpu, i->op & 7, i->osize, i->imm);
	return R_NEXT;
}

/* MOV AL/eAX,moffs (A0, A1) and moffs,AL/eAX (A2, A3). */
HANDLER(op_mov_A_O)
{
	uint32_t v;
	if (mem_read(cpu, i->seg, i->disp, i->osize, &v))
		return R_FAULT;
	reg_set(cpu, R_EAX, i->osize, v);
	return R_NEXT;
}

HANDLER(op_mov_O_A)
{
	return mem_write(cpu, i->seg, i->disp, i->osize, reg_get(cpu, R_EAX, i->osize));
}

HANDLER(op_xchg_E_G)
{
	uint32_t a;
	if (rm_read_rmw(cpu, i, i->osize, &a))
		return R_FAULT;
	if (rm_write(cpu, i, i->osize, reg_get(cpu, i->reg, i->osize)))
		return R_FAULT;
	reg_set(cpu, i->reg, i->osize, a);
	return R_NEXT;
}

/* XCHG eAX,r (91-97); 90 is NOP. */
HANDLER(op_xchg_A_R)
{
	unsigned r = i->op & 7;
	uint32_t a = reg_get(cpu, R_EAX, i->osize);
	reg_set(cpu, R_EAX, i->osize, reg_get(cpu, r, i->osize));
	reg_set(cpu, r, i->osize, a);
	return R_NEXT;
}

HANDLER(op_nop)
{
	(void)cpu;
	(void)i;
	return R_NEXT;
}

HANDLER(op_lea)
{
	if (i->mod == 3)
		return UD(cpu);
	reg_set(cpu, i->reg, i->osize, insn_ea(cpu, i));
	return R_NEXT;
}

/* MOVZX/MOVSX Gv,Eb (0F B6/BE) and Gv,Ew (0F B7/BF). */
HANDLER(op_movx)
{
	unsigned src = (i->op & 1) ? 2 : 1;
	uint32_t v;
	if (rm_read(cpu, i, src, &v))
		return R_FAULT;
	if (i->op & 8)
		v = src == 1 ? (uint32_t)(int32_t)(int8_t)v : (uint32_t)(int32_t)(int16_t)v;
	reg_set(cpu, i->reg, i->osize, v);
	return R_NEXT;
}

/* CMOVcc (0F 40-4F): the source is read even when the condition fails. */
HANDLER(op_cmov)
{
	uint32_t v;
	if (rm_read(cpu, i, i->osize, &v))
		return R_FAULT;
	if (flags_cond(cpu, i->op & 15))
		reg_set(cpu, i->reg, i->osize, v);
	return R_NEXT;
}

HANDLER(op_setcc)
{
	return rm_write(cpu, i, 1, (uint32_t)flags_cond(cpu, i->op & 15));
}

HANDLER(op_bswap)
{
	unsigned r = i->op & 7;
	cpu->reg[r] = __builtin_bswap32(cpu->reg[r]);
	return R_NEXT;
}

HANDLER(op_xlat)
{
	uint32_t v, off = reg_get(cpu, R_EBX, i->addr32 ? 4 : 2) + (cpu->reg[R_EAX] & 0xFF);
	if (!i->addr32)
		off &= 0xFFFF;
	if (mem_read(cpu, i->seg, off, 1, &v))
		return R_FAULT;
	reg_set(cpu, R_EAX, 1, v);
	return R_NEXT;
}

HANDLER(op_lahf)
{
	(void)i;
	reg_set(cpu, 4, 1, cpu_get_eflags(cpu) & 0xFF); /* AH */
	return R_NEXT;
}

HANDLER(op_sahf)
{
	(void)i;
	uint32_t ah = (cpu->reg[R_EAX] >> 8) & 0xFF;
	flags_set(cpu, ah, FLAG_SF | FLAG_ZF | FLAG_AF | FLAG_PF | FLAG_CF);
	return R_NEXT;
}

/* SALC (D6), undocumented on every Intel CPU since the 8086: AL = CF ? FF : 0. */
HANDLER(op_salc)
{
	(void)i;
	reg_set(cpu, R_EAX, 1, flag_cf(cpu) ? 0xFF : 0);
	return R_NEXT;
}

/* CLC STC CMC CLD STD (F8 F9 F5 FC FD). */
HANDLER(op_flag_op)
{
	switch (i->op) {
	case 0xF5: flags_set(cpu, flag_cf(cpu) ? 0 : FLAG_CF, FLAG_CF); break;
	case 0xF8: flags_set(cpu, 0, FLAG_CF); break;
	case 0xF9: flags_set(cpu, FLAG_CF, FLAG_CF); break;
	case 0xFC: cpu->eflags &= ~FLAG_DF; break;
	default: cpu->eflags |= FLAG_DF; break;
	}
	return R_NEXT;
}
