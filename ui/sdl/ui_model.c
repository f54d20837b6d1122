/* The debugger window's model; see ui_model.h. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/sdl/ui_model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/debug_cli.h"
#include "debug/debug_view.h"
#include "ui/sdl/ui_panes.h"

#define CONSOLE_LINES 2000

const char *const ui_pane_titles[UI_PANE_COUNT] = {
	"Disassembly", "Registers", "Memory", "SMM", "FPU", "APIC", "Stack", "Breakpoints", "Events",
	"POST codes", "Screen", "Console",
};

void ui_model_refresh(struct ui_model *u)
{
	ui_panes_fill(u, false);
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
	ui_panes_fill(u, true);
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
	ui_pane_add_text(p, text, c);
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
		if (!ui_pane_tracks_changes((enum ui_pane)p))
			continue;
		struct ui_pane_text *b = &u->before[p];
		b->n = 0;
		for (unsigned k = 0; k < u->pane[p].n; k++) {
			struct ui_line *l = ui_line_add(b);
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

/* An error of the window's own commands: in the console and the status. */
static void window_error(struct ui_model *u, const char *message)
{
	snprintf(u->status, sizeof(u->status), "error: %s", message);
	console_text(u, u->status, UI_BREAK);
}

/* The window's own commands; false when line is none of them. */
static bool window_command(struct ui_model *u, const char *line)
{
	char word[16], arg[64];
	int n = sscanf(line, " %15s %63s", word, arg);
	if (n < 1 || strcmp(word, "mem") != 0)
		return false;
	if (n < 2) {
		window_error(u, "mem: expected [VIEW:|lin:]ADDR or a register");
		return true;
	}
	for (int r = 0; r < 8; r++)
		if (strcasecmp(arg, dbg_gpr_names[r]) == 0) {
			u->mem_follow = r;
			return true;
		}
	int view = u->mem_view;
	bool linear;
	uint32_t addr;
	const char *bad;
	switch (dbg_parse_place(arg, &view, &linear, &addr, &bad)) {
	case DBG_PLACE_BAD_VIEW:
		window_error(u, "mem: unknown view (normal, smram, smm_code, smm_data, dma, lin)");
		return true;
	case DBG_PLACE_BAD_ADDRESS:
		window_error(u, "mem: expected a hex address");
		return true;
	case DBG_PLACE_OK:
		break;
	}
	u->mem_follow = -1;
	u->mem_addr = addr;
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
		ui_panes_fill(u, false);
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
	ui_panes_fill(u, true);
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
		id = ui_break_at(u, cursor, cursor - u->m->cpu->seg[S_CS].base);
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
	ui_pane_fill_disasm(u, false);
	if (at < 0)
		at = 0;
	if ((unsigned)at < p->n)
		u->cursor = p->line[at].addr;
	ui_pane_fill_disasm(u, false);
}

void ui_model_scroll(struct ui_model *u, enum ui_pane p, int delta)
{
	struct ui_pane_text *t = &u->pane[p];
	if (p == UI_DISASM) {
		move_cursor(u, delta);
		return;
	}
	if (p == UI_MEMORY) {
		u->mem_addr = ui_memory_address(u) + (uint32_t)(delta * 16);
		u->mem_follow = -1;
		ui_pane_fill_memory(u);
		return;
	}
	long top = (long)t->top + delta;
	long max = t->n > t->rows ? (long)(t->n - t->rows) : 0;
	t->top = (unsigned)(top < 0 ? 0 : top > max ? max : top);
}

void ui_model_next_view(struct ui_model *u)
{
	unsigned k = 0;
	while (k < UI_MEMORY_VIEWS && (int)ui_memory_views[k] != u->mem_view)
		k++;
	u->mem_view = (int)ui_memory_views[(k + 1) % UI_MEMORY_VIEWS];
	ui_pane_fill_memory(u);
}

void ui_model_toggle_linear(struct ui_model *u)
{
	u->mem_linear = !u->mem_linear;
	ui_pane_fill_memory(u);
}

void ui_model_click(struct ui_model *u, enum ui_pane p, unsigned line, unsigned col)
{
	struct ui_pane_text *t = &u->pane[p];
	if (p == UI_DISASM && line < t->n) {
		u->cursor = t->line[line].addr;
		if (col < 3)
			ui_model_action(u, UI_TOGGLE_BREAK);
		else
			ui_pane_fill_disasm(u, false);
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
	ui_pane_fill_memory(u);
}

void ui_model_dump(const struct ui_model *u, FILE *out)
{
	static const char *const names[UI_COLOR_COUNT] = { NULL, NULL, "changed", "current", "break",
							   "smm", "cursor" };
	fprintf(out, "status: %s\n", u->status);
	if (u->running)
		fprintf(out, "speed: %.0f instructions a second\n", u->ips);
	for (int p = 0; p < UI_PANE_COUNT; p++) {
		const struct ui_pane_text *t = &u->pane[p];
		unsigned last = t->top + t->rows < t->n ? t->top + t->rows : t->n;
		fprintf(out, "== %s: %s  [shown: lines %u-%u of %u]\n", t->title, t->status,
			t->n ? t->top + 1 : 0, last, t->n);
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
