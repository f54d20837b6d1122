/* The PIIX4 power-management function and APM ports; see piix4_pm.h. */
#include "chipset/piix4_pm.h"

#include <string.h>

#define PM_TIMER_HZ 3579545u

static uint64_t pm_ticks(const struct piix4_pm *pm)
{
	return timer_now(pm->timers) * PM_TIMER_HZ / 1000000000u;
}

static uint32_t pm_timer(const struct piix4_pm *pm)
{
	return (uint32_t)(pm_ticks(pm) & 0xFFFFFF);
}

static void update_sci(struct piix4_pm *pm)
{
	uint16_t sts = (uint16_t)pci_get_le(&pm->regs[PM_PMSTS], 2);
	uint16_t en = (uint16_t)pci_get_le(&pm->regs[PM_PMEN], 2);
	bool sci = (pci_get_le(&pm->regs[PM_PMCNTRL], 2) & PM_SCI_EN) && (sts & en);
	line_set(pm->sci, sci);
}

/* The next transition of the PM timer's bit 23 (every 2^23 ticks). */
static void schedule_overflow(struct piix4_pm *pm)
{
	uint64_t next = (pm_ticks(pm) / 0x800000 + 1) * 0x800000;
	timer_arm(pm->timers, &pm->overflow, (next * 1000000000u + PM_TIMER_HZ - 1) / PM_TIMER_HZ);
}

static void overflow_fire(void *opaque, uint64_t now)
{
	struct piix4_pm *pm = opaque;
	(void)now;
	pm->regs[PM_PMSTS] |= PM_TMROF;
	update_sci(pm);
	schedule_overflow(pm);
}

bool piix4_pm_may_interrupt(const struct piix4_pm *pm)
{
	return (pci_get_le(&pm->regs[PM_PMCNTRL], 2) & PM_SCI_EN) &&
	       (pci_get_le(&pm->regs[PM_PMEN], 2) & PM_TMROF);
}

static uint32_t pm_io_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct piix4_pm *pm = opaque;
	if (offset + size > PIIX4_PM_IO_SIZE)
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	if (offset >= PM_PMTMR && offset < PM_PMTMR + 4)
		return (pm_timer(pm) >> (8 * (offset - PM_PMTMR))) & (size == 4 ? ~0u : (1u << (8 * size)) - 1);
	return pci_get_le(&pm->regs[offset], size);
}

/* PMCNTRL as written: SLP_EN is not stored; with it, sleep type 0 is
 * soft off. */
static void pmcntrl_written(struct piix4_pm *pm)
{
	uint16_t cnt = (uint16_t)pci_get_le(&pm->regs[PM_PMCNTRL], 2);
	if (!(cnt & PM_SLP_EN))
		return;
	pm->regs[PM_PMCNTRL + 1] &= (uint8_t)~(PM_SLP_EN >> 8);
	if ((cnt & PM_SLP_TYP_MASK) >> PM_SLP_TYP_SHIFT == PM_SLP_TYP_SOFT_OFF)
		line_pulse(pm->poweroff);
}

/* Status registers (PMSTS at 0, GLBSTS) clear the bits written as 1;
 * the PM timer is read-only; PMCNTRL's SLP_EN acts (pmcntrl_written());
 * the rest store what is written. */
static void pm_io_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct piix4_pm *pm = opaque;
	for (unsigned k = 0; k < size && offset + k < PIIX4_PM_IO_SIZE; k++) {
		unsigned at = offset + k;
		uint8_t v = (uint8_t)(value >> (8 * k));
		if (at < 2 || (at >= PM_GLBSTS && at < PM_GLBSTS + 2))
			pm->regs[at] &= (uint8_t)~v;
		else if (at < PM_PMTMR || at >= PM_PMTMR + 4)
			pm->regs[at] = v;
	}
	if (offset <= PM_PMCNTRL + 1 && offset + size > PM_PMCNTRL + 1)
		pmcntrl_written(pm);
	update_sci(pm);
}

static const struct bus_io_ops pm_io_ops = { pm_io_read, pm_io_write };

static uint32_t apm_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct piix4_pm *pm = opaque;
	(void)size;
	return offset == 0 ? pm->apmc : pm->apms;
}

static void apm_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct piix4_pm *pm = opaque;
	(void)size;
	if (offset != 0) {
		pm->apms = (uint8_t)value;
		return;
	}
	pm->apmc = (uint8_t)value;
	if (pm->apmc == APMC_ACPI_ENABLE || pm->apmc == APMC_ACPI_DISABLE) {
		if (pm->apmc == APMC_ACPI_ENABLE)
			pm->regs[PM_PMCNTRL] |= PM_SCI_EN;
		else
			pm->regs[PM_PMCNTRL] &= (uint8_t)~PM_SCI_EN;
		update_sci(pm);
		return;
	}
	if (pci_get_le(&pm->pci.config[PIIX4_DEVACTB], 4) & PIIX4_APMC_EN) {
		pm->regs[PM_GLBSTS] |= PM_APM_STS;
		pm->apm_smis++;
		line_pulse(pm->smi);
	}
}

static const struct bus_io_ops apm_ops = { apm_read, apm_write };

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
	pm->apmc = pm->apms = 0;
	remap(pm);
	update_sci(pm);
	schedule_overflow(pm);
}

void piix4_pm_attach(struct piix4_pm *pm, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci)
{
	pm->bus = bus;
	pm->timers = timers;
	pm->sci = sci;
	timer_init(&pm->overflow, overflow_fire, pm);
	pm->pci.name = "piix4-pm";
	pm->pci.devfn = PCI_DEVFN(1, 3);
	pm->pci.written = written;
	pm->pci.opaque = pm;
	pm->io_range = bus_add_ports(bus, 0, 1, &pm_io_ops, pm);
	bus_add_ports(bus, 0xB2, 2, &apm_ops, pm);
	pci_add_device(pci, &pm->pci);
	piix4_pm_reset(pm);
}
