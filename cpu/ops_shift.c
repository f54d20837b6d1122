/* Shifts and rotates (group 2, SHLD/SHRD) and bit instructions (BT*,
 * BSF/BSR), SDM Vol.2 "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR". */
#include "cpu/ops.h"
#include "cpu/ops_list.h"

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

static uint32_t szp(uint32_t r, unsigned size)
{
	uint32_t f = 0;
	if ((r & size_mask(size)) == 0)
		f |= FLAG_ZF;
	if (r & sign_bit(size))
		f |= FLAG_SF;
	if (flags_parity((uint8_t)r))
		f |= FLAG_PF;
	return f;
}

/* Shift or rotate v by count (already masked to 5 bits, nonzero); sets
 * the flags and returns the result. */
static uint32_t shift(struct cpu *cpu, unsigned op, unsigned size, uint32_t v,
		      unsigned count)
{
	unsigned bits = 8 * size;
	uint32_t m = size_mask(size), msb = sign_bit(size), r, cf;
	v &= m;
	switch (op) {
	case SH_ROL: {
		unsigned c = count % bits;
		r = c ? ((v << c) | (v >> (bits - c))) & m : v;
		cf = r & 1;
		uint32_t of = ((r & msb) != 0) ^ cf;
		flags_set(cpu, (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0), FLAG_CF | FLAG_OF);
		return r;
	}
	case SH_ROR: {
		unsigned c = count % bits;
		r = c ? ((v >> c) | (v << (bits - c))) & m : v;
		cf = (r & msb) != 0;
		uint32_t of = cf ^ ((r & (msb >> 1)) != 0);
		flags_set(cpu, (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0), FLAG_CF | FLAG_OF);
		return r;
	}
	case SH_RCL: {
		unsigned c = size == 4 ? count : count % (bits + 1);
		uint64_t x = ((uint64_t)flag_cf(cpu) << bits) | v;
		for (unsigned k = 0; k < c; k++)
			x = ((x << 1) | (x >> bits)) & ((2ull << bits) - 1);
		r = (uint32_t)x & m;
		cf = (uint32_t)(x >> bits) & 1;
		/* OF: MSB(result) XOR CF, defined for one bit; for more the
		 * hardware gives the same formula (the 286 corpus says so). */
		uint32_t of = ((r & msb) != 0) ^ cf;
		flags_set(cpu, (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0), FLAG_CF | FLAG_OF);
		return r;
	}
	case SH_RCR: {
		unsigned c = size == 4 ? count : count % (bits + 1);
		uint32_t of = ((v & msb) != 0) ^ (uint32_t)flag_cf(cpu);
		uint64_t x = ((uint64_t)flag_cf(cpu) << bits) | v;
		for (unsigned k = 0; k < c; k++)
			x = ((x >> 1) | ((x & 1) << bits)) & ((2ull << bits) - 1);
		r = (uint32_t)x & m;
		cf = (uint32_t)(x >> bits) & 1;
		if (c != 1)   /* undefined; the hardware's last-step value */
			of = ((r & msb) != 0) ^ ((r & (msb >> 1)) != 0);
		flags_set(cpu, (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0), FLAG_CF | FLAG_OF);
		return r;
	}
	case SH_SHL:
	case SH_SAL: {
		uint64_t x = (uint64_t)v << count;
		r = (uint32_t)x & m;
		cf = (uint32_t)(x >> bits) & 1;
		uint32_t of = ((r & msb) != 0) ^ cf;
		flags_set(cpu, szp(r, size) | (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0),
			  FLAGS_ARITH);
		return r;
	}
	case SH_SHR: {
		r = count >= 32 ? 0 : (v >> count);
		cf = count > bits ? 0 : (v >> (count - 1)) & 1;
		/* OF: MSB of the source for one bit; for more (undefined) the
		 * MSB of the last step's source XOR the result, as QEMU has it. */
		uint32_t last = count > bits ? 0 : v >> (count - 1);
		uint32_t of = ((last ^ r) & msb) != 0;
		flags_set(cpu, szp(r, size) | (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0),
			  FLAGS_ARITH);
		return r;
	}
	default: { /* SAR */
		int32_t s = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
		unsigned c = count > 31 ? 31 : count;
		r = (uint32_t)(s >> c) & m;
		cf = (uint32_t)(s >> (count - 1 > 31 ? 31 : count - 1)) & 1;
		flags_set(cpu, szp(r, size) | (cf ? FLAG_CF : 0), FLAGS_ARITH);
		return r;
	}
	}
}

static int shift_E(struct cpu *cpu, const struct insn *i, unsigned count)
{
	uint32_t v;
	count &= 0x1F;
	if (rm_read_rmw(cpu, i, i->osize, &v))
		return R_FAULT;
	if (count == 0)
		return R_NEXT;
	struct cpu_lazy_flags lf = cpu->lf;
	uint32_t ef = cpu->eflags;
	uint32_t r = shift(cpu, i->reg, i->osize, v, count);
	if (rm_write(cpu, i, i->osize, r)) {
		cpu->lf = lf;
		cpu->eflags = ef;
		return R_FAULT;
	}
	return R_NEXT;
}

HANDLER(op_shift_E_I) { return shift_E(cpu, i, i->imm); }
HANDLER(op_shift_E_1) { return shift_E(cpu, i, 1); }
HANDLER(op_shift_E_CL) { return shift_E(cpu, i, cpu->reg[R_ECX] & 0xFF); }

/* SHLD/SHRD (0F A4/A5/AC/AD); counts above the operand size leave the
 * result undefined: we shift through the 64-bit concatenation. */
static int shift_double(struct cpu *cpu, const struct insn *i, unsigned count, bool left)
{
	unsigned size = i->osize, bits = 8 * size;
	uint32_t d, s = reg_get(cpu, i->reg, size), m = size_mask(size);
	count &= 0x1F;
	if (rm_read_rmw(cpu, i, size, &d))
		return R_FAULT;
	if (count == 0)
		return R_NEXT;
	/* 32-bit: the 64-bit d:s (SHLD) or s:d (SHRD); 16-bit: the 48-bit
	 * d:s:d, which gives the P6 results for counts of 16 to 31. */
	uint64_t x;
	uint32_t r, cf;
	d &= m;
	s &= m;
	if (bits == 32)
		x = left ? ((uint64_t)d << 32) | s : ((uint64_t)s << 32) | d;
	else
		x = ((uint64_t)d << 32) | ((uint64_t)s << 16) | d;
	unsigned width = bits == 32 ? 64 : 48;
	if (left) {
		r = (uint32_t)((x << count) >> (width - bits)) & m;
		cf = (uint32_t)(x >> (width - count)) & 1;
	} else {
		r = (uint32_t)(x >> count) & m;
		cf = (uint32_t)(x >> (count - 1)) & 1;
	}
	uint32_t of = ((r ^ d) & sign_bit(size)) ? 1 : 0;
	struct cpu_lazy_flags lf = cpu->lf;
	uint32_t ef = cpu->eflags;
	flags_set(cpu, szp(r, size) | (cf ? FLAG_CF : 0) | (of ? FLAG_OF : 0), FLAGS_ARITH);
	if (rm_write(cpu, i, size, r)) {
		cpu->lf = lf;
		cpu->eflags = ef;
		return R_FAULT;
	}
	return R_NEXT;
}

HANDLER(op_shld_I) { return shift_double(cpu, i, i->imm, true); }
HANDLER(op_shld_CL) { return shift_double(cpu, i, cpu->reg[R_ECX], true); }
HANDLER(op_shrd_I) { return shift_double(cpu, i, i->imm, false); }
HANDLER(op_shrd_CL) { return shift_double(cpu, i, cpu->reg[R_ECX], false); }

enum { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };

/* BT family: with a register bit offset and a memory operand the offset
 * is signed and selects any bit relative to the address (SDM Vol.2 BT). */
static int bit_op(struct cpu *cpu, const struct insn *i, unsigned kind, uint32_t bit,
		  bool from_reg)
{
	unsigned size = i->osize, bits = 8 * size;
	uint32_t v, off = 0;
	if (i->mod == 3) {
		v = reg_get(cpu, i->rm, size);
	} else {
		off = insn_ea(cpu, i);
		if (from_reg) {
			int32_t sb = size == 2 ? (int16_t)bit : (int32_t)bit;
			off += (uint32_t)((sb >> (size == 2 ? 4 : 5)) * (int32_t)size);
			if (!i->addr32)
				off &= 0xFFFF;
		}
		if (kind != BT_TEST && seg_check(cpu, i->seg, off, size, SEGACC_WRITE))
			return R_FAULT;
		if (mem_read(cpu, i->seg, off, size, &v))
			return R_FAULT;
	}
	bit &= bits - 1;
	uint32_t mask = 1u << bit, r = v;
	if (kind == BT_SET)
		r |= mask;
	else if (kind == BT_RESET)
		r &= ~mask;
	else if (kind == BT_COMPLEMENT)
		r ^= mask;
	if (kind != BT_TEST) {
		if (i->mod == 3)
			reg_set(cpu, i->rm, size, r);
		else if (mem_write(cpu, i->seg, off, size, r))
			return R_FAULT;
	}
	flags_set(cpu, (v & mask) ? FLAG_CF : 0, FLAG_CF);
	return R_NEXT;
}

HANDLER(op_bt_G) { return bit_op(cpu, i, BT_TEST, reg_get(cpu, i->reg, i->osize), true); }
HANDLER(op_bts_G) { return bit_op(cpu, i, BT_SET, reg_get(cpu, i->reg, i->osize), true); }
HANDLER(op_btr_G) { return bit_op(cpu, i, BT_RESET, reg_get(cpu, i->reg, i->osize), true); }
HANDLER(op_btc_G) { return bit_op(cpu, i, BT_COMPLEMENT, reg_get(cpu, i->reg, i->osize), true); }
/* Group 8 (0F BA /4../7): BT/BTS/BTR/BTC Ev,Ib. */
HANDLER(op_bt_I) { return bit_op(cpu, i, i->reg - 4, i->imm, false); }

/* BSF/BSR (0F BC/BD): ZF=1 and the destination unchanged when the source
 * is zero. */
static int bit_scan(struct cpu *cpu, const struct insn *i, bool reverse)
{
	uint32_t v;
	if (rm_read(cpu, i, i->osize, &v))
		return R_FAULT;
	v &= size_mask(i->osize);
	/* ZF says whether the source was zero; CF, OF, SF, AF and PF are
	 * undefined: given as a logical operation on the source would, as
	 * QEMU does. */
	uint32_t f = szp(v, i->osize);
	if (v == 0) {
		flags_set(cpu, f, FLAGS_ARITH);
		return R_NEXT;
	}
	uint32_t n = reverse ? 31u - (uint32_t)__builtin_clz(v) : (uint32_t)__builtin_ctz(v);
	reg_set(cpu, i->reg, i->osize, n);
	flags_set(cpu, f, FLAGS_ARITH);
	return R_NEXT;
}

HANDLER(op_bsf) { return bit_scan(cpu, i, false); }
HANDLER(op_bsr) { return bit_scan(cpu, i, true); }
