/* Device timers; see timer.h. */
#include "chipset/timer.h"

#include <stddef.h>

void timer_init(struct timer *t, void (*fire)(void *opaque, uint64_t now), void *opaque)
{
	*t = (struct timer){ .deadline = TIMER_NEVER, .fire = fire, .opaque = opaque };
}

void timer_cancel(struct timer_queue *q, struct timer *t)
{
	if (!t->armed)
		return;
	struct timer **pp = &q->head;
	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	t->armed = false;
}

void timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
	timer_cancel(q, t);
	t->deadline = deadline;
	struct timer **pp = &q->head;
	while (*pp && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	if (q->head == t && q->earliest_changed)
		q->earliest_changed(q->earliest_opaque, deadline);
}

uint64_t timer_next_deadline(const struct timer_queue *q)
{
	return q->head ? q->head->deadline : TIMER_NEVER;
}

void timer_run_due(struct timer_queue *q, uint64_t now)
{
	while (q->head && q->head->deadline <= now) {
		struct timer *t = q->head;
		q->head = t->next;
		t->armed = false;
		t->fire(t->opaque, now);
	}
}
