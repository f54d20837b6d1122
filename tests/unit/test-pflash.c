/* Unit tests of the firmware flash (chipset/pflash.c), QEMU's cfi.pflash01
 * as the PC machines make it: read array through each view, the ID and
 * CFI query modes, OVMF's probe, program, erase, write to buffer, the
 * status register, secure (SMM-only) writes, a readonly flash, the image
 * file kept up to date, and decoded code dropped when bytes change.
 * Each test has its image in a temporary file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chipset/pflash.h"

#define IMAGE_SIZE 0x10000u /* 16 blocks */

enum { N = BUS_VIEW_NORMAL, SC = BUS_VIEW_SMM_CODE, SD = BUS_VIEW_SMM_DATA, DMA = BUS_VIEW_DMA };

struct fixture {
	struct bus *bus;
	struct pflash fl;
	char path[64];
	uint32_t base;
	const uint8_t *code_page; /* the code listener's last page */
	unsigned code_calls;
};

/* The image: 16 zero bytes (as a firmware volume's zero vector), then a
 * pattern with no 0x00, 0x50 or 0x70 at offset 16. */
static uint8_t pattern(uint32_t i)
{
	return i < 16 ? 0 : (uint8_t)(i * 13 + 0x5B);
}

/* A temporary file of size bytes of the pattern, its name in f->path. */
static void make_image(struct fixture *f, uint32_t size)
{
	strcpy(f->path, "/tmp/smmbox-pflash-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	uint8_t *b = malloc(size ? size : 1);
	for (uint32_t i = 0; i < size; i++)
		b[i] = pattern(i);
	assert_int_equal(write(fd, b, size), (ssize_t)size);
	free(b);
	close(fd);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	f->fl.fd = -1;
	make_image(f, IMAGE_SIZE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pflash_close(&f->fl);
	unlink(f->path);
	bus_free(f->bus);
	free(f);
	return 0;
}

static void on_code_write(void *opaque, const uint8_t *host_page)
{
	struct fixture *f = opaque;
	f->code_page = host_page;
	f->code_calls++;
}

/* Open the fixture's image and map it at the top of the 4 GiB space. */
static void attach(struct fixture *f, bool readonly, bool secure)
{
	assert_true(pflash_open(&f->fl, f->path, readonly));
	f->base = (uint32_t)(0x100000000ull - f->fl.size);
	assert_true(pflash_attach(&f->fl, f->bus, f->base, secure, "flash"));
	bus_set_code_listener(f->bus, on_code_write, f);
}

static uint32_t rd(struct fixture *f, int view, uint32_t offset, unsigned size)
{
	return bus_read(f->bus, (enum bus_view)view, f->base + offset, size);
}

static void wr(struct fixture *f, int view, uint32_t offset, uint32_t value, unsigned size)
{
	bus_write(f->bus, (enum bus_view)view, f->base + offset, value, size);
}

/* The byte at offset of the image file. */
static uint8_t file_byte(const struct fixture *f, uint32_t offset)
{
	FILE *fp = fopen(f->path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, (long)offset, SEEK_SET), 0);
	int c = fgetc(fp);
	fclose(fp);
	assert_true(c >= 0);
	return (uint8_t)c;
}

static void poke_file(const struct fixture *f, uint32_t offset, uint8_t value)
{
	FILE *fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, (long)offset, SEEK_SET), 0);
	assert_int_equal(fputc(value, fp), value);
	fclose(fp);
}

static bool in_read_array(const struct fixture *f)
{
	return f->bus->region[f->fl.cmd_region].visibility == 0;
}

static void test_read_array_through_each_view(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	assert_int_equal(f->base, 0xFFFF0000u);
	for (int v = N; v <= SD; v++) {
		assert_int_equal(rd(f, v, 0x1234, 1), pattern(0x1234));
		assert_int_equal(rd(f, v, 0xFFFC, 4),
				 pattern(0xFFFC) | pattern(0xFFFD) << 8 | pattern(0xFFFE) << 16 |
					 (uint32_t)pattern(0xFFFF) << 24);
		assert_non_null(bus_page(f->bus, (enum bus_view)v, f->base)->host);
	}
	/* DMA never reaches the flash: unmapped, all ones. */
	assert_int_equal(rd(f, DMA, 0x1234, 4), 0xFFFFFFFFu);
	assert_int_equal(f->bus->stats.unmapped_reads, 1);
	assert_true(in_read_array(f));
}

/* Every entry of QEMU's CFI table for a 64 KiB flash of 4 KiB blocks,
 * width 1 (pflash_cfi01_fill_cfi_table); what is not listed reads 0. */
static const struct { uint8_t offset, value; } cfi_64k[] = {
	{ 0x10, 'Q' }, { 0x11, 'R' }, { 0x12, 'Y' }, { 0x13, 0x01 }, { 0x15, 0x31 },
	{ 0x1B, 0x45 }, { 0x1C, 0x55 }, { 0x1F, 0x07 }, { 0x20, 0x07 }, { 0x21, 0x0A },
	{ 0x23, 0x04 }, { 0x24, 0x04 }, { 0x25, 0x04 },
	{ 0x27, 16 },   /* log2 of 64 KiB */
	{ 0x28, 0x02 }, { 0x2A, 0x08 }, { 0x2C, 0x01 },
	{ 0x2D, 15 },   /* blocks less one, low byte; 0x2E its high byte, 0 */
	{ 0x2F, 0x10 }, /* 4096 / 256 */
	{ 0x31, 'P' }, { 0x32, 'R' }, { 0x33, 'I' }, { 0x34, '1' }, { 0x35, '0' },
	{ 0x3F, 0x01 },
};

static uint8_t cfi_expected(unsigned offset)
{
	for (size_t i = 0; i < sizeof(cfi_64k) / sizeof(cfi_64k[0]); i++)
		if (cfi_64k[i].offset == offset)
			return cfi_64k[i].value;
	return 0;
}

static void test_cfi_query_gives_qemus_table(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x5000, 0x98, 1);
	assert_false(in_read_array(f));
	for (unsigned o = 0; o < 0x100; o++)
		assert_int_equal(rd(f, N, o, 1), cfi_expected(o));
	/* QEMU takes the offset's low byte, and a wider read gives one entry. */
	assert_int_equal(rd(f, N, 0x3010, 1), 'Q');
	assert_int_equal(rd(f, N, 0x10, 4), 'Q');
	assert_int_equal(rd(f, N, 0x10, 2), 'Q');
	/* Only 0xFF leaves query mode. */
	wr(f, N, 0, 0x70, 1);
	wr(f, N, 0, 0x00, 1);
	assert_int_equal(rd(f, N, 0x11, 1), 'R');
	wr(f, N, 0, 0xFF, 1);
	assert_true(in_read_array(f));
	assert_int_equal(rd(f, N, 0x11, 1), pattern(0x11));
}

/* OVMF_VARS_4M.fd's size, 528 KiB: 132 blocks, not a power of two. */
static void test_cfi_of_ovmf_vars_size(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	make_image(f, 0x84000);
	attach(f, false, false);
	assert_int_equal(f->base, 0xFFF7C000u);
	wr(f, N, 0, 0x98, 1);
	assert_int_equal(rd(f, N, 0x27, 1), 14); /* QEMU: ctz32(0x84000) */
	assert_int_equal(rd(f, N, 0x2D, 1), 131);
	assert_int_equal(rd(f, N, 0x2E, 1), 0);
	assert_int_equal(rd(f, N, 0x2F, 1), 0x10);
}

static void test_read_id_reads_zero_everywhere(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x20, 0x90, 1);
	assert_int_equal(rd(f, N, 0, 1), 0);
	assert_int_equal(rd(f, N, 1, 1), 0);
	assert_int_equal(rd(f, N, 0x10, 4), 0);
	assert_int_equal(rd(f, SC, 0x9000, 2), 0);
	wr(f, N, 0x20, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x20, 1), pattern(0x20));
}

enum probe_result { PROBE_NONE, PROBE_RAM, PROBE_ROM, PROBE_FLASH };

/* OvmfPkg's QemuFlashDetected (QemuFlashFvbServicesRuntimeDxe/QemuFlash.c)
 * step by step, through view: the first byte of the first block that is
 * not 0x50, 0x70 or 0x00 is the probe location. */
static enum probe_result qemu_flash_detected(struct fixture *f, int view, uint32_t block)
{
	uint32_t at = 0;
	for (; at < block; at++) {
		uint8_t b = (uint8_t)rd(f, view, at, 1);
		if (b != 0x50 && b != 0x70 && b != 0x00)
			break;
	}
	if (at >= block)
		return PROBE_NONE;
	uint8_t original = (uint8_t)rd(f, view, at, 1);
	wr(f, view, at, 0x50, 1);
	uint8_t probe = (uint8_t)rd(f, view, at, 1);
	if (original != 0x50 && probe == 0x50) {
		wr(f, view, at, original, 1);
		return PROBE_RAM;
	}
	wr(f, view, at, 0x70, 1);
	probe = (uint8_t)rd(f, view, at, 1);
	if (probe == original)
		return PROBE_ROM;
	if (probe == 0x70) {
		wr(f, view, at, original, 1);
		return PROBE_RAM;
	}
	if (probe == 0x00) {
		wr(f, view, at, 0xFF, 1);
		return PROBE_FLASH;
	}
	return PROBE_NONE;
}

/* In SMM (OVMF's SMM variable driver) the secure flash is FLASH and left
 * in read array; outside SMM its writes are dropped and it is ROM. */
static void test_ovmf_probe_sees_flash_in_smm_rom_outside(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	assert_int_equal(qemu_flash_detected(f, SD, PFLASH_SECTOR_SIZE), PROBE_FLASH);
	assert_true(in_read_array(f));
	assert_int_equal(f->fl.status, 0x00);
	assert_int_equal(rd(f, SD, 16, 1), pattern(16));
	assert_int_equal(qemu_flash_detected(f, N, PFLASH_SECTOR_SIZE), PROBE_ROM);
	assert_int_equal(f->bus->stats.rom_writes, 2);
	assert_int_equal(f->fl.programs + f->fl.erases, 0);
}

static void test_program_byte_and_word(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x1234, 0x10, 1);
	assert_int_equal(rd(f, N, 0x1234, 1), 0x80); /* status */
	wr(f, N, 0x1234, 0xA5, 1);
	assert_int_equal(rd(f, N, 0x1234, 1), 0x80);
	assert_int_equal(f->fl.bytes[0x1234], 0xA5);
	wr(f, N, 0x1234, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x1234, 1), 0xA5);
	/* 0x40, a 2-byte program, little-endian; QEMU programs 1 bits too. */
	f->fl.bytes[0x2000] = 0x00;
	wr(f, N, 0x2000, 0x40, 1);
	wr(f, N, 0x2000, 0xBEEF, 2);
	wr(f, N, 0, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x2000, 2), 0xBEEF);
	assert_int_equal(f->fl.programs, 2);
	assert_int_equal(file_byte(f, 0x1234), 0xA5);
	assert_int_equal(file_byte(f, 0x2001), 0xBE);
}

/* QEMU erases the block on 0x20; 0xD0 only confirms. */
static void test_block_erase(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x1234, 0x20, 1);
	for (uint32_t o = 0x1000; o < 0x2000; o++)
		assert_int_equal(f->fl.bytes[o], 0xFF);
	assert_int_equal(f->fl.bytes[0x0FFF], pattern(0x0FFF));
	assert_int_equal(f->fl.bytes[0x2000], pattern(0x2000));
	assert_int_equal(rd(f, N, 0x1234, 1), 0x80);
	wr(f, N, 0x1234, 0xD0, 1);
	assert_int_equal(rd(f, N, 0x8000, 1), 0x80); /* status, at any address */
	wr(f, N, 0x8000, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x1000, 4), 0xFFFFFFFFu);
	/* Leaving with 0xFF instead of confirming keeps the block erased. */
	wr(f, N, 0x3000, 0x20, 1);
	wr(f, N, 0x3000, 0xFF, 1);
	assert_true(in_read_array(f));
	assert_int_equal(rd(f, N, 0x3FFF, 1), 0xFF);
	assert_int_equal(f->fl.erases, 2);
	assert_int_equal(file_byte(f, 0x3FFF), 0xFF);
}

static void test_write_to_buffer(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x4000, 0xE8, 1);
	assert_int_equal(rd(f, N, 0x4000, 1), 0x80);
	wr(f, N, 0x4000, 3, 1); /* four data writes */
	for (uint32_t i = 0; i < 4; i++)
		wr(f, N, 0x4010 + i, 0xC0 + i, 1);
	wr(f, N, 0x4000, 0xD0, 1);
	assert_int_equal(rd(f, N, 0x4000, 1), 0x80);
	wr(f, N, 0x4000, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x4010, 4), 0xC3C2C1C0u);
	assert_int_equal(file_byte(f, 0x4013), 0xC3);
	assert_int_equal(f->fl.programs, 4);
	/* Anything but 0xD0 after the data goes back to read array; the data
	 * stays written, as in QEMU. */
	wr(f, N, 0x5000, 0xE8, 1);
	wr(f, N, 0x5000, 0, 1);
	wr(f, N, 0x5000, 0x1234, 2);
	wr(f, N, 0x5000, 0x77, 1);
	assert_true(in_read_array(f));
	assert_int_equal(rd(f, N, 0x5000, 2), 0x1234);
	assert_int_equal(file_byte(f, 0x5001), 0x12);
}

static void test_status_register(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	assert_int_equal(f->fl.status, 0x80); /* reset: ready */
	wr(f, N, 0, 0x70, 1);
	assert_int_equal(rd(f, N, 0x777, 1), 0x80);
	assert_int_equal(rd(f, N, 0x776, 2), 0x0080);
	assert_int_equal(rd(f, N, 0x774, 4), 0x00800080u); /* QEMU's width 4, no device width */
	/* Unaligned: QEMU TCG's two aligned reads, or bytes for a write. */
	assert_int_equal(rd(f, N, 0x775, 2), 0x8000);
	assert_int_equal(rd(f, N, 0x775, 4), 0x80008000u);
	wr(f, N, 0, 0x50, 1);
	assert_true(in_read_array(f));
	assert_int_equal(f->fl.status, 0x00);
	wr(f, N, 0x101, 0x70FF, 2); /* 0xFF, then 0x70 */
	assert_false(in_read_array(f));
	assert_int_equal(rd(f, N, 0, 1), 0x00);
	/* Block (un)lock is accepted and sets ready. */
	wr(f, N, 0, 0x60, 1);
	wr(f, N, 0, 0x01, 1);
	assert_int_equal(rd(f, N, 0, 1), 0x80);
	/* An unknown command is read array. */
	wr(f, N, 0, 0x33, 1);
	assert_true(in_read_array(f));
	wr(f, N, 0, 0x70, 1);
	pflash_reset(&f->fl);
	assert_true(in_read_array(f));
	assert_int_equal(rd(f, N, 0x20, 1), pattern(0x20));
}

/* secure=on: a write from outside SMM is dropped by the bus as a ROM
 * write; outside SMM the flash reads as its array in every mode. */
static void test_secure_takes_writes_only_from_smm(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	wr(f, N, 0x1000, 0x20, 1);
	wr(f, N, 0x2000, 0x10, 1);
	wr(f, N, 0x2000, 0x00, 1);
	assert_int_equal(f->bus->stats.rom_writes, 3);
	assert_int_equal(f->fl.bytes[0x1000], pattern(0x1000));
	assert_int_equal(f->fl.bytes[0x2000], pattern(0x2000));
	assert_true(in_read_array(f));
	wr(f, SD, 0x2000, 0x10, 1);
	wr(f, SD, 0x2000, 0x00, 1);
	assert_int_equal(f->fl.bytes[0x2000], 0x00);
	assert_int_equal(rd(f, SD, 0x2000, 1), 0x80);
	assert_int_equal(rd(f, SC, 0x2000, 1), 0x80);
	assert_int_equal(rd(f, N, 0x2000, 1), 0x00);
	assert_int_equal(rd(f, N, 0x2001, 1), pattern(0x2001));
	assert_int_equal(file_byte(f, 0x2000), 0x00);
}

static void test_not_secure_takes_writes_from_every_cpu_view(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	wr(f, N, 0x2000, 0x10, 1);
	wr(f, N, 0x2000, 0x11, 1);
	assert_int_equal(rd(f, SD, 0x2000, 1), 0x80);
	assert_int_equal(rd(f, N, 0x2000, 1), 0x80);
	wr(f, DMA, 0x2000, 0xFF, 1);
	assert_int_equal(f->bus->stats.unmapped_writes, 1);
	assert_int_equal(rd(f, N, 0x2000, 1), 0x80);
	wr(f, SD, 0x2000, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x2000, 1), 0x11);
	assert_int_equal(f->bus->stats.rom_writes, 0);
}

/* QEMU's readonly drive: commands work, programs and erases are refused
 * with status bits 0x10 and 0x20, the bytes never change. */
static void test_readonly_flash_refuses_program_and_erase(void **state)
{
	struct fixture *f = *state;
	attach(f, true, false);
	assert_int_equal(f->fl.fd, -1);
	wr(f, N, 0x2000, 0x10, 1);
	wr(f, N, 0x2000, 0x00, 1);
	assert_int_equal(rd(f, N, 0x2000, 1), 0x90);
	wr(f, N, 0, 0x50, 1);
	wr(f, N, 0x3000, 0x20, 1);
	wr(f, N, 0x3000, 0xD0, 1);
	assert_int_equal(rd(f, N, 0, 1), 0xA0);
	wr(f, N, 0, 0xE8, 1);
	wr(f, N, 0, 0, 1);
	wr(f, N, 0x20, 0x00, 1);
	assert_int_equal(rd(f, N, 0, 1), 0xB0);
	wr(f, N, 0, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x2000, 1), pattern(0x2000));
	assert_int_equal(rd(f, N, 0x3000, 1), pattern(0x3000));
	assert_int_equal(rd(f, N, 0x20, 1), pattern(0x20));
	assert_int_equal(f->fl.refused, 3);
	assert_int_equal(f->fl.programs + f->fl.erases, 0);
	wr(f, N, 0, 0x98, 1);
	assert_int_equal(rd(f, N, 0x10, 1), 'Q');
	assert_int_equal(file_byte(f, 0x2000), pattern(0x2000));
}

/* Programs and erases reach the file, and only their bytes: a byte
 * changed in the file behind the flash's back elsewhere stays. */
static void test_file_keeps_programs_and_erases(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	poke_file(f, 0x0FFF, 0x42);
	poke_file(f, 0x2346, 0x43);
	wr(f, SD, 0x2345, 0x10, 1);
	wr(f, SD, 0x2345, 0x5A, 1);
	wr(f, SD, 0x1000, 0x20, 1);
	wr(f, SD, 0x1000, 0xD0, 1);
	wr(f, SD, 0, 0xFF, 1);
	assert_int_equal(file_byte(f, 0x0FFF), 0x42);
	assert_int_equal(file_byte(f, 0x2346), 0x43);
	pflash_close(&f->fl);
	assert_true(pflash_open(&f->fl, f->path, true));
	assert_int_equal(f->fl.bytes[0x2345], 0x5A);
	for (uint32_t o = 0x1000; o < 0x2000; o++)
		assert_int_equal(f->fl.bytes[o], 0xFF);
	assert_int_equal(f->fl.bytes[0x2000], pattern(0x2000));
	assert_int_equal(f->fl.bytes[0x0FFF], 0x42);
}

static void test_stop_file_writes_keeps_the_file(void **state)
{
	struct fixture *f = *state;
	attach(f, false, false);
	pflash_stop_file_writes(&f->fl);
	wr(f, N, 0x2345, 0x10, 1);
	wr(f, N, 0x2345, 0x5A, 1);
	wr(f, N, 0x1000, 0x20, 1);
	wr(f, N, 0, 0xFF, 1);
	assert_int_equal(rd(f, N, 0x2345, 1), 0x5A);
	assert_int_equal(rd(f, N, 0x1000, 1), 0xFF);
	assert_int_equal(file_byte(f, 0x2345), pattern(0x2345));
	assert_int_equal(file_byte(f, 0x1000), pattern(0x1000));
}

static void test_bad_images_are_refused(void **state)
{
	struct fixture *f = *state;
	static const uint32_t sizes[] = { 0, 4097, 0x1800, PFLASH_MAX_SIZE + 4096 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(truncate(f->path, sizes[i]), 0);
		assert_false(pflash_open(&f->fl, f->path, false));
		assert_null(f->fl.bytes);
		assert_int_equal(f->fl.fd, -1);
	}
	assert_int_equal(truncate(f->path, PFLASH_MAX_SIZE), 0);
	assert_true(pflash_open(&f->fl, f->path, true));
	pflash_close(&f->fl);
	assert_false(pflash_open(&f->fl, "/nonexistent/smmbox-flash.fd", true));
	assert_false(pflash_open(&f->fl, "/tmp", true));
}

/* A program or an erase drops the decoded code of the pages it changed,
 * the ROM region's pages the CPU executes from. */
static void test_program_drops_decoded_code(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	bus_set_code(f->bus, BUS_VIEW_NORMAL, f->base + 0x2000, true);
	bus_set_code(f->bus, BUS_VIEW_SMM_CODE, f->base + 0x5000, true);
	wr(f, SD, 0x2345, 0x10, 1);
	assert_int_equal(f->code_calls, 0);
	wr(f, SD, 0x2345, 0x90, 1);
	assert_int_equal(f->code_calls, 1);
	assert_ptr_equal(f->code_page, f->fl.bytes + 0x2000);
	assert_false(bus_is_code(f->bus, BUS_VIEW_NORMAL, f->base + 0x2000));
	wr(f, SD, 0x5FFF, 0x20, 1);
	assert_int_equal(f->code_calls, 2);
	assert_ptr_equal(f->code_page, f->fl.bytes + 0x5000);
}

/* The read region's views change with the mode and only then. */
static void test_views_rebuilt_only_when_the_mode_changes(void **state)
{
	struct fixture *f = *state;
	attach(f, false, true);
	uint64_t rebuilds = f->bus->stats.view_rebuilds;
	wr(f, SD, 0, 0xFF, 1);
	assert_int_equal(f->bus->stats.view_rebuilds, rebuilds);
	wr(f, SD, 0, 0x70, 1);
	assert_int_equal(f->bus->region[f->fl.cmd_region].visibility, BUS_VIS_SMM);
	assert_int_equal(f->bus->stats.view_rebuilds, rebuilds + 1);
	wr(f, SD, 0, 0x90, 1);
	wr(f, SD, 0, 0x70, 1);
	assert_int_equal(f->bus->stats.view_rebuilds, rebuilds + 1);
	wr(f, SD, 0, 0xFF, 1);
	assert_int_equal(f->bus->stats.view_rebuilds, rebuilds + 2);
	assert_true(in_read_array(f));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_read_array_through_each_view),
		T(test_cfi_query_gives_qemus_table),
		T(test_cfi_of_ovmf_vars_size),
		T(test_read_id_reads_zero_everywhere),
		T(test_ovmf_probe_sees_flash_in_smm_rom_outside),
		T(test_program_byte_and_word),
		T(test_block_erase),
		T(test_write_to_buffer),
		T(test_status_register),
		T(test_secure_takes_writes_only_from_smm),
		T(test_not_secure_takes_writes_from_every_cpu_view),
		T(test_readonly_flash_refuses_program_and_erase),
		T(test_file_keeps_programs_and_erases),
		T(test_stop_file_writes_keeps_the_file),
		T(test_bad_images_are_refused),
		T(test_program_drops_decoded_code),
		T(test_views_rebuilt_only_when_the_mode_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
