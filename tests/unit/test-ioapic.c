/* Unit tests of the I/O APIC (chipset/ioapic.c) and of the board's
 * interrupt wiring (chipset/irq_route.c): the registers, edge and level
 * pins, polarity, masking, remote IRR and the EOI, delivery to a local
 * APIC by physical and logical destination, the fan-out of each ISA IRQ
 * to the 8259s and the I/O APIC, and the PIIX3's PIRQ routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "chipset/ioapic.h"
#include "chipset/irq_route.h"
#include "chipset/lapic.h"
#include "chipset/pic.h"

#define MSG_LOG 16

struct fixture {
	struct bus *bus;
	struct ioapic io;
	struct apic_msg sent[MSG_LOG];
	unsigned nsent;
	struct pic pic;
	struct irq_route route;
	uint8_t pirq_route[4];
	struct timer_queue timers;
	struct lapic apic;
};

static void log_message(void *opaque, const struct apic_msg *m)
{
	struct fixture *f = opaque;
	if (f->nsent < MSG_LOG)
		f->sent[f->nsent] = *m;
	f->nsent++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	ioapic_attach(&f->io, f->bus);
	f->io.out = (struct apic_bus){ log_message, f };
	pic_attach(&f->pic, f->bus);
	for (unsigned n = 0; n < 4; n++)
		f->pirq_route[n] = IRQ_ROUTE_DISABLE;
	irq_route_attach(&f->route, &f->pic, &f->io, f->pirq_route);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bus_free(f->bus);
	free(f);
	return 0;
}

static uint32_t reg_read(struct fixture *f, uint8_t index)
{
	bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOREGSEL, index, 1);
	return bus_read(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOWIN, 4);
}

static void reg_write(struct fixture *f, uint8_t index, uint32_t value)
{
	bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOREGSEL, index, 4);
	bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOWIN, value, 4);
}

static void redirect(struct fixture *f, unsigned pin, uint32_t low, uint8_t dest)
{
	reg_write(f, (uint8_t)(IOAPIC_REG_REDIR + 2 * pin + 1), (uint32_t)dest << 24);
	reg_write(f, (uint8_t)(IOAPIC_REG_REDIR + 2 * pin), low);
}

static void test_registers(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(reg_read(f, IOAPIC_REG_ID), 0);
	assert_int_equal(reg_read(f, IOAPIC_REG_VER), 0x00170011);
	assert_int_equal(reg_read(f, IOAPIC_REG_ARB), 0);
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		assert_int_equal(reg_read(f, (uint8_t)(0x10 + 2 * pin)), IOAPIC_MASKED);
		assert_int_equal(reg_read(f, (uint8_t)(0x11 + 2 * pin)), 0);
	}
	reg_write(f, IOAPIC_REG_ID, 0xFFFFFFFF);
	assert_int_equal(reg_read(f, IOAPIC_REG_ID), 0x0F000000);
	assert_int_equal(reg_read(f, IOAPIC_REG_ARB), 0x0F000000);
	reg_write(f, IOAPIC_REG_VER, 0);
	reg_write(f, IOAPIC_REG_ARB, 0);
	assert_int_equal(reg_read(f, IOAPIC_REG_VER), 0x00170011);
	assert_int_equal(reg_read(f, IOAPIC_REG_ARB), 0x0F000000);
	reg_write(f, 0x12, 0xFFFFFFFF);   /* pin 1: remote IRR, delivery status read-only */
	reg_write(f, 0x13, 0xFFFFFFFF);
	assert_int_equal(reg_read(f, 0x12), 0x1AFFF);
	assert_int_equal(reg_read(f, 0x13), 0xFF000000);
	assert_int_equal(reg_read(f, 0x40), 0);   /* past the last entry */
	assert_int_equal(reg_read(f, 0xFF), 0);
	/* IOREGSEL reads back its byte; odd accesses never fault. */
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE, 4), 0xFF);
	bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOREGSEL, 0x01, 1);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOWIN, 2), 0);
	bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + IOAPIC_IOWIN, 0, 2);
	for (uint32_t off = 0; off < 0x1000; off += 3)
		bus_write(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + off,
			  bus_read(f->bus, BUS_VIEW_NORMAL, IOAPIC_BASE + off, 4), 4);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_DMA, IOAPIC_BASE + IOAPIC_IOWIN, 4),
			 0xFFFFFFFF);
	assert_int_equal(f->nsent, 0);
}

/* Edge: one message a rising edge; a masked edge is lost. */
static void test_edge_and_masking(void **state)
{
	struct fixture *f = *state;
	redirect(f, 4, 0x34, 0x01);
	ioapic_set_irq(&f->io, 4, true);
	ioapic_set_irq(&f->io, 4, true);
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent[0].vector, 0x34);
	assert_int_equal(f->sent[0].dest, 0x01);
	assert_false(f->sent[0].logical);
	assert_false(f->sent[0].level_trigger);
	ioapic_set_irq(&f->io, 4, false);
	redirect(f, 4, IOAPIC_MASKED | 0x34, 0x01);
	ioapic_set_irq(&f->io, 4, true);
	ioapic_set_irq(&f->io, 4, false);
	redirect(f, 4, IOAPIC_LOGICAL | (APIC_DM_NMI << 8) | 0x34, 0x03);
	assert_int_equal(f->nsent, 1);
	ioapic_set_irq(&f->io, 4, true);
	assert_int_equal(f->nsent, 2);
	assert_int_equal(f->sent[1].mode, APIC_DM_NMI);
	assert_true(f->sent[1].logical);
	assert_int_equal(f->sent[1].dest, 0x03);
}

/* Level: sent once, remote IRR set until the EOI of its vector; sent
 * again after the EOI while still asserted; held while masked and sent
 * when unmasked; active low inverts the pin. */
static void test_level_remote_irr_and_eoi(void **state)
{
	struct fixture *f = *state;
	redirect(f, 9, IOAPIC_LEVEL | 0x59, 0);
	ioapic_set_irq(&f->io, 9, true);
	assert_int_equal(f->nsent, 1);
	assert_true(f->sent[0].level_trigger);
	assert_int_equal(reg_read(f, 0x10 + 18), IOAPIC_LEVEL | IOAPIC_REMOTE_IRR | 0x59);
	ioapic_eoi(&f->io, 0x58);        /* another vector: nothing */
	assert_int_equal(f->nsent, 1);
	ioapic_eoi(&f->io, 0x59);
	assert_int_equal(f->nsent, 2);   /* still asserted */
	ioapic_set_irq(&f->io, 9, false);
	ioapic_eoi(&f->io, 0x59);
	assert_int_equal(reg_read(f, 0x10 + 18), IOAPIC_LEVEL | 0x59);
	assert_int_equal(f->nsent, 2);
	redirect(f, 9, IOAPIC_MASKED | IOAPIC_LEVEL | 0x59, 0);
	ioapic_set_irq(&f->io, 9, true);
	assert_int_equal(f->nsent, 2);
	redirect(f, 9, IOAPIC_LEVEL | 0x59, 0);
	assert_int_equal(f->nsent, 3);
	ioapic_set_irq(&f->io, 9, false);
	redirect(f, 9, 0x59, 0);         /* made edge: remote IRR dropped */
	assert_int_equal(reg_read(f, 0x10 + 18), 0x59);
	redirect(f, 10, IOAPIC_ACTIVE_LOW | IOAPIC_LEVEL | 0x5A, 0);
	assert_int_equal(f->nsent, 4);   /* a low pin is asserted */
	assert_int_equal(f->sent[3].vector, 0x5A);
	ioapic_set_irq(&f->io, 10, true);
	ioapic_eoi(&f->io, 0x5A);
	assert_int_equal(f->nsent, 4);
	struct apic_msg m;
	assert_false(ioapic_would_send(&f->io, 11, &m));
	assert_true(ioapic_would_send(&f->io, 10, &m));
}

/* Delivered to a local APIC: by its physical ID and by logical mask; a
 * level-triggered vector's EOI comes back and sends it again. */
static void test_delivery_to_local_apic(void **state)
{
	struct fixture *f = *state;
	lapic_attach(&f->apic, f->bus, &f->timers);
	f->io.out = (struct apic_bus){ lapic_receive, &f->apic };
	f->apic.eoi = (struct apic_eoi){ ioapic_eoi, &f->io };
	lapic_write(&f->apic, LAPIC_SVR, 0x1FF, 4);
	lapic_write(&f->apic, LAPIC_ID, 0x02000000, 4);
	lapic_write(&f->apic, LAPIC_LDR, 0x01000000, 4);
	redirect(f, 3, 0x33, 0x01);      /* physical 1: not this APIC */
	ioapic_set_irq(&f->io, 3, true);
	assert_int_equal(lapic_acknowledge(&f->apic), 0xFF);
	redirect(f, 5, 0x35, 0x02);
	ioapic_set_irq(&f->io, 5, true);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x35);
	lapic_write(&f->apic, LAPIC_EOI, 0, 4);
	redirect(f, 6, IOAPIC_LOGICAL | IOAPIC_LEVEL | 0x46, 0x01);
	ioapic_set_irq(&f->io, 6, true);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x46);
	lapic_write(&f->apic, LAPIC_EOI, 0, 4);
	assert_int_equal(lapic_acknowledge(&f->apic), 0x46);   /* still asserted */
	ioapic_set_irq(&f->io, 6, false);
	lapic_write(&f->apic, LAPIC_EOI, 0, 4);
	assert_int_equal(lapic_acknowledge(&f->apic), 0xFF);
	assert_int_equal(reg_read(f, 0x10 + 12), IOAPIC_LOGICAL | IOAPIC_LEVEL | 0x46);
}

/* Each ISA IRQ reaches the 8259 input of its number and the I/O APIC
 * pin of its number, but IRQ0 pin 2. */
static void test_isa_fan_out(void **state)
{
	struct fixture *f = *state;
	for (unsigned irq = 0; irq < 16; irq++) {
		if (irq == 2)
			continue;
		struct line l = irq_route_isa_line(&f->route, irq);
		line_set(&l, true);
		unsigned pin = irq == 0 ? 2 : irq;
		uint8_t pic_irr = f->pic.chip[irq >> 3].irr;
		if (!((pic_irr >> (irq & 7)) & 1u) || f->io.level != 1u << pin)
			fail_msg("IRQ%u: 8259 irr %02x, I/O APIC levels %06x", irq, pic_irr,
				 f->io.level);
		line_set(&l, false);
	}
	assert_int_equal(irq_route_isa_pin(0), 2);
	assert_int_equal(irq_route_isa_pin(14), 14);
}

/* PIRQA-D: to the ISA IRQ their route register names (the 8259 and
 * that pin), OR-ed with the IRQ's device; and to pins 16-19 always;
 * re-routing moves an asserted PIRQ. */
static void test_pirq_routing(void **state)
{
	struct fixture *f = *state;
	struct line pirqa = irq_route_pirq_line(&f->route, 0);
	struct line pirqd = irq_route_pirq_line(&f->route, 3);
	struct line irq11 = irq_route_isa_line(&f->route, 11);
	line_set(&pirqa, true);
	assert_int_equal(f->io.level, 1u << 16);
	assert_int_equal(f->pic.chip[1].level, 0);
	f->pirq_route[0] = 11;
	irq_route_update(&f->route);
	assert_int_equal(f->io.level, (1u << 16) | (1u << 11));
	assert_int_equal(f->pic.chip[1].level, 1u << 3);
	line_set(&irq11, true);          /* shared with a device */
	line_set(&pirqa, false);
	assert_int_equal(f->io.level, 1u << 11);
	line_set(&irq11, false);
	assert_int_equal(f->io.level, 0);
	f->pirq_route[3] = 11;           /* two PIRQs on one IRQ */
	line_set(&pirqd, true);
	line_set(&pirqa, true);
	line_set(&pirqd, false);
	assert_int_equal(f->io.level, (1u << 16) | (1u << 11));
	f->pirq_route[0] = 5;
	irq_route_update(&f->route);
	assert_int_equal(f->io.level, (1u << 16) | (1u << 5));
	assert_int_equal(f->pic.chip[0].level, 1u << 5);
	assert_int_equal(f->pic.chip[1].level, 0);
	f->pirq_route[0] = IRQ_ROUTE_DISABLE | 5;
	irq_route_update(&f->route);
	assert_int_equal(f->io.level, 1u << 16);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_registers), T(test_edge_and_masking), T(test_level_remote_irr_and_eoi),
		T(test_delivery_to_local_apic), T(test_isa_fan_out), T(test_pirq_routing),
	};
#undef T
	return cmocka_run_group_tests_name("ioapic", tests, NULL, NULL);
}
