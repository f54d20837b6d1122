/* The fuzzing side of the command line; see fuzz_cli.h. */
#define _POSIX_C_SOURCE 200809L
#include "ui/fuzz_cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/afl.h"
#include "fuzz/fuzz.h"
#include "ui/debug_cli.h"
#include "ui/fuzz_report.h"

/* The default layout: the APM command and data bytes. */
#define DEFAULT_LAYOUT "b2,b3"

struct fuzz_cli {
	struct machine *m;
	struct fuzzer *f;
	const char *input_path;       /* what each execution reads (afl-fuzz's @@) */
	uint8_t *input;               /* the layout's size, at least one byte */
	size_t input_size;
	struct fuzz_result result;
	FILE *report;                 /* the SMM checks' JSON lines, or NULL */
};

/* The fuzz point's text into cfg; false after a line saying why. */
static bool parse_point(const char *text, struct fuzz_config *cfg)
{
	char why[200];
	if (strncmp(text, "insn ", 5) == 0) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(text + 5, &end, 10);
		if (errno || *end || end == text + 5 || text[5] == '-') {
			fprintf(stderr, "smmbox: --fuzz-at %s: expected insn N (a decimal count)\n", text);
			return false;
		}
		cfg->at = FUZZ_AT_INSN;
		cfg->insn = n;
		return true;
	}
	if (!debug_cli_parse_break(text, &cfg->brk, why, sizeof(why))) {
		fprintf(stderr, "smmbox: --fuzz-at %s: %s\n", text, why);
		return false;
	}
	cfg->at = FUZZ_AT_BREAK;
	return true;
}

static bool build_config(const struct options *o, FILE *report, struct fuzz_config *cfg)
{
	char why[200];
	*cfg = (struct fuzz_config){ .at = FUZZ_AT_STOP, .max_insns = o->max_insns,
				     .budget = o->fuzz_budget, .ignore = o->fuzz_ignore,
				     .check = o->smm_check,
				     .forked = o->fuzz_input && o->fuzz_fork && afl_present() };
	cfg->check.report = report;
	if (o->fuzz_at && !parse_point(o->fuzz_at, cfg))
		return false;
	const char *layout = o->fuzz_layout ? o->fuzz_layout : DEFAULT_LAYOUT;
	if (!fuzz_layout_parse(layout, &cfg->layout, why, sizeof(why))) {
		fprintf(stderr, "smmbox: --fuzz-layout %s: %s\n", layout, why);
		return false;
	}
	return true;
}

/* Up to the layout's size of the file at path into c->input; false with
 * why (no file, not readable, empty when must_have says it must not be). */
static bool read_input(struct fuzz_cli *c, const char *path, size_t *len, bool must_have,
		       char *why, size_t size)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		snprintf(why, size, "cannot open input %s: %s", path, strerror(errno));
		return false;
	}
	*len = fread(c->input, 1, c->input_size, in);
	bool failed = ferror(in);
	fclose(in);
	if (failed)
		snprintf(why, size, "cannot read input %s", path);
	else if (must_have && *len == 0)
		snprintf(why, size, "input %s is empty", path);
	return !failed && (*len > 0 || !must_have);
}

/* One execution of the input at c->input_path, for afl-fuzz. */
static bool execute_for_afl(void *opaque)
{
	struct fuzz_cli *c = opaque;
	char why[300];
	size_t len = 0;
	if (!read_input(c, c->input_path, &len, false, why, sizeof(why)))
		len = 0; /* afl-fuzz writes the file before each run: a missing one is empty */
	fuzzer_execute(c->f, c->input, len, &c->result);
	return c->result.finding != 0;
}

/* The outcome of one execution in one line on stderr; the exit status. */
static int verdict(const struct fuzz_cli *c, const char *path)
{
	const struct fuzz_result *r = &c->result;
	if (r->finding) {
		fprintf(stderr, "smmbox: fuzz: %s: finding %s at %04x:%08" PRIx32 ", instruction %"
			PRIu64 ": %s\n", path, fuzz_finding_name(r->finding), r->cs, r->eip, r->icount,
			r->line);
		return EXIT_SHUTDOWN;
	}
	if (!r->smi)
		fprintf(stderr, "smmbox: fuzz: %s: clean: no SMI was taken (the APM enables are "
			"off, or the layout's b2 never reached the chipset)\n", path);
	else
		fprintf(stderr, "smmbox: fuzz: %s: clean: the SMI %s after %" PRIu64
			" instructions\n", path, r->returned ? "returned" : "ended", r->instructions);
	return 0;
}

/* Serve afl-fuzz, or without it run the input (len bytes, read) once. */
static int serve(struct fuzz_cli *c, const struct options *o, size_t len)
{
	char why[300];
	if (!afl_present()) {
		fuzzer_execute(c->f, c->input, len, &c->result);
		return verdict(c, o->fuzz_input);
	}
	struct afl_shared shm;
	if (!afl_attach(&shm, why, sizeof(why))) {
		fprintf(stderr, "smmbox: %s\n", why);
		return EXIT_USAGE;
	}
	fuzz_probe_set_map(fuzzer_probe(c->f), shm.map, shm.map_size);
	fuzz_probe_set_cmplog(fuzzer_probe(c->f), shm.cmplog);
	board_set_outputs(c->m->board, NULL, NULL, NULL);
	c->input_path = o->fuzz_input;
	return afl_serve(&shm, o->fuzz_fork ? AFL_FORK : AFL_PERSISTENT, execute_for_afl, c);
}

/* Replay one input (len bytes, read), report it, and with a debugger
 * stop at the finding. */
static int replay(struct fuzz_cli *c, const struct board_config *cfg, const struct options *o,
		  size_t len, fuzz_front_end_fn front_end)
{
	fuzzer_execute(c->f, c->input, len, &c->result);
	int status = verdict(c, o->fuzz_replay);
	if (!(o->debug || o->ui || o->gdb_port >= 0))
		return status;
	fuzzer_prepare(c->f, c->input, len);
	fuzzer_detach(c->f);
	struct debugger *d = debugger_new(c->m, cfg);
	if (!d)
		return EXIT_USAGE;
	struct dbg_stop_info stop;
	if (c->result.finding && debugger_goto(d, c->result.icount, &stop))
		printf("smmbox: at the finding (%s), instruction %" PRIu64 "; the execution began at "
		       "instruction %" PRIu64 "\n", fuzz_finding_name(c->result.finding),
		       c->result.icount, fuzzer_point(c->f));
	fflush(stdout);
	int said = front_end(d, c->m, o);
	debugger_free(d);
	return said >= 0 ? said : status;
}

/* The one input a run takes (--fuzz-replay, or --fuzz-input outside
 * afl-fuzz), read before booting: false after a line saying why. */
static bool read_given_input(struct fuzz_cli *c, const struct options *o, size_t *len)
{
	char why[300];
	const char *path = o->fuzz_replay ? o->fuzz_replay : o->fuzz_input;
	*len = 0;
	if (!path || (o->fuzz_input && afl_present()))
		return true;
	if (read_input(c, path, len, true, why, sizeof(why)))
		return true;
	fprintf(stderr, "smmbox: %s: %s\n", o->fuzz_replay ? "--fuzz-replay" : "--fuzz-input", why);
	return false;
}

int fuzz_command(struct machine *m, const struct board_config *cfg, const struct options *o,
		 fuzz_front_end_fn front_end)
{
	struct fuzz_cli c = { .m = m };
	bool replaying = o->fuzz_replay != NULL;
	bool serving = o->fuzz_input && afl_present(); /* no report from afl-fuzz's executions */
	if (o->smm_report && !serving && !(c.report = fopen(o->smm_report, "w"))) {
		fprintf(stderr, "smmbox: cannot create %s: %s\n", o->smm_report, strerror(errno));
		return EXIT_USAGE;
	}
	struct fuzz_config fc;
	int status = EXIT_USAGE;
	if (!build_config(o, c.report ? c.report : replaying ? stderr : NULL, &fc))
		goto out;
	c.input_size = fc.layout.size ? fc.layout.size : 1;
	c.input = calloc(c.input_size, 1);
	size_t len;
	if (o->fuzz_triage || o->fuzz_coverage) /* their reports are on stdout */
		board_set_outputs(m->board, NULL, NULL, NULL);
	if (!c.input || !read_given_input(&c, o, &len) || !(c.f = fuzzer_new(m, cfg, &fc)) ||
	    !fuzzer_reach_point(c.f))
		goto out;
	if (o->fuzz_input)
		status = serve(&c, o, len);
	else if (replaying)
		status = replay(&c, cfg, o, len, front_end);
	else if (o->fuzz_triage)
		status = fuzz_triage(c.f, o->fuzz_triage, c.input, c.input_size);
	else
		status = fuzz_coverage_report(c.f, m, o->fuzz_coverage, c.input, c.input_size);
out:
	fuzzer_free(c.f);
	free(c.input);
	if (c.report)
		fclose(c.report);
	return status;
}
