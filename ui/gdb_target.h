/* What the gdb stub (gdb_stub.h) shows gdb as its target: the target
 * description gdb reads as target.xml, and the registers by the numbers
 * it gives them.  Numbers 0-15 are the i386 core's (eax ... edi, eip,
 * eflags, cs, ss, ds, es, fs, gs), eip being the linear program counter
 * CS.base+EIP; 16-31 the x87's, in the core feature as gdb has them
 * (i387-tdep.c): st0-st7 are ST(0)-ST(7), counted from TOP, not the
 * physical registers, 10 bytes each (significand, then sign and
 * exponent), then fctrl, fstat (TOP included), ftag (the full tag word,
 * two bits a physical register, as FSTENV stores it: gdb makes it from
 * FXSAVE's abridged one itself for native targets), fiseg (FCS), fioff
 * (FIP), foseg (FDS), fooff (FDP) and fop; 32-43 smmbox's own feature:
 * es_base ... gs_base, cr0, cr2, cr3, cr4, smm (1 in SMM) and smbase;
 * 44-52 the SSE feature's xmm0-xmm7 (16 bytes, the lowest first) and
 * mxcsr. */
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
	GDB_FIRST_SSE = 44, GDB_NUM_SSE = 9,  /* xmm0-xmm7 (16 bytes), mxcsr */
	GDB_NUM_REGS = GDB_FIRST_SSE + GDB_NUM_SSE,
	GDB_REG_MAX = 16,                     /* the most bytes a register has */
};

/* target.xml, gdb_target_xml_size bytes (and a NUL). */
extern const char gdb_target_xml[];
extern const size_t gdb_target_xml_size;

/* Register r's size in bytes (4, 10 or 16), for r below GDB_NUM_REGS. */
unsigned gdb_reg_size(unsigned r);
/* Register r (below GDB_NUM_REGS) as gdb's hex, least significant byte
 * first, NUL-terminated, into out (2 * GDB_REG_MAX + 1 bytes or more);
 * returns its size in bytes. */
unsigned gdb_reg_text(const struct cpu *cpu, unsigned r, char *out);
/* Set register r from its gdb_reg_size(r) bytes, least significant
 * first: the general registers, the program counter (EIP becomes the
 * value minus CS.base), EFLAGS, the x87's (ftag sets which physical
 * registers are empty: the other tags follow from their contents; fop
 * keeps 11 bits) and the SSE's; false for the others. */
bool gdb_reg_write(struct cpu *cpu, unsigned r, const uint8_t *bytes);

#endif
