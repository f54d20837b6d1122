/* Triage and coverage over a folder of inputs; see fuzz_report.h. */
#define _POSIX_C_SOURCE 200809L
#include "ui/fuzz_report.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "debug/debug_view.h"
#include "fuzz/probe.h"

#define MAX_GROUPS 256
#define BLOCK_BYTES_SHOWN 512

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **names)
{
	for (size_t k = 0; names && names[k]; k++)
		free(names[k]);
	free(names);
}

/* The paths of the regular files in dir, by name, NULL-terminated (n of
 * them); NULL after a line on stderr. */
static char **list_inputs(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "smmbox: cannot read folder %s: %s\n", dir, strerror(errno));
		return NULL;
	}
	char **names = calloc(1, sizeof(*names));
	size_t count = 0;
	struct dirent *e;
	while (names && (e = readdir(d))) {
		size_t size = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(size);
		struct stat st;
		if (!path)
			break;
		snprintf(path, size, "%s/%s", dir, e->d_name);
		char **grown = stat(path, &st) == 0 && S_ISREG(st.st_mode)
			       ? realloc(names, (count + 2) * sizeof(*names)) : NULL;
		if (!grown) {
			free(path);
			continue;
		}
		names = grown;
		names[count++] = path;
		names[count] = NULL;
	}
	closedir(d);
	if (!count) {
		fprintf(stderr, "smmbox: no inputs in %s\n", dir);
		free_list(names);
		return NULL;
	}
	qsort(names, count, sizeof(*names), by_name);
	*n = count;
	return names;
}

/* Up to size bytes of path into input: how many (0 when unreadable). */
static size_t load(const char *path, uint8_t *input, size_t size)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return 0;
	size_t len = fread(input, 1, size, in);
	fclose(in);
	return len;
}

/* Findings of one kind at one instruction. */
struct group {
	unsigned kind;
	uint16_t cs;
	uint32_t eip;
	uint32_t address;
	uint64_t inputs;
	const char *first;
	char line[200];
};

static struct group *group_of(struct group *g, size_t *n, const struct fuzz_result *r)
{
	for (size_t k = 0; k < *n; k++)
		if (g[k].kind == r->finding && g[k].cs == r->cs && g[k].eip == r->eip)
			return &g[k];
	if (*n == MAX_GROUPS)
		return NULL;
	g[*n] = (struct group){ .kind = r->finding, .cs = r->cs, .eip = r->eip,
				.address = r->address };
	snprintf(g[*n].line, sizeof(g[*n].line), "%s", r->line);
	return &g[(*n)++];
}

int fuzz_triage(struct fuzzer *f, const char *dir, uint8_t *input, size_t size)
{
	size_t n;
	char **names = list_inputs(dir, &n);
	if (!names)
		return 1;
	struct group *groups = calloc(MAX_GROUPS, sizeof(*groups));
	size_t ngroups = 0, clean = 0;
	for (size_t k = 0; groups && k < n; k++) {
		struct fuzz_result r;
		size_t len = load(names[k], input, size);
		fuzzer_execute(f, input, len, &r);
		struct group *g = r.finding ? group_of(groups, &ngroups, &r) : NULL;
		clean += !r.finding;
		if (g && !g->inputs++)
			g->first = names[k];
	}
	for (size_t k = 0; k < ngroups; k++)
		printf("%-13s %04x:%08" PRIx32 "  %4" PRIu64 " input%s  first %s: %s\n",
		       fuzz_finding_name(groups[k].kind), groups[k].cs, groups[k].eip, groups[k].inputs,
		       groups[k].inputs == 1 ? " " : "s", groups[k].first, groups[k].line);
	printf("%zu inputs: %zu findings in %zu groups, %zu clean\n", n, n - clean, ngroups, clean);
	free(groups);
	free_list(names);
	return ngroups ? 3 : 0;
}

static int by_address(const void *a, const void *b)
{
	const struct fuzz_block *x = *(const struct fuzz_block *const *)a;
	const struct fuzz_block *y = *(const struct fuzz_block *const *)b;
	return x->physical < y->physical ? -1 : x->physical > y->physical;
}

/* Where a conditional branch at bytes (physical address at) could go
 * besides falling through: *target; false when it is not one. */
static bool branch_target(const uint8_t *b, unsigned len, bool code32, uint32_t at,
			  uint32_t *target)
{
	unsigned k = 0;
	bool osize = code32;
	for (; k < len && (b[k] == 0x66 || b[k] == 0x2E || b[k] == 0x3E); k++)
		osize ^= b[k] == 0x66;
	if (k < len && ((b[k] >= 0x70 && b[k] <= 0x7F) || (b[k] >= 0xE0 && b[k] <= 0xE3))) {
		*target = at + len + (uint32_t)(int32_t)(int8_t)b[len - 1];
		return true;
	}
	if (k + 1 < len && b[k] == 0x0F && (b[k + 1] & 0xF0) == 0x80) {
		const uint8_t *d = b + k + 2;
		int32_t rel = osize ? (int32_t)(d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24)
				    : (int16_t)(d[0] | d[1] << 8);
		*target = at + len + (uint32_t)rel;
		return true;
	}
	return false;
}

static void print_block(const struct fuzz_block *b, const struct bus *bus)
{
	uint8_t code[BLOCK_BYTES_SHOWN + 16];
	uint32_t bytes = b->bytes < BLOCK_BYTES_SHOWN ? b->bytes : BLOCK_BYTES_SHOWN;
	bus_peek(bus, BUS_VIEW_SMM_CODE, b->physical, code, sizeof(code));
	printf("%08" PRIx32 "  %04x:%08" PRIx32 "  %" PRIu64 " input%s\n", b->physical, b->cs,
	       b->eip, b->inputs, b->inputs == 1 ? "" : "s");
	struct dbg_insn_text t = { 0 };
	uint32_t off = 0, last_len = 0, last_off = 0;
	while (off < bytes) {
		if (!dbg_disassemble_bytes(code + off, sizeof(code) - off, b->physical + off,
					   b->code32, &t)) {
			printf("    %08" PRIx32 "  %s\n", b->physical + off, t.text);
			return;
		}
		printf("    %08" PRIx32 "  %-24s %s\n", b->physical + off, t.hex, t.text);
		last_off = off;
		last_len = t.size;
		off += t.size;
	}
	uint32_t sides[2] = { b->physical + last_off + last_len, 0 };
	if (!branch_target(code + last_off, last_len, b->code32, b->physical + last_off, &sides[1]))
		return;
	for (unsigned s = 0; s < 2; s++)
		if (!(b->nsucc > 0 && b->succ[0] == sides[s]) && !(b->nsucc > 1 && b->succ[1] == sides[s]))
			printf("    not reached: %08" PRIx32 " (%s)\n", sides[s],
			       s ? "the branch taken" : "the fall-through");
}

int fuzz_coverage_report(struct fuzzer *f, struct machine *m, const char *dir, uint8_t *input,
			 size_t size)
{
	size_t n, slots, nblocks = 0;
	char **names = list_inputs(dir, &n);
	if (!names)
		return 1;
	struct fuzz_probe *probe = fuzzer_probe(f);
	fuzz_probe_record(probe);
	for (size_t k = 0; k < n; k++) {
		struct fuzz_result r;
		fuzzer_execute(f, input, load(names[k], input, size), &r);
	}
	const struct fuzz_block *blocks = fuzz_probe_blocks(probe, &slots);
	const struct fuzz_block **list = calloc(slots ? slots : 1, sizeof(*list));
	for (size_t k = 0; list && k < slots; k++)
		if (blocks[k].bytes)
			list[nblocks++] = &blocks[k];
	if (list)
		qsort(list, nblocks, sizeof(*list), by_address);
	printf("SMM coverage of %zu inputs in %s: %zu blocks\n", n, dir, nblocks);
	for (size_t k = 0; list && k < nblocks; k++)
		print_block(list[k], m->board->bus);
	free(list);
	free_list(names);
	return 0;
}
