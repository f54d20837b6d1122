/* The host's own x87, one instruction at a time, for host-compare.  Only
 * on an x86 host (HOST_X87). */
#ifndef SMMBOX_TESTS_SOFTFLOAT_HOST_OPS_H
#define SMMBOX_TESTS_SOFTFLOAT_HOST_OPS_H

#include <stdint.h>

#include "softfloat/softfloat.h"

#if defined(__x86_64__) || defined(__i386__)
#define HOST_X87 1
#endif

/* What one instruction left: ST(0) and ST(1) as they are after it (for
 * an instruction that stores to memory, ST(0) is what is left of the
 * stack), the status word read right after it (FNSTSW, which does not
 * wait: unmasked exceptions are then cleared before anything is stored),
 * and what it stored to memory. */
struct host_result {
	struct float80 st0, st1;
	uint16_t status;
	uint8_t stored[10];
};

enum host_op {
	/* ST(0) = a, ST(1) = b: the result in ST(0) (FXTRACT: ST(0) the
	 * significand, ST(1) the exponent) */
	HOST_FADD, HOST_FSUB, HOST_FMUL, HOST_FDIV, HOST_FSQRT, HOST_FRNDINT,
	HOST_FSCALE, HOST_FXTRACT, HOST_FPREM, HOST_FPREM1, HOST_FCOM, HOST_FUCOM,
	/* the transcendentals: FPTAN and FSINCOS push (ST(0) the pushed
	 * value), FPATAN, FYL2X and FYL2XP1 pop (ST(0) the result) */
	HOST_FSIN, HOST_FCOS, HOST_FPTAN, HOST_FSINCOS, HOST_FPATAN, HOST_F2XM1,
	HOST_FYL2X, HOST_FYL2XP1,
	/* the constants (D9 E8 + a.signif) pushed */
	HOST_FLDCONST,
	/* stores of a to memory */
	HOST_FIST16, HOST_FIST32, HOST_FIST64, HOST_FST32, HOST_FST64, HOST_FBSTP,
	/* loads from memory (the operand's first bytes) into ST(0) */
	HOST_FLD32, HOST_FLD64, HOST_FBLD,
};

/* Run op under control word cw. */
void host_x87(enum host_op op, struct float80 a, struct float80 b, uint16_t cw,
	      struct host_result *out);

#endif
