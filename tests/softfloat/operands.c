/* The operand generator (operands.h). */
#include "tests/softfloat/operands.h"

uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* A significand: random, or with long runs of ones or zeros at the
 * bottom, so that roundings land on and around half-way points. */
static uint64_t random_signif(uint64_t *rng)
{
	uint64_t s = rng_next(rng);
	switch (rng_next(rng) % 6) {
	case 0:
		return s | ((1ull << (rng_next(rng) % 64)) - 1);
	case 1:
		return s & ~((1ull << (rng_next(rng) % 64)) - 1);
	case 2:
		return 1ull << (rng_next(rng) % 64);
	default:
		return s;
	}
}

static unsigned random_normal_exp(uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	switch (r % 5) {
	case 0:
		return 1 + (unsigned)(r >> 8) % 0x7FFE;          /* anywhere */
	case 1:
		return 1 + (unsigned)(r >> 8) % 80;              /* near the smallest */
	case 2:
		return 0x7FFE - (unsigned)(r >> 8) % 80;         /* near the largest */
	default:
		return 0x3FFF - 70 + (unsigned)(r >> 8) % 140;   /* near one */
	}
}

struct float80 random_f80(uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	bool sign = r & 1;
	uint64_t sig = random_signif(rng);
	const uint64_t integer = 1ull << 63, quiet = 1ull << 62;
	switch ((r >> 1) % 24) {
	case 0:
		return f80_make(sign, 0, 0);
	case 1:
	case 2:
		return f80_make(sign, 0, (sig & ~integer) | 1);
	case 3:
		return f80_make(sign, 0, sig | integer);
	case 4:
		return f80_make(sign, F80_EXP_MAX, integer);
	case 5:
		return f80_make(sign, F80_EXP_MAX, sig | integer | quiet);
	case 6:
		return f80_make(sign, F80_EXP_MAX, ((sig | integer) & ~quiet) | 1);
	case 7:
		return f80_make(sign, random_normal_exp(rng), sig & ~integer);
	default:
		return f80_make(sign, random_normal_exp(rng), sig | integer);
	}
}

struct float80 random_f80_near(uint64_t *rng, struct float80 near)
{
	uint64_t r = rng_next(rng);
	if (r & 1)
		return random_f80(rng);
	int exp = (int)f80_exp(near) + (int)((r >> 1) % 131) - 65;
	if (exp < 1 || exp > 0x7FFE)
		exp = (int)f80_exp(near);
	struct float80 v = f80_make((r >> 9) & 1, (unsigned)exp, random_signif(rng) | 1ull << 63);
	if ((r >> 10) % 4 == 0) /* the same significand but for the low bits */
		v.signif = near.signif ^ (rng_next(rng) & 0xFFFF);
	return v;
}

uint32_t random_f32(uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	uint32_t sign = (uint32_t)(r & 1) << 31;
	uint32_t frac = (uint32_t)(random_signif(rng) >> 41);
	static const uint32_t exps[] = { 0, 0, 1, 2, 0xFE, 0xFD, 0xFF, 0xFF };
	uint32_t exp = (r >> 1) % 2 ? exps[(r >> 2) % 8] : 1 + (uint32_t)(r >> 8) % 0xFE;
	if (exp == 0xFF && (r >> 12) % 3 == 0)
		frac = 0;
	return sign | exp << 23 | frac;
}

uint64_t random_f64(uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	uint64_t sign = (r & 1) << 63;
	uint64_t frac = random_signif(rng) >> 12;
	static const uint64_t exps[] = { 0, 0, 1, 2, 0x7FE, 0x7FD, 0x7FF, 0x7FF };
	uint64_t exp = (r >> 1) % 2 ? exps[(r >> 2) % 8] : 1 + (r >> 8) % 0x7FE;
	if (exp == 0x7FF && (r >> 20) % 3 == 0)
		frac = 0;
	return sign | exp << 52 | frac;
}

uint16_t random_control_word(uint64_t *rng, int unmask_ou)
{
	static const uint16_t precision[] = { 0, 2, 3, 3 };
	uint64_t r = rng_next(rng);
	uint16_t cw = 0x0040 | FP_ALL_EXCEPTIONS;
	cw |= (uint16_t)((r & 3) << 10);
	cw |= (uint16_t)(precision[(r >> 2) & 3] << 8);
	if (unmask_ou) {
		uint16_t unmask = (uint16_t)(((r >> 4) % 3 + 1) << 3); /* OE, UE or both */
		cw &= (uint16_t)~unmask;
	}
	return cw;
}
