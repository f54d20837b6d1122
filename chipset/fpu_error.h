/* The PC's coprocessor-error logic (the AT's, kept by the PIIX and its
 * successors): the CPU's FERR# raises IRQ13 and holds it; a write to port
 * 0xF0 lowers IRQ13 and asserts the CPU's IGNNE# for as long as FERR#
 * stays asserted, so that the x87 instruction waiting on the error can go
 * on (SDM Vol.1 Appendix D). */
#ifndef SMMBOX_CHIPSET_FPU_ERROR_H
#define SMMBOX_CHIPSET_FPU_ERROR_H

#include <stdbool.h>

#include "mem/bus.h"
#include "mem/line.h"

struct fpu_error {
	struct line ferr;            /* the CPU drives FERR# on this */
	const struct line *irq13;
	const struct line *ignne;    /* the CPU's IGNNE#; set by board_connect() */
	bool ferr_level, irq13_level, ignne_level;
};

void fpu_error_attach(struct fpu_error *e, struct bus *bus, const struct line *irq13);
void fpu_error_reset(struct fpu_error *e);

#endif
