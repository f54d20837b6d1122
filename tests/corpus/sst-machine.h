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

#define SST_RAM_SIZE (16u << 20)

/* Instructions one vector may retire before it counts as "did not halt":
 * REP string vectors run at most 127 iterations (the suite masks CX to
 * 7 bits), so this is generous. */
#define SST_BUDGET 200000

/* FLAGS bits a 386 in real mode compares (README "Upper flag bits"). */
#define SST_FLAGS_REAL 0x0FFFu

struct sst_machine;

/* What a vector must end with.  regs are the full final register file;
 * flags_mask is the undefined-flag mask; ram lists the bytes to check.
 * When pushed_flags_addr is not SST_NO_ADDR, the FLAGS word at that linear
 * address (two bytes) is compared under flags_mask too. */
struct sst_expect {
	uint16_t regs[MOO_NREGS];
	uint16_t flags_mask;
	struct moo_state ram;
	uint32_t pushed_flags_addr;
};

#define SST_NO_ADDR 0xFFFFFFFFu

/* Extra RAM bytes the runner places before a vector starts (for example an
 * interrupt handler), undone with the rest afterwards. */
#define SST_MAX_EXTRA 8
struct sst_extra {
	unsigned count;
	uint32_t addr[SST_MAX_EXTRA];
	uint8_t value[SST_MAX_EXTRA];
};

struct sst_machine *sst_machine_new(void);
void sst_machine_free(struct sst_machine *m);

/* Build the expectation recorded in t: INIT overlaid with FINA, the FINA
 * RAM, and, when t has an exception, the address of the pushed FLAGS. */
void sst_expect_recorded(struct sst_expect *e, const struct moo_test *t,
			 uint16_t flags_mask);

/* Choose where a #UD handler (IVT entry 6 pointing at a HLT) can go
 * without touching any byte t uses or the exception frame, and fill
 * handler with its bytes.  Returns false when the frame would overwrite
 * IVT entry 6 itself. */
bool sst_place_ud_handler(const struct moo_test *t, struct sst_extra *handler,
			  uint16_t *handler_cs);

/* Build the expectation of a 386 raising #UD on t's first byte (SDM
 * Vol.3A 20.1.4: real-mode interrupt delivery) with the handler HLT at
 * handler_cs:0000.  frame receives the packed RAM records (6 x 5 bytes)
 * that e->ram points at. */
void sst_expect_ud(struct sst_expect *e, const struct moo_test *t,
		   uint16_t handler_cs, uint8_t frame[30]);

/* Run t on m: load INIT (and extra, which may be NULL), run to the HLT,
 * compare with e, undo the RAM writes.  Returns true when it matched.
 * When report is non-NULL, a failure is described there in one line
 * ("ax expected 0x1234 got 0x1235; ..."). */
bool sst_machine_run(struct sst_machine *m, const struct moo_test *t,
		     const struct sst_extra *extra, const struct sst_expect *e,
		     char *report, size_t report_size);

#endif
