/* The VGA adapter's ports and registers; see vga.h.
 *
 * Ports (IBM VGA Technical Reference; FreeVGA "VGA Registers"):
 *   0x3C0        attribute address/data, one port and a flip-flop; reading
 *                input status 1 puts the flip-flop back to "address";
 *                reading 0x3C0 gives the address (with PAS), 0x3C1 the data
 *   0x3C2        miscellaneous output (write), input status 0 (read)
 *   0x3C3        VGA enable (kept, not acted on)
 *   0x3C4/0x3C5  sequencer index/data
 *   0x3C6-0x3C9  DAC: pixel mask, read index (write) / state (read), write
 *                index, data in red-green-blue triples with auto-increment
 *   0x3CA, 0x3CC feature control and miscellaneous output, read back
 *   0x3CE/0x3CF  graphics controller index/data
 *   0x3B4/0x3B5, 0x3BA  CRTC index/data and input status 1 (read) or
 *                feature control (write) while misc bit 0 is clear;
 *   0x3D4/0x3D5, 0x3DA  the same while it is set.  The other pair does
 *                not decode: reads give 0xFF, writes are dropped.
 * Word and dword accesses are split into bytes from the lowest port up,
 * the way an 8-bit ISA device sees "out dx, ax" on an index port.
 *
 * Not modelled: the RAM-enable bit of misc output and the VGA enable
 * port do not gate the memory window (QEMU and Bochs do not either);
 * palette writes are accepted whatever PAS says; input status 0 reads
 * 0 (no switch sense, no retrace interrupt). */
#include "chipset/vga.h"

#include <string.h>

#include "chipset/vga_internal.h"

#define VGA_PORT_BASE  0x3B0
#define VGA_PORT_COUNT 0x30

/* Implemented bits of each register (FreeVGA's register pages; bits
 * outside them read as 0). */
static const uint8_t seq_mask[VGA_SEQ_COUNT] = { 0x03, 0x3D, 0x0F, 0x3F, 0x0E };
static const uint8_t gc_mask[VGA_GC_COUNT] = {
	0x0F, 0x0F, 0x0F, 0x1F, 0x03, 0x7B, 0x0F, 0x0F, 0xFF,
};
static const uint8_t attr_mask[VGA_ATTR_COUNT] = {
	0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
	0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
	0xEF, 0xFF, 0x3F, 0x0F, 0x0F,
};

/* Display timing for the retrace bits of input status 1: the IBM VGA's
 * 640x400 70 Hz text timing (25.175 MHz dot clock, 800 dots and 449 lines
 * a frame, 400 displayed, vertical retrace on lines 412-413), fixed
 * rather than computed from the CRTC registers. */
#define LINE_NS         31778u
#define LINE_ACTIVE_NS  25422u
#define FRAME_LINES     449u
#define ACTIVE_LINES    400u
#define VRETRACE_LINE   412u
#define VRETRACE_LINES  2u

#define STATUS1_DISPLAY_OFF 0x01   /* DD: horizontal or vertical blanking */
#define STATUS1_VRETRACE    0x08   /* VR */

static uint8_t input_status_1(struct vga *v)
{
	if (!v->clock_ns) {
		v->status_toggle ^= 1;
		return v->status_toggle ? STATUS1_DISPLAY_OFF | STATUS1_VRETRACE : 0;
	}
	uint64_t t = v->clock_ns(v->clock_opaque) % ((uint64_t)LINE_NS * FRAME_LINES);
	unsigned line = (unsigned)(t / LINE_NS), dot_ns = (unsigned)(t % LINE_NS);
	uint8_t s = 0;
	if (line >= ACTIVE_LINES || dot_ns >= LINE_ACTIVE_NS)
		s |= STATUS1_DISPLAY_OFF;
	if (line >= VRETRACE_LINE && line < VRETRACE_LINE + VRETRACE_LINES)
		s |= STATUS1_VRETRACE;
	return s;
}

/* Whether port (0x3Bx or 0x3Dx) decodes under the misc output's I/O
 * address select. */
static bool crtc_port_live(const struct vga *v, uint16_t port)
{
	bool color = v->misc & VGA_MISC_COLOR;
	return color ? (port & 0xF0) == 0xD0 : (port & 0xF0) == 0xB0;
}

static void crtc_write(struct vga *v, uint8_t value)
{
	unsigned i = v->crtc_index;
	/* CR11 bit 7 protects CR00-CR07, except CR07's line-compare bit 4. */
	if ((v->crtc[VGA_CRTC_V_RETRACE_END] & 0x80) && i <= VGA_CRTC_OVERFLOW) {
		if (i != VGA_CRTC_OVERFLOW)
			return;
		value = (uint8_t)((v->crtc[i] & ~0x10) | (value & 0x10));
	}
	v->crtc[i] = value;
}

static void attr_write(struct vga *v, uint8_t value)
{
	if (!v->attr_data_next) {
		v->attr_index = value & 0x3F;
	} else {
		unsigned i = v->attr_index & 0x1F;
		v->attr[i] = value & attr_mask[i];
	}
	v->attr_data_next = !v->attr_data_next;
}

static uint8_t dac_read(struct vga *v)
{
	struct vga_dac *d = &v->dac;
	uint8_t c = d->rgb[d->read_index][d->component];
	if (++d->component == 3) {
		d->component = 0;
		d->read_index++;
	}
	return c;
}

static void dac_write(struct vga *v, uint8_t value)
{
	struct vga_dac *d = &v->dac;
	d->rgb[d->write_index][d->component] = d->eight_bit ? value : value & 0x3F;
	if (++d->component == 3) {
		d->component = 0;
		d->write_index++;
	}
}

static uint8_t port_read(struct vga *v, uint16_t port)
{
	switch (port) {
	case 0x3C0: return v->attr_index;
	case 0x3C1: return v->attr[v->attr_index & 0x1F];
	case 0x3C2: return 0;
	case 0x3C3: return v->enable;
	case 0x3C4: return v->seq_index;
	case 0x3C5: return v->seq[v->seq_index];
	case 0x3C6: return v->dac.mask;
	case 0x3C7: return v->dac.reading ? 0x03 : 0x00;
	case 0x3C8: return v->dac.write_index;
	case 0x3C9: return dac_read(v);
	case 0x3CA: return v->feature;
	case 0x3CC: return v->misc;
	case 0x3CE: return v->gc_index;
	case 0x3CF: return v->gc[v->gc_index];
	case 0x3B4: case 0x3D4:
		return crtc_port_live(v, port) ? v->crtc_index : 0xFF;
	case 0x3B5: case 0x3D5:
		return crtc_port_live(v, port) ? v->crtc[v->crtc_index] : 0xFF;
	case 0x3BA: case 0x3DA:
		if (!crtc_port_live(v, port))
			return 0xFF;
		v->attr_data_next = false;
		return input_status_1(v);
	default: return 0xFF;
	}
}

static void port_write(struct vga *v, uint16_t port, uint8_t value)
{
	v->changes++;
	switch (port) {
	case 0x3C0: attr_write(v, value); break;
	case 0x3C2: v->misc = value; break;
	case 0x3C3: v->enable = value & 1; break;
	case 0x3C4: v->seq_index = value & (VGA_SEQ_COUNT - 1); break;
	case 0x3C5: v->seq[v->seq_index] = value & seq_mask[v->seq_index]; break;
	case 0x3C6: v->dac.mask = value; break;
	case 0x3C7:
		v->dac.read_index = value;
		v->dac.component = 0;
		v->dac.reading = true;
		break;
	case 0x3C8:
		v->dac.write_index = value;
		v->dac.component = 0;
		v->dac.reading = false;
		break;
	case 0x3C9: dac_write(v, value); break;
	case 0x3CE: v->gc_index = value & (VGA_GC_COUNT - 1); break;
	case 0x3CF: v->gc[v->gc_index] = value & gc_mask[v->gc_index]; break;
	case 0x3B4: case 0x3D4:
		if (crtc_port_live(v, port))
			v->crtc_index = value & (VGA_CRTC_COUNT - 1);
		break;
	case 0x3B5: case 0x3D5:
		if (crtc_port_live(v, port))
			crtc_write(v, value);
		break;
	case 0x3BA: case 0x3DA:
		if (crtc_port_live(v, port))
			v->feature = value;
		break;
	default: break;
	}
}

static uint32_t ports_read(void *opaque, uint32_t offset, unsigned size)
{
	uint32_t value = 0;
	for (unsigned k = 0; k < size; k++)
		value |= (uint32_t)port_read(opaque, (uint16_t)(VGA_PORT_BASE + offset + k)) << (8 * k);
	return value;
}

static void ports_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	for (unsigned k = 0; k < size; k++)
		port_write(opaque, (uint16_t)(VGA_PORT_BASE + offset + k), (uint8_t)(value >> (8 * k)));
}

static const struct bus_io_ops vga_port_ops = { ports_read, ports_write };

void vga_reset(struct vga *v)
{
	memset(v->vram, 0, sizeof(v->vram));
	v->latch = 0;
	v->misc = v->feature = v->enable = 0;
	v->seq_index = v->gc_index = v->crtc_index = v->attr_index = 0;
	memset(v->seq, 0, sizeof(v->seq));
	memset(v->gc, 0, sizeof(v->gc));
	memset(v->crtc, 0, sizeof(v->crtc));
	memset(v->attr, 0, sizeof(v->attr));
	v->attr_data_next = false;
	memset(&v->dac, 0, sizeof(v->dac));
	vga_vbe_reset(v);
	v->status_toggle = 0;
	v->changes++;
}

void vga_attach(struct vga *v, struct bus *bus)
{
	vga_mem_attach(v, bus);
	bus_add_ports(bus, VGA_PORT_BASE, VGA_PORT_COUNT, &vga_port_ops, v);
	vga_vbe_attach(v, bus);
	vga_reset(v);
}
