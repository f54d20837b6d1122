/* Expectations: see sst-expect.h. */
#include "tests/corpus/sst-expect.h"

#include <string.h>

#include "cpu/cpu.h"

#define HLT 0xF4
#define FRAME_BYTES 6 /* IP, CS, FLAGS */

static uint32_t linear(uint16_t seg, uint32_t off)
{
	return ((uint32_t)seg << 4) + (off & 0xFFFF);
}

/* Where the exception frame's FLAGS word is, from the final SS:SP (the
 * handler is a lone HLT, so SP still points at the frame's IP).  The
 * suite's flag_address is that address rounded down to even when SP is
 * odd (it is the 286's bus address), so trust it only when it is neither. */
static uint32_t pushed_flags_addr(const struct moo_test *t, const uint16_t *regs)
{
	uint32_t at = linear(regs[MOO_SS], (uint32_t)regs[MOO_SP] + 4);

	if (t->excp_flag_addr == at || t->excp_flag_addr == (at & ~1u))
		return at;
	return t->excp_flag_addr;
}

void sst_expect_recorded(struct sst_expect *e, const struct moo_test *t,
			 uint16_t flags_mask)
{
	for (int r = 0; r < MOO_NREGS; r++)
		e->regs[r] = (t->fina.mask & (1u << r)) ? t->fina.regs[r]
							: t->init.regs[r];
	e->flags_mask = flags_mask;
	e->ram = t->fina;
	e->pushed_flags_addr = t->has_excp ? pushed_flags_addr(t, e->regs)
					   : SST_NO_ADDR;
}

/* Looking RAM up. */

/* Linear address of the k-th byte below the INIT SS:SP (k = 1..6 is the
 * frame a fault at the instruction pushes). */
static uint32_t below_sp(const struct moo_test *t, unsigned k)
{
	return linear(t->init.regs[MOO_SS], (uint32_t)t->init.regs[MOO_SP] - k);
}

static bool in_frame(const struct moo_test *t, uint32_t addr)
{
	for (unsigned k = 1; k <= FRAME_BYTES; k++)
		if (below_sp(t, k) == addr)
			return true;
	return false;
}

static bool used_by_vector(const struct moo_test *t, uint32_t addr)
{
	uint8_t v;

	return moo_ram_find(&t->init, addr, &v) || moo_ram_find(&t->fina, addr, &v);
}

/* The handler for a vector the 286 did not take: IVT[vector] pointing at a
 * HLT in memory nothing else uses.  Returns false when IVT[vector] itself
 * is in use. */
static bool place_handler(const struct moo_test *t, uint8_t vector,
			  struct sst_extra *x, uint16_t *cs)
{
	uint32_t ivt = 4u * vector;
	uint32_t h = 0x500;

	for (uint32_t a = ivt; a < ivt + 4; a++)
		if (used_by_vector(t, a) || in_frame(t, a))
			return false;
	/* Paragraph-aligned candidates below 1 MiB, a page and a line apart. */
	while (used_by_vector(t, h) || in_frame(t, h) || (h >= ivt && h < ivt + 4))
		h += 0x1010;
	*cs = (uint16_t)(h >> 4);
	x->count = 5;
	for (unsigned k = 0; k < 4; k++)
		x->addr[k] = ivt + k;
	x->value[0] = 0;
	x->value[1] = 0;
	x->value[2] = (uint8_t)*cs;
	x->value[3] = (uint8_t)(*cs >> 8);
	x->addr[4] = h;
	x->value[4] = HLT;
	return true;
}

static void put_record(uint8_t *p, uint32_t addr, uint8_t value)
{
	p[0] = (uint8_t)addr;
	p[1] = (uint8_t)(addr >> 8);
	p[2] = (uint8_t)(addr >> 16);
	p[3] = (uint8_t)(addr >> 24);
	p[4] = value;
}

static void set_records(struct sst_expect *e, const uint8_t *records, uint32_t count)
{
	e->ram.mask = 0;
	e->ram.ram = records;
	e->ram.ram_count = count;
}

/* A fault at the instruction with the INIT state (SDM Vol.3A 20.1.4:
 * push FLAGS, CS, IP; clear IF, TF; load CS:IP from the IVT). */
static void expect_clean_fault(struct sst_expect *e, const struct moo_test *t,
			       uint16_t cs, uint16_t ip, uint8_t *records)
{
	const uint16_t *init = t->init.regs;
	uint16_t flags = (uint16_t)((init[MOO_FLAGS] & SST_FLAGS_REAL) | 2);
	uint16_t words[3] = { init[MOO_IP], init[MOO_CS], flags };

	memcpy(e->regs, init, sizeof e->regs);
	e->regs[MOO_SP] = (uint16_t)(init[MOO_SP] - FRAME_BYTES);
	e->regs[MOO_CS] = cs;
	e->regs[MOO_IP] = ip;
	e->regs[MOO_FLAGS] = (uint16_t)(flags & ~(FLAG_IF | FLAG_TF));
	for (unsigned w = 0; w < 3; w++) {
		put_record(records + 10 * w, below_sp(t, 6 - 2 * w), (uint8_t)words[w]);
		put_record(records + 10 * w + 5, below_sp(t, 5 - 2 * w),
			   (uint8_t)(words[w] >> 8));
	}
	set_records(e, records, FRAME_BYTES);
	e->pushed_flags_addr = below_sp(t, 2);
}

static bool expect_fault(struct sst_expect *e, const struct moo_test *t,
			 const struct sst_plan *p, struct sst_extra *x,
			 uint8_t *records)
{
	uint16_t cs, ip = 1; /* after the HLT at cs:0000 */

	if (p->recorded_vector) {
		cs = t->fina.mask & (1u << MOO_CS) ? t->fina.regs[MOO_CS] : t->init.regs[MOO_CS];
		ip = t->fina.mask & (1u << MOO_IP) ? t->fina.regs[MOO_IP] : t->init.regs[MOO_IP];
	} else if (!place_handler(t, p->vector, x, &cs)) {
		return false;
	}
	if (!p->fault.string) {
		expect_clean_fault(e, t, cs, ip, records);
		return true;
	}
	/* Iterations before the faulting one stand as the 286 recorded them. */
	sst_expect_recorded(e, t, e->flags_mask);
	e->regs[MOO_SI] = p->fault.si;
	e->regs[MOO_DI] = p->fault.di;
	e->regs[MOO_CX] = p->fault.cx;
	e->regs[MOO_CS] = cs;
	e->regs[MOO_IP] = ip;
	return true;
}

/* 8C /4 /5 stores FS or GS (both 0: reset state, never loaded by a
 * vector); 8E /4 /5 loads them, which the compared state does not show. */
static bool expect_mov_sreg(struct sst_expect *e, const struct moo_test *t,
			    const struct sst_plan *p, uint8_t *records)
{
	const struct sst_insn *in = &p->insn;
	const uint16_t *init = t->init.regs;

	memcpy(e->regs, init, sizeof e->regs);
	e->regs[MOO_IP] = (uint16_t)(init[MOO_IP] + t->nbytes);
	e->regs[MOO_FLAGS] = (uint16_t)((init[MOO_FLAGS] & SST_FLAGS_REAL) | 2);
	set_records(e, records, 0);
	e->pushed_flags_addr = SST_NO_ADDR;
	if (in->op != 0x8C)
		return true;
	if (!in->mem) {
		e->regs[sst_moo_reg(in->rm)] = 0;
		return true;
	}
	for (unsigned k = 0; k < 2; k++) {
		uint32_t a = sst_linear(init, in->mem_seg, (uint16_t)(in->ea + k));

		for (unsigned c = 0; c < t->nbytes; c++)
			if (a == linear(init[MOO_CS], (uint32_t)init[MOO_IP] + c))
				return false; /* it would overwrite the code */
		put_record(records + 5 * k, a, 0);
	}
	set_records(e, records, 2);
	return true;
}

bool sst_expect_plan(struct sst_expect *e, const struct moo_test *t,
		     const struct sst_plan *p, uint16_t flags_mask,
		     struct sst_extra *extra, uint8_t records[SST_RECORDS_SIZE])
{
	extra->count = 0;
	e->flags_mask = flags_mask;
	if (p->judge == SST_AS_MOV_SREG)
		return expect_mov_sreg(e, t, p, records);
	return expect_fault(e, t, p, extra, records);
}

/* Comparing two expectations. */

static uint8_t byte_mask(const struct sst_expect *e, uint32_t addr)
{
	if (e->pushed_flags_addr == SST_NO_ADDR)
		return 0xFF;
	if (addr == e->pushed_flags_addr)
		return (uint8_t)e->flags_mask;
	if (addr == e->pushed_flags_addr + 1)
		return (uint8_t)(e->flags_mask >> 8);
	return 0xFF;
}

/* The byte e leaves at addr: listed, else the INIT value, else 0. */
static uint8_t final_byte(const struct sst_expect *e, const struct moo_test *t,
			  uint32_t addr)
{
	uint8_t v = 0;

	if (!moo_ram_find(&e->ram, addr, &v))
		moo_ram_find(&t->init, addr, &v);
	return v;
}

static bool ram_covered(const struct sst_expect *a, const struct sst_expect *b,
			const struct moo_test *t)
{
	for (uint32_t i = 0; i < a->ram.ram_count; i++) {
		uint32_t addr;
		uint8_t v;

		moo_ram_at(&a->ram, i, &addr, &v);
		if ((v ^ final_byte(b, t, addr)) & byte_mask(a, addr) & byte_mask(b, addr))
			return false;
	}
	return true;
}

bool sst_expect_same(const struct sst_expect *a, const struct sst_expect *b,
		     const struct moo_test *t)
{
	uint16_t mask = a->flags_mask & b->flags_mask & SST_FLAGS_REAL;

	for (int r = 0; r < MOO_FLAGS; r++)
		if (a->regs[r] != b->regs[r])
			return false;
	if ((a->regs[MOO_FLAGS] ^ b->regs[MOO_FLAGS]) & mask)
		return false;
	return ram_covered(a, b, t) && ram_covered(b, a, t);
}
