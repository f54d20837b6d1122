/* What several unit tests set up the same way: a CPU on a bus of plain
 * RAM, a real-mode start, and the path of a test ROM the build made. */
#ifndef SMMBOX_TESTS_UNIT_FIXTURE_H
#define SMMBOX_TESTS_UNIT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "mem/bus.h"

/* A new bus with ram_size bytes of zeroed RAM at 0 seen in every view
 * (priority 0, so a test may lay other regions over it), and a CPU on it
 * at reset.  Aborts the test when out of memory. */
struct ram_machine {
	struct bus *bus;
	struct cpu *cpu;
	uint8_t *ram;
};
void fixture_ram_machine(struct ram_machine *out, uint32_t ram_size);
void fixture_ram_machine_free(struct ram_machine *rm);

/* cmocka setup and teardown of a ram_machine with FIXTURE_RAM bytes of
 * RAM, as *state. */
#define FIXTURE_RAM (8u << 20)
int fixture_setup_ram_machine(void **state);
int fixture_teardown_ram_machine(void **state);

/* Flat 32-bit protected mode at CPL 0 at eip: CS 0x08 (code) and the
 * data segments 0x10, all base 0 and 4 GiB, from their caches only (no
 * GDT is read). */
void fixture_start_flat32(struct cpu *cpu, uint32_t eip);

/* Real mode at 0000:eip with CS, DS and SS at segment 0 and ESP esp. */
void fixture_start_real(struct cpu *cpu, uint32_t eip, uint32_t esp);

/* The path of the test ROM tests/roms/NAME in the build tree
 * ($SMMBOX_TOP_BUILDDIR, which `make check` sets; "." otherwise). */
void fixture_rom_path(char *out, size_t size, const char *name);

#endif
