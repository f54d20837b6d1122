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

int fixture_setup_ram_machine(void **state)
{
	struct ram_machine *rm = calloc(1, sizeof(*rm));
	assert_non_null(rm);
	fixture_ram_machine(rm, FIXTURE_RAM);
	*state = rm;
	return 0;
}

int fixture_teardown_ram_machine(void **state)
{
	fixture_ram_machine_free(*state);
	free(*state);
	return 0;
}

void fixture_start_flat32(struct cpu *cpu, uint32_t eip)
{
	const uint16_t flat = SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_DB | SEG_ATTR_G;
	cpu->cr0 |= CR0_PE;
	for (unsigned s = 0; s < S_COUNT; s++)
		cpu->seg[s] = (struct cpu_segment){ 0x10, flat | 0x3, 0, 0xFFFFFFFFu };
	cpu->seg[S_CS] = (struct cpu_segment){ 0x08, flat | 0xB, 0, 0xFFFFFFFFu };
	cpu->cpl = 0;
	cpu->eip = eip;
	cpu->halted = false;
	cpu_state_changed(cpu);
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
