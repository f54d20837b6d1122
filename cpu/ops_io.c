/* Port I/O: IN and OUT, and the protection check shared with INS/OUTS
 * (SDM Vol.1 §19.5: IOPL, then the TSS I/O permission bitmap). */
#include "cpu/events.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"

int io_allowed(struct cpu *cpu, uint16_t port, unsigned size)
{
	struct cpu_core *core = cpu->core;
	if (!core->pm || (!core->v86 && cpu->cpl <= ((cpu->eflags & FLAG_IOPL) >> 12)))
		return R_NEXT;
	/* A 32-bit TSS (type 9/B) with room for the bitmap is required. */
	const struct cpu_segment *tr = &cpu->tr;
	if ((tr->attr & 0x7) != 0x1 || !(tr->attr & 0x8) || tr->limit < 0x67)
		return GP0(cpu);
	uint32_t base16;
	if (sys_read(cpu, tr->base + 0x66, 2, &base16))
		return R_FAULT;
	uint32_t byte = base16 + port / 8, bits;
	if (byte + 1 > tr->limit)
		return GP0(cpu);
	if (sys_read(cpu, tr->base + byte, 2, &bits))
		return R_FAULT;
	if ((bits >> (port & 7)) & ((1u << size) - 1))
		return GP0(cpu);
	return R_NEXT;
}

/* A port access, for the event stream. */
void io_event(struct cpu *cpu, uint16_t port, unsigned size, uint32_t value, bool write)
{
	struct cpu_event ev = { .kind = CPU_EV_IO, .address = port, .size = (uint8_t)size,
				.value = value, .is_write = write };
	cpu_emit_event(cpu, &ev);
}

static int do_in(struct cpu *cpu, const struct insn *i, uint16_t port, uint8_t type)
{
	if (io_allowed(cpu, port, i->osize))
		return R_FAULT;
	uint32_t v = bus_in(cpu->bus, port, i->osize);
	reg_set(cpu, R_EAX, i->osize, v);
	smm_note_io(cpu, i, port, type, 0);
	io_event(cpu, port, i->osize, v, false);
	return R_STOP;
}

static int do_out(struct cpu *cpu, const struct insn *i, uint16_t port, uint8_t type)
{
	if (io_allowed(cpu, port, i->osize))
		return R_FAULT;
	smm_note_io(cpu, i, port, type, 0);
	io_event(cpu, port, i->osize, reg_get(cpu, R_EAX, i->osize), true);
	bus_out(cpu->bus, port, reg_get(cpu, R_EAX, i->osize), i->osize);
	return R_STOP; /* the write may raise an interrupt or an SMI */
}

HANDLER(op_in_I) { return do_in(cpu, i, (uint16_t)(i->imm & 0xFF), SMM_IO_IN_IMM); }
HANDLER(op_in_DX) { return do_in(cpu, i, (uint16_t)cpu->reg[R_EDX], SMM_IO_IN_DX); }
HANDLER(op_out_I) { return do_out(cpu, i, (uint16_t)(i->imm & 0xFF), SMM_IO_OUT_IMM); }
HANDLER(op_out_DX) { return do_out(cpu, i, (uint16_t)cpu->reg[R_EDX], SMM_IO_OUT_DX); }
