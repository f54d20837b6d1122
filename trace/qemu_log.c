/* QEMU's `-d cpu` log (QEMU 7.2, i386 target, -singlestep or
 * one-insn-per-tb) as trace steps: each register dump is the state before
 * one instruction, with the x87 and SSE registers when logged with
 * `-d cpu,fpu`.  With `-d int` the log also holds dumps taken at SMM
 * entry, after RSM and at interrupt delivery ("v=" lines); those describe
 * no instruction and are skipped.  With `-d exec`, a dump followed by
 * "Stopped execution of TB chain" was taken before a block that did not
 * run (icount's budget ran out first): it is dropped, as the same state is
 * dumped again when the block runs. */
#include "trace/trace.h"

#include <stdlib.h>
#include <string.h>

struct qemu_log {
	FILE *f;
	char line[512];
	bool have_line;   /* line holds a read-ahead line */
	uint64_t lineno;
};

static bool read_line(struct qemu_log *q)
{
	if (q->have_line) {
		q->have_line = false;
		return true;
	}
	if (!fgets(q->line, sizeof(q->line), q->f))
		return false;
	q->lineno++;
	return true;
}

/* Whether the log starts like one: a register dump within its first lines. */
struct qemu_log *qemu_log_open(FILE *f)
{
	char buf[512];
	bool found = false;
	for (int k = 0; k < 64 && fgets(buf, sizeof(buf), f); k++)
		if (strncmp(buf, "EAX=", 4) == 0) {
			found = true;
			break;
		}
	if (!found)
		return NULL;
	rewind(f);
	struct qemu_log *q = calloc(1, sizeof(*q));
	if (q)
		q->f = f;
	return q;
}

void qemu_log_close(struct qemu_log *q)
{
	free(q);
}

static bool hex_after(const char *line, const char *key, uint32_t *v)
{
	const char *p = strstr(line, key);
	if (!p)
		return false;
	*v = (uint32_t)strtoul(p + strlen(key), NULL, 16);
	return true;
}

/* "CS =f000 ffff0000 0000ffff 00009b00": selector and base. */
static bool segment(const char *line, uint32_t *sel, uint32_t *base)
{
	char *end;
	*sel = (uint32_t)strtoul(line + 4, &end, 16);
	if (end == line + 4)
		return false;
	*base = (uint32_t)strtoul(end, NULL, 16);
	return true;
}

/* "FPR3=c90fdaa22168c235 4000" (significand, then sign and exponent) and
 * "XMM03=<high 64 bits> <low 64 bits>" lines: the registers they name,
 * as bits of *seen (field numbers). */
static void fpu_registers(const char *l, struct trace_fpu *f, uint32_t *seen)
{
	for (const char *p = l; (p = strstr(p, "FPR")) != NULL; p += 3) {
		char *end;
		unsigned k = (unsigned)(p[3] - '0');
		if (k > 7 || p[4] != '=')
			continue;
		f->r[k].signif = strtoull(p + 5, &end, 16);
		f->r[k].sign_exp = (uint16_t)strtoul(end, NULL, 16);
		*seen |= 1u << (TFP_R0 + k);
	}
	for (const char *p = l; (p = strstr(p, "XMM")) != NULL; p += 3) {
		char *end;
		unsigned k = (unsigned)(p[3] - '0') * 10 + (unsigned)(p[4] - '0');
		if (k > 7 || p[5] != '=')
			continue;
		uint64_t high = strtoull(p + 6, &end, 16), low = strtoull(end, NULL, 16);
		f->xmm[k].q[1] = high;
		f->xmm[k].q[0] = low;
		*seen |= 1u << (TFP_XMM0 + k);
	}
}

/* The FPU part of a dump (`-d cpu,fpu`), after the CR0 line: "FCW=037f
 * FSW=3800 [ST=7] FTW=80 MXCSR=00001f80" (FSW with TOP; FTW abridged,
 * bit k set when R_k is not empty), then FPR0-7, the physical registers
 * R0-R7, and XMM00-07.  Reads up to the next dump, which it leaves to be
 * read again.  False when the part is there but not whole. */
static bool parse_fpu(struct qemu_log *q, struct trace_fpu *f)
{
	uint32_t seen = 0;
	while (read_line(q)) {
		const char *l = q->line;
		if (strncmp(l, "FCW=", 4) == 0) {
			uint32_t *w = f->word;
			if (hex_after(l, "FCW=", &w[TFP_FCW - TFP_FCW]) &&
			    hex_after(l, "FSW=", &w[TFP_FSW - TFP_FCW]) &&
			    hex_after(l, "FTW=", &w[TFP_FTW - TFP_FCW]) &&
			    hex_after(l, "MXCSR=", &w[TFP_MXCSR - TFP_FCW]))
				seen |= 1u << TFP_FCW | 1u << TFP_FSW | 1u << TFP_FTW |
					1u << TFP_MXCSR;
		} else if (strncmp(l, "FPR", 3) == 0 || strncmp(l, "XMM", 3) == 0) {
			fpu_registers(l, f, &seen);
		} else if (strncmp(l, "DR", 2) != 0 && strncmp(l, "CCS=", 4) != 0 &&
			   strncmp(l, "EFER=", 5) != 0) {
			q->have_line = true;
			break;
		}
	}
	f->known = seen ? TFP_ALL & ~TFP_POINTERS : 0;
	return seen == 0 || seen == f->known;
}

/* One register dump, from its EAX= line on; false when malformed. */
static bool parse_dump(struct qemu_log *q, struct trace_step *s)
{
	static const char *const gpr_key[8] = { "EAX=", "ECX=", "EDX=", "EBX=",
						"ESP=", "EBP=", "ESI=", "EDI=" };
	static const char *const seg_key[6] = { "ES =", "CS =", "SS =", "DS =", "FS =", "GS =" };
	unsigned seen = 0;
	memset(s, 0, sizeof(*s));
	do {
		const char *l = q->line;
		for (unsigned r = 0; r < 8; r++)
			if (hex_after(l, gpr_key[r], &s->field[TF_EAX + r]))
				seen |= 1u << r;
		uint32_t smm;
		if (hex_after(l, "EIP=", &s->eip) && hex_after(l, "EFL=", &s->field[TF_EFLAGS])) {
			seen |= 1u << 8;
			if (hex_after(l, "SMM=", &smm))
				s->field[TF_SMM] = smm;
		}
		for (unsigned k = 0; k < 6; k++)
			if (strncmp(l, seg_key[k], 4) == 0) {
				uint32_t base = 0;
				if (segment(l, &s->field[TF_ES + k], &base))
					seen |= 1u << (9 + k);
				if (k == 1)
					s->field[TF_CS_BASE] = base;
			}
		if (hex_after(l, "CR0=", &s->field[TF_CR0]) &&
		    hex_after(l, "CR3=", &s->field[TF_CR3]) &&
		    hex_after(l, "CR4=", &s->field[TF_CR4])) {
			seen |= 1u << 15;
			break;
		}
	} while (read_line(q));
	s->linear = s->physical = s->field[TF_CS_BASE] + s->eip;
	return seen == 0xFFFF && parse_fpu(q, &s->fpu);
}

/* After a dump: whether the block it was taken for stopped before its
 * instruction ran.  Reads ahead to the next dump's first line, which it
 * leaves to be read again. */
static bool stopped_before_running(struct qemu_log *q)
{
	while (read_line(q)) {
		const char *l = q->line;
		if (strncmp(l, "Stopped execution of TB chain", 29) == 0)
			return true;
		if (strncmp(l, "EAX=", 4) == 0 || strncmp(l, "Trace ", 6) == 0 ||
		    strncmp(l, "SMM: ", 5) == 0 || strstr(l, " v=")) {
			q->have_line = true;
			return false;
		}
	}
	return false;
}

bool qemu_log_next(struct qemu_log *q, struct trace_step *s, bool *failed)
{
	bool skip = false;
	while (read_line(q)) {
		const char *l = q->line;
		if (strncmp(l, "SMM: enter", 10) == 0 || strncmp(l, "SMM: after RSM", 14) == 0 ||
		    strstr(l, " v=")) {
			skip = true;       /* the dump that follows is not an instruction */
			continue;
		}
		if (strncmp(l, "EAX=", 4) != 0)
			continue;
		if (!parse_dump(q, s)) {
			fprintf(stderr, "smmbox-trace: QEMU log line %llu: an incomplete register dump\n",
				(unsigned long long)q->lineno);
			*failed = true;
			return false;
		}
		if (skip) {
			skip = false;
			continue;
		}
		if (stopped_before_running(q))
			continue;
		return true;
	}
	return false;
}
