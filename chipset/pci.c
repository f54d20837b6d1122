/* PCI configuration mechanism #1; see pci.h. */
#include "chipset/pci.h"

#include <string.h>

void pci_init_header(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint8_t revision, uint32_t class_code)
{
	memset(d->config, 0, sizeof(d->config));
	memset(d->wmask, 0, sizeof(d->wmask));
	pci_set_le(&d->config[0x00], 2, vendor);
	pci_set_le(&d->config[0x02], 2, device);
	d->config[0x08] = revision;
	pci_set_le(&d->config[0x09], 3, class_code);
	pci_set_le(&d->config[0x2C], 2, 0x1AF4);
	pci_set_le(&d->config[0x2E], 2, 0x1100);
}

void pci_add_device(struct pci_bus *pci, struct pci_device *d)
{
	pci->dev[d->devfn] = d;
}

void pci_open_like_qemu(struct pci_device *d)
{
	pci_set_le(&d->wmask[0x04], 2, 0x0407);   /* IO, memory, master, INTx disable */
	d->wmask[0x0C] = d->wmask[0x0D] = 0xFF;   /* cache line size, latency timer */
	d->wmask[0x3C] = 0xFF;                    /* interrupt line */
	memset(&d->wmask[PCI_DEVICE_REGS], 0xFF, sizeof(d->wmask) - PCI_DEVICE_REGS);
}

uint32_t pci_config_read(struct pci_bus *pci, uint8_t devfn, unsigned offset, unsigned size)
{
	const struct pci_device *d = pci->dev[devfn];
	if (!d || offset + size > 256)
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	return pci_get_le(&d->config[offset], size);
}

void pci_config_write(struct pci_bus *pci, uint8_t devfn, unsigned offset,
		      uint32_t value, unsigned size)
{
	struct pci_device *d = pci->dev[devfn];
	if (!d || offset + size > 256)
		return;
	for (unsigned k = 0; k < size; k++) {
		uint8_t m = d->wmask[offset + k], v = (uint8_t)(value >> (8 * k));
		d->config[offset + k] = (uint8_t)((d->config[offset + k] & ~m) | (v & m));
	}
	if (d->written)
		d->written(d, offset, size);
}

/* CONFIG_ADDRESS: bit 31 enable, 23:16 bus, 15:8 device and function,
 * 7:2 register.  Only bus 0 exists. */
static bool decode(const struct pci_bus *pci, uint8_t *devfn, unsigned *reg)
{
	uint32_t a = pci->address;
	if (!(a & 0x80000000u) || ((a >> 16) & 0xFF) != 0)
		return false;
	*devfn = (uint8_t)(a >> 8);
	*reg = a & 0xFC;
	return true;
}

static uint32_t address_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct pci_bus *pci = opaque;
	if (offset != 0 || size != 4)
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	return pci->address;
}

/* Only a dword write at 0xCF8 is the address; other widths go elsewhere
 * on a PC (0xCF9 is the PIIX reset control) and are ignored here. */
static void address_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct pci_bus *pci = opaque;
	if (offset == 0 && size == 4)
		pci->address = value & 0x80FFFFFCu;
}

static uint32_t data_read(void *opaque, uint32_t offset, unsigned size)
{
	struct pci_bus *pci = opaque;
	uint8_t devfn;
	unsigned reg;
	if (!decode(pci, &devfn, &reg))
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	return pci_config_read(pci, devfn, reg + offset, size);
}

static void data_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct pci_bus *pci = opaque;
	uint8_t devfn;
	unsigned reg;
	if (decode(pci, &devfn, &reg))
		pci_config_write(pci, devfn, reg + offset, value, size);
}

static const struct bus_io_ops address_ops = { address_read, address_write };
static const struct bus_io_ops data_ops = { data_read, data_write };

void pci_bus_attach(struct pci_bus *pci, struct bus *bus)
{
	memset(pci, 0, sizeof(*pci));
	bus_add_ports(bus, 0xCF8, 4, &address_ops, pci);
	bus_add_ports(bus, 0xCFC, 4, &data_ops, pci);
}
