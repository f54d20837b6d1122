/* libFuzzer harness: the SMI fuzzer's layouts (fuzz/layout.c) and lists
 * of finding kinds (fuzz/fuzz.c), from the input as text.  A layout that
 * parses must say back (fuzz_layout_format()) a text that parses to the
 * same items, within the limits; one that does not must say why in one
 * line.  Never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "fuzz/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The layout's items and offsets are within what the layout language
 * allows. */
static void check_limits(const struct fuzz_layout *l)
{
	uint32_t offset = 0;
	if (l->n > FUZZ_MAX_ITEMS || l->size > FUZZ_MAX_INPUT)
		abort();
	for (unsigned k = 0; k < l->n; k++) {
		const struct fuzz_item *it = &l->item[k];
		if (it->offset != offset || it->length == 0)
			abort();
		if (it->kind == FUZZ_ITEM_MEMORY && it->length - 1 > 0xFFFFFFFFu - it->address)
			abort();
		offset += it->length;
	}
	if (offset != l->size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct fuzz_layout l, again;
	char why[200], said[FUZZ_MAX_ITEMS * 40];
	why[0] = 0;
	if (fuzz_layout_parse(text, &l, why, sizeof(why))) {
		check_limits(&l);
		fuzz_layout_format(&l, said, sizeof(said));
		if (!fuzz_layout_parse(said, &again, why, sizeof(why)) || memcmp(&l, &again, sizeof(l)))
			abort();
	} else if (!why[0] || strchr(why, '\n')) {
		abort();
	}
	unsigned kinds;
	why[0] = 0;
	if (!fuzz_finding_parse(text, &kinds, why, sizeof(why)) && (!why[0] || strchr(why, '\n')))
		abort();
	free(text);
	return 0;
}
