/* The page-table walks: see paging.h.  Tables are read and written
 * through the CPU's data view with A20 applied; an entry that would be
 * above 4 GiB (PAE's tables may be) reads as absent. */
#include "cpu/paging.h"

#include "cpu/mmu.h"

#define PTE_P  0x001u
#define PTE_W  0x002u
#define PTE_U  0x004u
#define PTE_A  0x020u
#define PTE_D  0x040u
#define PTE_PS 0x080u

#define PF_P    1u
#define PF_W    2u
#define PF_U    4u
#define PF_RSVD 8u

/* A P6 has 36 physical address bits. */
#define PAE_ADDRESS     0x0000000FFFFFF000ull
#define PAE_RESERVED    0xFFFFFFF000000000ull   /* above bit 35 (no NX on a P6) */
#define PAE_2M_RESERVED 0x00000000001FE000ull   /* bits 20:13 of a 2 MiB PDE */
/* A PDPTE has only P, PWT, PCD and the address (§4.4.1). */
#define PDPTE_RESERVED  (PAE_RESERVED | 0x1E6ull)

/* An entry of size 4 or 8 at paddr: by the CPU's own reads, or by an
 * observer's (quiet: no device sees them). */
static uint64_t read_entry(const struct cpu *cpu, uint64_t paddr, unsigned size, bool quiet)
{
	if (paddr > 0xFFFFFFFFull - (size - 1))
		return 0;
	uint32_t a = (uint32_t)paddr & cpu->core->a20_mask;
	enum bus_view view = cpu->core->data_view;
	uint64_t v = 0;
	for (unsigned k = 0; k < size; k += 4) {
		uint32_t word = quiet ? bus_read_quiet(cpu->bus, view, a + k)
				      : bus_read(cpu->bus, view, a + k, 4);
		v |= (uint64_t)word << (8 * k);
	}
	return v;
}

/* Set bits in an entry's low word (A, D), as a locked write of it. */
static void set_entry_bits(struct cpu *cpu, uint64_t paddr, uint32_t entry, uint32_t bits)
{
	if ((entry & bits) == bits || paddr > 0xFFFFFFFCull)
		return;
	bus_write(cpu->bus, cpu->core->data_view, (uint32_t)paddr & cpu->core->a20_mask,
		  entry | bits, 4);
}

bool paging_load_pdpt(struct cpu *cpu, uint32_t cr3)
{
	uint64_t e[4];
	for (unsigned k = 0; k < 4; k++) {
		e[k] = read_entry(cpu, (cr3 & ~0x1Fu) + 8 * k, 8, false);
		if ((e[k] & PTE_P) && (e[k] & PDPTE_RESERVED))
			return false;
	}
	for (unsigned k = 0; k < 4; k++)
		cpu->core->pdpte[k] = e[k];
	return true;
}

/* The walk's levels, read (without side effects) into entries[]:
 * with PAE the PDPTE, the PDE and (for a 4 KiB page) the PTE; without,
 * the PDE and the PTE.  Where each lies, in where[]. */
struct walk_entries {
	bool quiet;        /* an observer's walk */
	uint64_t entry[3];
	uint64_t where[3];
	unsigned levels;   /* entries read */
	bool large;
	bool present, reserved;
};

static void read_pae(const struct cpu *cpu, uint32_t lin, struct walk_entries *w)
{
	uint64_t pdpte = cpu->core->pdpte[lin >> 30];
	w->entry[0] = pdpte;
	w->levels = 1;
	if (!(pdpte & PTE_P))
		return;
	w->where[1] = (pdpte & PAE_ADDRESS) + ((lin >> 21) & 0x1FF) * 8;
	uint64_t pde = w->entry[1] = read_entry(cpu, w->where[1], 8, w->quiet);
	w->levels = 2;
	if (!(pde & PTE_P))
		return;
	w->large = pde & PTE_PS;
	if (w->large) {
		w->present = true;
		w->reserved = pde & (PAE_RESERVED | PAE_2M_RESERVED);
		return;
	}
	w->where[2] = (pde & PAE_ADDRESS) + ((lin >> 12) & 0x1FF) * 8;
	uint64_t pte = w->entry[2] = read_entry(cpu, w->where[2], 8, w->quiet);
	w->levels = 3;
	w->present = pte & PTE_P;
	w->reserved = (pde & PAE_RESERVED) || (w->present && (pte & PAE_RESERVED));
}

static void read_legacy(const struct cpu *cpu, uint32_t lin, struct walk_entries *w)
{
	w->where[0] = (cpu->cr3 & 0xFFFFF000u) | ((lin >> 20) & 0xFFC);
	uint64_t pde = w->entry[0] = read_entry(cpu, w->where[0], 4, w->quiet);
	w->levels = 1;
	if (!(pde & PTE_P))
		return;
	w->large = (pde & PTE_PS) && (cpu->cr4 & CR4_PSE);
	if (w->large) {
		w->present = true;
		return;
	}
	w->where[1] = (pde & 0xFFFFF000u) | ((lin >> 10) & 0xFFC);
	w->entry[1] = read_entry(cpu, w->where[1], 4, w->quiet);
	w->levels = 2;
	w->present = w->entry[1] & PTE_P;
}

static void read_walk(const struct cpu *cpu, uint32_t lin, bool quiet, struct walk_entries *w)
{
	*w = (struct walk_entries){ .quiet = quiet };
	if (cpu->core->pae)
		read_pae(cpu, lin, w);
	else
		read_legacy(cpu, lin, w);
}

/* The page's physical address from the last entry read. */
static uint64_t frame(const struct cpu *cpu, uint32_t lin, const struct walk_entries *w)
{
	uint64_t last = w->entry[w->levels - 1];
	if (!cpu->core->pae)
		return w->large ? (last & 0xFFC00000u) | (lin & 0x3FFFFF)
				: (last & 0xFFFFF000u) | (lin & 0xFFF);
	return w->large ? (last & PAE_ADDRESS & ~0x1FFFFFull) | (lin & 0x1FFFFF)
			: (last & PAE_ADDRESS) | (lin & 0xFFF);
}

bool paging_peek(const struct cpu *cpu, uint32_t lin, uint64_t *paddr)
{
	struct walk_entries w;
	read_walk(cpu, lin, true, &w);
	if (!w.present || w.reserved)
		return false;
	*paddr = frame(cpu, lin, &w);
	return true;
}

static int page_fault(struct cpu *cpu, uint32_t lin, uint32_t error)
{
	cpu->cr2 = lin;
	return raise_fault_err(cpu, VEC_PF, error);
}

int paging_walk(struct cpu *cpu, uint32_t lin, unsigned acc, struct page_walk *out)
{
	bool write = acc & ACC_WRITE;
	bool user = !(acc & ACC_SYS) && cpu->cpl == 3;
	uint32_t err = (write ? PF_W : 0) | (user ? PF_U : 0);
	struct walk_entries w;
	read_walk(cpu, lin, false, &w);
	if (!w.present)
		return page_fault(cpu, lin, err);
	if (w.reserved)
		return page_fault(cpu, lin, err | PF_P | PF_RSVD);
	/* The rights are the AND of the PDE's and the PTE's (a PDPTE has
	 * none). */
	unsigned first = cpu->core->pae ? 1 : 0;
	uint32_t rights = PTE_W | PTE_U;
	for (unsigned k = first; k < w.levels; k++)
		rights &= (uint32_t)w.entry[k];
	if (user && !(rights & PTE_U))
		return page_fault(cpu, lin, err | PF_P);
	if (write && !(rights & PTE_W) && (user || (cpu->cr0 & CR0_WP)))
		return page_fault(cpu, lin, err | PF_P);
	for (unsigned k = first; k < w.levels; k++) {
		bool leaf = k == w.levels - 1;
		set_entry_bits(cpu, w.where[k], (uint32_t)w.entry[k],
			       PTE_A | (leaf && write ? PTE_D : 0));
	}
	out->paddr = frame(cpu, lin, &w);
	out->large = w.large;
	return R_NEXT;
}
