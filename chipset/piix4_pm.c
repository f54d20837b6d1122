/* The PIIX4 power-management function and APM ports; see piix4_pm.h. */
#include "chipset/piix4_pm.h"

#include <string.h>

bool piix4_pm_may_interrupt(const struct piix4_pm *pm)
{
	return acpi_pm_may_interrupt(&pm->acpi);
}

static uint32_t pm_io_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct piix4_pm *pm = opaque;
	if (offset < ACPI_PM1_SIZE || offset + size > PIIX4_PM_IO_SIZE)
		return acpi_pm_read(&pm->acpi, offset, size);
	return pci_get_le(&pm->regs[offset], size);
}

/* The ACPI registers below 0x0C are acpi_pm.h's; GLBSTS clears the bits
 * written as 1; the rest store what is written. */
static void pm_io_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct piix4_pm *pm = opaque;
	if (offset < ACPI_PM1_SIZE) {
		acpi_pm_write(&pm->acpi, offset, value, size);
		return;
	}
	for (unsigned k = 0; k < size && offset + k < PIIX4_PM_IO_SIZE; k++) {
		unsigned at = offset + k;
		uint8_t v = (uint8_t)(value >> (8 * k));
		if (at >= PM_GLBSTS && at < PM_GLBSTS + 2)
			pm->regs[at] &= (uint8_t)~v;
		else
			pm->regs[at] = v;
	}
}

static const struct bus_io_ops pm_io_ops = { pm_io_read, pm_io_write };

/* A write to APMC: see piix4_pm.h. */
static void apm_command(void *opaque, uint8_t command)
{
	struct piix4_pm *pm = opaque;
	if (command == APMC_ACPI_ENABLE || command == APMC_ACPI_DISABLE) {
		acpi_pm_set_sci_enable(&pm->acpi, command == APMC_ACPI_ENABLE);
		return;
	}
	if (pci_get_le(&pm->pci.config[PIIX4_DEVACTB], 4) & PIIX4_APMC_EN) {
		pm->regs[PM_GLBSTS] |= PM_APM_STS;
		pm->apm_smis++;
		line_pulse(pm->smi);
	}
}

/* PMBA bits 15:6 and PMREGMISC bit 0 place and enable the PM I/O space. */
static void remap(struct piix4_pm *pm)
{
	const uint8_t *c = pm->pci.config;
	uint16_t base = (uint16_t)(pci_get_le(&c[PIIX4_PMBA], 2) & 0xFFC0);
	bool on = c[PIIX4_PMREGMISC] & 1;
	bus_move_ports(pm->bus, pm->io_range, base, on && base ? PIIX4_PM_IO_SIZE : 0);
}

static void written(struct pci_device *d, unsigned offset, unsigned size)
{
	(void)offset;
	(void)size;
	remap(d->opaque);
}

void piix4_pm_reset(struct piix4_pm *pm)
{
	struct pci_device *d = &pm->pci;
	pci_init_header(d, 0x8086, 0x7113, 0x03, 0x068000);
	d->config[PIIX4_PMBA] = 0x01;     /* an I/O space indicator */
	d->wmask[PIIX4_PMBA] = 0xC0;
	d->wmask[PIIX4_PMBA + 1] = 0xFF;
	memset(&d->wmask[PIIX4_DEVACTB], 0xFF, 4);
	d->wmask[PIIX4_PMREGMISC] = 0x01;
	memset(&d->wmask[0x90], 0xFF, 4); /* SMBBA */
	d->config[0x90] = 0x01;
	d->wmask[0x90] = 0xF0;
	d->wmask[0xD2] = 0x0F;            /* SMBHSTCFG */
	memset(pm->regs, 0, sizeof(pm->regs));
	apm_reset(&pm->apm);
	remap(pm);
	acpi_pm_reset(&pm->acpi);
}

void piix4_pm_attach(struct piix4_pm *pm, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci)
{
	pm->bus = bus;
	acpi_pm_attach(&pm->acpi, timers, sci);
	pm->pci.name = "piix4-pm";
	pm->pci.devfn = PCI_DEVFN(1, 3);
	pm->pci.written = written;
	pm->pci.opaque = pm;
	pm->io_range = bus_add_ports(bus, 0, 1, &pm_io_ops, pm);
	apm_attach(&pm->apm, bus, apm_command, pm);
	pci_add_device(pci, &pm->pci);
	piix4_pm_reset(pm);
}
