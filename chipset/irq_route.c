/* The board's interrupt wiring; see irq_route.h. */
#include "chipset/irq_route.h"

unsigned irq_route_isa_pin(unsigned irq)
{
	return irq == 0 ? 2 : irq;
}

/* The ISA IRQ PIRQ n is routed to, or -1. */
static int pirq_target(const struct irq_route *r, unsigned n)
{
	uint8_t reg = r->pirq_route[n];
	return (reg & IRQ_ROUTE_DISABLE) ? -1 : (int)(reg & 0x0Fu);
}

/* Drive each ISA IRQ whose level changed: its device's level OR the
 * PIRQs routed to it. */
static void update_isa(struct irq_route *r)
{
	uint16_t level = r->device_level;
	for (unsigned n = 0; n < IRQ_ROUTE_PIRQ; n++) {
		int irq = pirq_target(r, n);
		if (irq >= 0 && (r->pirq_level >> n) & 1u)
			level |= (uint16_t)(1u << irq);
	}
	uint16_t changed = level ^ r->isa_level;
	r->isa_level = level;
	for (unsigned irq = 0; irq < IRQ_ROUTE_ISA; irq++) {
		if (!((changed >> irq) & 1u))
			continue;
		bool on = (level >> irq) & 1u;
		pic_set_irq(r->pic, irq, on);
		ioapic_set_irq(r->ioapic, irq_route_isa_pin(irq), on);
	}
}

static void isa_set(void *opaque, bool level)
{
	const struct irq_route_input *in = opaque;
	struct irq_route *r = in->route;
	uint16_t bit = (uint16_t)(1u << in->n);
	r->device_level = level ? r->device_level | bit : r->device_level & ~bit;
	update_isa(r);
}

static void pirq_set(void *opaque, bool level)
{
	const struct irq_route_input *in = opaque;
	struct irq_route *r = in->route;
	uint8_t bit = (uint8_t)(1u << in->n);
	r->pirq_level = level ? r->pirq_level | bit : r->pirq_level & ~bit;
	ioapic_set_irq(r->ioapic, IRQ_ROUTE_PIRQ_PIN + in->n, level);
	update_isa(r);
}

void irq_route_attach(struct irq_route *r, struct pic *pic, struct ioapic *ioapic,
		      const uint8_t *pirq_route)
{
	r->pic = pic;
	r->ioapic = ioapic;
	r->pirq_route = pirq_route;
	r->device_level = r->isa_level = 0;
	r->pirq_level = 0;
	for (unsigned n = 0; n < IRQ_ROUTE_ISA; n++)
		r->isa_in[n] = (struct irq_route_input){ r, n };
	for (unsigned n = 0; n < IRQ_ROUTE_PIRQ; n++)
		r->pirq_in[n] = (struct irq_route_input){ r, n };
}

struct line irq_route_isa_line(struct irq_route *r, unsigned irq)
{
	return (struct line){ isa_set, &r->isa_in[irq] };
}

struct line irq_route_pirq_line(struct irq_route *r, unsigned n)
{
	return (struct line){ pirq_set, &r->pirq_in[n] };
}

void irq_route_update(struct irq_route *r)
{
	update_isa(r);
}
