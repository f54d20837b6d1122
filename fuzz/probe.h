/* The fuzzer's listener on the CPU's event stream, put in front of the
 * SMM checks (which it passes every event on to).  In SMM it
 *  - hashes each edge between blocks (a block begins where a control
 *    transfer lands, after a conditional branch and where the code size
 *    changes, by physical address) into a coverage map as AFL++ reads it,
 *  - logs the operands of comparisons (CMP, SUB, TEST, AND, CMPS, SCAS)
 *    into AFL++'s comparison log, keyed by the instruction's physical
 *    address, with what the next instruction (Jcc, SETcc) makes of them,
 *  - optionally records the blocks reached, for a coverage report,
 * and it stops the run once RSM has returned. */
#ifndef SMMBOX_FUZZ_PROBE_H
#define SMMBOX_FUZZ_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/afl_cmplog.h"
#include "machine/machine.h"

struct fuzz_probe;

/* Attach to m's CPU in front of its listener. */
struct fuzz_probe *fuzz_probe_new(struct machine *m);
/* Detach (the listener before it goes back). */
void fuzz_probe_free(struct fuzz_probe *p);

/* Where edges are counted: size bytes (a power of two), or NULL. */
void fuzz_probe_set_map(struct fuzz_probe *p, uint8_t *map, size_t size);
/* Where comparisons are logged, or NULL: each execution's log holds its
 * own comparisons only (afl-fuzz compares the logs of two runs). */
void fuzz_probe_set_cmplog(struct fuzz_probe *p, struct afl_cmp_map *map);

/* Before an execution: no edge before the first, nothing returned, an
 * empty comparison log. */
void fuzz_probe_start(struct fuzz_probe *p);
/* Whether RSM has returned since fuzz_probe_start(). */
bool fuzz_probe_returned(const struct fuzz_probe *p);
/* A port write the host made as an OUT would (the fuzzer's APM bytes),
 * passed to the listeners behind as that OUT's event. */
void fuzz_probe_port_written(struct fuzz_probe *p, uint16_t port, uint8_t value);

/* The blocks reached in SMM (as above: they end at a control transfer or
 * a conditional branch), recorded from fuzz_probe_record() on. */
struct fuzz_block {
	uint32_t physical;    /* of its first instruction, through the SMM code view */
	uint32_t linear;
	uint16_t cs;
	uint32_t eip;
	bool code32;
	uint32_t bytes;       /* to the end of its last instruction */
	uint32_t succ[2];     /* where the run went from it (up to two places) */
	uint8_t nsucc;
	uint64_t inputs;      /* executions that reached it */
};

void fuzz_probe_record(struct fuzz_probe *p);
/* The table of blocks recorded: n slots in no particular order, the
 * empty ones with bytes 0. */
const struct fuzz_block *fuzz_probe_blocks(const struct fuzz_probe *p, size_t *n);

#endif
