/* The debugger window's panes filled from the machine; see ui_panes.h. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/sdl/ui_panes.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chipset/vga_text.h"
#include "ui/debug_cli.h"
#include "debug/debug_view.h"

#define EVENT_LINES 200

bool ui_pane_tracks_changes(enum ui_pane p)
{
	return p == UI_REGS || p == UI_SMM || p == UI_FPU || p == UI_APIC || p == UI_STACK;
}

struct ui_line *ui_line_add(struct ui_pane_text *p)
{
	if (p->n == p->cap) {
		unsigned cap = p->cap ? 2 * p->cap : 64;
		struct ui_line *l = realloc(p->line, cap * sizeof(*l));
		if (!l)
			return NULL;
		p->line = l;
		p->cap = cap;
	}
	struct ui_line *l = &p->line[p->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

void ui_line_put(struct ui_line *l, enum ui_color c, const char *fmt, ...)
{
	if (!l)
		return;
	size_t at = strlen(l->text);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->text + at, sizeof(l->text) - at, fmt, ap);
	va_end(ap);
	for (size_t k = at; l->text[k]; k++)
		l->color[k] = (uint8_t)c;
}

void ui_pane_add_text(struct ui_pane_text *p, const char *text, enum ui_color c)
{
	while (*text) {
		size_t len = strcspn(text, "\n");
		struct ui_line *l = ui_line_add(p);
		if (!l)
			return;
		for (size_t k = 0, col = 0; k < len && col < UI_COLS; k++) {
			char ch = text[k] == '\t' ? ' ' : text[k];
			l->text[col] = (unsigned char)ch < 0x20 ? '.' : ch;
			l->color[col++] = (uint8_t)c;
		}
		text += len + (text[len] == '\n');
	}
}

/* What print(out, ...) writes, as lines of p. */
#define ADD_PRINTED(p, color, print, ...)                              \
	do {                                                           \
		char *buf_ = NULL;                                     \
		size_t len_ = 0;                                       \
		FILE *f_ = open_memstream(&buf_, &len_);               \
		if (f_) {                                              \
			print(f_, __VA_ARGS__);                        \
			fclose(f_);                                    \
			ui_pane_add_text((p), buf_, (color));                  \
		}                                                      \
		free(buf_);                                            \
	} while (0)

int ui_break_at(const struct ui_model *u, uint32_t lin, uint32_t eip)
{
	const struct cpu *cpu = u->m->cpu;
	unsigned n;
	const struct dbg_break *b = debugger_breaks(u->d, &n);
	for (unsigned k = 0; k < n; k++) {
		if (b[k].kind != DBG_BREAK_EXEC)
			continue;
		uint32_t pa;
		if ((b[k].space == DBG_LINEAR && b[k].addr == lin) ||
		    (b[k].space == DBG_SEGMENTED && b[k].cs == cpu->seg[S_CS].sel && b[k].addr == eip) ||
		    (b[k].space == DBG_PHYSICAL && cpu_translate_peek(cpu, lin, &pa) && pa == b[k].addr))
			return b[k].id;
	}
	return 0;
}

/* n lines of disassembly from CS:eip; a byte that does not decode is a
 * line of its own, "(bad)", and the lines go on after it (they stop at
 * memory that is not mapped).  How many were filled in. */
static unsigned disassemble(const struct cpu *cpu, uint32_t eip, unsigned n,
			    struct dbg_insn_text *t)
{
	unsigned got = 0;
	while (got < n) {
		unsigned more = dbg_disassemble(cpu, eip, n - got, t + got);
		got += more;
		if (!more || t[got - 1].size || strcmp(t[got - 1].text, "(bad)") != 0)
			break;
		eip = t[got - 1].eip + 1;
		if (!dbg_code32(cpu))
			eip &= 0xFFFF;
	}
	return got;
}

void ui_pane_fill_disasm(struct ui_model *u, bool follow)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_DISASM];
	unsigned rows = p->rows > 2 ? p->rows : 2;
	struct dbg_insn_text *t = calloc(rows, sizeof(*t));
	if (!t)
		return;
	if (u->dis_cs != cpu->seg[S_CS].sel)
		follow = true;
	unsigned got = 0;
	for (int pass = 0; pass < 3; pass++) {
		got = disassemble(cpu, u->dis_top, rows, t);
		if (!follow)
			break;
		/* Keep the current instruction in sight with three lines above it. */
		unsigned k = 0;
		while (k < got && t[k].eip != cpu->eip)
			k++;
		if (k == got || (k + 4 > rows && k >= 3)) {
			u->dis_top = k == got ? cpu->eip : t[k - 3].eip;
			u->dis_cs = cpu->seg[S_CS].sel;
			continue;
		}
		break;
	}
	bool code32 = dbg_code32(cpu);
	char mode[48];
	dbg_mode_name(dbg_mode_of(cpu), mode, sizeof(mode));
	snprintf(p->status, sizeof(p->status), "%s-bit, %s, fetched through %s", code32 ? "32" : "16",
		 mode, bus_view_name(cpu->smm ? BUS_VIEW_SMM_CODE : BUS_VIEW_NORMAL));
	p->n = 0;
	p->top = 0;
	for (unsigned k = 0; k < got; k++) {
		struct ui_line *l = ui_line_add(p);
		if (!l)
			break;
		l->addr = t[k].lin;
		bool current = t[k].eip == cpu->eip;
		bool brk = ui_break_at(u, t[k].lin, t[k].eip) != 0;
		enum ui_color base = current ? UI_CURRENT : t[k].lin == u->cursor ? UI_CURSOR : UI_TEXT;
		ui_line_put(l, brk ? UI_BREAK : base, "%s", brk ? "*" : " ");
		ui_line_put(l, base, "%s", current ? "> " : "  ");
		ui_line_put(l, current ? UI_CURRENT : UI_DIM, "%04x:%0*x ", cpu->seg[S_CS].sel, code32 ? 8 : 4,
		    t[k].eip);
		if (cpu->seg[S_CS].base)  /* else the linear address is EIP */
			ui_line_put(l, current ? UI_CURRENT : UI_DIM, "%08x ", t[k].lin);
		ui_line_put(l, current ? UI_CURRENT : UI_DIM, " %-16.16s ", t[k].hex);
		ui_line_put(l, base, "%s", t[k].text);
	}
	free(t);
}

static void fill_registers(struct ui_model *u)
{
	struct ui_pane_text *p = &u->pane[UI_REGS];
	p->n = 0;
	ADD_PRINTED(p, UI_TEXT, dbg_print_registers, u->m->cpu);
	snprintf(p->status, sizeof(p->status), "instruction %llu",
		 (unsigned long long)u->m->cpu->icount);
}

const enum bus_view ui_memory_views[UI_MEMORY_VIEWS] = {
	BUS_VIEW_NORMAL, BUS_VIEW_SMM_CODE, BUS_VIEW_SMM_DATA, BUS_VIEW_DMA,
};

/* The memory pane's first line: the views and address spaces, the chosen
 * ones highlighted, each a click target (ui_model_click). */
static void put_selector(struct ui_model *u, struct ui_line *l)
{
	for (unsigned k = 0; k < UI_MEMORY_VIEWS; k++)
		ui_line_put(l, (int)ui_memory_views[k] == u->mem_view ? UI_CURRENT : UI_DIM, " %s ",
			    bus_view_name(ui_memory_views[k]));
	ui_line_put(l, UI_TEXT, "|");
	ui_line_put(l, u->mem_linear ? UI_DIM : UI_CURRENT, " physical ");
	ui_line_put(l, u->mem_linear ? UI_CURRENT : UI_DIM, " linear ");
}

uint32_t ui_memory_address(const struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	if (u->mem_follow < 0)
		return u->mem_addr;
	uint32_t v = cpu->reg[u->mem_follow];
	if (!u->mem_linear)
		return v;
	bool stack = u->mem_follow == 4 || u->mem_follow == 5;
	return cpu->seg[stack ? S_SS : S_DS].base + v;
}

void ui_pane_fill_memory(struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_MEMORY];
	uint32_t addr = ui_memory_address(u) & ~15u;
	p->n = 0;
	put_selector(u, ui_line_add(p));
	unsigned rows = p->rows > 1 ? p->rows - 1 : 1;
	for (unsigned r = 0; r < rows; r++) {
		uint32_t at = addr + 16 * r;
		uint8_t bytes[16];
		size_t have = u->mem_linear
			? dbg_read_linear(cpu, (enum bus_view)u->mem_view, at, bytes, 16)
			: bus_peek(cpu->bus, (enum bus_view)u->mem_view, at, bytes, 16);
		struct ui_line *l = ui_line_add(p);
		ui_line_put(l, UI_DIM, "%08x  ", at);
		for (unsigned k = 0; k < 16; k++) {
			if (k < have)
				ui_line_put(l, UI_TEXT, "%02x", bytes[k]);
			else
				ui_line_put(l, UI_BREAK, "??");
			ui_line_put(l, UI_TEXT, "%s", k == 7 ? "  " : " ");
		}
		ui_line_put(l, UI_TEXT, " ");
		for (unsigned k = 0; k < 16; k++)
			ui_line_put(l, UI_DIM, "%c", k < have && bytes[k] >= 0x20 && bytes[k] < 0x7F ? bytes[k] : '.');
	}
	if (u->mem_follow >= 0)
		snprintf(p->status, sizeof(p->status), "%s %08x, following %s",
			 u->mem_linear ? "linear" : "physical", ui_memory_address(u),
			 dbg_gpr_names[u->mem_follow]);
	else
		snprintf(p->status, sizeof(p->status), "%s %08x", u->mem_linear ? "linear" : "physical",
			 u->mem_addr);
}

static void fill_smm(struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_SMM];
	p->n = 0;
	ADD_PRINTED(p, cpu->smm ? UI_SMM_MARK : UI_TEXT, dbg_print_smm_state, cpu);
	ADD_PRINTED(p, UI_TEXT, dbg_print_smm_map, cpu->bus, cpu->smbase);
	snprintf(p->status, sizeof(p->status), "%s, SMBASE %08x", cpu->smm ? "in SMM" : "not in SMM",
		 cpu->smbase);
}

static void fill_fpu(struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_FPU];
	p->n = 0;
	ADD_PRINTED(p, UI_TEXT, dbg_print_fpu, cpu);
	ADD_PRINTED(p, UI_TEXT, dbg_print_sse, cpu);
	snprintf(p->status, sizeof(p->status), "TOP %u, %d in use, MXCSR %08x",
		 (cpu->fpu.status & FSW_TOP) >> 11, 8 - __builtin_popcount(cpu->fpu.empty),
		 cpu->sse.mxcsr);
}

static void fill_apic(struct ui_model *u)
{
	struct ui_pane_text *p = &u->pane[UI_APIC];
	struct apic_info info;
	board_inspect_apic(u->m->board, &info);
	p->n = 0;
	ADD_PRINTED(p, UI_TEXT, dbg_print_apic_brief, u->m->board);
	if (!info.has_local_apic || !info.local.enabled)
		snprintf(p->status, sizeof(p->status), "the 8259s drive INTR");
	else
		snprintf(p->status, sizeof(p->status), "%s, INTR %s",
			 info.local.software_enabled ? "software enabled" : "software disabled",
			 info.local.intr ? "asserted" : "clear");
}

static void fill_stack(struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_STACK];
	bool big = cpu->seg[S_SS].attr & SEG_ATTR_DB;
	unsigned width = dbg_code32(cpu) ? 4 : 2;
	uint32_t sp = big ? cpu->reg[4] : cpu->reg[4] & 0xFFFF;
	enum bus_view view = cpu->smm ? BUS_VIEW_SMM_DATA : BUS_VIEW_NORMAL;
	p->n = 0;
	unsigned rows = p->rows ? p->rows : 16;
	for (unsigned k = 0; k < rows; k++) {
		uint32_t off = sp + k * width;
		uint32_t lin = cpu->seg[S_SS].base + (big ? off : off & 0xFFFF);
		uint8_t b[4] = { 0 };
		uint32_t have = dbg_read_linear(cpu, view, lin, b, width);
		struct ui_line *l = ui_line_add(p);
		ui_line_put(l, UI_DIM, "%0*x  ", big ? 8 : 4, off);
		if (have < width)
			ui_line_put(l, UI_BREAK, "(not mapped)");
		else if (width == 4)
			ui_line_put(l, UI_TEXT, "%08x", (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
						 (uint32_t)b[3] << 24);
		else
			ui_line_put(l, UI_TEXT, "%04x", (unsigned)(b[0] | b[1] << 8));
		if (have < width)
			break;
	}
	snprintf(p->status, sizeof(p->status), "SS %04x base %08x, %u-bit, %s", cpu->seg[S_SS].sel,
		 cpu->seg[S_SS].base, width * 8, bus_view_name(view));
}

static void print_breaks(FILE *out, struct ui_model *u)
{
	bool failed;
	debug_cli_command(u->d, u->m, out, "info breakpoints", &failed);
}

static void fill_breaks(struct ui_model *u)
{
	struct ui_pane_text *p = &u->pane[UI_BREAKS];
	p->n = 0;
	ADD_PRINTED(p, UI_TEXT, print_breaks, u);
	unsigned n;
	debugger_breaks(u->d, &n);
	for (unsigned k = 0; k < p->n; k++)
		p->line[k].addr = (uint32_t)strtoul(p->line[k].text, NULL, 10);
	snprintf(p->status, sizeof(p->status), "%u set", n);
}

static void fill_events(struct ui_model *u)
{
	struct ui_pane_text *p = &u->pane[UI_EVENTS];
	unsigned n = 0;
	struct dbg_event e;
	while (n < EVENT_LINES && debugger_event(u->d, n, &e))
		n++;
	p->n = 0;
	for (unsigned k = n; k-- > 0;) {
		debugger_event(u->d, k, &e);
		char text[120];
		dbg_event_text(&e.ev, text, sizeof(text));
		struct ui_line *l = ui_line_add(p);
		bool smm = e.ev.kind == CPU_EV_SMI || e.ev.kind == CPU_EV_RSM;
		ui_line_put(l, UI_DIM, "%10llu  ", (unsigned long long)e.icount);
		ui_line_put(l, smm ? UI_SMM_MARK : UI_TEXT, "%s", text);
	}
	p->top = p->n > p->rows ? p->n - p->rows : 0;
	snprintf(p->status, sizeof(p->status), "the last %u", n);
}

static void fill_post(struct ui_model *u)
{
	const struct postcode *pc = &u->m->board->postcode;
	struct ui_pane_text *p = &u->pane[UI_POST];
	p->n = 0;
	uint8_t code;
	for (unsigned k = 0; postcode_recent(pc, k, &code); k++)
		ui_line_put(ui_line_add(p), k ? UI_TEXT : UI_CURRENT, "%02x", code);
	snprintf(p->status, sizeof(p->status), "%llu written", (unsigned long long)pc->count);
}

static void print_screen(FILE *out, const struct vga *v)
{
	vga_dump_text(v, out);
}

static void fill_screen(struct ui_model *u)
{
	const struct vga *v = &u->m->board->vga;
	struct ui_pane_text *p = &u->pane[UI_SCREEN];
	p->n = 0;
	ADD_PRINTED(p, UI_TEXT, print_screen, v);
	unsigned w, h, bpp;
	switch (vga_display_mode(v)) {
	case VGA_DISPLAY_OFF:
		snprintf(p->status, sizeof(p->status), "no video output yet");
		break;
	case VGA_DISPLAY_TEXT:
		snprintf(p->status, sizeof(p->status), "text mode");
		break;
	case VGA_DISPLAY_GRAPHICS:
		vga_graphics_size(v, &w, &h, &bpp);
		snprintf(p->status, sizeof(p->status), "graphics %ux%u, %u bits%s", w, h, bpp,
			 vga_graphics_drawable(v) ? "" : " (not drawn)");
		break;
	}
}

/* Mark as changed every word of p that differs from the same place in
 * before (a word: a run of non-blanks). */
static void mark_changes(struct ui_pane_text *p, const struct ui_pane_text *before)
{
	for (unsigned k = 0; k < p->n && k < before->n; k++) {
		struct ui_line *l = &p->line[k];
		const char *was = before->line[k].text;
		size_t len = strlen(l->text), wlen = strlen(was);
		for (size_t a = 0; a < len;) {
			if (l->text[a] == ' ') {
				a++;
				continue;
			}
			size_t b = a;
			bool differs = false;
			while (b < len && l->text[b] != ' ') {
				differs |= b >= wlen || was[b] != l->text[b];
				b++;
			}
			for (size_t c = a; differs && c < b; c++)
				l->color[c] = UI_CHANGED;
			a = b;
		}
	}
}

void ui_panes_fill(struct ui_model *u, bool follow)
{
	ui_pane_fill_disasm(u, follow);
	fill_registers(u);
	ui_pane_fill_memory(u);
	fill_smm(u);
	fill_fpu(u);
	fill_apic(u);
	fill_stack(u);
	fill_breaks(u);
	fill_events(u);
	fill_post(u);
	fill_screen(u);
	for (int p = 0; p < UI_PANE_COUNT; p++)
		if (ui_pane_tracks_changes((enum ui_pane)p))
			mark_changes(&u->pane[p], &u->before[p]);
}
