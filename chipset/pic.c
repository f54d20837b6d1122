/* The 8259A pair; see pic.h. */
#include "chipset/pic.h"

#include <string.h>

/* The priority (0 highest) of the best IRQ in mask, 8 when none. */
static unsigned priority_of(const struct pic_chip *c, uint8_t mask)
{
	if (!mask)
		return 8;
	unsigned pr = 0;
	while (!(mask & (1u << ((pr + c->priority_add) & 7))))
		pr++;
	return pr;
}

/* The IRQ this chip would raise now, or -1: the best unmasked request
 * that outranks everything in service (special mask mode lets masked
 * in-service levels be preempted; special fully nested mode lets the
 * slave's line interrupt while the slave is in service). */
static int pending_irq(const struct pic_chip *c, bool master)
{
	unsigned pr = priority_of(c, c->irr & ~c->imr);
	if (pr == 8)
		return -1;
	uint8_t isr = c->isr;
	if (c->special_mask)
		isr &= ~c->imr;
	if (master && c->special_nested)
		isr &= ~(1u << 2);
	if (pr < priority_of(c, isr))
		return (int)((pr + c->priority_add) & 7);
	return -1;
}

static void update(struct pic *p)
{
	struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
	bool slave_out = pending_irq(s, false) >= 0;
	/* IRQ2 is level-sensitive to the slave's output. */
	if (slave_out)
		m->irr |= 1u << 2;
	else
		m->irr &= ~(1u << 2);
	line_set(p->intr, pending_irq(m, true) >= 0);
}

static void chip_set(struct pic_chip *c, unsigned n, bool level)
{
	uint8_t bit = (uint8_t)(1u << n);
	if (c->elcr & bit) {
		if (level)
			c->irr |= bit;
		else
			c->irr &= ~bit;
	} else if (level && !(c->level & bit)) {
		c->irr |= bit;          /* edge: a rising edge latches */
	}
	c->level = level ? (c->level | bit) : (c->level & ~bit);
}

void pic_set_irq(struct pic *p, unsigned irq, bool level)
{
	if (irq >= 16 || irq == 2)
		return;
	chip_set(&p->chip[irq >> 3], irq & 7, level);
	update(p);
}

static void input_set(void *opaque, bool level)
{
	const struct pic_input *in = opaque;
	pic_set_irq(in->pic, in->irq, level);
}

struct line pic_input_line(struct pic *p, unsigned irq)
{
	return (struct line){ input_set, &p->input[irq] };
}

/* Acknowledge irq on c: in service (unless automatic EOI), and an edge
 * request is consumed. */
static void chip_ack(struct pic_chip *c, int irq)
{
	uint8_t bit = (uint8_t)(1u << irq);
	if (!(c->elcr & bit))
		c->irr &= ~bit;
	if (c->auto_eoi) {
		if (c->rotate_on_aeoi)
			c->priority_add = (uint8_t)((irq + 1) & 7);
	} else {
		c->isr |= bit;
	}
}

uint8_t pic_acknowledge(struct pic *p)
{
	struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
	int irq = pending_irq(m, true);
	uint8_t vector;
	if (irq < 0) {
		p->spurious++;
		vector = m->vector_base | 7;  /* spurious IRQ7 */
	} else if (irq == 2) {
		int sirq = pending_irq(s, false);
		chip_ack(m, 2);
		if (sirq < 0) {
			p->spurious++;
			vector = s->vector_base | 7;
		} else {
			chip_ack(s, sirq);
			vector = (uint8_t)(s->vector_base | sirq);
		}
	} else {
		chip_ack(m, irq);
		vector = (uint8_t)(m->vector_base | irq);
	}
	update(p);
	return vector;
}

bool pic_would_interrupt(const struct pic *p, unsigned irq)
{
	struct pic_chip m = p->chip[0], s = p->chip[1];
	if (irq >= PIC_INPUTS || irq == 2)
		return false;
	if (irq < 8) {
		m.irr |= (uint8_t)(1u << irq);
	} else {
		s.irr |= (uint8_t)(1u << (irq - 8));
		if (pending_irq(&s, false) < 0)
			return false;
		m.irr |= 1u << 2;
	}
	return pending_irq(&m, true) >= 0;
}

/* OCW2: end of interrupt and priority rotation. */
static void ocw2(struct pic_chip *c, uint8_t v)
{
	unsigned cmd = v >> 5, level = v & 7;
	int highest = -1;
	if (c->isr) {
		unsigned pr = priority_of(c, c->isr);
		highest = (int)((pr + c->priority_add) & 7);
	}
	switch (cmd) {
	case 0: c->rotate_on_aeoi = false; break;
	case 4: c->rotate_on_aeoi = true; break;
	case 1: /* non-specific EOI */
	case 5: /* ... and rotate */
		if (highest >= 0) {
			c->isr &= ~(1u << highest);
			if (cmd == 5)
				c->priority_add = (uint8_t)((highest + 1) & 7);
		}
		break;
	case 3: c->isr &= ~(1u << level); break;           /* specific EOI */
	case 7:                                             /* ... and rotate */
		c->isr &= ~(1u << level);
		c->priority_add = (uint8_t)((level + 1) & 7);
		break;
	case 6: c->priority_add = (uint8_t)((level + 1) & 7); break; /* set priority */
	default: break;
	}
}

static void command_write(struct pic_chip *c, uint8_t v)
{
	if (v & 0x10) {                      /* ICW1 */
		uint8_t elcr = c->elcr, level = c->level;
		memset(c, 0, sizeof(*c));
		c->elcr = elcr;
		c->level = level;
		c->icw4_needed = v & 1;
		c->single = v & 2;
		c->init_step = 1;
	} else if (v & 0x08) {               /* OCW3 */
		if (v & 0x02)
			c->read_isr = v & 1;
		c->poll = v & 0x04;
		if (v & 0x40)
			c->special_mask = v & 0x20;
	} else {
		ocw2(c, v);
	}
}

static void data_write(struct pic_chip *c, uint8_t v)
{
	switch (c->init_step) {
	case 1:                              /* ICW2 */
		c->vector_base = v & 0xF8;
		c->init_step = c->single ? (c->icw4_needed ? 3 : 0) : 2;
		break;
	case 2:                              /* ICW3: cascade wiring, fixed on a PC */
		c->init_step = c->icw4_needed ? 3 : 0;
		break;
	case 3:                              /* ICW4 */
		c->auto_eoi = v & 2;
		c->special_nested = v & 0x10;
		c->init_step = 0;
		break;
	default:                             /* OCW1 */
		c->imr = v;
		break;
	}
}

/* Poll mode: the read acknowledges the best request, as INTA would. */
static uint8_t poll_read(struct pic *p, unsigned n)
{
	struct pic_chip *c = &p->chip[n];
	c->poll = false;
	int irq = pending_irq(c, n == 0);
	if (irq < 0)
		return 0;
	chip_ack(c, irq);
	update(p);
	return (uint8_t)(0x80 | irq);
}

static uint32_t port_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct pic_port *pp = opaque;
	const struct pic_chip *c = &pp->pic->chip[pp->n];
	(void)size;
	if (offset & 1)
		return c->imr;
	if (c->poll)
		return poll_read(pp->pic, pp->n);
	return c->read_isr ? c->isr : c->irr;
}

static void port_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	const struct pic_port *pp = opaque;
	struct pic_chip *c = &pp->pic->chip[pp->n];
	(void)size;
	if (offset & 1)
		data_write(c, (uint8_t)value);
	else
		command_write(c, (uint8_t)value);
	update(pp->pic);
}

/* ELCR1 (0x4D0) and ELCR2 (0x4D1); IRQ 0, 1, 2, 8 and 13 are always edge. */
static uint32_t elcr_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)size;
	return ((struct pic *)opaque)->chip[offset & 1].elcr;
}

static void elcr_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct pic *p = opaque;
	(void)size;
	p->chip[offset & 1].elcr = (uint8_t)(value & ((offset & 1) ? 0xDE : 0xF8));
	update(p);
}

static const struct bus_io_ops chip_ops = { port_read, port_write };
static const struct bus_io_ops elcr_ops = { elcr_read, elcr_write };

static uint8_t inta(void *opaque)
{
	return pic_acknowledge(opaque);
}

void pic_reset(struct pic *p)
{
	memset(p->chip, 0, sizeof(p->chip));
	update(p);
}

void pic_attach(struct pic *p, struct bus *bus)
{
	p->port[0] = (struct pic_port){ p, 0 };
	p->port[1] = (struct pic_port){ p, 1 };
	for (unsigned irq = 0; irq < PIC_INPUTS; irq++)
		p->input[irq] = (struct pic_input){ p, irq };
	bus_add_ports(bus, 0x20, 2, &chip_ops, &p->port[0]);
	bus_add_ports(bus, 0xA0, 2, &chip_ops, &p->port[1]);
	bus_add_ports(bus, 0x4D0, 2, &elcr_ops, p);
	bus_set_inta(bus, inta, p);
	pic_reset(p);
}
