/* The debug console: bytes written to port 0x402 (SeaBIOS, QEMU's
 * isa-debugcon) or 0xE9 (Bochs' port_e9_hack) go to a stream, each as it
 * is written (chardev.h).  Reading
 * either port returns 0xE9, the value Bochs and QEMU use to say the
 * console is present. */
#ifndef SMMBOX_CHIPSET_DEBUGCON_H
#define SMMBOX_CHIPSET_DEBUGCON_H

#include <stdint.h>
#include <stdio.h>

#include "mem/bus.h"

struct debugcon {
	FILE *out;
	uint64_t bytes;
};

void debugcon_attach(struct debugcon *d, struct bus *bus, FILE *out);

#endif
