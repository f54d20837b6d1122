/* A signal line between two parts of the machine (TinyEMU's IRQSignal):
 * whoever owns the receiving end fills in set and opaque; whoever drives
 * the line calls line_set.  Devices raise INTR, NMI, SMI and A20M# on the
 * CPU this way without knowing the CPU. */
#ifndef SMMBOX_MEM_LINE_H
#define SMMBOX_MEM_LINE_H

#include <stdbool.h>

struct line {
	void (*set)(void *opaque, bool level);
	void *opaque;
};

static inline void line_set(const struct line *line, bool level)
{
	if (line && line->set)
		line->set(line->opaque, level);
}

static inline void line_pulse(const struct line *line)
{
	line_set(line, true);
	line_set(line, false);
}

#endif
