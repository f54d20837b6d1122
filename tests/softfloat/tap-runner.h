/* The command line and the TAP stream the host comparisons share
 * (host-compare, tests/simd's cpu-vs-host and x87-vs-host):
 *
 *   PROGRAM [--count N] [--seed S] [NAME...]
 *
 * runs every test, or the named ones, each on N operand sets drawn from
 * seed S, and prints one TAP line a test. */
#ifndef SMMBOX_TESTS_SOFTFLOAT_TAP_RUNNER_H
#define SMMBOX_TESTS_SOFTFLOAT_TAP_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tap_tests {
	const char *program;
	size_t count;
	const char *(*name)(size_t k);
	/* Run test k (number k + 1) and print its TAP line; whether it passed. */
	bool (*run)(size_t k, uint64_t sets, uint64_t seed, void *ctx);
	void *ctx;
	uint64_t default_sets;
};

/* The exit status: 0 when every test run passed, 1 when one failed, 2 on
 * a bad command line (a one-line message on stderr).  With skip_reason
 * set, nothing runs and the stream says why. */
int tap_main(const struct tap_tests *t, const char *skip_reason, int argc, char **argv);

#endif
