/* Memory access for instructions: segment checks, paging, the software
 * TLB (per view), and the fast paths every handler uses.
 *
 * Every access goes to the view the CPU's mode selects: data accesses to
 * core->data_view, instruction fetches to core->code_view. */
#ifndef SMMBOX_CPU_MMU_H
#define SMMBOX_CPU_MMU_H

#include <string.h>

#include "cpu/core.h"

enum access {
	ACC_READ = 0,
	ACC_WRITE = 1,
	ACC_FETCH = 2,
	ACC_SYS = 4,  /* a supervisor access whatever the CPL (tables, TSS) */
};

#define SEGACC_READ 1u
#define SEGACC_WRITE 2u

/* Translate a linear address (A20 and paging applied).  Raises #PF.
 * With PAE the address may lie above 4 GiB, where the bus has nothing:
 * reads there give all ones and writes are lost. */
int mmu_translate(struct cpu *cpu, uint32_t lin, unsigned acc, uint64_t *paddr);
/* The same for an observer: no accessed or dirty bits set, no fault
 * raised; false when the page is not present or above 4 GiB. */
bool mmu_peek_translate(const struct cpu *cpu, uint32_t lin, uint32_t *paddr);

/* Accesses by linear address; size 1, 2 or 4.  Crossing pages is allowed;
 * a write crossing pages checks both before writing either. */
int mmu_read_slow(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc,
		  uint32_t *val);
/* lin_write()'s way when the write TLB does not map lin: a traced run's
 * write through the traced-write TLB (core.h), else the slow path. */
int mmu_write_traced(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc,
		     uint32_t val);

/* Whether an access of size at offset off lies within segment s and is
 * allowed; raises #GP(0) or #SS(0). */
CPU_INLINE int seg_check(struct cpu *cpu, unsigned s, uint32_t off,
			    unsigned size, unsigned need)
{
	const struct cpu_segacc *a = &cpu->core->segacc[s];
	if (likely((a->rw & need) && off >= a->lo && off <= a->hi &&
		   a->hi - off >= size - 1))
		return R_NEXT;
	return raise_fault_err(cpu, s == S_SS ? VEC_SS : VEC_GP, 0);
}

/* Host loads and stores of 1, 2 or 4 bytes, as constant-size copies. */
CPU_INLINE uint32_t host_load(const uint8_t *p, unsigned size)
{
	uint32_t v32;
	uint16_t v16;
	switch (size) {
	case 4: memcpy(&v32, p, 4); return v32;
	case 2: memcpy(&v16, p, 2); return v16;
	default: return *p;
	}
}

CPU_INLINE void host_store(uint8_t *p, unsigned size, uint32_t v)
{
	uint16_t v16 = (uint16_t)v;
	switch (size) {
	case 4: memcpy(p, &v, 4); break;
	case 2: memcpy(p, &v16, 2); break;
	default: *p = (uint8_t)v; break;
	}
}

CPU_INLINE int lin_read(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t *val)
{
	const struct tlb_entry *e = &cpu->core->rtlb[tlb_index(lin)];
	if (likely(e->tag == tlb_tag(cpu, lin) && (lin & 0xFFF) <= 4096 - size)) {
		*val = host_load((const uint8_t *)(uintptr_t)(lin + e->addend), size);
		return R_NEXT;
	}
	return mmu_read_slow(cpu, lin, size, ACC_READ, val);
}

CPU_INLINE int lin_write(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t val)
{
	const struct tlb_entry *e = &cpu->core->wtlb[tlb_index(lin)];
	if (likely(e->tag == tlb_tag(cpu, lin) && (lin & 0xFFF) <= 4096 - size)) {
		host_store((uint8_t *)(uintptr_t)(lin + e->addend), size, val);
		return R_NEXT;
	}
	return mmu_write_traced(cpu, lin, size, ACC_WRITE, val);
}

CPU_INLINE int mem_read(struct cpu *cpu, unsigned s, uint32_t off, unsigned size,
			   uint32_t *val)
{
	if (seg_check(cpu, s, off, size, SEGACC_READ))
		return R_FAULT;
	return lin_read(cpu, cpu->seg[s].base + off, size, val);
}

CPU_INLINE int mem_write(struct cpu *cpu, unsigned s, uint32_t off, unsigned size,
			    uint32_t val)
{
	if (seg_check(cpu, s, off, size, SEGACC_WRITE))
		return R_FAULT;
	return lin_write(cpu, cpu->seg[s].base + off, size, val);
}

/* Check that a later write of size at off can succeed (segment and page),
 * for read-modify-write instructions that must not half-commit. */
int mem_probe_write(struct cpu *cpu, unsigned s, uint32_t off, unsigned size);

/* Supervisor accesses to system tables by linear address. */
int sys_read(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t *val);
int sys_write(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t val);

/* Fill a fetch window of up to 15 bytes at CS:eip, stopping at the CS
 * limit or a fetch fault (recorded in the window). */
struct fetch_window;
void mmu_fetch_window(struct cpu *cpu, uint32_t eip, uint8_t *buf,
		      struct fetch_window *w);

/* Recompute segment s's access window after a load. */
void mmu_segment_changed(struct cpu *cpu, unsigned s);

#endif
