/* MMX's moves, packs, unpacks and the instructions that combine lanes
 * (PMADDWD, PSADBW, PSHUFW, PMOVMSKB, PINSRW, PEXTRW), EMMS, and SSE's
 * non-temporal and masked stores of MM registers. */
#include "cpu/ops.h"
#include "cpu/ops_list.h"
#include "cpu/x87.h"

#define NO_F2_F3(cpu, i) do { if ((i)->rep) return UD(cpu); } while (0)

static uint64_t lane(uint64_t v, unsigned k, unsigned bits)
{
	return (v >> (k * bits)) & ((1ull << bits) - 1);
}

static int64_t signed_lane(uint64_t v, unsigned k, unsigned bits)
{
	return (int64_t)(v << (64 - (k + 1) * bits)) >> (64 - bits);
}

static uint64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return (uint64_t)(v < lo ? lo : v > hi ? hi : v);
}

/* PACKSSWB, PACKSSDW, PACKUSWB: a's lanes then b's, narrowed to half
 * their width with saturation. */
static uint64_t pack(uint64_t a, uint64_t b, unsigned bits, bool to_unsigned)
{
	unsigned half = bits / 2, n = 64 / bits;
	int64_t hi = to_unsigned ? (1ll << half) - 1 : (1ll << (half - 1)) - 1;
	int64_t lo = to_unsigned ? 0 : -(1ll << (half - 1));
	uint64_t r = 0;
	for (unsigned k = 0; k < 2 * n; k++) {
		int64_t v = signed_lane(k < n ? a : b, k % n, bits);
		r |= (clamp(v, lo, hi) & ((1ull << half) - 1)) << (k * half);
	}
	return r;
}

/* PUNPCKL*, PUNPCKH*: the low (or high) halves' lanes of a and b
 * interleaved, a's first. */
static uint64_t unpack(uint64_t a, uint64_t b, unsigned bits, bool high)
{
	unsigned n = 32 / bits, first = high ? n : 0;
	uint64_t r = 0;
	for (unsigned k = 0; k < n; k++) {
		r |= lane(a, first + k, bits) << (2 * k * bits);
		r |= lane(b, first + k, bits) << ((2 * k + 1) * bits);
	}
	return r;
}

static uint64_t pmaddwd(uint64_t a, uint64_t b)
{
	uint64_t r = 0;
	for (unsigned k = 0; k < 2; k++) {
		int64_t s = signed_lane(a, 2 * k, 16) * signed_lane(b, 2 * k, 16) +
			    signed_lane(a, 2 * k + 1, 16) * signed_lane(b, 2 * k + 1, 16);
		r |= ((uint64_t)s & 0xFFFFFFFFu) << (32 * k);
	}
	return r;
}

static uint64_t psadbw(uint64_t a, uint64_t b)
{
	uint64_t sum = 0;
	for (unsigned k = 0; k < 8; k++) {
		uint64_t x = lane(a, k, 8), y = lane(b, k, 8);
		sum += x > y ? x - y : y - x;
	}
	return sum;
}

/* 0F 60-6B, F5, F6: the operations on two whole registers. */
HANDLER(op_mmx_pack)
{
	NO_F2_F3(cpu, i);
	uint64_t b;
	if (mmx_begin(cpu) || mmx_read_source(cpu, i, &b))
		return R_FAULT;
	uint64_t a = mmx_get(cpu, i->reg), r;
	switch (i->op) {
	case 0x60: case 0x61: case 0x62: r = unpack(a, b, 8u << (i->op - 0x60), false); break;
	case 0x68: case 0x69: case 0x6A: r = unpack(a, b, 8u << (i->op - 0x68), true); break;
	case 0x63: r = pack(a, b, 16, false); break;
	case 0x67: r = pack(a, b, 16, true); break;
	case 0x6B: r = pack(a, b, 32, false); break;
	case 0xF5: r = pmaddwd(a, b); break;
	case 0xF6: r = psadbw(a, b); break;
	default: return UD(cpu);
	}
	mmx_set(cpu, i->reg, r);
	return R_NEXT;
}

/* 0F 6E MOVD mm, r/m32; 0F 7E MOVD r/m32, mm; 0F 6F MOVQ mm, mm/m64;
 * 0F 7F and 0F E7 (MOVNTQ, memory only) MOVQ mm/m64, mm. */
HANDLER(op_mmx_mov)
{
	NO_F2_F3(cpu, i);
	if (i->op == 0xE7 && i->mod == 3)
		return UD(cpu);
	if (mmx_begin(cpu))
		return R_FAULT;
	uint32_t v32;
	uint64_t v;
	switch (i->op) {
	case 0x6E:
		if (rm_read(cpu, i, 4, &v32))
			return R_FAULT;
		mmx_set(cpu, i->reg, v32);
		return R_NEXT;
	case 0x7E:
		return rm_write(cpu, i, 4, (uint32_t)mmx_get(cpu, i->reg));
	case 0x6F:
		if (mmx_read_source(cpu, i, &v))
			return R_FAULT;
		mmx_set(cpu, i->reg, v);
		return R_NEXT;
	default:
		if (i->mod == 3) {
			mmx_set(cpu, i->rm, mmx_get(cpu, i->reg));
			return R_NEXT;
		}
		return x87_write_qword(cpu, i->seg, insn_ea(cpu, i), mmx_get(cpu, i->reg));
	}
}

/* 0F 77 EMMS: every register empty. */
HANDLER(op_emms)
{
	NO_F2_F3(cpu, i);
	int r = mmx_available(cpu);
	if (r != R_NEXT)
		return r;
	cpu->fpu.empty = 0xFF;
	return R_NEXT;
}

/* 0F 70 PSHUFW mm, mm/m64, imm8. */
HANDLER(op_pshufw)
{
	NO_F2_F3(cpu, i);
	uint64_t b, r = 0;
	if (mmx_begin(cpu) || mmx_read_source(cpu, i, &b))
		return R_FAULT;
	for (unsigned k = 0; k < 4; k++)
		r |= lane(b, (i->imm >> (2 * k)) & 3, 16) << (16 * k);
	mmx_set(cpu, i->reg, r);
	return R_NEXT;
}

/* 0F C4 PINSRW mm, r32/m16, imm8; 0F C5 PEXTRW r32, mm, imm8; 0F D7
 * PMOVMSKB r32, mm. */
HANDLER(op_mmx_words)
{
	NO_F2_F3(cpu, i);
	if (i->op != 0xC4 && i->mod != 3)
		return UD(cpu);
	if (mmx_begin(cpu))
		return R_FAULT;
	unsigned k = i->imm & 3;
	if (i->op == 0xC4) {
		uint32_t v;
		if (rm_read(cpu, i, 2, &v))
			return R_FAULT;
		uint64_t a = mmx_get(cpu, i->reg) & ~(0xFFFFull << (16 * k));
		mmx_set(cpu, i->reg, a | (uint64_t)(v & 0xFFFF) << (16 * k));
		return R_NEXT;
	}
	uint64_t src = mmx_get(cpu, i->rm);
	uint32_t r = 0;
	if (i->op == 0xC5) {
		r = (uint32_t)lane(src, k, 16);
	} else {
		for (unsigned b = 0; b < 8; b++)
			r |= (uint32_t)((src >> (8 * b + 7)) & 1) << b;
	}
	cpu->reg[i->reg] = r;
	return R_NEXT;
}

/* 0F F7 MASKMOVQ mm1, mm2: the bytes of mm1 whose mask byte in mm2 has
 * its top bit set, stored at DS:(E)DI (a segment override applies). */
HANDLER(op_maskmovq)
{
	NO_F2_F3(cpu, i);
	if (i->mod != 3)
		return UD(cpu);
	if (mmx_begin(cpu))
		return R_FAULT;
	uint64_t data = mmx_get(cpu, i->reg), mask = mmx_get(cpu, i->rm);
	uint32_t off = i->addr32 ? cpu->reg[R_EDI] : cpu->reg[R_EDI] & 0xFFFF;
	if (mask & 0x8080808080808080ull && mem_probe_write(cpu, i->seg, off, 8))
		return R_FAULT;
	for (unsigned k = 0; k < 8; k++)
		if ((mask >> (8 * k + 7)) & 1)
			if (mem_write(cpu, i->seg, off + k, 1, (uint32_t)lane(data, k, 8)))
				return R_FAULT;
	return R_NEXT;
}
