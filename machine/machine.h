/* The machine: a board and a CPU wired together, and the run loop that
 * interleaves the CPU with the devices' timers in guest time.  Everything
 * that runs a guest (the command line, the debugger engine and through it
 * the command-line debugger, the gdb stub and the window) goes through
 * here. */
#ifndef SMMBOX_MACHINE_MACHINE_H
#define SMMBOX_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "chipset/board.h"
#include "cpu/cpu.h"

struct machine {
	struct board *board;
	struct cpu *cpu;
	struct line reset_line;
	bool reset_pending;
	struct line poweroff_line;
	bool poweroff_pending;  /* the guest switched the machine off (S5) */
	bool no_reboot;        /* a guest reset ends the run (QEMU's -no-reboot) */
	uint64_t resets;
	/* A front end (the SDL window) polled between slices of the run; it
	 * returns false to end the run (MACHINE_REQUEST).  With it, guest time
	 * is paced to the wall clock, so that waits the guest times (a boot
	 * menu prompt) last as long for the person watching. */
	bool (*poll)(void *opaque);
	void *poll_opaque;
	double wall_start;
};

/* Why machine_run() returned. */
enum machine_exit {
	MACHINE_HALT,      /* cli; hlt */
	MACHINE_IDLE,      /* hlt with interrupts on, and no device will ever interrupt */
	MACHINE_SHUTDOWN,  /* triple fault or an invalid RSM state */
	MACHINE_BUDGET,    /* max_insns reached */
	MACHINE_RESET,     /* the guest reset the machine, with no_reboot */
	MACHINE_REQUEST,   /* cpu_request_exit() from the host */
	MACHINE_POWEROFF,  /* the guest switched the machine off (ACPI S5) */
};

const char *machine_exit_name(enum machine_exit why);

/* NULL (with one line on stderr) when the board cannot be built. */
struct machine *machine_new(const struct board_config *cfg);
void machine_free(struct machine *m);

/* The whole machine at one moment (board, CPU, a pending reset), to go
 * back to with machine_restore(): the run from there is the run that
 * followed the snapshot.  NULL when out of memory. */
struct machine_snapshot;
struct machine_snapshot *machine_snapshot(const struct machine *m);
void machine_restore(struct machine *m, const struct machine_snapshot *s);
void machine_snapshot_free(struct machine_snapshot *s);
size_t machine_snapshot_bytes(const struct machine_snapshot *s);

/* Going back to snapshot s again and again (the fuzzer): after
 * machine_rewind_start(), called right after s was taken,
 * machine_rewind() puts s back at the cost of what changed since (the
 * RAM pages written, the devices), keeping the CPU's decoded blocks. */
void machine_rewind_start(struct machine *m);
void machine_rewind(struct machine *m, const struct machine_snapshot *s);

/* Run until the guest stops or, with max_insns non-zero, until that many
 * instructions retired in all. */
enum machine_exit machine_run(struct machine *m, uint64_t max_insns);

#endif
