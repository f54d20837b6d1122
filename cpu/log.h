/* The raw log (struct cpu_events' log): its records' layout and the
 * functions that write them, for the CPU and for a listener that passes
 * events on (trace/write.c).
 *
 * The log is for a listener that takes every instruction and cannot
 * afford a call for each (the trace recorder, which encodes on another
 * thread).  The CPU appends records to [pos, end) itself and calls full()
 * when fewer than CPU_LOG_ROOM bytes are left there; full() takes the
 * records written since the last call (from where it last set pos) and
 * sets pos and end to fresh room.  Records are a multiple of 4 bytes,
 * 4-byte aligned (so is pos), and start with their kind byte: one of
 * enum cpu_log_kind or, for the other events, enum cpu_event_kind.
 *
 * An instruction is a block record, when the CPU starts on a run of
 * decoded code, and a step record for each instruction of the run: the
 * k-th step after a block record is the block's k-th instruction (a
 * repeat record, for each further iteration of a REP, is the last one's
 * again).  So a block of five instructions costs its bytes once, and each
 * instruction only the registers it may have changed.  One log serves one
 * CPU. */
#ifndef SMMBOX_CPU_LOG_H
#define SMMBOX_CPU_LOG_H

#include <stddef.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/events.h"
#include "cpu/lazy_flags.h"

/* Enough for a block's records: a state record, its block record and a
 * state, an FPU and a step record for each of its instructions (at most
 * 64 of at most 15 bytes).  The CPU makes room at each block's start (the steps
 * after it need none) and before each other record. */
#define CPU_LOG_ROOM 32768

enum cpu_log_kind {
	CPU_LOG_STATE = 16,
	CPU_LOG_BLOCK,
	CPU_LOG_STEP,
	CPU_LOG_REPEAT,  /* a step record of the last step's instruction again */
	CPU_LOG_FPU,
};

/* The segment selectors, CS.base, CR0/CR3/CR4 and SMM: a state record
 * comes before a step when one of them differs from the last state
 * record (all 0 before the first). */
struct cpu_log_state {
	uint8_t kind;
	bool smm;
	uint16_t sel[S_COUNT];
	uint32_t cr0, cr3, cr4, cs_base;
};

/* The x87, MMX and SSE state, packed without padding: an FPU record
 * comes before a step when the state differs from the last FPU record
 * (all 0 before the first).  It is compared only where the instruction
 * before may have changed it (CPU_WRITES_FPU in its writes: the x87, MMX
 * and SSE instructions, and CPU_WRITES_ALL after anything else that
 * happened), so code without them pays one bit test a step.  tag is the
 * abridged tag word (FXSAVE's: bit k set when R_k is not empty); the
 * physical registers R0-R7 are signif (low, high) and sign_exp. */
struct cpu_log_fpu {
	uint8_t kind;
	uint8_t tag;
	uint16_t control, status, opcode, cs, ds;
	uint32_t ip, dp, mxcsr;
	uint32_t signif[8][2];
	uint16_t sign_exp[8];
	uint8_t xmm[8][16];
};

_Static_assert(sizeof(struct cpu_log_fpu) == 232, "the FPU record has no padding");

/* Where the steps that follow are fetched from: the first one's EIP and
 * physical address, the fetch's view and code size, and the bytes of
 * them all.  A block of decoded code has an id (never 0) and sends its
 * bytes only when they are not in the slot of that id (id modulo
 * CPU_LOG_BLOCK_SLOTS) already: the CPU keeps the ids of the slots
 * (struct cpu_log), the reader the bytes.  A block with bytes has a
 * uint32_t count of them after the record, then the bytes, then up to 3
 * of padding.  The id is in halves: records are only 4-byte aligned. */
#define CPU_LOG_BLOCK_SLOTS 1024

struct cpu_log_block {
	uint8_t kind;
	uint8_t view;
	bool code32;
	bool has_bytes;
	uint32_t eip, physical;
	uint32_t id_lo, id_hi;
};

/* An instruction of the block is about to execute: its length and the
 * state before it, as far as the instruction before may have changed it
 * (writes, a CPU_WRITES_* mask): with CPU_WRITES_FLAGS a uint32_t EFLAGS
 * (computed from the flag state here, which spares the reader that work
 * and the log the flag state), then a uint32_t for each general register
 * in the mask, in register order.  Where anything may have changed, the
 * mask is CPU_WRITES_ALL: all of them (the reader keeps what it needs of
 * them). */
struct cpu_log_step {
	uint8_t kind;
	uint8_t len;
	uint16_t writes;
};

/* Any other event: the fields of struct cpu_event it has. */
struct cpu_log_event {
	uint8_t kind, vector;
	uint8_t size;                /* CPU_LOG_OUT or'ed in for an OUT */
	uint8_t view;
	uint32_t address, physical, value;
};

#define CPU_LOG_OUT 0x80

/* The size of a block record with nbytes of bytes, if it has them. */
static inline size_t cpu_log_block_size(bool has_bytes, uint32_t nbytes)
{
	return has_bytes ? (sizeof(struct cpu_log_block) + 4 + nbytes + 3) & ~(size_t)3
			 : sizeof(struct cpu_log_block);
}

struct cpu_log {
	uint8_t *pos, *end;
	void (*full)(void *opaque, struct cpu_log *log);
	void *opaque;
	/* The CPU's: the last state record, the CPU's count of state
	 * changes when it was checked, the last FPU record, and the block ids
	 * whose bytes were sent (by slot). */
	struct cpu_log_state state;
	uint32_t state_changes;
	struct cpu_log_fpu fpu;
	uint64_t block_ids[CPU_LOG_BLOCK_SLOTS];
};

/* Make room for one more call's records. */
static inline void cpu_log_reserve(struct cpu_log *log)
{
	if (__builtin_expect((size_t)(log->end - log->pos) < CPU_LOG_ROOM, 0))
		log->full(log->opaque, log);
}

/* A state record, when the CPU's differs from the last one. */
static inline void cpu_log_state(struct cpu_log *log, const struct cpu *cpu)
{
	struct cpu_log_state *s = &log->state;
	uint32_t d = (cpu->cr0 ^ s->cr0) | (cpu->cr3 ^ s->cr3) | (cpu->cr4 ^ s->cr4) |
		     (cpu->seg[S_CS].base ^ s->cs_base) | (uint32_t)(cpu->smm ^ s->smm);
#pragma GCC unroll 8
	for (unsigned k = 0; k < S_COUNT; k++)
		d |= (uint32_t)(cpu->seg[k].sel ^ s->sel[k]);
	if (__builtin_expect(d == 0, 1))
		return;
	s->kind = CPU_LOG_STATE;
	s->smm = cpu->smm;
	for (unsigned k = 0; k < S_COUNT; k++)
		s->sel[k] = cpu->seg[k].sel;
	s->cr0 = cpu->cr0;
	s->cr3 = cpu->cr3;
	s->cr4 = cpu->cr4;
	s->cs_base = cpu->seg[S_CS].base;
	memcpy(log->pos, s, sizeof(*s));
	log->pos += sizeof(*s);
}

/* An FPU record, when the CPU's x87, MMX and SSE state differs from the
 * last one; room made. */
static inline void cpu_log_fpu(struct cpu_log *log, const struct cpu *cpu)
{
	struct cpu_log_fpu r = { .kind = CPU_LOG_FPU, .tag = (uint8_t)~cpu->fpu.empty,
				 .control = cpu->fpu.control, .status = cpu->fpu.status,
				 .opcode = cpu->fpu.opcode, .cs = cpu->fpu.cs, .ds = cpu->fpu.ds,
				 .ip = cpu->fpu.ip, .dp = cpu->fpu.dp, .mxcsr = cpu->sse.mxcsr };
	for (unsigned k = 0; k < 8; k++) {
		r.signif[k][0] = (uint32_t)cpu->fpu.st[k].signif;
		r.signif[k][1] = (uint32_t)(cpu->fpu.st[k].signif >> 32);
		r.sign_exp[k] = cpu->fpu.st[k].sign_exp;
		memcpy(r.xmm[k], cpu->sse.xmm[k].b, 16);
	}
	if (memcmp(&r, &log->fpu, sizeof(r)) == 0)
		return;
	log->fpu = r;
	memcpy(log->pos, &r, sizeof(r));
	log->pos += sizeof(r);
}

/* A block record for nbytes of code at bytes, the block's id or 0. */
static inline void cpu_log_block(struct cpu_log *log, uint8_t view, bool code32, uint32_t eip,
				 uint32_t physical, uint64_t id, const uint8_t *bytes,
				 uint32_t nbytes)
{
	struct cpu_log_block *r = (struct cpu_log_block *)(void *)log->pos;
	uint64_t *sent = &log->block_ids[id % CPU_LOG_BLOCK_SLOTS];
	bool has_bytes = id == 0 || *sent != id;
	*r = (struct cpu_log_block){ .kind = CPU_LOG_BLOCK, .view = view, .code32 = code32,
				     .has_bytes = has_bytes, .eip = eip, .physical = physical,
				     .id_lo = (uint32_t)id, .id_hi = (uint32_t)(id >> 32) };
	if (has_bytes) {
		memcpy(r + 1, &nbytes, 4);
		memcpy((uint8_t *)(r + 1) + 4, bytes, nbytes);
		if (id)
			*sent = id;
	}
	log->pos += cpu_log_block_size(has_bytes, nbytes);
}

/* A block record without bytes, for a block whose bytes were sent (its
 * id is in its slot); room made. */
static inline void cpu_log_known_block(struct cpu_log *log, uint8_t view, bool code32,
				       uint32_t eip, uint32_t physical, uint64_t id)
{
	/* Field by field as four stores (a compound literal is zeroed first
	 * and then filled a byte at a time). */
	_Static_assert(offsetof(struct cpu_log_block, eip) == 4 &&
			       offsetof(struct cpu_log_block, physical) == 8 &&
			       offsetof(struct cpu_log_block, id_lo) == 12 &&
			       offsetof(struct cpu_log_block, id_hi) == 16 &&
			       sizeof(struct cpu_log_block) == 20,
		       "the block record's layout");
	uint8_t *p = log->pos;
	uint32_t head = CPU_LOG_BLOCK | (uint32_t)view << 8 | (uint32_t)code32 << 16;
	memcpy(p, &head, 4); /* has_bytes 0 */
	memcpy(p + 4, &eip, 4);
	memcpy(p + 8, &physical, 4);
	memcpy(p + 12, &id, 8); /* id_lo, id_hi: little-endian */
	log->pos = p + sizeof(struct cpu_log_block);
}

/* Inlined even where it grows the caller: the hooks run it for every
 * instruction. */
#define CPU_LOG_INLINE static inline __attribute__((always_inline))

/* A step record (kind CPU_LOG_STEP or CPU_LOG_REPEAT) of len bytes, the
 * registers in writes read from cpu (CPU_WRITES_ALL: all of them and
 * EFLAGS).  They are read one field at a time, as the CPU has just
 * stored them: a wider load would wait for those stores to complete
 * (volatile keeps the compiler from merging the loads). */
CPU_LOG_INLINE void cpu_log_step_of(struct cpu_log *log, const struct cpu *cpu, uint8_t kind,
				    uint8_t len, unsigned writes)
{
	const volatile uint32_t *reg = cpu->reg;
	uint8_t *head = log->pos, *p = head + sizeof(struct cpu_log_step);
	if (writes & CPU_WRITES_FLAGS) {
		uint32_t e = lazy_flags_eflags(cpu->eflags, &cpu->lf);
		memcpy(p, &e, 4);
		p += 4;
	}
	const struct cpu_log_step r = { .kind = kind, .len = len, .writes = (uint16_t)writes };
	memcpy(head, &r, sizeof(r));
	for (unsigned m = writes & 0xFF; m; m &= m - 1) {
		unsigned k = (unsigned)__builtin_ctz(m);
		uint32_t v = reg[k];
		memcpy(p, &v, 4);
		p += 4;
	}
	log->pos = p;
}

CPU_LOG_INLINE void cpu_log_step(struct cpu_log *log, const struct cpu *cpu, uint8_t len,
				 unsigned writes)
{
	cpu_log_step_of(log, cpu, CPU_LOG_STEP, len, writes);
}

/* An event record (anything but an instruction); room made. */
static inline void cpu_log_event(struct cpu_log *log, enum cpu_event_kind kind, uint8_t vector,
				 uint8_t size, uint8_t view, uint32_t address, uint32_t physical,
				 uint32_t value)
{
	struct cpu_log_event *r = (struct cpu_log_event *)(void *)log->pos;
	*r = (struct cpu_log_event){ .kind = (uint8_t)kind, .vector = vector, .size = size,
				     .view = view, .address = address, .physical = physical,
				     .value = value };
	log->pos += sizeof(*r);
}

/* The records for one event, as the CPU writes them (an instruction
 * event as a block of one instruction, its state read from cpu). */
static inline void cpu_log_append(struct cpu_log *log, const struct cpu *cpu,
				  const struct cpu_event *ev)
{
	cpu_log_reserve(log);
	if (ev->kind == CPU_EV_INSN) {
		cpu_log_state(log, cpu);
		cpu_log_fpu(log, cpu);
		cpu_log_block(log, ev->view, ev->code32, ev->eip, ev->physical, 0, ev->bytes,
			      ev->len);
		cpu_log_step(log, cpu, ev->len, CPU_WRITES_ALL);
		return;
	}
	cpu_log_event(log, ev->kind, ev->vector,
		      (uint8_t)(ev->size | (ev->is_write ? CPU_LOG_OUT : 0)), ev->view,
		      ev->address, ev->physical, ev->value);
}

#endif
