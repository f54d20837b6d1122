/* The ICH9 LPC bridge (chipset/ich9_lpc.c) on a bus of plain RAM with
 * fw_cfg and a test clock: PMBASE and ACPI_EN placing the PM I/O space, the
 * PM timer, the write-1-to-clear status registers, APM and the SMI it
 * raises through GBL_SMI_EN and APMC_EN, the ACPI enable and disable
 * commands and the SCI, the PIRQ route registers, GEN_PMCON_1's SMI_LOCK,
 * RCBA; and QEMU's SMI feature negotiation through fw_cfg DMA as OVMF's
 * SmmControl2Dxe does it, with fw_cfg's rules for DMA writes. */
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
#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

#define RAM_SIZE (1u << 20)
#define LPC      PCI_DEVFN(0x1F, 0)
#define PMBASE   0x600                     /* OVMF's on the Q35 */
#define RCBA     0xFED1C000u               /* OVMF's */

struct fixture {
	struct bus *bus;
	uint8_t ram[RAM_SIZE];
	struct pci_bus pci;
	struct ich9_lpc lpc;
	struct fw_cfg fw_cfg;
	struct timer_queue timers;
	uint64_t now;
	unsigned smis;             /* rising edges of the SMI line */
	bool smi_level, sci_level;
	struct line smi, sci;
};

static uint64_t clock_now(void *opaque)
{
	return ((struct fixture *)opaque)->now;
}

static void on_smi(void *opaque, bool level)
{
	struct fixture *f = opaque;
	f->smis += level && !f->smi_level;
	f->smi_level = level;
}

static void on_sci(void *opaque, bool level)
{
	((struct fixture *)opaque)->sci_level = level;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	f->timers = (struct timer_queue){ .now = clock_now, .now_opaque = f };
	f->smi = (struct line){ on_smi, f };
	f->sci = (struct line){ on_sci, f };
	bus_add_ram(f->bus, "ram", 0, RAM_SIZE, 0, BUS_VIS_ALL, f->ram);
	pci_bus_attach(&f->pci, f->bus);
	fw_cfg_attach(&f->fw_cfg, f->bus, RAM_SIZE);
	ich9_lpc_attach(&f->lpc, &f->pci, f->bus, &f->timers, &f->sci, &f->fw_cfg);
	f->lpc.smi = &f->smi;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fw_cfg_free(&f->fw_cfg);
	bus_free(f->bus);
	free(f);
	return 0;
}

/* Configuration space through 0xCF8/0xCFC, as guest code reaches it. */
static void cfg_write(struct fixture *f, unsigned reg, uint32_t v, unsigned size)
{
	bus_out(f->bus, 0xCF8, 0x80000000u | (uint32_t)LPC << 8 | (reg & 0xFC), 4);
	bus_out(f->bus, (uint16_t)(0xCFC + (reg & 3)), v, size);
}

static uint32_t cfg_read(struct fixture *f, unsigned reg, unsigned size)
{
	bus_out(f->bus, 0xCF8, 0x80000000u | (uint32_t)LPC << 8 | (reg & 0xFC), 4);
	return bus_in(f->bus, (uint16_t)(0xCFC + (reg & 3)), size);
}

static void pm_enable(struct fixture *f)
{
	cfg_write(f, ICH9_PMBASE, PMBASE, 4);
	cfg_write(f, ICH9_ACPI_CNTL, ICH9_ACPI_EN, 1);
}

static uint32_t pm_in(struct fixture *f, unsigned reg, unsigned size)
{
	return bus_in(f->bus, (uint16_t)(PMBASE + reg), size);
}

static void pm_out(struct fixture *f, unsigned reg, uint32_t v, unsigned size)
{
	bus_out(f->bus, (uint16_t)(PMBASE + reg), v, size);
}

/* PMBASE places the PM I/O space only with ACPI_EN; moving it moves the
 * registers with what they hold. */
static void test_pmbase_and_acpi_en_map_pm_io(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(cfg_read(f, ICH9_PMBASE, 4), 1);  /* the I/O space bit */
	cfg_write(f, ICH9_PMBASE, 0xFFFFFFFFu, 4);
	assert_int_equal(cfg_read(f, ICH9_PMBASE, 4), 0xFF81);
	cfg_write(f, ICH9_PMBASE, PMBASE, 4);
	assert_int_equal(cfg_read(f, ICH9_PMBASE, 4), PMBASE | 1);
	assert_int_equal(pm_in(f, ACPI_PM1_EN, 2), 0xFFFF);   /* ACPI_EN clear: unmapped */
	cfg_write(f, ICH9_ACPI_CNTL, 0xFF, 1);              /* SCI_IRQ_SEL kept */
	assert_int_equal(cfg_read(f, ICH9_ACPI_CNTL, 1), ICH9_ACPI_EN | 0x07);
	cfg_write(f, ICH9_ACPI_CNTL, ICH9_ACPI_EN, 1);
	pm_out(f, ACPI_PM1_EN, 0x0121, 2);
	assert_int_equal(pm_in(f, ACPI_PM1_EN, 2), 0x0121);
	pm_out(f, ICH9_GPE0_EN, 0x12345678u, 4);
	cfg_write(f, ICH9_PMBASE, 0xB000, 4);
	assert_int_equal(pm_in(f, ACPI_PM1_EN, 2), 0xFFFF);
	assert_int_equal(bus_in(f->bus, 0xB000 + ACPI_PM1_EN, 2), 0x0121);
	assert_int_equal(bus_in(f->bus, 0xB000 + ICH9_GPE0_EN, 4), 0x12345678u);
	cfg_write(f, ICH9_ACPI_CNTL, 0, 1);
	assert_int_equal(bus_in(f->bus, 0xB000 + ACPI_PM1_EN, 2), 0xFFFF);
	assert_int_equal(bus_in(f->bus, 0xB000 + ICH9_SMI_EN, 4), 0xFFFFFFFFu);
}

/* The 24-bit PM timer at 3.579545 MHz of guest time, read-only. */
static void test_pm_timer_counts(void **state)
{
	struct fixture *f = *state;
	pm_enable(f);
	assert_int_equal(pm_in(f, ACPI_PM1_TMR, 4), 0);
	f->now = 1000000000u;                               /* one second */
	assert_int_equal(pm_in(f, ACPI_PM1_TMR, 4), 3579545);
	pm_out(f, ACPI_PM1_TMR, 0, 4);
	assert_int_equal(pm_in(f, ACPI_PM1_TMR, 4), 3579545);
	f->now = 5000000000u;                               /* wrapped: 17897725 mod 2^24 */
	assert_int_equal(pm_in(f, ACPI_PM1_TMR, 4), 1120509);
}

/* SMI_STS and GPE0_STS clear the bits written as 1; GPE0_EN keeps what is
 * written. */
static void test_status_registers_write_one_to_clear(void **state)
{
	struct fixture *f = *state;
	pm_enable(f);
	bus_out(f->bus, 0xB2, 0x55, 1);                     /* APM_STS */
	assert_int_equal(pm_in(f, ICH9_SMI_STS, 4), ICH9_APM_STS);
	pm_out(f, ICH9_SMI_STS, ~ICH9_APM_STS, 4);
	assert_int_equal(pm_in(f, ICH9_SMI_STS, 4), ICH9_APM_STS);
	pm_out(f, ICH9_SMI_STS, ICH9_APM_STS, 4);
	assert_int_equal(pm_in(f, ICH9_SMI_STS, 4), 0);
	/* The GPE status bits as an event would set them. */
	memset(&f->lpc.pm_regs[ICH9_GPE0_STS], 0xFF, 8);
	pm_out(f, ICH9_GPE0_STS, 0x0000000Fu, 4);
	pm_out(f, ICH9_GPE0_STS + 4, 0x80000000u, 4);
	assert_int_equal(pm_in(f, ICH9_GPE0_STS, 4), 0xFFFFFFF0u);
	assert_int_equal(pm_in(f, ICH9_GPE0_STS + 4, 4), 0x7FFFFFFFu);
	pm_out(f, ICH9_GPE0_EN, 0x0000000Fu, 4);
	pm_out(f, ICH9_GPE0_EN, 0x000000F0u, 4);
	assert_int_equal(pm_in(f, ICH9_GPE0_EN, 4), 0xF0);
}

/* A write to APM_CNT sets APM_STS, and pulses SMI only with GBL_SMI_EN and
 * APMC_EN both set. */
static void test_apm_raises_smi_only_with_both_enables(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t smi_en; unsigned smis; } rows[] = {
		{ 0, 0 }, { ICH9_GBL_SMI_EN, 0 }, { ICH9_APMC_EN, 0 },
		{ ICH9_GBL_SMI_EN | ICH9_APMC_EN, 1 },
	};
	pm_enable(f);
	for (size_t k = 0; k < 4; k++) {
		pm_out(f, ICH9_SMI_EN, rows[k].smi_en, 4);
		pm_out(f, ICH9_SMI_STS, ICH9_APM_STS, 4);
		f->smis = 0;
		bus_out(f->bus, 0xB2, 0x55 + k, 1);
		if (f->smis != rows[k].smis || f->smi_level)
			fail_msg("SMI_EN %02x: %u SMIs (line %s), wanted %u pulses",
				 rows[k].smi_en, f->smis, f->smi_level ? "high" : "low",
				 rows[k].smis);
		assert_int_equal(pm_in(f, ICH9_SMI_STS, 4) & ICH9_APM_STS, ICH9_APM_STS);
		assert_int_equal(bus_in(f->bus, 0xB2, 1), 0x55 + k);
	}
	bus_out(f->bus, 0xB3, 0xA5, 1);                     /* APM_STS: scratch */
	assert_int_equal(bus_in(f->bus, 0xB3, 1), 0xA5);
	assert_int_equal(f->smis, 1);
}

/* The ACPI enable and disable commands set and clear SCI_EN, no SMI. */
static void test_apm_acpi_enable_and_disable(void **state)
{
	struct fixture *f = *state;
	pm_enable(f);
	pm_out(f, ICH9_SMI_EN, ICH9_GBL_SMI_EN | ICH9_APMC_EN, 4);
	bus_out(f->bus, 0xB2, ICH9_APM_ACPI_ENABLE, 1);
	assert_int_equal(pm_in(f, ACPI_PM1_CNT, 2) & ACPI_SCI_EN, ACPI_SCI_EN);
	assert_int_equal(f->smis, 0);
	/* The SCI follows SCI_EN: the PM timer's overflow (bit 23, after
	 * 2^23 ticks) with TMR_EN raises it while ACPI is enabled. */
	pm_out(f, ACPI_PM1_EN, ACPI_TMR_STS, 2);
	f->now = 2400000000u;
	timer_run_due(&f->timers, f->now);
	assert_int_equal(pm_in(f, ACPI_PM1_STS, 2) & ACPI_TMR_STS, ACPI_TMR_STS);
	assert_true(f->sci_level);
	bus_out(f->bus, 0xB2, ICH9_APM_ACPI_DISABLE, 1);
	assert_int_equal(pm_in(f, ACPI_PM1_CNT, 2) & ACPI_SCI_EN, 0);
	assert_false(f->sci_level);
	assert_int_equal(f->smis, 0);
	bus_out(f->bus, 0xB2, 0x00, 1);
	assert_int_equal(f->smis, 1);
}

/* PIRQA-H_ROUT: IRQEN (bit 7) and the IRQ (3:0), disabled at reset;
 * PIRQA-D are what the board routes by. */
static void test_pirq_route_registers(void **state)
{
	struct fixture *f = *state;
	static const unsigned regs[] = { 0x60, 0x61, 0x62, 0x63, 0x68, 0x69, 0x6A, 0x6B };
	for (unsigned k = 0; k < 8; k++) {
		assert_int_equal(cfg_read(f, regs[k], 1), 0x80);
		cfg_write(f, regs[k], 0x70 | k, 1);            /* bits 6:4 reserved */
		assert_int_equal(cfg_read(f, regs[k], 1), k);
	}
	const uint8_t *route = ich9_lpc_pirq_route(&f->lpc);
	cfg_write(f, ICH9_PIRQA_ROUT, 0x0B0A0B0Au, 4);
	assert_memory_equal(route, "\x0A\x0B\x0A\x0B", 4);
	ich9_lpc_reset(&f->lpc);
	assert_int_equal(cfg_read(f, ICH9_PIRQE_ROUT, 4), 0x80808080u);
}

/* SMI_LOCK is set-only until reset and freezes GBL_SMI_EN as it was
 * (ICH9 datasheet, GEN_PMCON_1 bit 4: writes to GBL_SMI_EN then have no
 * effect); the rest of SMI_EN stays writable. */
static void test_smi_lock_freezes_gbl_smi_en_until_reset(void **state)
{
	struct fixture *f = *state;
	pm_enable(f);
	pm_out(f, ICH9_SMI_EN, ICH9_GBL_SMI_EN | ICH9_APMC_EN, 4);
	cfg_write(f, ICH9_GEN_PMCON_1, ICH9_SMI_LOCK, 2);
	assert_int_equal(cfg_read(f, ICH9_GEN_PMCON_1, 2), ICH9_SMI_LOCK);
	pm_out(f, ICH9_SMI_EN, 0, 4);
	assert_int_equal(pm_in(f, ICH9_SMI_EN, 4), ICH9_GBL_SMI_EN);
	pm_out(f, ICH9_SMI_EN, 0, 1);
	assert_int_equal(pm_in(f, ICH9_SMI_EN, 4), ICH9_GBL_SMI_EN);
	cfg_write(f, ICH9_GEN_PMCON_1, 0x0201, 2);         /* SMI_LOCK stays; the rest is R/W */
	assert_int_equal(cfg_read(f, ICH9_GEN_PMCON_1, 2), 0x0201 | ICH9_SMI_LOCK);
	ich9_lpc_reset(&f->lpc);
	assert_int_equal(cfg_read(f, ICH9_GEN_PMCON_1, 2), 0);
	pm_enable(f);
	pm_out(f, ICH9_SMI_EN, ICH9_GBL_SMI_EN, 4);
	pm_out(f, ICH9_SMI_EN, 0, 4);
	assert_int_equal(pm_in(f, ICH9_SMI_EN, 4), 0);
	/* Locked while clear, it stays clear. */
	cfg_write(f, ICH9_GEN_PMCON_1, ICH9_SMI_LOCK, 2);
	pm_out(f, ICH9_SMI_EN, ICH9_GBL_SMI_EN | ICH9_APMC_EN, 4);
	assert_int_equal(pm_in(f, ICH9_SMI_EN, 4), ICH9_APMC_EN);
	bus_out(f->bus, 0xB2, 0x55, 1);
	assert_int_equal(f->smis, 0);
}

/* RCBA with its enable bit maps the 16 KiB root complex register block,
 * which keeps what is written wherever it is moved, until reset. */
static void test_rcba_maps_register_block(void **state)
{
	struct fixture *f = *state;
	const uint32_t moved = 0xFED10000u;
	assert_int_equal(cfg_read(f, ICH9_RCBA, 4), 0);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA, 4), 0xFFFFFFFFu);
	cfg_write(f, ICH9_RCBA, RCBA | 0x3FFF, 4);          /* bits 13:1 reserved */
	assert_int_equal(cfg_read(f, ICH9_RCBA, 4), RCBA | 1);
	bus_write(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 0x12345678u, 4);
	bus_write(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3FFF, 0xAB, 1);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 4), 0x12345678u);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, RCBA + 0x3412, 2), 0x1234);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3FFF, 1), 0xAB);
	cfg_write(f, ICH9_RCBA, moved | 1, 4);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 4), 0xFFFFFFFFu);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, moved + 0x3410, 4), 0x12345678u);
	cfg_write(f, ICH9_RCBA, moved, 4);                  /* disabled */
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, moved + 0x3410, 4), 0xFFFFFFFFu);
	cfg_write(f, ICH9_RCBA, RCBA | 1, 4);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 4), 0x12345678u);
	ich9_lpc_reset(&f->lpc);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 4), 0xFFFFFFFFu);
	cfg_write(f, ICH9_RCBA, RCBA | 1, 4);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, RCBA + 0x3410, 4), 0);
}

/* ---- fw_cfg, as OVMF's QemuFwCfgLib drives it ---- */

#define DESC   0x1000    /* the DMA access descriptor */
#define BUFFER 0x2000    /* its data */
#define FW_CFG_DMA_ERROR  0x01u
#define FW_CFG_DMA_READ   0x02u
#define FW_CFG_DMA_SKIP   0x04u
#define FW_CFG_DMA_SELECT 0x08u
#define FW_CFG_DMA_WRITE  0x10u

static void put_be32(uint8_t *p, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (24 - 8 * k));
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* QemuFwCfgSelectItem(): the selector port. */
static void fw_select(struct fixture *f, uint16_t key)
{
	bus_out(f->bus, 0x510, key, 2);
}

/* InternalQemuFwCfgDmaBytes(): the descriptor, big-endian, its address
 * written high half then low half, byte-swapped; returns the control word
 * the device leaves (0 done, bit 0 error). */
static uint32_t fw_dma(struct fixture *f, uint32_t control, uint32_t length)
{
	put_be32(f->ram + DESC, control);
	put_be32(f->ram + DESC + 4, length);
	put_be32(f->ram + DESC + 8, 0);
	put_be32(f->ram + DESC + 12, BUFFER);
	bus_out(f->bus, 0x514, 0, 4);
	bus_out(f->bus, 0x518, __builtin_bswap32(DESC), 4);
	return get_be32(f->ram + DESC);
}

/* QemuFwCfgFindFile(): the file directory read by DMA. */
static uint16_t fw_find(struct fixture *f, const char *name, uint32_t *size)
{
	fw_select(f, 0x0019);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_READ, 4), 0);
	uint32_t count = get_be32(f->ram + BUFFER);
	for (uint32_t k = 0; k < count; k++) {
		assert_int_equal(fw_dma(f, FW_CFG_DMA_READ, 64), 0);
		if (strcmp((const char *)f->ram + BUFFER + 8, name) == 0) {
			*size = get_be32(f->ram + BUFFER);
			return (uint16_t)(f->ram[BUFFER + 4] << 8 | f->ram[BUFFER + 5]);
		}
	}
	fail_msg("no fw_cfg file %s", name);
	return 0;
}

struct smi_files {
	uint16_t supported, requested, features_ok;
};

static struct smi_files find_smi_files(struct fixture *f)
{
	struct smi_files s;
	uint32_t sz[3];
	s.supported = fw_find(f, "etc/smi/supported-features", &sz[0]);
	s.requested = fw_find(f, "etc/smi/requested-features", &sz[1]);
	s.features_ok = fw_find(f, "etc/smi/features-ok", &sz[2]);
	assert_int_equal(sz[0], 8);
	assert_int_equal(sz[1], 8);
	assert_int_equal(sz[2], 1);
	return s;
}

/* NegotiateSmiFeatures(): request FEATURES, then read features-ok. */
static uint8_t negotiate(struct fixture *f, const struct smi_files *s, uint64_t features)
{
	for (unsigned k = 0; k < 8; k++)
		f->ram[BUFFER + k] = (uint8_t)(features >> (8 * k));
	fw_select(f, s->requested);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 8), 0);
	fw_select(f, s->features_ok);
	f->ram[BUFFER] = 0xEE;
	assert_int_equal(fw_dma(f, FW_CFG_DMA_READ, 1), 0);
	return f->ram[BUFFER];
}

/* OVMF reads what is offered, keeps the broadcast SMI, requests it and
 * reads features-ok 1; a second negotiation (S3 resume's boot script)
 * changes nothing; reset undoes it. */
static void test_smi_feature_negotiation_as_ovmf(void **state)
{
	struct fixture *f = *state;
	struct smi_files s = find_smi_files(f);
	fw_select(f, s.supported);
	memset(f->ram + BUFFER, 0xEE, 8);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_READ, 8), 0);
	assert_memory_equal(f->ram + BUFFER, "\x01\0\0\0\0\0\0\0", 8);
	uint64_t features = f->ram[BUFFER] & ICH9_SMI_F_BROADCAST;
	assert_int_equal(negotiate(f, &s, features), 1);
	assert_int_equal(f->lpc.smi_negotiated, ICH9_SMI_F_BROADCAST);
	assert_int_equal(negotiate(f, &s, 0), 1);
	assert_int_equal(f->lpc.smi_negotiated, ICH9_SMI_F_BROADCAST);
	/* Selected by the descriptor's own select bit, as well. */
	f->ram[BUFFER] = 0xEE;
	assert_int_equal(fw_dma(f, (uint32_t)s.features_ok << 16 | FW_CFG_DMA_SELECT |
				FW_CFG_DMA_READ, 1), 0);
	assert_int_equal(f->ram[BUFFER], 1);
	ich9_lpc_reset(&f->lpc);
	assert_int_equal(f->lpc.smi_features_ok, 0);
	assert_int_equal(f->lpc.smi_negotiated, 0);
	fw_select(f, s.requested);
	memset(f->ram + BUFFER, 0xEE, 8);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_READ, 8), 0);
	assert_memory_equal(f->ram + BUFFER, "\0\0\0\0\0\0\0\0", 8);
}

/* A feature not offered (bit 1, QEMU's CPU hotplug) fails the negotiation:
 * features-ok reads 0 and nothing is negotiated; a later request of what
 * is offered succeeds. */
static void test_smi_feature_negotiation_refuses_unsupported(void **state)
{
	struct fixture *f = *state;
	struct smi_files s = find_smi_files(f);
	assert_int_equal(negotiate(f, &s, ICH9_SMI_F_BROADCAST | 0x2), 0);
	assert_int_equal(f->lpc.smi_negotiated, 0);
	assert_int_equal(negotiate(f, &s, 1ull << 63), 0);
	assert_int_equal(f->lpc.smi_negotiated, 0);
	assert_int_equal(negotiate(f, &s, ICH9_SMI_F_BROADCAST), 1);
	assert_int_equal(f->lpc.smi_negotiated, ICH9_SMI_F_BROADCAST);
}

/* DMA writes reach only writable items, and only within them: a write
 * to a read-only item, or past a writable one's end, sets the error bit
 * and changes nothing (QEMU's fw_cfg_dma_transfer()); a skip then a
 * write lands at the offset reached. */
static void test_fw_cfg_dma_write_rules(void **state)
{
	struct fixture *f = *state;
	struct smi_files s = find_smi_files(f);
	memset(f->ram + BUFFER, 0xFF, 16);
	fw_select(f, s.supported);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 8), FW_CFG_DMA_ERROR);
	assert_int_equal(f->lpc.smi_supported[0], ICH9_SMI_F_BROADCAST);
	fw_select(f, s.features_ok);          /* negotiates the empty set: 1 */
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 1), FW_CFG_DMA_ERROR);
	assert_int_equal(f->lpc.smi_features_ok, 1);
	fw_select(f, s.requested);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 9), FW_CFG_DMA_ERROR);
	assert_memory_equal(f->lpc.smi_requested, "\0\0\0\0\0\0\0\0", 8);
	fw_select(f, s.requested);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_SKIP, 4), 0);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 4), 0);
	assert_memory_equal(f->lpc.smi_requested, "\0\0\0\0\xFF\xFF\xFF\xFF", 8);
	assert_int_equal(fw_dma(f, FW_CFG_DMA_WRITE, 1), FW_CFG_DMA_ERROR);  /* at the end */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pmbase_and_acpi_en_map_pm_io),
		T(test_pm_timer_counts),
		T(test_status_registers_write_one_to_clear),
		T(test_apm_raises_smi_only_with_both_enables),
		T(test_apm_acpi_enable_and_disable),
		T(test_pirq_route_registers),
		T(test_smi_lock_freezes_gbl_smi_en_until_reset),
		T(test_rcba_maps_register_block),
		T(test_smi_feature_negotiation_as_ovmf),
		T(test_smi_feature_negotiation_refuses_unsupported),
		T(test_fw_cfg_dma_write_rules),
	};
#undef T
	return cmocka_run_group_tests_name("ich9", tests, NULL, NULL);
}
