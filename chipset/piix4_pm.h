/* The PIIX4 power-management function (PCI 0:1.3, 8086:7113) and the APM
 * control/status ports 0xB2/0xB3 (82371AB datasheet, "Power Management
 * Function", "APMC/APMS").
 *
 * A write to APMC (0xB2) raises SMI when DEVACTB.APMC_EN (config 0x58 bit
 * 25) is set.  GLBCTL.SMI_EN is kept as a register but does not gate it:
 * the Bochs BIOS never sets it and expects its SMI, as QEMU and Bochs
 * model the part.  APMS (0xB3) is a scratch register.  No value written to
 * APMC is interpreted by the hardware (ACPI enable/disable is the SMI
 * handler's business).  The PM I/O space (PMBA, enabled by PMREGMISC) holds
 * PMSTS/PMEN/PMCNTRL, the 3.579545 MHz PM timer whose bit-23 transitions
 * set PMSTS.TMROF_STS, GLBSTS (APM_STS), GLBEN, GLBCTL and DEVCTL.  The
 * ACPI SCI is IRQ 9 (level): PMCNTRL.SCI_EN and a status bit of PMSTS
 * whose enable in PMEN is set. */
#ifndef SMMBOX_CHIPSET_PIIX4_PM_H
#define SMMBOX_CHIPSET_PIIX4_PM_H

#include <stdint.h>

#include "chipset/pci.h"
#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

#define PIIX4_PMBA       0x40
#define PIIX4_DEVACTB    0x58
#define PIIX4_APMC_EN    (1u << 25)
#define PIIX4_PMREGMISC  0x80
#define PIIX4_PM_IO_SIZE 0x40

#define PM_PMSTS   0x00
#define PM_PMEN    0x02
#define PM_PMCNTRL 0x04
#define PM_TMROF   0x0001u
#define PM_SCI_EN  0x0001u
#define PM_SCI_IRQ 9
#define PM_GLBSTS  0x18
#define PM_APM_STS 0x20u
#define PM_GLBCTL  0x28
#define PM_PMTMR   0x08

struct piix4_pm {
	struct pci_device pci;
	struct bus *bus;
	int io_range;
	uint8_t regs[PIIX4_PM_IO_SIZE];
	uint8_t apmc, apms;
	const struct line *smi;           /* to the CPU's SMI# */
	struct timer_queue *timers;      /* guest time, for the PM timer */
	const struct line *sci;          /* the ACPI SCI, ISA IRQ PM_SCI_IRQ */
	struct timer overflow;
	uint64_t apm_smis;
};

void piix4_pm_attach(struct piix4_pm *pm, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci);
void piix4_pm_reset(struct piix4_pm *pm);
/* Whether the PM timer's overflow may raise the SCI with no port access
 * (SCI_EN and TMROF_EN set). */
bool piix4_pm_may_interrupt(const struct piix4_pm *pm);

#endif
