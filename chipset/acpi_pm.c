/* The ACPI fixed PM registers; see acpi_pm.h. */
#include "chipset/acpi_pm.h"

#include <string.h>

#include "chipset/pci.h"

#define PM_TIMER_HZ 3579545u

static uint64_t pm_ticks(const struct acpi_pm *pm)
{
	return timer_now(pm->timers) * PM_TIMER_HZ / 1000000000u;
}

static uint16_t reg16(const struct acpi_pm *pm, unsigned offset)
{
	return (uint16_t)pci_get_le(&pm->regs[offset], 2);
}

static void update_sci(struct acpi_pm *pm)
{
	bool sci = (reg16(pm, ACPI_PM1_CNT) & ACPI_SCI_EN) &&
		   (reg16(pm, ACPI_PM1_STS) & reg16(pm, ACPI_PM1_EN));
	line_set(pm->sci, sci);
}

/* The next transition of the PM timer's bit 23 (every 2^23 ticks). */
static void schedule_overflow(struct acpi_pm *pm)
{
	uint64_t next = (pm_ticks(pm) / 0x800000 + 1) * 0x800000;
	timer_arm(pm->timers, &pm->overflow, (next * 1000000000u + PM_TIMER_HZ - 1) / PM_TIMER_HZ);
}

static void overflow_fire(void *opaque, uint64_t now)
{
	struct acpi_pm *pm = opaque;
	(void)now;
	pm->regs[ACPI_PM1_STS] |= ACPI_TMR_STS;
	update_sci(pm);
	schedule_overflow(pm);
}

bool acpi_pm_may_interrupt(const struct acpi_pm *pm)
{
	return (reg16(pm, ACPI_PM1_CNT) & ACPI_SCI_EN) && (reg16(pm, ACPI_PM1_EN) & ACPI_TMR_STS);
}

uint32_t acpi_pm_read(const struct acpi_pm *pm, uint32_t offset, unsigned size)
{
	uint32_t mask = size == 4 ? ~0u : (1u << (8 * size)) - 1;
	if (offset + size > ACPI_PM1_SIZE)
		return mask;
	if (offset >= ACPI_PM1_TMR) {
		uint32_t timer = (uint32_t)(pm_ticks(pm) & 0xFFFFFF);
		return (timer >> (8 * (offset - ACPI_PM1_TMR))) & mask;
	}
	return pci_get_le(&pm->regs[offset], size);
}

/* PM1 control as written: SLP_EN is not stored; with it, sleep type 0 is
 * soft off. */
static void control_written(struct acpi_pm *pm)
{
	uint16_t cnt = reg16(pm, ACPI_PM1_CNT);
	if (!(cnt & ACPI_SLP_EN))
		return;
	pm->regs[ACPI_PM1_CNT + 1] &= (uint8_t)~(ACPI_SLP_EN >> 8);
	if ((cnt & ACPI_SLP_TYP_MASK) >> ACPI_SLP_TYP_SHIFT == ACPI_SLP_TYP_SOFT_OFF)
		line_pulse(pm->poweroff);
}

void acpi_pm_write(struct acpi_pm *pm, uint32_t offset, uint32_t value, unsigned size)
{
	for (unsigned k = 0; k < size && offset + k < ACPI_PM1_TMR; k++) {
		unsigned at = offset + k;
		uint8_t v = (uint8_t)(value >> (8 * k));
		if (at < ACPI_PM1_EN)
			pm->regs[at] &= (uint8_t)~v;
		else
			pm->regs[at] = v;
	}
	if (offset <= ACPI_PM1_CNT + 1 && offset + size > ACPI_PM1_CNT + 1)
		control_written(pm);
	update_sci(pm);
}

void acpi_pm_set_sci_enable(struct acpi_pm *pm, bool on)
{
	if (on)
		pm->regs[ACPI_PM1_CNT] |= ACPI_SCI_EN;
	else
		pm->regs[ACPI_PM1_CNT] &= (uint8_t)~ACPI_SCI_EN;
	update_sci(pm);
}

void acpi_pm_reset(struct acpi_pm *pm)
{
	memset(pm->regs, 0, sizeof(pm->regs));
	update_sci(pm);
	schedule_overflow(pm);
}

void acpi_pm_attach(struct acpi_pm *pm, struct timer_queue *timers, const struct line *sci)
{
	pm->timers = timers;
	pm->sci = sci;
	timer_init(&pm->overflow, overflow_fire, pm);
}
