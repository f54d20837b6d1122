/* libFuzzer harness: the SingleStepTests MOO reader (tests/corpus/moo.c)
 * on any bytes, as sst-run reads a decompressed file: the header, then
 * every test; and each test judged as sst-run judges it before running it
 * (its expected state, the 386 rule's plan from decoding its bytes, the
 * re-expectation), all of which read what the file says.  A malformed
 * file must end in moo_error()'s message, never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "tests/corpus/moo.h"
#include "tests/corpus/sst-expect.h"
#include "tests/corpus/sst-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What sst-run's expect_vector() does with a test: every path of it. */
static void judge(const struct moo_test *t, uint16_t mask)
{
	struct sst_expect recorded, e;
	struct sst_extra extra = { 0 };
	struct sst_plan plan;
	uint8_t records[SST_RECORDS_SIZE];
	sst_expect_recorded(&recorded, t, mask);
	sst_plan_vector(t, &plan);
	if (plan.judge == SST_AS_RECORDED || plan.judge == SST_AS_SKIP)
		return;
	e = recorded;
	if (sst_expect_plan(&e, t, &plan, mask, &extra, records)) {
		if (extra.count > SST_MAX_EXTRA)
			abort();
		(void)sst_expect_same(&e, &recorded, t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The reader keeps its buffer from file to file, as sst-run's does. */
	static struct moo_file f = MOO_FILE_INIT;
	struct moo_test t;
	if (moo_load_buffer(&f, "input", data, size) != MOO_OK)
		return 0;
	while (moo_next(&f, &t) == MOO_OK) {
		uint8_t v;
		(void)moo_ram_find(&t.init, t.idx, &v);
		/* An undefined-flag mask that varies from test to test, as
		 * metadata.json's do from file to file. */
		judge(&t, (uint16_t)(t.idx | 0xF000));
	}
	return 0;
}
