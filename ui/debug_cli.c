/* The command-line debugger; see debug_cli.h and `help`. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/debug_cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_LIBEDIT
#include <editline/readline.h>
#endif

#include "debug/debug_view.h"
#include "ui/debug_cli_internal.h"

#define MAX_ARGS 8

void cli_fail(struct session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(s->out, "error: ");
	vfprintf(s->out, fmt, ap);
	fputc('\n', s->out);
	va_end(ap);
	s->failed = true;
}

static bool parse_count(const char *t, uint64_t *v)
{
	if (!isdigit((unsigned char)t[0]))
		return false;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(t, &end, 10);
	if (*end || errno)
		return false;
	*v = x;
	return true;
}

static bool is(const char *word, const char *full, const char *brief)
{
	return strcmp(word, full) == 0 || (brief && strcmp(word, brief) == 0);
}

static void show_stop(struct session *s, const struct dbg_stop_info *st)
{
	fprintf(s->out, "stopped: %s\n", st->detail);
	dbg_print_disassembly(s->out, s->m->cpu, 1);
}

/* The comparisons of a condition, in enum dbg_op order. */
const char *const cli_cond_ops[CLI_COND_OPS] = { "==", "!=", "<", "<=", ">", ">=" };

/* REG OP VALUE (VALUE in hex) into c; false with a message if not. */
static bool parse_cond(struct session *s, char **arg, int n, struct dbg_cond *c)
{
	if (n != 3) {
		cli_fail(s, "a condition is REG OP VALUE, as eax == 5");
		return false;
	}
	c->active = true;
	unsigned r, o;
	for (r = 0; r < DBG_REG_COUNT && strcmp(arg[0], dbg_reg_names[r]) != 0; r++)
		;
	for (o = 0; o < CLI_COND_OPS && strcmp(arg[1], cli_cond_ops[o]) != 0; o++)
		;
	if (r == DBG_REG_COUNT) {
		cli_fail(s, "no register %s in a condition", arg[0]);
		return false;
	}
	if (o == 6) {
		cli_fail(s, "unknown comparison %s (== != < <= > >=)", arg[1]);
		return false;
	}
	if (!dbg_parse_hex(arg[2], &c->value)) {
		cli_fail(s, "expected a hex value, got %s", arg[2]);
		return false;
	}
	c->reg = (enum dbg_reg)r;
	c->op = (enum dbg_op)o;
	return true;
}

/* [VIEW:|lin:]ADDR: linear, or physical in a view (any view by default). */
static bool parse_place(struct session *s, char *text, struct dbg_break *b)
{
	bool linear;
	const char *bad;
	b->view = DBG_ANY_VIEW;
	switch (dbg_parse_place(text, &b->view, &linear, &b->addr, &bad)) {
	case DBG_PLACE_BAD_VIEW:
		cli_fail(s, "unknown view %s (normal, smram, smm_code, smm_data, dma, lin)", bad);
		return false;
	case DBG_PLACE_BAD_ADDRESS:
		cli_fail(s, "expected a hex address, got %s", bad);
		return false;
	case DBG_PLACE_OK:
		break;
	}
	b->space = linear ? DBG_LINEAR : DBG_PHYSICAL;
	return true;
}

static void cmd_watch(struct session *s, unsigned access, char **arg, int n)
{
	struct dbg_break b = { .kind = DBG_BREAK_WATCH, .len = 1, .access = access,
			       .vector = DBG_ANY_VECTOR };
	uint64_t len;
	if (n < 1 || n > 2) {
		cli_fail(s, "watch: expected [VIEW:|lin:]ADDR [LEN]");
		return;
	}
	if (!parse_place(s, arg[0], &b))
		return;
	if (n > 1) {
		if (!parse_count(arg[1], &len) || len == 0 || len > 0xFFFFFFFFu - b.addr) {
			cli_fail(s, "watch: expected a length, got %s", arg[1]);
			return;
		}
		b.len = (uint32_t)len;
	}
	int id = debugger_add_break(s->d, &b);
	if (id < 0)
		cli_fail(s, "watch: too many breakpoints");
	else
		fprintf(s->out, "watchpoint %d set\n", id);
}

/* break postcode [VALUE]: a write to port 0x80 (of VALUE). */
static bool parse_break_postcode(struct session *s, char **arg, int n, struct dbg_break *b)
{
	b->kind = DBG_BREAK_IO;
	b->port_lo = b->port_hi = 0x80;
	b->direction = 1;
	if (n > 1) {
		if (!dbg_parse_hex(arg[1], &b->value) || b->value > 0xFF) {
			cli_fail(s, "break postcode: expected a hex byte, got %s", arg[1]);
			return false;
		}
		b->has_value = true;
	}
	return true;
}

/* break io PORT[-PORT] [in|out] [value V]. */
static bool parse_break_io(struct session *s, char **arg, int n, struct dbg_break *b)
{
	uint32_t lo, hi;
	b->kind = DBG_BREAK_IO;
	char *dash = n > 1 ? strchr(arg[1], '-') : NULL;
	if (dash)
		*dash++ = 0;
	if (n < 2 || !dbg_parse_hex(arg[1], &lo) || lo > 0xFFFF ||
	    (dash && (!dbg_parse_hex(dash, &hi) || hi > 0xFFFF || hi < lo))) {
		cli_fail(s, "break io: expected PORT or PORT-PORT in hex, got %s", n > 1 ? arg[1] : "nothing");
		return false;
	}
	b->port_lo = (uint16_t)lo;
	b->port_hi = (uint16_t)(dash ? hi : lo);
	for (int k = 2; k < n; k++) {
		if (is(arg[k], "in", NULL) || is(arg[k], "out", NULL)) {
			b->direction = is(arg[k], "out", NULL);
		} else if (is(arg[k], "value", NULL) && k + 1 < n && dbg_parse_hex(arg[k + 1], &b->value)) {
			b->has_value = true;
			k++;
		} else {
			cli_fail(s, "break io: expected in, out or value VALUE, got %s", arg[k]);
			return false;
		}
	}
	return true;
}

/* break exception|interrupt [N]. */
static bool parse_break_vector(struct session *s, char **arg, int n, struct dbg_break *b)
{
	b->kind = is(arg[0], "exception", "exc") ? DBG_BREAK_EXCEPTION : DBG_BREAK_INTERRUPT;
	uint64_t vec;
	if (n > 1) {
		if (!parse_count(arg[1], &vec) || vec > 255) {
			cli_fail(s, "break: expected a vector 0-255, got %s", arg[1]);
			return false;
		}
		b->vector = (int)vec;
	}
	return true;
}

/* break phys ADDR [VIEW]. */
static bool parse_break_phys(struct session *s, char **arg, int n, struct dbg_break *b)
{
	b->kind = DBG_BREAK_EXEC;
	b->space = DBG_PHYSICAL;
	if (n < 2 || !dbg_parse_hex(arg[1], &b->addr)) {
		cli_fail(s, "break phys: expected a hex address, got %s", n > 1 ? arg[1] : "nothing");
		return false;
	}
	if (n > 2 && (b->view = dbg_view_by_name(arg[2])) < 0) {
		cli_fail(s, "break phys: unknown view %s", arg[2]);
		return false;
	}
	return true;
}

/* break CS:IP | ADDR: an instruction by segment and offset, or linear. */
static bool parse_break_exec(struct session *s, char **arg, struct dbg_break *b)
{
	uint32_t cs;
	b->kind = DBG_BREAK_EXEC;
	char *colon = strchr(arg[0], ':');
	if (colon) {
		*colon++ = 0;
		if (!dbg_parse_hex(arg[0], &cs) || cs > 0xFFFF || !dbg_parse_hex(colon, &b->addr)) {
			cli_fail(s, "break: expected CS:IP in hex, got %s", arg[0]);
			return false;
		}
		b->space = DBG_SEGMENTED;
		b->cs = (uint16_t)cs;
		return true;
	}
	if (!dbg_parse_hex(arg[0], &b->addr)) {
		cli_fail(s, "break: unknown breakpoint %s (help)", arg[0]);
		return false;
	}
	b->space = DBG_LINEAR;
	return true;
}

static bool parse_break(struct session *s, char **arg, int n, struct dbg_break *b)
{
	if (is(arg[0], "smi", NULL))
		b->kind = DBG_BREAK_SMI;
	else if (is(arg[0], "rsm", NULL))
		b->kind = DBG_BREAK_RSM;
	else if (is(arg[0], "mode", NULL))
		b->kind = DBG_BREAK_MODE;
	else if (is(arg[0], "postcode", NULL))
		return parse_break_postcode(s, arg, n, b);
	else if (is(arg[0], "io", NULL))
		return parse_break_io(s, arg, n, b);
	else if (is(arg[0], "exception", "exc") || is(arg[0], "interrupt", "int"))
		return parse_break_vector(s, arg, n, b);
	else if (is(arg[0], "phys", NULL))
		return parse_break_phys(s, arg, n, b);
	else
		return parse_break_exec(s, arg, b);
	return true;
}

/* A breakpoint with its condition (`if REG OP VALUE`) into b. */
static bool parse_break_with_cond(struct session *s, char **arg, int n, struct dbg_break *b)
{
	*b = (struct dbg_break){ .view = DBG_ANY_VIEW, .vector = DBG_ANY_VECTOR, .direction = -1 };
	for (int k = 0; k < n; k++)
		if (strcmp(arg[k], "if") == 0) {
			if (!parse_cond(s, arg + k + 1, n - k - 1, &b->cond))
				return false;
			n = k;
			break;
		}
	if (n < 1) {
		cli_fail(s, "break what? (help lists the kinds)");
		return false;
	}
	return parse_break(s, arg, n, b);
}

static void cmd_break(struct session *s, char **arg, int n)
{
	struct dbg_break b;
	if (!parse_break_with_cond(s, arg, n, &b))
		return;
	int id = debugger_add_break(s->d, &b);
	if (id < 0)
		cli_fail(s, "break: too many breakpoints");
	else
		fprintf(s->out, "breakpoint %d set\n", id);
}

static void cmd_examine(struct session *s, char **arg, int n)
{
	if (n < 1) {
		cli_fail(s, "x: expected [VIEW:]ADDR [LEN]");
		return;
	}
	struct cpu *cpu = s->m->cpu;
	int view = cpu->smm ? BUS_VIEW_SMM_DATA : BUS_VIEW_NORMAL;
	bool linear;
	uint32_t a;
	uint64_t len = 64;
	const char *bad;
	switch (dbg_parse_place(arg[0], &view, &linear, &a, &bad)) {
	case DBG_PLACE_BAD_VIEW:
		cli_fail(s, "x: unknown view %s (normal, smram, smm_code, smm_data, dma, lin)", bad);
		return;
	case DBG_PLACE_BAD_ADDRESS:
		cli_fail(s, "x: expected a hex address, got %s", bad);
		return;
	case DBG_PLACE_OK:
		break;
	}
	if (n > 1 && (!parse_count(arg[1], &len) || len == 0 || len > 65536)) {
		cli_fail(s, "x: expected a length 1-65536, got %s", arg[1]);
		return;
	}
	if (linear) {
		uint32_t pa;
		if (!cpu_translate_peek(cpu, a, &pa)) {
			fprintf(s->out, "linear %08x is not mapped\n", a);
			return;
		}
		fprintf(s->out, "linear %08x is physical %08x\n", a, pa);
		a = pa;
	}
	fprintf(s->out, "%s view:\n", bus_view_name((enum bus_view)view));
	dbg_print_memory(s->out, s->m->board->bus, (enum bus_view)view, a, (uint32_t)len);
}

static void cmd_events(struct session *s, char **arg, int n)
{
	uint64_t want = 10;
	if (n > 0 && (!parse_count(arg[0], &want) || want > DBG_EVENT_RING)) {
		cli_fail(s, "events: expected a count up to 256, got %s", arg[0]);
		return;
	}
	struct dbg_event e;
	unsigned have = 0;
	while (have < want && debugger_event(s->d, have, &e))
		have++;
	for (unsigned k = have; k-- > 0;) {
		debugger_event(s->d, k, &e);
		char text[96];
		dbg_event_text(&e.ev, text, sizeof(text));
		fprintf(s->out, "%10llu  %s\n", (unsigned long long)e.icount, text);
	}
	if (!have)
		fprintf(s->out, "no events yet\n");
}

static void cmd_delete(struct session *s, char **arg, int n)
{
	uint64_t id;
	if (n < 1 || !parse_count(arg[0], &id) || !debugger_delete_break(s->d, (int)id))
		cli_fail(s, "delete: no breakpoint %s", n ? arg[0] : "given");
}

static void cmd_ignore(struct session *s, char **arg, int n)
{
	uint64_t id, times;
	if (n != 2 || !parse_count(arg[0], &id) || !parse_count(arg[1], &times) ||
	    !debugger_ignore_break(s->d, (int)id, times))
		cli_fail(s, "ignore: expected a breakpoint and a count");
}

static void cmd_condition(struct session *s, char **arg, int n)
{
	uint64_t id;
	struct dbg_cond c = { 0 };
	if (n < 1 || !parse_count(arg[0], &id))
		cli_fail(s, "condition: expected a breakpoint, got %s", n ? arg[0] : "nothing");
	else if ((n == 1 || parse_cond(s, arg + 1, n - 1, &c)) &&
		 !debugger_set_condition(s->d, (int)id, &c))
		cli_fail(s, "condition: no breakpoint %s", arg[0]);
}

static void cmd_watch_writes(struct session *s, char **arg, int n)
{
	cmd_watch(s, DBG_WATCH_WRITE, arg, n);
}

static void cmd_watch_reads(struct session *s, char **arg, int n)
{
	cmd_watch(s, DBG_WATCH_READ, arg, n);
}

static void cmd_watch_both(struct session *s, char **arg, int n)
{
	cmd_watch(s, DBG_WATCH_READ | DBG_WATCH_WRITE, arg, n);
}

static void cmd_continue(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	struct dbg_stop_info st;
	debugger_run(s->d, 0, &st);
	show_stop(s, &st);
}

static void cmd_stepi(struct session *s, char **arg, int n)
{
	uint64_t count = 1;
	struct dbg_stop_info st;
	if (n > 0 && (!parse_count(arg[0], &count) || count == 0)) {
		cli_fail(s, "stepi: expected a positive count, got %s", arg[0]);
		return;
	}
	debugger_run(s->d, count, &st);
	show_stop(s, &st);
}

static void cmd_next(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	struct dbg_stop_info st;
	debugger_step_over(s->d, &st);
	show_stop(s, &st);
}

static void cmd_finish(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	struct dbg_stop_info st;
	debugger_step_out(s->d, &st);
	show_stop(s, &st);
}

static void cmd_until(struct session *s, char **arg, int n)
{
	uint32_t lin;
	struct dbg_stop_info st;
	if (n != 1 || !dbg_parse_hex(arg[0], &lin)) {
		cli_fail(s, "until: expected a linear address in hex, got %s", n ? arg[0] : "nothing");
		return;
	}
	debugger_run_to(s->d, lin, &st);
	show_stop(s, &st);
}

static void show_reverse(struct session *s, bool ok, const struct dbg_stop_info *st)
{
	if (!ok) {
		cli_fail(s, "%s", st->detail);
		return;
	}
	show_stop(s, st);
}

static void cmd_goto(struct session *s, char **arg, int n)
{
	uint64_t to;
	struct dbg_stop_info st;
	if (n != 1 || !parse_count(arg[0], &to)) {
		cli_fail(s, "goto: expected an instruction index, got %s", n ? arg[0] : "nothing");
		return;
	}
	show_reverse(s, debugger_goto(s->d, to, &st), &st);
}

static void cmd_reverse_step(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	struct dbg_stop_info st;
	show_reverse(s, debugger_reverse_step(s->d, &st), &st);
}

static void cmd_reverse_continue(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	struct dbg_stop_info st;
	show_reverse(s, debugger_reverse_continue(s->d, DBG_BACK_AFTER_ACCESS, &st), &st);
}

static void cmd_disas(struct session *s, char **arg, int n)
{
	uint64_t count = 5;
	if (n > 0 && (!parse_count(arg[0], &count) || count == 0 || count > 1000))
		cli_fail(s, "disas: expected a count 1-1000, got %s", arg[0]);
	else
		dbg_print_disassembly(s->out, s->m->cpu, (unsigned)count);
}

static void cmd_smi(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	char why[160];
	if (debugger_raise_smi(s->d, why, sizeof(why)))
		fprintf(s->out, "SMI raised: taken before the next instruction\n");
	else
		cli_fail(s, "smi: %s", why);
}

static void cmd_help(struct session *s, char **arg, int n);

/* The commands: each row's names (its full name first, then its short
 * forms; two words for info's sub-commands), what runs it, and its lines
 * of `help`, in the order help lists them.  A row with no handler ends the
 * session. */
struct command {
	const char *names[4];
	void (*run)(struct session *s, char **arg, int n);
	const char *help;
};

static const struct command commands[] = {
	{ { "break", "b" }, cmd_break,
	  "break smi | rsm | mode          stop at SMI entry, after RSM, at a mode change\n"
	  "break io PORT[-PORT] [in|out] [value V]\n"
	  "                                stop after a port access (of value V)\n"
	  "break exception|interrupt [N]   stop at an exception / interrupt (any vector)\n"
	  "break CS:IP | ADDR | phys ADDR [VIEW]\n"
	  "                                stop before an instruction (linear ADDR)\n"
	  "break postcode [VALUE]          stop after a write to port 0x80 (of VALUE)\n"
	  "break ... if REG OP VALUE       only while the condition holds (== != < <= > >=)\n" },
	{ { "condition" }, cmd_condition,
	  "condition N [REG OP VALUE]      set or clear breakpoint N's condition\n" },
	{ { "ignore" }, cmd_ignore,
	  "ignore N COUNT                  pass over breakpoint N's next COUNT hits\n" },
	{ { "watch" }, cmd_watch_writes,
	  "watch [VIEW:|lin:]ADDR [LEN]    stop after a write to those bytes (physical,\n"
	  "                                any view, by default)\n" },
	{ { "rwatch" }, cmd_watch_reads,
	  "rwatch, awatch ...              the same for reads, for reads and writes\n" },
	{ { "awatch" }, cmd_watch_both, NULL },
	{ { "delete", "d" }, cmd_delete,
	  "delete N (d)                    remove breakpoint N\n" },
	{ { "info breakpoints", "info b" }, cli_info_breaks,
	  "info breakpoints (info b)       the breakpoints and their hits\n" },
	{ { "continue", "c" }, cmd_continue,
	  "continue (c)                    run to the next stop\n" },
	{ { "stepi", "si", "step", "s" }, cmd_stepi,
	  "stepi [N] (si, step, s)         run N instructions (1)\n" },
	{ { "next", "n", "nexti", "ni" }, cmd_next,
	  "next (n, ni)                    one instruction, over a CALL, INT or REP\n" },
	{ { "finish", "fin" }, cmd_finish,
	  "finish (fin)                    run until the current routine returns\n" },
	{ { "until", "u", "advance" }, cmd_until,
	  "until ADDR (u, advance)         run until the instruction at linear ADDR\n" },
	{ { "goto" }, cmd_goto,
	  "goto N                          to instruction index N, forward or back\n" },
	{ { "reverse-step", "rs", "reverse-stepi", "rsi" }, cmd_reverse_step,
	  "reverse-step (rs, rsi)          back one instruction\n" },
	{ { "reverse-continue", "rc" }, cmd_reverse_continue,
	  "reverse-continue (rc)           back to the previous breakpoint stop\n"
	  "                                (backward: the run from power-on is replayed)\n" },
	{ { "info registers", "info r", "registers", "regs" }, cli_info_registers,
	  "info registers (regs, r)        registers, descriptor caches, CRs, DRs, SMM\n" },
	{ { "r" }, cli_info_registers, NULL },
	{ { "info fpu", "info float" }, cli_info_fpu,
	  "info fpu (info float)           x87 stack, control, status and tag words\n" },
	{ { "info sse" }, cli_info_sse,
	  "info sse                        XMM0-7 and MXCSR\n" },
	{ { "info msr" }, cli_info_msr,
	  "info msr                        the CPU model and every MSR it has\n" },
	{ { "x" }, cmd_examine,
	  "x [VIEW:]ADDR [LEN]             memory at physical ADDR through a view (normal,\n"
	  "                                smram, smm_code, smm_data, dma; the CPU's by default)\n"
	  "x lin:ADDR [LEN]                memory at linear ADDR through the page tables\n" },
	{ { "disas" }, cmd_disas,
	  "disas [N]                       N instructions from CS:EIP (5)\n" },
	{ { "info smm" }, cli_info_smm,
	  "info smm                        SMM state and the save-state map at SMBASE\n" },
	{ { "info chipset" }, cli_info_chipset,
	  "info chipset                    SMRAM and PAM registers, routing per view\n" },
	{ { "info snapshots" }, cli_info_snapshots,
	  "info snapshots                  what reverse execution keeps\n" },
	{ { "info apic" }, cli_info_apic,
	  "info apic                       the local APIC: registers, LVT, timer, IRR/ISR\n" },
	{ { "info ioapic" }, cli_info_ioapic,
	  "info ioapic                     the I/O APIC's registers and redirection entries\n" },
	{ { "events" }, cmd_events,
	  "events [N]                      the last N events (10)\n" },
	{ { "smi" }, cmd_smi,
	  "smi                             raise an SMI, taken before the next instruction\n" },
	{ { "help", "h" }, cmd_help, NULL },
	{ { "quit", "q" }, NULL,
	  "quit (q)\n" },
};

static void cmd_help(struct session *s, char **arg, int n)
{
	(void)arg, (void)n;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (commands[k].help)
			fputs(commands[k].help, s->out);
	fputs("Addresses are hexadecimal, counts decimal.\n", s->out);
}

/* How many words of arg the name takes ("info smm" two, "x" one; "i" is
 * short for "info"), or 0 if it does not match. */
static int name_words(const char *name, char **arg, int n)
{
	const char *space = strchr(name, ' ');
	if (!space)
		return strcmp(arg[0], name) == 0;
	/* Only info's sub-commands have two words. */
	if (!is(arg[0], "info", "i") || strncmp(name, "info ", 5) != 0)
		return 0;
	return n > 1 && strcmp(arg[1], space + 1) == 0 ? 2 : 0;
}

/* One command; false to end the session. */
static bool command(struct session *s, char *line)
{
	char *arg[MAX_ARGS + 1];
	int n = 0;
	line += strspn(line, " \t");
	if (line[0] == '#')
		return true;
	for (char *t = strtok(line, " \t\r\n"); t; t = strtok(NULL, " \t\r\n")) {
		if (n == MAX_ARGS + 1) {
			cli_fail(s, "too many words");
			return true;
		}
		arg[n++] = t;
	}
	if (n == 0)
		return true;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		for (unsigned w = 0; w < 4 && commands[k].names[w]; w++) {
			int used = name_words(commands[k].names[w], arg, n);
			if (!used)
				continue;
			if (!commands[k].run)
				return false;
			commands[k].run(s, arg + used, n - used);
			return true;
		}
	cli_fail(s, "unknown command %s (help lists them)", arg[0]);
	return true;
}

bool debug_cli_parse_break(const char *text, struct dbg_break *b, char *why, size_t size)
{
	char words[256], message[256] = "";
	char *arg[MAX_ARGS];
	int n = 0;
	snprintf(words, sizeof(words), "%s", text);
	for (char *t = strtok(words, " \t\r\n"); t && n < MAX_ARGS; t = strtok(NULL, " \t\r\n"))
		arg[n++] = t;
	struct session s = { .out = fmemopen(message, sizeof(message), "w") };
	if (!s.out) {
		snprintf(why, size, "out of memory");
		return false;
	}
	bool ok = strlen(text) < sizeof(words) && parse_break_with_cond(&s, arg, n, b);
	fclose(s.out);
	const char *said = strncmp(message, "error: ", 7) == 0 ? message + 7 : message;
	if (!ok)
		snprintf(why, size, "%.*s", (int)strcspn(said, "\n"), said[0] ? said : "too long");
	return ok;
}

#ifdef HAVE_LIBEDIT
/* A line typed at a terminal, with editing and history (libedit). */
static bool read_edited(char *line, size_t size)
{
	char *typed = readline("(smmbox) ");
	if (!typed)
		return false;
	if (*typed)
		add_history(typed);
	snprintf(line, size, "%s\n", typed);
	free(typed);
	return true;
}
#endif

bool debug_cli_command(struct debugger *d, struct machine *m, FILE *out, const char *line,
		       bool *failed)
{
	struct session s = { .d = d, .m = m, .out = out };
	char copy[512];
	snprintf(copy, sizeof(copy), "%s", line);
	bool go_on = command(&s, copy);
	*failed = s.failed;
	return go_on;
}

int debug_cli_run(struct debugger *d, struct machine *m, FILE *in, FILE *out, bool echo)
{
	struct session s = { .d = d, .m = m, .out = out };
	char line[512];
#ifdef HAVE_LIBEDIT
	bool edited = !echo && in == stdin && isatty(fileno(stdin)) && isatty(fileno(out));
#endif
	for (;;) {
#ifdef HAVE_LIBEDIT
		if (edited) {
			if (!read_edited(line, sizeof(line)))
				break;
			if (!command(&s, line))
				break;
			continue;
		}
#endif
		fprintf(out, "(smmbox) ");
		fflush(out);
		if (!fgets(line, sizeof(line), in)) {
			fputc('\n', out);
			break;
		}
		if (echo) {
			fputs(line, out);
			if (!strchr(line, '\n'))
				fputc('\n', out);
		}
		if (!strchr(line, '\n') && !feof(in)) {
			int c;
			while ((c = fgetc(in)) != EOF && c != '\n')
				;
			cli_fail(&s, "a command longer than %d characters", (int)sizeof(line) - 2);
			continue;
		}
		if (!command(&s, line))
			break;
	}
	fflush(out);
	return s.failed ? 1 : 0;
}
