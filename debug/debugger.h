/* The debugger engine: breakpoints on instructions, SMI entry, RSM, port
 * accesses, exceptions, interrupts and CPU mode changes; running to the
 * next stop or for N instructions; and the last events, all on the
 * machine's public state and the CPU's event stream.  Front ends (the
 * command line in ui/debug_cli.c, the gdb stub in ui/gdb_stub.c and the
 * window in ui/sdl/) drive it and show what it holds.
 *
 * While attached it listens to every instruction (cpu_tracing()), and
 * passes each event on to the listener that was attached before it (the
 * trace recorder), except an instruction it stops before: that one is
 * passed on when it runs. */
#ifndef SMMBOX_DEBUG_DEBUGGER_H
#define SMMBOX_DEBUG_DEBUGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/events.h"
#include "machine/machine.h"

enum dbg_break_kind {
	DBG_BREAK_EXEC,       /* an instruction about to execute */
	DBG_BREAK_SMI,        /* SMM entered: stops before the handler's first instruction */
	DBG_BREAK_RSM,        /* SMM left: stops before the first instruction after RSM */
	DBG_BREAK_IO,         /* a port access, after the instruction */
	DBG_BREAK_EXCEPTION,  /* an exception delivered: stops at its handler */
	DBG_BREAK_INTERRUPT,  /* a hardware interrupt or NMI taken */
	DBG_BREAK_MODE,       /* real, protected, v86, paging or SMM changed */
	DBG_BREAK_WATCH,      /* a memory access (a watchpoint), after the instruction */
};

/* What a watchpoint watches (bits). */
#define DBG_WATCH_READ  1u
#define DBG_WATCH_WRITE 2u

/* A register a condition can test. */
enum dbg_reg {
	DBG_REG_EAX, DBG_REG_ECX, DBG_REG_EDX, DBG_REG_EBX,
	DBG_REG_ESP, DBG_REG_EBP, DBG_REG_ESI, DBG_REG_EDI,
	DBG_REG_EIP, DBG_REG_EFLAGS,
	DBG_REG_ES, DBG_REG_CS, DBG_REG_SS, DBG_REG_DS, DBG_REG_FS, DBG_REG_GS,
	DBG_REG_CR0, DBG_REG_CR3, DBG_REG_SMBASE,
	DBG_REG_COUNT
};

extern const char *const dbg_reg_names[DBG_REG_COUNT];

enum dbg_op { DBG_EQ, DBG_NE, DBG_LT, DBG_LE, DBG_GT, DBG_GE };

/* A breakpoint stops only while reg OP value holds (unsigned). */
struct dbg_cond {
	bool active;
	enum dbg_reg reg;
	enum dbg_op op;
	uint32_t value;
};

/* Where an execution breakpoint is. */
enum dbg_space {
	DBG_LINEAR,     /* addr is CS.base + EIP */
	DBG_PHYSICAL,   /* addr is the physical address of the fetch */
	DBG_SEGMENTED,  /* cs:addr, CS's selector and EIP */
};

#define DBG_ANY_VIEW (-1)
#define DBG_ANY_VECTOR (-1)

struct dbg_break {
	int id;                /* given by debugger_add_break() */
	enum dbg_break_kind kind;
	/* DBG_BREAK_EXEC, DBG_BREAK_WATCH (not DBG_SEGMENTED) */
	enum dbg_space space;
	uint16_t cs;
	uint32_t addr;
	uint32_t len;          /* DBG_BREAK_WATCH: bytes watched from addr */
	unsigned access;       /* DBG_BREAK_WATCH: DBG_WATCH_* */
	int view;              /* DBG_PHYSICAL: an enum bus_view, or DBG_ANY_VIEW */
	/* DBG_BREAK_IO: ports lo..hi; direction: 0 IN, 1 OUT, -1 either;
	 * with has_value, only that value (a POST code on port 0x80) */
	uint16_t port_lo, port_hi;
	int direction;
	bool has_value;
	uint32_t value;
	/* DBG_BREAK_EXCEPTION, DBG_BREAK_INTERRUPT */
	int vector;            /* or DBG_ANY_VECTOR */
	struct dbg_cond cond;
	uint64_t ignore;       /* hits still to pass over without stopping */
	uint64_t hits;         /* times it was reached with its condition true */
};

/* Why debugger_run() returned. */
enum dbg_stop {
	DBG_STOP_BREAK,   /* a breakpoint: stop.break_id */
	DBG_STOP_STEPS,   /* the instructions asked for have run */
	DBG_STOP_GUEST,   /* the guest stopped: stop.machine says how */
};

struct dbg_stop_info {
	enum dbg_stop why;
	int break_id;
	enum machine_exit machine;
	char detail[160]; /* what was hit, in words */
};

/* The last events kept for `events` (DBG_EVENT_RING of them): all but
 * memory writes. */
#define DBG_EVENT_RING 256

struct dbg_event {
	uint64_t icount;
	struct cpu_event ev;
};

struct debugger;

/* Attach to m's CPU, taking over its listener (kept, and passed every
 * event on), and take the first snapshot: where m is now (power-on, or
 * the start of a fuzzer's execution) is as far back as going back
 * reaches.  cfg is
 * what m was built from (its output sinks are muted while reverse
 * execution replays).  debugger_free() detaches and puts the listener
 * back. */
struct debugger *debugger_new(struct machine *m, const struct board_config *cfg);
void debugger_free(struct debugger *d);

/* Returns the new breakpoint's id (from 1), or -1 when the table is full. */
int debugger_add_break(struct debugger *d, const struct dbg_break *b);
bool debugger_delete_break(struct debugger *d, int id);
/* Pass over the next count hits of breakpoint id; false if there is none. */
bool debugger_ignore_break(struct debugger *d, int id, uint64_t count);
/* Give breakpoint id a condition (an inactive one removes it). */
bool debugger_set_condition(struct debugger *d, int id, const struct dbg_cond *c);
/* The breakpoints in the order they were set: n of them at *list. */
const struct dbg_break *debugger_breaks(const struct debugger *d, unsigned *n);

/* Something else that may stop the run (the SMM checks in strict mode)
 * and says why: a run it stops ends as at a breakpoint (break_id -1), with
 * reason()'s text. */
void debugger_set_stop_reason(struct debugger *d, const char *(*reason)(void *opaque),
			      void *opaque);

/* Bound the whole session to max_insns instructions retired (0, the
 * default: no bound), as --max-insns bounds a plain run: a run that
 * reaches it stops as the guest stopping (DBG_STOP_GUEST, MACHINE_BUDGET),
 * and nothing runs forward after it; going back still works. */
void debugger_set_budget(struct debugger *d, uint64_t max_insns);

/* Run until a breakpoint, the guest stopping or, with steps non-zero,
 * that many instructions retired.  A breakpoint at the instruction the
 * run starts from does not stop it again.  Once the guest has ended
 * (halted, shut down, reset), nothing runs any more. */
void debugger_run(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop);
/* The same, going on from where a run stopped by its step count: no
 * instruction is passed over (a front end running in slices). */
void debugger_run_on(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop);
/* Run until the instruction at linear address lin is about to execute
 * (or another stop). */
void debugger_run_to(struct debugger *d, uint32_t lin, struct dbg_stop_info *stop);
/* One instruction, except that a CALL, an INT or a REP string instruction
 * runs to the instruction after it. */
void debugger_step_over(struct debugger *d, struct dbg_stop_info *stop);
/* Run until the current routine returns: the first instruction after a
 * RET, RETF or IRET that leaves ESP above where it is now. */
void debugger_step_out(struct debugger *d, struct dbg_stop_info *stop);

/* Reverse execution.  A run is deterministic, so going back restores the
 * latest snapshot before the target and runs again from there,
 * breakpoints off and output muted.  Snapshots of the whole machine are
 * taken at power-on and every million instructions of the run; when 32
 * are kept, every other one goes and the interval doubles, so memory
 * stays under 33 times the guest RAM (and the board's few hundred KiB)
 * and a replay under two intervals.  Not while another listener (a trace
 * being recorded, the SMM checks) is attached, which would see the
 * replayed instructions again; then, or at power-on, they return false
 * with the reason in stop->detail.  "Power-on" below means the start
 * (debugger_new()) when the session began later. */

/* The instruction index going back reaches: where debugger_new() found
 * the machine. */
uint64_t debugger_start(const struct debugger *d);

/* Go to instruction index n: forward by running (stopping at
 * breakpoints), backward by running again from power-on to n. */
bool debugger_goto(struct debugger *d, uint64_t n, struct dbg_stop_info *stop);
/* Back to before the instruction that retired last. */
bool debugger_reverse_step(struct debugger *d, struct dbg_stop_info *stop);
/* Where going back stops for a watchpoint. */
enum dbg_back {
	/* Where going forward stopped: after the instruction that made the
	 * access (the command line, the window). */
	DBG_BACK_AFTER_ACCESS,
	/* Before that instruction, as gdb's reverse execution has it: going
	 * back, undoing the instruction undoes the access, so the access made
	 * by the instruction just before here is found too. */
	DBG_BACK_BEFORE_ACCESS,
};
/* Back to the last place before this one where a breakpoint stopped the
 * run, or would have (its condition held; ignore counts do not apply),
 * a watchpoint's place as back says, or to power-on when there is none
 * (stop->why is then DBG_STOP_STEPS). */
bool debugger_reverse_continue(struct debugger *d, enum dbg_back back,
			       struct dbg_stop_info *stop);

/* Raise an SMI (the chipset's SMI# pin), taken before the next
 * instruction; going back and forward again raises it at the same
 * instruction.  Raised after going back, it starts a new run from here:
 * SMIs raised later and snapshots taken later are forgotten.  False, with
 * the reason in why, when the guest has ended or too many were raised. */
bool debugger_raise_smi(struct debugger *d, char *why, size_t size);

/* The snapshots kept: how many, the memory they take, the interval now. */
void debugger_snapshots(const struct debugger *d, unsigned *count, uint64_t *bytes,
			uint64_t *interval);

/* The k-th most recent event (0 the latest); false past the oldest kept. */
bool debugger_event(const struct debugger *d, unsigned k, struct dbg_event *out);

#endif
