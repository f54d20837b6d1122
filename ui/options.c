/* smmbox's command-line options; see options.h. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "ui/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chipset/rtc.h"
#include "cpu/model.h"
#include "fuzz/fuzz.h"

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

/* The SMM checks' and the fuzzer's part of usage(). */
static const char usage_smm[] =
	"  --smm-check[=warn|strict]\n"
	"                        report SMI handlers' callouts, accesses outside\n"
	"                        SMRAM and SMRAM reached where it must not be\n"
	"                        (strict: stop at the first, status 3)\n"
	"  --smm-allow START-END SMM code may run there (hex, physical; repeatable)\n"
	"  --smm-buffer START-END|edk2\n"
	"                        SMI handlers' data may be read and written there\n"
	"                        (hex, physical; repeatable), or in the buffer\n"
	"                        EDK2's SMM communication protocol names each SMI\n"
	"  --smm-report FILE     JSON lines: one per SMI and per finding\n"
	"                        (docs/SMM-CHECKS.md)\n"
	"  --fuzz-input FILE     fuzz SMI handlers under afl-fuzz (FILE is its @@);\n"
	"                        without afl-fuzz, run FILE once (docs/FUZZING.md)\n"
	"  --fuzz-at EXPR        the fuzz point: `insn N`, or a breakpoint as the\n"
	"                        debugger's break takes it (default: where the\n"
	"                        guest first halts, or --max-insns)\n"
	"  --fuzz-layout ITEMS   what an input's bytes become: b2,b3,eax..edi,\n"
	"                        mem:ADDR:LEN,io:PORT[:LEN],msr:INDEX, comma-separated\n"
	"  --fuzz-budget N       instructions an execution may run (default 1000000)\n"
	"  --fuzz-ignore KINDS   kinds that are not findings (callout, write-outside,\n"
	"                        read-outside, smram-leak, shutdown, bad-rsm, timeout)\n"
	"  --fuzz-mode fork|persistent\n"
	"                        how afl-fuzz's executions run (default persistent)\n"
	"  --fuzz-replay FILE    run one input, print its SMM report, exit 3 on a\n"
	"                        finding; with --debug, --ui or --gdb stop at it\n"
	"  --fuzz-triage DIR     replay every input in DIR, grouped by finding\n"
	"  --fuzz-coverage DIR   the SMM blocks the inputs in DIR reach, disassembled\n";

static void usage(FILE *out)
{
	const char *vga_rom = default_vga_rom();
	fprintf(out,
		"Usage: smmbox [OPTION]...\n"
		"Run an x86 PC firmware image on an emulator with a model of System\n"
		"Management Mode.\n\n"
		"  --bios FILE           firmware image (a multiple of 64 KiB, at most 16 MiB)\n"
		"  --pflash FILE[,readonly]\n"
		"                        a CFI flash (QEMU's -drive if=pflash), given once or\n"
		"                        twice: the first holds the firmware and ends at 4 GiB\n"
		"                        (instead of --bios), the second below it; only SMM\n"
		"                        writes them, and the writes reach FILE\n"
		"  --machine pc|q35      the chipset, as QEMU's machines: pc (the default), an\n"
		"                        i440FX with SMRAM in the A-segment; q35, a Q35 MCH\n"
		"                        with TSEG and an ICH9\n"
		"  -m MB                 guest RAM in MiB (default 32)\n"
		"  --cpu MODEL           the CPU: 486, pentium, pentium2 or pentium3 (the\n"
		"                        default), as QEMU names them; --cpu help lists them\n"
		"  --debugcon FILE|stdio debug console (ports 0x402, 0xE9) output (default stdio)\n"
		"  --postcode FILE|stdio log each POST code written to port 0x80\n"
		"  --vga-rom FILE|none   VGA BIOS at 0xC0000 and as fw_cfg vgaroms/vgabios.bin\n"
		"                        (default: %s)\n"
		"  --screen-dump FILE|stdio\n"
		"                        at exit, write the VGA text screen as plain text\n"
		"  --serial FILE|stdio   COM1 (0x3F8) output\n"
		"  --serial-input FILE[,after=TEXT]\n"
		"                        COM1's input: FILE's bytes, one a character time\n"
		"                        after the guest read the last, from when COM1's\n"
		"                        output has contained TEXT (a prompt)\n"
		"  --hda IMG             primary master IDE disk image (raw)\n"
		"  --kernel FILE         boot this Linux bzImage as QEMU's -kernel does\n"
		"                        (fw_cfg and its option ROM linuxboot_dma.bin)\n"
		"  --initrd FILE         the kernel's initial RAM disk\n"
		"  --append LINE         the kernel's command line\n"
		"  --fw-cfg name=NAME,file=FILE | name=NAME,string=STR\n"
		"                        offer a file through fw_cfg (repeatable)\n"
		"  --trace FILE          record every instruction, write, port access and\n"
		"                        event (docs/TRACE-FORMAT.md; read with smmbox-trace)\n"
		"  --debug               the command-line debugger on standard input (help\n"
		"                        lists its commands)\n"
		"  --debug-script FILE   the debugger, with commands from FILE, echoed\n"
		UI_HELP
		"  --gdb PORT            serve gdb's remote protocol on TCP PORT (0: any free\n"
		"                        port; printed on stderr) and run as gdb says\n"
		"  --gdb-listen ADDR     the address --gdb listens on (default 127.0.0.1)\n"
		"%s"
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
		"or a finding of --fuzz-input or --fuzz-replay,\n"
		"4 --max-insns reached, 5 halted with interrupts enabled and nothing\n"
		"to wake it.\n", vga_rom ? vga_rom : "none", usage_smm);
}

/* --cpu help: the models, one a line. */
static void list_cpu_models(void)
{
	for (const struct cpu_model *m = cpu_models; m->name; m++)
		printf("%-9s %s%s\n", m->name, m->description,
		       m == cpu_model_default() ? " (the default)" : "");
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

/* START-END (hexadecimal, physical, inclusive) into ranges[*n], *n below
 * max. */
static bool parse_range(const char *text, struct smm_check_range *ranges, unsigned *n,
			unsigned max)
{
	char *end;
	unsigned long lo = strtoul(text, &end, 16), hi;
	if (end == text || *end != '-' || *n == max)
		return false;
	const char *second = end + 1;
	hi = strtoul(second, &end, 16);
	if (end == second || *end || lo > hi || hi > 0xFFFFFFFFul)
		return false;
	ranges[*n].lo = (uint32_t)lo;
	ranges[(*n)++].hi = (uint32_t)hi;
	return true;
}

enum option_code {
	O_BIOS = 256, O_DEBUGCON, O_POSTCODE, O_MAX_INSNS, O_STATS, O_DISPLAY,
	O_RTC_BASE, O_REBOOT, O_VGA_ROM, O_SCREEN_DUMP, O_SERIAL, O_HDA, O_TRACE, O_DEBUG,
	O_DEBUG_SCRIPT, O_GDB, O_GDB_LISTEN, O_SMM_CHECK, O_SMM_ALLOW, O_SMM_BUFFER, O_SMM_REPORT,
	O_UI, O_UI_SCRIPT, O_FUZZ_AT, O_FUZZ_LAYOUT, O_FUZZ_INPUT, O_FUZZ_REPLAY, O_FUZZ_TRIAGE,
	O_FUZZ_COVERAGE, O_FUZZ_BUDGET, O_FUZZ_IGNORE, O_FUZZ_MODE, O_CPU, O_KERNEL, O_INITRD,
	O_APPEND, O_FW_CFG, O_MACHINE, O_PFLASH, O_SERIAL_INPUT
};

static const struct option longopts[] = {
	{ "bios", required_argument, NULL, O_BIOS },
	{ "debugcon", required_argument, NULL, O_DEBUGCON },
	{ "postcode", required_argument, NULL, O_POSTCODE },
	{ "serial", required_argument, NULL, O_SERIAL },
	{ "hda", required_argument, NULL, O_HDA },
	{ "kernel", required_argument, NULL, O_KERNEL },
	{ "initrd", required_argument, NULL, O_INITRD },
	{ "append", required_argument, NULL, O_APPEND },
	{ "fw-cfg", required_argument, NULL, O_FW_CFG },
	{ "trace", required_argument, NULL, O_TRACE },
	{ "debug", no_argument, NULL, O_DEBUG },
	{ "debug-script", required_argument, NULL, O_DEBUG_SCRIPT },
	{ "ui", no_argument, NULL, O_UI },
	{ "ui-script", required_argument, NULL, O_UI_SCRIPT },
	{ "gdb", required_argument, NULL, O_GDB },
	{ "gdb-listen", required_argument, NULL, O_GDB_LISTEN },
	{ "smm-check", optional_argument, NULL, O_SMM_CHECK },
	{ "smm-allow", required_argument, NULL, O_SMM_ALLOW },
	{ "smm-buffer", required_argument, NULL, O_SMM_BUFFER },
	{ "smm-report", required_argument, NULL, O_SMM_REPORT },
	{ "max-insns", required_argument, NULL, O_MAX_INSNS },
	{ "stats", no_argument, NULL, O_STATS },
	{ "display", required_argument, NULL, O_DISPLAY },
	{ "rtc-base", required_argument, NULL, O_RTC_BASE },
	{ "reboot", no_argument, NULL, O_REBOOT },
	{ "vga-rom", required_argument, NULL, O_VGA_ROM },
	{ "screen-dump", required_argument, NULL, O_SCREEN_DUMP },
	{ "fuzz-at", required_argument, NULL, O_FUZZ_AT },
	{ "fuzz-layout", required_argument, NULL, O_FUZZ_LAYOUT },
	{ "fuzz-input", required_argument, NULL, O_FUZZ_INPUT },
	{ "fuzz-replay", required_argument, NULL, O_FUZZ_REPLAY },
	{ "fuzz-triage", required_argument, NULL, O_FUZZ_TRIAGE },
	{ "fuzz-coverage", required_argument, NULL, O_FUZZ_COVERAGE },
	{ "fuzz-budget", required_argument, NULL, O_FUZZ_BUDGET },
	{ "fuzz-ignore", required_argument, NULL, O_FUZZ_IGNORE },
	{ "fuzz-mode", required_argument, NULL, O_FUZZ_MODE },
	{ "cpu", required_argument, NULL, O_CPU },
	{ "machine", required_argument, NULL, O_MACHINE },
	{ "pflash", required_argument, NULL, O_PFLASH },
	{ "serial-input", required_argument, NULL, O_SERIAL_INPUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* --pflash's argument, FILE or FILE,readonly, into o->pflash; ARG is cut
 * in place.  False when malformed or one too many. */
static bool parse_pflash(char *arg, struct options *o)
{
	if (o->npflash == BOARD_MAX_PFLASH || !*arg)
		return false;
	char *comma = strrchr(arg, ',');
	bool readonly = comma && strcmp(comma, ",readonly") == 0;
	if (readonly)
		*comma = '\0';
	else if (comma)
		return false;
	o->pflash[o->npflash++] = (struct board_pflash){ arg, readonly };
	return true;
}

/* --fw-cfg's argument, name=NAME,file=FILE or name=NAME,string=STR (the
 * string runs to the end, commas and all), into o->fw_cfg; ARG is cut
 * into its pieces in place.  False when malformed or one too many. */
static bool parse_fw_cfg(char *arg, struct options *o)
{
	if (o->n_fw_cfg == OPTIONS_MAX_FW_CFG || strncmp(arg, "name=", 5) != 0)
		return false;
	char *name = arg + 5, *comma = strchr(name, ',');
	if (!comma || comma == name)
		return false;
	struct board_fw_cfg_file *file = &o->fw_cfg[o->n_fw_cfg];
	if (strncmp(comma + 1, "file=", 5) == 0 && comma[6] && !strchr(comma + 6, ','))
		*file = (struct board_fw_cfg_file){ .name = name, .path = comma + 6 };
	else if (strncmp(comma + 1, "string=", 7) == 0)
		*file = (struct board_fw_cfg_file){ .name = name, .string = comma + 8 };
	else
		return false;
	*comma = 0;
	o->n_fw_cfg++;
	return true;
}

/* An option that takes a number or a date: into o, or the status of a
 * one-line error.  -1 when c is not one of them. */
static int parse_value_option(int c, const char *arg, struct options *o)
{
	uint64_t v;
	switch (c) {
	case 'm':
		if (!parse_u64(arg, &v) || v < 1 || v > 3072)
			return bad_usage("-m %s: memory must be 1 to 3072 MiB", arg);
		o->ram_mb = (unsigned)v;
		return 0;
	case O_MAX_INSNS:
		if (!parse_u64(arg, &v) || v == 0)
			return bad_usage("--max-insns %s: expected a positive count", arg);
		o->max_insns = v;
		return 0;
	case O_GDB:
		if (!parse_u64(arg, &v) || v > 65535)
			return bad_usage("--gdb %s: expected a TCP port, 0 to 65535", arg);
		o->gdb_port = (int)v;
		return 0;
	case O_RTC_BASE:
		if (!rtc_parse_base(arg, &o->rtc_base))
			return bad_usage("--rtc-base %s: expected YYYY-MM-DD[THH:MM:SS]", arg);
		return 0;
	case O_SMM_ALLOW:
		if (!parse_range(arg, o->smm_check.allow, &o->smm_check.nallow, SMM_CHECK_MAX_ALLOW))
			return bad_usage("--smm-allow %s: expected START-END (hex), at most 16", arg);
		return 0;
	case O_SMM_BUFFER:
		if (!strcmp(arg, "edk2"))
			o->smm_check.edk2 = true;
		else if (!parse_range(arg, o->smm_check.buffer, &o->smm_check.nbuffers,
				      SMM_CHECK_MAX_BUFFERS))
			return bad_usage("--smm-buffer %s: expected START-END (hex), at most 16, "
					 "or edk2", arg);
		return 0;
	case O_PFLASH:
		if (!parse_pflash((char *)arg, o))
			return bad_usage("--pflash %s: expected FILE or FILE,readonly, at most twice",
					 arg);
		return 0;
	case O_FW_CFG:
		if (!parse_fw_cfg((char *)arg, o))
			return bad_usage("--fw-cfg %s: expected name=NAME,file=FILE or "
					 "name=NAME,string=STR, at most 16 times", arg);
		return 0;
	case O_FUZZ_BUDGET:
		if (!parse_u64(arg, &v) || v == 0)
			return bad_usage("--fuzz-budget %s: expected a positive count", arg);
		o->fuzz_budget = v;
		return 0;
	case O_FUZZ_IGNORE: {
		char why[160];
		if (!fuzz_finding_parse(arg, &o->fuzz_ignore, why, sizeof(why)))
			return bad_usage("--fuzz-ignore: %s", why);
		return 0;
	}
	}
	return -1;
}

/* An option that picks one of a few words: into o, or the status of a
 * one-line error.  -1 when c is not one of them. */
static int parse_choice_option(int c, const char *arg, const char *spelled, struct options *o)
{
	switch (c) {
	case O_SMM_CHECK:
		o->smm_checks = true;
		if (arg && strcmp(arg, "strict") == 0)
			o->smm_check.strict = true;
		else if (arg && strcmp(arg, "warn") != 0)
			return bad_usage("--smm-check=%s: expected warn or strict", arg);
		return 0;
	case O_CPU:
		o->cpu_model = cpu_model_find(arg);
		if (!o->cpu_model)
			return bad_usage("--cpu %s: no such model (--cpu help lists them)", arg);
		return 0;
	case O_MACHINE:
		if (strcmp(arg, "pc") != 0 && strcmp(arg, "q35") != 0)
			return bad_usage("--machine %s: expected pc or q35", arg);
		o->chipset = strcmp(arg, "q35") == 0 ? BOARD_Q35 : BOARD_PC;
		return 0;
	case O_FUZZ_MODE:
		if (strcmp(arg, "fork") != 0 && strcmp(arg, "persistent") != 0)
			return bad_usage("--fuzz-mode %s: expected fork or persistent", arg);
		o->fuzz_fork = strcmp(arg, "fork") == 0;
		return 0;
	case O_DISPLAY:
		if (strcmp(arg, "sdl") == 0) {
#ifdef HAVE_SDL2
			o->sdl = true;
#else
			return bad_usage("--display %s: this smmbox was built without SDL2", arg);
#endif
		} else if (strcmp(arg, "none") != 0) {
			return bad_usage("--display %s: expected none or sdl", arg);
		}
		return 0;
	case O_UI:
	case O_UI_SCRIPT:
#ifdef HAVE_UI
		o->ui = true;
		if (c == O_UI_SCRIPT)
			o->ui_script = arg;
		return 0;
#else
		return bad_usage("%s: this smmbox was built without the debugger window "
				 "(SDL2, SDL2_ttf and fontconfig)", spelled);
#endif
	}
	(void)spelled;
	return -1;
}

/* An option that names a file or sets a switch: into o.  False when c is
 * not one of them. */
static bool parse_plain_option(int c, const char *arg, struct options *o)
{
	switch (c) {
	case O_BIOS: o->bios = arg; return true;
	case O_DEBUGCON: o->debugcon = arg; return true;
	case O_POSTCODE: o->postcode = arg; return true;
	case O_SERIAL: o->serial = arg; return true;
	case O_SERIAL_INPUT: {
		/* FILE or FILE,after=TEXT: the text runs to the end. */
		char *after = strstr(arg, ",after=");
		if (after) {
			*after = '\0';
			o->serial_input_after = after + 7;
		}
		o->serial_input = arg;
		return true;
	}
	case O_HDA: o->hda = arg; return true;
	case O_KERNEL: o->kernel = arg; return true;
	case O_INITRD: o->initrd = arg; return true;
	case O_APPEND: o->append = arg; return true;
	case O_TRACE: o->trace = arg; return true;
	case O_DEBUG: o->debug = true; return true;
	case O_DEBUG_SCRIPT: o->debug = true; o->debug_script = arg; return true;
	case O_GDB_LISTEN: o->gdb_listen = arg; return true;
	case O_SMM_REPORT: o->smm_report = arg; return true;
	case O_STATS: o->stats = true; return true;
	case O_REBOOT: o->reboot = true; return true;
	case O_VGA_ROM: o->vga_rom = strcmp(arg, "none") == 0 ? NULL : arg; return true;
	case O_SCREEN_DUMP: o->screen_dump = arg; return true;
	case O_FUZZ_AT: o->fuzz_at = arg; return true;
	case O_FUZZ_LAYOUT: o->fuzz_layout = arg; return true;
	case O_FUZZ_INPUT: o->fuzz_input = arg; return true;
	case O_FUZZ_REPLAY: o->fuzz_replay = arg; return true;
	case O_FUZZ_TRIAGE: o->fuzz_triage = arg; return true;
	case O_FUZZ_COVERAGE: o->fuzz_coverage = arg; return true;
	}
	return false;
}

/* The fuzzing options together: one thing to do, a debugger only to
 * replay, no trace.  -1 to go on, else an exit status. */
static int check_fuzzing(struct options *o)
{
	const char *doing[] = { o->fuzz_input, o->fuzz_replay, o->fuzz_triage, o->fuzz_coverage };
	unsigned n = 0;
	for (size_t k = 0; k < sizeof(doing) / sizeof(doing[0]); k++)
		n += doing[k] != NULL;
	o->fuzzing = n > 0;
	if (n > 1)
		return bad_usage("--fuzz-input, --fuzz-replay, --fuzz-triage and --fuzz-coverage: "
				 "one at a time%s", "");
	bool tuned = o->fuzz_at || o->fuzz_layout || o->fuzz_budget != FUZZ_DEFAULT_BUDGET ||
		     o->fuzz_ignore;
	if (!n && tuned)
		return bad_usage("the --fuzz- options need --fuzz-input, --fuzz-replay, --fuzz-triage "
				 "or --fuzz-coverage%s", "");
	bool session = o->debug || o->gdb_port >= 0 || o->ui;
	if (n && session && !o->fuzz_replay)
		return bad_usage("--debug, --ui and --gdb fuzz nothing: use them with --fuzz-replay%s", "");
	if (n && (o->trace || o->sdl))
		return bad_usage("%s: not while fuzzing", o->trace ? "--trace" : "--display sdl");
	return -1;
}

/* What the options say together: implied options, and the ones that
 * exclude each other.  -1 to go on, else an exit status. */
static int check_together(struct options *o)
{
	bool implied = o->smm_check.nallow || o->smm_check.nbuffers || o->smm_check.edk2 ||
		       o->smm_report;
	if (implied && !o->smm_checks)
		o->smm_checks = true; /* --smm-allow, --smm-buffer, --smm-report: --smm-check=warn */
	if (o->debug && o->gdb_port >= 0)
		return bad_usage("--gdb %s: not together with --debug", "PORT");
	if (o->ui && (o->debug || o->gdb_port >= 0 || o->sdl))
		return bad_usage("--ui: not together with --debug, --gdb or --display sdl%s", "");
	if ((o->initrd || o->append) && !o->kernel)
		return bad_usage("%s: only with --kernel", o->initrd ? "--initrd" : "--append");
	if (!o->bios && !o->npflash)
		o->bios = default_bios();
	return check_fuzzing(o);
}

int parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .ram_mb = 32, .debugcon = "stdio", .rtc_base = DEFAULT_RTC_BASE,
			       .vga_rom = default_vga_rom(), .gdb_listen = "127.0.0.1", .gdb_port = -1,
			       .fuzz_budget = FUZZ_DEFAULT_BUDGET, .cpu_model = cpu_model_default() };
	opterr = 0;
	int c, status;
	while ((c = getopt_long(argc, argv, ":m:hV", longopts, NULL)) != -1) {
		if (c == O_CPU && strcmp(optarg, "help") == 0) {
			list_cpu_models();
			return 0;
		}
		if (parse_plain_option(c, optarg, o))
			continue;
		if ((status = parse_value_option(c, optarg, o)) > 0)
			return status;
		if (status == 0)
			continue;
		if ((status = parse_choice_option(c, optarg, argv[optind - 1], o)) > 0)
			return status;
		if (status == 0)
			continue;
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'V': printf("smmbox %s\n", PACKAGE_VERSION); return 0;
		case ':': return bad_usage("option %s needs an argument", argv[optind - 1]);
		default: return bad_usage("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument %s", argv[optind]);
	return check_together(o);
}
