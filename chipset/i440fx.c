/* The i440FX PMC; see i440fx.h. */
#include "chipset/i440fx.h"

#define SMRAM_BASE 0xA0000u
#define SMRAM_SIZE 0x20000u

/* Region priorities over the low megabyte: DRAM 0, the BIOS ROM's low
 * alias 1, the VGA window 2, shadow RAM and SMRAM 3. */
#define PRIO_SHADOW 3

static void route(struct i440fx *h)
{
	pam_route(&h->pam, h->bus, &h->pci.config[I440FX_PAM0]);
	bus_set_visibility(h->bus, h->smram_region,
			   smram_compatible_views(h->pci.config[I440FX_SMRAM]));
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
	pam_attach(&h->pam, bus, dram, PRIO_SHADOW);
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
		.range[0] = { "A-segment", SMRAM_BASE, SMRAM_SIZE, smram_compatible_views(smram),
			      { h->smram_region }, 1 },
	};
	pam_inspect(&h->pci.config[I440FX_PAM0], I440FX_PAM0, info);
}
