/* The ACPI fixed power-management registers both south bridges have in
 * their PM I/O space at the same offsets (ACPI 1.0 §4.7.3; the PIIX4's
 * PMSTS/PMEN/PMCNTRL/PMTMR, the ICH9's PM1_STS/PM1_EN/PM1_CNT/PM1_TMR):
 *  - 0x00 PM1 status: write 1 to clear; TMR_STS (bit 0) is set at each
 *    transition of the PM timer's bit 23;
 *  - 0x02 PM1 enable;
 *  - 0x04 PM1 control: SCI_EN (bit 0); SLP_EN (bit 13) reads as 0 and,
 *    written with the sleep type 0 - the soft-off state both QEMU's and
 *    OVMF's DSDTs give \_S5 - pulses the power-off line; other sleep types
 *    are only stored;
 *  - 0x08 the 24-bit PM timer at 3.579545 MHz of guest time, read-only.
 * The SCI is raised while SCI_EN is set and a status bit is enabled. */
#ifndef SMMBOX_CHIPSET_ACPI_PM_H
#define SMMBOX_CHIPSET_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/timer.h"
#include "mem/line.h"

#define ACPI_PM1_STS 0x00
#define ACPI_PM1_EN  0x02
#define ACPI_PM1_CNT 0x04
#define ACPI_PM1_TMR 0x08
#define ACPI_PM1_SIZE 0x0C     /* the block's bytes, the timer's included */
#define ACPI_TMR_STS 0x0001u
#define ACPI_SCI_EN  0x0001u
#define ACPI_SLP_TYP_SHIFT 10        /* PM1_CNT bits 12:10 */
#define ACPI_SLP_TYP_MASK  0x1C00u
#define ACPI_SLP_EN  0x2000u
#define ACPI_SLP_TYP_SOFT_OFF 0

struct acpi_pm {
	uint8_t regs[ACPI_PM1_TMR];       /* PM1 status, enable, control */
	struct timer_queue *timers;       /* guest time */
	const struct line *sci;
	const struct line *poweroff;      /* pulsed on entering S5 (soft off) */
	struct timer overflow;
};

void acpi_pm_attach(struct acpi_pm *pm, struct timer_queue *timers, const struct line *sci);
void acpi_pm_reset(struct acpi_pm *pm);
/* Accesses of the block at offset (below ACPI_PM1_SIZE, size 1, 2 or 4;
 * bytes beyond the block read as all ones and take no writes). */
uint32_t acpi_pm_read(const struct acpi_pm *pm, uint32_t offset, unsigned size);
void acpi_pm_write(struct acpi_pm *pm, uint32_t offset, uint32_t value, unsigned size);
/* SCI_EN set or cleared by the chipset (the APM port's ACPI enable and
 * disable commands). */
void acpi_pm_set_sci_enable(struct acpi_pm *pm, bool on);
/* Whether the PM timer's overflow may raise the SCI with no port access
 * (SCI_EN and TMR_EN set). */
bool acpi_pm_may_interrupt(const struct acpi_pm *pm);

#endif
