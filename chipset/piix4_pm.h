/* The PIIX4 power-management function (PCI 0:1.3, 8086:7113) and the APM
 * control/status ports 0xB2/0xB3 (82371AB datasheet, "Power Management
 * Function", "APMC/APMS").
 *
 * A write to APMC (0xB2) raises SMI when DEVACTB.APMC_EN (config 0x58 bit
 * 25) is set, except the FADT's ACPI enable and disable commands
 * (0xF1, 0xF0): those set and clear PMCNTRL.SCI_EN themselves and raise
 * no SMI, as QEMU's PIIX4 does (SeaBIOS's SMI handler leaves them to the
 * chipset, and its FADT names them).  GLBCTL.SMI_EN is kept as a register
 * but does not gate the SMI: the Bochs BIOS never sets it and expects its
 * SMI, as QEMU and Bochs model the part.  APMS (0xB3) is a scratch
 * register.  A write to PMCNTRL with SLP_EN and the sleep type 0, the
 * soft-off state SeaBIOS's DSDT gives \_S5 (and QEMU's PIIX4 takes), pulses
 * the power-off line; SLP_EN reads as 0, and the other sleep types are
 * only stored.  The PM I/O space (PMBA, enabled by PMREGMISC) holds
 * PMSTS/PMEN/PMCNTRL, the 3.579545 MHz PM timer whose bit-23 transitions
 * set PMSTS.TMROF_STS, GLBSTS (APM_STS), GLBEN, GLBCTL and DEVCTL.  The
 * ACPI SCI is IRQ 9 (level): PMCNTRL.SCI_EN and a status bit of PMSTS
 * whose enable in PMEN is set. */
#ifndef SMMBOX_CHIPSET_PIIX4_PM_H
#define SMMBOX_CHIPSET_PIIX4_PM_H

#include <stdint.h>

#include "chipset/acpi_pm.h"
#include "chipset/apm.h"
#include "chipset/pci.h"
#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

#define PIIX4_PMBA       0x40
#define PIIX4_DEVACTB    0x58
#define PIIX4_APMC_EN    (1u << 25)
#define PIIX4_PMREGMISC  0x80
#define PIIX4_PM_IO_SIZE 0x40

#define APMC_ACPI_ENABLE  0xF1     /* the FADT's ACPI_ENABLE and ACPI_DISABLE */
#define APMC_ACPI_DISABLE 0xF0
#define PM_SCI_IRQ 9
#define PM_GLBSTS  0x18
#define PM_APM_STS 0x20u
#define PM_GLBCTL  0x28

struct piix4_pm {
	struct pci_device pci;
	struct bus *bus;
	int io_range;
	struct acpi_pm acpi;             /* PMSTS, PMEN, PMCNTRL, PMTMR; the SCI */
	uint8_t regs[PIIX4_PM_IO_SIZE];  /* the rest of the PM I/O space */
	struct apm apm;                  /* APMC 0xB2, APMS 0xB3 */
	const struct line *smi;           /* to the CPU's SMI# */
	uint64_t apm_smis;
};

void piix4_pm_attach(struct piix4_pm *pm, struct pci_bus *pci, struct bus *bus,
		     struct timer_queue *timers, const struct line *sci);
void piix4_pm_reset(struct piix4_pm *pm);
/* Whether the PM timer's overflow may raise the SCI with no port access
 * (SCI_EN and TMROF_EN set). */
bool piix4_pm_may_interrupt(const struct piix4_pm *pm);

#endif
