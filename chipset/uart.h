/* A 16550A UART (COM1 at 0x3F8, IRQ4): what is transmitted goes to a
 * stream at once, each byte as it is written (chardev.h; the transmitter
 * is always ready); nothing is received yet except in loopback mode
 * (National Semiconductor PC16550D datasheet). */
#ifndef SMMBOX_CHIPSET_UART_H
#define SMMBOX_CHIPSET_UART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mem/bus.h"
#include "mem/line.h"

struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t rbr;
	bool rx_ready;
	bool thre_pending;     /* the transmitter-empty interrupt is due */
	FILE *out;
	const struct line *irq;   /* the interrupt, gated by MCR.OUT2 */
	uint64_t bytes;
};

void uart_attach(struct uart *u, struct bus *bus, uint16_t base, const struct line *irq,
		 FILE *out);
void uart_reset(struct uart *u);

#endif
