/* The encoder: the CPU's raw log in, trace records out (encode.h).
 *
 * It runs once for every instruction a recorded run executes, on a
 * thread of its own (write.c), and the run waits when it falls behind,
 * so it is written for speed: the state it touches for every step is
 * copied into a local (struct hot) for each piece of the log, which the
 * bytes written through the output pointer cannot alias (so the compiler
 * need not reload it after each, as it must for anything reached through
 * a pointer), and the varints are written without a branch per byte. */
#include "trace/encode.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/log.h"
#include "trace/trace.h"

#define ENCODE_INLINE static inline __attribute__((always_inline))

/* The most bytes of a block (cpu/block.h: 64 instructions of at most 15
 * bytes), and 15 more to read 15 from its last instruction. */
#define BLOCK_BYTES_MAX (64 * 15 + 15)

/* The fields after EFLAGS (segment selectors, control registers, SMM,
 * CS.base): they seldom change, so they are checked as one. */
#define OTHER_COUNT (TF_COUNT - TF_ES)

_Static_assert(TF_CS - TF_ES == S_CS && TF_SS - TF_ES == S_SS && TF_GS - TF_ES == S_GS,
	       "the selector fields follow enum cpu_sreg");

/* A slot of the code cache the reader keeps too, and the log's block
 * that last used it. */
struct code_slot {
	struct trace_code code;
	uint64_t block;
};

/* What is known of a block's instructions in the reader's code cache:
 * while no slot has taken other bytes since the count of such misses
 * was `misses`, those before offset `end` are all there, as fetched at
 * physical in view (head, the block record's first bytes, has it: the
 * same block may run at another address, an alias of the same memory).
 * An instruction of no bytes (one that did not decode, run outside a
 * block) lies before every end but needs its slot all the same. */
struct block_memo {
	uint64_t id;
	uint64_t misses;
	uint32_t head, physical;
	uint32_t end;
};

/* The block the steps come from: where it starts, its bytes, the next
 * step's offset in it, and its memo. */
struct block_at {
	uint32_t head;               /* the block record's first four bytes */
	uint32_t eip, physical, off;
	uint8_t view;
	bool code32;
	uint64_t id;
	const uint8_t *bytes;
	struct block_memo *memo;
};

/* What every step reads and writes: the reader's state after the last
 * instruction record, and where the next step's instruction is. */
struct hot {
	uint32_t gpr[8];
	uint32_t eflags;
	uint32_t next_eip;           /* the last EIP plus its length, once not following */
	uint32_t fetch_offset;       /* the last physical minus linear address */
	uint8_t fetch_attr;          /* the last view | code32 << 2 */
	bool other_dirty;            /* a state record came since the last step */
	bool fpu_dirty;              /* an FPU record came since the last step */
	bool following;              /* the last step was of the current block */
	/* Where the next step's instruction is: from the last block record,
	 * moved on by the steps since. */
	struct block_at block;
	uint64_t misses;             /* code cache slots given other bytes */
	uint64_t steps;
};

struct trace_encoder {
	struct hot hot;
	uint32_t other[OTHER_COUNT];     /* as the reader knows them */
	uint32_t now_other[OTHER_COUNT]; /* from the last state record */
	struct cpu_log_fpu fpu;          /* the x87 and SSE state as the reader knows it */
	struct cpu_log_fpu now_fpu;      /* from the last FPU record */
	struct code_slot code[TRACE_CODE_SLOTS];
	/* The bytes of the log's blocks by slot (cpu/log.h), and of a
	 * block without an id. */
	uint8_t (*block_bytes)[BLOCK_BYTES_MAX];
	uint8_t one_off_bytes[BLOCK_BYTES_MAX];
	/* The memos of the log's blocks by slot, as their bytes; a block
	 * without an id has none_known, which stays empty. */
	struct block_memo memo[CPU_LOG_BLOCK_SLOTS];
	struct block_memo none_known;
};

struct trace_encoder *trace_encoder_new(void)
{
	struct trace_encoder *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->block_bytes = calloc(CPU_LOG_BLOCK_SLOTS, sizeof(*e->block_bytes));
	if (!e->block_bytes) {
		free(e);
		return NULL;
	}
	return e;
}

void trace_encoder_free(struct trace_encoder *e)
{
	if (!e)
		return;
	free(e->block_bytes);
	free(e);
}

uint64_t trace_encoder_steps(const struct trace_encoder *e)
{
	return e->hot.steps;
}

/* A varint (docs/TRACE-FORMAT.md: the first byte's low bits say how
 * many bytes follow) without a branch per byte: the value shifted past
 * its length tag, all 8 bytes stored (little-endian, as the whole core
 * assumes), and the cursor moved past the bytes it needs. */
ENCODE_INLINE uint8_t *put_varint32(uint8_t *p, uint32_t v)
{
	/* By the value's leading zeros: its length tag (bits 0-3), the
	 * shift past the tag (bits 8-11) and its bytes (bits 16-19). */
#define FORM(n, shift) ((((1u << ((n) - 1)) - 1) & 15) | (shift) << 8 | (n) << 16)
	static const uint32_t form[32] = {
		FORM(5, 4), FORM(5, 4), FORM(5, 4), FORM(5, 4),
		FORM(4, 4), FORM(4, 4), FORM(4, 4), FORM(4, 4), FORM(4, 4), FORM(4, 4), FORM(4, 4),
		FORM(3, 3), FORM(3, 3), FORM(3, 3), FORM(3, 3), FORM(3, 3), FORM(3, 3), FORM(3, 3),
		FORM(2, 2), FORM(2, 2), FORM(2, 2), FORM(2, 2), FORM(2, 2), FORM(2, 2), FORM(2, 2),
		FORM(1, 1), FORM(1, 1), FORM(1, 1), FORM(1, 1), FORM(1, 1), FORM(1, 1), FORM(1, 1),
	};
#undef FORM
	uint32_t f = form[__builtin_clz(v | 1)];
	uint64_t x = (uint64_t)v << (f >> 8 & 15) | (f & 15);
	memcpy(p, &x, 8);
	return p + (f >> 16);
}

ENCODE_INLINE uint32_t zigzag32(uint32_t difference)
{
	int32_t d = (int32_t)difference;
	return ((uint32_t)d << 1) ^ (uint32_t)(d >> 31);
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

/* Whether the reader's code cache holds the bytes of the instruction at
 * physical in view; when not, the record carries them and both caches
 * take them.  block is the log's block the instruction belongs to (0 for
 * none): a slot last holding an instruction of the same block at the
 * same address holds its bytes (a block's bytes never change, and its
 * instructions are at different addresses), so they need no compare. */
ENCODE_INLINE bool code_cached(struct code_slot *slots, uint32_t physical, uint8_t view,
			       uint8_t len, const uint8_t bytes[15], uint64_t block)
{
	struct code_slot *c = &slots[trace_code_slot(physical, view)];
	if (c->block == block && block && c->code.physical == physical && c->code.view == view)
		return true;
	c->block = block;
	if (c->code.valid && c->code.physical == physical && c->code.view == view &&
	    c->code.len == len && same_bytes(c->code.bytes, bytes, len))
		return true;
	c->code = (struct trace_code){ .physical = physical, .view = view, .valid = true,
				       .len = len };
	memcpy(c->code.bytes, bytes, sizeof(c->code.bytes));
	return false;
}

/* A state record: the fields after EFLAGS as they now are. */
static void take_state(struct trace_encoder *e, const struct cpu_log_state *r)
{
	for (unsigned s = 0; s < S_COUNT; s++)
		e->now_other[s] = r->sel[s];
	e->now_other[TF_CR0 - TF_ES] = r->cr0;
	e->now_other[TF_CR3 - TF_ES] = r->cr3;
	e->now_other[TF_CR4 - TF_ES] = r->cr4;
	e->now_other[TF_SMM - TF_ES] = r->smm;
	e->now_other[TF_CS_BASE - TF_ES] = r->cs_base;
}

/* The next step may not follow the last one in the block: the EIP it is
 * compared with is the one after the last step. */
ENCODE_INLINE void stop_following(struct hot *h)
{
	if (h->following) {
		h->next_eip = h->block.eip + h->block.off;
		h->following = false;
	}
}

/* A block record: where the steps after it come from.  Its fields are
 * read from the log one by one: the log was written by the other thread,
 * while a copy of the record on the stack would be read back wider than
 * it was stored, which stalls. */
ENCODE_INLINE const uint8_t *take_block(struct trace_encoder *e, struct hot *h,
					const uint8_t *in)
{
	const struct cpu_log_block *r = (const struct cpu_log_block *)(const void *)in;
	_Static_assert(offsetof(struct cpu_log_block, id_hi) ==
			       offsetof(struct cpu_log_block, id_lo) + 4,
		       "the id's halves are one little-endian uint64_t");
	uint64_t id;
	memcpy(&id, &r->id_lo, 8);
	uint32_t head;
	memcpy(&head, r, 4);
	if (id == h->block.id && head == h->block.head && r->eip == h->block.eip &&
	    r->physical == h->block.physical && id && !r->has_bytes) {
		/* The block again, its bytes known (a loop): back to its start. */
		stop_following(h);
		h->block.off = 0;
		return in + sizeof(*r);
	}
	uint8_t *bytes = e->one_off_bytes;
	struct block_memo *memo = &e->none_known;
	if (id) {
		bytes = e->block_bytes[id % CPU_LOG_BLOCK_SLOTS];
		memo = &e->memo[id % CPU_LOG_BLOCK_SLOTS];
		if (memo->id != id || memo->misses != h->misses || memo->head != head ||
		    memo->physical != r->physical)
			*memo = (struct block_memo){ .id = id, .misses = h->misses, .head = head,
						     .physical = r->physical };
	}
	stop_following(h);
	h->block = (struct block_at){ .head = head, .eip = r->eip, .physical = r->physical,
				      .view = r->view, .code32 = r->code32, .id = id,
				      .bytes = bytes, .memo = memo };
	uint32_t nbytes = 0;
	bool has_bytes = r->has_bytes;
	if (has_bytes) {
		memcpy(&nbytes, in + sizeof(*r), 4);
		memcpy(bytes, in + sizeof(*r) + 4, nbytes);
	}
	return in + cpu_log_block_size(has_bytes, nbytes);
}

/* The other fields that changed (a mask of them, by field - TF_ES), when
 * a state record came since the last step. */
static uint32_t others_changed(const struct trace_encoder *e)
{
	uint32_t others = 0;
	for (unsigned k = 0; k < OTHER_COUNT; k++)
		others |= (uint32_t)(e->now_other[k] != e->other[k]) << k;
	return others;
}

/* The changed registers of a step (its mask's registers that differ),
 * their values (XOR with the old) at p, in register order.  Returns the
 * mask; *in and *p are moved past what was read and written. */
ENCODE_INLINE unsigned put_gprs(struct hot *h, unsigned writes, const uint8_t **in, uint8_t **p)
{
	unsigned gprs = 0;
	const uint8_t *q = *in;
	uint8_t *o = *p;
	for (unsigned m = writes & 0xFF; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		uint32_t v;
		memcpy(&v, q, 4);
		q += 4;
		if (v != h->gpr[k]) {
			o = put_varint32(o, v ^ h->gpr[k]);
			gprs |= 1u << k;
			h->gpr[k] = v;
		}
	}
	*in = q;
	*p = o;
	return gprs;
}

/* Where a step's instruction is, when the reader cannot tell from the
 * last step (not of this block, or the code cache not known to hold it):
 * its bytes if the reader's code cache lacks them, and EIP and the fetch
 * if they are not as predicted, at p.  Returns where p ends; the record's
 * flags are or'ed into *flags. */
ENCODE_INLINE uint8_t *place_step(struct trace_encoder *e, struct code_slot *slots, struct hot *h,
				  uint32_t off, uint8_t len, unsigned *flags, uint8_t *p)
{
	uint32_t eip = h->block.eip + off, physical = h->block.physical + off;
	struct block_memo *memo = h->block.memo;
	if (off + len > memo->end || memo->misses != h->misses || !len) {
		const uint8_t *bytes = h->block.bytes + off;
		if (!code_cached(slots, physical, h->block.view, len, bytes, h->block.id)) {
			*flags |= TR_INSN_BYTES;
			*p++ = len;
			memcpy(p, bytes, 15); /* fixed size: no call */
			p += len;
			h->misses++;
		}
		if (h->block.id) {
			if (memo->misses != h->misses)
				*memo = (struct block_memo){ .id = h->block.id, .misses = h->misses,
							     .head = h->block.head,
							     .physical = h->block.physical };
			if (off == memo->end)
				memo->end = off + len;
		}
	}
	/* After a step of the same block (h->following), EIP is the one
	 * predicted and the fetch the same: the instructions lie one after
	 * the other on one page. */
	if (!h->following) {
		if (eip != h->next_eip) {
			*flags |= TR_INSN_EIP;
			p = put_varint32(p, zigzag32(eip - h->next_eip));
		}
		uint8_t attr = (uint8_t)(h->block.view | (h->block.code32 ? 4 : 0));
		uint32_t offset = physical - (e->now_other[TF_CS_BASE - TF_ES] + eip);
		if (attr != h->fetch_attr || offset != h->fetch_offset) {
			*flags |= TR_INSN_FETCH;
			*p++ = attr;
			p = put_varint32(p, zigzag32(offset));
			h->fetch_attr = attr;
			h->fetch_offset = offset;
		}
		h->following = true;
	}
	return p;
}

/* The words of an FPU record, by field - TFP_FCW. */
static void fpu_words(const struct cpu_log_fpu *f, uint32_t w[TFP_WORDS])
{
	w[TFP_FCW - TFP_FCW] = f->control;
	w[TFP_FSW - TFP_FCW] = f->status;
	w[TFP_FTW - TFP_FCW] = f->tag;
	w[TFP_FOP - TFP_FCW] = f->opcode;
	w[TFP_FIP - TFP_FCW] = f->ip;
	w[TFP_FCS - TFP_FCW] = f->cs;
	w[TFP_FDP - TFP_FCW] = f->dp;
	w[TFP_FDS - TFP_FCW] = f->ds;
	w[TFP_MXCSR - TFP_FCW] = f->mxcsr;
}

/* The x87 and SSE fields that changed since the reader last heard
 * (docs/TRACE-FORMAT.md), at p: their mask, then each in field order
 * (a register as its 10 bytes, an XMM register as its 16, a word as the
 * XOR with the old).  Returns where p ends; TR_INSN_FPU is or'ed into
 * *flags when any changed.  Out of line: few steps have one. */
static __attribute__((noinline)) uint8_t *put_fpu(struct trace_encoder *e, uint8_t *p,
						   unsigned *flags)
{
	const struct cpu_log_fpu *now = &e->now_fpu, *was = &e->fpu;
	uint32_t w_now[TFP_WORDS], w_was[TFP_WORDS], mask = 0;
	fpu_words(now, w_now);
	fpu_words(was, w_was);
	for (unsigned k = 0; k < 8; k++) {
		mask |= (uint32_t)(now->sign_exp[k] != was->sign_exp[k] ||
				   now->signif[k][0] != was->signif[k][0] ||
				   now->signif[k][1] != was->signif[k][1]) << (TFP_R0 + k);
		mask |= (uint32_t)(memcmp(now->xmm[k], was->xmm[k], 16) != 0) << (TFP_XMM0 + k);
	}
	for (unsigned k = 0; k < TFP_WORDS; k++)
		mask |= (uint32_t)(w_now[k] != w_was[k]) << (TFP_FCW + k);
	if (!mask)
		return p;
	*flags |= TR_INSN_FPU;
	p = put_varint32(p, mask);
	for (uint32_t m = mask; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		if (k < TFP_XMM0) {
			memcpy(p, now->signif[k - TFP_R0], 8);
			memcpy(p + 8, &now->sign_exp[k - TFP_R0], 2);
			p += 10;
		} else if (k < TFP_FCW) {
			memcpy(p, now->xmm[k - TFP_XMM0], 16);
			p += 16;
		} else {
			p = put_varint32(p, w_now[k - TFP_FCW] ^ w_was[k - TFP_FCW]);
		}
	}
	e->fpu = *now;
	return p;
}

/* A step record at in: an instruction record at p.  Returns the log
 * after the record; *out is moved past what was written. */
ENCODE_INLINE const uint8_t *write_step(struct trace_encoder *e, struct code_slot *slots,
					struct hot *h, const uint8_t *in, uint8_t **out)
{
	struct cpu_log_step r;
	memcpy(&r, in, sizeof(r));
	in += sizeof(r);
	uint8_t *head = *out, *p = head + 1;
	unsigned flags = TR_INSN;
	uint32_t off = h->block.off;
	h->block.off = off + r.len;
	const struct block_memo *memo = h->block.memo;
	if (!h->following || off + r.len > memo->end || memo->misses != h->misses)
		p = place_step(e, slots, h, off, r.len, &flags, p);
	uint32_t eflags = h->eflags;
	if (r.writes & CPU_WRITES_FLAGS) {
		memcpy(&eflags, in, 4);
		in += 4;
	}
	/* The masks, then the changed values (XOR with the old), in field
	 * order: general registers, EFLAGS, the others.  The registers'
	 * mask goes before the others' and is known only once their values
	 * are written: a byte is kept for it, and taken out again when no
	 * register changed. */
	uint32_t others = 0;
	if (__builtin_expect(!h->other_dirty, 1)) {
		uint8_t *gprs_at = p;
		p += (r.writes & 0xFF) != 0;
		unsigned gprs = put_gprs(h, r.writes, &in, &p);
		if (gprs) {
			flags |= TR_INSN_GPRS;
			*gprs_at = (uint8_t)gprs;
		} else {
			p = gprs_at; /* no value was written either */
		}
	} else {
		h->other_dirty = false;
		others = others_changed(e);
		uint8_t *gprs_at = p;
		if (r.writes & 0xFF)
			p++;
		uint8_t *others_at = p;
		if (others) {
			flags |= TR_INSN_OTHER;
			p = put_varint32(p, others);
		}
		unsigned gprs = put_gprs(h, r.writes, &in, &p);
		if (gprs) {
			flags |= TR_INSN_GPRS;
			*gprs_at = (uint8_t)gprs;
		} else if (r.writes & 0xFF) {
			for (uint8_t *q = others_at; q < p; q++)
				q[-1] = *q; /* at most the others' mask: a few bytes */
			p--;
		}
	}
	uint32_t eflags_x = eflags ^ h->eflags;
	h->eflags = eflags;
	if (eflags_x) {
		flags |= TR_INSN_EFLAGS;
		p = put_varint32(p, eflags_x);
	}
	if (__builtin_expect(others != 0, 0)) {
		for (uint32_t m = others; m; m &= m - 1) {
			unsigned k = (unsigned)__builtin_ctz(m);
			p = put_varint32(p, e->now_other[k] ^ e->other[k]);
			e->other[k] = e->now_other[k];
		}
	}
	if (__builtin_expect(h->fpu_dirty, 0)) {
		h->fpu_dirty = false;
		p = put_fpu(e, p, &flags);
	}
	*head = (uint8_t)flags;
	*out = p;
	return in;
}

/* The event kinds are written as their numbers (docs/TRACE-FORMAT.md). */
_Static_assert(CPU_EV_EXCEPTION == 3 && CPU_EV_INTERRUPT == 4 && CPU_EV_SMI == 5 &&
	       CPU_EV_RSM == 6 && CPU_EV_SHUTDOWN == 7 && CPU_EV_INIT == 9,
	       "trace event numbers");

/* Any other record at in: a write, port or event record at p (reads are
 * a debugger's, not part of a trace).  Returns where p ends. */
static uint8_t *write_event(const struct cpu_log_event *ev, uint8_t *p)
{
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
		*p++ = (uint8_t)((ev->size & ~CPU_LOG_OUT) | (ev->size & CPU_LOG_OUT ? 0x10 : 0));
		p = put_varint32(p, ev->address);
		p = put_varint32(p, ev->value);
		break;
	case CPU_EV_READ:
		break;
	default:
		*p++ = TR_EVENT;
		*p++ = ev->kind;
		*p++ = ev->vector;
		break;
	}
	return p;
}

size_t trace_encode(struct trace_encoder *e, const uint8_t **inp, const uint8_t *end,
		    uint8_t *out, size_t room)
{
	const uint8_t *in = *inp;
	uint8_t *p = out, *last = out + room - TRACE_ENCODE_MAX;
	struct code_slot *slots = e->code;
	struct hot h = e->hot;
	uint64_t steps = 0;
	while (in < end && p <= last) {
		/* Steps first: most records are. */
		if (*in == CPU_LOG_STEP) {
			in = write_step(e, slots, &h, in, &p);
			steps++;
		} else if (*in == CPU_LOG_REPEAT) {
			/* The last step's instruction again: back to it. */
			stop_following(&h);
			h.block.off -= in[1];
			in = write_step(e, slots, &h, in, &p);
			steps++;
		} else if (*in == CPU_LOG_BLOCK) {
			in = take_block(e, &h, in);
		} else if (*in == CPU_LOG_FPU) {
			memcpy(&e->now_fpu, in, sizeof(e->now_fpu));
			h.fpu_dirty = true;
			in += sizeof(struct cpu_log_fpu);
		} else if (*in == CPU_LOG_STATE) {
			take_state(e, (const struct cpu_log_state *)(const void *)in);
			h.other_dirty = true;
			stop_following(&h);
			in += sizeof(struct cpu_log_state);
		} else {
			p = write_event((const struct cpu_log_event *)(const void *)in, p);
			in += sizeof(struct cpu_log_event);
		}
	}
	h.steps += steps;
	e->hot = h;
	*inp = in;
	return (size_t)(p - out);
}
