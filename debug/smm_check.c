/* SMM checks; see smm_check.h and docs/SMM-CHECKS.md. */
#include "debug/smm_check.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "chipset/smram_inspect.h"
#include "cpu/events.h"
#include "cpu/smm.h"
#include "debug/debug_view.h"

#define MAP_BYTES 0x200       /* SMBASE+0xFE00..0xFFFF */
#define BRANCHES 8            /* the last control transfers kept */
#define SEEN_BITS 12          /* instruction addresses remembered per SMI: a hash set */
#define SEEN_SLOTS (1u << SEEN_BITS)
#define SEEN_MAX (SEEN_SLOTS / 2) /* kept half empty, so that a probe ends soon */
#define WRITES_LISTED 16      /* writes outside SMRAM listed in an SMI's object */
#define TAINT_REACH 0x1000u   /* an address this far above a register came from it */

/* What the chipset routes SMRAM by (routing_key()). */
struct routing_key {
	uint32_t word[2 + 3 * SMRAM_INSPECT_RANGES];
};

struct smm_check {
	struct machine *m;
	struct smm_check_config cfg;
	struct cpu_events events;
	const struct cpu_events *next;
	/* The bus regions SMRAM is reached through, as the chipset said when
	 * the bus's generation was smram_generation (refresh_smram()). */
	int smram_region[SMRAM_INSPECT_RANGES * SMRAM_RANGE_REGIONS];
	unsigned nsmram;
	uint32_t smram_generation;
	/* The routing check_routing() last saw: the bus's generation then
	 * (routing_changed()), and the chipset's SMRAM routing. */
	uint32_t checked_generation;
	struct routing_key checked_key;
	/* The SMI in progress. */
	bool in_smi;
	uint64_t smis, entry_icount;
	char cause[48];
	uint8_t map_at_entry[MAP_BYTES];
	uint32_t entry_gpr[8];
	uint32_t entry_smbase;
	bool outside;                     /* the last fetch was outside SMRAM */
	uint32_t last_lin, next_lin;      /* the last instruction and where it falls through */
	uint32_t last_eip;
	struct { uint32_t from, to; } branch[BRANCHES];
	unsigned nbranch;
	/* EIPs plus one (0: a free slot) already reported this SMI (reads,
	 * writes): open addressing; the nseen slots used, emptied at SMI
	 * entry. */
	uint32_t seen[SEEN_SLOTS];
	uint16_t seen_slot[SEEN_MAX];
	unsigned nseen;
	unsigned writes_listed, findings_this_smi;
	struct listed_write { uint32_t address, physical, value; uint8_t size; } writes[WRITES_LISTED];
	/* EDK2's SMM communication (cfg.edk2): where the SMM core's private
	 * data lies (0: not found yet), and this SMI's buffers by it. */
	uint32_t edk2_private;
	unsigned nsmi_buffers;
	struct smm_check_range smi_buffer[2];
	/* Before an SMI: the last APM command. */
	int apm_command;
	uint64_t apm_icount;
	/* Totals. */
	uint64_t callouts, writes_outside, reads_outside, leaks;
	bool stopped;                     /* strict mode stopped the run */
	char stop_line[160];              /* why, until smm_check_take_stop() */
	bool stop_pending;
	bool leak_reported[2];
};

/* ---- what is SMRAM ---- */

/* Asks the chipset which bus regions are SMRAM now: the ranges in force
 * change with its registers (a Q35's TSEG is off at reset and set up by
 * the firmware, its size with it). */
static void refresh_smram(struct smm_check *c)
{
	struct smram_info info;
	board_inspect_smram(c->m->board, &info);
	c->nsmram = 0;
	for (unsigned k = 0; k < info.nranges; k++)
		for (unsigned n = 0; n < info.range[k].nregions; n++)
			c->smram_region[c->nsmram++] = info.range[k].region[n];
	c->smram_generation = c->m->board->bus->generation;
}

/* Whether the access reached SMRAM as the chipset routes it now.  The bus
 * bumps its generation whenever a view changes (a chipset register
 * written, through port 0xCF8-0xCFF or ECAM alike): the list is asked
 * again then, one comparison an access otherwise. */
static bool in_smram(struct smm_check *c, enum bus_view view, uint32_t paddr, bool write)
{
	if (c->m->board->bus->generation != c->smram_generation)
		refresh_smram(c);
	const struct bus_page *p = bus_page(c->m->board->bus, view, paddr);
	unsigned region = write ? p->region_w : p->region;
	for (unsigned k = 0; k < c->nsmram; k++)
		if (region == (unsigned)c->smram_region[k])
			return true;
	return false;
}

static bool allowed(const struct smm_check *c, uint32_t paddr)
{
	for (unsigned k = 0; k < c->cfg.nallow; k++)
		if (paddr >= c->cfg.allow[k].lo && paddr <= c->cfg.allow[k].hi)
			return true;
	return false;
}

static bool in_buffer(const struct smm_check *c, uint32_t paddr)
{
	for (unsigned k = 0; k < c->cfg.nbuffers; k++)
		if (paddr >= c->cfg.buffer[k].lo && paddr <= c->cfg.buffer[k].hi)
			return true;
	for (unsigned k = 0; k < c->nsmi_buffers; k++)
		if (paddr >= c->smi_buffer[k].lo && paddr <= c->smi_buffer[k].hi)
			return true;
	return false;
}

/* ---- EDK2's communication buffer ---- */

/* EDK2's SMM_CORE_PRIVATE_DATA (MdeModulePkg/Core/PiSmmCore/
 * PiSmmCorePrivateData.h) as an IA32 build lays it out: the SMM IPL's
 * mailbox, outside SMRAM, through which SmmCommunicationCommunicate()
 * hands the SMM core the EFI_SMM_COMMUNICATE_HEADER it passes on to a
 * handler, and the core says InSmm and the ReturnStatus. */
#define EDK2_SIGNATURE     0x636D6D73u  /* SIGNATURE_32 ('s', 'm', 'm', 'c') */
#define EDK2_ENTRY_POINT   16           /* SmmEntryPoint: in SMRAM */
#define EDK2_SMST          24           /* Smst: in SMRAM */
#define EDK2_COMM_BUFFER   28           /* CommunicationBuffer: NULL, or the header */
#define EDK2_BUFFER_SIZE   32           /* BufferSize: the header's and its data's */
#define EDK2_PRIVATE_SIZE  64           /* up to PiSmmCoreEntryPoint's end */

static uint32_t peek_dword(const struct smm_check *c, uint32_t paddr)
{
	uint8_t b[4] = { 0xFF, 0xFF, 0xFF, 0xFF };
	bus_peek(c->m->board->bus, BUS_VIEW_NORMAL, paddr, b, 4);
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Whether the private data is at paddr: its signature, and the core's
 * entry point and system table in SMRAM (the signature alone is also an
 * immediate in the code that checks it). */
static bool edk2_private_at(struct smm_check *c, uint32_t paddr)
{
	return peek_dword(c, paddr) == EDK2_SIGNATURE &&
	       in_smram(c, BUS_VIEW_SMM_DATA, peek_dword(c, paddr + EDK2_ENTRY_POINT), false) &&
	       in_smram(c, BUS_VIEW_SMM_DATA, peek_dword(c, paddr + EDK2_SMST), false);
}

/* The private data's address in RAM the OS sees, dword-aligned, or 0. */
static uint32_t edk2_find_private(struct smm_check *c)
{
	const struct bus *bus = c->m->board->bus;
	for (uint32_t page = 0; page < c->m->board->ram_size; page += BUS_PAGE_SIZE) {
		const uint8_t *host = bus_page(bus, BUS_VIEW_NORMAL, page)->host;
		if (!host)
			continue;
		for (uint32_t off = 0; off + 4 <= BUS_PAGE_SIZE; off += 4)
			if (host[off] == 's' && !memcmp(host + off, "smmc", 4) &&
			    edk2_private_at(c, page + off))
				return page + off;
	}
	return 0;
}

/* At SMI entry, with no SMI buffers yet: the private data (searched for
 * again when it moved) and the communication buffer it names are this
 * SMI's buffers. */
static void edk2_buffers(struct smm_check *c)
{
	if (!c->edk2_private || !edk2_private_at(c, c->edk2_private))
		c->edk2_private = edk2_find_private(c);
	if (!c->edk2_private)
		return;
	c->smi_buffer[c->nsmi_buffers].lo = c->edk2_private;
	c->smi_buffer[c->nsmi_buffers++].hi = c->edk2_private + EDK2_PRIVATE_SIZE - 1;
	uint32_t buffer = peek_dword(c, c->edk2_private + EDK2_COMM_BUFFER);
	uint32_t size = peek_dword(c, c->edk2_private + EDK2_BUFFER_SIZE);
	if (!buffer || !size || buffer + (size - 1) < buffer)
		return;
	c->smi_buffer[c->nsmi_buffers].lo = buffer;
	c->smi_buffer[c->nsmi_buffers++].hi = buffer + (size - 1);
}

/* ---- the report ---- */

/* A finding f: counted, said on stderr when there is no report file (warn
 * logs and goes on), passed to the callback, and in strict mode the run
 * stops. */
static void finding(struct smm_check *c, struct cpu *cpu, const struct smm_finding *f)
{
	const char *line = f->line;
	if (!c->cfg.report)
		fprintf(stderr, "smmbox: SMM check: %s\n", line);
	if (c->cfg.on_finding)
		c->cfg.on_finding(c->cfg.finding_opaque, f);
	c->findings_this_smi++;
	if (c->cfg.strict) {
		c->stopped = true;
		c->stop_pending = true;
		snprintf(c->stop_line, sizeof(c->stop_line), "SMM check: %s", line);
		cpu_request_exit(cpu);
	}
}

static void json_regs(FILE *f, const char *name, const uint32_t gpr[8], uint32_t eip,
		      uint32_t eflags, uint32_t cs, uint32_t cr0)
{
	fprintf(f, "\"%s\":{", name);
	for (unsigned r = 0; r < 8; r++)
		fprintf(f, "\"%s\":\"0x%08" PRIx32 "\",", dbg_gpr_names[r], gpr[r]);
	fprintf(f, "\"eip\":\"0x%08" PRIx32 "\",\"eflags\":\"0x%08" PRIx32 "\",\"cs\":\"0x%04" PRIx32
		"\",\"cr0\":\"0x%08" PRIx32 "\"}", eip, eflags, cs, cr0);
}

static uint32_t map_dword(const uint8_t *map, unsigned off)
{
	const uint8_t *p = map + (off - (SMM_MAP_START - 0x8000));
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The register (by name) an address came from, or NULL. */
static const char *taint_of(const struct smm_check *c, uint32_t address)
{
	for (unsigned r = 0; r < 8; r++)
		if (c->entry_gpr[r] > 0xFFF && address - c->entry_gpr[r] < TAINT_REACH)
			return dbg_gpr_names[r];
	return NULL;
}

/* Whether this SMI already reported a finding of the instruction at eip;
 * remembers it when not.  Once SEEN_MAX instructions are remembered, every
 * other one counts as seen: an SMI reports the reads and writes of at most
 * SEEN_MAX instructions, never one twice (but EIP 0xFFFFFFFF each time). */
static bool seen_before(struct smm_check *c, uint32_t eip)
{
	uint32_t key = eip + 1;
	if (!key)
		return false;
	unsigned k = (key * 2654435761u) >> (32 - SEEN_BITS);   /* Knuth's multiplicative hash */
	for (; c->seen[k]; k = (k + 1) & (SEEN_SLOTS - 1))
		if (c->seen[k] == key)
			return true;
	if (c->nseen == SEEN_MAX)
		return true;
	c->seen[k] = key;
	c->seen_slot[c->nseen++] = (uint16_t)k;
	return false;
}

/* ---- SMI entry and RSM ---- */

static void smi_entered(struct smm_check *c, struct cpu *cpu, enum cpu_smi_source source)
{
	c->in_smi = true;
	c->smis++;
	c->entry_icount = cpu->icount;
	c->outside = false;
	for (unsigned k = 0; k < c->nseen; k++)
		c->seen[c->seen_slot[k]] = 0;
	c->nbranch = c->nseen = c->writes_listed = c->findings_this_smi = 0;
	c->next_lin = cpu->seg[S_CS].base + cpu->eip; /* the first fetch is no branch */
	if (source == CPU_SMI_APIC)
		snprintf(c->cause, sizeof(c->cause), "SMI IPI (local APIC)");
	else if (c->apm_command >= 0 && c->apm_icount + 1 >= cpu->icount)
		snprintf(c->cause, sizeof(c->cause), "APM command 0x%02x (port 0xb2)", c->apm_command);
	else
		snprintf(c->cause, sizeof(c->cause), "SMI# (not a port 0xb2 write)");
	c->apm_command = -1;
	/* SMM entry leaves the general registers as the OS had them. */
	memcpy(c->entry_gpr, cpu->reg, sizeof(c->entry_gpr));
	c->entry_smbase = cpu->smbase;
	c->nsmi_buffers = 0;
	if (c->cfg.edk2)
		edk2_buffers(c);
	if (c->cfg.report) /* for the SMI's object: the state saved, to compare at RSM */
		bus_peek(c->m->board->bus, BUS_VIEW_SMM_DATA, cpu->smbase + SMM_MAP_START,
			 c->map_at_entry, MAP_BYTES);
}

static void smi_left(struct smm_check *c, struct cpu *cpu)
{
	uint32_t old_smbase = c->entry_smbase; /* the map is at the SMBASE it entered with */
	FILE *f = c->cfg.report;
	c->in_smi = false;
	if (!f)
		return;
	const uint8_t *m = c->map_at_entry;
	uint8_t now[MAP_BYTES];
	bus_peek(c->m->board->bus, BUS_VIEW_SMM_DATA, old_smbase + SMM_MAP_START, now, MAP_BYTES);
	fprintf(f, "{\"kind\":\"smi\",\"smi\":%" PRIu64 ",\"cause\":\"%s\",\"entry_icount\":%" PRIu64
		",\"instructions\":%" PRIu64 ",\"smbase\":\"0x%08" PRIx32 "\",", c->smis, c->cause,
		c->entry_icount, cpu->icount - c->entry_icount, old_smbase);
	json_regs(f, "entry", c->entry_gpr, map_dword(m, SMM_EIP), map_dword(m, SMM_EFLAGS),
		  map_dword(m, SMM_SEL + 4) & 0xFFFF, map_dword(m, SMM_CR0));
	fputc(',', f);
	json_regs(f, "after_rsm", cpu->reg, cpu->eip, cpu_get_eflags(cpu), cpu->seg[S_CS].sel, cpu->cr0);
	fprintf(f, ",\"savestate_changed\":[");
	const char *sep = "";
	for (unsigned off = SMM_MAP_START - 0x8000; off < 0x8000; off += 4) {
		uint32_t a = map_dword(m, off), b = map_dword(now, off);
		if (a == b)
			continue;
		const char *name = dbg_smm_field_name(off);
		fprintf(f, "%s{\"field\":\"%s\",\"offset\":\"0x%04x\",\"from\":\"0x%08" PRIx32
			"\",\"to\":\"0x%08" PRIx32 "\"}", sep, name ? name : "?", off + 0x8000, a, b);
		sep = ",";
	}
	fprintf(f, "],\"writes_outside\":[");
	for (unsigned k = 0; k < c->writes_listed; k++)
		fprintf(f, "%s{\"address\":\"0x%08" PRIx32 "\",\"physical\":\"0x%08" PRIx32
			"\",\"size\":%u,\"value\":\"0x%" PRIx32 "\"}", k ? "," : "", c->writes[k].address,
			c->writes[k].physical, c->writes[k].size, c->writes[k].value);
	fprintf(f, "],\"findings\":%u}\n", c->findings_this_smi);
}

/* ---- the views against the chipset ---- */

/* A leak of range r into views[k] (the normal view while SMRAM is closed,
 * the bus-master view ever) is counted and reported once per view. */
static void check_range(struct smm_check *c, struct cpu *cpu, const struct smram_range *r,
			uint8_t reg)
{
	static const enum bus_view views[2] = { BUS_VIEW_NORMAL, BUS_VIEW_DMA };
	if (c->cfg.ignore & SMM_FINDING_SMRAM_LEAK)
		return;
	for (unsigned k = 0; k < 2; k++) {
		if (k == 0 && (r->views & BUS_VIS_NORMAL))
			continue;
		for (uint32_t a = r->base; a < r->base + r->size; a += 1u << BUS_PAGE_SHIFT) {
			if (!in_smram(c, views[k], a, false) && !in_smram(c, views[k], a, true))
				continue;
			c->leaks++;
			if (c->leak_reported[k])
				break;
			c->leak_reported[k] = true;
			char line[128];
			snprintf(line, sizeof(line), "SMRAM reached through the %s view at %08" PRIx32
				 " (SMRAM register 0x%02x)", bus_view_name(views[k]), a, reg);
			struct smm_finding found = { SMM_FINDING_SMRAM_LEAK, cpu->icount, cpu->seg[S_CS].sel,
						 cpu->eip, a, line };
			finding(c, cpu, &found);
			if (c->cfg.report)
				fprintf(c->cfg.report, "{\"kind\":\"smram-leak\",\"severity\":\"fatal\",\"view\":"
					"\"%s\",\"physical\":\"0x%08" PRIx32 "\",\"icount\":%" PRIu64
					",\"smram_register\":\"0x%02x\"}\n", bus_view_name(views[k]), a,
					cpu->icount, reg);
			break;
		}
	}
}

/* What the chipset routes SMRAM by: the SMRAM register and each range's
 * place and views. */
static struct routing_key routing_key(const struct smram_info *info)
{
	struct routing_key key = { { info->smram.raw, info->nranges } };
	for (unsigned k = 0; k < info->nranges; k++) {
		key.word[2 + 3 * k] = info->range[k].base;
		key.word[3 + 3 * k] = info->range[k].size;
		key.word[4 + 3 * k] = info->range[k].views;
	}
	return key;
}

static void check_routing(struct smm_check *c, struct cpu *cpu)
{
	struct smram_info info;
	board_inspect_smram(c->m->board, &info);
	c->checked_generation = c->m->board->bus->generation;
	c->checked_key = routing_key(&info);
	for (unsigned k = 0; k < info.nranges; k++)
		check_range(c, cpu, &info.range[k], info.smram.raw);
}

/* Whether the SMRAM routing changed since check_routing() without a port
 * write it saw (ECAM writes): asked only when the bus's views changed. */
static bool routing_changed(struct smm_check *c)
{
	if (c->m->board->bus->generation == c->checked_generation)
		return false;
	c->checked_generation = c->m->board->bus->generation;
	struct smram_info info;
	board_inspect_smram(c->m->board, &info);
	struct routing_key key = routing_key(&info);
	return memcmp(&key, &c->checked_key, sizeof(key)) != 0;
}

/* ---- the events ---- */

static void fetched(struct smm_check *c, struct cpu *cpu, const struct cpu_event *ev)
{
	if (ev->linear != c->next_lin && ev->linear != c->last_lin) { /* not a REP's next round */
		c->branch[c->nbranch % BRANCHES].from = c->last_lin;
		c->branch[c->nbranch % BRANCHES].to = ev->linear;
		c->nbranch++;
	}
	c->last_lin = ev->linear;
	c->last_eip = ev->eip;
	c->next_lin = ev->linear + ev->len;
	bool out = !in_smram(c, BUS_VIEW_SMM_CODE, ev->physical, false) && !allowed(c, ev->physical);
	bool entering = out && !c->outside;
	c->outside = out;
	if (!entering || (c->cfg.ignore & SMM_FINDING_CALLOUT))
		return;
	c->callouts++;
	char line[160];
	snprintf(line, sizeof(line), "callout in SMI %" PRIu64 " (%s) to %08" PRIx32
		 " at instruction %" PRIu64, c->smis, c->cause, ev->physical, cpu->icount);
	struct smm_finding found = { SMM_FINDING_CALLOUT, cpu->icount, ev->cs, ev->eip, ev->physical,
				 line };
	finding(c, cpu, &found);
	FILE *f = c->cfg.report;
	if (!f)
		return;
	fprintf(f, "{\"kind\":\"callout\",\"severity\":\"error\",\"smi\":%" PRIu64
		",\"cause\":\"%s\",\"icount\":%" PRIu64 ",\"cs\":\"0x%04x\",\"eip\":\"0x%08" PRIx32
		"\",\"linear\":\"0x%08" PRIx32
		"\",\"physical\":\"0x%08" PRIx32 "\",\"branches\":[", c->smis, c->cause, cpu->icount,
		ev->cs, ev->eip, ev->linear, ev->physical);
	unsigned n = c->nbranch < BRANCHES ? c->nbranch : BRANCHES;
	for (unsigned k = 0; k < n; k++) {
		unsigned at = (c->nbranch - n + k) % BRANCHES;
		fprintf(f, "%s[\"0x%08" PRIx32 "\",\"0x%08" PRIx32 "\"]", k ? "," : "",
			c->branch[at].from, c->branch[at].to);
	}
	fprintf(f, "]}\n");
}

static void accessed(struct smm_check *c, struct cpu *cpu, const struct cpu_event *ev)
{
	bool write = ev->kind == CPU_EV_WRITE;
	enum smm_finding_kind kind = write ? SMM_FINDING_WRITE_OUTSIDE : SMM_FINDING_READ_OUTSIDE;
	if (in_smram(c, (enum bus_view)ev->view, ev->physical, write) ||
	    in_buffer(c, ev->physical) || (c->cfg.ignore & kind))
		return;
	if (write && c->writes_listed < WRITES_LISTED)
		c->writes[c->writes_listed++] = (struct listed_write){ ev->address, ev->physical,
								       ev->value, ev->size };
	/* An instruction fetched outside SMRAM is the callout's, reported
	 * already; what it reads and writes is not the handler's. */
	if (c->outside || seen_before(c, c->last_eip))
		return;
	if (write)
		c->writes_outside++;
	else
		c->reads_outside++;
	const char *from = taint_of(c, ev->address);
	char line[160];
	snprintf(line, sizeof(line), "%s outside SMRAM in SMI %" PRIu64 " at eip %08" PRIx32
		 ": [%08" PRIx32 "] %s %#" PRIx32 " (%u bytes)%s%s", write ? "write" : "read",
		 c->smis, c->last_eip, ev->address, write ? "=" : "->", ev->value, ev->size,
		 from ? ", the address from " : "", from ? from : "");
	struct smm_finding found = { kind, cpu->icount, cpu->seg[S_CS].sel, c->last_eip, ev->physical,
				 line };
	finding(c, cpu, &found);
	FILE *f = c->cfg.report;
	if (!f)
		return;
	fprintf(f, "{\"kind\":\"%s\",\"severity\":\"%s\",\"smi\":%" PRIu64 ",\"icount\":%" PRIu64
		",\"eip\":\"0x%08" PRIx32
		"\",\"address\":\"0x%08" PRIx32 "\",\"physical\":\"0x%08" PRIx32 "\",\"size\":%u,"
		"\"value\":\"0x%" PRIx32 "\",\"tainted\":%s%s%s%s}\n",
		write ? "write-outside" : "read-outside", write ? "error" : "warning", c->smis,
		cpu->icount, c->last_eip, ev->address,
		ev->physical, ev->size, ev->value, from ? "true" : "false",
		from ? ",\"register\":\"" : "", from ? from : "", from ? "\"" : "");
}

static void on_event(void *opaque, const struct cpu *ccpu, const struct cpu_event *ev)
{
	struct smm_check *c = opaque;
	struct cpu *cpu = c->m->cpu;
	if (ev->kind != CPU_EV_READ && c->next && c->next->event)
		c->next->event(c->next->opaque, ccpu, ev);
	switch (ev->kind) {
	case CPU_EV_INSN:
		if (cpu->smm)
			fetched(c, cpu, ev);
		break;
	case CPU_EV_WRITE:
	case CPU_EV_READ:
		if (cpu->smm)
			accessed(c, cpu, ev);
		break;
	case CPU_EV_IO:
		if (ev->is_write && ev->address == 0xB2) {
			c->apm_command = (int)(ev->value & 0xFF);
			c->apm_icount = cpu->icount;
		}
		if (ev->is_write && ev->address >= 0xCF8 && ev->address <= 0xCFF)
			check_routing(c, cpu);
		break;
	case CPU_EV_SMI:
		if (routing_changed(c))
			check_routing(c, cpu);
		smi_entered(c, cpu, (enum cpu_smi_source)ev->vector);
		break;
	case CPU_EV_RSM:
		if (routing_changed(c))
			check_routing(c, cpu);
		smi_left(c, cpu);
		break;
	default:
		break;
	}
}

struct smm_check *smm_check_new(struct machine *m, const struct smm_check_config *cfg)
{
	struct smm_check *c = calloc(1, sizeof(*c));
	if (!c) {
		fprintf(stderr, "smmbox: out of memory\n");
		return NULL;
	}
	c->m = m;
	c->cfg = *cfg;
	refresh_smram(c);
	c->apm_command = -1;
	c->next = m->cpu->events;
	bool everywhere = c->next && c->next->want_insns && !c->next->smm_only;
	c->events = (struct cpu_events){ .event = on_event, .opaque = c, .want_insns = true,
					 .want_reads = true, .smm_only = !everywhere };
	m->cpu->events = &c->events;
	cpu_state_changed(m->cpu);
	return c;
}

void smm_check_free(struct smm_check *c)
{
	if (!c)
		return;
	check_routing(c, c->m->cpu);
	c->m->cpu->events = c->next;
	cpu_state_changed(c->m->cpu);
	if (c->cfg.report)
		fflush(c->cfg.report);
	free(c);
}

size_t smm_check_state_size(void)
{
	return sizeof(struct smm_check);
}

void smm_check_state_save(const struct smm_check *c, void *out)
{
	memcpy(out, c, sizeof(*c));
}

/* Everything but the wiring (the machine, the configuration, the chain of
 * listeners), which stays as it is now; the SMRAM ranges are the
 * chipset's now. */
void smm_check_state_restore(struct smm_check *c, const void *in)
{
	struct smm_check wiring = *c;
	memcpy(c, in, sizeof(*c));
	c->m = wiring.m;
	c->cfg = wiring.cfg;
	c->events = wiring.events;
	c->next = wiring.next;
	refresh_smram(c);
}

void smm_check_set_report(struct smm_check *c, FILE *report)
{
	if (c->cfg.report)
		fflush(c->cfg.report);
	c->cfg.report = report;
}

bool smm_check_stopped(const struct smm_check *c)
{
	return c->stopped;
}

const char *smm_check_take_stop(void *opaque)
{
	struct smm_check *c = opaque;
	if (!c->stop_pending)
		return NULL;
	c->stop_pending = false;
	return c->stop_line;
}

void smm_check_print_stats(const struct smm_check *c, FILE *out)
{
	fprintf(out, "smm_check_smis: %" PRIu64 "\n", c->smis);
	fprintf(out, "smm_check_callouts: %" PRIu64 "\n", c->callouts);
	fprintf(out, "smm_check_writes_outside: %" PRIu64 "\n", c->writes_outside);
	fprintf(out, "smm_check_reads_outside: %" PRIu64 "\n", c->reads_outside);
	fprintf(out, "smm_check_smram_leaks: %" PRIu64 "\n", c->leaks);
}
