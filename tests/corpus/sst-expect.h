/* What a vector must end with on a 386: the state the 286 recorded, or the
 * one a rule of sst-rules.h re-expects (a fault at the instruction, or a
 * MOV to or from FS/GS), with the extra RAM bytes (an interrupt handler)
 * the re-expectation needs. */
#ifndef SMMBOX_TESTS_CORPUS_SST_EXPECT_H
#define SMMBOX_TESTS_CORPUS_SST_EXPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/corpus/moo.h"
#include "tests/corpus/sst-rules.h"

#define SST_RAM_SIZE (16u << 20)

/* FLAGS bits a 386 in real mode compares (README "Upper flag bits"). */
#define SST_FLAGS_REAL 0x0FFFu

#define SST_NO_ADDR 0xFFFFFFFFu

/* regs are the full final register file; flags_mask is the undefined-flag
 * mask; ram lists the bytes to check.  When pushed_flags_addr is not
 * SST_NO_ADDR, the FLAGS word at that linear address (two bytes) is
 * compared under flags_mask too. */
struct sst_expect {
	uint16_t regs[MOO_NREGS];
	uint16_t flags_mask;
	struct moo_state ram;
	uint32_t pushed_flags_addr;
};

/* RAM bytes placed before a vector starts and undone after it. */
#define SST_MAX_EXTRA 8
struct sst_extra {
	unsigned count;
	uint32_t addr[SST_MAX_EXTRA];
	uint8_t value[SST_MAX_EXTRA];
};

/* Room for the RAM records a re-expectation builds (6 x 5 bytes). */
#define SST_RECORDS_SIZE 30

/* INIT overlaid with FINA, the FINA RAM, and, when t has an exception,
 * the address of the pushed FLAGS. */
void sst_expect_recorded(struct sst_expect *e, const struct moo_test *t,
			 uint16_t flags_mask);

/* The expectation of plan p (judge SST_AS_FAULT or SST_AS_MOV_SREG).
 * records holds the RAM records e->ram points at; extra receives the bytes
 * to place first (count 0 if none).  Returns false when it cannot be set
 * up without touching bytes the vector uses. */
bool sst_expect_plan(struct sst_expect *e, const struct moo_test *t,
		     const struct sst_plan *p, uint16_t flags_mask,
		     struct sst_extra *extra, uint8_t records[SST_RECORDS_SIZE]);

/* True when a and b demand the same final state of t (flags under the
 * masks; a RAM byte one of them does not list must hold its INIT value,
 * or 0). */
bool sst_expect_same(const struct sst_expect *a, const struct sst_expect *b,
		     const struct moo_test *t);

#endif
