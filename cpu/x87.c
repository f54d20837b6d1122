/* The x87 FPU's common rules: the environment arithmetic runs in,
 * exceptions (#NM, #MF and FERR#), the register stack, and reading its
 * memory formats. */
#include "cpu/mmu.h"
#include "cpu/x87.h"

uint16_t cpu_fpu_tag_word(const struct cpu_fpu *fpu)
{
	uint16_t tags = 0;
	for (unsigned r = 0; r < 8; r++) {
		unsigned tag;
		if (fpu->empty & (1u << r))
			tag = 3;
		else
			switch (f80_classify(fpu->st[r])) {
			case F80_NORMAL: tag = 0; break;
			case F80_ZERO: tag = 1; break;
			default: tag = 2; break;
			}
		tags |= (uint16_t)(tag << (2 * r));
	}
	return tags;
}

struct fp_env x87_env(const struct cpu *cpu)
{
	static const uint8_t precision[4] = { 24, 64, 53, 64 }; /* 01 is reserved */
	uint16_t cw = cpu->fpu.control;
	return (struct fp_env){
		.rounding = (uint8_t)((cw >> 10) & 3),
		.precision = precision[(cw >> 8) & 3],
		.unmasked = (uint8_t)(~cw & FCW_EXCEPTION_MASKS),
	};
}

int x87_device_check(struct cpu *cpu)
{
	if (cpu->cr0 & (CR0_EM | CR0_TS))
		return raise_fault(cpu, VEC_NM);
	return R_NEXT;
}

/* With CR0.NE clear the instruction waits, as HLT does, for an interrupt
 * (the IRQ13 handler's write to port 0xF0 asserts IGNNE#) and starts
 * again from its first byte when one returns to it. */
int x87_pending_error(struct cpu *cpu)
{
	if (!(cpu->fpu.status & FSW_ES))
		return R_NEXT;
	if (cpu->cr0 & CR0_NE)
		return raise_fault(cpu, VEC_MF);
	if (cpu->ignne_level)
		return R_NEXT;
	if (!cpu->ferr_level) {
		cpu->ferr_level = true;
		line_set(cpu->ferr, true);
	}
	cpu->halted = true;
	cpu->exit_detail = "an x87 instruction waits on FERR# for IGNNE# (CR0.NE=0)";
	cpu->core->attention = true;
	return R_JUMP;
}

void x87_error_changed(struct cpu *cpu)
{
	if (cpu->ferr_level && !(cpu->fpu.status & FSW_ES)) {
		cpu->ferr_level = false;
		line_set(cpu->ferr, false);
	}
}

void x87_recompute_error(struct cpu *cpu)
{
	struct cpu_fpu *f = &cpu->fpu;
	if (f->status & ~f->control & FCW_EXCEPTION_MASKS)
		f->status |= FSW_ES | FSW_B;
	else
		f->status &= (uint16_t)~(FSW_ES | FSW_B);
	x87_error_changed(cpu);
}

void x87_note_instruction(struct cpu *cpu, const struct insn *i)
{
	struct cpu_fpu *f = &cpu->fpu;
	f->opcode = (uint16_t)((i->op & 7) << 8 | i->mod << 6 | i->reg << 3 | i->rm);
	f->ip = cpu->eip;
	f->cs = cpu->seg[S_CS].sel;
	if (i->mod != 3) {
		f->dp = insn_ea(cpu, i);
		f->ds = cpu->seg[i->seg].sel;
	}
}

bool x87_deliver(struct cpu *cpu, const struct fp_env *env, bool to_memory)
{
	struct cpu_fpu *f = &cpu->fpu;
	const unsigned before_result = FSW_IE | FSW_DE | FSW_ZE;
	unsigned unmasked = env->flags & ~f->control & FCW_EXCEPTION_MASKS;
	f->status &= (uint16_t)~FSW_C1;
	if (unmasked & before_result) { /* found before any result: only these */
		f->status |= (uint16_t)((env->flags & before_result) | FSW_ES | FSW_B);
		return false;
	}
	f->status |= (uint16_t)(env->flags | (env->rounded_up ? FSW_C1 : 0));
	if (unmasked)
		f->status |= FSW_ES | FSW_B;
	return !(to_memory && (unmasked & (FSW_OE | FSW_UE)));
}

/* IE with SF, C1 as given; ES and B when IE is unmasked.  Whether the
 * masked response goes ahead. */
static bool stack_fault(struct cpu *cpu, bool overflow)
{
	struct cpu_fpu *f = &cpu->fpu;
	f->status = (uint16_t)((f->status & ~FSW_C1) | FSW_IE | FSW_SF | (overflow ? FSW_C1 : 0));
	if (f->control & FSW_IE)
		return true;
	f->status |= FSW_ES | FSW_B;
	return false;
}

bool x87_stack_underflow(struct cpu *cpu)
{
	return stack_fault(cpu, false);
}

bool x87_stack_overflow(struct cpu *cpu)
{
	return stack_fault(cpu, true);
}

bool x87_push(struct cpu *cpu, struct float80 v)
{
	unsigned top = (x87_top(cpu) - 1) & 7;
	if (!(cpu->fpu.empty & (1u << top))) {
		if (!x87_stack_overflow(cpu))
			return false;
		v = f80_indefinite();
	}
	x87_set_top(cpu, top);
	x87_set_st(cpu, 0, v);
	return true;
}

int x87_read_bytes(struct cpu *cpu, unsigned seg, uint32_t off, unsigned size, uint8_t *out)
{
	if (seg_check(cpu, seg, off, size, SEGACC_READ))
		return R_FAULT;
	for (unsigned k = 0; k < size;) {
		unsigned n = size - k >= 4 ? 4 : size - k >= 2 ? 2 : 1;
		uint32_t v;
		if (mem_read(cpu, seg, off + k, n, &v))
			return R_FAULT;
		for (unsigned b = 0; b < n; b++)
			out[k + b] = (uint8_t)(v >> (8 * b));
		k += n;
	}
	return R_NEXT;
}

/* All of it or nothing: the whole range is probed before the first
 * byte is written. */
int x87_write_bytes(struct cpu *cpu, unsigned seg, uint32_t off, unsigned size, const uint8_t *in)
{
	if (mem_probe_write(cpu, seg, off, size))
		return R_FAULT;
	for (unsigned k = 0; k < size;) {
		unsigned n = size - k >= 4 ? 4 : size - k >= 2 ? 2 : 1;
		uint32_t v = 0;
		for (unsigned b = 0; b < n; b++)
			v |= (uint32_t)in[k + b] << (8 * b);
		if (mem_write(cpu, seg, off + k, n, v))
			return R_FAULT;
		k += n;
	}
	return R_NEXT;
}

int x87_read_qword(struct cpu *cpu, unsigned seg, uint32_t off, uint64_t *v)
{
	uint8_t b[8];
	if (x87_read_bytes(cpu, seg, off, 8, b))
		return R_FAULT;
	uint64_t x = 0;
	for (int k = 7; k >= 0; k--)
		x = x << 8 | b[k];
	*v = x;
	return R_NEXT;
}

int x87_write_qword(struct cpu *cpu, unsigned seg, uint32_t off, uint64_t v)
{
	uint8_t b[8];
	for (unsigned k = 0; k < 8; k++)
		b[k] = (uint8_t)(v >> (8 * k));
	return x87_write_bytes(cpu, seg, off, 8, b);
}

bool x87_room_for_push(struct cpu *cpu)
{
	if (x87_empty(cpu, 7))
		return true;
	if (x87_stack_overflow(cpu)) {
		x87_set_st(cpu, 0, f80_indefinite());
		x87_push(cpu, f80_indefinite());
	}
	return false;
}

static uint64_t le_bytes(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;
	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

int x87_load(struct cpu *cpu, const struct insn *i, enum x87_format fmt, struct fp_env *env,
	     struct float80 *v)
{
	static const uint8_t sizes[] = {
		[X87_M32REAL] = 4, [X87_M64REAL] = 8, [X87_M80REAL] = 10, [X87_M16INT] = 2,
		[X87_M32INT] = 4, [X87_M64INT] = 8, [X87_M80BCD] = 10,
	};
	uint8_t b[10];
	if (x87_read_bytes(cpu, i->seg, insn_ea(cpu, i), sizes[fmt], b))
		return R_FAULT;
	switch (fmt) {
	case X87_M32REAL: *v = f80_from_f32(env, (uint32_t)le_bytes(b, 4)); break;
	case X87_M64REAL: *v = f80_from_f64(env, le_bytes(b, 8)); break;
	case X87_M80REAL: *v = f80_make(b[9] >> 7, le_bytes(b + 8, 2) & 0x7FFF, le_bytes(b, 8)); break;
	case X87_M16INT: *v = f80_from_int((int16_t)le_bytes(b, 2)); break;
	case X87_M32INT: *v = f80_from_int((int32_t)le_bytes(b, 4)); break;
	case X87_M64INT: *v = f80_from_int((int64_t)le_bytes(b, 8)); break;
	case X87_M80BCD: *v = f80_from_bcd(b); break;
	}
	return R_NEXT;
}
