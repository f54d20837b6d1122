/* What the local APIC and the I/O APIC hold now, for the debugger and
 * the windows, which ask here (board_inspect_apic()) instead of reading
 * the devices' structures.  Filling it has no side effects: no error is
 * recorded, no timer moves, the current count is computed at the time
 * given. */
#ifndef SMMBOX_CHIPSET_APIC_INSPECT_H
#define SMMBOX_CHIPSET_APIC_INSPECT_H

#include <stdbool.h>
#include <stdint.h>

#define APIC_INSPECT_LVT  5    /* timer, performance, LINT0, LINT1, error */
#define APIC_INSPECT_PINS 24

struct lapic_info {
	uint64_t base_msr;           /* IA32_APIC_BASE as the CPU last told it */
	uint32_t base;               /* where the page is, when enabled */
	bool enabled;                /* the MSR's global enable */
	bool software_enabled;       /* SVR bit 8 */
	/* The registers as a read of them would return. */
	uint32_t id, version, tpr, apr, ppr, ldr, dfr, svr, esr, icr_lo, icr_hi;
	uint32_t esr_pending;        /* errors the next write of ESR latches */
	uint32_t lvt[APIC_INSPECT_LVT];
	uint32_t timer_initial, timer_current, timer_divide;
	uint64_t timer_deadline;     /* guest ns of its next interrupt; UINT64_MAX: none */
	uint32_t irr[8], isr[8], tmr[8];
	bool intr;                   /* what the APIC drives on INTR */
	bool lint0, lint1;           /* the pins' levels */
};

struct ioapic_info {
	uint32_t base;
	uint8_t regsel;
	uint32_t id, version, arb;
	uint64_t redir[APIC_INSPECT_PINS];
	uint32_t irr;                /* pins requesting */
	uint32_t level;              /* pins' levels as driven */
};

struct apic_info {
	bool has_local_apic;         /* false: a CPU without one (a 486) */
	struct lapic_info local;     /* zero when !has_local_apic */
	struct ioapic_info io;
};

#endif
