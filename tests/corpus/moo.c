/* MOO reader: see moo.h.  Every read goes through struct span, whose
 * helpers check the length first, so a malformed file can only produce an
 * error message. */
#include "tests/corpus/moo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Decompressed files larger than this are refused (a gzip bomb, or not a
 * test file at all); the largest 286 file is about 2 MB. */
#define MOO_MAX_SIZE (512u << 20)

#define MOO_HEADER_MIN 8   /* major, minor, reserved, test_count */
#define MOO_META_LEN 31
#define MOO_EXCP_LEN 5
#define MOO_RAM_RECORD 5

static const char *const reg_names[MOO_NREGS] = {
	"ax", "bx", "cx", "dx", "cs", "ss", "ds", "es",
	"sp", "bp", "si", "di", "ip", "flags",
};

const char *moo_reg_name(enum moo_reg r)
{
	return (unsigned)r < MOO_NREGS ? reg_names[r] : "?";
}

/* A bounded view of bytes inside f->data. */
struct span {
	const uint8_t *p;
	size_t len;
};

/* One chunk: id (NUL-terminated, unprintable bytes shown as '?') and body. */
struct chunk {
	char id[5];
	struct span body;
};

static enum moo_status fail(struct moo_file *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record "PATH: [test #N (idx I): ]what" as the error. */
static enum moo_status fail(struct moo_file *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!f->in_test)
		n = snprintf(f->err, sizeof f->err, "%s: ", f->path ? f->path : "?");
	else if (!f->have_idx)
		n = snprintf(f->err, sizeof f->err, "%s: test #%u: ",
			     f->path ? f->path : "?", f->tests_seen);
	else
		n = snprintf(f->err, sizeof f->err, "%s: test #%u (idx %u): ",
			     f->path ? f->path : "?", f->tests_seen, f->cur_idx);

	if (n < 0 || (size_t)n >= sizeof f->err)
		return MOO_ERROR;
	va_start(ap, fmt);
	vsnprintf(f->err + n, sizeof f->err - (size_t)n, fmt, ap);
	va_end(ap);
	return MOO_ERROR;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static size_t offset_of(const struct moo_file *f, const uint8_t *p)
{
	return (size_t)(p - f->data);
}

/* Take the chunk at the front of *in, advancing *in past it.  Fails when
 * fewer than 8 header bytes remain or the length runs past the end of *in. */
static enum moo_status take_chunk(struct moo_file *f, struct span *in,
				  struct chunk *c, const char *where)
{
	uint32_t len;

	if (in->len < 8)
		return fail(f, "truncated chunk header (%zu of 8 bytes) at offset %zu in %s",
			    in->len, offset_of(f, in->p), where);
	for (int i = 0; i < 4; i++) {
		uint8_t ch = in->p[i];
		c->id[i] = (ch >= 0x20 && ch < 0x7F) ? (char)ch : '?';
	}
	c->id[4] = '\0';
	len = get32(in->p + 4);
	if (len > in->len - 8)
		return fail(f, "chunk '%s' at offset %zu in %s claims %u bytes, only %zu left",
			    c->id, offset_of(f, in->p), where, len, in->len - 8);
	c->body.p = in->p + 8;
	c->body.len = len;
	in->p += 8 + (size_t)len;
	in->len -= 8 + (size_t)len;
	return MOO_OK;
}

static bool id_is(const struct chunk *c, const char *id)
{
	return memcmp(c->id, id, 4) == 0;
}

/* Reading the file into f->data. */

static enum moo_status reserve(struct moo_file *f, size_t need)
{
	size_t cap = f->capacity ? f->capacity : (size_t)4 << 20;
	uint8_t *p;

	if (need <= f->capacity)
		return MOO_OK;
	if (need > MOO_MAX_SIZE)
		return fail(f, "decompressed size exceeds %u MiB", MOO_MAX_SIZE >> 20);
	while (cap < need)
		cap *= 2;
	p = realloc(f->data, cap);
	if (!p)
		return fail(f, "out of memory (%zu bytes)", cap);
	f->data = p;
	f->capacity = cap;
	return MOO_OK;
}

static enum moo_status read_gz(struct moo_file *f, gzFile gz)
{
	int errnum = Z_OK;
	const char *msg;

	f->size = 0;
	for (;;) {
		int n;

		if (reserve(f, f->size + 65536) != MOO_OK)
			return MOO_ERROR;
		n = gzread(gz, f->data + f->size, (unsigned)(f->capacity - f->size));
		if (n < 0)
			break;
		if (n == 0)
			break;
		f->size += (size_t)n;
	}
	msg = gzerror(gz, &errnum);
	if (errnum != Z_OK && errnum != Z_STREAM_END) {
		size_t n = strlen(f->path);

		/* zlib's message starts with the path: "PATH: what". */
		if (strncmp(msg, f->path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
			msg += n + 2;
		return fail(f, "decompression failed: %s", msg);
	}
	return MOO_OK;
}

static enum moo_status parse_header(struct moo_file *f);

enum moo_status moo_load(struct moo_file *f, const char *path)
{
	gzFile gz;
	enum moo_status st;
	int rc;

	f->path = path;
	gz = gzopen(path, "rb");
	if (!gz)
		return fail(f, "cannot open: %s", errno ? strerror(errno) : "out of memory");
	gzbuffer(gz, 256 * 1024);
	st = read_gz(f, gz);
	rc = gzclose_r(gz);
	if (st != MOO_OK)
		return st;
	if (rc == Z_BUF_ERROR)
		return fail(f, "truncated gzip stream");
	if (rc != Z_OK)
		return fail(f, "read error (zlib %d)", rc);
	return parse_header(f);
}

enum moo_status moo_load_buffer(struct moo_file *f, const char *name,
				const void *data, size_t size)
{
	f->path = name;
	if (reserve(f, size ? size : 1) != MOO_OK)
		return MOO_ERROR;
	if (size)
		memcpy(f->data, data, size);
	f->size = size;
	return parse_header(f);
}

void moo_release(struct moo_file *f)
{
	free(f->data);
	f->data = NULL;
	f->size = f->capacity = 0;
}

const char *moo_error(const struct moo_file *f)
{
	return f->err;
}

/* File-level chunks. */

static enum moo_status parse_meta(struct moo_file *f, const struct chunk *c)
{
	const uint8_t *p = c->body.p;
	struct moo_meta *m = &f->meta;

	if (c->body.len < MOO_META_LEN)
		return fail(f, "META chunk is %zu bytes, expected %d",
			    c->body.len, MOO_META_LEN);
	m->major = p[0];
	m->minor = p[1];
	m->cpu_type = p[2];
	m->opcode = get32(p + 3);
	memcpy(m->mnemonic, p + 7, 8);
	m->mnemonic[8] = '\0';
	m->test_count = get32(p + 15);
	m->seed = (uint64_t)get32(p + 19) | (uint64_t)get32(p + 23) << 32;
	m->cpu_mode = p[27];
	f->has_meta = true;
	return MOO_OK;
}

/* The first chunk must be "MOO " with a version this reader knows. */
static enum moo_status parse_header(struct moo_file *f)
{
	struct span in = { f->data, f->size };
	struct chunk c;

	f->pos = 0;
	f->tests_seen = 0;
	f->in_test = false;
	f->has_meta = false;
	f->err[0] = '\0';
	if (f->size < 4 || memcmp(f->data, "MOO ", 4) != 0)
		return fail(f, "not a MOO file (bad magic)");
	if (take_chunk(f, &in, &c, "file header") != MOO_OK)
		return MOO_ERROR;
	if (c.body.len < MOO_HEADER_MIN)
		return fail(f, "MOO header is %zu bytes, expected at least %d",
			    c.body.len, MOO_HEADER_MIN);
	f->major = c.body.p[0];
	f->minor = c.body.p[1];
	if (f->major != 1)
		return fail(f, "unsupported MOO version %u.%u", f->major, f->minor);
	f->test_count = get32(c.body.p + 4);
	memset(f->cpu, 0, sizeof f->cpu);
	if (c.body.len >= 12)
		memcpy(f->cpu, c.body.p + 8, 4);
	/* Chunks between the header and the first test: META, or unknown. */
	while (in.len >= 8 && memcmp(in.p, "TEST", 4) != 0) {
		if (take_chunk(f, &in, &c, "file") != MOO_OK)
			return MOO_ERROR;
		if (id_is(&c, "META") && parse_meta(f, &c) != MOO_OK)
			return MOO_ERROR;
	}
	f->pos = offset_of(f, in.p);
	return MOO_OK;
}

/* Test-level chunks. */

static enum moo_status parse_regs(struct moo_file *f, const struct chunk *c,
				  struct moo_state *s, const char *where)
{
	size_t need;
	const uint8_t *p;

	if (c->body.len < 2)
		return fail(f, "%s: REGS chunk is %zu bytes, too short for its mask",
			    where, c->body.len);
	s->mask = get16(c->body.p);
	if (s->mask & ~MOO_ALL_REGS)
		return fail(f, "%s: REGS mask 0x%04x has unknown register bits",
			    where, s->mask);
	need = 2 + 2 * (size_t)__builtin_popcount(s->mask);
	if (c->body.len < need)
		return fail(f, "%s: REGS mask 0x%04x needs %zu bytes, chunk has %zu",
			    where, s->mask, need, c->body.len);
	p = c->body.p + 2;
	for (int r = 0; r < MOO_NREGS; r++) {
		if (s->mask & (1u << r)) {
			s->regs[r] = get16(p);
			p += 2;
		}
	}
	return MOO_OK;
}

static enum moo_status parse_ram(struct moo_file *f, const struct chunk *c,
				 struct moo_state *s, const char *where)
{
	uint32_t count;

	if (c->body.len < 4)
		return fail(f, "%s: RAM chunk is %zu bytes, too short for its count",
			    where, c->body.len);
	count = get32(c->body.p);
	if ((uint64_t)count * MOO_RAM_RECORD > c->body.len - 4)
		return fail(f, "%s: RAM count %u needs %llu bytes, chunk has %zu",
			    where, count,
			    (unsigned long long)count * MOO_RAM_RECORD + 4, c->body.len);
	s->ram = c->body.p + 4;
	s->ram_count = count;
	return MOO_OK;
}

/* INIT or FINA: a list of REGS and RAM sub-chunks. */
static enum moo_status parse_state(struct moo_file *f, const struct chunk *outer,
				   struct moo_state *s, const char *where)
{
	struct span in = outer->body;
	struct chunk c;

	memset(s, 0, sizeof *s);
	while (in.len) {
		enum moo_status st = MOO_OK;

		if (take_chunk(f, &in, &c, where) != MOO_OK)
			return MOO_ERROR;
		if (id_is(&c, "REGS"))
			st = parse_regs(f, &c, s, where);
		else if (id_is(&c, "RAM "))
			st = parse_ram(f, &c, s, where);
		if (st != MOO_OK)
			return st;
	}
	return MOO_OK;
}

/* NAME and BYTS: u32 n, then n bytes. */
static enum moo_status parse_counted(struct moo_file *f, const struct chunk *c,
				     const uint8_t **out, uint32_t *n,
				     const char *where)
{
	uint32_t len;

	if (c->body.len < 4)
		return fail(f, "%s: %s chunk is %zu bytes, too short for its length",
			    where, c->id, c->body.len);
	len = get32(c->body.p);
	if (len > c->body.len - 4)
		return fail(f, "%s: %s length %u runs past its chunk (%zu bytes)",
			    where, c->id, len, c->body.len - 4);
	*out = c->body.p + 4;
	*n = len;
	return MOO_OK;
}

static enum moo_status parse_test_chunk(struct moo_file *f, const struct chunk *c,
					struct moo_test *t, unsigned *seen,
					const char *where)
{
	if (id_is(c, "NAME")) {
		const uint8_t *p;
		if (parse_counted(f, c, &p, &t->name_len, where) != MOO_OK)
			return MOO_ERROR;
		t->name = (const char *)p;
	} else if (id_is(c, "BYTS")) {
		*seen |= 1;
		return parse_counted(f, c, &t->bytes, &t->nbytes, where);
	} else if (id_is(c, "INIT")) {
		*seen |= 2;
		return parse_state(f, c, &t->init, "INIT");
	} else if (id_is(c, "FINA")) {
		*seen |= 4;
		return parse_state(f, c, &t->fina, "FINA");
	} else if (id_is(c, "EXCP")) {
		if (c->body.len < MOO_EXCP_LEN)
			return fail(f, "%s: EXCP chunk is %zu bytes, expected %d",
				    where, c->body.len, MOO_EXCP_LEN);
		t->has_excp = true;
		t->excp_vector = c->body.p[0];
		t->excp_flag_addr = get32(c->body.p + 1);
	} else if (id_is(c, "HASH")) {
		if (c->body.len < MOO_HASH_LEN)
			return fail(f, "%s: HASH chunk is %zu bytes, expected %d",
				    where, c->body.len, MOO_HASH_LEN);
		t->has_hash = true;
		memcpy(t->hash, c->body.p, MOO_HASH_LEN);
	}
	return MOO_OK;
}

static enum moo_status parse_test(struct moo_file *f, const struct chunk *outer,
				  struct moo_test *t)
{
	struct span in = outer->body;
	struct chunk c;
	const char *where = "TEST";
	unsigned seen = 0;

	memset(t, 0, sizeof *t);
	t->name = "";
	f->in_test = true;
	f->have_idx = false;
	if (in.len < 4)
		return fail(f, "TEST chunk is %zu bytes, too short for its index", in.len);
	t->idx = get32(in.p);
	f->cur_idx = t->idx;
	f->have_idx = true;
	in.p += 4;
	in.len -= 4;
	while (in.len) {
		if (take_chunk(f, &in, &c, where) != MOO_OK)
			return MOO_ERROR;
		if (parse_test_chunk(f, &c, t, &seen, where) != MOO_OK)
			return MOO_ERROR;
	}
	if (seen != 7)
		return fail(f, "missing %s chunk",
			    !(seen & 1) ? "BYTS" : !(seen & 2) ? "INIT" : "FINA");
	if (t->nbytes == 0)
		return fail(f, "no instruction bytes");
	if (t->init.mask != MOO_ALL_REGS)
		return fail(f, "INIT REGS mask 0x%04x does not give every register",
			    t->init.mask);
	f->in_test = false;
	return MOO_OK;
}

enum moo_status moo_next(struct moo_file *f, struct moo_test *t)
{
	struct span in;
	struct chunk c;

	if (!f->data || f->pos > f->size)
		return fail(f, "no file loaded");
	in.p = f->data + f->pos;
	in.len = f->size - f->pos;
	while (in.len) {
		if (take_chunk(f, &in, &c, "file") != MOO_OK)
			return MOO_ERROR;
		f->pos = offset_of(f, in.p);
		if (id_is(&c, "META")) {
			if (parse_meta(f, &c) != MOO_OK)
				return MOO_ERROR;
		} else if (id_is(&c, "TEST")) {
			if (parse_test(f, &c, t) != MOO_OK)
				return MOO_ERROR;
			f->tests_seen++;
			return MOO_OK;
		}
	}
	if (f->tests_seen != f->test_count)
		return fail(f, "header says %u tests, file holds %u",
			    f->test_count, f->tests_seen);
	return MOO_END;
}
