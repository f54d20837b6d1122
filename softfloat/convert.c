/* Conversions between the extended format and integers, packed BCD,
 * single and double precision. */
#include <string.h>

#include "softfloat/internal.h"

static struct float80 from_magnitude(bool sign, uint64_t mag)
{
	if (mag == 0)
		return f80_make(sign, 0, 0);
	unsigned shift = (unsigned)__builtin_clzll(mag);
	return f80_make(sign, (unsigned)(F80_BIAS + 63 - (int)shift), mag << shift);
}

struct float80 f80_from_int(int64_t v)
{
	bool sign = v < 0;
	return from_magnitude(sign, sign ? 0 - (uint64_t)v : (uint64_t)v);
}

/* |a| rounded to an integer in the mode, or truncated: the integer (which
 * may not fit 64 bits: *too_large), whether bits were lost, whether the
 * magnitude grew. */
static uint64_t round_magnitude(const struct fp_env *env, struct fp_parts p, bool truncate,
				bool *too_large, bool *inexact, bool *up)
{
	*too_large = p.exp > 63;
	*inexact = *up = false;
	if (*too_large)
		return 0;
	/* 64 integer bits and 64 fraction bits */
	u128 fixed = shift_right_jam128((u128)p.sig << 64, (unsigned)(63 - p.exp));
	uint64_t integer = (uint64_t)(fixed >> 64), fraction = (uint64_t)fixed;
	const uint64_t half = 1ull << 63;
	*inexact = fraction != 0;
	if (!*inexact || truncate)
		return integer;
	*up = fp_rounds_away(env, p.sign, fraction < half ? -1 : fraction > half, integer & 1);
	if (*up && ++integer == 0)
		*too_large = true;
	return integer;
}

int64_t f80_to_int(struct fp_env *env, struct float80 a, unsigned bits, bool truncate)
{
	const uint64_t limit = 1ull << (bits - 1); /* the most negative value's magnitude */
	const int64_t indefinite = -(int64_t)(limit - 1) - 1;
	enum f80_class c = f80_classify(a);
	env->rounded_up = false;
	if (c == F80_ZERO)
		return 0;
	if (c == F80_UNSUPPORTED || c == F80_INFINITY || c == F80_QNAN || c == F80_SNAN) {
		env->flags |= FP_INVALID;
		return indefinite;
	}
	struct fp_parts p = f80_unpack(a);
	bool too_large, inexact, up;
	uint64_t mag = round_magnitude(env, p, truncate, &too_large, &inexact, &up);
	if (too_large || mag > limit || (mag == limit && !p.sign)) {
		env->flags |= FP_INVALID;
		return indefinite;
	}
	if (inexact)
		env->flags |= FP_INEXACT;
	env->rounded_up = up;
	return p.sign ? (int64_t)(0 - mag) : (int64_t)mag;
}

struct float80 f80_round_to_int(struct fp_env *env, struct float80 a)
{
	enum f80_class c = f80_classify(a);
	struct float80 r;
	if (f80_check_operand(env, a, c, &r))
		return r;
	if (c == F80_ZERO || c == F80_INFINITY)
		return a;
	f80_note_denormals(env, c, c);
	struct fp_parts p = f80_unpack(a);
	if (p.exp >= 63)
		return a;
	bool too_large, inexact, up;
	uint64_t mag = round_magnitude(env, p, false, &too_large, &inexact, &up);
	if (inexact)
		env->flags |= FP_INEXACT;
	env->rounded_up = up;
	return from_magnitude(p.sign, mag);
}

/* A NaN of a narrower format widened: its payload at the top of the
 * significand. */
static struct float80 widen_nan(struct fp_env *env, bool sign, uint64_t payload_at_top)
{
	struct float80 n = f80_make(sign, F80_EXP_MAX, 1ull << 63 | payload_at_top);
	return f80_quiet_nan(env, n);
}

/* A value of a narrower format (frac_bits of fraction, exponent field of
 * exp_bits) widened exactly. */
static struct float80 widen(struct fp_env *env, bool sign, uint32_t exp, uint64_t frac,
			    unsigned frac_bits, unsigned exp_bits)
{
	const uint32_t exp_max = (1u << exp_bits) - 1;
	const int32_t bias = (int32_t)(exp_max >> 1);
	env->rounded_up = false;
	if (exp == exp_max) {
		if (frac == 0)
			return f80_make(sign, F80_EXP_MAX, 1ull << 63);
		return widen_nan(env, sign, frac << (63 - frac_bits));
	}
	if (exp == 0) {
		if (frac == 0)
			return f80_make(sign, 0, 0);
		env->flags |= FP_DENORMAL;
		unsigned shift = (unsigned)__builtin_clzll(frac);
		int32_t e = 1 - bias - (int32_t)(shift - (63 - frac_bits));
		return f80_make(sign, (unsigned)(e + F80_BIAS), frac << shift);
	}
	uint64_t sig = 1ull << 63 | frac << (63 - frac_bits);
	return f80_make(sign, (unsigned)((int32_t)exp - bias + F80_BIAS), sig);
}

struct float80 f80_from_f32(struct fp_env *env, uint32_t a)
{
	return widen(env, a >> 31, (a >> 23) & 0xFF, a & 0x7FFFFF, 23, 8);
}

struct float80 f80_from_f64(struct fp_env *env, uint64_t a)
{
	return widen(env, a >> 63, (uint32_t)(a >> 52) & 0x7FF, a & 0xFFFFFFFFFFFFFull, 52, 11);
}

/* The extended value rounded to a narrower format; NaNs keep the top of
 * their payload, quieted. */
static struct fp_rounded narrow(struct fp_env *env, const struct fp_format *f, struct float80 a)
{
	enum f80_class c = f80_classify(a);
	const uint32_t inf_field = (uint32_t)(f->emax + f->bias + 1);
	const uint64_t top = 1ull << (f->bits - 1);
	env->rounded_up = false;
	switch (c) {
	case F80_ZERO:
		return fp_zero(f80_sign(a));
	case F80_INFINITY:
		return (struct fp_rounded){ f80_sign(a), inf_field, top };
	case F80_UNSUPPORTED:
		env->flags |= FP_INVALID;
		return (struct fp_rounded){ true, inf_field, top | top >> 1 };
	case F80_QNAN:
	case F80_SNAN:
		a = f80_quiet_nan(env, a);
		return (struct fp_rounded){ f80_sign(a), inf_field, a.signif >> (64 - f->bits) };
	default: /* a denormal source raises no DE here */
		break;
	}
	return fp_round(env, f, fp_widen(f80_unpack(a)));
}

uint32_t f80_to_f32(struct fp_env *env, struct float80 a)
{
	return f32_pack(narrow(env, &FP_F32, a));
}

uint64_t f80_to_f64(struct fp_env *env, struct float80 a)
{
	return f64_pack(narrow(env, &FP_F64, a));
}

struct float80 f80_from_bcd(const uint8_t bcd[10])
{
	uint64_t v = 0;
	for (int k = 8; k >= 0; k--)
		v = v * 100 + (bcd[k] >> 4) * 10 + (bcd[k] & 15);
	return from_magnitude(bcd[9] & 0x80, (uint64_t)v);
}

void f80_to_bcd(struct fp_env *env, struct float80 a, uint8_t bcd[10])
{
	static const uint8_t indefinite[10] = { 0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF };
	const int64_t largest = 999999999999999999ll;
	enum f80_class c = f80_classify(a); /* a denormal raises no DE */
	struct fp_env scratch = *env;
	scratch.flags = 0;
	int64_t v = c == F80_ZERO ? 0 : f80_to_int(&scratch, a, 64, false);
	env->rounded_up = scratch.rounded_up;
	if ((scratch.flags & FP_INVALID) || v > largest || v < -largest) {
		env->flags |= FP_INVALID;
		env->rounded_up = false;
		memcpy(bcd, indefinite, sizeof indefinite);
		return;
	}
	env->flags |= scratch.flags;
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	for (int k = 0; k < 9; k++) {
		bcd[k] = (uint8_t)(mag % 10 | (mag / 10 % 10) << 4);
		mag /= 100;
	}
	bcd[9] = f80_sign(a) ? 0x80 : 0;
}
