/* libFuzzer harness: the importer of QEMU's `-d cpu` logs
 * (trace/qemu_log.c) on any text, read as `smmbox-trace diff` reads one:
 * recognized or refused, then every register dump to the end or the first
 * incomplete one.  Bad logs must end in a message, never a crash. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fmemopen() takes a buffer it may write: a copy of the input. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	FILE *f = fmemopen(copy, size, "r");
	struct qemu_log *q = f ? qemu_log_open(f) : NULL;
	if (q) {
		struct trace_step step;
		bool failed = false;
		while (qemu_log_next(q, &step, &failed))
			if (failed)
				abort(); /* a step handed out after a failure */
		qemu_log_close(q);
	}
	if (f)
		fclose(f);
	free(copy);
	return 0;
}
