/* The x87's exponential and logarithms: F2XM1, FYL2X and FYL2XP1, on
 * 128-bit arithmetic. */
#include "softfloat/internal.h"

static struct fp_wide ln2_wide(void)
{
	return wide_constant(-1, 0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull);
}

static struct fp_wide log2e_wide(void)
{
	return wide_constant(0, 0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull);
}

/* e^t - 1 for |t| < 1, by its series (no cancellation near 0). */
static struct fp_wide expm1_series(struct fp_wide t)
{
	struct fp_wide term = t, sum = t;
	for (uint64_t n = 2; n < 80; n++) {
		term = wide_div_small(wide_mul(term, t), n);
		sum = wide_add(sum, term);
		if (term.sig == 0 || term.exp < sum.exp - 120)
			break;
	}
	return sum;
}

struct float80 f80_2xm1(struct fp_env *env, struct float80 a)
{
	enum f80_class c = f80_classify(a);
	struct float80 r;
	if (f80_check_operand(env, a, c, &r))
		return r;
	if (c == F80_ZERO)
		return a;
	if (c == F80_INFINITY)
		return f80_sign(a) ? f80_make(true, 0x3FFF, 1ull << 63) : a;
	f80_note_denormals(env, c, c);
	struct fp_parts p = f80_unpack(a);
	/* 2^a = 2^n * 2^f with n = trunc(a) for the arguments the SDM leaves
	 * undefined (|a| > 1); 2^f - 1 by the series of e^(f ln 2) - 1. */
	int32_t n = 0;
	struct fp_wide f = fp_widen(p);
	if (p.exp >= 0) {
		int64_t whole = p.exp > 20 ? (1 << 20) : (int64_t)(p.sig >> (63 - p.exp));
		n = (int32_t)(p.sign ? -whole : whole);
		f = wide_sub(f, wide_from_int(n));
	}
	struct fp_wide e = expm1_series(wide_mul(f, ln2_wide()));
	if (n != 0) /* 2^n * (e + 1) - 1 */
		e = wide_sub(wide_scale(wide_add(e, wide_from_int(1)), n), wide_from_int(1));
	return f80_round_full(env, e);
}

/* ln m for 1/sqrt(2) <= m <= sqrt(2): 2 atanh(s), s = (m - 1) / (m + 1). */
static struct fp_wide ln_near_one(struct fp_wide m_minus_1, struct fp_wide m_plus_1)
{
	struct fp_wide s = wide_div(m_minus_1, m_plus_1);
	struct fp_wide s2 = wide_mul(s, s), power = s, sum = s;
	for (uint64_t n = 3; n < 200; n += 2) {
		power = wide_mul(power, s2);
		struct fp_wide term = wide_div_small(power, n);
		sum = wide_add(sum, term);
		if (term.sig == 0 || term.exp < sum.exp - 120)
			break;
	}
	return wide_scale(sum, 1);
}

/* log2 x for a positive finite x. */
static struct fp_wide log2_wide(struct fp_parts x)
{
	const struct fp_wide one = wide_from_int(1);
	int32_t e = x.exp;
	struct fp_wide m = fp_widen((struct fp_parts){ false, 0, x.sig });
	if (x.sig > 0xB504F333F9DE6484ull) { /* m > sqrt(2) */
		m = wide_scale(m, -1);
		e++;
	}
	struct fp_wide ln_m = ln_near_one(wide_sub(m, one), wide_add(m, one));
	return wide_add(wide_from_int(e), wide_mul(ln_m, log2e_wide()));
}

/* The sign and kind of log2 x for FYL2X's special cases: -1 below zero
 * (invalid), else the class of the logarithm. */
enum log_kind { LOG_INVALID, LOG_MINUS_INFINITY, LOG_NEGATIVE, LOG_ZERO, LOG_POSITIVE,
		LOG_PLUS_INFINITY };

static enum log_kind log_kind_of(struct float80 x, enum f80_class c)
{
	if (c == F80_ZERO)
		return LOG_MINUS_INFINITY;
	if (f80_sign(x))
		return LOG_INVALID;
	if (c == F80_INFINITY)
		return LOG_PLUS_INFINITY;
	if (f80_exp(x) == 0x3FFF && x.signif == 1ull << 63)
		return LOG_ZERO;
	return f80_exp(x) >= 0x3FFF ? LOG_POSITIVE : LOG_NEGATIVE;
}

/* y * L for the special cases, L's kind given and at least one of y and
 * L zero or infinite (y finite and nonzero, L finite and nonzero is the
 * caller's). */
static struct float80 special_product(struct fp_env *env, struct float80 y, enum f80_class cy,
				      enum log_kind kind)
{
	bool l_negative = kind == LOG_MINUS_INFINITY || kind == LOG_NEGATIVE;
	bool l_infinite = kind == LOG_MINUS_INFINITY || kind == LOG_PLUS_INFINITY;
	bool sign = f80_sign(y) ^ l_negative;
	if ((cy == F80_ZERO && l_infinite) || (cy == F80_INFINITY && kind == LOG_ZERO))
		return f80_invalid(env);
	if (cy == F80_INFINITY || l_infinite) {
		if (kind == LOG_MINUS_INFINITY && cy != F80_INFINITY)
			env->flags |= FP_DIVZERO;
		return f80_make(sign, F80_EXP_MAX, 1ull << 63);
	}
	return f80_make(sign, 0, 0);
}

struct float80 f80_yl2x(struct fp_env *env, struct float80 y, struct float80 x)
{
	enum f80_class cy = f80_classify(y), cx = f80_classify(x);
	struct float80 r;
	if (f80_check_operands(env, y, x, cy, cx, &r))
		return r;
	enum log_kind kind = log_kind_of(x, cx);
	if (kind == LOG_INVALID)
		return f80_invalid(env);
	bool zero_divide = kind == LOG_MINUS_INFINITY && cy != F80_ZERO && cy != F80_INFINITY;
	/* ZE is reported alone */
	if ((f80_is_denormal_class(cy) || f80_is_denormal_class(cx)) && !zero_divide)
		env->flags |= FP_DENORMAL;
	if (cy == F80_ZERO || cy == F80_INFINITY || (kind != LOG_NEGATIVE && kind != LOG_POSITIVE))
		return special_product(env, y, cy, kind);
	r = f80_round_full(env, wide_mul(fp_widen(f80_unpack(y)), log2_wide(f80_unpack(x))));
	env->flags |= FP_INEXACT; /* PE even for an exact product (x a power of two), as x87s do */
	return r;
}

struct float80 f80_yl2xp1(struct fp_env *env, struct float80 y, struct float80 x)
{
	enum f80_class cy = f80_classify(y), cx = f80_classify(x);
	struct float80 r;
	if (f80_check_operands(env, y, x, cy, cx, &r))
		return r;
	f80_note_denormals(env, cy, cx);
	if (cx == F80_ZERO) { /* y * log2(1 + x) = y * x's zero */
		if (cy == F80_INFINITY)
			return f80_invalid(env);
		return f80_make(f80_sign(y) ^ f80_sign(x), 0, 0);
	}
	const struct fp_wide one = wide_from_int(1);
	struct fp_wide wx = fp_widen(f80_unpack(x));
	struct fp_wide x_plus_1 = wide_add(wx, one);
	if (x_plus_1.sign || x_plus_1.sig == 0 || cx == F80_INFINITY)
		return f80_invalid(env);
	if (cy == F80_ZERO || cy == F80_INFINITY)
		return special_product(env, y, cy, f80_sign(x) ? LOG_NEGATIVE : LOG_POSITIVE);
	struct fp_wide wy = fp_widen(f80_unpack(y));
	if (wx.exp >= -1) /* beyond the SDM's range: log2 of x + 1 to 64 bits */
		return f80_round_full(env, wide_mul(wy, log2_wide((struct fp_parts){
			false, x_plus_1.exp, (uint64_t)(x_plus_1.sig >> 64) })));
	struct fp_wide ln = ln_near_one(wx, wide_add(x_plus_1, one));
	return f80_round_full(env, wide_mul(wy, wide_mul(ln, log2e_wide())));
}
