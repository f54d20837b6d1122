/* An input applied to the machine at the fuzz point, as the layout
 * (fuzz/layout.h) says: general registers, guest memory, the values
 * port reads return in SMM, then the APM data and command bytes written
 * to the chipset as OUTs to 0xB3 and 0xB2 would be, so that the APM
 * enables decide whether an SMI follows. */
#ifndef SMMBOX_FUZZ_INPUT_H
#define SMMBOX_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/layout.h"
#include "machine/machine.h"

#define FUZZ_APM_COMMAND_PORT 0xB2
#define FUZZ_APM_DATA_PORT 0xB3

/* What the input supplies to reads in SMM.  The layout's io: ports are
 * put in front of whatever handles them on m's bus now: in SMM their
 * reads return the input's bytes (each read the next, as many as it is
 * wide, starting over after the last); outside SMM, or when the input did
 * not reach the item, they go where they went.  The layout's msr: items
 * answer RDMSR in SMM (cpu->smm_msr_read) with the input's eight bytes
 * (fewer: the low ones, zero above; none: the MSR as usual).  NULL (with
 * a line on stderr) when out of memory. */
struct fuzz_reads;
struct fuzz_reads *fuzz_reads_new(struct machine *m, const struct fuzz_layout *layout);
void fuzz_reads_free(struct fuzz_reads *p);

/* What fuzz_input_apply() wrote to the APM ports. */
struct fuzz_apm {
	bool command_written;   /* always, when the layout has b2 */
	uint8_t command;
	bool data_written;      /* when the input reached b3 */
	uint8_t data;
};

/* input (len bytes, the first len of the layout's) into m.  Memory is
 * written through the normal view, as the OS would write it (so the
 * bytes count as written and drop decoded code).  When the layout has b2
 * the command port is written last, with the input's byte or, for an
 * input too short to reach it, the byte the port reads back now; without
 * b2 nothing raises the SMI (the caller raises SMI#). */
void fuzz_input_apply(struct machine *m, const struct fuzz_layout *layout, struct fuzz_reads *p,
		      const uint8_t *input, size_t len, struct fuzz_apm *apm);

#endif
