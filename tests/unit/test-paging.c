/* Unit tests of PAE paging (cpu/paging.c, SDM Vol.3A §4.4): the walk
 * through the PDPTEs to 4 KiB and 2 MiB pages, accessed and dirty bits,
 * reserved bits faulting with RSVD, PDPTEs checked when loaded, pages
 * above 4 GiB, INVLPG of a large page, and MOV CR3's #GP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/core.h"
#include "cpu/mmu.h"
#include "cpu/paging.h"
#include "tests/unit/fixture.h"

#define PDPT 0x10000u
#define PD   0x11000u
#define PT   0x12000u
#define GDT  0x6000u
#define IDT  0x7000u
#define SEEN 0x500u   /* the #GP handler writes 13 here */

static void put64(struct ram_machine *rm, uint32_t at, uint64_t v)
{
	memcpy(rm->ram + at, &v, 8);
}

static uint64_t get64(struct ram_machine *rm, uint32_t at)
{
	uint64_t v;
	memcpy(&v, rm->ram + at, 8);
	return v;
}

/* The tables: 0-2 MiB identity by a 2 MiB page (the code), 0x200000 a
 * 2 MiB page at 4 MiB, 0x400000-0x5FFFFF by a page table (0x405000 to
 * 0x345000, 0x406000 above 4 GiB), 0x600000 a 2 MiB PDE with a reserved
 * bit.  Flat 32-bit protected mode at CPL 0 with PAE paging on. */
static void build(struct ram_machine *rm)
{
	put64(rm, PDPT, PD | 1);
	put64(rm, PD + 0 * 8, 0x000000 | 0x83);
	put64(rm, PD + 1 * 8, 0x400000 | 0x87);
	put64(rm, PD + 2 * 8, PT | 0x07);
	put64(rm, PD + 3 * 8, 0x600000 | 0x87 | (1u << 13));
	put64(rm, PT + 5 * 8, 0x345000 | 0x07);
	put64(rm, PT + 6 * 8, 0x100000000ull | 0x07);
	struct cpu *cpu = rm->cpu;
	cpu->cr3 = PDPT;
	cpu->cr4 = CR4_PAE;
	cpu->cr0 |= CR0_PG;
	fixture_start_flat32(cpu, 0x1000);
	assert_true(paging_load_pdpt(cpu, PDPT));
}

static void test_pae_walk_4k_and_2m(void **state)
{
	struct ram_machine *rm = *state;
	build(rm);
	uint64_t pa;
	assert_int_equal(mmu_translate(rm->cpu, 0x405123, ACC_READ, &pa), R_NEXT);
	assert_int_equal(pa, 0x345123);
	assert_int_equal(get64(rm, PD + 2 * 8) & 0x60, 0x20);   /* PDE accessed */
	assert_int_equal(get64(rm, PT + 5 * 8) & 0x60, 0x20);   /* PTE accessed, clean */
	assert_int_equal(get64(rm, PDPT), PD | 1);              /* a PDPTE has no A bit */
	assert_int_equal(mmu_translate(rm->cpu, 0x405123, ACC_WRITE, &pa), R_NEXT);
	assert_int_equal(get64(rm, PT + 5 * 8) & 0x60, 0x60);   /* dirty */
	assert_int_equal(get64(rm, PD + 2 * 8) & 0x40, 0);      /* a PDE over a table: no D */
	assert_int_equal(mmu_translate(rm->cpu, 0x2ABCDE, ACC_WRITE, &pa), R_NEXT);
	assert_int_equal(pa, 0x4ABCDE);
	assert_int_equal(get64(rm, PD + 1 * 8) & 0x60, 0x60);   /* the 2 MiB page's D */
	assert_true(cpu_translate_peek(rm->cpu, 0x405FFF, (uint32_t[]){ 0 }));
}

static void test_pae_faults(void **state)
{
	struct ram_machine *rm = *state;
	struct cpu *cpu = rm->cpu;
	build(rm);
	uint64_t pa;
	/* a reserved bit: P | RSVD, with W and U as the access was */
	assert_int_equal(mmu_translate(cpu, 0x612345, ACC_READ, &pa), R_FAULT);
	assert_int_equal(cpu->core->exc_vector, VEC_PF);
	assert_int_equal(cpu->core->exc_error, 0x9);
	assert_int_equal(cpu->cr2, 0x612345);
	cpu->cpl = 3;
	assert_int_equal(mmu_translate(cpu, 0x612345, ACC_WRITE, &pa), R_FAULT);
	assert_int_equal(cpu->core->exc_error, 0xF);
	/* not present: a PDPTE, a PDE, a PTE */
	cpu->cpl = 0;
	assert_int_equal(mmu_translate(cpu, 0x40000000, ACC_READ, &pa), R_FAULT);
	assert_int_equal(cpu->core->exc_error, 0);
	assert_int_equal(mmu_translate(cpu, 0x800000, ACC_WRITE, &pa), R_FAULT);
	assert_int_equal(cpu->core->exc_error, 2);
	assert_int_equal(mmu_translate(cpu, 0x407000, ACC_READ, &pa), R_FAULT);
	/* a supervisor 2 MiB page read at CPL 3 */
	cpu->cpl = 3;
	assert_int_equal(mmu_translate(cpu, 0x1000, ACC_READ, &pa), R_FAULT);
	assert_int_equal(cpu->core->exc_error, 0x5);
	uint32_t seen;
	assert_false(cpu_translate_peek(cpu, 0x612345, &seen));
}

static void test_pdpte_reserved_bits(void **state)
{
	struct ram_machine *rm = *state;
	build(rm);
	put64(rm, PDPT + 8, 0x13000 | 1 | 0x4);       /* bit 2 is reserved */
	assert_false(paging_load_pdpt(rm->cpu, PDPT));
	assert_int_equal(rm->cpu->core->pdpte[1], 0);  /* nothing loaded */
	put64(rm, PDPT + 8, 0x13000 | 0x4);            /* not present: anything goes */
	assert_true(paging_load_pdpt(rm->cpu, PDPT));
	put64(rm, PDPT + 8, 0x1000013000ull | 1);      /* above 36 bits */
	assert_false(paging_load_pdpt(rm->cpu, PDPT));
}

static void test_above_4gib_reaches_nothing(void **state)
{
	struct ram_machine *rm = *state;
	build(rm);
	uint32_t v = 0;
	uint64_t pa;
	assert_int_equal(mmu_translate(rm->cpu, 0x406010, ACC_READ, &pa), R_NEXT);
	assert_int_equal(pa, 0x100000010ull);
	assert_int_equal(mmu_read_slow(rm->cpu, 0x406010, 4, ACC_READ, &v), R_NEXT);
	assert_int_equal(v, 0xFFFFFFFFu);
	assert_int_equal(mmu_write_traced(rm->cpu, 0x406010, 4, ACC_WRITE, 0x12345678), R_NEXT);
	assert_int_equal(get64(rm, 0x10), 0);           /* not wrapped to 0x10 */
	assert_false(cpu_translate_peek(rm->cpu, 0x406010, &v));
}

/* INVLPG anywhere in a large page drops every piece of it. */
static void test_invlpg_drops_a_large_page(void **state)
{
	struct ram_machine *rm = *state;
	build(rm);
	uint32_t v;
	memcpy(rm->ram + 0x401000, "OLD!", 4);
	memcpy(rm->ram + 0x601000, "NEW!", 4);
	assert_int_equal(lin_read(rm->cpu, 0x201000, 4, &v), R_NEXT);
	assert_memory_equal(&v, "OLD!", 4);
	put64(rm, PD + 1 * 8, 0x600000 | 0x87);
	assert_int_equal(lin_read(rm->cpu, 0x201000, 4, &v), R_NEXT);
	assert_memory_equal(&v, "OLD!", 4);              /* still in the TLB */
	cpu_tlb_flush_page(rm->cpu, 0x3FF000);           /* another 4 KiB of the page */
	assert_int_equal(lin_read(rm->cpu, 0x201000, 4, &v), R_NEXT);
	assert_memory_equal(&v, "NEW!", 4);
}

/* A GDT with flat code (0x08) and data (0x10), and an IDT whose #GP gate
 * runs a handler that writes 13 at SEEN and halts. */
static void install_gp_handler(struct ram_machine *rm)
{
	put64(rm, GDT + 8, 0x00CF9A000000FFFFull);
	put64(rm, GDT + 16, 0x00CF92000000FFFFull);
	put64(rm, IDT + 13 * 8, 0x00008E0000082000ull);  /* 32-bit interrupt gate to 0x2000 */
	static const uint8_t handler[] = { 0xC6, 0x05, SEEN & 0xFF, SEEN >> 8, 0, 0, 13, 0xF4 };
	memcpy(rm->ram + 0x2000, handler, sizeof(handler));
	rm->cpu->gdtr = (struct cpu_table_reg){ GDT, 23 };
	rm->cpu->idtr = (struct cpu_table_reg){ IDT, 0xFF };
	rm->cpu->reg[R_ESP] = 0x9000;
}

static void test_mov_cr3_checks_the_pdptes(void **state)
{
	struct ram_machine *rm = *state;
	struct cpu *cpu = rm->cpu;
	build(rm);
	install_gp_handler(rm);
	static const uint8_t mov_cr3[] = { 0x0F, 0x22, 0xD8, 0xF4 };  /* mov cr3, eax; hlt */
	memcpy(rm->ram + 0x1000, mov_cr3, sizeof(mov_cr3));
	put64(rm, 0x20000, 0x13000 | 1 | 0x100);        /* a second PDPT, bit 8 reserved */
	cpu->reg[R_EAX] = 0x20000;
	cpu->eip = 0x1000;
	cpu_run(cpu, 100);
	assert_int_equal(rm->ram[SEEN], 13);
	assert_int_equal(cpu->cr3, PDPT);                /* unchanged */
	put64(rm, 0x20000, PD | 1);                      /* a good one */
	rm->ram[SEEN] = 0;
	cpu->halted = false;
	cpu->eip = 0x1000;
	cpu_run(cpu, 100);
	assert_int_equal(rm->ram[SEEN], 0);
	assert_int_equal(cpu->cr3, 0x20000);
	assert_int_equal(cpu->core->pdpte[0], PD | 1);
}

int main(void)
{
#define T(name) \
	cmocka_unit_test_setup_teardown(name, fixture_setup_ram_machine, fixture_teardown_ram_machine)
	const struct CMUnitTest tests[] = {
		T(test_pae_walk_4k_and_2m),
		T(test_pae_faults),
		T(test_pdpte_reserved_bits),
		T(test_above_4gib_reaches_nothing),
		T(test_invlpg_drops_a_large_page),
		T(test_mov_cr3_checks_the_pdptes),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
