/* The x87's other arithmetic: comparisons, FSCALE, FXTRACT, and the
 * partial remainders FPREM and FPREM1. */
#include "softfloat/internal.h"

static bool is_nan_class(enum f80_class c)
{
	return c == F80_QNAN || c == F80_SNAN;
}

static bool is_finite_nonzero(enum f80_class c)
{
	return c == F80_NORMAL || f80_is_denormal_class(c);
}

enum fp_relation f80_compare(struct fp_env *env, struct float80 a, struct float80 b, bool quiet)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	env->rounded_up = false;
	if (ca == F80_UNSUPPORTED || cb == F80_UNSUPPORTED) {
		env->flags |= FP_INVALID;
		return FP_UNORDERED;
	}
	if (is_nan_class(ca) || is_nan_class(cb)) {
		if (!quiet || ca == F80_SNAN || cb == F80_SNAN)
			env->flags |= FP_INVALID;
		return FP_UNORDERED;
	}
	if (f80_is_denormal_class(ca) || f80_is_denormal_class(cb))
		env->flags |= FP_DENORMAL;
	if (ca == F80_ZERO && cb == F80_ZERO)
		return FP_EQUAL;
	bool sa = f80_sign(a), sb = f80_sign(b);
	if (ca == F80_ZERO)
		return sb ? FP_GREATER : FP_LESS;
	if (cb == F80_ZERO || sa != sb)
		return sa ? FP_LESS : FP_GREATER;
	/* Same sign, both nonzero: compare magnitudes (an infinity as the
	 * largest exponent). */
	struct fp_parts pa = ca == F80_INFINITY ? (struct fp_parts){ sa, 1 << 20, 0 } : f80_unpack(a);
	struct fp_parts pb = cb == F80_INFINITY ? (struct fp_parts){ sb, 1 << 20, 0 } : f80_unpack(b);
	if (pa.exp == pb.exp && pa.sig == pb.sig)
		return FP_EQUAL;
	bool a_larger = pa.exp != pb.exp ? pa.exp > pb.exp : pa.sig > pb.sig;
	return a_larger != sa ? FP_GREATER : FP_LESS;
}

struct float80 f80_scale(struct fp_env *env, struct float80 a, struct float80 b)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	struct float80 r;
	if (f80_check_operands(env, a, b, ca, cb, &r))
		return r;
	f80_note_denormals(env, ca, cb);
	if (cb == F80_INFINITY) {
		bool down = f80_sign(b);
		if ((ca == F80_ZERO && !down) || (ca == F80_INFINITY && down))
			return f80_invalid(env);
		if (ca == F80_ZERO || ca == F80_INFINITY)
			return a;
		return down ? f80_make(f80_sign(a), 0, 0) : f80_make(f80_sign(a), F80_EXP_MAX, 1ull << 63);
	}
	if (!is_finite_nonzero(ca))
		return a;
	int32_t n = 0;
	if (cb != F80_ZERO) {
		struct fp_parts pb = f80_unpack(b);
		/* |n| beyond 2^20 takes any value out of range as surely */
		int64_t t = pb.exp < 0 ? 0 : pb.exp >= 20 ? (1 << 20) : (int64_t)(pb.sig >> (63 - pb.exp));
		n = (int32_t)(pb.sign ? -t : t);
	}
	struct fp_parts pa = f80_unpack(a);
	pa.exp += n;
	return f80_round_full(env, fp_widen(pa)); /* FSCALE ignores the precision control */
}

void f80_extract(struct fp_env *env, struct float80 a, struct float80 *exponent,
		 struct float80 *significand)
{
	enum f80_class c = f80_classify(a);
	if (f80_check_operand(env, a, c, exponent)) {
		*significand = *exponent;
		return;
	}
	if (c == F80_ZERO) {
		env->flags |= FP_DIVZERO;
		*exponent = f80_make(true, F80_EXP_MAX, 1ull << 63);
		*significand = a;
		return;
	}
	if (c == F80_INFINITY) {
		*exponent = f80_make(false, F80_EXP_MAX, 1ull << 63);
		*significand = a;
		return;
	}
	if (f80_is_denormal_class(c))
		env->flags |= FP_DENORMAL;
	struct fp_parts p = f80_unpack(a);
	*exponent = f80_from_int(p.exp);
	*significand = f80_make(p.sign, F80_BIAS, p.sig);
}

/* sig * 2^(exp - 63) with the sign, exact: rounded at full precision only
 * to pack a denormal. */
static struct float80 pack_exact(struct fp_env *env, bool sign, int32_t exp, u128 sig)
{
	if (sig == 0)
		return f80_make(sign, 0, 0);
	unsigned shift = clz128(sig);
	return f80_round_full(env, (struct fp_wide){ sign, exp + 64 - (int32_t)shift, sig << shift });
}

/* A partial remainder when the exponents differ by d >= 64: the quotient
 * is taken only down to 2^(d - n), n = 32 + d % 32, so that a loop of
 * FPREMs gets there in steps of at most 63 bits. */
static struct float80 partial_remainder(struct fp_env *env, struct fp_parts a, struct fp_parts b)
{
	int32_t d = a.exp - b.exp;
	unsigned n = 32 + (unsigned)(d % 32);
	u128 num = (u128)a.sig << n;
	return pack_exact(env, a.sign, a.exp - (int32_t)n, num % b.sig);
}

struct float80 f80_remainder(struct fp_env *env, struct float80 a, struct float80 b,
			     bool round_nearest, unsigned *quotient_bits, bool *partial)
{
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	struct float80 r;
	*quotient_bits = 0;
	*partial = false;
	if (f80_check_operands(env, a, b, ca, cb, &r))
		return r;
	if (ca == F80_INFINITY || cb == F80_ZERO)
		return f80_invalid(env);
	f80_note_denormals(env, ca, cb);
	if (ca == F80_ZERO)
		return a;
	struct fp_parts pa = f80_unpack(a);
	if (cb == F80_INFINITY) /* a, a pseudo-denormal normalised */
		return pack_exact(env, pa.sign, pa.exp, pa.sig);
	struct fp_parts pb = f80_unpack(b);
	int32_t d = pa.exp - pb.exp;
	if (d >= 64) {
		*partial = true;
		return partial_remainder(env, pa, pb);
	}
	if (d < -1 || (d == -1 && !round_nearest))
		return pack_exact(env, pa.sign, pa.exp, pa.sig);
	/* |a| = num * 2^(pb.exp - 64), |b| = den * 2^(pb.exp - 64) */
	u128 num = (u128)pa.sig << (d + 1), den = (u128)pb.sig << 1;
	u128 q = num / den, rem = num % den;
	bool sign = pa.sign;
	if (round_nearest && (2 * rem > den || (2 * rem == den && (q & 1)))) {
		q++;
		rem = den - rem;
		sign = !sign;
	}
	*quotient_bits = (unsigned)(q & 7);
	return pack_exact(env, rem ? sign : pa.sign, pb.exp - 1, rem);
}

struct float80 f80_constant(const struct fp_env *env, enum f80_constant which)
{
	static const struct {
		uint16_t exp;
		uint64_t hi, lo;
	} constants[] = {
		[F80_CONST_ONE] = { 0x3FFF, 0x8000000000000000ull, 0 },
		[F80_CONST_LOG2_10] = { 0x4000, 0xD49A784BCD1B8AFEull, 0x492BF6FF4DAFDB4Cull },
		[F80_CONST_LOG2_E] = { 0x3FFF, 0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull },
		[F80_CONST_PI] = { 0x4000, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull },
		[F80_CONST_LOG10_2] = { 0x3FFD, 0x9A209A84FBCFF798ull, 0x8F8959AC0B7C9178ull },
		[F80_CONST_LN_2] = { 0x3FFE, 0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull },
		[F80_CONST_ZERO] = { 0, 0, 0 },
	};
	if (which == F80_CONST_ZERO)
		return f80_make(false, 0, 0);
	struct fp_env scratch = *env;
	struct fp_format f = { 64, -16382, 16383, F80_BIAS, false };
	struct fp_wide w = { false, (int32_t)constants[which].exp - F80_BIAS,
			     (u128)constants[which].hi << 64 | constants[which].lo };
	return f80_pack(&f, fp_round(&scratch, &f, w));
}
