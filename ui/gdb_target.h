/* What the gdb stub (gdb_stub.h) shows gdb as its target: the target
 * description gdb reads as target.xml, and the registers by the numbers
 * it gives them.  Numbers 0-15 are the i386 core's (eax ... edi, eip,
 * eflags, cs, ss, ds, es, fs, gs), eip being the linear program counter
 * CS.base+EIP; 16-31 the x87's, which the CPU does not have (reported
 * unavailable); 32-43 smmbox's own feature: es_base ... gs_base, cr0,
 * cr2, cr3, cr4, smm (1 in SMM) and smbase. */
#ifndef SMMBOX_UI_GDB_TARGET_H
#define SMMBOX_UI_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

enum {
	GDB_NUM_CORE = 16,                    /* the i386 core's registers, 32 bits each */
	GDB_FIRST_X87 = 16, GDB_NUM_X87 = 16, /* st0-st7 (10 bytes), then 8 control words */
	GDB_FIRST_SYS = 32,                   /* es_base..gs_base, cr0, cr2, cr3, cr4, smm, smbase */
	GDB_NUM_SYS = 12,
	GDB_NUM_REGS = GDB_FIRST_SYS + GDB_NUM_SYS,
};

/* target.xml, gdb_target_xml_size bytes (and a NUL). */
extern const char gdb_target_xml[];
extern const size_t gdb_target_xml_size;

/* Register r (below GDB_NUM_REGS) as gdb's hex, least significant byte
 * first, NUL-terminated, into out (21 bytes or more); returns its size in
 * bytes.  The x87 registers read as unavailable ('x's). */
unsigned gdb_reg_text(const struct cpu *cpu, unsigned r, char *out);
/* Set register r to v: the general registers, the program counter (EIP
 * becomes v minus CS.base) and EFLAGS; false for the others. */
bool gdb_reg_write(struct cpu *cpu, unsigned r, uint32_t v);

#endif
