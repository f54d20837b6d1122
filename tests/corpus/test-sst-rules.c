/* Unit tests of the 286-versus-386 rules (sst-rules.c): which LOCK
 * prefixes fault on a 386, and which vectors are too long for a 286 but
 * not for a 386. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/corpus/sst-rules.h"

#define CLASSIFY(...) classify((const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ }))

static enum sst_rule classify(const uint8_t *b, unsigned n)
{
	return sst_classify(b, n);
}

static void test_lock_on_memory_read_modify_write_is_allowed(void **state)
{
	(void)state;
	assert_int_equal(CLASSIFY(0xF0, 0x00, 0x5F, 0x0E, 0xF4), SST_RULE_NONE); /* add [bx+0e],bl */
	assert_int_equal(CLASSIFY(0x26, 0xF0, 0x2E, 0x81, 0x37, 0x34, 0x12, 0xF4),
			 SST_RULE_NONE);                                        /* xor [bx],1234 */
	assert_int_equal(CLASSIFY(0xF0, 0x87, 0x07, 0xF4), SST_RULE_NONE);     /* xchg [bx],ax */
	assert_int_equal(CLASSIFY(0xF0, 0xF7, 0x17, 0xF4), SST_RULE_NONE);     /* not word [bx] */
	assert_int_equal(CLASSIFY(0xF0, 0xFE, 0x0F, 0xF4), SST_RULE_NONE);     /* dec byte [bx] */
	assert_int_equal(CLASSIFY(0xF0, 0x0F, 0xAB, 0x07, 0xF4), SST_RULE_NONE); /* bts [bx],ax */
}

static void test_lock_elsewhere_is_ud_on_a_386(void **state)
{
	(void)state;
	assert_int_equal(CLASSIFY(0xF0, 0x00, 0xC3, 0xF4), SST_RULE_LOCK_UD);  /* add bl,al */
	assert_int_equal(CLASSIFY(0xF0, 0x02, 0x07, 0xF4), SST_RULE_LOCK_UD);  /* add al,[bx] */
	assert_int_equal(CLASSIFY(0xF0, 0x38, 0x07, 0xF4), SST_RULE_LOCK_UD);  /* cmp [bx],al */
	assert_int_equal(CLASSIFY(0xF0, 0x80, 0x3F, 0x01, 0xF4), SST_RULE_LOCK_UD); /* cmp byte [bx],1 */
	assert_int_equal(CLASSIFY(0xF0, 0xF7, 0x07, 0x01, 0x00, 0xF4), SST_RULE_LOCK_UD); /* test */
	assert_int_equal(CLASSIFY(0xF0, 0x89, 0x07, 0xF4), SST_RULE_LOCK_UD);  /* mov [bx],ax */
	assert_int_equal(CLASSIFY(0xF0, 0x9D, 0xF4), SST_RULE_LOCK_UD);        /* popf */
	assert_int_equal(CLASSIFY(0xF0, 0xF4), SST_RULE_LOCK_UD);              /* hlt */
	assert_int_equal(CLASSIFY(0x2E, 0xF0, 0x36, 0xA4, 0xF4), SST_RULE_LOCK_UD); /* movsb */
}

static void test_length_between_10_and_15_is_skipped(void **state)
{
	(void)state;
	/* ss: x5, add word [bx+si+1234],5678: 11 bytes. */
	assert_int_equal(CLASSIFY(0x36, 0x36, 0x36, 0x36, 0x36, 0x81, 0x80, 0x34, 0x12,
				  0x78, 0x56, 0xF4), SST_RULE_TOO_LONG);
	/* Ten bytes run as recorded. */
	assert_int_equal(CLASSIFY(0x36, 0x36, 0x36, 0x36, 0x81, 0x80, 0x34, 0x12,
				  0x78, 0x56, 0xF4), SST_RULE_NONE);
	/* Sixteen: both CPUs fault, so the recorded #GP stands. */
	assert_int_equal(CLASSIFY(0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36,
				  0x36, 0x81, 0x80, 0x34, 0x12, 0x78, 0x56, 0xF4),
			 SST_RULE_NONE);
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
		cmocka_unit_test(test_every_rule_is_described),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
