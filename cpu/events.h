/* The CPU's event stream: instructions retired, memory writes, port I/O,
 * exceptions, interrupts, SMI entry, RSM and shutdown, delivered to one
 * listener (the trace recorder in trace/, or a chain of them: the debugger
 * and the SMM checks in debug/ pass every event on to the one they were
 * put in front of).  An instruction event comes before the instruction
 * executes, with the CPU showing the state before it (as QEMU's -d cpu log
 * does), so a faulting instruction has one too, followed by its exception
 * event; the other events come after the state reflects them (an SMI event
 * sees the SMM entry state).
 *
 * Cost: with no listener, nothing.  With a listener that wants
 * instructions (want_insns), the blocks decoded from then on send an
 * instruction event before each instruction (insn_events.c), a REP
 * yields after each iteration, and writes keep off the TLB's inline fast
 * path so that every one is seen (mmu.c); the other events are emitted
 * where they happen anyway.  Attach or detach a listener only between
 * runs, then call cpu_state_changed().
 *
 * A listener may stop the run (cpu_request_exit()): from an instruction
 * event, before that instruction, which then does not execute and is
 * announced again when the run goes on; from the other events, once the
 * instruction that caused them is complete (after an SMI event, before
 * the handler's first instruction). */
#ifndef SMMBOX_CPU_EVENTS_H
#define SMMBOX_CPU_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

enum cpu_event_kind {
	CPU_EV_INSN,       /* an instruction is about to execute */
	CPU_EV_WRITE,      /* a memory write by the CPU */
	CPU_EV_IO,         /* a port access */
	CPU_EV_EXCEPTION,  /* vector: the exception being delivered */
	CPU_EV_INTERRUPT,  /* vector: a hardware interrupt or NMI */
	CPU_EV_SMI,        /* entered SMM; vector: enum cpu_smi_source */
	CPU_EV_RSM,        /* left SMM */
	CPU_EV_SHUTDOWN,
	CPU_EV_READ,       /* a memory read by an instruction (want_reads only) */
	CPU_EV_INIT,       /* INIT taken: the CPU starts again at F000:FFF0 */
};

struct cpu_event {
	enum cpu_event_kind kind;
	uint8_t vector;
	/* CPU_EV_INSN: where it was fetched and its bytes. */
	uint16_t cs;
	uint32_t eip, linear, physical;
	uint8_t view;          /* enum bus_view of the fetch / the access */
	bool code32;           /* CPU_EV_INSN: decoded as 32-bit code */
	uint8_t len;
	uint8_t bytes[15];
	/* CPU_EV_WRITE, CPU_EV_READ and CPU_EV_IO. */
	uint32_t address;      /* linear address, or the port */
	uint32_t value;
	uint8_t size;
	bool is_write;         /* CPU_EV_IO: OUT rather than IN */
};

struct cpu_log;

struct cpu_events {
	void (*event)(void *opaque, const struct cpu *cpu, const struct cpu_event *ev);
	void *opaque;
	/* When set, the CPU appends its events here (cpu/log.h) and does
	 * not call event() (which a listener keeps for listeners in front of
	 * it that pass events on: cpu_log_append() does what the CPU
	 * would). */
	struct cpu_log *log;
	bool want_insns;       /* instruction and write events too */
	/* Read events too: every data read leaves the TLB's fast path, so
	 * only while something watches reads (the debugger's read
	 * watchpoints).  Call cpu_state_changed() after changing it. */
	bool want_reads;
	/* want_insns and want_reads apply in SMM only (the SMM checks): the
	 * CPU runs at full speed outside. */
	bool smm_only;
};

/* Whether instruction-level events are wanted (the core checks this when
 * choosing its mode; call cpu_state_changed() after attaching). */
static inline bool cpu_tracing(const struct cpu *cpu)
{
	return cpu->events && cpu->events->want_insns && (!cpu->events->smm_only || cpu->smm);
}

static inline bool cpu_watching_reads(const struct cpu *cpu)
{
	return cpu->events && cpu->events->want_reads && (!cpu->events->smm_only || cpu->smm);
}

#endif
