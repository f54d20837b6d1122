/* Unit tests of the CPU models and the MSRs (cpu/model.c, cpu/msr.c):
 * what CPUID reports for each model, the instructions and CR4 bits a
 * model lacks raising #UD and #GP, each MSR group's presence by model,
 * reserved bits and memory types, and SYSENTER/SYSEXIT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/core.h"
#include "cpu/model.h"
#include "cpu/msr.h"
#include "tests/unit/fixture.h"

#define CODE 0x1000u
#define VECTOR_SEEN 0x500u   /* the exception handlers write their vector here */
#define NO_EXCEPTION 0xFFu

static void use_model(struct ram_machine *rm, const char *name)
{
	const struct cpu_model *m = cpu_model_find(name);
	assert_non_null(m);
	cpu_set_model(rm->cpu, m);
}

/* Real-mode handlers for #UD, #NM and #GP: each stores its vector at
 * VECTOR_SEEN and halts. */
static void install_handlers(struct ram_machine *rm)
{
	static const uint8_t vectors[] = { VEC_UD, VEC_NM, VEC_GP };
	for (unsigned k = 0; k < sizeof(vectors); k++) {
		uint16_t at = (uint16_t)(0x2000 + 0x10 * k);
		uint8_t handler[] = { 0xC6, 0x06, VECTOR_SEEN & 0xFF, VECTOR_SEEN >> 8, vectors[k], 0xF4 };
		uint16_t entry[2] = { at, 0 };
		memcpy(rm->ram + at, handler, sizeof(handler));
		memcpy(rm->ram + 4 * vectors[k], entry, sizeof(entry));
	}
}

/* Run code (up to its HLT) in real mode: the vector of the exception it
 * raised, or NO_EXCEPTION. */
static unsigned run_code(struct ram_machine *rm, const uint8_t *code, size_t len)
{
	static const uint8_t hlt = 0xF4;
	install_handlers(rm);
	bus_poke(rm->bus, BUS_VIEW_NORMAL, CODE, code, len);  /* drops decoded blocks there */
	bus_poke(rm->bus, BUS_VIEW_NORMAL, CODE + (uint32_t)len, &hlt, 1);
	rm->ram[VECTOR_SEEN] = NO_EXCEPTION;
	rm->cpu->halted = false;
	fixture_start_real(rm->cpu, CODE, 0x8000);
	cpu_run(rm->cpu, 1000);
	return rm->ram[VECTOR_SEEN];
}

static void cpuid(struct ram_machine *rm, uint32_t leaf, uint32_t r[4])
{
	static const uint8_t code[] = { 0x0F, 0xA2 };
	rm->cpu->reg[R_EAX] = leaf;
	assert_int_equal(run_code(rm, code, sizeof(code)), NO_EXCEPTION);
	r[0] = rm->cpu->reg[R_EAX];
	r[1] = rm->cpu->reg[R_EBX];
	r[2] = rm->cpu->reg[R_ECX];
	r[3] = rm->cpu->reg[R_EDX];
}

static void test_cpuid_reports_the_model(void **state)
{
	struct ram_machine *rm = *state;
	static const struct { const char *name; uint32_t sig, max, edx; } expect[] = {
		{ "486", 0x480, 1, 0x00000009 },
		{ "pentium", 0x543, 1, 0x008003B9 },
		{ "pentium2", 0x652, 2, 0x0181FBF9 },
		{ "pentium3", 0x673, 3, 0x0381FBF9 },
	};
	for (unsigned k = 0; k < sizeof(expect) / sizeof(expect[0]); k++) {
		uint32_t r[4];
		use_model(rm, expect[k].name);
		assert_int_equal(rm->cpu->reg[R_EDX], expect[k].sig); /* EDX after RESET */
		cpuid(rm, 0, r);
		assert_int_equal(r[0], expect[k].max);
		assert_int_equal(r[1], 0x756E6547);
		cpuid(rm, 1, r);
		assert_int_equal(r[0], expect[k].sig);
		assert_int_equal(r[3], expect[k].edx);
		cpuid(rm, 2, r);  /* past the highest leaf: the highest's data */
		assert_int_equal(r[0], expect[k].max >= 2 ? 0x03020101u : expect[k].sig);
		cpuid(rm, 0x80000000u, r);
		assert_int_equal(r[0], expect[k].max == 1 ? expect[k].sig :
				 expect[k].max == 2 ? 0x03020101u : 0);
	}
	assert_string_equal(cpu_model_default()->name, "pentium3");
	assert_null(cpu_model_find("pentium4"));
}

/* An instruction's bytes and the feature it needs. */
struct needs {
	const char *what;
	uint8_t code[8];
	uint8_t len;
	uint32_t feature;
};

static void test_missing_instructions_are_ud(void **state)
{
	struct ram_machine *rm = *state;
	static const struct needs insns[] = {
		{ "rdtsc", { 0x0F, 0x31 }, 2, CPUID_TSC },
		{ "rdmsr (TSC)", { 0xB9, 0x10, 0x00, 0x0F, 0x32 }, 5, CPUID_MSR },
		{ "cmovz ax,bx", { 0x0F, 0x44, 0xC3 }, 3, CPUID_CMOV },
		{ "cmpxchg8b [0x600]", { 0x0F, 0xC7, 0x0E, 0x00, 0x06 }, 5, CPUID_CX8 },
		{ "paddb mm0,mm1", { 0x0F, 0xFC, 0xC1 }, 3, CPUID_MMX },
		{ "pavgb mm0,mm1", { 0x0F, 0xE0, 0xC1 }, 3, CPUID_SSE },
		{ "emms", { 0x0F, 0x77 }, 2, CPUID_MMX },
		{ "fcomi st0,st1", { 0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDB, 0xF1 }, 8, CPUID_CMOV },
		{ "fcmovb st0,st1", { 0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDA, 0xC1 }, 8, CPUID_CMOV },
	};
	for (const struct cpu_model *m = cpu_models; m->name; m++) {
		for (unsigned k = 0; k < sizeof(insns) / sizeof(insns[0]); k++) {
			cpu_set_model(rm->cpu, m);
			rm->cpu->reg[R_ECX] = MSR_TSC;
			unsigned seen = run_code(rm, insns[k].code, insns[k].len);
			bool has = m->features & insns[k].feature;
			if (seen != (has ? NO_EXCEPTION : VEC_UD))
				fail_msg("%s on %s: exception %u", insns[k].what, m->name, seen);
		}
	}
}

static void test_sse_needs_the_pentium3(void **state)
{
	struct ram_machine *rm = *state;
	static const uint8_t movaps[] = { 0x0F, 0x28, 0xC1 };
	static const uint8_t sfence[] = { 0x0F, 0xAE, 0xF8 };
	static const uint8_t lfence[] = { 0x0F, 0xAE, 0xE8 };
	static const uint8_t mfence[] = { 0x0F, 0xAE, 0xF0 };
	static const uint8_t fxsave[] = { 0x0F, 0xAE, 0x06, 0x00, 0x08 };
	use_model(rm, "pentium2");
	rm->cpu->cr4 = CR4_OSFXSR;  /* a Pentium II has FXSR, and so OSFXSR */
	assert_int_equal(run_code(rm, movaps, sizeof(movaps)), VEC_UD);
	assert_int_equal(run_code(rm, sfence, sizeof(sfence)), VEC_UD);
	assert_int_equal(run_code(rm, lfence, sizeof(lfence)), VEC_UD);
	assert_int_equal(run_code(rm, fxsave, sizeof(fxsave)), NO_EXCEPTION);
	use_model(rm, "pentium3");
	rm->cpu->cr4 = CR4_OSFXSR;
	assert_int_equal(run_code(rm, movaps, sizeof(movaps)), NO_EXCEPTION);
	assert_int_equal(run_code(rm, sfence, sizeof(sfence)), NO_EXCEPTION);
	assert_int_equal(run_code(rm, lfence, sizeof(lfence)), NO_EXCEPTION);  /* as QEMU */
	assert_int_equal(run_code(rm, mfence, sizeof(mfence)), VEC_UD);  /* SSE2's */
	use_model(rm, "pentium");
	assert_int_equal(run_code(rm, fxsave, sizeof(fxsave)), VEC_UD);
}

/* MOV CR4, EAX with each bit: #GP for those the model lacks. */
static void test_cr4_bits_follow_the_model(void **state)
{
	struct ram_machine *rm = *state;
	static const uint8_t mov_cr4[] = { 0x0F, 0x22, 0xE0 };
	static const struct { uint32_t bit, feature; } bits[] = {
		{ CR4_TSD, CPUID_TSC }, { CR4_PSE, CPUID_PSE }, { CR4_PAE, CPUID_PAE },
		{ CR4_MCE, CPUID_MCE }, { CR4_PGE, CPUID_PGE }, { CR4_OSFXSR, CPUID_FXSR },
		{ CR4_OSXMMEXCPT, CPUID_SSE }, { CR4_VME, 1u << 31 }, { CR4_DE, 1u << 31 },
	};
	for (const struct cpu_model *m = cpu_models; m->name; m++) {
		for (unsigned k = 0; k < sizeof(bits) / sizeof(bits[0]); k++) {
			cpu_set_model(rm->cpu, m);
			rm->cpu->reg[R_EAX] = bits[k].bit;
			unsigned seen = run_code(rm, mov_cr4, sizeof(mov_cr4));
			bool has = m->features & bits[k].feature;
			if (seen != (has ? NO_EXCEPTION : VEC_GP))
				fail_msg("CR4 bit %#x on %s: exception %u", bits[k].bit, m->name, seen);
			assert_int_equal(rm->cpu->cr4, has ? bits[k].bit : 0);
		}
	}
}

/* RDMSR of index: the value, or false after #GP. */
static bool rdmsr(struct ram_machine *rm, uint32_t index, uint64_t *v)
{
	static const uint8_t code[] = { 0x0F, 0x32 };
	rm->cpu->reg[R_ECX] = index;
	if (run_code(rm, code, sizeof(code)) != NO_EXCEPTION)
		return false;
	*v = (uint64_t)rm->cpu->reg[R_EDX] << 32 | rm->cpu->reg[R_EAX];
	return true;
}

static bool wrmsr(struct ram_machine *rm, uint32_t index, uint64_t v)
{
	static const uint8_t code[] = { 0x0F, 0x30 };
	rm->cpu->reg[R_ECX] = index;
	rm->cpu->reg[R_EAX] = (uint32_t)v;
	rm->cpu->reg[R_EDX] = (uint32_t)(v >> 32);
	return run_code(rm, code, sizeof(code)) == NO_EXCEPTION;
}

static void test_msr_groups_by_model(void **state)
{
	struct ram_machine *rm = *state;
	static const struct { uint32_t index, feature; } groups[] = {
		{ MSR_APIC_BASE, CPUID_APIC }, { 0xFE, CPUID_MTRR }, { 0x200, CPUID_MTRR },
		{ 0x26F, CPUID_MTRR }, { 0x2FF, CPUID_MTRR }, { 0x277, CPUID_PAT },
		{ MSR_SYSENTER_EIP, CPUID_SEP }, { 0x179, CPUID_MCA }, { 0x401, CPUID_MCA },
		{ 0x0, CPUID_MCE }, { 0x10, CPUID_TSC },
	};
	uint64_t v;
	for (const struct cpu_model *m = cpu_models + 1; m->name; m++) {
		for (unsigned k = 0; k < sizeof(groups) / sizeof(groups[0]); k++) {
			cpu_set_model(rm->cpu, m);
			bool has = (m->features & groups[k].feature) != 0;
			if (rdmsr(rm, groups[k].index, &v) != has)
				fail_msg("MSR %#x on %s", groups[k].index, m->name);
		}
		/* Nothing else: indices no P6 has raise #GP. */
		assert_false(rdmsr(rm, 0x403, &v));      /* MC0_MISC */
		assert_false(rdmsr(rm, 0x3A, &v));       /* FEATURE_CONTROL */
		/* EFER: as QEMU has it on every model, 0 whatever is written. */
		assert_true(wrmsr(rm, 0xC0000080, 0x801));
		assert_true(rdmsr(rm, 0xC0000080, &v));
		assert_int_equal(v, 0);
	}
	use_model(rm, "486");
	static const uint8_t code[] = { 0x0F, 0x32 };
	assert_int_equal(run_code(rm, code, sizeof(code)), VEC_UD);
}

static void test_msr_reset_values_and_read_only(void **state)
{
	struct ram_machine *rm = *state;
	uint64_t v;
	use_model(rm, "pentium3");
	assert_true(rdmsr(rm, 0xFE, &v));
	assert_int_equal(v, 0x508);                      /* 8 variable, fixed, WC */
	assert_false(wrmsr(rm, 0xFE, 0));               /* read-only */
	assert_true(rdmsr(rm, 0x179, &v));
	assert_int_equal(v, 0x105);                      /* 5 banks, MCG_CTL */
	assert_false(wrmsr(rm, 0x179, 0));
	assert_true(rdmsr(rm, 0x277, &v));
	assert_int_equal(v, 0x0007040600070406ull);      /* PAT at reset */
	assert_true(rdmsr(rm, MSR_APIC_BASE, &v));
	assert_int_equal(v, 0xFEE00900u);                /* enabled, BSP */
	assert_true(rdmsr(rm, 0x1A0, &v));
	assert_int_equal(v, 1);                          /* fast strings */
	assert_true(rdmsr(rm, 0x8B, &v));
	assert_int_equal(v, 0);
	assert_true(wrmsr(rm, 0x8B, 0));                 /* before CPUID: revision 0 */
	assert_true(rdmsr(rm, 0x17, &v));
}

static void test_mtrr_and_pat_values_checked(void **state)
{
	struct ram_machine *rm = *state;
	uint64_t v;
	use_model(rm, "pentium2");
	assert_true(wrmsr(rm, 0x2FF, 0xC06));            /* E, FE, WB */
	assert_false(wrmsr(rm, 0x2FF, 0xC02));           /* type 2 is reserved */
	assert_false(wrmsr(rm, 0x2FF, 0x1006));          /* bit 12 reserved */
	assert_true(rdmsr(rm, 0x2FF, &v));
	assert_int_equal(v, 0xC06);
	assert_true(wrmsr(rm, 0x200, 0xF0000006ull));    /* base, WB */
	assert_false(wrmsr(rm, 0x200, 0x1000000006ull)); /* above 36 bits */
	assert_false(wrmsr(rm, 0x200, 0x106));           /* bits 11:8 reserved */
	assert_true(wrmsr(rm, 0x201, 0xFF0000800ull));   /* mask, valid */
	assert_false(wrmsr(rm, 0x201, 0xFF0000801ull));  /* bits 10:0 reserved */
	assert_true(wrmsr(rm, 0x250, 0x0606060606060606ull));
	assert_false(wrmsr(rm, 0x250, 0x0606060606060603ull));
	assert_true(rdmsr(rm, 0x250, &v));
	assert_int_equal(v, 0x0606060606060606ull);
	assert_true(wrmsr(rm, 0x277, 0x0007010600070106ull));
	assert_false(wrmsr(rm, 0x277, 0x0007010600070108ull)); /* type 8 */
	assert_false(wrmsr(rm, 0x277, 0x0007010600070126ull)); /* bits 7:3 */
	/* machine check banks: status and address take only 0, MCG_CTL all or nothing */
	assert_true(wrmsr(rm, 0x400, 0x1234));
	assert_true(wrmsr(rm, 0x401, 0));
	assert_false(wrmsr(rm, 0x401, 1));
	assert_false(wrmsr(rm, 0x402, 1));
	assert_true(wrmsr(rm, 0x17B, ~0ull));
	assert_false(wrmsr(rm, 0x17B, 1));
	assert_false(wrmsr(rm, 0x1A0, 2));
	/* INIT keeps them, RESET clears them */
	cpu_reset(rm->cpu);
	assert_true(rdmsr(rm, 0x2FF, &v));
	assert_int_equal(v, 0);
}

static uint64_t apic_base_told;

static void apic_base_hook(void *opaque, uint64_t value)
{
	(void)opaque;
	apic_base_told = value;
}

static void test_apic_base_write_reaches_the_apic(void **state)
{
	struct ram_machine *rm = *state;
	use_model(rm, "pentium3");
	rm->cpu->apic_base_write = apic_base_hook;
	assert_true(wrmsr(rm, MSR_APIC_BASE, 0xFEC00000u));    /* disabled, moved; BSP kept */
	assert_int_equal(apic_base_told, 0xFEC00100u);
	uint32_t r[4];
	cpuid(rm, 1, r);
	assert_int_equal(r[3] & CPUID_APIC, 0);                 /* CPUID follows the enable */
	assert_true(wrmsr(rm, MSR_APIC_BASE, 0xFEE00800u));    /* not enabled again ... */
	assert_int_equal(apic_base_told, 0xFEE00100u);
	assert_false(wrmsr(rm, MSR_APIC_BASE, 0xFEE00001u));   /* reserved bit */
	assert_false(wrmsr(rm, MSR_APIC_BASE, 0x1000000000ull));
	cpu_reset(rm->cpu);                                      /* ... until RESET */
	assert_int_equal(apic_base_told, 0xFEE00900u);
	cpuid(rm, 1, r);
	assert_int_equal(r[3] & CPUID_APIC, CPUID_APIC);
	rm->cpu->apic_base_write = NULL;
}

static void test_sysenter_and_sysexit(void **state)
{
	struct ram_machine *rm = *state;
	use_model(rm, "pentium2");
	struct cpu *cpu = rm->cpu;
	static const uint8_t sysenter[] = { 0x0F, 0x34 };
	assert_int_equal(run_code(rm, sysenter, sizeof(sysenter)), VEC_GP); /* real mode */
	assert_true(msr_write(cpu, MSR_SYSENTER_CS, 0x60));
	assert_true(msr_write(cpu, MSR_SYSENTER_ESP, 0x9000));
	assert_true(msr_write(cpu, MSR_SYSENTER_EIP, 0x3000));
	rm->ram[0x3000] = 0xF4;
	bus_poke(rm->bus, BUS_VIEW_NORMAL, 0x1000, sysenter, sizeof(sysenter));
	fixture_start_flat32(rm->cpu, 0x1000);
	cpu->eflags |= FLAG_IF;
	cpu_run(cpu, 10);
	assert_int_equal(cpu->eip, 0x3001);
	assert_int_equal(cpu->seg[S_CS].sel, 0x60);
	assert_int_equal(cpu->seg[S_SS].sel, 0x68);
	assert_int_equal(cpu->reg[R_ESP], 0x9000);
	assert_false(cpu->eflags & FLAG_IF);
	/* SYSEXIT to ring 3 at EDX on ECX: the halt there is #GP at CPL 3 */
	static const uint8_t sysexit[] = { 0x0F, 0x35 };
	bus_poke(rm->bus, BUS_VIEW_NORMAL, 0x1000, sysexit, sizeof(sysexit));
	fixture_start_flat32(rm->cpu, 0x1000);
	cpu->reg[R_EDX] = 0x4000;
	cpu->reg[R_ECX] = 0x7000;
	cpu_run(cpu, 1);
	assert_int_equal(cpu->cpl, 3);
	assert_int_equal(cpu->eip, 0x4000);
	assert_int_equal(cpu->seg[S_CS].sel, 0x73);
	assert_int_equal(cpu->seg[S_SS].sel, 0x7B);
	assert_int_equal(cpu->reg[R_ESP], 0x7000);
	assert_int_equal((cpu->seg[S_CS].attr & SEG_ATTR_DPL) >> 5, 3);
	/* a null SYSENTER_CS: #GP(0), which with no IDT here ends in a
	 * shutdown before SYSEXIT changed anything */
	assert_true(msr_write(cpu, MSR_SYSENTER_CS, 0));
	fixture_start_flat32(rm->cpu, 0x1000);
	assert_int_equal(cpu_run(cpu, 1), CPU_EXIT_SHUTDOWN);
	assert_int_equal(cpu->cpl, 0);
	assert_int_equal(cpu->seg[S_CS].sel, 0x08);
}

static void test_msr_listing(void **state)
{
	struct ram_machine *rm = *state;
	const char *name;
	use_model(rm, "pentium");
	assert_int_equal(cpu_msr_count(rm->cpu), 5);   /* P5_MC_ADDR/TYPE, TSC, APIC_BASE, EFER */
	assert_int_equal(cpu_msr_at(rm->cpu, 3, &name), MSR_APIC_BASE);
	assert_string_equal(name, "APIC_BASE");
	use_model(rm, "pentium3");
	unsigned n = cpu_msr_count(rm->cpu);
	assert_true(n > 50);
	uint64_t v;
	for (unsigned k = 0; k < n; k++)
		assert_true(cpu_msr_peek(rm->cpu, cpu_msr_at(rm->cpu, k, &name), &v));
	assert_int_equal(cpu_msr_at(rm->cpu, n, &name), 0);
	assert_null(name);
}

int main(void)
{
#define T(name) \
	cmocka_unit_test_setup_teardown(name, fixture_setup_ram_machine, fixture_teardown_ram_machine)
	const struct CMUnitTest tests[] = {
		T(test_cpuid_reports_the_model),
		T(test_missing_instructions_are_ud),
		T(test_sse_needs_the_pentium3),
		T(test_cr4_bits_follow_the_model),
		T(test_msr_groups_by_model),
		T(test_msr_reset_values_and_read_only),
		T(test_mtrr_and_pat_values_checked),
		T(test_apic_base_write_reaches_the_apic),
		T(test_sysenter_and_sysexit),
		T(test_msr_listing),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
