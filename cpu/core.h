/* Private to cpu/: the decoded-instruction record, handler conventions,
 * the core's caches and the helpers every handler file shares. */
#ifndef SMMBOX_CPU_CORE_H
#define SMMBOX_CPU_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "cpu/log.h"
#include "cpu/smm.h"

#define likely(x) __builtin_expect(!!(x), 1)
/* For the small helpers on every instruction's path. */
#define CPU_INLINE static inline __attribute__((always_inline))
#define unlikely(x) __builtin_expect(!!(x), 0)

struct insn;

/* Handlers return what the executor does next:
 *  R_NEXT  - completed; EIP advances by the instruction's length;
 *  R_STOP  - completed; EIP advances, and the block ends (the instruction
 *            may have made an interrupt or SMI pending, or changed a mode);
 *  R_JUMP  - completed; the handler set EIP itself; the block ends;
 *  R_FAULT - an exception was raised with raise_fault(); nothing of the
 *            instruction's result is committed and EIP still points at it. */
enum { R_NEXT = 0, R_STOP, R_JUMP, R_FAULT };

typedef int (*cpu_handler)(struct cpu *cpu, const struct insn *i);

#define NOREG 0xFF

/* A hook record's own fields (block.h), where an instruction's record
 * has its operands: the hook runs before the instruction in the record
 * after it. */
struct insn_hook {
	uint32_t writes;   /* what that instruction may write (insn_writes()) */
	uint16_t offset;   /* that instruction's offset in the block's bytes */
	uint16_t index;    /* the hook record's own index in the block's insns[] */
};

/* A decoded instruction.  Operand size is 1, 2 or 4 bytes; the memory
 * operand's effective address is disp + base + (index << scale), cut to
 * 16 bits without addr32. */
struct insn {
	cpu_handler fn;
	union {
		struct {
			uint32_t disp;
			uint32_t imm;
		};
		struct insn_hook hook; /* a hook record's, instead */
	};
	uint16_t imm2;   /* far pointer selector, ENTER nesting level */
	uint8_t len;
	uint8_t osize;   /* operand size in bytes */
	uint8_t addr32;
	uint8_t seg;     /* segment of the memory operand */
	uint8_t mod, reg, rm;
	uint8_t base, index, scale;
	uint8_t rep;     /* 0, 0xF2 (REPNE) or 0xF3 (REP/REPE) */
	uint8_t op;      /* the opcode byte (second byte for 0F xx) */
	uint8_t writes;  /* what it may write: enum insn_writes_kind */
	uint8_t code32;  /* decoded for a 32-bit code segment (EIP not IP) */
};

_Static_assert(sizeof(struct insn) <= 32, "a block's records stay within half a cache line");

CPU_INLINE bool insn_is_mem(const struct insn *i) { return i->mod != 3; }

/* What an instruction may write, as its opcode table entry says
 * (optable.c), for insn_writes() to make a mask of with the operands.
 * Only instructions whose writes are simple have a kind of their own;
 * every other one is W_ALL. */
enum insn_writes_kind {
	W_ALL,           /* anything */
	W_NONE,
	W_FLAGS,
	W_RM,            /* the r/m register when mod == 3 */
	W_RM_BYTE,       /* the same, always a byte register (SETcc) */
	W_REG,           /* the ModRM.reg register */
	W_REG_RM,        /* both (XCHG) */
	W_OPREG,         /* the register in the opcode's low three bits */
	W_EAX_OPREG,     /* XCHG eAX, r */
	W_ESP,
	W_ESP_OPREG,     /* POP r */
	W_ESP_RM,        /* POP r/m */
	W_ESP_EBP,       /* LEAVE */
	W_EAX,
	W_EDX,
	W_ECX,           /* LOOP */
	W_EAX_EDX,       /* MUL, DIV */
	W_STRING,        /* the string instructions: eAX, eCX, eSI, eDI */
	W_KIND_MASK = 31,
	W_AND_FLAGS = 32, /* or'ed in: EFLAGS too */
	W_FPU = 64        /* or'ed in by the decoder: the x87, MMX or SSE state */
};

/* The registers a decoded instruction may write (writes.c): the mask of
 * cpu_insn_writes(). */
unsigned insn_writes(const struct insn *i);

CPU_INLINE uint32_t insn_ea(const struct cpu *cpu, const struct insn *i)
{
	uint32_t a = i->disp;
	if (i->base != NOREG)
		a += cpu->reg[i->base];
	if (i->index != NOREG)
		a += cpu->reg[i->index] << i->scale;
	return i->addr32 ? a : (a & 0xFFFF);
}

/* ---- state shared by the core's files ---- */

#define TLB_SIZE 256

/* One software-TLB entry: a linear page mapped to host memory.  tag is
 * the linear page address with the flush epoch it was filled in, in the
 * low 12 bits: a flush is one increment of the epoch (tlb_tag()). */
struct tlb_entry {
	uint32_t tag;
	uint32_t paddr;     /* physical page */
	uintptr_t addend;   /* host = linear + addend */
};

#define TLB_INVALID 0u      /* no epoch is 0 */
#define TLB_EPOCHS  0x1000u

/* Separate tables for reads, writes and fetches, one set per view, so
 * that a copy between two pages does not make them evict each other.
 * While instruction events are wanted, write entries go to
 * TLB_TRACED_WRITE instead, which only mmu_write_traced() reads: every
 * write then reaches it, to be reported, without a page lookup. */
enum tlb_kind { TLB_READ, TLB_WRITE, TLB_FETCH, TLB_TRACED_WRITE, TLB_KINDS };

CPU_INLINE unsigned tlb_index(uint32_t lin)
{
	return ((lin >> 12) ^ (lin >> 20)) % TLB_SIZE;
}

struct cpu;
CPU_INLINE uint32_t tlb_tag(const struct cpu *cpu, uint32_t lin);

struct block;

#define JUMP_CACHE_SIZE 1024

/* The block last run at a linear address; valid while generation equals
 * the core's jc_generation (bumped by TLB flushes and code invalidation). */
struct jump_cache_entry {
	uint64_t key;        /* jump_cache_key() */
	uint64_t generation;
	struct block *block;
};

/* A block is found again by linear address, code size and code view. */
CPU_INLINE uint64_t jump_cache_key(uint32_t lin, bool code32, unsigned view)
{
	return lin | ((uint64_t)code32 << 32) | ((uint64_t)view << 33);
}

/* Where offsets in a segment may go: [lo, hi], and SEGACC_* rights. */
struct cpu_segacc {
	uint32_t lo, hi;
	uint8_t rw;
};

#define LARGE_PAGES_KEPT 8

struct cpu_core {
	/* Views for the current mode: normal, or SMM code/data. */
	enum bus_view code_view, data_view;
	uint32_t bus_generation;
	struct tlb_entry tlb[BUS_VIEW_COUNT][TLB_KINDS][TLB_SIZE];
	struct tlb_entry *rtlb, *wtlb; /* tlb[data_view][TLB_READ/TLB_WRITE] */
	uint32_t tlb_epoch;            /* 1 .. TLB_EPOCHS-1 */
	struct cpu_segacc segacc[S_COUNT];
	uint32_t a20_mask;

	/* Exception being raised by the current instruction. */
	uint8_t exc_vector;
	bool exc_has_error;
	uint32_t exc_error;
	int exc_depth; /* contributory nesting for #DF and shutdown */
	uint64_t fault_loop_icount; /* faults delivered at this icount ... */
	unsigned fault_loop;        /* ... so far (cpu_deliver_fault()) */

	uint64_t inhibit_icount; /* interrupts blocked while icount equals it */
	uint64_t stop_at;        /* the running chain (and a REP) stops when icount reaches it */
	uint64_t budget_end;     /* the caller's end of the run (cpu_shorten_run() may move it) */
	/* Where the run stops: budget_end, or before it pmu.overflow_at, where
	 * cpu_run() settles the counters and goes on (cpu_run_end_changed()). */
	uint64_t run_end;
	bool shutdown;
	bool attention;        /* something for the run loop between blocks */
	uint64_t jc_generation;
	struct jump_cache_entry jc[JUMP_CACHE_SIZE];

	/* Breakpoints (debugreg.c): armed DR0-DR3 by kind, data hits pending. */
	uint8_t debug_exec, debug_data, debug_hits;
	/* The instruction event of hooked blocks (insn_events.c), and the
	 * page it last came from: its TLB tag and physical address. */
	struct cpu_event insn_event;
	uint32_t insn_page_tag, insn_page_paddr;
	/* Counts what may change the state a log's state record holds
	 * (segment loads, mode changes, CR0.TS), for the log's hooks: see
	 * cpu_note_state_change(). */
	uint32_t state_changes;
	/* For the log's hooks: the registers that may have changed since the
	 * last step record (CPU_WRITES_*): each hook leaves its
	 * instruction's, and anything else that changes them (exceptions,
	 * interrupts, SMIs, whatever happens between runs or between blocks
	 * in attend(), an instruction run outside a block) leaves
	 * CPU_WRITES_ALL. */
	unsigned writes_pending;

	/* One instruction at a time: TF or RF set, or a breakpoint armed.
	 * Recomputed between blocks whenever attention is raised. */
	bool step_mode;

	/* SMM bookkeeping (smm.c). */
	struct smm_io_record last_io;
	bool smm_io_restartable;   /* the SMI came right after an I/O insn */
	uint32_t smm_io_eip;       /* that instruction, for I/O restart */
	bool nmi_blocked_before_smm;

	struct block_cache *blocks;
	uint64_t tsc_base;

	/* The CR4 bits the model has (cpu_set_model()): writing any other
	 * raises #GP, and RSM restoring one shuts down. */
	uint32_t cr4_writable;

	/* Derived from CR0/EFLAGS/CS, refreshed by cpu_mode_changed(). */
	bool pm, v86, code32, stack32;
	/* What EIP is masked with after an instruction: 0xFFFF in 16-bit code
	 * whose CS limit is 64 KiB or less, where IP wraps as on the 8086
	 * and 286 (a 386 would fault at the next fetch instead; the 286
	 * corpus checks the wrap), no bits otherwise: 16-bit code under a
	 * 4 GiB limit (SMM, big real mode) runs on above 64 KiB, as EDK2's
	 * SMBASE relocation code does in TSEG. */
	uint32_t ip_mask;
	bool pae;                 /* PAE paging: CR0.PG and CR4.PAE */
	uint64_t pdpte[4];        /* PAE's PDPTEs, loaded at MOV to CR3 (paging.h) */
	/* The linear bases of the large pages (4 MiB, or 2 MiB with PAE)
	 * the TLB holds pieces of since the last flush, for INVLPG to drop
	 * all of such a page; large_count past LARGE_PAGES_KEPT: too many
	 * to know, and INVLPG flushes everything. */
	uint32_t large_pages[LARGE_PAGES_KEPT];
	unsigned large_count;

};

CPU_INLINE uint32_t tlb_tag(const struct cpu *cpu, uint32_t lin)
{
	return (lin & ~0xFFFu) | cpu->core->tlb_epoch;
}

/* Something a log's state record holds (segment selectors, CS.base,
 * CR0/CR3/CR4, SMM) may have changed.  Every change comes through here:
 * segment loads (mmu_segment_changed()), cpu_mode_changed() (which
 * cpu_state_changed() calls), CLTS.  The log's hooks compare the state
 * only then, and at the start of each block. */
CPU_INLINE void cpu_note_state_change(struct cpu *cpu)
{
	cpu->core->state_changes++;
}

/* ---- the event stream (events.h, log.h) ---- */

/* An event to the listener: into its log when it has one, else by a
 * call. */
static inline void cpu_emit_event(const struct cpu *cpu, const struct cpu_event *ev)
{
	if (!cpu->events)
		return;
	if (cpu->events->log)
		cpu_log_append(cpu->events->log, cpu, ev);
	else if (cpu->events->event)
		cpu->events->event(cpu->events->opaque, cpu, ev);
}

static inline void cpu_emit(const struct cpu *cpu, enum cpu_event_kind kind, uint8_t vector)
{
	if (cpu->events) {
		struct cpu_event ev = { .kind = kind, .vector = vector };
		cpu_emit_event(cpu, &ev);
	}
}

/* ---- raising exceptions (except.c) ---- */

static inline int raise_fault(struct cpu *cpu, uint8_t vector)
{
	cpu->core->exc_vector = vector;
	cpu->core->exc_has_error = false;
	return R_FAULT;
}

static inline int raise_fault_err(struct cpu *cpu, uint8_t vector, uint32_t error)
{
	cpu->core->exc_vector = vector;
	cpu->core->exc_has_error = true;
	cpu->core->exc_error = error;
	return R_FAULT;
}

#define GP0(cpu) raise_fault_err(cpu, VEC_GP, 0)
#define UD(cpu) raise_fault(cpu, VEC_UD)

/* Deliver the pending exception (after R_FAULT) or an interrupt. */
void cpu_deliver_fault(struct cpu *cpu);
/* Deliver vector as from INT n (soft: privilege checked against the
 * gate's DPL, return address next_eip), or as a hardware interrupt. */
int cpu_interrupt(struct cpu *cpu, uint8_t vector, bool soft, uint32_t next_eip);
void cpu_hw_interrupt(struct cpu *cpu, uint8_t vector);

/* ---- modes ---- */

/* Every change of the CPL comes through here, so that the performance
 * counters' OS and USR filters follow it (pmu_settle()). */
void cpu_set_cpl(struct cpu *cpu, uint8_t cpl);
/* budget_end or pmu.overflow_at changed: run_end (and the running
 * chain's stop_at) follow.  Between runs, nothing. */
void cpu_run_end_changed(struct cpu *cpu);

void cpu_mode_changed(struct cpu *cpu);
void cpu_tlb_flush(struct cpu *cpu);
void cpu_tlb_flush_page(struct cpu *cpu, uint32_t linear);

CPU_INLINE uint32_t sp_mask(const struct cpu *cpu)
{
	return cpu->core->stack32 ? 0xFFFFFFFFu : 0xFFFFu;
}

#endif
