/* smmbox's side of the host comparisons (emulator.h). */
#include <stdio.h>
#include <stdlib.h>

#include "tests/simd/emulator.h"
#include "tests/simd/host-jit.h"

void emulator_new(struct emulator *e)
{
	e->ram = calloc(1, EMULATOR_RAM_SIZE);
	e->bus = bus_new();
	if (!e->ram || !e->bus ||
	    bus_add_ram(e->bus, "ram", 0, EMULATOR_RAM_SIZE, 0, BUS_VIS_ALL, e->ram) < 0) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	e->cpu = cpu_new(e->bus);
}

void emulator_start(struct emulator *e, const uint8_t *code, unsigned len)
{
	for (unsigned k = 0; k < len; k++)
		bus_write(e->bus, BUS_VIEW_NORMAL, CODE_AT + k, code[k], 1);
	struct cpu *cpu = e->cpu;
	cpu_reset(cpu);
	cpu->seg[S_CS].sel = 0;
	cpu->seg[S_CS].base = 0;
	cpu->eip = CODE_AT;
	cpu_state_changed(cpu);
}

int simd_tests_main(const struct tap_tests *t, struct emulator *e, int argc, char **argv)
{
#ifdef HOST_JIT
	if (!host_jit_init())
		return tap_main(t, "no executable memory for the host's side", argc, argv);
	emulator_new(e);
	int status = tap_main(t, NULL, argc, argv);
	cpu_free(e->cpu);
	bus_free(e->bus);
	free(e->ram);
	return status;
#else
	(void)e;
	return tap_main(t, "the host is not x86-64", argc, argv);
#endif
}
