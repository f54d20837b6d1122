/* The SMRAM isolation matrix: every combination of G_SMRAME, D_OPEN,
 * D_CLS and D_LCK, in SMM or not, and every kind of access (code fetch,
 * data read, data write, bus-master read and write) over the A- and
 * B-segments, checked against the 82441FX decoding table written out
 * below; plus the register's own rules (D_LCK sticky, C_BASE_SEG fixed)
 * and PAM's read/write routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chipset/i440fx.h"
#include "chipset/pci.h"
#include "chipset/vga.h"
#include "mem/bus.h"

#define RAM_SIZE (2u << 20)

struct fixture {
	struct bus *bus;
	uint8_t *ram;
	uint8_t rom[0x20000];
	struct pci_bus pci;
	struct i440fx pmc;
	struct vga vga;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->ram = calloc(1, RAM_SIZE);
	f->bus = bus_new();
	int dram = bus_add_ram(f->bus, "dram", 0, RAM_SIZE, 0, 0, f->ram);
	bus_add_alias(f->bus, "ram-low", 0, 0xA0000, 0, BUS_VIS_ALL, dram, 0);
	bus_add_rom(f->bus, "bios-low", 0xE0000, 0x20000, 1, BUS_VIS_ALL, f->rom);
	pci_bus_attach(&f->pci, f->bus);
	i440fx_attach(&f->pmc, &f->pci, f->bus, dram);
	vga_attach(&f->vga, f->bus);
	/* Plain planar access to plane 0 over the whole 128 KiB window, so that
	 * a CPU byte at addr is plane 0's byte at addr - 0xA0000 (modulo its
	 * 64 KiB): map mask plane 0, odd/even off, write mode 0 with every
	 * bit from the CPU, read map 0, memory map 0. */
	bus_out(f->bus, 0x3C4, VGA_SEQ_MAP_MASK | 0x01 << 8, 2);
	bus_out(f->bus, 0x3C4, VGA_SEQ_MEM_MODE | 0x06 << 8, 2);
	bus_out(f->bus, 0x3CE, VGA_GC_BIT_MASK | 0xFF << 8, 2);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bus_free(f->bus);
	free(f->ram);
	free(f);
	return 0;
}

static void set_smram(struct fixture *f, uint8_t v)
{
	/* Through the ports, as guest code does it. */
	bus_out(f->bus, 0xCF8, 0x80000000u | I440FX_SMRAM, 4);
	bus_out(f->bus, 0xCFC + (I440FX_SMRAM & 3), v, 1);
}

static uint8_t get_smram(struct fixture *f)
{
	bus_out(f->bus, 0xCF8, 0x80000000u | I440FX_SMRAM, 4);
	return (uint8_t)bus_in(f->bus, 0xCFC + (I440FX_SMRAM & 3), 1);
}

enum access_kind { FETCH, READ, WRITE, DMA_READ, DMA_WRITE, KINDS };
enum target { TO_SMRAM, TO_VGA };

/* The 82441FX decoding of 0xA0000-0xBFFFF (82441FX datasheet, SMRAM register), row by row:
 * SMRAME, LCK, CLS, OPEN, SMM -> code / data.  x = either.  The register
 * given is the one in force (after D_LCK cleared D_OPEN). */
static enum target cpu_decoding(uint8_t reg, bool smm, bool code)
{
	bool smrame = reg & SMRAM_G_SMRAME, lck = reg & SMRAM_D_LCK;
	bool cls = reg & SMRAM_D_CLS, open = reg & SMRAM_D_OPEN;
	if (!smrame)
		return TO_VGA;                      /* 0 x x x x: PCI / PCI */
	if (!lck && open)
		return TO_SMRAM;                    /* 1 0 x 1 x: DRAM / DRAM */
	if (!smm)
		return TO_VGA;                      /* 1 x x 0 0: PCI / PCI */
	if (!cls)
		return TO_SMRAM;                    /* 1 x 0 0 1: DRAM / DRAM */
	return code ? TO_SMRAM : TO_VGA;            /* 1 x 1 0 1: DRAM / PCI */
}

static enum target expected(uint8_t reg, bool smm, enum access_kind k)
{
	if (k == DMA_READ || k == DMA_WRITE)
		return TO_VGA;                      /* bus masters never reach SMRAM */
	return cpu_decoding(reg, smm, k == FETCH);
}

static enum bus_view view_of(bool smm, enum access_kind k)
{
	if (k == DMA_READ || k == DMA_WRITE)
		return BUS_VIEW_DMA;
	if (!smm)
		return BUS_VIEW_NORMAL;
	return k == FETCH ? BUS_VIEW_SMM_CODE : BUS_VIEW_SMM_DATA;
}

/* Fill SMRAM and VGA with different patterns at addr. */
static void mark(struct fixture *f, uint32_t addr)
{
	f->ram[addr] = 0x5A;
	vga_plane_poke(&f->vga, 0, addr - VGA_WINDOW_BASE, 0xC3);
}

static void check_one(struct fixture *f, uint8_t reg, bool smm, enum access_kind k,
		      uint32_t addr)
{
	char what[96];
	snprintf(what, sizeof(what), "SMRAM=%02x smm=%d kind=%d addr=%05x", reg, smm, k, addr);
	mark(f, addr);
	enum bus_view v = view_of(smm, k);
	enum target want = expected(reg, smm, k);
	if (k == WRITE || k == DMA_WRITE) {
		bus_write(f->bus, v, addr, 0x99, 1);
		uint8_t sm = f->ram[addr], vg = vga_plane_peek(&f->vga, 0, addr - VGA_WINDOW_BASE);
		if ((want == TO_SMRAM && (sm != 0x99 || vg != 0xC3)) ||
		    (want == TO_VGA && (sm != 0x5A || vg != 0x99)))
			fail_msg("%s: write landed in smram=%02x vga=%02x, wanted %s", what, sm, vg,
				 want == TO_SMRAM ? "SMRAM" : "VGA");
	} else {
		uint8_t got = (uint8_t)bus_read(f->bus, v, addr, 1);
		uint8_t exp = want == TO_SMRAM ? 0x5A : 0xC3;
		if (got != exp)
			fail_msg("%s: read %02x, wanted %02x (%s)", what, got, exp,
				 want == TO_SMRAM ? "SMRAM" : "VGA");
	}
}

static void test_isolation_matrix(void **state)
{
	struct fixture *f = *state;
	static const uint32_t addrs[] = { 0xA0000, 0xA8000, 0xAFFFF, 0xB8000, 0xBFFFF };
	unsigned checked = 0;
	for (unsigned bits = 0; bits < 16; bits++) {
		uint8_t w = (uint8_t)(((bits & 1) ? SMRAM_G_SMRAME : 0) |
				      ((bits & 2) ? SMRAM_D_OPEN : 0) |
				      ((bits & 4) ? SMRAM_D_CLS : 0) |
				      ((bits & 8) ? SMRAM_D_LCK : 0));
		/* D_LCK lasts until reset: start each combination from reset. */
		i440fx_reset(&f->pmc);
		set_smram(f, w);
		uint8_t reg = get_smram(f);
		for (int smm = 0; smm < 2; smm++)
			for (int k = 0; k < KINDS; k++)
				for (size_t a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++) {
					check_one(f, reg, smm, k, addrs[a]);
					checked++;
				}
	}
	assert_int_equal(checked, 16 * 2 * KINDS * 5);
}

static void test_register_rules(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(get_smram(f), SMRAM_C_BASE_SEG);
	set_smram(f, 0xFF);
	/* bit 7 reserved, C_BASE_SEG hard-wired, D_LCK clears D_OPEN */
	assert_int_equal(get_smram(f), SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME | 2);
	set_smram(f, SMRAM_D_OPEN | SMRAM_G_SMRAME);
	assert_int_equal(get_smram(f), SMRAM_D_LCK | SMRAM_G_SMRAME | 2);
	set_smram(f, 0);
	assert_int_equal(get_smram(f), SMRAM_D_LCK | 2);
	i440fx_reset(&f->pmc);
	assert_int_equal(get_smram(f), 2);
	set_smram(f, SMRAM_D_OPEN | SMRAM_G_SMRAME);
	assert_int_equal(get_smram(f), SMRAM_D_OPEN | SMRAM_G_SMRAME | 2);
}

static void set_pam(struct fixture *f, unsigned reg, uint8_t v)
{
	pci_config_write(&f->pci, PCI_DEVFN(0, 0), I440FX_PAM0 + reg, v, 1);
}

/* PAM5 covers 0xE0000-0xE7FFF: 0 ROM, 1 read DRAM write ROM (dropped),
 * 2 read ROM write DRAM, 3 DRAM. */
static void test_pam_routes_reads_and_writes(void **state)
{
	struct fixture *f = *state;
	f->rom[0x100] = 0xAA;
	f->ram[0xE0100] = 0x11;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0xAA);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE0100, 0x22, 1);
	assert_int_equal(f->ram[0xE0100], 0x11);
	set_pam(f, 5, 0x02);            /* read ROM, write DRAM: shadowing */
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE0100, 0x33, 1);
	assert_int_equal(f->ram[0xE0100], 0x33);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0xAA);
	set_pam(f, 5, 0x01);            /* read DRAM, writes dropped */
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0x33);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE0100, 0x44, 1);
	assert_int_equal(f->ram[0xE0100], 0x33);
	assert_int_equal(f->rom[0x100], 0xAA);
	set_pam(f, 5, 0x03);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE0100, 0x55, 1);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0x55);
	/* The high nibble (0xE4000) is unaffected: still the ROM. */
	f->rom[0x4000] = 0x77;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE4000, 1), 0x77);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_isolation_matrix),
		T(test_register_rules),
		T(test_pam_routes_reads_and_writes),
	};
#undef T
	return cmocka_run_group_tests_name("smram", tests, NULL, NULL);
}
