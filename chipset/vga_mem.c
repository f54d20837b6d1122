/* The CPU's window into video memory at 0xA0000-0xBFFFF; see vga.h.
 *
 * The memory map select (GR06 bits 2-3) opens part of the range: 0 the
 * whole 128 KiB from 0xA0000, 1 64 KiB at 0xA0000, 2 32 KiB at 0xB0000,
 * 3 32 KiB at 0xB8000.  Outside it reads give 0xFF and writes are
 * dropped.  Within it, an offset reaches the planes three ways (IBM VGA
 * Technical Reference, "Sequencer Memory Mode Register"):
 *   - chain 4 (SR04 bit 3): offset bits 0-1 pick the plane, the plane
 *     address is the offset with those bits cleared (the CRTC's
 *     doubleword mode reads it back that way);
 *   - odd/even: bit 0 picks the even (0, 2) or odd (1, 3) planes, the
 *     plane address is the offset with bit 0 cleared.  Writes use it
 *     while SR04 bit 2 is clear, reads while GR05 bit 4 is set, and reads
 *     take plane (GR04 bit 1) | offset bit 0.  The misc output's page bit
 *     is not used (QEMU and Bochs ignore it too);
 *   - planar: every plane at the offset; writes go to the planes of the
 *     map mask, reads return the plane of the read map select.
 * Planes are 64 KiB: plane addresses wrap.
 *
 * Every read loads the four latches from the plane address.  Read mode 0
 * returns the selected plane, read mode 1 the color compare (GR02) of the
 * planes GR07 does not ignore.  Writes go through write modes 0-3 with
 * set/reset, data rotate, the logical function and the bit mask
 * (vga_write_data below), then to the planes the map mask (and chain 4
 * or odd/even) enables.
 *
 * With DISPI enabled at 8 bits a pixel or more the window is instead a
 * 64 KiB bank of linear video memory (vga_vbe.c). */
#include "chipset/vga.h"

#include "chipset/vga_internal.h"

#define PLANE_MASK (VGA_PLANE_SIZE - 1)

struct window {
	uint32_t base, size;   /* offsets from 0xA0000 */
};

static const struct window memory_maps[4] = {
	{ 0x00000, 0x20000 }, { 0x00000, 0x10000 }, { 0x10000, 0x8000 }, { 0x18000, 0x8000 },
};

/* The offset into the open window of addr (an offset from 0xA0000), or
 * false when the memory map select leaves addr outside it. */
static bool window_offset(const struct vga *v, uint32_t addr, uint32_t *off)
{
	const struct window *w = &memory_maps[(v->gc[VGA_GC_MISC] >> 2) & 3];
	if (addr < w->base || addr - w->base >= w->size)
		return false;
	*off = addr - w->base;
	return true;
}

/* 0xFF in byte p for every bit p of a 4-bit plane set. */
static uint32_t expand_planes(unsigned bits)
{
	uint32_t r = 0;
	for (unsigned p = 0; p < VGA_PLANES; p++)
		if (bits & (1u << p))
			r |= 0xFFu << (8 * p);
	return r;
}

static uint32_t replicate(uint8_t b)
{
	return b * 0x01010101u;
}

static uint8_t rotate_right(uint8_t b, unsigned count)
{
	count &= 7;
	return count ? (uint8_t)((b >> count) | (b << (8 - count))) : b;
}

static void load_latches(struct vga *v, uint32_t plane_addr)
{
	const uint8_t *at = &v->vram[(plane_addr & PLANE_MASK) * VGA_PLANES];
	v->latch = at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

/* Read mode 1: a 1 for every pixel whose four plane bits equal the color
 * compare register in the planes the color don't care register keeps. */
static uint8_t color_compare(const struct vga *v)
{
	uint32_t diff = (v->latch ^ expand_planes(v->gc[VGA_GC_COLOR_CMP])) &
			expand_planes(v->gc[VGA_GC_DONT_CARE]);
	return (uint8_t)~(diff | diff >> 8 | diff >> 16 | diff >> 24);
}

static uint8_t planar_read(struct vga *v, uint32_t off)
{
	unsigned plane;
	uint32_t plane_addr;
	if (v->seq[VGA_SEQ_MEM_MODE] & 0x08) {
		plane = off & 3;
		plane_addr = off & ~3u;
	} else if (v->gc[VGA_GC_MODE] & 0x10) {
		plane = (v->gc[VGA_GC_READ_MAP] & 2) | (off & 1);
		plane_addr = off & ~1u;
	} else {
		plane = v->gc[VGA_GC_READ_MAP] & 3;
		plane_addr = off;
	}
	load_latches(v, plane_addr);
	if (v->gc[VGA_GC_MODE] & 0x08)
		return color_compare(v);
	return (uint8_t)(v->latch >> (8 * plane));
}

/* The four plane bytes a CPU write of value produces under the write
 * mode (GR05 bits 0-1), before the map mask: IBM VGA Technical
 * Reference, "Graphics Controller"; FreeVGA "VGA Write Modes". */
static uint32_t vga_write_data(const struct vga *v, uint8_t value)
{
	const uint8_t *gc = v->gc;
	uint8_t rotated = rotate_right(value, gc[VGA_GC_ROTATE]);
	uint8_t mask = gc[VGA_GC_BIT_MASK];
	uint32_t data;
	switch (gc[VGA_GC_MODE] & 3) {
	case 0: { /* rotated data, or set/reset in the planes it is enabled for */
		uint32_t sr = expand_planes(gc[VGA_GC_ENABLE_SR]);
		data = (replicate(rotated) & ~sr) | (expand_planes(gc[VGA_GC_SET_RESET]) & sr);
		break;
	}
	case 1: /* the latches, unchanged */
		return v->latch;
	case 2: /* bits 0-3 of the data fill their planes */
		data = expand_planes(value);
		break;
	default: /* 3: set/reset through a bit mask ANDed with the rotated data */
		data = expand_planes(gc[VGA_GC_SET_RESET]);
		mask &= rotated;
		break;
	}
	switch ((gc[VGA_GC_ROTATE] >> 3) & 3) {
	case 1: data &= v->latch; break;
	case 2: data |= v->latch; break;
	case 3: data ^= v->latch; break;
	default: break;
	}
	uint32_t m = replicate(mask);
	return (data & m) | (v->latch & ~m);
}

static void planar_write(struct vga *v, uint32_t off, uint8_t value)
{
	unsigned planes = v->seq[VGA_SEQ_MAP_MASK] & 0xF;
	uint32_t plane_addr = off;
	if (v->seq[VGA_SEQ_MEM_MODE] & 0x08) {
		planes &= 1u << (off & 3);
		plane_addr = off & ~3u;
	} else if (!(v->seq[VGA_SEQ_MEM_MODE] & 0x04)) {
		planes &= (off & 1) ? 0xAu : 0x5u;
		plane_addr = off & ~1u;
	}
	uint32_t data = vga_write_data(v, value);
	uint8_t *at = &v->vram[(plane_addr & PLANE_MASK) * VGA_PLANES];
	for (unsigned p = 0; p < VGA_PLANES; p++)
		if (planes & (1u << p))
			at[p] = (uint8_t)(data >> (8 * p));
}

static uint8_t read_byte(struct vga *v, uint32_t addr)
{
	uint32_t off;
	if (!window_offset(v, addr, &off))
		return 0xFF;
	if (vga_vbe_linear(v)) {
		uint32_t at = vga_vbe_bank_offset(v) + off;
		return at < VGA_VRAM_SIZE ? v->vram[at] : 0xFF;
	}
	return planar_read(v, off);
}

static void write_byte(struct vga *v, uint32_t addr, uint8_t value)
{
	uint32_t off;
	if (!window_offset(v, addr, &off))
		return;
	v->changes++;
	if (vga_vbe_linear(v)) {
		uint32_t at = vga_vbe_bank_offset(v) + off;
		if (at < VGA_VRAM_SIZE)
			v->vram[at] = value;
		return;
	}
	planar_write(v, off, value);
}

/* Wider accesses are bytes from the lowest address up, each with its own
 * latch load, as the 8-bit-wide VGA sees them. */
static uint32_t window_read(void *opaque, uint32_t offset, unsigned size)
{
	uint32_t value = 0;
	for (unsigned k = 0; k < size; k++)
		value |= (uint32_t)read_byte(opaque, offset + k) << (8 * k);
	return value;
}

static void window_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	for (unsigned k = 0; k < size; k++)
		write_byte(opaque, offset + k, (uint8_t)(value >> (8 * k)));
}

static const struct bus_io_ops window_ops = { window_read, window_write };

/* Priority 2 in every view: above DRAM and the BIOS's low alias, below
 * SMRAM and shadow RAM (i440fx.c), so that D_CLS can send SMM data
 * accesses here while SMM code fetches reach SMRAM. */
void vga_mem_attach(struct vga *v, struct bus *bus)
{
	v->region = bus_add_mmio(bus, "vga", VGA_WINDOW_BASE, VGA_WINDOW_SIZE, 2, BUS_VIS_ALL,
				 &window_ops, v);
}

uint8_t vga_plane_peek(const struct vga *v, unsigned plane, uint32_t offset)
{
	return v->vram[(offset & PLANE_MASK) * VGA_PLANES + (plane & 3)];
}

void vga_plane_poke(struct vga *v, unsigned plane, uint32_t offset, uint8_t value)
{
	v->vram[(offset & PLANE_MASK) * VGA_PLANES + (plane & 3)] = value;
	v->changes++;
}
