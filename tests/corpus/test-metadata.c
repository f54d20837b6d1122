/* Unit tests of the metadata.json reader (metadata.c): masks of plain and
 * group opcodes, the file-name to opcode mapping, and malformed JSON
 * giving a one-line error with the offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/corpus/metadata.h"

static const char sample[] =
	"{\n"
	"  \"version\": \"1.0.0\", \"syntax_version\": 2, \"list\": [1, -2.5e3, true, null, {\"x\": []}],\n"
	"  \"opcodes\": {\n"
	"    \"00\": {\"status\": \"normal\", \"arch\": \"86\"},\n"
	"    \"08\": {\"status\": \"normal\", \"flags\": \".....a..\", \"flags-mask\": 65519},\n"
	"    \"d4\": {\"flags-mask\": 63470, \"note\": \"esc \\\"q\\\" \\u00e9\"},\n"
	"    \"F7\": {\"reg\": {\"0\": {\"flags-mask\": 65519}, \"1\": {\"status\": \"alias\"},\n"
	"                     \"6\": {\"flags-mask\": 63274}}, \"flags-mask\": 4095}\n"
	"  }\n"
	"}\n";

static void parse_ok(struct metadata *md, const char *text)
{
	if (!metadata_parse(md, "sample.json", text, strlen(text)))
		fail_msg("parse failed: %s", md->err);
}

static void test_masks_of_plain_and_group_opcodes(void **state)
{
	struct metadata md = METADATA_INIT;

	(void)state;
	parse_ok(&md, sample);
	assert_int_equal(md.count, 4);
	assert_int_equal(metadata_flags_mask(&md, "00", -1), 0xFFFF);
	assert_int_equal(metadata_flags_mask(&md, "08", -1), 65519);
	assert_int_equal(metadata_flags_mask(&md, "D4", -1), 63470);
	assert_int_equal(metadata_flags_mask(&md, "d4", -1), 63470);
	assert_int_equal(metadata_flags_mask(&md, "F7", 0), 65519);
	assert_int_equal(metadata_flags_mask(&md, "F7", 6), 63274);
	/* An extension without its own mask falls back to the opcode's. */
	assert_int_equal(metadata_flags_mask(&md, "F7", 1), 4095);
	assert_int_equal(metadata_flags_mask(&md, "F7", -1), 4095);
	assert_int_equal(metadata_flags_mask(&md, "99", -1), 0xFFFF);
	metadata_free(&md);
}

static void test_file_names_give_opcode_and_extension(void **state)
{
	char key[METADATA_KEY_MAX];
	int reg;

	(void)state;
	assert_true(metadata_key_from_path("dir/v1/F7.6.MOO.gz", key, &reg));
	assert_string_equal(key, "F7");
	assert_int_equal(reg, 6);
	assert_true(metadata_key_from_path("0a.MOO.gz", key, &reg));
	assert_string_equal(key, "0A");
	assert_int_equal(reg, -1);
	assert_true(metadata_key_from_path("/x/0F01.2.MOO", key, &reg));
	assert_string_equal(key, "0F01");
	assert_int_equal(reg, 2);
	assert_false(metadata_key_from_path("notes.txt", key, &reg));
	assert_false(metadata_key_from_path("80.8.MOO.gz", key, &reg));
	assert_false(metadata_key_from_path("8.MOO.gz", key, &reg));
}

static void assert_parse_fails(const char *text, const char *what)
{
	struct metadata md = METADATA_INIT;

	assert_false(metadata_parse(&md, "bad.json", text, strlen(text)));
	if (strncmp(md.err, "bad.json: offset ", 17) != 0 || !strstr(md.err, what))
		fail_msg("error \"%s\" should name the file, the offset and \"%s\"", md.err, what);
	metadata_free(&md);
}

static void test_malformed_json_is_an_error(void **state)
{
	(void)state;
	assert_parse_fails("", "end of file");
	assert_parse_fails("{\"opcodes\": {\"00\": {\"flags-mask\": 1}", "expected '}'");
	assert_parse_fails("{\"opcodes\": {\"00\": {\"flags-mask\": 70000}}}", "not a 16-bit integer");
	assert_parse_fails("{\"opcodes\": {\"00\": {\"flags-mask\": 1.5}}}", "not a 16-bit integer");
	assert_parse_fails("{\"opcodes\": {\"F7\": {\"reg\": {\"8\": {}}}}}", "not 0-7");
	assert_parse_fails("{\"opcodes\": {\"00\": {\"s\": \"abc}}}", "unterminated string");
	assert_parse_fails("{\"opcodes\": {}} x", "trailing characters");
	assert_parse_fails("{\"version\": 1}", "no \"opcodes\"");
	assert_parse_fails("{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
			   "nested deeper");
	assert_parse_fails("{\"opcodes\": {\"00\": {\"x\": tru}}}", "unexpected character");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks_of_plain_and_group_opcodes),
		cmocka_unit_test(test_file_names_give_opcode_and_extension),
		cmocka_unit_test(test_malformed_json_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
