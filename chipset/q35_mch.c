/* The Q35 MCH; see q35_mch.h. */
#include "chipset/q35_mch.h"

#define ASEG_BASE 0xA0000u
#define ASEG_SIZE 0x20000u

/* Region priorities: DRAM 0, the BIOS's low alias 1, the VGA window 2,
 * shadow RAM and SMRAM 3 (as the i440FX's); ECAM above them all. */
#define PRIO_SMRAM 3
#define PRIO_ECAM 4

/* The TSEG pieces, from the top of low memory down: where each ends
 * below low_top and its size.  Piece k is TSEG for every TSEG of at
 * least piece_end[k] + piece_size[k] bytes. */
static const uint32_t piece_end[MCH_TSEG_PIECES] = { 0, 1u << 20, 2u << 20, 8u << 20 };
static const uint32_t piece_size[MCH_TSEG_PIECES] = { 1u << 20, 1u << 20, 6u << 20, 8u << 20 };

uint32_t q35_mch_tseg_size(uint8_t esmramc)
{
	static const uint32_t size_mb[4] = { 1, 2, 8, MCH_EXT_TSEG_MB };
	if (!(esmramc & ESMRAMC_T_EN))
		return 0;
	return size_mb[(esmramc & ESMRAMC_TSEG_SZ) >> 1] << 20;
}

/* TSEG is SMRAM only with G_SMRAME too. */
static uint32_t tseg_now(const struct q35_mch *h)
{
	if (!(h->pci.config[MCH_SMRAM] & SMRAM_G_SMRAME))
		return 0;
	return q35_mch_tseg_size(h->pci.config[MCH_ESMRAMC]);
}

static void route_smram(struct q35_mch *h)
{
	uint8_t smram = h->pci.config[MCH_SMRAM];
	bool high = h->pci.config[MCH_ESMRAMC] & ESMRAMC_H_SMRAME;
	unsigned views = smram_compatible_views(smram);
	bus_set_visibility(h->bus, h->aseg_region, high ? 0 : views);
	bus_set_visibility(h->bus, h->hseg_region, high ? views : 0);
	uint32_t tseg = tseg_now(h);
	for (unsigned k = 0; k < MCH_TSEG_PIECES; k++) {
		bool in_tseg = tseg >= piece_end[k] + piece_size[k];
		bus_set_visibility(h->bus, h->tseg_piece[k], in_tseg ? BUS_VIS_SMM : BUS_VIS_ALL);
	}
}

/* PCIEXBAR: the ECAM window of the length selected, where it says. */
static void route_ecam(struct q35_mch *h)
{
	uint64_t bar = pci_get_le(&h->pci.config[MCH_PCIEXBAR], 4) |
		       (uint64_t)pci_get_le(&h->pci.config[MCH_PCIEXBAR + 4], 4) << 32;
	unsigned length = (unsigned)(bar >> 1) & 3;
	for (unsigned k = 0; k < MCH_ECAM_LENGTHS; k++) {
		bool on = (bar & PCIEXBAR_EN) && length == k && !(bar >> 32);
		if (on)
			bus_move_region(h->bus, h->ecam_region[k],
					(uint32_t)bar & ~((256u << 20 >> k) - 1));
		bus_set_visibility(h->bus, h->ecam_region[k], on ? BUS_VIS_NORMAL | BUS_VIS_SMM : 0);
	}
}

/* D_LCK: D_OPEN cleared, then only D_CLS writable until reset. */
static void smram_written(struct q35_mch *h)
{
	struct pci_device *d = &h->pci;
	if (!(d->config[MCH_SMRAM] & SMRAM_D_LCK))
		return;
	d->config[MCH_SMRAM] &= (uint8_t)~SMRAM_D_OPEN;
	d->wmask[MCH_SMRAM] = SMRAM_D_CLS;
	d->wmask[MCH_ESMRAMC] = 0;
}

static void written(struct pci_device *d, unsigned offset, unsigned size)
{
	struct q35_mch *h = d->opaque;
	unsigned end = offset + size;
	if (offset < MCH_EXT_TSEG_MBYTES + 2 && end > MCH_EXT_TSEG_MBYTES &&
	    pci_get_le(&d->config[MCH_EXT_TSEG_MBYTES], 2) == MCH_EXT_TSEG_QUERY)
		pci_set_le(&d->config[MCH_EXT_TSEG_MBYTES], 2, MCH_EXT_TSEG_MB);
	if (offset <= MCH_SMRAM && end > MCH_SMRAM)
		smram_written(h);
	if (offset < MCH_PCIEXBAR + 8 && end > MCH_PCIEXBAR)
		route_ecam(h);
	if (offset < MCH_PAM0 + PAM_REGISTERS && end > MCH_PAM0)
		pam_route(&h->pam, h->bus, &d->config[MCH_PAM0]);
	route_smram(h);
}

/* ECAM: bus 0's functions, 4 KiB each. */
static uint32_t ecam_read(void *opaque, uint32_t offset, unsigned size)
{
	struct q35_mch *h = opaque;
	unsigned reg = offset & 0xFFF;
	uint8_t devfn = (uint8_t)(offset >> 12);
	if (offset >> 20 || reg + size > 256 || !h->pci_bus->dev[devfn])
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	return pci_config_read(h->pci_bus, devfn, reg, size);
}

static void ecam_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct q35_mch *h = opaque;
	unsigned reg = offset & 0xFFF;
	if (!(offset >> 20) && reg + size <= 256)
		pci_config_write(h->pci_bus, (uint8_t)(offset >> 12), reg, value, size);
}

static const struct bus_io_ops ecam_ops = { ecam_read, ecam_write };

void q35_mch_reset(struct q35_mch *h)
{
	struct pci_device *d = &h->pci;
	pci_init_header(d, 0x8086, 0x29C0, 0x00, 0x060000);
	/* QEMU's registers hold what is written (TOLUD, TSEGMB and the rest
	 * OVMF writes and reads back) except those below. */
	pci_open_like_qemu(d);
	d->wmask[MCH_SMBASE] = 0;           /* absent: reads 0 */
	pci_set_le(&d->wmask[MCH_EXT_TSEG_MBYTES], 2, 0xFFFF);
	pci_set_le(&d->wmask[MCH_PCIEXBAR], 4, 0xFC000007u);
	d->wmask[MCH_PCIEXBAR + 4] = 0x0F;              /* base bits 35:32 */
	pci_set_le(&d->config[MCH_PCIEXBAR], 4, 0xB0000000u);  /* QEMU's, disabled */
	for (unsigned r = 0; r < PAM_REGISTERS; r++)
		d->wmask[MCH_PAM0 + r] = r == 0 ? 0x30 : 0x33;
	d->config[MCH_SMRAM] = 0x02;        /* C_BASE_SEG: the A-segment */
	d->wmask[MCH_SMRAM] = SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME;
	d->config[MCH_ESMRAMC] = ESMRAMC_CACHE_BITS;
	d->wmask[MCH_ESMRAMC] = ESMRAMC_H_SMRAME | ESMRAMC_TSEG_SZ | ESMRAMC_T_EN;
	route_ecam(h);
	pam_route(&h->pam, h->bus, &d->config[MCH_PAM0]);
	route_smram(h);
}

static void add_tseg_pieces(struct q35_mch *h, int dram)
{
	for (unsigned k = 0; k < MCH_TSEG_PIECES; k++) {
		uint32_t base = h->low_top - piece_end[k] - piece_size[k];
		h->tseg_piece[k] = bus_add_alias(h->bus, "tseg", base, piece_size[k], 0,
						 BUS_VIS_ALL, dram, base);
	}
}

void q35_mch_attach(struct q35_mch *h, struct pci_bus *pci, struct bus *bus, int dram,
		    uint32_t low_top)
{
	h->bus = bus;
	h->pci_bus = pci;
	h->low_top = low_top;
	h->pci.name = "q35-mch";
	h->pci.devfn = PCI_DEVFN(0, 0);
	h->pci.written = written;
	h->pci.opaque = h;
	h->aseg_region = bus_add_alias(bus, "smram", ASEG_BASE, ASEG_SIZE, PRIO_SMRAM, 0, dram,
				       ASEG_BASE);
	h->hseg_region = bus_add_alias(bus, "smram-high", MCH_HIGH_SMRAM, ASEG_SIZE, PRIO_SMRAM, 0,
				       dram, ASEG_BASE);
	add_tseg_pieces(h, dram);
	for (unsigned k = 0; k < MCH_ECAM_LENGTHS; k++)
		h->ecam_region[k] = bus_add_mmio(bus, "pcie-ecam", 0xB0000000u, 256u << 20 >> k,
						 PRIO_ECAM, 0, &ecam_ops, h);
	pam_attach(&h->pam, bus, dram, PRIO_SMRAM);
	pci_add_device(pci, &h->pci);
	q35_mch_reset(h);
}

void q35_mch_inspect(const struct q35_mch *h, struct smram_info *info)
{
	uint8_t smram = h->pci.config[MCH_SMRAM];
	bool high = h->pci.config[MCH_ESMRAMC] & ESMRAMC_H_SMRAME;
	uint32_t tseg = tseg_now(h);
	*info = (struct smram_info){
		.host_bridge = "Q35 MCH",
		.smram = smram_control_decode(MCH_SMRAM, smram),
		.nranges = 2,
		.range[0] = { high ? "H-segment" : "A-segment", high ? MCH_HIGH_SMRAM : ASEG_BASE,
			      ASEG_SIZE, smram_compatible_views(smram),
			      { high ? h->hseg_region : h->aseg_region }, 1 },
		.range[1] = { "TSEG", h->low_top - tseg, tseg, tseg ? BUS_VIS_SMM : 0, { 0 }, 0 },
	};
	for (unsigned k = 0; k < MCH_TSEG_PIECES; k++)
		if (tseg >= piece_end[k] + piece_size[k])
			info->range[1].region[info->range[1].nregions++] = h->tseg_piece[k];
	pam_inspect(&h->pci.config[MCH_PAM0], MCH_PAM0, info);
}
