/* The trace recorder: listens to the CPU's event stream and writes the
 * format of docs/TRACE-FORMAT.md (version 2): each instruction record
 * says only what the reader cannot predict from the one before. */
#include "trace/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace/sha256.h"

/* Records are gathered in buf and written out in large pieces: a trace
 * takes several bytes for every instruction, and stdio's per-call locking
 * would cost more than the emulation. */
#define TRACE_BUF_SIZE (1u << 16)
#define TRACE_RECORD_MAX 256   /* more than the largest record */

/* The fields after EFLAGS (segment selectors, control registers, SMM,
 * CS.base): they seldom change, so they are checked as one. */
#define OTHER_COUNT (TF_COUNT - TF_ES)

struct trace_writer {
	FILE *f;
	struct cpu_events events;
	/* The state of the last instruction record. */
	uint32_t gpr[8];
	uint32_t eflags;
	uint32_t other[OTHER_COUNT];
	struct cpu_eflags_cache eflags_cache;
	uint32_t next_eip;           /* the last EIP plus its length */
	uint32_t fetch_offset;       /* the last physical minus linear address */
	uint8_t fetch_attr;          /* the last view | code32 << 2 */
	uint64_t steps, bytes;
	bool failed;
	size_t used;
	struct trace_code code[TRACE_CODE_SLOTS];
	uint8_t buf[TRACE_BUF_SIZE];
};

static void flush(struct trace_writer *w)
{
	if (w->used && fwrite(w->buf, 1, w->used, w->f) != w->used)
		w->failed = true;
	w->bytes += w->used;
	w->used = 0;
}

/* Room for one record, written out first if need be. */
static void reserve(struct trace_writer *w)
{
	if (w->used > TRACE_BUF_SIZE - TRACE_RECORD_MAX)
		flush(w);
}

/* Header records can be long: they go straight through. */
static void put(struct trace_writer *w, const void *p, size_t n)
{
	if (n > TRACE_BUF_SIZE - w->used)
		flush(w);
	if (n > TRACE_BUF_SIZE) {
		if (fwrite(p, 1, n, w->f) != n)
			w->failed = true;
		w->bytes += n;
		return;
	}
	memcpy(w->buf + w->used, p, n);
	w->used += n;
}

/* A varint (of at most 32 bits) without a branch per byte (the lengths
 * of register changes are unpredictable): the five 7-bit groups are
 * spread into a word, all of it is stored (little-endian, as the whole
 * core assumes) and the cursor moves past the bytes the value needs. */
static inline uint8_t *put_varint32(uint8_t *p, uint32_t v)
{
	static const uint64_t more[6] = {
		0, 0, 0x80, 0x8080, 0x808080, 0x80808080,
	};
	unsigned n = (38 - (unsigned)__builtin_clz(v | 1)) / 7; /* 1..5 */
	uint64_t x = (v & 0x7Fu) | (v << 1 & 0x7F00u) | (v << 2 & 0x7F0000u) |
		     (v << 3 & 0x7F000000u) | ((uint64_t)v << 4 & 0xF00000000ull);
	x |= more[n];
	memcpy(p, &x, 8);
	return p + n;
}

static uint32_t zigzag32(uint32_t difference)
{
	int32_t d = (int32_t)difference;
	return ((uint32_t)d << 1) ^ (uint32_t)(d >> 31);
}

_Static_assert(TF_CS - TF_ES == S_CS && TF_SS - TF_ES == S_SS && TF_GS - TF_ES == S_GS,
	       "the selector fields follow enum cpu_sreg");

static void other_fields(const struct cpu *cpu, uint32_t o[OTHER_COUNT])
{
#pragma GCC unroll 8
	for (unsigned s = 0; s < S_COUNT; s++)
		o[s] = cpu->seg[s].sel;
	o[TF_CR0 - TF_ES] = cpu->cr0;
	o[TF_CR3 - TF_ES] = cpu->cr3;
	o[TF_CR4 - TF_ES] = cpu->cr4;
	o[TF_SMM - TF_ES] = cpu->smm;
	o[TF_CS_BASE - TF_ES] = cpu->seg[S_CS].base;
}

/* Whether any of the other fields differs from o: one OR of differences,
 * read straight from the CPU, as nearly always none does. */
static bool other_changed(const struct cpu *cpu, const uint32_t o[OTHER_COUNT])
{
	uint32_t d = 0;
#pragma GCC unroll 8
	for (unsigned s = 0; s < S_COUNT; s++)
		d |= cpu->seg[s].sel ^ o[s];
	d |= cpu->cr0 ^ o[TF_CR0 - TF_ES];
	d |= cpu->cr3 ^ o[TF_CR3 - TF_ES];
	d |= cpu->cr4 ^ o[TF_CR4 - TF_ES];
	d |= cpu->smm ^ o[TF_SMM - TF_ES];
	d |= cpu->seg[S_CS].base ^ o[TF_CS_BASE - TF_ES];
	return d != 0;
}

/* The general registers that differ from last[] (a bit each), their
 * differences (XOR) into x[], and last[] brought up to date. */
static unsigned gprs_changed(const uint32_t reg[8], uint32_t last[8], uint32_t x[8])
{
	unsigned mask = 0;
	for (unsigned k = 0; k < 8; k++) {
		x[k] = reg[k] ^ last[k];
		mask |= (unsigned)(x[k] != 0) << k;
		last[k] = reg[k];
	}
	return mask;
}

/* Whether the first len of 15 bytes at a and b agree: two overlapping
 * 8-byte compares, the bytes past len masked off. */
static bool same_bytes(const uint8_t a[15], const uint8_t b[15], unsigned len)
{
	uint64_t a0, a1, b0, b1;
	memcpy(&a0, a, 8);
	memcpy(&b0, b, 8);
	memcpy(&a1, a + 7, 8);
	memcpy(&b1, b + 7, 8);
	unsigned n0 = len < 8 ? len : 8, n1 = len > 7 ? len - 7 : 0;
	uint64_t m0 = n0 == 8 ? ~0ull : (1ull << (8 * n0)) - 1;
	uint64_t m1 = n1 == 8 ? ~0ull : (1ull << (8 * n1)) - 1;
	return (((a0 ^ b0) & m0) | ((a1 ^ b1) & m1)) == 0;
}

/* Whether the reader's code cache holds this instruction's bytes; when
 * not, the record carries them and both caches take them. */
static bool code_cached(struct trace_writer *w, const struct cpu_event *ev)
{
	struct trace_code *c = &w->code[trace_code_slot(ev->physical, ev->view)];
	if (c->valid && c->physical == ev->physical && c->view == ev->view &&
	    c->len == ev->len && same_bytes(c->bytes, ev->bytes, ev->len))
		return true;
	*c = (struct trace_code){ .physical = ev->physical, .view = ev->view, .valid = true,
				  .len = ev->len };
	memcpy(c->bytes, ev->bytes, sizeof(c->bytes));
	return false;
}

/* The records are encoded through a local cursor: stores through
 * w->buf (bytes, which may alias anything) would otherwise reload
 * w->used after each one.  reserve() has made room. */
static void write_insn(struct trace_writer *w, const struct cpu *cpu, const struct cpu_event *ev)
{
	uint8_t *head = w->buf + w->used, *p = head + 1;
	unsigned flags = TR_INSN;
	if (!code_cached(w, ev)) {
		flags |= TR_INSN_BYTES;
		*p++ = ev->len;
		memcpy(p, ev->bytes, sizeof(ev->bytes)); /* fixed size: no call */
		p += ev->len;
	}
	if (ev->eip != w->next_eip) {
		flags |= TR_INSN_EIP;
		p = put_varint32(p, zigzag32(ev->eip - w->next_eip));
	}
	w->next_eip = ev->eip + ev->len;
	uint8_t attr = (uint8_t)(ev->view | (ev->code32 ? 4 : 0));
	uint32_t offset = ev->physical - ev->linear;
	if (attr != w->fetch_attr || offset != w->fetch_offset) {
		flags |= TR_INSN_FETCH;
		*p++ = attr;
		p = put_varint32(p, zigzag32(offset));
		w->fetch_attr = attr;
		w->fetch_offset = offset;
	}
	/* The masks, then the changed values (XOR with the old), in field
	 * order: general registers, EFLAGS, the others. */
	uint32_t x[8];
	unsigned gprs = gprs_changed(cpu->reg, w->gpr, x);
	if (gprs) {
		flags |= TR_INSN_GPRS;
		*p++ = (uint8_t)gprs;
	}
	uint32_t eflags = cpu_get_eflags_cached(cpu, &w->eflags_cache);
	uint32_t eflags_x = eflags ^ w->eflags;
	w->eflags = eflags;
	uint32_t other[OTHER_COUNT], others = 0;
	if (other_changed(cpu, w->other)) {
		other_fields(cpu, other);
		for (unsigned k = 0; k < OTHER_COUNT; k++)
			others |= (uint32_t)(other[k] != w->other[k]) << k;
		flags |= TR_INSN_OTHER;
		p = put_varint32(p, others);
	}
	for (unsigned m = gprs; m; m &= m - 1)
		p = put_varint32(p, x[__builtin_ctz(m)]);
	if (eflags_x) {
		flags |= TR_INSN_EFLAGS;
		p = put_varint32(p, eflags_x);
	}
	for (uint32_t m = others; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		p = put_varint32(p, other[k] ^ w->other[k]);
		w->other[k] = other[k];
	}
	*head = (uint8_t)flags;
	w->used = (size_t)(p - w->buf);
	w->steps++;
}

/* The event kinds are written as their numbers (docs/TRACE-FORMAT.md). */
_Static_assert(CPU_EV_EXCEPTION == 3 && CPU_EV_INTERRUPT == 4 && CPU_EV_SMI == 5 &&
	       CPU_EV_RSM == 6 && CPU_EV_SHUTDOWN == 7, "trace event numbers");

static void on_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	struct trace_writer *w = opaque;
	reserve(w);
	if (ev->kind == CPU_EV_INSN) {
		write_insn(w, cpu, ev);
		return;
	}
	uint8_t *p = w->buf + w->used;
	switch (ev->kind) {
	case CPU_EV_WRITE:
		*p++ = TR_WRITE;
		*p++ = (uint8_t)(ev->size | ev->view << 4 |
				 (ev->physical == ev->address ? TR_WRITE_IDENTITY : 0));
		p = put_varint32(p, ev->address);
		if (ev->physical != ev->address)
			p = put_varint32(p, ev->physical);
		p = put_varint32(p, ev->value);
		break;
	case CPU_EV_IO:
		*p++ = TR_IO;
		*p++ = (uint8_t)(ev->size | (ev->is_write ? 0x10 : 0));
		p = put_varint32(p, ev->address);
		p = put_varint32(p, ev->value);
		break;
	default:
		*p++ = TR_EVENT;
		*p++ = (uint8_t)ev->kind;
		*p++ = ev->vector;
		break;
	}
	w->used = (size_t)(p - w->buf);
}

static void header_record(struct trace_writer *w, uint8_t tag, const void *a, uint32_t alen,
			  const void *b, uint32_t blen)
{
	uint32_t len = alen + blen;
	uint8_t l[5] = { tag, (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16), (uint8_t)(len >> 24) };
	put(w, l, 5);
	if (alen)
		put(w, a, alen);
	if (blen)
		put(w, b, blen);
}

/* The SHA-256 of a file, or false when it cannot be read. */
static bool hash_file(const char *path, uint8_t out[32])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	struct sha256 s;
	sha256_init(&s);
	uint8_t buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&s, buf, n);
	bool ok = !ferror(f);
	fclose(f);
	sha256_final(&s, out);
	return ok;
}

struct trace_writer *trace_writer_open(const char *path, const char *options,
				       const char *const images[], unsigned nimages)
{
	struct trace_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	w->f = fopen(path, "wb");
	if (!w->f) {
		fprintf(stderr, "smmbox: cannot create trace file %s: %s\n", path, strerror(errno));
		free(w);
		return NULL;
	}
	static const char model[] = "smmbox P6-class 32-bit, CPUID signature 00000633";
	uint8_t version[4] = { TRACE_VERSION, 0, 0, 0 };
	put(w, TRACE_MAGIC, 8);
	put(w, version, 4);
	header_record(w, 1, options, (uint32_t)strlen(options), NULL, 0);
	header_record(w, 2, model, (uint32_t)strlen(model), NULL, 0);
	for (unsigned k = 0; k < nimages; k++) {
		uint8_t sha[32];
		if (!images[k])
			continue;
		if (!hash_file(images[k], sha)) {
			fprintf(stderr, "smmbox: cannot read %s to name it in the trace\n", images[k]);
			fclose(w->f);
			free(w);
			return NULL;
		}
		header_record(w, 3, sha, 32, images[k], (uint32_t)strlen(images[k]));
	}
	put(w, (uint8_t[]){ 0 }, 1);
	w->events = (struct cpu_events){ .event = on_event, .opaque = w, .want_insns = true };
	return w;
}

const struct cpu_events *trace_writer_events(struct trace_writer *w)
{
	return &w->events;
}

bool trace_writer_close(struct trace_writer *w)
{
	put(w, (uint8_t[]){ TR_END }, 1);
	flush(w);
	bool ok = !w->failed && fflush(w->f) == 0;
	if (fclose(w->f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "smmbox: writing the trace failed\n");
	free(w);
	return ok;
}

uint64_t trace_writer_bytes(const struct trace_writer *w)
{
	return w->bytes + w->used;
}

uint64_t trace_writer_steps(const struct trace_writer *w)
{
	return w->steps;
}
