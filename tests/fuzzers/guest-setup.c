/* The guest's start for fuzz-guest; see guest-setup.h. */
#include "tests/fuzzers/guest-setup.h"

#include <string.h>

#include "cpu/cpu.h"

enum {
	GDT = 0x1000, LDT = 0x1800, TSS = 0x2000, TSS_TASK = 0x2200, TSS16 = 0x2300,
	IDT = 0x3000, TASK_STACK = 0x5F00, STACK3 = 0x7F00, STACK0 = 0x9F00,
	CODE = 0x10000, PAGE_DIR = 0x20000, PAGE_TABLE = 0x21000,
	SMBASE_RAM = 0x30000, SMBASE_SMRAM = 0xA0000, SMM_ENTRY = 0x8000,
	GDT_ENTRIES = 32, IDT_ENTRIES = 256, TSS_IOMAP = 0x68, IOMAP_BYTES = 0x80,
};

/* GDT selectors. */
enum {
	SEL_CODE32 = 0x08, SEL_DATA32 = 0x10, SEL_CODE16 = 0x18, SEL_DATA16 = 0x20,
	SEL_CODE32_3 = 0x2B, SEL_DATA32_3 = 0x33, SEL_CODE16_3 = 0x3B, SEL_DATA16_3 = 0x43,
	SEL_TSS = 0x48, SEL_LDT = 0x50, SEL_TASK_TSS = 0x78, SEL_RAW = 0x88,
};

/* Descriptor access bytes (SDM Vol.3A §3.4.5) and the flags nibble. */
enum {
	ACC_CODE = 0x9B, ACC_DATA = 0x93, DPL3 = 0x60, ACC_CONFORMING = 0x9F,
	ACC_EXPAND_DOWN = 0x97, ACC_LDT = 0x82, ACC_TSS32 = 0x89, ACC_TSS32_BUSY = 0x8B,
	ACC_TSS16 = 0x81, ACC_CALL_GATE = 0xEC, ACC_TASK_GATE = 0xE5,
	GATE_INT16 = 0xE6, GATE_INT32 = 0xEE, GATE_TRAP32 = 0xEF, GATE_TASK = 0x85,
	FLAGS_32 = 0xC0, FLAGS_16 = 0x00,
};

struct seg_row {
	uint8_t index;
	uint32_t base, limit; /* limit in units of the granularity */
	uint8_t access, flags;
};

/* The GDT's fixed rows: flat 32-bit and 64 KiB 16-bit code and data at
 * CPL 0 and 3 (16-bit code based at the code), the TSSes, the LDT, a
 * conforming and an expand-down segment, and one not present.  Rows 1 to
 * 10 come first and in order: load_segments() and enter_mode() find them
 * by their index. */
static const struct seg_row gdt_rows[] = {
	{ 1, 0, 0xFFFFF, ACC_CODE, FLAGS_32 },
	{ 2, 0, 0xFFFFF, ACC_DATA, FLAGS_32 },
	{ 3, CODE, 0xFFFF, ACC_CODE, FLAGS_16 },
	{ 4, 0, 0xFFFF, ACC_DATA, FLAGS_16 },
	{ 5, 0, 0xFFFFF, ACC_CODE | DPL3, FLAGS_32 },
	{ 6, 0, 0xFFFFF, ACC_DATA | DPL3, FLAGS_32 },
	{ 7, CODE, 0xFFFF, ACC_CODE | DPL3, FLAGS_16 },
	{ 8, 0, 0xFFFF, ACC_DATA | DPL3, FLAGS_16 },
	{ 9, TSS, TSS_IOMAP + IOMAP_BYTES, ACC_TSS32_BUSY, 0 },
	{ 10, LDT, 8 * 8 - 1, ACC_LDT, 0 },
	{ 12, 0, 0xFFFFF, ACC_CONFORMING, FLAGS_32 },
	{ 13, 0, 0x0FFFF, ACC_EXPAND_DOWN, 0x40 },
	{ 15, TSS_TASK, 0x67, ACC_TSS32, 0 },
	{ 16, TSS16, 0x2B, ACC_TSS16, 0 },
	{ 21, 0, 0xFFFFF, ACC_CODE & 0x7F, FLAGS_32 },
};

/* The LDT's: flat code and data at CPL 3 and 0. */
static const struct seg_row ldt_rows[] = {
	{ 0, 0, 0xFFFFF, ACC_CODE | DPL3, FLAGS_32 },
	{ 1, 0, 0xFFFFF, ACC_DATA | DPL3, FLAGS_32 },
	{ 2, 0, 0xFFFFF, ACC_CODE, FLAGS_32 },
	{ 3, 0, 0xFFFFF, ACC_DATA, FLAGS_32 },
};

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void seg_descriptor(uint8_t *d, const struct seg_row *r)
{
	put16(d, r->limit);
	put16(d + 2, r->base);
	d[4] = (uint8_t)(r->base >> 16);
	d[5] = r->access;
	d[6] = (uint8_t)((r->flags & 0xF0) | ((r->limit >> 16) & 0x0F));
	d[7] = (uint8_t)(r->base >> 24);
}

static void gate_descriptor(uint8_t *d, uint16_t sel, uint32_t offset, uint8_t access)
{
	put16(d, offset);
	put16(d + 2, sel);
	d[4] = 0;
	d[5] = access;
	put16(d + 6, offset >> 16);
}

static void poke(struct machine *m, uint32_t at, const void *p, size_t n)
{
	bus_poke(m->board->bus, BUS_VIEW_NORMAL, at, p, n);
}

static void build_gdt_ldt(struct machine *m, const struct guest_start *s)
{
	uint8_t gdt[8 * GDT_ENTRIES] = { 0 }, ldt[8 * 8] = { 0 };
	for (size_t k = 0; k < sizeof(gdt_rows) / sizeof(gdt_rows[0]); k++)
		seg_descriptor(gdt + 8 * gdt_rows[k].index, &gdt_rows[k]);
	gate_descriptor(gdt + 8 * 11, SEL_CODE32, CODE, ACC_CALL_GATE);
	gate_descriptor(gdt + 8 * 14, SEL_TASK_TSS, 0, ACC_TASK_GATE);
	memcpy(gdt + SEL_RAW, s->raw, sizeof(s->raw));
	for (size_t k = 0; k < sizeof(ldt_rows) / sizeof(ldt_rows[0]); k++)
		seg_descriptor(ldt + 8 * ldt_rows[k].index, &ldt_rows[k]);
	memcpy(ldt + 8 * 4, s->raw, sizeof(s->raw));
	poke(m, GDT, gdt, sizeof(gdt));
	poke(m, LDT, ldt, sizeof(ldt));
}

/* The TSS of the running task (stacks for CPL 0, an I/O bitmap), the one
 * the task gate switches to (the code at CPL 0), and a 16-bit one. */
static void build_tsses(struct machine *m, bool paged)
{
	uint8_t tss[TSS_IOMAP + IOMAP_BYTES + 1] = { 0 }, task[0x68] = { 0 }, tss16[0x2C] = { 0 };
	put32(tss + 4, STACK0);
	put32(tss + 8, SEL_DATA32);
	put32(tss + 0x1C, paged ? PAGE_DIR : 0);
	put16(tss + 0x66, TSS_IOMAP);
	tss[TSS_IOMAP + IOMAP_BYTES] = 0xFF;
	put32(task + 0x1C, paged ? PAGE_DIR : 0);
	put32(task + 0x20, CODE);
	put32(task + 0x24, 0x2);
	put32(task + 0x38, TASK_STACK);
	put16(task + 0x4C, SEL_CODE32);
	static const uint8_t task_data[] = { 0x48, 0x50, 0x54, 0x58, 0x5C }; /* ES, SS, DS, FS, GS */
	for (size_t k = 0; k < sizeof(task_data); k++)
		put16(task + task_data[k], SEL_DATA32);
	put16(task + 0x60, SEL_LDT);
	put16(tss16 + 0x10, 0x2);          /* FLAGS; IP 0 */
	put16(tss16 + 0x1A, TASK_STACK - 0x100);
	put16(tss16 + 0x22, SEL_DATA16);   /* ES */
	put16(tss16 + 0x24, SEL_CODE16);
	put16(tss16 + 0x26, SEL_DATA16);   /* SS */
	put16(tss16 + 0x28, SEL_DATA16);   /* DS */
	put16(tss16 + 0x2A, SEL_LDT);
	poke(m, TSS, tss, sizeof(tss));
	poke(m, TSS_TASK, task, sizeof(task));
	poke(m, TSS16, tss16, sizeof(tss16));
}

/* Every vector to the code: #DF through the task gate, odd vectors
 * through 16-bit interrupt gates, the others through 32-bit interrupt
 * and trap gates; all of DPL 3, so that INT n reaches them from CPL 3.
 * The real-mode vectors too. */
static void build_vectors(struct machine *m)
{
	uint8_t idt[8 * IDT_ENTRIES], ivt[4 * IDT_ENTRIES];
	for (unsigned k = 0; k < IDT_ENTRIES; k++) {
		uint8_t *d = idt + 8 * k;
		if (k == 8)
			gate_descriptor(d, SEL_TASK_TSS, 0, GATE_TASK);
		else if (k & 1)
			gate_descriptor(d, SEL_CODE16, 0, GATE_INT16);
		else
			gate_descriptor(d, SEL_CODE32, CODE, k & 2 ? GATE_INT32 : GATE_TRAP32);
		put32(ivt + 4 * k, (CODE >> 4) << 16);
	}
	poke(m, IDT, idt, sizeof(idt));
	poke(m, 0, ivt, sizeof(ivt));
}

/* The first 4 MiB mapped to themselves, user and writable: one 4 MiB
 * page with PSE, else a page table; global pages with PGE. */
static void build_page_tables(struct machine *m, uint8_t flags)
{
	uint8_t pd[4] = { 0 };
	uint32_t global = flags & GUEST_PGE ? 0x100 : 0;
	if (flags & GUEST_PSE) {
		put32(pd, 0x87 | global);
	} else {
		static uint8_t pt[4096];
		for (uint32_t k = 0; k < 1024; k++)
			put32(pt + 4 * k, k << 12 | 0x7 | global);
		poke(m, PAGE_TABLE, pt, sizeof(pt));
		put32(pd, PAGE_TABLE | 0x7);
	}
	poke(m, PAGE_DIR, pd, sizeof(pd));
}

static struct cpu_segment descriptor_cache(uint16_t sel, const struct seg_row *r)
{
	uint32_t limit = r->flags & 0x80 ? r->limit << 12 | 0xFFF : r->limit;
	return (struct cpu_segment){ .sel = sel, .base = r->base, .limit = limit,
				     .attr = (uint16_t)(r->access | (r->flags & 0xF0) << 8) };
}

/* CS, and SS and the data segments, as their selectors' rows say. */
static void load_segments(struct cpu *cpu, uint16_t code, uint16_t data)
{
	const struct seg_row *c = &gdt_rows[(code >> 3) - 1], *d = &gdt_rows[(data >> 3) - 1];
	for (unsigned k = 0; k < S_COUNT; k++)
		cpu->seg[k] = k == S_CS ? descriptor_cache(code, c) : descriptor_cache(data, d);
	cpu->cpl = code & 3;
}

/* Real-mode and virtual-8086 segments: CS at the code, the others at 0. */
static void load_real_segments(struct cpu *cpu, bool v86)
{
	for (unsigned k = 0; k < S_COUNT; k++) {
		uint16_t sel = k == S_CS ? CODE >> 4 : 0;
		cpu->seg[k] = (struct cpu_segment){ .sel = sel, .base = (uint32_t)sel << 4,
						    .limit = 0xFFFF,
						    .attr = v86 ? (uint16_t)(ACC_DATA | DPL3) : ACC_DATA };
	}
}

static void enter_mode(struct cpu *cpu, const struct guest_start *s)
{
	static const uint16_t code_of[] = { 0, SEL_CODE16, SEL_CODE32, SEL_CODE16_3, SEL_CODE32_3 };
	static const uint16_t data_of[] = { 0, SEL_DATA16, SEL_DATA32, SEL_DATA16_3, SEL_DATA32_3 };
	bool paged = s->mode >= GUEST_PAGED_CPL0;
	bool v86 = s->mode == GUEST_V86 || s->mode == GUEST_PAGED_V86;
	unsigned pm = s->mode == GUEST_PAGED_CPL0 ? GUEST_PM32_CPL0
		      : s->mode == GUEST_PAGED_CPL3 ? GUEST_PM32_CPL3 : s->mode;
	if (s->mode == GUEST_REAL || v86) {
		load_real_segments(cpu, v86);
		cpu->eip = 0;
		cpu->reg[R_ESP] = STACK3;
	} else {
		load_segments(cpu, code_of[pm], data_of[pm]);
		cpu->eip = pm == GUEST_PM32_CPL0 || pm == GUEST_PM32_CPL3 ? CODE : 0;
		cpu->reg[R_ESP] = cpu->cpl ? STACK3 : STACK0;
	}
	if (s->mode == GUEST_REAL)
		return;
	cpu->cr0 |= CR0_PE | (paged ? CR0_PG : 0);
	cpu->cr3 = PAGE_DIR;
	cpu->gdtr = (struct cpu_table_reg){ GDT, 8 * GDT_ENTRIES - 1 };
	cpu->idtr = (struct cpu_table_reg){ IDT, 8 * IDT_ENTRIES - 1 };
	cpu->tr = descriptor_cache(SEL_TSS, &gdt_rows[8]);
	cpu->ldtr = descriptor_cache(SEL_LDT, &gdt_rows[9]);
	if (v86) {
		cpu->eflags |= FLAG_VM;
		cpu->cpl = 3;
	}
}

/* The control, flag and debug registers the header asks for. */
static void set_controls(struct cpu *cpu, const struct guest_start *s)
{
	uint8_t f = s->flags[0], g = s->flags[1];
	cpu->cr0 |= (f & GUEST_WP ? CR0_WP : 0) | (g & GUEST_EM ? CR0_EM : 0) |
		    (g & GUEST_TS ? CR0_TS : 0) | (g & GUEST_AC ? CR0_AM : 0);
	cpu->cr4 = (f & GUEST_PSE ? CR4_PSE : 0) | (f & GUEST_PGE ? CR4_PGE : 0) |
		   (g & GUEST_TSD ? CR4_TSD : 0) | (g & GUEST_VME ? CR4_VME | CR4_PVI : 0);
	cpu->eflags |= (f & GUEST_TF ? FLAG_TF : 0) | (f & GUEST_IRQ ? FLAG_IF : 0) |
		       (g & GUEST_AC ? FLAG_AC : 0) | (uint32_t)(g & GUEST_IOPL) << 12;
	if (g & GUEST_DR) {
		for (unsigned k = 0; k < 4; k++)
			cpu->dr[k] = CODE + s->raw[k];
		cpu->dr[7] = s->dr7[0] | (uint32_t)s->dr7[1] << 16 | (uint32_t)s->dr7[2] << 24;
	}
	if (s->flags[2] & GUEST_A20)
		line_set(&cpu->a20m, true);
}

/* The 8259s initialized (vectors 0x20 and 0x28, IRQ0 alone unmasked) and
 * the 8254's counter 0 as a rate generator of pit_count + 1 ticks. */
static void start_interrupts(struct bus *bus, uint8_t pit_count)
{
	static const uint8_t pic[][2] = {
		{ 0x20, 0x11 }, { 0x21, 0x20 }, { 0x21, 0x04 }, { 0x21, 0x01 }, { 0x21, 0xFE },
		{ 0xA0, 0x11 }, { 0xA1, 0x28 }, { 0xA1, 0x02 }, { 0xA1, 0x01 }, { 0xA1, 0xFF },
		{ 0x43, 0x34 },
	};
	for (size_t k = 0; k < sizeof(pic) / sizeof(pic[0]); k++)
		bus_out(bus, pic[k][0], pic[k][1], 1);
	bus_out(bus, 0x40, pit_count + 1u, 1);
	bus_out(bus, 0x40, 0, 1);
}

/* An SMI before the first instruction, whose handler is the code: at
 * SMBASE 0x30000 in RAM, or at 0xA0000 in the i440FX's SMRAM (enabled
 * through PCI configuration, as firmware does). */
static void raise_smi(struct machine *m, const struct guest_start *s)
{
	struct cpu *cpu = m->cpu;
	if (s->flags[0] & GUEST_SMRAM) {
		bus_out(m->board->bus, 0xCF8, 0x80000070u, 4);
		bus_out(m->board->bus, 0xCFE, 0x0A, 1); /* G_SMRAME, C_BASE_SEG */
		cpu->smbase = SMBASE_SMRAM;
	}
	bus_poke(m->board->bus, BUS_VIEW_SMM_CODE, cpu->smbase + SMM_ENTRY, s->code, s->code_len);
	line_set(&cpu->smi, true);
	line_set(&cpu->smi, false);
}

void guest_parse(const uint8_t *data, size_t size, struct guest_start *s)
{
	uint8_t h[GUEST_HEADER] = { 0 };
	memcpy(h, data, size < sizeof(h) ? size : sizeof(h));
	s->mode = h[0] % GUEST_MODES;
	memcpy(s->flags, h + 1, 3);
	memcpy(s->dr7, h + 4, 3);
	s->pit_count = h[7];
	memcpy(s->raw, h + 8, sizeof(s->raw));
	s->code = size > sizeof(h) ? data + sizeof(h) : data;
	s->code_len = size > sizeof(h) ? size - sizeof(h) : 0;
	if (s->code_len > GUEST_CODE_MAX)
		s->code_len = GUEST_CODE_MAX;
}

void guest_setup(struct machine *m, const struct guest_start *s)
{
	struct cpu *cpu = m->cpu;
	bool paged = s->mode >= GUEST_PAGED_CPL0;
	build_gdt_ldt(m, s);
	build_tsses(m, paged);
	build_vectors(m);
	if (paged)
		build_page_tables(m, s->flags[0]);
	poke(m, CODE, s->code, s->code_len);
	poke(m, SMBASE_RAM + SMM_ENTRY, s->code, s->code_len);
	enter_mode(cpu, s);
	set_controls(cpu, s);
	cpu_state_changed(cpu);
	if (s->flags[0] & GUEST_IRQ)
		start_interrupts(m->board->bus, s->pit_count);
	if (s->flags[0] & (GUEST_SMI | GUEST_SMRAM))
		raise_smi(m, s);
}
