/* The guest's start for fuzz-guest: an input's header says in which mode
 * and with what the CPU starts, and its code runs there.  The setup
 * builds what each mode needs in guest RAM (the real-mode vectors; a GDT
 * with code, data, system descriptors and gates, an LDT, three TSSes, an
 * IDT; page tables), puts the CPU in the mode as if it had got there
 * itself, and, if asked, programs the PIC and PIT so that IRQ0 comes, and
 * raises an SMI before the first instruction (SMBASE in ordinary RAM, or
 * in the i440FX's SMRAM).  Every interrupt and exception goes to the code
 * again (at CPL 0 in protected mode), and so does an SMI's handler: the
 * same bytes run in the mode asked for, its handlers and SMM.
 *
 * Guest physical memory (the board's first MiBs):
 *   0x00000 real-mode vectors      0x01000 GDT         0x01800 LDT
 *   0x02000 TSS (I/O bitmap: ports 0-0x3FF open)      0x02200 task-gate TSS
 *   0x02300 16-bit TSS             0x03000 IDT
 *   0x05F00 task's stack top       0x07F00 CPL 3 stack top
 *   0x09F00 CPL 0 stack top        0x10000 the code
 *   0x20000 page directory         0x21000 page table (the first 4 MiB)
 *   0x38000 the code again (SMBASE 0x30000's handler); 0xA8000 in SMRAM */
#ifndef SMMBOX_TESTS_FUZZERS_GUEST_SETUP_H
#define SMMBOX_TESTS_FUZZERS_GUEST_SETUP_H

#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

enum guest_mode {
	GUEST_REAL,
	GUEST_PM16_CPL0,
	GUEST_PM32_CPL0,
	GUEST_PM16_CPL3,
	GUEST_PM32_CPL3,
	GUEST_V86,
	GUEST_PAGED_CPL0,
	GUEST_PAGED_CPL3,
	GUEST_PAGED_V86,
	GUEST_MODES
};

/* The header's first flags byte. */
#define GUEST_SMI       0x01  /* an SMI before the first instruction */
#define GUEST_SMRAM     0x02  /* ... with SMBASE 0xA0000 in the i440FX's SMRAM */
#define GUEST_WP        0x04  /* CR0.WP */
#define GUEST_PSE       0x08  /* CR4.PSE: one 4 MiB page maps the first 4 MiB */
#define GUEST_PGE       0x10  /* CR4.PGE, the pages global */
#define GUEST_TF        0x20  /* EFLAGS.TF */
#define GUEST_IRQ       0x40  /* EFLAGS.IF, the PIC and PIT set going */
#define GUEST_LISTEN    0x80  /* a listener on the CPU (fuzz-guest's choice) */
/* The second. */
#define GUEST_IOPL      0x03  /* EFLAGS.IOPL */
#define GUEST_EM        0x04  /* CR0.EM */
#define GUEST_TS        0x08  /* CR0.TS */
#define GUEST_AC        0x10  /* CR0.AM and EFLAGS.AC */
#define GUEST_DR        0x20  /* DR0-DR3 in the code, DR7 from the header */
#define GUEST_TSD       0x40  /* CR4.TSD */
#define GUEST_VME       0x80  /* CR4.VME and PVI (which smmbox does not model) */
/* The third. */
#define GUEST_A20       0x01  /* A20M# asserted */

/* Descriptors taken from the input as they are: GDT selectors 0x88, 0x90,
 * 0x98 and 0xA0, and LDT selectors 0x24, 0x2C, 0x34 and 0x3C. */
#define GUEST_RAW_DESCRIPTORS 4

#define GUEST_CODE_MAX 0x8000

/* An input's header, then its code. */
#define GUEST_HEADER (8 + 8 * GUEST_RAW_DESCRIPTORS)
struct guest_start {
	unsigned mode;           /* enum guest_mode */
	uint8_t flags[3];        /* GUEST_SMI ..., GUEST_IOPL ..., GUEST_A20 */
	uint8_t dr7[3];          /* DR7 bits 0-7, 16-23 and 24-31 */
	uint8_t pit_count;       /* GUEST_IRQ: the PIT's period in its ticks, less one */
	uint8_t raw[8 * GUEST_RAW_DESCRIPTORS];
	const uint8_t *code;
	size_t code_len;         /* at most GUEST_CODE_MAX */
};

/* The input's bytes as a start: a short header is taken as zeros. */
void guest_parse(const uint8_t *data, size_t size, struct guest_start *s);

/* m (at power-on) set up to run s from its next instruction. */
void guest_setup(struct machine *m, const struct guest_start *s);

#endif
