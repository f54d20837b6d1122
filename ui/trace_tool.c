/* smmbox-trace: read instruction traces (smmbox's, or QEMU's -d cpu logs).
 *   dump FILE            one line an instruction, disassembled, SMM marked
 *   diff [-p] [-a] A B [-n N]
 *                        the first instruction where A and B part (-p: as
 *                        far as the shorter goes; -a: every difference,
 *                        going on where the runs meet again; N lines of
 *                        context)
 *   stats FILE           counts, time in SMM, hottest pages
 * Exit status: 0 success (diff: no difference), 1 a difference, 2 an
 * error. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"
#include "ui/trace_fpu.h"

static csh cs16, cs32;

static void disassemble(const struct trace_step *s, char *out, size_t size)
{
	cs_insn *insn;
	size_t n = 0;
	if (s->len)
		n = cs_disasm(s->code32 ? cs32 : cs16, s->bytes, s->len, s->eip, 1, &insn);
	if (n == 0) {
		snprintf(out, size, s->len ? "(bad)" : "");
		return;
	}
	/* Capstone's strings are bounded (32 + 160 bytes); cut to the column. */
	size_t m = strnlen(insn[0].mnemonic, size - 1);
	memcpy(out, insn[0].mnemonic, m);
	out[m] = 0;
	if (insn[0].op_str[0] && m + 1 < size - 1) {
		out[m] = ' ';
		size_t o = strnlen(insn[0].op_str, size - m - 2);
		memcpy(out + m + 1, insn[0].op_str, o);
		out[m + 1 + o] = 0;
	}
	cs_free(insn, n);
}

static void bytes_text(const struct trace_step *s, char *out, size_t size)
{
	size_t used = 0;
	out[0] = 0;
	for (unsigned k = 0; k < s->len && used + 3 < size; k++)
		used += (size_t)snprintf(out + used, size - used, "%02x", s->bytes[k]);
}

static void print_step(FILE *out, uint64_t index, const struct trace_step *s)
{
	char dis[96], hex[40];
	disassemble(s, dis, sizeof(dis));
	bytes_text(s, hex, sizeof(hex));
	fprintf(out, "%10" PRIu64 " %s %04x:%08x %-20s %s\n", index, s->field[TF_SMM] ? "SMM" : "   ",
		s->field[TF_CS], s->eip, hex, dis);
}

static void print_side(void *opaque, const struct trace_side *side)
{
	static const char *const event_names[] = {
		[CPU_EV_EXCEPTION] = "exception", [CPU_EV_INTERRUPT] = "interrupt",
		[CPU_EV_SMI] = "SMI", [CPU_EV_RSM] = "RSM", [CPU_EV_SHUTDOWN] = "shutdown",
		[CPU_EV_INIT] = "INIT",
	};
	FILE *out = opaque;
	switch (side->kind) {
	case TR_WRITE:
		fprintf(out, "%10s     write [%08x] (phys %08x, %s) <- %0*x\n", "", side->address,
			side->physical, bus_view_name((enum bus_view)side->view), 2 * side->size,
			side->value);
		break;
	case TR_IO:
		fprintf(out, "%10s     %s port %04x %0*x\n", "", side->is_write ? "out" : "in ",
			side->address, 2 * side->size, side->value);
		break;
	default:
		fprintf(out, "%10s     %s %02x", "",
			side->event < sizeof(event_names) / sizeof(event_names[0]) &&
				event_names[side->event] ? event_names[side->event] : "event",
			side->vector);
		if (side->event == CPU_EV_SMI)
			fprintf(out, " (%s)", side->vector == CPU_SMI_APIC ? "a message from the local APIC"
									     : "the SMI# pin");
		fputc('\n', out);
		break;
	}
}

static int cmd_dump(const char *path)
{
	struct trace_reader *r = trace_reader_open(path);
	if (!r)
		return 2;
	struct trace_step s;
	struct trace_fpu fpu = { 0 };
	uint64_t k = 0;
	printf("# %s\n", trace_reader_describe(r));
	while (trace_reader_next(r, &s, print_side, stdout)) {
		trace_fpu_print_changes(stdout, &fpu, &s.fpu);
		fpu = s.fpu;
		print_step(stdout, k++, &s);
	}
	int status = trace_reader_failed(r) ? 2 : 0;
	trace_reader_close(r);
	return status;
}

/* ---- stats ---- */

struct stats {
	uint64_t steps, smm_steps, smis, rsms, exceptions, interrupts, io_in, io_out, writes;
	uint64_t *pages;     /* instructions per 4 KiB physical page, sparse by hash */
	uint32_t *page_addr;
	size_t npages;
};

#define STAT_PAGES 4096

static void count_side(void *opaque, const struct trace_side *side)
{
	struct stats *st = opaque;
	switch (side->kind) {
	case TR_WRITE: st->writes++; break;
	case TR_IO: side->is_write ? st->io_out++ : st->io_in++; break;
	default:
		if (side->event == CPU_EV_SMI) st->smis++;
		else if (side->event == CPU_EV_RSM) st->rsms++;
		else if (side->event == CPU_EV_EXCEPTION) st->exceptions++;
		else if (side->event == CPU_EV_INTERRUPT) st->interrupts++;
		break;
	}
}

static void count_page(struct stats *st, uint32_t page)
{
	size_t h = (page >> 12) * 2654435761u % STAT_PAGES;
	while (st->page_addr[h] != page + 1 && st->page_addr[h] != 0)
		h = (h + 1) % STAT_PAGES;
	if (st->page_addr[h] == 0) {
		if (st->npages == STAT_PAGES - 1)
			return;                       /* table full: stop counting new pages */
		st->page_addr[h] = page + 1;
		st->npages++;
	}
	st->pages[h]++;
}

static int cmd_stats(const char *path)
{
	struct trace_reader *r = trace_reader_open(path);
	if (!r)
		return 2;
	struct stats st = { 0 };
	st.pages = calloc(STAT_PAGES, sizeof(*st.pages));
	st.page_addr = calloc(STAT_PAGES, sizeof(*st.page_addr));
	struct trace_step s;
	while (trace_reader_next(r, &s, count_side, &st)) {
		st.steps++;
		st.smm_steps += s.field[TF_SMM] != 0;
		count_page(&st, s.physical & ~0xFFFu);
	}
	printf("instructions: %" PRIu64 "\n", st.steps);
	printf("smm_instructions: %" PRIu64 " (%.2f%%)\n", st.smm_steps,
	       st.steps ? 100.0 * (double)st.smm_steps / (double)st.steps : 0.0);
	printf("smis: %" PRIu64 "\nrsms: %" PRIu64 "\n", st.smis, st.rsms);
	printf("exceptions: %" PRIu64 "\ninterrupts: %" PRIu64 "\n", st.exceptions, st.interrupts);
	printf("port_reads: %" PRIu64 "\nport_writes: %" PRIu64 "\n", st.io_in, st.io_out);
	printf("memory_writes: %" PRIu64 "\n", st.writes);
	printf("hottest pages (physical):\n");
	for (int rank = 0; rank < 10; rank++) {
		size_t best = STAT_PAGES;
		for (size_t h = 0; h < STAT_PAGES; h++)
			if (st.page_addr[h] && st.pages[h] && (best == STAT_PAGES || st.pages[h] > st.pages[best]))
				best = h;
		if (best == STAT_PAGES)
			break;
		printf("  %08x %" PRIu64 "\n", st.page_addr[best] - 1, st.pages[best]);
		st.pages[best] = 0;
	}
	int status = trace_reader_failed(r) ? 2 : 0;
	free(st.pages);
	free(st.page_addr);
	trace_reader_close(r);
	return status;
}

/* ---- diff ---- */

/* Results a reference may legitimately differ in: what CPUID and RDTSC
 * return, and EDX at reset (the signature), is model and time, not
 * behaviour.  After such an instruction in
 * A, the registers it wrote take B's values from then on, for as long as
 * both keep the values it produced; every use is listed. */
struct allowance {
	bool active[TF_COUNT];
	uint32_t a_value[TF_COUNT], b_value[TF_COUNT];
	/* EFLAGS bits an instruction left undefined (SDM Vol.2, each
	 * instruction's "Flags Affected"): B's bits stand in for A's while
	 * both keep the values that instruction left. */
	uint32_t flags_mask, flags_a, flags_b;
	unsigned listed;
};

#define UF_CF 0x001u
#define UF_PF 0x004u
#define UF_AF 0x010u
#define UF_ZF 0x040u
#define UF_SF 0x080u
#define UF_OF 0x800u
#define UF_ALL (UF_CF | UF_PF | UF_AF | UF_ZF | UF_SF | UF_OF)

/* The flags an instruction may leave undefined, from its bytes (a shift
 * or rotate is taken at its worst: its count is not decoded). */
static uint32_t undefined_flags(const struct trace_step *s)
{
	unsigned k = 0;
	while (k < s->len && cpu_is_prefix(s->bytes[k]))
		k++;
	if (k >= s->len)
		return 0;
	uint8_t op = s->bytes[k];
	unsigned reg = k + 1 < s->len ? (s->bytes[k + 1] >> 3) & 7 : 0;
	if (op == 0x0F && k + 1 < s->len) {
		uint8_t op2 = s->bytes[k + 1];
		reg = k + 2 < s->len ? (s->bytes[k + 2] >> 3) & 7 : 0;
		switch (op2) {
		case 0xAF: return UF_SF | UF_ZF | UF_AF | UF_PF;                  /* IMUL */
		case 0xBC: case 0xBD: return UF_CF | UF_OF | UF_SF | UF_AF | UF_PF; /* BSF/BSR */
		case 0xA3: case 0xAB: case 0xB3: case 0xBB: case 0xBA:
			return UF_OF | UF_SF | UF_AF | UF_PF;                    /* BT* */
		case 0xA4: case 0xA5: case 0xAC: case 0xAD: return UF_AF | UF_OF; /* SHLD/SHRD */
		default: return 0;
		}
	}
	switch (op) {
	case 0xC0: case 0xC1: case 0xD2: case 0xD3:
		return reg < 4 ? UF_OF : UF_OF | UF_AF;                           /* rotates, shifts */
	case 0xD0: case 0xD1:
		return reg < 4 ? 0 : UF_AF;
	case 0xF6: case 0xF7:
		if (reg == 4 || reg == 5)
			return UF_SF | UF_ZF | UF_AF | UF_PF;                        /* MUL, IMUL */
		return reg >= 6 ? UF_ALL : 0;                                      /* DIV, IDIV */
	case 0x69: case 0x6B: return UF_SF | UF_ZF | UF_AF | UF_PF;
	case 0x37: case 0x3F: return UF_OF | UF_SF | UF_ZF | UF_PF;              /* AAA, AAS */
	case 0xD4: case 0xD5: return UF_OF | UF_AF | UF_CF;                      /* AAM, AAD */
	case 0x27: case 0x2F: return UF_OF;                                      /* DAA, DAS */
	default:
		return 0;
	}
}

static unsigned allowed_fields(const struct trace_step *prev, uint32_t *mask, const char **why)
{
	if (prev->len >= 2 && prev->bytes[prev->len - 2] == 0x0F && prev->bytes[prev->len - 1] == 0xA2) {
		*mask = 1u << TF_EAX | 1u << TF_EBX | 1u << TF_ECX | 1u << TF_EDX;
		*why = "CPUID results";
		return 1;
	}
	if (prev->len >= 2 && prev->bytes[prev->len - 2] == 0x0F && prev->bytes[prev->len - 1] == 0x31) {
		*mask = 1u << TF_EAX | 1u << TF_EDX;
		*why = "RDTSC results";
		return 1;
	}
	return 0;
}

static void apply_allowance(struct allowance *al, const struct trace_step *prev, uint64_t k,
			    struct trace_step *a, const struct trace_step *b)
{
	uint32_t mask;
	const char *why;
	uint32_t uf = k > 0 ? undefined_flags(prev) : 0;
	if (uf && (a->field[TF_EFLAGS] & uf) != (b->field[TF_EFLAGS] & uf)) {
		al->flags_mask = uf;
		al->flags_a = a->field[TF_EFLAGS] & uf;
		al->flags_b = b->field[TF_EFLAGS] & uf;
		printf("allowance at %" PRIu64 ": flags %03x left undefined, taken from B\n", k, uf);
		al->listed++;
	}
	if (al->flags_mask) {
		if ((a->field[TF_EFLAGS] & al->flags_mask) == al->flags_a &&
		    (b->field[TF_EFLAGS] & al->flags_mask) == al->flags_b)
			a->field[TF_EFLAGS] = (a->field[TF_EFLAGS] & ~al->flags_mask) | al->flags_b;
		else
			al->flags_mask = 0;
	}
	bool reset_signature = k == 0 && a->field[TF_EDX] != b->field[TF_EDX];
	if (reset_signature) {
		mask = 1u << TF_EDX;
		why = "EDX at reset (the CPU model's signature)";
	}
	if (reset_signature || (k > 0 && allowed_fields(prev, &mask, &why))) {
		for (unsigned f = 0; f < TF_COUNT; f++)
			if (mask & (1u << f)) {
				al->active[f] = true;
				al->a_value[f] = a->field[f];
				al->b_value[f] = b->field[f];
			}
		printf("allowance at %" PRIu64 ": %s taken from B\n", k, why);
		al->listed++;
	}
	for (unsigned f = 0; f < TF_COUNT; f++) {
		if (!al->active[f])
			continue;
		if (a->field[f] == al->a_value[f] && b->field[f] == al->b_value[f])
			a->field[f] = al->b_value[f];
		else
			al->active[f] = false;
	}
}

#define CONTEXT_MAX 64

/* How far ahead diff -a looks for the runs to meet again, in steps of
 * each. */
#define RESYNC_WINDOW 65536

/* A trace read through a window of steps not yet compared, so that diff
 * -a can look ahead for the point where two runs meet again. */
struct stream {
	struct trace_reader *r;
	struct trace_step *buf;   /* RESYNC_WINDOW steps, a ring */
	unsigned head, count;
	uint64_t index;           /* of buf[head] */
	bool ended;
};

/* Make at least n steps available (fewer at the end of the trace). */
static void stream_fill(struct stream *s, unsigned n)
{
	while (s->count < n && !s->ended) {
		struct trace_step *t = &s->buf[(s->head + s->count) % RESYNC_WINDOW];
		if (trace_reader_next(s->r, t, NULL, NULL))
			s->count++;
		else
			s->ended = true;
	}
}

static const struct trace_step *stream_peek(const struct stream *s, unsigned k)
{
	return &s->buf[(s->head + k) % RESYNC_WINDOW];
}

static void stream_drop(struct stream *s, unsigned n)
{
	s->head = (s->head + n) % RESYNC_WINDOW;
	s->count -= n;
	s->index += n;
}

/* Whether a and b are the same state: the fields (diff[f]), EIP
 * (diff[TF_COUNT]) and the x87 and SSE fields both know (*fpu_diff, a
 * TFP_* mask). */
static bool same(const struct trace_step *a, const struct trace_step *b, bool diff[TF_COUNT + 1],
		 uint32_t *fpu_diff)
{
	bool equal = true;
	for (unsigned f = 0; f < TF_COUNT; f++) {
		diff[f] = a->field[f] != b->field[f];
		equal = equal && !diff[f];
	}
	diff[TF_COUNT] = a->eip != b->eip;
	*fpu_diff = trace_fpu_differs(&a->fpu, &b->fpu);
	return equal && !diff[TF_COUNT] && !*fpu_diff;
}

static uint32_t state_hash(const struct trace_step *s)
{
	uint32_t h = 2166136261u ^ s->eip;
	for (unsigned f = 0; f < TF_COUNT; f++)
		h = (h ^ s->field[f]) * 16777619u;
	return h;
}

/* Whether A from step ja and B from step jb agree for MEET_RUN steps,
 * or to the end of the traces (of either, with prefix): a meeting, not a
 * passing likeness (two paths through a shared subroutine have the same
 * registers for a while; memory, such as its return address, is not
 * compared). */
#define MEET_RUN 256

static bool stay_together(const struct stream *a, const struct stream *b, unsigned ja,
			  unsigned jb, bool prefix)
{
	bool diff[TF_COUNT + 1];
	uint32_t fpu_diff;
	for (unsigned n = 0; n < MEET_RUN; n++) {
		bool a_end = ja + n >= a->count, b_end = jb + n >= b->count;
		if (a_end || b_end) {
			bool a_done = !a_end || a->ended, b_done = !b_end || b->ended;
			return a_done && b_done && (prefix || (a_end && b_end));
		}
		if (!same(stream_peek(a, ja + n), stream_peek(b, jb + n), diff, &fpu_diff))
			return false;
	}
	return true;
}

/* After a difference at the heads of a and b: the first step of A (ja)
 * from which A and some step of B (jb, the first such) stay together,
 * within the window.  False when the runs do not meet again there. */
static bool find_meeting(struct stream *a, struct stream *b, bool prefix, unsigned *ja,
			 unsigned *jb)
{
	stream_fill(a, RESYNC_WINDOW);
	stream_fill(b, RESYNC_WINDOW);
	enum { SLOTS = 2 * RESYNC_WINDOW };
	static int32_t slot[SLOTS]; /* index into b's window + 1, 0 empty */
	memset(slot, 0, sizeof(slot));
	for (unsigned k = 0; k < b->count; k++) {
		uint32_t h = state_hash(stream_peek(b, k)) % SLOTS;
		while (slot[h])
			h = (h + 1) % SLOTS;
		slot[h] = (int32_t)k + 1;
	}
	for (unsigned k = 0; k < a->count; k++) {
		const struct trace_step *s = stream_peek(a, k);
		unsigned best = UINT32_MAX;
		for (uint32_t h = state_hash(s) % SLOTS; slot[h]; h = (h + 1) % SLOTS) {
			unsigned j = (unsigned)slot[h] - 1;
			if (j < best && stay_together(a, b, k, j, prefix))
				best = j;
		}
		if (best != UINT32_MAX) {
			*ja = k;
			*jb = best;
			return true;
		}
	}
	return false;
}

static void report(uint64_t ka, uint64_t kb, bool first, const struct trace_step *a,
		   const struct trace_step *b, const bool diff[TF_COUNT + 1], uint32_t fpu_diff,
		   const struct trace_step *ring, unsigned nring, unsigned context)
{
	if (first && ka == kb)
		printf("first difference at instruction %" PRIu64 "\n", ka);
	else
		printf("difference at instruction %" PRIu64 " (B: %" PRIu64 ")\n", ka, kb);
	if (nring) {
		unsigned shown = nring < context ? nring : context;
		printf("the %u instructions before it (A):\n", shown);
		for (unsigned i = nring - shown; i < nring; i++)
			print_step(stdout, ka - nring + i, &ring[(ka - nring + i) % CONTEXT_MAX]);
	}
	printf("A: ");
	print_step(stdout, ka, a);
	printf("B: ");
	print_step(stdout, kb, b);
	printf("%-8s %-10s %-10s\n", "", "A", "B");
	printf("%-8s %08x   %08x  %s\n", "EIP", a->eip, b->eip, diff[TF_COUNT] ? "*" : "");
	for (unsigned f = 0; f < TF_COUNT; f++)
		printf("%-8s %08x   %08x  %s\n", trace_field_names[f], a->field[f], b->field[f],
		       diff[f] ? "*" : "");
	trace_fpu_report(stdout, &a->fpu, &b->fpu, fpu_diff);
}

/* diff: compare A and B step by step.  prefix: one may end before the
 * other.  all: after a difference, go on from where the two runs meet
 * again (the same EIP and state), reporting every difference. */
/* The diff's last line, where A or B (or both) has ended after
 * differences places where they differ; false if one went on while the
 * other ended and prefix does not allow it. */
static bool report_end(const struct stream *a, const struct stream *b, bool prefix,
		       uint64_t differences, unsigned allowances)
{
	bool fine = true;
	if (a->count || b->count) {
		printf("%s ends after %" PRIu64 " instructions; the other goes on%s\n",
		       a->count ? "B" : "A", a->count ? b->index : a->index,
		       prefix ? " (compared as far as both go)" : "");
		fine = prefix;
	}
	if (differences)
		printf("%" PRIu64 " differences in %" PRIu64 " instructions (%u allowances)\n",
		       differences, a->index, allowances);
	else if (!a->count && !b->count)
		printf("no difference in %" PRIu64 " instructions (%u allowances)\n",
		       a->index, allowances);
	return fine;
}

static int cmd_diff(const char *pa, const char *pb, unsigned context, bool prefix, bool all)
{
	struct trace_step *bufs = malloc(2 * RESYNC_WINDOW * sizeof(*bufs));
	struct stream a = { .r = trace_reader_open(pa), .buf = bufs };
	struct stream b = { .r = a.r ? trace_reader_open(pb) : NULL, .buf = bufs + RESYNC_WINDOW };
	if (!bufs || !a.r || !b.r) {
		if (!bufs)
			fprintf(stderr, "smmbox-trace: out of memory\n");
		trace_reader_close(a.r);
		trace_reader_close(b.r);
		free(bufs);
		return 2;
	}
	printf("A: %s (%s)\nB: %s (%s)\n", pa, trace_reader_describe(a.r), pb,
	       trace_reader_describe(b.r));
	struct trace_step ring[CONTEXT_MAX];
	struct trace_step prev = { 0 };
	struct allowance al = { 0 };
	uint64_t differences = 0, compared = 0; /* A's steps since the last meeting */
	int status = 0;
	for (;;) {
		stream_fill(&a, 1);
		stream_fill(&b, 1);
		if (trace_reader_failed(a.r) || trace_reader_failed(b.r)) {
			status = 2;
			break;
		}
		if (!a.count || !b.count) {
			if (!report_end(&a, &b, prefix, differences, al.listed))
				status = 1;
			break;
		}
		struct trace_step sa = *stream_peek(&a, 0), shown = sa;
		const struct trace_step *sb = stream_peek(&b, 0);
		apply_allowance(&al, &prev, a.index, &sa, sb);
		bool diff[TF_COUNT + 1];
		uint32_t fpu_diff;
		if (!same(&sa, sb, diff, &fpu_diff)) {
			sa.len = shown.len;
			uint64_t n = compared < CONTEXT_MAX ? compared : CONTEXT_MAX;
			report(a.index, b.index, differences == 0, &sa, sb, diff, fpu_diff, ring,
			       (unsigned)n, context);
			differences++;
			status = 1;
			unsigned ja, jb;
			if (!all)
				break;
			if (!find_meeting(&a, &b, prefix, &ja, &jb)) {
				printf("the runs do not meet again within %u instructions\n",
				       RESYNC_WINDOW);
				break;
			}
			printf("they meet again at instruction %" PRIu64 " (B: %" PRIu64 ")\n",
			       a.index + ja, b.index + jb);
			if (ja)
				prev = *stream_peek(&a, ja - 1);
			stream_drop(&a, ja);
			stream_drop(&b, jb);
			al = (struct allowance){ .listed = al.listed };
			compared = 0;
			continue;
		}
		ring[a.index % CONTEXT_MAX] = shown;
		prev = shown;
		stream_drop(&a, 1);
		stream_drop(&b, 1);
		compared++;
	}
	trace_reader_close(a.r);
	trace_reader_close(b.r);
	free(bufs);
	return status;
}

static int usage(void)
{
	fprintf(stderr, "usage: smmbox-trace dump FILE | diff [-p] [-a] A B [-n N] | stats FILE\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	if (cs_open(CS_ARCH_X86, CS_MODE_16, &cs16) != CS_ERR_OK ||
	    cs_open(CS_ARCH_X86, CS_MODE_32, &cs32) != CS_ERR_OK) {
		fprintf(stderr, "smmbox-trace: Capstone could not be opened\n");
		return 2;
	}
	int status;
	if (strcmp(argv[1], "dump") == 0 && argc == 3) {
		status = cmd_dump(argv[2]);
	} else if (strcmp(argv[1], "stats") == 0 && argc == 3) {
		status = cmd_stats(argv[2]);
	} else if (strcmp(argv[1], "diff") == 0) {
		/* diff [-p] [-a] A B [-n N]: -p compares as far as the shorter one
		 * goes, -a goes on after differences */
		int k = 2;
		bool prefix = false, all = false;
		for (; k < argc && argv[k][0] == '-' && argv[k][1] && !argv[k][2]; k++) {
			if (argv[k][1] == 'p')
				prefix = true;
			else if (argv[k][1] == 'a')
				all = true;
			else
				return usage();
		}
		if (argc - k != 2 && argc - k != 4)
			return usage();
		unsigned context = 10;
		if (argc - k == 4) {
			char *end;
			unsigned long n = strtoul(argv[k + 3], &end, 10);
			if (strcmp(argv[k + 2], "-n") != 0 || *end || n > CONTEXT_MAX)
				return usage();
			context = (unsigned)n;
		}
		status = cmd_diff(argv[k], argv[k + 1], context, prefix, all);
	} else {
		status = usage();
	}
	cs_close(&cs16);
	cs_close(&cs32);
	return status;
}
