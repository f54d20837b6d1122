/* Segment registers and far transfers under the rules of each mode:
 * real mode and v86 load base = selector << 4; protected mode checks and
 * loads descriptors (SDM Vol.3A ch.5, Vol.2 MOV/JMP/CALL/RET/IRET). */
#include "cpu/desc.h"
#include "cpu/ops.h"
#include "cpu/task.h"

int desc_read(struct cpu *cpu, uint16_t sel, struct desc *d, uint8_t vector, bool ext)
{
	const struct cpu_table_reg gdt = cpu->gdtr;
	uint32_t base = gdt.base, limit = gdt.limit;
	if (sel & 4) {
		if (!(cpu->ldtr.attr & SEG_ATTR_P) || (cpu->ldtr.sel & ~3) == 0)
			return raise_fault_err(cpu, vector, (sel & 0xFFFC) | ext);
		base = cpu->ldtr.base;
		limit = cpu->ldtr.limit;
	}
	uint32_t idx = sel & ~7u;
	if (idx + 7 > limit)
		return raise_fault_err(cpu, vector, (sel & 0xFFFC) | ext);
	if (sys_read(cpu, base + idx, 4, &d->lo) || sys_read(cpu, base + idx + 4, 4, &d->hi))
		return R_FAULT;
	return R_NEXT;
}

int desc_write_hi(struct cpu *cpu, uint16_t sel, uint32_t hi)
{
	uint32_t base = (sel & 4) ? cpu->ldtr.base : cpu->gdtr.base;
	return sys_write(cpu, base + (sel & ~7u) + 4, 4, hi);
}

int desc_set_accessed(struct cpu *cpu, uint16_t sel, struct desc *d)
{
	if (d->hi & 0x100)
		return R_NEXT;
	d->hi |= 0x100;
	return desc_write_hi(cpu, sel, d->hi);
}

void desc_to_segment(const struct desc *d, uint16_t sel, struct cpu_segment *s)
{
	s->sel = sel;
	s->base = (d->lo >> 16) | ((d->hi & 0xFF) << 16) | (d->hi & 0xFF000000u);
	s->limit = (d->lo & 0xFFFF) | (d->hi & 0xF0000);
	if (d->hi & (1u << 23))
		s->limit = (s->limit << 12) | 0xFFF;
	s->attr = (uint16_t)((d->hi >> 8) & 0xF0FF);
}

void seg_set_cpl(struct cpu *cpu, uint8_t cpl)
{
	if ((cpu->cpl == 3) != (cpl == 3))
		cpu_tlb_flush(cpu); /* TLB entries hold user/supervisor rights */
	cpu_set_cpl(cpu, cpl);
}

static void load_cached(struct cpu *cpu, unsigned s, const struct cpu_segment *v)
{
	cpu->seg[s] = *v;
	mmu_segment_changed(cpu, s);
	if (s == S_CS || s == S_SS)
		cpu_mode_changed(cpu);
}

static void load_real(struct cpu *cpu, unsigned s, uint16_t sel)
{
	struct cpu_segment *sg = &cpu->seg[s];
	sg->sel = sel;
	sg->base = (uint32_t)sel << 4;
	if (cpu->core->v86) {
		sg->limit = 0xFFFF;
		sg->attr = SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_DPL | 0x3;
	}
	mmu_segment_changed(cpu, s);
	if (s == S_SS || s == S_CS)
		cpu_mode_changed(cpu);
}

/* MOV/POP/LDS.. to a data or stack segment register (SDM Vol.2 MOV). */
int seg_load(struct cpu *cpu, unsigned s, uint16_t sel)
{
	if (!cpu->core->pm || cpu->core->v86) {
		load_real(cpu, s, sel);
		return R_NEXT;
	}
	unsigned rpl = sel & 3, cpl = cpu->cpl;
	if ((sel & ~3) == 0) {
		if (s == S_SS)
			return GP0(cpu);
		struct cpu_segment null = { .sel = sel };
		load_cached(cpu, s, &null);
		return R_NEXT;
	}
	struct desc d;
	if (desc_read(cpu, sel, &d, VEC_GP, false))
		return R_FAULT;
	unsigned dpl = DESC_DPL(&d), type = DESC_TYPE(&d);
	if (s == S_SS) {
		if (rpl != cpl || dpl != cpl || !DESC_IS_DATA(&d) || !(type & 2))
			return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
		if (!DESC_P(&d))
			return raise_fault_err(cpu, VEC_SS, sel & 0xFFFC);
	} else {
		if (!DESC_S(&d) || (DESC_IS_CODE(&d) && !(type & 2)))
			return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
		if (!DESC_CONFORMING(&d) && (dpl < cpl || dpl < rpl))
			return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
		if (!DESC_P(&d))
			return raise_fault_err(cpu, VEC_NP, sel & 0xFFFC);
	}
	if (desc_set_accessed(cpu, sel, &d))
		return R_FAULT;
	struct cpu_segment v;
	desc_to_segment(&d, sel, &v);
	load_cached(cpu, s, &v);
	return R_NEXT;
}

/* Load CS for a transfer to a code segment already checked. */
static void load_cs(struct cpu *cpu, const struct desc *d, uint16_t sel, uint8_t cpl)
{
	struct cpu_segment v;
	desc_to_segment(d, (uint16_t)((sel & ~3) | cpl), &v);
	seg_set_cpl(cpu, cpl);
	load_cached(cpu, S_CS, &v);
}

/* Push the return address CS:EIP of a far CALL, size bytes each. */
static int push_far_return(struct cpu *cpu, unsigned size, uint32_t return_eip)
{
	uint32_t sp = sp_get(cpu);
	if (push_at(cpu, &sp, size, cpu->seg[S_CS].sel) || push_at(cpu, &sp, size, return_eip))
		return R_FAULT;
	sp_commit(cpu, sp);
	return R_NEXT;
}

/* Enter the checked code segment d at off, at the current privilege level. */
static int enter_same_level(struct cpu *cpu, struct desc *d, uint16_t sel, uint32_t off)
{
	if (desc_set_accessed(cpu, sel, d))
		return R_FAULT;
	load_cs(cpu, d, sel, cpu->cpl);
	cpu->eip = off;
	return R_JUMP;
}

/* Checks for a direct JMP/CALL/RET target code segment at cpl. */
static int check_code_target(struct cpu *cpu, uint16_t sel, const struct desc *d,
			     unsigned cpl)
{
	if (!DESC_IS_CODE(d))
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	unsigned dpl = DESC_DPL(d), rpl = sel & 3;
	if (DESC_CONFORMING(d) ? dpl > cpl : (rpl > cpl || dpl != cpl))
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	if (!DESC_P(d))
		return raise_fault_err(cpu, VEC_NP, sel & 0xFFFC);
	return R_NEXT;
}

static uint32_t segment_limit_of(const struct desc *d)
{
	uint32_t limit = (d->lo & 0xFFFF) | (d->hi & 0xF0000);
	return (d->hi & (1u << 23)) ? (limit << 12) | 0xFFF : limit;
}

/* A gate (call or task) named by a far JMP/CALL: checks common to both. */
static int check_gate(struct cpu *cpu, uint16_t sel, const struct desc *g)
{
	unsigned dpl = DESC_DPL(g);
	if (dpl < cpu->cpl || dpl < (sel & 3u))
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	if (!DESC_P(g))
		return raise_fault_err(cpu, VEC_NP, sel & 0xFFFC);
	return R_NEXT;
}

static int far_transfer_pm(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
			   uint32_t return_eip, bool call);

int seg_far_jump(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
		 uint32_t return_eip)
{
	if (osize == 2)
		off &= 0xFFFF;
	if (!cpu->core->pm || cpu->core->v86) {
		load_real(cpu, S_CS, sel);
		cpu->eip = off;
		return R_JUMP;
	}
	return far_transfer_pm(cpu, sel, off, osize, return_eip, false);
}

int seg_far_call(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
		 uint32_t return_eip)
{
	if (osize == 2)
		off &= 0xFFFF;
	if (!cpu->core->pm || cpu->core->v86) {
		if (push_far_return(cpu, osize, return_eip))
			return R_FAULT;
		load_real(cpu, S_CS, sel);
		cpu->eip = off;
		return R_JUMP;
	}
	return far_transfer_pm(cpu, sel, off, osize, return_eip, true);
}

/* The inner stack for privilege level dpl from the current TSS. */
int seg_tss_stack(struct cpu *cpu, unsigned dpl, uint16_t *ss, uint32_t *esp)
{
	bool tss32 = (cpu->tr.attr & 0xF) == SYS_TSS32_BUSY;
	uint32_t at = tss32 ? 4 + 8 * dpl : 2 + 4 * dpl;
	uint32_t sz = tss32 ? 4 : 2, v, s;
	if (at + 2 * sz - 1 > cpu->tr.limit)
		return raise_fault_err(cpu, VEC_TS, cpu->tr.sel & 0xFFFC);
	if (sys_read(cpu, cpu->tr.base + at, sz, &v) ||
	    sys_read(cpu, cpu->tr.base + at + sz, 2, &s))
		return R_FAULT;
	*esp = v;
	*ss = (uint16_t)s;
	return R_NEXT;
}

/* Check a new stack segment for a privilege change to dpl (#TS). */
int seg_check_new_ss(struct cpu *cpu, uint16_t ss, unsigned dpl, struct desc *d)
{
	if ((ss & ~3) == 0)
		return raise_fault_err(cpu, VEC_TS, 0);
	if (desc_read(cpu, ss, d, VEC_TS, false))
		return R_FAULT;
	if ((ss & 3) != dpl || DESC_DPL(d) != dpl || !DESC_IS_DATA(d) || !(DESC_TYPE(d) & 2))
		return raise_fault_err(cpu, VEC_TS, ss & 0xFFFC);
	if (!DESC_P(d))
		return raise_fault_err(cpu, VEC_SS, ss & 0xFFFC);
	return R_NEXT;
}

/* CALL through a call gate to a more privileged non-conforming segment:
 * switch to the TSS stack, copy the parameters, push the old SS:ESP and
 * CS:EIP (SDM Vol.3A §5.8.5). */
static int call_gate_inner(struct cpu *cpu, const struct desc *gate, uint16_t cs_sel,
			   const struct desc *cs, uint32_t off, uint32_t return_eip)
{
	unsigned dpl = DESC_DPL(cs);
	bool gate32 = DESC_TYPE(gate) == SYS_CALLGATE32;
	unsigned sz = gate32 ? 4 : 2, nparams = gate->hi & 0x1F;
	uint16_t ss;
	uint32_t esp;
	struct desc ssd;
	if (seg_tss_stack(cpu, dpl, &ss, &esp) || seg_check_new_ss(cpu, ss, dpl, &ssd) ||
	    desc_set_accessed(cpu, ss, &ssd))
		return R_FAULT;
	uint32_t params[32];
	uint32_t old_sp = sp_get(cpu);
	for (unsigned k = 0; k < nparams; k++)
		if (mem_read(cpu, S_SS, (old_sp + k * sz) & sp_mask(cpu), sz, &params[k]))
			return R_FAULT;
	struct cpu_segment old_ss = cpu->seg[S_SS], old_cs = cpu->seg[S_CS];
	uint32_t old_esp = cpu->reg[R_ESP];
	uint8_t old_cpl = cpu->cpl;
	struct cpu_segment nss;
	desc_to_segment(&ssd, ss, &nss);
	seg_set_cpl(cpu, (uint8_t)dpl);
	load_cached(cpu, S_SS, &nss);
	uint32_t sp = esp & sp_mask(cpu);
	int r = push_at(cpu, &sp, sz, old_ss.sel) || push_at(cpu, &sp, sz, old_esp);
	for (unsigned k = nparams; !r && k > 0; k--)
		r = push_at(cpu, &sp, sz, params[k - 1]);
	if (!r)
		r = push_at(cpu, &sp, sz, old_cs.sel) || push_at(cpu, &sp, sz, return_eip);
	if (r) {
		seg_set_cpl(cpu, old_cpl);
		load_cached(cpu, S_SS, &old_ss);
		return R_FAULT;
	}
	sp_commit(cpu, sp); /* a 16-bit inner stack: SP only */
	load_cs(cpu, cs, cs_sel, (uint8_t)dpl);
	cpu->eip = gate32 ? off : off & 0xFFFF;
	return R_JUMP;
}

static int through_call_gate(struct cpu *cpu, uint16_t sel, const struct desc *g,
			     uint32_t return_eip, bool call)
{
	if (check_gate(cpu, sel, g))
		return R_FAULT;
	uint16_t cs_sel = (uint16_t)(g->lo >> 16);
	uint32_t off = (g->lo & 0xFFFF) | (DESC_TYPE(g) == SYS_CALLGATE32 ? (g->hi & 0xFFFF0000u) : 0);
	if ((cs_sel & ~3) == 0)
		return GP0(cpu);
	struct desc cs;
	if (desc_read(cpu, cs_sel, &cs, VEC_GP, false))
		return R_FAULT;
	unsigned dpl = DESC_DPL(&cs);
	if (!DESC_IS_CODE(&cs) || dpl > cpu->cpl ||
	    (!call && !DESC_CONFORMING(&cs) && dpl != cpu->cpl))
		return raise_fault_err(cpu, VEC_GP, cs_sel & 0xFFFC);
	if (!DESC_P(&cs))
		return raise_fault_err(cpu, VEC_NP, cs_sel & 0xFFFC);
	if (off > segment_limit_of(&cs))
		return GP0(cpu);
	if (call && !DESC_CONFORMING(&cs) && dpl < cpu->cpl)
		return call_gate_inner(cpu, g, cs_sel, &cs, off, return_eip);
	unsigned sz = DESC_TYPE(g) == SYS_CALLGATE32 ? 4 : 2;
	if (call && push_far_return(cpu, sz, return_eip))
		return R_FAULT;
	return enter_same_level(cpu, &cs, cs_sel, off);
}

static int far_transfer_pm(struct cpu *cpu, uint16_t sel, uint32_t off, unsigned osize,
			   uint32_t return_eip, bool call)
{
	if ((sel & ~3) == 0)
		return GP0(cpu);
	struct desc d;
	if (desc_read(cpu, sel, &d, VEC_GP, false))
		return R_FAULT;
	if (DESC_S(&d)) {
		if (check_code_target(cpu, sel, &d, cpu->cpl))
			return R_FAULT;
		if (off > segment_limit_of(&d))
			return GP0(cpu);
		if (call && push_far_return(cpu, osize, return_eip))
			return R_FAULT;
		return enter_same_level(cpu, &d, sel, off);
	}
	switch (DESC_TYPE(&d)) {
	case SYS_CALLGATE16:
	case SYS_CALLGATE32:
		return through_call_gate(cpu, sel, &d, return_eip, call);
	case SYS_TASKGATE:
	case SYS_TSS16_AVAIL:
	case SYS_TSS32_AVAIL:
		if (check_gate(cpu, sel, &d))
			return R_FAULT;
		return task_switch_by_selector(cpu, sel, &d,
					       call ? TASK_CALL : TASK_JUMP, return_eip);
	default:
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	}
}

/* After a return to an outer level, data segment registers the new
 * level may not use become null (SDM Vol.2 RET, IRET). */
static void drop_inner_segments(struct cpu *cpu)
{
	static const unsigned regs[] = { S_ES, S_DS, S_FS, S_GS };
	for (unsigned k = 0; k < 4; k++) {
		struct cpu_segment *sg = &cpu->seg[regs[k]];
		unsigned dpl = (sg->attr & SEG_ATTR_DPL) >> 5;
		bool conforming_code = (sg->attr & SEG_ATTR_S) && (sg->attr & 0xC) == 0xC;
		if ((sg->attr & SEG_ATTR_S) && !conforming_code && dpl < cpu->cpl) {
			struct cpu_segment null = { .sel = 0 };
			load_cached(cpu, regs[k], &null);
		}
	}
}

/* Return to cs_sel:eip popped from the stack in protected mode; sp is the
 * stack pointer after the popped CS (and EFLAGS for IRET). */
static int return_pm(struct cpu *cpu, uint16_t cs_sel, uint32_t eip, uint32_t sp,
		     unsigned osize, uint16_t extra)
{
	if ((cs_sel & ~3) == 0)
		return GP0(cpu);
	struct desc cs;
	if (desc_read(cpu, cs_sel, &cs, VEC_GP, false))
		return R_FAULT;
	unsigned rpl = cs_sel & 3, dpl = DESC_DPL(&cs);
	if (!DESC_IS_CODE(&cs) || rpl < cpu->cpl ||
	    (DESC_CONFORMING(&cs) ? dpl > rpl : dpl != rpl))
		return raise_fault_err(cpu, VEC_GP, cs_sel & 0xFFFC);
	if (!DESC_P(&cs))
		return raise_fault_err(cpu, VEC_NP, cs_sel & 0xFFFC);
	if (eip > segment_limit_of(&cs))
		return GP0(cpu);
	sp += extra;
	if (rpl == cpu->cpl) {
		load_cs(cpu, &cs, cs_sel, (uint8_t)rpl);
		sp_commit(cpu, sp);
		cpu->eip = eip;
		return R_JUMP;
	}
	uint32_t new_esp, ss_sel;
	if (pop_at(cpu, &sp, osize, &new_esp) || pop_at(cpu, &sp, osize, &ss_sel))
		return R_FAULT;
	struct desc ssd;
	if ((ss_sel & ~3) == 0)
		return GP0(cpu);
	if (desc_read(cpu, (uint16_t)ss_sel, &ssd, VEC_GP, false))
		return R_FAULT;
	if ((ss_sel & 3) != rpl || DESC_DPL(&ssd) != rpl || !DESC_IS_DATA(&ssd) ||
	    !(DESC_TYPE(&ssd) & 2))
		return raise_fault_err(cpu, VEC_GP, ss_sel & 0xFFFC);
	if (!DESC_P(&ssd))
		return raise_fault_err(cpu, VEC_SS, ss_sel & 0xFFFC);
	struct cpu_segment nss;
	desc_to_segment(&ssd, (uint16_t)ss_sel, &nss);
	load_cs(cpu, &cs, cs_sel, (uint8_t)rpl);
	load_cached(cpu, S_SS, &nss);
	/* The outer stack pointer at the new stack's size: to a 16-bit stack
	 * only SP, ESP's upper half as it was (as Bochs and QEMU do). */
	sp_commit(cpu, new_esp + extra);
	cpu->eip = eip;
	drop_inner_segments(cpu);
	return R_JUMP;
}

int seg_far_return(struct cpu *cpu, unsigned osize, uint16_t extra)
{
	uint32_t sp = sp_get(cpu), eip, cs;
	if (pop_at(cpu, &sp, osize, &eip) || pop_at(cpu, &sp, osize, &cs))
		return R_FAULT;
	if (osize == 2)
		eip &= 0xFFFF;
	if (!cpu->core->pm || cpu->core->v86) {
		if (eip > cpu->seg[S_CS].limit && cpu->core->v86)
			return GP0(cpu);
		load_real(cpu, S_CS, (uint16_t)cs);
		sp_commit(cpu, sp + extra);
		cpu->eip = eip;
		return R_JUMP;
	}
	return return_pm(cpu, (uint16_t)cs, eip, sp, osize, extra);
}

/* IRET from protected mode back to virtual-8086 mode (SDM Vol.2 IRET). */
static int iret_to_v86(struct cpu *cpu, uint32_t eip, uint16_t cs, uint32_t eflags,
		       uint32_t sp)
{
	uint32_t v[6]; /* ESP SS ES DS FS GS */
	for (unsigned k = 0; k < 6; k++)
		if (pop_at(cpu, &sp, 4, &v[k]))
			return R_FAULT;
	cpu->eflags = (eflags & ~FLAGS_ARITH) | 0x2;
	cpu->lf.op = LF_NONE;
	flags_set(cpu, eflags, FLAGS_ARITH);
	seg_set_cpl(cpu, 3);
	cpu_mode_changed(cpu);
	load_real(cpu, S_CS, cs);
	load_real(cpu, S_SS, (uint16_t)v[1]);
	load_real(cpu, S_ES, (uint16_t)v[2]);
	load_real(cpu, S_DS, (uint16_t)v[3]);
	load_real(cpu, S_FS, (uint16_t)v[4]);
	load_real(cpu, S_GS, (uint16_t)v[5]);
	cpu->reg[R_ESP] = v[0];
	cpu->eip = eip & 0xFFFF;
	return R_JUMP;
}

int seg_iret(struct cpu *cpu, unsigned osize, uint32_t next_eip)
{
	struct cpu_core *core = cpu->core;
	if (core->v86 && (cpu->eflags & FLAG_IOPL) != FLAG_IOPL)
		return GP0(cpu);
	/* IRET ends NMI blocking, in SMM too (SDM Vol.3C §34.8). */
	cpu->nmi_blocked = false;
	if (core->pm && !core->v86 && (cpu->eflags & FLAG_NT))
		return task_return(cpu, next_eip);
	uint32_t sp = sp_get(cpu), eip, cs, fl;
	if (pop_at(cpu, &sp, osize, &eip) || pop_at(cpu, &sp, osize, &cs) ||
	    pop_at(cpu, &sp, osize, &fl))
		return R_FAULT;
	uint32_t mask = osize == 2 ? 0xFFFF : 0xFFFFFFFFu;
	if (!core->pm || core->v86) {
		if (osize == 2)
			eip &= 0xFFFF;
		if (eip > cpu->seg[S_CS].limit)
			return GP0(cpu);
		load_real(cpu, S_CS, (uint16_t)cs);
		sp_commit(cpu, sp);
		cpu->eip = eip;
		if (core->v86)
			mask &= ~(FLAG_IOPL | FLAG_VM);
		write_eflags_masked(cpu, fl, mask);
		return R_JUMP;
	}
	if (osize == 4 && (fl & FLAG_VM) && cpu->cpl == 0)
		return iret_to_v86(cpu, eip, (uint16_t)cs, fl, sp);
	if (osize == 2)
		eip &= 0xFFFF;
	uint8_t old_cpl = cpu->cpl;
	int r = return_pm(cpu, (uint16_t)cs, eip, sp, osize, 0);
	if (r == R_FAULT)
		return R_FAULT;
	/* Flags as at the old privilege level (SDM Vol.2 IRET). */
	uint8_t new_cpl = cpu->cpl;
	cpu_set_cpl(cpu, old_cpl);
	write_eflags_masked(cpu, fl, mask & ~FLAG_VM);
	cpu_set_cpl(cpu, new_cpl);
	cpu_mode_changed(cpu);
	return R_JUMP;
}
