/* The 8042 keyboard controller (ports 0x60, 0x64) with a PS/2 keyboard
 * and mouse behind it, the A20 gate of its output port, and the PIIX
 * "fast A20 and reset" port 0x92 (8042/PS2 references as the Bochs BIOS
 * and SeaBIOS use them; PIIX3 datasheet "Port 92h"). */
#include "chipset/kbc.h"

#include <string.h>

#define ST_OBF   0x01
#define ST_SYS   0x04
#define ST_CMD   0x08
#define ST_UNLOCKED 0x10
#define ST_AUX   0x20

#define CB_KBD_IRQ 0x01
#define CB_AUX_IRQ 0x02
#define CB_SYS     0x04
#define CB_KBD_OFF 0x10
#define CB_AUX_OFF 0x20

#define OUT_RESET 0x01
#define OUT_A20   0x02

static void update_irqs(struct kbc *k)
{
	bool full = k->status & ST_OBF, aux = k->status & ST_AUX;
	line_set(k->kbd_irq, full && !aux && (k->command_byte & CB_KBD_IRQ));
	line_set(k->aux_irq, full && aux && (k->command_byte & CB_AUX_IRQ));
}

/* Move the next queued byte to the output buffer if it is free. */
static void refill(struct kbc *k)
{
	if ((k->status & ST_OBF) || k->qlen == 0) {
		update_irqs(k);
		return;
	}
	struct kbc_byte b = k->queue[k->qhead];
	k->qhead = (k->qhead + 1) % KBC_QUEUE;
	k->qlen--;
	k->out = b.value;
	k->status = (uint8_t)((k->status & ~ST_AUX) | ST_OBF | (b.aux ? ST_AUX : 0));
	update_irqs(k);
}

static void queue(struct kbc *k, uint8_t value, bool aux)
{
	if (k->qlen == KBC_QUEUE)
		return;                         /* overrun: the byte is lost */
	k->queue[(k->qhead + k->qlen) % KBC_QUEUE] = (struct kbc_byte){ value, aux };
	k->qlen++;
	refill(k);
}

static void set_a20(struct kbc *k)
{
	bool on = (k->output_port & OUT_A20) || (k->port92 & 2);
	line_set(k->a20m, !on);
}

static void write_output_port(struct kbc *k, uint8_t v)
{
	k->output_port = v;
	set_a20(k);
	if (!(v & OUT_RESET))
		line_pulse(k->reset);
}

/* A byte sent to the keyboard (a command or its parameter). */
static void keyboard_byte(struct kbc *k, uint8_t v)
{
	if (k->kbd_param) {
		k->kbd_param = 0;
		queue(k, 0xFA, false);
		return;
	}
	switch (v) {
	case 0xFF: queue(k, 0xFA, false); queue(k, 0xAA, false); break; /* reset, BAT ok */
	case 0xF2: queue(k, 0xFA, false); queue(k, 0xAB, false); queue(k, 0x83, false); break;
	case 0xEE: queue(k, 0xEE, false); break;                        /* echo */
	case 0xED: case 0xF0: case 0xF3:                                /* take a parameter */
		k->kbd_param = v;
		queue(k, 0xFA, false);
		break;
	default: queue(k, 0xFA, false); break;
	}
}

/* A byte sent to the mouse through command 0xD4. */
static void aux_byte(struct kbc *k, uint8_t v)
{
	if (k->aux_param) {
		k->aux_param = 0;
		queue(k, 0xFA, true);
		return;
	}
	switch (v) {
	case 0xFF: queue(k, 0xFA, true); queue(k, 0xAA, true); queue(k, 0x00, true); break;
	case 0xF2: queue(k, 0xFA, true); queue(k, 0x00, true); break;   /* ID: standard */
	case 0xE8: case 0xF3:
		k->aux_param = v;
		queue(k, 0xFA, true);
		break;
	default: queue(k, 0xFA, true); break;
	}
}

static void command(struct kbc *k, uint8_t c)
{
	k->status |= ST_CMD;
	switch (c) {
	case 0x20: queue(k, k->command_byte, false); break;
	case 0xA7: k->command_byte |= CB_AUX_OFF; break;
	case 0xA8: k->command_byte &= ~CB_AUX_OFF; break;
	case 0xA9: queue(k, 0x00, false); break;                /* aux interface ok */
	case 0xAA:                                              /* self test */
		k->status |= ST_SYS;
		queue(k, 0x55, false);
		break;
	case 0xAB: queue(k, 0x00, false); break;                /* kbd interface ok */
	case 0xAD: k->command_byte |= CB_KBD_OFF; break;
	case 0xAE: k->command_byte &= ~CB_KBD_OFF; break;
	case 0xC0: queue(k, 0xBF, false); break;                /* input port */
	case 0xD0: queue(k, k->output_port, false); break;
	case 0xDD: write_output_port(k, k->output_port & ~OUT_A20); break;
	case 0xDF: write_output_port(k, k->output_port | OUT_A20); break;
	case 0x60: case 0xD1: case 0xD2: case 0xD3: case 0xD4:
		k->pending = c;                                  /* the next data byte */
		break;
	default:
		if ((c & 0xF0) == 0xF0 && !(c & 1))              /* pulse reset */
			line_pulse(k->reset);
		break;
	}
}

static void data(struct kbc *k, uint8_t v)
{
	uint8_t p = k->pending;
	k->pending = 0;
	k->status &= ~ST_CMD;
	switch (p) {
	case 0x60:
		k->command_byte = v;
		k->status = (uint8_t)((k->status & ~ST_SYS) | (v & CB_SYS));
		update_irqs(k);
		break;
	case 0xD1: write_output_port(k, v); break;
	case 0xD2: queue(k, v, false); break;
	case 0xD3: queue(k, v, true); break;
	case 0xD4: aux_byte(k, v); break;
	default: keyboard_byte(k, v); break;
	}
}

static uint32_t data_read(void *opaque, uint32_t offset, unsigned size)
{
	struct kbc *k = opaque;
	(void)offset;
	(void)size;
	uint8_t v = k->out;
	k->status &= ~(ST_OBF | ST_AUX);
	refill(k);
	return v;
}

static void data_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	(void)offset;
	(void)size;
	data(opaque, (uint8_t)value);
}

static uint32_t status_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)offset;
	(void)size;
	return ((struct kbc *)opaque)->status | ST_UNLOCKED;
}

static void command_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	(void)offset;
	(void)size;
	command(opaque, (uint8_t)value);
}

/* Port 0x92: bit 1 fast A20, bit 0 a rising edge resets the CPU. */
static uint32_t port92_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)offset;
	(void)size;
	return ((struct kbc *)opaque)->port92;
}

static void port92_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct kbc *k = opaque;
	(void)offset;
	(void)size;
	bool reset = (value & 1) && !(k->port92 & 1);
	k->port92 = (uint8_t)(value & 3);
	set_a20(k);
	if (reset)
		line_pulse(k->reset);
}

static const struct bus_io_ops data_ops = { data_read, data_write };
static const struct bus_io_ops command_ops = { status_read, command_write };
static const struct bus_io_ops port92_ops = { port92_read, port92_write };

void kbc_key(struct kbc *k, uint8_t scancode)
{
	if (!(k->command_byte & CB_KBD_OFF))
		queue(k, scancode, false);
}

/* A20 is on at reset, as on QEMU and Bochs. */
void kbc_reset(struct kbc *k)
{
	k->status = 0;
	k->command_byte = CB_KBD_IRQ | CB_SYS;
	k->output_port = OUT_RESET | OUT_A20;
	k->port92 = 0;
	k->pending = k->kbd_param = k->aux_param = 0;
	k->qhead = k->qlen = 0;
	k->out = 0;
	set_a20(k);
	update_irqs(k);
}

void kbc_attach(struct kbc *k, struct bus *bus, const struct line *kbd_irq,
		const struct line *aux_irq)
{
	k->kbd_irq = kbd_irq;
	k->aux_irq = aux_irq;
	k->a20m = k->reset = NULL;   /* connected by the board */
	bus_add_ports(bus, 0x60, 1, &data_ops, k);
	bus_add_ports(bus, 0x64, 1, &command_ops, k);
	bus_add_ports(bus, 0x92, 1, &port92_ops, k);
	kbc_reset(k);
}
