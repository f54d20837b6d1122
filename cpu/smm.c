/* SMI entry and RSM (SDM Vol.3C §34.3-34.5, §34.10-34.13); see smm.h. */
#include "cpu/smm.h"

#include "cpu/core.h"
#include "cpu/events.h"
#include "cpu/mmu.h"
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/paging.h"

/* The save-state map, written and read by the processor itself through
 * the SMM data view at physical addresses (paging, segmentation and A20M#
 * do not apply): straight in host memory when the map is plain RAM, else
 * access by access. */
struct smm_map {
	struct cpu *cpu;
	uint32_t base;   /* SMBASE + 0x8000 */
	uint8_t *host;   /* the bytes at SMBASE + 0xFE00, or NULL */
};

static struct smm_map map_open(struct cpu *cpu, uint32_t smbase, bool write)
{
	struct smm_map m = { cpu, smbase + 0x8000, NULL };
	m.host = bus_ram_window(cpu->bus, BUS_VIEW_SMM_DATA, smbase + SMM_MAP_START,
				0x10000 - SMM_MAP_START, write);
	return m;
}

static uint32_t map_read(const struct smm_map *m, unsigned off, unsigned size)
{
	if (m->host) {
		const uint8_t *p = m->host + (off + 0x8000 - SMM_MAP_START);
		uint32_t v = 0;
		for (unsigned k = 0; k < size; k++)
			v |= (uint32_t)p[k] << (8 * k);
		return v;
	}
	return bus_read(m->cpu->bus, BUS_VIEW_SMM_DATA, m->base + off, size);
}

static void map_write(const struct smm_map *m, unsigned off, uint32_t v, unsigned size)
{
	if (m->host) {
		uint8_t *p = m->host + (off + 0x8000 - SMM_MAP_START);
		for (unsigned k = 0; k < size; k++)
			p[k] = (uint8_t)(v >> (8 * k));
		return;
	}
	bus_write(m->cpu->bus, BUS_VIEW_SMM_DATA, m->base + off, v, size);
}

static const uint16_t cache_offset[S_COUNT] = {
	[S_ES] = SMM_ES_CACHE, [S_CS] = SMM_CS_CACHE, [S_SS] = SMM_SS_CACHE,
	[S_DS] = SMM_DS_CACHE, [S_FS] = SMM_FS_CACHE, [S_GS] = SMM_GS_CACHE,
};

static void save_cache(const struct smm_map *m, unsigned off, const struct cpu_segment *s)
{
	map_write(m, off, s->attr, 4);
	map_write(m, off + 4, s->limit, 4);
	map_write(m, off + 8, s->base, 4);
}

static void load_cache(const struct smm_map *m, unsigned off, struct cpu_segment *s)
{
	s->attr = (uint16_t)map_read(m, off, 4);
	s->limit = map_read(m, off + 4, 4);
	s->base = map_read(m, off + 8, 4);
}

void smm_note_io(struct cpu *cpu, const struct insn *i, uint16_t port, uint8_t type,
		 uint32_t mem_addr)
{
	struct smm_io_record *r = &cpu->core->last_io;
	r->icount = cpu->icount + 1;
	r->eip = cpu->eip;
	r->port = port;
	r->size = i->osize;
	r->type = type;
	r->mem_addr = mem_addr;
}

/* The I/O State field: valid (IO_SMI) when the SMI follows an I/O
 * instruction at once, as an SMI raised by that instruction does. */
static uint32_t io_state(const struct cpu *cpu)
{
	const struct smm_io_record *r = &cpu->core->last_io;
	if (r->icount != cpu->icount)
		return 0;
	unsigned len = r->size == 1 ? 1 : r->size == 2 ? 2 : 4;
	return SMM_IO_SMI | (len << 1) | ((uint32_t)r->type << 4) | ((uint32_t)r->port << 16);
}

static void save_state(struct cpu *cpu, uint32_t sb)
{
	const struct smm_map map = map_open(cpu, sb, true), *m = &map;
	map_write(m, SMM_CR0, cpu->cr0, 4);
	map_write(m, SMM_CR3, cpu->cr3, 4);
	map_write(m, SMM_EFLAGS, cpu_get_eflags(cpu), 4);
	map_write(m, SMM_EIP, cpu->eip, 4);
	for (unsigned r = 0; r < 8; r++)
		map_write(m, SMM_GPR + 4 * r, cpu->reg[r], 4);
	map_write(m, SMM_DR6, cpu->dr[6], 4);
	map_write(m, SMM_DR7, cpu->dr[7], 4);
	map_write(m, SMM_TR_SEL, cpu->tr.sel, 4);
	map_write(m, SMM_LDTR_SEL, cpu->ldtr.sel, 4);
	for (unsigned s = 0; s < S_COUNT; s++) {
		map_write(m, SMM_SEL + 4 * s, cpu->seg[s].sel, 4);
		save_cache(m, cache_offset[s], &cpu->seg[s]);
	}
	uint32_t io = io_state(cpu);
	map_write(m, SMM_IO_STATE, io, 4);
	map_write(m, SMM_IO_MEM_ADDR, io ? cpu->core->last_io.mem_addr : 0, 4);
	save_cache(m, SMM_LDTR_CACHE, &cpu->ldtr);
	save_cache(m, SMM_TR_CACHE, &cpu->tr);
	map_write(m, SMM_GDTR_LIMIT, cpu->gdtr.limit, 4);
	map_write(m, SMM_GDTR_BASE, cpu->gdtr.base, 4);
	map_write(m, SMM_IDTR_LIMIT, cpu->idtr.limit, 4);
	map_write(m, SMM_IDTR_BASE, cpu->idtr.base, 4);
	map_write(m, SMM_CR4, cpu->cr4, 4);
	map_write(m, SMM_IO_RESTART, 0, 2);
	map_write(m, SMM_AUTO_HALT, cpu->halted ? 1 : 0, 2);
	map_write(m, SMM_REVISION_ID, SMM_REVISION, 4);
	map_write(m, SMM_SMBASE, sb, 4);
}

static void flat_segment(struct cpu_segment *s, uint16_t sel, uint32_t base, uint16_t type)
{
	s->sel = sel;
	s->base = base;
	s->limit = 0xFFFFFFFFu;
	s->attr = SEG_ATTR_P | SEG_ATTR_S | SEG_ATTR_G | type;
}

/* SDM §34.5, Table 34-4: the processor state on entering SMM. */
void smm_enter(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	uint32_t sb = cpu->smbase;
	save_state(cpu, sb);
	core->smm_io_restartable = io_state(cpu) != 0;
	core->smm_io_eip = core->last_io.eip;
	core->nmi_blocked_before_smm = cpu->nmi_blocked;
	cpu->nmi_blocked = true;
	cpu->smm = true;
	cpu->halted = false;
	cpu->eflags = 0x2;
	cpu->lf.op = LF_NONE;
	cpu->eip = SMM_ENTRY_EIP;
	flat_segment(&cpu->seg[S_CS], (uint16_t)(sb >> 4), sb, 0xB);
	for (unsigned s = 0; s < S_COUNT; s++)
		if (s != S_CS)
			flat_segment(&cpu->seg[s], 0, 0, 0x3);
	cpu->cr0 &= ~(CR0_PE | CR0_EM | CR0_TS | CR0_PG);
	cpu->cr4 = 0;
	cpu->dr[7] = 0x400;
	cpu_set_cpl(cpu, 0);
	core->inhibit_icount = UINT64_MAX;
	cpu_state_changed(cpu);
	cpu->smi_count++;
	cpu_emit(cpu, CPU_EV_SMI, cpu->smi_source);
}

/* The restored state must be one the processor could be in (SDM Vol.2
 * RSM: reserved CR4 bits, PG without PE, NW without CD). */
static bool valid_state(const struct cpu *cpu, uint32_t cr0, uint32_t cr4)
{
	return !(cr4 & ~cpu->core->cr4_writable) && !((cr0 & CR0_PG) && !(cr0 & CR0_PE)) &&
	       !((cr0 & CR0_NW) && !(cr0 & CR0_CD));
}

static void shutdown_rsm(struct cpu *cpu)
{
	cpu->core->shutdown = true;
	cpu->core->attention = true;
	cpu->exit_detail = "RSM restored an invalid state";
}

/* RSM (0F AA): #UD outside SMM; otherwise restore the saved state,
 * honouring SMBASE relocation, I/O instruction restart and auto-HALT
 * restart (SDM §34.11-34.13). */
HANDLER(op_rsm)
{
	(void)i;
	struct cpu_core *core = cpu->core;
	if (!cpu->smm)
		return UD(cpu);
	const struct smm_map map = map_open(cpu, cpu->smbase, false), *m = &map;
	uint32_t cr0 = map_read(m, SMM_CR0, 4), cr4 = map_read(m, SMM_CR4, 4);
	if (!valid_state(cpu, cr0, cr4)) {
		shutdown_rsm(cpu);
		return R_JUMP;
	}
	for (unsigned r = 0; r < 8; r++)
		cpu->reg[r] = map_read(m, SMM_GPR + 4 * r, 4);
	for (unsigned s = 0; s < S_COUNT; s++) {
		load_cache(m, cache_offset[s], &cpu->seg[s]);
		cpu->seg[s].sel = (uint16_t)map_read(m, SMM_SEL + 4 * s, 4);
	}
	load_cache(m, SMM_LDTR_CACHE, &cpu->ldtr);
	cpu->ldtr.sel = (uint16_t)map_read(m, SMM_LDTR_SEL, 4);
	load_cache(m, SMM_TR_CACHE, &cpu->tr);
	cpu->tr.sel = (uint16_t)map_read(m, SMM_TR_SEL, 4);
	cpu->gdtr.limit = (uint16_t)map_read(m, SMM_GDTR_LIMIT, 4);
	cpu->gdtr.base = map_read(m, SMM_GDTR_BASE, 4);
	cpu->idtr.limit = (uint16_t)map_read(m, SMM_IDTR_LIMIT, 4);
	cpu->idtr.base = map_read(m, SMM_IDTR_BASE, 4);
	cpu->dr[6] = map_read(m, SMM_DR6, 4);
	cpu->dr[7] = map_read(m, SMM_DR7, 4);
	cpu->cr0 = cr0 | CR0_ET;
	cpu->cr3 = map_read(m, SMM_CR3, 4);
	cpu->cr4 = cr4;
	uint32_t fl = map_read(m, SMM_EFLAGS, 4);
	cpu->eflags = (fl & ~FLAGS_ARITH & 0x003F7FD5u) | 0x2;
	cpu->lf.op = LF_NONE;
	flags_set(cpu, fl, FLAGS_ARITH);
	cpu->eip = map_read(m, SMM_EIP, 4);
	if ((map_read(m, SMM_IO_RESTART, 2) & 0xFF) == 0xFF && core->smm_io_restartable)
		cpu->eip = core->smm_io_eip;
	if (map_read(m, SMM_AUTO_HALT, 2) & 1)
		cpu->halted = true;
	if (SMM_REVISION & SMM_REV_RELOCATION)
		cpu->smbase = map_read(m, SMM_SMBASE, 4);
	/* CPL: 0 in real mode, else the DPL of SS's cache (3 in v86 mode,
	 * which cpu_state_changed() applies). */
	cpu_set_cpl(cpu, (cr0 & CR0_PE) ? (uint8_t)((cpu->seg[S_SS].attr & SEG_ATTR_DPL) >> 5) : 0);
	cpu->smm = false;
	cpu->nmi_blocked = core->nmi_blocked_before_smm;
	cpu_state_changed(cpu);
	/* PAE's PDPTEs come from the restored CR3, outside SMM (the normal
	 * view); a table with a reserved bit set is an invalid state. */
	if (core->pae && !paging_load_pdpt(cpu, cpu->cr3)) {
		shutdown_rsm(cpu);
		return R_JUMP;
	}
	cpu->rsm_count++;
	cpu_emit(cpu, CPU_EV_RSM, 0);
	return R_JUMP;
}
