/* Exception and interrupt delivery (SDM Vol.3A ch.6): the real-mode IVT,
 * protected-mode IDT gates with stack switches and v86 frames, task
 * gates, and the double-fault / shutdown rules of Table 6-5. */
#include "cpu/desc.h"
#include "cpu/events.h"
#include "cpu/ops.h"
#include "cpu/task.h"

static int deliver_real(struct cpu *cpu, uint8_t vec, uint32_t ret_eip)
{
	uint32_t ent;
	if ((uint32_t)vec * 4 + 3 > cpu->idtr.limit)
		return raise_fault_err(cpu, VEC_GP, (uint32_t)vec * 8 + 2);
	if (sys_read(cpu, cpu->idtr.base + (uint32_t)vec * 4, 4, &ent))
		return R_FAULT;
	uint32_t sp = sp_get(cpu);
	if (push_at(cpu, &sp, 2, cpu_get_eflags(cpu)) ||
	    push_at(cpu, &sp, 2, cpu->seg[S_CS].sel) ||
	    push_at(cpu, &sp, 2, ret_eip))
		return R_FAULT;
	sp_commit(cpu, sp);
	cpu->eflags &= ~(FLAG_IF | FLAG_TF | FLAG_AC | FLAG_RF);
	cpu_load_real_segment(cpu, S_CS, (uint16_t)(ent >> 16));
	cpu->eip = ent & 0xFFFF;
	return R_NEXT;
}

struct frame {
	uint32_t ret_eip;
	bool has_error;
	uint32_t error;
};

/* Push an interrupt frame at *sp, sz bytes an entry: for an inner
 * level the old SS:ESP first (and the v86 data segments before them). */
static int push_frame(struct cpu *cpu, uint32_t *sp, unsigned sz, bool inner, bool from_v86,
		      uint16_t old_ss, uint32_t old_esp, uint32_t old_fl, uint16_t old_cs,
		      const struct frame *f)
{
	if (from_v86 && (push_at(cpu, sp, sz, cpu->seg[S_GS].sel) ||
			 push_at(cpu, sp, sz, cpu->seg[S_FS].sel) ||
			 push_at(cpu, sp, sz, cpu->seg[S_DS].sel) ||
			 push_at(cpu, sp, sz, cpu->seg[S_ES].sel)))
		return R_FAULT;
	if (inner && (push_at(cpu, sp, sz, old_ss) || push_at(cpu, sp, sz, old_esp)))
		return R_FAULT;
	if (push_at(cpu, sp, sz, old_fl) || push_at(cpu, sp, sz, old_cs) ||
	    push_at(cpu, sp, sz, f->ret_eip) ||
	    (f->has_error && push_at(cpu, sp, sz, f->error)))
		return R_FAULT;
	return R_NEXT;
}

/* Push the frame on the (possibly new) stack and enter the handler. */
static int enter_gate(struct cpu *cpu, const struct desc *gate, uint16_t cs_sel,
		      const struct desc *cs, const struct frame *f)
{
	bool gate32 = DESC_TYPE(gate) & 8;
	unsigned sz = gate32 ? 4 : 2, dpl = DESC_DPL(cs);
	uint32_t target = (gate->lo & 0xFFFF) | (gate32 ? (gate->hi & 0xFFFF0000u) : 0);
	bool inner = !DESC_CONFORMING(cs) && dpl < cpu->cpl;
	bool from_v86 = cpu->core->v86;
	if (from_v86 && (!inner || dpl != 0))
		return raise_fault_err(cpu, VEC_GP, cs_sel & 0xFFFC);
	if (target > ((cs->lo & 0xFFFF) | (cs->hi & 0xF0000)) && !(cs->hi & (1u << 23)))
		return GP0(cpu);
	struct desc csd = *cs;
	if (desc_set_accessed(cpu, cs_sel, &csd))
		return R_FAULT;
	uint32_t old_fl = cpu_get_eflags(cpu);
	struct cpu_segment old_ss = cpu->seg[S_SS];
	uint32_t old_esp = cpu->reg[R_ESP];
	uint8_t old_cpl = cpu->cpl;
	uint16_t old_cs = cpu->seg[S_CS].sel;
	uint32_t sp;
	if (inner) {
		uint16_t ss;
		uint32_t esp;
		struct desc ssd;
		if (seg_tss_stack(cpu, dpl, &ss, &esp) || seg_check_new_ss(cpu, ss, dpl, &ssd))
			return R_FAULT;
		struct cpu_segment nss;
		desc_to_segment(&ssd, ss, &nss);
		if (from_v86) {
			cpu->eflags &= ~FLAG_VM;
			cpu_mode_changed(cpu);
		}
		seg_set_cpl(cpu, (uint8_t)dpl);
		cpu->seg[S_SS] = nss;
		cpu_state_changed(cpu);
		sp = esp & sp_mask(cpu); /* the new stack's size from here on */
	} else {
		sp = sp_get(cpu);
	}
	if (push_frame(cpu, &sp, sz, inner, from_v86, old_ss.sel, old_esp, old_fl, old_cs, f)) {
		if (inner) { /* nothing of the delivery is left behind */
			if (from_v86)
				cpu->eflags |= FLAG_VM;
			seg_set_cpl(cpu, old_cpl);
			cpu->seg[S_SS] = old_ss;
			cpu_state_changed(cpu);
		}
		return R_FAULT;
	}
	/* To a 16-bit stack only SP is written, ESP's upper half stays (as in
	 * Bochs and QEMU). */
	sp_commit(cpu, sp);
	if (from_v86) {
		static const unsigned data[4] = { S_ES, S_DS, S_FS, S_GS };
		for (unsigned k = 0; k < 4; k++) {
			cpu->seg[data[k]] = (struct cpu_segment){ .sel = 0 };
		}
	}
	struct cpu_segment ncs;
	desc_to_segment(&csd, (uint16_t)((cs_sel & ~3) | cpu->cpl), &ncs);
	cpu->seg[S_CS] = ncs;
	unsigned type = DESC_TYPE(gate);
	cpu->eflags &= ~(FLAG_TF | FLAG_NT | FLAG_VM | FLAG_RF);
	if (type == SYS_INTGATE16 || type == SYS_INTGATE32)
		cpu->eflags &= ~FLAG_IF;
	cpu->eip = gate32 ? target : target & 0xFFFF;
	cpu_state_changed(cpu);
	return R_NEXT;
}

static int deliver_pm(struct cpu *cpu, uint8_t vec, bool soft, bool ext,
		      const struct frame *f)
{
	uint32_t gsel = (uint32_t)vec * 8 + 2 + (ext ? 1 : 0);
	if ((uint32_t)vec * 8 + 7 > cpu->idtr.limit)
		return raise_fault_err(cpu, VEC_GP, gsel);
	struct desc g;
	if (sys_read(cpu, cpu->idtr.base + (uint32_t)vec * 8, 4, &g.lo) ||
	    sys_read(cpu, cpu->idtr.base + (uint32_t)vec * 8 + 4, 4, &g.hi))
		return R_FAULT;
	unsigned type = DESC_TYPE(&g);
	if (DESC_S(&g) || !(type == SYS_TASKGATE || type == SYS_INTGATE16 ||
			    type == SYS_TRAPGATE16 || type == SYS_INTGATE32 ||
			    type == SYS_TRAPGATE32))
		return raise_fault_err(cpu, VEC_GP, gsel);
	if (soft && DESC_DPL(&g) < cpu->cpl)
		return raise_fault_err(cpu, VEC_GP, gsel);
	if (!DESC_P(&g))
		return raise_fault_err(cpu, VEC_NP, gsel);
	if (type == SYS_TASKGATE) {
		int r = task_switch_by_selector(cpu, (uint16_t)(g.lo >> 16), &g, TASK_INT,
						f->ret_eip);
		if (r == R_FAULT)
			return R_FAULT;
		if (f->has_error) {
			uint32_t sp = sp_get(cpu);
			unsigned sz = (cpu->tr.attr & 8) ? 4 : 2;
			if (push_at(cpu, &sp, sz, f->error))
				return R_FAULT;
			sp_commit(cpu, sp);
		}
		return R_NEXT;
	}
	uint16_t cs_sel = (uint16_t)(g.lo >> 16);
	if ((cs_sel & ~3) == 0)
		return raise_fault_err(cpu, VEC_GP, ext ? 1 : 0);
	struct desc cs;
	if (desc_read(cpu, cs_sel, &cs, VEC_GP, ext))
		return R_FAULT;
	if (!DESC_IS_CODE(&cs) || DESC_DPL(&cs) > cpu->cpl)
		return raise_fault_err(cpu, VEC_GP, (cs_sel & 0xFFFC) | ext);
	if (!DESC_P(&cs))
		return raise_fault_err(cpu, VEC_NP, (cs_sel & 0xFFFC) | ext);
	return enter_gate(cpu, &g, cs_sel, &cs, f);
}

static int deliver(struct cpu *cpu, uint8_t vec, bool soft, bool ext,
		   const struct frame *f)
{
	cpu->halted = false;
	if (!cpu->core->pm)
		return deliver_real(cpu, vec, f->ret_eip);
	return deliver_pm(cpu, vec, soft, ext, f);
}

int cpu_interrupt(struct cpu *cpu, uint8_t vector, bool soft, uint32_t next_eip)
{
	struct frame f = { .ret_eip = next_eip };
	return deliver(cpu, vector, soft, false, &f);
}

static bool contributory(uint8_t v)
{
	return v == VEC_DE || (v >= VEC_TS && v <= VEC_GP);
}

static void shutdown(struct cpu *cpu, const char *why)
{
	cpu->core->shutdown = true;
	cpu->core->attention = true;
	cpu->exit_detail = why;
	cpu_emit(cpu, CPU_EV_SHUTDOWN, 0);
}

/* Deliver vec with its frame; a fault during delivery combines with it
 * per SDM Vol.3A Table 6-5. */
static void deliver_with_nesting(struct cpu *cpu, uint8_t vec, bool ext, struct frame f)
{
	struct cpu_core *core = cpu->core;
	uint8_t first = vec;
	for (int depth = 0; depth < 3; depth++) {
		if (deliver(cpu, vec, false, ext, &f) == R_NEXT)
			return;
		uint8_t second = core->exc_vector;
		if (vec == VEC_DF) {
			shutdown(cpu, "triple fault");
			return;
		}
		bool df = (contributory(first) && contributory(second)) ||
			  (first == VEC_PF && (contributory(second) || second == VEC_PF));
		if (df) {
			vec = VEC_DF;
			f.has_error = true;
			f.error = 0;
		} else {
			vec = second;
			f.has_error = core->exc_has_error;
			f.error = core->exc_error;
		}
		first = vec;
		ext = true;
	}
	shutdown(cpu, "triple fault");
}

/* Faults delivered one after another with no instruction retired between
 * them (each handler faults at once, as garbage in real mode's IVT makes
 * it): hardware would loop for ever without retiring anything, so neither
 * the instruction budget nor guest time would end the run.  Past this many
 * the run ends as a shutdown that says so. */
#define FAULT_LOOP_LIMIT 100000u

void cpu_deliver_fault(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	core->writes_pending = CPU_WRITES_ALL;
	if (core->fault_loop_icount == cpu->icount) {
		if (++core->fault_loop >= FAULT_LOOP_LIMIT) {
			shutdown(cpu, "an exception loop: faults delivered one after another, no "
				      "instruction retired");
			return;
		}
	} else {
		core->fault_loop_icount = cpu->icount;
		core->fault_loop = 1;
	}
	cpu_emit(cpu, CPU_EV_EXCEPTION, core->exc_vector);
	struct frame f = {
		.ret_eip = cpu->eip,
		.has_error = core->exc_has_error,
		.error = core->exc_error,
	};
	/* Errors reported only in protected mode (real mode pushes none). */
	if (!core->pm)
		f.has_error = false;
	/* An exception is an event external to the program: faults in its
	 * delivery report EXT (SDM Vol.3A §6.13). */
	deliver_with_nesting(cpu, core->exc_vector, true, f);
}

void cpu_hw_interrupt(struct cpu *cpu, uint8_t vector)
{
	cpu_emit(cpu, CPU_EV_INTERRUPT, vector);
	struct frame f = { .ret_eip = cpu->eip };
	deliver_with_nesting(cpu, vector, true, f);
}
