/* The APM ports; see apm.h. */
#include "chipset/apm.h"

static uint32_t apm_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct apm *a = opaque;
	(void)size;
	return offset == 0 ? a->control : a->status;
}

static void apm_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct apm *a = opaque;
	(void)size;
	if (offset != 0) {
		a->status = (uint8_t)value;
		return;
	}
	a->control = (uint8_t)value;
	a->command(a->opaque, a->control);
}

static const struct bus_io_ops apm_ops = { apm_read, apm_write };

void apm_reset(struct apm *a)
{
	a->control = a->status = 0;
}

void apm_attach(struct apm *a, struct bus *bus, apm_command_fn command, void *opaque)
{
	a->command = command;
	a->opaque = opaque;
	bus_add_ports(bus, 0xB2, 2, &apm_ops, a);
	apm_reset(a);
}
