/* Reading traces: smmbox's format (docs/TRACE-FORMAT.md) and, through
 * qemu_log.c, QEMU's `-d cpu` logs. */
#include "trace/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const trace_field_names[TF_COUNT] = {
	"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EFLAGS",
	"ES", "CS", "SS", "DS", "FS", "GS", "CR0", "CR3", "CR4", "SMM", "CS.base",
};

struct trace_reader {
	FILE *f;
	const char *path;
	struct qemu_log *qemu;
	struct trace_step cur;
	uint32_t next_eip, fetch_offset; /* as in the writer */
	uint8_t version;                 /* TRACE_VERSION, 3 (no FPU) or 2 (LEB128 varints) */
	struct trace_code code[TRACE_CODE_SLOTS];
	bool failed, ended;
	char describe[512];
};

static bool damaged(struct trace_reader *r, const char *what)
{
	if (!r->failed)
		fprintf(stderr, "smmbox-trace: %s: damaged trace (%s)\n", r->path, what);
	r->failed = true;
	return false;
}

static bool get(struct trace_reader *r, void *p, size_t n)
{
	return fread(p, 1, n, r->f) == n || damaged(r, "truncated");
}

/* Version 2's varint: LEB128. */
static bool get_leb128(struct trace_reader *r, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		int c = fgetc(r->f);
		if (c == EOF)
			return damaged(r, "truncated");
		*v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return true;
	}
	return damaged(r, "a number too long");
}

/* Version 3's varint: the first byte's low bits say how many follow
 * (docs/TRACE-FORMAT.md). */
static bool get_prefix_varint(struct trace_reader *r, uint64_t *v)
{
	int c = fgetc(r->f);
	if (c == EOF)
		return damaged(r, "truncated");
	unsigned n = (unsigned)__builtin_ctz(~(unsigned)c | 0x10) + 1; /* 1..5 */
	unsigned shift = n < 5 ? n : 4;
	uint8_t more[4] = { 0 };
	if (n > 1 && !get(r, more, n - 1))
		return false;
	uint64_t x = (uint64_t)c;
	for (unsigned k = 0; k + 1 < n; k++)
		x |= (uint64_t)more[k] << (8 * (k + 1));
	*v = x >> shift;
	return true;
}

static bool get32(struct trace_reader *r, uint32_t *v)
{
	uint64_t x;
	if (!(r->version == 2 ? get_leb128(r, &x) : get_prefix_varint(r, &x)))
		return false;
	if (x > UINT32_MAX)
		return damaged(r, "a value out of range");
	*v = (uint32_t)x;
	return true;
}

/* The header: tagged records up to tag 0. */
static bool read_header(struct trace_reader *r)
{
	uint8_t version[4];
	if (!get(r, version, 4) || version[0] < 2 || version[0] > TRACE_VERSION || version[1] ||
	    version[2] || version[3])
		return damaged(r, "unknown version");
	r->version = version[0];
	r->cur.fpu.known = r->version >= 4 ? TFP_ALL : 0;
	size_t used = (size_t)snprintf(r->describe, sizeof(r->describe), "smmbox trace");
	for (;;) {
		uint8_t tag, l[4];
		if (!get(r, &tag, 1))
			return false;
		if (tag == 0)
			return true;
		if (!get(r, l, 4))
			return false;
		uint32_t len = l[0] | l[1] << 8 | l[2] << 16 | (uint32_t)l[3] << 24;
		if (len > 65536)
			return damaged(r, "a header record too long");
		char *buf = malloc(len + 1);
		if (!buf || !get(r, buf, len)) {
			free(buf);
			return false;
		}
		buf[len] = 0;
		if (tag == 1 && used < sizeof(r->describe))
			used += (size_t)snprintf(r->describe + used, sizeof(r->describe) - used,
						 " of: %s", buf);
		free(buf);
	}
}

struct trace_reader *trace_reader_open(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "smmbox-trace: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return trace_reader_open_stream(f, path);
}

struct trace_reader *trace_reader_open_stream(FILE *f, const char *name)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "smmbox-trace: out of memory\n");
		fclose(f);
		return NULL;
	}
	r->path = name;
	r->f = f;
	char magic[8] = { 0 };
	size_t n = fread(magic, 1, 8, r->f);
	if (n == 8 && memcmp(magic, TRACE_MAGIC, 8) == 0) {
		if (!read_header(r)) {
			trace_reader_close(r);
			return NULL;
		}
		return r;
	}
	rewind(r->f);
	r->qemu = qemu_log_open(r->f);
	if (!r->qemu) {
		fprintf(stderr, "smmbox-trace: %s is neither an smmbox trace nor a QEMU -d cpu log\n",
			name);
		trace_reader_close(r);
		return NULL;
	}
	snprintf(r->describe, sizeof(r->describe), "QEMU -d cpu log");
	return r;
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->qemu)
		qemu_log_close(r->qemu);
	if (r->f)
		fclose(r->f);
	free(r);
}

bool trace_reader_failed(const struct trace_reader *r)
{
	return r->failed;
}

const char *trace_reader_describe(const struct trace_reader *r)
{
	return r->describe;
}

static uint32_t unzigzag32(uint32_t v)
{
	return (v >> 1) ^ -(v & 1);
}

/* The x87 and SSE fields of an instruction record with TR_INSN_FPU: the
 * mask of those that changed, then each (docs/TRACE-FORMAT.md). */
static bool read_fpu(struct trace_reader *r, struct trace_fpu *f)
{
	uint32_t mask, v;
	if (!get32(r, &mask))
		return false;
	if (mask >> TFP_COUNT)
		return damaged(r, "an unknown FPU field");
	for (uint32_t m = mask; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		uint8_t b[10];
		if (k < TFP_XMM0) {
			if (!get(r, b, 10))
				return false;
			memcpy(&f->r[k - TFP_R0].signif, b, 8);
			f->r[k - TFP_R0].sign_exp = (uint16_t)(b[8] | b[9] << 8);
		} else if (k < TFP_FCW) {
			if (!get(r, f->xmm[k - TFP_XMM0].b, 16))
				return false;
		} else {
			if (!get32(r, &v))
				return false;
			f->word[k - TFP_FCW] ^= v;
		}
	}
	return true;
}

/* An instruction record after its first byte, whose low bits are flags. */
static bool read_insn(struct trace_reader *r, uint8_t flags, struct trace_step *s)
{
	uint32_t v;
	uint8_t known = TR_INSN | TR_INSN_BYTES | TR_INSN_EIP | TR_INSN_FETCH | TR_INSN_EFLAGS |
			TR_INSN_GPRS | TR_INSN_OTHER | (r->version >= 4 ? TR_INSN_FPU : 0);
	if (flags & ~known)
		return damaged(r, "an unknown instruction flag");
	bool has_bytes = flags & TR_INSN_BYTES;
	if (has_bytes) {
		if (!get(r, &s->len, 1))
			return false;
		if (s->len > 15)
			return damaged(r, "an instruction longer than 15 bytes");
		if (!get(r, s->bytes, s->len))
			return false;
	}
	s->eip = r->next_eip;
	if (flags & TR_INSN_EIP) {
		if (!get32(r, &v))
			return false;
		s->eip += unzigzag32(v);
	}
	if (flags & TR_INSN_FETCH) {
		uint8_t attr;
		if (!get(r, &attr, 1) || !get32(r, &v))
			return false;
		if (attr > 7)
			return damaged(r, "an unknown fetch attribute");
		s->view = attr & 3;
		s->code32 = attr & 4;
		r->fetch_offset = unzigzag32(v);
	}
	uint8_t gprs = 0;
	uint32_t other = 0;
	if ((flags & TR_INSN_GPRS) && !get(r, &gprs, 1))
		return false;
	if ((flags & TR_INSN_OTHER) && !get32(r, &other))
		return false;
	if (other >> (TF_COUNT - TF_ES))
		return damaged(r, "an unknown field");
	uint32_t mask = gprs | (flags & TR_INSN_EFLAGS ? 1u << TF_EFLAGS : 0) | other << TF_ES;
	for (unsigned k = 0; k < TF_COUNT; k++) {
		if (!(mask & (1u << k)))
			continue;
		if (!get32(r, &v))
			return false;
		s->field[k] ^= v;
	}
	if ((flags & TR_INSN_FPU) && !read_fpu(r, &s->fpu))
		return false;
	s->linear = s->field[TF_CS_BASE] + s->eip;
	s->physical = s->linear + r->fetch_offset;
	struct trace_code *c = &r->code[trace_code_slot(s->physical, s->view)];
	if (has_bytes) {
		*c = (struct trace_code){ .physical = s->physical, .view = s->view, .valid = true,
					  .len = s->len };
		memcpy(c->bytes, s->bytes, s->len);
	} else {
		if (!c->valid || c->physical != s->physical || c->view != s->view)
			return damaged(r, "an instruction whose bytes were never given");
		s->len = c->len;
		memcpy(s->bytes, c->bytes, sizeof(s->bytes));
	}
	r->next_eip = s->eip + s->len;
	return true;
}

static bool read_side(struct trace_reader *r, uint8_t kind, struct trace_side *side)
{
	uint8_t b[2];
	memset(side, 0, sizeof(*side));
	side->kind = kind;
	switch (kind) {
	case TR_WRITE:
		if (!get(r, b, 1) || !get32(r, &side->address))
			return false;
		if (b[0] & 0x80)
			return damaged(r, "an unknown write attribute");
		side->size = b[0] & 15;
		side->view = (b[0] >> 4) & 3;
		side->physical = side->address;
		if (!(b[0] & TR_WRITE_IDENTITY) && !get32(r, &side->physical))
			return false;
		return get32(r, &side->value);
	case TR_IO:
		return get(r, b, 1) && (side->size = b[0] & 15, side->is_write = b[0] & 0x10,
					get32(r, &side->address) && get32(r, &side->value));
	case TR_EVENT:
		return get(r, b, 2) && (side->event = b[0], side->vector = b[1], true);
	default:
		return damaged(r, "an unknown record");
	}
}

bool trace_reader_next(struct trace_reader *r, struct trace_step *step,
		       void (*side_fn)(void *opaque, const struct trace_side *side),
		       void *opaque)
{
	if (r->failed || r->ended)
		return false;
	if (r->qemu) {
		bool ok = qemu_log_next(r->qemu, step, &r->failed);
		r->ended = !ok;
		return ok;
	}
	/* Side records belong to the step before them: read up to the next
	 * instruction, reporting them, then that instruction. */
	for (;;) {
		int c = fgetc(r->f);
		if (c == EOF)
			return damaged(r, "no end record");
		if (c == TR_END) {
			r->ended = true;
			return false;
		}
		if (c & TR_INSN) {
			if (!read_insn(r, (uint8_t)c, &r->cur))
				return false;
			*step = r->cur;
			return true;
		}
		struct trace_side side;
		if (!read_side(r, (uint8_t)c, &side))
			return false;
		if (side_fn)
			side_fn(opaque, &side);
	}
}
