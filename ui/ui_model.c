/* The debugger window's model; see ui_model.h. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/ui_model.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chipset/vga_text.h"
#include "ui/debug_cli.h"
#include "ui/debug_view.h"

#define CONSOLE_LINES 2000
#define EVENT_LINES 200

const char *const ui_pane_titles[UI_PANE_COUNT] = {
	"Disassembly", "Registers", "Memory", "SMM", "Stack", "Breakpoints", "Events",
	"POST codes", "Screen", "Console",
};

/* Panes whose changed words are highlighted after a command. */
static bool tracks_changes(enum ui_pane p)
{
	return p == UI_REGS || p == UI_SMM || p == UI_STACK;
}

static struct ui_line *add_line(struct ui_pane_text *p)
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

/* Append printf-style text to l in colour c (clipped at UI_COLS). */
__attribute__((format(printf, 3, 4)))
static void put(struct ui_line *l, enum ui_color c, const char *fmt, ...)
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

/* text (many lines) as lines of p, in colour c; tabs become spaces and
 * other control characters dots. */
static void add_text(struct ui_pane_text *p, const char *text, enum ui_color c)
{
	while (*text) {
		size_t len = strcspn(text, "\n");
		struct ui_line *l = add_line(p);
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
			add_text((p), buf_, (color));                  \
		}                                                      \
		free(buf_);                                            \
	} while (0)

/* Does an execution breakpoint stop at linear address lin now? Its id,
 * or 0. */
static int break_at(const struct ui_model *u, uint32_t lin, uint32_t eip)
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

static void fill_disasm(struct ui_model *u, bool follow)
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
		got = dbg_disassemble(cpu, u->dis_top, rows, t);
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
		struct ui_line *l = add_line(p);
		if (!l)
			break;
		l->addr = t[k].lin;
		bool current = t[k].eip == cpu->eip;
		bool brk = break_at(u, t[k].lin, t[k].eip) != 0;
		enum ui_color base = current ? UI_CURRENT : t[k].lin == u->cursor ? UI_CURSOR : UI_TEXT;
		put(l, brk ? UI_BREAK : base, "%s", brk ? "*" : " ");
		put(l, base, "%s", current ? "> " : "  ");
		put(l, current ? UI_CURRENT : UI_DIM, "%04x:%0*x ", cpu->seg[S_CS].sel, code32 ? 8 : 4,
		    t[k].eip);
		if (cpu->seg[S_CS].base)  /* else the linear address is EIP */
			put(l, current ? UI_CURRENT : UI_DIM, "%08x ", t[k].lin);
		put(l, current ? UI_CURRENT : UI_DIM, " %-16.16s ", t[k].hex);
		put(l, base, "%s", t[k].text);
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

static const enum bus_view views[] = { BUS_VIEW_NORMAL, BUS_VIEW_SMM_CODE, BUS_VIEW_SMM_DATA,
				       BUS_VIEW_DMA };
#define NVIEWS (sizeof(views) / sizeof(views[0]))

/* The memory pane's first line: the views and address spaces, the chosen
 * ones highlighted, each a click target (ui_model_click). */
static void put_selector(struct ui_model *u, struct ui_line *l)
{
	for (unsigned k = 0; k < NVIEWS; k++)
		put(l, (int)views[k] == u->mem_view ? UI_CURRENT : UI_DIM, " %s ",
		    bus_view_name(views[k]));
	put(l, UI_TEXT, "|");
	put(l, u->mem_linear ? UI_DIM : UI_CURRENT, " physical ");
	put(l, u->mem_linear ? UI_CURRENT : UI_DIM, " linear ");
}

/* The memory pane's address now: its register's value when it follows
 * one (through DS, or SS for ESP and EBP, when linear). */
static uint32_t memory_address(const struct ui_model *u)
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

static void fill_memory(struct ui_model *u)
{
	const struct cpu *cpu = u->m->cpu;
	struct ui_pane_text *p = &u->pane[UI_MEMORY];
	uint32_t addr = memory_address(u) & ~15u;
	p->n = 0;
	put_selector(u, add_line(p));
	unsigned rows = p->rows > 1 ? p->rows - 1 : 1;
	for (unsigned r = 0; r < rows; r++) {
		uint32_t at = addr + 16 * r;
		uint8_t bytes[16];
		size_t have = u->mem_linear
			? dbg_read_linear(cpu, (enum bus_view)u->mem_view, at, bytes, 16)
			: bus_peek(cpu->bus, (enum bus_view)u->mem_view, at, bytes, 16);
		struct ui_line *l = add_line(p);
		put(l, UI_DIM, "%08x  ", at);
		for (unsigned k = 0; k < 16; k++) {
			if (k < have)
				put(l, UI_TEXT, "%02x", bytes[k]);
			else
				put(l, UI_BREAK, "??");
			put(l, UI_TEXT, "%s", k == 7 ? "  " : " ");
		}
		put(l, UI_TEXT, " ");
		for (unsigned k = 0; k < 16; k++)
			put(l, UI_DIM, "%c", k < have && bytes[k] >= 0x20 && bytes[k] < 0x7F ? bytes[k] : '.');
	}
	if (u->mem_follow >= 0)
		snprintf(p->status, sizeof(p->status), "%s %08x, following %s",
			 u->mem_linear ? "linear" : "physical", memory_address(u),
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
		struct ui_line *l = add_line(p);
		put(l, UI_DIM, "%0*x  ", big ? 8 : 4, off);
		if (have < width)
			put(l, UI_BREAK, "(not mapped)");
		else if (width == 4)
			put(l, UI_TEXT, "%08x", (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
						 (uint32_t)b[3] << 24);
		else
			put(l, UI_TEXT, "%04x", (unsigned)(b[0] | b[1] << 8));
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
		struct ui_line *l = add_line(p);
		bool smm = e.ev.kind == CPU_EV_SMI || e.ev.kind == CPU_EV_RSM;
		put(l, UI_DIM, "%10llu  ", (unsigned long long)e.icount);
		put(l, smm ? UI_SMM_MARK : UI_TEXT, "%s", text);
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
		put(add_line(p), k ? UI_TEXT : UI_CURRENT, "%02x", code);
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

static void fill(struct ui_model *u, bool follow)
{
	fill_disasm(u, follow);
	fill_registers(u);
	fill_memory(u);
	fill_smm(u);
	fill_stack(u);
	fill_breaks(u);
	fill_events(u);
	fill_post(u);
	fill_screen(u);
	for (int p = 0; p < UI_PANE_COUNT; p++)
		if (tracks_changes((enum ui_pane)p))
			mark_changes(&u->pane[p], &u->before[p]);
}

void ui_model_refresh(struct ui_model *u)
{
	fill(u, false);
}

struct ui_model *ui_model_new(struct debugger *d, struct machine *m)
{
	struct ui_model *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->d = d;
	u->m = m;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		u->pane[p].title = ui_pane_titles[p];
		u->pane[p].rows = 16;
	}
	u->focus = UI_DISASM;
	u->dis_cs = m->cpu->seg[S_CS].sel;
	u->dis_top = m->cpu->eip;
	u->mem_view = BUS_VIEW_NORMAL;
	u->mem_follow = -1;
	snprintf(u->status, sizeof(u->status), "at power-on: F5 continue, F11 step, help for more");
	fill(u, true);
	return u;
}

void ui_model_free(struct ui_model *u)
{
	if (!u)
		return;
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		free(u->pane[p].line);
		free(u->before[p].line);
	}
	free(u);
}

static void console_text(struct ui_model *u, const char *text, enum ui_color c)
{
	struct ui_pane_text *p = &u->pane[UI_CONSOLE];
	add_text(p, text, c);
	if (p->n > CONSOLE_LINES) {
		unsigned drop = p->n - CONSOLE_LINES;
		memmove(p->line, p->line + drop, CONSOLE_LINES * sizeof(*p->line));
		p->n = CONSOLE_LINES;
	}
	p->top = p->n > p->rows ? p->n - p->rows : 0;
}

static void keep_before(struct ui_model *u)
{
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		if (!tracks_changes((enum ui_pane)p))
			continue;
		struct ui_pane_text *b = &u->before[p];
		b->n = 0;
		for (unsigned k = 0; k < u->pane[p].n; k++) {
			struct ui_line *l = add_line(b);
			if (l)
				*l = u->pane[p].line[k];
		}
	}
}

static const char window_help[] =
	"The window: F5 continue, F10 step over, F11 step into, Shift+F11 step out,\n"
	"F9 breakpoint at the cursor, Ctrl+F10 run to the cursor, F7 reverse-step,\n"
	"Shift+F5 reverse-continue, Pause or Ctrl+C break a run, Tab the next pane,\n"
	"Up/Down the cursor, PgUp/PgDn and the wheel scroll, Ctrl+V the memory view,\n"
	"Ctrl+L physical or linear, a click on a line's first columns a breakpoint.\n"
	"mem [VIEW:|lin:]ADDR | REG      show memory at ADDR, or follow a register\n";

/* The window's own commands; false when line is none of them. */
static bool window_command(struct ui_model *u, const char *line)
{
	char word[16], arg[64];
	int n = sscanf(line, " %15s %63s", word, arg);
	if (n < 1 || strcmp(word, "mem") != 0)
		return false;
	if (n < 2) {
		console_text(u, "error: mem: expected [VIEW:|lin:]ADDR or a register\n", UI_BREAK);
		return true;
	}
	for (int r = 0; r < 8; r++)
		if (strcasecmp(arg, dbg_gpr_names[r]) == 0) {
			u->mem_follow = r;
			return true;
		}
	char *colon = strchr(arg, ':'), *addr = arg;
	int view = u->mem_view;
	bool linear = false;
	if (colon) {
		*colon = 0;
		linear = strcmp(arg, "lin") == 0;
		if (!linear && (view = dbg_view_by_name(arg)) < 0) {
			console_text(u, "error: mem: unknown view (normal, smram, smm_code, smm_data, dma, lin)\n",
				     UI_BREAK);
			return true;
		}
		addr = colon + 1;
	}
	char *end;
	unsigned long v = strtoul(addr, &end, 16);
	if (!*addr || *end || v > 0xFFFFFFFFul) {
		console_text(u, "error: mem: expected a hex address\n", UI_BREAK);
		return true;
	}
	u->mem_follow = -1;
	u->mem_addr = (uint32_t)v;
	u->mem_view = view;
	u->mem_linear = linear;
	return true;
}

/* Run line as a command of the window or the debugger, echoed to the
 * console with what it printed; the status line becomes its last stop
 * or error. */
static void run_command(struct ui_model *u, const char *line)
{
	char echo[300];
	snprintf(echo, sizeof(echo), "(smmbox) %s\n", line);
	console_text(u, echo, UI_DIM);
	if (window_command(u, line)) {
		fill(u, false);
		return;
	}
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return;
	keep_before(u);
	char was[sizeof(u->status)];
	snprintf(was, sizeof(was), "%s", u->status);
	u->running = true;
	snprintf(u->status, sizeof(u->status), "running: %s", line);
	bool failed = false;
	if (!debug_cli_command(u->d, u->m, f, line, &failed))
		u->quit = true;
	u->running = false;
	fclose(f);
	if (strncmp(line, "help", 4) == 0 || strcmp(line, "h") == 0)
		console_text(u, window_help, UI_TEXT);
	console_text(u, out, failed ? UI_BREAK : UI_TEXT);
	/* The status: the stop or error this command printed, if any. */
	for (char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, "stopped:", 8) == 0 || strncmp(l, "error:", 6) == 0)
			snprintf(u->status, sizeof(u->status), "%.*s", (int)strcspn(l, "\n"), l);
	if (strncmp(u->status, "running:", 8) == 0)
		snprintf(u->status, sizeof(u->status), "%s", was);
	free(out);
	fill(u, true);
}

void ui_model_command(struct ui_model *u, const char *line)
{
	line += strspn(line, " \t");
	if (!*line)
		return;
	if (u->nhistory == 0 || strcmp(u->history[(u->nhistory - 1) % UI_HISTORY], line) != 0)
		snprintf(u->history[u->nhistory++ % UI_HISTORY], sizeof(u->history[0]), "%s", line);
	u->history_at = u->nhistory;
	run_command(u, line);
}

void ui_model_recall(struct ui_model *u, int dir)
{
	unsigned oldest = u->nhistory > UI_HISTORY ? u->nhistory - UI_HISTORY : 0;
	if (dir < 0 && u->history_at > oldest)
		u->history_at--;
	else if (dir > 0 && u->history_at < u->nhistory)
		u->history_at++;
	else
		return;
	if (u->history_at == u->nhistory)
		u->cmd[0] = 0;
	else
		snprintf(u->cmd, sizeof(u->cmd), "%s", u->history[u->history_at % UI_HISTORY]);
}

void ui_model_action(struct ui_model *u, enum ui_action a)
{
	char line[64];
	uint32_t cursor = u->cursor ? u->cursor : u->m->cpu->seg[S_CS].base + u->m->cpu->eip;
	int id;
	switch (a) {
	case UI_CONTINUE: run_command(u, "continue"); return;
	case UI_STEP_OVER: run_command(u, "next"); return;
	case UI_STEP_INTO: run_command(u, "stepi"); return;
	case UI_STEP_OUT: run_command(u, "finish"); return;
	case UI_REVERSE_STEP: run_command(u, "reverse-step"); return;
	case UI_REVERSE_CONTINUE: run_command(u, "reverse-continue"); return;
	case UI_RUN_TO_CURSOR:
		snprintf(line, sizeof(line), "until %x", cursor);
		run_command(u, line);
		return;
	case UI_TOGGLE_BREAK:
		id = break_at(u, cursor, cursor - u->m->cpu->seg[S_CS].base);
		if (id)
			snprintf(line, sizeof(line), "delete %d", id);
		else
			snprintf(line, sizeof(line), "break %x", cursor);
		run_command(u, line);
		return;
	}
}

/* The instruction before CS:eip: the start a little before it from which
 * decoding lands exactly on eip; eip itself when there is none. */
static uint32_t insn_before(const struct cpu *cpu, uint32_t eip)
{
	struct dbg_insn_text t[16];
	for (uint32_t back = 1; back <= 15 && back <= eip; back++) {
		unsigned got = dbg_disassemble(cpu, eip - back, 16, t);
		for (unsigned k = 0; k + 1 < got && t[k].size; k++)
			if (t[k + 1].eip == eip && t[k].eip + t[k].size == eip)
				return t[k].eip;
	}
	return eip;
}

static void move_cursor(struct ui_model *u, int delta)
{
	struct ui_pane_text *p = &u->pane[UI_DISASM];
	const struct cpu *cpu = u->m->cpu;
	if (!p->n)
		return;
	int at = -1;
	for (unsigned k = 0; k < p->n; k++)
		if (p->line[k].addr == u->cursor)
			at = (int)k;
	if (at < 0)
		for (unsigned k = 0; k < p->n; k++)
			if (p->line[k].addr == cpu->seg[S_CS].base + cpu->eip)
				at = (int)k;
	at = at < 0 ? 0 : at + delta;
	while (at < 0) {
		uint32_t eip = insn_before(cpu, u->dis_top);
		if (eip == u->dis_top)
			break;
		u->dis_top = eip;
		at++;
	}
	if (at >= (int)p->n) {
		unsigned down = (unsigned)at - p->n + 1;
		u->dis_top = p->line[down < p->n ? down : p->n - 1].addr - cpu->seg[S_CS].base;
		at = (int)p->n - 1;
	}
	fill_disasm(u, false);
	if (at < 0)
		at = 0;
	if ((unsigned)at < p->n)
		u->cursor = p->line[at].addr;
	fill_disasm(u, false);
}

void ui_model_scroll(struct ui_model *u, enum ui_pane p, int delta)
{
	struct ui_pane_text *t = &u->pane[p];
	if (p == UI_DISASM) {
		move_cursor(u, delta);
		return;
	}
	if (p == UI_MEMORY) {
		u->mem_addr = memory_address(u) + (uint32_t)(delta * 16);
		u->mem_follow = -1;
		fill_memory(u);
		return;
	}
	long top = (long)t->top + delta;
	long max = t->n > t->rows ? (long)(t->n - t->rows) : 0;
	t->top = (unsigned)(top < 0 ? 0 : top > max ? max : top);
}

void ui_model_next_view(struct ui_model *u)
{
	unsigned k = 0;
	while (k < NVIEWS && (int)views[k] != u->mem_view)
		k++;
	u->mem_view = (int)views[(k + 1) % NVIEWS];
	fill_memory(u);
}

void ui_model_toggle_linear(struct ui_model *u)
{
	u->mem_linear = !u->mem_linear;
	fill_memory(u);
}

void ui_model_click(struct ui_model *u, enum ui_pane p, unsigned line, unsigned col)
{
	struct ui_pane_text *t = &u->pane[p];
	if (p == UI_DISASM && line < t->n) {
		u->cursor = t->line[line].addr;
		if (col < 3)
			ui_model_action(u, UI_TOGGLE_BREAK);
		else
			fill_disasm(u, false);
		return;
	}
	if (p != UI_MEMORY || line != 0 || t->n == 0 || col >= UI_COLS)
		return;
	/* Which word of the selector was clicked. */
	const char *text = t->line[0].text;
	if (col >= strlen(text) || text[col] == ' ' || text[col] == '|')
		return;
	size_t a = col;
	while (a > 0 && text[a - 1] != ' ')
		a--;
	char word[16];
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(text + a, " "), text + a);
	int view = dbg_view_by_name(word);
	if (view >= 0)
		u->mem_view = view;
	else
		u->mem_linear = strcmp(word, "linear") == 0;
	fill_memory(u);
}

void ui_model_dump(const struct ui_model *u, FILE *out)
{
	static const char *const names[UI_COLOR_COUNT] = { NULL, NULL, "changed", "current", "break",
							   "smm", "cursor" };
	fprintf(out, "status: %s\n", u->status);
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		const struct ui_pane_text *t = &u->pane[p];
		fprintf(out, "== %s: %s\n", t->title, t->status);
		for (unsigned k = 0; k < t->n; k++) {
			const struct ui_line *l = &t->line[k];
			int open = -1;  /* the colour of the span open, or -1 */
			for (size_t c = 0; l->text[c]; c++) {
				int color = names[l->color[c]] ? l->color[c] : -1;
				if (color != open) {
					if (open >= 0)
						fputc('}', out);
					if (color >= 0)
						fprintf(out, "{%s:", names[color]);
					open = color;
				}
				fputc(l->text[c], out);
			}
			if (open >= 0)
				fputc('}', out);
			fputc('\n', out);
		}
	}
}
