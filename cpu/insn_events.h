/* Instruction events from decoded code (insn_events.c): what blocks
 * decoded while a listener wants instructions (cpu_tracing()) run before
 * each instruction, to announce it to the listener or write it to its
 * log. */
#ifndef SMMBOX_CPU_INSN_EVENTS_H
#define SMMBOX_CPU_INSN_EVENTS_H

#include "cpu/block.h"
#include "cpu/core.h"

/* The hooks for blocks decoded now: NULL while instruction events are
 * not wanted, else those for the listener's log or, without one, for a
 * call for each event. */
const struct block_hooks *insn_event_hooks(const struct cpu *cpu);

/* The instruction event for the instruction at CS:EIP, about to run
 * outside a block (its bytes read without side effects). */
void insn_event_uncached(struct cpu *cpu);

#endif
