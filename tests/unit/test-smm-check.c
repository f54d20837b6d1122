/* The SMM checks (debug/smm_check.c) on a whole q35 machine: what is
 * SMRAM is the chipset's answer at the time of the access, not at the
 * checker's creation.  The machine runs a BIOS image of 64 KiB of HLT
 * written for the test; the SMI handler is planted at SMBASE + 0x8000
 * (SDM Vol. 3 §34.5.1) by the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chipset/q35_mch.h"
#include "debug/smm_check.h"
#include "machine/machine.h"

#define RAM_MB       32u
#define TSEG_BASE    ((RAM_MB - 8u) << 20)   /* ESMRAMC TSEG_SZ 10: 8 MiB */
#define TSEG_DATA    (TSEG_BASE + 0x100u)
#define PLAIN_RAM    0x5000u
#define SMM_ENTRY    0x8000u                 /* SDM §34.5.1 */
#define FINDINGS_MAX 8

struct fixture {
	struct machine *m;
	struct smm_check *check;
	FILE *report;
	unsigned nfindings;
	struct smm_finding findings[FINDINGS_MAX];
};

static void record(void *opaque, const struct smm_finding *found)
{
	struct fixture *f = opaque;
	if (f->nfindings < FINDINGS_MAX)
		f->findings[f->nfindings] = *found;
	f->nfindings++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[] = "test-smm-check-bios-XXXXXX";   /* unlinked once read */
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static uint8_t bios[BOARD_BIOS_ALIGN];
	memset(bios, 0xF4, sizeof(bios));
	assert_int_equal(write(fd, bios, sizeof(bios)), (ssize_t)sizeof(bios));
	close(fd);
	struct board_config cfg = { .chipset = BOARD_Q35, .bios_path = path, .ram_mb = RAM_MB,
				    .local_apic = true };
	f->m = machine_new(&cfg);
	remove(path);
	assert_non_null(f->m);
	f->report = tmpfile();
	assert_non_null(f->report);
	*state = f;
	return 0;
}

/* The checks made with edk2 as given, TSEG off as at reset. */
static void start_checks(struct fixture *f, bool edk2)
{
	struct smm_check_config check = { .report = f->report, .on_finding = record,
					  .finding_opaque = f, .edk2 = edk2 };
	f->check = smm_check_new(f->m, &check);
	assert_non_null(f->check);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	smm_check_free(f->check);
	fclose(f->report);
	machine_free(f->m);
	free(f);
	return 0;
}

/* A configuration write by the host, not the CPU: the checker sees no
 * port event for it. */
static void mch_write(struct fixture *f, uint8_t reg, uint8_t value)
{
	struct bus *bus = f->m->board->bus;
	bus_out(bus, 0xCF8, 0x80000000u | (reg & 0xFCu), 4);
	bus_out(bus, (uint16_t)(0xCFC + (reg & 3u)), value, 1);
}

static void plant_code(struct fixture *f, uint32_t smbase, const uint8_t *code, size_t n)
{
	for (size_t k = 0; k < n; k++)
		bus_write(f->m->board->bus, BUS_VIEW_SMM_DATA, smbase + SMM_ENTRY + k, code[k], 1);
	f->m->cpu->smbase = smbase;
}

/* A handler at SMBASE + 0x8000 in 16-bit SMM code: a dword written into
 * TSEG, one into plain RAM, RSM. */
static void plant_handler(struct fixture *f, uint32_t smbase)
{
	static const uint8_t code[] = {
		0x66, 0x67, 0xA3, TSEG_DATA & 0xFF, (TSEG_DATA >> 8) & 0xFF,
		(TSEG_DATA >> 16) & 0xFF, TSEG_DATA >> 24,          /* mov [TSEG_DATA], eax */
		0x66, 0x67, 0xA3, PLAIN_RAM & 0xFF, PLAIN_RAM >> 8, 0, 0,  /* mov [PLAIN_RAM], eax */
		0x0F, 0xAA,                                         /* rsm */
	};
	plant_code(f, smbase, code, sizeof(code));
}

/* TSEG set up after the checker was made (as OVMF's PEI does): the
 * handler's fetches from TSEG and its write there are SMRAM's; the
 * write to plain RAM is the one finding. */
static void test_tseg_enabled_later_is_smram(void **state)
{
	struct fixture *f = *state;
	start_checks(f, false);
	mch_write(f, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04);    /* TSEG_SZ 10: 8 MiB */
	mch_write(f, MCH_SMRAM, SMRAM_G_SMRAME | 0x02);
	plant_handler(f, TSEG_BASE);
	line_pulse(&f->m->cpu->smi);
	assert_int_equal(machine_run(f->m, 100), MACHINE_HALT);
	assert_int_equal(f->m->cpu->rsm_count, 1);
	assert_int_equal(f->nfindings, 1);
	assert_int_equal(f->findings[0].kind, SMM_FINDING_WRITE_OUTSIDE);
	assert_int_equal(f->findings[0].address, PLAIN_RAM);
}

/* TSEG opened again (T_EN cleared: plain DRAM, as OVMF would open it):
 * the same handler, run from there, is one callout; its writes are the
 * callout's code's, not findings of their own. */
static void test_tseg_opened_again_is_not_smram(void **state)
{
	struct fixture *f = *state;
	start_checks(f, false);
	mch_write(f, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04);
	mch_write(f, MCH_SMRAM, SMRAM_G_SMRAME | 0x02);
	mch_write(f, MCH_ESMRAMC, 0x04);
	plant_handler(f, TSEG_BASE);
	line_pulse(&f->m->cpu->smi);
	assert_int_equal(machine_run(f->m, 100), MACHINE_HALT);
	assert_int_equal(f->nfindings, 1);
	assert_int_equal(f->findings[0].kind, SMM_FINDING_CALLOUT);
	assert_int_equal(f->findings[0].address, TSEG_BASE + SMM_ENTRY);
}

#define MANY_WRITES 300   /* more instructions than the checks once remembered */

/* A handler in TSEG that runs MANY_WRITES different writes to plain RAM
 * twice: each instruction is one finding, once per SMI, however many
 * there are. */
static void test_each_instruction_reports_once_per_smi(void **state)
{
	struct fixture *f = *state;
	start_checks(f, false);
	static const uint8_t write_plain[] = { 0x66, 0x67, 0xA3, PLAIN_RAM & 0xFF,
					       PLAIN_RAM >> 8, 0, 0 };
	static uint8_t code[3 + MANY_WRITES * sizeof(write_plain) + 1 + 4 + 2];
	size_t n = 0;
	code[n++] = 0xB9;                       /* mov cx, 2 */
	code[n++] = 2;
	code[n++] = 0;
	for (unsigned k = 0; k < MANY_WRITES; k++, n += sizeof(write_plain))
		memcpy(&code[n], write_plain, sizeof(write_plain));
	code[n++] = 0x49;                       /* dec cx */
	uint16_t back = (uint16_t)(3 - (n + 4));
	code[n++] = 0x0F;                       /* jnz near: back to the first write */
	code[n++] = 0x85;
	code[n++] = back & 0xFF;
	code[n++] = back >> 8;
	code[n++] = 0x0F;                       /* rsm */
	code[n++] = 0xAA;
	mch_write(f, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04);
	mch_write(f, MCH_SMRAM, SMRAM_G_SMRAME | 0x02);
	plant_code(f, TSEG_BASE, code, n);
	line_pulse(&f->m->cpu->smi);
	assert_int_equal(machine_run(f->m, 1000), MACHINE_HALT);
	assert_int_equal(f->m->cpu->rsm_count, 1);
	assert_int_equal(f->nfindings, MANY_WRITES);
}

#define EDK2_PRIVATE 0x7000u   /* where the SMM IPL's mailbox lies, in plain RAM */
#define EDK2_COMM    0x6000u   /* the communication buffer it names */

/* EDK2's SMM_CORE_PRIVATE_DATA (IA32) at EDK2_PRIVATE: the signature,
 * SmmEntryPoint (+16) and Smst (+24) in TSEG, CommunicationBuffer (+28)
 * EDK2_COMM and BufferSize (+32) 0x20. */
static void plant_edk2_private(struct fixture *f)
{
	static const struct { uint32_t offset, value; } fields[] = {
		{ 0, 0x636D6D73u }, { 16, TSEG_BASE + 0x1000 }, { 24, TSEG_BASE + 0x2000 },
		{ 28, EDK2_COMM }, { 32, 0x20 },
	};
	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		bus_write(f->m->board->bus, BUS_VIEW_NORMAL, EDK2_PRIVATE + fields[k].offset,
			  fields[k].value, 4);
}

/* A handler that reads the communication buffer's last dword, sets
 * InSmm (+21) in the private data and writes plain RAM outside both. */
static void run_edk2_handler(struct fixture *f)
{
	static const uint8_t code[] = {
		0x66, 0x67, 0xA1, 0x1C, EDK2_COMM >> 8, 0, 0,    /* mov eax, [EDK2_COMM + 0x1C] */
		0x67, 0xA2, 21, EDK2_PRIVATE >> 8, 0, 0,         /* mov [EDK2_PRIVATE + 21], al */
		0x66, 0x67, 0xA3, 0x20, EDK2_COMM >> 8, 0, 0,    /* mov [EDK2_COMM + 0x20], eax */
		0x0F, 0xAA,                                      /* rsm */
	};
	mch_write(f, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04);
	mch_write(f, MCH_SMRAM, SMRAM_G_SMRAME | 0x02);
	plant_edk2_private(f);
	plant_code(f, TSEG_BASE, code, sizeof(code));
	line_pulse(&f->m->cpu->smi);
	assert_int_equal(machine_run(f->m, 100), MACHINE_HALT);
	assert_int_equal(f->m->cpu->rsm_count, 1);
}

/* With edk2, the SMM core's mailbox and the buffer it names are the
 * handler's to read and write: the write one byte past the buffer is the
 * one finding. */
static void test_edk2_communication_buffer_is_no_finding(void **state)
{
	struct fixture *f = *state;
	start_checks(f, true);
	run_edk2_handler(f);
	assert_int_equal(f->nfindings, 1);
	assert_int_equal(f->findings[0].kind, SMM_FINDING_WRITE_OUTSIDE);
	assert_int_equal(f->findings[0].address, EDK2_COMM + 0x20);
}

/* Without it, the same handler's three accesses are findings. */
static void test_without_edk2_the_buffer_is_outside(void **state)
{
	struct fixture *f = *state;
	start_checks(f, false);
	run_edk2_handler(f);
	assert_int_equal(f->nfindings, 3);
	assert_int_equal(f->findings[0].address, EDK2_COMM + 0x1C);
	assert_int_equal(f->findings[1].address, EDK2_PRIVATE + 21);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tseg_enabled_later_is_smram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tseg_opened_again_is_not_smram, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_each_instruction_reports_once_per_smi, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_edk2_communication_buffer_is_no_finding, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_without_edk2_the_buffer_is_outside, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
