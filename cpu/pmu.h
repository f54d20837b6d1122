/* The P6 family's performance-monitoring counters (SDM Vol.3B §18.22,
 * Vol.4's P6 MSR table): PerfEvtSel0/1 and PerfCtr0/1, read by RDPMC,
 * on the models whose struct cpu_model says CPU_PMU_P6.  Private to cpu/:
 * the MSRs reach them through cpu/msr.c, RDPMC through ops_system.c.
 *
 * What counts: INST_RETIRED (0xC0) and CPU_CLK_UNHALTED (0x79), both one
 * a retired instruction (guest time is the instruction count: one
 * instruction, one nanosecond, one cycle of the 1 GHz TSC; HLT's cycles
 * are halted ones), filtered by USR (CPL 1-3) and OS (CPL 0) at the CPL
 * an instruction retires at, with CMASK compared against one event a
 * cycle (INV inverting it).  Every other event counts nothing.  The
 * instruction that changes what counts (WRMSR, a CPL change) is counted
 * as the new state says. */
#ifndef SMMBOX_CPU_PMU_H
#define SMMBOX_CPU_PMU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

#define MSR_PERFCTR0 0xC1u
#define MSR_PERFCTR1 0xC2u
#define MSR_PERFEVTSEL0 0x186u
#define MSR_PERFEVTSEL1 0x187u

/* PerfEvtSel's fields (SDM Vol.3B Figure 18-60). */
#define PERFEVTSEL_USR (1u << 16)
#define PERFEVTSEL_OS (1u << 17)
#define PERFEVTSEL_INT (1u << 20)
#define PERFEVTSEL_EN (1u << 22)   /* PerfEvtSel0's: both counters */
#define PERFEVTSEL_INV (1u << 23)
#define PMU_EVENT_INST_RETIRED 0xC0u
#define PMU_EVENT_CPU_CLK_UNHALTED 0x79u
#define PMU_COUNTER_MASK ((1ull << 40) - 1)

/* Whether the CPU's model has the P6's counters. */
bool pmu_present(const struct cpu *cpu);

/* PerfCtr k (0 or 1) now, its 40 bits, without side effects. */
uint64_t pmu_counter(const struct cpu *cpu, unsigned k);

/* One of the four MSRs: false when the model has no such MSR (read or
 * write) or the write sets a reserved bit (bits 63:32 and 21 of
 * PerfEvtSel; #GP).  A counter's write takes bits 31:0 and sign-extends
 * bit 31 into bits 39:32 (§18.22.2); PerfEvtSel1's EN bit is kept as
 * written but enables nothing (Linux sets it there). */
bool pmu_msr_peek(const struct cpu *cpu, uint32_t index, uint64_t *value);
bool pmu_msr_write(struct cpu *cpu, uint32_t index, uint64_t value);

/* RESET: every counter and event select 0 (SDM Vol.3A Table 9-1; INIT
 * keeps them). */
void pmu_reset(struct cpu *cpu);

/* Bring the counts up to now under what counted since the last time,
 * pulse cpu->pmi for a counter with INT set that overflowed on the way,
 * and take what counts from now on from the MSRs and the CPL: called
 * wherever either changes (cpu_set_cpl(), cpu_state_changed(), the
 * MSRs' writes) and by the run loop at pmu.overflow_at. */
void pmu_settle(struct cpu *cpu);

#endif
