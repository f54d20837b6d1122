/* Hardware task switching (SDM Vol.3A ch.7). */
#ifndef SMMBOX_CPU_TASK_H
#define SMMBOX_CPU_TASK_H

#include "cpu/desc.h"

enum task_reason { TASK_JUMP, TASK_CALL, TASK_IRET, TASK_INT };

/* Switch to the task named by sel, whose descriptor d is a TSS or a task
 * gate (already checked for DPL and presence).  return_eip is saved in
 * the old TSS.  On success EIP is the new task's. */
int task_switch_by_selector(struct cpu *cpu, uint16_t sel, const struct desc *d,
			    enum task_reason why, uint32_t return_eip);

/* IRET with NT set: back to the task in the current TSS's back-link. */
int task_return(struct cpu *cpu, uint32_t next_eip);

/* The stack of privilege level dpl in the current TSS, and the checks on
 * a new stack segment for a privilege change (seg.c). */
int seg_tss_stack(struct cpu *cpu, unsigned dpl, uint16_t *ss, uint32_t *esp);
int seg_check_new_ss(struct cpu *cpu, uint16_t ss, unsigned dpl, struct desc *d);

#endif
