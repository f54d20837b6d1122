/* The CPU object: reset, the input lines, and the run loop that finds
 * decoded blocks and runs them, taking interrupts between blocks. */
#include "cpu/cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/block.h"
#include "cpu/core.h"
#include "cpu/debugreg.h"
#include "cpu/decode.h"
#include "cpu/insn_events.h"
#include "cpu/mmu.h"
#include "cpu/model.h"
#include "cpu/msr.h"
#include "cpu/pmu.h"

static void set_intr(void *opaque, bool level)
{
	struct cpu *cpu = opaque;
	cpu->intr_level = level;
	cpu->core->attention = true;
}

/* NMI and SMI are edge-triggered: a rising edge latches a request. */
static void set_nmi(void *opaque, bool level)
{
	struct cpu *cpu = opaque;
	if (level) {
		cpu->nmi_pending = true;
		cpu->core->attention = true;
	}
}

static void request_smi(struct cpu *cpu, enum cpu_smi_source source)
{
	cpu->smi_pending = true;
	cpu->smi_source = (uint8_t)source;
	cpu->core->attention = true;
}

static void set_smi(void *opaque, bool level)
{
	if (level)
		request_smi(opaque, CPU_SMI_PIN);
}

static void set_apic_smi(void *opaque, bool level)
{
	if (level)
		request_smi(opaque, CPU_SMI_APIC);
}

static void set_init(void *opaque, bool level)
{
	struct cpu *cpu = opaque;
	if (level) {
		cpu->init_pending = true;
		cpu->core->attention = true;
	}
}

static void set_a20m(void *opaque, bool level)
{
	struct cpu *cpu = opaque;
	if (cpu->a20_masked == level)
		return;
	cpu->a20_masked = level;
	cpu_state_changed(cpu);
}

/* IGNNE# (level): while asserted, a pending x87 error does not stop a
 * waiting instruction. */
static void set_ignne(void *opaque, bool level)
{
	struct cpu *cpu = opaque;
	cpu->ignne_level = level;
}

/* A write hit decoded code: the page's blocks go (freed by attend(), as
 * one of them may be running), the jump cache with them, and the running
 * chain (or REP) stops, as it may be stale. */
static void code_written(void *opaque, const uint8_t *host_page)
{
	struct cpu_core *core = ((struct cpu *)opaque)->core;
	block_cache_invalidate_page(core->blocks, host_page);
	core->jc_generation++;
	core->stop_at = 0;
	core->attention = true;
}

struct cpu *cpu_new(struct bus *bus)
{
	struct cpu *cpu = calloc(1, sizeof(*cpu));
	struct cpu_core *core = calloc(1, sizeof(*core));
	if (!cpu || !core) {
		fprintf(stderr, "smmbox: out of memory\n");
		exit(2);
	}
	cpu->bus = bus;
	cpu->core = core;
	core->blocks = block_cache_new();
	core->writes_pending = CPU_WRITES_ALL;
	cpu->intr = (struct line){ set_intr, cpu };
	cpu->nmi = (struct line){ set_nmi, cpu };
	cpu->smi = (struct line){ set_smi, cpu };
	cpu->a20m = (struct line){ set_a20m, cpu };
	cpu->apic_smi = (struct line){ set_apic_smi, cpu };
	cpu->init = (struct line){ set_init, cpu };
	cpu->ignne = (struct line){ set_ignne, cpu };
	bus_set_code_listener(bus, code_written, cpu);
	cpu_set_model(cpu, cpu_model_default());
	return cpu;
}

/* The CR4 bits a model has: those of its CPUID features (SDM Vol.3A
 * §2.5). */
static uint32_t cr4_bits(const struct cpu_model *m)
{
	static const struct { uint32_t feature, cr4; } bits[] = {
		{ CPUID_TSC, CR4_TSD }, { CPUID_PSE, CR4_PSE }, { CPUID_PAE, CR4_PAE },
		{ CPUID_MCE, CR4_MCE }, { CPUID_PGE, CR4_PGE }, { CPUID_FXSR, CR4_OSFXSR },
		{ CPUID_SSE, CR4_OSXMMEXCPT },
	};
	uint32_t cr4 = 0;
	for (unsigned k = 0; k < sizeof(bits) / sizeof(bits[0]); k++)
		if (m->features & bits[k].feature)
			cr4 |= bits[k].cr4;
	if (m->pmu == CPU_PMU_P6)
		cr4 |= CR4_PCE;
	return cr4;
}

void cpu_set_model(struct cpu *cpu, const struct cpu_model *m)
{
	cpu->model = m;
	cpu->core->cr4_writable = cr4_bits(m);
	block_cache_flush(cpu->core->blocks); /* decoded for the old model's instructions */
	cpu->core->jc_generation++;
	cpu_reset(cpu);
}

void cpu_free(struct cpu *cpu)
{
	if (!cpu)
		return;
	block_cache_free(cpu->core->blocks);
	free(cpu->core);
	free(cpu);
}

static void reset_segment(struct cpu_segment *s, uint16_t sel, uint32_t base)
{
	s->sel = sel;
	s->base = base;
	s->limit = 0xFFFF;
	s->attr = SEG_ATTR_P | SEG_ATTR_S | 0x3; /* present, data, RW, accessed */
}

/* The x87 after RESET (SDM Vol.3A Table 9-1): FCW 0040H, the registers
 * +0.0 and tagged valid-zero, everything else 0. */
static void fpu_reset(struct cpu_fpu *fpu)
{
	memset(fpu, 0, sizeof(*fpu));
	fpu->control = 0x0040;
}

/* What RESET and INIT both do (SDM Vol.3A §9.1.1, Table 9-1): real mode
 * at F000:FFF0, EDX the signature, the registers, segments, tables,
 * control and debug registers as at power-on (CR0's CD and NW are
 * INIT's to keep: the caller's), nothing pending but what INIT keeps. */
static void initialize(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	memset(cpu->reg, 0, sizeof(cpu->reg));
	cpu->reg[R_EDX] = cpu->model->signature;
	cpu->eip = 0xFFF0;
	cpu->eflags = 0x2;
	cpu->lf.op = LF_NONE;
	for (int s = 0; s < S_COUNT; s++)
		reset_segment(&cpu->seg[s], 0, 0);
	reset_segment(&cpu->seg[S_CS], 0xF000, 0xFFFF0000u);
	cpu->seg[S_CS].attr = SEG_ATTR_P | SEG_ATTR_S | 0xB; /* code, RX, accessed */
	reset_segment(&cpu->ldtr, 0, 0);
	cpu->ldtr.attr = SEG_ATTR_P | 0x2;
	reset_segment(&cpu->tr, 0, 0);
	cpu->tr.attr = SEG_ATTR_P | 0xB;
	cpu->gdtr = (struct cpu_table_reg){ 0, 0xFFFF };
	cpu->idtr = (struct cpu_table_reg){ 0, 0xFFFF };
	cpu->cr0 = (cpu->cr0 & (CR0_CD | CR0_NW)) | CR0_ET;
	cpu->cr2 = cpu->cr3 = cpu->cr4 = 0;
	memset(cpu->dr, 0, sizeof(cpu->dr));
	cpu->dr[6] = 0xFFFF0FF0u;
	cpu->dr[7] = 0x400;
	cpu_set_cpl(cpu, 0);
	cpu->smm = false;
	cpu->halted = false;
	cpu->init_pending = false;
	cpu->exit_detail = NULL;
	core->inhibit_icount = UINT64_MAX;
	core->shutdown = false;
	core->exc_depth = 0;
	core->debug_exec = core->debug_data = core->debug_hits = 0;
	cpu_state_changed(cpu);
}

/* SDM Vol.3A §9.1.1, Table 9-1: RESET also clears the x87 and SSE
 * state, the MSRs, SMBASE and what is pending. */
void cpu_reset(struct cpu *cpu)
{
	cpu->cr0 = CR0_CD | CR0_NW;
	cpu->smbase = SMM_DEFAULT_SMBASE;
	fpu_reset(&cpu->fpu);
	memset(&cpu->sse, 0, sizeof(cpu->sse));
	cpu->sse.mxcsr = MXCSR_RESET;
	if (cpu->ferr_level)
		line_set(cpu->ferr, false);
	cpu->ferr_level = false;
	msr_reset(cpu);
	pmu_reset(cpu);
	if (cpu->apic_base_write)
		cpu->apic_base_write(cpu->apic_opaque, cpu->apic_base);
	cpu->smi_count = cpu->rsm_count = 0;
	cpu->nmi_pending = cpu->nmi_blocked = cpu->smi_pending = false;
	cpu->core->tsc_base = cpu->icount;
	initialize(cpu);
}

/* INIT (SDM Vol.3A §9.1, Table 9-1's INIT column): as RESET, but the
 * x87 and SSE state, the MSRs (the performance counters too), SMBASE,
 * CR0.CD/NW and the time-stamp counter are kept, and so are a pending
 * SMI and NMI. */
static void init_signal(struct cpu *cpu)
{
	initialize(cpu);
	cpu_emit(cpu, CPU_EV_INIT, 0);
}

size_t cpu_snapshot_size(void)
{
	return sizeof(struct cpu) + sizeof(struct cpu_core);
}

void cpu_snapshot_save(const struct cpu *cpu, void *out)
{
	memcpy(out, cpu, sizeof(*cpu));
	memcpy((uint8_t *)out + sizeof(*cpu), cpu->core, sizeof(*cpu->core));
}

/* Restore in, the caches emptied but for the decoded blocks when
 * keep_blocks. */
static void snapshot_restore(struct cpu *cpu, const void *in, bool keep_blocks)
{
	struct cpu_core *core = cpu->core;
	struct block_cache *blocks = core->blocks;
	const struct cpu_events *events = cpu->events;
	bool (*smm_msr_read)(void *, uint32_t, uint64_t *) = cpu->smm_msr_read;
	void *smm_msr_opaque = cpu->smm_msr_opaque;
	void (*apic_base_write)(void *, uint64_t) = cpu->apic_base_write;
	void *apic_opaque = cpu->apic_opaque;
	uint64_t jc_generation = core->jc_generation;
	uint32_t tlb_epoch = core->tlb_epoch;
	memcpy(cpu, in, sizeof(*cpu));
	memcpy(core, (const uint8_t *)in + sizeof(*cpu), sizeof(*core));
	cpu->core = core;
	cpu->events = events;
	cpu->smm_msr_read = smm_msr_read;
	cpu->smm_msr_opaque = smm_msr_opaque;
	cpu->apic_base_write = apic_base_write;
	cpu->apic_opaque = apic_opaque;
	/* The caches as they are now, emptied: no entry of the snapshot's
	 * may match (its generations and epoch are older than now's). */
	core->blocks = blocks;
	if (!keep_blocks)
		block_cache_flush(blocks);
	memset(core->jc, 0, sizeof(core->jc));
	core->jc_generation = jc_generation + 1;
	memset(core->tlb, 0, sizeof(core->tlb));
	core->tlb_epoch = tlb_epoch;
	core->insn_page_tag = TLB_INVALID;
	cpu_state_changed(cpu);
	core->attention = true;
}

void cpu_snapshot_restore(struct cpu *cpu, const void *in)
{
	snapshot_restore(cpu, in, false);
}

void cpu_snapshot_rewind(struct cpu *cpu, const void *in)
{
	snapshot_restore(cpu, in, true);
}

bool cpu_last_operands(const struct cpu *cpu, uint32_t *a, uint32_t *b, unsigned *size)
{
	const struct cpu_lazy_flags *lf = &cpu->lf;
	if (lf->op != LF_SUB && lf->op != LF_SBB && lf->op != LF_LOGIC)
		return false;
	*a = lf->a;
	*b = lf->b;
	*size = lf->size;
	return true;
}

bool cpu_interrupt_shadow(const struct cpu *cpu)
{
	return cpu->core->inhibit_icount == cpu->icount;
}

bool cpu_translate_peek(const struct cpu *cpu, uint32_t linear, uint32_t *paddr)
{
	return mmu_peek_translate(cpu, linear, paddr);
}

uint32_t cpu_eflags_of(uint32_t eflags, const struct cpu_lazy_flags *lf)
{
	return lazy_flags_eflags(eflags, lf);
}

uint32_t cpu_get_eflags(const struct cpu *cpu)
{
	return cpu_eflags_of(cpu->eflags, &cpu->lf);
}

void cpu_set_eflags(struct cpu *cpu, uint32_t eflags)
{
	cpu->eflags = (eflags & 0x003F7FD5u) | 0x2;
	cpu->lf.op = LF_NONE;
	cpu_mode_changed(cpu);
}

void cpu_load_real_segment(struct cpu *cpu, enum cpu_sreg s, uint16_t sel)
{
	cpu->seg[s].sel = sel;
	cpu->seg[s].base = (uint32_t)sel << 4;
	mmu_segment_changed(cpu, s);
}

void cpu_mode_changed(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	core->pm = cpu->cr0 & CR0_PE;
	core->v86 = core->pm && (cpu->eflags & FLAG_VM);
	core->code32 = core->pm && !core->v86 && (cpu->seg[S_CS].attr & SEG_ATTR_DB);
	core->ip_mask = core->code32 || cpu->seg[S_CS].limit > 0xFFFF ? 0xFFFFFFFFu : 0xFFFF;
	core->stack32 = core->pm && !core->v86 && (cpu->seg[S_SS].attr & SEG_ATTR_DB);
	core->pae = (cpu->cr0 & CR0_PG) && (cpu->cr4 & CR4_PAE);
	if (core->v86)
		cpu_set_cpl(cpu, 3);
	cpu_note_state_change(cpu);
	core->attention = true; /* IF may have been set: look at pending events */
}

void cpu_state_changed(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	/* A20M# is ignored in SMM (SDM Vol.3C §34.5). */
	core->a20_mask = cpu->a20_masked && !cpu->smm ? ~(1u << 20) : 0xFFFFFFFFu;
	core->code_view = cpu->smm ? BUS_VIEW_SMM_CODE : BUS_VIEW_NORMAL;
	core->data_view = cpu->smm ? BUS_VIEW_SMM_DATA : BUS_VIEW_NORMAL;
	core->rtlb = core->tlb[core->data_view][TLB_READ];
	core->wtlb = core->tlb[core->data_view][TLB_WRITE];
	cpu_mode_changed(cpu);
	for (int s = 0; s < S_COUNT; s++)
		mmu_segment_changed(cpu, s);
	cpu_tlb_flush(cpu);
	pmu_settle(cpu);  /* a CPL written directly, between runs */
}

void cpu_set_cpl(struct cpu *cpu, uint8_t cpl)
{
	bool filter_changes = (cpu->cpl == 0) != (cpl == 0);
	cpu->cpl = cpl;
	if (filter_changes)
		pmu_settle(cpu);
}

void cpu_run_end_changed(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	uint64_t end = core->budget_end;
	if (cpu->pmu.overflow_at < end)
		end = cpu->pmu.overflow_at;
	core->run_end = end;
	if (core->stop_at > end)
		core->stop_at = end;
}

void cpu_shorten_run(struct cpu *cpu, uint64_t n)
{
	uint64_t end = cpu->icount + n;
	if (end >= cpu->core->budget_end)
		return;
	cpu->core->budget_end = end;
	cpu_run_end_changed(cpu);
}

void cpu_request_exit(struct cpu *cpu)
{
	cpu->exit_request = true;
	cpu->core->attention = true;
}

const char *cpu_exit_name(enum cpu_exit why)
{
	switch (why) {
	case CPU_EXIT_BUDGET: return "max-insns";
	case CPU_EXIT_HALT: return "halt";
	case CPU_EXIT_IDLE: return "idle";
	case CPU_EXIT_SHUTDOWN: return "shutdown";
	case CPU_EXIT_REQUEST: return "request";
	}
	return "?";
}

/* Take a pending SMI, NMI or interrupt, in that priority (SDM Vol.3A
 * §6.9).  Returns true if one was taken. */
static bool take_event(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	/* SMI outranks NMI and INTR and is taken in an interrupt shadow, as
	 * on QEMU and Bochs (their interrupt shadows gate only NMI and INTR);
	 * one arriving in SMM waits (SDM Vol. 3 §34.2). */
	if (cpu->smi_pending && !cpu->smm) {
		cpu->smi_pending = false;
		smm_enter(cpu);
		return true;
	}
	if (cpu->init_pending && !cpu->smm) {
		init_signal(cpu);
		return true;
	}
	if (core->inhibit_icount == cpu->icount)
		return false;
	if (cpu->nmi_pending && !cpu->nmi_blocked) {
		cpu->nmi_pending = false;
		cpu->nmi_blocked = true;
		cpu->halted = false;
		cpu_hw_interrupt(cpu, VEC_NMI);
		return true;
	}
	if (cpu->intr_level && (cpu->eflags & FLAG_IF)) {
		cpu->halted = false;
		cpu_hw_interrupt(cpu, bus_inta(cpu->bus));
		return true;
	}
	return false;
}

/* Execute one instruction decoded from a fetch window, for code that
 * cannot be cached: it straddles a page, lies in MMIO, or reaches the CS
 * limit. */
static void run_uncached(struct cpu *cpu)
{
	uint8_t buf[15];
	struct fetch_window w;
	struct insn i[2];
	uint16_t flags;
	if (cpu_tracing(cpu)) { /* a block's hook does this for its own */
		insn_event_uncached(cpu);
		if (cpu->exit_request)
			return;
	}
	mmu_fetch_window(cpu, cpu->eip, buf, &w);
	if (cpu_decode(cpu, &w, cpu->core->code32, &i[0], &flags) != DECODE_OK) {
		if (!w.ends_in_fault || w.avail >= 15)
			GP0(cpu);
		cpu_deliver_fault(cpu);
		return;
	}
	i[1] = (struct insn){ .fn = op_end_of_block };
	cpu->core->stop_at = cpu->icount + 1;
	if (i[0].fn(cpu, &i[0]) == R_FAULT)
		cpu_deliver_fault(cpu);
	cpu->core->writes_pending = CPU_WRITES_ALL;
}

/* Find (or decode) the block at linear address lin (CS:EIP).  NULL
 * means: run one instruction uncached, or, with *faulted, a fetch fault
 * was delivered. */
static struct block *find_block(struct cpu *cpu, uint32_t lin, bool *faulted)
{
	struct cpu_core *core = cpu->core;
	const struct cpu_segment *cs = &cpu->seg[S_CS];
	struct tlb_entry *e = &core->tlb[core->code_view][TLB_FETCH][tlb_index(lin)];
	*faulted = false;
	if (unlikely(e->tag != tlb_tag(cpu, lin))) {
		uint32_t v;
		if (cpu->eip > cs->limit) {
			GP0(cpu);
			cpu_deliver_fault(cpu);
			*faulted = true;
			return NULL;
		}
		if (mmu_read_slow(cpu, lin, 1, ACC_FETCH, &v)) {
			cpu_deliver_fault(cpu);
			*faulted = true;
			return NULL;
		}
		if (e->tag != tlb_tag(cpu, lin))
			return NULL; /* MMIO or unmapped: not cacheable */
	}
	const uint8_t *host = (const uint8_t *)(uintptr_t)(lin + e->addend);
	const struct block_hooks *hooks = insn_event_hooks(cpu);
	struct block *b = block_cache_find(core->blocks, host, core->code32,
					   hooks ? hooks->kind : 0);
	if (b)
		return b;
	if (block_cache_full(core->blocks)) {
		block_cache_flush(core->blocks); /* freed at the next attend() */
		core->jc_generation++;
		core->attention = true;
	}
	unsigned avail = 4096 - (lin & 0xFFF);
	if (cs->limit - cpu->eip < avail - 1)
		avail = cs->limit - cpu->eip + 1;
	const uint8_t *host_page = (const uint8_t *)(uintptr_t)((lin & ~0xFFFu) + e->addend);
	b = block_cache_build(core->blocks, cpu, host, host_page, avail, core->code32,
			      hooks);
	if (b && !bus_is_code(cpu->bus, core->code_view, e->paddr)) {
		bus_set_code(cpu->bus, core->code_view, e->paddr, true);
		/* Writes to this page must now take the slow path: drop every
		 * TLB entry (any linear alias of the page may have one). */
		cpu_tlb_flush(cpu);
	}
	return b;
}

/* The block at CS:EIP through the jump cache (valid while neither the
 * TLB nor the code cache changed since the entry was made). */
static struct block *next_block(struct cpu *cpu, bool *faulted)
{
	struct cpu_core *core = cpu->core;
	uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
	struct jump_cache_entry *jc = &core->jc[(lin ^ (lin >> 12)) % JUMP_CACHE_SIZE];
	uint64_t key = jump_cache_key(lin, core->code32, core->code_view);
	struct block *b;
	*faulted = false;
	if (likely(jc->key == key && jc->generation == core->jc_generation)) {
		b = jc->block;
	} else {
		b = find_block(cpu, lin, faulted);
		if (!b)
			return NULL;
		*jc = (struct jump_cache_entry){
			.key = key, .generation = core->jc_generation, .block = b,
		};
	}
	const uint32_t limit = cpu->seg[S_CS].limit;
	if (unlikely(cpu->eip + b->bytes - 1 > limit || cpu->eip + b->bytes < cpu->eip))
		return NULL; /* reaches past the CS limit: fetch with checks */
	return b;
}

/* Run up to max instructions of b (the handlers chain themselves). */
static void run_block(struct cpu *cpu, const struct block *b, uint64_t max)
{
	cpu->core->stop_at = cpu->icount + max;
	if (b->insns[0].fn(cpu, &b->insns[0]) == R_FAULT)
		cpu_deliver_fault(cpu);
}

/* One instruction under the debug registers or single-step: an
 * instruction breakpoint faults before it (unless EFLAGS.RF), data
 * breakpoints and TF trap after it (SDM Vol.3B §17.3). */
static void run_debug_step(struct cpu *cpu, struct block *b)
{
	struct cpu_core *core = cpu->core;
	bool tf = cpu->eflags & FLAG_TF;
	uint32_t lin = cpu->seg[S_CS].base + cpu->eip;
	uint32_t hits = (cpu->eflags & FLAG_RF) ? 0 : debug_exec_hits(cpu, lin);
	if (hits) {
		cpu->dr[6] = (cpu->dr[6] & ~0xFu) | hits;
		raise_fault(cpu, VEC_DB);
		cpu_deliver_fault(cpu);
		return;
	}
	uint64_t before = cpu->icount;
	core->debug_hits = 0;
	if (b)
		run_block(cpu, b, 1);
	else
		run_uncached(cpu);
	if (cpu->icount == before || core->shutdown)
		return; /* it faulted: the fault was delivered instead */
	cpu->eflags &= ~FLAG_RF;
	if (!tf && !core->debug_hits)
		return;
	cpu->dr[6] = (cpu->dr[6] & ~0xFu) | core->debug_hits | (tf ? DR6_BS : 0);
	raise_fault(cpu, VEC_DB);
	cpu_deliver_fault(cpu);
}

static void update_step_mode(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	core->step_mode = (cpu->eflags & (FLAG_TF | FLAG_RF)) || core->debug_exec ||
			  core->debug_data;
}

/* Between blocks, when something asked for attention: exits, stale TLB,
 * dead blocks, pending events, HLT.  Returns true with *why to leave
 * cpu_run. */
static bool attend(struct cpu *cpu, enum cpu_exit *why)
{
	struct cpu_core *core = cpu->core;
	core->attention = false;
	core->writes_pending = CPU_WRITES_ALL;
	if (core->bus_generation != cpu->bus->generation)
		cpu_tlb_flush(cpu);
	block_cache_reap(core->blocks);
	if (!core->shutdown && !cpu->exit_request)
		take_event(cpu);
	update_step_mode(cpu);
	if (core->shutdown)
		*why = CPU_EXIT_SHUTDOWN;
	else if (cpu->exit_request) {
		cpu->exit_request = false;   /* consumed */
		*why = CPU_EXIT_REQUEST;
	}
	else if (cpu->halted)
		*why = (cpu->eflags & FLAG_IF) ? CPU_EXIT_IDLE : CPU_EXIT_HALT;
	else
		return false;
	core->attention = true; /* look again when called next */
	return true;
}

enum cpu_exit cpu_run(struct cpu *cpu, uint64_t budget)
{
	struct cpu_core *core = cpu->core;
	enum cpu_exit why;
	core->budget_end = cpu->icount + budget;
	cpu_run_end_changed(cpu);
	core->attention = true;
	for (;;) {
		if (cpu->icount >= core->run_end) {
			if (cpu->icount < cpu->pmu.overflow_at)
				break;
			pmu_settle(cpu);  /* the overflow's interrupt, after its instruction */
			if (cpu->icount >= core->run_end)
				break;
		}
		if (unlikely(core->attention || core->bus_generation != cpu->bus->generation) &&
		    attend(cpu, &why))
			return why;
		bool faulted;
		struct block *b = next_block(cpu, &faulted);
		if (faulted)
			continue;
		if (unlikely(core->step_mode)) {
			run_debug_step(cpu, b);
			update_step_mode(cpu);
			core->writes_pending = CPU_WRITES_ALL; /* a trap may follow it */
		}
		else if (b)
			run_block(cpu, b, core->run_end - cpu->icount);
		else
			run_uncached(cpu);
	}
	/* No run now: cpu_shorten_run() does nothing. */
	core->run_end = core->budget_end = cpu->icount;
	if (core->shutdown)
		return CPU_EXIT_SHUTDOWN;
	if (cpu->exit_request) {     /* made by the budget's last instruction */
		cpu->exit_request = false;
		return CPU_EXIT_REQUEST;
	}
	return CPU_EXIT_BUDGET;
}
