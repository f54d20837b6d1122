/* SMI fuzzing: the fuzz point and one execution; see fuzz.h. */
#include "fuzz/fuzz.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/input.h"

struct fuzzer {
	struct machine *m;
	struct board_config board;
	struct fuzz_config cfg;
	struct smm_check *check;
	struct fuzz_probe *probe;
	struct fuzz_reads *reads;      /* the input's port and MSR values, or NULL */
	struct machine_snapshot *snapshot;
	void *check_state;            /* the SMM checks' state at the fuzz point */
	uint64_t point;
	bool touched;                 /* an execution ran since the snapshot */
	bool booting;                 /* findings now are the boot's */
	uint64_t boot_findings;
	struct fuzz_result *result;   /* the execution in progress */
};

static const char *const finding_names[FUZZ_FINDING_KINDS] = {
	"callout", "write-outside", "read-outside", "smram-leak", "shutdown", "bad-rsm", "timeout",
};

const char *fuzz_finding_name(unsigned kind)
{
	for (unsigned k = 0; k < FUZZ_FINDING_KINDS; k++)
		if (kind == 1u << k)
			return finding_names[k];
	return "none";
}

bool fuzz_finding_parse(const char *text, unsigned *kinds, char *why, size_t size)
{
	*kinds = 0;
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned k;
		for (k = 0; k < FUZZ_FINDING_KINDS; k++)
			if (strlen(finding_names[k]) == n && strncmp(p, finding_names[k], n) == 0)
				break;
		if (k == FUZZ_FINDING_KINDS) {
			char word[64];
			fuzz_quote(p, n, word, sizeof(word));
			snprintf(why, size, "%s: not a kind of finding (callout, write-outside, "
				 "read-outside, smram-leak, shutdown, bad-rsm, timeout)", word);
			return false;
		}
		*kinds |= 1u << k;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

__attribute__((format(printf, 2, 3)))
static void say(struct fuzz_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->line, sizeof(r->line), fmt, ap);
	va_end(ap);
}

/* The first finding of an execution ends it; the boot's are counted. */
static void on_finding(void *opaque, const struct smm_finding *found)
{
	struct fuzzer *f = opaque;
	if (f->booting) {
		f->boot_findings++;
		return;
	}
	struct fuzz_result *r = f->result;
	if (!r || r->finding)
		return;
	r->finding = found->kind;
	r->icount = found->icount;
	r->cs = found->cs;
	r->eip = found->eip;
	r->address = found->address;
	say(r, "%s", found->line);
	cpu_request_exit(f->m->cpu);
}

struct fuzzer *fuzzer_new(struct machine *m, const struct board_config *board,
			  const struct fuzz_config *cfg)
{
	struct fuzzer *f = calloc(1, sizeof(*f));
	if (!f) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	f->m = m;
	f->board = *board;
	f->cfg = *cfg;
	struct smm_check_config *c = &f->cfg.check;
	c->strict = false;
	c->ignore = cfg->ignore & (FUZZ_CALLOUT | FUZZ_WRITE_OUTSIDE | FUZZ_READ_OUTSIDE |
				   FUZZ_SMRAM_LEAK);
	c->on_finding = on_finding;
	c->finding_opaque = f;
	c->nbuffers = 0;
	for (unsigned k = 0; k < cfg->layout.n; k++) {
		const struct fuzz_item *it = &cfg->layout.item[k];
		if (it->kind != FUZZ_ITEM_MEMORY)
			continue;
		if (c->nbuffers == SMM_CHECK_MAX_BUFFERS) {
			fprintf(stderr, "smmbox: --fuzz-layout: at most %u mem: items\n",
				SMM_CHECK_MAX_BUFFERS);
			free(f);
			return NULL;
		}
		c->buffer[c->nbuffers].lo = it->address;
		c->buffer[c->nbuffers++].hi = it->address + (it->length - 1);
	}
	m->no_reboot = true;
	FILE *report = c->report;
	c->report = NULL; /* the boot's findings as lines; the executions' as asked */
	f->check = smm_check_new(m, c);
	c->report = report;
	f->check_state = malloc(smm_check_state_size());
	if (!f->check || !f->check_state) {
		fuzzer_free(f);
		return NULL;
	}
	return f;
}

void fuzzer_free(struct fuzzer *f)
{
	if (!f)
		return;
	fuzz_probe_free(f->probe);
	smm_check_free(f->check);
	fuzz_reads_free(f->reads);
	machine_snapshot_free(f->snapshot);
	free(f->check_state);
	free(f);
}

/* Run to breakpoint b (or the guest's stop); whether it stopped there. */
static bool run_to_break(struct fuzzer *f, const struct dbg_break *b, struct dbg_stop_info *stop)
{
	struct debugger *d = debugger_new(f->m, &f->board);
	if (!d)
		return false;
	bool hit = false;
	if (debugger_add_break(d, b) < 0) {
		snprintf(stop->detail, sizeof(stop->detail), "no room for the breakpoint");
	} else {
		debugger_run(d, 0, stop);
		hit = stop->why == DBG_STOP_BREAK;
	}
	debugger_free(d);
	return hit;
}

/* Boot to the point the configuration names; false after a line saying
 * why it was not reached. */
static bool boot(struct fuzzer *f)
{
	struct machine *m = f->m;
	enum machine_exit why;
	struct dbg_stop_info stop = { 0 };
	switch (f->cfg.at) {
	case FUZZ_AT_INSN:
		if (f->cfg.insn == 0)
			return true; /* at power-on (machine_run() takes 0 as no bound) */
		why = machine_run(m, f->cfg.insn);
		if (why == MACHINE_BUDGET)
			return true;
		break;
	case FUZZ_AT_BREAK:
		if (run_to_break(f, &f->cfg.brk, &stop))
			return true;
		why = stop.machine;
		break;
	default:
		why = machine_run(m, f->cfg.max_insns);
		if (why == MACHINE_HALT || why == MACHINE_IDLE || why == MACHINE_BUDGET)
			return true;
		break;
	}
	bool said = stop.detail[0] && stop.why != DBG_STOP_GUEST; /* not the stop again */
	fprintf(stderr, "smmbox: the fuzz point was never reached: the guest stopped (%s) after "
		"%" PRIu64 " instructions%s%s\n", machine_exit_name(why), m->cpu->icount,
		said ? ": " : "", said ? stop.detail : "");
	return false;
}

/* Out of SMM: a fuzz point inside a handler, or where the guest's own
 * SMI is about to be taken (after its OUT to 0xB2), moves on past that
 * handler's RSM. */
static bool leave_smm(struct fuzzer *f)
{
	if (!f->m->cpu->smm && !f->m->cpu->smi_pending)
		return true;
	struct dbg_break rsm = { .kind = DBG_BREAK_RSM, .view = DBG_ANY_VIEW,
				 .vector = DBG_ANY_VECTOR, .direction = -1 };
	struct dbg_stop_info stop = { 0 };
	if (run_to_break(f, &rsm, &stop) && !f->m->cpu->smm && !f->m->cpu->smi_pending)
		return true;
	fprintf(stderr, "smmbox: the fuzz point is in SMM and its handler never returned (%s)\n",
		stop.detail);
	return false;
}

static bool layout_has(const struct fuzz_layout *l, enum fuzz_item_kind kind)
{
	for (unsigned k = 0; k < l->n; k++)
		if (l->item[k].kind == kind)
			return true;
	return false;
}

bool fuzzer_reach_point(struct fuzzer *f)
{
	f->booting = true;
	bool reached = boot(f) && leave_smm(f);
	f->booting = false;
	if (!reached)
		return false;
	if (f->boot_findings)
		fprintf(stderr, "smmbox: fuzz: %" PRIu64 " SMM check findings before the fuzz point "
			"(above; not charged to any input)\n", f->boot_findings);
	smm_check_set_report(f->check, f->cfg.check.report);
	struct machine *m = f->m;
	bool reads = layout_has(&f->cfg.layout, FUZZ_ITEM_PORT) ||
		     layout_has(&f->cfg.layout, FUZZ_ITEM_MSR);
	if (reads && !(f->reads = fuzz_reads_new(m, &f->cfg.layout)))
		return false;
	if (!(f->probe = fuzz_probe_new(m)))
		return false;
	f->point = m->cpu->icount;
	if (f->cfg.forked)
		return true;
	f->snapshot = machine_snapshot(m);
	if (!f->snapshot) {
		fprintf(stderr, "smmbox: out of memory for the snapshot\n");
		return false;
	}
	machine_rewind_start(m);
	smm_check_state_save(f->check, f->check_state);
	return true;
}

void fuzzer_detach(struct fuzzer *f)
{
	fuzz_probe_free(f->probe);
	f->probe = NULL;
	smm_check_free(f->check);
	f->check = NULL;
}

uint64_t fuzzer_point(const struct fuzzer *f)
{
	return f->point;
}

struct fuzz_probe *fuzzer_probe(struct fuzzer *f)
{
	return f->probe;
}

void fuzzer_prepare(struct fuzzer *f, const uint8_t *input, size_t len)
{
	struct machine *m = f->m;
	if (f->touched && !f->snapshot) {
		fprintf(stderr, "smmbox: fuzz: a second execution without a snapshot\n");
		abort();
	}
	if (f->touched) {
		machine_rewind(m, f->snapshot);
		smm_check_state_restore(f->check, f->check_state);
	}
	f->touched = true;
	fuzz_probe_start(f->probe);
	struct fuzz_apm apm;
	fuzz_input_apply(m, &f->cfg.layout, f->reads, input, len, &apm);
	if (apm.data_written)
		fuzz_probe_port_written(f->probe, FUZZ_APM_DATA_PORT, apm.data);
	if (apm.command_written)
		fuzz_probe_port_written(f->probe, FUZZ_APM_COMMAND_PORT, apm.command);
	if (!layout_has(&f->cfg.layout, FUZZ_ITEM_APM_COMMAND)) {
		line_set(&m->cpu->smi, true);
		line_set(&m->cpu->smi, false);
	}
}

/* Why the run stopped, as the execution's outcome. */
static void judge(struct fuzzer *f, enum machine_exit why, struct fuzz_result *r)
{
	struct cpu *cpu = f->m->cpu;
	unsigned kind = 0;
	if (why == MACHINE_SHUTDOWN) {
		bool rsm = cpu->exit_detail && strstr(cpu->exit_detail, "RSM");
		kind = rsm ? FUZZ_BAD_RSM : FUZZ_SHUTDOWN;
		say(r, "%s at %04x:%08" PRIx32 " after %" PRIu64 " instructions in the execution",
		    cpu->exit_detail ? cpu->exit_detail : "shutdown", cpu->seg[S_CS].sel, cpu->eip,
		    cpu->icount - f->point);
	} else if (cpu->smm && (why == MACHINE_BUDGET || why == MACHINE_HALT || why == MACHINE_IDLE)) {
		kind = FUZZ_TIMEOUT;
		say(r, "the handler %s at %04x:%08" PRIx32,
		    why == MACHINE_BUDGET ? "did not return within the budget" : "halted in SMM",
		    cpu->seg[S_CS].sel, cpu->eip);
	}
	if (!kind || (f->cfg.ignore & kind))
		return;
	r->finding = kind;
	r->icount = cpu->icount;
	r->cs = cpu->seg[S_CS].sel;
	r->eip = cpu->eip;
}

void fuzzer_execute(struct fuzzer *f, const uint8_t *input, size_t len, struct fuzz_result *r)
{
	struct machine *m = f->m;
	*r = (struct fuzz_result){ 0 };
	fuzzer_prepare(f, input, len);
	r->smi = m->cpu->smi_pending || m->cpu->smm;
	f->result = r;
	uint64_t end = f->point + f->cfg.budget;
	while (r->smi && !r->finding) {
		enum machine_exit why = machine_run(m, end);
		if (why == MACHINE_REQUEST && fuzz_probe_returned(f->probe) && !r->finding) {
			r->returned = true;
			if (m->cpu->smi_pending && m->cpu->icount < end)
				continue; /* another SMI was latched: take it too */
			break;
		}
		if (!r->finding)
			judge(f, why, r);
		break;
	}
	f->result = NULL;
	r->instructions = m->cpu->icount - f->point;
}
