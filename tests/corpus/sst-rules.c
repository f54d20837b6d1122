/* 286-versus-386 rules: see sst-rules.h and KNOWN-DIFFERENCES.md. */
#include "tests/corpus/sst-rules.h"

#include <string.h>

#include "cpu/cpu.h"

/* The 286 stops decoding after 10 bytes; the 386 after 15 (beyond that
 * both fault with #GP, so those vectors are judged as recorded). */
#define LEN_LIMIT_286 10
#define LEN_LIMIT_386 15

static const struct sst_rule_info rules[SST_RULE_COUNT] = {
	[SST_RULE_NONE] = { "run as recorded", "", false },
	[SST_RULE_REVOKED] = {
		"revoked by upstream (revocation_list.txt)", "", true },
	[SST_RULE_LOCK_UD] = {
		"LOCK on a non-lockable instruction: the 386 raises #UD",
		"SDM Vol.2A \"LOCK\"; 386 PRM 14.8.1", false },
	[SST_RULE_TOO_LONG] = {
		"instruction longer than 10 bytes: the 286 faults, the 386 executes up to 15",
		"386 PRM 14.7 item 6; SDM Vol.2A 2.3.11", true },
	[SST_RULE_SS_FAULT] = {
		"SS access beyond the segment limit: #SS (12) on the 386, 13 on the 286",
		"SDM Vol.3 \"Segment Wraparound\"", false },
	[SST_RULE_DWORD_WRAP] = {
		"4-byte operand at offset 0xFFFE: the 286 wraps its second word, the 386 faults",
		"SDM Vol.3 \"Segment Wraparound\"; 80286 PRM LES/LDS", false },
	[SST_RULE_RESTARTABLE] = {
		"fault after a partial update on the 286 (SI/DI/SP/flags); a 386 fault leaves none",
		"SDM Vol.3A 6.5 (Faults); Vol.2B REP", false },
	[SST_RULE_MOV_FS_GS] = {
		"8C/8E with reg 4 or 5: #UD on the 286, MOV to or from FS/GS on the 386",
		"SDM Vol.2B MOV (Sreg); Vol.1 3.4.2", false },
	[SST_RULE_DIVIDE] = {
		"DIV/IDIV quotient out of range that the 286 completed: #DE is documented for both",
		"SDM Vol.2A IDIV; 80286 PRM IDIV", false },
	[SST_RULE_UNJUDGED] = {
		"386 expectation cannot be set up (IVT entry or handler memory in use)",
		"", true },
};

const struct sst_rule_info *sst_rule_info(enum sst_rule rule)
{
	return &rules[(unsigned)rule < SST_RULE_COUNT ? rule : SST_RULE_NONE];
}

static unsigned prefix_len(const uint8_t *bytes, unsigned n)
{
	unsigned k = 0;

	while (k < n && cpu_is_prefix(bytes[k]))
		k++;
	return k;
}

/* One-byte opcodes that accept LOCK with a memory destination, given
 * ModRM.reg (SDM Vol.2A LOCK: ADD ADC AND BTC BTR BTS CMPXCHG DEC INC NEG
 * NOT OR SBB SUB XOR XADD XCHG). */
static bool lockable_1byte(uint8_t op, unsigned reg)
{
	if (op < 0x40 && (op & 7) <= 1)
		return (op & 0x38) != 0x38; /* ALU Eb,Gb / Ev,Gv but not CMP */
	switch (op) {
	case 0x80: case 0x81: case 0x82: case 0x83:
		return reg != 7;            /* not CMP */
	case 0x86: case 0x87:
		return true;                /* XCHG */
	case 0xF6: case 0xF7:
		return reg == 2 || reg == 3; /* NOT, NEG */
	case 0xFE: case 0xFF:
		return reg <= 1;            /* INC, DEC */
	default:
		return false;
	}
}

static bool lockable_0f(uint8_t op, unsigned reg)
{
	switch (op) {
	case 0xAB: case 0xB3: case 0xBB:  /* BTS, BTR, BTC Ev,Gv */
	case 0xB0: case 0xB1:             /* CMPXCHG */
	case 0xC0: case 0xC1:             /* XADD */
		return true;
	case 0xBA:
		return reg >= 5;          /* BTS, BTR, BTC Ev,imm8 */
	case 0xC7:
		return reg == 1;          /* CMPXCHG8B */
	default:
		return false;
	}
}

bool sst_lock_faults(const uint8_t *bytes, unsigned n)
{
	unsigned k = prefix_len(bytes, n);
	bool lock = false;
	bool ext;
	uint8_t op, modrm;

	for (unsigned p = 0; p < k; p++)
		lock |= bytes[p] == 0xF0;
	if (!lock)
		return false;
	if (k >= n)
		return true;
	ext = bytes[k] == 0x0F;
	if (ext && ++k >= n)
		return true;
	op = bytes[k];
	if (k + 1 >= n)
		return true;
	modrm = bytes[k + 1];
	if ((modrm >> 6) == 3)
		return true;
	return ext ? !lockable_0f(op, (modrm >> 3) & 7)
		   : !lockable_1byte(op, (modrm >> 3) & 7);
}

/* Exceptions that are faults (SDM Vol.3A Table 6-1): the 386 reports them
 * with the state before the instruction.  INT n, INT3 and INTO are traps
 * and keep the recorded result. */
static bool is_fault_vector(int v)
{
	return v == VEC_DE || v == VEC_BR || v == VEC_UD || v == VEC_GP;
}

static void judge_fault(struct sst_plan *p, int vector, int recorded,
			enum sst_rule rule)
{
	p->judge = SST_AS_FAULT;
	p->vector = (uint8_t)vector;
	p->recorded_vector = vector == recorded;
	p->rule = rule;
}

static int limit_vector(const struct sst_fault *f)
{
	return f->kind == SST_FAULT_SS ? VEC_SS : VEC_GP;
}

/* 8C /4, /5 and 8E /4, /5 name FS and GS on a 386. */
static void plan_mov_sreg(struct sst_plan *p, int recorded)
{
	const struct sst_insn *in = &p->insn;

	if (in->mem && (uint32_t)in->ea + 1 > 0xFFFFu) {
		p->fault.kind = in->mem_seg == SST_SS ? SST_FAULT_SS : SST_FAULT_GP;
		judge_fault(p, limit_vector(&p->fault), recorded, SST_RULE_MOV_FS_GS);
		return;
	}
	p->judge = SST_AS_MOV_SREG;
	p->rule = SST_RULE_MOV_FS_GS;
}

/* A limit fault the model found: who else faults first, and which rule. */
static void plan_limit_fault(struct sst_plan *p, int recorded)
{
	int v = limit_vector(&p->fault);

	if (recorded == VEC_UD)
		return;                 /* decoding fails before any access */
	if (p->fault.dword_wrap)
		judge_fault(p, v, recorded, SST_RULE_DWORD_WRAP);
	else if (recorded == VEC_GP)
		judge_fault(p, v, recorded, v == VEC_GP ? SST_RULE_NONE : SST_RULE_SS_FAULT);
	/* Otherwise the 286 ended without reaching the access (a REPE/REPNE
	 * comparison stopped the loop): the recorded result stands. */
}

/* The F6/F7 source operand from INIT: a register, or INIT RAM.  Returns
 * false when the bytes are not in the vector. */
static bool divisor(const struct moo_test *t, const struct sst_insn *in,
		    bool word, uint32_t *value)
{
	const uint16_t *regs = t->init.regs;
	uint8_t lo, hi = 0;

	if (!in->mem) {
		uint16_t r = regs[sst_moo_reg(word ? in->rm : in->rm & 3)];

		*value = word ? r : (in->rm & 4) ? r >> 8 : r & 0xFF;
		return true;
	}
	if (!moo_ram_find(&t->init, sst_linear(regs, in->mem_seg, in->ea), &lo) ||
	    (word && !moo_ram_find(&t->init, sst_linear(regs, in->mem_seg,
							 (uint16_t)(in->ea + 1)), &hi)))
		return false;
	*value = (uint32_t)hi << 8 | lo;
	return true;
}

static int64_t sign_extend(uint32_t v, unsigned bits)
{
	int64_t x = (int64_t)(v & (uint32_t)(((uint64_t)1 << bits) - 1));

	return (x >> (bits - 1)) ? x - ((int64_t)1 << bits) : x;
}

/* DIV (F6/F7 /6) and IDIV (/7): does the quotient not fit, so that #DE is
 * due (SDM Vol.2A DIV, IDIV)? */
static bool divide_overflows(const struct moo_test *t, const struct sst_insn *in)
{
	bool word = in->op == 0xF7, sign = in->reg == 7;
	unsigned bits = word ? 16 : 8;
	uint32_t d, n = word ? (uint32_t)t->init.regs[MOO_DX] << 16 | t->init.regs[MOO_AX]
			     : t->init.regs[MOO_AX];
	int64_t q, lo, hi;

	if (!divisor(t, in, word, &d))
		return false;
	if (d == 0)
		return true;
	if (!sign)
		return n / d >> bits != 0;
	q = sign_extend(n, 2 * bits) / sign_extend(d, bits); /* C rounds to 0, as IDIV */
	lo = -((int64_t)1 << (bits - 1));
	hi = ((int64_t)1 << (bits - 1)) - 1;
	return q < lo || q > hi;
}

void sst_plan_vector(const struct moo_test *t, struct sst_plan *p)
{
	unsigned len = t->nbytes ? t->nbytes - 1 : 0; /* without the trailing HLT */
	int recorded = t->has_excp ? t->excp_vector : -1;
	uint8_t op;

	memset(p, 0, sizeof *p);
	p->judge = SST_AS_RECORDED;
	sst_decode(t->bytes, len, t->init.regs, &p->insn);
	op = p->insn.op;
	if (sst_lock_faults(t->bytes, len)) {
		judge_fault(p, VEC_UD, recorded, SST_RULE_LOCK_UD);
		return;
	}
	if (len > LEN_LIMIT_286 && len <= LEN_LIMIT_386) {
		p->judge = SST_AS_SKIP;
		p->rule = SST_RULE_TOO_LONG;
		return;
	}
	if ((op == 0x8C || op == 0x8E) && (p->insn.reg == 4 || p->insn.reg == 5)) {
		plan_mov_sreg(p, recorded);
		return;
	}
	if (op == 0xCC || op == 0xCD || op == 0xCE)
		return;
	sst_first_fault(&p->insn, t->init.regs, &p->fault);
	if (p->fault.kind == SST_FAULT_GP || p->fault.kind == SST_FAULT_SS)
		plan_limit_fault(p, recorded);
	else if (is_fault_vector(recorded))
		judge_fault(p, recorded, recorded, SST_RULE_NONE);
	else if ((op == 0xF6 || op == 0xF7) && p->insn.reg >= 6 &&
		 divide_overflows(t, &p->insn))
		judge_fault(p, VEC_DE, recorded, SST_RULE_DIVIDE);
}
