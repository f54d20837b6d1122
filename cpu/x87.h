/* Private to cpu/: the x87 FPU's register stack, its exception rules and
 * its memory formats, shared by the ops_x87*.c handler files. */
#ifndef SMMBOX_CPU_X87_H
#define SMMBOX_CPU_X87_H

#include "cpu/core.h"

#define FCW_INIT 0x037Fu /* FNINIT's control word (RESET's is 0040H) */

CPU_INLINE unsigned x87_top(const struct cpu *cpu)
{
	return (cpu->fpu.status >> 11) & 7;
}

CPU_INLINE void x87_set_top(struct cpu *cpu, unsigned top)
{
	cpu->fpu.status = (uint16_t)((cpu->fpu.status & ~FSW_TOP) | (top & 7) << 11);
}

/* The physical register ST(i) is. */
CPU_INLINE unsigned x87_phys(const struct cpu *cpu, unsigned i)
{
	return (x87_top(cpu) + i) & 7;
}

CPU_INLINE bool x87_empty(const struct cpu *cpu, unsigned i)
{
	return cpu->fpu.empty & (1u << x87_phys(cpu, i));
}

CPU_INLINE struct float80 x87_st(const struct cpu *cpu, unsigned i)
{
	return cpu->fpu.st[x87_phys(cpu, i)];
}

CPU_INLINE void x87_set_st(struct cpu *cpu, unsigned i, struct float80 v)
{
	unsigned r = x87_phys(cpu, i);
	cpu->fpu.st[r] = v;
	cpu->fpu.empty &= (uint8_t)~(1u << r);
}

/* Free ST(0) and move TOP up. */
CPU_INLINE void x87_pop(struct cpu *cpu)
{
	cpu->fpu.empty |= (uint8_t)(1u << x87_phys(cpu, 0));
	x87_set_top(cpu, x87_top(cpu) + 1);
}

/* The environment the control word gives arithmetic. */
struct fp_env x87_env(const struct cpu *cpu);

/* An unmasked exception pending (FSW.ES): #MF with CR0.NE set; else the
 * PC's way, FERR# to the board (IRQ13), the instruction waiting until
 * IGNNE# lets it go on. */
int x87_pending_error(struct cpu *cpu);
/* After ES may have been cleared (FNCLEX, FNINIT, FLDCW, FLDENV, FRSTOR,
 * FXRSTOR): FERR# goes down with it. */
void x87_error_changed(struct cpu *cpu);
/* #NM for an escape when CR0.EM or CR0.TS is set. */
int x87_device_check(struct cpu *cpu);
/* Note the instruction in FOP, FCS:FIP and (memory forms) FDS:FDP, as
 * every non-control instruction does. */
void x87_note_instruction(struct cpu *cpu, const struct insn *i);

/* Merge an operation's exceptions into the status word, C1 as the
 * rounding went; FSW.ES and B when one is unmasked.  Whether the result
 * is to be delivered: not when IE, DE or ZE is unmasked (then only those
 * are reported: the x87 finds them before computing), nor, when
 * to_memory, OE or UE. */
bool x87_deliver(struct cpu *cpu, const struct fp_env *env, bool to_memory);

/* Stack underflow (an empty register read): IE and SF with C1 clear.
 * Whether the masked response (the QNaN indefinite in the destination)
 * goes ahead. */
bool x87_stack_underflow(struct cpu *cpu);
/* Stack overflow (a push onto a full register): IE, SF and C1. */
bool x87_stack_overflow(struct cpu *cpu);
/* Push v; on overflow the masked response pushes the indefinite.  Whether
 * anything was pushed. */
bool x87_push(struct cpu *cpu, struct float80 v);

/* The x87's memory formats. */
enum x87_format {
	X87_M32REAL, X87_M64REAL, X87_M80REAL, X87_M16INT, X87_M32INT, X87_M64INT, X87_M80BCD
};
/* Read a memory operand as an extended value; IE for a signalling NaN and
 * DE for a denormal go to env. */
int x87_load(struct cpu *cpu, const struct insn *i, enum x87_format fmt, struct fp_env *env,
	     struct float80 *v);
int x87_read_bytes(struct cpu *cpu, unsigned seg, uint32_t off, unsigned size, uint8_t *out);
int x87_write_bytes(struct cpu *cpu, unsigned seg, uint32_t off, unsigned size, const uint8_t *in);
int x87_read_qword(struct cpu *cpu, unsigned seg, uint32_t off, uint64_t *v);
int x87_write_qword(struct cpu *cpu, unsigned seg, uint32_t off, uint64_t v);
/* For an instruction that replaces ST(0) and pushes a second result
 * (FXTRACT, FPTAN, FSINCOS): whether ST(7) is free; if not, the stack
 * overflows, and its masked response puts the indefinite in ST(0) and
 * pushes another. */
bool x87_room_for_push(struct cpu *cpu);

/* ST(0) op other into ST(dest) in env (which may hold the exceptions of
 * loading other), op as D8's ModRM.reg says (0 add, 1 mul, 4 sub, 5 subr,
 * 6 div, 7 divr).  Whether the result was delivered. */
bool x87_arith_into(struct cpu *cpu, struct fp_env *env, unsigned reg, struct float80 other,
		    unsigned dest);
/* C3, C2 and C0 for a relation; C1 cleared. */
void x87_set_condition(struct cpu *cpu, enum fp_relation rel);
/* FCOM/FUCOM of ST(0) with other in env, then `pops` pops. */
int x87_compare(struct cpu *cpu, struct fp_env *env, struct float80 other, bool quiet,
		unsigned pops);
/* D9 E0-FF's transcendental functions, code = ModRM.reg << 3 | rm
 * (ops_x87_trans.c). */
int x87_transcendental(struct cpu *cpu, unsigned code);
/* The environment layouts of FLDENV, FSTENV, FSAVE, FRSTOR (ops_x87_env.c). */
int x87_store_environment(struct cpu *cpu, const struct insn *i, bool with_registers);
int x87_load_environment(struct cpu *cpu, const struct insn *i, bool with_registers);
/* FLDCW's and FLDENV's rule: ES and B say whether a raised exception is
 * unmasked. */
void x87_recompute_error(struct cpu *cpu);
/* D9 E0-FF (ops_x87_d9.c). */
int x87_d9_group(struct cpu *cpu, const struct insn *i);
/* DB E0-E7: FNENI, FNDISI, FNCLEX, FNINIT, FNSETPM. */
int x87_db_control(struct cpu *cpu, unsigned rm);
/* FNINIT's state. */
void x87_init(struct cpu *cpu);

/* MMX (ops_mmx.c): MMi is Ri's significand; writing it sets Ri's sign
 * and exponent to ones. */
uint64_t mmx_get(const struct cpu *cpu, unsigned r);
void mmx_set(struct cpu *cpu, unsigned r, uint64_t v);
/* The checks of every MMX instruction, EMMS included: #UD with CR0.EM,
 * #NM with CR0.TS, then a pending x87 error. */
int mmx_available(struct cpu *cpu);
/* The start of an MMX instruction but EMMS: mmx_available(), then TOP = 0
 * and every register valid. */
int mmx_begin(struct cpu *cpu);
/* The mm/m64 source operand. */
int mmx_read_source(struct cpu *cpu, const struct insn *i, uint64_t *v);

/* The register-form and memory-form handlers of each escape (ops_x87.c,
 * ops_x87_mem.c): ESC n is optable's D8+n. */
int x87_register_form(struct cpu *cpu, const struct insn *i);
int x87_memory_form(struct cpu *cpu, const struct insn *i);

#endif
