/* Decimal adjustments: DAA, DAS, AAA, AAS, AAM, AAD (SDM Vol.2). */
#include "cpu/alu.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"

static uint32_t szp8(uint32_t v)
{
	v &= 0xFF;
	return (v == 0 ? FLAG_ZF : 0) | ((v & 0x80) ? FLAG_SF : 0) |
	       (flags_parity((uint8_t)v) ? FLAG_PF : 0);
}

/* DAA (27) and DAS (2F). OF is undefined: cleared, as QEMU does. */
static int decimal_adjust(struct cpu *cpu, bool sub)
{
	uint32_t f = flags_arith(cpu);
	uint32_t al = cpu->reg[R_EAX] & 0xFF, old = al;
	bool old_cf = f & FLAG_CF, cf = false, af = false;
	uint32_t out = 0;
	if ((al & 0xF) > 9 || (f & FLAG_AF)) {
		/* CF also takes the carry or borrow of this step (SDM DAA/DAS). */
		cf = old_cf || (sub ? al < 6 : al + 6 > 0xFF);
		al = sub ? al - 6 : al + 6;
		af = true;
	}
	if (old > 0x99 || old_cf) {
		al = sub ? al - 0x60 : al + 0x60;
		cf = true;
	}
	al &= 0xFF;
	out = szp8(al) | (cf ? FLAG_CF : 0) | (af ? FLAG_AF : 0); /* OF (undefined): 0 */
	reg_set(cpu, R_EAX, 1, al);
	flags_set(cpu, out, FLAGS_ARITH);
	return R_NEXT;
}

HANDLER(op_daa) { (void)i; return decimal_adjust(cpu, false); }
HANDLER(op_das) { (void)i; return decimal_adjust(cpu, true); }

/* AAA (37) and AAS (3F), as the SDM gives them for the 386 and later:
 * AAA adds 106h to AX as a whole (a carry out of AL reaches AH), AAS
 * subtracts 6 from AX and 1 from AH; then AL keeps its low nibble. */
static int ascii_adjust(struct cpu *cpu, bool sub)
{
	uint32_t f = flags_arith(cpu);
	uint32_t ax = cpu->reg[R_EAX] & 0xFFFF;
	bool adj = (ax & 0xF) > 9 || (f & FLAG_AF);
	if (adj) {
		if (sub)
			ax = ((ax - 6) & 0xFFFF) - 0x100;
		else
			ax += 0x106;
	}
	ax = (ax & 0xFF00) | (ax & 0xF);
	reg_set(cpu, R_EAX, 2, ax);
	/* AF and CF say whether it adjusted; OF, SF, ZF and PF are undefined
	 * and left as they were, as QEMU does. */
	flags_set(cpu, adj ? (FLAG_AF | FLAG_CF) : 0, FLAG_AF | FLAG_CF);
	return R_NEXT;
}

HANDLER(op_aaa) { (void)i; return ascii_adjust(cpu, false); }
HANDLER(op_aas) { (void)i; return ascii_adjust(cpu, true); }

/* AAM imm8 (D4): #DE when imm8 is 0. */
HANDLER(op_aam)
{
	uint32_t base = i->imm & 0xFF, al = cpu->reg[R_EAX] & 0xFF;
	if (base == 0)
		return raise_fault(cpu, VEC_DE);
	uint32_t r = al % base;
	reg_set(cpu, R_EAX, 2, ((al / base) << 8) | r);
	flags_set(cpu, szp8(r), FLAGS_ARITH);
	return R_NEXT;
}

/* AAD imm8 (D5): SF, ZF and PF from the new AL; OF, AF and CF are
 * undefined and cleared, as QEMU does. */
HANDLER(op_aad)
{
	uint32_t al = cpu->reg[R_EAX] & 0xFF, ah = (cpu->reg[R_EAX] >> 8) & 0xFF;
	uint32_t r = (al + ah * (i->imm & 0xFF)) & 0xFF;
	reg_set(cpu, R_EAX, 2, r);
	flags_set(cpu, szp8(r), FLAGS_ARITH);
	return R_NEXT;
}
