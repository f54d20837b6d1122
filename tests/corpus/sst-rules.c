/* 286-versus-386 rules: see sst-rules.h and KNOWN-DIFFERENCES.md. */
#include "tests/corpus/sst-rules.h"

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
		"SDM Vol.2A LOCK; Vol.3A 6.15 (Interrupt 6)", false },
	[SST_RULE_LOCK_UD_IVT] = {
		"LOCK on a non-lockable instruction, but the #UD frame would overwrite IVT entry 6",
		"SDM Vol.2A LOCK", true },
	[SST_RULE_TOO_LONG] = {
		"instruction longer than 10 bytes: the 286 faults, the 386 executes up to 15",
		"SDM Vol.2A 2.3.11 (AVX/instruction length limit); 80286 PRM 9.1 (Interrupt 13)",
		true },
};

const struct sst_rule_info *sst_rule_info(enum sst_rule rule)
{
	return &rules[(unsigned)rule < SST_RULE_COUNT ? rule : SST_RULE_NONE];
}

static bool is_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
		return true;
	default:
		return false;
	}
}

unsigned sst_prefix_len(const uint8_t *bytes, unsigned n)
{
	unsigned k = 0;

	while (k < n && is_prefix(bytes[k]))
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
	unsigned k = sst_prefix_len(bytes, n);
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

enum sst_rule sst_classify(const uint8_t *bytes, unsigned n)
{
	unsigned len = n ? n - 1 : 0; /* without the trailing HLT */

	if (sst_lock_faults(bytes, len))
		return SST_RULE_LOCK_UD;
	if (len > LEN_LIMIT_286 && len <= LEN_LIMIT_386)
		return SST_RULE_TOO_LONG;
	return SST_RULE_NONE;
}
