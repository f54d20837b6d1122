/* The local APIC of a P6-family processor (SDM Vol.3A ch.10, the xAPIC
 * register page as the P6 has it): ID, version, TPR/APR/PPR, EOI, the
 * logical destination (LDR/DFR), the spurious-interrupt vector register,
 * ISR/TMR/IRR, the error status register, the ICR, the LVT (timer,
 * performance counter, LINT0, LINT1, error: a P6 has no thermal entry)
 * and the timer.  It lives on the board, as a device of the CPU's side:
 * its page is at IA32_APIC_BASE, seen by the CPU's views (normal and
 * SMM) and never by bus masters, moved or hidden when the CPU tells it
 * the MSR changed (lapic_set_base()).  It drives the CPU's INTR, NMI,
 * SMI-message and INIT lines; LINT0 receives the 8259's INTR (ExtINT:
 * the vector then comes from the 8259's acknowledge) and LINT1 the NMI.
 *
 * With the APIC globally disabled (IA32_APIC_BASE bit 11 clear) it is
 * not there: the 8259's INTR and LINT1 reach the CPU's INTR and NMI as
 * they are (SDM §10.4.3; QEMU does the same).
 *
 * Guest time is the board's timer queue (nanoseconds, one an
 * instruction): the timer's bus clock is one tick a nanosecond, as
 * QEMU's APIC timer runs on its virtual clock, so the same run gives the
 * same counts. */
#ifndef SMMBOX_CHIPSET_LAPIC_H
#define SMMBOX_CHIPSET_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/apic_bus.h"
#include "chipset/apic_inspect.h"
#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

/* IA32_APIC_BASE's fields as the APIC reads them (SDM §10.4.4). */
#define LAPIC_BASE_BSP      0x100u
#define LAPIC_BASE_ENABLE   0x800u
#define LAPIC_BASE_ADDRESS  0xFFFFF000u
#define LAPIC_DEFAULT_BASE  0xFEE00000u

/* The version register of the P6's integrated APIC: version 0x11, five
 * LVT entries (max LVT entry 4).  QEMU reports 0x00050014 (a Pentium 4's
 * count, with the thermal entry); a Pentium Pro, II or III reads this. */
#define LAPIC_VERSION 0x00040011u

/* Register offsets in the APIC page (SDM Table 10-1). */
enum lapic_reg {
	LAPIC_ID = 0x020, LAPIC_VER = 0x030, LAPIC_TPR = 0x080, LAPIC_APR = 0x090,
	LAPIC_PPR = 0x0A0, LAPIC_EOI = 0x0B0, LAPIC_RRD = 0x0C0, LAPIC_LDR = 0x0D0,
	LAPIC_DFR = 0x0E0, LAPIC_SVR = 0x0F0, LAPIC_ISR = 0x100, LAPIC_TMR = 0x180,
	LAPIC_IRR = 0x200, LAPIC_ESR = 0x280, LAPIC_ICR_LO = 0x300, LAPIC_ICR_HI = 0x310,
	LAPIC_LVT_TIMER_REG = 0x320, LAPIC_LVT_PERF_REG = 0x340, LAPIC_LVT_LINT0_REG = 0x350,
	LAPIC_LVT_LINT1_REG = 0x360, LAPIC_LVT_ERROR_REG = 0x370, LAPIC_TIMER_ICR = 0x380,
	LAPIC_TIMER_CCR = 0x390, LAPIC_TIMER_DCR = 0x3E0,
};

/* The LVT entries in register order. */
enum lapic_lvt {
	LAPIC_LVT_TIMER, LAPIC_LVT_PERF, LAPIC_LVT_LINT0, LAPIC_LVT_LINT1, LAPIC_LVT_ERROR,
	LAPIC_LVT_COUNT
};

/* LVT, ICR and SVR bits (SDM Figures 10-8, 10-12, 10-23). */
#define LAPIC_LVT_MASKED     0x10000u
#define LAPIC_LVT_PERIODIC   0x20000u   /* the timer's */
#define LAPIC_LVT_LEVEL      0x08000u   /* trigger mode: LINT0/1 */
#define LAPIC_LVT_REMOTE_IRR 0x04000u
#define LAPIC_SVR_ENABLE     0x100u
#define LAPIC_ICR_LOGICAL    0x800u
#define LAPIC_ICR_ASSERT     0x4000u
#define LAPIC_ICR_LEVEL      0x8000u

/* The error status register's bits a P6 reports (SDM Figure 10-9). */
#define LAPIC_ESR_SEND_ILLEGAL_VECTOR 0x20u
#define LAPIC_ESR_RECV_ILLEGAL_VECTOR 0x40u
#define LAPIC_ESR_ILLEGAL_REGISTER    0x80u

struct lapic {
	struct bus *bus;
	int region;                  /* the APIC page */
	struct timer_queue *timers;
	struct timer timer;
	uint64_t base_msr;           /* IA32_APIC_BASE as last told */
	uint8_t id;                  /* bits 27:24 of the ID register (4 bits) */
	uint8_t tpr;
	uint32_t ldr, dfr, svr;
	uint32_t esr;                /* what ESR reads: latched by a write */
	uint32_t esr_pending;        /* errors since the last write of ESR */
	uint32_t icr_lo, icr_hi;
	uint32_t lvt[LAPIC_LVT_COUNT];
	uint32_t irr[8], isr[8], tmr[8];
	uint32_t timer_initial;
	uint32_t timer_divide;       /* the divide configuration register */
	uint64_t timer_start;        /* guest ns the count was loaded (or rebased) */
	bool lint0_level;            /* the 8259's INTR */
	bool lint1_level;
	bool extint_message;         /* an ExtINT message awaits the acknowledge */
	bool intr_level;             /* what INTR is driven to */
	/* To the CPU: INTR (a level), NMI, an SMI message and INIT (pulses). */
	const struct line *intr, *nmi, *smi, *init;
	struct apic_eoi eoi;         /* level-triggered EOIs to the I/O APIC */
};

/* Put the APIC's page at LAPIC_DEFAULT_BASE on bus (at the power-on
 * IA32_APIC_BASE, until lapic_set_base() says otherwise) with its timer
 * on timers, and reset it. */
void lapic_attach(struct lapic *l, struct bus *bus, struct timer_queue *timers);

/* The power-on state (SDM §10.4.7.1): ID 0, LVT entries masked, the
 * spurious vector register at 0xFF (software disabled), the timer
 * stopped; and LINT0 as ExtINT, not masked, as QEMU sets its BSP's at
 * reset so that BIOSes that never program the APIC still get the
 * 8259's interrupts.  IA32_APIC_BASE is the CPU's, told again by it. */
void lapic_reset(struct lapic *l);

/* IA32_APIC_BASE was written (or reset) to msr: the page moves to its
 * base or, with the global enable clear, goes away, the APIC's state
 * back to power-on's but for its ID (SDM §10.4.3).  The CPU's
 * apic_base_write hook: opaque is the struct lapic. */
void lapic_set_base(void *opaque, uint64_t msr);

/* Register accesses as the CPU makes them through the page: reads of
 * any size return the bytes of the register's 32 bits at that offset
 * (reserved bytes read 0); writes other than 4 aligned bytes are
 * dropped, as QEMU drops them. */
uint32_t lapic_read(struct lapic *l, uint32_t offset, unsigned size);
void lapic_write(struct lapic *l, uint32_t offset, uint32_t value, unsigned size);

/* The LINT0 and LINT1 pins' receivers; valid while l is. */
struct line lapic_lint0_line(struct lapic *l);
struct line lapic_lint1_line(struct lapic *l);

/* The CPU's performance-monitoring interrupt (a pulse): delivers the LVT
 * performance-counter entry by its delivery mode (fixed, SMI or NMI)
 * unless it is masked (SDM §10.5.1; a P6 does not mask it on delivery);
 * nothing with the APIC globally disabled.  Valid while l is. */
struct line lapic_perf_line(struct lapic *l);

/* A message on the APIC bus: taken when its destination names this
 * APIC and the APIC is globally enabled.  opaque is the struct lapic. */
void lapic_receive(void *opaque, const struct apic_msg *msg);

/* The interrupt-acknowledge cycle: the vector the APIC delivers (IRR's
 * highest moves to ISR; the spurious vector when nothing is left to
 * deliver), or -1 when the 8259 answers (an ExtINT: LINT0, or an
 * ExtINT message, or the APIC globally disabled). */
int lapic_acknowledge(struct lapic *l);

/* Whether the 8259's INTR reaches the CPU: LINT0 unmasked as ExtINT, or
 * the APIC globally disabled. */
bool lapic_passes_8259(const struct lapic *l);
/* Whether message m (an I/O APIC's) would interrupt the CPU now: the
 * APIC is enabled and addressed, and a fixed or lowest-priority vector
 * is neither requested already nor held back by the processor priority
 * (only the CPU's EOI or TPR write changes that); NMI, SMI, INIT and
 * ExtINT always would. */
bool lapic_would_interrupt(const struct lapic *l, const struct apic_msg *m);

/* Whether the timer will interrupt the CPU by itself, the CPU doing
 * nothing: it runs, its LVT entry is not masked, and its vector (or,
 * for an illegal one, the error entry's) is neither requested already
 * nor held back by the processor priority (TPR, or a vector in service
 * that only the CPU's EOI ends): a CPU waiting in HLT for a timer
 * interrupt that cannot come waits for ever. */
bool lapic_timer_may_interrupt(const struct lapic *l);

/* What the APIC holds, at guest time now, without side effects. */
void lapic_inspect(const struct lapic *l, uint64_t now, struct lapic_info *out);

#endif
