/* The x87's trigonometric functions: FSIN, FCOS, FPTAN (and FSINCOS of
 * the two) and FPATAN, on 128-bit arithmetic. */
#include "softfloat/internal.h"

/* pi / 2 with the x87's 66 bits: P66 * 2^-65. */
#define P66 ((u128)3 << 64 | 0x243F6A8885A308D3ull)

static struct fp_wide pi_wide(void)
{
	return wide_constant(1, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull);
}

/* The series of sin r (odd) or cos r (even powers), |r| <= pi/4.  Every
 * series here stops after the first term below the sum's 120th bit: that
 * term, kept as a sticky bit by wide_add(), makes the sum inexact in the
 * direction of the rest (a second one could undo it). */
static struct fp_wide sin_or_cos_series(struct fp_wide r, bool cosine)
{
	struct fp_wide r2 = wide_mul(r, r);
	struct fp_wide term = cosine ? wide_from_int(1) : r, sum = term;
	for (uint64_t n = cosine ? 1 : 2; n < 80; n += 2) {
		term = wide_div_small(wide_mul(term, r2), n * (n + 1));
		term.sign = !term.sign;
		sum = wide_add(sum, term);
		if (term.sig == 0 || term.exp < sum.exp - 120)
			break;
	}
	return sum;
}

/* |x| - q * pi/2 with the x87's pi, q the nearest integer; *quadrant gets
 * q mod 4.  x is finite, nonzero, below 2^63. */
static struct fp_wide reduce(struct fp_parts p, unsigned *quadrant)
{
	*quadrant = 0;
	p.sign = false;
	if (p.exp < -2)
		return fp_widen(p);
	u128 n = (u128)p.sig << (p.exp + 2);   /* |x| = n * 2^-65 */
	u128 q = n / P66, rem = n % P66;
	bool negative = false;
	if (rem > P66 / 2) {
		rem = P66 - rem;
		negative = true;
		q++;
	}
	*quadrant = (unsigned)(q & 3);
	if (rem == 0)
		return WIDE_ZERO;
	unsigned shift = clz128(rem);
	return (struct fp_wide){ negative, 62 - (int32_t)shift, rem << shift };
}

enum trig { TRIG_SIN, TRIG_COS, TRIG_TAN };

/* The special operands: true with *result when they decide it. */
static bool trig_special(struct fp_env *env, struct float80 a, enum trig fn, bool *out_of_range,
			 struct float80 *result)
{
	enum f80_class c = f80_classify(a);
	*out_of_range = false;
	if (f80_check_operand(env, a, c, result))
		return true;
	switch (c) {
	case F80_INFINITY:
		*result = f80_invalid(env);
		return true;
	case F80_ZERO:
		*result = fn == TRIG_COS ? f80_make(false, 0x3FFF, 1ull << 63) : a;
		return true;
	case F80_DENORMAL:
	case F80_PSEUDO_DENORMAL:
		env->flags |= FP_DENORMAL;
		return false;
	default:
		*out_of_range = f80_exp(a) >= 0x3FFF + 63;
		*result = a;
		return *out_of_range;
	}
}

static struct float80 trig(struct fp_env *env, struct float80 a, enum trig fn, bool *out_of_range)
{
	struct float80 special;
	if (trig_special(env, a, fn, out_of_range, &special))
		return special;
	struct fp_parts p = f80_unpack(a);
	unsigned q;
	struct fp_wide r = reduce(p, &q);
	struct fp_wide s = sin_or_cos_series(r, false), c = sin_or_cos_series(r, true), w;
	switch (fn) {
	case TRIG_SIN:
		w = q & 1 ? c : s;
		w.sign ^= (q >= 2) ^ p.sign;
		break;
	case TRIG_COS:
		w = q & 1 ? s : c;
		w.sign ^= q == 1 || q == 2;
		break;
	default: /* the quotient of two inexact sums may come out exact: it
		  * never is (tan of a nonzero number is irrational) */
		w = q & 1 ? wide_div(c, s) : wide_div(s, c);
		w.sign ^= (q & 1) ^ p.sign;
		w.sig |= 1;
		break;
	}
	return f80_round_full(env, w);
}

struct float80 f80_sin(struct fp_env *env, struct float80 a, bool *out_of_range)
{
	return trig(env, a, TRIG_SIN, out_of_range);
}

struct float80 f80_cos(struct fp_env *env, struct float80 a, bool *out_of_range)
{
	return trig(env, a, TRIG_COS, out_of_range);
}

struct float80 f80_tan(struct fp_env *env, struct float80 a, bool *out_of_range)
{
	return trig(env, a, TRIG_TAN, out_of_range);
}

/* atan t for 0 < t <= 1: three halvings t / (1 + sqrt(1 + t^2)) bring t
 * below tan(pi/32), where the series converges fast. */
static struct fp_wide atan_wide(struct fp_wide t)
{
	const struct fp_wide one = wide_from_int(1);
	for (int k = 0; k < 3; k++)
		t = wide_div(t, wide_add(one, wide_sqrt(wide_add(one, wide_mul(t, t)))));
	struct fp_wide t2 = wide_mul(t, t), power = t, sum = t;
	for (uint64_t n = 3; n < 200; n += 2) {
		power = wide_mul(power, t2);
		power.sign = !power.sign;
		struct fp_wide term = wide_div_small(power, n);
		sum = wide_add(sum, term);
		if (term.sig == 0 || term.exp < sum.exp - 120)
			break;
	}
	return wide_scale(sum, 3);
}

/* The angle's magnitude for the special operands of FPATAN (a zero or
 * an infinity among them), in quarters of pi: 0 to 4. */
static unsigned special_angle(enum f80_class cy, enum f80_class cx, bool x_negative)
{
	if (cy == F80_ZERO)
		return x_negative ? 4 : 0;
	if (cy == F80_INFINITY)
		return cx == F80_INFINITY ? (x_negative ? 3 : 1) : 2;
	if (cx == F80_INFINITY)
		return x_negative ? 4 : 0;
	return 2; /* x zero */
}

struct float80 f80_atan2(struct fp_env *env, struct float80 y, struct float80 x)
{
	enum f80_class cy = f80_classify(y), cx = f80_classify(x);
	struct float80 r;
	if (f80_check_operands(env, y, x, cy, cx, &r))
		return r;
	f80_note_denormals(env, cy, cx);
	bool sign = f80_sign(y), x_negative = f80_sign(x);
	struct fp_wide angle;
	if (cy == F80_ZERO || cy == F80_INFINITY || cx == F80_ZERO || cx == F80_INFINITY) {
		unsigned quarters = special_angle(cy, cx, x_negative);
		if (quarters == 0)
			return f80_make(sign, 0, 0);
		angle = wide_div_small(wide_mul(pi_wide(), wide_from_int(quarters)), 4);
	} else {
		struct fp_wide wy = fp_widen(f80_unpack(y)), wx = fp_widen(f80_unpack(x));
		wy.sign = wx.sign = false;
		bool swapped = wide_less_magnitude(wx, wy);
		angle = atan_wide(swapped ? wide_div(wx, wy) : wide_div(wy, wx));
		if (swapped)
			angle = wide_sub(wide_scale(pi_wide(), -1), angle);
		if (x_negative)
			angle = wide_sub(pi_wide(), angle);
	}
	angle.sign = sign;
	return f80_round_full(env, angle);
}
