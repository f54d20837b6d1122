/* Private to cpu/: WRMSR's access to the model-specific registers of
 * the CPU's model (msr.c); RDMSR reads with cpu_msr_peek() (cpu.h), as
 * no read has a side effect. */
#ifndef SMMBOX_CPU_MSR_H
#define SMMBOX_CPU_MSR_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* false: no such MSR, or value sets reserved bits or is an invalid
 * memory type (WRMSR raises #GP and nothing changes). */
bool msr_write(struct cpu *cpu, uint32_t index, uint64_t value);
/* The MSRs as RESET leaves them (INIT keeps them). */
void msr_reset(struct cpu *cpu);

/* The time-stamp counter: one tick per retired instruction, plus what
 * tsc_offset holds (WRMSR's setting, and the guest time the machine
 * skips while the CPU waits in HLT). */
static inline uint64_t tsc_now(const struct cpu *cpu)
{
	return cpu->icount + cpu->tsc_offset;
}

#define MSR_TSC 0x10u
#define MSR_APIC_BASE 0x1Bu
#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u

#endif
