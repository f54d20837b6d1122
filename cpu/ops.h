/* Helpers shared by the instruction handlers (ops_*.c): register and
 * operand access, the stack, and the handler declarations the opcode
 * tables refer to. */
#ifndef SMMBOX_CPU_OPS_H
#define SMMBOX_CPU_OPS_H

#include "cpu/core.h"
#include "cpu/mmu.h"

/* A handler is defined as its body; the wrapper HANDLER() makes does the
 * bookkeeping every instruction shares and threads execution: after a
 * completed instruction EIP advances by its length (wrapping at 64 KiB
 * only in 16-bit code under a 64 KiB CS limit: core->ip_mask),
 * the retired count rises, and unless the run must stop there (the
 * budget, or decoded code was overwritten: core->stop_at) the next record
 * of the block runs straight from here, so that every handler ends in its
 * own indirect jump.  A block ends with a record whose handler only
 * returns (op_end_of_block), and holds at most BLOCK_MAX_INSNS records, so
 * the chain is bounded even where the compiler makes calls of the tail
 * jumps.  R_STOP and R_JUMP end the chain after their bookkeeping; R_FAULT
 * returns with nothing done. */
CPU_INLINE int dispatch(struct cpu *cpu, const struct insn *i, int r)
{
	if (likely(r == R_NEXT)) {
		cpu->eip = (cpu->eip + i->len) & cpu->core->ip_mask;
		if (unlikely(++cpu->icount >= cpu->core->stop_at))
			return R_NEXT;
		return i[1].fn(cpu, i + 1);
	}
	if (r == R_STOP) {
		cpu->eip = (cpu->eip + i->len) & cpu->core->ip_mask;
		cpu->icount++;
	} else if (r == R_JUMP) {
		cpu->icount++;
	}
	return r;
}

#define HANDLER(name)                                                          \
	static inline int name##_body(struct cpu *cpu, const struct insn *i);   \
	int name(struct cpu *cpu, const struct insn *i)                         \
	{                                                                      \
		return dispatch(cpu, i, name##_body(cpu, i));                  \
	}                                                                      \
	static inline int name##_body(struct cpu *cpu, const struct insn *i)

CPU_INLINE uint32_t reg_get(const struct cpu *cpu, unsigned r, unsigned size)
{
	if (size == 4)
		return cpu->reg[r];
	if (size == 2)
		return cpu->reg[r] & 0xFFFF;
	return r < 4 ? cpu->reg[r] & 0xFF : (cpu->reg[r - 4] >> 8) & 0xFF;
}

CPU_INLINE void reg_set(struct cpu *cpu, unsigned r, unsigned size, uint32_t v)
{
	if (size == 4)
		cpu->reg[r] = v;
	else if (size == 2)
		cpu->reg[r] = (cpu->reg[r] & 0xFFFF0000u) | (v & 0xFFFF);
	else if (r < 4)
		cpu->reg[r] = (cpu->reg[r] & 0xFFFFFF00u) | (v & 0xFF);
	else
		cpu->reg[r - 4] = (cpu->reg[r - 4] & 0xFFFF00FFu) | ((v & 0xFF) << 8);
}

/* The ModRM r/m operand of size bytes. */
CPU_INLINE int rm_read(struct cpu *cpu, const struct insn *i, unsigned size, uint32_t *v)
{
	if (i->mod == 3) {
		*v = reg_get(cpu, i->rm, size);
		return R_NEXT;
	}
	return mem_read(cpu, i->seg, insn_ea(cpu, i), size, v);
}

CPU_INLINE int rm_write(struct cpu *cpu, const struct insn *i, unsigned size, uint32_t v)
{
	if (i->mod == 3) {
		reg_set(cpu, i->rm, size, v);
		return R_NEXT;
	}
	return mem_write(cpu, i->seg, insn_ea(cpu, i), size, v);
}

/* Read the r/m operand for a read-modify-write: a memory operand must
 * also be writable, checked before anything is computed. */
CPU_INLINE int rm_read_rmw(struct cpu *cpu, const struct insn *i, unsigned size,
			      uint32_t *v)
{
	if (i->mod == 3) {
		*v = reg_get(cpu, i->rm, size);
		return R_NEXT;
	}
	uint32_t off = insn_ea(cpu, i);
	if (seg_check(cpu, i->seg, off, size, SEGACC_WRITE))
		return R_FAULT;
	return mem_read(cpu, i->seg, off, size, v);
}

/* ---- the stack: work on a copy of ESP, commit with sp_commit() ---- */

CPU_INLINE uint32_t sp_get(const struct cpu *cpu)
{
	return cpu->reg[R_ESP] & sp_mask(cpu);
}

/* Write sp to the stack pointer of the size mask says (0xFFFF: SP, ESP's
 * upper half stays; 0xFFFFFFFF: ESP).  The size is the one in force when
 * the instruction began, even where the instruction loads SS with a
 * segment of another B bit (POP SS): SDM Vol.1 §6.2.3, Vol.3A §3.4.5. */
CPU_INLINE void sp_write(struct cpu *cpu, uint32_t sp, uint32_t mask)
{
	cpu->reg[R_ESP] = (cpu->reg[R_ESP] & ~mask) | (sp & mask);
}

/* sp_write() at the current stack-address size (SS unchanged since
 * sp_get(), or a new SS whose size is now the one that applies). */
CPU_INLINE void sp_commit(struct cpu *cpu, uint32_t sp)
{
	sp_write(cpu, sp, sp_mask(cpu));
}

CPU_INLINE int push_at(struct cpu *cpu, uint32_t *sp, unsigned size, uint32_t v)
{
	uint32_t n = (*sp - size) & sp_mask(cpu);
	if (mem_write(cpu, S_SS, n, size, v))
		return R_FAULT;
	*sp = n;
	return R_NEXT;
}

CPU_INLINE int pop_at(struct cpu *cpu, uint32_t *sp, unsigned size, uint32_t *v)
{
	if (mem_read(cpu, S_SS, *sp & sp_mask(cpu), size, v))
		return R_FAULT;
	*sp = (*sp + size) & sp_mask(cpu);
	return R_NEXT;
}

CPU_INLINE int push(struct cpu *cpu, unsigned size, uint32_t v)
{
	uint32_t sp = sp_get(cpu);
	if (push_at(cpu, &sp, size, v))
		return R_FAULT;
	sp_commit(cpu, sp);
	return R_NEXT;
}

/* Jump within CS: checks the target against the CS limit (#GP(0)). */
CPU_INLINE int jump_near(struct cpu *cpu, uint32_t target, unsigned osize)
{
	if (osize == 2)
		target &= 0xFFFF;
	if (target > cpu->seg[S_CS].limit)
		return GP0(cpu);
	cpu->eip = target;
	return R_JUMP;
}

CPU_INLINE uint32_t next_eip(const struct cpu *cpu, const struct insn *i)
{
	return cpu->eip + i->len;
}

/* Segment loads (seg.c). */
int seg_load(struct cpu *cpu, unsigned s, uint16_t sel);
int seg_far_jump(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
		 uint32_t return_eip);
int seg_far_call(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
		 uint32_t return_eip);
int seg_far_return(struct cpu *cpu, unsigned osize, uint16_t extra);
int seg_iret(struct cpu *cpu, unsigned osize, uint32_t next_eip);
void seg_set_cpl(struct cpu *cpu, uint8_t cpl);

/* I/O permission (ops_io.c): IOPL, or the TSS bitmap in PM. */
int io_allowed(struct cpu *cpu, uint16_t port, unsigned size);
/* A port access for the event stream (ops_io.c). */
void io_event(struct cpu *cpu, uint16_t port, unsigned size, uint32_t value, bool write);

/* EFLAGS writes by POPF/IRET under the mode's rules. */
void write_eflags_masked(struct cpu *cpu, uint32_t v, uint32_t mask);

#endif
