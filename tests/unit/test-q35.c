/* The Q35 MCH (chipset/q35_mch.c) on a bus laid out as chipset/board.c
 * lays out the q35 machine, with the ICH9 LPC bridge on its bus 0: the
 * SMRAM isolation matrix - every combination of the SMRAM and ESMRAMC
 * bits, in SMM or not, every kind of access, over the A-segment, the high
 * SMRAM window and the edges of each TSEG size - checked against the
 * decoding written out below from q35_mch.h's rules; the registers' own
 * rules, PAM and what q35_mch_inspect() reports; ECAM through PCIEXBAR.
 * The ICH9's own registers are test-ich9.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chipset/fw_cfg.h"
#include "chipset/ich9_lpc.h"
#include "chipset/pci.h"
#include "chipset/q35_mch.h"
#include "chipset/timer.h"
#include "chipset/vga.h"
#include "mem/bus.h"

#define LOW_TOP   (64u << 20)               /* all of RAM is low memory */
#define ASEG_BASE 0xA0000u
#define ASEG_END  0xC0000u
#define HSEG_END  (MCH_HIGH_SMRAM + 0x20000u)
#define MCH       PCI_DEVFN(0, 0)
#define LPC       PCI_DEVFN(0x1F, 0)
#define PMBASE    0x600                     /* OVMF's on the Q35 */
#define MIB       (1u << 20)

struct fixture {
	struct bus *bus;
	uint8_t *ram;              /* LOW_TOP bytes of DRAM and a page past it */
	uint8_t rom[0x20000];      /* the BIOS's last 128 KiB, under PAM */
	struct pci_bus pci;
	struct q35_mch mch;
	struct ich9_lpc lpc;
	struct vga vga;
	struct fw_cfg fw_cfg;
	struct timer_queue timers;
	uint64_t now;
};

static uint64_t clock_now(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->ram = calloc(1, LOW_TOP + BUS_PAGE_SIZE);
	f->bus = bus_new();
	f->timers = (struct timer_queue){ .now = clock_now, .now_opaque = f };
	/* add_memory() for BOARD_Q35: low RAM, and RAM from 1 MiB up to the
	 * MCH_TSEG_MAX the MCH maps itself. */
	int dram = bus_add_ram(f->bus, "dram", 0, LOW_TOP, 0, 0, f->ram);
	bus_add_alias(f->bus, "ram-low", 0, 0xA0000, 0, BUS_VIS_ALL, dram, 0);
	bus_add_alias(f->bus, "ram-high", MIB, LOW_TOP - MCH_TSEG_MAX - MIB, 0, BUS_VIS_ALL,
		      dram, MIB);
	bus_add_rom(f->bus, "bios-low", 0xE0000, 0x20000, 1, BUS_VIS_ALL, f->rom);
	pci_bus_attach(&f->pci, f->bus);
	q35_mch_attach(&f->mch, &f->pci, f->bus, dram, LOW_TOP);
	fw_cfg_attach(&f->fw_cfg, f->bus, LOW_TOP);
	ich9_lpc_attach(&f->lpc, &f->pci, f->bus, &f->timers, NULL, &f->fw_cfg);
	vga_attach(&f->vga, f->bus);
	/* As in test-smram.c: plane 0 read and written plainly over the
	 * whole window. */
	bus_out(f->bus, 0x3C4, VGA_SEQ_MAP_MASK | 0x01 << 8, 2);
	bus_out(f->bus, 0x3C4, VGA_SEQ_MEM_MODE | 0x06 << 8, 2);
	bus_out(f->bus, 0x3CE, VGA_GC_BIT_MASK | 0xFF << 8, 2);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fw_cfg_free(&f->fw_cfg);
	bus_free(f->bus);
	free(f->ram);
	free(f);
	return 0;
}

/* Configuration space through 0xCF8/0xCFC, as guest code reaches it. */
static void cfg_write(struct fixture *f, uint8_t devfn, unsigned reg, uint32_t v, unsigned size)
{
	bus_out(f->bus, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | (reg & 0xFC), 4);
	bus_out(f->bus, (uint16_t)(0xCFC + (reg & 3)), v, size);
}

static uint32_t cfg_read(struct fixture *f, uint8_t devfn, unsigned reg, unsigned size)
{
	bus_out(f->bus, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | (reg & 0xFC), 4);
	return bus_in(f->bus, (uint16_t)(0xCFC + (reg & 3)), size);
}

/* ---- The isolation matrix ---- */

enum access_kind { FETCH, READ, WRITE, DMA_READ, DMA_WRITE, KINDS };
enum target { TO_DRAM, TO_VGA, TO_NOTHING };

static const char *const kind_name[KINDS] = { "fetch", "read", "write", "DMA read", "DMA write" };
static const char *const target_name[] = { "DRAM", "VGA", "nothing" };

/* TSEG_SZ 00, 01, 10 and 11 (QEMU's extended TSEG of 16 MiB). */
static const uint32_t tseg_bytes[4] = { 1 * MIB, 2 * MIB, 8 * MIB, 16 * MIB };

/* The compatible SMRAM's decoding, the 82441FX datasheet's table that
 * i440fx.h gives, row by row: SMRAME, LCK, CLS, OPEN, SMM -> code / data
 * (x = either); true where a CPU access reaches DRAM. */
static bool compatible_dram(uint8_t smram, bool smm, bool code)
{
	if (!(smram & SMRAM_G_SMRAME))
		return false;                       /* 0 x x x x: PCI / PCI */
	if (!(smram & SMRAM_D_LCK) && (smram & SMRAM_D_OPEN))
		return true;                        /* 1 0 x 1 x: DRAM / DRAM */
	if (!smm)
		return false;                       /* 1 x x 0 0: PCI / PCI */
	if (!(smram & SMRAM_D_CLS))
		return true;                        /* 1 x 0 0 1: DRAM / DRAM */
	return code;                                /* 1 x 1 0 1: DRAM / PCI */
}

/* Where an access goes by q35_mch.h, for the registers in force. */
static enum target expected(uint8_t smram, uint8_t esmramc, bool smm, enum access_kind k,
			    uint32_t addr)
{
	bool dma = k == DMA_READ || k == DMA_WRITE;
	bool high = esmramc & ESMRAMC_H_SMRAME;
	/* Bus masters never reach SMRAM. */
	bool compatible = !dma && compatible_dram(smram, smm, k == FETCH);
	if (addr >= ASEG_BASE && addr < ASEG_END)       /* H_SMRAME: always the VGA's */
		return !high && compatible ? TO_DRAM : TO_VGA;
	if (addr >= MCH_HIGH_SMRAM && addr < HSEG_END)  /* DRAM's A-segment, or nothing */
		return high && compatible ? TO_DRAM : TO_NOTHING;
	if (addr >= LOW_TOP)
		return TO_NOTHING;
	/* TSEG: with G_SMRAME and T_EN, the top of low memory is SMM's,
	 * code and data alike, whatever D_OPEN and D_CLS say; outside SMM
	 * and for bus masters it reads all ones and takes no writes. */
	uint32_t tseg = (smram & SMRAM_G_SMRAME) && (esmramc & ESMRAMC_T_EN)
			? tseg_bytes[(esmramc & ESMRAMC_TSEG_SZ) >> 1] : 0;
	if (addr < LOW_TOP - tseg)
		return TO_DRAM;
	return smm && !dma ? TO_DRAM : TO_NOTHING;
}

static enum bus_view view_of(bool smm, enum access_kind k)
{
	if (k == DMA_READ || k == DMA_WRITE)
		return BUS_VIEW_DMA;
	if (!smm)
		return BUS_VIEW_NORMAL;
	return k == FETCH ? BUS_VIEW_SMM_CODE : BUS_VIEW_SMM_DATA;
}

/* The DRAM byte an address may reach (the high window shows the
 * A-segment's), and the VGA byte the A-segment's PCI side has there. */
static uint32_t dram_byte(uint32_t addr)
{
	return addr >= 0xF0000000u ? addr - MCH_HIGH_SMRAM + ASEG_BASE : addr;
}

static uint32_t vga_byte(uint32_t addr)
{
	return (addr >= 0xF0000000u ? addr - MCH_HIGH_SMRAM : addr - ASEG_BASE) & 0x1FFFF;
}

static bool has_vga_byte(uint32_t addr)
{
	return (addr >= ASEG_BASE && addr < ASEG_END) ||
	       (addr >= MCH_HIGH_SMRAM && addr < HSEG_END);
}

static void check_one(struct fixture *f, uint8_t smram, uint8_t esmramc, bool smm,
		      enum access_kind k, uint32_t addr)
{
	char what[112];
	snprintf(what, sizeof(what), "SMRAM=%02x ESMRAMC=%02x smm=%d %s at %08x", smram, esmramc,
		 smm, kind_name[k], addr);
	uint32_t d = dram_byte(addr);
	bool vga = has_vga_byte(addr);
	f->ram[d] = 0x5A;
	if (vga)
		vga_plane_poke(&f->vga, 0, vga_byte(addr), 0xC3);
	enum target want = expected(smram, esmramc, smm, k, addr);
	enum bus_view v = view_of(smm, k);
	if (k == WRITE || k == DMA_WRITE) {
		bus_write(f->bus, v, addr, 0x99, 1);
		uint8_t dr = f->ram[d];
		uint8_t vg = vga ? vga_plane_peek(&f->vga, 0, vga_byte(addr)) : 0xC3;
		if (dr != (want == TO_DRAM ? 0x99 : 0x5A) || vg != (want == TO_VGA ? 0x99 : 0xC3))
			fail_msg("%s: the write left DRAM %02x, VGA %02x; wanted it in %s",
				 what, dr, vg, target_name[want]);
	} else {
		uint8_t got = (uint8_t)bus_read(f->bus, v, addr, 1);
		uint8_t exp = want == TO_DRAM ? 0x5A : want == TO_VGA ? 0xC3 : 0xFF;
		if (got != exp)
			fail_msg("%s: read %02x, wanted %02x (%s)", what, got, exp,
				 target_name[want]);
	}
}

/* The A-segment's ends and middle, the high window's and the bytes just
 * past it, low memory's last byte and the first past it, and each TSEG
 * size's first byte and the byte below. */
static const uint32_t probes[] = {
	0xA0000, 0xAFFFF, 0xB8000, 0xBFFFF,
	MCH_HIGH_SMRAM - 1, MCH_HIGH_SMRAM, MCH_HIGH_SMRAM + 0xFFFF, HSEG_END - 1, HSEG_END,
	LOW_TOP - 1, LOW_TOP,
	LOW_TOP - 1 * MIB, LOW_TOP - 1 * MIB - 1, LOW_TOP - 2 * MIB, LOW_TOP - 2 * MIB - 1,
	LOW_TOP - 8 * MIB, LOW_TOP - 8 * MIB - 1, LOW_TOP - 16 * MIB, LOW_TOP - 16 * MIB - 1,
};
#define PROBES (sizeof(probes) / sizeof(probes[0]))

/* From reset, write SMRAM and ESMRAMC in one order or the other (after
 * D_LCK, ESMRAMC takes no writes); check what they read back and return
 * it. */
static void set_registers(struct fixture *f, uint8_t smram, uint8_t esmramc, bool smram_first,
			  uint8_t *smram_now, uint8_t *esmramc_now)
{
	q35_mch_reset(&f->mch);
	if (smram_first)
		cfg_write(f, MCH, MCH_SMRAM, smram, 1);
	cfg_write(f, MCH, MCH_ESMRAMC, esmramc, 1);
	if (!smram_first)
		cfg_write(f, MCH, MCH_SMRAM, smram, 1);
	bool lck = smram & SMRAM_D_LCK;
	uint8_t want_smram = (uint8_t)((smram | 0x02) & ~(lck ? SMRAM_D_OPEN : 0));
	uint8_t want_esmramc = (uint8_t)(ESMRAMC_CACHE_BITS | (lck && smram_first ? 0 : esmramc));
	*smram_now = (uint8_t)cfg_read(f, MCH, MCH_SMRAM, 1);
	*esmramc_now = (uint8_t)cfg_read(f, MCH, MCH_ESMRAMC, 1);
	if (*smram_now != want_smram || *esmramc_now != want_esmramc)
		fail_msg("wrote SMRAM %02x, ESMRAMC %02x (%s first): read %02x %02x, "
			 "wanted %02x %02x", smram, esmramc, smram_first ? "SMRAM" : "ESMRAMC",
			 *smram_now, *esmramc_now, want_smram, want_esmramc);
}

static void test_isolation_matrix(void **state)
{
	struct fixture *f = *state;
	unsigned checked = 0;
	for (unsigned order = 0; order < 2; order++)
		for (unsigned s = 0; s < 16; s++)
			for (unsigned e = 0; e < 16; e++) {
				uint8_t smram = (uint8_t)((s & 1 ? SMRAM_G_SMRAME : 0) |
							  (s & 2 ? SMRAM_D_OPEN : 0) |
							  (s & 4 ? SMRAM_D_CLS : 0) |
							  (s & 8 ? SMRAM_D_LCK : 0));
				uint8_t esmramc = (uint8_t)((e & 1 ? ESMRAMC_H_SMRAME : 0) |
							    (e & 2 ? ESMRAMC_T_EN : 0) |
							    (e >> 2) << 1);
				uint8_t sm, es;
				set_registers(f, smram, esmramc, order, &sm, &es);
				for (int smm = 0; smm < 2; smm++)
					for (int k = 0; k < KINDS; k++)
						for (size_t p = 0; p < PROBES; p++, checked++)
							check_one(f, sm, es, smm, k, probes[p]);
			}
	assert_int_equal(checked, 2 * 16 * 16 * 2 * KINDS * PROBES);
}

/* ---- The MCH's registers ---- */

static void test_smram_register_rules(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1), 0x02);
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1), ESMRAMC_CACHE_BITS);
	cfg_write(f, MCH, MCH_ESMRAMC, 0x00, 1);           /* the cache bits stay */
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1), ESMRAMC_CACHE_BITS);
	cfg_write(f, MCH, MCH_ESMRAMC, 0xFF, 1);           /* E_SMERR (bit 6) is not kept */
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1), 0xBF);
	cfg_write(f, MCH, MCH_ESMRAMC, 0x00, 1);
	/* Bit 7 reserved, C_BASE_SEG fixed, D_LCK clears D_OPEN. */
	cfg_write(f, MCH, MCH_SMRAM, 0xFF, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1),
			 SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
	/* Locked: only D_CLS changes; ESMRAMC takes nothing. */
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_D_OPEN, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1), SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_D_CLS, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1),
			 SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02);
	cfg_write(f, MCH, MCH_ESMRAMC, ESMRAMC_H_SMRAME | ESMRAMC_T_EN, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1), ESMRAMC_CACHE_BITS);
	/* Reset undoes the lock. */
	q35_mch_reset(&f->mch);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1), 0x02);
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1), SMRAM_D_OPEN | SMRAM_G_SMRAME | 0x02);
	cfg_write(f, MCH, MCH_ESMRAMC, ESMRAMC_T_EN, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1), ESMRAMC_CACHE_BITS | ESMRAMC_T_EN);
	/* One word over both: ESMRAMC is written with the D_LCK that locks
	 * it, and the next such word changes neither. */
	q35_mch_reset(&f->mch);
	cfg_write(f, MCH, MCH_SMRAM, (ESMRAMC_T_EN | 0x02) << 8 | SMRAM_G_SMRAME | SMRAM_D_LCK, 2);
	const uint32_t locked = (ESMRAMC_CACHE_BITS | ESMRAMC_T_EN | 0x02) << 8 |
				SMRAM_D_LCK | SMRAM_G_SMRAME | 0x02;
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 2), locked);
	cfg_write(f, MCH, MCH_SMRAM, ESMRAMC_H_SMRAME << 8 | SMRAM_D_OPEN, 2);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 2), locked);
}

/* OVMF's sequence: TSEG set up, then D_LCK; T_EN can no longer be cleared,
 * so TSEG stays closed to everything but SMM until reset. */
static void test_locked_tseg_stays_closed(void **state)
{
	struct fixture *f = *state;
	uint32_t top = LOW_TOP - 4;
	f->ram[top] = 0x77;
	cfg_write(f, MCH, MCH_ESMRAMC, ESMRAMC_T_EN | 0x04, 1);          /* 8 MiB */
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_G_SMRAME | SMRAM_D_LCK, 1);
	cfg_write(f, MCH, MCH_ESMRAMC, 0x00, 1);
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_ESMRAMC, 1),
			 ESMRAMC_CACHE_BITS | ESMRAMC_T_EN | 0x04);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, top, 1), 0xFF);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_DMA, top, 1), 0xFF);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, top, 1), 0x77);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, LOW_TOP - 8 * MIB - 1, 1), 0);
	q35_mch_reset(&f->mch);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, top, 1), 0x77);
}

/* QEMU's extended-TSEG query (OVMF's Q35TsegMbytesInitialization), and
 * TSEG's size for each ESMRAMC value. */
static void test_ext_tseg_and_tseg_size(void **state)
{
	struct fixture *f = *state;
	cfg_write(f, MCH, MCH_EXT_TSEG_MBYTES, MCH_EXT_TSEG_QUERY, 2);
	assert_int_equal(cfg_read(f, MCH, MCH_EXT_TSEG_MBYTES, 2), 16);
	for (unsigned v = 0; v < 256; v++) {
		uint32_t want = v & ESMRAMC_T_EN ? tseg_bytes[(v >> 1) & 3] : 0;
		if (q35_mch_tseg_size((uint8_t)v) != want)
			fail_msg("ESMRAMC %02x: TSEG of %u bytes, wanted %u", v,
				 q35_mch_tseg_size((uint8_t)v), want);
	}
}

static const char *region_name(const struct fixture *f, int id)
{
	return f->bus->region[id].name;
}

/* What q35_mch_inspect() says of SMRAM in the A-segment, in the high
 * window, and of each TSEG size: the range, its views, the DRAM aliases
 * that make it (each TSEG piece inside it, together all of it). */
static void test_inspect_reports_ranges(void **state)
{
	struct fixture *f = *state;
	struct smram_info info;
	q35_mch_inspect(&f->mch, &info);
	assert_string_equal(info.host_bridge, "Q35 MCH");
	assert_int_equal(info.smram.offset, MCH_SMRAM);
	assert_int_equal(info.smram.raw, 0x02);
	assert_int_equal(info.nranges, 2);
	assert_string_equal(info.range[0].name, "A-segment");
	assert_int_equal(info.range[0].base, ASEG_BASE);
	assert_int_equal(info.range[0].size, 0x20000);
	assert_int_equal(info.range[0].views, 0);
	assert_int_equal(info.range[0].nregions, 1);
	assert_string_equal(region_name(f, info.range[0].region[0]), "smram");
	assert_string_equal(info.range[1].name, "TSEG");
	assert_int_equal(info.range[1].size, 0);
	assert_int_equal(info.range[1].views, 0);
	assert_int_equal(info.range[1].nregions, 0);
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_G_SMRAME | SMRAM_D_CLS, 1);
	for (unsigned sz = 0; sz < 4; sz++) {
		cfg_write(f, MCH, MCH_ESMRAMC, ESMRAMC_H_SMRAME | ESMRAMC_T_EN | sz << 1, 1);
		q35_mch_inspect(&f->mch, &info);
		assert_true(info.smram.g_smrame && info.smram.d_cls && !info.smram.d_open);
		assert_string_equal(info.range[0].name, "H-segment");
		assert_int_equal(info.range[0].base, MCH_HIGH_SMRAM);
		assert_int_equal(info.range[0].views, BUS_VIS_SMM_CODE);
		assert_string_equal(region_name(f, info.range[0].region[0]), "smram-high");
		const struct smram_range *t = &info.range[1];
		assert_int_equal(t->base, LOW_TOP - tseg_bytes[sz]);
		assert_int_equal(t->size, tseg_bytes[sz]);
		assert_int_equal(t->views, BUS_VIS_SMM);
		assert_int_equal(t->nregions, sz + 1);         /* 1, 1+1, 1+1+6, 1+1+6+8 MiB */
		uint32_t covered = 0;
		for (unsigned r = 0; r < t->nregions; r++) {
			const struct bus_region *reg = &f->bus->region[t->region[r]];
			assert_string_equal(reg->name, "tseg");
			assert_true(reg->base >= t->base && reg->base + reg->size <= LOW_TOP);
			covered += reg->size;
		}
		assert_int_equal(covered, t->size);
	}
	cfg_write(f, MCH, MCH_SMRAM, SMRAM_D_OPEN, 1);        /* G_SMRAME off: no TSEG */
	q35_mch_inspect(&f->mch, &info);
	assert_int_equal(info.range[0].views, 0);
	assert_int_equal(info.range[1].size, 0);
	assert_int_equal(info.range[1].nregions, 0);
}

/* PAM at 0x90-0x96 as on the i440FX: PAM5's low nibble routes
 * 0xE0000-0xE3FFF, the high one 0xE4000-0xE7FFF; the inspection says so. */
static void test_pam_routes_and_inspects(void **state)
{
	struct fixture *f = *state;
	f->rom[0x100] = 0xAA;
	f->ram[0xE0100] = 0x11;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0xAA);
	cfg_write(f, MCH, MCH_PAM0 + 5, 0x21, 1);   /* 0xE0000 read DRAM, 0xE4000 write DRAM */
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xE0100, 1), 0x11);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE0100, 0x22, 1);
	assert_int_equal(f->ram[0xE0100], 0x11);            /* writes go to the ROM */
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xE4100, 0x33, 1);
	assert_int_equal(f->ram[0xE4100], 0x33);
	cfg_write(f, MCH, MCH_PAM0, 0xFF, 1);               /* PAM0: only bits 5:4 */
	assert_int_equal(cfg_read(f, MCH, MCH_PAM0, 1), 0x30);
	struct smram_info info;
	q35_mch_inspect(&f->mch, &info);
	assert_int_equal(info.npam, 13);
	assert_int_equal(info.pam[0].base, 0xF0000);
	assert_int_equal(info.pam[0].mode, SMRAM_PAM_DRAM);
	assert_int_equal(info.pam[0].offset, MCH_PAM0);
	assert_int_equal(info.pam[9].base, 0xE0000);
	assert_int_equal(info.pam[9].mode, SMRAM_PAM_READ_DRAM);
	assert_int_equal(info.pam[9].offset, MCH_PAM0 + 5);
	assert_int_equal(info.pam[9].raw, 0x21);
	assert_int_equal(info.pam[10].mode, SMRAM_PAM_WRITE_DRAM);
}

/* ---- ECAM ---- */

static uint32_t ecam(uint32_t base, unsigned bus, uint8_t devfn, unsigned reg)
{
	return base + (bus << 20) + ((uint32_t)devfn << 12) + reg;
}

static void set_pciexbar(struct fixture *f, uint32_t low, uint32_t high)
{
	cfg_write(f, MCH, MCH_PCIEXBAR, low, 4);
	cfg_write(f, MCH, MCH_PCIEXBAR + 4, high, 4);
}

/* Whether the CPU's page at addr is the ECAM window's. */
static bool ecam_at(const struct fixture *f, uint32_t addr)
{
	uint16_t r = bus_page(f->bus, BUS_VIEW_NORMAL, addr)->region;
	return r != BUS_NO_REGION && strcmp(f->bus->region[r].name, "pcie-ecam") == 0;
}

/* PCIEXBAR: disabled at reset at QEMU's 0xB0000000; LENGTH 256, 128 or
 * 64 MiB, the base's low bits ignored for the longer windows; LENGTH 11
 * and a base above 4 GiB map nothing. */
static void test_pciexbar_places_ecam(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t bar, base, size; } rows[] = {
		{ 0xB0000001u, 0xB0000000u, 256 * MIB },
		{ 0xB0000003u, 0xB0000000u, 128 * MIB },
		{ 0xB0000005u, 0xB0000000u, 64 * MIB },
		{ 0xEC000001u, 0xE0000000u, 256 * MIB },    /* bits 27:26 ignored */
		{ 0xEC000003u, 0xE8000000u, 128 * MIB },    /* bit 26 ignored */
		{ 0x84000005u, 0x84000000u, 64 * MIB },
	};
	assert_int_equal(cfg_read(f, MCH, MCH_PCIEXBAR, 4), 0xB0000000u);
	assert_false(ecam_at(f, 0xB0000000u));
	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		set_pciexbar(f, rows[k].bar, 0);
		assert_int_equal(cfg_read(f, MCH, MCH_PCIEXBAR, 4), rows[k].bar);
		uint32_t end = rows[k].base + rows[k].size;
		if (!ecam_at(f, rows[k].base) || !ecam_at(f, end - BUS_PAGE_SIZE) ||
		    ecam_at(f, rows[k].base - BUS_PAGE_SIZE) || ecam_at(f, end))
			fail_msg("PCIEXBAR %08x: ECAM not at %08x-%08x alone", rows[k].bar,
				 rows[k].base, end - 1);
		assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, rows[k].base, 4), 0x29C08086u);
		if (rows[k].base != 0xB0000000u)
			assert_false(ecam_at(f, 0xB0000000u));   /* moved, not copied */
	}
	set_pciexbar(f, 0xB0000007u, 0);                    /* LENGTH 11: reserved */
	for (uint32_t a = 0x80000000u; a < 0xF0000000u; a += 64 * MIB)
		assert_false(ecam_at(f, a));
	set_pciexbar(f, 0xB0000001u, 1);                    /* above 4 GiB */
	assert_false(ecam_at(f, 0xB0000000u));
	set_pciexbar(f, 0xB0000001u, 0);
	assert_true(ecam_at(f, 0xB0000000u));
	set_pciexbar(f, 0xB0000000u, 0);                    /* PCIEXBAREN clear */
	assert_false(ecam_at(f, 0xB0000000u));
	set_pciexbar(f, 0xB0000001u, 0);
	q35_mch_reset(&f->mch);
	assert_false(ecam_at(f, 0xB0000000u));
}

/* Configuration space through ECAM: bus 0's functions, 4 KiB each, the
 * CPU's in and out of SMM, never a bus master's. */
static void test_ecam_reaches_bus0_config_space(void **state)
{
	struct fixture *f = *state;
	const uint32_t b = 0xB0000000u;
	set_pciexbar(f, b | PCIEXBAR_EN, 0);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, 0), 4), 0x29C08086u);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, 2), 2), 0x29C0);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, LPC, 0), 4), 0x29188086u);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, ecam(b, 0, LPC, 0), 4), 0x29188086u);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_DMA, ecam(b, 0, MCH, 0), 4), 0xFFFFFFFFu);
	/* Absent functions, other buses, offsets past 256. */
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, PCI_DEVFN(1, 0), 0), 4),
			 0xFFFFFFFFu);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, PCI_DEVFN(0x1F, 3), 0), 2),
			 0xFFFF);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 1, MCH, 0), 4), 0xFFFFFFFFu);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, 0x100), 4),
			 0xFFFFFFFFu);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, 0xFFC), 1), 0xFF);
	/* Writes reach the registers and their side effects: PMBASE and
	 * ACPI_EN map the PM I/O space; SMRAM opens the A-segment. */
	bus_write(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, LPC, ICH9_PMBASE), PMBASE, 4);
	bus_write(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, LPC, ICH9_ACPI_CNTL), ICH9_ACPI_EN, 1);
	assert_int_equal(cfg_read(f, LPC, ICH9_PMBASE, 4), PMBASE | 1);
	assert_int_equal(bus_in(f->bus, PMBASE + ACPI_PM1_EN, 2), 0);
	f->ram[0xA0000] = 0x42;
	bus_write(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, MCH_SMRAM),
		  SMRAM_D_OPEN | SMRAM_G_SMRAME, 1);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xA0000, 1), 0x42);
	/* Offsets past 256 take no writes; bus masters reach nothing. */
	bus_write(f->bus, BUS_VIEW_NORMAL, ecam(b, 0, MCH, 0x100 + MCH_SMRAM), 0, 1);
	bus_write(f->bus, BUS_VIEW_DMA, ecam(b, 0, MCH, MCH_SMRAM), 0, 1);
	assert_int_equal(cfg_read(f, MCH, MCH_SMRAM, 1), SMRAM_D_OPEN | SMRAM_G_SMRAME | 0x02);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_isolation_matrix),
		T(test_smram_register_rules),
		T(test_locked_tseg_stays_closed),
		T(test_ext_tseg_and_tseg_size),
		T(test_inspect_reports_ranges),
		T(test_pam_routes_and_inspects),
		T(test_pciexbar_places_ecam),
		T(test_ecam_reaches_bus0_config_space),
	};
#undef T
	return cmocka_run_group_tests_name("q35", tests, NULL, NULL);
}
