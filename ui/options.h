/* smmbox's command-line options: what they are, their defaults and their
 * parsing (smmbox.1 documents them). */
#ifndef SMMBOX_UI_OPTIONS_H
#define SMMBOX_UI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/board.h"
#include "debug/smm_check.h"

struct cpu_model;

#define OPTIONS_MAX_FW_CFG 16   /* --fw-cfg given at most this often */
/* The option ROM that boots --kernel under SeaBIOS (QEMU's). */
#define OPTIONS_LINUXBOOT_ROM "/usr/share/qemu/linuxboot_dma.bin"

/* Exit statuses (documented in smmbox.1). */
enum {
	EXIT_GUEST_HALT = 0,
	EXIT_USAGE = 1,
	EXIT_SHUTDOWN = 3,
	EXIT_BUDGET = 4,
	EXIT_IDLE = 5,
};
/* A guest reset ends the run with status 0 unless --reboot. */

/* What the command line asked for; parse_options() fills every field. */
struct options {
	const char *bios;          /* NULL with pflash */
	struct board_pflash pflash[BOARD_MAX_PFLASH];
	unsigned npflash;
	enum board_chipset chipset;         /* --machine */
	const struct cpu_model *cpu_model;  /* cpu/model.h */
	unsigned ram_mb;
	const char *debugcon;
	const char *postcode;
	const char *vga_rom;      /* NULL: none */
	const char *screen_dump;
	const char *serial;
	const char *serial_input, *serial_input_after;  /* NULL: none */
	const char *hda;
	const char *kernel;        /* a bzImage booted through fw_cfg, or NULL */
	const char *initrd;        /* with kernel only */
	const char *append;        /* the kernel's command line, with kernel only */
	struct board_fw_cfg_file fw_cfg[OPTIONS_MAX_FW_CFG];  /* --fw-cfg, in order */
	unsigned n_fw_cfg;
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
	/* SMI fuzzing (docs/FUZZING.md): one of input, replay, triage and
	 * coverage says what to do (fuzzing is set with it). */
	bool fuzzing;
	const char *fuzz_at;       /* the fuzz point: `insn N`, or what follows `break` */
	const char *fuzz_layout;
	const char *fuzz_input;    /* serve afl-fuzz (or run this input once) */
	const char *fuzz_replay;   /* run this input and report */
	const char *fuzz_triage;   /* a folder of inputs, grouped by finding */
	const char *fuzz_coverage; /* a folder of inputs, the SMM blocks they reach */
	uint64_t fuzz_budget;      /* instructions an execution may run */
	unsigned fuzz_ignore;      /* FUZZ_* kinds that are not findings */
	bool fuzz_fork;            /* a fork per execution, not persistent */
};

/* argv into o, with the defaults for what it does not say.  Returns -1 to
 * go on, else the status to exit with: 0 after --help or --version, or
 * EXIT_USAGE after a one-line error on stderr. */
int parse_options(int argc, char **argv, struct options *o);

#endif
