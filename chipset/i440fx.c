/* The i440FX PMC; see i440fx.h. */
#include "chipset/i440fx.h"

#define SMRAM_BASE 0xA0000u
#define SMRAM_SIZE 0x20000u

/* Region priorities over the low megabyte: DRAM 0, the BIOS ROM's low
 * alias 1, the VGA window 2, shadow RAM and SMRAM 3. */
#define PRIO_SHADOW 3

unsigned i440fx_smram_visibility(uint8_t smram)
{
	if (!(smram & SMRAM_G_SMRAME))
		return 0;
	if (smram & SMRAM_D_OPEN)
		return BUS_VIS_NORMAL | BUS_VIS_SMM;
	return (smram & SMRAM_D_CLS) ? BUS_VIS_SMM_CODE : BUS_VIS_SMM;
}

/* The segments PAM0-6 route: PAM0's high nibble covers 0xF0000-0xFFFFF,
 * then each nibble of PAM1-6 a 16 KiB segment from 0xC0000 up. */
static uint32_t pam_base(unsigned seg)
{
	return seg == 0 ? 0xF0000u : 0xC0000u + (seg - 1) * 0x4000u;
}

static uint32_t pam_size(unsigned seg)
{
	return seg == 0 ? 0x10000u : 0x4000u;
}

/* PAMn, the register holding a segment's nibble. */
static unsigned pam_register(unsigned seg)
{
	return seg == 0 ? 0 : 1 + (seg - 1) / 2;
}

static enum smram_pam_mode pam_mode(const struct i440fx *h, unsigned seg)
{
	bool high = seg == 0 || ((seg - 1) & 1);
	uint8_t v = h->pci.config[I440FX_PAM0 + pam_register(seg)];
	return (enum smram_pam_mode)((high ? v >> 4 : v) & 3);
}

static void route(struct i440fx *h)
{
	static const unsigned claims[4] = {
		[SMRAM_PAM_PCI] = 0, [SMRAM_PAM_READ_DRAM] = BUS_CLAIM_READ,
		[SMRAM_PAM_WRITE_DRAM] = BUS_CLAIM_WRITE, [SMRAM_PAM_DRAM] = BUS_CLAIM_ALL,
	};
	for (unsigned seg = 0; seg < I440FX_PAM_SEGMENTS; seg++)
		bus_set_claims(h->bus, h->pam_region[seg], claims[pam_mode(h, seg)]);
	bus_set_visibility(h->bus, h->smram_region,
			   i440fx_smram_visibility(h->pci.config[I440FX_SMRAM]));
}

/* SMRAM writes: C_BASE_SEG is fixed, bit 7 reserved, D_LCK sticky and
 * locking D_OPEN (cleared) and itself. */
static void smram_written(struct i440fx *h)
{
	uint8_t v = h->pci.config[I440FX_SMRAM] & 0x78;
	if (h->smram & SMRAM_D_LCK)
		v = (uint8_t)((v & ~(SMRAM_D_OPEN | SMRAM_D_LCK)) | SMRAM_D_LCK);
	if (v & SMRAM_D_LCK)
		v &= (uint8_t)~SMRAM_D_OPEN;
	h->smram = v | SMRAM_C_BASE_SEG;
	h->pci.config[I440FX_SMRAM] = h->smram;
}

static void written(struct pci_device *d, unsigned offset, unsigned size)
{
	struct i440fx *h = d->opaque;
	if (offset <= I440FX_SMRAM && offset + size > I440FX_SMRAM)
		smram_written(h);
	route(h);
}

void i440fx_reset(struct i440fx *h)
{
	struct pci_device *d = &h->pci;
	pci_init_header(d, 0x8086, 0x1237, 0x02, 0x060000);
	for (unsigned r = 0; r < 7; r++)
		d->wmask[I440FX_PAM0 + r] = r == 0 ? 0xF0 : 0xFF;
	d->wmask[I440FX_SMRAM] = 0xFF;
	h->smram = d->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
	route(h);
}

void i440fx_attach(struct i440fx *h, struct pci_bus *pci, struct bus *bus, int dram)
{
	h->bus = bus;
	h->pci.name = "i440fx";
	h->pci.devfn = PCI_DEVFN(0, 0);
	h->pci.written = written;
	h->pci.opaque = h;
	h->smram_region = bus_add_alias(bus, "smram", SMRAM_BASE, SMRAM_SIZE, PRIO_SHADOW, 0,
					dram, SMRAM_BASE);
	for (unsigned seg = 0; seg < I440FX_PAM_SEGMENTS; seg++)
		h->pam_region[seg] = bus_add_alias(bus, "shadow", pam_base(seg), pam_size(seg),
						   PRIO_SHADOW, BUS_VIS_ALL, dram, pam_base(seg));
	pci_add_device(pci, &h->pci);
	i440fx_reset(h);
}

void i440fx_inspect(const struct i440fx *h, struct smram_info *info)
{
	uint8_t smram = h->pci.config[I440FX_SMRAM];
	*info = (struct smram_info){
		.host_bridge = "i440FX",
		.smram = smram_control_decode(I440FX_SMRAM, smram),
		.nranges = 1,
		.range[0] = { "A-segment", SMRAM_BASE, SMRAM_SIZE, i440fx_smram_visibility(smram),
			      h->smram_region },
		.npam = I440FX_PAM_SEGMENTS,
	};
	for (unsigned seg = 0; seg < I440FX_PAM_SEGMENTS; seg++) {
		unsigned reg = pam_register(seg);
		info->pam[seg] = (struct smram_pam_segment){
			pam_base(seg), pam_size(seg), pam_mode(h, seg), reg,
			(uint8_t)(I440FX_PAM0 + reg), h->pci.config[I440FX_PAM0 + reg],
		};
	}
}
