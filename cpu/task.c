/* Hardware task switches through 16- and 32-bit TSSs (SDM Vol.3A §7.3). */
#include "cpu/task.h"

#include "cpu/ops.h"
#include "cpu/paging.h"

/* Offsets of the fields in each TSS format. */
struct tss_layout {
	unsigned sz, eip, eflags, gpr, seg, ldt, min_limit;
	bool has_cr3, has_fsgs;
};

static const struct tss_layout tss32 = { 4, 0x20, 0x24, 0x28, 0x48, 0x60, 0x67, true, true };
static const struct tss_layout tss16 = { 2, 0x0E, 0x10, 0x12, 0x22, 0x2A, 0x2B, false, false };

static const struct tss_layout *layout_of(unsigned type)
{
	return (type & 8) ? &tss32 : &tss16;
}

static int set_busy(struct cpu *cpu, uint16_t sel, struct desc *d, bool busy)
{
	d->hi = busy ? (d->hi | 0x200) : (d->hi & ~0x200u);
	return desc_write_hi(cpu, sel, d->hi);
}

static int save_state(struct cpu *cpu, const struct tss_layout *l, uint32_t base,
		      uint32_t eip, uint32_t eflags)
{
	int r = sys_write(cpu, base + l->eip, l->sz, eip) ||
		sys_write(cpu, base + l->eflags, l->sz, eflags);
	for (unsigned k = 0; !r && k < 8; k++)
		r = sys_write(cpu, base + l->gpr + k * l->sz, l->sz, cpu->reg[k]);
	unsigned nseg = l->has_fsgs ? 6 : 4;
	for (unsigned k = 0; !r && k < nseg; k++)
		r = sys_write(cpu, base + l->seg + k * l->sz, 2, cpu->seg[k].sel);
	return r ? R_FAULT : R_NEXT;
}

/* Load a segment register of the new task; failures are #TS(sel). */
static int load_task_segment(struct cpu *cpu, unsigned s, uint16_t sel)
{
	if (cpu->core->v86) {
		cpu_load_real_segment(cpu, s, sel);
		cpu->seg[s].limit = 0xFFFF;
		cpu->seg[s].attr = SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_DPL | 0x3;
		return R_NEXT;
	}
	if ((sel & ~3) == 0) {
		if (s == S_SS || s == S_CS)
			return raise_fault_err(cpu, VEC_TS, sel & 0xFFFC);
		cpu->seg[s] = (struct cpu_segment){ .sel = sel };
		return R_NEXT;
	}
	struct desc d;
	if (desc_read(cpu, sel, &d, VEC_TS, false))
		return R_FAULT;
	bool ok = DESC_S(&d);
	if (s == S_CS)
		ok = ok && DESC_IS_CODE(&d);
	else if (s == S_SS)
		ok = ok && DESC_IS_DATA(&d) && (DESC_TYPE(&d) & 2) &&
		     DESC_DPL(&d) == (sel & 3u);
	else
		ok = ok && (DESC_IS_DATA(&d) || (DESC_TYPE(&d) & 2));
	if (!ok)
		return raise_fault_err(cpu, VEC_TS, sel & 0xFFFC);
	if (!DESC_P(&d))
		return raise_fault_err(cpu, s == S_SS ? VEC_SS : VEC_NP, sel & 0xFFFC);
	if (desc_set_accessed(cpu, sel, &d))
		return R_FAULT;
	desc_to_segment(&d, sel, &cpu->seg[s]);
	return R_NEXT;
}

static int load_ldt(struct cpu *cpu, uint16_t sel)
{
	if ((sel & ~3) == 0) {
		cpu->ldtr = (struct cpu_segment){ .sel = sel };
		return R_NEXT;
	}
	struct desc d;
	if ((sel & 4) || desc_read(cpu, sel, &d, VEC_TS, false))
		return cpu->core->exc_has_error ? R_FAULT
						: raise_fault_err(cpu, VEC_TS, sel & 0xFFFC);
	if (DESC_S(&d) || DESC_TYPE(&d) != SYS_LDT)
		return raise_fault_err(cpu, VEC_TS, sel & 0xFFFC);
	if (!DESC_P(&d))
		return raise_fault_err(cpu, VEC_TS, sel & 0xFFFC);
	desc_to_segment(&d, sel, &cpu->ldtr);
	return R_NEXT;
}

/* Load the new task's registers from its TSS. */
static int load_state(struct cpu *cpu, const struct tss_layout *l, uint32_t base,
		      bool nested)
{
	uint32_t v[8], eip, fl, sel[6] = { 0 }, ldt, cr3 = cpu->cr3;
	int r = sys_read(cpu, base + l->eip, l->sz, &eip) ||
		sys_read(cpu, base + l->eflags, l->sz, &fl) ||
		sys_read(cpu, base + l->ldt, 2, &ldt);
	for (unsigned k = 0; !r && k < 8; k++)
		r = sys_read(cpu, base + l->gpr + k * l->sz, l->sz, &v[k]);
	for (unsigned k = 0; !r && k < (l->has_fsgs ? 6u : 4u); k++)
		r = sys_read(cpu, base + l->seg + k * l->sz, 2, &sel[k]);
	if (!r && l->has_cr3)
		r = sys_read(cpu, base + 0x1C, 4, &cr3);
	if (r)
		return R_FAULT;
	if (l->has_cr3 && (cpu->cr0 & CR0_PG) && cr3 != cpu->cr3) {
		if (cpu->core->pae && !paging_load_pdpt(cpu, cr3))
			return GP0(cpu);
		cpu->cr3 = cr3;
		cpu_tlb_flush(cpu);
	}
	for (unsigned k = 0; k < 8; k++)
		reg_set(cpu, k, l->sz, v[k]);
	if (l->sz == 2)
		fl = (cpu_get_eflags(cpu) & 0xFFFF0000u) | (fl & 0xFFFF);
	if (nested)
		fl |= FLAG_NT;
	cpu->eflags = (fl & ~FLAGS_ARITH & 0x003F7FD5u) | 0x2;
	cpu->lf.op = LF_NONE;
	flags_set(cpu, fl, FLAGS_ARITH);
	cpu->eip = l->sz == 2 ? eip & 0xFFFF : eip;
	cpu_mode_changed(cpu);
	seg_set_cpl(cpu, cpu->core->v86 ? 3 : (uint8_t)(sel[S_CS] & 3));
	if (load_ldt(cpu, (uint16_t)ldt))
		return R_FAULT;
	static const unsigned order[6] = { S_CS, S_SS, S_DS, S_ES, S_FS, S_GS };
	for (unsigned k = 0; k < 6; k++)
		if (load_task_segment(cpu, order[k], (uint16_t)sel[order[k]]))
			return R_FAULT;
	cpu_state_changed(cpu);
	return R_NEXT;
}

static int switch_to(struct cpu *cpu, uint16_t tss_sel, struct desc *nd,
		     enum task_reason why, uint32_t return_eip)
{
	unsigned type = DESC_TYPE(nd);
	const struct tss_layout *nl = layout_of(type);
	struct cpu_segment ntr;
	desc_to_segment(nd, tss_sel, &ntr);
	if (ntr.limit < nl->min_limit)
		return raise_fault_err(cpu, VEC_TS, tss_sel & 0xFFFC);
	const struct tss_layout *ol = layout_of(cpu->tr.attr & 0xF);
	uint16_t old_sel = cpu->tr.sel;
	uint32_t fl = cpu_get_eflags(cpu);
	if (why == TASK_IRET)
		fl &= ~FLAG_NT;
	if (why == TASK_JUMP || why == TASK_IRET) {
		struct desc od;
		if (desc_read(cpu, old_sel, &od, VEC_TS, false) || set_busy(cpu, old_sel, &od, false))
			return R_FAULT;
	}
	if (save_state(cpu, ol, cpu->tr.base, return_eip, fl))
		return R_FAULT;
	if (why == TASK_CALL || why == TASK_INT) {
		if (sys_write(cpu, ntr.base, 2, old_sel))
			return R_FAULT;
	}
	if (why != TASK_IRET && set_busy(cpu, tss_sel, nd, true))
		return R_FAULT;
	desc_to_segment(nd, tss_sel, &cpu->tr);
	cpu->tr.attr |= 0x2; /* busy */
	cpu->cr0 |= CR0_TS;
	if (load_state(cpu, nl, ntr.base, why == TASK_CALL || why == TASK_INT))
		return R_FAULT;
	if (cpu->eip > cpu->seg[S_CS].limit)
		return GP0(cpu);
	return R_JUMP;
}

int task_switch_by_selector(struct cpu *cpu, uint16_t sel, const struct desc *d,
			    enum task_reason why, uint32_t return_eip)
{
	struct desc tss = *d;
	uint16_t tss_sel = sel;
	if (DESC_TYPE(d) == SYS_TASKGATE) {
		tss_sel = (uint16_t)(d->lo >> 16);
		if ((tss_sel & 4) || desc_read(cpu, tss_sel, &tss, VEC_GP, false))
			return cpu->core->exc_has_error && !(tss_sel & 4)
				       ? R_FAULT
				       : raise_fault_err(cpu, VEC_GP, tss_sel & 0xFFFC);
	}
	unsigned type = DESC_TYPE(&tss);
	if (DESC_S(&tss) || (type != SYS_TSS16_AVAIL && type != SYS_TSS32_AVAIL))
		return raise_fault_err(cpu, VEC_GP, tss_sel & 0xFFFC);
	if (!DESC_P(&tss))
		return raise_fault_err(cpu, VEC_NP, tss_sel & 0xFFFC);
	return switch_to(cpu, tss_sel, &tss, why, return_eip);
}

int task_return(struct cpu *cpu, uint32_t next_eip)
{
	uint32_t link;
	if (sys_read(cpu, cpu->tr.base, 2, &link))
		return R_FAULT;
	struct desc d;
	if ((link & 4) || desc_read(cpu, (uint16_t)link, &d, VEC_TS, false))
		return raise_fault_err(cpu, VEC_TS, link & 0xFFFC);
	unsigned type = DESC_TYPE(&d);
	if (DESC_S(&d) || (type != SYS_TSS16_BUSY && type != SYS_TSS32_BUSY))
		return raise_fault_err(cpu, VEC_TS, link & 0xFFFC);
	if (!DESC_P(&d))
		return raise_fault_err(cpu, VEC_NP, link & 0xFFFC);
	return switch_to(cpu, (uint16_t)link, &d, TASK_IRET, next_eip);
}
