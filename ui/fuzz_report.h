/* Reports over a folder of inputs (a campaign's queue or crashes): the
 * findings grouped by kind and instruction, and the SMM blocks reached,
 * disassembled, with the sides of their branches no input took. */
#ifndef SMMBOX_UI_FUZZ_REPORT_H
#define SMMBOX_UI_FUZZ_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz/fuzz.h"

/* Replay every regular file in dir (by name) on f, at the fuzz point,
 * with input (size bytes) as the buffer; print one line per kind and
 * instruction found, with how many inputs and the first, on stdout.
 * Returns 3 when something was found, 0 when not, 1 after a line on
 * stderr (dir unreadable or without inputs). */
int fuzz_triage(struct fuzzer *f, const char *dir, uint8_t *input, size_t size);

/* Replay every regular file in dir and print the SMM blocks they reached
 * on stdout, disassembled from m's SMRAM as SMM code sees it.  Returns 0,
 * or 1 after a line on stderr. */
int fuzz_coverage_report(struct fuzzer *f, struct machine *m, const char *dir, uint8_t *input,
			 size_t size);

#endif
