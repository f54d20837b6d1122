/* System Management Mode: SMI entry and RSM (SDM Vol.3C ch.34), with the
 * Intel 32-bit state-save map at SMBASE+0xFE00..0xFFFF.
 *
 * Offsets below are from SMBASE+0x8000, as the SDM's Table 34-1 gives
 * them.  The SDM leaves the descriptor caches' places reserved; they are
 * stored as attribute/limit/base triplets where QEMU, Bochs and KVM put
 * them, except SS's, which those emulators place over the I/O State and
 * I/O Memory Address fields (0x7FA4, 0x7FA0) that the SDM defines: here
 * SS's triplet sits in reserved space at 0x7F1C. */
#ifndef SMMBOX_CPU_SMM_H
#define SMMBOX_CPU_SMM_H

#include <stdint.h>

#include "cpu/cpu.h"

struct insn;

#define SMM_DEFAULT_SMBASE 0x30000u
#define SMM_ENTRY_EIP      0x8000u
#define SMM_MAP_START      0xFE00u   /* from SMBASE */

/* Revision ID: map format 0 (P6 32-bit), bit 16 I/O instruction restart,
 * bit 17 SMBASE relocation (SDM §34.9). */
#define SMM_REVISION       0x00030000u
#define SMM_REV_IO_RESTART (1u << 16)
#define SMM_REV_RELOCATION (1u << 17)

enum smm_map_offset {
	SMM_CR0 = 0x7FFC, SMM_CR3 = 0x7FF8, SMM_EFLAGS = 0x7FF4, SMM_EIP = 0x7FF0,
	SMM_GPR = 0x7FD0,      /* EAX..EDI, 4 bytes apart */
	SMM_DR6 = 0x7FCC, SMM_DR7 = 0x7FC8,
	SMM_TR_SEL = 0x7FC4, SMM_LDTR_SEL = 0x7FC0,
	SMM_SEL = 0x7FA8,      /* ES CS SS DS FS GS, 4 bytes apart */
	SMM_IO_STATE = 0x7FA4, SMM_IO_MEM_ADDR = 0x7FA0,
	SMM_ES_CACHE = 0x7F84, SMM_CS_CACHE = 0x7F90, SMM_SS_CACHE = 0x7F1C,
	SMM_DS_CACHE = 0x7F2C, SMM_FS_CACHE = 0x7F38, SMM_GS_CACHE = 0x7F44,
	SMM_LDTR_CACHE = 0x7F78, SMM_TR_CACHE = 0x7F5C,
	SMM_GDTR_LIMIT = 0x7F70, SMM_GDTR_BASE = 0x7F74,
	SMM_IDTR_LIMIT = 0x7F54, SMM_IDTR_BASE = 0x7F58,
	SMM_CR4 = 0x7F14,
	SMM_IO_RESTART = 0x7F00, SMM_AUTO_HALT = 0x7F02,
	SMM_REVISION_ID = 0x7EFC, SMM_SMBASE = 0x7EF8,
};

/* I/O State field (SDM §34.7.1, Table 34-5): IO_SMI, length, type, port. */
#define SMM_IO_SMI 1u
enum smm_io_type {
	SMM_IO_OUT_DX = 0x0, SMM_IO_IN_DX = 0x1, SMM_IO_OUTS = 0x2, SMM_IO_INS = 0x3,
	SMM_IO_REP_OUTS = 0x6, SMM_IO_REP_INS = 0x7, SMM_IO_OUT_IMM = 0x8,
	SMM_IO_IN_IMM = 0x9,
};

/* The last I/O instruction, for IO_SMI and I/O instruction restart. */
struct smm_io_record {
	uint64_t icount;   /* cpu->icount once it retired */
	uint32_t eip;      /* its first byte */
	uint32_t mem_addr; /* INS/OUTS memory operand (linear) */
	uint16_t port;
	uint8_t size;
	uint8_t type;      /* enum smm_io_type */
};

/* Called by the I/O instructions as they complete. */
void smm_note_io(struct cpu *cpu, const struct insn *i, uint16_t port, uint8_t type,
		 uint32_t mem_addr);

/* Enter SMM: save the state, switch to the SMM views and the SMM entry
 * state.  Called between instructions. */
void smm_enter(struct cpu *cpu);

#endif
