/* The debugger engine: breakpoints on instructions, SMI entry, RSM, port
 * accesses, exceptions, interrupts and CPU mode changes; running to the
 * next stop or for N instructions; and the last events, all on the
 * machine's public state and the CPU's event stream.  Front ends (the
 * command line in debug_cli.c, later the gdb stub and the SDL window)
 * drive it and show what it holds.
 *
 * While attached it listens to every instruction (cpu_tracing()), and
 * passes each event on to the listener that was attached before it (the
 * trace recorder), except an instruction it stops before: that one is
 * passed on when it runs. */
#ifndef SMMBOX_UI_DEBUGGER_H
#define SMMBOX_UI_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/events.h"
#include "ui/machine.h"

enum dbg_break_kind {
	DBG_BREAK_EXEC,       /* an instruction about to execute */
	DBG_BREAK_SMI,        /* SMM entered: stops before the handler's first instruction */
	DBG_BREAK_RSM,        /* SMM left: stops before the first instruction after RSM */
	DBG_BREAK_IO,         /* a port access, after the instruction */
	DBG_BREAK_EXCEPTION,  /* an exception delivered: stops at its handler */
	DBG_BREAK_INTERRUPT,  /* a hardware interrupt or NMI taken */
	DBG_BREAK_MODE,       /* real, protected, v86, paging or SMM changed */
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
	/* DBG_BREAK_EXEC */
	enum dbg_space space;
	uint16_t cs;
	uint32_t addr;
	int view;              /* DBG_PHYSICAL: an enum bus_view, or DBG_ANY_VIEW */
	/* DBG_BREAK_IO: ports lo..hi; direction: 0 IN, 1 OUT, -1 either */
	uint16_t port_lo, port_hi;
	int direction;
	/* DBG_BREAK_EXCEPTION, DBG_BREAK_INTERRUPT */
	int vector;            /* or DBG_ANY_VECTOR */
	uint64_t hits;
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
 * event on).  debugger_free() detaches and puts it back. */
struct debugger *debugger_new(struct machine *m);
void debugger_free(struct debugger *d);

/* Returns the new breakpoint's id (from 1), or -1 when the table is full. */
int debugger_add_break(struct debugger *d, const struct dbg_break *b);
bool debugger_delete_break(struct debugger *d, int id);
/* The breakpoints in the order they were set: n of them at *list. */
const struct dbg_break *debugger_breaks(const struct debugger *d, unsigned *n);

/* Run until a breakpoint, the guest stopping or, with steps non-zero,
 * that many instructions retired.  A breakpoint at the instruction the
 * run starts from does not stop it again. */
void debugger_run(struct debugger *d, uint64_t steps, struct dbg_stop_info *stop);

/* The k-th most recent event (0 the latest); false past the oldest kept. */
bool debugger_event(const struct debugger *d, unsigned k, struct dbg_event *out);

#endif
