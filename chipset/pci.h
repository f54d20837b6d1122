/* PCI configuration space through configuration mechanism #1 (ports
 * 0xCF8 address, 0xCFC-0xCFF data; PCI Local Bus Specification 2.1
 * §3.7.4.1).  A device's configuration space is data: 256 bytes, a write
 * mask per byte, and one hook called after a write for the devices whose
 * registers have side effects (SMRAM, PAM, base addresses). */
#ifndef SMMBOX_CHIPSET_PCI_H
#define SMMBOX_CHIPSET_PCI_H

#include <stdint.h>

#include "mem/bus.h"

#define PCI_DEVFN(dev, fn) ((uint8_t)(((dev) << 3) | (fn)))
#define PCI_DEVICE_REGS 0x40   /* where a type-0 header ends */

struct pci_device {
	const char *name;
	uint8_t devfn;           /* on bus 0 */
	uint8_t config[256];
	uint8_t wmask[256];      /* bits software may change */
	/* After bytes [offset, offset+size) were written (masked). */
	void (*written)(struct pci_device *d, unsigned offset, unsigned size);
	void *opaque;
};

struct pci_bus {
	uint32_t address;        /* the CONFIG_ADDRESS latch */
	struct pci_device *dev[256];
};

void pci_bus_attach(struct pci_bus *pci, struct bus *bus);
void pci_add_device(struct pci_bus *pci, struct pci_device *d);

/* Set up a type-0 header: IDs, revision and class code, and QEMU's
 * subsystem IDs (1af4:1100, Red Hat's "QEMU virtual machine"), which
 * SeaBIOS reads to know it runs on a QEMU-like board with fw_cfg; every
 * other byte reads 0 and is read-only until a device opens it in wmask. */
void pci_init_header(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint8_t revision, uint32_t class_code);

/* Open what QEMU's pci_init_wmask() leaves writable in a conventional
 * device's header, and all of its device registers (0x40-0xFF): the
 * command register's I/O, memory, bus-master and INTx-disable bits
 * (EDK2's drivers bind only to a device whose decoding they enabled and
 * read back), the cache line size, the latency timer and the interrupt
 * line.  The caller then narrows the registers of its own it models. */
void pci_open_like_qemu(struct pci_device *d);

/* Configuration accesses by the host (debuggers, tests), as the CPU does
 * them through 0xCF8/0xCFC; offset need not be aligned. */
uint32_t pci_config_read(struct pci_bus *pci, uint8_t devfn, unsigned offset, unsigned size);
void pci_config_write(struct pci_bus *pci, uint8_t devfn, unsigned offset,
		      uint32_t value, unsigned size);

static inline uint32_t pci_get_le(const uint8_t *p, unsigned size)
{
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++)
		v |= (uint32_t)p[k] << (8 * k);
	return v;
}

static inline void pci_set_le(uint8_t *p, unsigned size, uint32_t v)
{
	for (unsigned k = 0; k < size; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

#endif
