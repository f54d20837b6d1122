/* The 82093AA-style I/O APIC; see ioapic.h. */
#include "chipset/ioapic.h"

#include <string.h>

#define IOAPIC_PAGE 0x1000u
#define REDIR_LOW_WRITABLE  0x1AFFFu  /* vector, mode, dest mode, polarity, trigger, mask */
#define REDIR_HIGH_WRITABLE 0xFF000000u

static bool pin_active(const struct ioapic *io, unsigned pin)
{
	bool level = (io->level >> pin) & 1u;
	return (io->redir[pin] & IOAPIC_ACTIVE_LOW) ? !level : level;
}

/* The message a redirection entry sends. */
static struct apic_msg entry_message(uint64_t e)
{
	return (struct apic_msg){
		.vector = (uint8_t)e,
		.mode = (uint8_t)((e >> 8) & 7u),
		.dest = (uint8_t)(e >> 56),
		.logical = (e & IOAPIC_LOGICAL) != 0,
		.level_trigger = (e & IOAPIC_LEVEL) != 0,
	};
}

/* Send what every unmasked requesting pin asks for: an edge once, a level
 * once until the EOI clears its remote IRR. */
static void service(struct ioapic *io)
{
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		uint32_t bit = 1u << pin;
		uint64_t e = io->redir[pin];
		if (!(io->irr & bit) || (e & IOAPIC_MASKED))
			continue;
		if (e & IOAPIC_LEVEL) {
			if (e & IOAPIC_REMOTE_IRR)
				continue;
			io->redir[pin] |= IOAPIC_REMOTE_IRR;
		} else {
			io->irr &= ~bit;
		}
		struct apic_msg m = entry_message(e);
		if (io->out.send)
			io->out.send(io->out.opaque, &m);
	}
}

void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level)
{
	if (pin >= IOAPIC_PINS)
		return;
	uint32_t bit = 1u << pin;
	bool was_active = pin_active(io, pin);
	io->level = level ? io->level | bit : io->level & ~bit;
	bool active = pin_active(io, pin);
	uint64_t e = io->redir[pin];
	if (e & IOAPIC_LEVEL)
		io->irr = active ? io->irr | bit : io->irr & ~bit;
	else if (active && !was_active && !(e & IOAPIC_MASKED))
		io->irr |= bit;
	service(io);
}

static void input_set(void *opaque, bool level)
{
	const struct ioapic_input *in = opaque;
	ioapic_set_irq(in->io, in->pin, level);
}

struct line ioapic_input_line(struct ioapic *io, unsigned pin)
{
	return (struct line){ input_set, &io->input[pin] };
}

void ioapic_eoi(void *opaque, uint8_t vector)
{
	struct ioapic *io = opaque;
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++)
		if ((uint8_t)io->redir[pin] == vector && (io->redir[pin] & IOAPIC_REMOTE_IRR))
			io->redir[pin] &= ~(uint64_t)IOAPIC_REMOTE_IRR;
	service(io);
}

bool ioapic_would_send(const struct ioapic *io, unsigned pin, struct apic_msg *msg)
{
	uint64_t e = io->redir[pin];
	*msg = entry_message(e);
	return !(e & IOAPIC_MASKED) && !(e & IOAPIC_REMOTE_IRR);
}

static uint32_t window_read(const struct ioapic *io)
{
	unsigned index = io->regsel;
	if (index == IOAPIC_REG_ID)
		return (uint32_t)io->id << 24;
	if (index == IOAPIC_REG_VER)
		return IOAPIC_VERSION;
	if (index == IOAPIC_REG_ARB)
		return (uint32_t)io->arb_id << 24;
	if (index >= IOAPIC_REG_REDIR && index < IOAPIC_REG_REDIR + 2 * IOAPIC_PINS) {
		uint64_t e = io->redir[(index - IOAPIC_REG_REDIR) / 2];
		return (uint32_t)(index & 1u ? e >> 32 : e);
	}
	return 0;
}

/* A redirection entry's half written: the writable bits change; an
 * entry made edge-triggered drops its remote IRR, and a level pin's
 * request follows its (maybe new) polarity. */
static void write_redirection(struct ioapic *io, unsigned index, uint32_t value)
{
	unsigned pin = (index - IOAPIC_REG_REDIR) / 2;
	uint64_t e = io->redir[pin];
	if (index & 1u) {
		e = (e & 0xFFFFFFFFu) | ((uint64_t)(value & REDIR_HIGH_WRITABLE) << 32);
	} else {
		e = (e & ~(uint64_t)REDIR_LOW_WRITABLE) | (value & REDIR_LOW_WRITABLE);
		if (!(e & IOAPIC_LEVEL))
			e &= ~(uint64_t)IOAPIC_REMOTE_IRR;
	}
	io->redir[pin] = e;
	if (e & IOAPIC_LEVEL) {
		uint32_t bit = 1u << pin;
		io->irr = pin_active(io, pin) ? io->irr | bit : io->irr & ~bit;
	}
	service(io);
}

/* The ID register's bits 27:24; the arbitration ID is loaded from it. */
static void window_write(struct ioapic *io, uint32_t value)
{
	unsigned index = io->regsel;
	if (index == IOAPIC_REG_ID) {
		io->id = (uint8_t)((value >> 24) & 0xFu);
		io->arb_id = io->id;
	} else if (index >= IOAPIC_REG_REDIR && index < IOAPIC_REG_REDIR + 2 * IOAPIC_PINS) {
		write_redirection(io, index, value);
	}
}

uint32_t ioapic_read(struct ioapic *io, uint32_t offset, unsigned size)
{
	offset &= IOAPIC_PAGE - 1;
	if (offset < 4) {
		uint32_t v = io->regsel >> (8 * offset);
		return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
	}
	if (offset == IOAPIC_IOWIN && size == 4)
		return window_read(io);
	return 0;
}

void ioapic_write(struct ioapic *io, uint32_t offset, uint32_t value, unsigned size)
{
	offset &= IOAPIC_PAGE - 1;
	if (offset == IOAPIC_IOREGSEL)
		io->regsel = (uint8_t)value;
	else if (offset == IOAPIC_IOWIN && size == 4)
		window_write(io, value);
}

static uint32_t mmio_read(void *opaque, uint32_t offset, unsigned size)
{
	return ioapic_read(opaque, offset, size);
}

static void mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	ioapic_write(opaque, offset, value, size);
}

static const struct bus_io_ops ioapic_ops = { mmio_read, mmio_write };

void ioapic_reset(struct ioapic *io)
{
	io->regsel = 0;
	io->id = io->arb_id = 0;
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++)
		io->redir[pin] = IOAPIC_MASKED;
	io->irr = 0;
}

void ioapic_attach(struct ioapic *io, struct bus *bus)
{
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++)
		io->input[pin] = (struct ioapic_input){ io, pin };
	bus_add_mmio(bus, "io-apic", IOAPIC_BASE, IOAPIC_PAGE, 2,
		     BUS_VIS_NORMAL | BUS_VIS_SMM, &ioapic_ops, io);
	ioapic_reset(io);
}

void ioapic_inspect(const struct ioapic *io, struct ioapic_info *out)
{
	*out = (struct ioapic_info){
		.base = IOAPIC_BASE, .regsel = io->regsel, .id = (uint32_t)io->id << 24,
		.version = IOAPIC_VERSION, .arb = (uint32_t)io->arb_id << 24,
		.irr = io->irr, .level = io->level,
	};
	memcpy(out->redir, io->redir, sizeof(out->redir));
}
