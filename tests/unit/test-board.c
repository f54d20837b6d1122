/* Unit tests of the board's own wiring: which of its lines the reset
 * control register and the keyboard controller pulse, that ISA IRQ n
 * reaches the 8259 input n (and the APICs, with a local APIC), the PIRQ
 * route registers, snapshots of the APICs, the files --fw-cfg offers,
 * and what the inspection call says the host bridge's SMRAM and PAM
 * registers mean, against the 82441FX datasheet's
 * tables written out below; and the q35 board's TSEG, APM SMI, reset and
 * snapshots.  The board runs on a BIOS image of 64 KiB of HLT written for
 * the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chipset/board.h"

struct fixture {
	struct board *board;
	unsigned kbc_resets, control_resets, smis;
	bool intr_level;
	struct line kbc_reset, control_reset, intr, smi;
};

static void count_pulse(void *opaque, bool level)
{
	if (level)
		++*(unsigned *)opaque;
}

static void set_level(void *opaque, bool level)
{
	*(bool *)opaque = level;
}

/* A board (the pc's chipset or the q35's, its CPU with a local APIC or
 * not, offering FILES through fw_cfg) with the lines the tests count
 * connected. */
static int setup_board(void **state, enum board_chipset chipset, bool local_apic,
		       const struct board_fw_cfg_file *files, unsigned nfiles)
{
	struct fixture *f = calloc(1, sizeof(*f));
	/* In the build directory, and unlinked once read. */
	char path[] = "test-board-bios-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static uint8_t bios[BOARD_BIOS_ALIGN];
	memset(bios, 0xF4, sizeof(bios));
	assert_int_equal(write(fd, bios, sizeof(bios)), (ssize_t)sizeof(bios));
	close(fd);
	struct board_config cfg = { .chipset = chipset, .bios_path = path,
				    .ram_mb = chipset == BOARD_Q35 ? 32 : 2,
				    .local_apic = local_apic,
				    .fw_cfg_files = files, .n_fw_cfg_files = nfiles };
	f->board = board_new(&cfg);
	remove(path);
	assert_non_null(f->board);
	f->kbc_reset = (struct line){ count_pulse, &f->kbc_resets };
	f->control_reset = (struct line){ count_pulse, &f->control_resets };
	f->intr = (struct line){ set_level, &f->intr_level };
	f->smi = (struct line){ count_pulse, &f->smis };
	struct board_lines lines = {
		.intr = &f->intr, .smi = &f->smi, .reset = &f->kbc_reset,
		.reset_control = &f->control_reset,
	};
	board_connect(f->board, &lines, NULL, NULL);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_board(state, BOARD_PC, false, NULL, 0);
}

/* A board whose CPU has a local APIC. */
static int setup_apic(void **state)
{
	return setup_board(state, BOARD_PC, true, NULL, 0);
}

/* A board offering, as --fw-cfg does, a string and a host file. */
/* A q35 board of 32 MiB. */
static int setup_q35(void **state)
{
	return setup_board(state, BOARD_Q35, true, NULL, 0);
}

static int setup_fw_cfg(void **state)
{
	char path[] = "test-board-fwcfg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "from a file", 11), 11);
	close(fd);
	const struct board_fw_cfg_file files[] = {
		{ .name = "opt/string", .string = "hello, world" },
		{ .name = "opt/file", .path = path },
	};
	int status = setup_board(state, BOARD_PC, false, files, 2);
	remove(path);
	return status;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	board_free(f->board);
	free(f);
	return 0;
}

/* PIIX3 datasheet, "RC - Reset Control Register": a 0-to-1 transition of
 * RCPU (bit 2) resets; SRST (bit 1) alone does not. */
static void test_reset_control_pulses_its_own_line(void **state)
{
	struct fixture *f = *state;
	bus_out(f->board->bus, 0xCF9, 0x02, 1);
	assert_int_equal(f->control_resets, 0);
	bus_out(f->board->bus, 0xCF9, 0x06, 1);
	assert_int_equal(f->control_resets, 1);
	assert_int_equal(f->kbc_resets, 0);
	assert_int_equal(bus_in(f->board->bus, 0xCF9, 1), 0);   /* RCPU self-clears */
}

/* The 8042's pulse-output command 0xFE: the keyboard controller's reset
 * line, not the reset control register's. */
static void test_kbc_reset_pulses_the_kbc_line(void **state)
{
	struct fixture *f = *state;
	bus_out(f->board->bus, 0x64, 0xFE, 1);
	assert_int_equal(f->kbc_resets, 1);
	assert_int_equal(f->control_resets, 0);
}

/* The master 8259 initialized (vector base 0x20, the slave on IRQ2) with
 * only IRQ irq unmasked. */
static void master_8259_with_only(struct fixture *f, unsigned irq)
{
	static const uint8_t icw[] = { 0x11, 0x20, 0x04, 0x01 };
	bus_out(f->board->bus, 0x20, icw[0], 1);
	for (unsigned k = 1; k < 4; k++)
		bus_out(f->board->bus, 0x21, icw[k], 1);
	bus_out(f->board->bus, 0x21, (uint8_t)~(1u << irq), 1);
}

/* ISA IRQ 5, unmasked at the master, raises INTR and is acknowledged as
 * vector base + 5. */
static void test_isa_irq_reaches_its_8259_input(void **state)
{
	struct fixture *f = *state;
	master_8259_with_only(f, 5);
	line_set(&f->board->isa_irq[3], true);
	assert_false(f->intr_level);
	line_set(&f->board->isa_irq[5], true);
	assert_true(f->intr_level);
	assert_int_equal(pic_acknowledge(&f->board->pic), 0x25);
}

/* A byte of the host bridge's configuration space, through the ports as
 * guest code writes it. */
static void host_bridge_write(struct fixture *f, uint8_t offset, uint8_t value)
{
	bus_out(f->board->bus, 0xCF8, 0x80000000u | (offset & 0xFCu), 4);
	bus_out(f->board->bus, 0xCFC + (offset & 3u), value, 1);
}

#define CODE BUS_VIS_SMM_CODE
#define DATA BUS_VIS_SMM_DATA
#define NORM BUS_VIS_NORMAL

/* The SMRAM register written in turn, what it reads back, its fields and
 * who reaches the A-segment's DRAM (82441FX datasheet, "SMRAM": bits 2:0
 * C_BASE_SEG hard-wired 010, bit 7 reserved; D_LCK clears D_OPEN and
 * makes it read-only until reset). */
static void test_inspect_decodes_the_smram_register(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint8_t write, raw;
		bool open, cls, lck, smrame;
		unsigned views;
	} rows[] = {
		/* writes reads OPEN CLS LCK SMRAME  A-segment DRAM seen by */
		{ 0x00, 0x02, 0, 0, 0, 0, 0 },                   /* off: the PCI side for all */
		{ 0x40, 0x42, 1, 0, 0, 0, 0 },                   /* D_OPEN alone: still off */
		{ 0x08, 0x0A, 0, 0, 0, 1, CODE | DATA },         /* closed: SMM only */
		{ 0x28, 0x2A, 0, 1, 0, 1, CODE },                /* D_CLS: SMM data to VGA */
		{ 0x48, 0x4A, 1, 0, 0, 1, NORM | CODE | DATA },  /* open to non-SMM too */
		{ 0x68, 0x6A, 1, 1, 0, 1, NORM | CODE | DATA },  /* D_OPEN outranks D_CLS */
		{ 0xDF, 0x1A, 0, 0, 1, 1, CODE | DATA },         /* D_LCK clears D_OPEN */
		{ 0x48, 0x1A, 0, 0, 1, 1, CODE | DATA },         /* locked: D_OPEN stays 0 */
	};
	struct smram_info info;
	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		host_bridge_write(f, 0x72, rows[k].write);
		board_inspect_smram(f->board, &info);
		const struct smram_control *c = &info.smram;
		assert_string_equal(info.host_bridge, "i440FX");
		assert_int_equal(c->offset, 0x72);
		assert_int_equal(c->raw, rows[k].raw);
		assert_int_equal(c->d_open, rows[k].open);
		assert_int_equal(c->d_cls, rows[k].cls);
		assert_int_equal(c->d_lck, rows[k].lck);
		assert_int_equal(c->g_smrame, rows[k].smrame);
		assert_int_equal(c->c_base_seg, 2);
		assert_int_equal(info.nranges, 1);
		assert_int_equal(info.range[0].views, rows[k].views);
	}
}

/* The A-segment, 0xA0000-0xBFFFF, is routed through the region the
 * normal view reaches while SMRAM is open. */
static void test_inspect_names_the_smram_range_and_its_route(void **state)
{
	struct fixture *f = *state;
	struct smram_info info;
	host_bridge_write(f, 0x72, 0x48);                        /* G_SMRAME, D_OPEN */
	board_inspect_smram(f->board, &info);
	const struct smram_range *r = &info.range[0];
	assert_string_equal(r->name, "A-segment");
	assert_int_equal(r->base, 0xA0000);
	assert_int_equal(r->size, 0x20000);
	assert_int_equal(r->nregions, 1);
	assert_int_equal(bus_page(f->board->bus, BUS_VIEW_NORMAL, 0xB8000)->region, r->region[0]);
	assert_int_not_equal(bus_page(f->board->bus, BUS_VIEW_DMA, 0xB8000)->region,
			     r->region[0]);
}

/* Each PAM segment with its register and mode (82441FX datasheet,
 * "PAM[6:0]": PAM0 bits 7:4 for 0xF0000-0xFFFFF, bits 3:0 reserved;
 * PAM1-6 a 16 KiB segment per nibble from 0xC0000, low nibble first;
 * 00 PCI, 01 read DRAM, 10 write DRAM, 11 DRAM). */
static void test_inspect_decodes_the_pam_registers(void **state)
{
	struct fixture *f = *state;
	host_bridge_write(f, 0x59, 0x1F);                        /* reserved nibble ignored */
	host_bridge_write(f, 0x5A, 0x32);
	host_bridge_write(f, 0x5F, 0x01);
	static const struct {
		uint32_t base, size;
		unsigned reg;
		uint8_t offset, raw;
		enum smram_pam_mode mode;
		const char *name;
	} want[] = {
		{ 0xF0000, 0x10000, 0, 0x59, 0x10, SMRAM_PAM_READ_DRAM, "read DRAM" },
		{ 0xC0000, 0x4000, 1, 0x5A, 0x32, SMRAM_PAM_WRITE_DRAM, "write DRAM" },
		{ 0xC4000, 0x4000, 1, 0x5A, 0x32, SMRAM_PAM_DRAM, "DRAM" },
		{ 0xC8000, 0x4000, 2, 0x5B, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xCC000, 0x4000, 2, 0x5B, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xD0000, 0x4000, 3, 0x5C, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xD4000, 0x4000, 3, 0x5C, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xD8000, 0x4000, 4, 0x5D, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xDC000, 0x4000, 4, 0x5D, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xE0000, 0x4000, 5, 0x5E, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xE4000, 0x4000, 5, 0x5E, 0x00, SMRAM_PAM_PCI, "PCI" },
		{ 0xE8000, 0x4000, 6, 0x5F, 0x01, SMRAM_PAM_READ_DRAM, "read DRAM" },
		{ 0xEC000, 0x4000, 6, 0x5F, 0x01, SMRAM_PAM_PCI, "PCI" },
	};
	struct smram_info info;
	board_inspect_smram(f->board, &info);
	assert_int_equal(info.npam, sizeof(want) / sizeof(want[0]));
	for (size_t k = 0; k < info.npam; k++) {
		const struct smram_pam_segment *s = &info.pam[k];
		assert_int_equal(s->base, want[k].base);
		assert_int_equal(s->size, want[k].size);
		assert_int_equal(s->reg, want[k].reg);
		assert_int_equal(s->offset, want[k].offset);
		assert_int_equal(s->raw, want[k].raw);
		assert_int_equal(s->mode, want[k].mode);
		assert_string_equal(smram_pam_mode_name(s->mode), want[k].name);
	}
}

static void apic_write(struct fixture *f, uint32_t reg, uint32_t value)
{
	bus_write(f->board->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + reg, value, 4);
}

static void ioapic_write_reg(struct fixture *f, uint8_t index, uint32_t value)
{
	bus_write(f->board->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOREGSEL, index, 1);
	bus_write(f->board->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOWIN, value, 4);
}

/* With a local APIC the 8259's INTR goes through LINT0 (ExtINT at reset)
 * and the 8259 answers the acknowledge; the 8254's IRQ0 reaches I/O APIC
 * pin 2 and the local APIC's vector is acknowledged instead. */
static void test_interrupts_reach_the_cpu_through_the_apics(void **state)
{
	struct fixture *f = *state;
	master_8259_with_only(f, 5);
	line_set(&f->board->isa_irq[5], true);
	assert_true(f->intr_level);
	assert_int_equal(bus_inta(f->board->bus), 0x25);
	bus_out(f->board->bus, 0x20, 0x20, 1);                   /* EOI */
	assert_false(f->intr_level);
	apic_write(f, LAPIC_SVR, 0x1FF);
	ioapic_write_reg(f, IOAPIC_REG_REDIR + 4, 0x30);         /* pin 2, edge, vector 0x30 */
	line_set(&f->board->isa_irq[0], true);
	assert_true(f->intr_level);
	assert_int_equal(bus_inta(f->board->bus), 0x30);
	assert_false(f->intr_level);
	struct apic_info info;
	board_inspect_apic(f->board, &info);
	assert_true(info.has_local_apic);
	assert_int_equal(info.local.isr[1], 1u << 16);
	assert_int_equal(info.io.level, (1u << 2) | (1u << 5));
	assert_int_equal(info.io.redir[2], 0x30);
}

/* The PIIX3's PIRQ route control register, written through configuration
 * space, moves PIRQA onto an ISA IRQ: its 8259 input and I/O APIC pin. */
static void test_pirq_route_register_routes_pirqa(void **state)
{
	struct fixture *f = *state;
	line_set(&f->board->pirq[0], true);
	assert_int_equal(f->board->ioapic.level, 1u << 16);
	pci_config_write(&f->board->pci, PCI_DEVFN(1, 0), 0x60, 0x0B, 1);
	assert_int_equal(f->board->ioapic.level, (1u << 16) | (1u << 11));
	assert_int_equal(f->board->pic.chip[1].level, 1u << 3);
	pci_config_write(&f->board->pci, PCI_DEVFN(1, 0), 0x60, 0x8B, 1);
	assert_int_equal(f->board->ioapic.level, 1u << 16);
	assert_int_equal(f->board->pic.chip[1].level, 0);
}

/* A CPU in HLT can still be interrupted by the 8254 only while its IRQ0
 * reaches the CPU: through the 8259s while LINT0 passes them (or the
 * APIC is globally disabled), or through I/O APIC pin 2 to a local APIC
 * that delivers. */
static void test_can_interrupt_follows_the_apics(void **state)
{
	struct fixture *f = *state;
	master_8259_with_only(f, 0);
	bus_out(f->board->bus, 0x43, 0x34, 1);                   /* rate generator */
	bus_out(f->board->bus, 0x40, 0x00, 1);
	bus_out(f->board->bus, 0x40, 0x10, 1);
	assert_true(board_can_interrupt(f->board));             /* LINT0 ExtINT */
	apic_write(f, LAPIC_LVT_LINT0_REG, 0x700);              /* masked: software disabled */
	assert_false(board_can_interrupt(f->board));
	ioapic_write_reg(f, IOAPIC_REG_REDIR + 4, 0x30);
	assert_false(board_can_interrupt(f->board));            /* the APIC does not deliver */
	apic_write(f, LAPIC_SVR, 0x1FF);
	assert_true(board_can_interrupt(f->board));
	ioapic_write_reg(f, IOAPIC_REG_REDIR + 4, 0x10030);
	assert_false(board_can_interrupt(f->board));
	board_set_apic_base(f->board, LAPIC_DEFAULT_BASE | LAPIC_BASE_BSP);
	assert_true(board_can_interrupt(f->board));             /* the 8259 drives INTR */
}

/* A snapshot holds the APICs and where the local APIC's page is. */
static void test_snapshot_restores_the_apics(void **state)
{
	struct fixture *f = *state;
	apic_write(f, LAPIC_TPR, 0x20);
	ioapic_write_reg(f, IOAPIC_REG_REDIR, 0x41);
	struct board_snapshot *s = board_snapshot(f->board);
	assert_non_null(s);
	board_set_apic_base(f->board, 0xFED00000u | LAPIC_BASE_ENABLE | LAPIC_BASE_BSP);
	bus_write(f->board->bus, BUS_VIEW_NORMAL, 0xFED00000u + LAPIC_TPR, 0x70, 4);
	ioapic_write_reg(f, IOAPIC_REG_REDIR, 0x10000);
	board_restore(f->board, s);
	board_snapshot_free(s);
	uint32_t tpr = bus_read(f->board->bus, BUS_VIEW_NORMAL, LAPIC_DEFAULT_BASE + LAPIC_TPR, 4);
	assert_int_equal(tpr, 0x20);
	assert_int_equal(bus_read(f->board->bus, BUS_VIEW_NORMAL, 0xFED00080u, 4), 0xFFFFFFFF);
	assert_int_equal(f->board->ioapic.redir[0], 0x41);
}

/* The item the board offers as the fw_cfg file NAME. */
static const struct fw_cfg_item *fw_cfg_file(const struct board *b, const char *name)
{
	for (unsigned k = 0; k < b->fw_cfg.nitems; k++)
		if (strcmp(b->fw_cfg.items[k].name, name) == 0)
			return &b->fw_cfg.items[k];
	fail_msg("no fw_cfg file %s", name);
	return NULL;
}

/* --fw-cfg's files are offered as given: a string without its NUL, a
 * host file's bytes. */
static void test_user_files_are_offered_through_fw_cfg(void **state)
{
	struct fixture *f = *state;
	const struct fw_cfg_item *string = fw_cfg_file(f->board, "opt/string");
	assert_int_equal(string->size, 12);
	assert_memory_equal(string->data, "hello, world", 12);
	const struct fw_cfg_item *file = fw_cfg_file(f->board, "opt/file");
	assert_int_equal(file->size, 11);
	assert_memory_equal(file->data, "from a file", 11);
}

static void q35_config_write(struct fixture *f, uint8_t devfn, uint8_t reg, uint32_t v,
			     unsigned size)
{
	bus_out(f->board->bus, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | (reg & 0xFCu), 4);
	bus_out(f->board->bus, (uint16_t)(0xCFC + (reg & 3u)), v, size);
}

/* The q35 board's wiring: RAM up to where the MCH's TSEG begins and the
 * top 16 MiB through the MCH (plain RAM until TSEG closes it), the
 * ICH9's APM SMI on the board's SMI line, the inspection asking the MCH,
 * and reset and snapshots covering both bridges. */
static void test_q35_wires_tseg_and_the_apm_smi(void **state)
{
	struct fixture *f = *state;
	struct bus *bus = f->board->bus;
	const uint32_t top = f->board->ram_size - 1, ich9 = PCI_DEVFN(0x1F, 0);
	assert_int_equal(f->board->ram_size, 32u << 20);
	static const uint32_t ram[] = { 0x100000, (16u << 20) - 1, 16u << 20, (32u << 20) - 1 };
	for (size_t k = 0; k < sizeof(ram) / sizeof(ram[0]); k++) {
		bus_write(bus, BUS_VIEW_NORMAL, ram[k], 0x5A, 1);
		assert_int_equal(bus_read(bus, BUS_VIEW_DMA, ram[k], 1), 0x5A);
	}
	q35_config_write(f, 0, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04, 1);     /* 8 MiB */
	q35_config_write(f, 0, MCH_SMRAM, SMRAM_G_SMRAME, 1);
	assert_int_equal(bus_read(bus, BUS_VIEW_NORMAL, top, 1), 0xFF);
	assert_int_equal(bus_read(bus, BUS_VIEW_SMM_DATA, top, 1), 0x5A);
	struct smram_info info;
	board_inspect_smram(f->board, &info);
	assert_string_equal(info.host_bridge, "Q35 MCH");
	assert_int_equal(info.range[1].base, (32u - 8) << 20);
	q35_config_write(f, ich9, ICH9_PMBASE, 0x600, 4);
	q35_config_write(f, ich9, ICH9_ACPI_CNTL, ICH9_ACPI_EN, 1);
	bus_out(bus, 0x600 + ICH9_SMI_EN, ICH9_GBL_SMI_EN | ICH9_APMC_EN, 4);
	bus_out(bus, 0xB2, 0x55, 1);
	assert_int_equal(f->smis, 1);
	struct board_snapshot *snap = board_snapshot(f->board);
	assert_non_null(snap);
	board_reset(f->board);
	assert_int_equal(bus_read(bus, BUS_VIEW_NORMAL, top, 1), 0x5A);
	bus_out(bus, 0xB2, 0x55, 1);
	assert_int_equal(f->smis, 1);                        /* PM I/O unmapped, SMI_EN 0 */
	board_restore(f->board, snap);
	board_snapshot_free(snap);
	assert_int_equal(bus_read(bus, BUS_VIEW_NORMAL, top, 1), 0xFF);
	bus_out(bus, 0xB2, 0x55, 1);
	assert_int_equal(f->smis, 2);
	assert_int_equal(bus_in(bus, 0x600 + ICH9_SMI_EN, 4), ICH9_GBL_SMI_EN | ICH9_APMC_EN);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset_control_pulses_its_own_line),
		T(test_kbc_reset_pulses_the_kbc_line),
		T(test_isa_irq_reaches_its_8259_input),
		T(test_inspect_decodes_the_smram_register),
		T(test_inspect_names_the_smram_range_and_its_route),
		T(test_inspect_decodes_the_pam_registers),
		cmocka_unit_test_setup_teardown(test_interrupts_reach_the_cpu_through_the_apics,
						setup_apic, teardown),
		cmocka_unit_test_setup_teardown(test_pirq_route_register_routes_pirqa, setup_apic,
						teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_restores_the_apics, setup_apic,
						teardown),
		cmocka_unit_test_setup_teardown(test_can_interrupt_follows_the_apics, setup_apic,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_files_are_offered_through_fw_cfg,
						setup_fw_cfg, teardown),
		cmocka_unit_test_setup_teardown(test_q35_wires_tseg_and_the_apm_smi, setup_q35,
						teardown),
	};
#undef T
	return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
