/* Unit tests of the 286-versus-386 rules (sst-rules.c): which LOCK
 * prefixes fault on a 386, and which vectors are too long for a 286 but
 * not for a 386, which limit faults are #SS, and how faults and FS/GS
 * moves are re-expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/corpus/sst-rules.h"

/* LOCK_FAULTS(bytes...): sst_lock_faults() on an instruction given
 * without its trailing HLT. */
#define LOCK_FAULTS(...) sst_lock_faults((const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void test_lock_on_memory_read_modify_write_is_allowed(void **state)
{
	(void)state;
	assert_false(LOCK_FAULTS(0xF0, 0x00, 0x5F, 0x0E));             /* add [bx+0e],bl */
	assert_false(LOCK_FAULTS(0x26, 0xF0, 0x2E, 0x81, 0x37, 0x34, 0x12)); /* xor [bx],1234 */
	assert_false(LOCK_FAULTS(0xF0, 0x87, 0x07));                   /* xchg [bx],ax */
	assert_false(LOCK_FAULTS(0xF0, 0xF7, 0x17));                   /* not word [bx] */
	assert_false(LOCK_FAULTS(0xF0, 0xFE, 0x0F));                   /* dec byte [bx] */
	assert_false(LOCK_FAULTS(0xF0, 0x0F, 0xAB, 0x07));             /* bts [bx],ax */
	assert_false(LOCK_FAULTS(0x89, 0x07));                         /* no LOCK at all */
}

static void test_lock_elsewhere_is_ud_on_a_386(void **state)
{
	(void)state;
	assert_true(LOCK_FAULTS(0xF0, 0x00, 0xC3));              /* add bl,al */
	assert_true(LOCK_FAULTS(0xF0, 0x02, 0x07));              /* add al,[bx] */
	assert_true(LOCK_FAULTS(0xF0, 0x38, 0x07));              /* cmp [bx],al */
	assert_true(LOCK_FAULTS(0xF0, 0x80, 0x3F, 0x01));        /* cmp byte [bx],1 */
	assert_true(LOCK_FAULTS(0xF0, 0xF7, 0x07, 0x01, 0x00));  /* test word [bx],1 */
	assert_true(LOCK_FAULTS(0xF0, 0x89, 0x07));              /* mov [bx],ax */
	assert_true(LOCK_FAULTS(0xF0, 0x9D));                    /* popf */
	assert_true(LOCK_FAULTS(0xF0, 0xF4));                    /* hlt */
	assert_true(LOCK_FAULTS(0x2E, 0xF0, 0x36, 0xA4));        /* movsb */
}

/* A vector: instruction bytes (HLT appended), INIT registers from the
 * arguments, everything else zero; recorded exception vector or -1. */
struct vec {
	struct moo_test t;
	uint8_t bytes[20];
};

static const struct moo_test *make(struct vec *v, const uint8_t *b, unsigned n,
				   int excp, uint16_t sp, uint16_t bp, uint16_t si,
				   uint16_t di, uint16_t bx, uint16_t cx)
{
	memset(v, 0, sizeof *v);
	memcpy(v->bytes, b, n);
	v->bytes[n] = 0xF4;
	v->t.bytes = v->bytes;
	v->t.nbytes = n + 1;
	v->t.init.mask = MOO_ALL_REGS;
	v->t.init.regs[MOO_SP] = sp;
	v->t.init.regs[MOO_BP] = bp;
	v->t.init.regs[MOO_SI] = si;
	v->t.init.regs[MOO_DI] = di;
	v->t.init.regs[MOO_BX] = bx;
	v->t.init.regs[MOO_CX] = cx;
	v->t.init.regs[MOO_FLAGS] = 0x0002;
	v->t.has_excp = excp >= 0;
	v->t.excp_vector = (uint8_t)(excp >= 0 ? excp : 0);
	return &v->t;
}

#define PLAN(plan, excp, sp, bp, si, di, bx, cx, ...) \
	sst_plan_vector(make(&vec, (const uint8_t[]){ __VA_ARGS__ }, \
			     sizeof((const uint8_t[]){ __VA_ARGS__ }), \
			     excp, sp, bp, si, di, bx, cx), plan)

static void test_length_between_10_and_15_is_skipped(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	/* ss: x5, add word [bx+si+1234],5678: 11 bytes. */
	PLAN(&p, 13, 0x100, 0, 0, 0, 0, 0, 0x36, 0x36, 0x36, 0x36, 0x36, 0x81, 0x80,
	     0x34, 0x12, 0x78, 0x56);
	assert_int_equal(p.judge, SST_AS_SKIP);
	assert_int_equal(p.rule, SST_RULE_TOO_LONG);
	/* Ten bytes run as recorded. */
	PLAN(&p, -1, 0x100, 0, 0, 0, 0, 0, 0x36, 0x36, 0x36, 0x36, 0x81, 0x80, 0x34,
	     0x12, 0x78, 0x56);
	assert_int_equal(p.judge, SST_AS_RECORDED);
}

static void test_lock_plans_a_ud_fault(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	PLAN(&p, -1, 0x100, 0, 0, 0, 0, 0, 0xF0, 0x89, 0x07); /* lock mov [bx],ax */
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_LOCK_UD);
	assert_int_equal(p.vector, 6);
	assert_false(p.recorded_vector);
}

static void test_ss_limit_fault_is_vector_12(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	/* add cx,[bp+si] with BP+SI = 0xFFFF: #SS on the 386. */
	PLAN(&p, 13, 0x100, 0xFFF0, 0x000F, 0, 0, 0, 0x03, 0x0A);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_SS_FAULT);
	assert_int_equal(p.vector, 12);
	/* add cx,[bx+si]: #GP, as recorded. */
	PLAN(&p, 13, 0x100, 0, 0x000F, 0, 0xFFF0, 0, 0x03, 0x08);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_NONE);
	assert_int_equal(p.vector, 13);
	assert_true(p.recorded_vector);
	/* pop ss at SP = 0xFFFF; ret at SP = 0xFFFF. */
	PLAN(&p, 13, 0xFFFF, 0, 0, 0, 0, 0, 0x17);
	assert_int_equal(p.rule, SST_RULE_SS_FAULT);
	PLAN(&p, 13, 0xFFFF, 0, 0, 0, 0, 0, 0xC3);
	assert_int_equal(p.rule, SST_RULE_SS_FAULT);
	/* popa at SP = 0xFFFE wraps word by word: no fault. */
	PLAN(&p, -1, 0xFFFE, 0, 0, 0, 0, 0, 0x61);
	assert_int_equal(p.judge, SST_AS_RECORDED);
	/* pusha at SP = 15 is #GP on both (SDM PUSHA). */
	PLAN(&p, 13, 0x000F, 0, 0, 0, 0, 0, 0x60);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.vector, 13);
}

static void test_dword_at_fffe_faults_on_a_386(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	/* les bp,[bx+di] at 0xFFFE: the 286 wrapped its second word. */
	PLAN(&p, -1, 0x100, 0, 0, 0xFFF0, 0x000E, 0, 0xC4, 0x29);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_DWORD_WRAP);
	assert_int_equal(p.vector, 13);
	/* call far [bp+di] at 0xFFFE: #SS. */
	PLAN(&p, -1, 0x100, 0xFFF0, 0, 0x000E, 0, 0, 0xFF, 0x1B);
	assert_int_equal(p.rule, SST_RULE_DWORD_WRAP);
	assert_int_equal(p.vector, 12);
}

static void test_string_fault_keeps_completed_iterations(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	/* rep stosw, DI = 0xFFF9, CX = 10: iterations at FFF9 FFFB FFFD, then
	 * FFFF faults with CX = 7. */
	PLAN(&p, 13, 0x100, 0, 0x1234, 0xFFF9, 0, 10, 0xF3, 0xAB);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.vector, 13);
	assert_true(p.fault.string);
	assert_int_equal(p.fault.iterations, 3);
	assert_int_equal(p.fault.di, 0xFFFF);
	assert_int_equal(p.fault.si, 0x1234);
	assert_int_equal(p.fault.cx, 7);
	/* ss: lodsw at SI = 0xFFFF: #SS. */
	PLAN(&p, 13, 0x100, 0, 0xFFFF, 0, 0, 0, 0x36, 0xAD);
	assert_int_equal(p.rule, SST_RULE_SS_FAULT);
	assert_int_equal(p.fault.si, 0xFFFF);
	/* A REPE CMPSW the 286 ended early stays as recorded. */
	PLAN(&p, -1, 0x100, 0, 0xFFF9, 0x100, 0, 10, 0xF3, 0xA7);
	assert_int_equal(p.judge, SST_AS_RECORDED);
}

static void test_fs_gs_moves_and_traps(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	PLAN(&p, 6, 0x100, 0, 0, 0x20, 0, 0, 0x8C, 0x25); /* mov [di],fs */
	assert_int_equal(p.judge, SST_AS_MOV_SREG);
	assert_int_equal(p.rule, SST_RULE_MOV_FS_GS);
	PLAN(&p, 6, 0x100, 0, 0, 0xFFFF, 0, 0, 0x8E, 0x2D); /* mov gs,[di] at FFFF */
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.vector, 13);
	PLAN(&p, 6, 0x100, 0, 0, 0, 0, 0, 0x8C, 0xF0);      /* mov ax,(reg 6): #UD */
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_NONE);
	assert_true(p.recorded_vector);
	PLAN(&p, 13, 0x100, 0, 0, 0, 0, 0, 0xCD, 0x0D);     /* int 0Dh: a trap */
	assert_int_equal(p.judge, SST_AS_RECORDED);
}

static void test_divide_overflow_the_286_missed_is_de(void **state)
{
	struct vec vec;
	struct sst_plan p;

	(void)state;
	/* idiv cl: AX = 0x81C1 (-32319) / CL = 0x7C (124) = -260: #DE. */
	PLAN(&p, -1, 0x100, 0, 0, 0, 0, 0x007C, 0xF6, 0xF9);
	vec.t.init.regs[MOO_AX] = 0x81C1;
	sst_plan_vector(&vec.t, &p);
	assert_int_equal(p.judge, SST_AS_FAULT);
	assert_int_equal(p.rule, SST_RULE_DIVIDE);
	assert_int_equal(p.vector, 0);
	/* -15872 / 124 = -128 fits. */
	vec.t.init.regs[MOO_AX] = (uint16_t)-15872;
	sst_plan_vector(&vec.t, &p);
	assert_int_equal(p.judge, SST_AS_RECORDED);
	/* div cl by zero. */
	PLAN(&p, -1, 0x100, 0, 0, 0, 0, 0, 0xF6, 0xF1);
	assert_int_equal(p.rule, SST_RULE_DIVIDE);
}

static void test_every_rule_is_described(void **state)
{
	(void)state;
	for (int r = 1; r < SST_RULE_COUNT; r++) {
		const struct sst_rule_info *info = sst_rule_info((enum sst_rule)r);

		assert_non_null(info->what);
		assert_true(info->what[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_on_memory_read_modify_write_is_allowed),
		cmocka_unit_test(test_lock_elsewhere_is_ud_on_a_386),
		cmocka_unit_test(test_length_between_10_and_15_is_skipped),
		cmocka_unit_test(test_lock_plans_a_ud_fault),
		cmocka_unit_test(test_ss_limit_fault_is_vector_12),
		cmocka_unit_test(test_dword_at_fffe_faults_on_a_386),
		cmocka_unit_test(test_string_fault_keeps_completed_iterations),
		cmocka_unit_test(test_fs_gs_moves_and_traps),
		cmocka_unit_test(test_divide_overflow_the_286_missed_is_de),
		cmocka_unit_test(test_every_rule_is_described),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
