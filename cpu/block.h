/* The decoded-code cache: runs of instructions up to the next branch,
 * decoded once into struct insn arrays (blocks) and found again by the
 * host address of their first byte and the code size they were decoded
 * for.  The host address stands for (view, physical page): a view maps a
 * physical page to one backing page, so SMRAM and VGA bytes at the same
 * physical address never share a block.
 *
 * Blocks never cross a page.  Pages holding blocks are flagged on the bus;
 * a write there calls block_cache_invalidate_page(), which unlinks the
 * page's blocks at once and frees them at the next block_cache_reap(), so
 * a block can invalidate itself while it runs. */
#ifndef SMMBOX_CPU_BLOCK_H
#define SMMBOX_CPU_BLOCK_H

#include <stddef.h>

#include "cpu/core.h"

#define BLOCK_MAX_INSNS 64

/* A hooked block (built while instruction events are wanted) has a hook
 * record before each instruction's: the hook's handler runs first and
 * goes on to the instruction.  A hook record's fields are its hook
 * member (struct insn_hook). */
struct block_hooks {
	cpu_handler first;    /* the hook of the block's first instruction */
	/* The hook of another, given what the instruction before it may
	 * write (insn_writes()): a hook may be made for it. */
	cpu_handler (*rest)(unsigned writes_before);
	uint8_t kind;         /* tells blocks of different hooks apart; not 0 */
};

struct block {
	const uint8_t *host;
	const uint8_t *host_page;
	uint32_t bytes;
	uint16_t n;           /* instructions */
	bool code32;
	uint8_t hooks;        /* the kind of its hooks; 0 for none */
	bool dead;
	uint64_t id;          /* never 0, nor that of another block of this cache */
	struct block *hash_next;
	struct block *page_next;
	struct insn insns[];  /* n records (2n with hooks), then one op_end_of_block */
};

/* The record that ends every block's chain of handlers. */
int op_end_of_block(struct cpu *cpu, const struct insn *i);

/* The block holding hook record i. */
static inline const struct block *block_of_hook(const struct insn *i)
{
	return (const struct block *)(const void *)((const char *)(i - i->hook.index) -
						    offsetof(struct block, insns));
}

struct block_cache;

struct block_cache *block_cache_new(void);
void block_cache_free(struct block_cache *bc);

/* The block at host decoded for code32, with hooks of that kind (0: a
 * plain block). */
struct block *block_cache_find(struct block_cache *bc, const uint8_t *host, bool code32,
			       uint8_t hooks);

/* Decode a block from host bytes [host, host+avail) and add it under
 * host_page, the start of the bus page holding it (host memory need not be
 * page-aligned, so the page is not derived from host); with hook records
 * when hooks is not NULL.  Returns NULL when not even one instruction
 * fits (it straddles the page end), or the first instruction faults (the
 * fault is raised). */
struct block *block_cache_build(struct block_cache *bc, struct cpu *cpu,
				const uint8_t *host, const uint8_t *host_page,
				unsigned avail, bool code32, const struct block_hooks *hooks);

void block_cache_invalidate_page(struct block_cache *bc, const uint8_t *host_page);
void block_cache_flush(struct block_cache *bc);
/* Free what was invalidated; call only while no block is running. */
void block_cache_reap(struct block_cache *bc);

/* Whether the cache holds as many blocks as it may: flush before adding. */
bool block_cache_full(const struct block_cache *bc);

#endif
