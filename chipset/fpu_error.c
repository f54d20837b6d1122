/* The coprocessor-error logic; see fpu_error.h. */
#include "chipset/fpu_error.h"

static void set_irq13(struct fpu_error *e, bool level)
{
	e->irq13_level = level;
	line_set(e->irq13, level);
}

static void set_ignne(struct fpu_error *e, bool level)
{
	e->ignne_level = level;
	line_set(e->ignne, level);
}

/* FERR#'s rising edge latches IRQ13; its fall ends IGNNE#. */
static void ferr_changed(void *opaque, bool level)
{
	struct fpu_error *e = opaque;
	if (level == e->ferr_level)
		return;
	e->ferr_level = level;
	if (level)
		set_irq13(e, true);
	else
		set_ignne(e, false);
}

static uint32_t port_f0_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return 0xFF;
}

static void port_f0_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct fpu_error *e = opaque;
	(void)offset;
	(void)value;
	(void)size;
	set_irq13(e, false);
	if (e->ferr_level)
		set_ignne(e, true);
}

static const struct bus_io_ops port_f0_ops = { port_f0_read, port_f0_write };

void fpu_error_attach(struct fpu_error *e, struct bus *bus, const struct line *irq13)
{
	*e = (struct fpu_error){ .ferr = { ferr_changed, e }, .irq13 = irq13 };
	bus_add_ports(bus, 0xF0, 1, &port_f0_ops, e);
}

void fpu_error_reset(struct fpu_error *e)
{
	if (e->irq13_level)
		set_irq13(e, false);
	if (e->ignne_level)
		set_ignne(e, false);
	e->ferr_level = false;
}
