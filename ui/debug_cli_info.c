/* The command-line debugger's `info` commands (and `registers`): what
 * the machine holds now, printed through debug/'s views. */
#include "ui/debug_cli_internal.h"

#include "debug/debug_view.h"

void cli_info_breaks(struct session *s, char **arg, int n_arg)
{
	(void)arg, (void)n_arg;
	unsigned n;
	const struct dbg_break *b = debugger_breaks(s->d, &n);
	if (!n)
		fprintf(s->out, "no breakpoints\n");
	static const char *const kinds[] = { "exec", "smi", "rsm", "io", "exception", "interrupt",
					     "mode", "watch" };
	for (unsigned k = 0; k < n; k++) {
		fprintf(s->out, "%-3d %-9s ", b[k].id, kinds[b[k].kind]);
		if (b[k].kind == DBG_BREAK_EXEC && b[k].space == DBG_SEGMENTED)
			fprintf(s->out, "%04x:%08x", b[k].cs, b[k].addr);
		else if (b[k].kind == DBG_BREAK_EXEC)
			fprintf(s->out, "%s %08x%s%s", b[k].space == DBG_PHYSICAL ? "physical" : "linear",
				b[k].addr, b[k].view >= 0 ? " in " : "",
				b[k].view >= 0 ? bus_view_name((enum bus_view)b[k].view) : "");
		else if (b[k].kind == DBG_BREAK_WATCH)
			fprintf(s->out, "%s %s %08x-%08x%s%s",
				b[k].access == DBG_WATCH_READ ? "reads of" :
				b[k].access == DBG_WATCH_WRITE ? "writes to" : "reads and writes of",
				b[k].space == DBG_PHYSICAL ? "physical" : "linear", b[k].addr,
				b[k].addr + b[k].len - 1, b[k].view >= 0 ? " in " : "",
				b[k].view >= 0 ? bus_view_name((enum bus_view)b[k].view) : "");
		else if (b[k].kind == DBG_BREAK_IO) {
			fprintf(s->out, "ports %04x-%04x %s", b[k].port_lo, b[k].port_hi,
				b[k].direction < 0 ? "in/out" : b[k].direction ? "out" : "in");
			if (b[k].has_value)
				fprintf(s->out, " value %02x", b[k].value);
		}
		else if ((b[k].kind == DBG_BREAK_EXCEPTION || b[k].kind == DBG_BREAK_INTERRUPT) &&
			 b[k].vector >= 0)
			fprintf(s->out, "vector %d", b[k].vector);
		if (b[k].cond.active)
			fprintf(s->out, "  if %s %s %x", dbg_reg_names[b[k].cond.reg],
				cli_cond_ops[b[k].cond.op],
				b[k].cond.value);
		if (b[k].ignore)
			fprintf(s->out, "  ignore next %llu", (unsigned long long)b[k].ignore);
		fprintf(s->out, "  hits %llu\n", (unsigned long long)b[k].hits);
	}
}

void cli_info_registers(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_registers(s->out, s->m->cpu);
}

void cli_info_msr(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_msrs(s->out, s->m->cpu);
}

void cli_info_fpu(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_fpu(s->out, s->m->cpu);
}

void cli_info_sse(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_sse(s->out, s->m->cpu);
}

void cli_info_smm(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_smm_state(s->out, s->m->cpu);
	dbg_print_smm_map(s->out, s->m->board->bus, s->m->cpu->smbase);
}

void cli_info_chipset(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_chipset(s->out, s->m->board);
}

void cli_info_snapshots(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	unsigned kept;
	uint64_t bytes, interval;
	debugger_snapshots(s->d, &kept, &bytes, &interval);
	fprintf(s->out, "%u snapshots, %.1f MiB, one every %llu instructions\n", kept,
		(double)bytes / (1 << 20), (unsigned long long)interval);
}

void cli_info_apic(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_apic(s->out, s->m->board);
}

void cli_info_ioapic(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	dbg_print_ioapic(s->out, s->m->board);
}
