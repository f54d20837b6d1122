/* The 8254 interval timer: channel 0 drives IRQ0, channel 2 the speaker
 * (gated by port 0x61).  Counts follow guest time (timer.h) at
 * 1.193182 MHz. */
#ifndef SMMBOX_CHIPSET_PIT_H
#define SMMBOX_CHIPSET_PIT_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/timer.h"
#include "mem/bus.h"
#include "mem/line.h"

struct pit_channel {
	uint16_t count;        /* as loaded; 0 means 65536 */
	uint64_t load_time;    /* guest ns when counting started */
	uint16_t latch;
	uint8_t mode, access, bcd, write_low;
	bool loaded, gate, latched, status_latched, read_high, write_high;
};

struct pit {
	struct pit_channel ch[3];
	bool speaker;
	struct timer_queue *timers;
	const struct line *irq0;   /* pulsed at each rising edge of OUT0 */
	struct timer irq0_timer;
	uint64_t irq0_count;
};

void pit_attach(struct pit *p, struct bus *bus, struct timer_queue *timers,
		const struct line *irq0);
void pit_reset(struct pit *p);
/* Whether counter 0 will pulse IRQ0 again (it counts, in a mode that
 * does) with no port access. */
bool pit_will_interrupt(const struct pit *p);

#endif
