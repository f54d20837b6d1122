/* The CPU models: QEMU's signatures and levels for its models of the
 * same name (target/i386/cpu.c, QEMU 7.2), with the feature bits of
 * QEMU's model that this CPU implements.  Left out everywhere: VME (no
 * virtual-8086 mode extensions), DE (no I/O breakpoints; DR4/DR5 alias
 * DR6/DR7) and PSE-36 (the bus has 32 address bits, so a 4 MiB page
 * cannot reach above 4 GiB).  QEMU's `pentium` is a P55C (family 5
 * model 4), the Pentium with MMX, and so is ours: its performance
 * counters (CESR, CTR0/1 at 0x11-0x13, and its RDPMC) are not made, so
 * only the P6 models have counters. */
#include "cpu/model.h"

#include <string.h>

#define I486_FEATURES (CPUID_FPU | CPUID_PSE)
#define PENTIUM_FEATURES (I486_FEATURES | CPUID_TSC | CPUID_MSR | CPUID_MCE | CPUID_CX8 | \
			  CPUID_MMX | CPUID_APIC)
#define PENTIUM2_FEATURES (PENTIUM_FEATURES | CPUID_PAE | CPUID_SEP | CPUID_MTRR | \
			   CPUID_PGE | CPUID_MCA | CPUID_CMOV | CPUID_PAT | CPUID_FXSR)
#define PENTIUM3_FEATURES (PENTIUM2_FEATURES | CPUID_SSE)

const struct cpu_model cpu_models[] = {
	{ "486", "Intel 486 (family 4 model 8): x87, no TSC, MSRs or local APIC",
	  0x00000480u, 1, I486_FEATURES, CPU_PMU_NONE },
	{ "pentium", "Intel Pentium with MMX (P55C, family 5 model 4): TSC, MSRs, CMPXCHG8B, "
	  "local APIC", 0x00000543u, 1, PENTIUM_FEATURES, CPU_PMU_NONE },
	{ "pentium2", "Intel Pentium II (family 6 model 5): P6 with PAE, MTRRs, PAT, "
	  "SYSENTER, CMOV, FXSAVE", 0x00000652u, 2, PENTIUM2_FEATURES, CPU_PMU_P6 },
	{ "pentium3", "Intel Pentium III (family 6 model 7): a Pentium II with SSE",
	  0x00000673u, 3, PENTIUM3_FEATURES, CPU_PMU_P6 },
	{ NULL, NULL, 0, 0, 0, CPU_PMU_NONE },
};

const struct cpu_model *cpu_model_find(const char *name)
{
	for (const struct cpu_model *m = cpu_models; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

/* The Pentium III: the one of the four with SSE, which the CPU reported
 * before it had models, and one QEMU has, so that a comparison with
 * QEMU runs the same model. */
const struct cpu_model *cpu_model_default(void)
{
	return cpu_model_find("pentium3");
}
