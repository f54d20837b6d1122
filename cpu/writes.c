/* Which registers a decoded instruction may write (cpu_insn_writes()):
 * looked up by its handler.  Only handlers whose writes are simple are
 * listed; every other instruction may write anything.  The masks must be
 * supersets: an observer that copies only these registers after the
 * instruction would otherwise miss a change.  tests/corpus checks them
 * against every vector of the corpus (a register that changed must be
 * in the mask). */
#include "cpu/core.h"
#include "cpu/decode.h"
#include "cpu/ops_list.h"

enum writes_kind {
	W_ALL,
	W_NONE,
	W_FLAGS,
	W_RM,            /* the r/m register when mod == 3 */
	W_RM_BYTE,       /* the same, always a byte register (SETcc) */
	W_REG,           /* the ModRM.reg register */
	W_REG_RM,        /* both (XCHG) */
	W_OPREG,         /* the register in the opcode's low three bits */
	W_EAX_OPREG,     /* XCHG eAX, r */
	W_ESP,
	W_ESP_OPREG,     /* POP r */
	W_ESP_RM,        /* POP r/m */
	W_ESP_EBP,       /* LEAVE */
	W_EAX,
	W_EDX,
	W_ECX,           /* LOOP */
	W_EAX_EDX,       /* MUL, DIV */
	W_STRING,        /* the string instructions: eAX, eCX, eSI, eDI */
	W_KIND_MASK = 31,
	W_AND_FLAGS = 32 /* or'ed in: EFLAGS too */
};

struct writes_entry {
	cpu_handler fn;
	uint8_t kind;
};

#define ALU_WRITES(name)                                                       \
	{ op_##name##_E_G, W_RM | W_AND_FLAGS }, { op_##name##_G_E, W_REG | W_AND_FLAGS }, \
	{ op_##name##_A_I, W_EAX | W_AND_FLAGS }, { op_##name##_E_I, W_RM | W_AND_FLAGS }, \
	{ op_##name##_R_G, W_RM | W_AND_FLAGS }, { op_##name##_G_R, W_REG | W_AND_FLAGS }, \
	{ op_##name##_R_I, W_RM | W_AND_FLAGS }

static const struct writes_entry table[] = {
	ALU_WRITES(add), ALU_WRITES(or), ALU_WRITES(adc), ALU_WRITES(sbb),
	ALU_WRITES(and), ALU_WRITES(sub), ALU_WRITES(xor),
	{ op_cmp_E_G, W_FLAGS }, { op_cmp_G_E, W_FLAGS }, { op_cmp_A_I, W_FLAGS },
	{ op_cmp_E_I, W_FLAGS }, { op_cmp_R_G, W_FLAGS }, { op_cmp_G_R, W_FLAGS },
	{ op_cmp_R_I, W_FLAGS },
	{ op_test_E_G, W_FLAGS }, { op_test_A_I, W_FLAGS }, { op_test_E_I, W_FLAGS },
	{ op_flag_op, W_FLAGS },
	{ op_incdec_reg, W_OPREG | W_AND_FLAGS }, { op_incdec_E, W_RM | W_AND_FLAGS },
	{ op_not_E, W_RM }, { op_neg_E, W_RM | W_AND_FLAGS },
	{ op_shift_E_I, W_RM | W_AND_FLAGS }, { op_shift_E_1, W_RM | W_AND_FLAGS },
	{ op_shift_E_CL, W_RM | W_AND_FLAGS },
	{ op_imul_G_E, W_REG | W_AND_FLAGS }, { op_imul_G_E_I, W_REG | W_AND_FLAGS },
	{ op_mul_E, W_EAX_EDX | W_AND_FLAGS }, { op_div_E, W_EAX_EDX | W_AND_FLAGS },
	{ op_cbw, W_EAX }, { op_cwd, W_EDX },
	{ op_mov_E_G, W_RM }, { op_mov_G_E, W_REG }, { op_mov_R_G, W_RM },
	{ op_mov_G_R, W_REG }, { op_mov_E_I, W_RM }, { op_mov_R_I, W_OPREG },
	{ op_mov_A_O, W_EAX }, { op_mov_O_A, W_NONE },
	{ op_xchg_E_G, W_REG_RM }, { op_xchg_A_R, W_EAX_OPREG },
	{ op_lea, W_REG }, { op_movx, W_REG }, { op_cmov, W_REG }, { op_setcc, W_RM_BYTE },
	{ op_nop, W_NONE },
	{ op_jcc, W_NONE }, { op_jmp_rel, W_NONE }, { op_jmp_E, W_NONE },
	{ op_call_rel, W_ESP }, { op_call_E, W_ESP }, { op_ret, W_ESP },
	{ op_loop, W_ECX },
	{ op_push_R, W_ESP }, { op_push_I, W_ESP }, { op_push_E, W_ESP },
	{ op_pop_R, W_ESP_OPREG }, { op_pop_E, W_ESP_RM }, { op_leave, W_ESP_EBP },
	{ op_movs, W_STRING }, { op_stos, W_STRING }, { op_lods, W_STRING },
	{ op_cmps, W_STRING | W_AND_FLAGS }, { op_scas, W_STRING | W_AND_FLAGS },
};

/* The bit of register r written with size bytes (AH..BH are 4..7). */
static unsigned reg_bit(unsigned r, unsigned size)
{
	return 1u << (size == 1 ? r & 3 : r);
}

/* The kind of a handler: the table searched once for each, then found
 * again in a direct-mapped cache by its address (blocks are decoded on
 * the CPU's thread only). */
static unsigned kind_of(cpu_handler fn)
{
	static struct writes_entry cache[256];
	struct writes_entry *c = &cache[((uintptr_t)fn * 0x9E3779B97F4A7C15ull) >> 56];
	if (c->fn == fn)
		return c->kind;
	unsigned kind = W_ALL;
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		if (table[k].fn == fn) {
			kind = table[k].kind;
			break;
		}
	}
	*c = (struct writes_entry){ fn, (uint8_t)kind };
	return kind;
}

unsigned insn_writes(const struct insn *i)
{
	unsigned kind = kind_of(i->fn);
	unsigned rm = i->mod == 3 ? reg_bit(i->rm, i->osize) : 0;
	unsigned w;
	switch (kind & W_KIND_MASK) {
	case W_NONE: w = 0; break;
	case W_FLAGS: w = CPU_WRITES_FLAGS; break;
	case W_RM: w = rm; break;
	case W_RM_BYTE: w = i->mod == 3 ? reg_bit(i->rm, 1) : 0; break;
	case W_REG: w = reg_bit(i->reg, i->osize); break;
	case W_REG_RM: w = reg_bit(i->reg, i->osize) | rm; break;
	case W_OPREG: w = reg_bit(i->op & 7, i->osize); break;
	case W_EAX_OPREG: w = 1u << R_EAX | reg_bit(i->op & 7, i->osize); break;
	case W_ESP: w = 1u << R_ESP; break;
	case W_ESP_OPREG: w = 1u << R_ESP | reg_bit(i->op & 7, i->osize); break;
	case W_ESP_RM: w = 1u << R_ESP | rm; break;
	case W_ESP_EBP: w = 1u << R_ESP | 1u << R_EBP; break;
	case W_EAX: w = 1u << R_EAX; break;
	case W_EDX: w = 1u << R_EDX; break;
	case W_ECX: w = 1u << R_ECX; break;
	case W_EAX_EDX: w = 1u << R_EAX | 1u << R_EDX; break;
	case W_STRING:
		w = 1u << R_EAX | 1u << R_ECX | 1u << R_ESI | 1u << R_EDI;
		break;
	default: return CPU_WRITES_ALL;
	}
	return w | (kind & W_AND_FLAGS ? CPU_WRITES_FLAGS : 0);
}

unsigned cpu_insn_writes(struct cpu *cpu, const uint8_t *bytes, unsigned avail, bool code32)
{
	struct insn i;
	return decode_for_observer(cpu, bytes, avail, code32, &i) ? insn_writes(&i) : 0;
}
