/* Just enough 16-bit x86 decoding to apply the 386 rules to a
 * SingleStepTests vector: the prefixes, the opcode, the ModRM memory
 * operand (its offset and segment, from the INIT registers), and a model of
 * the memory accesses a 386 makes, in order, to find the first one that
 * breaks the 64 KiB real-mode segment limit.
 *
 * Covers the one-byte opcodes the 286 suite has; anything else is
 * reported as not modelled. */
#ifndef SMMBOX_TESTS_CORPUS_SST_X86_H
#define SMMBOX_TESTS_CORPUS_SST_X86_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/corpus/moo.h"

enum sst_seg { SST_ES, SST_CS, SST_SS, SST_DS, SST_NO_SEG = -1 };

struct sst_insn {
	unsigned op_at;       /* offset of the opcode byte */
	uint8_t op;           /* the opcode (0x0F for two-byte opcodes) */
	bool lock, rep;       /* F0; F2 or F3 */
	int seg_override;     /* enum sst_seg, or SST_NO_SEG */
	bool has_modrm;
	uint8_t mod, reg, rm;
	bool mem;             /* ModRM names memory ... */
	uint16_t ea;          /* ... at this offset (16-bit address arithmetic) */
	int mem_seg;          /* ... in this segment (enum sst_seg) */
	unsigned mem_size;    /* bytes the instruction reads or writes there (0: none) */
};

/* Decode bytes[0..n) (the trailing HLT may be included; missing bytes read
 * as zero) against the INIT registers. */
void sst_decode(const uint8_t *bytes, unsigned n, const uint16_t regs[MOO_NREGS],
		struct sst_insn *in);

enum sst_fault_kind {
	SST_NO_FAULT,
	SST_FAULT_GP,     /* a CS/DS/ES access beyond the limit: #GP (13) */
	SST_FAULT_SS,     /* an SS access beyond the limit: #SS (12) */
	SST_NOT_MODELLED, /* an opcode the model does not know */
};

struct sst_fault {
	enum sst_fault_kind kind;
	/* The fault exists only because a 4-byte operand starts at offset
	 * 0xFFFE: the 286 reads it as two words and wraps the second to 0. */
	bool dword_wrap;
	/* String instructions: iterations completed before the fault, and
	 * SI, DI, CX at the start of the faulting one. */
	bool string;
	unsigned iterations;
	uint16_t si, di, cx;
};

/* The first segment-limit fault a 386 in real mode takes executing in
 * (SDM Vol.3 "Segment Wraparound": #GP for CS/DS/ES, #SS for SS).  Each
 * access is checked on its own, so a word pop at SP = 0xFFFE wraps to 0
 * without a fault.  For REP string instructions every iteration is walked,
 * assuming REPE/REPNE comparisons do not end the loop early. */
void sst_first_fault(const struct sst_insn *in, const uint16_t regs[MOO_NREGS],
		     struct sst_fault *f);

/* The MOO register index of x86 16-bit register number r (AX CX DX BX SP
 * BP SI DI). */
enum moo_reg sst_moo_reg(unsigned r);

/* Linear address of seg:off for the INIT registers. */
uint32_t sst_linear(const uint16_t regs[MOO_NREGS], int seg, uint16_t off);

#endif
