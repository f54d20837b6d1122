/* The 8042 keyboard controller with a PS/2 keyboard and mouse, the A20
 * gate (output port bit 1, or port 0x92 bit 1: either enables A20) and
 * the reset lines (output port bit 0, port 0x92 bit 0, command 0xFE). */
#ifndef SMMBOX_CHIPSET_KBC_H
#define SMMBOX_CHIPSET_KBC_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/bus.h"
#include "mem/line.h"

#define KBC_QUEUE 16

struct kbc_byte {
	uint8_t value;
	bool aux;
};

struct kbc {
	uint8_t status, command_byte, output_port, port92, out;
	uint8_t pending;              /* controller command awaiting its data byte */
	uint8_t kbd_param, aux_param; /* device command awaiting its parameter */
	struct kbc_byte queue[KBC_QUEUE];
	unsigned qhead, qlen;
	const struct line *kbd_irq;   /* IRQ1: a keyboard byte waits */
	const struct line *aux_irq;   /* IRQ12: a mouse byte waits */
	const struct line *a20m;      /* to the CPU's A20M# */
	const struct line *reset;     /* a pulse resets the machine */
};

void kbc_attach(struct kbc *k, struct bus *bus, const struct line *kbd_irq,
		const struct line *aux_irq);
void kbc_reset(struct kbc *k);
/* A scancode (set 2 translated to set 1, as the controller delivers it)
 * from the keyboard. */
void kbc_key(struct kbc *k, uint8_t scancode);

#endif
