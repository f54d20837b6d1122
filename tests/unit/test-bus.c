/* Unit tests of the bus: views and priorities, visibility, page-crossing
 * and unmapped accesses, ROM, MMIO, ports, dirty and code tracking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem/bus.h"

struct fixture {
	struct bus *bus;
	uint8_t ram[64 * 1024];
	uint8_t smram[8 * 1024];
	uint8_t rom[4096];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->bus = bus_new();
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

struct mmio_log {
	uint32_t last_offset, last_value;
	unsigned writes;
};

static uint32_t mmio_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	(void)size;
	return 0xA0000000u | offset;
}

static void mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct mmio_log *log = opaque;
	(void)size;
	log->last_offset = offset;
	log->last_value = value;
	log->writes++;
}

static const struct bus_io_ops mmio_ops = { mmio_read, mmio_write };

static void test_higher_priority_wins_overlap(void **state)
{
	struct fixture *f = *state;
	f->ram[0x1000] = 0x11;
	f->smram[0] = 0x22;
	bus_add_ram(f->bus, "ram", 0, sizeof(f->ram), 0, BUS_VIS_ALL, f->ram);
	bus_add_ram(f->bus, "hi", 0x1000, 0x1000, 5, BUS_VIS_ALL, f->smram);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x1000, 1), 0x22);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x2000, 1), f->ram[0x2000]);
}

/* The design's core case: SMRAM over the VGA window, seen only in SMM. */
static void test_views_split_smram_from_mmio(void **state)
{
	struct fixture *f = *state;
	struct mmio_log log = { 0 };
	bus_add_mmio(f->bus, "vga", 0xA000, 0x2000, 1, BUS_VIS_NORMAL, &mmio_ops, &log);
	int sm = bus_add_ram(f->bus, "smram", 0xA000, 0x2000, 2, BUS_VIS_SMM, f->smram);
	f->smram[4] = 0x5A;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, 0xA004, 1), 0x5A);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_CODE, 0xA004, 1), 0x5A);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xA004, 4), 0xA0000004u);
	/* D_CLS: SMM data goes to MMIO while SMM code still sees SMRAM. */
	bus_set_visibility(f->bus, sm, BUS_VIS_SMM_CODE);
	bus_set_visibility(f->bus, 1, BUS_VIS_NORMAL | BUS_VIS_SMM_DATA);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_CODE, 0xA004, 1), 0x5A);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_SMM_DATA, 0xA004, 4), 0xA0000004u);
	bus_write(f->bus, BUS_VIEW_SMM_DATA, 0xA010, 0x77, 1);
	assert_int_equal(log.writes, 1);
	assert_int_equal(log.last_offset, 0x10);
	assert_int_equal(f->smram[0x10], 0);
}

static void test_unmapped_reads_all_ones_and_writes_dropped(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x123456, 4), 0xFFFFFFFFu);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x123456, 2), 0xFFFF);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x123456, 1), 0xFF);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x123456, 0, 4);
	assert_int_equal(f->bus->stats.unmapped_reads, 3);
	assert_int_equal(f->bus->stats.unmapped_writes, 1);
}

static void test_access_crossing_pages_into_unmapped(void **state)
{
	struct fixture *f = *state;
	bus_add_ram(f->bus, "ram", 0, 0x1000, 0, BUS_VIS_ALL, f->ram);
	f->ram[0xFFE] = 0x34;
	f->ram[0xFFF] = 0x12;
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0xFFE, 4), 0xFFFF1234u);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xFFF, 0xAABBCCDDu, 4);
	assert_int_equal(f->ram[0xFFF], 0xDD);
	assert_int_equal(f->bus->stats.unmapped_writes, 3);
}

static void test_rom_ignores_writes(void **state)
{
	struct fixture *f = *state;
	f->rom[8] = 0xC3;
	bus_add_rom(f->bus, "rom", 0xFFFFF000u, 0x1000, 0, BUS_VIS_ALL, f->rom);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0xFFFFF008u, 0x90, 1);
	assert_int_equal(f->rom[8], 0xC3);
	assert_int_equal(f->bus->stats.rom_writes, 1);
	assert_null(bus_page(f->bus, BUS_VIEW_NORMAL, 0xFFFFF008u)->host_w);
}

static void test_dirty_records_the_writing_view(void **state)
{
	struct fixture *f = *state;
	int id = bus_add_ram(f->bus, "ram", 0, sizeof(f->ram), 0, BUS_VIS_ALL, f->ram);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x2004, 1, 1);
	bus_write(f->bus, BUS_VIEW_SMM_DATA, 0x3004, 1, 1);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x3008, 1, 1);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x2000), BUS_DIRTY_NORMAL);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x3000), BUS_DIRTY_NORMAL | BUS_DIRTY_SMM);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x4000), 0);
	uint32_t gen = f->bus->generation;
	bus_dirty_clear(f->bus, id);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x3000), 0);
	assert_true(f->bus->generation != gen);
}

struct code_log {
	const uint8_t *page;
	unsigned calls;
};

static void on_code_write(void *opaque, const uint8_t *host_page)
{
	struct code_log *log = opaque;
	log->page = host_page;
	log->calls++;
}

static void test_write_to_code_page_notifies_once(void **state)
{
	struct fixture *f = *state;
	struct code_log log = { 0 };
	bus_add_ram(f->bus, "ram", 0, sizeof(f->ram), 0, BUS_VIS_ALL, f->ram);
	bus_set_code_listener(f->bus, on_code_write, &log);
	bus_set_code(f->bus, BUS_VIEW_NORMAL, 0x5000, true);
	assert_true(bus_is_code(f->bus, BUS_VIEW_NORMAL, 0x5123));
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x5123, 0x90, 1);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x5124, 0x90, 1);
	assert_int_equal(log.calls, 1);
	assert_ptr_equal(log.page, f->ram + 0x5000);
	assert_false(bus_is_code(f->bus, BUS_VIEW_NORMAL, 0x5000));
	bus_set_code(f->bus, BUS_VIEW_NORMAL, 0x5000, true);
	uint8_t b = 0xCC;
	bus_poke(f->bus, BUS_VIEW_NORMAL, 0x5FFF, &b, 1);
	assert_int_equal(log.calls, 2);
	assert_int_equal(f->ram[0x5FFF], 0xCC);
}

/* A region's owner changing its bytes (a flash programming its array)
 * drops the decoded code of exactly the pages it touched that held some,
 * and marks nothing dirty. */
static void test_region_changed_drops_code_of_touched_pages(void **state)
{
	struct fixture *f = *state;
	struct code_log log = { 0 };
	uint32_t base = 0xFFFF0000u;
	static uint8_t flash[0x4000];
	int id = bus_add_rom(f->bus, "flash", base, sizeof(flash), 0, BUS_VIS_ALL, flash);
	bus_set_code_listener(f->bus, on_code_write, &log);
	bus_set_code(f->bus, BUS_VIEW_NORMAL, base + 0x1000, true);
	bus_set_code(f->bus, BUS_VIEW_NORMAL, base + 0x3000, true);
	bus_region_changed(f->bus, id, 0x0FF0, 0x10); /* page 0 only: no code there */
	assert_int_equal(log.calls, 0);
	bus_region_changed(f->bus, id, 0x0FFF, 2); /* pages 0 and 1 */
	assert_int_equal(log.calls, 1);
	assert_ptr_equal(log.page, flash + 0x1000);
	assert_false(bus_is_code(f->bus, BUS_VIEW_NORMAL, base + 0x1000));
	assert_true(bus_is_code(f->bus, BUS_VIEW_NORMAL, base + 0x3000));
	bus_region_changed(f->bus, id, 0x3000, 0x10000); /* clipped at the region's end */
	assert_int_equal(log.calls, 2);
	assert_ptr_equal(log.page, flash + 0x3000);
	bus_region_changed(f->bus, id, 0x3000, 0);
	assert_int_equal(log.calls, 2);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x1000), 0);
}

/* Putting back the pages written since the dirty bits were cleared: only
 * those, from the copy, dropping decoded code on the way. */
static void test_dirty_restore_puts_back_only_written_pages(void **state)
{
	struct fixture *f = *state;
	struct code_log log = { 0 };
	int id = bus_add_ram(f->bus, "ram", 0, sizeof(f->ram), 0, BUS_VIS_ALL, f->ram);
	bus_set_code_listener(f->bus, on_code_write, &log);
	static uint8_t copy[sizeof(((struct fixture *)0)->ram)];
	memset(f->ram, 0x11, sizeof(f->ram));
	memcpy(copy, f->ram, sizeof(copy));
	bus_dirty_clear(f->bus, id);
	bus_write(f->bus, BUS_VIEW_NORMAL, 0x3004, 0x22, 1);
	bus_write(f->bus, BUS_VIEW_SMM_DATA, 0x7FFF, 0x33, 1);
	bus_set_code(f->bus, BUS_VIEW_NORMAL, 0x7000, true);
	f->ram[0x9000] = 0x44; /* not through the bus: not known to be written */
	uint32_t generation = f->bus->generation;
	assert_int_equal(bus_dirty_restore(f->bus, id, copy), 2);
	assert_int_equal(f->ram[0x3004], 0x11);
	assert_int_equal(f->ram[0x7FFF], 0x11);
	assert_int_equal(f->ram[0x9000], 0x44);
	assert_int_equal(log.calls, 1);
	assert_ptr_equal(log.page, f->ram + 0x7000);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x3000), 0);
	assert_true(f->bus->generation != generation);
	assert_int_equal(bus_dirty_restore(f->bus, id, copy), 0);
}

static void test_peek_has_no_side_effects(void **state)
{
	struct fixture *f = *state;
	struct mmio_log log = { 0 };
	int id = bus_add_ram(f->bus, "ram", 0, 0x2000, 0, BUS_VIS_ALL, f->ram);
	bus_add_mmio(f->bus, "dev", 0x2000, 0x1000, 0, BUS_VIS_ALL, &mmio_ops, &log);
	f->ram[0x1FFF] = 0x42;
	uint8_t out[2];
	assert_int_equal(bus_peek(f->bus, BUS_VIEW_NORMAL, 0x1FFF, out, 2), 1);
	assert_int_equal(out[0], 0x42);
	assert_int_equal(out[1], 0xFF);
	assert_int_equal(bus_dirty_get(f->bus, id, 0x1000), 0);
	assert_int_equal(f->bus->stats.unmapped_reads, 0);
}

static uint32_t port_read(void *opaque, uint32_t offset, unsigned size)
{
	(void)opaque;
	return offset * 0x10 + size;
}

static const struct bus_io_ops port_ops = { port_read, mmio_write };

static void test_ports_dispatch_and_unmapped(void **state)
{
	struct fixture *f = *state;
	struct mmio_log log = { 0 };
	bus_add_ports(f->bus, 0x70, 2, &port_ops, &log);
	assert_int_equal(bus_in(f->bus, 0x71, 1), 0x11);
	bus_out(f->bus, 0x70, 0x8F, 1);
	assert_int_equal(log.last_offset, 0);
	assert_int_equal(log.last_value, 0x8F);
	assert_int_equal(bus_in(f->bus, 0x72, 2), 0xFFFF);
	bus_out(f->bus, 0x72, 1, 1);
	assert_int_equal(f->bus->stats.unmapped_port_reads, 1);
	assert_int_equal(f->bus->stats.unmapped_port_writes, 1);
}

static void test_misaligned_region_is_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(bus_add_ram(f->bus, "bad", 0x100, 0x1000, 0, BUS_VIS_ALL, f->ram), -1);
	assert_int_equal(bus_add_ram(f->bus, "bad", 0, 0x1001, 0, BUS_VIS_ALL, f->ram), -1);
}

/* A moved region leaves its old pages to what lies under it, and a
 * snapshot's routing puts it back where it was. */
static void test_moved_region_follows_routing(void **state)
{
	struct fixture *f = *state;
	struct mmio_log log = { 0 };
	f->ram[0x2004] = 0x33;
	bus_add_ram(f->bus, "ram", 0, sizeof(f->ram), 0, BUS_VIS_ALL, f->ram);
	int m = bus_add_mmio(f->bus, "apic", 0x1000, 0x1000, 1, BUS_VIS_NORMAL, &mmio_ops, &log);
	struct bus_routing *saved = bus_routing_save(f->bus);
	bus_move_region(f->bus, m, 0x2000);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x1004, 1), f->ram[0x1004]);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x2004, 4), 0xA0000004u);
	bus_routing_restore(f->bus, saved);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x1004, 4), 0xA0000004u);
	assert_int_equal(bus_read(f->bus, BUS_VIEW_NORMAL, 0x2004, 1), 0x33);
	bus_routing_free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_higher_priority_wins_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_views_split_smram_from_mmio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmapped_reads_all_ones_and_writes_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_crossing_pages_into_unmapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rom_ignores_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty_records_the_writing_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_to_code_page_notifies_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_changed_drops_code_of_touched_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dirty_restore_puts_back_only_written_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_peek_has_no_side_effects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ports_dispatch_and_unmapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misaligned_region_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_region_follows_routing, setup, teardown),
	};
	return cmocka_run_group_tests_name("bus", tests, NULL, NULL);
}
