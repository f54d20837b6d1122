/* Which registers a decoded instruction may write (cpu_insn_writes()):
 * the kind its opcode table entry gives (optable.c), made a mask with its
 * operands, and whether the x87, MMX or SSE state may change (W_FPU, from
 * the decoder).  The masks must be supersets: an observer that copies only
 * these registers after the instruction would otherwise miss a change.
 * tests/corpus checks them against every vector of the corpus (a
 * register that changed must be in the mask). */
#include "cpu/core.h"
#include "cpu/decode.h"

/* The bit of register r written with size bytes (AH..BH are 4..7). */
static unsigned reg_bit(unsigned r, unsigned size)
{
	return 1u << (size == 1 ? r & 3 : r);
}

unsigned insn_writes(const struct insn *i)
{
	unsigned kind = i->writes;
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
	default: w = CPU_WRITES_ALL & ~CPU_WRITES_FPU; break;
	}
	return w | (kind & W_AND_FLAGS ? CPU_WRITES_FLAGS : 0) |
	       (kind & W_FPU ? CPU_WRITES_FPU : 0);
}

unsigned cpu_insn_writes(struct cpu *cpu, const uint8_t *bytes, unsigned avail, bool code32)
{
	struct insn i;
	return decode_for_observer(cpu, bytes, avail, code32, &i) ? insn_writes(&i) : 0;
}
