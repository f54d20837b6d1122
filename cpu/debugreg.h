/* Debug registers (SDM Vol.3B ch.17): instruction and data breakpoints
 * from DR0-DR3/DR7, single-step, general detect, reported in DR6.
 *
 * While any breakpoint is armed the run loop goes one instruction at a
 * time (the cost is paid only then): instruction breakpoints are checked
 * before an instruction (a fault; EFLAGS.RF suppresses it once), data
 * breakpoints are noted by the memory slow path - armed pages never get
 * TLB entries - and raised after the instruction (a trap). */
#ifndef SMMBOX_CPU_DEBUGREG_H
#define SMMBOX_CPU_DEBUGREG_H

#include "cpu/core.h"

#define DR6_BS 0x4000u
#define DR6_BD 0x2000u
#define DR7_GD 0x2000u

/* Recompute what is armed after DR7 or DR0-DR3 changed. */
void debug_update(struct cpu *cpu);

/* The instruction breakpoints matching linear address lin, as DR6 B0-B3
 * bits (0 when none). */
uint32_t debug_exec_hits(const struct cpu *cpu, uint32_t lin);

/* Whether page (a linear page address) holds an armed data breakpoint. */
bool debug_page_armed(const struct cpu *cpu, uint32_t page);

/* Note a data access of size bytes at lin (write or read). */
void debug_note_access(struct cpu *cpu, uint32_t lin, unsigned size, bool write);

#endif
