/* Unit tests of the P6 family's performance-monitoring counters
 * (cpu/pmu.c): the MSRs' reserved bits and the counters' 40-bit sign
 * extension, RDPMC's privilege and counter checks, exact counts of
 * instructions in ring 0 and ring 3 under the OS and USR filters, EN,
 * RESET, INIT and snapshots, the models without counters, and the
 * overflow interrupt through a whole machine's local APIC, after exactly
 * the instruction that overflows.  The expected counts come from the
 * rule pmu.h states (one count a retired instruction, at the CPL and
 * configuration it retires under), worked out by hand for each program. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chipset/apic_bus.h"
#include "cpu/core.h"
#include "cpu/model.h"
#include "cpu/msr.h"
#include "cpu/pmu.h"
#include "chipset/board.h"
#include "machine/machine.h"
#include "tests/unit/fixture.h"

#define CODE 0x1000u
#define USER_CODE 0x2000u
#define KERNEL_ENTRY 0x3000u
#define VECTOR_SEEN 0x500u   /* the exception handlers write their vector here */
#define NO_EXCEPTION 0xFFu
#define GDT 0x600u
#define TSS 0x700u
#define IDT 0x800u
#define HANDLERS 0x2800u
#define STACK0 0x8000u

#define SEL_CODE0 0x08u
#define SEL_DATA0 0x10u
#define SEL_CODE3 0x1Bu
#define SEL_DATA3 0x23u

#define EVTSEL_INST_OS_EN (PMU_EVENT_INST_RETIRED | PERFEVTSEL_OS | PERFEVTSEL_EN)

/* A little x86 assembler: each call appends one instruction. */
struct code {
	uint8_t bytes[256];
	unsigned len;
};

static void emit(struct code *c, const uint8_t *b, unsigned n)
{
	assert_true(c->len + n <= sizeof(c->bytes));
	memcpy(c->bytes + c->len, b, n);
	c->len += n;
}

static void emit_imm32(struct code *c, uint8_t opcode, uint32_t v)
{
	uint8_t b[5] = { opcode, (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };
	emit(c, b, 5);
}

static void emit_byte(struct code *c, uint8_t b, unsigned times)
{
	while (times--)
		emit(c, &b, 1);
}

/* mov ecx, index; mov eax, v; xor edx, edx (32-bit code): three
 * instructions, then WRMSR as a fourth. */
static void emit_wrmsr32(struct code *c, uint32_t index, uint32_t v)
{
	static const uint8_t xor_edx[] = { 0x31, 0xD2 }, wrmsr[] = { 0x0F, 0x30 };
	emit_imm32(c, 0xB9, index);
	emit_imm32(c, 0xB8, v);
	emit(c, xor_edx, 2);
	emit(c, wrmsr, 2);
}

static void place(struct ram_machine *rm, uint32_t at, const struct code *c)
{
	bus_poke(rm->bus, BUS_VIEW_NORMAL, at, c->bytes, c->len);
}

static uint64_t counter(const struct cpu *cpu, unsigned k)
{
	uint64_t v = 0;
	assert_true(cpu_msr_peek(cpu, MSR_PERFCTR0 + k, &v));
	return v;
}

/* A GDT with flat ring-0 and ring-3 code and data, a TSS giving ring 0's
 * stack, and an IDT whose #UD and #GP handlers store their vector at
 * VECTOR_SEEN and halt, for flat 32-bit protected mode. */
static void install_protected_mode(struct ram_machine *rm)
{
	static const uint64_t gdt[] = {
		0, 0x00CF9A000000FFFFull, 0x00CF92000000FFFFull,
		0x00CFFA000000FFFFull, 0x00CFF2000000FFFFull,
	};
	static const uint8_t vectors[] = { VEC_UD, VEC_GP };
	struct cpu *cpu = rm->cpu;
	memcpy(rm->ram + GDT, gdt, sizeof(gdt));
	cpu->gdtr = (struct cpu_table_reg){ GDT, sizeof(gdt) - 1 };
	uint32_t tss_stack[3] = { 0, STACK0, SEL_DATA0 };
	memcpy(rm->ram + TSS, tss_stack, sizeof(tss_stack));
	cpu->tr = (struct cpu_segment){ 0x28, SEG_ATTR_P | 0xB, TSS, 0x67 };
	cpu->idtr = (struct cpu_table_reg){ IDT, 0x7FF };
	for (unsigned k = 0; k < sizeof(vectors); k++) {
		uint32_t at = HANDLERS + 0x10 * k;
		uint8_t handler[] = { 0xC6, 0x05, VECTOR_SEEN & 0xFF, VECTOR_SEEN >> 8, 0, 0,
				      vectors[k], 0xF4 };
		uint32_t gate[2] = { (at & 0xFFFF) | (SEL_CODE0 << 16), (at & 0xFFFF0000u) | 0x8E00 };
		memcpy(rm->ram + at, handler, sizeof(handler));
		memcpy(rm->ram + IDT + 8 * vectors[k], gate, sizeof(gate));
	}
	rm->ram[VECTOR_SEEN] = NO_EXCEPTION;
}

/* Flat 32-bit code at CPL 3 at eip, written into the registers as a
 * debugger would. */
static void start_ring3(struct cpu *cpu, uint32_t eip)
{
	fixture_start_flat32(cpu, eip);
	cpu->seg[S_CS].sel = SEL_CODE3;
	cpu->seg[S_CS].attr |= SEG_ATTR_DPL;
	for (unsigned s = 0; s < S_COUNT; s++) {
		if (s == S_CS)
			continue;
		cpu->seg[s].sel = SEL_DATA3;
		cpu->seg[s].attr |= SEG_ATTR_DPL;
	}
	cpu->cpl = 3;
	cpu->reg[R_ESP] = 0x7000;
	cpu_state_changed(cpu);
}

static void test_evtsel_reserved_bits_raise_gp(void **state)
{
	struct ram_machine *rm = *state;
	uint64_t v;
	assert_false(msr_write(rm->cpu, MSR_PERFEVTSEL0, 1ull << 21));
	assert_false(msr_write(rm->cpu, MSR_PERFEVTSEL0, 1ull << 32));
	assert_false(msr_write(rm->cpu, MSR_PERFEVTSEL1, 1ull << 63));
	assert_true(msr_write(rm->cpu, MSR_PERFEVTSEL0, 0xFFDFFFFFull));
	assert_true(cpu_msr_peek(rm->cpu, MSR_PERFEVTSEL0, &v));
	assert_int_equal(v, 0xFFDFFFFFull);
	/* PerfEvtSel1's EN is kept as written (Linux writes it there). */
	assert_true(msr_write(rm->cpu, MSR_PERFEVTSEL1, PERFEVTSEL_EN | 0x2E));
	assert_true(cpu_msr_peek(rm->cpu, MSR_PERFEVTSEL1, &v));
	assert_int_equal(v, PERFEVTSEL_EN | 0x2E);
}

static void test_counter_writes_sign_extend_bit_31(void **state)
{
	struct ram_machine *rm = *state;
	assert_true(msr_write(rm->cpu, MSR_PERFCTR0, 0x80000000u));
	assert_int_equal(counter(rm->cpu, 0), 0xFF80000000ull);
	assert_true(msr_write(rm->cpu, MSR_PERFCTR1, 0xFFFFFFFF7FFFFFFFull));  /* EDX ignored */
	assert_int_equal(counter(rm->cpu, 1), 0x7FFFFFFFull);
	assert_true(msr_write(rm->cpu, MSR_PERFCTR0, 0x12345678FFFFFFF6ull));
	assert_int_equal(counter(rm->cpu, 0), 0xFFFFFFFFF6ull);   /* -10 in 40 bits */
}

/* RDPMC at CPL 3 then UD2: with CR4.PCE the read happens and UD2's #UD
 * is what stops it; without it, RDPMC's #GP. */
static unsigned rdpmc_at_cpl3(struct ram_machine *rm, uint32_t cr4, uint32_t ecx)
{
	static const uint8_t code[] = { 0x0F, 0x33, 0x0F, 0x0B };
	install_protected_mode(rm);
	bus_poke(rm->bus, BUS_VIEW_NORMAL, USER_CODE, code, sizeof(code));
	rm->cpu->cr4 = cr4;
	start_ring3(rm->cpu, USER_CODE);
	rm->cpu->reg[R_ECX] = ecx;
	rm->cpu->reg[R_EAX] = rm->cpu->reg[R_EDX] = 0xDEADBEEF;
	cpu_run(rm->cpu, 100);
	return rm->ram[VECTOR_SEEN];
}

static void test_rdpmc_at_cpl3_needs_cr4_pce(void **state)
{
	struct ram_machine *rm = *state;
	assert_true(msr_write(rm->cpu, MSR_PERFCTR1, 0x80000005u));
	assert_int_equal(rdpmc_at_cpl3(rm, 0, 1), VEC_GP);
	assert_int_equal(rm->cpu->reg[R_EAX], 0xDEADBEEF);
	assert_int_equal(rdpmc_at_cpl3(rm, CR4_PCE, 1), VEC_UD);
	assert_int_equal(rm->cpu->reg[R_EAX], 0x80000005u);
	assert_int_equal(rm->cpu->reg[R_EDX], 0xFF);       /* bits 39:32, sign-extended */
	assert_int_equal(rdpmc_at_cpl3(rm, CR4_PCE, 2), VEC_GP);
}

/* Real mode at CPL 0: RDPMC reads without CR4.PCE; ECX 2 is #GP; the
 * models without counters have neither RDPMC (#UD), their MSRs nor
 * CR4.PCE. */
static void test_rdpmc_and_msrs_by_model(void **state)
{
	struct ram_machine *rm = *state;
	static const uint8_t rdpmc_hlt[] = { 0x0F, 0x33, 0xF4 };
	static const uint8_t handler[] = { 0xC6, 0x06, VECTOR_SEEN & 0xFF, VECTOR_SEEN >> 8,
					   0, 0xF4 };
	static const uint8_t vectors[] = { VEC_UD, VEC_GP };
	for (const struct cpu_model *m = cpu_models; m->name; m++) {
		cpu_set_model(rm->cpu, m);
		bool p6 = m->pmu == CPU_PMU_P6;
		for (uint32_t ecx = 0; ecx < 3; ecx++) {
			for (unsigned k = 0; k < sizeof(vectors); k++) {
				uint16_t at = (uint16_t)(0x2000 + 0x10 * k), entry[2] = { at, 0 };
				memcpy(rm->ram + at, handler, sizeof(handler));
				rm->ram[at + 4] = vectors[k];
				memcpy(rm->ram + 4 * vectors[k], entry, sizeof(entry));
			}
			bus_poke(rm->bus, BUS_VIEW_NORMAL, CODE, rdpmc_hlt, sizeof(rdpmc_hlt));
			rm->ram[VECTOR_SEEN] = NO_EXCEPTION;
			rm->cpu->halted = false;
			rm->cpu->reg[R_ECX] = ecx;
			fixture_start_real(rm->cpu, CODE, 0x7000);
			cpu_run(rm->cpu, 100);
			unsigned want = !p6 ? VEC_UD : ecx > 1 ? VEC_GP : NO_EXCEPTION;
			if (rm->ram[VECTOR_SEEN] != want)
				fail_msg("rdpmc %u on %s: %u", ecx, m->name, rm->ram[VECTOR_SEEN]);
		}
		uint64_t v;
		assert_int_equal(cpu_msr_peek(rm->cpu, MSR_PERFEVTSEL0, &v), p6);
		assert_int_equal(cpu_msr_peek(rm->cpu, MSR_PERFCTR1, &v), p6);
		assert_int_equal(msr_write(rm->cpu, MSR_PERFCTR0, 0), p6);
		assert_int_equal((rm->cpu->core->cr4_writable & CR4_PCE) != 0, p6);
	}
}

/* From RESET, ring 0 programs the counters (PerfCtr0: INST_RETIRED at
 * OS, PerfCtr1: at USR, say), runs to ring 3 by SYSEXIT and back by SYSENTER, and halts:
 *   ring 0: WRMSR (EN) + 3 NOPs + 2 MOVs = 6, SYSENTER + 2 NOPs + HLT = 4;
 *   ring 3: SYSEXIT + 5 NOPs = 6.
 * An instruction counts at the CPL it retires at: SYSEXIT at 3,
 * SYSENTER at 0. */
static void run_ring0_and_ring3(struct ram_machine *rm, uint32_t evtsel0, uint32_t evtsel1)
{
	struct code k = { .len = 0 }, u = { .len = 0 }, entry = { .len = 0 };
	static const uint8_t sysexit[] = { 0x0F, 0x35 }, sysenter[] = { 0x0F, 0x34 };
	emit_wrmsr32(&k, MSR_SYSENTER_CS, SEL_CODE0);
	emit_wrmsr32(&k, MSR_SYSENTER_EIP, KERNEL_ENTRY);
	emit_wrmsr32(&k, MSR_SYSENTER_ESP, STACK0);
	emit_wrmsr32(&k, MSR_PERFEVTSEL1, evtsel1);
	emit_wrmsr32(&k, MSR_PERFEVTSEL0, evtsel0);
	emit_byte(&k, 0x90, 3);
	emit_imm32(&k, 0xBA, USER_CODE);      /* mov edx: ring 3's EIP */
	emit_imm32(&k, 0xB9, 0x7000);         /* mov ecx: ring 3's ESP */
	emit(&k, sysexit, 2);
	emit_byte(&u, 0x90, 5);
	emit(&u, sysenter, 2);
	emit_byte(&entry, 0x90, 2);
	emit_byte(&entry, 0xF4, 1);
	cpu_reset(rm->cpu);
	place(rm, CODE, &k);
	place(rm, USER_CODE, &u);
	place(rm, KERNEL_ENTRY, &entry);
	fixture_start_flat32(rm->cpu, CODE);
	assert_int_equal(cpu_run(rm->cpu, 1000), CPU_EXIT_HALT);
	assert_int_equal(rm->cpu->eip, KERNEL_ENTRY + 3);
}

static void test_counts_split_by_os_and_usr(void **state)
{
	struct ram_machine *rm = *state;
	run_ring0_and_ring3(rm, EVTSEL_INST_OS_EN,
			    PMU_EVENT_CPU_CLK_UNHALTED | PERFEVTSEL_USR);
	assert_int_equal(counter(rm->cpu, 0), 10);
	assert_int_equal(counter(rm->cpu, 1), 6);
}

static void test_counts_both_rings_with_os_and_usr(void **state)
{
	struct ram_machine *rm = *state;
	run_ring0_and_ring3(rm, EVTSEL_INST_OS_EN | PERFEVTSEL_USR,
			    PMU_EVENT_INST_RETIRED | PERFEVTSEL_USR | PERFEVTSEL_OS);
	assert_int_equal(counter(rm->cpu, 0), 16);
	assert_int_equal(counter(rm->cpu, 1), 16);
}

/* Without PerfEvtSel0's EN neither counter counts (PerfEvtSel1's EN
 * enables nothing); other events and CMASK 2 count nothing either. */
static void test_nothing_counts_without_en_or_for_other_events(void **state)
{
	struct ram_machine *rm = *state;
	run_ring0_and_ring3(rm, EVTSEL_INST_OS_EN & ~PERFEVTSEL_EN,
			    PMU_EVENT_INST_RETIRED | PERFEVTSEL_USR | PERFEVTSEL_OS | PERFEVTSEL_EN);
	assert_int_equal(counter(rm->cpu, 0), 0);
	assert_int_equal(counter(rm->cpu, 1), 0);
	run_ring0_and_ring3(rm, 0x2E | PERFEVTSEL_OS | PERFEVTSEL_USR | PERFEVTSEL_EN,
			    PMU_EVENT_INST_RETIRED | PERFEVTSEL_USR | PERFEVTSEL_OS | (2u << 24));
	assert_int_equal(counter(rm->cpu, 0), 0);
	assert_int_equal(counter(rm->cpu, 1), 0);
	/* CMASK 2 inverted: the one event a cycle is fewer than 2. */
	run_ring0_and_ring3(rm, EVTSEL_INST_OS_EN, PMU_EVENT_INST_RETIRED | PERFEVTSEL_USR |
			    PERFEVTSEL_OS | (2u << 24) | PERFEVTSEL_INV);
	assert_int_equal(counter(rm->cpu, 1), 16);
}

/* RESET clears the counters and event selects, INIT keeps them
 * counting (SDM Vol.3A Table 9-1), and a snapshot brings them back. */
static void test_reset_clears_init_keeps_snapshot_restores(void **state)
{
	struct ram_machine *rm = *state;
	static const uint8_t nops[16] = { 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
					  0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90 };
	bus_poke(rm->bus, BUS_VIEW_NORMAL, CODE, nops, sizeof(nops));
	fixture_start_flat32(rm->cpu, CODE);
	assert_true(msr_write(rm->cpu, MSR_PERFCTR0, 100));
	assert_true(msr_write(rm->cpu, MSR_PERFEVTSEL0, EVTSEL_INST_OS_EN));
	cpu_run(rm->cpu, 4);
	assert_int_equal(counter(rm->cpu, 0), 104);
	void *snap = malloc(cpu_snapshot_size());
	assert_non_null(snap);
	cpu_snapshot_save(rm->cpu, snap);
	cpu_run(rm->cpu, 3);
	assert_int_equal(counter(rm->cpu, 0), 107);
	cpu_snapshot_restore(rm->cpu, snap);
	assert_int_equal(counter(rm->cpu, 0), 104);
	free(snap);
	line_pulse(&rm->cpu->init);
	uint64_t before = rm->cpu->icount;
	cpu_run(rm->cpu, 1);          /* INIT, then what F000:FFF0 holds */
	assert_int_equal(rm->cpu->cr0 & CR0_PE, 0);
	assert_int_equal(counter(rm->cpu, 0), 104 + (rm->cpu->icount - before));
	uint64_t v;
	assert_true(cpu_msr_peek(rm->cpu, MSR_PERFEVTSEL0, &v));
	assert_int_equal(v, EVTSEL_INST_OS_EN);
	cpu_reset(rm->cpu);
	assert_int_equal(counter(rm->cpu, 0), 0);
	assert_true(cpu_msr_peek(rm->cpu, MSR_PERFEVTSEL0, &v));
	assert_int_equal(v, 0);
}

static void test_info_msr_lists_the_counters(void **state)
{
	struct ram_machine *rm = *state;
	static const char *const names[] = { "PERFCTR0", "PERFCTR1", "PERFEVTSEL0", "PERFEVTSEL1" };
	unsigned found = 0;
	for (unsigned k = 0; k < cpu_msr_count(rm->cpu); k++) {
		const char *name;
		cpu_msr_at(rm->cpu, k, &name);
		for (unsigned j = 0; j < 4; j++)
			found += strcmp(name, names[j]) == 0;
	}
	assert_int_equal(found, 4);
}

/* ---- the overflow interrupt, through a whole machine ---- */

#define PMI_VECTOR 0x40u
#define PMI_HANDLER 0x2000u
#define NMI_HANDLER 0x2010u
#define OVERFLOW_AFTER 10u     /* PerfCtr0 starts at -10 */
#define NOPS 32u

/* A machine whose CPU has a local APIC, its BIOS all HLT (the test puts
 * its program in RAM and starts it there). */
static int setup_machine(void **state)
{
	static uint8_t bios[BOARD_BIOS_ALIGN];
	char path[] = "test-pmu-bios-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	memset(bios, 0xF4, sizeof(bios));
	assert_int_equal(write(fd, bios, sizeof(bios)), (ssize_t)sizeof(bios));
	close(fd);
	struct board_config cfg = { .bios_path = path, .ram_mb = 2, .local_apic = true };
	struct machine *m = machine_new(&cfg);
	remove(path);
	assert_non_null(m);
	*state = m;
	return 0;
}

static int teardown_machine(void **state)
{
	machine_free(*state);
	return 0;
}

/* Real mode: STI, PerfCtr0 = -10, PerfEvtSel0 = INST_RETIRED, OS, EN and
 * INT as int_flag says (that WRMSR the first instruction counted), NOPs,
 * CLI, HLT.  The PMI and NMI handlers HLT (IF clear).  The LVT's
 * performance entry is lvt.  Returns the offset of the NOP the
 * interrupt came before, or NOPS when none came. */
static unsigned run_to_overflow(struct machine *m, uint32_t lvt, bool int_flag)
{
	static const uint8_t head[] = {
		0xFB, 0x66, 0xB9, 0xC1, 0x00, 0x00, 0x00, 0x66, 0xB8, 0xF6, 0xFF, 0xFF, 0xFF,
		0x0F, 0x30, 0x66, 0xB9, 0x86, 0x01, 0x00, 0x00, 0x66, 0xB8, 0xC0, 0x00, 0x42, 0x00,
		0x66, 0x31, 0xD2, 0x0F, 0x30,
	};
	struct board *b = m->board;
	memcpy(b->ram + CODE, head, sizeof(head));
	b->ram[CODE + 25] |= int_flag ? PERFEVTSEL_INT >> 16 : 0;
	memset(b->ram + CODE + sizeof(head), 0x90, NOPS);
	b->ram[CODE + sizeof(head) + NOPS] = 0xFA;
	b->ram[CODE + sizeof(head) + NOPS + 1] = 0xF4;
	b->ram[PMI_HANDLER] = b->ram[NMI_HANDLER] = 0xF4;
	uint16_t pmi_entry[2] = { PMI_HANDLER, 0 }, nmi_entry[2] = { NMI_HANDLER, 0 };
	memcpy(b->ram + 4 * PMI_VECTOR, pmi_entry, sizeof(pmi_entry));
	memcpy(b->ram + 4 * VEC_NMI, nmi_entry, sizeof(nmi_entry));
	lapic_write(&b->lapic, LAPIC_SVR, 0x1FF, 4);
	lapic_write(&b->lapic, LAPIC_LVT_PERF_REG, lvt, 4);
	fixture_start_real(m->cpu, CODE, 0x7000);
	assert_int_equal(machine_run(m, m->cpu->icount + 1000), MACHINE_HALT);
	if (m->cpu->reg[R_ESP] == 0x7000)
		return NOPS;
	uint16_t ip;
	memcpy(&ip, b->ram + (m->cpu->reg[R_ESP] & 0xFFFF), 2);
	return ip - (CODE + (unsigned)sizeof(head));
}

/* The WRMSR is the first of the ten counted: the interrupt comes after
 * the ninth NOP, before the tenth; the handler's HLT is counted after
 * the wrap to 0. */
static void test_overflow_interrupts_after_its_instruction(void **state)
{
	struct machine *m = *state;
	assert_int_equal(run_to_overflow(m, PMI_VECTOR, true), OVERFLOW_AFTER - 1);
	assert_int_equal(m->cpu->eip, PMI_HANDLER + 1);
	assert_int_equal(counter(m->cpu, 0), 1);
}

static void test_overflow_delivers_an_nmi_by_the_lvt(void **state)
{
	struct machine *m = *state;
	assert_int_equal(run_to_overflow(m, APIC_DM_NMI << 8, true), OVERFLOW_AFTER - 1);
	assert_int_equal(m->cpu->eip, NMI_HANDLER + 1);
}

static void test_no_interrupt_masked_or_without_int(void **state)
{
	struct machine *m = *state;
	assert_int_equal(run_to_overflow(m, PMI_VECTOR | LAPIC_LVT_MASKED, true), NOPS);
	assert_int_equal(counter(m->cpu, 0), NOPS + 3 - OVERFLOW_AFTER);
	assert_int_equal(run_to_overflow(m, PMI_VECTOR, false), NOPS);
	assert_int_equal(counter(m->cpu, 0), NOPS + 3 - OVERFLOW_AFTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_evtsel_reserved_bits_raise_gp,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_counter_writes_sign_extend_bit_31,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_rdpmc_at_cpl3_needs_cr4_pce,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_rdpmc_and_msrs_by_model,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_counts_split_by_os_and_usr,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_counts_both_rings_with_os_and_usr,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_nothing_counts_without_en_or_for_other_events,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_reset_clears_init_keeps_snapshot_restores,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_info_msr_lists_the_counters,
						fixture_setup_ram_machine, fixture_teardown_ram_machine),
		cmocka_unit_test_setup_teardown(test_overflow_interrupts_after_its_instruction,
						setup_machine, teardown_machine),
		cmocka_unit_test_setup_teardown(test_overflow_delivers_an_nmi_by_the_lvt,
						setup_machine, teardown_machine),
		cmocka_unit_test_setup_teardown(test_no_interrupt_masked_or_without_int,
						setup_machine, teardown_machine),
	};
	return cmocka_run_group_tests_name("pmu", tests, NULL, NULL);
}
