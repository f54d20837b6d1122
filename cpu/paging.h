/* Private to cpu/: the page-table walks (paging.c), 32-bit paging with
 * 4 KiB and 4 MiB pages and PAE paging with 4 KiB and 2 MiB pages (SDM
 * Vol.3A §4.3, §4.4), and PAE's page-directory-pointer table. */
#ifndef SMMBOX_CPU_PAGING_H
#define SMMBOX_CPU_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/core.h"

/* One walk's outcome: the physical address (36 bits with PAE) and
 * whether a large page (4 MiB or 2 MiB) mapped it. */
struct page_walk {
	uint64_t paddr;
	bool large;
};

/* Walk the tables for an access (enum access), setting the accessed
 * and dirty bits as the CPU does; raises #PF (CR2, the error code with
 * RSVD for a reserved bit) and returns R_FAULT. */
int paging_walk(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_walk *out);

/* The same for an observer: no bit set, no fault; false when the page
 * is not present or an entry has a reserved bit set. */
bool paging_peek(const struct cpu *cpu, uint32_t lin, uint64_t *paddr);

/* Whether the paging mode after a write of CR0, CR3 or CR4 is PAE. */
static inline bool paging_pae(uint32_t cr0, uint32_t cr4)
{
	return (cr0 & CR0_PG) && (cr4 & CR4_PAE);
}

/* Load the four PDPTEs from the table at cr3 into the core, as MOV to
 * CR0, CR3 or CR4 does when PAE paging is on after it (SDM Vol.3A
 * §4.4.1): false, with nothing loaded, when a present entry sets a
 * reserved bit (the write raises #GP(0)). */
bool paging_load_pdpt(struct cpu *cpu, uint32_t cr3);

#endif
