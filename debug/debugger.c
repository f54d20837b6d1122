/* The debugger engine; see debugger.h. */
#include "debug/debugger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/debug_view.h"

#define MAX_BREAKS 64
#define MAX_SNAPSHOTS 32
#define MAX_INJECTED 256
#define FIRST_INTERVAL 1000000u

const char *const dbg_reg_names[DBG_REG_COUNT] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
	"es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr3", "smbase",
};

/* What a run from power-on does with breakpoints (reverse execution). */
enum replay {
	REPLAY_NONE,   /* a live run: they stop it */
	REPLAY_QUIET,  /* they are off */
	REPLAY_COUNT,  /* each one that would stop is counted, none stops */
	REPLAY_SEEK,   /* the one numbered seek (from 0) stops the run */
};

struct debugger {
	struct machine *m;
	struct board_config cfg;
	enum replay replay;
	uint64_t replay_stops, seek;
	uint64_t replay_limit;           /* REPLAY_COUNT: the position reverse-continue starts from */
	bool access_before;              /* REPLAY_COUNT: an access counts before its instruction */
	bool replay_found;               /* REPLAY_COUNT: a stop before replay_limit ... */
	uint64_t replay_last;            /* ... and the number of the last one */
	uint64_t start;                  /* the instruction count going back reaches */
	/* Snapshots of the run so far, by instruction count: the first at
	 * power-on, then one every interval instructions (the interval doubles
	 * and every other one goes when MAX_SNAPSHOTS are kept). */
	struct snapshot {
		uint64_t icount;
		struct machine_snapshot *machine;
		struct dbg_event ring[DBG_EVENT_RING];
		uint64_t nevents;
	} *snaps;
	unsigned nsnaps;
	uint64_t interval;
	struct cpu_events events;
	const struct cpu_events *next;   /* the listener before us */
	struct dbg_break breaks[MAX_BREAKS];
	unsigned nbreaks;
	int next_id;
	/* The run in progress. */
	bool first_insn;                 /* the run's first instruction is not stopped at */
	bool hit;
	struct dbg_stop_info stop;
	bool run_to;                     /* stop before the instruction at run_to_lin */
	uint32_t run_to_lin;
	bool step_out;                   /* stop after a return leaves ESP above step_out_esp */
	uint32_t step_out_esp;
	bool after_return;               /* the last instruction was a RET, RETF or IRET */
	unsigned mode_breaks;            /* mode-change breakpoints set */
	unsigned mode;                   /* dbg_mode_of() before the last instruction, */
	bool mode_known;                 /* kept while mode_breaks */
	const char *(*reason)(void *opaque); /* another's stops (debugger_set_stop_reason()) */
	void *reason_opaque;
	uint64_t budget;                 /* debugger_set_budget(), 0: none */
	bool ended;                      /* the guest stopped for good: ended_why */
	enum machine_exit ended_why;
	struct dbg_event ring[DBG_EVENT_RING];
	uint64_t nevents;
	/* SMIs raised from the debugger, by the instruction count they were
	 * raised at (ascending): a replay raises them again there. */
	uint64_t smi_at[MAX_INJECTED];
	unsigned nsmi;
};

static void take_snapshot(struct debugger *d);
static void breaks_changed(struct debugger *d);

static void pass_on(const struct debugger *d, const struct cpu *cpu, const struct cpu_event *ev)
{
	if (d->next && d->next->event)
		d->next->event(d->next->opaque, cpu, ev);
}

static uint32_t reg_value(const struct cpu *cpu, enum dbg_reg r)
{
	if (r <= DBG_REG_EDI)
		return cpu->reg[r - DBG_REG_EAX];
	if (r >= DBG_REG_ES && r <= DBG_REG_GS)
		return cpu->seg[r - DBG_REG_ES].sel;
	switch (r) {
	case DBG_REG_EIP: return cpu->eip;
	case DBG_REG_EFLAGS: return cpu_get_eflags(cpu);
	case DBG_REG_CR0: return cpu->cr0;
	case DBG_REG_CR3: return cpu->cr3;
	case DBG_REG_SMBASE: return cpu->smbase;
	default: return 0;
	}
}

static bool cond_holds(const struct cpu *cpu, const struct dbg_cond *c)
{
	if (!c->active)
		return true;
	uint32_t v = reg_value(cpu, c->reg);
	switch (c->op) {
	case DBG_EQ: return v == c->value;
	case DBG_NE: return v != c->value;
	case DBG_LT: return v < c->value;
	case DBG_LE: return v <= c->value;
	case DBG_GT: return v > c->value;
	case DBG_GE: return v >= c->value;
	}
	return false;
}

/* Where a run stopped by event kind (CPU_EV_INSN: before the
 * instruction) would stand, as an instruction count: port accesses,
 * reads, writes and RSM happen inside an instruction, which completes
 * first. */
static uint64_t stop_position(const struct cpu *cpu, enum cpu_event_kind kind)
{
	bool inside = kind == CPU_EV_IO || kind == CPU_EV_READ || kind == CPU_EV_WRITE ||
		      kind == CPU_EV_RSM;
	return cpu->icount + (inside ? 1 : 0);
}

/* Where going back lands at a stop by event kind: where the run stopped,
 * or with access_before, before the instruction of a read or a write. */
static uint64_t back_position(const struct debugger *d, const struct cpu *cpu,
			      enum cpu_event_kind kind)
{
	if (d->access_before && (kind == CPU_EV_READ || kind == CPU_EV_WRITE))
		return cpu->icount;
	return stop_position(cpu, kind);
}

/* Breakpoint b was reached by an event of kind: whether it stops the
 * run, by its condition and ignore count; a stop says why and stops the
 * CPU (before the instruction, or once the event's instruction is
 * complete).  Replays count stops instead, or stop at one of them. */
static bool trigger(struct debugger *d, struct cpu *cpu, struct dbg_break *b,
		    enum cpu_event_kind kind, const char *what)
{
	if (d->replay == REPLAY_QUIET || !cond_holds(cpu, &b->cond))
		return false;
	b->hits++;
	if (d->replay == REPLAY_COUNT || (d->replay == REPLAY_SEEK && d->replay_stops != d->seek)) {
		if (d->replay == REPLAY_COUNT && back_position(d, cpu, kind) < d->replay_limit) {
			d->replay_found = true;
			d->replay_last = d->replay_stops;
		}
		d->replay_stops++;
		return false;
	}
	if (d->replay == REPLAY_NONE && b->ignore) {
		b->ignore--;
		return false;
	}
	d->hit = true;
	d->stop = (struct dbg_stop_info){ .why = DBG_STOP_BREAK, .break_id = b->id };
	snprintf(d->stop.detail, sizeof(d->stop.detail), "%s %d: %s",
		 b->kind == DBG_BREAK_WATCH ? "watchpoint" : "breakpoint", b->id, what);
	cpu_request_exit(cpu);
	return true;
}

/* A stop of the engine's own (run to, step out). */
static void stop_for(struct debugger *d, struct cpu *cpu, const char *what)
{
	d->hit = true;
	d->stop = (struct dbg_stop_info){ .why = DBG_STOP_STEPS, .break_id = -1 };
	snprintf(d->stop.detail, sizeof(d->stop.detail), "%s", what);
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

/* The opcode after an instruction's prefixes. */
static const uint8_t *opcode_of(const uint8_t *bytes, unsigned len, bool *rep)
{
	unsigned k = 0;
	*rep = false;
	while (k < len && cpu_is_prefix(bytes[k])) {
		*rep |= bytes[k] == 0xF2 || bytes[k] == 0xF3;
		k++;
	}
	return k < len ? bytes + k : NULL;
}

static bool is_return(const struct cpu_event *ev)
{
	bool rep;
	const uint8_t *op = opcode_of(ev->bytes, ev->len, &rep);
	return op && (*op == 0xC2 || *op == 0xC3 || *op == 0xCA || *op == 0xCB || *op == 0xCF);
}

/* Before an instruction: the engine's own stops, execution and
 * mode-change breakpoints. */
static bool stops_before(struct debugger *d, struct cpu *cpu, const struct cpu_event *ev)
{
	/* What only some stops need is worked out only then. */
	unsigned mode = d->mode, was = d->mode;
	bool changed = false;
	if (d->mode_breaks) {
		mode = dbg_mode_of(cpu);
		changed = d->mode_known && mode != d->mode;
		d->mode = mode;
		d->mode_known = true;
	}
	bool returned = d->after_return;
	d->after_return = d->step_out && is_return(ev);
	if (d->first_insn) {
		d->first_insn = false;
		return false;
	}
	if (d->run_to && ev->linear == d->run_to_lin) {
		stop_for(d, cpu, "reached");
		return true;
	}
	if (d->step_out && returned && cpu->reg[R_ESP] > d->step_out_esp) {
		stop_for(d, cpu, "returned");
		return true;
	}
	char what[96];
	for (unsigned k = 0; k < d->nbreaks; k++) {
		struct dbg_break *b = &d->breaks[k];
		if (b->kind == DBG_BREAK_EXEC && exec_matches(b, ev)) {
			snprintf(what, sizeof(what), "at %04x:%08x", ev->cs, ev->eip);
			if (trigger(d, cpu, b, CPU_EV_INSN, what))
				return true;
		}
		if (b->kind == DBG_BREAK_MODE && changed) {
			char from[40], to[40];
			dbg_mode_name(was, from, sizeof(from));
			dbg_mode_name(mode, to, sizeof(to));
			snprintf(what, sizeof(what), "mode %s -> %s", from, to);
			if (trigger(d, cpu, b, CPU_EV_INSN, what))
				return true;
		}
	}
	return false;
}

static bool access_matches(const struct dbg_break *b, const struct cpu_event *ev)
{
	uint32_t a = b->space == DBG_PHYSICAL ? ev->physical : ev->address;
	if (b->space == DBG_PHYSICAL && b->view != DBG_ANY_VIEW && b->view != ev->view)
		return false;
	return a < b->addr + b->len && b->addr < a + ev->size; /* the ranges overlap */
}

/* Whether breakpoint b is on event ev (not an instruction). */
static bool on_this_event(const struct dbg_break *b, const struct cpu_event *ev)
{
	switch (b->kind) {
	case DBG_BREAK_SMI: return ev->kind == CPU_EV_SMI;
	case DBG_BREAK_RSM: return ev->kind == CPU_EV_RSM;
	case DBG_BREAK_IO:
		return ev->kind == CPU_EV_IO && ev->address >= b->port_lo && ev->address <= b->port_hi &&
		       (b->direction < 0 || b->direction == (int)ev->is_write) &&
		       (!b->has_value || b->value == ev->value);
	case DBG_BREAK_EXCEPTION:
	case DBG_BREAK_INTERRUPT:
		return ev->kind == (b->kind == DBG_BREAK_EXCEPTION ? CPU_EV_EXCEPTION : CPU_EV_INTERRUPT) &&
		       (b->vector == DBG_ANY_VECTOR || b->vector == ev->vector);
	case DBG_BREAK_WATCH:
		return ((ev->kind == CPU_EV_WRITE && (b->access & DBG_WATCH_WRITE)) ||
			(ev->kind == CPU_EV_READ && (b->access & DBG_WATCH_READ))) &&
		       access_matches(b, ev);
	default:
		return false;
	}
}

/* After any other event: the breakpoints on it. */
static void stops_after(struct debugger *d, struct cpu *cpu, const struct cpu_event *ev)
{
	for (unsigned k = 0; k < d->nbreaks; k++) {
		struct dbg_break *b = &d->breaks[k];
		if (!on_this_event(b, ev))
			continue;
		char what[96];
		dbg_event_text(ev, what, sizeof(what));
		if (trigger(d, cpu, b, ev->kind, what))
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
	/* Memory accesses would crowd out the rest (the trace has the writes);
	 * reads go on only to a listener that asked for them. */
	if (ev->kind != CPU_EV_WRITE && ev->kind != CPU_EV_READ)
		d->ring[d->nevents++ % DBG_EVENT_RING] = (struct dbg_event){ .icount = cpu->icount,
										.ev = *ev };
	if (ev->kind != CPU_EV_READ || (d->next && d->next->want_reads))
		pass_on(d, ccpu, ev);
	if (!d->hit)
		stops_after(d, cpu, ev);
}

struct debugger *debugger_new(struct machine *m, const struct board_config *cfg)
{
	struct debugger *d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	d->m = m;
	d->cfg = *cfg;
	d->next = m->cpu->events;
	d->next_id = 1;
	d->events = (struct cpu_events){ .event = on_event, .opaque = d, .want_insns = true };
	m->cpu->events = &d->events;
	cpu_state_changed(m->cpu);
	breaks_changed(d);
	d->interval = FIRST_INTERVAL;
	d->start = m->cpu->icount;
	d->snaps = calloc(MAX_SNAPSHOTS, sizeof(*d->snaps));
	if (d->snaps)
		take_snapshot(d);
	return d;
}

void debugger_free(struct debugger *d)
{
	if (!d)
		return;
	d->m->cpu->events = d->next;
	cpu_state_changed(d->m->cpu);
	for (unsigned k = 0; k < d->nsnaps; k++)
		machine_snapshot_free(d->snaps[k].machine);
	free(d->snaps);
	free(d);
}

/* After the breakpoints changed: mode changes are followed while one
 * watches them; read events are wanted while a watchpoint watches reads,
 * or the listener after the engine wants them (the CPU takes that change
 * when told, between runs). */
static void breaks_changed(struct debugger *d)
{
	bool want = d->next && d->next->want_reads; /* the SMM checks' */
	d->mode_breaks = 0;
	for (unsigned k = 0; k < d->nbreaks; k++) {
		want |= d->breaks[k].kind == DBG_BREAK_WATCH && (d->breaks[k].access & DBG_WATCH_READ);
		d->mode_breaks += d->breaks[k].kind == DBG_BREAK_MODE;
	}
	if (!d->mode_breaks)
		d->mode_known = false;
	if (want != d->events.want_reads) {
		d->events.want_reads = want;
		cpu_state_changed(d->m->cpu);
	}
}

int debugger_add_break(struct debugger *d, const struct dbg_break *b)
{
	if (d->nbreaks == MAX_BREAKS)
		return -1;
	struct dbg_break *n = &d->breaks[d->nbreaks++];
	*n = *b;
	n->id = d->next_id++;
	n->hits = 0;
	breaks_changed(d);
	return n->id;
}

static struct dbg_break *find_break(struct debugger *d, int id)
{
	for (unsigned k = 0; k < d->nbreaks; k++)
		if (d->breaks[k].id == id)
			return &d->breaks[k];
	return NULL;
}

bool debugger_delete_break(struct debugger *d, int id)
{
	struct dbg_break *b = find_break(d, id);
	if (!b)
		return false;
	unsigned k = (unsigned)(b - d->breaks);
	memmove(b, b + 1, (d->nbreaks - k - 1) * sizeof(*b));
	d->nbreaks--;
	breaks_changed(d);
	return true;
}

bool debugger_ignore_break(struct debugger *d, int id, uint64_t count)
{
	struct dbg_break *b = find_break(d, id);
	if (b)
		b->ignore = count;
	return b != NULL;
}

bool debugger_set_condition(struct debugger *d, int id, const struct dbg_cond *c)
{
	struct dbg_break *b = find_break(d, id);
	if (b)
		b->cond = *c;
	return b != NULL;
}

const struct dbg_break *debugger_breaks(const struct debugger *d, unsigned *n)
{
	*n = d->nbreaks;
	return d->breaks;
}

static void take_snapshot(struct debugger *d)
{
	uint64_t now = d->m->cpu->icount;
	for (unsigned k = 0; k < d->nsnaps; k++)
		if (d->snaps[k].icount == now)
			return; /* the run is the same run: the one there is the same */
	if (d->nsnaps == MAX_SNAPSHOTS) {
		/* Keep power-on and every other one; twice the interval. */
		unsigned kept = 1;
		for (unsigned k = 1; k < d->nsnaps; k++) {
			if (k % 2 == 0)
				d->snaps[kept++] = d->snaps[k];
			else
				machine_snapshot_free(d->snaps[k].machine);
		}
		d->nsnaps = kept;
		d->interval *= 2;
		if (now % d->interval)
			return;
	}
	struct machine_snapshot *m = machine_snapshot(d->m);
	if (!m)
		return; /* out of memory: going back replays further */
	unsigned at = d->nsnaps++;
	while (at > 0 && d->snaps[at - 1].icount > now) {
		d->snaps[at] = d->snaps[at - 1];
		at--;
	}
	struct snapshot *sn = &d->snaps[at];
	sn->icount = now;
	sn->machine = m;
	memcpy(sn->ring, d->ring, sizeof(d->ring));
	sn->nevents = d->nevents;
}

static void raise_smi(struct debugger *d)
{
	line_set(&d->m->cpu->smi, true);
	line_set(&d->m->cpu->smi, false);
}

/* machine_run() to limit (0: none), stopping at each multiple of the
 * snapshot interval to take one (before any SMI raised there), and at
 * each SMI raised from the debugger to raise it again (a no-op when it
 * is still pending from being raised). */
static enum machine_exit run_machine(struct debugger *d, uint64_t limit)
{
	for (;;) {
		uint64_t now = d->m->cpu->icount, again = 0;
		for (unsigned k = 0; k < d->nsmi && !again; k++) {
			if (d->smi_at[k] == now)
				raise_smi(d);
			else if (d->smi_at[k] > now)
				again = d->smi_at[k];
		}
		uint64_t next = (now / d->interval + 1) * d->interval;
		uint64_t until = limit && limit < next ? limit : next;
		if (again && again < until)
			until = again;
		enum machine_exit why = machine_run(d->m, until);
		bool reached = d->m->cpu->icount == until;
		/* A stop made by the last instruction before until ends the
		 * run there too (MACHINE_REQUEST), between instructions. */
		if (reached && until == next && (why == MACHINE_BUDGET || why == MACHINE_REQUEST))
			take_snapshot(d);
		if (why != MACHINE_BUDGET || !reached)
			return why;
		if (limit && d->m->cpu->icount >= limit)
			return why;
	}
}

bool debugger_raise_smi(struct debugger *d, char *why, size_t size)
{
	uint64_t now = d->m->cpu->icount;
	if (d->ended) {
		snprintf(why, size, "the guest has ended: %s", machine_exit_name(d->ended_why));
		return false;
	}
	/* What was raised later belongs to a run that no longer follows,
	 * and so do the snapshots taken after now. */
	while (d->nsmi && d->smi_at[d->nsmi - 1] > now)
		d->nsmi--;
	while (d->nsnaps > 1 && d->snaps[d->nsnaps - 1].icount > now)
		machine_snapshot_free(d->snaps[--d->nsnaps].machine);
	if (!d->nsmi || d->smi_at[d->nsmi - 1] != now) {
		if (d->nsmi == MAX_INJECTED) {
			snprintf(why, size, "too many SMIs raised (%d)", MAX_INJECTED);
			return false;
		}
		d->smi_at[d->nsmi++] = now;
	}
	raise_smi(d);
	return true;
}

void debugger_set_budget(struct debugger *d, uint64_t max_insns)
{
	d->budget = max_insns;
}

/* The instruction count a run of steps instructions (0: to the next
 * stop) ends at, for run_machine(): 0 for no end, and never past the
 * session's budget. */
static uint64_t run_limit(const struct debugger *d, uint64_t steps)
{
	uint64_t now = d->m->cpu->icount;
	uint64_t limit = steps && steps <= UINT64_MAX - now ? now + steps : 0;
	if (d->budget && (!limit || limit > d->budget))
		limit = d->budget;
	return limit;
}

static void run(struct debugger *d, uint64_t steps, bool skip_first, struct dbg_stop_info *stop)
{
	struct cpu *cpu = d->m->cpu;
	if (d->ended) {
		d->run_to = d->step_out = false;
		*stop = (struct dbg_stop_info){ .why = DBG_STOP_GUEST, .break_id = -1,
						.machine = d->ended_why };
		snprintf(stop->detail, sizeof(stop->detail), "the guest has ended: %s",
			 machine_exit_name(d->ended_why));
		return;
	}
	d->hit = false;
	d->first_insn = skip_first;
	d->stop = (struct dbg_stop_info){ .break_id = -1 };
	uint64_t limit = run_limit(d, steps);
	enum machine_exit why = run_machine(d, limit);
	d->run_to = d->step_out = false;
	bool spent = why == MACHINE_BUDGET && d->budget && cpu->icount >= d->budget;
	if (why == MACHINE_HALT || why == MACHINE_IDLE || why == MACHINE_SHUTDOWN ||
	    why == MACHINE_RESET || why == MACHINE_POWEROFF || spent) {
		d->ended = true;
		d->ended_why = why;
	}
	if (d->hit) {
		*stop = d->stop;
		stop->machine = why;
		return;
	}
	*stop = (struct dbg_stop_info){ .break_id = -1, .machine = why };
	const char *other = why == MACHINE_REQUEST && d->reason ? d->reason(d->reason_opaque) : NULL;
	if (other) {
		stop->why = DBG_STOP_BREAK;
		snprintf(stop->detail, sizeof(stop->detail), "%s", other);
	} else if (why == MACHINE_BUDGET && steps && !spent) {
		stop->why = DBG_STOP_STEPS;
		snprintf(stop->detail, sizeof(stop->detail), "%llu instruction%s",
			 (unsigned long long)steps, steps == 1 ? "" : "s");
	} else if (why == MACHINE_REQUEST) {
		stop->why = DBG_STOP_GUEST;
		snprintf(stop->detail, sizeof(stop->detail), "interrupted (break)");
	} else {
		stop->why = DBG_STOP_GUEST;
		snprintf(stop->detail, sizeof(stop->detail), "the guest stopped: %s",
			 machine_exit_name(why));
	}
}

void debugger_set_stop_reason(struct debugger *d, const char *(*reason)(void *opaque),
			      void *opaque)
{
	d->reason = reason;
	d->reason_opaque = opaque;
}

void debugger_run(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop)
{
	run(d, steps, true, stop);
}

void debugger_run_on(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop)
{
	run(d, steps, false, stop);
}

void debugger_run_to(struct debugger *d, uint32_t lin, struct dbg_stop_info *stop)
{
	d->run_to = true;
	d->run_to_lin = lin;
	debugger_run(d, 0, stop);
}

void debugger_step_over(struct debugger *d, struct dbg_stop_info *stop)
{
	const struct cpu *cpu = d->m->cpu;
	uint8_t bytes[15];
	unsigned len = dbg_insn_at(cpu, bytes);
	bool rep;
	const uint8_t *op = opcode_of(bytes, len, &rep);
	bool over = op && (*op == 0xE8 || *op == 0x9A || *op == 0xCC || *op == 0xCD || *op == 0xCE ||
			   (*op == 0xFF && op + 1 < bytes + len && ((op[1] >> 3) & 7) >= 2 &&
			    ((op[1] >> 3) & 7) <= 3) ||
			   (rep && ((*op >= 0xA4 && *op <= 0xA7) || (*op >= 0xAA && *op <= 0xAF) ||
				    (*op >= 0x6C && *op <= 0x6F))));
	if (over)
		debugger_run_to(d, cpu->seg[S_CS].base + cpu->eip + len, stop);
	else
		debugger_run(d, 1, stop);
}

void debugger_step_out(struct debugger *d, struct dbg_stop_info *stop)
{
	d->step_out = true;
	d->after_return = false;
	d->step_out_esp = d->m->cpu->reg[R_ESP];
	debugger_run(d, 0, stop);
}

/* The latest snapshot at or before instruction n; NULL when there is none
 * (debugger_new() could not take the one at power-on). */
static const struct snapshot *snapshot_before(const struct debugger *d, uint64_t n)
{
	const struct snapshot *best = NULL;
	for (unsigned k = 0; k < d->nsnaps && d->snaps[k].icount <= n; k++)
		best = &d->snaps[k];
	return best;
}

/* Go back to snapshot from and run to instruction n (0: not at all)
 * under the replay mode, output muted meanwhile.  The breakpoints come
 * back as they were (hits, ignore counts). */
static bool replay(struct debugger *d, const struct snapshot *from, uint64_t n, enum replay mode,
		   uint64_t seek, struct dbg_stop_info *stop)
{
	*stop = (struct dbg_stop_info){ .why = DBG_STOP_STEPS, .break_id = -1 };
	if (d->next) {
		snprintf(stop->detail, sizeof(stop->detail),
			 "reverse execution is not available while a trace is recorded "
			 "or the SMM checks run");
		return false;
	}
	if (!from) {
		snprintf(stop->detail, sizeof(stop->detail), "no snapshot to go back to (out of memory)");
		return false;
	}
	machine_restore(d->m, from->machine);
	memcpy(d->ring, from->ring, sizeof(d->ring));
	d->nevents = from->nevents;
	board_set_outputs(d->m->board, NULL, NULL, NULL);
	struct dbg_break saved[MAX_BREAKS];
	memcpy(saved, d->breaks, sizeof(saved));
	d->mode_known = d->ended = d->hit = d->first_insn = false;
	d->run_to = d->step_out = false;
	d->replay = mode;
	d->replay_stops = 0;
	d->seek = seek;
	d->replay_limit = n;
	d->replay_found = false;
	enum machine_exit why = n > from->icount ? run_machine(d, n) : MACHINE_BUDGET;
	d->replay = REPLAY_NONE;
	memcpy(d->breaks, saved, sizeof(saved));
	board_set_outputs(d->m->board, d->cfg.debugcon, d->cfg.postcode, d->cfg.serial);
	if (d->hit) {
		*stop = d->stop;
		stop->machine = why;
	} else {
		snprintf(stop->detail, sizeof(stop->detail), "at instruction %llu",
			 (unsigned long long)d->m->cpu->icount);
	}
	d->hit = false;
	return true;
}

uint64_t debugger_start(const struct debugger *d)
{
	return d->start;
}

/* Where going back ends, in words. */
static const char *start_name(const struct debugger *d)
{
	return d->start ? "the start of the session" : "power-on";
}

bool debugger_goto(struct debugger *d, uint64_t n, struct dbg_stop_info *stop)
{
	uint64_t now = d->m->cpu->icount;
	if (n >= now) {
		debugger_run(d, n - now, stop);
		if (n == now)
			snprintf(stop->detail, sizeof(stop->detail), "at instruction %llu",
				 (unsigned long long)now);
		return true;
	}
	if (n < d->start) {
		*stop = (struct dbg_stop_info){ .why = DBG_STOP_STEPS, .break_id = -1 };
		snprintf(stop->detail, sizeof(stop->detail), "instruction %llu is before %s (%llu)",
			 (unsigned long long)n, start_name(d), (unsigned long long)d->start);
		return false;
	}
	return replay(d, snapshot_before(d, n), n, REPLAY_QUIET, 0, stop);
}

bool debugger_reverse_step(struct debugger *d, struct dbg_stop_info *stop)
{
	uint64_t now = d->m->cpu->icount;
	if (now <= d->start) {
		*stop = (struct dbg_stop_info){ .why = DBG_STOP_STEPS, .break_id = -1 };
		snprintf(stop->detail, sizeof(stop->detail), "at %s: nothing ran before",
			 start_name(d));
		return false;
	}
	return debugger_goto(d, now - 1, stop);
}

/* Run again from snapshot from to the stop numbered d->replay_last
 * (REPLAY_COUNT found it before end); a watchpoint's stop then goes back
 * before the instruction that made the access when back says so. */
static bool seek_stop(struct debugger *d, const struct snapshot *from, uint64_t end,
		      enum dbg_back back, struct dbg_stop_info *stop)
{
	if (!replay(d, from, end, REPLAY_SEEK, d->replay_last, stop))
		return false;
	const struct dbg_break *b = find_break(d, stop->break_id);
	if (back == DBG_BACK_AFTER_ACCESS || !b || b->kind != DBG_BREAK_WATCH)
		return true;
	struct dbg_stop_info at = *stop;
	if (!debugger_goto(d, d->m->cpu->icount - 1, stop))
		return false;
	*stop = at;
	return true;
}

bool debugger_reverse_continue(struct debugger *d, enum dbg_back back,
			       struct dbg_stop_info *stop)
{
	/* Look for the last stop window by window, from the latest snapshot
	 * before here back to power-on: count the stops in a window, and if
	 * there were any, run it again to the last one. */
	uint64_t end = d->m->cpu->icount;
	const struct snapshot *from = snapshot_before(d, end ? end - 1 : 0);
	d->access_before = back == DBG_BACK_BEFORE_ACCESS;
	while (from) {
		if (!replay(d, from, end, REPLAY_COUNT, 0, stop))
			return false;
		if (d->replay_found)
			return seek_stop(d, from, end, back, stop);
		if (from == d->snaps)
			break;
		end = from->icount;
		from = snapshot_before(d, end - 1);
	}
	if (!replay(d, d->nsnaps ? d->snaps : NULL, 0, REPLAY_QUIET, 0, stop))
		return false;
	snprintf(stop->detail, sizeof(stop->detail), "no breakpoint before: at %s", start_name(d));
	return true;
}

void debugger_snapshots(const struct debugger *d, unsigned *count, uint64_t *bytes,
			uint64_t *interval)
{
	*count = d->nsnaps;
	*bytes = 0;
	for (unsigned k = 0; k < d->nsnaps; k++)
		*bytes += machine_snapshot_bytes(d->snaps[k].machine) + sizeof(d->snaps[k]);
	*interval = d->interval;
}

bool debugger_event(const struct debugger *d, unsigned k, struct dbg_event *out)
{
	if (k >= d->nevents || k >= DBG_EVENT_RING)
		return false;
	*out = d->ring[(d->nevents - 1 - k) % DBG_EVENT_RING];
	return true;
}
