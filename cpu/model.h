/* CPU models (`--cpu MODEL`), named as QEMU names them: each is a
 * signature, a highest CPUID leaf and the CPUID leaf-1 EDX feature bits
 * of what this CPU implements for it.  The model decides what CPUID
 * reports, which instructions exist (one the model lacks raises #UD),
 * which CR4 bits and MSRs there are, the performance counters, and whether the CPU has a local
 * APIC. */
#ifndef SMMBOX_CPU_MODEL_H
#define SMMBOX_CPU_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* CPUID leaf 1 EDX (SDM Vol.2A, CPUID, Table 3-11): the bits some model
 * implements (none has VME, DE or PSE-36: model.c). */
#define CPUID_FPU   (1u << 0)
#define CPUID_PSE   (1u << 3)
#define CPUID_TSC   (1u << 4)
#define CPUID_MSR   (1u << 5)
#define CPUID_PAE   (1u << 6)
#define CPUID_MCE   (1u << 7)
#define CPUID_CX8   (1u << 8)
#define CPUID_APIC  (1u << 9)
#define CPUID_SEP   (1u << 11)
#define CPUID_MTRR  (1u << 12)
#define CPUID_PGE   (1u << 13)
#define CPUID_MCA   (1u << 14)
#define CPUID_CMOV  (1u << 15)
#define CPUID_PAT   (1u << 16)
#define CPUID_MMX   (1u << 23)
#define CPUID_FXSR  (1u << 24)
#define CPUID_SSE   (1u << 25)

/* The performance-monitoring counters a model has (cpu/pmu.c): none,
 * or the P6 family's two (PerfEvtSel0/1, PerfCtr0/1, RDPMC, CR4.PCE). */
enum cpu_pmu_kind { CPU_PMU_NONE, CPU_PMU_P6 };

struct cpu_model {
	const char *name;         /* QEMU's -cpu name */
	const char *description;
	uint32_t signature;       /* CPUID leaf 1 EAX, and EDX after RESET */
	uint32_t max_leaf;        /* CPUID leaf 0 EAX */
	uint32_t features;        /* CPUID leaf 1 EDX */
	enum cpu_pmu_kind pmu;
};

/* The model called name, or NULL. */
const struct cpu_model *cpu_model_find(const char *name);
/* The models, in order of age, ending with a NULL name. */
extern const struct cpu_model cpu_models[];
/* What a CPU is when nobody says (pentium3). */
const struct cpu_model *cpu_model_default(void);

#endif
