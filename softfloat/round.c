/* Rounding a result to a format, and packing the rounded value. */
#include "softfloat/internal.h"

const struct fp_format FP_F32 = { 24, -126, 127, 127, false };
const struct fp_format FP_F64 = { 53, -1022, 1023, 1023, false };

/* The exponent adjustment of the x87's unmasked overflow and underflow
 * responses (SDM Vol.1 8.5.4, 8.5.5).  A result still out of range after
 * it (only FSCALE's can be) becomes infinity or zero, as measured on
 * Intel's parts. */
#define X80_WRAP 24576

struct fp_format fp_format_x80(const struct fp_env *env)
{
	struct fp_format f = { 64, -16382, 16383, F80_BIAS, true };
	if (env->precision == 24 || env->precision == 53)
		f.bits = env->precision;
	return f;
}

struct fp_rounded fp_zero(bool sign)
{
	return (struct fp_rounded){ sign, 0, 0 };
}

/* Round m to a multiple of 2^lsb (1 <= lsb <= 127; m below 2^127) in the
 * mode; *inexact says whether bits were lost, *up whether the magnitude
 * grew. */
static u128 round_at(const struct fp_env *env, bool sign, u128 m, unsigned lsb,
		     bool *inexact, bool *up)
{
	u128 unit = (u128)1 << lsb;
	u128 rest = m & (unit - 1);
	u128 half = unit >> 1;
	m -= rest;
	*inexact = rest != 0;
	*up = rest != 0 && fp_rounds_away(env, sign, rest < half ? -1 : rest > half, m & unit);
	return *up ? m + unit : m;
}

bool fp_rounds_away(const struct fp_env *env, bool sign, int rest_vs_half, bool odd)
{
	switch (env->rounding) {
	case FP_ROUND_NEAREST: return rest_vs_half > 0 || (rest_vs_half == 0 && odd);
	case FP_ROUND_DOWN: return sign;
	case FP_ROUND_UP: return !sign;
	default: return false;
	}
}

struct float80 f80_round_full(struct fp_env *env, struct fp_wide w)
{
	if (w.sig == 0)
		return f80_make(w.sign, 0, 0);
	struct fp_format f = fp_format_x80(env);
	f.bits = 64;
	return f80_pack(&f, fp_round(env, &f, w));
}

/* Overflow with the response masked: infinity, or the largest finite
 * value when the mode rounds toward zero from this side. */
static struct fp_rounded overflow_masked(struct fp_env *env, const struct fp_format *f, bool sign)
{
	bool to_infinity = env->rounding == FP_ROUND_NEAREST ||
			   (env->rounding == FP_ROUND_DOWN && sign) ||
			   (env->rounding == FP_ROUND_UP && !sign);
	env->flags |= FP_OVERFLOW | FP_INEXACT;
	env->rounded_up = to_infinity;
	uint64_t top = 1ull << (f->bits - 1);
	if (to_infinity)
		return (struct fp_rounded){ sign, (uint32_t)(f->emax + f->bias + 1), top };
	return (struct fp_rounded){ sign, (uint32_t)(f->emax + f->bias), top | (top - 1) };
}

/* Whether the value, rounded to the format's precision with an unbounded
 * exponent, lies below the smallest normal: the x87 and SSE detect
 * tininess after rounding. */
static bool is_tiny(const struct fp_env *env, const struct fp_format *f, bool sign, int32_t exp,
		    u128 m)
{
	if (exp < f->emin - 1)
		return true;
	if (exp > f->emin - 1)
		return false;
	bool inexact, up;
	u128 r = round_at(env, sign, m, 127 - f->bits, &inexact, &up);
	return (r >> 127) == 0;
}

/* A result below the normal range: rounded to the denormals' fixed
 * exponent, or flushed to zero. */
static struct fp_rounded round_tiny(struct fp_env *env, const struct fp_format *f, bool sign,
				    int32_t exp, u128 m, bool tiny)
{
	if (env->flush_to_zero && !(env->unmasked & FP_UNDERFLOW)) {
		env->flags |= FP_UNDERFLOW | FP_INEXACT;
		env->rounded_up = false;
		return fp_zero(sign);
	}
	unsigned lsb = 127 - f->bits + (unsigned)(f->emin - exp);
	if (lsb > 127) {
		m = shift_right_jam128(m, lsb - 127);
		lsb = 127;
	}
	bool inexact, up;
	m = round_at(env, sign, m, lsb, &inexact, &up);
	env->rounded_up = up;
	if (inexact)
		env->flags |= FP_INEXACT;
	if (tiny && (inexact || (env->unmasked & FP_UNDERFLOW)))
		env->flags |= FP_UNDERFLOW;
	uint64_t signif = (uint64_t)(m >> lsb);
	return (struct fp_rounded){ sign, (uint32_t)(signif >> (f->bits - 1)), signif };
}

struct fp_rounded fp_round(struct fp_env *env, const struct fp_format *f, struct fp_wide w)
{
	u128 m = shift_right_jam128(w.sig, 1); /* leading one at bit 126: room for a carry */
	int32_t exp = w.exp;
	if (exp < f->emin) {
		bool tiny = is_tiny(env, f, w.sign, exp, m);
		if (!(f->wraps && (env->unmasked & FP_UNDERFLOW)) || !tiny)
			return round_tiny(env, f, w.sign, exp, m, tiny);
		env->flags |= FP_UNDERFLOW;
		if (exp + X80_WRAP < f->emin) {
			env->flags |= FP_INEXACT;
			env->rounded_up = false;
			return fp_zero(w.sign);
		}
		exp += X80_WRAP;
	}
	unsigned lsb = 127 - f->bits;
	bool inexact, up;
	m = round_at(env, w.sign, m, lsb, &inexact, &up);
	if (m >> 127) {
		m >>= 1;
		exp++;
	}
	if (exp > f->emax) {
		if (!(f->wraps && (env->unmasked & FP_OVERFLOW)))
			return overflow_masked(env, f, w.sign);
		env->flags |= FP_OVERFLOW;
		if (exp - X80_WRAP > f->emax) {
			env->flags |= FP_INEXACT;
			env->rounded_up = true;
			return (struct fp_rounded){ w.sign, (uint32_t)(f->emax + f->bias + 1),
						    1ull << (f->bits - 1) };
		}
		exp -= X80_WRAP;
	}
	env->rounded_up = up;
	if (inexact)
		env->flags |= FP_INEXACT;
	return (struct fp_rounded){ w.sign, (uint32_t)(exp + f->bias), (uint64_t)(m >> lsb) };
}

struct float80 f80_pack(const struct fp_format *f, struct fp_rounded r)
{
	return f80_make(r.sign, r.exp_field, r.signif << (64 - f->bits));
}

uint32_t f32_pack(struct fp_rounded r)
{
	return (uint32_t)r.sign << 31 | r.exp_field << 23 | ((uint32_t)r.signif & 0x7FFFFF);
}

uint64_t f64_pack(struct fp_rounded r)
{
	return (uint64_t)r.sign << 63 | (uint64_t)r.exp_field << 52 |
	       (r.signif & 0xFFFFFFFFFFFFFull);
}
