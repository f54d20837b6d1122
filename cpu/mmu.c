/* Paging (SDM Vol.3A §4.3, 32-bit paging with 4 KiB and 4 MiB pages),
 * the software TLB and the slow paths of memory access. */
#include "cpu/mmu.h"

#include <string.h>

#include "cpu/block.h"
#include "cpu/debugreg.h"
#include "cpu/decode.h"
#include "cpu/log.h"
#include "cpu/paging.h"

void cpu_tlb_flush(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	/* A new epoch invalidates every entry at once; only when the epochs
	 * run out are the tags cleared, so that an old one cannot match. */
	if (++core->tlb_epoch == TLB_EPOCHS) {
		memset(core->tlb, 0, sizeof(core->tlb));
		core->tlb_epoch = 1;
	}
	core->bus_generation = cpu->bus->generation;
	core->jc_generation++;
	core->insn_page_tag = TLB_INVALID;
	core->large_count = 0;
}

/* The size of a large page in the paging mode now. */
static uint32_t large_page_mask(const struct cpu *cpu)
{
	return cpu->core->pae ? ~0x1FFFFFu : ~0x3FFFFFu;
}

/* Remember that the TLB holds a piece of the large page at lin. */
static void note_large_page(struct cpu_core *core, uint32_t base)
{
	for (unsigned k = 0; k < core->large_count && k < LARGE_PAGES_KEPT; k++)
		if (core->large_pages[k] == base)
			return;
	if (core->large_count < LARGE_PAGES_KEPT)
		core->large_pages[core->large_count] = base;
	if (core->large_count <= LARGE_PAGES_KEPT)
		core->large_count++;
}

/* INVLPG: the entries of the page holding linear go; when that page may
 * be a large one the TLB holds pieces of, everything goes. */
void cpu_tlb_flush_page(struct cpu *cpu, uint32_t linear)
{
	struct cpu_core *core = cpu->core;
	uint32_t base = linear & large_page_mask(cpu);
	bool large = core->large_count > LARGE_PAGES_KEPT;
	for (unsigned k = 0; k < core->large_count && k < LARGE_PAGES_KEPT; k++)
		large |= core->large_pages[k] == base;
	if (large) {
		cpu_tlb_flush(cpu);
		return;
	}
	for (int v = 0; v < BUS_VIEW_COUNT; v++)
		for (int t = 0; t < TLB_KINDS; t++)
			core->tlb[v][t][tlb_index(linear)].tag = TLB_INVALID;
	core->insn_page_tag = TLB_INVALID;
	core->jc_generation++;
}

int mmu_translate(struct cpu *cpu, uint32_t lin, unsigned acc, uint64_t *paddr)
{
	if (!(cpu->cr0 & CR0_PG)) {
		*paddr = lin & cpu->core->a20_mask;
		return R_NEXT;
	}
	struct page_walk w;
	if (paging_walk(cpu, lin, acc, &w))
		return R_FAULT;
	if (w.large)
		note_large_page(cpu->core, lin & large_page_mask(cpu));
	*paddr = w.paddr > 0xFFFFFFFFull ? w.paddr : (uint32_t)w.paddr & cpu->core->a20_mask;
	return R_NEXT;
}

/* Physical addresses above 4 GiB (a PAE entry may point there) reach
 * nothing on this 32-bit bus: reads give all ones, writes are lost. */
static bool on_bus(uint64_t paddr, unsigned size)
{
	return paddr <= 0xFFFFFFFFull - (size - 1);
}

static uint32_t phys_read(struct cpu *cpu, enum bus_view view, uint64_t paddr, unsigned size)
{
	if (on_bus(paddr, size))
		return bus_read(cpu->bus, view, (uint32_t)paddr, size);
	return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static void phys_write(struct cpu *cpu, enum bus_view view, uint64_t paddr, uint32_t val,
		       unsigned size)
{
	if (on_bus(paddr, size))
		bus_write(cpu->bus, view, (uint32_t)paddr, val, size);
}

bool mmu_peek_translate(const struct cpu *cpu, uint32_t lin, uint32_t *paddr)
{
	uint64_t pa = lin;
	if ((cpu->cr0 & CR0_PG) && !paging_peek(cpu, lin, &pa))
		return false;
	if (pa > 0xFFFFFFFFull)
		return false;
	*paddr = (uint32_t)pa & cpu->core->a20_mask;
	return true;
}

/* Install a TLB entry for the page of lin if the view maps it to host
 * memory.  A write entry is installed only for writable pages holding no
 * decoded code, so that writes to code always take the slow path. */
static void tlb_fill(struct cpu *cpu, enum bus_view view, uint32_t lin,
		     uint32_t paddr, unsigned acc)
{
	const struct bus_page *pg = bus_page(cpu->bus, view, paddr);
	enum tlb_kind kind = (acc & ACC_FETCH) ? TLB_FETCH : (acc & ACC_WRITE) ? TLB_WRITE : TLB_READ;
	uint8_t *host = kind == TLB_WRITE ? pg->host_w : pg->host;
	if (!host || (acc & ACC_SYS))
		return;
	if (kind != TLB_FETCH && cpu->core->debug_data && debug_page_armed(cpu, lin & ~0xFFFu))
		return;
	if (kind == TLB_READ && cpu_watching_reads(cpu))
		return; /* every read must reach mmu_read_slow() to be reported */
	if (kind == TLB_WRITE) {
		if (bus_write_hits_code(cpu->bus, view, paddr))
			return;
		bus_mark_dirty(cpu->bus, view, paddr);
		if (cpu_tracing(cpu))
			kind = TLB_TRACED_WRITE;
	}
	struct tlb_entry *e = &cpu->core->tlb[view][kind][tlb_index(lin)];
	e->tag = tlb_tag(cpu, lin);
	e->paddr = paddr & ~0xFFFu;
	e->addend = (uintptr_t)host - (lin & ~0xFFFu);
}

static enum bus_view view_for(const struct cpu *cpu, unsigned acc)
{
	return (acc & ACC_FETCH) ? cpu->core->code_view : cpu->core->data_view;
}

/* access_event() for a listener called for each event. */
static __attribute__((noinline)) void emit_access(struct cpu *cpu, enum cpu_event_kind kind,
						  enum bus_view view, uint32_t lin, uint32_t paddr,
						  unsigned size, uint32_t val)
{
	struct cpu_event ev = { .kind = kind, .address = lin, .physical = paddr,
				.view = (uint8_t)view, .size = (uint8_t)size, .value = val };
	cpu_emit_event(cpu, &ev);
}

/* A read or write for the event stream: straight into a log (the
 * recorder's, for every write of a traced run; inline, as the traced
 * write's path is hot), else as an event. */
CPU_INLINE void access_event(struct cpu *cpu, enum cpu_event_kind kind, enum bus_view view,
			     uint32_t lin, uint32_t paddr, unsigned size, uint32_t val)
{
	struct cpu_log *log = cpu->events->log;
	if (likely(log != NULL)) {
		cpu_log_reserve(log);
		cpu_log_event(log, kind, 0, (uint8_t)size, (uint8_t)view, lin, paddr, val);
		return;
	}
	emit_access(cpu, kind, view, lin, paddr, size, val);
}

int mmu_read_slow(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc,
		  uint32_t *val)
{
	enum bus_view view = view_for(cpu, acc);
	uint32_t last = lin + size - 1;
	uint64_t p0, p1;
	if (mmu_translate(cpu, lin, acc, &p0))
		return R_FAULT;
	if (cpu->core->debug_data && !(acc & (ACC_FETCH | ACC_SYS)))
		debug_note_access(cpu, lin, size, false);
	if ((last ^ lin) & ~0xFFFu) {
		if (mmu_translate(cpu, last & ~0xFFFu, acc, &p1))
			return R_FAULT;
		uint32_t v = 0;
		for (unsigned k = 0; k < size; k++) {
			uint32_t a = lin + k;
			uint64_t pa = ((a ^ lin) & ~0xFFFu) ? p1 + (a & 0xFFF) : p0 + k;
			v |= phys_read(cpu, view, pa, 1) << (8 * k);
		}
		*val = v;
		if (cpu_watching_reads(cpu) && !(acc & (ACC_FETCH | ACC_SYS)))
			access_event(cpu, CPU_EV_READ, view, lin, (uint32_t)p0, size, v);
		return R_NEXT;
	}
	if (on_bus(p0, size))
		tlb_fill(cpu, view, lin, (uint32_t)p0, acc);
	*val = phys_read(cpu, view, p0, size);
	if (cpu_watching_reads(cpu) && !(acc & (ACC_FETCH | ACC_SYS)))
		access_event(cpu, CPU_EV_READ, view, lin, (uint32_t)p0, size, *val);
	return R_NEXT;
}


/* A write to MMIO may make an interrupt or SMI pending (the local
 * APIC's ICR, a routing register): the running block ends after this
 * instruction, so that it is taken right after it (docs/DESIGN.md). */
static void end_block_after_mmio(struct cpu *cpu, enum bus_view view, uint64_t paddr)
{
	if (on_bus(paddr, 1) && !bus_page(cpu->bus, view, (uint32_t)paddr)->host_w)
		cpu->core->stop_at = 0;
}

/* A write the TLBs do not map (or a system write): translated through
 * the page tables, written through the bus, and the TLB filled for the
 * next one to the page. */
static int write_slow_path(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc,
			   uint32_t val)
{
	enum bus_view view = cpu->core->data_view;
	uint32_t last = lin + size - 1;
	uint64_t p0, p1;
	acc |= ACC_WRITE;
	if (mmu_translate(cpu, lin, acc, &p0))
		return R_FAULT;
	if (cpu->core->debug_data && !(acc & ACC_SYS))
		debug_note_access(cpu, lin, size, true);
	if ((last ^ lin) & ~0xFFFu) {
		if (mmu_translate(cpu, last & ~0xFFFu, acc, &p1))
			return R_FAULT;
		for (unsigned k = 0; k < size; k++) {
			uint32_t a = lin + k;
			uint64_t pa = ((a ^ lin) & ~0xFFFu) ? p1 + (a & 0xFFF) : p0 + k;
			phys_write(cpu, view, pa, val >> (8 * k), 1);
		}
		end_block_after_mmio(cpu, view, p0);
		end_block_after_mmio(cpu, view, p1);
		if (cpu_tracing(cpu))
			access_event(cpu, CPU_EV_WRITE, view, lin, (uint32_t)p0, size, val);
		return R_NEXT;
	}
	if (on_bus(p0, size))
		tlb_fill(cpu, view, lin, (uint32_t)p0, acc);
	phys_write(cpu, view, p0, val, size);
	end_block_after_mmio(cpu, view, p0);
	if (cpu_tracing(cpu))
		access_event(cpu, CPU_EV_WRITE, view, lin, (uint32_t)p0, size, val);
	return R_NEXT;
}

/* A traced run's writes come here first (the write TLB stays empty while
 * instruction events are wanted): one the traced-write TLB maps is
 * stored and logged at once, the commonest, in a function small enough
 * to save few registers. */
int mmu_write_traced(struct cpu *cpu, uint32_t lin, unsigned size, unsigned acc,
		     uint32_t val)
{
	struct cpu_core *core = cpu->core;
	enum bus_view view = core->data_view;
	const struct tlb_entry *e = &core->tlb[view][TLB_TRACED_WRITE][tlb_index(lin)];
	if (acc == ACC_WRITE && e->tag == tlb_tag(cpu, lin) && (lin & 0xFFF) <= 4096 - size &&
	    cpu_tracing(cpu)) {
		host_store((uint8_t *)(uintptr_t)(lin + e->addend), size, val);
		access_event(cpu, CPU_EV_WRITE, view, lin, e->paddr | (lin & 0xFFF), size, val);
		return R_NEXT;
	}
	return write_slow_path(cpu, lin, size, acc, val);
}

int mem_probe_write(struct cpu *cpu, unsigned s, uint32_t off, unsigned size)
{
	if (seg_check(cpu, s, off, size, SEGACC_WRITE))
		return R_FAULT;
	if (!(cpu->cr0 & CR0_PG))
		return R_NEXT;
	uint32_t lin = cpu->seg[s].base + off;
	uint64_t pa;
	if (mmu_translate(cpu, lin, ACC_WRITE, &pa))
		return R_FAULT;
	return mmu_translate(cpu, lin + size - 1, ACC_WRITE, &pa);
}

int sys_read(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t *val)
{
	return mmu_read_slow(cpu, lin, size, ACC_READ | ACC_SYS, val);
}

int sys_write(struct cpu *cpu, uint32_t lin, unsigned size, uint32_t val)
{
	return write_slow_path(cpu, lin, size, ACC_SYS, val);
}

void mmu_fetch_window(struct cpu *cpu, uint32_t eip, uint8_t *buf,
		      struct fetch_window *w)
{
	const struct cpu_segment *cs = &cpu->seg[S_CS];
	w->bytes = buf;
	w->avail = 0;
	w->ends_in_fault = false;
	for (unsigned k = 0; k < 15; k++) {
		uint32_t off = eip + k, v;
		if (off < eip || off > cs->limit) {
			w->ends_in_fault = true;
			w->fault_vector = VEC_GP;
			w->fault_error = 0;
			return;
		}
		if (mmu_read_slow(cpu, cs->base + off, 1, ACC_FETCH, &v)) {
			w->ends_in_fault = true;
			w->fault_vector = cpu->core->exc_vector;
			w->fault_error = cpu->core->exc_error;
			return;
		}
		buf[k] = (uint8_t)v;
		w->avail = k + 1;
	}
}

void mmu_segment_changed(struct cpu *cpu, unsigned s)
{
	const struct cpu_segment *sg = &cpu->seg[s];
	struct cpu_segacc *a = &cpu->core->segacc[s];
	cpu_note_state_change(cpu);
	a->lo = 0;
	a->hi = sg->limit;
	a->rw = SEGACC_READ | SEGACC_WRITE;
	if (!cpu->core->pm || cpu->core->v86)
		return;
	uint16_t type = sg->attr & SEG_ATTR_TYPE;
	if (!(sg->attr & SEG_ATTR_P) || !(sg->attr & SEG_ATTR_S)) {
		a->rw = 0; /* null or unusable selector */
		return;
	}
	if (type & 8) {            /* code: readable if R, never writable */
		a->rw = (type & 2) ? SEGACC_READ : 0;
	} else {
		a->rw = SEGACC_READ | ((type & 2) ? SEGACC_WRITE : 0);
		if (type & 4) {    /* expand-down */
			a->lo = sg->limit + 1;
			a->hi = (sg->attr & SEG_ATTR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
		}
	}
}
