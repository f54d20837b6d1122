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

/* Prepare the page; false (with a message on stderr) when the host will
 * not give executable memory. */
bool host_jit_init(void);
/* Run the len bytes of insn on s; MXCSR is put back afterwards. */
void host_jit_run(const uint8_t *insn, unsigned len, struct simd_state *s);

#endif
