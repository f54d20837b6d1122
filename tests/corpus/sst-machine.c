/* Running one SingleStepTests vector: see sst-machine.h. */
#include "tests/corpus/sst-machine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/events.h"
#include "mem/bus.h"

struct sst_machine {
	struct bus *bus;
	struct cpu *cpu;
	uint8_t *ram; /* the RAM region's host bytes: read directly to compare */
	/* Told of exceptions and interrupts, after which registers change
	 * beyond what the instruction writes. */
	struct cpu_events events;
	bool delivered;
};

static void note_event(void *opaque, const struct cpu *cpu, const struct cpu_event *ev)
{
	struct sst_machine *m = opaque;
	(void)cpu;
	if (ev->kind == CPU_EV_EXCEPTION || ev->kind == CPU_EV_INTERRUPT ||
	    ev->kind == CPU_EV_SMI || ev->kind == CPU_EV_SHUTDOWN)
		m->delivered = true;
}

static const struct { uint8_t moo, cpu; } gpr_map[] = {
	{ MOO_AX, R_EAX }, { MOO_BX, R_EBX }, { MOO_CX, R_ECX }, { MOO_DX, R_EDX },
	{ MOO_SP, R_ESP }, { MOO_BP, R_EBP }, { MOO_SI, R_ESI }, { MOO_DI, R_EDI },
};

static const struct { uint8_t moo, cpu; } seg_map[] = {
	{ MOO_CS, S_CS }, { MOO_SS, S_SS }, { MOO_DS, S_DS }, { MOO_ES, S_ES },
};

struct sst_machine *sst_machine_new(void)
{
	struct sst_machine *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->ram = calloc(1, SST_RAM_SIZE);
	m->bus = bus_new();
	if (!m->ram || !m->bus ||
	    bus_add_ram(m->bus, "ram", 0, SST_RAM_SIZE, 0, BUS_VIS_ALL, m->ram) < 0) {
		sst_machine_free(m);
		return NULL;
	}
	m->cpu = cpu_new(m->bus);
	if (!m->cpu) {
		sst_machine_free(m);
		return NULL;
	}
	m->events = (struct cpu_events){ .event = note_event, .opaque = m };
	m->cpu->events = &m->events;
	cpu_state_changed(m->cpu);
	return m;
}

void sst_machine_free(struct sst_machine *m)
{
	if (!m)
		return;
	cpu_free(m->cpu);
	bus_free(m->bus);
	free(m->ram);
	free(m);
}

/* Loading and undoing. */

static void poke(struct sst_machine *m, uint32_t addr, uint8_t value)
{
	if (addr < SST_RAM_SIZE)
		bus_poke(m->bus, BUS_VIEW_NORMAL, addr, &value, 1);
}

/* Write a state's RAM bytes (or zeros, to undo them), one bus_poke() per
 * run of consecutive addresses. */
static void poke_state(struct sst_machine *m, const struct moo_state *s, bool clear)
{
	uint8_t run[64];
	uint32_t start = 0, len = 0;

	for (uint32_t i = 0; i <= s->ram_count; i++) {
		uint32_t a = 0;
		uint8_t v = 0;

		if (i < s->ram_count)
			moo_ram_at(s, i, &a, &v);
		if (len && (i == s->ram_count || a != start + len || len == sizeof run ||
			    a >= SST_RAM_SIZE)) {
			bus_poke(m->bus, BUS_VIEW_NORMAL, start, run, len);
			len = 0;
		}
		if (i == s->ram_count || a >= SST_RAM_SIZE)
			continue;
		if (!len)
			start = a;
		run[len++] = clear ? 0 : v;
	}
}

static void poke_extra(struct sst_machine *m, const struct sst_extra *x, bool clear)
{
	for (unsigned i = 0; x && i < x->count; i++)
		poke(m, x->addr[i], clear ? 0 : x->value[i]);
}

/* SDM Vol.3A 9.1.1 reset, then the INIT registers: real mode, each base
 * selector << 4 with limit 0xFFFF, FLAGS cut to what real mode can hold.
 * Segments and flags go through the API, so no cpu_state_changed() is
 * needed (only direct writes to them call for it). */
static void load_regs(struct cpu *cpu, const uint16_t *r)
{
	cpu_reset(cpu);
	for (size_t k = 0; k < sizeof gpr_map / sizeof gpr_map[0]; k++)
		cpu->reg[gpr_map[k].cpu] = r[gpr_map[k].moo];
	cpu->eip = r[MOO_IP];
	for (size_t k = 0; k < sizeof seg_map / sizeof seg_map[0]; k++)
		cpu_load_real_segment(cpu, (enum cpu_sreg)seg_map[k].cpu,
				      r[seg_map[k].moo]);
	cpu_set_eflags(cpu, (r[MOO_FLAGS] & SST_FLAGS_REAL) | 2);
}

/* Comparing. */

struct text {
	char *buf;
	size_t size, len;
	bool ok;
};

static void differ(struct text *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record a difference; describe it when there is room. */
static void differ(struct text *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	out->ok = false;
	if (!out->buf || out->len + 1 >= out->size)
		return;
	if (out->len) {
		out->buf[out->len++] = ';';
		out->buf[out->len++] = ' ';
		out->buf[out->len] = '\0';
		if (out->len + 1 >= out->size)
			return;
	}
	va_start(ap, fmt);
	n = vsnprintf(out->buf + out->len, out->size - out->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		out->len += (size_t)n < out->size - out->len ? (size_t)n
							     : out->size - out->len - 1;
}

static const char *flag_names(uint32_t bits, char *buf, size_t size)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ FLAG_CF, "CF" }, { FLAG_PF, "PF" }, { FLAG_AF, "AF" },
		{ FLAG_ZF, "ZF" }, { FLAG_SF, "SF" }, { FLAG_TF, "TF" },
		{ FLAG_IF, "IF" }, { FLAG_DF, "DF" }, { FLAG_OF, "OF" },
		{ 0x2, "bit1" }, { 0x8, "bit3" }, { 0x20, "bit5" },
		{ FLAG_IOPL, "IOPL" }, { FLAG_NT, "NT" }, { 0x8000, "bit15" },
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (!(bits & names[k].bit))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", names[k].name);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	return buf;
}

static void check_regs(const struct cpu *cpu, const struct sst_expect *e,
		       struct text *out)
{
	uint32_t mask = e->flags_mask & SST_FLAGS_REAL;
	uint32_t flags = cpu_get_eflags(cpu);
	char names[64];

	for (size_t k = 0; k < sizeof gpr_map / sizeof gpr_map[0]; k++) {
		uint32_t got = cpu->reg[gpr_map[k].cpu];
		uint16_t want = e->regs[gpr_map[k].moo];

		if (got != want)
			differ(out, "%s expected 0x%04x got 0x%04x",
			       moo_reg_name(gpr_map[k].moo), want, got);
	}
	for (size_t k = 0; k < sizeof seg_map / sizeof seg_map[0]; k++) {
		const struct cpu_segment *s = &cpu->seg[seg_map[k].cpu];
		uint16_t want = e->regs[seg_map[k].moo];

		if (s->sel != want)
			differ(out, "%s expected 0x%04x got 0x%04x",
			       moo_reg_name(seg_map[k].moo), want, s->sel);
		else if (s->base != (uint32_t)want << 4)
			differ(out, "%s base expected 0x%05x got 0x%08x",
			       moo_reg_name(seg_map[k].moo), (uint32_t)want << 4, s->base);
	}
	if (cpu->eip != e->regs[MOO_IP])
		differ(out, "ip expected 0x%04x got 0x%04x", e->regs[MOO_IP], cpu->eip);
	if ((flags ^ e->regs[MOO_FLAGS]) & mask)
		differ(out, "flags expected 0x%03x got 0x%03x (%s)",
		       e->regs[MOO_FLAGS] & mask, flags & mask,
		       flag_names((flags ^ e->regs[MOO_FLAGS]) & mask, names, sizeof names));
}

static void check_ram(const struct sst_machine *m, const struct sst_expect *e,
		      struct text *out)
{
	for (uint32_t i = 0; i < e->ram.ram_count; i++) {
		uint32_t a;
		uint8_t want, got, mask = 0xFF;

		moo_ram_at(&e->ram, i, &a, &want);
		if (a >= SST_RAM_SIZE) {
			differ(out, "ram[0x%06x] is outside the 16 MiB of RAM", a);
			continue;
		}
		if (a == e->pushed_flags_addr)
			mask = (uint8_t)e->flags_mask;
		else if (e->pushed_flags_addr != SST_NO_ADDR && a == e->pushed_flags_addr + 1)
			mask = (uint8_t)(e->flags_mask >> 8);
		got = m->ram[a];
		if ((got ^ want) & mask)
			differ(out, "ram[0x%06x] expected 0x%02x got 0x%02x%s", a,
			       want, got, mask != 0xFF ? " (pushed FLAGS, masked)" : "");
	}
}

/* The registers an observer copies after the instruction at CS:IP
 * (cpu_insn_writes()) must include every one it changed: checked when it
 * ran to the HLT without an exception or interrupt. */
static unsigned writes_at(const struct sst_machine *m)
{
	uint32_t at = m->cpu->seg[S_CS].base + m->cpu->eip;
	if (at >= SST_RAM_SIZE)
		return CPU_WRITES_ALL;
	unsigned avail = SST_RAM_SIZE - at < 15 ? SST_RAM_SIZE - at : 15;
	return cpu_insn_writes(m->cpu, m->ram + at, avail, false);
}

static void check_writes(const struct sst_machine *m, unsigned writes, const uint32_t *regs,
			 uint32_t flags, struct text *out)
{
	if (m->delivered)
		return;
	for (size_t k = 0; k < sizeof gpr_map / sizeof gpr_map[0]; k++) {
		unsigned r = gpr_map[k].cpu;
		if (m->cpu->reg[r] != regs[r] && !(writes & 1u << r))
			differ(out, "%s changed, but the instruction's writes (0x%03x) miss it",
			       moo_reg_name(gpr_map[k].moo), writes);
	}
	if (cpu_get_eflags(m->cpu) != flags && !(writes & CPU_WRITES_FLAGS))
		differ(out, "flags changed, but the instruction's writes (0x%03x) miss them",
		       writes);
}

static void check_exit(const struct cpu *cpu, enum cpu_exit why, struct text *out)
{
	if (why == CPU_EXIT_HALT || why == CPU_EXIT_IDLE)
		return;
	if (why == CPU_EXIT_BUDGET)
		differ(out, "did not halt within %u instructions", SST_BUDGET);
	else
		differ(out, "stopped: %s%s%s", cpu_exit_name(why),
		       cpu->exit_detail ? ": " : "",
		       cpu->exit_detail ? cpu->exit_detail : "");
}

bool sst_machine_run(struct sst_machine *m, const struct moo_test *t,
		     const struct sst_extra *extra, const struct sst_expect *e,
		     char *report, size_t report_size)
{
	struct text out = { report, report_size, 0, true };
	enum cpu_exit why;

	if (report && report_size)
		report[0] = '\0';
	load_regs(m->cpu, t->init.regs);
	poke_state(m, &t->init, false);
	poke_extra(m, extra, false);
	uint32_t regs[8], flags = cpu_get_eflags(m->cpu);
	memcpy(regs, m->cpu->reg, sizeof(regs));
	unsigned writes = writes_at(m);
	m->delivered = false;
	why = cpu_run(m->cpu, SST_BUDGET);
	check_exit(m->cpu, why, &out);
	check_regs(m->cpu, e, &out);
	check_writes(m, writes, regs, flags, &out);
	check_ram(m, e, &out);
	poke_state(m, &t->init, true);
	poke_state(m, &t->fina, true);
	if (e->ram.ram != t->fina.ram)
		poke_state(m, &e->ram, true);
	poke_extra(m, extra, true);
	return out.ok;
}
