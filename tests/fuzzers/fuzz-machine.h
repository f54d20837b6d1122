/* What the harnesses that need a whole machine share: the machine of a
 * plain run (tests/roms/hello.bin as its firmware, no VGA BIOS, the
 * guest's output dropped), built once per process, and its state at
 * power-on, put back before each input so that an input runs the same
 * whatever ran before it. */
#ifndef SMMBOX_TESTS_FUZZERS_FUZZ_MACHINE_H
#define SMMBOX_TESTS_FUZZERS_FUZZ_MACHINE_H

#include "chipset/board.h"
#include "machine/machine.h"

struct fuzz_machine {
	struct machine *m;
	struct board_config cfg;
	struct machine_snapshot *power_on;
};

/* The process's machine with ram_mb MiB of RAM (the first call decides;
 * later calls return the same one), at power-on.  Exits with a message
 * when the firmware cannot be read: $SMMBOX_TOP_BUILDDIR/tests/roms, else
 * the build tree the harness was built in. */
struct fuzz_machine *fuzz_machine_get(unsigned ram_mb);

/* Back to power-on: board, CPU, and no listener attached. */
void fuzz_machine_reset(struct fuzz_machine *fm);

#endif
