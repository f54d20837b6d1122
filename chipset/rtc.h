/* The MC146818 RTC and its 128 bytes of CMOS RAM; periodic, alarm and
 * update-ended interrupts on IRQ8. */
#ifndef SMMBOX_CHIPSET_RTC_H
#define SMMBOX_CHIPSET_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

struct rtc {
	uint8_t cmos[128];
	uint8_t index;
	int64_t base;      /* seconds since 1970 at guest time 0 (--rtc-base) */
	int64_t offset;    /* what the guest set the clock to, relative */
	struct timer_queue *timers;
	const struct line *irq8;   /* high while register C has IRQF */
	struct timer periodic, second;
};

void rtc_attach(struct rtc *r, struct bus *bus, struct timer_queue *timers,
		const struct line *irq8, int64_t base_seconds);
void rtc_reset(struct rtc *r);
/* Whether the RTC may raise IRQ8 with no port access: register B enables
 * the periodic, alarm or update interrupt. */
bool rtc_may_interrupt(const struct rtc *r);
/* The board fills in what the BIOS reads (memory sizes, equipment). */
void rtc_set_cmos(struct rtc *r, unsigned index, uint8_t value);
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (UTC) to seconds since 1970. */
bool rtc_parse_base(const char *text, int64_t *seconds);

#endif
