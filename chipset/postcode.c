/* The POST-code port; see postcode.h. */
#include "chipset/postcode.h"

static uint32_t postcode_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)offset;
	(void)size;
	return ((struct postcode *)opaque)->last;
}

static void postcode_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct postcode *p = opaque;
	(void)offset;
	(void)size;
	p->last = (uint8_t)value;
	p->seen = true;
	p->history[p->count % POSTCODE_HISTORY] = p->last;
	p->count++;
	if (p->out) {   /* a record, flushed whole: the log is current as the guest runs */
		fprintf(p->out, "%02x\n", p->last);
		fflush(p->out);
	}
}

bool postcode_recent(const struct postcode *p, unsigned k, uint8_t *code)
{
	if (k >= POSTCODE_HISTORY || k >= p->count)
		return false;
	*code = p->history[(p->count - 1 - k) % POSTCODE_HISTORY];
	return true;
}

static const struct bus_io_ops postcode_ops = { postcode_read, postcode_write };

void postcode_attach(struct postcode *p, struct bus *bus, FILE *out)
{
	*p = (struct postcode){ .out = out };
	bus_add_ports(bus, 0x80, 1, &postcode_ops, p);
}
