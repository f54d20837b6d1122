/* smmbox: the command line.  Builds the board, wires the CPU to it, runs
 * the guest and reports why it stopped. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chipset/board.h"
#include "chipset/vga_text.h"
#include "cpu/cpu.h"
#include "ui/display.h"
#include "ui/debug_cli.h"
#include "ui/gdb_stub.h"
#include "debug/smm_check.h"
#include "ui/sdl/ui_window.h"
#include "machine/machine.h"
#include "trace/trace.h"

/* Exit statuses (documented in smmbox.1). */
enum {
	EXIT_GUEST_HALT = 0,
	EXIT_USAGE = 1,
	EXIT_SHUTDOWN = 3,
	EXIT_BUDGET = 4,
	EXIT_IDLE = 5,
};
/* A guest reset ends the run with status 0 unless --reboot. */

struct options {
	const char *bios;
	unsigned ram_mb;
	const char *debugcon;
	const char *postcode;
	const char *vga_rom;      /* NULL: none */
	const char *screen_dump;
	const char *serial;
	const char *hda;
	const char *trace;
	const char *debug_script;  /* with debug: commands from this file */
	const char *ui_script;     /* with ui: input from this file */
	const char *gdb_listen;    /* the address the gdb stub listens on */
	const char *smm_report;    /* JSON lines of the SMM checks */
	struct smm_check_config smm_check;
	bool smm_checks;
	int gdb_port;              /* -1: no gdb stub */
	uint64_t max_insns;
	int64_t rtc_base;
	bool stats;
	bool reboot;
	bool sdl;
	bool debug;
	bool ui;                   /* the debugger window */
};

/* The RTC's time at power-on unless --rtc-base says otherwise: fixed, so
 * that two runs are the same. */
#define DEFAULT_RTC_BASE 946684800 /* 2000-01-01T00:00:00 UTC */

/* The VGA BIOS when --vga-rom does not name one: SeaVGABIOS for a plain
 * ISA VGA, the file QEMU's -device isa-vga gives SeaBIOS as fw_cfg
 * "vgaroms/vgabios.bin" (from ROM under the Bochs BIOS it still prints,
 * but its writes to its own image are lost and with them its VBE modes),
 * else the LGPL VGABIOS; none if neither is installed. */
static const char *default_vga_rom(void)
{
	static const char *const candidates[] = {
		"/usr/share/seabios/vgabios-isavga.bin",
		"/usr/share/vgabios/vgabios.bin",
	};
	for (size_t k = 0; k < sizeof(candidates) / sizeof(candidates[0]); k++)
		if (access(candidates[k], R_OK) == 0)
			return candidates[k];
	return NULL;
}

#ifdef HAVE_UI
#define UI_HELP \
	"  --ui                  the debugger window (SDL2): code, registers, memory,\n" \
	"                        SMM state, the guest's screen; F5/F10/F11 as usual\n" \
	"  --ui-script FILE      the window, driven by the input in FILE (tests)\n"
#else
#define UI_HELP ""
#endif

static void usage(FILE *out)
{
	const char *vga_rom = default_vga_rom();
	fprintf(out,
		"Usage: smmbox [OPTION]...\n"
		"Run an x86 PC firmware image on an emulator with a model of System\n"
		"Management Mode.\n\n"
		"  --bios FILE           firmware image (a multiple of 64 KiB, at most 16 MiB)\n"
		"  -m MB                 guest RAM in MiB (default 32)\n"
		"  --debugcon FILE|stdio debug console (ports 0x402, 0xE9) output (default stdio)\n"
		"  --postcode FILE|stdio log each POST code written to port 0x80\n"
		"  --vga-rom FILE|none   VGA BIOS at 0xC0000 and as fw_cfg vgaroms/vgabios.bin\n"
		"                        (default: %s)\n"
		"  --screen-dump FILE|stdio\n"
		"                        at exit, write the VGA text screen as plain text\n"
		"  --serial FILE|stdio   COM1 (0x3F8) output\n"
		"  --hda IMG             primary master IDE disk image (raw)\n"
		"  --trace FILE          record every instruction, write, port access and\n"
		"                        event (docs/TRACE-FORMAT.md; read with smmbox-trace)\n"
		"  --debug               the command-line debugger on standard input (help\n"
		"                        lists its commands)\n"
		"  --debug-script FILE   the debugger, with commands from FILE, echoed\n"
		UI_HELP
		"  --gdb PORT            serve gdb's remote protocol on TCP PORT (0: any free\n"
		"                        port; printed on stderr) and run as gdb says\n"
		"  --gdb-listen ADDR     the address --gdb listens on (default 127.0.0.1)\n"
		"  --smm-check[=warn|strict]\n"
		"                        report SMI handlers' callouts, accesses outside\n"
		"                        SMRAM and SMRAM reached where it must not be\n"
		"                        (strict: stop at the first, status 3)\n"
		"  --smm-allow START-END SMM code may run there (hex, physical; repeatable)\n"
		"  --smm-report FILE     JSON lines: one per SMI and per finding\n"
		"                        (docs/SMM-CHECKS.md)\n"
		"  --max-insns N         stop after N instructions\n"
		"  --stats               print key: value statistics at exit\n"
		"  --display none|sdl    headless (the default), or an SDL2 window with\n"
		"                        the screen and keyboard (the run is paced to the\n"
		"                        wall clock; closing the window ends it)\n"
		"  --reboot              start again when the guest resets the machine\n"
		"                        (default: the run ends, status 0)\n"
		"  --rtc-base DATE       RTC time at power-on, YYYY-MM-DD[THH:MM:SS] UTC\n"
		"                        (default 2000-01-01T00:00:00)\n"
		"  -h, --help            show this help\n"
		"  -V, --version         show the version\n\n"
		"Exit status: 0 guest halted (cli; hlt), 1 bad usage or input,\n"
		"3 shutdown (triple fault, an exception loop, or a strict SMM check),\n"
		"4 --max-insns reached, 5 halted with interrupts enabled and nothing\n"
		"to wake it.\n", vga_rom ? vga_rom : "none");
}

/* SeaBIOS from Debian's package; the demo ROM where it is missing. */
static const char *default_bios(void)
{
	static const char *const candidates[] = {
		"/usr/share/seabios/bios-256k.bin",
		SMMBOX_PKGDATADIR "/hello.bin",
		SMMBOX_BUILDDIR "/tests/roms/hello.bin",
	};
	for (size_t k = 0; k < sizeof(candidates) / sizeof(candidates[0]); k++)
		if (access(candidates[k], R_OK) == 0)
			return candidates[k];
	return candidates[0];
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return false;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "smmbox: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (try --help)\n");
	return EXIT_USAGE;
}

/* Parse argv into o; returns -1 to go on, else an exit status. */
/* START-END (hexadecimal, physical, inclusive) into the allow-list. */
static bool parse_range(const char *text, struct smm_check_config *c)
{
	char *end;
	unsigned long lo = strtoul(text, &end, 16), hi;
	if (end == text || *end != '-' || c->nallow == SMM_CHECK_MAX_ALLOW)
		return false;
	const char *second = end + 1;
	hi = strtoul(second, &end, 16);
	if (end == second || *end || lo > hi || hi > 0xFFFFFFFFul)
		return false;
	c->allow[c->nallow].lo = (uint32_t)lo;
	c->allow[c->nallow++].hi = (uint32_t)hi;
	return true;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { O_BIOS = 256, O_DEBUGCON, O_POSTCODE, O_MAX_INSNS, O_STATS, O_DISPLAY,
	       O_RTC_BASE, O_REBOOT, O_VGA_ROM, O_SCREEN_DUMP, O_SERIAL, O_HDA, O_TRACE, O_DEBUG,
	       O_DEBUG_SCRIPT, O_GDB, O_GDB_LISTEN, O_SMM_CHECK, O_SMM_ALLOW, O_SMM_REPORT,
	       O_UI, O_UI_SCRIPT };
	static const struct option longopts[] = {
		{ "bios", required_argument, NULL, O_BIOS },
		{ "debugcon", required_argument, NULL, O_DEBUGCON },
		{ "postcode", required_argument, NULL, O_POSTCODE },
		{ "serial", required_argument, NULL, O_SERIAL },
		{ "hda", required_argument, NULL, O_HDA },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "debug", no_argument, NULL, O_DEBUG },
		{ "debug-script", required_argument, NULL, O_DEBUG_SCRIPT },
		{ "ui", no_argument, NULL, O_UI },
		{ "ui-script", required_argument, NULL, O_UI_SCRIPT },
		{ "gdb", required_argument, NULL, O_GDB },
		{ "gdb-listen", required_argument, NULL, O_GDB_LISTEN },
		{ "smm-check", optional_argument, NULL, O_SMM_CHECK },
		{ "smm-allow", required_argument, NULL, O_SMM_ALLOW },
		{ "smm-report", required_argument, NULL, O_SMM_REPORT },
		{ "max-insns", required_argument, NULL, O_MAX_INSNS },
		{ "stats", no_argument, NULL, O_STATS },
		{ "display", required_argument, NULL, O_DISPLAY },
		{ "rtc-base", required_argument, NULL, O_RTC_BASE },
		{ "reboot", no_argument, NULL, O_REBOOT },
		{ "vga-rom", required_argument, NULL, O_VGA_ROM },
		{ "screen-dump", required_argument, NULL, O_SCREEN_DUMP },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	*o = (struct options){ .ram_mb = 32, .debugcon = "stdio", .rtc_base = DEFAULT_RTC_BASE,
			       .vga_rom = default_vga_rom(), .gdb_listen = "127.0.0.1", .gdb_port = -1 };
	opterr = 0;
	int c;
	uint64_t v;
	while ((c = getopt_long(argc, argv, ":m:hV", longopts, NULL)) != -1) {
		switch (c) {
		case O_BIOS: o->bios = optarg; break;
		case O_DEBUGCON: o->debugcon = optarg; break;
		case O_POSTCODE: o->postcode = optarg; break;
		case O_SERIAL: o->serial = optarg; break;
		case O_HDA: o->hda = optarg; break;
		case O_TRACE: o->trace = optarg; break;
		case O_DEBUG: o->debug = true; break;
		case O_DEBUG_SCRIPT: o->debug = true; o->debug_script = optarg; break;
		case O_UI:
		case O_UI_SCRIPT:
#ifdef HAVE_UI
			o->ui = true;
			if (c == O_UI_SCRIPT)
				o->ui_script = optarg;
			break;
#else
			return bad_usage("%s: this smmbox was built without the debugger window "
					 "(SDL2, SDL2_ttf and fontconfig)", argv[optind - 1]);
#endif
		case O_GDB:
			if (!parse_u64(optarg, &v) || v > 65535)
				return bad_usage("--gdb %s: expected a TCP port, 0 to 65535", optarg);
			o->gdb_port = (int)v;
			break;
		case O_GDB_LISTEN: o->gdb_listen = optarg; break;
		case O_SMM_CHECK:
			o->smm_checks = true;
			if (optarg && strcmp(optarg, "strict") == 0)
				o->smm_check.strict = true;
			else if (optarg && strcmp(optarg, "warn") != 0)
				return bad_usage("--smm-check=%s: expected warn or strict", optarg);
			break;
		case O_SMM_ALLOW:
			if (!parse_range(optarg, &o->smm_check))
				return bad_usage("--smm-allow %s: expected START-END (hex), at most 16", optarg);
			break;
		case O_SMM_REPORT: o->smm_report = optarg; break;
		case O_STATS: o->stats = true; break;
		case O_REBOOT: o->reboot = true; break;
		case O_VGA_ROM: o->vga_rom = strcmp(optarg, "none") == 0 ? NULL : optarg; break;
		case O_SCREEN_DUMP: o->screen_dump = optarg; break;
		case 'm':
			if (!parse_u64(optarg, &v) || v < 1 || v > 3072)
				return bad_usage("-m %s: memory must be 1 to 3072 MiB", optarg);
			o->ram_mb = (unsigned)v;
			break;
		case O_MAX_INSNS:
			if (!parse_u64(optarg, &v) || v == 0)
				return bad_usage("--max-insns %s: expected a positive count", optarg);
			o->max_insns = v;
			break;
		case O_RTC_BASE:
			if (!rtc_parse_base(optarg, &o->rtc_base))
				return bad_usage("--rtc-base %s: expected YYYY-MM-DD[THH:MM:SS]", optarg);
			break;
		case O_DISPLAY:
			if (strcmp(optarg, "sdl") == 0) {
#ifdef HAVE_SDL2
				o->sdl = true;
#else
				return bad_usage("--display %s: this smmbox was built without SDL2", optarg);
#endif
			} else if (strcmp(optarg, "none") != 0) {
				return bad_usage("--display %s: expected none or sdl", optarg);
			}
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("smmbox %s\n", PACKAGE_VERSION); return 0;
		case ':': return bad_usage("option %s needs an argument", argv[optind - 1]);
		default: return bad_usage("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument %s", argv[optind]);
	if ((o->smm_check.nallow || o->smm_report) && !o->smm_checks)
		o->smm_checks = true; /* --smm-allow and --smm-report imply --smm-check=warn */
	if (o->debug && o->gdb_port >= 0)
		return bad_usage("--gdb %s: not together with --debug", "PORT");
	if (o->ui && (o->debug || o->gdb_port >= 0 || o->sdl))
		return bad_usage("--ui: not together with --debug, --gdb or --display sdl%s", "");
	if (!o->bios)
		o->bios = default_bios();
	return -1;
}

/* "stdio" is standard output; anything else a file created for writing. */
static FILE *open_sink(const char *what, const char *arg)
{
	if (!arg)
		return NULL;
	if (strcmp(arg, "stdio") == 0)
		return stdout;
	FILE *f = fopen(arg, "w");
	if (!f)
		fprintf(stderr, "smmbox: cannot open %s file %s: %s\n", what, arg, strerror(errno));
	return f;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct run_result {
	enum machine_exit why;
	double seconds;
};

static struct run_result run(struct machine *m, uint64_t max_insns)
{
	double t0 = now_seconds();
	struct run_result r = { machine_run(m, max_insns), 0 };
	r.seconds = now_seconds() - t0;
	return r;
}

static void print_stats(const struct machine *m, const struct run_result *r)
{
	const struct cpu *cpu = m->cpu;
	const struct board *b = m->board;
	double mips = r->seconds > 0 ? (double)cpu->icount / r->seconds / 1e6 : 0;
	fprintf(stderr, "instructions: %" PRIu64 "\n", cpu->icount);
	fprintf(stderr, "seconds: %.6f\n", r->seconds);
	fprintf(stderr, "mips: %.1f\n", mips);
	fprintf(stderr, "exit_reason: %s\n", machine_exit_name(r->why));
	fprintf(stderr, "smi_count: %" PRIu64 "\n", cpu->smi_count);
	fprintf(stderr, "rsm_count: %" PRIu64 "\n", cpu->rsm_count);
	fprintf(stderr, "smbase: 0x%08x\n", cpu->smbase);
	if (b->postcode.seen)
		fprintf(stderr, "last_postcode: 0x%02x\n", b->postcode.last);
	else
		fprintf(stderr, "last_postcode: none\n");
	fprintf(stderr, "postcodes: %" PRIu64 "\n", b->postcode.count);
	fprintf(stderr, "guest_ns: %" PRIu64 "\n", board_now(b));
	fprintf(stderr, "resets: %" PRIu64 "\n", m->resets);
	fprintf(stderr, "timer_irqs: %" PRIu64 "\n", b->pit.irq0_count);
	fprintf(stderr, "debugcon_bytes: %" PRIu64 "\n", b->debugcon.bytes);
	fprintf(stderr, "unmapped_reads: %" PRIu64 "\n", b->bus->stats.unmapped_reads);
	fprintf(stderr, "unmapped_writes: %" PRIu64 "\n", b->bus->stats.unmapped_writes);
	fprintf(stderr, "unmapped_port_reads: %" PRIu64 "\n", b->bus->stats.unmapped_port_reads);
	fprintf(stderr, "unmapped_port_writes: %" PRIu64 "\n", b->bus->stats.unmapped_port_writes);
}

static int exit_status(const struct cpu *cpu, enum machine_exit why)
{
	switch (why) {
	case MACHINE_HALT:
	case MACHINE_RESET:
		return EXIT_GUEST_HALT;
	case MACHINE_SHUTDOWN:
		fprintf(stderr, "smmbox: guest shut down (%s) at %04x:%08x after %" PRIu64
			" instructions\n", cpu->exit_detail ? cpu->exit_detail : "shutdown",
			cpu->seg[S_CS].sel, cpu->eip, cpu->icount);
		return EXIT_SHUTDOWN;
	case MACHINE_IDLE:
		fprintf(stderr, "smmbox: guest halted with interrupts enabled at %04x:%08x "
			"and no device can wake it\n", cpu->seg[S_CS].sel, cpu->eip);
		return EXIT_IDLE;
	default:
		fprintf(stderr, "smmbox: stopped after --max-insns %" PRIu64 " instructions at "
			"%04x:%08x\n", cpu->icount, cpu->seg[S_CS].sel, cpu->eip);
		return EXIT_BUDGET;
	}
}

#ifdef HAVE_SDL2
static bool poll_window(void *opaque)
{
	return display_poll(opaque);
}

static struct display *open_window(struct machine *m)
{
	struct display *d = display_open(m->board);
	if (d) {
		m->poll = poll_window;
		m->poll_opaque = d;
	}
	return d;
}

static void close_window(struct display *d)
{
	display_close(d);
}
#else
static struct display *open_window(struct machine *m)
{
	(void)m;
	return NULL;
}

static void close_window(struct display *d)
{
	(void)d;
}
#endif

/* The trace's header names the options and hashes every image used.  The
 * trace's own name is left out, so that two runs of the same machine give
 * the same file wherever they write it. */
/* The debugger's session on m (built from cfg): the window, a gdb
 * connection, or commands from the script (echoed) or standard input.
 * *status becomes EXIT_USAGE when the window cannot open, or a script
 * cannot be read or one of its lines failed. */
static struct run_result debug_session(struct machine *m, const struct board_config *cfg,
					const struct options *o, struct smm_check *check,
					int *status)
{
	struct run_result r = { MACHINE_REQUEST, 0 };
	if (o->gdb_port >= 0) {
		struct debugger *d = debugger_new(m, cfg);
		if (d && check)
			debugger_set_stop_reason(d, smm_check_take_stop, check);
		if (!d || gdb_serve(d, m, o->gdb_listen, (unsigned)o->gdb_port) != 0)
			*status = EXIT_USAGE;
		debugger_free(d);
		return r;
	}
#ifdef HAVE_UI
	if (o->ui) {
		struct debugger *d = debugger_new(m, cfg);
		if (d && check)
			debugger_set_stop_reason(d, smm_check_take_stop, check);
		if (!d || ui_window_run(d, m, o->ui_script) != 0)
			*status = EXIT_USAGE;
		debugger_free(d);
		return r;
	}
#endif
	const char *script = o->debug_script;
	FILE *in = script ? fopen(script, "r") : stdin;
	if (!in) {
		fprintf(stderr, "smmbox: cannot open debugger script %s: %s\n", script, strerror(errno));
		*status = EXIT_USAGE;
		return r;
	}
	struct debugger *d = debugger_new(m, cfg);
	if (d && check)
		debugger_set_stop_reason(d, smm_check_take_stop, check);
	if (!d)
		*status = EXIT_USAGE;
	else if (debug_cli_run(d, m, in, stdout, script != NULL) != 0 && script)
		*status = EXIT_USAGE;
	debugger_free(d);
	if (in != stdin)
		fclose(in);
	return r;
}

static struct trace_writer *open_trace(const struct options *o, int argc, char **argv,
				       const struct board_config *cfg)
{
	char line[1024];
	size_t used = 0;
	line[0] = 0;
	for (int k = 1; k < argc && used < sizeof(line); k++) {
		if (strcmp(argv[k], "--trace") == 0) {
			k++;
			continue;
		}
		if (strncmp(argv[k], "--trace=", 8) == 0)
			continue;
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", used ? " " : "",
					 argv[k]);
	}
	const char *images[] = { cfg->bios_path, cfg->vga_rom_path, cfg->hda_path };
	return trace_writer_open(o->trace, line, images, 3);
}

int main(int argc, char **argv)
{
	struct options o;
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	FILE *debugcon = open_sink("debug console", o.debugcon);
	FILE *postcode = open_sink("POST code", o.postcode);
	FILE *screen = open_sink("screen dump", o.screen_dump);
	FILE *serial = open_sink("serial", o.serial);
	if ((o.debugcon && !debugcon) || (o.postcode && !postcode) ||
	    (o.screen_dump && !screen) || (o.serial && !serial))
		return EXIT_USAGE;
	struct board_config cfg = {
		.bios_path = o.bios, .vga_rom_path = o.vga_rom, .ram_mb = o.ram_mb,
		.rtc_base = o.rtc_base,
		.debugcon = debugcon, .postcode = postcode, .serial = serial, .hda_path = o.hda,
	};
	struct machine *m = machine_new(&cfg);
	if (!m)
		return EXIT_USAGE;
	struct display *window = NULL;
	if (o.sdl) {
		window = open_window(m);
		if (!window) {
			machine_free(m);
			return EXIT_USAGE;
		}
	}
	m->no_reboot = !o.reboot;
	struct trace_writer *trace = NULL;
	if (o.trace) {
		trace = open_trace(&o, argc, argv, &cfg);
		if (!trace) {
			close_window(window);
			machine_free(m);
			return EXIT_USAGE;
		}
		m->cpu->events = trace_writer_events(trace);
		cpu_state_changed(m->cpu);
	}
	struct smm_check *check = NULL;
	FILE *smm_report = NULL;
	if (o.smm_checks) {
		if (o.smm_report && !(smm_report = fopen(o.smm_report, "w")))
			fprintf(stderr, "smmbox: cannot create %s: %s\n", o.smm_report, strerror(errno));
		o.smm_check.report = smm_report;
		if ((o.smm_report && !smm_report) || !(check = smm_check_new(m, &o.smm_check))) {
			if (smm_report)
				fclose(smm_report);
			if (trace)
				trace_writer_close(trace);
			close_window(window);
			machine_free(m);
			return EXIT_USAGE;
		}
	}
	struct run_result r;
	if (o.debug || o.gdb_port >= 0 || o.ui)
		r = debug_session(m, &cfg, &o, check, &status);
	else
		r = run(m, o.max_insns);
	/* A debugger session showed the strict stops as they came. */
	bool session = o.debug || o.gdb_port >= 0 || o.ui;
	bool check_stopped = check && smm_check_stopped(check) && !session;
	if (check && o.stats)
		smm_check_print_stats(check, stderr);
	smm_check_free(check);
	if (smm_report)
		fclose(smm_report);
	if (trace) {
		if (o.stats) {
			fprintf(stderr, "trace_instructions: %" PRIu64 "\n", trace_writer_steps(trace));
			fprintf(stderr, "trace_bytes: %" PRIu64 "\n", trace_writer_bytes(trace));
		}
		if (!trace_writer_close(trace))
			status = EXIT_USAGE;
	}
	fflush(stdout);
	if (check_stopped) {
		fprintf(stderr, "smmbox: SMM check (strict): stopped at the first finding, %04x:%08x "
			"after %" PRIu64 " instructions\n", m->cpu->seg[S_CS].sel, m->cpu->eip,
			m->cpu->icount);
		status = EXIT_SHUTDOWN;
	} else if (session)
		status = status < 0 ? 0 : status; /* the session said how the guest stopped */
	else if (status < 0)
		status = exit_status(m->cpu, r.why);
	else
		exit_status(m->cpu, r.why);
	if (o.stats)
		print_stats(m, &r);
	if (screen) {
		vga_dump_text(&m->board->vga, screen);
		fflush(screen);
	}
	close_window(window);
	machine_free(m);
	if (debugcon && debugcon != stdout)
		fclose(debugcon);
	if (postcode && postcode != stdout)
		fclose(postcode);
	if (screen && screen != stdout)
		fclose(screen);
	if (serial && serial != stdout)
		fclose(serial);
	return status;
}
