/* Unit tests of SMI entry and RSM on a test bus: the entry state and the
 * save map, RSM with modified registers, SMBASE relocation, auto-HALT,
 * latched SMIs, NMI blocking, I/O restart, RSM's #UD and shutdown, the
 * CR4 an SSE-enabled OS leaves, and
 * that switching views never serves a stale TLB or decoded entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/core.h"
#include "cpu/smm.h"
#include "tests/unit/fixture.h"

#define RAM_SIZE (1u << 20)
#define SMRAM_SIZE 0x20000u

struct fixture {
	struct bus *bus;
	struct cpu *cpu;
	uint8_t *ram;
	uint8_t *smram;   /* at 0xA0000, seen only in the SMM views */
	unsigned port_b2_writes;
	struct ram_machine rm;
};

static uint32_t port_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return 0;
}

/* Port 0xB2 raises SMI on every write, like APMC with APMC_EN set. */
static void port_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct fixture *f = opaque;
	(void)offset;
	(void)value;
	(void)size;
	f->port_b2_writes++;
	line_pulse(&f->cpu->smi);
}

static const struct bus_io_ops apm_ops = { port_read, port_write };

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	fixture_ram_machine(&f->rm, RAM_SIZE);
	f->bus = f->rm.bus;
	f->cpu = f->rm.cpu;
	f->ram = f->rm.ram;
	f->smram = calloc(1, SMRAM_SIZE);
	bus_add_ram(f->bus, "smram", 0xA0000, SMRAM_SIZE, 1, BUS_VIS_SMM, f->smram);
	bus_add_ports(f->bus, 0xB2, 1, &apm_ops, f);
	fixture_start_real(f->cpu, 0x1000, 0x8000);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fixture_ram_machine_free(&f->rm);
	free(f->smram);
	free(f);
	return 0;
}

static void put(struct fixture *f, uint32_t addr, const void *bytes, size_t n)
{
	bus_poke(f->bus, BUS_VIEW_NORMAL, addr, bytes, n);
}

static uint32_t map32(struct fixture *f, uint32_t smbase, unsigned off)
{
	uint32_t v = 0;
	bus_peek(f->bus, BUS_VIEW_SMM_DATA, smbase + 0x8000 + off, &v, 4);
	return v;
}

/* mov eax,0x12345678 ; nop ; cli ; hlt  (16-bit code: 66 for the imm32) */
static const uint8_t main_code[] = { 0x66, 0xB8, 0x78, 0x56, 0x34, 0x12, 0x90, 0xFA, 0xF4 };
static const uint8_t rsm[] = { 0x0F, 0xAA };

static void test_entry_state_and_save_map(void **state)
{
	struct fixture *f = *state;
	static const uint8_t handler[] = { 0xF4 }; /* hlt, IF=0: stops the run */
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	f->cpu->cr0 |= CR0_TS;
	cpu_set_eflags(f->cpu, 0x2 | FLAG_DF);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET);
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	struct cpu *cpu = f->cpu;
	assert_true(cpu->smm);
	assert_int_equal(cpu->smi_count, 1);
	assert_int_equal(cpu->seg[S_CS].sel, 0x3000);
	assert_int_equal(cpu->seg[S_CS].base, 0x30000);
	assert_int_equal(cpu->seg[S_CS].limit, 0xFFFFFFFFu);
	assert_int_equal(cpu->seg[S_DS].limit, 0xFFFFFFFFu);
	assert_int_equal(cpu->eip, 0x8001);
	assert_int_equal(cpu_get_eflags(cpu), 0x2);
	assert_int_equal(cpu->cr0 & (CR0_PE | CR0_TS | CR0_PG | CR0_EM), 0);
	assert_int_equal(cpu->dr[7], 0x400);
	assert_int_equal(map32(f, 0x30000, SMM_EIP), 0x1006);
	assert_int_equal(map32(f, 0x30000, SMM_GPR + 4 * R_EAX), 0x12345678);
	assert_int_equal(map32(f, 0x30000, SMM_EFLAGS) & FLAG_DF, FLAG_DF);
	assert_int_equal(map32(f, 0x30000, SMM_CR0) & CR0_TS, CR0_TS);
	assert_int_equal(map32(f, 0x30000, SMM_REVISION_ID), 0x00030000);
	assert_int_equal(map32(f, 0x30000, SMM_SMBASE), 0x30000);
	assert_int_equal(map32(f, 0x30000, SMM_AUTO_HALT) & 0xFFFF, 0);
	assert_int_equal(map32(f, 0x30000, SMM_IO_STATE), 0); /* not after an I/O insn */
	assert_int_equal(map32(f, 0x30000, SMM_SEL + 4 * S_SS), 0);
}

static void test_rsm_restores_modified_registers(void **state)
{
	struct fixture *f = *state;
	/* mov dword [cs:0xFFD0],0x11223344 (saved EAX) ; rsm */
	static const uint8_t handler[] = { 0x2E, 0x66, 0xC7, 0x06, 0xD0, 0xFF,
					   0x44, 0x33, 0x22, 0x11, 0x0F, 0xAA };
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET);
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_false(f->cpu->smm);
	assert_int_equal(f->cpu->rsm_count, 1);
	assert_int_equal(f->cpu->reg[R_EAX], 0x11223344);
	assert_int_equal(f->cpu->eip, 0x1009);
	assert_int_equal(f->cpu->seg[S_CS].sel, 0);
	assert_int_equal(f->cpu->seg[S_CS].limit, 0xFFFF);
}

static void test_smbase_relocation(void **state)
{
	struct fixture *f = *state;
	/* mov dword [cs:0xFEF8],0x50000 ; rsm */
	static const uint8_t handler[] = { 0x2E, 0x66, 0xC7, 0x06, 0xF8, 0xFE,
					   0x00, 0x00, 0x05, 0x00, 0x0F, 0xAA };
	static const uint8_t second[] = { 0xF4 };
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	put(f, 0x58000, second, sizeof(second));
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->smbase, 0x50000);
	f->cpu->halted = false;
	f->cpu->eip = 0x1000;
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_true(f->cpu->smm);
	assert_int_equal(f->cpu->seg[S_CS].sel, 0x5000);
	assert_int_equal(map32(f, 0x50000, SMM_SMBASE), 0x50000);
}

static void test_smi_in_hlt_returns_to_hlt_or_past_it(void **state)
{
	struct fixture *f = *state;
	static const uint8_t code[] = { 0xFA, 0xF4, 0xB0, 0x42, 0xFA, 0xF4 };
	put(f, 0x1000, code, sizeof(code));
	put(f, 0x38000, rsm, sizeof(rsm));
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->eip, 0x1002);
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(map32(f, 0x30000, SMM_AUTO_HALT) & 1, 1);
	assert_int_equal(f->cpu->eip, 0x1002);  /* back in HLT */
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFF, 0);
	/* Now a handler that clears auto-HALT: execution goes on past HLT. */
	static const uint8_t clear[] = { 0x2E, 0xC7, 0x06, 0x02, 0xFF, 0x00, 0x00, 0x0F, 0xAA };
	put(f, 0x38000, clear, sizeof(clear));
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->reg[R_EAX] & 0xFF, 0x42);
	assert_int_equal(f->cpu->eip, 0x1006);
	assert_int_equal(f->cpu->smi_count, 2);
}

static void test_smi_in_smm_is_latched_until_rsm(void **state)
{
	struct fixture *f = *state;
	static const uint8_t handler[] = { 0x90, 0x0F, 0xAA };
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET);
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET); /* enter, run the nop */
	assert_true(f->cpu->smm);
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET); /* rsm */
	assert_int_equal(f->cpu->smi_count, 1);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET); /* second SMI at once */
	assert_int_equal(f->cpu->smi_count, 2);
	assert_int_equal(map32(f, 0x30000, SMM_EIP), 0x1006);  /* nothing ran between */
}

static void test_nmi_waits_for_rsm(void **state)
{
	struct fixture *f = *state;
	static const uint8_t handler[] = { 0x90, 0x0F, 0xAA };
	static const uint8_t nmi_handler[] = { 0xFA, 0xF4 };
	uint32_t ivt2 = 0x2000;
	put(f, 8, &ivt2, 4);
	put(f, 0x2000, nmi_handler, sizeof(nmi_handler));
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	line_pulse(&f->cpu->smi);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET);
	assert_true(f->cpu->smm);
	line_pulse(&f->cpu->nmi);
	assert_int_equal(cpu_run(f->cpu, 1), CPU_EXIT_BUDGET); /* rsm, NMI still held */
	assert_false(f->cpu->smm);
	assert_true(f->cpu->nmi_pending);
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->eip, 0x2002);                 /* the NMI handler */
}

static void test_io_restart_reexecutes_out(void **state)
{
	struct fixture *f = *state;
	/* mov al,5 ; out 0xB2,al ; cli ; hlt */
	static const uint8_t code[] = { 0xB0, 0x05, 0xE6, 0xB2, 0xFA, 0xF4 };
	/* Once (a flag at cs:0x100): I/O restart = 0xFF.  Then rsm. */
	static const uint8_t handler[] = {
		0x2E, 0x80, 0x3E, 0x00, 0x01, 0x00,       /* cmp byte [cs:0x100],0 */
		0x75, 0x0D,                               /* jne done */
		0x2E, 0xC6, 0x06, 0x00, 0x01, 0x01,       /* mov byte [cs:0x100],1 */
		0x2E, 0xC7, 0x06, 0x00, 0xFF, 0xFF, 0x00, /* mov word [cs:0xFF00],0xFF */
		0x0F, 0xAA,                               /* done: rsm */
	};
	put(f, 0x1000, code, sizeof(code));
	put(f, 0x38000, handler, sizeof(handler));
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->port_b2_writes, 2);
	assert_int_equal(f->cpu->smi_count, 2);
	/* IO_SMI, byte, OUT imm8, port 0xB2 (SDM Table 34-5, 34-6). */
	assert_int_equal(map32(f, 0x30000, SMM_IO_STATE), 0x00B20083u);
}

static void test_rsm_outside_smm_is_ud(void **state)
{
	struct fixture *f = *state;
	uint32_t ivt6 = 0x2000;
	static const uint8_t ud_handler[] = { 0xFA, 0xF4 };
	put(f, 6 * 4, &ivt6, 4);
	put(f, 0x2000, ud_handler, sizeof(ud_handler));
	put(f, 0x1000, rsm, sizeof(rsm));
	assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->eip, 0x2002);
	assert_int_equal(f->cpu->rsm_count, 0);
}

/* An SMI during main_code whose handler writes VALUE into the save-state
 * map at 0xFE00 + FIELD, then executes RSM; returns how the run ends. */
static enum cpu_exit smi_writing_field(struct fixture *f, uint16_t field, uint32_t value)
{
	/* mov dword [cs:0xFE00 + FIELD],VALUE ; rsm */
	const uint8_t handler[] = { 0x2E, 0x66, 0xC7, 0x06, (uint8_t)field, (uint8_t)(field >> 8),
				    (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
				    (uint8_t)(value >> 24), 0x0F, 0xAA };
	put(f, 0x1000, main_code, sizeof(main_code));
	put(f, 0x38000, handler, sizeof(handler));
	line_pulse(&f->cpu->smi);
	return cpu_run(f->cpu, 100);
}

static void test_rsm_to_invalid_state_shuts_down(void **state)
{
	struct fixture *f = *state;
	/* CR0: PG without PE */
	assert_int_equal(smi_writing_field(f, 0xFFFC, 0x80000010), CPU_EXIT_SHUTDOWN);
	assert_string_equal(f->cpu->exit_detail, "RSM restored an invalid state");
}

/* Linux with SSE enabled (CR4 OSFXSR, OSXMMEXCPT, PGE, PSE: 0x690) is
 * interrupted by an SMI; RSM puts the bits back rather than shutting down. */
static void test_rsm_restores_sse_enabled_cr4(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(smi_writing_field(f, 0xFF14, 0x690), CPU_EXIT_HALT);
	assert_int_equal(f->cpu->rsm_count, 1);
	assert_int_equal(f->cpu->cr4, 0x690);
}

/* The same CS:EIP and the same data address reach SMRAM in SMM and RAM
 * outside it; neither the TLB nor the decoded-code cache may mix them. */
static void test_view_switch_serves_no_stale_entry(void **state)
{
	struct fixture *f = *state;
	/* at A000:8000: mov al,[0x100] ; cli ; hlt  (DS = 0xA000) */
	static const uint8_t normal_code[] = { 0xA0, 0x00, 0x01, 0xFA, 0xF4 };
	static const uint8_t smm_code[] = { 0xA0, 0x00, 0x01, 0xB4, 0x77, 0xFA, 0xF4 };
	memcpy(f->ram + 0xA8000, normal_code, sizeof(normal_code));
	memcpy(f->smram + 0x8000, smm_code, sizeof(smm_code));
	f->ram[0xA0100] = 0x22;
	f->smram[0x100] = 0x11;
	for (int round = 0; round < 4; round++) {
		bool smm = round & 1;
		f->cpu->smm = smm;
		f->cpu->halted = false;
		f->cpu->reg[R_EAX] = 0;
		cpu_load_real_segment(f->cpu, S_CS, 0xA000);
		cpu_load_real_segment(f->cpu, S_DS, 0xA000);
		f->cpu->eip = 0x8000;
		cpu_state_changed(f->cpu);
		assert_int_equal(cpu_run(f->cpu, 100), CPU_EXIT_HALT);
		assert_int_equal(f->cpu->reg[R_EAX] & 0xFFFF, smm ? 0x7711 : 0x0022);
	}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_entry_state_and_save_map),
		T(test_rsm_restores_modified_registers),
		T(test_smbase_relocation),
		T(test_smi_in_hlt_returns_to_hlt_or_past_it),
		T(test_smi_in_smm_is_latched_until_rsm),
		T(test_nmi_waits_for_rsm),
		T(test_io_restart_reexecutes_out),
		T(test_rsm_outside_smm_is_ud),
		T(test_rsm_to_invalid_state_shuts_down),
		T(test_rsm_restores_sse_enabled_cr4),
		T(test_view_switch_serves_no_stale_entry),
	};
#undef T
	return cmocka_run_group_tests_name("smm", tests, NULL, NULL);
}
