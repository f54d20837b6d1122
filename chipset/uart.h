/* A 16550A UART (COM1 at 0x3F8, IRQ4): what is transmitted goes to a
 * stream at once, each byte as it is written (chardev.h; the transmitter
 * is always ready).  What is received comes from an input script, bytes
 * given in advance (National Semiconductor PC16550D datasheet):
 *  - held back until the guest's own output has contained a trigger text
 *    (a prompt), when there is one;
 *  - then one byte at a time, each arriving one character time (ten bits
 *    at the baud rate the divisor sets) after the previous one was read,
 *    so that none is lost and the arrival times are guest times: a run
 *    with the same script is the same run;
 *  - in loopback mode the transmitter's bytes are received instead.
 * The receiver holds one byte (the FIFO's depth is not modelled). */
#ifndef SMMBOX_CHIPSET_UART_H
#define SMMBOX_CHIPSET_UART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "chipset/timer.h"
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
	/* The input script (the caller's bytes, which must outlive u), how
	 * far it has been received, and its trigger (NULL: none) with how
	 * much of it the output has matched so far. */
	struct timer_queue *timers;
	struct timer arrival;
	const uint8_t *in;
	size_t in_len, in_pos;
	const char *in_after;
	size_t after_matched;
	bool in_released;
};

void uart_attach(struct uart *u, struct bus *bus, uint16_t base, const struct line *irq,
		 FILE *out, struct timer_queue *timers);
/* Give the receiver an input script of len bytes, held back until the
 * output has contained after (NULL: from the start). */
void uart_set_input(struct uart *u, const uint8_t *in, size_t len, const char *after);
/* Whether the input script will raise the interrupt with no port access:
 * a byte is on its way and the received-data interrupt and OUT2 are on. */
bool uart_may_interrupt(const struct uart *u);
/* Reset the registers; the input script goes on from where it was. */
void uart_reset(struct uart *u);

#endif
