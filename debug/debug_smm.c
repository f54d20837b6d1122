/* The debugger's views of SMM: the save-state map field by field, the
 * CPU's SMM state, and the host bridge's SMRAM and PAM routing per view. */
#include "debug/debug_view.h"

#include "chipset/smram_inspect.h"
#include "cpu/smm.h"

/* A field of the map at smbase, read from SMRAM as SMM code sees it. */
static uint32_t map_field(const struct bus *bus, uint32_t smbase, unsigned off, unsigned size)
{
	uint8_t b[4] = { 0 };
	bus_peek(bus, BUS_VIEW_SMM_DATA, smbase + 0x8000 + off, b, size);
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void print_cache(FILE *out, const struct bus *bus, uint32_t smbase, const char *name,
			unsigned sel_off, unsigned cache_off)
{
	fprintf(out, "  %-4s %04x  base %08x  limit %08x  attr %04x   (at +%04x, cache +%04x)\n",
		name, map_field(bus, smbase, sel_off, 4) & 0xFFFF,
		map_field(bus, smbase, cache_off + 8, 4), map_field(bus, smbase, cache_off + 4, 4),
		map_field(bus, smbase, cache_off, 4) & 0xFFFF, sel_off + 0x8000, cache_off + 0x8000);
}

void dbg_print_smm_map(FILE *out, const struct bus *bus, uint32_t smbase)
{
	fprintf(out, "save-state map at SMBASE %08x + FE00 (physical %08x-%08x, SMRAM view):\n",
		smbase, smbase + SMM_MAP_START, smbase + 0xFFFF);
	static const struct { const char *name; unsigned off; } plain[] = {
		{ "cr0", SMM_CR0 }, { "cr3", SMM_CR3 }, { "cr4", SMM_CR4 },
		{ "eflags", SMM_EFLAGS }, { "eip", SMM_EIP },
		{ "dr6", SMM_DR6 }, { "dr7", SMM_DR7 },
	};
	for (unsigned k = 0; k < sizeof(plain) / sizeof(plain[0]); k++)
		fprintf(out, "  %-6s %08x   (+%04x)\n", plain[k].name,
			map_field(bus, smbase, plain[k].off, 4), plain[k].off + 0x8000);
	for (unsigned r = 0; r < 8; r++)
		fprintf(out, "  %-6s %08x   (+%04x)\n", dbg_gpr_names[r],
			map_field(bus, smbase, SMM_GPR + 4 * r, 4), SMM_GPR + 4 * r + 0x8000);
	static const char *const seg[] = { "es", "cs", "ss", "ds", "fs", "gs" };
	static const unsigned cache[] = { SMM_ES_CACHE, SMM_CS_CACHE, SMM_SS_CACHE,
					  SMM_DS_CACHE, SMM_FS_CACHE, SMM_GS_CACHE };
	for (unsigned s = 0; s < 6; s++)
		print_cache(out, bus, smbase, seg[s], SMM_SEL + 4 * s, cache[s]);
	print_cache(out, bus, smbase, "ldtr", SMM_LDTR_SEL, SMM_LDTR_CACHE);
	print_cache(out, bus, smbase, "tr", SMM_TR_SEL, SMM_TR_CACHE);
	fprintf(out, "  gdtr   base %08x  limit %04x\n", map_field(bus, smbase, SMM_GDTR_BASE, 4),
		map_field(bus, smbase, SMM_GDTR_LIMIT, 4) & 0xFFFF);
	fprintf(out, "  idtr   base %08x  limit %04x\n", map_field(bus, smbase, SMM_IDTR_BASE, 4),
		map_field(bus, smbase, SMM_IDTR_LIMIT, 4) & 0xFFFF);
	uint32_t io = map_field(bus, smbase, SMM_IO_STATE, 4);
	fprintf(out, "  I/O state %08x", io);
	if (io & SMM_IO_SMI)
		fprintf(out, " (SMI on %s port %04x, %u bytes, type %u)", (io >> 4) & 1 ? "IN from" : "OUT to",
			io >> 16, (io >> 1) & 7, (io >> 4) & 0xF);
	fprintf(out, "   I/O memory address %08x\n", map_field(bus, smbase, SMM_IO_MEM_ADDR, 4));
	uint32_t rev = map_field(bus, smbase, SMM_REVISION_ID, 4);
	fprintf(out, "  I/O restart %04x  auto HALT restart %04x\n",
		map_field(bus, smbase, SMM_IO_RESTART, 2), map_field(bus, smbase, SMM_AUTO_HALT, 2));
	fprintf(out, "  revision %08x (%s%s)  SMBASE field %08x\n", rev,
		rev & SMM_REV_IO_RESTART ? "I/O restart" : "no I/O restart",
		rev & SMM_REV_RELOCATION ? ", SMBASE relocation" : "",
		map_field(bus, smbase, SMM_SMBASE, 4));
}

const char *dbg_smm_field_name(unsigned off)
{
	static const struct { unsigned off; const char *name; } fields[] = {
		{ SMM_CR0, "cr0" }, { SMM_CR3, "cr3" }, { SMM_EFLAGS, "eflags" }, { SMM_EIP, "eip" },
		{ SMM_GPR, "eax" }, { SMM_GPR + 4, "ecx" }, { SMM_GPR + 8, "edx" },
		{ SMM_GPR + 12, "ebx" }, { SMM_GPR + 16, "esp" }, { SMM_GPR + 20, "ebp" },
		{ SMM_GPR + 24, "esi" }, { SMM_GPR + 28, "edi" }, { SMM_DR6, "dr6" }, { SMM_DR7, "dr7" },
		{ SMM_TR_SEL, "tr" }, { SMM_LDTR_SEL, "ldtr" }, { SMM_SEL, "es" }, { SMM_SEL + 4, "cs" },
		{ SMM_SEL + 8, "ss" }, { SMM_SEL + 12, "ds" }, { SMM_SEL + 16, "fs" },
		{ SMM_SEL + 20, "gs" }, { SMM_IO_STATE, "io_state" }, { SMM_IO_MEM_ADDR, "io_mem_addr" },
		{ SMM_GDTR_LIMIT, "gdtr_limit" }, { SMM_GDTR_BASE, "gdtr_base" },
		{ SMM_IDTR_LIMIT, "idtr_limit" }, { SMM_IDTR_BASE, "idtr_base" }, { SMM_CR4, "cr4" },
		{ SMM_IO_RESTART, "io_restart" }, { SMM_REVISION_ID, "revision" },
		{ SMM_SMBASE, "smbase" },
	};
	for (unsigned k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		if (fields[k].off == off)
			return fields[k].name;
	return NULL;
}

void dbg_print_smm_state(FILE *out, const struct cpu *cpu)
{
	fprintf(out, "in SMM: %s   SMBASE %08x (handler at %08x, save map at %08x)\n",
		cpu->smm ? "yes" : "no", cpu->smbase, cpu->smbase + SMM_ENTRY_EIP,
		cpu->smbase + SMM_MAP_START);
	fprintf(out, "SMI pending: %s   SMIs %llu   RSMs %llu\n", cpu->smi_pending ? "yes" : "no",
		(unsigned long long)cpu->smi_count, (unsigned long long)cpu->rsm_count);
}

static const char *region_name(const struct bus *bus, unsigned id)
{
	return id == BUS_NO_REGION ? "-" : bus->region[id].name;
}

/* What reads and writes of paddr reach in each view. */
static void print_routing(FILE *out, const struct bus *bus, uint32_t lo, uint32_t hi)
{
	fprintf(out, "  %05x-%05x", lo, hi);
	for (int v = 0; v < BUS_VIEW_COUNT; v++) {
		const struct bus_page *p = bus_page(bus, (enum bus_view)v, lo);
		const char *r = region_name(bus, p->region), *w = region_name(bus, p->region_w);
		char both[48];
		if (p->region == p->region_w)
			snprintf(both, sizeof(both), "%s", r);
		else
			snprintf(both, sizeof(both), "%s/%s", r, w);
		fprintf(out, v + 1 < BUS_VIEW_COUNT ? "  %-18s" : "  %s", both);
	}
	fputc('\n', out);
}

/* One line per PAM register: its value, then its segments.  A register
 * of one segment (PAM0) gives its range in capitals, as the transcripts
 * have always had it. */
static void print_pam(FILE *out, const struct smram_info *info)
{
	for (unsigned k = 0; k < info->npam; k++) {
		const struct smram_pam_segment *s = &info->pam[k];
		bool first = k == 0 || info->pam[k - 1].reg != s->reg;
		bool last = k + 1 == info->npam || info->pam[k + 1].reg != s->reg;
		if (first)
			fprintf(out, "PAM%u (0x%02x) = %02x: ", s->reg, s->offset, s->raw);
		else
			fputs(", ", out);
		fprintf(out, first && last ? "%05X-%05X %s" : "%05x-%05x %s", s->base,
			s->base + s->size - 1, smram_pam_mode_name(s->mode));
		if (last)
			fputc('\n', out);
	}
}

/* The SMRAM ranges above the first megabyte (the Q35's TSEG and high
 * SMRAM), each with the views that reach it now. */
static void print_high_ranges(FILE *out, const struct smram_info *info)
{
	for (unsigned k = 0; k < info->nranges; k++) {
		const struct smram_range *r = &info->range[k];
		if (r->base < 0x100000 || !r->size)
			continue;
		fprintf(out, "%s %08x-%08x reached by:", r->name, r->base, r->base + r->size - 1);
		for (int v = 0; v < BUS_VIEW_COUNT; v++)
			if (r->views & (1u << v))
				fprintf(out, " %s", bus_view_name((enum bus_view)v));
		fputs(r->views ? "\n" : " nothing (closed)\n", out);
	}
}

void dbg_print_chipset(FILE *out, const struct board *board)
{
	struct smram_info info;
	board_inspect_smram(board, &info);
	const struct smram_control *c = &info.smram;
	fprintf(out, "%s SMRAM (0x%02x) = %02x: D_OPEN=%u D_CLS=%u D_LCK=%u G_SMRAME=%u C_BASE_SEG=%u\n",
		info.host_bridge, c->offset, c->raw, c->d_open, c->d_cls, c->d_lck, c->g_smrame,
		c->c_base_seg);
	print_high_ranges(out, &info);
	print_pam(out, &info);
	fprintf(out, "routing (read/write where they differ):\n  %-11s", "");
	for (int v = 0; v < BUS_VIEW_COUNT; v++)
		fprintf(out, v + 1 < BUS_VIEW_COUNT ? "  %-18s" : "  %s", bus_view_name((enum bus_view)v));
	fputc('\n', out);
	print_routing(out, board->bus, 0xA0000, 0xAFFFF);
	print_routing(out, board->bus, 0xB0000, 0xBFFFF);
	for (uint32_t a = 0xC0000; a < 0xF0000; a += 0x4000)
		print_routing(out, board->bus, a, a + 0x3FFF);
	print_routing(out, board->bus, 0xF0000, 0xFFFFF);
}
