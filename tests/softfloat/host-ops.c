/* The host's x87 (host-ops.h).  Each run starts from FNINIT, loads the
 * operands as 80-bit values (which raises nothing), does the one
 * instruction, reads the status word with FNSTSW and clears the
 * exceptions with FNCLEX before storing, so that unmasked ones never
 * trap. */
#include <string.h>

#include "tests/softfloat/host-ops.h"

#ifdef HOST_X87

/* On the stack b, then a; then insn; then the status and the two
 * registers. */
#define ON_STACK(insn) \
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
			 "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r0]\n\tfstpt %[r1]" \
			 : [sw] "=m"(out->status), [r0] "=m"(out->st0), [r1] "=m"(out->st1) \
			 : [a] "m"(a), [b] "m"(b), [cw] "m"(cw))

/* a on the stack, stored by insn to out->stored. */
#define STORE(insn) \
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[m]\n\t" \
			 "fnstsw %[sw]\n\tfnclex" \
			 : [sw] "=m"(out->status), [m] "=m"(out->stored) \
			 : [a] "m"(a), [cw] "m"(cw))

/* insn loads from a's bytes. */
#define LOAD(insn) \
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[a]\n\t" \
			 "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r0]" \
			 : [sw] "=m"(out->status), [r0] "=m"(out->st0) \
			 : [a] "m"(a), [cw] "m"(cw))

static void host_on_stack(enum host_op op, struct float80 a, struct float80 b, uint16_t cw,
			  struct host_result *out)
{
	switch (op) {
	case HOST_FADD: ON_STACK("fadd %%st(1), %%st"); break;
	case HOST_FSUB: ON_STACK("fsub %%st(1), %%st"); break;
	case HOST_FMUL: ON_STACK("fmul %%st(1), %%st"); break;
	case HOST_FDIV: ON_STACK("fdiv %%st(1), %%st"); break;
	case HOST_FSQRT: ON_STACK("fsqrt"); break;
	case HOST_FRNDINT: ON_STACK("frndint"); break;
	case HOST_FSCALE: ON_STACK("fscale"); break;
	case HOST_FPREM: ON_STACK("fprem"); break;
	case HOST_FPREM1: ON_STACK("fprem1"); break;
	case HOST_FCOM: ON_STACK("fcom %%st(1)"); break;
	case HOST_FUCOM: ON_STACK("fucom %%st(1)"); break;
	case HOST_FSIN: ON_STACK("fsin"); break;
	case HOST_FCOS: ON_STACK("fcos"); break;
	case HOST_FPTAN: ON_STACK("fptan"); break;
	case HOST_FSINCOS: ON_STACK("fsincos"); break;
	case HOST_FPATAN: ON_STACK("fpatan"); break;
	case HOST_F2XM1: ON_STACK("f2xm1"); break;
	case HOST_FYL2X: ON_STACK("fyl2x"); break;
	case HOST_FYL2XP1: ON_STACK("fyl2xp1"); break;
	default: break;
	}
}

#define CONSTANT(insn) \
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn "\n\t" \
			 "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r0]" \
			 : [sw] "=m"(out->status), [r0] "=m"(out->st0) : [cw] "m"(cw))

static void host_constant(unsigned which, uint16_t cw, struct host_result *out)
{
	switch (which) {
	case 0: CONSTANT("fld1"); break;
	case 1: CONSTANT("fldl2t"); break;
	case 2: CONSTANT("fldl2e"); break;
	case 3: CONSTANT("fldpi"); break;
	case 4: CONSTANT("fldlg2"); break;
	case 5: CONSTANT("fldln2"); break;
	default: CONSTANT("fldz"); break;
	}
}

void host_x87(enum host_op op, struct float80 a, struct float80 b, uint16_t cw,
	      struct host_result *out)
{
	memset(out, 0, sizeof *out);
	switch (op) {
	case HOST_FXTRACT:
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfxtract\n\t"
				 "fnstsw %[sw]\n\tfnclex\n\tfstpt %[r0]\n\tfstpt %[r1]"
				 : [sw] "=m"(out->status), [r0] "=m"(out->st0), [r1] "=m"(out->st1)
				 : [a] "m"(a), [cw] "m"(cw));
		break;
	case HOST_FIST16: STORE("fistps"); break;
	case HOST_FIST32: STORE("fistpl"); break;
	case HOST_FIST64: STORE("fistpll"); break;
	case HOST_FST32: STORE("fstps"); break;
	case HOST_FST64: STORE("fstpl"); break;
	case HOST_FBSTP: STORE("fbstp"); break;
	case HOST_FLDCONST:
		host_constant((unsigned)a.signif, cw, out);
		break;
	case HOST_FLD32: LOAD("flds"); break;
	case HOST_FLD64: LOAD("fldl"); break;
	case HOST_FBLD: LOAD("fbld"); break;
	default:
		host_on_stack(op, a, b, cw, out);
		break;
	}
}

#endif
