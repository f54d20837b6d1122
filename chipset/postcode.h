/* The POST-code port 0x80: every byte the firmware writes is recorded,
 * as a POST card would show it, with the last POSTCODE_HISTORY of them for
 * a debugger, and optionally logged one per line as two hex digits. */
#ifndef SMMBOX_CHIPSET_POSTCODE_H
#define SMMBOX_CHIPSET_POSTCODE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mem/bus.h"

#define POSTCODE_HISTORY 32

struct postcode {
	FILE *out;
	uint8_t last;
	bool seen;
	uint64_t count;                     /* codes written so far */
	uint8_t history[POSTCODE_HISTORY];  /* code k at history[k % POSTCODE_HISTORY] */
};

void postcode_attach(struct postcode *p, struct bus *bus, FILE *out);

/* The k-th most recent code (0 the last); false past the oldest kept. */
bool postcode_recent(const struct postcode *p, unsigned k, uint8_t *code);

#endif
