/* The trace recorder: takes the CPU's raw event log (cpu/log.h) and
 * writes a trace file (docs/TRACE-FORMAT.md): the header, then what the
 * encoder (encode.c) makes of the log, then the end record.
 *
 * The CPU only copies its state into the log; the encoding runs on a
 * thread of its own, one chunk of the log at a time, so that a recorded
 * run is slowed by the copying more than by the encoding.  One thread
 * encodes the chunks in order either way, so the file is the same bytes
 * as if it were written as the run goes (and it is, when no thread can
 * be started). */
#include "trace/trace.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/log.h"
#include "trace/encode.h"
#include "trace/sha256.h"

/* The log's chunks: the CPU fills one while the encoder works through
 * the others.  A chunk holds some 13,000 instructions (SeaBIOS's boot
 * logs 19 bytes an instruction): a hand-over each costs little, and the
 * four (1 MiB) stay in the caches. */
#define LOG_CHUNK_SIZE (256u << 10)
#define LOG_CHUNKS 4

/* How long a side watches for the other before it sleeps: a few tens of
 * microseconds, a fraction of what encoding a chunk takes. */
#define WATCH_ROUNDS 20000

/* The encoded trace on its way to the file: it is gathered in buffers of
 * OUT_SIZE (stdio's per-call locking would cost more than the emulation)
 * and full ones are written in order by whichever thread has time: the
 * CPU while it waits for the encoder, else the encoder once it has no
 * empty buffer left.  Writing is a good part of the encoder's work (a
 * trace takes several bytes an instruction), and the CPU, when it
 * waits, has nothing better to do. */
#define OUT_SIZE (256u << 10)
#define OUT_BUFS 8

struct trace_writer {
	FILE *f;
	struct cpu_events events;
	struct cpu_log log;

	/* The chunks: the CPU fills chunk[filled % LOG_CHUNKS]; the encoder
	 * takes [encoded, filled) in turn, used_of[] bytes of each.  Each
	 * side waits for the other first by watching the count (a hand-over
	 * then costs no system call), and only then asleep, saying so in
	 * *_asleep so that the other wakes it (under lock, with more and
	 * room). */
	uint8_t *chunk[LOG_CHUNKS];
	size_t used_of[LOG_CHUNKS];
	atomic_uint filled, encoded;
	atomic_bool closing, encoder_asleep, cpu_asleep;
	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more, room;

	struct trace_encoder *encoder;
	/* The output: the encoder (or, before and after it runs, the
	 * opening or closing thread) fills out[out_filled % OUT_BUFS], used
	 * bytes so far; [out_written, out_filled) wait to be written, each
	 * out_used[] long, by one thread at a time (write_lock), which also
	 * guards failed.  produced counts every byte put in a buffer. */
	uint8_t *out[OUT_BUFS];
	size_t out_used[OUT_BUFS];
	atomic_uint out_filled, out_written;
	pthread_mutex_t write_lock;
	size_t used;
	uint64_t produced;
	bool failed;
};

/* Write the oldest full buffer, if there is one and no other thread is
 * writing; returns whether one was written. */
static bool write_one(struct trace_writer *w)
{
	if (atomic_load(&w->out_written) == atomic_load(&w->out_filled) ||
	    pthread_mutex_trylock(&w->write_lock) != 0)
		return false;
	unsigned k = atomic_load(&w->out_written);
	bool wrote = k != atomic_load(&w->out_filled);
	if (wrote) {
		size_t n = w->out_used[k % OUT_BUFS];
		if (fwrite(w->out[k % OUT_BUFS], 1, n, w->f) != n)
			w->failed = true;
		atomic_store(&w->out_written, k + 1);
	}
	pthread_mutex_unlock(&w->write_lock);
	return wrote;
}

/* The buffer being filled is full (or the trace ends): it waits to be
 * written, and the next one is taken once it is empty. */
static void hand_over(struct trace_writer *w)
{
	unsigned k = atomic_load(&w->out_filled);
	w->out_used[k % OUT_BUFS] = w->used;
	atomic_store(&w->out_filled, k + 1);
	w->used = 0;
	while (k + 1 - atomic_load(&w->out_written) >= OUT_BUFS) {
		if (!write_one(w)) {
			/* The other thread is writing: wait for it. */
			pthread_mutex_lock(&w->write_lock);
			pthread_mutex_unlock(&w->write_lock);
		}
	}
}

/* Every byte so far to the file (when no other thread runs). */
static void flush(struct trace_writer *w)
{
	if (w->used)
		hand_over(w);
	while (write_one(w))
		;
}

/* Header records, before the encoder runs, and the end record after. */
static void put(struct trace_writer *w, const void *p, size_t n)
{
	const uint8_t *b = p;
	w->produced += n;
	while (n) {
		size_t room = OUT_SIZE - w->used, k = n < room ? n : room;
		memcpy(w->out[atomic_load(&w->out_filled) % OUT_BUFS] + w->used, b, k);
		w->used += k;
		b += k;
		n -= k;
		if (w->used == OUT_SIZE)
			hand_over(w);
	}
}

/* Encode the records of one piece of the log into the output. */
static void encode(struct trace_writer *w, const uint8_t *p, const uint8_t *end)
{
	while (p < end) {
		if (OUT_SIZE - w->used < TRACE_ENCODE_MAX)
			hand_over(w);
		uint8_t *out = w->out[atomic_load(&w->out_filled) % OUT_BUFS];
		size_t n = trace_encode(w->encoder, &p, end, out + w->used, OUT_SIZE - w->used);
		w->used += n;
		w->produced += n;
	}
}

/* Wait until *count differs from seen (or, for the encoder, closing):
 * watch it, then sleep on cond, saying so in *asleep. */
static void await_change(struct trace_writer *w, atomic_uint *count, unsigned seen,
			 atomic_bool *asleep, pthread_cond_t *cond)
{
	for (unsigned k = 0; k < WATCH_ROUNDS; k++)
		if (atomic_load(count) != seen || atomic_load(&w->closing))
			return;
	pthread_mutex_lock(&w->lock);
	atomic_store(asleep, true);
	while (atomic_load(count) == seen && !atomic_load(&w->closing))
		pthread_cond_wait(cond, &w->lock);
	atomic_store(asleep, false);
	pthread_mutex_unlock(&w->lock);
}

/* Wake the other side if it sleeps (after changing the count it waits
 * on: the count is stored before asleep is read, and asleep before the
 * count is, so one of the two sees the other). */
static void wake(struct trace_writer *w, atomic_bool *asleep, pthread_cond_t *cond)
{
	if (atomic_load(asleep)) {
		pthread_mutex_lock(&w->lock);
		pthread_cond_signal(cond);
		pthread_mutex_unlock(&w->lock);
	}
}

/* The encoder thread: the filled chunks in turn, until closing. */
static void *encoder(void *opaque)
{
	struct trace_writer *w = opaque;
	for (unsigned done = 0;; done++) {
		await_change(w, &w->filled, done, &w->encoder_asleep, &w->more);
		if (atomic_load(&w->filled) == done)
			break; /* closing, and nothing left */
		unsigned k = done % LOG_CHUNKS;
		encode(w, w->chunk[k], w->chunk[k] + w->used_of[k]);
		atomic_store(&w->encoded, done + 1);
		wake(w, &w->cpu_asleep, &w->room);
	}
	return NULL;
}

/* cpu_log's full(): the chunk filled so far goes to the encoder, and the
 * CPU gets the next one, once the encoder is done with it. */
static void log_full(void *opaque, struct cpu_log *log)
{
	struct trace_writer *w = opaque;
	unsigned filled = atomic_load(&w->filled), k = filled % LOG_CHUNKS;
	size_t used = (size_t)(log->pos - w->chunk[k]);
	if (!w->threaded) {
		encode(w, w->chunk[k], w->chunk[k] + used);
	} else {
		w->used_of[k] = used;
		atomic_store(&w->filled, ++filled);
		wake(w, &w->encoder_asleep, &w->more);
		unsigned encoded;
		while (filled - (encoded = atomic_load(&w->encoded)) >= LOG_CHUNKS)
			if (!write_one(w))
				await_change(w, &w->encoded, encoded, &w->cpu_asleep, &w->room);
		k = filled % LOG_CHUNKS;
	}
	log->pos = w->chunk[k];
	log->end = w->chunk[k] + LOG_CHUNK_SIZE;
}

/* Every record so far encoded (the encoder then idle). */
static void drain(struct trace_writer *w)
{
	log_full(w, &w->log);
	if (!w->threaded)
		return;
	unsigned encoded, filled = atomic_load(&w->filled);
	while ((encoded = atomic_load(&w->encoded)) != filled)
		await_change(w, &w->encoded, encoded, &w->cpu_asleep, &w->room);
}

/* For listeners in front of this one that pass events on (the
 * debugger, the SMM checks). */
static void on_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	struct trace_writer *w = opaque;
	cpu_log_append(&w->log, cpu, ev);
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

static void free_writer(struct trace_writer *w)
{
	trace_encoder_free(w->encoder);
	for (unsigned k = 0; k < LOG_CHUNKS; k++)
		free(w->chunk[k]);
	for (unsigned k = 0; k < OUT_BUFS; k++)
		free(w->out[k]);
	pthread_mutex_destroy(&w->write_lock);
	free(w);
}

struct trace_writer *trace_writer_open(const char *path, const char *options,
				       const char *const images[], unsigned nimages)
{
	struct trace_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	pthread_mutex_init(&w->write_lock, NULL);
	atomic_init(&w->out_filled, 0);
	atomic_init(&w->out_written, 0);
	bool allocated = true;
	for (unsigned k = 0; k < OUT_BUFS; k++)
		allocated = allocated && (w->out[k] = malloc(OUT_SIZE)) != NULL;
	for (unsigned k = 0; k < LOG_CHUNKS; k++)
		allocated = allocated && (w->chunk[k] = calloc(1, LOG_CHUNK_SIZE)) != NULL;
	allocated = allocated && (w->encoder = trace_encoder_new()) != NULL;
	if (!allocated) {
		fprintf(stderr, "smmbox: out of memory\n");
		free_writer(w);
		return NULL;
	}
	w->f = fopen(path, "wb");
	if (!w->f) {
		fprintf(stderr, "smmbox: cannot create trace file %s: %s\n", path, strerror(errno));
		free_writer(w);
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
			free_writer(w);
			return NULL;
		}
		header_record(w, 3, sha, 32, images[k], (uint32_t)strlen(images[k]));
	}
	put(w, (uint8_t[]){ 0 }, 1);
	w->log = (struct cpu_log){ .pos = w->chunk[0], .end = w->chunk[0] + LOG_CHUNK_SIZE,
				   .full = log_full, .opaque = w };
	w->events = (struct cpu_events){ .event = on_event, .opaque = w, .want_insns = true,
					 .log = &w->log };
	atomic_init(&w->filled, 0);
	atomic_init(&w->encoded, 0);
	atomic_init(&w->closing, false);
	atomic_init(&w->encoder_asleep, false);
	atomic_init(&w->cpu_asleep, false);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	pthread_cond_init(&w->room, NULL);
	/* Without a thread the same encoding runs as the chunks fill. */
	w->threaded = pthread_create(&w->thread, NULL, encoder, w) == 0;
	return w;
}

const struct cpu_events *trace_writer_events(struct trace_writer *w)
{
	return &w->events;
}

bool trace_writer_close(struct trace_writer *w)
{
	drain(w);
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		atomic_store(&w->closing, true);
		pthread_cond_signal(&w->more);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->more);
	pthread_cond_destroy(&w->room);
	put(w, (uint8_t[]){ TR_END }, 1);
	flush(w);
	bool ok = !w->failed && fflush(w->f) == 0;
	if (fclose(w->f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "smmbox: writing the trace failed\n");
	free_writer(w);
	return ok;
}

uint64_t trace_writer_bytes(struct trace_writer *w)
{
	drain(w);
	return w->produced;
}

uint64_t trace_writer_steps(struct trace_writer *w)
{
	drain(w);
	return trace_encoder_steps(w->encoder);
}
