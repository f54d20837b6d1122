/* Private to cpu/: what the SSE handler files (ops_sse*.c) share: the
 * checks every SSE instruction starts with, the environment MXCSR gives,
 * SIMD floating-point exceptions, and the xmm/m128 and m32 operands. */
#ifndef SMMBOX_CPU_SSE_H
#define SMMBOX_CPU_SSE_H

#include "cpu/core.h"

/* #UD when CR0.EM is set or CR4.OSFXSR clear, #NM when CR0.TS is set. */
int sse_begin(struct cpu *cpu);
/* The environment for arithmetic: MXCSR's rounding, masks and FZ. */
struct fp_env sse_env(const struct cpu *cpu);
/* After the lanes have run in env: an unmasked exception raises #XM
 * (#UD without CR4.OSXMMEXCPT) with MXCSR's flags set (only IE, DE and
 * ZE when one of those is the unmasked one: those are found before any
 * result), and nothing is written; else the flags are set.  R_NEXT when
 * the results are to be written. */
int sse_finish(struct cpu *cpu, const struct fp_env *env);

/* The xmm/m128 source operand; aligned says a memory operand must be
 * 16-byte aligned (#GP(0) otherwise). */
int sse_read_source(struct cpu *cpu, const struct insn *i, bool aligned, union cpu_xmm *v);
/* The xmm/m32 source of a scalar instruction, into lane 0 of v. */
int sse_read_scalar(struct cpu *cpu, const struct insn *i, union cpu_xmm *v);
int sse_write_m128(struct cpu *cpu, const struct insn *i, bool aligned, const union cpu_xmm *v);

#endif
