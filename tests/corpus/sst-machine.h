/* One machine for running SingleStepTests vectors on the smmbox CPU: 16 MiB
 * of RAM on a bus, a CPU, and the steps of the corpus README's "Running one
 * test": load the INIT state, run to the HLT, compare with the expected
 * final state.  The machine is reused for every vector; each run undoes
 * its RAM writes so vectors cannot see each other's bytes. */
#ifndef SMMBOX_TESTS_CORPUS_SST_MACHINE_H
#define SMMBOX_TESTS_CORPUS_SST_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/corpus/moo.h"
#include "tests/corpus/sst-expect.h"

/* Instructions one vector may retire before it counts as "did not halt":
 * REP string vectors run at most 127 iterations (the suite masks CX to
 * 7 bits), so this is generous. */
#define SST_BUDGET 200000

struct sst_machine;

struct sst_machine *sst_machine_new(void);
void sst_machine_free(struct sst_machine *m);

/* Run t on m: load INIT (and extra, which may be NULL), run to the HLT,
 * compare with e, undo the RAM writes.  Returns true when it matched.
 * When report is non-NULL, a failure is described there in one line
 * ("ax expected 0x1234 got 0x1235; ..."). */
bool sst_machine_run(struct sst_machine *m, const struct moo_test *t,
		     const struct sst_extra *extra, const struct sst_expect *e,
		     char *report, size_t report_size);

#endif
