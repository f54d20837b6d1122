/* Single-precision arithmetic with SSE's rules (softfloat.h). */
#include "softfloat/internal.h"

#define F32_QUIET 0x00400000u

enum f32_class { S_ZERO, S_DENORMAL, S_NORMAL, S_INFINITY, S_QNAN, S_SNAN };

static enum f32_class classify(uint32_t a)
{
	uint32_t exp = (a >> 23) & 0xFF, frac = a & 0x7FFFFF;
	if (exp == 0)
		return frac ? S_DENORMAL : S_ZERO;
	if (exp != 0xFF)
		return S_NORMAL;
	if (frac == 0)
		return S_INFINITY;
	return frac & F32_QUIET ? S_QNAN : S_SNAN;
}

static bool is_nan(enum f32_class c)
{
	return c == S_QNAN || c == S_SNAN;
}

static struct fp_parts unpack(uint32_t a)
{
	uint32_t exp = (a >> 23) & 0xFF;
	uint64_t sig = (uint64_t)(a & 0x7FFFFF) << 40;
	int32_t e = exp ? (int32_t)exp - 127 : -126;
	if (exp)
		sig |= 1ull << 63;
	unsigned shift = (unsigned)__builtin_clzll(sig);
	return (struct fp_parts){ a >> 31, e - (int32_t)shift, sig << shift };
}

static uint32_t make(bool sign, uint32_t exp, uint32_t frac)
{
	return (uint32_t)sign << 31 | exp << 23 | frac;
}

static uint32_t round_single(struct fp_env *env, struct fp_wide w)
{
	return f32_pack(fp_round(env, &FP_F32, w));
}

/* SSE's NaN rule: IE for a signalling NaN; the first NaN, quieted. */
static uint32_t propagate_nan(struct fp_env *env, uint32_t a, uint32_t b)
{
	enum f32_class ca = classify(a), cb = classify(b);
	if (ca == S_SNAN || cb == S_SNAN)
		env->flags |= FP_INVALID;
	return (is_nan(ca) ? a : b) | F32_QUIET;
}

static uint32_t invalid(struct fp_env *env)
{
	env->flags |= FP_INVALID;
	return F32_INDEFINITE;
}

/* The operand checks: NaNs decide the result. */
static bool check_operands(struct fp_env *env, uint32_t a, uint32_t b, enum f32_class ca,
			   enum f32_class cb, uint32_t *result)
{
	env->rounded_up = false;
	if (is_nan(ca) || is_nan(cb)) {
		*result = propagate_nan(env, a, b);
		return true;
	}
	return false;
}

/* DE for a denormal operand, raised by every operation that goes on
 * after its checks but a division by zero and the square root of a
 * negative number (reported alone, as the x87 does). */
static void note_denormals(struct fp_env *env, enum f32_class ca, enum f32_class cb)
{
	if (ca == S_DENORMAL || cb == S_DENORMAL)
		env->flags |= FP_DENORMAL;
}

static uint32_t add_or_sub(struct fp_env *env, uint32_t a, uint32_t b, bool subtract)
{
	enum f32_class ca = classify(a), cb = classify(b);
	uint32_t r;
	if (check_operands(env, a, b, ca, cb, &r))
		return r;
	note_denormals(env, ca, cb);
	bool sa = a >> 31, sb = (b >> 31) ^ subtract;
	if (ca == S_INFINITY || cb == S_INFINITY) {
		if (ca == cb && sa != sb)
			return invalid(env);
		return ca == S_INFINITY ? a : make(sb, 0xFF, 0);
	}
	if (ca == S_ZERO && cb == S_ZERO)
		return make(sa == sb ? sa : fp_zero_sum_sign(env), 0, 0);
	if (ca == S_ZERO || cb == S_ZERO) {
		struct fp_parts p = unpack(ca == S_ZERO ? b : a);
		p.sign = ca == S_ZERO ? sb : sa;
		return round_single(env, fp_widen(p));
	}
	bool zero;
	struct fp_wide w = fp_add_parts(unpack(a), unpack(b), subtract, &zero);
	return zero ? make(fp_zero_sum_sign(env), 0, 0) : round_single(env, w);
}

uint32_t f32_add(struct fp_env *env, uint32_t a, uint32_t b)
{
	return add_or_sub(env, a, b, false);
}

uint32_t f32_sub(struct fp_env *env, uint32_t a, uint32_t b)
{
	return add_or_sub(env, a, b, true);
}

uint32_t f32_mul(struct fp_env *env, uint32_t a, uint32_t b)
{
	enum f32_class ca = classify(a), cb = classify(b);
	uint32_t r;
	if (check_operands(env, a, b, ca, cb, &r))
		return r;
	note_denormals(env, ca, cb);
	bool sign = (a ^ b) >> 31;
	if (ca == S_INFINITY || cb == S_INFINITY)
		return ca == S_ZERO || cb == S_ZERO ? invalid(env) : make(sign, 0xFF, 0);
	if (ca == S_ZERO || cb == S_ZERO)
		return make(sign, 0, 0);
	return round_single(env, fp_mul_parts(unpack(a), unpack(b)));
}

uint32_t f32_div(struct fp_env *env, uint32_t a, uint32_t b)
{
	enum f32_class ca = classify(a), cb = classify(b);
	uint32_t r;
	if (check_operands(env, a, b, ca, cb, &r))
		return r;
	bool sign = (a ^ b) >> 31;
	if (cb != S_ZERO)
		note_denormals(env, ca, cb);
	if (ca == S_INFINITY)
		return cb == S_INFINITY ? invalid(env) : make(sign, 0xFF, 0);
	if (cb == S_INFINITY)
		return make(sign, 0, 0);
	if (cb == S_ZERO) {
		if (ca == S_ZERO)
			return invalid(env);
		env->flags |= FP_DIVZERO;
		return make(sign, 0xFF, 0);
	}
	if (ca == S_ZERO)
		return make(sign, 0, 0);
	return round_single(env, fp_div_parts(unpack(a), unpack(b)));
}

uint32_t f32_sqrt(struct fp_env *env, uint32_t a)
{
	enum f32_class c = classify(a);
	uint32_t r;
	if (check_operands(env, a, a, c, c, &r))
		return r;
	if (c == S_ZERO)
		return a;
	if (a >> 31)
		return invalid(env);
	note_denormals(env, c, c);
	if (c == S_INFINITY)
		return a;
	return round_single(env, fp_sqrt_parts(unpack(a)));
}

/* a < b for ordered, non-NaN operands; zeros equal. */
static bool less(uint32_t a, uint32_t b)
{
	bool sa = a >> 31, sb = b >> 31;
	uint32_t ma = a & 0x7FFFFFFF, mb = b & 0x7FFFFFFF;
	if (ma == 0 && mb == 0)
		return false;
	if (sa != sb)
		return sa;
	return sa ? ma > mb : ma < mb;
}

static uint32_t min_or_max(struct fp_env *env, uint32_t a, uint32_t b, bool max)
{
	enum f32_class ca = classify(a), cb = classify(b);
	env->rounded_up = false;
	if (is_nan(ca) || is_nan(cb)) {
		env->flags |= FP_INVALID;
		return b;
	}
	if (ca == S_DENORMAL || cb == S_DENORMAL)
		env->flags |= FP_DENORMAL;
	return (max ? less(b, a) : less(a, b)) ? a : b;
}

uint32_t f32_min(struct fp_env *env, uint32_t a, uint32_t b)
{
	return min_or_max(env, a, b, false);
}

uint32_t f32_max(struct fp_env *env, uint32_t a, uint32_t b)
{
	return min_or_max(env, a, b, true);
}

enum fp_relation f32_compare(struct fp_env *env, uint32_t a, uint32_t b, bool quiet)
{
	enum f32_class ca = classify(a), cb = classify(b);
	env->rounded_up = false;
	if (is_nan(ca) || is_nan(cb)) {
		if (!quiet || ca == S_SNAN || cb == S_SNAN)
			env->flags |= FP_INVALID;
		return FP_UNORDERED;
	}
	if (ca == S_DENORMAL || cb == S_DENORMAL)
		env->flags |= FP_DENORMAL;
	if (less(a, b))
		return FP_LESS;
	return less(b, a) ? FP_GREATER : FP_EQUAL;
}

uint32_t f32_from_int(struct fp_env *env, int32_t v)
{
	env->rounded_up = false;
	if (v == 0)
		return 0;
	struct float80 x = f80_from_int(v);
	return round_single(env, fp_widen(f80_unpack(x)));
}

int32_t f32_to_int(struct fp_env *env, uint32_t a, bool truncate)
{
	struct fp_env scratch = *env;
	struct float80 x = f80_from_f32(&scratch, a); /* exact, a NaN stays one; no DE */
	return (int32_t)f80_to_int(env, x, 32, truncate);
}

/* The 12-bit approximations: the exact value rounded to nearest at 12
 * significant bits (within 2^-13 relative, inside the SDM's 1.5 * 2^-12);
 * a value below the smallest normal is flushed to zero, as Intel's and
 * AMD's parts do. */
static uint32_t approximate(struct fp_wide w)
{
	if (w.exp < -126)
		return (uint32_t)w.sign << 31;
	struct fp_env env = { .rounding = FP_ROUND_NEAREST };
	const struct fp_format twelve = { 12, -126, 127, 127, false };
	struct fp_rounded r = fp_round(&env, &twelve, w);
	if (r.exp_field >= 0xFF)
		return (uint32_t)w.sign << 31 | 0x7F800000u;
	return (uint32_t)w.sign << 31 | r.exp_field << 23 | ((uint32_t)r.signif & 0x7FF) << 12;
}

uint32_t f32_reciprocal(uint32_t a)
{
	enum f32_class c = classify(a);
	if (is_nan(c))
		return a | F32_QUIET;
	if (c == S_ZERO || c == S_DENORMAL)
		return make(a >> 31, 0xFF, 0);
	/* |a| >= 2^126: the reciprocal, at most 2^-126, is flushed (the SDM
	 * guarantees it for the smallest such inputs) */
	if (c == S_INFINITY || ((a >> 23) & 0xFF) >= 127 + 126)
		return make(a >> 31, 0, 0);
	struct fp_parts one = { false, 0, 1ull << 63 };
	return approximate(fp_div_parts(one, unpack(a)));
}

uint32_t f32_reciprocal_sqrt(uint32_t a)
{
	enum f32_class c = classify(a);
	if (is_nan(c))
		return a | F32_QUIET;
	if (c == S_ZERO || c == S_DENORMAL)
		return make(a >> 31, 0xFF, 0);
	if (a >> 31)
		return F32_INDEFINITE;
	if (c == S_INFINITY)
		return 0;
	struct fp_parts one = { false, 0, 1ull << 63 };
	struct fp_wide root = fp_sqrt_parts(unpack(a));
	struct fp_parts r = { false, root.exp, (uint64_t)(root.sig >> 64) };
	return approximate(fp_div_parts(one, r));
}
