/* The host comparisons' command line and TAP loop (tap-runner.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/softfloat/tap-runner.h"

static bool parse_number(const char *program, const char *option, const char *text, uint64_t *v)
{
	char *end;
	if (text && *text) {
		*v = strtoull(text, &end, 0);
		if (*end == '\0')
			return true;
	}
	fprintf(stderr, "%s: %s wants a number\n", program, option);
	return false;
}

int tap_main(const struct tap_tests *t, const char *skip_reason, int argc, char **argv)
{
	uint64_t sets = t->default_sets, seed = 1;
	bool *wanted = calloc(t->count, sizeof *wanted), any = false;
	if (!wanted)
		return 2;
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--count") || !strcmp(argv[a], "--seed")) {
			if (!parse_number(t->program, argv[a], argv[a + 1], argv[a][2] == 'c' ? &sets : &seed))
				return 2;
			a++;
			continue;
		}
		size_t k = 0;
		while (k < t->count && strcmp(t->name(k), argv[a]))
			k++;
		if (k == t->count) {
			fprintf(stderr, "%s: no test '%s'\n", t->program, argv[a]);
			return 2;
		}
		wanted[k] = any = true;
	}
	if (skip_reason) {
		printf("1..0 # SKIP %s\n", skip_reason);
		free(wanted);
		return 0;
	}
	printf("1..%zu\n", t->count);
	bool ok = true;
	for (size_t k = 0; k < t->count; k++) {
		if (any && !wanted[k])
			printf("ok %zu - %s # SKIP not asked for\n", k + 1, t->name(k));
		else
			ok &= t->run(k, sets, seed, t->ctx);
	}
	free(wanted);
	return ok ? 0 : 1;
}
