/* smmbox-trace's view of the x87 and SSE fields of trace steps
 * (trace/trace.h): what dump shows of them and what diff reports. */
#ifndef SMMBOX_UI_TRACE_FPU_H
#define SMMBOX_UI_TRACE_FPU_H

#include <stdint.h>
#include <stdio.h>

#include "trace/trace.h"

/* dump: one line of the fields now knows that differ from was (every
 * known field for the first step, was all 0), before the step they are
 * the state of; nothing when none do. */
void trace_fpu_print_changes(FILE *out, const struct trace_fpu *was,
			     const struct trace_fpu *now);
/* diff: the fields both know, A's and B's side by side, those in differ
 * marked; the registers only where they differ. */
void trace_fpu_report(FILE *out, const struct trace_fpu *a, const struct trace_fpu *b,
		      uint32_t differ);

#endif
