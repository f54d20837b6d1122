/* The debug console; see debugcon.h. */
#include "chipset/debugcon.h"

#include "chipset/chardev.h"

static uint32_t debugcon_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return 0xE9;
}

static void debugcon_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct debugcon *d = opaque;
	(void)offset;
	(void)size;
	d->bytes++;
	chardev_put(d->out, (uint8_t)value);
}

static const struct bus_io_ops debugcon_ops = { debugcon_read, debugcon_write };

void debugcon_attach(struct debugcon *d, struct bus *bus, FILE *out)
{
	d->out = out;
	d->bytes = 0;
	bus_add_ports(bus, 0x402, 1, &debugcon_ops, d);
	bus_add_ports(bus, 0xE9, 1, &debugcon_ops, d);
}
