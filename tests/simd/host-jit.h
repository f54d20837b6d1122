/* One MMX or SSE instruction run on the host's own units, for
 * cpu-vs-host: the instruction's bytes are put between a prologue that
 * loads MM0, MM1, XMM0, XMM1, MXCSR and EAX from a struct simd_state and
 * an epilogue that stores them and EFLAGS back (then EMMS), in a page of
 * the host's memory that can be executed.  x86 hosts only (HOST_JIT). */
#ifndef SMMBOX_TESTS_SIMD_HOST_JIT_H
#define SMMBOX_TESTS_SIMD_HOST_JIT_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__x86_64__)
#define HOST_JIT 1
#endif

/* The registers an instruction under test reads and writes.  The layout
 * is the prologue's and epilogue's: do not reorder. */
struct simd_state {
	uint64_t mm[2];
	uint8_t xmm[2][16];
	uint32_t mxcsr;
	uint32_t eflags;
	uint32_t eax;
	uint32_t unused;
};

/* The x87 side: the registers pushed before the instruction (regs[0]
 * first, so regs[count - 1] is ST(0)), the control word, EFLAGS (the
 * arithmetic flags, for FCMOVcc) and EAX going in; FNSAVE's image (the
 * 32-bit layout), EFLAGS and EAX coming out.  Layout fixed, as above. */
struct x87_state {
	uint8_t regs[8][10];
	uint16_t cw;
	uint16_t count;
	uint32_t eflags;
	uint32_t eax;
	uint32_t unused;
	uint8_t image[108];
};

/* Prepare the page; false (with a message on stderr) when the host will
 * not give executable memory. */
bool host_jit_init(void);
/* Run the len bytes of insn on s; MXCSR is put back afterwards. */
void host_jit_run(const uint8_t *insn, unsigned len, struct simd_state *s);
/* Run the len bytes of an x87 instruction on s: FNINIT, FLDCW, the
 * pushes, EFLAGS and EAX, the instruction, then FNSAVE (which leaves the
 * host's x87 initialised: an unmasked exception never traps). */
void host_jit_run_x87(const uint8_t *insn, unsigned len, struct x87_state *s);

#endif
