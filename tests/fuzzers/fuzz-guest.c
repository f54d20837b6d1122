/* libFuzzer harness: any bytes run as guest code, in every mode the CPU
 * has, on the whole machine (the board's devices answer the code's port
 * and MMIO accesses).  The input is a header (guest-setup.h: the mode,
 * CR0/CR4/EFLAGS bits, debug registers, interrupts from the PIT, an SMI
 * first, four raw descriptors), then the code, which every interrupt,
 * exception and SMI handler runs again.  The run is bounded to
 * FUZZ_INSNS instructions; whatever the guest does, the host must not
 * crash, hang or leak.
 *
 * With GUEST_LISTEN, the same start runs a second time with a listener
 * on the CPU: a trace recorder writing a file (when the third flags byte
 * has FUZZ_RECORD) or an event callback that also wants reads.  The
 * guest must run exactly as it did unobserved (README: traced runs retire
 * the same instructions; a debugged run is the run without the
 * debugger), and a recorded trace must read back whole, with as many
 * instruction records as were written. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/events.h"
#include "tests/fuzzers/fuzz-machine.h"
#include "tests/fuzzers/guest-setup.h"
#include "trace/trace.h"

#define FUZZ_INSNS 1500
#define FUZZ_RAM_MB 2
#define FUZZ_RECORD 0x02  /* in the third flags byte, with GUEST_LISTEN */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a run ended with: compared between the two runs. */
struct outcome {
	enum machine_exit why;
	uint64_t icount, smi_count, rsm_count;
	uint32_t reg[8], eip, eflags, cr0, cr3, cr4;
	uint16_t sel[S_COUNT];
	bool smm;
};

static struct outcome outcome_of(enum machine_exit why, const struct cpu *cpu)
{
	struct outcome o = { .why = why, .icount = cpu->icount, .smi_count = cpu->smi_count,
			     .rsm_count = cpu->rsm_count, .eip = cpu->eip,
			     .eflags = cpu_get_eflags(cpu), .cr0 = cpu->cr0, .cr3 = cpu->cr3,
			     .cr4 = cpu->cr4, .smm = cpu->smm };
	memcpy(o.reg, cpu->reg, sizeof(o.reg));
	for (unsigned k = 0; k < S_COUNT; k++)
		o.sel[k] = cpu->seg[k].sel;
	return o;
}

static void print_outcome(const char *what, const struct outcome *o)
{
	fprintf(stderr, "%s: %s after %" PRIu64 " instructions, SMIs %" PRIu64 " RSMs %" PRIu64
		", cs:eip %04x:%08x eflags %08x cr0 %08x cr3 %08x cr4 %08x smm %d\n  ",
		what, machine_exit_name(o->why), o->icount, o->smi_count, o->rsm_count,
		o->sel[S_CS], o->eip, o->eflags, o->cr0, o->cr3, o->cr4, o->smm);
	for (unsigned k = 0; k < 8; k++)
		fprintf(stderr, " %08x", o->reg[k]);
	fprintf(stderr, "  ss %04x ds %04x es %04x fs %04x gs %04x\n", o->sel[S_SS], o->sel[S_DS],
		o->sel[S_ES], o->sel[S_FS], o->sel[S_GS]);
}

static bool same_outcome(const struct outcome *a, const struct outcome *b)
{
	return a->why == b->why && a->icount == b->icount && a->smi_count == b->smi_count &&
	       a->rsm_count == b->rsm_count && memcmp(a->reg, b->reg, sizeof(a->reg)) == 0 &&
	       a->eip == b->eip && a->eflags == b->eflags && a->cr0 == b->cr0 &&
	       a->cr3 == b->cr3 && a->cr4 == b->cr4 && a->smm == b->smm &&
	       memcmp(a->sel, b->sel, sizeof(a->sel)) == 0;
}

/* The callback listener: every event, reads too; an instruction event
 * must carry at most 15 bytes. */
static void on_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	uint64_t *events = opaque;
	(void)cpu;
	if (ev->kind == CPU_EV_INSN && ev->len > sizeof(ev->bytes))
		abort();
	++*events;
}

/* The file a recorded run's trace goes to, this process's own. */
static const char *trace_path(void)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/smmbox-fuzz-guest-%ld.trc", (long)getpid());
	return path;
}

/* The trace at path read back: it must be whole, with steps instruction
 * records. */
static void check_trace(const char *path, uint64_t steps)
{
	struct trace_reader *r = trace_reader_open(path);
	if (!r)
		abort();
	struct trace_step step;
	uint64_t read = 0;
	while (trace_reader_next(r, &step, NULL, NULL))
		read++;
	bool failed = trace_reader_failed(r);
	trace_reader_close(r);
	if (failed || read != steps) {
		fprintf(stderr, "fuzz-guest: the trace reads back %s with %" PRIu64
			" of %" PRIu64 " instruction records\n", failed ? "damaged" : "whole", read,
			steps);
		abort();
	}
}

/* Run s from power-on, with a listener when listen (the recorder when
 * record). */
static struct outcome run(struct fuzz_machine *fm, const struct guest_start *s, bool listen,
			  bool record)
{
	struct cpu *cpu = fm->m->cpu;
	uint64_t events = 0;
	struct cpu_events callback = { .event = on_event, .opaque = &events, .want_insns = true,
				       .want_reads = true };
	struct trace_writer *w = NULL;
	fuzz_machine_reset(fm);
	guest_setup(fm->m, s);
	if (record) {
		if (!(w = trace_writer_open(trace_path(), "fuzz-guest", NULL, 0)))
			abort();
		cpu->events = trace_writer_events(w);
	} else if (listen) {
		cpu->events = &callback;
	}
	cpu_state_changed(cpu);
	struct outcome o = outcome_of(machine_run(fm->m, FUZZ_INSNS), cpu);
	cpu->events = NULL;
	cpu_state_changed(cpu);
	if (w) {
		uint64_t steps = trace_writer_steps(w);
		if (!trace_writer_close(w))
			abort();
		check_trace(trace_path(), steps);
		unlink(trace_path());
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_machine *fm = fuzz_machine_get(FUZZ_RAM_MB);
	struct guest_start s;
	guest_parse(data, size, &s);
	struct outcome plain = run(fm, &s, false, false);
	if (!(s.flags[0] & GUEST_LISTEN))
		return 0;
	bool record = s.flags[2] & FUZZ_RECORD;
	struct outcome seen = run(fm, &s, true, record);
	if (!same_outcome(&plain, &seen)) {
		fprintf(stderr, "fuzz-guest: the run %s differs from the run unobserved\n",
			record ? "recorded" : "with a listener");
		print_outcome("unobserved", &plain);
		print_outcome(record ? "recorded" : "listened to", &seen);
		abort();
	}
	return 0;
}
