/* The P6 local APIC; see lapic.h. */
#include "chipset/lapic.h"

#include <string.h>

#define LAPIC_PAGE 0x1000u
/* Above RAM, the BIOS and SMRAM's aliases wherever the guest puts it:
 * the APIC takes the CPU's accesses before they reach the bus. */
#define LAPIC_PRIORITY 8
#define LVT_MODE(e) (((e) >> 8) & 7u)

_Static_assert(APIC_INSPECT_LVT == LAPIC_LVT_COUNT, "lapic_info holds every LVT entry");

/* The bits software may write in each LVT entry (SDM Figure 10-8): the
 * timer has no delivery mode, the error entry neither; delivery status
 * and remote IRR are read-only. */
static const uint32_t lvt_writable[LAPIC_LVT_COUNT] = {
	[LAPIC_LVT_TIMER] = 0x300FFu,
	[LAPIC_LVT_PERF] = 0x107FFu,
	[LAPIC_LVT_LINT0] = 0x1A7FFu,
	[LAPIC_LVT_LINT1] = 0x1A7FFu,
	[LAPIC_LVT_ERROR] = 0x100FFu,
};

static bool global_enabled(const struct lapic *l)
{
	return (l->base_msr & LAPIC_BASE_ENABLE) != 0;
}

static bool software_enabled(const struct lapic *l)
{
	return (l->svr & LAPIC_SVR_ENABLE) != 0;
}

static void set_bit256(uint32_t *bits, unsigned v)
{
	bits[v >> 5] |= 1u << (v & 31);
}

static void clear_bit256(uint32_t *bits, unsigned v)
{
	bits[v >> 5] &= ~(1u << (v & 31));
}

static bool test_bit256(const uint32_t *bits, unsigned v)
{
	return (bits[v >> 5] >> (v & 31)) & 1u;
}

/* The highest vector set, or -1. */
static int highest256(const uint32_t *bits)
{
	for (int w = 7; w >= 0; w--)
		if (bits[w])
			return w * 32 + 31 - __builtin_clz(bits[w]);
	return -1;
}

static uint8_t processor_priority(const struct lapic *l)
{
	int isrv = highest256(l->isr);
	unsigned isr_class = isrv < 0 ? 0 : (unsigned)isrv & 0xF0u;
	return (l->tpr & 0xF0u) >= isr_class ? l->tpr : (uint8_t)isr_class;
}

/* SDM §10.8.3.1: the TPR when it is at or above the highest requested
 * and above the highest in-service class, else the highest of the three
 * classes. */
static uint8_t arbitration_priority(const struct lapic *l)
{
	int irrv = highest256(l->irr), isrv = highest256(l->isr);
	unsigned irr_class = irrv < 0 ? 0 : (unsigned)irrv & 0xF0u;
	unsigned isr_class = isrv < 0 ? 0 : (unsigned)isrv & 0xF0u;
	unsigned tpr_class = l->tpr & 0xF0u;
	if (tpr_class >= irr_class && tpr_class > isr_class)
		return l->tpr;
	unsigned top = tpr_class > isr_class ? tpr_class : isr_class;
	return (uint8_t)(irr_class > top ? irr_class : top);
}

/* The vector the CPU would take now: IRR's highest, when the APIC is
 * software enabled and its class is above the processor priority's. */
static int deliverable_vector(const struct lapic *l)
{
	int irrv = highest256(l->irr);
	if (!software_enabled(l) || irrv < 0)
		return -1;
	return ((unsigned)irrv & 0xF0u) > (processor_priority(l) & 0xF0u) ? irrv : -1;
}

/* Whether the 8259's INTR goes through LINT0 as an ExtINT. */
static bool extint_passes(const struct lapic *l)
{
	uint32_t e = l->lvt[LAPIC_LVT_LINT0];
	return !(e & LAPIC_LVT_MASKED) && LVT_MODE(e) == APIC_DM_EXTINT;
}

static void update_intr(struct lapic *l)
{
	bool level;
	if (!global_enabled(l))
		level = l->lint0_level;
	else
		level = deliverable_vector(l) >= 0 || l->extint_message ||
			(extint_passes(l) && l->lint0_level);
	l->intr_level = level;
	line_set(l->intr, level);
}

static void local_deliver(struct lapic *l, enum lapic_lvt which);

/* An error detected: recorded for the next write of ESR, and signalled
 * through the error LVT entry unless that entry's own vector is illegal
 * (which is then recorded too, and nothing is delivered). */
static void report_error(struct lapic *l, uint32_t bits)
{
	l->esr_pending |= bits;
	if ((l->lvt[LAPIC_LVT_ERROR] & 0xFFu) < 16) {
		if (!(l->lvt[LAPIC_LVT_ERROR] & LAPIC_LVT_MASKED))
			l->esr_pending |= LAPIC_ESR_RECV_ILLEGAL_VECTOR;
		return;
	}
	local_deliver(l, LAPIC_LVT_ERROR);
}

/* A fixed interrupt accepted into IRR; vectors 0-15 are illegal
 * (SDM §10.5.2) and set the receive error instead. */
static bool accept_fixed(struct lapic *l, uint8_t vector, bool level_trigger)
{
	if (vector < 16) {
		report_error(l, LAPIC_ESR_RECV_ILLEGAL_VECTOR);
		return false;
	}
	set_bit256(l->irr, vector);
	if (level_trigger)
		set_bit256(l->tmr, vector);
	else
		clear_bit256(l->tmr, vector);
	update_intr(l);
	return true;
}

static void init_registers(struct lapic *l);

/* INIT taken by this APIC: SDM §10.4.7.3, the APIC back to its power-on
 * state but for the ID (as QEMU's INIT does, without the reset's LINT0
 * ExtINT), and the CPU initialized. */
static void take_init(struct lapic *l)
{
	init_registers(l);
	update_intr(l);
	line_pulse(l->init);
}

/* A message this APIC takes, by delivery mode.  Start-up reaches no one
 * here: the one processor is the BSP, never waiting for a SIPI; remote
 * read and the reserved mode do nothing. */
static void take_message(struct lapic *l, const struct apic_msg *m)
{
	switch (m->mode) {
	case APIC_DM_FIXED:
	case APIC_DM_LOWEST:
		accept_fixed(l, m->vector, m->level_trigger);
		break;
	case APIC_DM_SMI:
		line_pulse(l->smi);
		break;
	case APIC_DM_NMI:
		line_pulse(l->nmi);
		break;
	case APIC_DM_INIT:
		take_init(l);
		break;
	case APIC_DM_EXTINT:
		l->extint_message = true;
		update_intr(l);
		break;
	default:
		break;
	}
}

/* An LVT entry's interrupt (SDM §10.5.1).  The timer and error entries
 * are always fixed and edge, the performance-counter entry edge with a
 * delivery mode; LINT0/1 have a delivery mode and trigger mode.  ExtINT
 * is not delivered here: LINT0's level is INTR (update_intr()). */
static void local_deliver(struct lapic *l, enum lapic_lvt which)
{
	uint32_t e = l->lvt[which];
	if (e & LAPIC_LVT_MASKED)
		return;
	bool lint = which == LAPIC_LVT_LINT0 || which == LAPIC_LVT_LINT1;
	unsigned mode = which == LAPIC_LVT_PERF || lint ? LVT_MODE(e) : APIC_DM_FIXED;
	bool level = lint && (e & LAPIC_LVT_LEVEL);
	if (mode == APIC_DM_EXTINT)
		return;
	if (mode == APIC_DM_FIXED) {
		if (accept_fixed(l, (uint8_t)e, level) && level)
			l->lvt[which] |= LAPIC_LVT_REMOTE_IRR;
		return;
	}
	struct apic_msg m = { .vector = (uint8_t)e, .mode = (uint8_t)mode };
	take_message(l, &m);
}

/* The timer's divider as a shift: DCR bits 3,1,0 (SDM Figure 10-10),
 * 000 divide by 2 up to 110 by 128, 111 by 1. */
static unsigned timer_shift(const struct lapic *l)
{
	unsigned code = (l->timer_divide & 3u) | ((l->timer_divide >> 1) & 4u);
	return (code + 1) & 7u;
}

/* The timer counts the initial count down to 0 at one tick every
 * divider nanoseconds, and interrupts one tick after it reads 0 (then
 * reloads when periodic), which is when QEMU's APIC timer fires: a
 * period is initial + 1 ticks. */
static uint64_t timer_period(const struct lapic *l)
{
	return ((uint64_t)l->timer_initial + 1) << timer_shift(l);
}

static uint32_t current_count(const struct lapic *l, uint64_t now)
{
	if (!l->timer_initial)
		return 0;
	uint64_t ticks = (now - l->timer_start) >> timer_shift(l);
	if (l->lvt[LAPIC_LVT_TIMER] & LAPIC_LVT_PERIODIC)
		return l->timer_initial - (uint32_t)(ticks % ((uint64_t)l->timer_initial + 1));
	return ticks >= l->timer_initial ? 0 : l->timer_initial - (uint32_t)ticks;
}

/* Arm the timer for its next interrupt after now, or stop it. */
static void timer_rearm(struct lapic *l, uint64_t now)
{
	if (l->timer.armed && l->timer.deadline <= now)
		return;  /* due now: it fires, and re-arms itself */
	if (!l->timer_initial) {
		timer_cancel(l->timers, &l->timer);
		return;
	}
	uint64_t period = timer_period(l), elapsed = now - l->timer_start;
	if (l->lvt[LAPIC_LVT_TIMER] & LAPIC_LVT_PERIODIC)
		timer_arm(l->timers, &l->timer, l->timer_start + (elapsed / period + 1) * period);
	else if (elapsed < period)
		timer_arm(l->timers, &l->timer, l->timer_start + period);
	else
		timer_cancel(l->timers, &l->timer);
}

static void timer_fired(void *opaque, uint64_t now)
{
	struct lapic *l = opaque;
	local_deliver(l, LAPIC_LVT_TIMER);
	if (l->lvt[LAPIC_LVT_TIMER] & LAPIC_LVT_PERIODIC)
		timer_rearm(l, now);
}

bool lapic_passes_8259(const struct lapic *l)
{
	return !global_enabled(l) || extint_passes(l);
}

/* Whether accepting vector now would raise INTR: it is not requested
 * already (the IRR holds one of each) and its class is above the
 * processor priority's.  Vectors 0-15 are refused (an error). */
static bool would_raise_intr(const struct lapic *l, uint8_t vector)
{
	return vector >= 16 && !test_bit256(l->irr, vector) &&
	       (vector & 0xF0u) > (processor_priority(l) & 0xF0u);
}

static bool destination_matches(const struct lapic *l, const struct apic_msg *m);

bool lapic_would_interrupt(const struct lapic *l, const struct apic_msg *m)
{
	if (!global_enabled(l) || !destination_matches(l, m))
		return false;
	switch (m->mode) {
	case APIC_DM_FIXED:
	case APIC_DM_LOWEST:
		return software_enabled(l) && would_raise_intr(l, m->vector);
	case APIC_DM_NMI:
	case APIC_DM_SMI:
	case APIC_DM_INIT:
	case APIC_DM_EXTINT:
		return true;
	default:
		return false;  /* start-up and remote read: nothing for the CPU */
	}
}

bool lapic_timer_may_interrupt(const struct lapic *l)
{
	uint32_t timer = l->lvt[LAPIC_LVT_TIMER], error = l->lvt[LAPIC_LVT_ERROR];
	if (!global_enabled(l) || !software_enabled(l) || !l->timer.armed ||
	    (timer & LAPIC_LVT_MASKED))
		return false;
	if ((uint8_t)timer < 16)  /* an illegal vector: the error interrupt instead */
		return !(error & LAPIC_LVT_MASKED) && would_raise_intr(l, (uint8_t)error);
	return would_raise_intr(l, (uint8_t)timer);
}

/* Everything but the ID as at power-on (SDM §10.4.7.1). */
static void init_registers(struct lapic *l)
{
	l->tpr = 0;
	l->ldr = 0;
	l->dfr = 0xFFFFFFFFu;
	l->svr = 0xFF;
	l->esr = l->esr_pending = 0;
	l->icr_lo = l->icr_hi = 0;
	for (unsigned k = 0; k < LAPIC_LVT_COUNT; k++)
		l->lvt[k] = LAPIC_LVT_MASKED;
	memset(l->irr, 0, sizeof(l->irr));
	memset(l->isr, 0, sizeof(l->isr));
	memset(l->tmr, 0, sizeof(l->tmr));
	l->timer_initial = l->timer_divide = 0;
	l->timer_start = 0;
	l->extint_message = false;
	if (l->timers)
		timer_cancel(l->timers, &l->timer);
}

void lapic_reset(struct lapic *l)
{
	l->id = 0;
	init_registers(l);
	l->lvt[LAPIC_LVT_LINT0] = APIC_DM_EXTINT << 8;
	update_intr(l);
}

static uint32_t mmio_read(void *opaque, uint32_t offset, unsigned size)
{
	return lapic_read(opaque, offset, size);
}

static void mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	lapic_write(opaque, offset, value, size);
}

static const struct bus_io_ops lapic_ops = { mmio_read, mmio_write };

void lapic_attach(struct lapic *l, struct bus *bus, struct timer_queue *timers)
{
	l->bus = bus;
	l->timers = timers;
	timer_init(&l->timer, timer_fired, l);
	l->base_msr = LAPIC_DEFAULT_BASE | LAPIC_BASE_ENABLE | LAPIC_BASE_BSP;
	l->region = bus_add_mmio(bus, "local-apic", LAPIC_DEFAULT_BASE, LAPIC_PAGE,
				 LAPIC_PRIORITY, BUS_VIS_NORMAL | BUS_VIS_SMM, &lapic_ops, l);
	lapic_reset(l);
}

void lapic_set_base(void *opaque, uint64_t msr)
{
	struct lapic *l = opaque;
	bool was_enabled = global_enabled(l);
	l->base_msr = msr;
	bool enabled = global_enabled(l);
	bus_move_region(l->bus, l->region, (uint32_t)msr & LAPIC_BASE_ADDRESS);
	bus_set_visibility(l->bus, l->region, enabled ? BUS_VIS_NORMAL | BUS_VIS_SMM : 0);
	if (was_enabled && !enabled)
		init_registers(l);
	if (was_enabled != enabled)
		line_set(l->nmi, !enabled && l->lint1_level);
	update_intr(l);
}

/* The timer's count, LVT entry or divider changed at now. */
static void timer_changed(struct lapic *l)
{
	timer_rearm(l, timer_now(l->timers));
}

/* Whether a message's destination names this APIC: physical, the 4-bit
 * ID of a P6 (0xF is everyone); logical, under DFR's flat model a bit in
 * common with LDR's eight, under the cluster model the same cluster (or
 * cluster 0xF) and a bit in common below (SDM §10.6.2). */
static bool destination_matches(const struct lapic *l, const struct apic_msg *m)
{
	if (!m->logical)
		return (m->dest & 0xFu) == 0xFu || (m->dest & 0xFu) == l->id;
	uint8_t ldr = (uint8_t)(l->ldr >> 24);
	if (m->dest == 0xFF)
		return true;
	if ((l->dfr >> 28) == 0xFu)
		return (m->dest & ldr) != 0;
	bool cluster = (m->dest >> 4) == (ldr >> 4) || (m->dest >> 4) == 0xFu;
	return cluster && (m->dest & ldr & 0xFu) != 0;
}

void lapic_receive(void *opaque, const struct apic_msg *msg)
{
	struct lapic *l = opaque;
	if (global_enabled(l) && destination_matches(l, msg))
		take_message(l, msg);
}

/* A write of the ICR's low half sends the IPI (SDM §10.6.1): to this
 * APIC when the shorthand is self or all-including-self, or when the
 * destination names it; all-excluding-self reaches no one (one CPU).
 * Fixed and lowest-priority IPIs with a vector below 16 are refused with
 * the send error; an INIT level de-assert only resynchronizes the
 * arbitration IDs, which one APIC has no use for. */
static void send_ipi(struct lapic *l)
{
	struct apic_msg m = {
		.vector = (uint8_t)l->icr_lo,
		.mode = (uint8_t)LVT_MODE(l->icr_lo),
		.dest = (uint8_t)(l->icr_hi >> 24),
		.logical = (l->icr_lo & LAPIC_ICR_LOGICAL) != 0,
		.level_trigger = (l->icr_lo & LAPIC_ICR_LEVEL) != 0,
	};
	unsigned shorthand = (l->icr_lo >> 18) & 3u;
	if ((m.mode == APIC_DM_FIXED || m.mode == APIC_DM_LOWEST) && m.vector < 16) {
		report_error(l, LAPIC_ESR_SEND_ILLEGAL_VECTOR);
		return;
	}
	if (m.mode == APIC_DM_INIT && m.level_trigger && !(l->icr_lo & LAPIC_ICR_ASSERT))
		return;
	bool to_self = shorthand == 1 || shorthand == 2 ||
		       (shorthand == 0 && destination_matches(l, &m));
	if (to_self)
		take_message(l, &m);
}

/* EOI: the highest in-service vector is done; a level-triggered one is
 * broadcast to the I/O APIC and clears a LINT entry's remote IRR. */
static void end_of_interrupt(struct lapic *l)
{
	int v = highest256(l->isr);
	if (v < 0)
		return;
	clear_bit256(l->isr, (unsigned)v);
	if (test_bit256(l->tmr, (unsigned)v)) {
		for (unsigned k = LAPIC_LVT_LINT0; k <= LAPIC_LVT_LINT1; k++)
			if ((l->lvt[k] & 0xFFu) == (unsigned)v)
				l->lvt[k] &= ~LAPIC_LVT_REMOTE_IRR;
		if (l->eoi.eoi)
			l->eoi.eoi(l->eoi.opaque, (uint8_t)v);
	}
	update_intr(l);
}

/* A register's 32 bits as a read sees them; false for a reserved one. */
static bool register_value(struct lapic *l, uint32_t reg, uint32_t *out)
{
	if (reg >= LAPIC_ISR && reg < LAPIC_ESR) {
		const uint32_t *bits = reg < LAPIC_TMR ? l->isr
				     : reg < LAPIC_IRR ? l->tmr : l->irr;
		*out = bits[(reg >> 4) & 7];
		return true;
	}
	if (reg >= LAPIC_LVT_TIMER_REG && reg <= LAPIC_LVT_ERROR_REG && reg != 0x330) {
		*out = l->lvt[(reg - LAPIC_LVT_TIMER_REG) / 16 - (reg > 0x330)];
		return true;
	}
	switch (reg) {
	case LAPIC_ID: *out = (uint32_t)l->id << 24; return true;
	case LAPIC_VER: *out = LAPIC_VERSION; return true;
	case LAPIC_TPR: *out = l->tpr; return true;
	case LAPIC_APR: *out = arbitration_priority(l); return true;
	case LAPIC_PPR: *out = processor_priority(l); return true;
	case LAPIC_EOI: *out = 0; return true;
	case LAPIC_RRD: *out = 0; return true;   /* no remote read ever answers */
	case LAPIC_LDR: *out = l->ldr; return true;
	case LAPIC_DFR: *out = l->dfr; return true;
	case LAPIC_SVR: *out = l->svr; return true;
	case LAPIC_ESR: *out = l->esr; return true;
	case LAPIC_ICR_LO: *out = l->icr_lo; return true;
	case LAPIC_ICR_HI: *out = l->icr_hi; return true;
	case LAPIC_TIMER_ICR: *out = l->timer_initial; return true;
	case LAPIC_TIMER_CCR: *out = current_count(l, timer_now(l->timers)); return true;
	case LAPIC_TIMER_DCR: *out = l->timer_divide; return true;
	default: return false;
	}
}

uint32_t lapic_read(struct lapic *l, uint32_t offset, unsigned size)
{
	offset &= LAPIC_PAGE - 1;
	uint32_t value = 0;
	if (!register_value(l, offset & ~0xFu, &value)) {
		report_error(l, LAPIC_ESR_ILLEGAL_REGISTER);
		return 0;
	}
	if (offset & 0xCu)
		return 0;
	value >>= 8 * (offset & 3u);
	return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
}

/* A write of an LVT entry: its writable bits, masked while the APIC is
 * software disabled (SDM §10.4.7.2). */
static void write_lvt(struct lapic *l, enum lapic_lvt which, uint32_t value)
{
	uint32_t keep = l->lvt[which] & ~lvt_writable[which];
	l->lvt[which] = keep | (value & lvt_writable[which]);
	if (!software_enabled(l))
		l->lvt[which] |= LAPIC_LVT_MASKED;
	if (which == LAPIC_LVT_TIMER)
		timer_changed(l);
	update_intr(l);
}

/* SVR: bits 3:0 of the vector are hardwired to 1 on a P6; bit 9 is focus
 * checking.  Clearing the enable masks every LVT entry. */
static void write_svr(struct lapic *l, uint32_t value)
{
	l->svr = (value & 0x3F0u) | 0xFu;
	if (!software_enabled(l))
		for (unsigned k = 0; k < LAPIC_LVT_COUNT; k++)
			l->lvt[k] |= LAPIC_LVT_MASKED;
	update_intr(l);
}

static void write_timer_initial(struct lapic *l, uint32_t value)
{
	l->timer_initial = value;
	l->timer_start = timer_now(l->timers);
	timer_cancel(l->timers, &l->timer);
	timer_changed(l);
}

void lapic_write(struct lapic *l, uint32_t offset, uint32_t value, unsigned size)
{
	offset &= LAPIC_PAGE - 1;
	if (size != 4 || (offset & 0xFu))
		return;
	if (offset >= LAPIC_LVT_TIMER_REG && offset <= LAPIC_LVT_ERROR_REG && offset != 0x330) {
		write_lvt(l, (offset - LAPIC_LVT_TIMER_REG) / 16 - (offset > 0x330), value);
		return;
	}
	switch (offset) {
	case LAPIC_ID: l->id = (uint8_t)((value >> 24) & 0xFu); break;
	case LAPIC_TPR: l->tpr = (uint8_t)value; update_intr(l); break;
	case LAPIC_EOI: end_of_interrupt(l); break;
	case LAPIC_LDR: l->ldr = value & 0xFF000000u; break;
	case LAPIC_DFR: l->dfr = value | 0x0FFFFFFFu; break;
	case LAPIC_SVR: write_svr(l, value); break;
	case LAPIC_ESR: l->esr = l->esr_pending; l->esr_pending = 0; break;
	case LAPIC_ICR_LO: l->icr_lo = value & 0x000CCFFFu; send_ipi(l); break;
	case LAPIC_ICR_HI: l->icr_hi = value & 0xFF000000u; break;
	case LAPIC_TIMER_ICR: write_timer_initial(l, value); break;
	case LAPIC_TIMER_DCR: l->timer_divide = value & 0xBu; timer_changed(l); break;
	default: {
		uint32_t ignored;
		if (!register_value(l, offset, &ignored))
			report_error(l, LAPIC_ESR_ILLEGAL_REGISTER);
		break;  /* read-only registers keep their value */
	}
	}
}

/* LINT0: the 8259's INTR.  In ExtINT mode its level is INTR; in the
 * other modes a rising edge delivers the entry, and a level-triggered
 * fixed one is withdrawn from IRR when the level falls. */
static void lint0_set(void *opaque, bool level)
{
	struct lapic *l = opaque;
	bool rising = level && !l->lint0_level;
	l->lint0_level = level;
	uint32_t e = l->lvt[LAPIC_LVT_LINT0];
	if (global_enabled(l) && LVT_MODE(e) != APIC_DM_EXTINT) {
		if (rising)
			local_deliver(l, LAPIC_LVT_LINT0);
		else if (!level && LVT_MODE(e) == APIC_DM_FIXED && (e & LAPIC_LVT_LEVEL))
			clear_bit256(l->irr, e & 0xFFu);
	}
	update_intr(l);
}

/* LINT1: the NMI input; with the APIC globally disabled it is NMI. */
static void lint1_set(void *opaque, bool level)
{
	struct lapic *l = opaque;
	bool rising = level && !l->lint1_level;
	l->lint1_level = level;
	if (!global_enabled(l))
		line_set(l->nmi, level);
	else if (rising)
		local_deliver(l, LAPIC_LVT_LINT1);
}

static void perf_set(void *opaque, bool level)
{
	struct lapic *l = opaque;
	if (level && global_enabled(l))
		local_deliver(l, LAPIC_LVT_PERF);
}

struct line lapic_perf_line(struct lapic *l)
{
	return (struct line){ perf_set, l };
}

struct line lapic_lint0_line(struct lapic *l)
{
	return (struct line){ lint0_set, l };
}

struct line lapic_lint1_line(struct lapic *l)
{
	return (struct line){ lint1_set, l };
}

int lapic_acknowledge(struct lapic *l)
{
	if (!global_enabled(l))
		return -1;
	int v = deliverable_vector(l);
	if (v >= 0) {
		clear_bit256(l->irr, (unsigned)v);
		set_bit256(l->isr, (unsigned)v);
		update_intr(l);
		return v;
	}
	if (l->extint_message) {
		l->extint_message = false;
		update_intr(l);
		return -1;
	}
	if (extint_passes(l) && l->lint0_level)
		return -1;
	return (int)(l->svr & 0xFFu);
}

void lapic_inspect(const struct lapic *l, uint64_t now, struct lapic_info *out)
{
	*out = (struct lapic_info){
		.base_msr = l->base_msr,
		.base = (uint32_t)l->base_msr & LAPIC_BASE_ADDRESS,
		.enabled = global_enabled(l),
		.software_enabled = software_enabled(l),
		.id = (uint32_t)l->id << 24, .version = LAPIC_VERSION, .tpr = l->tpr,
		.apr = arbitration_priority(l), .ppr = processor_priority(l),
		.ldr = l->ldr, .dfr = l->dfr,
		.svr = l->svr, .esr = l->esr, .icr_lo = l->icr_lo, .icr_hi = l->icr_hi,
		.esr_pending = l->esr_pending,
		.timer_initial = l->timer_initial,
		.timer_current = current_count(l, now),
		.timer_divide = l->timer_divide,
		.timer_deadline = l->timer.armed ? l->timer.deadline : UINT64_MAX,
		.intr = l->intr_level, .lint0 = l->lint0_level, .lint1 = l->lint1_level,
	};
	memcpy(out->lvt, l->lvt, sizeof(out->lvt));
	memcpy(out->irr, l->irr, sizeof(out->irr));
	memcpy(out->isr, l->isr, sizeof(out->isr));
	memcpy(out->tmr, l->tmr, sizeof(out->tmr));
}
