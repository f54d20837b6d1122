/* Applying an input; see input.h. */
#include "fuzz/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One io: item: the port's values and the handler behind it. */
struct port_values {
	const struct fuzz_reads *owner;
	uint16_t port;
	const struct bus_io_ops *ops;   /* NULL: the port was unmapped */
	void *opaque;
	uint32_t offset;
	uint8_t *bytes;                 /* the item's length */
	uint32_t have;                  /* how many this input gave (0: none) */
	uint32_t next;                  /* the next one a read returns */
};

/* One msr: item: the value RDMSR returns, when the input reached it. */
struct msr_value {
	uint32_t index;
	bool have;
	uint64_t value;
};

struct fuzz_reads {
	struct cpu *cpu;
	unsigned n, nmsrs;
	struct port_values port[FUZZ_MAX_ITEMS];
	struct msr_value msr[FUZZ_MAX_ITEMS];
};

/* The CPU's RDMSR in SMM (cpu->smm_msr_read). */
static bool msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	const struct fuzz_reads *r = opaque;
	for (unsigned k = 0; k < r->nmsrs; k++)
		if (r->msr[k].index == index && r->msr[k].have) {
			*value = r->msr[k].value;
			return true;
		}
	return false;
}

static uint32_t port_read(void *opaque, uint32_t offset, unsigned size)
{
	struct port_values *v = opaque;
	(void)offset; /* the range is this one port */
	if (!v->owner->cpu->smm || !v->have) {
		if (!v->ops)
			return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
		return v->ops->read(v->opaque, v->offset, size);
	}
	uint32_t value = 0;
	for (unsigned k = 0; k < size; k++) {
		value |= (uint32_t)v->bytes[v->next] << (8 * k);
		v->next = (v->next + 1) % v->have;
	}
	return value;
}

static void port_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct port_values *v = opaque;
	(void)offset;
	if (v->ops)
		v->ops->write(v->opaque, v->offset, value, size);
}

static const struct bus_io_ops port_ops = { port_read, port_write };

struct fuzz_reads *fuzz_reads_new(struct machine *m, const struct fuzz_layout *layout)
{
	struct fuzz_reads *p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	p->cpu = m->cpu;
	struct bus *bus = m->board->bus;
	for (unsigned k = 0; k < layout->n; k++) {
		const struct fuzz_item *it = &layout->item[k];
		if (it->kind == FUZZ_ITEM_MSR)
			p->msr[p->nmsrs++].index = it->address;
		if (it->kind != FUZZ_ITEM_PORT)
			continue;
		struct port_values *v = &p->port[p->n++];
		v->owner = p;
		v->port = (uint16_t)it->address;
		if (!bus_port_target(bus, v->port, &v->ops, &v->opaque, &v->offset))
			v->ops = NULL;
		v->bytes = calloc(it->length, 1);
		if (!v->bytes) {
			fprintf(stderr, "smmbox: out of memory\n");
			fuzz_reads_free(p);
			return NULL;
		}
		bus_add_ports(bus, v->port, 1, &port_ops, v);
	}
	if (p->nmsrs) {
		m->cpu->smm_msr_read = msr_read;
		m->cpu->smm_msr_opaque = p;
	}
	return p;
}

void fuzz_reads_free(struct fuzz_reads *p)
{
	if (!p)
		return;
	if (p->cpu->smm_msr_opaque == p)
		p->cpu->smm_msr_read = NULL;
	for (unsigned k = 0; k < p->n; k++)
		free(p->port[k].bytes);
	free(p);
}

static struct msr_value *msr_of(struct fuzz_reads *p, uint32_t index)
{
	for (unsigned k = 0; p && k < p->nmsrs; k++)
		if (p->msr[k].index == index)
			return &p->msr[k];
	return NULL;
}

static struct port_values *values_of(struct fuzz_reads *p, uint32_t port)
{
	for (unsigned k = 0; p && k < p->n; k++)
		if (p->port[k].port == port)
			return &p->port[k];
	return NULL;
}

/* The bytes of item it the input has: how many (0 when it ends before). */
static uint32_t given(const struct fuzz_item *it, size_t len)
{
	if (len <= it->offset)
		return 0;
	return len - it->offset < it->length ? (uint32_t)(len - it->offset) : it->length;
}

void fuzz_input_apply(struct machine *m, const struct fuzz_layout *layout, struct fuzz_reads *p,
		      const uint8_t *input, size_t len, struct fuzz_apm *apm)
{
	struct bus *bus = m->board->bus;
	*apm = (struct fuzz_apm){ 0 };
	bool has_command = false;
	for (unsigned k = 0; k < layout->n; k++) {
		const struct fuzz_item *it = &layout->item[k];
		uint32_t n = given(it, len);
		const uint8_t *in = input + it->offset;
		struct port_values *v;
		struct msr_value *msr;
		switch (it->kind) {
		case FUZZ_ITEM_APM_COMMAND:
			has_command = true;
			apm->command = n ? in[0] : (uint8_t)bus_in(bus, FUZZ_APM_COMMAND_PORT, 1);
			break;
		case FUZZ_ITEM_APM_DATA:
			apm->data_written = n > 0;
			apm->data = n ? in[0] : 0;
			break;
		case FUZZ_ITEM_REGISTER: {
			uint32_t r = m->cpu->reg[it->reg];
			for (uint32_t b = 0; b < n; b++)
				r = (r & ~(0xFFu << (8 * b))) | (uint32_t)in[b] << (8 * b);
			m->cpu->reg[it->reg] = r;
			break;
		}
		case FUZZ_ITEM_MEMORY:
			for (uint32_t b = 0; b < n; b++)
				bus_write(bus, BUS_VIEW_NORMAL, it->address + b, in[b], 1);
			break;
		case FUZZ_ITEM_PORT:
			if ((v = values_of(p, it->address))) {
				memcpy(v->bytes, in, n);
				v->have = n;
				v->next = 0;
			}
			break;
		case FUZZ_ITEM_MSR:
			if ((msr = msr_of(p, it->address))) {
				msr->have = n > 0;
				msr->value = 0;
				for (uint32_t b = 0; b < n; b++)
					msr->value |= (uint64_t)in[b] << (8 * b);
			}
			break;
		}
	}
	if (apm->data_written)
		bus_out(bus, FUZZ_APM_DATA_PORT, apm->data, 1);
	if (has_command) {
		apm->command_written = true;
		bus_out(bus, FUZZ_APM_COMMAND_PORT, apm->command, 1);
	}
}
