/* The Bochs VBE "DISPI" interface: index port 0x1CE, data port 0x1CF,
 * 16-bit registers (Bochs VBE interface, vbe_display_api.txt; register
 * 0xA, VIDEO_MEMORY_64K, as ID 0xB0C5 adds it in QEMU and Bochs).
 *
 * What the VGA BIOSes use: the ID handshake (they write 0xB0C0 and read
 * it back, then write the ID they speak; IDs 0xB0C0-0xB0C5 are accepted),
 * the GETCAPS enable flag that makes XRES/YRES/BPP read as the maxima,
 * the video memory size, mode enable with the screen cleared unless
 * NOCLEARMEM, the 8-bit DAC flag, and a 64 KiB bank at the VGA window.
 * VIRT_WIDTH/VIRT_HEIGHT and X/Y_OFFSET are kept as the interface
 * describes them (for a future display; nothing is drawn here).
 *
 * Video memory is the VGA's 256 KiB (VIDEO_MEMORY_64K reads 4); the
 * linear framebuffer is not mapped: the LFB_ENABLED flag is stored and
 * has no effect, so only banked modes work. */
#include "chipset/vga.h"

#include <string.h>

#include "chipset/vga_internal.h"

#define VBE_PORT_INDEX 0x1CE
#define VBE_PORT_COUNT 2

/* The maxima GETCAPS reports: vbe_display_api.txt's VBE_DISPI_MAX_XRES,
 * VBE_DISPI_MAX_YRES and the deepest format it lists. */
#define VBE_MAX_XRES 1024
#define VBE_MAX_YRES 768
#define VBE_MAX_BPP  32

#define VBE_BANKS (VGA_VRAM_SIZE >> 16)

bool vga_vbe_enabled(const struct vga *v)
{
	return v->vbe.reg[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED;
}

bool vga_vbe_linear(const struct vga *v)
{
	return vga_vbe_enabled(v) && v->vbe.reg[VBE_DISPI_INDEX_BPP] != 4;
}

uint32_t vga_vbe_bank_offset(const struct vga *v)
{
	return (uint32_t)v->vbe.reg[VBE_DISPI_INDEX_BANK] << 16;
}

uint32_t vga_vbe_line_bytes(const struct vga *v, uint32_t width)
{
	unsigned bpp = v->vbe.reg[VBE_DISPI_INDEX_BPP];
	if (bpp == 4)
		return width / 2;
	return width * ((bpp + 7) / 8);
}

/* A new virtual width: the virtual height is what video memory holds. */
static void set_virtual_width(struct vga *v, uint16_t width)
{
	uint16_t *r = v->vbe.reg;
	uint32_t line = vga_vbe_line_bytes(v, width);
	if (!line)
		return;
	uint32_t height = VGA_VRAM_SIZE / line;
	if (height < r[VBE_DISPI_INDEX_YRES])
		return;   /* does not fit: the width stays */
	r[VBE_DISPI_INDEX_VIRT_WIDTH] = width;
	r[VBE_DISPI_INDEX_VIRT_HEIGHT] = (uint16_t)(height > 0xFFFF ? 0xFFFF : height);
}

static void write_enable(struct vga *v, uint16_t value)
{
	uint16_t *r = v->vbe.reg;
	bool was = vga_vbe_enabled(v);
	r[VBE_DISPI_INDEX_ENABLE] = value & (VBE_DISPI_ENABLED | VBE_DISPI_GETCAPS |
					     VBE_DISPI_8BIT_DAC | VBE_DISPI_LFB_ENABLED |
					     VBE_DISPI_NOCLEARMEM);
	v->dac.eight_bit = value & VBE_DISPI_8BIT_DAC;
	if (!(value & VBE_DISPI_ENABLED)) {
		r[VBE_DISPI_INDEX_BANK] = 0;
		return;
	}
	if (was)
		return;
	r[VBE_DISPI_INDEX_X_OFFSET] = r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
	r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
	set_virtual_width(v, r[VBE_DISPI_INDEX_XRES]);
	if (!(value & VBE_DISPI_NOCLEARMEM)) {
		uint32_t n = vga_vbe_line_bytes(v, r[VBE_DISPI_INDEX_XRES]) * r[VBE_DISPI_INDEX_YRES];
		memset(v->vram, 0, n < VGA_VRAM_SIZE ? n : VGA_VRAM_SIZE);
	}
}

static bool valid_bpp(uint16_t bpp)
{
	return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

static void write_data(struct vga *v, uint16_t value)
{
	uint16_t *r = v->vbe.reg;
	switch (v->vbe.index) {
	case VBE_DISPI_INDEX_ID:
		if (value >= VBE_DISPI_ID0 && value <= VBE_DISPI_ID5)
			r[VBE_DISPI_INDEX_ID] = value;
		break;
	case VBE_DISPI_INDEX_XRES:
		if (value <= VBE_MAX_XRES)
			r[VBE_DISPI_INDEX_XRES] = value;
		break;
	case VBE_DISPI_INDEX_YRES:
		if (value <= VBE_MAX_YRES)
			r[VBE_DISPI_INDEX_YRES] = value;
		break;
	case VBE_DISPI_INDEX_BPP:
		if (value == 0)
			value = 8;   /* "treated the same as 8" */
		if (valid_bpp(value))
			r[VBE_DISPI_INDEX_BPP] = value;
		break;
	case VBE_DISPI_INDEX_ENABLE:
		write_enable(v, value);
		break;
	case VBE_DISPI_INDEX_BANK:
		r[VBE_DISPI_INDEX_BANK] = value & (VBE_BANKS - 1);
		break;
	case VBE_DISPI_INDEX_VIRT_WIDTH:
		set_virtual_width(v, value);
		break;
	case VBE_DISPI_INDEX_X_OFFSET:
	case VBE_DISPI_INDEX_Y_OFFSET:
		r[v->vbe.index] = value;
		break;
	default:   /* VIRT_HEIGHT and VIDEO_MEMORY_64K are read-only */
		break;
	}
}

static uint16_t read_data(const struct vga *v)
{
	const uint16_t *r = v->vbe.reg;
	bool caps = r[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_GETCAPS;
	switch (v->vbe.index) {
	case VBE_DISPI_INDEX_XRES: return caps ? VBE_MAX_XRES : r[VBE_DISPI_INDEX_XRES];
	case VBE_DISPI_INDEX_YRES: return caps ? VBE_MAX_YRES : r[VBE_DISPI_INDEX_YRES];
	case VBE_DISPI_INDEX_BPP: return caps ? VBE_MAX_BPP : r[VBE_DISPI_INDEX_BPP];
	case VBE_DISPI_INDEX_VIDEO_MEMORY_64K: return VBE_BANKS;
	default:
		return v->vbe.index < VBE_DISPI_INDEX_COUNT ? r[v->vbe.index] : 0;
	}
}

static uint32_t vbe_read(void *opaque, uint32_t offset, unsigned size)
{
	const struct vga *v = opaque;
	uint32_t value = offset == 0 ? v->vbe.index : read_data(v);
	return size == 1 ? value & 0xFF : value;
}

static void vbe_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct vga *v = opaque;
	(void)size;
	v->changes++;
	if (offset == 0)
		v->vbe.index = (uint16_t)value;
	else
		write_data(v, (uint16_t)value);
}

static const struct bus_io_ops vbe_ops = { vbe_read, vbe_write };

void vga_vbe_reset(struct vga *v)
{
	memset(&v->vbe, 0, sizeof(v->vbe));
	v->vbe.reg[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID5;
	v->vbe.reg[VBE_DISPI_INDEX_BPP] = 8;
}

void vga_vbe_attach(struct vga *v, struct bus *bus)
{
	bus_add_ports(bus, VBE_PORT_INDEX, VBE_PORT_COUNT, &vbe_ops, v);
}
