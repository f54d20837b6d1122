/* The 8254 programmable interval timer (ports 0x40-0x43) and system
 * control port B (0x61: timer 2 gate, speaker, refresh toggle) (8254
 * datasheet; PIIX3 datasheet "NMI Status and Control"). */
#include "chipset/pit.h"

#include <string.h>

#define PIT_HZ 1193182u
#define NS_PER_S 1000000000ull

/* Input clock ticks elapsed between two guest times. */
static uint64_t ticks_between(uint64_t from_ns, uint64_t to_ns)
{
	return (to_ns - from_ns) * PIT_HZ / NS_PER_S;
}

/* The guest time at which `ticks` ticks have elapsed since from_ns. */
static uint64_t time_after(uint64_t from_ns, uint64_t ticks)
{
	return from_ns + (ticks * NS_PER_S + PIT_HZ - 1) / PIT_HZ;
}

static uint32_t reload(const struct pit_channel *c)
{
	return c->count ? c->count : 0x10000;
}

/* The counting element's value now (8254 datasheet, "Operation"). */
static uint16_t current_count(const struct pit_channel *c, uint64_t now)
{
	uint64_t d = ticks_between(c->load_time, now);
	uint32_t n = reload(c);
	switch (c->mode) {
	case 2: return (uint16_t)(n - d % n);
	case 3: return (uint16_t)(n - (2 * d) % n);
	default: return (uint16_t)(n - d);
	}
}

static bool output(const struct pit_channel *c, uint64_t now)
{
	uint64_t d = ticks_between(c->load_time, now);
	uint32_t n = reload(c);
	switch (c->mode) {
	case 0: return d >= n;
	case 1: return d < n;
	case 2: return d % n != n - 1 || d == 0; /* low for the last tick */
	case 3: return d % n < (n + 1) / 2;
	default: return d != n;                  /* 4, 5: low for a one-tick strobe */
	}
}

/* Channel 0 drives IRQ0 with a pulse at each rising edge of OUT: the
 * terminal count in mode 0, every period in modes 2 and 3, the end of
 * the one-tick strobe in mode 4 (Linux's one-shot clock event; QEMU's
 * i8254 counts it so).  Mode 5 waits for a rising gate, and channel 0's
 * gate never falls. */
static void schedule_irq0(struct pit *p)
{
	struct pit_channel *c = &p->ch[0];
	timer_cancel(p->timers, &p->irq0_timer);
	if (!c->loaded || !c->gate)
		return;
	uint64_t now = timer_now(p->timers), d = ticks_between(c->load_time, now);
	uint32_t n = reload(c);
	uint64_t next;
	if (c->mode == 2 || c->mode == 3)
		next = (d / n + 1) * n;
	else if (c->mode == 0 && d < n)
		next = n;
	else if (c->mode == 4 && d <= n)
		next = (uint64_t)n + 1;
	else
		return;
	timer_arm(p->timers, &p->irq0_timer, time_after(c->load_time, next));
}

bool pit_will_interrupt(const struct pit *p)
{
	return p->irq0_timer.armed;
}

static void irq0_fire(void *opaque, uint64_t now)
{
	struct pit *p = opaque;
	(void)now;
	p->irq0_count++;
	line_pulse(p->irq0);
	schedule_irq0(p);
}

static void load(struct pit *p, unsigned n, uint16_t count)
{
	struct pit_channel *c = &p->ch[n];
	c->count = count;
	c->load_time = timer_now(p->timers);
	c->loaded = true;
	if (n == 0)
		schedule_irq0(p);
}

static uint8_t read_counter(struct pit *p, unsigned n)
{
	struct pit_channel *c = &p->ch[n];
	uint64_t now = timer_now(p->timers);
	if (c->status_latched) {
		c->status_latched = false;
		return (uint8_t)((output(c, now) ? 0x80 : 0) | (c->loaded ? 0 : 0x40) |
				 (c->access << 4) | (c->mode << 1) | c->bcd);
	}
	uint16_t v = c->latched ? c->latch : current_count(c, now);
	uint8_t byte;
	switch (c->access) {
	case 1: byte = (uint8_t)v; c->latched = false; break;
	case 2: byte = (uint8_t)(v >> 8); c->latched = false; break;
	default:
		byte = c->read_high ? (uint8_t)(v >> 8) : (uint8_t)v;
		if (c->read_high)
			c->latched = false;
		c->read_high = !c->read_high;
		break;
	}
	return byte;
}

static void write_counter(struct pit *p, unsigned n, uint8_t v)
{
	struct pit_channel *c = &p->ch[n];
	switch (c->access) {
	case 1: load(p, n, v); break;
	case 2: load(p, n, (uint16_t)(v << 8)); break;
	default:
		if (!c->write_high) {
			c->write_low = v;
		} else {
			load(p, n, (uint16_t)(c->write_low | (v << 8)));
		}
		c->write_high = !c->write_high;
		break;
	}
}

/* Control word: select, access mode, mode, BCD; or counter latch; or the
 * read-back command. */
static void control(struct pit *p, uint8_t v)
{
	unsigned sel = v >> 6;
	uint64_t now = timer_now(p->timers);
	if (sel == 3) {
		for (unsigned n = 0; n < 3; n++) {
			if (!(v & (2u << n)))
				continue;
			struct pit_channel *c = &p->ch[n];
			if (!(v & 0x20) && !c->latched) {
				c->latch = current_count(c, now);
				c->latched = true;
			}
			if (!(v & 0x10))
				c->status_latched = true;
		}
		return;
	}
	struct pit_channel *c = &p->ch[sel];
	unsigned access = (v >> 4) & 3;
	if (access == 0) {
		if (!c->latched) {
			c->latch = current_count(c, now);
			c->latched = true;
		}
		return;
	}
	c->access = (uint8_t)access;
	c->mode = (uint8_t)((v >> 1) & 7);
	if (c->mode > 5)
		c->mode -= 4;          /* 6 and 7 are 2 and 3 */
	c->bcd = v & 1;
	c->write_high = c->read_high = false;
	c->latched = false;
	c->loaded = false;
	if (sel == 0)
		schedule_irq0(p);
}

static uint32_t pit_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)size;
	return offset < 3 ? read_counter(opaque, offset) : 0xFF;
}

static void pit_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	(void)size;
	if (offset < 3)
		write_counter(opaque, offset, (uint8_t)value);
	else
		control(opaque, (uint8_t)value);
}

/* Port B: bit 0 timer 2 gate, bit 1 speaker data, bit 4 the refresh
 * request toggle (every 15.085 us), bit 5 timer 2's output. */
static uint32_t portb_read(void *opaque, uint32_t offset, unsigned size)
{
	struct pit *p = opaque;
	(void)offset;
	(void)size;
	uint64_t now = timer_now(p->timers);
	bool refresh = (now / 15085) & 1;
	return (p->ch[2].gate ? 1u : 0) | (p->speaker ? 2u : 0) | (refresh ? 0x10u : 0) |
	       (p->ch[2].loaded && output(&p->ch[2], now) ? 0x20u : 0);
}

static void portb_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct pit *p = opaque;
	(void)offset;
	(void)size;
	bool gate = value & 1;
	struct pit_channel *c = &p->ch[2];
	/* A rising gate restarts the count in modes 1, 2, 3 and 5. */
	if (gate && !c->gate && c->loaded && c->mode != 0 && c->mode != 4)
		c->load_time = timer_now(p->timers);
	c->gate = gate;
	p->speaker = value & 2;
}

static const struct bus_io_ops pit_ops = { pit_read, pit_write };
static const struct bus_io_ops portb_ops = { portb_read, portb_write };

void pit_reset(struct pit *p)
{
	timer_cancel(p->timers, &p->irq0_timer);
	memset(p->ch, 0, sizeof(p->ch));
	p->ch[0].gate = p->ch[1].gate = true;
	p->speaker = false;
}

void pit_attach(struct pit *p, struct bus *bus, struct timer_queue *timers,
		const struct line *irq0)
{
	p->timers = timers;
	p->irq0 = irq0;
	p->irq0_count = 0;
	timer_init(&p->irq0_timer, irq0_fire, p);
	bus_add_ports(bus, 0x40, 4, &pit_ops, p);
	bus_add_ports(bus, 0x61, 1, &portb_ops, p);
	pit_reset(p);
}
