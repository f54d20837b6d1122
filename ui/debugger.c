/* The debugger engine; see debugger.h. */
#include "ui/debugger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/debug_view.h"

#define MAX_BREAKS 64

struct debugger {
	struct machine *m;
	struct cpu_events events;
	const struct cpu_events *next;   /* the listener before us */
	struct dbg_break breaks[MAX_BREAKS];
	unsigned nbreaks;
	int next_id;
	/* The run in progress. */
	bool first_insn;                 /* the run's first instruction is not stopped at */
	bool hit;
	struct dbg_stop_info stop;
	unsigned mode;                   /* dbg_mode_of() before the last instruction */
	bool mode_known;
	struct dbg_event ring[DBG_EVENT_RING];
	uint64_t nevents;
};

static void pass_on(const struct debugger *d, const struct cpu *cpu, const struct cpu_event *ev)
{
	if (d->next && d->next->event)
		d->next->event(d->next->opaque, cpu, ev);
}

/* Breakpoint b was hit: the run stops (before the instruction, or after
 * the event) and says why. */
static void stop_here(struct debugger *d, struct cpu *cpu, struct dbg_break *b,
		      const char *detail)
{
	b->hits++;
	d->hit = true;
	d->stop = (struct dbg_stop_info){ .why = DBG_STOP_BREAK, .break_id = b->id };
	snprintf(d->stop.detail, sizeof(d->stop.detail), "%s", detail);
	cpu_request_exit(cpu);
}

static bool exec_matches(const struct dbg_break *b, const struct cpu_event *ev)
{
	switch (b->space) {
	case DBG_LINEAR: return ev->linear == b->addr;
	case DBG_PHYSICAL: return ev->physical == b->addr && (b->view == DBG_ANY_VIEW || b->view == ev->view);
	case DBG_SEGMENTED: return ev->cs == b->cs && ev->eip == b->addr;
	}
	return false;
}

/* Before an instruction: execution and mode-change breakpoints. */
static bool stops_before(struct debugger *d, struct cpu *cpu, const struct cpu_event *ev)
{
	unsigned mode = dbg_mode_of(cpu);
	bool changed = d->mode_known && mode != d->mode;
	unsigned was = d->mode;
	d->mode = mode;
	d->mode_known = true;
	if (d->first_insn) {
		d->first_insn = false;
		return false;
	}
	char detail[160];
	for (unsigned k = 0; k < d->nbreaks; k++) {
		struct dbg_break *b = &d->breaks[k];
		if (b->kind == DBG_BREAK_EXEC && exec_matches(b, ev)) {
			snprintf(detail, sizeof(detail), "breakpoint %d at %04x:%08x", b->id, ev->cs,
				 ev->eip);
			stop_here(d, cpu, b, detail);
			return true;
		}
		if (b->kind == DBG_BREAK_MODE && changed) {
			char from[40], to[40];
			dbg_mode_name(was, from, sizeof(from));
			dbg_mode_name(mode, to, sizeof(to));
			snprintf(detail, sizeof(detail), "breakpoint %d: mode %s -> %s", b->id, from, to);
			stop_here(d, cpu, b, detail);
			return true;
		}
	}
	return false;
}

/* Whether breakpoint b is on event ev (not an instruction). */
static bool hits_event(const struct dbg_break *b, const struct cpu_event *ev)
{
	switch (b->kind) {
	case DBG_BREAK_SMI: return ev->kind == CPU_EV_SMI;
	case DBG_BREAK_RSM: return ev->kind == CPU_EV_RSM;
	case DBG_BREAK_IO:
		return ev->kind == CPU_EV_IO && ev->address >= b->port_lo && ev->address <= b->port_hi &&
		       (b->direction < 0 || b->direction == (int)ev->is_write);
	case DBG_BREAK_EXCEPTION:
	case DBG_BREAK_INTERRUPT:
		return ev->kind == (b->kind == DBG_BREAK_EXCEPTION ? CPU_EV_EXCEPTION : CPU_EV_INTERRUPT) &&
		       (b->vector == DBG_ANY_VECTOR || b->vector == ev->vector);
	default:
		return false;
	}
}

/* After any other event: the breakpoints on it. */
static void stops_after(struct debugger *d, struct cpu *cpu, const struct cpu_event *ev)
{
	for (unsigned k = 0; k < d->nbreaks; k++) {
		struct dbg_break *b = &d->breaks[k];
		if (!hits_event(b, ev))
			continue;
		char detail[160], what[96];
		dbg_event_text(ev, what, sizeof(what));
		snprintf(detail, sizeof(detail), "breakpoint %d: %s", b->id, what);
		stop_here(d, cpu, b, detail);
		return;
	}
}

static void on_event(void *opaque, const struct cpu *ccpu, const struct cpu_event *ev)
{
	struct debugger *d = opaque;
	struct cpu *cpu = d->m->cpu; /* the same CPU, which the engine may stop */
	if (ev->kind == CPU_EV_INSN) {
		if (!d->hit && stops_before(d, cpu, ev))
			return;
		pass_on(d, ccpu, ev);
		return;
	}
	if (ev->kind != CPU_EV_WRITE) /* they would crowd out the rest (the trace has them) */
		d->ring[d->nevents++ % DBG_EVENT_RING] = (struct dbg_event){ .icount = cpu->icount,
										.ev = *ev };
	pass_on(d, ccpu, ev);
	if (!d->hit)
		stops_after(d, cpu, ev);
}

struct debugger *debugger_new(struct machine *m)
{
	struct debugger *d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	d->m = m;
	d->next = m->cpu->events;
	d->next_id = 1;
	d->events = (struct cpu_events){ .event = on_event, .opaque = d, .want_insns = true };
	m->cpu->events = &d->events;
	cpu_state_changed(m->cpu);
	return d;
}

void debugger_free(struct debugger *d)
{
	if (!d)
		return;
	d->m->cpu->events = d->next;
	cpu_state_changed(d->m->cpu);
	free(d);
}

int debugger_add_break(struct debugger *d, const struct dbg_break *b)
{
	if (d->nbreaks == MAX_BREAKS)
		return -1;
	struct dbg_break *n = &d->breaks[d->nbreaks++];
	*n = *b;
	n->id = d->next_id++;
	n->hits = 0;
	return n->id;
}

bool debugger_delete_break(struct debugger *d, int id)
{
	for (unsigned k = 0; k < d->nbreaks; k++) {
		if (d->breaks[k].id != id)
			continue;
		memmove(&d->breaks[k], &d->breaks[k + 1], (d->nbreaks - k - 1) * sizeof(d->breaks[0]));
		d->nbreaks--;
		return true;
	}
	return false;
}

const struct dbg_break *debugger_breaks(const struct debugger *d, unsigned *n)
{
	*n = d->nbreaks;
	return d->breaks;
}

void debugger_run(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop)
{
	struct cpu *cpu = d->m->cpu;
	d->hit = false;
	d->first_insn = true;
	d->stop = (struct dbg_stop_info){ .break_id = -1 };
	enum machine_exit why = machine_run(d->m, steps ? cpu->icount + steps : 0);
	if (d->hit) {
		*stop = d->stop;
		stop->machine = why;
		return;
	}
	*stop = (struct dbg_stop_info){ .break_id = -1, .machine = why };
	if (why == MACHINE_BUDGET && steps) {
		stop->why = DBG_STOP_STEPS;
		snprintf(stop->detail, sizeof(stop->detail), "%llu instruction%s",
			 (unsigned long long)steps, steps == 1 ? "" : "s");
	} else {
		stop->why = DBG_STOP_GUEST;
		snprintf(stop->detail, sizeof(stop->detail), "the guest stopped: %s",
			 machine_exit_name(why));
	}
}

bool debugger_event(const struct debugger *d, unsigned k, struct dbg_event *out)
{
	if (k >= d->nevents || k >= DBG_EVENT_RING)
		return false;
	*out = d->ring[(d->nevents - 1 - k) % DBG_EVENT_RING];
	return true;
}
