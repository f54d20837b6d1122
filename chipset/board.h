/* The board: memory, firmware ROM and the devices on the bus, wired to
 * the CPU only through lines the caller connects (no chipset code knows
 * the CPU).  Two chipsets, as QEMU's two PC machines have them:
 *  - pc: an i440FX host bridge with its SMRAM and PAM routing, the PIIX3
 *    ISA bridge, the PIIX4 power-management function with the APM ports,
 *    and a PIIX IDE controller;
 *  - q35: a Q35 MCH with TSEG and PCI Express configuration space and an
 *    ICH9 LPC bridge with its PM I/O space and APM ports (no disk
 *    controller: the ICH9's AHCI is not modelled);
 * and on both the PC platform devices, the APICs, fw_cfg, the VGA adapter
 * with its BIOS, COM1, the debug console and the POST-code port. */
#ifndef SMMBOX_CHIPSET_BOARD_H
#define SMMBOX_CHIPSET_BOARD_H

#include <stdint.h>
#include <stdio.h>

#include "chipset/debugcon.h"
#include "chipset/fpu_error.h"
#include "chipset/fw_cfg.h"
#include "chipset/apic_inspect.h"
#include "chipset/i440fx.h"
#include "chipset/ich9_lpc.h"
#include "chipset/ide.h"
#include "chipset/ioapic.h"
#include "chipset/irq_route.h"
#include "chipset/kbc.h"
#include "chipset/lapic.h"
#include "chipset/pci.h"
#include "chipset/pflash.h"
#include "chipset/pic.h"
#include "chipset/piix4_pm.h"
#include "chipset/pit.h"
#include "chipset/postcode.h"
#include "chipset/q35_mch.h"
#include "chipset/rtc.h"
#include "chipset/smram_inspect.h"
#include "chipset/timer.h"
#include "chipset/uart.h"
#include "chipset/vga.h"
#include "chipset/vga_rom.h"
#include "mem/bus.h"
#include "mem/line.h"

#define BOARD_MAX_BIOS (16u << 20)
#define BOARD_BIOS_ALIGN (64u << 10)
#define BOARD_LOW_ALIAS (128u << 10)  /* the BIOS's tail mapped below 1 MiB */
#define BOARD_ISA_IRQS 16

/* A file the user adds to fw_cfg (QEMU's -fw_cfg): the bytes of the host
 * file PATH, or with PATH NULL those of STRING (without its NUL). */
struct board_fw_cfg_file {
	const char *name;
	const char *path;
	const char *string;
};

enum board_chipset { BOARD_PC, BOARD_Q35 };

/* A flash device (QEMU's -drive if=pflash): an image file, written back
 * unless readonly. */
struct board_pflash {
	const char *path;
	bool readonly;
};
#define BOARD_MAX_PFLASH 2
#define BOARD_PFLASH_LIMIT (8u << 20)   /* the flashes' bytes together: QEMU's */

struct board_config {
	enum board_chipset chipset;
	/* The firmware: a BIOS ROM image, or the flashes (flash 0 holds the
	 * firmware and ends at 4 GiB, flash 1 below it), not both. */
	const char *bios_path;
	const struct board_pflash *pflash;
	unsigned npflash;
	const char *vga_rom_path; /* NULL: no VGA BIOS */
	unsigned ram_mb;
	int64_t rtc_base;   /* seconds since 1970 at guest time 0 */
	FILE *debugcon;   /* NULL: output dropped */
	FILE *postcode;   /* NULL: codes only kept for statistics */
	FILE *serial;     /* COM1 output; NULL: dropped */
	/* COM1's input script (uart.h): the bytes of this file, or none, held
	 * back until COM1's output has contained the text after (NULL: not). */
	const char *serial_input_path, *serial_input_after;
	const char *hda_path; /* primary master disk image, or NULL */
	bool local_apic;      /* the CPU has a local APIC (not a 486's) */
	/* A Linux bzImage booted as QEMU's -kernel does (chipset/linux_boot.h),
	 * or NULL; with it an initrd (or NULL), the command line (NULL: empty)
	 * and the option ROM that loads them, offered as
	 * "genroms/linuxboot_dma.bin". */
	const char *kernel_path, *initrd_path, *cmdline, *linuxboot_rom;
	const struct board_fw_cfg_file *fw_cfg_files;
	unsigned n_fw_cfg_files;
};

struct board {
	struct bus *bus;
	uint8_t *ram;
	uint32_t ram_size;
	int dram;             /* the RAM region all of guest memory lives in */
	uint8_t *bios;        /* the BIOS ROM; with flashes, flash 0's last 128 KiB */
	uint32_t bios_size;
	struct pflash flash[BOARD_MAX_PFLASH];
	unsigned nflash;
	struct timer_queue timers;
	uint64_t (*instructions)(void *opaque); /* the CPU's retired count */
	void *instructions_opaque;
	uint64_t idle_ns;     /* guest time skipped while the CPU waited */
	struct pci_bus pci;
	enum board_chipset chipset;
	/* pc: */
	struct i440fx host_bridge;
	struct pci_device isa_bridge;
	struct piix4_pm pm;
	/* q35: */
	struct q35_mch mch;
	struct ich9_lpc lpc;
	uint8_t reset_control;   /* port 0xCF9 */
	const struct line *reset_control_reset; /* pulsed by RCPU's 0-to-1 */
	/* ISA IRQ n, driven by the devices on it and received by the 8259
	 * pair's input n and the I/O APIC's pin (irq_route.h); PIRQA-D, the
	 * PCI interrupt lines, routed by the PIIX3. */
	struct line isa_irq[BOARD_ISA_IRQS];
	struct line pirq[IRQ_ROUTE_PIRQ];
	struct irq_route irq_route;
	struct ioapic ioapic;
	/* The CPU's local APIC, when it has one: the 8259's INTR goes to
	 * its LINT0 (lapic_lint0), it drives the CPU's lines. */
	bool has_local_apic;
	struct lapic lapic;
	struct line lapic_lint0;
	struct line lapic_perf;   /* the CPU's performance-monitoring interrupt */
	struct pic pic;
	struct pit pit;
	struct rtc rtc;
	struct kbc kbc;
	struct fw_cfg fw_cfg;
	struct vga vga;
	struct vga_rom vga_rom;   /* at 0xC0000 and fw_cfg "vgaroms/vgabios.bin" */
	struct uart com1;
	uint8_t *serial_input;    /* COM1's input script */
	struct ide ide;
	struct ide_disk hda;
	struct debugcon debugcon;
	struct postcode postcode;
	struct fpu_error fpu_error;   /* FERR# in, IRQ13 and IGNNE# out, port 0xF0 */
};

/* The lines from the board to the CPU and the machine.  A pulse on
 * either reset line asks for a machine reset; one on poweroff (the PM
 * function entering S5) asks for the machine to be switched off. */
struct board_lines {
	const struct line *intr, *smi, *a20m;
	/* What a local APIC drives besides INTR: NMI, an SMI message, INIT. */
	const struct line *nmi, *apic_smi, *init;
	const struct line *ignne;           /* the CPU's IGNNE#, after port 0xF0 */
	const struct line *reset;           /* the 8042's and port 0x92's */
	const struct line *reset_control;   /* the reset control register's (0xCF9) */
	const struct line *poweroff;        /* the PM function's soft off */
};

/* Connect the board's outputs, and the instruction count guest time is
 * made of (one instruction, one nanosecond). */
void board_connect(struct board *b, const struct board_lines *lines,
		   uint64_t (*instructions)(void *opaque), void *opaque);

/* What the host bridge's SMRAM and PAM registers mean now. */
void board_inspect_smram(const struct board *b, struct smram_info *info);

/* What the local APIC (when there is one) and the I/O APIC hold now. */
void board_inspect_apic(const struct board *b, struct apic_info *info);

/* The CPU's IA32_APIC_BASE was written (or reset) to msr: its local
 * APIC's page moves, or goes with the global enable (lapic_set_base());
 * nothing without a local APIC. */
void board_set_apic_base(struct board *b, uint64_t msr);

/* Guest time in nanoseconds. */
uint64_t board_now(const struct board *b);

/* Whether a device could still interrupt the CPU with the CPU doing
 * nothing: a timer of the 8254 (IRQ0), the RTC (IRQ8), the PM timer
 * (the SCI, IRQ9) or COM1's input (IRQ4) will raise its IRQ, and the
 * 8259s or the I/O APIC would pass that IRQ on; or the local APIC's timer
 * will interrupt.  The
 * other devices interrupt only after the CPU's own port accesses, or on
 * input from a front end (keys, the caller's to think
 * of), and the board's other lines to the CPU (SMI, the resets) follow
 * only the CPU's port writes: so a CPU waiting in HLT when this is false
 * waits for ever. */
bool board_can_interrupt(const struct board *b);

/* Reset every device to its power-on state (the CPU is the caller's). */
void board_reset(struct board *b);

/* Build the board.  On bad input (BIOS missing, unreadable, of the wrong
 * size; bad RAM size; a kernel, initrd or fw_cfg file refused: see
 * board_fw_cfg.h) prints one line on stderr and returns NULL. */
struct board *board_new(const struct board_config *cfg);
void board_free(struct board *b);

/* The whole board's state at one moment: RAM, every device, the bus's
 * routing; put back with board_restore() into the board it was taken
 * from (the devices' pointers stay valid: they point into that board).
 * Output sinks come back as they were; a disk image written since is not
 * put back.  NULL when out of memory. */
struct board_snapshot;
struct board_snapshot *board_snapshot(const struct board *b);
void board_restore(struct board *b, const struct board_snapshot *s);
void board_snapshot_free(struct board_snapshot *s);
size_t board_snapshot_bytes(const struct board_snapshot *s);

/* Going back to one snapshot again and again (the fuzzer), faster than
 * board_restore(): board_rewind_start() marks the moment snapshot s was
 * taken (call it right after board_snapshot()), from when the RAM pages
 * written are tracked; board_rewind() puts s back copying only those
 * pages, and the VGA's memory only when it changed, the devices and the
 * bus's routing always. */
void board_rewind_start(struct board *b);
void board_rewind(struct board *b, const struct board_snapshot *s);

/* Where the debug console, POST codes and COM1 write from now on (NULL:
 * dropped), as in struct board_config: a debugger running the guest
 * again up to where it was mutes them meanwhile. */
void board_set_outputs(struct board *b, FILE *debugcon, FILE *postcode, FILE *serial);

#endif
