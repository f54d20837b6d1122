/* Revocation list: see sst-revoked.h. */
#include "tests/corpus/sst-revoked.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_hash(const void *a, const void *b)
{
	return memcmp(a, b, MOO_HASH_LEN);
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One line: a hash into out (returns 1), blank or comment (0), or
 * malformed (-1). */
static int parse_line(const char *line, uint8_t out[MOO_HASH_LEN])
{
	size_t n = 0;

	while (isspace((unsigned char)*line))
		line++;
	if (!*line || *line == '#')
		return 0;
	for (; n < 2 * MOO_HASH_LEN; n++) {
		int v = hex_value((unsigned char)line[n]);
		if (v < 0)
			return -1;
		if (n % 2 == 0)
			out[n / 2] = (uint8_t)(v << 4);
		else
			out[n / 2] |= (uint8_t)v;
	}
	for (line += n; *line; line++)
		if (!isspace((unsigned char)*line))
			return -1;
	return 1;
}

static bool add_hash(struct sst_revoked *rv, const uint8_t h[MOO_HASH_LEN])
{
	void *p = realloc(rv->hash, (rv->count + 1) * sizeof *rv->hash);

	if (!p)
		return false;
	rv->hash = p;
	memcpy(rv->hash[rv->count++], h, MOO_HASH_LEN);
	return true;
}

static bool load_file(struct sst_revoked *rv, FILE *fp, const char *path,
		      char *err, size_t err_size)
{
	char line[256];
	uint8_t h[MOO_HASH_LEN];
	unsigned lineno = 0;

	while (fgets(line, sizeof line, fp)) {
		int k = parse_line(line, h);

		lineno++;
		if (k < 0) {
			snprintf(err, err_size, "%s:%u: not a 40-digit hex hash", path, lineno);
			return false;
		}
		if (k > 0 && !add_hash(rv, h)) {
			snprintf(err, err_size, "%s: out of memory", path);
			return false;
		}
	}
	if (ferror(fp)) {
		snprintf(err, err_size, "%s: read error", path);
		return false;
	}
	if (rv->count > 1)
		qsort(rv->hash, rv->count, sizeof *rv->hash, cmp_hash);
	return true;
}

bool sst_revoked_load_near(struct sst_revoked *rv, const char *dir,
			   char *err, size_t err_size)
{
	static const char *const where[] = { "%s/revocation_list.txt",
					     "%s/../revocation_list.txt" };
	char path[4200];

	sst_revoked_free(rv);
	for (size_t k = 0; k < sizeof where / sizeof where[0]; k++) {
		FILE *fp;
		bool ok;

		snprintf(path, sizeof path, where[k], dir);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		ok = load_file(rv, fp, path, err, err_size);
		fclose(fp);
		return ok;
	}
	return true;
}

bool sst_revoked_has(const struct sst_revoked *rv, const uint8_t hash[MOO_HASH_LEN])
{
	return rv->count &&
	       bsearch(hash, rv->hash, rv->count, sizeof *rv->hash, cmp_hash) != NULL;
}

void sst_revoked_free(struct sst_revoked *rv)
{
	free(rv->hash);
	rv->hash = NULL;
	rv->count = 0;
}
