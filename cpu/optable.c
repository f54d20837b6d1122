/* The opcode tables (SDM Vol.2 Appendix A): one-byte opcodes, 0F xx, and
 * the group tables indexed by ModRM.reg.  An entry with no handler is #UD.
 * Each handler is named with the registers it may write (enum
 * insn_writes_kind, core.h): W_ALL where that is not simple. */
#include "cpu/decode.h"
#include "cpu/model.h"
#include "cpu/ops_list.h"

#define H(fn, flags, writes) { fn, (flags), NULL, NULL, (writes) }
/* With a handler specialised for register operands (writing the same). */
#define HR(fn, fn_reg, flags, writes) { fn, (flags), NULL, fn_reg, (writes) }
#define G(table, flags) { NULL, (flags) | F_GROUP | F_MODRM, table, NULL, W_ALL }
#define PFX { NULL, F_PREFIX, NULL, NULL, W_ALL }

#define M F_MODRM
#define B F_BYTE
#define L F_LOCK
#define E F_END
#define WF W_AND_FLAGS

/* MMX and SSE: ModRM, no 66 prefix (SSE2's); they write no general
 * register unless said. */
#define MMX(fn) H(fn, M | F_NO66, W_NONE)
#define MMXI(fn, writes) H(fn, M | F_NO66 | F_IMM8, (writes))

#define RANGE8(base, entry) \
	[base] = entry, [base + 1] = entry, [base + 2] = entry, [base + 3] = entry, \
	[base + 4] = entry, [base + 5] = entry, [base + 6] = entry, [base + 7] = entry

/* 80-83: ADD OR ADC SBB AND SUB XOR CMP with an immediate. */
static const struct opdesc grp1[8] = {
	HR(op_add_E_I, op_add_R_I, L, W_RM | WF), HR(op_or_E_I, op_or_R_I, L, W_RM | WF),
	HR(op_adc_E_I, op_adc_R_I, L, W_RM | WF), HR(op_sbb_E_I, op_sbb_R_I, L, W_RM | WF),
	HR(op_and_E_I, op_and_R_I, L, W_RM | WF), HR(op_sub_E_I, op_sub_R_I, L, W_RM | WF),
	HR(op_xor_E_I, op_xor_R_I, L, W_RM | WF), HR(op_cmp_E_I, op_cmp_R_I, 0, W_FLAGS),
};

/* C0/C1/D0-D3: ROL ROR RCL RCR SHL SHR SAL(=SHL) SAR. */
static const struct opdesc grp2_I[8] = {
	RANGE8(0, H(op_shift_E_I, 0, W_RM | WF)),
};
static const struct opdesc grp2_1[8] = {
	RANGE8(0, H(op_shift_E_1, 0, W_RM | WF)),
};
static const struct opdesc grp2_CL[8] = {
	RANGE8(0, H(op_shift_E_CL, 0, W_RM | WF)),
};

/* F6/F7: TEST TEST(alias) NOT NEG MUL IMUL DIV IDIV. */
static const struct opdesc grp3_b[8] = {
	H(op_test_E_I, F_IMM8, W_FLAGS), H(op_test_E_I, F_IMM8, W_FLAGS),
	H(op_not_E, L, W_RM), H(op_neg_E, L, W_RM | WF),
	H(op_mul_E, 0, W_EAX_EDX | WF), H(op_mul_E, 0, W_EAX_EDX | WF),
	H(op_div_E, 0, W_EAX_EDX | WF), H(op_div_E, 0, W_EAX_EDX | WF),
};
static const struct opdesc grp3_v[8] = {
	H(op_test_E_I, F_IMMV, W_FLAGS), H(op_test_E_I, F_IMMV, W_FLAGS),
	H(op_not_E, L, W_RM), H(op_neg_E, L, W_RM | WF),
	H(op_mul_E, 0, W_EAX_EDX | WF), H(op_mul_E, 0, W_EAX_EDX | WF),
	H(op_div_E, 0, W_EAX_EDX | WF), H(op_div_E, 0, W_EAX_EDX | WF),
};

/* FE: INC DEC; FF: INC DEC CALL CALLF JMP JMPF PUSH. */
static const struct opdesc grp4[8] = {
	H(op_incdec_E, L, W_RM | WF), H(op_incdec_E, L, W_RM | WF),
};
static const struct opdesc grp5[8] = {
	H(op_incdec_E, L, W_RM | WF), H(op_incdec_E, L, W_RM | WF),
	H(op_call_E, E, W_ESP), H(op_call_far_E, E, W_ALL),
	H(op_jmp_E, E, W_NONE), H(op_jmp_far_E, E, W_ALL), H(op_push_E, 0, W_ESP),
};

static const struct opdesc grp_pop[8] = { H(op_pop_E, 0, W_ESP_RM) };
static const struct opdesc grp_mov_b[8] = { H(op_mov_E_I, F_IMM8, W_RM) };
static const struct opdesc grp_mov_v[8] = { H(op_mov_E_I, F_IMMV, W_RM) };

/* 0F 00, 0F 01. */
static const struct opdesc grp6[8] = {
	H(op_grp6, 0, W_ALL), H(op_grp6, 0, W_ALL), H(op_grp6, E, W_ALL), H(op_grp6, E, W_ALL),
	H(op_grp6, 0, W_ALL), H(op_grp6, 0, W_ALL),
};
static const struct opdesc grp7[8] = {
	H(op_grp7, 0, W_ALL), H(op_grp7, 0, W_ALL), H(op_grp7, E, W_ALL), H(op_grp7, E, W_ALL),
	H(op_grp7, 0, W_ALL), { NULL, 0, NULL, NULL, W_ALL },
	H(op_grp7, E, W_ALL), H(op_grp7, E, W_ALL),
};
/* 0F BA: BT BTS BTR BTC Ev,Ib. */
static const struct opdesc grp8[8] = {
	[4] = H(op_bt_I, F_IMM8, W_ALL), [5] = H(op_bt_I, F_IMM8 | L, W_ALL),
	[6] = H(op_bt_I, F_IMM8 | L, W_ALL), [7] = H(op_bt_I, F_IMM8 | L, W_ALL),
};
/* 0F C7 /1: CMPXCHG8B. */
static const struct opdesc grp9[8] = { [1] = H(op_cmpxchg8b, L, W_ALL) };

/* An ALU row: to(W_...) is what each form writes, given its destination
 * (TO_DEST: it and the flags; TO_FLAGS, CMP's: the flags alone). */
#define ALU_ROW(base, name, lock, to)                                          \
	[base + 0] = HR(op_##name##_E_G, op_##name##_R_G, M | B | lock, to(W_RM)), \
	[base + 1] = HR(op_##name##_E_G, op_##name##_R_G, M | lock, to(W_RM)),     \
	[base + 2] = HR(op_##name##_G_E, op_##name##_G_R, M | B, to(W_REG)),       \
	[base + 3] = HR(op_##name##_G_E, op_##name##_G_R, M, to(W_REG)),           \
	[base + 4] = H(op_##name##_A_I, B | F_IMM8, to(W_EAX)),                    \
	[base + 5] = H(op_##name##_A_I, F_IMMV, to(W_EAX))
#define TO_DEST(dest) ((dest) | WF)
#define TO_FLAGS(dest) W_FLAGS

const struct opdesc optable_1byte[256] = {
	ALU_ROW(0x00, add, L, TO_DEST), ALU_ROW(0x08, or, L, TO_DEST),
	ALU_ROW(0x10, adc, L, TO_DEST), ALU_ROW(0x18, sbb, L, TO_DEST),
	ALU_ROW(0x20, and, L, TO_DEST), ALU_ROW(0x28, sub, L, TO_DEST),
	ALU_ROW(0x30, xor, L, TO_DEST), ALU_ROW(0x38, cmp, 0, TO_FLAGS),
	[0x06] = H(op_push_S, 0, W_ALL), [0x07] = H(op_pop_S, 0, W_ALL),
	[0x0E] = H(op_push_S, 0, W_ALL), [0x0F] = { NULL, 0, NULL, NULL, W_ALL },
	[0x16] = H(op_push_S, 0, W_ALL), [0x17] = H(op_pop_S, 0, W_ALL),
	[0x1E] = H(op_push_S, 0, W_ALL), [0x1F] = H(op_pop_S, 0, W_ALL),
	[0x26] = PFX, [0x27] = H(op_daa, 0, W_ALL), [0x2E] = PFX, [0x2F] = H(op_das, 0, W_ALL),
	[0x36] = PFX, [0x37] = H(op_aaa, 0, W_ALL), [0x3E] = PFX, [0x3F] = H(op_aas, 0, W_ALL),
	RANGE8(0x40, H(op_incdec_reg, 0, W_OPREG | WF)),
	RANGE8(0x48, H(op_incdec_reg, 0, W_OPREG | WF)),
	RANGE8(0x50, H(op_push_R, 0, W_ESP)), RANGE8(0x58, H(op_pop_R, 0, W_ESP_OPREG)),
	[0x60] = H(op_pusha, 0, W_ALL), [0x61] = H(op_popa, 0, W_ALL),
	[0x62] = H(op_bound, M, W_ALL), [0x63] = H(op_arpl, M | F_OP16, W_ALL),
	[0x64] = PFX, [0x65] = PFX, [0x66] = PFX, [0x67] = PFX,
	[0x68] = H(op_push_I, F_IMMV, W_ESP), [0x6A] = H(op_push_I, F_IMM8S, W_ESP),
	[0x69] = H(op_imul_G_E_I, M | F_IMMV, W_REG | WF),
	[0x6B] = H(op_imul_G_E_I, M | F_IMM8S, W_REG | WF),
	[0x6C] = H(op_ins, B | E, W_ALL), [0x6D] = H(op_ins, E, W_ALL),
	[0x6E] = H(op_outs, B | E, W_ALL), [0x6F] = H(op_outs, E, W_ALL),
	RANGE8(0x70, H(op_jcc, F_IMM8S | E, W_NONE)),
	RANGE8(0x78, H(op_jcc, F_IMM8S | E, W_NONE)),
	[0x80] = G(grp1, B | F_IMM8), [0x81] = G(grp1, F_IMMV),
	[0x82] = G(grp1, B | F_IMM8), [0x83] = G(grp1, F_IMM8S),
	[0x84] = H(op_test_E_G, M | B, W_FLAGS), [0x85] = H(op_test_E_G, M, W_FLAGS),
	[0x86] = H(op_xchg_E_G, M | B | L, W_REG_RM), [0x87] = H(op_xchg_E_G, M | L, W_REG_RM),
	[0x88] = HR(op_mov_E_G, op_mov_R_G, M | B, W_RM),
	[0x89] = HR(op_mov_E_G, op_mov_R_G, M, W_RM),
	[0x8A] = HR(op_mov_G_E, op_mov_G_R, M | B, W_REG),
	[0x8B] = HR(op_mov_G_E, op_mov_G_R, M, W_REG),
	[0x8C] = H(op_mov_E_S, M, W_ALL), [0x8D] = H(op_lea, M, W_REG),
	[0x8E] = H(op_mov_S_E, M | E, W_ALL), [0x8F] = G(grp_pop, 0),
	[0x90] = H(op_nop, 0, W_NONE),
	[0x91] = H(op_xchg_A_R, 0, W_EAX_OPREG), [0x92] = H(op_xchg_A_R, 0, W_EAX_OPREG),
	[0x93] = H(op_xchg_A_R, 0, W_EAX_OPREG), [0x94] = H(op_xchg_A_R, 0, W_EAX_OPREG),
	[0x95] = H(op_xchg_A_R, 0, W_EAX_OPREG), [0x96] = H(op_xchg_A_R, 0, W_EAX_OPREG),
	[0x97] = H(op_xchg_A_R, 0, W_EAX_OPREG),
	[0x98] = H(op_cbw, 0, W_EAX), [0x99] = H(op_cwd, 0, W_EDX),
	[0x9A] = H(op_call_far, F_FAR | E, W_ALL), [0x9B] = H(op_wait, 0, W_ALL),
	[0x9C] = H(op_pushf, 0, W_ALL), [0x9D] = H(op_popf, E, W_ALL),
	[0x9E] = H(op_sahf, 0, W_ALL), [0x9F] = H(op_lahf, 0, W_ALL),
	[0xA0] = H(op_mov_A_O, B | F_MOFFS, W_EAX), [0xA1] = H(op_mov_A_O, F_MOFFS, W_EAX),
	[0xA2] = H(op_mov_O_A, B | F_MOFFS, W_NONE), [0xA3] = H(op_mov_O_A, F_MOFFS, W_NONE),
	[0xA4] = H(op_movs, B, W_STRING), [0xA5] = H(op_movs, 0, W_STRING),
	[0xA6] = H(op_cmps, B, W_STRING | WF), [0xA7] = H(op_cmps, 0, W_STRING | WF),
	[0xA8] = H(op_test_A_I, B | F_IMM8, W_FLAGS), [0xA9] = H(op_test_A_I, F_IMMV, W_FLAGS),
	[0xAA] = H(op_stos, B, W_STRING), [0xAB] = H(op_stos, 0, W_STRING),
	[0xAC] = H(op_lods, B, W_STRING), [0xAD] = H(op_lods, 0, W_STRING),
	[0xAE] = H(op_scas, B, W_STRING | WF), [0xAF] = H(op_scas, 0, W_STRING | WF),
	RANGE8(0xB0, H(op_mov_R_I, B | F_IMM8, W_OPREG)),
	RANGE8(0xB8, H(op_mov_R_I, F_IMMV, W_OPREG)),
	[0xC0] = G(grp2_I, B | F_IMM8), [0xC1] = G(grp2_I, F_IMM8),
	[0xC2] = H(op_ret, F_IMM16 | E, W_ESP), [0xC3] = H(op_ret, E, W_ESP),
	[0xC4] = H(op_load_far_ptr, M, W_ALL), [0xC5] = H(op_load_far_ptr, M, W_ALL),
	[0xC6] = G(grp_mov_b, B), [0xC7] = G(grp_mov_v, 0),
	[0xC8] = H(op_enter, F_ENTER, W_ALL), [0xC9] = H(op_leave, 0, W_ESP_EBP),
	[0xCA] = H(op_retf, F_IMM16 | E, W_ALL), [0xCB] = H(op_retf, E, W_ALL),
	[0xCC] = H(op_int, E, W_ALL), [0xCD] = H(op_int, F_IMM8 | E, W_ALL),
	[0xCE] = H(op_int, E, W_ALL), [0xCF] = H(op_iret, E, W_ALL),
	[0xD0] = G(grp2_1, B), [0xD1] = G(grp2_1, 0),
	[0xD2] = G(grp2_CL, B), [0xD3] = G(grp2_CL, 0),
	[0xD4] = H(op_aam, F_IMM8, W_ALL), [0xD5] = H(op_aad, F_IMM8, W_ALL),
	[0xD6] = H(op_salc, 0, W_ALL), [0xD7] = H(op_xlat, 0, W_ALL),
	RANGE8(0xD8, H(op_esc, M, W_ALL)),
	[0xE0] = H(op_loop, F_IMM8S | E, W_ECX), [0xE1] = H(op_loop, F_IMM8S | E, W_ECX),
	[0xE2] = H(op_loop, F_IMM8S | E, W_ECX), [0xE3] = H(op_loop, F_IMM8S | E, W_ECX),
	[0xE4] = H(op_in_I, B | F_IMM8 | E, W_ALL), [0xE5] = H(op_in_I, F_IMM8 | E, W_ALL),
	[0xE6] = H(op_out_I, B | F_IMM8 | E, W_ALL), [0xE7] = H(op_out_I, F_IMM8 | E, W_ALL),
	[0xE8] = H(op_call_rel, F_IMMV | E, W_ESP), [0xE9] = H(op_jmp_rel, F_IMMV | E, W_NONE),
	[0xEA] = H(op_jmp_far, F_FAR | E, W_ALL), [0xEB] = H(op_jmp_rel, F_IMM8S | E, W_NONE),
	[0xEC] = H(op_in_DX, B | E, W_ALL), [0xED] = H(op_in_DX, E, W_ALL),
	[0xEE] = H(op_out_DX, B | E, W_ALL), [0xEF] = H(op_out_DX, E, W_ALL),
	[0xF0] = PFX, [0xF1] = H(op_int, E, W_ALL), [0xF2] = PFX, [0xF3] = PFX,
	[0xF4] = H(op_hlt, E, W_ALL), [0xF5] = H(op_flag_op, 0, W_FLAGS),
	[0xF6] = G(grp3_b, B), [0xF7] = G(grp3_v, 0),
	[0xF8] = H(op_flag_op, 0, W_FLAGS), [0xF9] = H(op_flag_op, 0, W_FLAGS),
	[0xFA] = H(op_cli_sti, E, W_ALL), [0xFB] = H(op_cli_sti, E, W_ALL),
	[0xFC] = H(op_flag_op, 0, W_FLAGS), [0xFD] = H(op_flag_op, 0, W_FLAGS),
	[0xFE] = G(grp4, B), [0xFF] = G(grp5, 0),
};

const struct opdesc optable_0f[256] = {
	[0x00] = G(grp6, 0), [0x01] = G(grp7, 0),
	[0x02] = H(op_lar_lsl, M, W_ALL), [0x03] = H(op_lar_lsl, M, W_ALL),
	[0x06] = H(op_clts, E, W_ALL), [0x08] = H(op_invd, 0, W_ALL), [0x09] = H(op_invd, 0, W_ALL),
	[0x0B] = H(op_ud2, E, W_ALL),
	/* MOV to/from CRn/DRn ignore ModRM.mod: always register operands. */
	[0x20] = H(op_mov_R_CR, M | F_RMREG, W_ALL),
	[0x21] = H(op_mov_R_DR, M | F_RMREG, W_ALL),
	[0x22] = H(op_mov_CR_R, M | F_RMREG | E, W_ALL),
	[0x23] = H(op_mov_DR_R, M | F_RMREG | E, W_ALL),
	[0x30] = H(op_wrmsr, 0, W_ALL), [0x31] = H(op_rdtsc, 0, W_ALL),
	[0x32] = H(op_rdmsr, 0, W_ALL), [0x33] = H(op_rdpmc, 0, W_ALL),
	[0x34] = H(op_sysenter, E, W_ALL), [0x35] = H(op_sysexit, E, W_ALL),
	RANGE8(0x40, H(op_cmov, M, W_REG)), RANGE8(0x48, H(op_cmov, M, W_REG)),
	RANGE8(0x80, H(op_jcc, F_IMMV | E, W_NONE)),
	RANGE8(0x88, H(op_jcc, F_IMMV | E, W_NONE)),
	RANGE8(0x90, H(op_setcc, M, W_RM_BYTE)), RANGE8(0x98, H(op_setcc, M, W_RM_BYTE)),
	[0xA0] = H(op_push_S, 0, W_ALL), [0xA1] = H(op_pop_S, 0, W_ALL),
	[0xA2] = H(op_cpuid, 0, W_ALL), [0xA3] = H(op_bt_G, M, W_ALL),
	[0xA4] = H(op_shld_I, M | F_IMM8, W_ALL), [0xA5] = H(op_shld_CL, M, W_ALL),
	[0xA8] = H(op_push_S, 0, W_ALL), [0xA9] = H(op_pop_S, 0, W_ALL),
	[0xAA] = H(op_rsm, E, W_ALL), [0xAB] = H(op_bts_G, M | L, W_ALL),
	[0xAC] = H(op_shrd_I, M | F_IMM8, W_ALL), [0xAD] = H(op_shrd_CL, M, W_ALL),
	[0xAF] = H(op_imul_G_E, M, W_REG | WF),
	[0xB0] = H(op_cmpxchg, M | B | L, W_ALL), [0xB1] = H(op_cmpxchg, M | L, W_ALL),
	[0xB2] = H(op_load_far_ptr, M, W_ALL), [0xB3] = H(op_btr_G, M | L, W_ALL),
	[0xB4] = H(op_load_far_ptr, M, W_ALL), [0xB5] = H(op_load_far_ptr, M, W_ALL),
	[0xB6] = H(op_movx, M, W_REG), [0xB7] = H(op_movx, M, W_REG),
	[0xBA] = G(grp8, 0), [0xBB] = H(op_btc_G, M | L, W_ALL),
	[0xBC] = H(op_bsf, M, W_ALL), [0xBD] = H(op_bsr, M, W_ALL),
	[0xBE] = H(op_movx, M, W_REG), [0xBF] = H(op_movx, M, W_REG),
	[0xC0] = H(op_xadd, M | B | L, W_ALL), [0xC1] = H(op_xadd, M | L, W_ALL),
	[0xC7] = G(grp9, 0),
	RANGE8(0xC8, H(op_bswap, 0, W_ALL)),
	/* SSE: single precision (F3: the scalar forms) */
	[0x10] = MMX(op_sse_mov), [0x11] = MMX(op_sse_mov), [0x12] = MMX(op_sse_mov_half),
	[0x13] = MMX(op_sse_mov_half), [0x14] = MMX(op_sse_shuffle), [0x15] = MMX(op_sse_shuffle),
	[0x16] = MMX(op_sse_mov_half), [0x17] = MMX(op_sse_mov_half),
	[0x18] = H(op_prefetch, M, W_NONE),
	[0x28] = MMX(op_sse_mov), [0x29] = MMX(op_sse_mov),
	[0x2A] = MMX(op_cvt_to_single), [0x2B] = MMX(op_sse_mov),
	[0x2C] = H(op_cvt_from_single, M | F_NO66, W_REG),
	[0x2D] = H(op_cvt_from_single, M | F_NO66, W_REG),
	[0x2E] = H(op_sse_comis, M | F_NO66, W_FLAGS), [0x2F] = H(op_sse_comis, M | F_NO66, W_FLAGS),
	[0x50] = H(op_movmskps, M | F_NO66, W_REG),
	[0x51] = MMX(op_sse_arith), [0x52] = MMX(op_sse_arith), [0x53] = MMX(op_sse_arith),
	[0x54] = MMX(op_sse_arith), [0x55] = MMX(op_sse_arith), [0x56] = MMX(op_sse_arith),
	[0x57] = MMX(op_sse_arith), [0x58] = MMX(op_sse_arith), [0x59] = MMX(op_sse_arith),
	[0x5C] = MMX(op_sse_arith), [0x5D] = MMX(op_sse_arith), [0x5E] = MMX(op_sse_arith),
	[0x5F] = MMX(op_sse_arith),
	[0xAE] = H(op_grp15, M | F_NO66, W_NONE),
	[0xC2] = MMXI(op_sse_cmp, W_NONE), [0xC6] = MMXI(op_sse_shuffle, W_NONE),
	/* MMX, and SSE's integer instructions on MM registers */
	[0x60] = MMX(op_mmx_pack), [0x61] = MMX(op_mmx_pack), [0x62] = MMX(op_mmx_pack),
	[0x63] = MMX(op_mmx_pack), [0x64] = MMX(op_mmx_lanes), [0x65] = MMX(op_mmx_lanes),
	[0x66] = MMX(op_mmx_lanes), [0x67] = MMX(op_mmx_pack), [0x68] = MMX(op_mmx_pack),
	[0x69] = MMX(op_mmx_pack), [0x6A] = MMX(op_mmx_pack), [0x6B] = MMX(op_mmx_pack),
	[0x6E] = MMX(op_mmx_mov), [0x6F] = MMX(op_mmx_mov),
	[0x70] = MMXI(op_pshufw, W_NONE), [0x71] = MMXI(op_mmx_shift_imm, W_NONE),
	[0x72] = MMXI(op_mmx_shift_imm, W_NONE), [0x73] = MMXI(op_mmx_shift_imm, W_NONE),
	[0x74] = MMX(op_mmx_lanes), [0x75] = MMX(op_mmx_lanes), [0x76] = MMX(op_mmx_lanes),
	[0x77] = H(op_emms, F_NO66, W_NONE),
	[0x7E] = H(op_mmx_mov, M | F_NO66, W_RM), [0x7F] = MMX(op_mmx_mov),
	[0xC4] = MMXI(op_mmx_words, W_NONE), [0xC5] = MMXI(op_mmx_words, W_REG),
	[0xD1] = MMX(op_mmx_lanes), [0xD2] = MMX(op_mmx_lanes), [0xD3] = MMX(op_mmx_lanes),
	[0xD5] = MMX(op_mmx_lanes), [0xD7] = H(op_mmx_words, M | F_NO66, W_REG),
	RANGE8(0xD8, MMX(op_mmx_lanes)),
	[0xE0] = MMX(op_mmx_lanes), [0xE1] = MMX(op_mmx_lanes), [0xE2] = MMX(op_mmx_lanes),
	[0xE3] = MMX(op_mmx_lanes), [0xE4] = MMX(op_mmx_lanes), [0xE5] = MMX(op_mmx_lanes),
	[0xE7] = MMX(op_mmx_mov),
	RANGE8(0xE8, MMX(op_mmx_lanes)),
	[0xF1] = MMX(op_mmx_lanes), [0xF2] = MMX(op_mmx_lanes), [0xF3] = MMX(op_mmx_lanes),
	[0xF5] = MMX(op_mmx_pack), [0xF6] = MMX(op_mmx_pack), [0xF7] = MMX(op_maskmovq),
	[0xF8] = MMX(op_mmx_lanes), [0xF9] = MMX(op_mmx_lanes), [0xFA] = MMX(op_mmx_lanes),
	[0xFC] = MMX(op_mmx_lanes), [0xFD] = MMX(op_mmx_lanes), [0xFE] = MMX(op_mmx_lanes),
};

/* The CPUID feature (cpu/model.h) each 0F opcode needs; 0 for those
 * every model has.  0F AE's members need FXSR or SSE by ModRM.reg
 * (op_grp15()), 0F C7's only member CMPXCHG8B needs CX8. */
const uint32_t optable_0f_needs[256] = {
	[0x30] = CPUID_MSR, [0x31] = CPUID_TSC, [0x32] = CPUID_MSR,
	[0x34] = CPUID_SEP, [0x35] = CPUID_SEP,
	RANGE8(0x40, CPUID_CMOV), RANGE8(0x48, CPUID_CMOV),
	RANGE8(0x10, CPUID_SSE), [0x18] = CPUID_SSE,
	RANGE8(0x28, CPUID_SSE), RANGE8(0x50, CPUID_SSE), RANGE8(0x58, CPUID_SSE),
	[0xC2] = CPUID_SSE, [0xC6] = CPUID_SSE, [0xC7] = CPUID_CX8,
	/* MMX */
	[0x60] = CPUID_MMX, [0x61] = CPUID_MMX, [0x62] = CPUID_MMX, [0x63] = CPUID_MMX,
	[0x64] = CPUID_MMX, [0x65] = CPUID_MMX, [0x66] = CPUID_MMX, [0x67] = CPUID_MMX,
	[0x68] = CPUID_MMX, [0x69] = CPUID_MMX, [0x6A] = CPUID_MMX, [0x6B] = CPUID_MMX,
	[0x6E] = CPUID_MMX, [0x6F] = CPUID_MMX, [0x71] = CPUID_MMX, [0x72] = CPUID_MMX,
	[0x73] = CPUID_MMX, [0x74] = CPUID_MMX, [0x75] = CPUID_MMX, [0x76] = CPUID_MMX,
	[0x77] = CPUID_MMX, [0x7E] = CPUID_MMX, [0x7F] = CPUID_MMX, [0xD1] = CPUID_MMX,
	[0xD2] = CPUID_MMX, [0xD3] = CPUID_MMX, [0xD5] = CPUID_MMX, [0xD8] = CPUID_MMX,
	[0xD9] = CPUID_MMX, [0xDB] = CPUID_MMX, [0xDC] = CPUID_MMX, [0xDD] = CPUID_MMX,
	[0xDF] = CPUID_MMX, [0xE1] = CPUID_MMX, [0xE2] = CPUID_MMX, [0xE5] = CPUID_MMX,
	[0xE8] = CPUID_MMX, [0xE9] = CPUID_MMX, [0xEB] = CPUID_MMX, [0xEC] = CPUID_MMX,
	[0xED] = CPUID_MMX, [0xEF] = CPUID_MMX, [0xF1] = CPUID_MMX, [0xF2] = CPUID_MMX,
	[0xF3] = CPUID_MMX, [0xF5] = CPUID_MMX, [0xF8] = CPUID_MMX, [0xF9] = CPUID_MMX,
	[0xFA] = CPUID_MMX, [0xFC] = CPUID_MMX, [0xFD] = CPUID_MMX, [0xFE] = CPUID_MMX,
	/* SSE's integer instructions on MM registers */
	[0x70] = CPUID_SSE, [0xC4] = CPUID_SSE, [0xC5] = CPUID_SSE, [0xD7] = CPUID_SSE,
	[0xDA] = CPUID_SSE, [0xDE] = CPUID_SSE, [0xE0] = CPUID_SSE, [0xE3] = CPUID_SSE,
	[0xE4] = CPUID_SSE, [0xE7] = CPUID_SSE, [0xEA] = CPUID_SSE, [0xEE] = CPUID_SSE,
	[0xF6] = CPUID_SSE, [0xF7] = CPUID_SSE,
};
