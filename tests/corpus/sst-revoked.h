/* Upstream's revocation list: SHA-1 hashes of vectors found to be bad,
 * one per line as 40 hex digits; blank lines and '#' comments ignored. */
#ifndef SMMBOX_TESTS_CORPUS_SST_REVOKED_H
#define SMMBOX_TESTS_CORPUS_SST_REVOKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/corpus/moo.h"

struct sst_revoked {
	uint8_t (*hash)[MOO_HASH_LEN]; /* sorted */
	size_t count;
};

/* Load revocation_list.txt from dir, or else from dir's parent (the
 * suite's layout keeps it one level above the MOO files); neither being
 * there is an empty list.  Returns false with a one-line message in err
 * when a file exists but cannot be read or has a malformed line. */
bool sst_revoked_load_near(struct sst_revoked *rv, const char *dir,
			   char *err, size_t err_size);

bool sst_revoked_has(const struct sst_revoked *rv, const uint8_t hash[MOO_HASH_LEN]);

void sst_revoked_free(struct sst_revoked *rv);

#endif
