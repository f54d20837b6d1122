/* System instructions: HLT, CLI/STI, segment register moves and loads,
 * control and debug registers, descriptor tables, LAR/LSL/VERR/VERW/ARPL,
 * cache and TLB control, CPUID, RDTSC, RDMSR/WRMSR, RDPMC, WAIT. */
#include "cpu/debugreg.h"
#include "cpu/desc.h"
#include "cpu/model.h"
#include "cpu/msr.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/paging.h"
#include "cpu/pmu.h"
#include "cpu/x87.h"

static bool privileged(const struct cpu *cpu)
{
	return !cpu->core->pm || (!cpu->core->v86 && cpu->cpl == 0);
}

#define REQUIRE_CPL0(cpu) do { if (!privileged(cpu)) return GP0(cpu); } while (0)

HANDLER(op_hlt)
{
	(void)i;
	REQUIRE_CPL0(cpu);
	cpu->halted = true;
	cpu->core->attention = true;
	return R_STOP;
}

/* CLI/STI: IOPL-sensitive in protected and v86 mode. */
HANDLER(op_cli_sti)
{
	if (cpu->core->pm && cpu->cpl > ((cpu->eflags & FLAG_IOPL) >> 12))
		return GP0(cpu);
	if (i->op == 0xFA) {
		cpu->eflags &= ~FLAG_IF;
		return R_NEXT;
	}
	if (!(cpu->eflags & FLAG_IF))
		cpu->core->inhibit_icount = cpu->icount + 1; /* SDM Vol.2 STI */
	cpu->eflags |= FLAG_IF;
	cpu->core->attention = true;
	return R_STOP;
}

HANDLER(op_mov_E_S)
{
	if (i->reg >= S_COUNT)
		return UD(cpu);
	uint32_t v = cpu->seg[i->reg].sel;
	/* A register destination gets the selector zero-extended. */
	return rm_write(cpu, i, i->mod == 3 ? i->osize : 2, v);
}

HANDLER(op_mov_S_E)
{
	if (i->reg >= S_COUNT || i->reg == S_CS)
		return UD(cpu);
	uint32_t v;
	if (rm_read(cpu, i, 2, &v))
		return R_FAULT;
	if (seg_load(cpu, i->reg, (uint16_t)v))
		return R_FAULT;
	if (i->reg == S_SS)
		cpu->core->inhibit_icount = cpu->icount + 1;
	return R_NEXT;
}

/* LES LDS (C4 C5), LSS LFS LGS (0F B2 B4 B5). */
HANDLER(op_load_far_ptr)
{
	if (i->mod == 3)
		return UD(cpu);
	unsigned s = i->op == 0xC4 ? S_ES : i->op == 0xC5 ? S_DS :
		     i->op == 0xB2 ? S_SS : i->op == 0xB4 ? S_FS : S_GS;
	uint32_t off = insn_ea(cpu, i), v, sel;
	if (mem_read(cpu, i->seg, off, i->osize, &v) ||
	    mem_read(cpu, i->seg, off + i->osize, 2, &sel))
		return R_FAULT;
	if (seg_load(cpu, s, (uint16_t)sel))
		return R_FAULT;
	reg_set(cpu, i->reg, i->osize, v);
	return R_NEXT;
}

/* MOV r32,CRn (0F 20) and MOV CRn,r32 (0F 22): the ModRM is always a
 * register operand. */
HANDLER(op_mov_R_CR)
{
	REQUIRE_CPL0(cpu);
	uint32_t v;
	switch (i->reg) {
	case 0: v = cpu->cr0; break;
	case 2: v = cpu->cr2; break;
	case 3: v = cpu->cr3; break;
	case 4: v = cpu->cr4; break;
	default: return UD(cpu);
	}
	cpu->reg[i->rm] = v;
	return R_NEXT;
}

#define CR0_WRITABLE (CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_NE | CR0_WP | CR0_AM | \
		      CR0_NW | CR0_CD | CR0_PG)

/* Whether a write of CR0, CR3 or CR4 (from old to new values) makes
 * the CPU load PAE's PDPTEs (SDM Vol.3A §4.4.1): with PAE paging after
 * it, a CR3 write, paging turned on, or CR4's PAE, PSE or PGE changed. */
static bool loads_pdpt(const struct cpu *cpu, unsigned reg, uint32_t cr0, uint32_t cr4)
{
	if (!paging_pae(cr0, cr4))
		return false;
	if (reg == 3)
		return true;
	if (reg == 0)
		return !(cpu->cr0 & CR0_PG);
	return ((cpu->cr4 ^ cr4) & (CR4_PAE | CR4_PSE | CR4_PGE)) != 0;
}

HANDLER(op_mov_CR_R)
{
	REQUIRE_CPL0(cpu);
	uint32_t v = cpu->reg[i->rm];
	uint32_t cr0 = cpu->cr0, cr3 = cpu->cr3, cr4 = cpu->cr4;
	switch (i->reg) {
	case 0:
		if ((v & CR0_PG) && !(v & CR0_PE))
			return GP0(cpu);
		if ((v & CR0_NW) && !(v & CR0_CD))
			return GP0(cpu);
		cr0 = (v & CR0_WRITABLE) | CR0_ET;
		break;
	case 2: cpu->cr2 = v; return R_NEXT;
	case 3: cr3 = v; break;
	case 4:
		if (v & ~cpu->core->cr4_writable)
			return GP0(cpu);
		cr4 = v;
		break;
	default:
		return UD(cpu);
	}
	if (loads_pdpt(cpu, i->reg, cr0, cr4) && !paging_load_pdpt(cpu, cr3))
		return GP0(cpu);
	cpu->cr0 = cr0;
	cpu->cr3 = cr3;
	cpu->cr4 = cr4;
	cpu_state_changed(cpu);
	return R_STOP;
}

/* DR4/DR5 alias DR6/DR7 (no CR4.DE); with DR7.GD set any access is a
 * #DB fault reporting BD, and GD clears (SDM Vol.3B §17.2.4). */
static int dr_access_check(struct cpu *cpu)
{
	REQUIRE_CPL0(cpu);
	if (cpu->dr[7] & DR7_GD) {
		cpu->dr[7] &= ~DR7_GD;
		cpu->dr[6] |= DR6_BD;
		return raise_fault(cpu, VEC_DB);
	}
	return R_NEXT;
}

HANDLER(op_mov_R_DR)
{
	if (dr_access_check(cpu))
		return R_FAULT;
	unsigned n = i->reg == 4 ? 6 : i->reg == 5 ? 7 : i->reg;
	cpu->reg[i->rm] = cpu->dr[n];
	return R_NEXT;
}

HANDLER(op_mov_DR_R)
{
	if (dr_access_check(cpu))
		return R_FAULT;
	unsigned n = i->reg == 4 ? 6 : i->reg == 5 ? 7 : i->reg;
	uint32_t v = cpu->reg[i->rm];
	if (n == 6)
		v = (v & 0xE00F) | 0xFFFF0FF0u;
	else if (n == 7)
		v = (v & 0xFFFF2BFFu) | 0x400;
	cpu->dr[n] = v;
	debug_update(cpu);
	return R_STOP;
}

HANDLER(op_clts)
{
	(void)i;
	REQUIRE_CPL0(cpu);
	cpu->cr0 &= ~CR0_TS;
	cpu_note_state_change(cpu);
	return R_NEXT;
}

/* INVD, WBINVD (0F 08, 09): no caches are modelled. */
HANDLER(op_invd)
{
	(void)i;
	REQUIRE_CPL0(cpu);
	return R_NEXT;
}

HANDLER(op_ud2)
{
	(void)i;
	return UD(cpu);
}

/* Group 7: SGDT SIDT LGDT LIDT SMSW LMSW INVLPG (0F 01 /0-/7). */
HANDLER(op_grp7)
{
	struct cpu_table_reg *t = (i->reg & 1) ? &cpu->idtr : &cpu->gdtr;
	uint32_t off = insn_ea(cpu, i), lim, base;
	switch (i->reg) {
	case 0: case 1: /* SGDT/SIDT: a 16-bit operand stores 24 bits of base */
		if (i->mod == 3)
			return UD(cpu);
		if (mem_probe_write(cpu, i->seg, off, 6))
			return R_FAULT;
		base = i->osize == 2 ? (t->base & 0x00FFFFFFu) : t->base;
		if (mem_write(cpu, i->seg, off, 2, t->limit) ||
		    mem_write(cpu, i->seg, off + 2, 4, base))
			return R_FAULT;
		return R_NEXT;
	case 2: case 3:
		if (i->mod == 3)
			return UD(cpu);
		REQUIRE_CPL0(cpu);
		if (mem_read(cpu, i->seg, off, 2, &lim) || mem_read(cpu, i->seg, off + 2, 4, &base))
			return R_FAULT;
		t->limit = (uint16_t)lim;
		t->base = i->osize == 2 ? base & 0x00FFFFFFu : base;
		return R_NEXT;
	case 4: /* SMSW */
		return rm_write(cpu, i, i->mod == 3 ? i->osize : 2, cpu->cr0 & (i->mod == 3 ? 0xFFFFFFFFu : 0xFFFF));
	case 6: { /* LMSW: sets PE, MP, EM, TS; cannot clear PE */
		REQUIRE_CPL0(cpu);
		uint32_t v;
		if (rm_read(cpu, i, 2, &v))
			return R_FAULT;
		cpu->cr0 = (cpu->cr0 & ~0xEu) | (v & 0xF) | (cpu->cr0 & CR0_PE);
		cpu_state_changed(cpu);
		return R_STOP;
	}
	case 7: /* INVLPG */
		if (i->mod == 3)
			return UD(cpu);
		REQUIRE_CPL0(cpu);
		cpu_tlb_flush_page(cpu, cpu->seg[i->seg].base + off);
		return R_NEXT;
	default:
		return UD(cpu);
	}
}

/* Group 6: SLDT STR LLDT LTR VERR VERW (0F 00 /0-/5): protected mode only. */
static int load_system_segment(struct cpu *cpu, uint16_t sel, bool task)
{
	if ((sel & ~3) == 0) {
		if (task)
			return GP0(cpu);
		cpu->ldtr = (struct cpu_segment){ .sel = sel };
		return R_NEXT;
	}
	if (sel & 4)
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	struct desc d;
	if (desc_read(cpu, sel, &d, VEC_GP, false))
		return R_FAULT;
	unsigned type = DESC_TYPE(&d);
	bool ok = !DESC_S(&d) && (task ? (type == SYS_TSS16_AVAIL || type == SYS_TSS32_AVAIL)
				      : type == SYS_LDT);
	if (!ok)
		return raise_fault_err(cpu, VEC_GP, sel & 0xFFFC);
	if (!DESC_P(&d))
		return raise_fault_err(cpu, VEC_NP, sel & 0xFFFC);
	if (task) {
		d.hi |= 0x200; /* busy */
		if (desc_write_hi(cpu, sel, d.hi))
			return R_FAULT;
		desc_to_segment(&d, sel, &cpu->tr);
	} else {
		desc_to_segment(&d, sel, &cpu->ldtr);
	}
	return R_NEXT;
}

/* Whether sel names a segment VERR/VERW/LAR/LSL may report on. */
static bool visible_desc(struct cpu *cpu, uint16_t sel, struct desc *d, bool for_lsl)
{
	if ((sel & ~3) == 0)
		return false;
	uint8_t saved_vec = cpu->core->exc_vector;
	if (desc_read(cpu, sel, d, VEC_GP, false)) {
		cpu->core->exc_vector = saved_vec;
		return false;
	}
	unsigned dpl = DESC_DPL(d), rpl = sel & 3, type = DESC_TYPE(d);
	if (!DESC_S(d)) {
		static const bool lar_ok[16] = { [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1,
						 [9] = 1, [11] = 1, [12] = 1 };
		if (!lar_ok[type] || (for_lsl && (type == 4 || type == 5 || type == 12)))
			return false;
	} else if (DESC_CONFORMING(d)) {
		return true;
	}
	return dpl >= cpu->cpl && dpl >= rpl;
}

HANDLER(op_grp6)
{
	if (!cpu->core->pm || cpu->core->v86)
		return UD(cpu);
	uint32_t v;
	switch (i->reg) {
	case 0: return rm_write(cpu, i, i->mod == 3 ? i->osize : 2, cpu->ldtr.sel);
	case 1: return rm_write(cpu, i, i->mod == 3 ? i->osize : 2, cpu->tr.sel);
	case 2: case 3:
		REQUIRE_CPL0(cpu);
		if (rm_read(cpu, i, 2, &v))
			return R_FAULT;
		return load_system_segment(cpu, (uint16_t)v, i->reg == 3);
	case 4: case 5: {
		struct desc d;
		if (rm_read(cpu, i, 2, &v))
			return R_FAULT;
		bool ok = visible_desc(cpu, (uint16_t)v, &d, false) && DESC_S(&d);
		if (ok)
			ok = i->reg == 4 ? (!DESC_IS_CODE(&d) || (DESC_TYPE(&d) & 2))
					 : (DESC_IS_DATA(&d) && (DESC_TYPE(&d) & 2));
		flags_set(cpu, ok ? FLAG_ZF : 0, FLAG_ZF);
		return R_NEXT;
	}
	default:
		return UD(cpu);
	}
}

/* LAR (0F 02) and LSL (0F 03). */
HANDLER(op_lar_lsl)
{
	if (!cpu->core->pm || cpu->core->v86)
		return UD(cpu);
	uint32_t v;
	if (rm_read(cpu, i, 2, &v))
		return R_FAULT;
	struct desc d;
	bool lsl = i->op == 0x03;
	if (!visible_desc(cpu, (uint16_t)v, &d, lsl)) {
		flags_set(cpu, 0, FLAG_ZF);
		return R_NEXT;
	}
	uint32_t r;
	if (lsl) {
		r = (d.lo & 0xFFFF) | (d.hi & 0xF0000);
		if (d.hi & (1u << 23))
			r = (r << 12) | 0xFFF;
	} else {
		r = d.hi & 0x00F0FF00u;
	}
	reg_set(cpu, i->reg, i->osize, r);
	flags_set(cpu, FLAG_ZF, FLAG_ZF);
	return R_NEXT;
}

/* ARPL Ew,Gw (63): protected mode only. */
HANDLER(op_arpl)
{
	if (!cpu->core->pm || cpu->core->v86)
		return UD(cpu);
	uint32_t d;
	if (rm_read_rmw(cpu, i, 2, &d))
		return R_FAULT;
	uint32_t s = reg_get(cpu, i->reg, 2);
	if ((d & 3) < (s & 3)) {
		if (rm_write(cpu, i, 2, (d & ~3u) | (s & 3)))
			return R_FAULT;
		flags_set(cpu, FLAG_ZF, FLAG_ZF);
	} else {
		flags_set(cpu, 0, FLAG_ZF);
	}
	return R_NEXT;
}

/* CPUID: the model's signature, highest leaf and features (the APIC
 * bit only while the APIC is globally enabled); leaf 2 the cache and TLB
 * descriptors of a Pentium II/III (SDM Vol.2A Table 3-12: 01, 02, 03, 04
 * TLBs, 08 and 0C the 16 KiB L1 caches, 43 a 512 KiB L2); leaf 3 (the
 * processor serial number, not reported) zeros.  A leaf past the highest
 * (these models have no extended leaves) reads as the highest, as QEMU
 * and Intel's later processors give it. */
HANDLER(op_cpuid)
{
	(void)i;
	const struct cpu_model *m = cpu->model;
	uint32_t leaf = cpu->reg[R_EAX], r[4] = { 0, 0, 0, 0 };  /* EAX, EBX, ECX, EDX */
	if (leaf > m->max_leaf)
		leaf = m->max_leaf;
	if (leaf == 0) {
		r[0] = m->max_leaf;
		r[1] = 0x756E6547; /* "Genu" */
		r[3] = 0x49656E69; /* "ineI" */
		r[2] = 0x6C65746E; /* "ntel" */
	} else if (leaf == 1) {
		r[0] = m->signature;
		r[3] = m->features;
		if (!(cpu->apic_base & APIC_BASE_ENABLE))
			r[3] &= ~CPUID_APIC;  /* follows IA32_APIC_BASE's enable (§10.4.3) */
	} else if (leaf == 2) {
		r[0] = 0x03020101u;
		r[3] = 0x0C040843u;
	}
	cpu->reg[R_EAX] = r[0];
	cpu->reg[R_EBX] = r[1];
	cpu->reg[R_ECX] = r[2];
	cpu->reg[R_EDX] = r[3];
	return R_NEXT;
}

HANDLER(op_rdtsc)
{
	(void)i;
	if ((cpu->cr4 & CR4_TSD) && !privileged(cpu))
		return GP0(cpu);
	uint64_t t = tsc_now(cpu);
	cpu->reg[R_EAX] = (uint32_t)t;
	cpu->reg[R_EDX] = (uint32_t)(t >> 32);
	return R_NEXT;
}

HANDLER(op_rdmsr)
{
	(void)i;
	REQUIRE_CPL0(cpu);
	uint64_t v;
	bool supplied = cpu->smm && cpu->smm_msr_read &&
			cpu->smm_msr_read(cpu->smm_msr_opaque, cpu->reg[R_ECX], &v);
	if (!supplied && !cpu_msr_peek(cpu, cpu->reg[R_ECX], &v))
		return GP0(cpu);
	cpu->reg[R_EAX] = (uint32_t)v;
	cpu->reg[R_EDX] = (uint32_t)(v >> 32);
	return R_NEXT;
}

/* WRMSR ends its block: IA32_APIC_BASE may move the APIC's registers. */
HANDLER(op_wrmsr)
{
	(void)i;
	REQUIRE_CPL0(cpu);
	uint64_t v = ((uint64_t)cpu->reg[R_EDX] << 32) | cpu->reg[R_EAX];
	if (!msr_write(cpu, cpu->reg[R_ECX], v))
		return GP0(cpu);
	return R_STOP;
}

/* The flat 4 GiB segments SYSENTER and SYSEXIT load (SDM Vol.2B):
 * selector sel, base 0, page granular, 32-bit, DPL and RPL rpl; code
 * execute/read or data read/write, accessed. */
static void fast_call_segment(struct cpu *cpu, unsigned s, uint32_t sel, unsigned rpl)
{
	struct cpu_segment *sg = &cpu->seg[s];
	sg->sel = (uint16_t)((sel & 0xFFFC) | rpl);
	sg->base = 0;
	sg->limit = 0xFFFFFFFFu;
	sg->attr = (uint16_t)(SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_G | SEG_ATTR_DB | (rpl << 5) |
			      (s == S_CS ? 0xB : 0x3));
}

/* SYSENTER (0F 34): to CPL 0 at SYSENTER_CS:SYSENTER_EIP on
 * SYSENTER_ESP, VM, IF and RF cleared; #GP(0) in real mode or with a
 * null SYSENTER_CS. */
HANDLER(op_sysenter)
{
	(void)i;
	uint32_t cs = cpu->msr.sysenter_cs;
	if (!cpu->core->pm || !(cs & 0xFFFC))
		return GP0(cpu);
	cpu->eflags &= ~(FLAG_VM | FLAG_IF | FLAG_RF);
	fast_call_segment(cpu, S_CS, cs, 0);
	fast_call_segment(cpu, S_SS, cs + 8, 0);
	cpu_set_cpl(cpu, 0);
	cpu->reg[R_ESP] = cpu->msr.sysenter_esp;
	cpu->eip = cpu->msr.sysenter_eip;
	cpu_state_changed(cpu);
	return R_JUMP;
}

/* SYSEXIT (0F 35): to CPL 3 at SYSENTER_CS+16:EDX on ECX (the stack
 * SYSENTER_CS+24); #GP(0) outside protected mode at CPL 0 or with a
 * null SYSENTER_CS. */
HANDLER(op_sysexit)
{
	(void)i;
	uint32_t cs = cpu->msr.sysenter_cs;
	if (!cpu->core->pm || cpu->core->v86 || cpu->cpl != 0 || !(cs & 0xFFFC))
		return GP0(cpu);
	fast_call_segment(cpu, S_CS, cs + 16, 3);
	fast_call_segment(cpu, S_SS, cs + 24, 3);
	cpu_set_cpl(cpu, 3);
	cpu->reg[R_ESP] = cpu->reg[R_ECX];
	cpu->eip = cpu->reg[R_EDX];
	cpu_state_changed(cpu);
	return R_JUMP;
}

/* RDPMC (0F 33, SDM Vol.2B): PerfCtr ECX's 40 bits into EDX:EAX; #GP(0)
 * for a counter other than 0 and 1, and at CPL > 0 (v86 mode too)
 * unless CR4.PCE; #UD on a model without the P6's counters. */
HANDLER(op_rdpmc)
{
	(void)i;
	if (!pmu_present(cpu))
		return UD(cpu);
	if (!(cpu->cr4 & CR4_PCE) && !privileged(cpu))
		return GP0(cpu);
	if (cpu->reg[R_ECX] > 1)
		return GP0(cpu);
	uint64_t v = pmu_counter(cpu, cpu->reg[R_ECX]);
	cpu->reg[R_EAX] = (uint32_t)v;
	cpu->reg[R_EDX] = (uint32_t)(v >> 32);
	return R_NEXT;
}

/* WAIT: #NM when CR0.MP and CR0.TS are both set, then the x87's pending
 * error (x87_pending_error()). */
HANDLER(op_wait)
{
	(void)i;
	if ((cpu->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
		return raise_fault(cpu, VEC_NM);
	return x87_pending_error(cpu);
}

