/* libFuzzer harness: the SingleStepTests metadata.json reader
 * (tests/corpus/metadata.c) on any text, and the flag masks looked up in
 * what it read; the input's first line is also taken as a test file's
 * name (metadata_key_from_path()).  Bad JSON must end in md.err's
 * message, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/corpus/metadata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input's first line as a file name. */
static void key_of_first_line(const uint8_t *data, size_t size)
{
	char path[256], key[METADATA_KEY_MAX];
	size_t n = 0;
	while (n < size && n + 1 < sizeof(path) && data[n] != '\n' && data[n] != 0) {
		path[n] = (char)data[n];
		n++;
	}
	path[n] = 0;
	int reg = -2;
	if (metadata_key_from_path(path, key, &reg) &&
	    (strlen(key) >= METADATA_KEY_MAX || reg < -1 || reg > 7))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metadata md = METADATA_INIT;
	key_of_first_line(data, size);
	if (metadata_parse(&md, "input", (const char *)data, size)) {
		for (size_t k = 0; k < md.count; k++)
			for (int reg = -1; reg < 8; reg++)
				(void)metadata_flags_mask(&md, md.ops[k].key, reg);
		(void)metadata_flags_mask(&md, "F7", 6);
	} else if (!md.err[0]) {
		abort(); /* a failure must say why */
	}
	metadata_free(&md);
	return 0;
}
