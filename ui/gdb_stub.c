/* The gdb stub; see gdb_stub.h.  Packets are read and answered one at a
 * time; a malformed one gets an error reply, a damaged checksum a NAK,
 * one longer than PACKET_MAX a closed connection. */
#define _POSIX_C_SOURCE 200809L
#include "ui/gdb_stub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debug/debug_view.h"
#include "ui/gdb_target.h"

#define PACKET_MAX 16384
#define RUN_CHUNK 1000000   /* instructions between checks for gdb's interrupt */
#define GDB_BREAKS 64

struct gdb {
	int fd;
	struct debugger *d;
	struct machine *m;
	int view;                /* a bus view, or -1: the CPU's own */
	struct { uint32_t addr; int type; int id; } brk[GDB_BREAKS];
	unsigned nbrk;
	char in[PACKET_MAX + 1];
	char out[2 * PACKET_MAX + 64];
	uint8_t rbuf[4096];
	size_t rpos, rlen;
	bool closed;
};

/* ---- the wire ---- */

static int get_byte(struct gdb *g)
{
	if (g->rpos == g->rlen) {
		ssize_t n;
		do
			n = read(g->fd, g->rbuf, sizeof(g->rbuf));
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			g->closed = true;
			return -1;
		}
		g->rpos = 0;
		g->rlen = (size_t)n;
	}
	return g->rbuf[g->rpos++];
}

static void put_raw(struct gdb *g, const char *p, size_t n)
{
	while (n && !g->closed) {
		/* MSG_NOSIGNAL: gdb gone is a closed connection, not SIGPIPE. */
		ssize_t w = send(g->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			g->closed = true;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void send_packet(struct gdb *g, const char *payload)
{
	size_t n = strlen(payload);
	unsigned sum = 0;
	for (size_t k = 0; k < n; k++)
		sum += (uint8_t)payload[k];
	char tail[4];
	snprintf(tail, sizeof(tail), "#%02x", sum & 0xFF);
	put_raw(g, "$", 1);
	put_raw(g, payload, n);
	put_raw(g, tail, 3);
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The next packet's payload into g->in (NUL-terminated); false when the
 * connection ended or a packet was too long (the connection is closed). */
static bool get_packet(struct gdb *g, size_t *len)
{
	for (;;) {
		int c;
		do
			c = get_byte(g);
		while (c >= 0 && c != '$');
		if (c < 0)
			return false;
		size_t n = 0;
		unsigned sum = 0;
		while ((c = get_byte(g)) >= 0 && c != '#') {
			if (n == PACKET_MAX) {
				fprintf(stderr, "smmbox: gdb packet longer than %d bytes: closing\n", PACKET_MAX);
				g->closed = true;
				return false;
			}
			g->in[n++] = (char)c;
			sum += (uint8_t)c;
		}
		int h = get_byte(g), l = get_byte(g);
		if (c < 0 || h < 0 || l < 0)
			return false;
		if (hex_digit(h) < 0 || hex_digit(l) < 0 ||
		    (unsigned)(hex_digit(h) << 4 | hex_digit(l)) != (sum & 0xFF)) {
			put_raw(g, "-", 1);
			continue;
		}
		put_raw(g, "+", 1);
		g->in[n] = 0;
		*len = n;
		return true;
	}
}

/* ---- pieces of packets ---- */

static bool parse_hex_field(const char **p, uint32_t *v)
{
	uint64_t x = 0;
	const char *s = *p;
	int d;
	if (hex_digit(*s) < 0)
		return false;
	while ((d = hex_digit(*s)) >= 0) {
		x = x << 4 | (unsigned)d;
		if (x > 0xFFFFFFFFu)
			return false;
		s++;
	}
	*p = s;
	*v = (uint32_t)x;
	return true;
}

/* n bytes from 2n hex digits at p (which must have them). */
static bool get_bytes(const char *p, uint8_t *out, unsigned n)
{
	for (unsigned k = 0; k < 2 * n; k++)
		if (hex_digit(p[k]) < 0)
			return false;
	for (unsigned k = 0; k < n; k++)
		out[k] = (uint8_t)(hex_digit(p[2 * k]) << 4 | hex_digit(p[2 * k + 1]));
	return true;
}

/* ---- memory ---- */

static enum bus_view view_now(const struct gdb *g)
{
	if (g->view >= 0)
		return (enum bus_view)g->view;
	return g->m->cpu->smm ? BUS_VIEW_SMM_DATA : BUS_VIEW_NORMAL;
}

static bool mem_write(struct gdb *g, uint32_t addr, const uint8_t *data, uint32_t len)
{
	for (uint32_t k = 0; k < len; k++) {
		uint32_t pa;
		if (!cpu_translate_peek(g->m->cpu, addr + k, &pa))
			return false;
		bus_poke(g->m->board->bus, view_now(g), pa, data + k, 1);
	}
	return true;
}

/* ---- running ---- */

static void console(struct gdb *g, const char *text);

/* Whether gdb wants the running guest stopped: its interrupt (0x03,
 * consumed), or anything else it sends while the guest runs (a packet out
 * of turn, left for the packet reader), or the connection closing. */
static bool interrupted(struct gdb *g)
{
	if (g->rpos < g->rlen) {
		if (g->rbuf[g->rpos] == 0x03)
			g->rpos++;
		return true;
	}
	struct pollfd p = { .fd = g->fd, .events = POLLIN };
	if (poll(&p, 1, 0) <= 0)
		return false;
	uint8_t c;
	ssize_t n = recv(g->fd, &c, 1, MSG_PEEK);
	if (n == 1 && c == 0x03)
		(void)recv(g->fd, &c, 1, 0);
	return true;
}

/* The stop reply for a run that stopped as st says: the guest's end as
 * W00, or X0b for a shutdown, with the engine's words on gdb's console;
 * otherwise T05, naming the gdb watchpoint that stopped it (watch:,
 * rwatch: or awatch: and the address gdb gave it), for gdb to tell which
 * and compare its value; a stop of another's (the SMM checks') is told on
 * the console first. */
static void report_stop(struct gdb *g, const struct dbg_stop_info *st)
{
	static const char *const reason[5] = { NULL, NULL, "watch", "rwatch", "awatch" };
	if (st->why == DBG_STOP_GUEST) {
		char msg[200];
		snprintf(msg, sizeof(msg), "smmbox: %s\n", st->detail);
		console(g, msg);
		send_packet(g, st->machine == MACHINE_SHUTDOWN ? "X0b" : "W00");
		return;
	}
	if (st->break_id < 0 && st->why == DBG_STOP_BREAK)
		console(g, st->detail);
	for (unsigned k = 0; k < g->nbrk && st->why == DBG_STOP_BREAK; k++)
		if (g->brk[k].id == st->break_id && reason[g->brk[k].type]) {
			char reply[40];
			snprintf(reply, sizeof(reply), "T05%s:%x;", reason[g->brk[k].type],
				 (unsigned)g->brk[k].addr);
			send_packet(g, reply);
			return;
		}
	send_packet(g, "T05");
}

/* Run (steps 0: until a stop, in chunks, watching for gdb's interrupt)
 * and reply with the stop. */
static void run_and_report(struct gdb *g, uint64_t steps)
{
	struct dbg_stop_info st;
	if (steps) {
		debugger_run(g->d, steps, &st);
	} else {
		debugger_run(g->d, RUN_CHUNK, &st);
		while (st.why == DBG_STOP_STEPS && st.break_id < 0 && !interrupted(g))
			debugger_run_on(g->d, RUN_CHUNK, &st);
		if (st.why == DBG_STOP_STEPS && st.break_id < 0) {
			send_packet(g, "T02");
			return;
		}
	}
	report_stop(g, &st);
}

/* bs (step) and bc: back one instruction, or to the last place before
 * this one where a breakpoint or watchpoint stopped the run or would have
 * (the engine's reverse step and reverse continue: a replay from a
 * snapshot, not interrupted by gdb's Ctrl-C; it runs the run so far at
 * most about once).  Reaching the start (power-on, or where a fuzzer's
 * replay began: debugger_start()) with nothing to stop at before
 * (bs there, bc with no breakpoint behind) replies T05replaylog:begin;,
 * the start of the history gdb may go back through.  A watchpoint stops
 * a bc before the instruction that made the access, where gdb's reverse
 * execution expects it (the value gdb watches differs there), not after
 * it as going forward.  When the engine cannot go back (a trace being
 * recorded, the SMM checks, no snapshot), gdb's console is told why and
 * the reply is E22. */
static void reverse(struct gdb *g, bool step)
{
	struct dbg_stop_info st;
	if (step && g->m->cpu->icount <= debugger_start(g->d)) {
		send_packet(g, "T05replaylog:begin;");
		return;
	}
	bool ok = step ? debugger_reverse_step(g->d, &st)
		       : debugger_reverse_continue(g->d, DBG_BACK_BEFORE_ACCESS, &st);
	if (!ok) {
		char msg[220];
		snprintf(msg, sizeof(msg), "smmbox: cannot go back: %s\n", st.detail);
		console(g, msg);
		send_packet(g, "E22");
	} else if (!step && st.why != DBG_STOP_BREAK) {
		send_packet(g, "T05replaylog:begin;");
	} else {
		report_stop(g, &st);
	}
}

/* ---- monitor commands ---- */

/* Text for gdb's console, as an O packet (in pieces). */
static void console(struct gdb *g, const char *text)
{
	size_t n = strlen(text);
	for (size_t at = 0; at < n;) {
		size_t piece = n - at < 1000 ? n - at : 1000;
		char hex[2 * 1000 + 2] = "O";
		for (size_t k = 0; k < piece; k++)
			snprintf(hex + 1 + 2 * k, 3, "%02x", (uint8_t)text[at + k]);
		send_packet(g, hex);
		at += piece;
	}
}

static void monitor(struct gdb *g, const char *cmd)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	if (!out) {
		send_packet(g, "E01");
		return;
	}
	bool ok = true;
	struct dbg_break b = { .view = DBG_ANY_VIEW, .vector = DBG_ANY_VECTOR, .direction = -1 };
	if (strcmp(cmd, "view normal") == 0 || strcmp(cmd, "view smram") == 0 ||
	    strcmp(cmd, "view auto") == 0) {
		g->view = strcmp(cmd, "view auto") == 0 ? -1 : dbg_view_by_name(cmd + 5);
		fprintf(out, "memory is read through the %s view\n",
			g->view < 0 ? "CPU's own" : bus_view_name((enum bus_view)g->view));
	} else if (strcmp(cmd, "info smm") == 0) {
		dbg_print_smm_state(out, g->m->cpu);
	} else if (strcmp(cmd, "savestate") == 0) {
		dbg_print_smm_map(out, g->m->board->bus, g->m->cpu->smbase);
	} else if (strcmp(cmd, "break smi") == 0 || strcmp(cmd, "break rsm") == 0) {
		b.kind = strcmp(cmd, "break smi") == 0 ? DBG_BREAK_SMI : DBG_BREAK_RSM;
		int id = debugger_add_break(g->d, &b);
		if (id < 0)
			ok = false;
		else
			fprintf(out, "breakpoint %d: %s\n", id, cmd + 6);
	} else if (strcmp(cmd, "smi") == 0) {
		char why[160];
		if (debugger_raise_smi(g->d, why, sizeof(why)))
			fprintf(out, "SMI raised: it is taken before the next instruction\n");
		else
			fprintf(out, "smi: %s\n", why);
	} else if (strcmp(cmd, "mode") == 0) {
		char mode[64];
		dbg_mode_name(dbg_mode_of(g->m->cpu), mode, sizeof(mode));
		fprintf(out, "mode: %s; code: %s\n", mode, dbg_code32(g->m->cpu) ? "32-bit" : "16-bit");
	} else if (strcmp(cmd, "help") == 0) {
		fprintf(out, "view normal|smram|auto, info smm, savestate, break smi, break rsm, smi, mode\n");
	} else {
		fprintf(out, "unknown monitor command: %s (monitor help)\n", cmd);
	}
	fclose(out);
	console(g, text);
	free(text);
	send_packet(g, ok ? "OK" : "E01");
}

/* ---- breakpoints ---- */

static void breakpoint(struct gdb *g, const char *p, bool insert)
{
	uint32_t type, addr, kind;
	if (!parse_hex_field(&p, &type) || *p++ != ',' || !parse_hex_field(&p, &addr) ||
	    *p++ != ',' || !parse_hex_field(&p, &kind)) {
		send_packet(g, "E01");
		return;
	}
	if (type > 4) {
		send_packet(g, "");
		return;
	}
	if (!insert) {
		for (unsigned k = 0; k < g->nbrk; k++)
			if (g->brk[k].addr == addr && g->brk[k].type == (int)type) {
				debugger_delete_break(g->d, g->brk[k].id);
				g->brk[k] = g->brk[--g->nbrk];
				send_packet(g, "OK");
				return;
			}
		send_packet(g, "E02");
		return;
	}
	/* Z0, Z1: execution; Z2 write, Z3 read, Z4 access watchpoints. */
	static const unsigned access[5] = { 0, 0, DBG_WATCH_WRITE, DBG_WATCH_READ,
					    DBG_WATCH_READ | DBG_WATCH_WRITE };
	struct dbg_break b = { .kind = type >= 2 ? DBG_BREAK_WATCH : DBG_BREAK_EXEC,
			       .space = DBG_LINEAR, .addr = addr, .len = kind ? kind : 1,
			       .access = access[type], .view = DBG_ANY_VIEW,
			       .vector = DBG_ANY_VECTOR, .direction = -1 };
	int id = g->nbrk < GDB_BREAKS ? debugger_add_break(g->d, &b) : -1;
	if (id < 0) {
		send_packet(g, "E03");
		return;
	}
	g->brk[g->nbrk].addr = addr;
	g->brk[g->nbrk].type = (int)type;
	g->brk[g->nbrk++].id = id;
	send_packet(g, "OK");
}

/* ---- packets ---- */

static void read_memory(struct gdb *g, const char *p)
{
	uint32_t addr, len;
	if (!parse_hex_field(&p, &addr) || *p++ != ',' || !parse_hex_field(&p, &len) || *p ||
	    len > PACKET_MAX / 2) {
		send_packet(g, "E01");
		return;
	}
	static uint8_t buf[PACKET_MAX / 2];
	uint32_t got = dbg_read_linear(g->m->cpu, view_now(g), addr, buf, len);
	if (got == 0 && len) {
		send_packet(g, "E14");
		return;
	}
	for (uint32_t k = 0; k < got; k++)
		snprintf(g->out + 2 * k, 3, "%02x", buf[k]);
	g->out[2 * got] = 0;
	send_packet(g, g->out);
}

/* M (hex) or X (binary, escaped) writes. */
static void write_memory(struct gdb *g, const char *p, size_t n, bool binary)
{
	const char *end = g->in + n;
	uint32_t addr, len;
	if (!parse_hex_field(&p, &addr) || *p++ != ',' || !parse_hex_field(&p, &len) ||
	    *p++ != ':' || len > PACKET_MAX) {
		send_packet(g, "E01");
		return;
	}
	static uint8_t buf[PACKET_MAX];
	uint32_t k = 0;
	while (k < len && p < end) {
		if (binary) {
			uint8_t c = (uint8_t)*p++;
			if (c == 0x7D) {
				if (p == end)
					break;
				c = (uint8_t)(*p++ ^ 0x20);
			}
			buf[k++] = c;
		} else {
			if (end - p < 2 || hex_digit(p[0]) < 0 || hex_digit(p[1]) < 0)
				break;
			buf[k++] = (uint8_t)(hex_digit(p[0]) << 4 | hex_digit(p[1]));
			p += 2;
		}
	}
	if (k != len || p != end) {
		send_packet(g, "E01");
		return;
	}
	send_packet(g, mem_write(g, addr, buf, len) ? "OK" : "E14");
}

static void all_registers(struct gdb *g)
{
	char *o = g->out;
	for (unsigned r = 0; r < GDB_NUM_REGS; r++)
		o += 2 * gdb_reg_text(g->m->cpu, r, o);
	*o = 0;
	send_packet(g, g->out);
}

/* G: the registers in order, as g gives them; those it can set are set
 * (gdb_reg_write()), the others (selectors, the system registers) left.
 * A packet that ends early sets the registers it holds whole, at least
 * the core's, or none. */
static void set_all_registers(struct gdb *g, const char *p, size_t n)
{
	uint8_t b[GDB_NUM_REGS][GDB_REG_MAX];
	unsigned whole = 0;
	size_t off = 0;
	for (; whole < GDB_NUM_REGS; whole++) {
		unsigned size = gdb_reg_size(whole);
		if (off + 2 * size > n)
			break;
		if (!get_bytes(p + off, b[whole], size)) {
			send_packet(g, "E01");
			return;
		}
		off += 2 * size;
	}
	if (whole < GDB_NUM_CORE || (whole == GDB_NUM_REGS && off != n)) {
		send_packet(g, "E01");
		return;
	}
	for (unsigned r = 0; r < whole; r++)
		gdb_reg_write(g->m->cpu, r, b[r]);
	send_packet(g, "OK");
}

static void one_register(struct gdb *g, const char *p, bool write)
{
	uint32_t r;
	if (!parse_hex_field(&p, &r) || r >= GDB_NUM_REGS) {
		send_packet(g, "E01");
		return;
	}
	if (!write) {
		gdb_reg_text(g->m->cpu, r, g->out);
		send_packet(g, g->out);
		return;
	}
	uint8_t b[GDB_REG_MAX];
	unsigned size = gdb_reg_size(r);
	if (*p++ != '=' || strlen(p) != 2 * size || !get_bytes(p, b, size) ||
	    !gdb_reg_write(g->m->cpu, r, b))
		send_packet(g, "E01");
	else
		send_packet(g, "OK");
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void features(struct gdb *g, const char *p)
{
	uint32_t off, len;
	if (strncmp(p, "target.xml:", 11) != 0) {
		send_packet(g, "E00");
		return;
	}
	p += 11;
	if (!parse_hex_field(&p, &off) || *p++ != ',' || !parse_hex_field(&p, &len)) {
		send_packet(g, "E01");
		return;
	}
	size_t total = gdb_target_xml_size;
	if (off >= total) {
		send_packet(g, "l");
		return;
	}
	size_t n = total - off < len ? total - off : len;
	if (n > PACKET_MAX - 2)
		n = PACKET_MAX - 2;
	g->out[0] = off + n < total ? 'm' : 'l';
	memcpy(g->out + 1, gdb_target_xml + off, n);
	g->out[1 + n] = 0;
	send_packet(g, g->out);
}

static void query(struct gdb *g, const char *q)
{
	if (strncmp(q, "qSupported", 10) == 0) {
		char s[128];
		snprintf(s, sizeof(s), "PacketSize=%x;qXfer:features:read+;vContSupported+;"
			 "ReverseStep+;ReverseContinue+", PACKET_MAX);
		send_packet(g, s);
	} else if (strncmp(q, "qXfer:features:read:", 20) == 0) {
		features(g, q + 20);
	} else if (strncmp(q, "qRcmd,", 6) == 0) {
		char cmd[256];
		const char *h = q + 6;
		size_t n = 0;
		while (h[0] && h[1] && n < sizeof(cmd) - 1 && hex_digit(h[0]) >= 0 && hex_digit(h[1]) >= 0) {
			cmd[n++] = (char)(hex_digit(h[0]) << 4 | hex_digit(h[1]));
			h += 2;
		}
		cmd[n] = 0;
		if (*h)
			send_packet(g, "E01");
		else
			monitor(g, cmd);
	} else if (strcmp(q, "qAttached") == 0) {
		send_packet(g, "1");
	} else if (strcmp(q, "qC") == 0) {
		send_packet(g, "QC1");
	} else if (strcmp(q, "qfThreadInfo") == 0) {
		send_packet(g, "m1");
	} else if (strcmp(q, "qsThreadInfo") == 0) {
		send_packet(g, "l");
	} else {
		send_packet(g, "");
	}
}

/* vCont;ACTION[:thread]... : the first action decides (one CPU). */
static void vcont(struct gdb *g, const char *p)
{
	if (strcmp(p, "?") == 0) {
		send_packet(g, "vCont;c;C;s;S");
		return;
	}
	if (*p != ';') {
		send_packet(g, "E01");
		return;
	}
	char action = p[1];
	if (action == 'c' || action == 'C')
		run_and_report(g, 0);
	else if (action == 's' || action == 'S')
		run_and_report(g, 1);
	else
		send_packet(g, "E01");
}

/* One packet; false to end the session. */
static bool handle(struct gdb *g, size_t n)
{
	const char *p = g->in;
	switch (p[0]) {
	case '?': send_packet(g, "T05"); break;
	case 'g': all_registers(g); break;
	case 'G': set_all_registers(g, p + 1, n - 1); break;
	case 'p': one_register(g, p + 1, false); break;
	case 'P': one_register(g, p + 1, true); break;
	case 'm': read_memory(g, p + 1); break;
	case 'M': write_memory(g, p + 1, n, false); break;
	case 'X': write_memory(g, p + 1, n, true); break;
	case 'Z': breakpoint(g, p + 1, true); break;
	case 'z': breakpoint(g, p + 1, false); break;
	case 'c': run_and_report(g, 0); break;
	case 's': run_and_report(g, 1); break;
	case 'b':
		if (strcmp(p, "bs") == 0 || strcmp(p, "bc") == 0)
			reverse(g, p[1] == 's');
		else
			send_packet(g, "");
		break;
	case 'H': send_packet(g, "OK"); break;
	case 'T': send_packet(g, "OK"); break;
	case 'q': query(g, p); break;
	case 'Q': send_packet(g, ""); break;
	case 'D': send_packet(g, "OK"); return false;
	case 'k': return false;
	case 'v':
		if (strncmp(p, "vCont", 5) == 0)
			vcont(g, p + 5);
		else if (strncmp(p, "vMustReplyEmpty", 15) == 0)
			send_packet(g, "");
		else
			send_packet(g, "");
		break;
	default: send_packet(g, ""); break;
	}
	return !g->closed;
}

int gdb_serve(struct debugger *d, struct machine *m, const char *addr, unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "smmbox: --gdb-listen %s: not an IPv4 address\n", addr);
		return 1;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 1) < 0) {
		fprintf(stderr, "smmbox: cannot listen for gdb on %s:%u: %s\n", addr, port, strerror(errno));
		if (s >= 0)
			close(s);
		return 1;
	}
	socklen_t sl = sizeof(sa);
	getsockname(s, (struct sockaddr *)&sa, &sl);
	fprintf(stderr, "smmbox: waiting for gdb on %s:%u\n", addr, ntohs(sa.sin_port));
	int fd;
	do
		fd = accept(s, NULL, NULL);
	while (fd < 0 && errno == EINTR);
	close(s);
	if (fd < 0) {
		fprintf(stderr, "smmbox: gdb connection failed: %s\n", strerror(errno));
		return 1;
	}
	int status = gdb_session(d, m, fd);
	close(fd);
	return status;
}

int gdb_session(struct debugger *d, struct machine *m, int fd)
{
	struct gdb *g = calloc(1, sizeof(*g));
	if (!g) {
		fprintf(stderr, "smmbox: out of memory\n");
		return 1;
	}
	*g = (struct gdb){ .fd = fd, .d = d, .m = m, .view = -1 };
	size_t n;
	while (get_packet(g, &n) && handle(g, n))
		;
	free(g);
	return 0;
}
