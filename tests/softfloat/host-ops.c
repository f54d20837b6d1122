/* The host's x87 (host-ops.h).  Each run starts from FNINIT, loads the
 * operands as 80-bit values (which raises nothing), does the one
 * instruction, reads the status word with FNSTSW and clears the
 * exceptions with FNCLEX before storing, so that unmasked ones never
 * trap. */
#include "tests/softfloat/host-ops.h"

#ifdef HOST_X87

#define BINARY(insn) \
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
			 "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r0]\n\tfstpt %[r1]" \
			 : [sw] "=m"(out->status), [r0] "=m"(out->st0), [r1] "=m"(out->st1) \
			 : [a] "m"(a), [b] "m"(b), [cw] "m"(cw))

void host_binary(enum host_binary_op op, struct float80 a, struct float80 b, uint16_t cw,
		 struct host_result *out)
{
	switch (op) {
	case HOST_ADD:
		BINARY("fadd %%st(1), %%st");
		break;
	case HOST_SUB:
		BINARY("fsub %%st(1), %%st");
		break;
	case HOST_MUL:
		BINARY("fmul %%st(1), %%st");
		break;
	case HOST_DIV:
		BINARY("fdiv %%st(1), %%st");
		break;
	}
}

void host_sqrt(struct float80 a, uint16_t cw, struct host_result *out)
{
	struct float80 b = f80_make(false, 0, 0);
	BINARY("fsqrt");
}

#endif
