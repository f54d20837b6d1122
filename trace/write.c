/* The trace recorder: listens to the CPU's event stream and writes the
 * format of docs/TRACE-FORMAT.md. */
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

struct trace_writer {
	FILE *f;
	struct cpu_events events;
	uint32_t last[TF_COUNT];
	uint32_t last_eip;
	uint64_t steps, bytes;
	bool failed;
	size_t used;
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

static void put8(struct trace_writer *w, uint8_t v)
{
	w->buf[w->used++] = v;
}

static void put_varint(struct trace_writer *w, uint64_t v)
{
	while (v >= 0x80) {
		w->buf[w->used++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	w->buf[w->used++] = (uint8_t)v;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static void state_of(const struct cpu *cpu, uint32_t f[TF_COUNT])
{
	for (unsigned r = 0; r < 8; r++)
		f[TF_EAX + r] = cpu->reg[r];
	f[TF_EFLAGS] = cpu_get_eflags(cpu);
	for (unsigned s = 0; s < S_COUNT; s++)
		f[TF_ES + s] = cpu->seg[s].sel;
	f[TF_CR0] = cpu->cr0;
	f[TF_CR3] = cpu->cr3;
	f[TF_CR4] = cpu->cr4;
	f[TF_SMM] = cpu->smm;
	f[TF_CS_BASE] = cpu->seg[S_CS].base;
}

static void write_insn(struct trace_writer *w, const struct cpu *cpu, const struct cpu_event *ev)
{
	uint32_t f[TF_COUNT], mask = 0;
	state_of(cpu, f);
	/* Which fields changed is unpredictable: the mask is built without
	 * branches. */
	for (unsigned k = 0; k < TF_COUNT; k++)
		mask |= (uint32_t)(f[k] != w->last[k]) << k;
	put8(w, TR_INSN);
	put8(w, ev->len);
	put(w, ev->bytes, ev->len);
	put_varint(w, zigzag((int64_t)ev->eip - (int64_t)w->last_eip));
	bool far = ev->physical != ev->linear;
	put8(w, (uint8_t)((far ? 1 : 0) | (ev->view << 1) | (ev->code32 ? 8 : 0)));
	if (far)
		put_varint(w, ev->physical);
	put_varint(w, mask);
	for (uint32_t m = mask; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		put_varint(w, f[k]);
		w->last[k] = f[k];
	}
	w->last_eip = ev->eip;
	w->steps++;
}

/* The event kinds are written as their numbers (docs/TRACE-FORMAT.md). */
_Static_assert(CPU_EV_EXCEPTION == 3 && CPU_EV_INTERRUPT == 4 && CPU_EV_SMI == 5 &&
	       CPU_EV_RSM == 6 && CPU_EV_SHUTDOWN == 7, "trace event numbers");

static void on_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	struct trace_writer *w = opaque;
	reserve(w);
	switch (ev->kind) {
	case CPU_EV_INSN:
		write_insn(w, cpu, ev);
		break;
	case CPU_EV_WRITE:
		put8(w, TR_WRITE);
		put_varint(w, ev->address);
		put_varint(w, ev->physical);
		put8(w, (uint8_t)(ev->size | ev->view << 4));
		put_varint(w, ev->value);
		break;
	case CPU_EV_IO:
		put8(w, TR_IO);
		put8(w, (uint8_t)(ev->size | (ev->is_write ? 0x10 : 0)));
		put_varint(w, ev->address);
		put_varint(w, ev->value);
		break;
	default:
		put8(w, TR_EVENT);
		put8(w, (uint8_t)ev->kind);
		put8(w, ev->vector);
		break;
	}
}

static void header_record(struct trace_writer *w, uint8_t tag, const void *a, uint32_t alen,
			  const void *b, uint32_t blen)
{
	uint32_t len = alen + blen;
	reserve(w);
	uint8_t l[4] = { (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16), (uint8_t)(len >> 24) };
	put8(w, tag);
	put(w, l, 4);
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
	reserve(w);
	put8(w, 0);
	w->events = (struct cpu_events){ .event = on_event, .opaque = w, .want_insns = true };
	return w;
}

const struct cpu_events *trace_writer_events(struct trace_writer *w)
{
	return &w->events;
}

bool trace_writer_close(struct trace_writer *w)
{
	reserve(w);
	put8(w, TR_END);
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
