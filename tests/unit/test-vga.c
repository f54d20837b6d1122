/* The VGA adapter through its ports and its memory window, as guest code
 * sees it: register access, the memory map select, the planar write and
 * read modes on known plane contents, odd/even and chain-4 addressing,
 * DISPI, and the text screen a front end and the dump read back. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chipset/vga.h"
#include "chipset/vga_text.h"
#include "mem/bus.h"

struct fixture {
	struct bus *bus;
	struct vga vga;
	uint64_t now;
};

static uint64_t fake_clock(void *opaque)
{
	return ((const struct fixture *)opaque)->now;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	vga_attach(&f->vga, f->bus);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bus_free(f->bus);
	free(f);
	return 0;
}

static void outb(struct fixture *f, uint16_t port, uint8_t v)
{
	bus_out(f->bus, port, v, 1);
}

static uint8_t inb(struct fixture *f, uint16_t port)
{
	return (uint8_t)bus_in(f->bus, port, 1);
}

static void seq(struct fixture *f, uint8_t index, uint8_t v)
{
	bus_out(f->bus, 0x3C4, index | (uint32_t)v << 8, 2);   /* index then data */
}

static void gc(struct fixture *f, uint8_t index, uint8_t v)
{
	bus_out(f->bus, 0x3CE, index | (uint32_t)v << 8, 2);
}

static void crtc(struct fixture *f, uint8_t index, uint8_t v)
{
	outb(f, 0x3D4, index);
	outb(f, 0x3D5, v);
}

static void attr(struct fixture *f, uint8_t index, uint8_t v)
{
	inb(f, 0x3DA);   /* flip-flop to "address" */
	outb(f, 0x3C0, index);
	outb(f, 0x3C0, v);
}

static uint8_t mem_read(struct fixture *f, uint32_t addr)
{
	return (uint8_t)bus_read(f->bus, BUS_VIEW_NORMAL, addr, 1);
}

static void mem_write(struct fixture *f, uint32_t addr, uint8_t v)
{
	bus_write(f->bus, BUS_VIEW_NORMAL, addr, v, 1);
}

static void check_planes(struct fixture *f, uint32_t offset, const uint8_t want[4])
{
	for (unsigned p = 0; p < 4; p++) {
		uint8_t got = vga_plane_peek(&f->vga, p, offset);
		if (got != want[p])
			fail_msg("plane %u offset %#x: %02x, wanted %02x", p, offset, got, want[p]);
	}
}

/* Planar mode at 0xA0000-0xAFFFF with all planes enabled, and known
 * bytes in the four planes at offset 0x10, loaded into the latches. */
static void planar_setup(struct fixture *f)
{
	static const uint8_t fill[4] = { 0x0F, 0xF0, 0xAA, 0x55 };
	seq(f, VGA_SEQ_MEM_MODE, 0x06);   /* odd/even off */
	seq(f, VGA_SEQ_MAP_MASK, 0x0F);
	gc(f, VGA_GC_MISC, 0x05);         /* graphics, A0000 64K */
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	for (unsigned p = 0; p < 4; p++)
		vga_plane_poke(&f->vga, p, 0x10, fill[p]);
	mem_read(f, 0xA0010);
}

static void test_registers_read_back_their_implemented_bits(void **state)
{
	struct fixture *f = *state;
	outb(f, 0x3C2, 0x67);
	assert_int_equal(inb(f, 0x3CC), 0x67);
	seq(f, VGA_SEQ_MAP_MASK, 0xFF);
	assert_int_equal(inb(f, 0x3C4), VGA_SEQ_MAP_MASK);
	assert_int_equal(inb(f, 0x3C5), 0x0F);
	gc(f, VGA_GC_MODE, 0xFF);
	assert_int_equal(inb(f, 0x3CF), 0x7B);
	crtc(f, VGA_CRTC_OFFSET, 0x28);
	assert_int_equal(inb(f, 0x3D4), VGA_CRTC_OFFSET);
	assert_int_equal(inb(f, 0x3D5), 0x28);
	outb(f, 0x3DA, 0x05);   /* feature control, read at 0x3CA */
	assert_int_equal(inb(f, 0x3CA), 0x05);
}

static void test_crtc_ports_follow_misc_color_bit(void **state)
{
	struct fixture *f = *state;
	outb(f, 0x3C2, 0x00);            /* monochrome: 0x3B4/0x3B5 */
	outb(f, 0x3B4, 0x13);
	outb(f, 0x3B5, 0x11);
	outb(f, 0x3D4, 0x13);            /* not decoded */
	outb(f, 0x3D5, 0x22);
	assert_int_equal(inb(f, 0x3D5), 0xFF);
	assert_int_equal(inb(f, 0x3B5), 0x11);
	outb(f, 0x3C2, 0x01);            /* color: 0x3D4/0x3D5 */
	assert_int_equal(inb(f, 0x3B5), 0xFF);
	outb(f, 0x3D4, 0x13);
	assert_int_equal(inb(f, 0x3D5), 0x11);
}

static void test_crtc_protect_bit_guards_cr00_to_cr07(void **state)
{
	struct fixture *f = *state;
	outb(f, 0x3C2, 0x01);
	crtc(f, 0x01, 0x4F);
	crtc(f, 0x07, 0x00);
	crtc(f, VGA_CRTC_V_RETRACE_END, 0x80);
	crtc(f, 0x01, 0x27);
	crtc(f, 0x07, 0xFF);   /* only the line-compare bit 4 lands */
	outb(f, 0x3D4, 0x01);
	assert_int_equal(inb(f, 0x3D5), 0x4F);
	outb(f, 0x3D4, 0x07);
	assert_int_equal(inb(f, 0x3D5), 0x10);
}

static void test_attribute_flip_flop_resets_on_input_status_read(void **state)
{
	struct fixture *f = *state;
	outb(f, 0x3C2, 0x01);
	inb(f, 0x3DA);
	outb(f, 0x3C0, 0x10);   /* address */
	inb(f, 0x3DA);          /* back to address: the next write is one */
	outb(f, 0x3C0, 0x32);   /* PAS | index 0x12 */
	outb(f, 0x3C0, 0x0F);   /* data */
	assert_int_equal(inb(f, 0x3C0), 0x32);
	assert_int_equal(inb(f, 0x3C1), 0x0F);
	outb(f, 0x3C0, 0x10);   /* address again */
	outb(f, 0x3C0, 0xFF);   /* mode control: bit 4 is reserved */
	assert_int_equal(inb(f, 0x3C1), 0xEF);
}

static void test_dac_takes_triples_with_auto_increment(void **state)
{
	struct fixture *f = *state;
	static const uint8_t in[6] = { 0x3F, 0x00, 0x15, 0xFF, 0x2A, 0x01 };
	outb(f, 0x3C8, 5);
	for (unsigned k = 0; k < 6; k++)
		outb(f, 0x3C9, in[k]);
	assert_int_equal(inb(f, 0x3C8), 7);
	assert_int_equal(inb(f, 0x3C7), 0x00);   /* write mode */
	outb(f, 0x3C7, 5);
	assert_int_equal(inb(f, 0x3C7), 0x03);   /* read mode */
	static const uint8_t want[6] = { 0x3F, 0x00, 0x15, 0x3F, 0x2A, 0x01 };
	for (unsigned k = 0; k < 6; k++)
		assert_int_equal(inb(f, 0x3C9), want[k]);
}

static void test_input_status_retrace_follows_guest_time(void **state)
{
	struct fixture *f = *state;
	outb(f, 0x3C2, 0x01);
	f->vga.clock_ns = fake_clock;
	f->vga.clock_opaque = f;
	f->now = 100;                       /* line 0, displaying */
	assert_int_equal(inb(f, 0x3DA) & 0x09, 0x00);
	f->now = 25422 + 10;                /* line 0, horizontal blanking */
	assert_int_equal(inb(f, 0x3DA) & 0x09, 0x01);
	f->now = 412ull * 31778 + 100;      /* vertical retrace */
	assert_int_equal(inb(f, 0x3DA) & 0x09, 0x09);
	f->now += 449ull * 31778 * 1000;    /* a thousand frames on */
	assert_int_equal(inb(f, 0x3DA) & 0x09, 0x09);
}

static void test_memory_map_select_opens_part_of_the_window(void **state)
{
	struct fixture *f = *state;
	static const struct { uint8_t map; uint32_t inside, outside; } cases[] = {
		{ 0, 0xBFFFF, 0 }, { 1, 0xAFFFF, 0xB0000 }, { 2, 0xB7FFF, 0xB8000 },
		{ 3, 0xB8000, 0xA0000 },
	};
	seq(f, VGA_SEQ_MEM_MODE, 0x06);
	seq(f, VGA_SEQ_MAP_MASK, 0x01);
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		gc(f, VGA_GC_MISC, (uint8_t)(cases[k].map << 2));
		mem_write(f, cases[k].inside, (uint8_t)(0x40 + k));
		if (mem_read(f, cases[k].inside) != 0x40 + k)
			fail_msg("map %u: %#x did not read back", cases[k].map, cases[k].inside);
		if (cases[k].outside) {
			mem_write(f, cases[k].outside, 0x99);
			assert_int_equal(mem_read(f, cases[k].outside), 0xFF);
		}
	}
	/* The writes outside the windows were dropped: plane 0 offset 0 holds
	 * map 3's 0x43 (0xB8000), not 0x99. */
	assert_int_equal(vga_plane_peek(&f->vga, 0, 0), 0x43);
}

static void test_write_mode_0_set_reset_rotate_xor_bit_mask(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_ENABLE_SR, 0x05);   /* set/reset for planes 0 and 2 */
	gc(f, VGA_GC_SET_RESET, 0x01);   /* plane 0 set, plane 2 reset */
	gc(f, VGA_GC_ROTATE, 0x1C);      /* rotate right 4, XOR with the latches */
	gc(f, VGA_GC_BIT_MASK, 0xF0);
	mem_write(f, 0xA0010, 0x3C);     /* rotated: 0xC3 */
	static const uint8_t want[4] = { 0xFF, 0x30, 0xAA, 0x95 };
	check_planes(f, 0x10, want);
}

static void test_write_mode_1_copies_the_latches(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_MODE, 0x01);
	gc(f, VGA_GC_BIT_MASK, 0x00);    /* ignored in write mode 1 */
	mem_write(f, 0xA0020, 0x00);
	static const uint8_t want[4] = { 0x0F, 0xF0, 0xAA, 0x55 };
	check_planes(f, 0x20, want);
}

static void test_write_mode_2_expands_color_through_and(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_MODE, 0x02);
	gc(f, VGA_GC_ROTATE, 0x08);      /* AND */
	gc(f, VGA_GC_BIT_MASK, 0x3C);
	mem_write(f, 0xA0010, 0x0A);     /* planes 1 and 3 */
	static const uint8_t want[4] = { 0x03, 0xF0, 0x82, 0x55 };
	check_planes(f, 0x10, want);
}

static void test_write_mode_3_masks_set_reset_with_rotated_data(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_MODE, 0x03);
	gc(f, VGA_GC_SET_RESET, 0x06);
	gc(f, VGA_GC_ENABLE_SR, 0x00);   /* ignored in write mode 3 */
	gc(f, VGA_GC_ROTATE, 0x01);      /* rotate right 1, replace */
	gc(f, VGA_GC_BIT_MASK, 0xF0);
	mem_write(f, 0xA0010, 0x3C);     /* rotated 0x1E, bit mask 0x10 */
	static const uint8_t want[4] = { 0x0F, 0xF0, 0xBA, 0x45 };
	check_planes(f, 0x10, want);
}

static void test_map_mask_limits_the_planes_written(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	seq(f, VGA_SEQ_MAP_MASK, 0x06);
	mem_write(f, 0xA0010, 0x77);
	static const uint8_t want[4] = { 0x0F, 0x77, 0x77, 0x55 };
	check_planes(f, 0x10, want);
}

static void test_read_mode_0_returns_the_read_map(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_READ_MAP, 2);
	assert_int_equal(mem_read(f, 0xA0010), 0xAA);
	gc(f, VGA_GC_READ_MAP, 3);
	assert_int_equal(mem_read(f, 0xA0010), 0x55);
}

static void test_read_mode_1_compares_colors(void **state)
{
	struct fixture *f = *state;
	planar_setup(f);
	gc(f, VGA_GC_MODE, 0x08);
	gc(f, VGA_GC_COLOR_CMP, 0x05);
	gc(f, VGA_GC_DONT_CARE, 0x0F);
	/* Pixel colors, bit 7 to 0: 6 A 6 A 5 9 5 9. */
	assert_int_equal(mem_read(f, 0xA0010), 0x0A);
	gc(f, VGA_GC_COLOR_CMP, 0x01);
	gc(f, VGA_GC_DONT_CARE, 0x03);   /* planes 0 and 1 only */
	assert_int_equal(mem_read(f, 0xA0010), 0x0F);
}

static void test_odd_even_sends_odd_bytes_to_plane_1(void **state)
{
	struct fixture *f = *state;
	seq(f, VGA_SEQ_MEM_MODE, 0x02);   /* odd/even writes */
	seq(f, VGA_SEQ_MAP_MASK, 0x03);
	gc(f, VGA_GC_MODE, 0x10);         /* odd/even reads */
	gc(f, VGA_GC_MISC, 0x0E);         /* B8000 32K, chain odd/even */
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xB8000, 0x1F41, 2);   /* 'A' on blue */
	mem_write(f, 0xB8002, 'B');
	assert_int_equal(vga_plane_peek(&f->vga, 0, 0), 'A');
	assert_int_equal(vga_plane_peek(&f->vga, 1, 0), 0x1F);
	assert_int_equal(vga_plane_peek(&f->vga, 0, 2), 'B');
	assert_int_equal(vga_plane_peek(&f->vga, 0, 1), 0);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xB8000, 2), 0x1F41);
}

static void test_chain_4_picks_plane_from_low_address_bits(void **state)
{
	struct fixture *f = *state;
	seq(f, VGA_SEQ_MEM_MODE, 0x0E);
	seq(f, VGA_SEQ_MAP_MASK, 0x0F);
	gc(f, VGA_GC_MISC, 0x05);
	gc(f, VGA_GC_MODE, 0x40);
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xA0000, 0x44332211, 4);
	mem_write(f, 0xA0006, 0x77);
	static const uint8_t want0[4] = { 0x11, 0x22, 0x33, 0x44 };
	check_planes(f, 0, want0);
	assert_int_equal(vga_plane_peek(&f->vga, 2, 4), 0x77);
	assert_int_equal(mem_read(f, 0xA0006), 0x77);
	assert_int_equal(mem_read(f, 0xA0001), 0x22);
}

static uint16_t dispi_read(struct fixture *f, uint16_t index)
{
	bus_out(f->bus, 0x1CE, index, 2);
	return (uint16_t)bus_in(f->bus, 0x1CF, 2);
}

static void dispi_write(struct fixture *f, uint16_t index, uint16_t v)
{
	bus_out(f->bus, 0x1CE, index, 2);
	bus_out(f->bus, 0x1CF, v, 2);
}

/* A DAC entry, with the pixel mask open. */
static void dac_set(struct fixture *f, uint8_t index, uint8_t r, uint8_t g, uint8_t b)
{
	outb(f, 0x3C6, 0xFF);
	outb(f, 0x3C8, index);
	outb(f, 0x3C9, r);
	outb(f, 0x3C9, g);
	outb(f, 0x3C9, b);
}

/* DISPI's packed pixels: 8 bits through the DAC, 16 bits 5-6-5, 32 bits
 * B, G, R, X; from the virtual screen's offset. */
static void test_graphics_pixels_of_dispi_depths(void **state)
{
	struct fixture *f = *state;
	uint32_t px[8];
	gc(f, VGA_GC_MISC, 0x05);
	dispi_write(f, VBE_DISPI_INDEX_XRES, 4);
	dispi_write(f, VBE_DISPI_INDEX_YRES, 2);
	dispi_write(f, VBE_DISPI_INDEX_BPP, 32);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	assert_true(vga_graphics_drawable(&f->vga));
	static const uint8_t bgrx[8] = { 0x30, 0x20, 0x10, 0, 0x33, 0x22, 0x11, 0 };
	for (unsigned k = 0; k < 8; k++)
		mem_write(f, 0xA0000 + 4 * 4 + k, bgrx[k]);   /* row 1, pixels 0 and 1 */
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[4], 0xFF102030);
	assert_int_equal(px[5], 0xFF112233);
	dispi_write(f, VBE_DISPI_INDEX_Y_OFFSET, 1);            /* row 1 at the top */
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[0], 0xFF102030);
	dispi_write(f, VBE_DISPI_INDEX_Y_OFFSET, 0);

	dispi_write(f, VBE_DISPI_INDEX_ENABLE, 0);
	dispi_write(f, VBE_DISPI_INDEX_BPP, 16);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_NOCLEARMEM);
	mem_write(f, 0xA0000, 0x1F);                            /* blue 31 */
	mem_write(f, 0xA0001, 0xF8);                            /* red 31 */
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[0], 0xFFF800F8);

	dispi_write(f, VBE_DISPI_INDEX_ENABLE, 0);
	dispi_write(f, VBE_DISPI_INDEX_BPP, 8);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_NOCLEARMEM);
	dac_set(f, 7, 0x3F, 0x00, 0x15);
	mem_write(f, 0xA0002, 7);
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[2], 0xFFFF0055);                    /* 6-bit DAC scaled to 8 */
}

/* VGA's 256-colour mode (13h): chain 4, a byte a pixel through the DAC,
 * 320x200 from the CRTC's registers. */
static void test_graphics_pixels_of_vga_256_colours(void **state)
{
	struct fixture *f = *state;
	uint32_t *px = calloc(320 * 200, sizeof(*px));
	outb(f, 0x3C2, 0x63);               /* CRTC at 0x3D4 */
	seq(f, VGA_SEQ_CLOCKING, 0x09);     /* 8 dots, dot clock / 2 */
	seq(f, VGA_SEQ_MEM_MODE, 0x0E);     /* chain 4 */
	seq(f, VGA_SEQ_MAP_MASK, 0x0F);
	gc(f, VGA_GC_MODE, 0x40);           /* 256-colour shift */
	gc(f, VGA_GC_MISC, 0x05);
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	crtc(f, VGA_CRTC_H_DISP_END, 79);
	crtc(f, VGA_CRTC_V_DISP_END, 0x8F);
	crtc(f, VGA_CRTC_OVERFLOW, 0x1F);   /* bit 8 of the display end: 399 */
	crtc(f, VGA_CRTC_MAX_SCAN, 0x41);   /* two scan lines a row */
	crtc(f, VGA_CRTC_OFFSET, 40);
	crtc(f, VGA_CRTC_UNDERLINE, 0x40);  /* doubleword */
	crtc(f, VGA_CRTC_MODE, 0xA3);
	attr(f, VGA_ATTR_MODE, 0x41);
	unsigned w, h, bpp;
	vga_graphics_size(&f->vga, &w, &h, &bpp);
	assert_int_equal(w, 320);
	assert_int_equal(h, 200);
	assert_int_equal(bpp, 8);
	dac_set(f, 0x42, 0x00, 0x3F, 0x00);
	mem_write(f, 0xA0000 + 3 * 320 + 5, 0x42);
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[3 * 320 + 5], 0xFF00FF00);
	assert_int_equal(px[3 * 320 + 6], vga_dac_rgb(&f->vga, 0) | 0xFF000000u);
	free(px);
}

/* VGA's planar 16-colour mode (12h): a bit a pixel from each plane, the
 * index through the colour plane enable, the palette and the DAC. */
static void test_graphics_pixels_of_vga_planar_16_colours(void **state)
{
	struct fixture *f = *state;
	uint32_t *px = calloc(640 * 480, sizeof(*px));
	outb(f, 0x3C2, 0x63);               /* CRTC at 0x3D4 */
	seq(f, VGA_SEQ_CLOCKING, 0x01);
	seq(f, VGA_SEQ_MEM_MODE, 0x06);
	gc(f, VGA_GC_MISC, 0x05);
	crtc(f, VGA_CRTC_H_DISP_END, 79);
	crtc(f, VGA_CRTC_V_DISP_END, 0xDF);
	crtc(f, VGA_CRTC_OVERFLOW, 0x02);   /* 0x1DF: 480 lines */
	crtc(f, VGA_CRTC_MAX_SCAN, 0x40);
	crtc(f, VGA_CRTC_OFFSET, 40);
	crtc(f, VGA_CRTC_MODE, 0xE3);       /* byte mode */
	attr(f, VGA_ATTR_MODE, 0x01);
	for (uint8_t k = 0; k < 16; k++)
		attr(f, k, k);
	attr(f, 0x12, 0x0F);                /* all planes */
	dac_set(f, 11, 0x3F, 0x3F, 0x00);
	vga_plane_poke(&f->vga, 0, 80 + 1, 0x80);   /* row 1, pixel 8: 1 + 2 + 8 */
	vga_plane_poke(&f->vga, 1, 80 + 1, 0x80);
	vga_plane_poke(&f->vga, 3, 80 + 1, 0x80);
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[640 + 8], 0xFFFFFF00);
	assert_int_equal(px[640 + 9], vga_text_rgb(&f->vga, 0) | 0xFF000000u);
	attr(f, 0x12, 0x07);                /* plane 3 disabled: index 3 */
	assert_true(vga_graphics_pixels(&f->vga, px));
	assert_int_equal(px[640 + 8], vga_text_rgb(&f->vga, 3) | 0xFF000000u);
	free(px);
}

static void test_dispi_handshake_caps_and_memory_size(void **state)
{
	struct fixture *f = *state;
	dispi_write(f, VBE_DISPI_INDEX_ID, VBE_DISPI_ID0);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_ID), VBE_DISPI_ID0);
	dispi_write(f, VBE_DISPI_INDEX_ID, 0x1234);   /* not an ID: ignored */
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_ID), VBE_DISPI_ID0);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_VIDEO_MEMORY_64K), 4);
	dispi_write(f, VBE_DISPI_INDEX_XRES, 640);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_GETCAPS);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_XRES), 1024);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_BPP), 32);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, 0);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_XRES), 640);
}

static void test_dispi_mode_banks_linear_memory_into_the_window(void **state)
{
	struct fixture *f = *state;
	vga_plane_poke(&f->vga, 0, 0, 0x5A);
	gc(f, VGA_GC_MISC, 0x05);
	dispi_write(f, VBE_DISPI_INDEX_XRES, 320);
	dispi_write(f, VBE_DISPI_INDEX_YRES, 200);
	dispi_write(f, VBE_DISPI_INDEX_BPP, 8);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
	assert_int_equal(vga_plane_peek(&f->vga, 0, 0), 0);   /* cleared */
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_VIRT_WIDTH), 320);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_VIRT_HEIGHT), 0x40000 / 320);
	dispi_write(f, VBE_DISPI_INDEX_BANK, 5);               /* 4 banks: 5 is 1 */
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_BANK), 1);
	mem_write(f, 0xA0010, 0xAB);
	/* Linear byte 0x10010 is plane 0, plane offset 0x4004. */
	assert_int_equal(vga_plane_peek(&f->vga, 0, 0x4004), 0xAB);
	assert_int_equal(mem_read(f, 0xA0010), 0xAB);
	assert_int_equal(vga_display_mode(&f->vga), VGA_DISPLAY_GRAPHICS);
	dispi_write(f, VBE_DISPI_INDEX_ENABLE, 0);
	assert_int_equal(dispi_read(f, VBE_DISPI_INDEX_BANK), 0);
}

/* The registers the VGA BIOS programs for mode 3 (80x25, 9x16 cells),
 * and odd/even access to 0xB8000. */
static void text_mode_3(struct fixture *f)
{
	outb(f, 0x3C2, 0x67);
	seq(f, VGA_SEQ_CLOCKING, 0x00);
	seq(f, VGA_SEQ_MAP_MASK, 0x03);
	seq(f, VGA_SEQ_MEM_MODE, 0x02);
	gc(f, VGA_GC_MODE, 0x10);
	gc(f, VGA_GC_MISC, 0x0E);
	gc(f, VGA_GC_BIT_MASK, 0xFF);
	crtc(f, VGA_CRTC_H_DISP_END, 0x4F);
	crtc(f, VGA_CRTC_OVERFLOW, 0x1F);
	crtc(f, VGA_CRTC_MAX_SCAN, 0x4F);
	crtc(f, VGA_CRTC_CURSOR_START, 0x0D);
	crtc(f, VGA_CRTC_CURSOR_END, 0x0E);
	crtc(f, VGA_CRTC_V_DISP_END, 0x8F);
	crtc(f, VGA_CRTC_OFFSET, 0x28);
	crtc(f, VGA_CRTC_UNDERLINE, 0x1F);
	crtc(f, VGA_CRTC_MODE, 0xA3);
	attr(f, VGA_ATTR_MODE, 0x0C);
	outb(f, 0x3C0, VGA_ATTR_PAS);
}

static void put_text(struct fixture *f, unsigned row, unsigned col, const char *s, uint8_t a)
{
	for (uint32_t at = 0xB8000 + (row * 80 + col) * 2; *s; s++, at += 2)
		bus_write(f->bus, BUS_VIEW_NORMAL, at, (uint8_t)*s | (uint32_t)a << 8, 2);
}

static char *dump(struct fixture *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	vga_dump_text(&f->vga, out);
	fclose(out);
	return text;
}

static void test_text_snapshot_reads_cells_and_cursor(void **state)
{
	struct fixture *f = *state;
	text_mode_3(f);
	put_text(f, 0, 0, "Hello", 0x07);
	put_text(f, 24, 79, "!", 0x4E);
	crtc(f, VGA_CRTC_CURSOR_HI, 0);
	crtc(f, VGA_CRTC_CURSOR_LO, 81);
	struct vga_text_screen *s = malloc(sizeof(*s));
	assert_true(vga_text_snapshot(&f->vga, s));
	assert_int_equal(s->cols, 80);
	assert_int_equal(s->rows, 25);
	assert_int_equal(s->char_width, 9);
	assert_int_equal(s->char_height, 16);
	assert_true(s->blink);
	assert_false(s->blanked);
	assert_int_equal(s->cell[0][1].ch, 'e');
	assert_int_equal(s->cell[0][1].attr, 0x07);
	assert_int_equal(s->cell[24][79].ch, '!');
	assert_int_equal(s->cell[24][79].attr, 0x4E);
	assert_true(s->cursor.visible);
	assert_int_equal(s->cursor.row, 1);
	assert_int_equal(s->cursor.col, 1);
	assert_int_equal(s->cursor.start, 13);
	assert_int_equal(s->cursor.end, 14);
	/* A start address one row on scrolls the screen. */
	crtc(f, VGA_CRTC_START_LO, 80);
	assert_true(vga_text_snapshot(&f->vga, s));
	assert_int_equal(s->cell[23][79].ch, '!');
	assert_int_equal(s->cursor.row, 0);
	free(s);
}

static void test_dump_writes_rows_trimmed_with_cp437_as_utf8(void **state)
{
	struct fixture *f = *state;
	text_mode_3(f);
	put_text(f, 0, 0, "Hello  ", 0x07);
	put_text(f, 1, 0, "\xC9\xCD\xBB", 0x07);   /* box corners and a line */
	put_text(f, 1, 4, "x", 0x07);               /* column 3 stays NUL: a space */
	char *text = dump(f);
	const char *want_start = "Hello\n\xE2\x95\x94\xE2\x95\x90\xE2\x95\x97 x\n\n";
	if (strncmp(text, want_start, strlen(want_start)) != 0)
		fail_msg("dump starts \"%.40s\"", text);
	unsigned lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 25);
	free(text);
}

static void test_dump_says_when_there_is_no_text(void **state)
{
	struct fixture *f = *state;
	char *text = dump(f);
	assert_string_equal(text, "(the VGA display is not programmed)\n");
	free(text);
	text_mode_3(f);
	attr(f, VGA_ATTR_MODE, 0x01);     /* as mode 12h: one scan line a row */
	gc(f, VGA_GC_MISC, 0x05);
	crtc(f, VGA_CRTC_MAX_SCAN, 0x40);
	text = dump(f);
	assert_string_equal(text, "(the VGA adapter is in a 640x400 graphics mode with 4 bits a pixel)\n");
	free(text);
}

static void test_text_colors_go_through_palette_and_dac(void **state)
{
	struct fixture *f = *state;
	attr(f, 0x01, 0x39);          /* color 1 shows DAC entry 0x39 */
	outb(f, 0x3C6, 0xFF);
	outb(f, 0x3C8, 0x39);
	outb(f, 0x3C9, 0x3F);
	outb(f, 0x3C9, 0x15);
	outb(f, 0x3C9, 0x00);
	assert_int_equal(vga_text_rgb(&f->vga, 1), 0xFF5500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_registers_read_back_their_implemented_bits),
		T(test_crtc_ports_follow_misc_color_bit),
		T(test_crtc_protect_bit_guards_cr00_to_cr07),
		T(test_attribute_flip_flop_resets_on_input_status_read),
		T(test_dac_takes_triples_with_auto_increment),
		T(test_input_status_retrace_follows_guest_time),
		T(test_memory_map_select_opens_part_of_the_window),
		T(test_write_mode_0_set_reset_rotate_xor_bit_mask),
		T(test_write_mode_1_copies_the_latches),
		T(test_write_mode_2_expands_color_through_and),
		T(test_write_mode_3_masks_set_reset_with_rotated_data),
		T(test_map_mask_limits_the_planes_written),
		T(test_read_mode_0_returns_the_read_map),
		T(test_read_mode_1_compares_colors),
		T(test_odd_even_sends_odd_bytes_to_plane_1),
		T(test_chain_4_picks_plane_from_low_address_bits),
		T(test_dispi_handshake_caps_and_memory_size),
		T(test_dispi_mode_banks_linear_memory_into_the_window),
		T(test_text_snapshot_reads_cells_and_cursor),
		T(test_dump_writes_rows_trimmed_with_cp437_as_utf8),
		T(test_dump_says_when_there_is_no_text),
		T(test_text_colors_go_through_palette_and_dac),
		T(test_graphics_pixels_of_dispi_depths),
		T(test_graphics_pixels_of_vga_256_colours),
		T(test_graphics_pixels_of_vga_planar_16_colours),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
