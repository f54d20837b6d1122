/* libFuzzer harness: smmbox's trace reader (trace/read.c,
 * docs/TRACE-FORMAT.md) on any bytes, read as `smmbox-trace dump` reads
 * a file: every step and every side record, to the end record or the
 * first damage.  Damage must end in a message, never a crash; a step the
 * reader hands out must hold at most 15 instruction bytes. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void side(void *opaque, const struct trace_side *s)
{
	uint64_t *sum = opaque;
	*sum += s->kind + s->size + s->view + s->address + s->value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fmemopen() takes a buffer it may write: a copy of the input. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	FILE *f = fmemopen(copy, size, "rb");
	struct trace_reader *r = f ? trace_reader_open_stream(f, "input") : NULL;
	if (r) {
		struct trace_step step;
		uint64_t sum = 0;
		while (trace_reader_next(r, &step, side, &sum))
			if (step.len > sizeof(step.bytes))
				abort();
		trace_reader_close(r);
	}
	free(copy);
	return 0;
}
