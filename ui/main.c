/* smmbox: the command line.  Builds the board, wires the CPU to it, runs
 * the guest and reports why it stopped. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chipset/board.h"
#include "chipset/vga_text.h"
#include "cpu/cpu.h"
#include "cpu/model.h"
#include "ui/display.h"
#include "ui/fuzz_cli.h"
#include "ui/debug_cli.h"
#include "ui/gdb_stub.h"
#include "ui/options.h"
#include "debug/smm_check.h"
#include "ui/sdl/ui_window.h"
#include "machine/machine.h"
#include "trace/trace.h"

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
	case MACHINE_POWEROFF:
		fprintf(stderr, "smmbox: the guest powered the machine off (ACPI S5) after %" PRIu64
			" instructions\n", cpu->icount);
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

/* A front end on debugger d: the window, a gdb connection, or commands
 * from the script (echoed) or standard input.  Returns EXIT_USAGE when
 * the window cannot open, or a script cannot be read or one of its lines
 * failed, else -1. */
static int front_end(struct debugger *d, struct machine *m, const struct options *o)
{
	if (o->gdb_port >= 0)
		return gdb_serve(d, m, o->gdb_listen, (unsigned)o->gdb_port) != 0 ? EXIT_USAGE : -1;
#ifdef HAVE_UI
	if (o->ui)
		return ui_window_run(d, m, o->ui_script) != 0 ? EXIT_USAGE : -1;
#endif
	const char *script = o->debug_script;
	FILE *in = script ? fopen(script, "r") : stdin;
	if (!in) {
		fprintf(stderr, "smmbox: cannot open debugger script %s: %s\n", script, strerror(errno));
		return EXIT_USAGE;
	}
	int status = debug_cli_run(d, m, in, stdout, script != NULL) != 0 && script ? EXIT_USAGE : -1;
	if (in != stdin)
		fclose(in);
	return status;
}

/* The debugger's session on m (built from cfg), with a front end as o
 * says.  *status becomes EXIT_USAGE when it fails. */
static struct run_result debug_session(struct machine *m, const struct board_config *cfg,
					const struct options *o, struct smm_check *check,
					int *status)
{
	struct run_result r = { MACHINE_REQUEST, 0 };
	struct debugger *d = debugger_new(m, cfg);
	if (!d) {
		*status = EXIT_USAGE;
		return r;
	}
	if (check)
		debugger_set_stop_reason(d, smm_check_take_stop, check);
	int said = front_end(d, m, o);
	if (said >= 0)
		*status = said;
	debugger_free(d);
	return r;
}

/* The trace's header names the options and hashes every image used.  The
 * trace's own name is left out, so that two runs of the same machine give
 * the same file wherever they write it. */
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
	const char *images[] = { cfg->bios_path, cfg->vga_rom_path, cfg->hda_path,
				 cfg->kernel_path, cfg->initrd_path,
				 cfg->npflash > 0 ? cfg->pflash[0].path : NULL,
				 cfg->npflash > 1 ? cfg->pflash[1].path : NULL };
	return trace_writer_open(o->trace, line, images, sizeof(images) / sizeof(images[0]));
}

/* The files the guest's output goes to (NULL where not asked for). */
struct outputs {
	FILE *debugcon, *postcode, *screen, *serial;
};

static bool open_outputs(const struct options *o, struct outputs *out)
{
	out->debugcon = open_sink("debug console", o->debugcon);
	out->postcode = open_sink("POST code", o->postcode);
	out->screen = open_sink("screen dump", o->screen_dump);
	out->serial = open_sink("serial", o->serial);
	return !((o->debugcon && !out->debugcon) || (o->postcode && !out->postcode) ||
		 (o->screen_dump && !out->screen) || (o->serial && !out->serial));
}

static void close_outputs(struct outputs *out)
{
	FILE *files[] = { out->debugcon, out->postcode, out->screen, out->serial };
	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
		if (files[k] && files[k] != stdout)
			fclose(files[k]);
}

/* What watches the run besides the guest's own output. */
struct watchers {
	struct display *window;
	struct trace_writer *trace;
	struct smm_check *check;
	FILE *smm_report;
};

/* The SMM checks on m, as o says; false after a one-line error. */
static bool start_checks(struct machine *m, struct options *o, struct watchers *w)
{
	if (!o->smm_checks)
		return true;
	if (o->smm_report && !(w->smm_report = fopen(o->smm_report, "w"))) {
		fprintf(stderr, "smmbox: cannot create %s: %s\n", o->smm_report, strerror(errno));
		return false;
	}
	o->smm_check.report = w->smm_report;
	return (w->check = smm_check_new(m, &o->smm_check)) != NULL;
}

/* The window, the trace and the SMM checks on m, as o says; false after a
 * one-line error, with whatever was started stopped again. */
static bool start_watchers(struct machine *m, struct options *o, int argc, char **argv,
			   const struct board_config *cfg, struct watchers *w)
{
	*w = (struct watchers){ 0 };
	if (o->sdl && !(w->window = open_window(m)))
		return false;
	if (o->trace) {
		if (!(w->trace = open_trace(o, argc, argv, cfg))) {
			close_window(w->window);
			return false;
		}
		m->cpu->events = trace_writer_events(w->trace);
		cpu_state_changed(m->cpu);
	}
	if (!start_checks(m, o, w)) {
		if (w->smm_report)
			fclose(w->smm_report);
		if (w->trace)
			trace_writer_close(w->trace);
		close_window(w->window);
		return false;
	}
	return true;
}

/* Stops the checks and the trace, printing their statistics with --stats.
 * Returns false if the trace could not be written out. */
static bool stop_checks_and_trace(const struct options *o, struct watchers *w)
{
	bool written = true;
	if (w->check && o->stats)
		smm_check_print_stats(w->check, stderr);
	smm_check_free(w->check);
	if (w->smm_report)
		fclose(w->smm_report);
	if (w->trace) {
		if (o->stats) {
			fprintf(stderr, "trace_instructions: %" PRIu64 "\n", trace_writer_steps(w->trace));
			fprintf(stderr, "trace_bytes: %" PRIu64 "\n", trace_writer_bytes(w->trace));
		}
		written = trace_writer_close(w->trace);
	}
	return written;
}

/* The exit status of a run (a debugger session's, or a plain one that
 * ended for r.why), status being what the run so far decided (-1: nothing
 * yet), with the line that says why. */
static int final_status(const struct machine *m, bool session, bool check_stopped,
			const struct run_result *r, int status)
{
	const struct cpu *cpu = m->cpu;
	if (check_stopped) {
		fprintf(stderr, "smmbox: SMM check (strict): stopped at the first finding, %04x:%08x "
			"after %" PRIu64 " instructions\n", cpu->seg[S_CS].sel, cpu->eip, cpu->icount);
		return EXIT_SHUTDOWN;
	}
	if (session)
		return status < 0 ? 0 : status; /* the session said how the guest stopped */
	if (status < 0)
		return exit_status(cpu, r->why);
	exit_status(cpu, r->why);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	struct outputs out;
	if (!open_outputs(&o, &out))
		return EXIT_USAGE;
	struct board_config cfg = {
		.chipset = o.chipset, .bios_path = o.bios, .pflash = o.pflash, .npflash = o.npflash,
		.vga_rom_path = o.vga_rom, .ram_mb = o.ram_mb,
		.rtc_base = o.rtc_base, .debugcon = out.debugcon, .postcode = out.postcode,
		.serial = out.serial, .serial_input_path = o.serial_input,
		.serial_input_after = o.serial_input_after, .hda_path = o.hda, .kernel_path = o.kernel,
		.initrd_path = o.initrd, .cmdline = o.append, .linuxboot_rom = OPTIONS_LINUXBOOT_ROM,
		.fw_cfg_files = o.fw_cfg, .n_fw_cfg_files = o.n_fw_cfg,
		.local_apic = (o.cpu_model->features & CPUID_APIC) != 0,
	};
	struct machine *m = machine_new(&cfg);
	if (m)
		cpu_set_model(m->cpu, o.cpu_model);
	if (m && o.fuzzing) {
		status = fuzz_command(m, &cfg, &o, front_end);
		machine_free(m);
		close_outputs(&out);
		return status;
	}
	struct watchers w;
	if (!m || !start_watchers(m, &o, argc, argv, &cfg, &w)) {
		machine_free(m);
		close_outputs(&out);
		return EXIT_USAGE;
	}
	m->no_reboot = !o.reboot;
	bool session = o.debug || o.gdb_port >= 0 || o.ui;
	struct run_result r = session ? debug_session(m, &cfg, &o, w.check, &status)
				      : run(m, o.max_insns);
	/* A debugger session showed the strict stops as they came. */
	bool check_stopped = w.check && smm_check_stopped(w.check) && !session;
	if (!stop_checks_and_trace(&o, &w))
		status = EXIT_USAGE;
	fflush(stdout);
	status = final_status(m, session, check_stopped, &r, status);
	if (o.stats)
		print_stats(m, &r);
	if (out.screen) {
		vga_dump_text(&m->board->vga, out.screen);
		fflush(out.screen);
	}
	close_window(w.window);
	machine_free(m);
	close_outputs(&out);
	return status;
}
