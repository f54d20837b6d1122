/* The machine and its run loop; see machine.h. */
#define _POSIX_C_SOURCE 200809L
#include "machine/machine.h"

#include <stdlib.h>
#include <time.h>

/* At most this many instructions between looks at the devices; a paced
 * run looks every millisecond of guest time. */
#define SLICE (1u << 20)
#define PACED_SLICE 1000000u

static double wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* With a front end: poll it, and let guest time run no faster than the
 * wall clock (sleeping while the guest is ahead). */
static bool pace(struct machine *m)
{
	if (!m->poll)
		return true;
	if (!m->poll(m->poll_opaque))
		return false;
	double ahead = (double)board_now(m->board) - (wall_ns() - m->wall_start);
	if (ahead > 1e6) {
		double ns = ahead > 2e7 ? 2e7 : ahead;
		struct timespec ts = { 0, (long)ns };
		nanosleep(&ts, NULL);
	}
	return true;
}

static uint64_t instructions(void *opaque)
{
	return ((const struct cpu *)opaque)->icount;
}

static void reset_requested(void *opaque, bool level)
{
	struct machine *m = opaque;
	if (!level)
		return;
	m->reset_pending = true;
	cpu_request_exit(m->cpu);
}

/* A device armed a timer due before the rest of the CPU's run: the run
 * ends at the deadline, where the loop fires it. */
static void earliest_deadline_changed(void *opaque, uint64_t deadline)
{
	struct machine *m = opaque;
	uint64_t now = board_now(m->board);
	cpu_shorten_run(m->cpu, deadline > now ? deadline - now : 0);
}

/* The CPU's IA32_APIC_BASE hook: the board's local APIC follows it. */
static void apic_base_written(void *opaque, uint64_t msr)
{
	board_set_apic_base(opaque, msr);
}

static void poweroff_requested(void *opaque, bool level)
{
	struct machine *m = opaque;
	if (!level)
		return;
	m->poweroff_pending = true;
	cpu_request_exit(m->cpu);
}

struct machine *machine_new(const struct board_config *cfg)
{
	struct board *b = board_new(cfg);
	if (!b)
		return NULL;
	struct machine *m = calloc(1, sizeof(*m));
	if (!m) {
		board_free(b);
		return NULL;
	}
	m->board = b;
	m->cpu = cpu_new(b->bus);
	m->reset_line = (struct line){ reset_requested, m };
	m->poweroff_line = (struct line){ poweroff_requested, m };
	struct board_lines lines = {
		.intr = &m->cpu->intr, .smi = &m->cpu->smi, .a20m = &m->cpu->a20m,
		.ignne = &m->cpu->ignne, .reset = &m->reset_line, .reset_control = &m->reset_line,
		.nmi = &m->cpu->nmi, .apic_smi = &m->cpu->apic_smi, .init = &m->cpu->init,
		.poweroff = &m->poweroff_line,
	};
	board_connect(b, &lines, instructions, m->cpu);
	if (b->has_local_apic) {
		m->cpu->apic_base_write = apic_base_written;
		m->cpu->apic_opaque = b;
		board_set_apic_base(b, m->cpu->apic_base);
		m->cpu->pmi = &b->lapic_perf;
	}
	m->cpu->ferr = &b->fpu_error.ferr;
	b->timers.earliest_changed = earliest_deadline_changed;
	b->timers.earliest_opaque = m;
	return m;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	cpu_free(m->cpu);
	board_free(m->board);
	free(m);
}

/* A reset from the keyboard controller or port 0x92: the whole machine
 * starts again (guest time goes on). */
static void reset(struct machine *m)
{
	m->reset_pending = false;
	m->resets++;
	board_reset(m->board);
	cpu_reset(m->cpu);
}

const char *machine_exit_name(enum machine_exit why)
{
	switch (why) {
	case MACHINE_HALT: return "halt";
	case MACHINE_IDLE: return "idle";
	case MACHINE_SHUTDOWN: return "shutdown";
	case MACHINE_BUDGET: return "max-insns";
	case MACHINE_RESET: return "reset";
	case MACHINE_REQUEST: return "request";
	case MACHINE_POWEROFF: return "poweroff";
	}
	return "?";
}

struct machine_snapshot {
	struct board_snapshot *board;
	bool reset_pending, poweroff_pending;
	uint64_t resets;
	uint8_t cpu[];  /* cpu_snapshot_size() bytes */
};

struct machine_snapshot *machine_snapshot(const struct machine *m)
{
	struct machine_snapshot *s = malloc(sizeof(*s) + cpu_snapshot_size());
	if (!s)
		return NULL;
	s->board = board_snapshot(m->board);
	if (!s->board) {
		free(s);
		return NULL;
	}
	s->reset_pending = m->reset_pending;
	s->poweroff_pending = m->poweroff_pending;
	s->resets = m->resets;
	cpu_snapshot_save(m->cpu, s->cpu);
	return s;
}

void machine_restore(struct machine *m, const struct machine_snapshot *s)
{
	board_restore(m->board, s->board);
	cpu_snapshot_restore(m->cpu, s->cpu);
	m->reset_pending = s->reset_pending;
	m->poweroff_pending = s->poweroff_pending;
	m->resets = s->resets;
}

void machine_rewind_start(struct machine *m)
{
	board_rewind_start(m->board);
}

void machine_rewind(struct machine *m, const struct machine_snapshot *s)
{
	board_rewind(m->board, s->board);
	cpu_snapshot_rewind(m->cpu, s->cpu);
	m->reset_pending = s->reset_pending;
	m->poweroff_pending = s->poweroff_pending;
	m->resets = s->resets;
}

void machine_snapshot_free(struct machine_snapshot *s)
{
	if (!s)
		return;
	board_snapshot_free(s->board);
	free(s);
}

size_t machine_snapshot_bytes(const struct machine_snapshot *s)
{
	return sizeof(*s) + cpu_snapshot_size() + board_snapshot_bytes(s->board);
}

enum machine_exit machine_run(struct machine *m, uint64_t max_insns)
{
	struct board *b = m->board;
	struct cpu *cpu = m->cpu;
	m->wall_start = wall_ns() - (double)board_now(b);
	for (;;) {
		if (!pace(m))
			return MACHINE_REQUEST;
		uint64_t now = board_now(b), next = timer_next_deadline(&b->timers);
		uint64_t budget = m->poll ? PACED_SLICE : SLICE;
		if (next != TIMER_NEVER && next > now && next - now < budget)
			budget = next - now;
		if (next != TIMER_NEVER && next <= now)
			budget = 1;
		if (max_insns) {
			if (cpu->icount >= max_insns)
				return MACHINE_BUDGET;
			if (max_insns - cpu->icount < budget)
				budget = max_insns - cpu->icount;
		}
		enum cpu_exit why = cpu_run(cpu, budget);
		timer_run_due(&b->timers, board_now(b));
		if (m->poweroff_pending) {
			m->poweroff_pending = false;
			return MACHINE_POWEROFF;
		}
		if (m->reset_pending) {
			if (m->no_reboot) {
				m->reset_pending = false;
				m->resets++;
				return MACHINE_RESET;
			}
			reset(m);
			continue;
		}
		switch (why) {
		case CPU_EXIT_BUDGET:
			continue;
		case CPU_EXIT_HALT:
			return MACHINE_HALT;
		case CPU_EXIT_SHUTDOWN:
			return MACHINE_SHUTDOWN;
		case CPU_EXIT_REQUEST:
			return MACHINE_REQUEST;
		case CPU_EXIT_IDLE:
			/* Waiting in HLT: skip guest time to the next timer,
			 * unless no timer could end the wait (none will raise
			 * an IRQ the 8259s pass on) and no front end's input
			 * could. */
			next = timer_next_deadline(&b->timers);
			if (next == TIMER_NEVER || (!m->poll && !board_can_interrupt(b)))
				return MACHINE_IDLE;
			now = board_now(b);
			/* Paced, skip at most a slice so the front end stays live.
			 * The TSC counts the time skipped too, so that it keeps
			 * the devices' time (Linux's clock otherwise falls
			 * behind its timers while it idles). */
			if (next > now) {
				uint64_t skip = m->poll && next - now > PACED_SLICE ? PACED_SLICE
										    : next - now;
				b->idle_ns += skip;
				cpu->tsc_offset += skip;
			}
			timer_run_due(&b->timers, board_now(b));
			continue;
		}
	}
}
