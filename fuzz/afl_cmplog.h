/* AFL++'s comparison log (cmplog) as afl-fuzz 4.04c lays it out in the
 * shared memory named by __AFL_CMPLOG_SHM_ID: a header and 32 operand
 * pairs for each of 65536 comparison sites (AFL++'s include/cmplog.h;
 * the layout is a fact of the protocol, written here anew). */
#ifndef SMMBOX_FUZZ_AFL_CMPLOG_H
#define SMMBOX_FUZZ_AFL_CMPLOG_H

#include <stdint.h>

#define AFL_CMP_MAP_W 65536
#define AFL_CMP_MAP_H 32
#define AFL_CMP_TYPE_INS 1

/* The attribute of a comparison: what the code does with it. */
#define AFL_CMP_IS_EQUAL 1u
#define AFL_CMP_IS_GREATER 2u
#define AFL_CMP_IS_LESSER 4u

struct afl_cmp_header {
	unsigned hits : 24;
	unsigned id : 24;
	unsigned shape : 5;     /* operand bytes - 1 */
	unsigned type : 2;
	unsigned attribute : 4;
	unsigned overflow : 1;
	unsigned reserved : 4;
} __attribute__((packed));

struct afl_cmp_operands {
	uint64_t v0, v1, v0_128, v1_128;
} __attribute__((packed));

struct afl_cmp_map {
	struct afl_cmp_header headers[AFL_CMP_MAP_W];
	struct afl_cmp_operands log[AFL_CMP_MAP_W][AFL_CMP_MAP_H];
};

_Static_assert(sizeof(struct afl_cmp_header) == 8, "AFL++'s cmplog header is 8 bytes");
_Static_assert(sizeof(struct afl_cmp_operands) == 32, "AFL++'s cmplog operands are 32 bytes");

/* Log one comparison of size bytes at site key (any number: it is cut to
 * the map's width). */
static inline void afl_cmp_log(struct afl_cmp_map *map, uint32_t key, unsigned size,
			       uint64_t a, uint64_t b, unsigned attribute)
{
	struct afl_cmp_header *h = &map->headers[key % AFL_CMP_MAP_W];
	unsigned hits;
	if (h->type != AFL_CMP_TYPE_INS) {
		h->type = AFL_CMP_TYPE_INS;
		h->hits = 1;
		hits = 0;
	} else {
		hits = h->hits++;
	}
	if (h->shape < size - 1)
		h->shape = size - 1;
	h->attribute = attribute & 0xF;
	struct afl_cmp_operands *o = &map->log[key % AFL_CMP_MAP_W][hits % AFL_CMP_MAP_H];
	o->v0 = a;
	o->v1 = b;
}

#endif
