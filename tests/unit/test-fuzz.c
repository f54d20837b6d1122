/* Unit tests of the fuzz layout (fuzz/layout.h): what parses, where each
 * item's bytes start, the text back, and one line for each kind of bad
 * layout; and the finding kinds' names (fuzz/fuzz.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/fuzz.h"
#include "fuzz/layout.h"

static void test_items_take_the_input_in_order(void **state)
{
	(void)state;
	struct fuzz_layout l;
	char why[200] = "", text[200];
	assert_true(fuzz_layout_parse("b2,b3,esi,mem:6000:208,io:3f8:3,edi,io:80,msr:1b", &l, why,
				      sizeof(why)));
	assert_int_equal(l.n, 8);
	assert_int_equal(l.item[0].kind, FUZZ_ITEM_APM_COMMAND);
	assert_int_equal(l.item[1].offset, 1);
	assert_int_equal(l.item[2].kind, FUZZ_ITEM_REGISTER);
	assert_int_equal(l.item[2].reg, 6);
	assert_int_equal(l.item[2].offset, 2);
	assert_int_equal(l.item[3].address, 0x6000);
	assert_int_equal(l.item[3].length, 0x208);
	assert_int_equal(l.item[3].offset, 6);
	assert_int_equal(l.item[4].kind, FUZZ_ITEM_PORT);
	assert_int_equal(l.item[4].address, 0x3F8);
	assert_int_equal(l.item[4].offset, 6 + 0x208);
	assert_int_equal(l.item[5].reg, 7);
	assert_int_equal(l.item[6].length, 1);
	assert_int_equal(l.size, 1 + 1 + 4 + 0x208 + 3 + 4 + 1 + 8);
	assert_int_equal(l.item[7].kind, FUZZ_ITEM_MSR);
	assert_int_equal(l.item[7].address, 0x1B);
	fuzz_layout_format(&l, text, sizeof(text));
	assert_string_equal(text, "b2,b3,esi,mem:6000:208,io:3f8:3,edi,io:80:1,msr:1b");
}

/* layout must be refused with exactly message. */
static void refused(const char *layout, const char *message)
{
	struct fuzz_layout l;
	char why[200] = "";
	assert_false(fuzz_layout_parse(layout, &l, why, sizeof(why)));
	assert_string_equal(why, message);
}

static void test_bad_layouts_say_why(void **state)
{
	(void)state;
	refused("", "an empty item (item 1)");
	refused("b2,,b3", "an empty item (item 2)");
	refused("b4", "b4: unknown item (b2, b3, eax..edi, mem:ADDR:LEN, io:PORT[:LEN], msr:INDEX)");
	refused("msr:x", "msr:x: expected msr:INDEX (hex)");
	refused("msr:1b,msr:1b", "item 2 repeats or overlaps item 1");
	refused("eax,eax", "item 2 repeats or overlaps item 1");
	refused("mem:1000:10,mem:100f:4", "item 2 repeats or overlaps item 1");
	refused("mem:1000", "mem:1000: expected mem:ADDR:LEN (hex, LEN 1 to 100000, within 4 GiB)");
	refused("mem:1000:0", "mem:1000:0: expected mem:ADDR:LEN (hex, LEN 1 to 100000, within 4 GiB)");
	refused("mem:fffffff0:20",
		"mem:fffffff0:20: expected mem:ADDR:LEN (hex, LEN 1 to 100000, within 4 GiB)");
	refused("mem:-1:4", "mem:-1:4: expected mem:ADDR:LEN (hex, LEN 1 to 100000, within 4 GiB)");
	refused("io:10000", "io:10000: expected io:PORT[:LEN] (hex, PORT at most ffff, LEN 1 to 1000)");
	refused("io:b2:zz", "io:b2:zz: expected io:PORT[:LEN] (hex, PORT at most ffff, LEN 1 to 1000)");
	refused("b2,b2", "item 2 repeats or overlaps item 1");
}

static void test_too_many_items_or_bytes(void **state)
{
	(void)state;
	char text[400] = "";
	for (unsigned k = 0; k <= FUZZ_MAX_ITEMS; k++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%sio:%x", k ? "," : "", k);
	refused(text, "more than 32 items");
	refused("mem:0:100000,mem:100000:100000,mem:200000:100000,mem:300000:100000,io:1",
		"the items take more than 4194304 bytes");
}

static void test_finding_kinds_by_name(void **state)
{
	(void)state;
	unsigned kinds;
	char why[200];
	assert_true(fuzz_finding_parse("read-outside,timeout", &kinds, why, sizeof(why)));
	assert_int_equal(kinds, FUZZ_READ_OUTSIDE | FUZZ_TIMEOUT);
	assert_false(fuzz_finding_parse("read-outside,,", &kinds, why, sizeof(why)));
	assert_string_equal(fuzz_finding_name(FUZZ_BAD_RSM), "bad-rsm");
	assert_string_equal(fuzz_finding_name(0), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_take_the_input_in_order),
		cmocka_unit_test(test_bad_layouts_say_why),
		cmocka_unit_test(test_too_many_items_or_bytes),
		cmocka_unit_test(test_finding_kinds_by_name),
	};
	return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
