/* The board's interrupt wiring between the devices and the interrupt
 * controllers, as QEMU's pc machine has it:
 *
 * - ISA IRQ n goes to the 8259 pair's input n and to I/O APIC pin n,
 *   but IRQ0 (the 8254) to pin 2: the interrupt source override
 *   SeaBIOS's MADT declares (QEMU's ioapic_set_irq() maps it so).
 * - PIRQA-D, the PCI interrupt lines, are routed by the PIIX3's PIRQ
 *   route control registers (configuration 0x60-0x63: bit 7 disables,
 *   bits 3:0 name the ISA IRQ; PIIX3 datasheet "PIRQRC") onto ISA IRQs,
 *   each ISA IRQ the OR of its device and the PIRQs routed to it, as
 *   QEMU's PIIX does (any IRQ below 16, IRQ0 included, where the
 *   datasheet reserves 0-2, 8 and 13); and each also drives I/O APIC
 *   pin 16-19 directly, the board wiring the MP specification's PC
 *   boards use (QEMU's pc leaves those pins unconnected, its ACPI tables
 *   naming the routed ISA IRQs instead; nothing sees the difference
 *   while those entries stay masked).
 *
 * No PCI device on the board raises a PIRQ yet (the IDE function runs in
 * legacy mode, on IRQ14 and 15); the lines are there for the next. */
#ifndef SMMBOX_CHIPSET_IRQ_ROUTE_H
#define SMMBOX_CHIPSET_IRQ_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/ioapic.h"
#include "chipset/pic.h"
#include "mem/line.h"

#define IRQ_ROUTE_ISA  16
#define IRQ_ROUTE_PIRQ 4
#define IRQ_ROUTE_PIRQ_PIN 16    /* PIRQA's I/O APIC pin */
#define IRQ_ROUTE_DISABLE 0x80u  /* a route register's IRQEN# */

struct irq_route;

/* What an input line is bound to: ISA IRQ n or PIRQ n. */
struct irq_route_input {
	struct irq_route *route;
	unsigned n;
};

struct irq_route {
	struct pic *pic;
	struct ioapic *ioapic;
	const uint8_t *pirq_route;   /* the four route registers */
	uint16_t device_level;       /* ISA IRQs as their devices drive them */
	uint16_t isa_level;          /* what the 8259 and the I/O APIC see */
	uint8_t pirq_level;          /* PIRQA-D */
	struct irq_route_input isa_in[IRQ_ROUTE_ISA], pirq_in[IRQ_ROUTE_PIRQ];
};

/* Wire the ISA IRQs and PIRQs to pic and ioapic; pirq_route points at
 * the PIIX3's configuration bytes 0x60-0x63 (read on every change). */
void irq_route_attach(struct irq_route *r, struct pic *pic, struct ioapic *ioapic,
		      const uint8_t *pirq_route);
/* The receivers of ISA IRQ irq (0-15) and of PIRQ n (0-3: A-D); valid
 * while r is. */
struct line irq_route_isa_line(struct irq_route *r, unsigned irq);
struct line irq_route_pirq_line(struct irq_route *r, unsigned n);
/* The route registers changed: every ISA IRQ takes its new level. */
void irq_route_update(struct irq_route *r);
/* The I/O APIC pin ISA IRQ irq reaches. */
unsigned irq_route_isa_pin(unsigned irq);

#endif
