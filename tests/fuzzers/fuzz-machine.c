/* The harnesses' machine; see fuzz-machine.h. */
#include "tests/fuzzers/fuzz-machine.h"

#include <stdio.h>
#include <stdlib.h>

#include "cpu/model.h"

static struct fuzz_machine the_machine;

struct fuzz_machine *fuzz_machine_get(unsigned ram_mb)
{
	struct fuzz_machine *fm = &the_machine;
	if (fm->m)
		return fm;
	static char rom[4096];
	const char *top = getenv("SMMBOX_TOP_BUILDDIR");
	snprintf(rom, sizeof(rom), "%s/tests/roms/hello.bin", top ? top : FUZZ_TOP_BUILDDIR);
	/* The default CPU model's machine: its local APIC too, so that guest
	 * code reaches the APIC page. */
	fm->cfg = (struct board_config){ .bios_path = rom, .ram_mb = ram_mb,
					 .rtc_base = 946684800,
					 .local_apic = (cpu_model_default()->features & CPUID_APIC) != 0 };
	fm->m = machine_new(&fm->cfg);
	if (!fm->m || !(fm->power_on = machine_snapshot(fm->m))) {
		fprintf(stderr, "fuzz: cannot build the machine from %s\n", rom);
		exit(1);
	}
	fm->m->no_reboot = true;
	return fm;
}

void fuzz_machine_reset(struct fuzz_machine *fm)
{
	fm->m->cpu->events = NULL;
	machine_restore(fm->m, fm->power_on);
	cpu_state_changed(fm->m->cpu);
}
