/* Unit tests of the Linux loader (chipset/linux_boot.c): a bzImage made
 * up here becomes the fw_cfg items QEMU's x86_load_linux() gives, with
 * the header fields it fills in, and every image it cannot boot is
 * refused with a reason and nothing added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chipset/fw_cfg.h"
#include "chipset/linux_boot.h"
#include "mem/bus.h"

#define SETUP_SECTS 2
#define SETUP_BYTES ((SETUP_SECTS + 1) * 512)
#define PAYLOAD 1000
#define RAM (128u << 20)

struct fixture {
	struct bus *bus;
	struct fw_cfg cfg;
	uint8_t kernel[SETUP_BYTES + PAYLOAD];
	uint8_t initrd[5000];
	struct linux_image img;
	char why[200];
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A protocol 2.15 bzImage that loads high, initrd_addr_max 0x37FFFFFF,
 * command lines up to 2047 bytes; its payload bytes count up. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
	fw_cfg_attach(&f->cfg, f->bus, RAM);
	f->kernel[0x1F1] = SETUP_SECTS;
	memcpy(f->kernel + 0x202, "HdrS", 4);
	put16(f->kernel + 0x206, 0x20F);
	f->kernel[0x211] = 0x01;
	put32(f->kernel + 0x22C, 0x37FFFFFF);
	put32(f->kernel + 0x238, 2047);
	for (unsigned k = 0; k < PAYLOAD; k++)
		f->kernel[SETUP_BYTES + k] = (uint8_t)k;
	memset(f->initrd, 0x5A, sizeof(f->initrd));
	f->img = (struct linux_image){ .kernel = f->kernel, .kernel_size = sizeof(f->kernel),
				       .initrd = f->initrd, .initrd_size = sizeof(f->initrd),
				       .cmdline = "console=ttyS0 vga=ext", .ram_size = RAM };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fw_cfg_free(&f->cfg);
	bus_free(f->bus);
	free(f);
	return 0;
}

static uint32_t item32(const struct fixture *f, uint16_t key)
{
	const struct fw_cfg_item *it = fw_cfg_item(&f->cfg, key);
	assert_non_null(it);
	assert_int_equal(it->size, 4);
	return get32(it->data);
}

static const struct fw_cfg_item *item(const struct fixture *f, uint16_t key, uint32_t size)
{
	const struct fw_cfg_item *it = fw_cfg_item(&f->cfg, key);
	assert_non_null(it);
	assert_int_equal(it->size, size);
	return it;
}

static void test_bzimage_becomes_qemus_items(void **state)
{
	struct fixture *f = *state;
	assert_true(linux_boot_add(&f->cfg, &f->img, f->why, sizeof(f->why)));
	/* The initrd ends under RAM less the ACPI room, on a page. */
	uint32_t initrd_at = (RAM - LINUX_ACPI_DATA_SIZE - 1 - 5000) & ~0xFFFu;
	assert_int_equal(item32(f, FW_CFG_KERNEL_ADDR), 0x100000);
	assert_int_equal(item32(f, FW_CFG_KERNEL_SIZE), PAYLOAD);
	assert_memory_equal(item(f, FW_CFG_KERNEL_DATA, PAYLOAD)->data, f->kernel + SETUP_BYTES,
			    PAYLOAD);
	assert_int_equal(item32(f, FW_CFG_SETUP_ADDR), 0x10000);
	assert_int_equal(item32(f, FW_CFG_SETUP_SIZE), SETUP_BYTES);
	const uint8_t *setup = item(f, FW_CFG_SETUP_DATA, SETUP_BYTES)->data;
	assert_int_equal(setup[0x210], 0xB0);                    /* type_of_loader: QEMU */
	assert_int_equal(setup[0x211], 0x81);                    /* LOADED_HIGH, CAN_USE_HEAP */
	assert_int_equal(setup[0x224] | setup[0x225] << 8, 0xFE00); /* heap_end_ptr */
	assert_int_equal(get32(setup + 0x228), 0x20000);         /* cmd_line_ptr */
	assert_int_equal(setup[0x1FA] | setup[0x1FB] << 8, 0xFFFE); /* vga=ext */
	assert_int_equal(get32(setup + 0x218), initrd_at);
	assert_int_equal(get32(setup + 0x21C), 5000);
	assert_int_equal(item32(f, FW_CFG_CMDLINE_ADDR), 0x20000);
	assert_int_equal(item32(f, FW_CFG_CMDLINE_SIZE), 22);
	assert_string_equal((const char *)item(f, FW_CFG_CMDLINE_DATA, 22)->data,
			    "console=ttyS0 vga=ext");
	assert_int_equal(item32(f, FW_CFG_INITRD_ADDR), initrd_at);
	assert_int_equal(item32(f, FW_CFG_INITRD_SIZE), 5000);
	assert_memory_equal(item(f, FW_CFG_INITRD_DATA, 5000)->data, f->initrd, 5000);
}

/* A kernel's initrd_addr_max below RAM's top is where the initrd ends;
 * without an initrd there are no initrd items and the header says none. */
static void test_initrd_stays_under_initrd_addr_max(void **state)
{
	struct fixture *f = *state;
	put32(f->kernel + 0x22C, 0x01FFFFFF);
	assert_true(linux_boot_add(&f->cfg, &f->img, f->why, sizeof(f->why)));
	assert_int_equal(item32(f, FW_CFG_INITRD_ADDR), (0x01FFFFFFu - 5000) & ~0xFFFu);
	fw_cfg_free(&f->cfg);
	fw_cfg_attach(&f->cfg, f->bus, RAM);
	f->img.initrd = NULL;
	f->img.initrd_size = 0;
	assert_true(linux_boot_add(&f->cfg, &f->img, f->why, sizeof(f->why)));
	assert_null(fw_cfg_item(&f->cfg, FW_CFG_INITRD_ADDR));
	assert_int_equal(get32(fw_cfg_item(&f->cfg, FW_CFG_SETUP_DATA)->data + 0x218), 0);
}

/* Refused, adding nothing, with a reason containing WANT. */
static void refused(struct fixture *f, const char *want)
{
	unsigned before = f->cfg.nitems;
	assert_false(linux_boot_add(&f->cfg, &f->img, f->why, sizeof(f->why)));
	assert_int_equal(f->cfg.nitems, before);
	if (!strstr(f->why, want))
		fail_msg("reason \"%s\" does not say \"%s\"", f->why, want);
}

static void test_unbootable_images_are_refused(void **state)
{
	struct fixture *f = *state;
	f->img.kernel_size = 0x200;                              /* shorter than a header */
	refused(f, "not a bzImage");
	f->img.kernel_size = sizeof(f->kernel);
	f->kernel[0x202] = 'X';                                  /* no HdrS */
	refused(f, "not a bzImage");
	f->kernel[0x202] = 'H';
	put16(f->kernel + 0x206, 0x201);
	refused(f, "boot protocol 2.01");
	put16(f->kernel + 0x206, 0x20F);
	f->kernel[0x211] = 0;                                    /* a zImage, loaded low */
	refused(f, "not loaded high");
	f->kernel[0x211] = 0x01;
	f->kernel[0x1F1] = 60;                                   /* setup past the file */
	refused(f, "setup of 31232 bytes");
	f->kernel[0x1F1] = SETUP_SECTS;
	put32(f->kernel + 0x238, 10);
	refused(f, "at most 10 bytes, not 21");
	put32(f->kernel + 0x238, 2047);
	f->img.cmdline = "vga=bogus";
	refused(f, "vga=");
	f->img.cmdline = "";
	f->img.ram_size = 1u << 20;                              /* initrd over RAM */
	refused(f, "initrd of 5000 bytes does not fit");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_bzimage_becomes_qemus_items),
		T(test_initrd_stays_under_initrd_addr_max),
		T(test_unbootable_images_are_refused),
	};
#undef T
	return cmocka_run_group_tests_name("linux_boot", tests, NULL, NULL);
}
