/* The debugger's text views of the CPU, memory and events; see
 * debug_view.h.  The SMM save map and the chipset are in debug_smm.c. */
#include "config.h"
#include "debug/debug_view.h"

#include "cpu/model.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const dbg_gpr_names[8] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
};

unsigned dbg_mode_of(const struct cpu *cpu)
{
	unsigned m = 0;
	if (cpu->cr0 & CR0_PE)
		m |= DBG_MODE_PE;
	if (cpu->cr0 & CR0_PG)
		m |= DBG_MODE_PG;
	if ((cpu->cr0 & CR0_PE) && (cpu->eflags & FLAG_VM))
		m |= DBG_MODE_V86;
	if (cpu->smm)
		m |= DBG_MODE_SMM;
	return m;
}

void dbg_mode_name(unsigned mode, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", !(mode & DBG_MODE_PE) ? "real" : (mode & DBG_MODE_V86) ? "v86" : "protected",
		 (mode & DBG_MODE_PG) ? ", paging" : "", (mode & DBG_MODE_SMM) ? ", SMM" : "");
}

void dbg_event_text(const struct cpu_event *ev, char *out, size_t size)
{
	switch (ev->kind) {
	case CPU_EV_INSN: snprintf(out, size, "instruction at %04x:%08x", ev->cs, ev->eip); break;
	case CPU_EV_WRITE:
	case CPU_EV_READ:
		snprintf(out, size, "%s [%08x] %s %#x (%u bytes, physical %08x, %s)",
			 ev->kind == CPU_EV_READ ? "read" : "write", ev->address,
			 ev->kind == CPU_EV_READ ? "->" : "=", ev->value, ev->size, ev->physical,
			 bus_view_name(ev->view));
		break;
	case CPU_EV_IO:
		snprintf(out, size, ev->is_write ? "out %#06x = %#x (%u bytes)" : "in %#06x -> %#x (%u bytes)",
			 ev->address, ev->value, ev->size);
		break;
	case CPU_EV_EXCEPTION: snprintf(out, size, "exception %u", ev->vector); break;
	case CPU_EV_INTERRUPT: snprintf(out, size, "interrupt %u", ev->vector); break;
	case CPU_EV_SMI:
		snprintf(out, size, "SMI: SMM entered (%s)",
			 ev->vector == CPU_SMI_APIC ? "an SMI message from the local APIC" : "SMI# pin");
		break;
	case CPU_EV_RSM: snprintf(out, size, "RSM: SMM left"); break;
	case CPU_EV_SHUTDOWN: snprintf(out, size, "shutdown"); break;
	case CPU_EV_INIT: snprintf(out, size, "INIT: the CPU starts again at f000:fff0"); break;
	}
}

int dbg_view_by_name(const char *name)
{
	if (strcmp(name, "normal") == 0)
		return BUS_VIEW_NORMAL;
	if (strcmp(name, "smm_code") == 0)
		return BUS_VIEW_SMM_CODE;
	if (strcmp(name, "smm_data") == 0 || strcmp(name, "smram") == 0)
		return BUS_VIEW_SMM_DATA;
	if (strcmp(name, "dma") == 0)
		return BUS_VIEW_DMA;
	return -1;
}

bool dbg_parse_hex(const char *t, uint32_t *v)
{
	if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
		t += 2;
	if (!*t)
		return false;
	char *end;
	errno = 0;
	unsigned long x = strtoul(t, &end, 16);
	if (*end || errno || x > 0xFFFFFFFFul)
		return false;
	*v = (uint32_t)x;
	return true;
}

enum dbg_place_error dbg_parse_place(char *text, int *view, bool *linear, uint32_t *addr,
				     const char **bad)
{
	char *colon = strchr(text, ':');
	*linear = false;
	if (colon) {
		*colon = 0;
		*linear = strcmp(text, "lin") == 0;
		int named = *linear ? 0 : dbg_view_by_name(text);
		*bad = text;
		if (named < 0)
			return DBG_PLACE_BAD_VIEW;
		if (!*linear)
			*view = named;
		text = colon + 1;
	}
	*bad = text;
	return dbg_parse_hex(text, addr) ? DBG_PLACE_OK : DBG_PLACE_BAD_ADDRESS;
}

static void print_segment(FILE *out, const char *name, const struct cpu_segment *s)
{
	fprintf(out, "%-4s %04x  base %08x  limit %08x  attr %04x\n", name, s->sel, s->base, s->limit,
		s->attr);
}

void dbg_print_registers(FILE *out, const struct cpu *cpu)
{
	for (unsigned r = 0; r < 8; r++)
		fprintf(out, "%s %08x%s", dbg_gpr_names[r], cpu->reg[r], r % 4 == 3 ? "\n" : "  ");
	uint32_t f = cpu_get_eflags(cpu);
	static const struct { uint32_t bit; const char *name; } flags[] = {
		{ FLAG_CF, "CF" }, { FLAG_PF, "PF" }, { FLAG_AF, "AF" }, { FLAG_ZF, "ZF" },
		{ FLAG_SF, "SF" }, { FLAG_TF, "TF" }, { FLAG_IF, "IF" }, { FLAG_DF, "DF" },
		{ FLAG_OF, "OF" }, { FLAG_NT, "NT" }, { FLAG_RF, "RF" }, { FLAG_VM, "VM" },
		{ FLAG_AC, "AC" }, { FLAG_ID, "ID" },
	};
	fprintf(out, "eip %08x  eflags %08x [", cpu->eip, f);
	const char *sep = "";
	for (unsigned k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
		if (f & flags[k].bit) {
			fprintf(out, "%s%s", sep, flags[k].name);
			sep = " ";
		}
	fprintf(out, "%sIOPL=%u]\n", sep, (f & FLAG_IOPL) >> 12);
	static const char *const seg[] = { "es", "cs", "ss", "ds", "fs", "gs" };
	for (unsigned s = 0; s < S_COUNT; s++)
		print_segment(out, seg[s], &cpu->seg[s]);
	print_segment(out, "ldtr", &cpu->ldtr);
	print_segment(out, "tr", &cpu->tr);
	fprintf(out, "gdtr base %08x  limit %04x   idtr base %08x  limit %04x\n", cpu->gdtr.base,
		cpu->gdtr.limit, cpu->idtr.base, cpu->idtr.limit);
	fprintf(out, "cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n", cpu->cr0, cpu->cr2, cpu->cr3,
		cpu->cr4);
	fprintf(out, "dr0 %08x  dr1 %08x  dr2 %08x  dr3 %08x  dr6 %08x  dr7 %08x\n", cpu->dr[0],
		cpu->dr[1], cpu->dr[2], cpu->dr[3], cpu->dr[6], cpu->dr[7]);
	char mode[48];
	dbg_mode_name(dbg_mode_of(cpu), mode, sizeof(mode));
	fprintf(out, "mode %s  cpl %u  smm %u  smbase %08x  pending:%s%s%s%s  icount %llu\n",
		mode, cpu->cpl, cpu->smm, cpu->smbase, cpu->smi_pending ? " SMI" : "",
		cpu->nmi_pending ? " NMI" : "", cpu->smi_pending || cpu->nmi_pending ? "" : " none",
		cpu_interrupt_shadow(cpu) ? "  interrupt shadow" : "",
		(unsigned long long)cpu->icount);
}

void dbg_print_memory(FILE *out, const struct bus *bus, enum bus_view view, uint32_t paddr,
		      uint32_t len)
{
	for (uint32_t at = 0; at < len; at += 16) {
		uint8_t line[16];
		uint32_t n = len - at < 16 ? len - at : 16;
		bus_peek(bus, view, paddr + at, line, n);
		fprintf(out, "%08x:", paddr + at);
		for (uint32_t k = 0; k < 16; k++) {
			if (k < n)
				fprintf(out, " %02x", line[k]);
			else
				fprintf(out, "   ");
		}
		fprintf(out, "  ");
		for (uint32_t k = 0; k < n; k++)
			fputc(line[k] >= 0x20 && line[k] < 0x7F ? line[k] : '.', out);
		fputc('\n', out);
	}
}

static bool code32_now(const struct cpu *cpu)
{
	return (cpu->cr0 & CR0_PE) && !(cpu->eflags & FLAG_VM) && (cpu->seg[S_CS].attr & SEG_ATTR_DB);
}

uint32_t dbg_read_linear(const struct cpu *cpu, enum bus_view view, uint32_t lin, uint8_t *out,
			 uint32_t len)
{
	for (uint32_t k = 0; k < len; k++) {
		uint32_t pa;
		if (!cpu_translate_peek(cpu, lin + k, &pa))
			return k;
		bus_peek(cpu->bus, view, pa, out + k, 1);
	}
	return len;
}

/* Up to 16 bytes of code at CS:eip as the CPU would fetch them now;
 * how many could be read (the rest are 0). */
static unsigned read_code(const struct cpu *cpu, uint32_t eip, uint8_t bytes[16])
{
	memset(bytes, 0, 16);
	return dbg_read_linear(cpu, cpu->smm ? BUS_VIEW_SMM_CODE : BUS_VIEW_NORMAL,
			       cpu->seg[S_CS].base + eip, bytes, 16);
}

static bool open_capstone(const struct cpu *cpu, csh *cs)
{
	return cs_open(CS_ARCH_X86, code32_now(cpu) ? CS_MODE_32 : CS_MODE_16, cs) == CS_ERR_OK;
}

unsigned dbg_insn_at(const struct cpu *cpu, uint8_t out[15])
{
	uint8_t bytes[16];
	unsigned have = read_code(cpu, cpu->eip, bytes);
	csh cs;
	if (!have || !open_capstone(cpu, &cs))
		return 0;
	cs_insn *insn;
	size_t got = cs_disasm(cs, bytes, have, cpu->eip, 1, &insn);
	unsigned len = got ? insn[0].size : 0;
	if (got)
		cs_free(insn, got);
	cs_close(&cs);
	memcpy(out, bytes, 15);
	return len;
}

bool dbg_disassemble_bytes(const uint8_t *bytes, unsigned avail, uint32_t addr, bool code32,
			   struct dbg_insn_text *out)
{
	*out = (struct dbg_insn_text){ .eip = addr, .lin = addr };
	csh cs;
	if (cs_open(CS_ARCH_X86, code32 ? CS_MODE_32 : CS_MODE_16, &cs) != CS_ERR_OK) {
		snprintf(out->text, sizeof(out->text), "(no disassembler)");
		return false;
	}
	cs_insn *insn;
	size_t got = avail ? cs_disasm(cs, bytes, avail, addr, 1, &insn) : 0;
	if (got) {
		out->size = insn[0].size;
		for (unsigned b = 0; b < insn[0].size && b < 12; b++)
			snprintf(out->hex + 2 * b, sizeof(out->hex) - 2 * b, "%02x", insn[0].bytes[b]);
		snprintf(out->text, sizeof(out->text), "%s%s%s", insn[0].mnemonic,
			 insn[0].op_str[0] ? " " : "", insn[0].op_str);
		cs_free(insn, got);
	} else {
		snprintf(out->text, sizeof(out->text), "(bad)");
	}
	cs_close(&cs);
	return got != 0;
}

bool dbg_code32(const struct cpu *cpu)
{
	return code32_now(cpu);
}

unsigned dbg_disassemble(const struct cpu *cpu, uint32_t eip, unsigned n, struct dbg_insn_text *out)
{
	bool code32 = code32_now(cpu);
	csh cs;
	if (!open_capstone(cpu, &cs))
		return 0;
	unsigned k;
	for (k = 0; k < n; k++) {
		struct dbg_insn_text *t = &out[k];
		uint8_t bytes[16];
		unsigned have = read_code(cpu, eip, bytes);
		cs_insn *insn;
		size_t got = have ? cs_disasm(cs, bytes, have, eip, 1, &insn) : 0;
		*t = (struct dbg_insn_text){ .eip = eip, .lin = cpu->seg[S_CS].base + eip };
		if (!got) {
			snprintf(t->text, sizeof(t->text), "%s", have ? "(bad)" : "(not mapped)");
			k++;
			break;
		}
		t->size = insn[0].size;
		for (unsigned b = 0; b < insn[0].size && b < 12; b++)
			snprintf(t->hex + 2 * b, sizeof(t->hex) - 2 * b, "%02x", insn[0].bytes[b]);
		snprintf(t->text, sizeof(t->text), "%s%s%s", insn[0].mnemonic,
			 insn[0].op_str[0] ? " " : "", insn[0].op_str);
		eip += insn[0].size;
		if (!code32)
			eip &= 0xFFFF;
		cs_free(insn, got);
	}
	cs_close(&cs);
	return k;
}

void dbg_print_disassembly(FILE *out, const struct cpu *cpu, unsigned n)
{
	struct dbg_insn_text *t = calloc(n, sizeof(*t));
	unsigned got = t ? dbg_disassemble(cpu, cpu->eip, n, t) : 0;
	if (!got)
		fprintf(out, "(Capstone could not be opened)\n");
	for (unsigned k = 0; k < got; k++) {
		fprintf(out, "%s%04x:%0*x (%08x)  ", k == 0 ? "=> " : "   ", cpu->seg[S_CS].sel,
			code32_now(cpu) ? 8 : 4, t[k].eip, t[k].lin);
		if (t[k].size)
			fprintf(out, "%-24s ", t[k].hex);
		fprintf(out, "%s\n", t[k].text);
	}
	free(t);
}

void dbg_print_msrs(FILE *out, const struct cpu *cpu)
{
	fprintf(out, "model %s (CPUID signature %08x)\n", cpu->model->name, cpu->model->signature);
	unsigned n = cpu_msr_count(cpu);
	for (unsigned k = 0; k < n; k++) {
		const char *name;
		uint32_t index = cpu_msr_at(cpu, k, &name);
		uint64_t v = 0;
		cpu_msr_peek(cpu, index, &v);
		fprintf(out, "%08x %-18s %016" PRIx64 "\n", index, name, v);
	}
}
