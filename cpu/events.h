/* The CPU's event stream: SMI entry, RSM, exceptions, interrupts and
 * shutdown, delivered to one listener (the trace recorder, the debugger
 * and the statistics hang off it in ui/).  Events are emitted after the
 * CPU state reflects them: an SMI event sees the SMM entry state. */
#ifndef SMMBOX_CPU_EVENTS_H
#define SMMBOX_CPU_EVENTS_H

#include "cpu/cpu.h"

enum cpu_event_kind {
	CPU_EV_SMI,        /* entered SMM */
	CPU_EV_RSM,        /* left SMM */
	CPU_EV_EXCEPTION,  /* vector: the exception being delivered */
	CPU_EV_INTERRUPT,  /* vector: a hardware interrupt or NMI */
	CPU_EV_SHUTDOWN,
};

struct cpu_event {
	enum cpu_event_kind kind;
	uint8_t vector;
};

struct cpu_events {
	void (*event)(void *opaque, const struct cpu *cpu, const struct cpu_event *ev);
	void *opaque;
};

static inline void cpu_emit(const struct cpu *cpu, enum cpu_event_kind kind, uint8_t vector)
{
	if (cpu->events && cpu->events->event) {
		struct cpu_event ev = { kind, vector };
		cpu->events->event(cpu->events->opaque, cpu, &ev);
	}
}

#endif
