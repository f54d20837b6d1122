/* The model-specific registers (SDM Vol.4, the P6 family's table, and
 * Vol.3A ch.11-12 for the MTRRs, PAT and machine-check banks; the
 * performance counters are cpu/pmu.c's): each
 * group exists when the CPU's model has the CPUID feature behind it;
 * every other index raises #GP, as the hardware does, but EFER (QEMU's,
 * below). */
#include "cpu/msr.h"

#include <string.h>

#include "cpu/model.h"
#include "cpu/pmu.h"

#define MSR_P5_MC_ADDR 0x0u
#define MSR_P5_MC_TYPE 0x1u
#define MSR_PLATFORM_ID 0x17u
#define MSR_BIOS_SIGN_ID 0x8Bu
#define MSR_MTRR_CAP 0xFEu
#define MSR_MCG_CAP 0x179u
#define MSR_MCG_STATUS 0x17Au
#define MSR_MCG_CTL 0x17Bu
#define MSR_MISC_ENABLE 0x1A0u
#define MSR_MTRR_PHYS 0x200u
#define MSR_PAT 0x277u
#define MSR_MTRR_DEF_TYPE 0x2FFu
#define MSR_MC0_CTL 0x400u
/* IA32_EFER: no model here has a bit of it (no SYSCALL, NX or long
 * mode), and yet QEMU's TCG answers it on every model with RDMSR, reading
 * 0 and ignoring writes, where the hardware would raise #GP: EDK2's SMBASE
 * relocation code (UefiCpuPkg SmmInit) reads and writes it unconditionally,
 * so OVMF boots only with it.  Modelled as QEMU has it. */
#define MSR_EFER 0xC0000080u

/* 36 physical address bits (a P6's): above them every address field's
 * bits are reserved. */
#define PHYS_MASK 0xFFFFFF000ull
/* MTRRcap: 8 variable ranges, the fixed ranges, write-combining. */
#define MTRR_CAP_VALUE (CPU_MTRR_VARIABLE | 0x100u | 0x400u)
#define MTRR_DEF_TYPE_WRITABLE 0xCFFull  /* type, FE (bit 10), E (bit 11) */
#define MTRR_MASK_VALID 0x800ull
/* MCG_CAP: five banks and MCG_CTL. */
#define MCG_CAP_VALUE (CPU_MC_BANKS | 0x100u)
#define PAT_RESET 0x0007040600070406ull
/* IA32_MISC_ENABLE: fast strings on, as QEMU has it; only that bit is
 * the guest's to change. */
#define MISC_ENABLE_FAST_STRINGS 1ull
/* IA32_APIC_BASE's bits a P6 has. */
#define APIC_BASE_WRITABLE (PHYS_MASK | APIC_BASE_ENABLE | APIC_BASE_BSP)

/* The fixed-range MTRRs' indices, in struct cpu_msrs order. */
static const uint32_t fixed_mtrr[CPU_MTRR_FIXED] = {
	0x250, 0x258, 0x259, 0x268, 0x269, 0x26A, 0x26B, 0x26C, 0x26D, 0x26E, 0x26F,
};

/* Memory types an MTRR may hold (UC, WC, WT, WP, WB); PAT also has UC-. */
static bool mtrr_type(uint64_t t)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

static bool pat_valid(uint64_t v)
{
	for (unsigned k = 0; k < 8; k++) {
		uint64_t t = (v >> (8 * k)) & 0xFF;
		if (!mtrr_type(t) && t != 7)
			return false;
	}
	return true;
}

static bool fixed_valid(uint64_t v)
{
	for (unsigned k = 0; k < 8; k++)
		if (!mtrr_type((v >> (8 * k)) & 0xFF))
			return false;
	return true;
}

static bool has(const struct cpu *cpu, uint32_t features)
{
	return (cpu->model->features & features) == features;
}

static unsigned family(const struct cpu *cpu)
{
	return (cpu->model->signature >> 8) & 0xF;
}

static int fixed_index(uint32_t index)
{
	for (int k = 0; k < CPU_MTRR_FIXED; k++)
		if (fixed_mtrr[k] == index)
			return k;
	return -1;
}

/* Where an MSR the model has is kept: NULL for the computed ones. */
static const uint64_t *stored_at(const struct cpu *cpu, uint32_t index)
{
	const struct cpu_msrs *m = &cpu->msr;
	if (has(cpu, CPUID_MTRR)) {
		if (index == MSR_MTRR_DEF_TYPE)
			return &m->mtrr_def_type;
		if (index >= MSR_MTRR_PHYS && index < MSR_MTRR_PHYS + 2 * CPU_MTRR_VARIABLE)
			return &m->mtrr_var[index - MSR_MTRR_PHYS];
		if (fixed_index(index) >= 0)
			return &m->mtrr_fixed[fixed_index(index)];
	}
	if (has(cpu, CPUID_PAT) && index == MSR_PAT)
		return &m->pat;
	if (has(cpu, CPUID_MCA)) {
		if (index == MSR_MCG_STATUS)
			return &m->mcg_status;
		if (index == MSR_MCG_CTL)
			return &m->mcg_ctl;
		if (index >= MSR_MC0_CTL && index < MSR_MC0_CTL + 4 * CPU_MC_BANKS) {
			unsigned bank = (index - MSR_MC0_CTL) / 4;
			switch ((index - MSR_MC0_CTL) % 4) {
			case 0: return &m->mc_ctl[bank];
			case 1: return &m->mc_status[bank];
			case 2: return &m->mc_addr[bank];
			default: return NULL; /* a P6 has no MCi_MISC */
			}
		}
	}
	if (has(cpu, CPUID_MTRR) && index == MSR_MISC_ENABLE)
		return &m->misc_enable;
	return NULL;
}

static uint64_t *stored(struct cpu *cpu, uint32_t index)
{
	return (uint64_t *)stored_at(cpu, index);
}

/* The MSRs that are not simply stored: the value, or false when the
 * model has no such MSR. */
static bool computed(const struct cpu *cpu, uint32_t index, uint64_t *v)
{
	bool p6 = family(cpu) == 6;
	switch (index) {
	case MSR_TSC: *v = tsc_now(cpu); return has(cpu, CPUID_TSC);
	case MSR_APIC_BASE: *v = cpu->apic_base; return has(cpu, CPUID_APIC);
	case MSR_P5_MC_ADDR: case MSR_P5_MC_TYPE: *v = 0; return has(cpu, CPUID_MCE);
	case MSR_PLATFORM_ID: *v = 0; return p6;
	case MSR_BIOS_SIGN_ID: *v = 0; return p6;   /* microcode revision 0 */
	case MSR_MTRR_CAP: *v = MTRR_CAP_VALUE; return has(cpu, CPUID_MTRR);
	case MSR_MCG_CAP: *v = MCG_CAP_VALUE; return has(cpu, CPUID_MCA);
	case MSR_SYSENTER_CS: *v = cpu->msr.sysenter_cs; return has(cpu, CPUID_SEP);
	case MSR_SYSENTER_ESP: *v = cpu->msr.sysenter_esp; return has(cpu, CPUID_SEP);
	case MSR_SYSENTER_EIP: *v = cpu->msr.sysenter_eip; return has(cpu, CPUID_SEP);
	case MSR_EFER: *v = 0; return true;
	default: return pmu_msr_peek(cpu, index, v);  /* the P6's counters, or none */
	}
}

bool cpu_msr_peek(const struct cpu *cpu, uint32_t index, uint64_t *value)
{
	if (!has(cpu, CPUID_MSR))
		return false;  /* a 486: RDMSR itself is #UD */
	const uint64_t *p = stored_at(cpu, index);
	if (p) {
		*value = *p;
		return true;
	}
	return computed(cpu, index, value);
}

/* Whether v may be written to the stored MSR at index (SDM Vol.3A
 * §11.11, §11.12.2, §15.3: reserved bits, valid memory types; a P6's
 * status and address registers take only 0). */
static bool stored_value_valid(uint32_t index, uint64_t v)
{
	if (index == MSR_MTRR_DEF_TYPE)
		return !(v & ~MTRR_DEF_TYPE_WRITABLE) && mtrr_type(v & 0xFF);
	if (index >= MSR_MTRR_PHYS && index < MSR_MTRR_PHYS + 2 * CPU_MTRR_VARIABLE) {
		if (index & 1)
			return !(v & ~(PHYS_MASK | MTRR_MASK_VALID));
		return !(v & ~(PHYS_MASK | 0xFF)) && mtrr_type(v & 0xFF);
	}
	if (fixed_index(index) >= 0)
		return fixed_valid(v);
	if (index == MSR_PAT)
		return pat_valid(v);
	if (index == MSR_MCG_CTL)
		return v == 0 || v == ~0ull;
	if (index == MSR_MISC_ENABLE)
		return !(v & ~MISC_ENABLE_FAST_STRINGS);
	if (index >= MSR_MC0_CTL && (index - MSR_MC0_CTL) % 4 != 0)
		return v == 0;
	return true;  /* MCi_CTL, MCG_STATUS's writable flags are any */
}

static bool write_computed(struct cpu *cpu, uint32_t index, uint64_t v)
{
	switch (index) {
	case MSR_TSC:
		cpu->tsc_offset = v - cpu->icount;
		return true;
	case MSR_APIC_BASE:
		if (v & ~APIC_BASE_WRITABLE)
			return false;
		/* Once globally disabled, the APIC stays so until RESET
		 * (SDM Vol.3A §10.4.3): the enable bit is not set again. */
		if (!(cpu->apic_base & APIC_BASE_ENABLE))
			v &= ~(uint64_t)APIC_BASE_ENABLE;
		cpu->apic_base = (v & ~(uint64_t)APIC_BASE_BSP) | (cpu->apic_base & APIC_BASE_BSP);
		if (cpu->apic_base_write)
			cpu->apic_base_write(cpu->apic_opaque, cpu->apic_base);
		return true;
	case MSR_BIOS_SIGN_ID:
		return true;  /* cleared before CPUID loads the revision: always 0 here */
	case MSR_EFER:
		return true;  /* no bit of it is implemented: the write changes nothing */
	case MSR_SYSENTER_CS: cpu->msr.sysenter_cs = (uint32_t)v; return true;
	case MSR_SYSENTER_ESP: cpu->msr.sysenter_esp = (uint32_t)v; return true;
	case MSR_SYSENTER_EIP: cpu->msr.sysenter_eip = (uint32_t)v; return true;
	case MSR_PERFCTR0: case MSR_PERFCTR1: case MSR_PERFEVTSEL0: case MSR_PERFEVTSEL1:
		return pmu_msr_write(cpu, index, v);
	default:
		return false;  /* read-only (MTRRcap, MCG_CAP, ...) or absent */
	}
}

bool msr_write(struct cpu *cpu, uint32_t index, uint64_t value)
{
	uint64_t *p = stored(cpu, index), old;
	if (p) {
		if (!stored_value_valid(index, value))
			return false;
		*p = value;
		return true;
	}
	if (!computed(cpu, index, &old))
		return false;
	return write_computed(cpu, index, value);
}

void msr_reset(struct cpu *cpu)
{
	memset(&cpu->msr, 0, sizeof(cpu->msr));
	cpu->msr.pat = PAT_RESET;
	cpu->msr.misc_enable = MISC_ENABLE_FAST_STRINGS;
	cpu->apic_base = APIC_BASE_DEFAULT;
}

/* Every index any model may have, with its name, for cpu_msr_at(). */
static const struct {
	uint32_t index;
	const char *name;
} msr_names[] = {
	{ MSR_P5_MC_ADDR, "P5_MC_ADDR" }, { MSR_P5_MC_TYPE, "P5_MC_TYPE" },
	{ MSR_TSC, "TSC" }, { MSR_PLATFORM_ID, "PLATFORM_ID" }, { MSR_APIC_BASE, "APIC_BASE" },
	{ MSR_BIOS_SIGN_ID, "BIOS_SIGN_ID" }, { MSR_PERFCTR0, "PERFCTR0" },
	{ MSR_PERFCTR1, "PERFCTR1" }, { MSR_MTRR_CAP, "MTRRCAP" },
	{ MSR_SYSENTER_CS, "SYSENTER_CS" }, { MSR_SYSENTER_ESP, "SYSENTER_ESP" },
	{ MSR_SYSENTER_EIP, "SYSENTER_EIP" }, { MSR_MCG_CAP, "MCG_CAP" },
	{ MSR_MCG_STATUS, "MCG_STATUS" }, { MSR_MCG_CTL, "MCG_CTL" },
	{ MSR_PERFEVTSEL0, "PERFEVTSEL0" }, { MSR_PERFEVTSEL1, "PERFEVTSEL1" },
	{ MSR_MISC_ENABLE, "MISC_ENABLE" },
	{ 0x200, "MTRR_PHYSBASE0" }, { 0x201, "MTRR_PHYSMASK0" },
	{ 0x202, "MTRR_PHYSBASE1" }, { 0x203, "MTRR_PHYSMASK1" },
	{ 0x204, "MTRR_PHYSBASE2" }, { 0x205, "MTRR_PHYSMASK2" },
	{ 0x206, "MTRR_PHYSBASE3" }, { 0x207, "MTRR_PHYSMASK3" },
	{ 0x208, "MTRR_PHYSBASE4" }, { 0x209, "MTRR_PHYSMASK4" },
	{ 0x20A, "MTRR_PHYSBASE5" }, { 0x20B, "MTRR_PHYSMASK5" },
	{ 0x20C, "MTRR_PHYSBASE6" }, { 0x20D, "MTRR_PHYSMASK6" },
	{ 0x20E, "MTRR_PHYSBASE7" }, { 0x20F, "MTRR_PHYSMASK7" },
	{ 0x250, "MTRR_FIX64K_00000" }, { 0x258, "MTRR_FIX16K_80000" },
	{ 0x259, "MTRR_FIX16K_A0000" }, { 0x268, "MTRR_FIX4K_C0000" },
	{ 0x269, "MTRR_FIX4K_C8000" }, { 0x26A, "MTRR_FIX4K_D0000" },
	{ 0x26B, "MTRR_FIX4K_D8000" }, { 0x26C, "MTRR_FIX4K_E0000" },
	{ 0x26D, "MTRR_FIX4K_E8000" }, { 0x26E, "MTRR_FIX4K_F0000" },
	{ 0x26F, "MTRR_FIX4K_F8000" }, { MSR_PAT, "PAT" }, { MSR_MTRR_DEF_TYPE, "MTRR_DEF_TYPE" },
	{ 0x400, "MC0_CTL" }, { 0x401, "MC0_STATUS" }, { 0x402, "MC0_ADDR" },
	{ 0x404, "MC1_CTL" }, { 0x405, "MC1_STATUS" }, { 0x406, "MC1_ADDR" },
	{ 0x408, "MC2_CTL" }, { 0x409, "MC2_STATUS" }, { 0x40A, "MC2_ADDR" },
	{ 0x40C, "MC3_CTL" }, { 0x40D, "MC3_STATUS" }, { 0x40E, "MC3_ADDR" },
	{ 0x410, "MC4_CTL" }, { 0x411, "MC4_STATUS" }, { 0x412, "MC4_ADDR" },
	{ MSR_EFER, "EFER" },
};

#define MSR_NAMES (sizeof(msr_names) / sizeof(msr_names[0]))

unsigned cpu_msr_count(const struct cpu *cpu)
{
	unsigned n = 0;
	uint64_t v;
	for (unsigned k = 0; k < MSR_NAMES; k++)
		n += cpu_msr_peek(cpu, msr_names[k].index, &v);
	return n;
}

uint32_t cpu_msr_at(const struct cpu *cpu, unsigned k, const char **name)
{
	uint64_t v;
	for (unsigned j = 0; j < MSR_NAMES; j++) {
		if (!cpu_msr_peek(cpu, msr_names[j].index, &v))
			continue;
		if (k-- == 0) {
			*name = msr_names[j].name;
			return msr_names[j].index;
		}
	}
	*name = NULL;
	return 0;
}
