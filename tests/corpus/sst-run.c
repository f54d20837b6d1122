/* sst-run: run SingleStepTests MOO vectors on the smmbox CPU.
 *
 *   sst-run [--tap] [--floor FILE] [--verbose] [--list N] FILE...
 *
 * Prints "N passed, N failed", the first failures of each file (file,
 * index, disassembly, bytes and what differed), and the vectors skipped or
 * re-expected by each 286-versus-386 rule (sst-rules.h).  With --tap the
 * output is TAP: one line per file, "not ok ... # TODO known failure" for
 * files with failures, and a last line comparing the overall pass rate
 * with the floor.  metadata.json (undefined-flag masks) must sit next to
 * the files; revocation_list.txt is read from there or the parent folder.
 *
 * Exit status: 0 when the pass rate is at least the floor, 1 below it,
 * 2 on bad input (unreadable or malformed file, bad options). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/corpus/metadata.h"
#include "tests/corpus/moo.h"
#include "tests/corpus/sst-expect.h"
#include "tests/corpus/sst-machine.h"
#include "tests/corpus/sst-rules.h"
#include "tests/corpus/sst-revoked.h"

#define DEFAULT_LIST 5
#define REPORT_SIZE 1024
#define EXIT_BELOW_FLOOR 1
#define EXIT_BAD_INPUT 2

struct options {
	bool tap, verbose;
	const char *floor_file;
	unsigned list; /* failures listed per file */
	char **files;
	int nfiles;
};

/* Per-folder data: metadata.json and the revocation list. */
struct folder {
	char dir[4096];
	bool loaded;
	struct metadata md;
	struct sst_revoked revoked;
};

struct tally {
	unsigned long long passed, failed, run;
	unsigned long long by_rule[SST_RULE_COUNT];
};

struct runner {
	const struct options *opt;
	struct sst_machine *m;
	struct moo_file f;
	struct folder folder;
	struct tally total;
	char report[REPORT_SIZE];
	uint8_t records[SST_RECORDS_SIZE];
};

static void usage(void)
{
	fprintf(stderr, "usage: sst-run [--tap] [--floor FILE] [--verbose] [--list N] FILE...\n");
}

static bool parse_options(int argc, char **argv, struct options *o)
{
	int k = 1;

	*o = (struct options){ .list = DEFAULT_LIST };
	for (; k < argc && argv[k][0] == '-' && argv[k][1]; k++) {
		if (strcmp(argv[k], "--") == 0) {
			k++;
			break;
		} else if (strcmp(argv[k], "--tap") == 0) {
			o->tap = true;
		} else if (strcmp(argv[k], "--verbose") == 0) {
			o->verbose = true;
			o->list = ~0u;
		} else if (strcmp(argv[k], "--floor") == 0 && k + 1 < argc) {
			o->floor_file = argv[++k];
		} else if (strcmp(argv[k], "--list") == 0 && k + 1 < argc) {
			o->list = (unsigned)strtoul(argv[++k], NULL, 10);
		} else {
			fprintf(stderr, "sst-run: unknown option '%s'\n", argv[k]);
			return false;
		}
	}
	o->files = argv + k;
	o->nfiles = argc - k;
	if (o->nfiles == 0) {
		fprintf(stderr, "sst-run: no test files given\n");
		return false;
	}
	return true;
}

/* Bad input: one line on stderr (and a TAP bail-out), then exit. */
static void die(const struct options *o, const char *msg)
{
	fprintf(stderr, "sst-run: %s\n", msg);
	if (o->tap)
		printf("Bail out! %s\n", msg);
	exit(EXIT_BAD_INPUT);
}

/* The floor: a file holding a percentage such as "97.3". */
static double read_floor(const struct options *o)
{
	char buf[64], *end, msg[4200];
	FILE *fp;
	double v;

	if (!o->floor_file)
		return 0.0;
	fp = fopen(o->floor_file, "r");
	if (!fp || !fgets(buf, sizeof buf, fp)) {
		snprintf(msg, sizeof msg, "%s: cannot read the floor", o->floor_file);
		if (fp)
			fclose(fp);
		die(o, msg);
	}
	fclose(fp);
	buf[strcspn(buf, "\r\n")] = '\0';
	v = strtod(buf, &end);
	while (*end == ' ' || *end == '\t' || *end == '%')
		end++;
	if (end == buf || *end || v < 0 || v > 100) {
		snprintf(msg, sizeof msg, "%s: not a percentage: %s", o->floor_file, buf);
		die(o, msg);
	}
	return v;
}

/* Load metadata.json and the revocation list of path's folder, unless
 * that folder is the one already loaded. */
static void enter_folder(struct runner *r, const char *path)
{
	struct folder *fo = &r->folder;
	const char *slash = strrchr(path, '/');
	char dir[sizeof fo->dir], file[sizeof fo->dir + 32], msg[sizeof fo->dir + 400];
	size_t n = slash ? (size_t)(slash - path) : 1;

	if (n >= sizeof dir)
		die(r->opt, "path too long");
	memcpy(dir, slash ? path : ".", n);
	dir[n] = '\0';
	if (fo->loaded && strcmp(dir, fo->dir) == 0)
		return;
	memcpy(fo->dir, dir, n + 1);
	snprintf(file, sizeof file, "%s/metadata.json", dir);
	if (!metadata_load(&fo->md, file)) {
		snprintf(msg, sizeof msg, "%s (the flags masks must sit next to the MOO files)",
			 fo->md.err);
		die(r->opt, msg);
	}
	if (!sst_revoked_load_near(&fo->revoked, dir, msg, sizeof msg))
		die(r->opt, msg);
	fo->loaded = true;
}

/* The undefined-flag mask for the vectors of path. */
static uint16_t file_flags_mask(struct runner *r, const char *path)
{
	char key[METADATA_KEY_MAX];
	int reg;

	if (!metadata_key_from_path(path, key, &reg)) {
		if (!r->f.has_meta)
			return 0xFFFF;
		snprintf(key, sizeof key, r->f.meta.opcode > 0xFF ? "%04X" : "%02X",
			 (unsigned)r->f.meta.opcode & 0xFFFF);
		reg = -1;
	}
	return metadata_flags_mask(&r->folder.md, key, reg);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void print_failure(const struct runner *r, const char *path,
			  const struct moo_test *t, enum sst_rule rule)
{
	printf("%sFAIL %s idx %u: %.*s [", r->opt->tap ? "# " : "", base_name(path),
	       t->idx, (int)t->name_len, t->name);
	for (uint32_t k = 0; k < t->nbytes && k < 16; k++)
		printf("%s%02X", k ? " " : "", t->bytes[k]);
	printf("]%s%s%s: %s\n", rule ? " (386 rule: " : "",
	       rule ? sst_rule_info(rule)->what : "", rule ? ")" : "", r->report);
}

/* The expectation of t on a 386, per its plan; returns the rule that
 * applied (SST_RULE_UNJUDGED when it cannot be set up). */
static enum sst_rule expect_vector(struct runner *r, const struct moo_test *t,
				   uint16_t mask, struct sst_expect *e,
				   struct sst_extra *extra)
{
	struct sst_plan plan;
	struct sst_expect recorded;

	extra->count = 0;
	sst_expect_recorded(&recorded, t, mask);
	*e = recorded;
	if (t->has_hash && sst_revoked_has(&r->folder.revoked, t->hash))
		return SST_RULE_REVOKED;
	sst_plan_vector(t, &plan);
	if (plan.judge == SST_AS_RECORDED || plan.judge == SST_AS_SKIP)
		return plan.rule;
	if (!sst_expect_plan(e, t, &plan, mask, extra, r->records))
		return SST_RULE_UNJUDGED;
	/* A fault both CPUs take: a rule only where the 286 left more behind. */
	if (plan.rule == SST_RULE_NONE && !sst_expect_same(e, &recorded, t))
		return SST_RULE_RESTARTABLE;
	return plan.rule;
}

/* Judge one vector; returns the rule applied, and counts it. */
static enum sst_rule run_vector(struct runner *r, const struct moo_test *t,
				uint16_t mask, struct tally *ft, bool *passed)
{
	struct sst_expect e;
	struct sst_extra extra;
	enum sst_rule rule = expect_vector(r, t, mask, &e, &extra);

	ft->by_rule[rule]++;
	if (sst_rule_info(rule)->skips)
		return rule;
	*passed = sst_machine_run(r->m, t, &extra, &e, r->report, sizeof r->report);
	ft->run++;
	if (*passed)
		ft->passed++;
	else
		ft->failed++;
	return rule;
}

static void add_tally(struct tally *to, const struct tally *from)
{
	to->passed += from->passed;
	to->failed += from->failed;
	to->run += from->run;
	for (int k = 0; k < SST_RULE_COUNT; k++)
		to->by_rule[k] += from->by_rule[k];
}

static void report_file(const struct runner *r, int number, const char *path,
			const struct tally *ft, unsigned long long vectors)
{
	unsigned long long listed = ft->failed < r->opt->list ? ft->failed : r->opt->list;
	const char *c = r->opt->tap ? "# " : "";

	if (ft->failed > listed)
		printf("%s... and %llu more failures in %s\n", c, ft->failed - listed,
		       base_name(path));
	if (r->opt->verbose)
		printf("%s%s: %llu vectors, %llu run, %llu passed, %llu failed\n", c,
		       base_name(path), vectors, ft->run, ft->passed, ft->failed);
	if (!r->opt->tap)
		return;
	if (ft->failed == 0)
		printf("ok %d %s (%llu vectors)\n", number, base_name(path), vectors);
	else
		printf("not ok %d %s (%llu of %llu failed) # TODO known failure\n",
		       number, base_name(path), ft->failed, vectors);
}

static void run_file(struct runner *r, int number, const char *path)
{
	struct tally ft = { 0 };
	struct moo_test t;
	enum moo_status st;
	unsigned long long vectors = 0;
	uint16_t mask;

	enter_folder(r, path);
	if (moo_load(&r->f, path) != MOO_OK)
		die(r->opt, moo_error(&r->f));
	mask = file_flags_mask(r, path);
	while ((st = moo_next(&r->f, &t)) == MOO_OK) {
		bool passed = true;
		enum sst_rule rule = run_vector(r, &t, mask, &ft, &passed);

		vectors++;
		if (!passed && ft.failed <= r->opt->list)
			print_failure(r, path, &t, rule);
		if (r->opt->verbose && rule != SST_RULE_NONE)
			printf("%s%s %s idx %u: %.*s: %s\n", r->opt->tap ? "# " : "",
			       sst_rule_info(rule)->skips ? "SKIP" : "RULE",
			       base_name(path), t.idx, (int)t.name_len, t.name,
			       sst_rule_info(rule)->what);
	}
	if (st == MOO_ERROR)
		die(r->opt, moo_error(&r->f));
	report_file(r, number, path, &ft, vectors);
	add_tally(&r->total, &ft);
}

static double now_seconds(void)
{
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The summary; returns the exit status. */
static int summarize(const struct runner *r, double floor, double seconds)
{
	const struct tally *t = &r->total;
	const char *c = r->opt->tap ? "# " : "";
	double rate = t->run ? 100.0 * (double)t->passed / (double)t->run : 100.0;
	bool ok = rate >= floor;

	printf("%s%llu passed, %llu failed\n", c, t->passed, t->failed);
	for (int k = 1; k < SST_RULE_COUNT; k++) {
		const struct sst_rule_info *info = sst_rule_info((enum sst_rule)k);

		printf("%s%s %llu: %s\n", c, info->skips ? "skipped" : "re-expected",
		       t->by_rule[k], info->what);
	}
	printf("%s%llu vectors run in %.2f s (%.0f vectors/s)\n", c, t->run, seconds,
	       seconds > 0 ? (double)t->run / seconds : 0.0);
	if (r->opt->tap)
		printf("%s %d pass rate %.3f%% %s floor %.1f%%\n", ok ? "ok" : "not ok",
		       r->opt->nfiles + 1, rate, ok ? ">=" : "<", floor);
	else
		printf("pass rate %.3f%% (floor %.1f%%)\n", rate, floor);
	return ok ? 0 : EXIT_BELOW_FLOOR;
}

int main(int argc, char **argv)
{
	static struct runner r;
	struct options opt;
	double floor, start;
	int status;

	if (!parse_options(argc, argv, &opt)) {
		usage();
		return EXIT_BAD_INPUT;
	}
	r.opt = &opt;
	floor = read_floor(&opt);
	r.m = sst_machine_new();
	if (!r.m)
		die(&opt, "out of memory for the machine");
	if (opt.tap)
		printf("1..%d\n", opt.nfiles + 1);
	start = now_seconds();
	for (int k = 0; k < opt.nfiles; k++)
		run_file(&r, k + 1, opt.files[k]);
	status = summarize(&r, floor, now_seconds() - start);
	sst_machine_free(r.m);
	moo_release(&r.f);
	metadata_free(&r.folder.md);
	sst_revoked_free(&r.folder.revoked);
	return status;
}
