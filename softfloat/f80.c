/* Extended-precision arithmetic as the x87 does it: operand checks (the
 * unsupported encodings, NaNs, denormals), the special values, and the
 * exact operations rounded at the precision control. */
#include "softfloat/internal.h"

#define SIG_INTEGER_BIT (1ull << 63)
#define SIG_QUIET_BIT   (1ull << 62)

enum f80_class f80_classify(struct float80 a)
{
	unsigned exp = f80_exp(a);
	bool integer = a.signif & SIG_INTEGER_BIT;
	if (exp == 0) {
		if (a.signif == 0)
			return F80_ZERO;
		return integer ? F80_PSEUDO_DENORMAL : F80_DENORMAL;
	}
	if (!integer)
		return F80_UNSUPPORTED;
	if (exp != F80_EXP_MAX)
		return F80_NORMAL;
	if ((a.signif << 1) == 0)
		return F80_INFINITY;
	return a.signif & SIG_QUIET_BIT ? F80_QNAN : F80_SNAN;
}

bool f80_is_nan(struct float80 a)
{
	enum f80_class c = f80_classify(a);
	return c == F80_QNAN || c == F80_SNAN;
}

/* A denormal's exponent is the smallest normal's, 1 - bias; a
 * pseudo-denormal's integer bit already counts at that exponent. */
struct fp_parts f80_unpack(struct float80 a)
{
	unsigned exp = f80_exp(a);
	int32_t e = (int32_t)(exp ? exp : 1) - F80_BIAS;
	unsigned shift = (unsigned)__builtin_clzll(a.signif);
	return (struct fp_parts){ f80_sign(a), e - (int32_t)shift, a.signif << shift };
}

struct float80 f80_invalid(struct fp_env *env)
{
	env->flags |= FP_INVALID;
	return f80_indefinite();
}

struct float80 f80_quiet_nan(struct fp_env *env, struct float80 a)
{
	if (!(a.signif & SIG_QUIET_BIT))
		env->flags |= FP_INVALID;
	a.signif |= SIG_QUIET_BIT;
	return a;
}

/* Which of two NaNs wins by magnitude: the larger significand, then (for
 * equal ones) the positive. */
static struct float80 larger_nan(struct float80 a, struct float80 b)
{
	uint64_t sa = a.signif | SIG_QUIET_BIT, sb = b.signif | SIG_QUIET_BIT;
	if (sa != sb)
		return sa > sb ? a : b;
	return f80_sign(a) ? b : a;
}

struct float80 f80_propagate_nan(struct fp_env *env, struct float80 a, struct float80 b)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	bool a_nan = ca == F80_QNAN || ca == F80_SNAN;
	bool b_nan = cb == F80_QNAN || cb == F80_SNAN;
	struct float80 r;
	if (a_nan && b_nan) {
		if (ca != cb)
			r = ca == F80_QNAN ? a : b;
		else
			r = larger_nan(a, b);
	} else {
		r = a_nan ? a : b;
	}
	if (ca == F80_SNAN || cb == F80_SNAN)
		env->flags |= FP_INVALID;
	r.signif |= SIG_QUIET_BIT;
	return r;
}

bool f80_is_denormal_class(enum f80_class c)
{
	return c == F80_DENORMAL || c == F80_PSEUDO_DENORMAL;
}

bool f80_check_operands(struct fp_env *env, struct float80 a, struct float80 b,
			enum f80_class ca, enum f80_class cb, struct float80 *result)
{
	env->rounded_up = false;
	if (ca == F80_UNSUPPORTED || cb == F80_UNSUPPORTED) {
		*result = f80_invalid(env);
		return true;
	}
	if (ca == F80_QNAN || ca == F80_SNAN || cb == F80_QNAN || cb == F80_SNAN) {
		*result = f80_propagate_nan(env, a, b);
		return true;
	}
	return false;
}

bool f80_check_operand(struct fp_env *env, struct float80 a, enum f80_class c,
		       struct float80 *result)
{
	env->rounded_up = false;
	if (c == F80_UNSUPPORTED)
		*result = f80_invalid(env);
	else if (c == F80_QNAN || c == F80_SNAN)
		*result = f80_quiet_nan(env, a);
	else
		return false;
	return true;
}

void f80_note_denormals(struct fp_env *env, enum f80_class ca, enum f80_class cb)
{
	if (f80_is_denormal_class(ca) || f80_is_denormal_class(cb))
		env->flags |= FP_DENORMAL;
}

static bool is_finite_nonzero(enum f80_class c)
{
	return c == F80_NORMAL || f80_is_denormal_class(c);
}

static struct float80 round_x80(struct fp_env *env, struct fp_wide w)
{
	struct fp_format f = fp_format_x80(env);
	return f80_pack(&f, fp_round(env, &f, w));
}

static struct float80 add_or_sub(struct fp_env *env, struct float80 a, struct float80 b,
				 bool subtract)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	struct float80 r;
	if (f80_check_operands(env, a, b, ca, cb, &r))
		return r;
	f80_note_denormals(env, ca, cb);
	bool sa = f80_sign(a), sb = f80_sign(b) ^ subtract;
	if (ca == F80_INFINITY || cb == F80_INFINITY) {
		if (ca == cb && sa != sb)
			return f80_invalid(env);
		return ca == F80_INFINITY ? a : f80_make(sb, F80_EXP_MAX, SIG_INTEGER_BIT);
	}
	if (!is_finite_nonzero(ca) && !is_finite_nonzero(cb))
		return f80_make(sa == sb ? sa : fp_zero_sum_sign(env), 0, 0);
	if (!is_finite_nonzero(ca) || !is_finite_nonzero(cb)) {
		struct fp_parts p = f80_unpack(is_finite_nonzero(ca) ? a : b);
		p.sign = is_finite_nonzero(ca) ? sa : sb;
		return round_x80(env, fp_widen(p));
	}
	bool zero;
	struct fp_wide w = fp_add_parts(f80_unpack(a), f80_unpack(b), subtract, &zero);
	if (zero)
		return f80_make(fp_zero_sum_sign(env), 0, 0);
	return round_x80(env, w);
}

struct float80 f80_add(struct fp_env *env, struct float80 a, struct float80 b)
{
	return add_or_sub(env, a, b, false);
}

struct float80 f80_sub(struct fp_env *env, struct float80 a, struct float80 b)
{
	return add_or_sub(env, a, b, true);
}

struct float80 f80_mul(struct fp_env *env, struct float80 a, struct float80 b)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	struct float80 r;
	if (f80_check_operands(env, a, b, ca, cb, &r))
		return r;
	f80_note_denormals(env, ca, cb);
	bool sign = f80_sign(a) ^ f80_sign(b);
	if (ca == F80_INFINITY || cb == F80_INFINITY) {
		if (ca == F80_ZERO || cb == F80_ZERO)
			return f80_invalid(env);
		return f80_make(sign, F80_EXP_MAX, SIG_INTEGER_BIT);
	}
	if (ca == F80_ZERO || cb == F80_ZERO)
		return f80_make(sign, 0, 0);
	return round_x80(env, fp_mul_parts(f80_unpack(a), f80_unpack(b)));
}

struct float80 f80_div(struct fp_env *env, struct float80 a, struct float80 b)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	struct float80 r;
	if (f80_check_operands(env, a, b, ca, cb, &r))
		return r;
	bool sign = f80_sign(a) ^ f80_sign(b);
	if (cb != F80_ZERO)
		f80_note_denormals(env, ca, cb);
	if (ca == F80_INFINITY)
		return cb == F80_INFINITY ? f80_invalid(env) : f80_make(sign, F80_EXP_MAX, SIG_INTEGER_BIT);
	if (cb == F80_INFINITY)
		return f80_make(sign, 0, 0);
	if (cb == F80_ZERO) {
		if (ca == F80_ZERO)
			return f80_invalid(env);
		env->flags |= FP_DIVZERO;
		return f80_make(sign, F80_EXP_MAX, SIG_INTEGER_BIT);
	}
	if (ca == F80_ZERO)
		return f80_make(sign, 0, 0);
	return round_x80(env, fp_div_parts(f80_unpack(a), f80_unpack(b)));
}

struct float80 f80_sqrt(struct fp_env *env, struct float80 a)
{
	enum f80_class c = f80_classify(a);
	struct float80 r;
	if (f80_check_operands(env, a, a, c, c, &r))
		return r;
	if (c == F80_ZERO)
		return a;
	if (f80_sign(a))
		return f80_invalid(env);
	f80_note_denormals(env, c, c);
	if (c == F80_INFINITY)
		return a;
	return round_x80(env, fp_sqrt_parts(f80_unpack(a)));
}
