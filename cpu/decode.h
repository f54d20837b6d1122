/* The decoder: bytes to struct insn, driven by the opcode tables. */
#ifndef SMMBOX_CPU_DECODE_H
#define SMMBOX_CPU_DECODE_H

#include "cpu/core.h"

/* Decode flags of an opcode-table entry. */
enum {
	F_MODRM  = 1u << 0,
	F_BYTE   = 1u << 1,  /* byte operand size */
	F_IMM8   = 1u << 2,  /* imm8, zero-extended */
	F_IMM8S  = 1u << 3,  /* imm8, sign-extended to the operand size */
	F_IMMV   = 1u << 4,  /* imm16 or imm32 by operand size */
	F_IMM16  = 1u << 5,
	F_MOFFS  = 1u << 6,  /* a disp16/disp32 by address size, in disp */
	F_FAR    = 1u << 7,  /* offset (operand size) then selector in imm2 */
	F_ENTER  = 1u << 8,  /* imm16 then imm8 in imm2 */
	F_GROUP  = 1u << 9,  /* look ModRM.reg up in the group table */
	F_LOCK   = 1u << 10, /* LOCK allowed with a memory operand */
	F_END    = 1u << 11, /* ends a decoded block */
	F_PREFIX = 1u << 12,
	F_OP16   = 1u << 13, /* operand size is 16 whatever the prefixes */
	F_RMREG  = 1u << 14, /* ModRM r/m is a register whatever mod says */
	F_NO66   = 1u << 15, /* MMX and SSE: a 66 prefix makes it SSE2's: #UD */
};

struct opdesc {
	cpu_handler fn;
	uint16_t flags;
	const struct opdesc *group; /* 8 entries, with F_GROUP */
	cpu_handler fn_reg;         /* optional: fn specialised for ModRM.mod == 3 */
	uint8_t writes;             /* what fn and fn_reg may write: enum insn_writes_kind */
};

extern const struct opdesc optable_1byte[256];
extern const struct opdesc optable_0f[256];
extern const uint32_t optable_0f_needs[256];

/* A window of instruction bytes.  avail bytes can be read; when the
 * decoder needs more it stops with DECODE_SHORT, unless fault_at marks why
 * the window ends (a fetch fault or the CS limit), in which case that
 * fault is raised. */
struct fetch_window {
	const uint8_t *bytes;
	unsigned avail;
	bool ends_in_fault;
	uint8_t fault_vector;
	uint32_t fault_error;
};

enum decode_result { DECODE_OK, DECODE_SHORT, DECODE_FAULT };

/* Decode one instruction at the window's start.  On DECODE_FAULT the
 * exception is raised in the core (raise_fault) for the executor. */
enum decode_result cpu_decode(struct cpu *cpu, const struct fetch_window *w,
			      bool code32, struct insn *out, uint16_t *flags_out);

/* Decode the instruction at bytes (avail of them) for an observer: the
 * exception a decode fault notes in the core is put back.  Whether it
 * decoded. */
bool decode_for_observer(const struct cpu *cpu, const uint8_t *bytes, unsigned avail,
			 bool code32, struct insn *i);

#endif
