/* Shared unit-test fixtures; see fixture.h. */
#include "tests/unit/fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

void fixture_ram_machine(struct ram_machine *out, uint32_t ram_size)
{
	out->ram = calloc(1, ram_size);
	out->bus = bus_new();
	assert_non_null(out->ram);
	assert_non_null(out->bus);
	assert_true(bus_add_ram(out->bus, "ram", 0, ram_size, 0, BUS_VIS_ALL, out->ram) >= 0);
	out->cpu = cpu_new(out->bus);
	assert_non_null(out->cpu);
}

void fixture_ram_machine_free(struct ram_machine *rm)
{
	cpu_free(rm->cpu);
	bus_free(rm->bus);
	free(rm->ram);
}

void fixture_start_real(struct cpu *cpu, uint32_t eip, uint32_t esp)
{
	cpu_load_real_segment(cpu, S_CS, 0);
	cpu_load_real_segment(cpu, S_DS, 0);
	cpu_load_real_segment(cpu, S_SS, 0);
	cpu->reg[R_ESP] = esp;
	cpu->eip = eip;
	cpu_state_changed(cpu);
}

void fixture_rom_path(char *out, size_t size, const char *name)
{
	const char *top = getenv("SMMBOX_TOP_BUILDDIR");
	snprintf(out, size, "%s/tests/roms/%s", top ? top : ".", name);
}
