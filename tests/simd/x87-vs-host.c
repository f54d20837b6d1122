/* x87-vs-host: every x87 register-form instruction run by smmbox's CPU
 * and by the host's x87 from the same state, compared through FNSAVE's
 * image: the control, status and tag words and every register that is
 * not empty, bit for bit; EFLAGS' arithmetic flags and AX too.  The
 * state: one, two or all eight registers pushed (so that stack underflow
 * and overflow happen), any control word (unmasked exceptions included:
 * FNSAVE does not wait, so none traps), random arithmetic flags.  The
 * transcendentals are compared to within one unit in the last place of
 * the precision; the rest exactly.  TAP, one test per instruction.
 *
 *   x87-vs-host [--count N] [--seed S] [NAME...]
 *
 * Skipped on a host that is not x86-64. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "mem/bus.h"
#include "tests/simd/emulator.h"
#include "tests/simd/host-jit.h"
#include "tests/softfloat/operands.h"
#include "tests/softfloat/tap-runner.h"

#define DATA_AT 0x2000u   /* the registers to push, then the control word */
#define IMAGE_AT 0x3000u
#define ARITH_FLAGS 0x8D5u

/* Where ST(0) is drawn from: anywhere, or the domain the SDM defines
 * F2XM1 (|x| <= 1) and FYL2XP1 (|x| < 1 - sqrt(2)/2) on; outside it the
 * result is undefined. */
enum domain { ANYWHERE, UNIT, LOG1P };

struct instruction {
	const char *name;
	uint8_t bytes[2];
	bool approximate;   /* a transcendental */
	enum domain domain;
};

/* X: compared exactly; T: a transcendental, to within 1 ulp. */
#define X(name, b0, b1) { name, { b0, b1 }, false, ANYWHERE }
#define T(name, b0, b1, domain) { name, { b0, b1 }, true, domain }
static const struct instruction instructions[] = {
	X("fadd", 0xD8, 0xC1), X("fmul", 0xD8, 0xC9), X("fcom", 0xD8, 0xD1),
	X("fcomp", 0xD8, 0xD9), X("fsub", 0xD8, 0xE1), X("fsubr", 0xD8, 0xE9),
	X("fdiv", 0xD8, 0xF1), X("fdivr", 0xD8, 0xF9), X("fld_st1", 0xD9, 0xC1),
	X("fxch", 0xD9, 0xC9), X("fnop", 0xD9, 0xD0), X("fchs", 0xD9, 0xE0),
	X("fabs", 0xD9, 0xE1), X("ftst", 0xD9, 0xE4), X("fxam", 0xD9, 0xE5),
	X("fld1", 0xD9, 0xE8), X("fldl2t", 0xD9, 0xE9), X("fldl2e", 0xD9, 0xEA),
	X("fldpi", 0xD9, 0xEB), X("fldlg2", 0xD9, 0xEC), X("fldln2", 0xD9, 0xED),
	X("fldz", 0xD9, 0xEE), T("f2xm1", 0xD9, 0xF0, UNIT), T("fyl2x", 0xD9, 0xF1, ANYWHERE),
	T("fptan", 0xD9, 0xF2, ANYWHERE), T("fpatan", 0xD9, 0xF3, ANYWHERE),
	X("fxtract", 0xD9, 0xF4), X("fprem1", 0xD9, 0xF5), X("fdecstp", 0xD9, 0xF6),
	X("fincstp", 0xD9, 0xF7), X("fprem", 0xD9, 0xF8), T("fyl2xp1", 0xD9, 0xF9, LOG1P),
	X("fsqrt", 0xD9, 0xFA),
	T("fsincos", 0xD9, 0xFB, ANYWHERE), X("frndint", 0xD9, 0xFC), X("fscale", 0xD9, 0xFD),
	T("fsin", 0xD9, 0xFE, ANYWHERE), T("fcos", 0xD9, 0xFF, ANYWHERE),
	X("fcmovb", 0xDA, 0xC1), X("fcmove", 0xDA, 0xC9), X("fcmovbe", 0xDA, 0xD1),
	X("fcmovu", 0xDA, 0xD9), X("fucompp", 0xDA, 0xE9), X("fcmovnb", 0xDB, 0xC1),
	X("fcmovne", 0xDB, 0xC9), X("fcmovnbe", 0xDB, 0xD1), X("fcmovnu", 0xDB, 0xD9),
	X("fnclex", 0xDB, 0xE2), X("fninit", 0xDB, 0xE3), X("fucomi", 0xDB, 0xE9),
	X("fcomi", 0xDB, 0xF1), X("fadd_to_st1", 0xDC, 0xC1), X("fmul_to_st1", 0xDC, 0xC9),
	X("fsubr_to_st1", 0xDC, 0xE1), X("fsub_to_st1", 0xDC, 0xE9),
	X("fdivr_to_st1", 0xDC, 0xF1), X("fdiv_to_st1", 0xDC, 0xF9), X("ffree", 0xDD, 0xC1),
	X("fst_st1", 0xDD, 0xD1), X("fstp_st1", 0xDD, 0xD9), X("fucom", 0xDD, 0xE1),
	X("fucomp", 0xDD, 0xE9), X("faddp", 0xDE, 0xC1), X("fmulp", 0xDE, 0xC9),
	X("fcompp", 0xDE, 0xD9), X("fsubrp", 0xDE, 0xE1), X("fsubp", 0xDE, 0xE9),
	X("fdivrp", 0xDE, 0xF1), X("fdivp", 0xDE, 0xF9), X("fnstsw_ax", 0xDF, 0xE0),
	X("fucomip", 0xDF, 0xE9), X("fcomip", 0xDF, 0xF1),
};
#undef X
#undef T
#define INSTRUCTION_COUNT (sizeof instructions / sizeof instructions[0])

static void put_f80(uint8_t *to, struct float80 v)
{
	memcpy(to, &v.signif, 8);
	memcpy(to + 8, &v.sign_exp, 2);
}

/* ST(0) within a domain: a normal number inside it, or now and then a
 * zero or a NaN. */
static struct float80 random_in_domain(uint64_t *rng, enum domain d)
{
	uint64_t r = rng_next(rng);
	if (r % 8 == 0)
		return r & 8 ? f80_make(r & 16, 0, 0) : f80_make(r & 16, 0x7FFF, 0xC000000000000000ull | r);
	int high = d == UNIT ? -1 : -3;
	unsigned exp = (unsigned)(0x3FFF + high - (int)((r >> 8) % 80));
	return f80_make((r >> 20) & 1, exp, rng_next(rng) | 1ull << 63);
}

/* One, two or eight registers (underflow, the usual, overflow), the last
 * two often close; any control word; random arithmetic flags. */
static void random_state(uint64_t *rng, const struct instruction *in, struct x87_state *s)
{
	static const uint16_t counts[] = { 1, 2, 2, 2, 2, 2, 8 };
	memset(s, 0, sizeof *s);
	s->count = counts[rng_next(rng) % 7];
	struct float80 prev = random_f80(rng);
	for (unsigned k = 0; k < s->count; k++) {
		struct float80 v = k ? random_f80_near(rng, prev) : prev;
		put_f80(s->regs[k], v);
		prev = v;
	}
	if (in->domain != ANYWHERE)
		put_f80(s->regs[s->count - 1], random_in_domain(rng, in->domain));
	uint64_t r = rng_next(rng);
	s->cw = (uint16_t)(random_control_word(rng, 0) & ~0x3F) | (uint16_t)(r & 0x3F);
	if ((r >> 6) % 2)
		s->cw |= 0x3F;
	s->eflags = 2 | ((uint32_t)(r >> 8) & ARITH_FLAGS);
	s->eax = (uint32_t)(r >> 32);
}

static unsigned put_code(uint8_t *code, const uint8_t *bytes, unsigned len)
{
	memcpy(code, bytes, len);
	return len;
}

/* The same sequence in real mode: FNINIT, FLDCW, the FLDs, the
 * instruction, a 32-bit FNSAVE, HLT. */
static void emulator_run(struct emulator *e, const uint8_t *insn, struct x87_state *s)
{
	uint8_t code[64];
	unsigned n = 0;
	const uint8_t fninit[] = { 0xDB, 0xE3 };
	const uint8_t fldcw[] = { 0xD9, 0x2E, (uint8_t)(DATA_AT + 80), (uint8_t)((DATA_AT + 80) >> 8) };
	n += put_code(code + n, fninit, 2);
	n += put_code(code + n, fldcw, 4);
	for (unsigned k = 0; k < s->count; k++) {
		uint16_t at = (uint16_t)(DATA_AT + 10 * k);
		const uint8_t fld[] = { 0xDB, 0x2E, (uint8_t)at, (uint8_t)(at >> 8) };
		n += put_code(code + n, fld, 4);
	}
	n += put_code(code + n, insn, 2);
	const uint8_t fnsave[] = { 0x66, 0xDD, 0x36, (uint8_t)IMAGE_AT, (uint8_t)(IMAGE_AT >> 8), 0xF4 };
	n += put_code(code + n, fnsave, sizeof fnsave);
	bus_poke(e->bus, BUS_VIEW_NORMAL, DATA_AT, s->regs, 80);
	bus_poke(e->bus, BUS_VIEW_NORMAL, DATA_AT + 80, &s->cw, 2);
	emulator_start(e, code, n);
	struct cpu *cpu = e->cpu;
	cpu->reg[R_EAX] = s->eax;
	cpu_set_eflags(cpu, s->eflags);
	cpu_state_changed(cpu);
	cpu_run(cpu, s->count + 5u);
	bus_peek(e->bus, BUS_VIEW_NORMAL, IMAGE_AT, s->image, sizeof s->image);
	s->eax = cpu->reg[R_EAX];
	s->eflags = cpu_get_eflags(cpu);
}

static struct float80 image_reg(const struct x87_state *s, unsigned i)
{
	struct float80 v;
	memcpy(&v.signif, s->image + 28 + 10 * i, 8);
	memcpy(&v.sign_exp, s->image + 36 + 10 * i, 2);
	return v;
}

/* How many units in the last place (of 64 bits) two finite values of
 * one sign are apart; UINT64_MAX otherwise. */
static uint64_t ulps_apart(struct float80 a, struct float80 b)
{
	if (a.signif == b.signif && a.sign_exp == b.sign_exp)
		return 0;
	if (f80_sign(a) != f80_sign(b) || f80_exp(a) == 0x7FFF || f80_exp(b) == 0x7FFF)
		return UINT64_MAX;
	__int128 ka = (__int128)f80_exp(a) << 63 | (a.signif & ~(1ull << 63));
	__int128 kb = (__int128)f80_exp(b) << 63 | (b.signif & ~(1ull << 63));
	__int128 d = ka > kb ? ka - kb : kb - ka;
	return d > 1000 ? UINT64_MAX : (uint64_t)d;
}

static uint16_t word_at(const struct x87_state *s, unsigned off)
{
	return (uint16_t)(s->image[off] | s->image[off + 1] << 8);
}

/* The status word's bits compared for a transcendental: all but C1 and
 * PE, UE (which follow the last bit). */
#define STATUS_ROUNDING_BITS 0x0230u

static bool same(const struct instruction *in, const struct x87_state *a, const struct x87_state *b)
{
	uint16_t status_mask = in->approximate ? (uint16_t)~STATUS_ROUNDING_BITS : 0xFFFF;
	if (word_at(a, 0) != word_at(b, 0) || word_at(a, 8) != word_at(b, 8) ||
	    ((word_at(a, 4) ^ word_at(b, 4)) & status_mask))
		return false;
	if (((a->eflags ^ b->eflags) & ARITH_FLAGS) || (a->eax & 0xFFFF) != (b->eax & 0xFFFF))
		return false;
	uint16_t tags = word_at(a, 8), top = (word_at(a, 4) >> 11) & 7;
	for (unsigned i = 0; i < 8; i++) {
		if (((tags >> (2 * ((top + i) & 7))) & 3) == 3)
			continue;
		uint64_t d = ulps_apart(image_reg(a, i), image_reg(b, i));
		if (d > (in->approximate ? 1u : 0u))
			return false;
	}
	return true;
}

static void print_state(const char *label, const struct x87_state *s)
{
	printf("#   %s cw=%04x sw=%04x tw=%04x eflags=%03x ax=%04x", label, word_at(s, 0),
	       word_at(s, 4), word_at(s, 8), s->eflags & ARITH_FLAGS, s->eax & 0xFFFF);
	for (unsigned i = 0; i < 2; i++) {
		struct float80 v = image_reg(s, i);
		printf(" st%u=%04x:%016" PRIx64, i, v.sign_exp, v.signif);
	}
	printf("\n");
}

static bool run_instruction(struct emulator *e, unsigned number, const struct instruction *in,
			    uint64_t count, uint64_t seed)
{
	uint64_t rng = seed * 0x9E3779B97F4A7C15ull + number, mismatches = 0;
	for (uint64_t n = 0; n < count; n++) {
		struct x87_state start, host, ours;
		random_state(&rng, in, &start);
		host = ours = start;
		host_jit_run_x87(in->bytes, 2, &host);
		emulator_run(e, in->bytes, &ours);
		if (same(in, &host, &ours))
			continue;
		if (++mismatches <= 3) {
			printf("# %s set %" PRIu64 ": %u pushed, cw=%04x, eflags=%03x", in->name, n,
			       start.count, start.cw, start.eflags);
			for (unsigned k = start.count; k-- > 0 && k + 2 >= start.count;) {
				struct float80 v;
				memcpy(&v.signif, start.regs[k], 8);
				memcpy(&v.sign_exp, start.regs[k] + 8, 2);
				printf(" %04x:%016" PRIx64, v.sign_exp, v.signif);
			}
			printf("\n");
			print_state("host", &host);
			print_state("ours", &ours);
		}
	}
	printf("%s %u - %s: %" PRIu64 " states, %" PRIu64 " mismatches\n",
	       mismatches ? "not ok" : "ok", number, in->name, count, mismatches);
	return mismatches == 0;
}

static const char *instruction_name(size_t k)
{
	return instructions[k].name;
}

static bool run_numbered(size_t k, uint64_t sets, uint64_t seed, void *ctx)
{
	return run_instruction(ctx, (unsigned)k + 1, &instructions[k], sets, seed);
}

int main(int argc, char **argv)
{
	struct emulator e;
	const struct tap_tests tests = {
		"x87-vs-host", INSTRUCTION_COUNT, instruction_name, run_numbered, &e, 10000,
	};
	return simd_tests_main(&tests, &e, argc, argv);
}
