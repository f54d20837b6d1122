/* The fuzzer's listener; see probe.h. */
#include "fuzz/probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/events.h"

#define BLOCK_SLOTS (1u << 16) /* the block table's size: at most 3/4 used */
#define CMPLOG_SITES 4096      /* comparison sites remembered to clear */

struct fuzz_probe {
	struct machine *m;
	struct cpu_events events;
	const struct cpu_events *next;
	uint8_t *map;
	size_t map_mask;
	struct afl_cmp_map *cmplog;
	bool returned;
	/* The instruction before this one in SMM. */
	bool have_last;
	bool last_branched;      /* the last instruction was a conditional branch */
	bool last_code32;
	uint32_t last_lin, next_lin;
	uint32_t prev_edge;      /* AFL's previous location, shifted */
	bool compare_pending;    /* the last instruction compared: log it now */
	uint32_t compare_site;
	/* The log's sites this execution wrote, to clear before the next
	 * (an execution's log holds its comparisons only); more than
	 * CMPLOG_SITES clears the whole log. */
	uint32_t sites[CMPLOG_SITES];
	unsigned nsites;
	/* Blocks, when recording. */
	bool recording;
	struct fuzz_block *blocks; /* BLOCK_SLOTS, open addressing by physical address */
	size_t nblocks;
	struct fuzz_block *current;
	uint64_t execution;        /* numbers executions, for the input counts */
	uint64_t *seen_in;         /* per slot: the last execution that reached it */
};

static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

/* The opcode after the prefixes, or NULL. */
static const uint8_t *opcode(const uint8_t *b, unsigned len)
{
	for (unsigned k = 0; k < len; k++)
		switch (b[k]) {
		case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
		case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
			continue;
		default:
			return b + k;
		}
	return NULL;
}

/* Whether the instruction compares (its operands are the lazy flags'). */
static bool compares(const uint8_t *b, unsigned len)
{
	const uint8_t *op = opcode(b, len);
	if (!op)
		return false;
	unsigned reg = op + 1 < b + len ? (op[1] >> 3) & 7 : 8;
	switch (*op) {
	case 0x38: case 0x39: case 0x3A: case 0x3B: case 0x3C: case 0x3D:
	case 0x28: case 0x29: case 0x2A: case 0x2B: case 0x2C: case 0x2D:
	case 0x84: case 0x85: case 0xA8: case 0xA9:
	case 0xA6: case 0xA7: case 0xAE: case 0xAF:
		return true;
	case 0x80: case 0x81: case 0x83:
		return reg == 4 || reg == 5 || reg == 7;
	case 0xF6: case 0xF7:
		return reg <= 1;
	default:
		return false;
	}
}

/* Whether the instruction is a conditional branch (Jcc, JCXZ, LOOP):
 * both its sides begin blocks. */
static bool branches(const uint8_t *b, unsigned len)
{
	const uint8_t *op = opcode(b, len);
	return op && ((*op >= 0x70 && *op <= 0x7F) || (*op >= 0xE0 && *op <= 0xE3) ||
		      (*op == 0x0F && op + 1 < b + len && (op[1] & 0xF0) == 0x80));
}

/* What the instruction after a comparison makes of it (Jcc, SETcc,
 * CMOVcc by their condition), as AFL++'s attribute. */
static unsigned attribute_of(const uint8_t *b, unsigned len)
{
	const uint8_t *op = opcode(b, len);
	unsigned cc;
	if (op && *op >= 0x70 && *op <= 0x7F)
		cc = *op & 0xF;
	else if (op && *op == 0x0F && op + 1 < b + len && (op[1] & 0xF0) >= 0x40 &&
		 ((op[1] & 0xF0) == 0x80 || (op[1] & 0xF0) == 0x90 || (op[1] & 0xF0) == 0x40))
		cc = op[1] & 0xF;
	else
		return AFL_CMP_IS_EQUAL;
	switch (cc >> 1) {
	case 2: return AFL_CMP_IS_EQUAL;                           /* E, NE */
	case 1: case 6: return AFL_CMP_IS_LESSER;                  /* B, AE; L, GE */
	case 3: case 7: return AFL_CMP_IS_GREATER | AFL_CMP_IS_EQUAL; /* BE, A; LE, G */
	default: return AFL_CMP_IS_EQUAL;
	}
}

static void log_compare(struct fuzz_probe *p, const struct cpu_event *ev)
{
	uint32_t a, b;
	unsigned size;
	p->compare_pending = false;
	if (!cpu_last_operands(p->m->cpu, &a, &b, &size) || a == b)
		return;
	uint32_t key = mix(p->compare_site) % AFL_CMP_MAP_W;
	if (!p->cmplog->headers[key].hits && p->nsites <= CMPLOG_SITES) {
		if (p->nsites < CMPLOG_SITES)
			p->sites[p->nsites] = key;
		p->nsites++;
	}
	afl_cmp_log(p->cmplog, key, size, a, b, attribute_of(ev->bytes, ev->len));
}

static struct fuzz_block *block_slot(struct fuzz_probe *p, uint32_t physical)
{
	uint32_t k = mix(physical) & (BLOCK_SLOTS - 1);
	while (p->blocks[k].bytes && p->blocks[k].physical != physical)
		k = (k + 1) & (BLOCK_SLOTS - 1);
	return &p->blocks[k];
}

/* A block starts at ev (reached from the current one, if any). */
static void block_entered(struct fuzz_probe *p, const struct cpu_event *ev)
{
	struct fuzz_block *from = p->current;
	if (from && from->nsucc < 2 && from->succ[0] != ev->physical)
		from->succ[from->nsucc++] = ev->physical;
	p->current = NULL;
	struct fuzz_block *b = block_slot(p, ev->physical);
	if (!b->bytes) {
		if (p->nblocks >= BLOCK_SLOTS / 4 * 3)
			return;
		*b = (struct fuzz_block){ .physical = ev->physical, .linear = ev->linear,
					  .cs = ev->cs, .eip = ev->eip, .code32 = ev->code32 };
		p->nblocks++;
	}
	size_t slot = (size_t)(b - p->blocks);
	if (p->seen_in[slot] != p->execution) {
		p->seen_in[slot] = p->execution;
		b->inputs++;
	}
	p->current = b;
}

static void instruction(struct fuzz_probe *p, const struct cpu_event *ev)
{
	if (p->compare_pending)
		log_compare(p, ev);
	bool repeat = p->have_last && ev->linear == p->last_lin;
	bool branch = !p->have_last || ev->linear != p->next_lin || p->last_branched ||
		      ev->code32 != p->last_code32;
	if (branch && !repeat) {
		uint32_t here = mix(ev->physical);
		if (p->map) {
			uint8_t *cell = &p->map[(here ^ p->prev_edge) & p->map_mask];
			*cell = (uint8_t)(*cell + 1 ? *cell + 1 : 1);
		}
		p->prev_edge = here >> 1;
		if (p->recording)
			block_entered(p, ev);
	}
	if (p->recording && p->current && !repeat) {
		uint32_t end = ev->physical + ev->len - p->current->physical;
		if (end > p->current->bytes)
			p->current->bytes = end;
	}
	p->have_last = true;
	p->last_lin = ev->linear;
	p->next_lin = ev->linear + ev->len;
	p->last_branched = branches(ev->bytes, ev->len);
	p->last_code32 = ev->code32;
	if (p->cmplog && compares(ev->bytes, ev->len)) {
		p->compare_pending = true;
		p->compare_site = ev->physical;
	}
}

static void on_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	struct fuzz_probe *p = opaque;
	if (p->next && p->next->event)
		p->next->event(p->next->opaque, cpu, ev);
	if (ev->kind == CPU_EV_INSN && cpu->smm)
		instruction(p, ev);
	else if (ev->kind == CPU_EV_RSM) {
		p->returned = true;
		p->have_last = false;
		p->current = NULL;
		cpu_request_exit(p->m->cpu);
	} else if (ev->kind == CPU_EV_SMI) {
		p->have_last = false;
	}
}

struct fuzz_probe *fuzz_probe_new(struct machine *m)
{
	struct fuzz_probe *p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	p->m = m;
	p->next = m->cpu->events;
	p->events = (struct cpu_events){ .event = on_event, .opaque = p, .want_insns = true,
					 .want_reads = p->next && p->next->want_reads,
					 .smm_only = true };
	m->cpu->events = &p->events;
	cpu_state_changed(m->cpu);
	return p;
}

void fuzz_probe_free(struct fuzz_probe *p)
{
	if (!p)
		return;
	p->m->cpu->events = p->next;
	cpu_state_changed(p->m->cpu);
	free(p->blocks);
	free(p->seen_in);
	free(p);
}

void fuzz_probe_set_map(struct fuzz_probe *p, uint8_t *map, size_t size)
{
	p->map = map;
	p->map_mask = size - 1;
}

void fuzz_probe_set_cmplog(struct fuzz_probe *p, struct afl_cmp_map *map)
{
	p->cmplog = map;
	p->nsites = CMPLOG_SITES + 1; /* what is there now is not this process's */
}

/* An empty comparison log for the execution about to run. */
static void clear_cmplog(struct fuzz_probe *p)
{
	if (p->nsites > CMPLOG_SITES)
		memset(p->cmplog->headers, 0, sizeof(p->cmplog->headers));
	else
		for (unsigned k = 0; k < p->nsites; k++)
			memset(&p->cmplog->headers[p->sites[k]], 0, sizeof(p->cmplog->headers[0]));
	p->nsites = 0;
}

void fuzz_probe_start(struct fuzz_probe *p)
{
	if (p->cmplog)
		clear_cmplog(p);
	p->returned = p->have_last = p->compare_pending = false;
	p->prev_edge = 0;
	p->current = NULL;
	p->execution++;
}

bool fuzz_probe_returned(const struct fuzz_probe *p)
{
	return p->returned;
}

void fuzz_probe_port_written(struct fuzz_probe *p, uint16_t port, uint8_t value)
{
	struct cpu_event ev = { .kind = CPU_EV_IO, .address = port, .value = value, .size = 1,
				.is_write = true };
	if (p->next && p->next->event)
		p->next->event(p->next->opaque, p->m->cpu, &ev);
}

void fuzz_probe_record(struct fuzz_probe *p)
{
	if (!p->blocks) {
		p->blocks = calloc(BLOCK_SLOTS, sizeof(*p->blocks));
		p->seen_in = calloc(BLOCK_SLOTS, sizeof(*p->seen_in));
	}
	p->recording = p->blocks && p->seen_in;
	if (!p->recording)
		fprintf(stderr, "smmbox: out of memory: no coverage report\n");
}

const struct fuzz_block *fuzz_probe_blocks(const struct fuzz_probe *p, size_t *n)
{
	*n = p->recording ? BLOCK_SLOTS : 0;
	return p->blocks;
}
