/* The host's own x87, one instruction at a time, for host-compare.  Only
 * on an x86 host (HOST_X87). */
#ifndef SMMBOX_TESTS_SOFTFLOAT_HOST_OPS_H
#define SMMBOX_TESTS_SOFTFLOAT_HOST_OPS_H

#include <stdint.h>

#include "softfloat/softfloat.h"

#if defined(__x86_64__) || defined(__i386__)
#define HOST_X87 1
#endif

/* What one instruction left: ST(0) (and ST(1) where it writes two), the
 * status word read right after it (FNSTSW, which does not wait: unmasked
 * exceptions are cleared before the results are stored), and an integer
 * or narrower result where it stores one. */
struct host_result {
	struct float80 st0, st1;
	uint16_t status;
	uint64_t stored;
};

enum host_binary_op { HOST_ADD, HOST_SUB, HOST_MUL, HOST_DIV };

/* ST(0) = a, ST(1) = b, under control word cw. */
void host_binary(enum host_binary_op op, struct float80 a, struct float80 b, uint16_t cw,
		 struct host_result *out);
void host_sqrt(struct float80 a, uint16_t cw, struct host_result *out);

#endif
