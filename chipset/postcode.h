/* The POST-code port 0x80: every byte the firmware writes is recorded,
 * as a POST card would show it, and optionally logged one per line as
 * two hex digits. */
#ifndef SMMBOX_CHIPSET_POSTCODE_H
#define SMMBOX_CHIPSET_POSTCODE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mem/bus.h"

struct postcode {
	FILE *out;
	uint8_t last;
	bool seen;
	uint64_t count;
};

void postcode_attach(struct postcode *p, struct bus *bus, FILE *out);

#endif
