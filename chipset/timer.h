/* Guest time and the device timers that fire in it.
 *
 * Guest time is counted in nanoseconds: one retired instruction is one
 * nanosecond, plus the time skipped while the CPU waits in HLT for the
 * next timer (docs/DESIGN.md), so two runs of the same image are
 * identical.  A device arms a timer for a deadline; the run loop runs the
 * CPU no further than the earliest deadline and then fires what is due. */
#ifndef SMMBOX_CHIPSET_TIMER_H
#define SMMBOX_CHIPSET_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NEVER UINT64_MAX

struct timer {
	uint64_t deadline;
	void (*fire)(void *opaque, uint64_t now);
	void *opaque;
	struct timer *next;
	bool armed;
};

struct timer_queue {
	struct timer *head;  /* sorted by deadline */
	uint64_t (*now)(void *opaque);
	void *now_opaque;
	/* Told when a timer armed becomes the earliest: the run loop,
	 * which may be running the CPU past that deadline (a device armed
	 * it in an instruction's port or MMIO access), ends the run there. */
	void (*earliest_changed)(void *opaque, uint64_t deadline);
	void *earliest_opaque;
};

static inline uint64_t timer_now(const struct timer_queue *q)
{
	return q->now ? q->now(q->now_opaque) : 0;
}

void timer_init(struct timer *t, void (*fire)(void *opaque, uint64_t now), void *opaque);
void timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline);
void timer_cancel(struct timer_queue *q, struct timer *t);
uint64_t timer_next_deadline(const struct timer_queue *q);
/* Fire every timer whose deadline is at or before now, earliest first. */
void timer_run_due(struct timer_queue *q, uint64_t now);

#endif
