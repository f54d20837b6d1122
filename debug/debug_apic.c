/* The debugger's views of the interrupt controllers: the local APIC and
 * the I/O APIC as the board's inspection call describes them
 * (board_inspect_apic(), chipset/apic_inspect.h), decoded. */
#include "debug/debug_view.h"

#include "chipset/apic_inspect.h"

static const char *const delivery_names[8] = {
	"fixed", "lowest", "SMI", "remote-read", "NMI", "INIT", "start-up", "ExtINT",
};

/* The vectors set in a 256-bit register, or "none". */
static void print_vectors(FILE *out, const char *name, const uint32_t bits[8])
{
	fprintf(out, "  %s", name);
	bool any = false;
	for (unsigned v = 0; v < 256; v++)
		if ((bits[v >> 5] >> (v & 31)) & 1u) {
			fprintf(out, " %02x", v);
			any = true;
		}
	fprintf(out, "%s\n", any ? "" : " none");
}

/* One LVT entry: raw, then vector, delivery mode (where it has one),
 * trigger and polarity (LINT0/1), remote IRR, mask, the timer's mode. */
static void print_lvt(FILE *out, unsigned k, uint32_t e)
{
	static const char *const names[APIC_INSPECT_LVT] = {
		"timer", "perf", "LINT0", "LINT1", "error",
	};
	bool lint = k == 2 || k == 3;
	fprintf(out, "  LVT %-5s %08x  vector %02x", names[k], e, e & 0xFFu);
	if (k == 1 || lint)
		fprintf(out, " %s", delivery_names[(e >> 8) & 7u]);
	if (lint)
		fprintf(out, " %s %s%s", e & 0x8000u ? "level" : "edge",
			e & 0x2000u ? "active-low" : "active-high",
			e & 0x4000u ? " remote-IRR" : "");
	if (k == 0)
		fprintf(out, " %s", e & 0x20000u ? "periodic" : "one-shot");
	fprintf(out, "%s\n", e & 0x10000u ? " masked" : "");
}

/* The divide configuration register's divider (SDM Figure 10-10). */
static unsigned divider(uint32_t dcr)
{
	unsigned code = (dcr & 3u) | ((dcr >> 1) & 4u);
	return 1u << ((code + 1) & 7u);
}

static void print_local(FILE *out, const struct lapic_info *l)
{
	fprintf(out, "local APIC: IA32_APIC_BASE %016llx (page %08x, %s%s)\n",
		(unsigned long long)l->base_msr, l->base,
		l->enabled ? "enabled" : "globally disabled",
		l->base_msr & 0x100u ? ", BSP" : "");
	if (!l->enabled)
		return;
	fprintf(out, "  ID %08x  version %08x  TPR %02x  PPR %02x  APR %02x\n", l->id, l->version,
		l->tpr, l->ppr, l->apr);
	fprintf(out, "  SVR %08x (%s, spurious vector %02x)  LDR %08x  DFR %08x (%s)\n", l->svr,
		l->software_enabled ? "software enabled" : "software disabled", l->svr & 0xFFu,
		l->ldr, l->dfr, l->dfr >> 28 == 0xFu ? "flat" : "cluster");
	fprintf(out, "  ESR %08x (pending %08x)  ICR %08x %08x (%s, vector %02x)\n", l->esr,
		l->esr_pending, l->icr_hi, l->icr_lo, delivery_names[(l->icr_lo >> 8) & 7u],
		l->icr_lo & 0xFFu);
	for (unsigned k = 0; k < APIC_INSPECT_LVT; k++)
		print_lvt(out, k, l->lvt[k]);
	fprintf(out, "  timer: initial %08x  current %08x  divide by %u", l->timer_initial,
		l->timer_current, divider(l->timer_divide));
	if (l->timer_deadline == UINT64_MAX)
		fprintf(out, "  stopped\n");
	else
		fprintf(out, "  next interrupt at %llu ns\n",
			(unsigned long long)l->timer_deadline);
	print_vectors(out, "IRR", l->irr);
	print_vectors(out, "ISR", l->isr);
	print_vectors(out, "TMR", l->tmr);
	fprintf(out, "  INTR %s  LINT0 %s  LINT1 %s\n", l->intr ? "asserted" : "clear",
		l->lint0 ? "high" : "low", l->lint1 ? "high" : "low");
}

void dbg_print_apic(FILE *out, const struct board *board)
{
	struct apic_info info;
	board_inspect_apic(board, &info);
	if (!info.has_local_apic)
		fprintf(out, "no local APIC (the CPU has none): the 8259s drive INTR\n");
	else
		print_local(out, &info.local);
}

void dbg_print_ioapic(FILE *out, const struct board *board)
{
	struct apic_info info;
	board_inspect_apic(board, &info);
	const struct ioapic_info *io = &info.io;
	fprintf(out, "I/O APIC at %08x: ID %08x  version %08x  arbitration %08x  IOREGSEL %02x\n",
		io->base, io->id, io->version, io->arb, io->regsel);
	fprintf(out, "  pins high %06x  requesting %06x\n", io->level, io->irr);
	for (unsigned pin = 0; pin < APIC_INSPECT_PINS; pin++) {
		uint64_t e = io->redir[pin];
		fprintf(out, "  pin %2u  %016llx  vector %02x %-8s %s %02x  %s %s%s%s\n", pin,
			(unsigned long long)e, (unsigned)(e & 0xFFu),
			delivery_names[(e >> 8) & 7u], e & 0x800u ? "logical" : "physical",
			(unsigned)(e >> 56), e & 0x8000u ? "level" : "edge",
			e & 0x2000u ? "active-low" : "active-high",
			e & 0x4000u ? " remote-IRR" : "", e & 0x10000u ? " masked" : "");
	}
}

/* The vectors set in a 256-bit register as "40 90", "none" when empty. */
static void put_vector_list(FILE *out, const uint32_t bits[8])
{
	bool any = false;
	for (unsigned v = 0; v < 256; v++)
		if ((bits[v >> 5] >> (v & 31)) & 1u) {
			fprintf(out, "%s%02x", any ? " " : "", v);
			any = true;
		}
	if (!any)
		fprintf(out, "none");
}

void dbg_print_apic_brief(FILE *out, const struct board *board)
{
	struct apic_info info;
	board_inspect_apic(board, &info);
	const struct lapic_info *l = &info.local;
	if (!info.has_local_apic)
		fprintf(out, "no local APIC\n");
	else if (!l->enabled)
		fprintf(out, "local APIC globally disabled (base %08x)\n", l->base);
	else {
		fprintf(out, "local APIC %08x  ID %02x  SVR %03x  TPR %02x  PPR %02x\n", l->base,
			l->id >> 24, l->svr, l->tpr, l->ppr);
		fprintf(out, "timer %08x %s  %08x of %08x  /%u\n", l->lvt[0],
			l->lvt[0] & 0x20000u ? "periodic" : "one-shot", l->timer_current,
			l->timer_initial, divider(l->timer_divide));
		fprintf(out, "LINT0 %08x %s  LINT1 %08x %s\n", l->lvt[2],
			delivery_names[(l->lvt[2] >> 8) & 7u], l->lvt[3],
			delivery_names[(l->lvt[3] >> 8) & 7u]);
		fprintf(out, "IRR ");
		put_vector_list(out, l->irr);
		fprintf(out, "  ISR ");
		put_vector_list(out, l->isr);
		fprintf(out, "  INTR %s\n", l->intr ? "asserted" : "clear");
	}
	const struct ioapic_info *io = &info.io;
	fprintf(out, "I/O APIC pins high %06x  requesting %06x\n", io->level, io->irr);
	for (unsigned pin = 0; pin < APIC_INSPECT_PINS; pin++) {
		uint64_t e = io->redir[pin];
		if (e & 0x10000u)
			continue;
		fprintf(out, "pin %2u -> %02x %s %s %02x %s%s\n", pin, (unsigned)(e & 0xFFu),
			delivery_names[(e >> 8) & 7u], e & 0x800u ? "logical" : "physical",
			(unsigned)(e >> 56), e & 0x8000u ? "level" : "edge",
			e & 0x4000u ? " remote-IRR" : "");
	}
}
