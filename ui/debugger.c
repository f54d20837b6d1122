/* The debugger engine; see debugger.h. */
#include "ui/debugger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/debug_view.h"

#define MAX_BREAKS 64

const char *const dbg_reg_names[DBG_REG_COUNT] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags",
	"es", "cs", "ss", "ds", "fs", "gs", "cr0", "cr3", "smbase",
};

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
	bool run_to;                     /* stop before the instruction at run_to_lin */
	uint32_t run_to_lin;
	bool step_out;                   /* stop after a return leaves ESP above step_out_esp */
	uint32_t step_out_esp;
	bool after_return;               /* the last instruction was a RET, RETF or IRET */
	unsigned mode;                   /* dbg_mode_of() before the last instruction */
	bool mode_known;
	bool ended;                      /* the guest stopped for good: ended_why */
	enum machine_exit ended_why;
	struct dbg_event ring[DBG_EVENT_RING];
	uint64_t nevents;
};

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

/* Breakpoint b was reached: whether it stops the run, by its condition
 * and ignore count; a stop says why and stops the CPU (before the
 * instruction, or once the event's instruction is complete). */
static bool trigger(struct debugger *d, struct cpu *cpu, struct dbg_break *b, const char *what)
{
	if (!cond_holds(cpu, &b->cond))
		return false;
	b->hits++;
	if (b->ignore) {
		b->ignore--;
		return false;
	}
	d->hit = true;
	d->stop = (struct dbg_stop_info){ .why = DBG_STOP_BREAK, .break_id = b->id };
	snprintf(d->stop.detail, sizeof(d->stop.detail), "%s %d: %s",
		 b->kind == DBG_BREAK_WRITE ? "watchpoint" : "breakpoint", b->id, what);
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
	while (k < len && (bytes[k] == 0x66 || bytes[k] == 0x67 || bytes[k] == 0xF0 ||
			   bytes[k] == 0xF2 || bytes[k] == 0xF3 || bytes[k] == 0x26 || bytes[k] == 0x2E ||
			   bytes[k] == 0x36 || bytes[k] == 0x3E || bytes[k] == 0x64 || bytes[k] == 0x65)) {
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
	unsigned mode = dbg_mode_of(cpu);
	bool changed = d->mode_known && mode != d->mode;
	unsigned was = d->mode;
	bool returned = d->after_return;
	d->mode = mode;
	d->mode_known = true;
	d->after_return = is_return(ev);
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
			if (trigger(d, cpu, b, what))
				return true;
		}
		if (b->kind == DBG_BREAK_MODE && changed) {
			char from[40], to[40];
			dbg_mode_name(was, from, sizeof(from));
			dbg_mode_name(mode, to, sizeof(to));
			snprintf(what, sizeof(what), "mode %s -> %s", from, to);
			if (trigger(d, cpu, b, what))
				return true;
		}
	}
	return false;
}

static bool write_matches(const struct dbg_break *b, const struct cpu_event *ev)
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
	case DBG_BREAK_WRITE:
		return ev->kind == CPU_EV_WRITE && write_matches(b, ev);
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
		if (trigger(d, cpu, b, what))
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

void debugger_run(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop)
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
	d->first_insn = true;
	d->stop = (struct dbg_stop_info){ .break_id = -1 };
	enum machine_exit why = machine_run(d->m, steps ? cpu->icount + steps : 0);
	d->run_to = d->step_out = false;
	if (why == MACHINE_HALT || why == MACHINE_IDLE || why == MACHINE_SHUTDOWN ||
	    why == MACHINE_RESET) {
		d->ended = true;
		d->ended_why = why;
	}
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
	d->step_out_esp = d->m->cpu->reg[R_ESP];
	debugger_run(d, 0, stop);
}

bool debugger_event(const struct debugger *d, unsigned k, struct dbg_event *out)
{
	if (k >= d->nevents || k >= DBG_EVENT_RING)
		return false;
	*out = d->ring[(d->nevents - 1 - k) % DBG_EVENT_RING];
	return true;
}
