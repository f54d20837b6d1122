/* String instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP,
 * REPE and REPNE.  Each iteration of a repeated instruction retires as one
 * instruction, and the check that finds the count 0 as one more, as on
 * QEMU with -icount; a long one yields to the run loop at the budget or a
 * pending interrupt with EIP still on the instruction. */
#include "cpu/alu.h"
#include "cpu/log.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"

enum str_kind { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

struct str_regs {
	unsigned asz;
	uint32_t si, di;
	int32_t step;
};

static int iterate(struct cpu *cpu, const struct insn *i, enum str_kind k,
		   struct str_regs *s)
{
	unsigned sz = i->osize;
	uint32_t a, b, m = size_mask(s->asz);
	switch (k) {
	case STR_MOVS:
		if (mem_read(cpu, i->seg, s->si, sz, &a) || mem_write(cpu, S_ES, s->di, sz, a))
			return R_FAULT;
		s->si = (s->si + (uint32_t)s->step) & m;
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	case STR_CMPS:
		if (mem_read(cpu, i->seg, s->si, sz, &a) || mem_read(cpu, S_ES, s->di, sz, &b))
			return R_FAULT;
		alu_op(cpu, ALU_CMP, sz, a, b);
		s->si = (s->si + (uint32_t)s->step) & m;
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	case STR_STOS:
		if (mem_write(cpu, S_ES, s->di, sz, reg_get(cpu, R_EAX, sz)))
			return R_FAULT;
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	case STR_LODS:
		if (mem_read(cpu, i->seg, s->si, sz, &a))
			return R_FAULT;
		reg_set(cpu, R_EAX, sz, a);
		s->si = (s->si + (uint32_t)s->step) & m;
		return R_NEXT;
	case STR_SCAS:
		if (mem_read(cpu, S_ES, s->di, sz, &b))
			return R_FAULT;
		alu_op(cpu, ALU_CMP, sz, reg_get(cpu, R_EAX, sz), b);
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	case STR_INS: {
		uint16_t port = (uint16_t)cpu->reg[R_EDX];
		/* The destination is checked before the port is read. */
		if (mem_probe_write(cpu, S_ES, s->di, sz))
			return R_FAULT;
		smm_note_io(cpu, i, port, i->rep ? SMM_IO_REP_INS : SMM_IO_INS,
			    cpu->seg[S_ES].base + s->di);
		a = bus_in(cpu->bus, port, sz);
		io_event(cpu, port, sz, a, false);
		if (mem_write(cpu, S_ES, s->di, sz, a))
			return R_FAULT;
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	}
	default: /* OUTS */
		if (mem_read(cpu, i->seg, s->si, sz, &a))
			return R_FAULT;
		smm_note_io(cpu, i, (uint16_t)cpu->reg[R_EDX], i->rep ? SMM_IO_REP_OUTS : SMM_IO_OUTS,
			    cpu->seg[i->seg].base + s->si);
		io_event(cpu, (uint16_t)cpu->reg[R_EDX], sz, a, true);
		bus_out(cpu->bus, (uint16_t)cpu->reg[R_EDX], a, sz);
		s->si = (s->si + (uint32_t)s->step) & m;
		return R_NEXT;
	}
}

/* Host pointer for n bytes at seg:off if the segment allows them and the
 * TLB tlb (of the data view) already maps the page; NULL otherwise. */
static uint8_t *direct_in(struct cpu *cpu, const struct tlb_entry *tlb, unsigned seg,
			  uint32_t off, uint32_t n, bool write)
{
	const struct cpu_segacc *a = &cpu->core->segacc[seg];
	if (!(a->rw & (write ? SEGACC_WRITE : SEGACC_READ)) || off < a->lo || off > a->hi ||
	    a->hi - off < n - 1)
		return NULL;
	uint32_t lin = cpu->seg[seg].base + off;
	const struct tlb_entry *e = &tlb[tlb_index(lin)];
	if (e->tag != tlb_tag(cpu, lin))
		return NULL;
	return (uint8_t *)(uintptr_t)(lin + e->addend);
}

/* The same through the TLB for this kind of access. */
static uint8_t *direct(struct cpu *cpu, unsigned seg, uint32_t off, uint32_t n, bool write)
{
	return direct_in(cpu, write ? cpu->core->wtlb : cpu->core->rtlb, seg, off, n, write);
}

/* How many iterations of a REP MOVS/STOS upwards may run on host memory
 * at once: fewer than count (the last one ends the instruction), within
 * the run's budget, and without leaving a page or the 64 KiB of a 16-bit
 * address. */
static uint32_t bulk_count(struct cpu *cpu, const struct insn *i, enum str_kind k,
			   const struct str_regs *s, uint32_t count)
{
	unsigned sz = i->osize;
	uint64_t budget = cpu->core->stop_at > cpu->icount + 1 ? cpu->core->stop_at - cpu->icount - 1 : 0;
	uint32_t room = budget > UINT32_MAX ? UINT32_MAX : (uint32_t)budget;
	uint32_t n = count - 1 < room ? count - 1 : room;
	uint32_t dlin = cpu->seg[S_ES].base + s->di;
	uint32_t left = (4096 - (dlin & 0xFFF)) / sz;
	if (left < n)
		n = left;
	if (s->asz == 2 && (0x10000 - s->di) / sz < n)
		n = (0x10000 - s->di) / sz;
	if (k == STR_MOVS) {
		uint32_t slin = cpu->seg[i->seg].base + s->si;
		left = (4096 - (slin & 0xFFF)) / sz;
		if (left < n)
			n = left;
		if (s->asz == 2 && (0x10000 - s->si) / sz < n)
			n = (0x10000 - s->si) / sz;
	}
	return n;
}

/* REP MOVS/STOS upwards through pages the TLB already maps: up to count-1
 * iterations straight on host memory, element by element in order (so
 * overlapping MOVS repeats patterns as the CPU does), each counted as an
 * instruction.  Returns how many were done. */
static uint32_t bulk(struct cpu *cpu, const struct insn *i, enum str_kind k,
		     struct str_regs *s, uint32_t count)
{
	unsigned sz = i->osize;
	uint32_t n = bulk_count(cpu, i, k, s, count);
	if (n == 0)
		return 0;
	uint8_t *d = direct(cpu, S_ES, s->di, n * sz, true);
	if (!d)
		return 0;
	if (k == STR_MOVS) {
		const uint8_t *src = direct(cpu, i->seg, s->si, n * sz, false);
		if (!src)
			return 0;
		for (uint32_t e = 0; e < n; e++)
			host_store(d + e * sz, sz, host_load(src + e * sz, sz));
		s->si = (s->si + n * sz) & size_mask(s->asz);
	} else {
		uint32_t v = reg_get(cpu, R_EAX, sz);
		for (uint32_t e = 0; e < n; e++)
			host_store(d + e * sz, sz, v);
	}
	s->di = (s->di + n * sz) & size_mask(s->asz);
	cpu->icount += n;
	return n;
}

static void commit(struct cpu *cpu, const struct str_regs *s)
{
	reg_set(cpu, R_ESI, s->asz, s->si);
	reg_set(cpu, R_EDI, s->asz, s->di);
}

/* The registers an iteration of k may write (cpu_insn_writes()). */
static unsigned writes_of(enum str_kind k)
{
	switch (k) {
	case STR_MOVS: return 1u << R_ECX | 1u << R_ESI | 1u << R_EDI;
	case STR_STOS: case STR_INS: return 1u << R_ECX | 1u << R_EDI;
	case STR_LODS: return 1u << R_EAX | 1u << R_ECX | 1u << R_ESI;
	case STR_OUTS: return 1u << R_ECX | 1u << R_ESI;
	default: return CPU_WRITES_FLAGS | 1u << R_ECX | 1u << R_ESI | 1u << R_EDI;
	}
}

/* bulk() while a log records instruction events (cpu/log.h): each
 * iteration writes through the traced-write TLB and logs what one run
 * alone would (its write, then the next iteration's step record), so the
 * log is the same, without each iteration's trip through the string
 * instruction and the MMU's slow path.  Not while anything would end
 * the instruction early: a pending interrupt or SMI, or decoded code
 * overwritten (which ends the run, core->stop_at: bulk_count()). */
static uint32_t bulk_logged(struct cpu *cpu, const struct insn *i, enum str_kind k,
			    struct str_regs *s, uint32_t count)
{
	struct cpu_core *core = cpu->core;
	struct cpu_log *log = cpu->events->log;
	if ((cpu->intr_level && (cpu->eflags & FLAG_IF)) || cpu->nmi_pending ||
	    cpu->smi_pending)
		return 0;
	unsigned sz = i->osize;
	uint32_t n = bulk_count(cpu, i, k, s, count);
	if (n == 0)
		return 0;
	enum bus_view view = core->data_view;
	const struct tlb_entry *traced = core->tlb[view][TLB_TRACED_WRITE];
	uint8_t *d = direct_in(cpu, traced, S_ES, s->di, n * sz, true);
	const uint8_t *src = NULL;
	if (!d || (k == STR_MOVS && !(src = direct(cpu, i->seg, s->si, n * sz, false))))
		return 0;
	uint32_t lin = cpu->seg[S_ES].base + s->di;
	uint32_t physical = traced[tlb_index(lin)].paddr | (lin & 0xFFF);
	uint32_t v = reg_get(cpu, R_EAX, sz), m = size_mask(s->asz);
	for (uint32_t e = 0; e < n; e++) {
		if (k == STR_MOVS)
			v = host_load(src + e * sz, sz);
		host_store(d + e * sz, sz, v);
		cpu_log_reserve(log);
		cpu_log_event(log, CPU_EV_WRITE, 0, (uint8_t)sz, (uint8_t)view, lin + e * sz,
			      physical + e * sz, v);
		if (k == STR_MOVS)
			s->si = (s->si + sz) & m;
		s->di = (s->di + sz) & m;
		commit(cpu, s);
		reg_set(cpu, R_ECX, s->asz, count - 1 - e);
		cpu->icount++;
		cpu_log_step_of(log, cpu, CPU_LOG_REPEAT, i->len, writes_of(k));
	}
	return n;
}

static int string_op(struct cpu *cpu, const struct insn *i, enum str_kind k)
{
	struct str_regs s = {
		.asz = i->addr32 ? 4 : 2,
		.step = (cpu->eflags & FLAG_DF) ? -(int32_t)i->osize : (int32_t)i->osize,
	};
	s.si = reg_get(cpu, R_ESI, s.asz);
	s.di = reg_get(cpu, R_EDI, s.asz);
	if ((k == STR_INS || k == STR_OUTS) &&
	    io_allowed(cpu, (uint16_t)cpu->reg[R_EDX], i->osize))
		return R_FAULT;
	if (!i->rep) {
		if (iterate(cpu, i, k, &s))
			return R_FAULT;
		commit(cpu, &s);
		return (k == STR_INS || k == STR_OUTS) ? R_STOP : R_NEXT;
	}
	bool conditional = k == STR_CMPS || k == STR_SCAS;
	for (;;) {
		uint32_t c = reg_get(cpu, R_ECX, s.asz);
		if (c == 0)
			return R_NEXT;
		if ((k == STR_MOVS || k == STR_STOS) && s.step > 0 && c > 1) {
			uint32_t done = !cpu_tracing(cpu) ? bulk(cpu, i, k, &s, c)
					: cpu->events->log ? bulk_logged(cpu, i, k, &s, c)
							   : 0;
			if (done) {
				commit(cpu, &s);
				reg_set(cpu, R_ECX, s.asz, c - done);
				continue;
			}
		}
		if (iterate(cpu, i, k, &s))
			return R_FAULT;
		commit(cpu, &s);
		reg_set(cpu, R_ECX, s.asz, c - 1);
		/* A REPE/REPNE condition ends it at once; a count run out takes
		 * one more step that finds the count 0, as QEMU's counted-time
		 * (-icount) translation does, so traces match step for step. */
		if (conditional && flag_zf(cpu) != (i->rep == 0xF3))
			return R_NEXT;
		/* The iteration retires: by R_JUMP's count when it yields (resume
		 * here: EIP is unchanged), else here.  While instruction events
		 * are wanted each iteration has one of its own (bulk_logged()
		 * logs them, bulk() is not used): a listener called for each
		 * event has it after a yield, a log gets the next iteration's
		 * step record here. */
		bool tracing = cpu_tracing(cpu);
		if (cpu->icount + 1 >= cpu->core->stop_at || (tracing && !cpu->events->log) ||
		    (cpu->intr_level && (cpu->eflags & FLAG_IF)) ||
		    cpu->nmi_pending || cpu->smi_pending)
			return R_JUMP;
		cpu->icount++;
		if (tracing) {
			struct cpu_log *log = cpu->events->log;
			cpu_log_reserve(log);
			cpu_log_step_of(log, cpu, CPU_LOG_REPEAT, i->len, writes_of(k));
		}
	}
}

HANDLER(op_movs) { return string_op(cpu, i, STR_MOVS); }
HANDLER(op_cmps) { return string_op(cpu, i, STR_CMPS); }
HANDLER(op_stos) { return string_op(cpu, i, STR_STOS); }
HANDLER(op_lods) { return string_op(cpu, i, STR_LODS); }
HANDLER(op_scas) { return string_op(cpu, i, STR_SCAS); }
HANDLER(op_ins) { return string_op(cpu, i, STR_INS); }
HANDLER(op_outs) { return string_op(cpu, i, STR_OUTS); }
