/* String instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP,
 * REPE and REPNE.  Each iteration of a repeated instruction retires as one
 * instruction, as on QEMU, and a long one yields to the run loop at the
 * budget or a pending interrupt with EIP still on the instruction. */
#include "cpu/alu.h"
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
		a = bus_in(cpu->bus, port, sz);
		if (mem_write(cpu, S_ES, s->di, sz, a))
			return R_FAULT;
		s->di = (s->di + (uint32_t)s->step) & m;
		return R_NEXT;
	}
	default: /* OUTS */
		if (mem_read(cpu, i->seg, s->si, sz, &a))
			return R_FAULT;
		bus_out(cpu->bus, (uint16_t)cpu->reg[R_EDX], a, sz);
		s->si = (s->si + (uint32_t)s->step) & m;
		return R_NEXT;
	}
}

static void commit(struct cpu *cpu, const struct str_regs *s)
{
	reg_set(cpu, R_ESI, s->asz, s->si);
	reg_set(cpu, R_EDI, s->asz, s->di);
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
		if (iterate(cpu, i, k, &s))
			return R_FAULT;
		commit(cpu, &s);
		reg_set(cpu, R_ECX, s.asz, c - 1);
		if (c == 1)
			return R_NEXT;
		if (conditional && flag_zf(cpu) != (i->rep == 0xF3))
			return R_NEXT;
		cpu->icount++;
		if (cpu->icount + 1 >= cpu->core->budget_end ||
		    (cpu->intr_level && (cpu->eflags & FLAG_IF)) ||
		    cpu->nmi_pending || cpu->smi_pending || cpu->core->code_invalidated)
			return R_JUMP; /* resume here: EIP is unchanged */
	}
}

HANDLER(op_movs) { return string_op(cpu, i, STR_MOVS); }
HANDLER(op_cmps) { return string_op(cpu, i, STR_CMPS); }
HANDLER(op_stos) { return string_op(cpu, i, STR_STOS); }
HANDLER(op_lods) { return string_op(cpu, i, STR_LODS); }
HANDLER(op_scas) { return string_op(cpu, i, STR_SCAS); }
HANDLER(op_ins) { return string_op(cpu, i, STR_INS); }
HANDLER(op_outs) { return string_op(cpu, i, STR_OUTS); }
