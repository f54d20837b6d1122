/* The two cascaded 8259A programmable interrupt controllers of a PC
 * (ports 0x20-0x21 master, 0xA0-0xA1 slave on the master's IRQ2) and the
 * PIIX edge/level control registers ELCR1/ELCR2 (0x4D0-0x4D1).  The
 * master drives the CPU's INTR line and answers the interrupt-acknowledge
 * cycle on the bus (8259A datasheet; PIIX3 datasheet "ELCR"). */
#ifndef SMMBOX_CHIPSET_PIC_H
#define SMMBOX_CHIPSET_PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"
#include "mem/line.h"

struct pic_chip {
	uint8_t irr, isr, imr;
	uint8_t vector_base;
	uint8_t priority_add;  /* the lowest-priority IRQ is priority_add - 1 */
	uint8_t init_step;     /* 0: ready; 1-3: expecting ICW2-ICW4 */
	uint8_t elcr;          /* 1 = level-triggered */
	uint8_t level;         /* input pin levels */
	bool icw4_needed, single, auto_eoi, rotate_on_aeoi;
	bool read_isr, poll, special_mask, special_nested;
};

#define PIC_INPUTS 16

struct pic;

/* What a chip's two ports are bound to. */
struct pic_port {
	struct pic *pic;
	unsigned n;       /* 0 master, 1 slave */
};

/* What a line received by input irq is bound to. */
struct pic_input {
	struct pic *pic;
	unsigned irq;
};

struct pic {
	struct pic_chip chip[2];
	struct pic_port port[2];
	struct pic_input input[PIC_INPUTS];
	const struct line *intr;  /* to the CPU */
	uint64_t spurious;
};

void pic_attach(struct pic *p, struct bus *bus);
void pic_reset(struct pic *p);
/* Drive IRQ line irq (0-15) to level. */
void pic_set_irq(struct pic *p, unsigned irq, bool level);
/* A line whose receiver is input irq (0-15): driving it is
 * pic_set_irq(p, irq, level).  Valid while p is. */
struct line pic_input_line(struct pic *p, unsigned irq);
/* The interrupt-acknowledge cycle: the vector to deliver. */
uint8_t pic_acknowledge(struct pic *p);
/* Whether a new request on input irq (0-15) would raise INTR now: it is
 * unmasked (on the slave, IRQ2 too) and outranks what is in service.
 * When it would not, only the CPU (an EOI, a new mask, a new priority)
 * can change that. */
bool pic_would_interrupt(const struct pic *p, unsigned irq);

#endif
