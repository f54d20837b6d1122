/* The decoded-code cache; see block.h. */
#include "cpu/block.h"

#include <stdio.h>
#include <stdlib.h>

#include "cpu/decode.h"

#define HASH_BITS 14
#define PAGE_HASH_BITS 12
#define MAX_BLOCKS 65536

struct code_page {
	const uint8_t *host_page;
	struct block *blocks;
	struct code_page *next;
};

struct block_cache {
	struct block *hash[1u << HASH_BITS];
	struct code_page *pages[1u << PAGE_HASH_BITS];
	struct block *dead;   /* unlinked, freed at reap (linked by hash_next) */
	uint64_t count;
	uint64_t last_id;
};

static unsigned hash_of(const uint8_t *host, bool code32, uint8_t hooks)
{
	uintptr_t h = (uintptr_t)host * 0x9E3779B97F4A7C15ull;
	return (unsigned)((h >> 40) ^ code32 ^ (unsigned)hooks << 1) & ((1u << HASH_BITS) - 1);
}

static unsigned page_hash(const uint8_t *host_page)
{
	uintptr_t h = ((uintptr_t)host_page >> 12) * 0x9E3779B97F4A7C15ull;
	return (unsigned)(h >> 40) & ((1u << PAGE_HASH_BITS) - 1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	return p;
}

struct block_cache *block_cache_new(void)
{
	struct block_cache *bc = calloc(1, sizeof(*bc));
	if (!bc) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	return bc;
}

void block_cache_free(struct block_cache *bc)
{
	if (!bc)
		return;
	block_cache_flush(bc);
	block_cache_reap(bc);
	free(bc);
}

int op_end_of_block(struct cpu *cpu, const struct insn *i)
{
	(void)cpu;
	(void)i;
	return R_NEXT;
}

struct block *block_cache_find(struct block_cache *bc, const uint8_t *host, bool code32,
			       uint8_t hooks)
{
	for (struct block *b = bc->hash[hash_of(host, code32, hooks)]; b; b = b->hash_next)
		if (b->host == host && b->code32 == code32 && b->hooks == hooks)
			return b;
	return NULL;
}

static struct code_page **page_slot(struct block_cache *bc, const uint8_t *host_page)
{
	struct code_page **pp = &bc->pages[page_hash(host_page)];
	while (*pp && (*pp)->host_page != host_page)
		pp = &(*pp)->next;
	return pp;
}

struct block *block_cache_build(struct block_cache *bc, struct cpu *cpu,
				const uint8_t *host, const uint8_t *host_page,
				unsigned avail, bool code32, const struct block_hooks *hooks)
{
	struct insn tmp[BLOCK_MAX_INSNS];
	unsigned n = 0, off = 0;
	while (n < BLOCK_MAX_INSNS && off < avail) {
		struct fetch_window w = { .bytes = host + off, .avail = avail - off };
		uint16_t flags;
		enum decode_result r = cpu_decode(cpu, &w, code32, &tmp[n], &flags);
		if (r == DECODE_SHORT)
			break;
		if (r == DECODE_FAULT) {
			if (n == 0)
				return NULL;
			break;
		}
		off += tmp[n].len;
		n++;
		if (flags & F_END)
			break;
	}
	if (n == 0)
		return NULL;
	unsigned records = hooks ? 2 * n : n;
	struct block *b = xmalloc(sizeof(*b) + (records + 1) * sizeof(struct insn));
	b->host = host;
	b->host_page = host_page;
	b->bytes = off;
	b->n = (uint16_t)n;
	b->code32 = code32;
	b->hooks = hooks ? hooks->kind : 0;
	b->dead = false;
	b->id = ++bc->last_id;
	struct insn *rec = b->insns;
	for (unsigned k = 0, at = 0; k < n; at += tmp[k].len, k++) {
		if (hooks) {
			cpu_handler hook = k ? hooks->rest(insn_writes(&tmp[k - 1])) : hooks->first;
			*rec = (struct insn){ .fn = hook,
					      .hook = { .writes = insn_writes(&tmp[k]),
							.offset = (uint16_t)at,
							.index = (uint16_t)(rec - b->insns) } };
			rec++;
		}
		*rec++ = tmp[k];
	}
	*rec = (struct insn){ .fn = op_end_of_block };
	unsigned h = hash_of(host, code32, b->hooks);
	b->hash_next = bc->hash[h];
	bc->hash[h] = b;
	struct code_page **pp = page_slot(bc, b->host_page);
	if (!*pp) {
		*pp = xmalloc(sizeof(**pp));
		(*pp)->host_page = b->host_page;
		(*pp)->blocks = NULL;
		(*pp)->next = NULL;
	}
	b->page_next = (*pp)->blocks;
	(*pp)->blocks = b;
	bc->count++;
	return b;
}

static void unlink_hash(struct block_cache *bc, struct block *b)
{
	struct block **pp = &bc->hash[hash_of(b->host, b->code32, b->hooks)];
	while (*pp != b)
		pp = &(*pp)->hash_next;
	*pp = b->hash_next;
}

void block_cache_invalidate_page(struct block_cache *bc, const uint8_t *host_page)
{
	struct code_page **pp = page_slot(bc, host_page);
	struct code_page *cp = *pp;
	if (!cp)
		return;
	*pp = cp->next;
	for (struct block *b = cp->blocks, *next; b; b = next) {
		next = b->page_next;
		unlink_hash(bc, b);
		b->dead = true;
		b->hash_next = bc->dead;
		bc->dead = b;
		bc->count--;
	}
	free(cp);
}

void block_cache_flush(struct block_cache *bc)
{
	for (unsigned h = 0; h < (1u << PAGE_HASH_BITS); h++)
		while (bc->pages[h])
			block_cache_invalidate_page(bc, bc->pages[h]->host_page);
}

void block_cache_reap(struct block_cache *bc)
{
	while (bc->dead) {
		struct block *b = bc->dead;
		bc->dead = b->hash_next;
		free(b);
	}
}

bool block_cache_full(const struct block_cache *bc)
{
	return bc->count >= MAX_BLOCKS;
}
