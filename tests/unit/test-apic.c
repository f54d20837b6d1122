/* Unit tests of the local APIC (chipset/lapic.c) on a bus of its own with
 * a test clock: every register's reset value and writable bits, the
 * delivery modes and shorthands of the ICR, priorities (TPR, PPR, APR),
 * IRR/ISR/EOI, the timer in both modes with every divider, LINT0/LINT1
 * and the global enable.  The CPU's lines are counters here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "chipset/ioapic.h"
#include "chipset/lapic.h"

struct fixture {
	struct bus *bus;
	struct timer_queue timers;
	uint64_t now;
	struct lapic apic;
	struct ioapic io;
	bool intr;
	unsigned nmis, smis, inits;
	unsigned eois;
	uint8_t eoi_vector;
	struct line intr_line, nmi_line, smi_line, init_line;
};

static uint64_t clock_now(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static void set_intr(void *opaque, bool level)
{
	((struct fixture *)opaque)->intr = level;
}

/* Pulse counters: each rising edge counts. */
static void count_nmi(void *opaque, bool level)
{
	((struct fixture *)opaque)->nmis += level;
}

static void count_smi(void *opaque, bool level)
{
	((struct fixture *)opaque)->smis += level;
}

static void count_init(void *opaque, bool level)
{
	((struct fixture *)opaque)->inits += level;
}

static void log_eoi(void *opaque, uint8_t vector)
{
	struct fixture *f = opaque;
	f->eois++;
	f->eoi_vector = vector;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	f->timers.now = clock_now;
	f->timers.now_opaque = f;
	f->intr_line = (struct line){ set_intr, f };
	f->nmi_line = (struct line){ count_nmi, f };
	f->smi_line = (struct line){ count_smi, f };
	f->init_line = (struct line){ count_init, f };
	lapic_attach(&f->apic, f->bus, &f->timers);
	f->apic.intr = &f->intr_line;
	f->apic.nmi = &f->nmi_line;
	f->apic.smi = &f->smi_line;
	f->apic.init = &f->init_line;
	f->apic.eoi = (struct apic_eoi){ log_eoi, f };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bus_free(f->bus);
	free(f);
	return 0;
}

static uint32_t rd(struct fixture *f, uint32_t reg)
{
	return bus_read(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + reg, 4);
}

static void wr(struct fixture *f, uint32_t reg, uint32_t value)
{
	bus_write(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + reg, value, 4);
}

/* The ESR as software reads it: written first, then read (SDM §10.5.3). */
static uint32_t errors(struct fixture *f)
{
	wr(f, LAPIC_ESR, 0);
	return rd(f, LAPIC_ESR);
}

static void enable(struct fixture *f)
{
	wr(f, LAPIC_SVR, 0x1FF);
}

/* An IPI: the destination, then the low half that sends it. */
static void ipi(struct fixture *f, uint8_t dest, uint32_t lo)
{
	wr(f, LAPIC_ICR_HI, (uint32_t)dest << 24);
	wr(f, LAPIC_ICR_LO, lo);
}

#define SELF (1u << 18)
#define ALL_INCLUDING_SELF (2u << 18)
#define ALL_EXCLUDING_SELF (3u << 18)
#define MODE(m) ((uint32_t)(m) << 8)

static void advance(struct fixture *f, uint64_t ns)
{
	f->now += ns;
	timer_run_due(&f->timers, f->now);
}

static void test_reset_values(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t reg, value; } expect[] = {
		{ LAPIC_ID, 0 }, { LAPIC_VER, 0x00040011 }, { LAPIC_TPR, 0 }, { LAPIC_APR, 0 },
		{ LAPIC_PPR, 0 }, { LAPIC_EOI, 0 }, { LAPIC_RRD, 0 }, { LAPIC_LDR, 0 },
		{ LAPIC_DFR, 0xFFFFFFFF }, { LAPIC_SVR, 0xFF }, { LAPIC_ESR, 0 },
		{ LAPIC_ICR_LO, 0 }, { LAPIC_ICR_HI, 0 }, { LAPIC_LVT_TIMER_REG, 0x10000 },
		{ LAPIC_LVT_PERF_REG, 0x10000 }, { LAPIC_LVT_LINT0_REG, 0x700 },
		{ LAPIC_LVT_LINT1_REG, 0x10000 }, { LAPIC_LVT_ERROR_REG, 0x10000 },
		{ LAPIC_TIMER_ICR, 0 }, { LAPIC_TIMER_CCR, 0 }, { LAPIC_TIMER_DCR, 0 },
	};
	for (size_t k = 0; k < sizeof(expect) / sizeof(expect[0]); k++) {
		uint32_t got = rd(f, expect[k].reg);
		if (got != expect[k].value)
			fail_msg("register %03x: %08x, expected %08x", expect[k].reg, got,
				 expect[k].value);
	}
	for (uint32_t reg = LAPIC_ISR; reg < LAPIC_ESR; reg += 0x10)
		assert_int_equal(rd(f, reg), 0);
	assert_int_equal(errors(f), 0);
}

/* All ones written to each register: only its writable bits take. */
static void test_writable_bits(void **state)
{
	struct fixture *f = *state;
	enable(f);
	static const struct { uint32_t reg, value; } expect[] = {
		{ LAPIC_ID, 0x0F000000 }, { LAPIC_VER, 0x00040011 }, { LAPIC_TPR, 0xFF },
		{ LAPIC_LDR, 0xFF000000 }, { LAPIC_SVR, 0x3FF }, { LAPIC_ICR_HI, 0xFF000000 },
		{ LAPIC_LVT_TIMER_REG, 0x300FF }, { LAPIC_LVT_PERF_REG, 0x107FF },
		{ LAPIC_LVT_LINT0_REG, 0x1A7FF }, { LAPIC_LVT_LINT1_REG, 0x1A7FF },
		{ LAPIC_LVT_ERROR_REG, 0x100FF }, { LAPIC_TIMER_DCR, 0xB },
		{ LAPIC_PPR, 0xFF }, { LAPIC_APR, 0xFF }, { LAPIC_TIMER_CCR, 0 },
	};
	for (size_t k = 0; k < sizeof(expect) / sizeof(expect[0]); k++)
		wr(f, expect[k].reg, 0xFFFFFFFF);
	for (size_t k = 0; k < sizeof(expect) / sizeof(expect[0]); k++) {
		uint32_t got = rd(f, expect[k].reg);
		if (got != expect[k].value)
			fail_msg("register %03x: %08x, expected %08x", expect[k].reg, got,
				 expect[k].value);
	}
	wr(f, LAPIC_DFR, 0);
	assert_int_equal(rd(f, LAPIC_DFR), 0x0FFFFFFF);
	wr(f, LAPIC_IRR, 0xFFFFFFFF);
	wr(f, LAPIC_ISR + 0x70, 0xFFFFFFFF);
	assert_int_equal(rd(f, LAPIC_IRR), 0);
	assert_int_equal(rd(f, LAPIC_ISR + 0x70), 0);
	assert_int_equal(errors(f), 0);
}

/* Reserved offsets read 0 and report an illegal register address; odd
 * sizes and offsets never fault: reads see the register's bytes,
 * writes other than aligned dwords are dropped. */
static void test_reserved_and_odd_accesses(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(rd(f, 0x010), 0);
	assert_int_equal(errors(f), LAPIC_ESR_ILLEGAL_REGISTER);
	wr(f, 0x330, 1);
	assert_int_equal(errors(f), LAPIC_ESR_ILLEGAL_REGISTER);
	assert_int_equal(errors(f), 0);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + 0x32, 1), 0x04);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + 0x31, 2), 0x0400);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + 0x34, 4), 0);
	bus_write(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + LAPIC_TPR, 0x55, 1);
	bus_write(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + LAPIC_TPR + 4, 0x55, 4);
	assert_int_equal(rd(f, LAPIC_TPR), 0);
	for (uint32_t off = 0; off < 0x1000; off++)
		for (unsigned size = 1; size <= 4; size *= 2) {
			bus_read(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + off, size);
			if (off != LAPIC_ICR_LO && off != LAPIC_EOI && off != LAPIC_SVR)
				bus_write(f->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + off,
					  0xFFFFFFFF, size);
		}
	assert_int_equal(rd(f, LAPIC_VER), LAPIC_VERSION);
}

/* IRR to ISR on acknowledge, highest first; PPR follows the ISR's class;
 * EOI ends the highest in service. */
static void test_irr_isr_eoi_order(void **state)
{
	struct fixture *f = *state;
	enable(f);
	ipi(f, 0, SELF | 0x40);
	assert_true(f->intr);
	assert_int_equal(rd(f, LAPIC_IRR + 0x20), 1u);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x40);
	assert_int_equal(rd(f, LAPIC_ISR + 0x20), 1u);
	assert_int_equal(rd(f, LAPIC_PPR), 0x40);
	assert_false(f->intr);
	ipi(f, 0, SELF | 0x45);          /* same class: waits */
	assert_false(f->intr);
	ipi(f, 0, SELF | 0x61);          /* higher class: nests */
	assert_true(f->intr);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x61);
	assert_int_equal(rd(f, LAPIC_PPR), 0x60);
	assert_false(f->intr);
	wr(f, LAPIC_EOI, 0);             /* ends 0x61 */
	assert_int_equal(rd(f, LAPIC_ISR + 0x30), 0);
	assert_int_equal(rd(f, LAPIC_PPR), 0x40);
	assert_false(f->intr);
	wr(f, LAPIC_EOI, 0);             /* ends 0x40: 0x45 may come */
	assert_true(f->intr);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x45);
	wr(f, LAPIC_EOI, 0);
	assert_int_equal(f->eois, 0);    /* edge-triggered: no broadcast */
	assert_int_equal(lapic_acknowledge(&f->apic), 0xFF);   /* spurious */
	wr(f, LAPIC_EOI, 0);             /* nothing in service: nothing happens */
	assert_int_equal(rd(f, LAPIC_PPR), 0);
}

/* TPR masks its class and below; PPR and APR per SDM §10.8.3.1. */
static void test_tpr_ppr_apr(void **state)
{
	struct fixture *f = *state;
	enable(f);
	wr(f, LAPIC_TPR, 0x57);
	assert_int_equal(rd(f, LAPIC_PPR), 0x57);
	assert_int_equal(rd(f, LAPIC_APR), 0x57);
	ipi(f, 0, SELF | 0x5F);
	assert_false(f->intr);
	assert_int_equal(rd(f, LAPIC_APR), 0x57);
	ipi(f, 0, SELF | 0x60);
	assert_true(f->intr);
	assert_int_equal(rd(f, LAPIC_APR), 0x60);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x60);
	assert_int_equal(rd(f, LAPIC_PPR), 0x60);
	assert_int_equal(rd(f, LAPIC_APR), 0x60);
	wr(f, LAPIC_TPR, 0x70);
	assert_int_equal(rd(f, LAPIC_PPR), 0x70);
	wr(f, LAPIC_EOI, 0);
	wr(f, LAPIC_TPR, 0);
	assert_true(f->intr);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x5F);
}

/* What a message would do to a CPU waiting in HLT: interrupt it unless
 * the APIC is not addressed, or the vector is already requested, in
 * service at its class or under the TPR (only the CPU could change
 * those), so the board knows an I/O APIC IRQ can never wake it. */
static void test_would_interrupt(void **state)
{
	struct fixture *f = *state;
	enable(f);
	struct apic_msg m = { .vector = 0x50, .mode = APIC_DM_FIXED };
	assert_true(lapic_would_interrupt(&f->apic, &m));
	m.dest = 5;                                    /* another APIC's ID */
	assert_false(lapic_would_interrupt(&f->apic, &m));
	m.dest = 0;
	lapic_receive(&f->apic, &m);                   /* requested */
	assert_false(lapic_would_interrupt(&f->apic, &m));
	assert_int_equal(lapic_acknowledge(&f->apic), 0x50);
	assert_false(lapic_would_interrupt(&f->apic, &m));   /* in service */
	m.vector = 0x61;
	assert_true(lapic_would_interrupt(&f->apic, &m));    /* a higher class */
	wr(f, LAPIC_TPR, 0x60);
	assert_false(lapic_would_interrupt(&f->apic, &m));
	m.mode = APIC_DM_NMI;
	assert_true(lapic_would_interrupt(&f->apic, &m));
	m.mode = APIC_DM_STARTUP;
	assert_false(lapic_would_interrupt(&f->apic, &m));
	m = (struct apic_msg){ .vector = 0x80, .mode = APIC_DM_FIXED };
	wr(f, LAPIC_TPR, 0);
	wr(f, LAPIC_EOI, 0);
	wr(f, LAPIC_SVR, 0xFF);                        /* software disabled */
	assert_false(lapic_would_interrupt(&f->apic, &m));
}

/* Software disabled: fixed interrupts wait in IRR, LVT entries are
 * masked and stay masked. */
static void test_software_disable(void **state)
{
	struct fixture *f = *state;
	ipi(f, 0, SELF | 0x80);
	assert_false(f->intr);
	assert_int_equal(rd(f, LAPIC_IRR + 0x40), 1u);
	wr(f, LAPIC_LVT_LINT1_REG, 0x400);
	assert_int_equal(rd(f, LAPIC_LVT_LINT1_REG), 0x10400);
	enable(f);
	assert_true(f->intr);
	wr(f, LAPIC_LVT_LINT1_REG, 0x400);
	assert_int_equal(rd(f, LAPIC_LVT_LINT1_REG), 0x400);
	wr(f, LAPIC_SVR, 0xFF);
	assert_false(f->intr);
	assert_int_equal(rd(f, LAPIC_LVT_LINT1_REG), 0x10400);
	assert_int_equal(rd(f, LAPIC_LVT_LINT0_REG), 0x10700);
}

/* Shorthands and destinations: self and all-including-self reach this
 * APIC, all-excluding-self no one; physical by the 4-bit ID or 0xF;
 * logical by the flat and the cluster model. */
static void test_shorthands_and_destinations(void **state)
{
	struct fixture *f = *state;
	enable(f);
	wr(f, LAPIC_ID, 0x03000000);
	wr(f, LAPIC_LDR, 0x24000000);
	static const struct { uint8_t dest; uint32_t lo; bool taken; } cases[] = {
		{ 0x00, SELF | 0x30, true }, { 0x00, ALL_INCLUDING_SELF | 0x31, true },
		{ 0x03, ALL_EXCLUDING_SELF | 0x32, false },
		{ 0x03, 0x33, true }, { 0x02, 0x34, false }, { 0xFF, 0x35, true },
		{ 0x0F, 0x36, true },
		{ 0x04, LAPIC_ICR_LOGICAL | 0x37, true },
		{ 0x08, LAPIC_ICR_LOGICAL | 0x38, false },
		{ 0xFF, LAPIC_ICR_LOGICAL | 0x39, true },
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		uint8_t vector = (uint8_t)cases[k].lo;
		ipi(f, cases[k].dest, cases[k].lo);
		bool taken = (rd(f, LAPIC_IRR + 0x10 * (vector >> 5)) >> (vector & 31)) & 1u;
		if (taken != cases[k].taken)
			fail_msg("IPI %08x to %02x: taken %d", cases[k].lo, cases[k].dest, taken);
	}
	wr(f, LAPIC_DFR, 0x0FFFFFFF);    /* cluster 2, member bit 2 */
	static const struct { uint8_t dest; bool taken; } cluster[] = {
		{ 0x24, true }, { 0x2C, true }, { 0x28, false }, { 0x14, false }, { 0xF4, true },
	};
	for (size_t k = 0; k < sizeof(cluster) / sizeof(cluster[0]); k++) {
		uint8_t vector = (uint8_t)(0x40 + k);
		ipi(f, cluster[k].dest, LAPIC_ICR_LOGICAL | vector);
		bool taken = (rd(f, LAPIC_IRR + 0x20) >> (vector & 31)) & 1u;
		if (taken != cluster[k].taken)
			fail_msg("cluster IPI to %02x: taken %d", cluster[k].dest, taken);
	}
	assert_int_equal(rd(f, LAPIC_ICR_LO) & 0x1000, 0);  /* delivery status idle */
}

/* Each delivery mode to self: fixed and lowest priority into IRR, NMI,
 * SMI and INIT on their lines (INIT resetting the APIC but its ID),
 * start-up to no one, an INIT level de-assert to no effect. */
static void test_delivery_modes(void **state)
{
	struct fixture *f = *state;
	enable(f);
	wr(f, LAPIC_ID, 0x01000000);
	ipi(f, 1, MODE(APIC_DM_LOWEST) | 0x50);
	assert_int_equal(rd(f, LAPIC_IRR + 0x20), 1u << 16);
	ipi(f, 1, MODE(APIC_DM_NMI));
	assert_int_equal(f->nmis, 1);
	ipi(f, 1, MODE(APIC_DM_SMI));
	assert_int_equal(f->smis, 1);
	ipi(f, 1, MODE(APIC_DM_STARTUP) | 0x9F);
	ipi(f, 0, ALL_EXCLUDING_SELF | MODE(APIC_DM_INIT) | LAPIC_ICR_ASSERT);
	ipi(f, 1, MODE(APIC_DM_INIT) | LAPIC_ICR_LEVEL);
	assert_int_equal(f->inits, 0);
	assert_int_equal(rd(f, LAPIC_IRR + 0x20), 1u << 16);
	ipi(f, 1, MODE(APIC_DM_INIT) | LAPIC_ICR_ASSERT);
	assert_int_equal(f->inits, 1);
	assert_int_equal(rd(f, LAPIC_ID), 0x01000000);
	assert_int_equal(rd(f, LAPIC_SVR), 0xFF);
	assert_int_equal(rd(f, LAPIC_IRR + 0x20), 0);
	assert_int_equal(rd(f, LAPIC_LVT_LINT0_REG), 0x10000);
	assert_int_equal(f->nmis, 1);
	assert_int_equal(f->smis, 1);
}

/* Vectors 0-15 are illegal: a fixed IPI is refused with the send error,
 * a message received with the receive error; the error LVT entry
 * interrupts; any ICR value is taken without harm. */
static void test_illegal_vectors_and_any_icr(void **state)
{
	struct fixture *f = *state;
	enable(f);
	ipi(f, 0, SELF | 0x0F);
	assert_int_equal(rd(f, LAPIC_IRR), 0);
	assert_int_equal(errors(f), LAPIC_ESR_SEND_ILLEGAL_VECTOR);
	wr(f, LAPIC_LVT_ERROR_REG, 0xE0);
	struct apic_msg m = { .vector = 3, .mode = APIC_DM_FIXED };
	lapic_receive(&f->apic, &m);
	assert_int_equal(errors(f), LAPIC_ESR_RECV_ILLEGAL_VECTOR);
	assert_int_equal(lapic_acknowledge(&f->apic), 0xE0);
	wr(f, LAPIC_EOI, 0);
	wr(f, LAPIC_LVT_TIMER_REG, 0x05);   /* an illegal timer vector */
	wr(f, LAPIC_TIMER_ICR, 1);
	advance(f, 4);
	assert_int_equal(errors(f), LAPIC_ESR_RECV_ILLEGAL_VECTOR);
	for (uint32_t mode = 0; mode < 8; mode++)
		for (uint32_t sh = 0; sh < 4; sh++)
			ipi(f, 0xFF, (sh << 18) | MODE(mode) | LAPIC_ICR_ASSERT | 0x20);
	assert_int_equal(rd(f, LAPIC_VER), LAPIC_VERSION);
}

/* A one-shot count at each divider: the count falls one every divider
 * nanoseconds, reads 0 at the end, and the interrupt comes one tick
 * later, once. */
static void test_timer_one_shot_each_divider(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t dcr, divider; } dividers[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
		{ 0x8, 32 }, { 0x9, 64 }, { 0xA, 128 }, { 0xB, 1 },
	};
	enable(f);
	wr(f, LAPIC_LVT_TIMER_REG, 0x41);
	for (size_t k = 0; k < 8; k++) {
		uint32_t div = dividers[k].divider;
		wr(f, LAPIC_TIMER_DCR, dividers[k].dcr);
		wr(f, LAPIC_TIMER_ICR, 10);
		assert_int_equal(rd(f, LAPIC_TIMER_CCR), 10);
		advance(f, 3 * div);
		assert_int_equal(rd(f, LAPIC_TIMER_CCR), 7);
		advance(f, 7 * div);
		assert_int_equal(rd(f, LAPIC_TIMER_CCR), 0);
		assert_false(f->intr);
		advance(f, div - 1);
		assert_false(f->intr);
		advance(f, 1);
		if (!f->intr)
			fail_msg("divider %u: no interrupt after 11 ticks", div);
		assert_int_equal(lapic_acknowledge(&f->apic), 0x41);
		wr(f, LAPIC_EOI, 0);
		advance(f, 100 * div);
		assert_false(f->intr);
		assert_int_equal(rd(f, LAPIC_TIMER_CCR), 0);
	}
}

/* Periodic: an interrupt every (count + 1) ticks, the count reloading;
 * masked, the count runs without interrupting; a zero count stops it. */
static void test_timer_periodic(void **state)
{
	struct fixture *f = *state;
	enable(f);
	wr(f, LAPIC_TIMER_DCR, 0x1);     /* divide by 4 */
	wr(f, LAPIC_LVT_TIMER_REG, LAPIC_LVT_PERIODIC | 0x42);
	wr(f, LAPIC_TIMER_ICR, 99);      /* a period of 400 ns */
	for (unsigned n = 0; n < 5; n++) {
		advance(f, 399);
		assert_false(f->intr);
		advance(f, 1);
		assert_true(f->intr);
		assert_int_equal(rd(f, LAPIC_TIMER_CCR), 99);
		assert_int_equal(lapic_acknowledge(&f->apic), 0x42);
		wr(f, LAPIC_EOI, 0);
	}
	assert_true(lapic_timer_may_interrupt(&f->apic));
	wr(f, LAPIC_LVT_TIMER_REG, LAPIC_LVT_MASKED | LAPIC_LVT_PERIODIC | 0x42);
	assert_false(lapic_timer_may_interrupt(&f->apic));
	advance(f, 1000);
	assert_false(f->intr);
	assert_int_equal(rd(f, LAPIC_TIMER_CCR), 99 - 50);
	wr(f, LAPIC_LVT_TIMER_REG, LAPIC_LVT_PERIODIC | 0x42);
	advance(f, 200);
	assert_true(f->intr);
	/* In service and not ended, or requested already, or under the TPR:
	 * another tick can raise nothing, so the CPU idle in HLT is not
	 * waiting for the timer. */
	assert_int_equal(lapic_acknowledge(&f->apic), 0x42);
	assert_false(lapic_timer_may_interrupt(&f->apic));
	advance(f, 400);
	assert_false(lapic_timer_may_interrupt(&f->apic));   /* IRR holds it too */
	wr(f, LAPIC_EOI, 0);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x42);
	wr(f, LAPIC_EOI, 0);
	assert_true(lapic_timer_may_interrupt(&f->apic));
	wr(f, LAPIC_TPR, 0x40);
	assert_false(lapic_timer_may_interrupt(&f->apic));
	wr(f, LAPIC_TPR, 0);
	wr(f, LAPIC_TIMER_ICR, 0);
	assert_false(f->apic.timer.armed);
}

/* Periodic at each divider: interrupts (count + 1) * divider apart, the
 * count reloading at each. */
static void test_timer_periodic_each_divider(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t dcr, divider; } dividers[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
		{ 0x8, 32 }, { 0x9, 64 }, { 0xA, 128 }, { 0xB, 1 },
	};
	enable(f);
	wr(f, LAPIC_LVT_TIMER_REG, LAPIC_LVT_PERIODIC | 0x43);
	for (size_t k = 0; k < 8; k++) {
		uint64_t period = 5 * (uint64_t)dividers[k].divider;
		wr(f, LAPIC_TIMER_DCR, dividers[k].dcr);
		wr(f, LAPIC_TIMER_ICR, 4);
		for (unsigned n = 0; n < 3; n++) {
			advance(f, period - 1);
			if (f->intr)
				fail_msg("divider %u: interrupt early", dividers[k].divider);
			assert_int_equal(rd(f, LAPIC_TIMER_CCR), 0);
			advance(f, 1);
			if (!f->intr)
				fail_msg("divider %u: no interrupt at %u", dividers[k].divider, n);
			assert_int_equal(rd(f, LAPIC_TIMER_CCR), 4);
			assert_int_equal(lapic_acknowledge(&f->apic), 0x43);
			wr(f, LAPIC_EOI, 0);
		}
		wr(f, LAPIC_TIMER_ICR, 0);
	}
}

/* LINT0 as ExtINT: the 8259's INTR is INTR and its acknowledge answers;
 * masked, it is not; globally disabled, the APIC is out of the way
 * (the page gone, INTR and NMI straight through); LINT1 as NMI. */
static void test_lint_pins_and_global_disable(void **state)
{
	struct fixture *f = *state;
	struct line lint0 = lapic_lint0_line(&f->apic), lint1 = lapic_lint1_line(&f->apic);
	line_set(&lint0, true);
	assert_true(f->intr);
	assert_int_equal(lapic_acknowledge(&f->apic), -1);
	enable(f);
	wr(f, LAPIC_LVT_LINT0_REG, 0x10700);
	assert_false(f->intr);
	wr(f, LAPIC_LVT_LINT1_REG, 0x400);
	line_set(&lint1, true);
	line_set(&lint1, false);
	assert_int_equal(f->nmis, 1);
	lapic_set_base(&f->apic, LAPIC_DEFAULT_BASE | LAPIC_BASE_BSP);
	assert_true(f->intr);
	assert_int_equal(lapic_acknowledge(&f->apic), -1);
	assert_int_equal(rd(f, LAPIC_VER), 0xFFFFFFFF);
	line_set(&lint1, true);
	assert_int_equal(f->nmis, 2);
	line_set(&lint1, false);
	line_set(&lint0, false);
	assert_false(f->intr);
	lapic_set_base(&f->apic, 0xFED00000u | LAPIC_BASE_ENABLE | LAPIC_BASE_BSP);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xFED00030, 4), LAPIC_VERSION);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, 0xFED00030, 4), LAPIC_VERSION);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_DMA, 0xFED00030, 4), 0xFFFFFFFF);
	assert_int_equal(rd(f, LAPIC_VER), 0xFFFFFFFF);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xFED000F0, 4), 0xFF);
}

/* LINT0 level-triggered fixed: remote IRR while in service, cleared by
 * the EOI, which (level-triggered) is broadcast. */
static void test_lint0_level_fixed_and_eoi_broadcast(void **state)
{
	struct fixture *f = *state;
	struct line lint0 = lapic_lint0_line(&f->apic);
	enable(f);
	wr(f, LAPIC_LVT_LINT0_REG, LAPIC_LVT_LEVEL | 0x70);
	line_set(&lint0, true);
	assert_int_equal(rd(f, LAPIC_LVT_LINT0_REG),
			 LAPIC_LVT_LEVEL | LAPIC_LVT_REMOTE_IRR | 0x70);
	assert_int_equal(rd(f, LAPIC_TMR + 0x30), 1u << 16);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x70);
	wr(f, LAPIC_EOI, 0);
	assert_int_equal(f->eois, 1);
	assert_int_equal(f->eoi_vector, 0x70);
	assert_int_equal(rd(f, LAPIC_LVT_LINT0_REG), LAPIC_LVT_LEVEL | 0x70);
	line_set(&lint0, false);
}

/* The inspection call sees what the registers hold, and reading
 * through it records no error and moves no timer. */
static void test_inspect_has_no_side_effects(void **state)
{
	struct fixture *f = *state;
	enable(f);
	wr(f, LAPIC_TIMER_ICR, 1000);
	ipi(f, 0, SELF | 0x90);
	struct lapic_info info;
	lapic_inspect(&f->apic, f->now + 20, &info);
	assert_true(info.enabled);
	assert_true(info.software_enabled);
	assert_int_equal(info.base, LAPIC_DEFAULT_BASE);
	assert_int_equal(info.timer_current, 990);
	assert_int_equal(info.timer_deadline, 2002);
	assert_int_equal(info.irr[4], 1u << 16);
	assert_true(info.intr);
	assert_int_equal(errors(f), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset_values), T(test_writable_bits), T(test_reserved_and_odd_accesses),
		T(test_irr_isr_eoi_order), T(test_tpr_ppr_apr), T(test_would_interrupt),
		T(test_software_disable),
		T(test_shorthands_and_destinations), T(test_delivery_modes),
		T(test_illegal_vectors_and_any_icr), T(test_timer_one_shot_each_divider),
		T(test_timer_periodic), T(test_timer_periodic_each_divider),
		T(test_lint_pins_and_global_disable),
		T(test_lint0_level_fixed_and_eoi_broadcast), T(test_inspect_has_no_side_effects),
	};
#undef T
	return cmocka_run_group_tests_name("lapic", tests, NULL, NULL);
}
