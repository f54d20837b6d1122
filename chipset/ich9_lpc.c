/* The ICH9 LPC bridge; see ich9_lpc.h. */
#include "chipset/ich9_lpc.h"

#include <string.h>

static uint32_t all_ones(unsigned size)
{
	return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static uint32_t pm_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct ich9_lpc *l = opaque;
	if (offset < ACPI_PM1_SIZE)
		return acpi_pm_read(&l->acpi, offset, size);
	if (offset + size > ICH9_PM_IO_SIZE)
		return all_ones(size);
	return pci_get_le(&l->pm_regs[offset], size);
}

static bool write_one_to_clear(unsigned at)
{
	return (at >= ICH9_GPE0_STS && at < ICH9_GPE0_STS + 8) ||
	       (at >= ICH9_SMI_STS && at < ICH9_SMI_STS + 4);
}

/* GPE0_STS and SMI_STS clear the bits written as 1; under SMI_LOCK,
 * writes to GBL_SMI_EN have no effect (ICH9 datasheet, GEN_PMCON_1 bit 4;
 * QEMU's smi_en_wmask); the rest store what is written. */
static void pm_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct ich9_lpc *l = opaque;
	if (offset < ACPI_PM1_SIZE) {
		acpi_pm_write(&l->acpi, offset, value, size);
		return;
	}
	bool locked = l->pci.config[ICH9_GEN_PMCON_1] & ICH9_SMI_LOCK;
	for (unsigned k = 0; k < size && offset + k < ICH9_PM_IO_SIZE; k++) {
		unsigned at = offset + k;
		uint8_t v = (uint8_t)(value >> (8 * k));
		if (write_one_to_clear(at))
			l->pm_regs[at] &= (uint8_t)~v;
		else if (at == ICH9_SMI_EN && locked)
			l->pm_regs[at] = (uint8_t)((v & ~ICH9_GBL_SMI_EN) |
						   (l->pm_regs[at] & ICH9_GBL_SMI_EN));
		else
			l->pm_regs[at] = v;
	}
}

static const struct bus_io_ops pm_ops = { pm_read, pm_write };

/* A write to APM_CNT: see ich9_lpc.h. */
static void apm_command(void *opaque, uint8_t command)
{
	struct ich9_lpc *l = opaque;
	if (command == ICH9_APM_ACPI_ENABLE || command == ICH9_APM_ACPI_DISABLE) {
		acpi_pm_set_sci_enable(&l->acpi, command == ICH9_APM_ACPI_ENABLE);
		return;
	}
	l->pm_regs[ICH9_SMI_STS] |= ICH9_APM_STS;
	uint32_t smi_en = pci_get_le(&l->pm_regs[ICH9_SMI_EN], 4);
	if ((smi_en & ICH9_GBL_SMI_EN) && (smi_en & ICH9_APMC_EN)) {
		l->apm_smis++;
		line_pulse(l->smi);
	}
}

static uint32_t rcrb_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct ich9_lpc *l = opaque;
	return pci_get_le(&l->rcrb[offset], size);
}

static void rcrb_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct ich9_lpc *l = opaque;
	pci_set_le(&l->rcrb[offset], size, value);
}

static const struct bus_io_ops rcrb_ops = { rcrb_read, rcrb_write };

/* PMBASE with ACPI_EN, and RCBA with its enable bit, place their spaces. */
static void remap(struct ich9_lpc *l)
{
	const uint8_t *c = l->pci.config;
	uint16_t pmbase = (uint16_t)(pci_get_le(&c[ICH9_PMBASE], 2) & 0xFF80);
	bool pm_on = (c[ICH9_ACPI_CNTL] & ICH9_ACPI_EN) && pmbase;
	bus_move_ports(l->bus, l->pm_ports, pmbase, pm_on ? ICH9_PM_IO_SIZE : 0);
	uint32_t rcba = pci_get_le(&c[ICH9_RCBA], 4);
	if (rcba & 1)
		bus_move_region(l->bus, l->rcba_region, rcba & ~(uint32_t)(ICH9_RCBA_SIZE - 1));
	bus_set_visibility(l->bus, l->rcba_region, rcba & 1 ? BUS_VIS_NORMAL | BUS_VIS_SMM : 0);
}

static void written(struct pci_device *d, unsigned offset, unsigned size)
{
	struct ich9_lpc *l = d->opaque;
	(void)offset;
	(void)size;
	if (d->config[ICH9_GEN_PMCON_1] & ICH9_SMI_LOCK)
		d->wmask[ICH9_GEN_PMCON_1] &= (uint8_t)~ICH9_SMI_LOCK;
	remap(l);
}

/* Selecting "etc/smi/features-ok": QEMU's negotiation, once. */
static void features_ok_selected(void *opaque)
{
	struct ich9_lpc *l = opaque;
	if (l->smi_features_ok)
		return;
	uint64_t requested = 0, supported = 0;
	for (unsigned k = 0; k < 8; k++) {
		requested |= (uint64_t)l->smi_requested[k] << (8 * k);
		supported |= (uint64_t)l->smi_supported[k] << (8 * k);
	}
	if (requested & ~supported)
		return;
	l->smi_negotiated = requested;
	l->smi_features_ok = 1;
}

void ich9_lpc_reset(struct ich9_lpc *l)
{
	struct pci_device *d = &l->pci;
	pci_init_header(d, 0x8086, 0x2918, 0x02, 0x060100);
	/* QEMU's registers hold what is written, except those below. */
	pci_open_like_qemu(d);
	d->config[0x0E] = 0x80;                     /* multi-function */
	pci_set_le(&d->config[ICH9_PMBASE], 4, 1);  /* an I/O space indicator */
	pci_set_le(&d->wmask[ICH9_PMBASE], 4, 0xFF80);
	d->wmask[ICH9_ACPI_CNTL] = ICH9_ACPI_EN | 0x07;
	for (unsigned k = 0; k < 4; k++) {
		d->config[ICH9_PIRQA_ROUT + k] = d->config[ICH9_PIRQE_ROUT + k] = 0x80;
		d->wmask[ICH9_PIRQA_ROUT + k] = d->wmask[ICH9_PIRQE_ROUT + k] = 0x8F;
	}
	pci_set_le(&d->wmask[ICH9_GEN_PMCON_1], 2, 0xFFFF);
	pci_set_le(&d->wmask[ICH9_RCBA], 4, ~(uint32_t)(ICH9_RCBA_SIZE - 1) | 1);
	memset(l->pm_regs, 0, sizeof(l->pm_regs));
	memset(l->rcrb, 0, sizeof(l->rcrb));
	apm_reset(&l->apm);
	memset(l->smi_requested, 0, sizeof(l->smi_requested));
	l->smi_features_ok = 0;
	l->smi_negotiated = 0;
	acpi_pm_reset(&l->acpi);
	remap(l);
}

const uint8_t *ich9_lpc_pirq_route(const struct ich9_lpc *l)
{
	return &l->pci.config[ICH9_PIRQA_ROUT];
}

void ich9_lpc_attach(struct ich9_lpc *l, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci, struct fw_cfg *fw_cfg)
{
	l->bus = bus;
	acpi_pm_attach(&l->acpi, timers, sci);
	l->pci.name = "ich9-lpc";
	l->pci.devfn = PCI_DEVFN(0x1F, 0);
	l->pci.written = written;
	l->pci.opaque = l;
	l->pm_ports = bus_add_ports(bus, 0, 1, &pm_ops, l);
	apm_attach(&l->apm, bus, apm_command, l);
	l->rcba_region = bus_add_mmio(bus, "ich9-rcrb", 0xFED1C000u, ICH9_RCBA_SIZE, 2, 0,
				      &rcrb_ops, l);
	l->smi_supported[0] = ICH9_SMI_F_BROADCAST;
	fw_cfg_add_shared_file(fw_cfg, "etc/smi/supported-features", l->smi_supported, 8, false,
			       NULL, NULL);
	fw_cfg_add_shared_file(fw_cfg, "etc/smi/requested-features", l->smi_requested, 8, true,
			       NULL, NULL);
	fw_cfg_add_shared_file(fw_cfg, "etc/smi/features-ok", &l->smi_features_ok, 1, false,
			       features_ok_selected, l);
	pci_add_device(pci, &l->pci);
	ich9_lpc_reset(l);
}
