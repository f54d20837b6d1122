/* Private to softfloat/: values unpacked for arithmetic, the exact
 * operations on them, and rounding to a format. */
#ifndef SMMBOX_SOFTFLOAT_INTERNAL_H
#define SMMBOX_SOFTFLOAT_INTERNAL_H

#include "softfloat/softfloat.h"

/* 128-bit integers, a GCC and Clang extension on 64-bit hosts. */
typedef unsigned __int128 u128;

/* A finite nonzero value: sign * sig * 2^(exp - 63), with bit 63 of sig
 * set.  exp is unbiased and may lie outside any format's range. */
struct fp_parts {
	bool sign;
	int32_t exp;
	uint64_t sig;
};

/* A result before rounding: sign * sig * 2^(exp - 127), with bit 127 of
 * sig set.  Bits far below the format's precision may be sticky (any
 * nonzero bits that were shifted out are or'ed into bit 0). */
struct fp_wide {
	bool sign;
	int32_t exp;
	u128 sig;
};

/* A format to round to.  bits counts the significand's bits, the leading
 * one included; emin and emax are the unbiased exponents of the smallest
 * and largest normal numbers; bias makes them the exponent field.  wraps:
 * an unmasked overflow or underflow wraps the exponent by 24576 instead
 * of delivering infinity or a denormal (x87 register results only). */
struct fp_format {
	uint8_t bits;
	int32_t emin, emax;
	int32_t bias;
	bool wraps;
};

extern const struct fp_format FP_F32, FP_F64;
/* The extended format at the environment's precision control. */
struct fp_format fp_format_x80(const struct fp_env *env);

/* A rounded value: exp_field is the biased exponent field (0 for zeros and
 * denormals, emax + bias + 1 for infinity) and signif the integer
 * significand with its leading bit at bits - 1 (for an infinity too). */
struct fp_rounded {
	bool sign;
	uint32_t exp_field;
	uint64_t signif;
};

/* Round w to the format in the environment's rounding mode, raising
 * precision, underflow and overflow as the x87 and SSE do (tininess after
 * rounding), and setting env->rounded_up. */
struct fp_rounded fp_round(struct fp_env *env, const struct fp_format *f, struct fp_wide w);
struct fp_rounded fp_zero(bool sign);

struct float80 f80_pack(const struct fp_format *f, struct fp_rounded r);
uint32_t f32_pack(struct fp_rounded r);
uint64_t f64_pack(struct fp_rounded r);

/* f80_classify() says F80_DENORMAL, F80_PSEUDO_DENORMAL or F80_NORMAL:
 * the value unpacked. */
struct fp_parts f80_unpack(struct float80 a);

/* The exact operations; a and b are finite and nonzero.  add: a + b, or
 * a - b when subtract; *exact_zero says the result is zero (then the
 * return value is meaningless). */
struct fp_wide fp_add_parts(struct fp_parts a, struct fp_parts b, bool subtract, bool *exact_zero);
struct fp_wide fp_mul_parts(struct fp_parts a, struct fp_parts b);
struct fp_wide fp_div_parts(struct fp_parts a, struct fp_parts b);
struct fp_wide fp_sqrt_parts(struct fp_parts a);
/* The parts widened without change. */
struct fp_wide fp_widen(struct fp_parts a);

/* The sign of an exact zero sum of opposite-signed values: negative only
 * when rounding down. */
static inline bool fp_zero_sum_sign(const struct fp_env *env)
{
	return env->rounding == FP_ROUND_DOWN;
}

/* Shift right by n, or'ing whatever falls off into bit 0. */
static inline u128 shift_right_jam128(u128 v, unsigned n)
{
	if (n == 0)
		return v;
	if (n >= 128)
		return v != 0;
	return (v >> n) | ((v << (128 - n)) != 0);
}

static inline unsigned clz128(u128 v)
{
	uint64_t hi = (uint64_t)(v >> 64);
	return hi ? (unsigned)__builtin_clzll(hi) : 64 + (unsigned)__builtin_clzll((uint64_t)v);
}

/* 128-bit arithmetic for the transcendentals (wide.c): results truncated
 * below their 128th bit; a zero has sig 0. */
extern const struct fp_wide WIDE_ZERO;
struct fp_wide wide_from_int(int64_t v);
/* hi:lo * 2^(exp - 127), hi's top bit set. */
struct fp_wide wide_constant(int32_t exp, uint64_t hi, uint64_t lo);
struct fp_wide wide_mul(struct fp_wide a, struct fp_wide b);
struct fp_wide wide_add(struct fp_wide a, struct fp_wide b);
struct fp_wide wide_sub(struct fp_wide a, struct fp_wide b);
struct fp_wide wide_div(struct fp_wide a, struct fp_wide b);
struct fp_wide wide_div_small(struct fp_wide a, uint64_t n);
struct fp_wide wide_scale(struct fp_wide a, int32_t by);
struct fp_wide wide_sqrt(struct fp_wide a);
bool wide_less_magnitude(struct fp_wide a, struct fp_wide b);

/* The x87's NaN rule for two operands, at least one a NaN: a signalling
 * NaN is invalid; the result is the quieted NaN with the larger
 * significand, the QNaN when one is a QNaN and the other signalling. */
struct float80 f80_propagate_nan(struct fp_env *env, struct float80 a, struct float80 b);
/* One operand, a NaN: quieted, IE when it signalled. */
struct float80 f80_quiet_nan(struct fp_env *env, struct float80 a);
/* The masked response to an invalid operation. */
struct float80 f80_invalid(struct fp_env *env);
bool f80_is_denormal_class(enum f80_class c);
/* The checks every two-operand operation makes first (with
 * env->rounded_up cleared): true with *result set when they decide the
 * result, an unsupported operand (invalid) or a NaN (propagated). */
bool f80_check_operands(struct fp_env *env, struct float80 a, struct float80 b,
			enum f80_class ca, enum f80_class cb, struct float80 *result);
/* The same for one operand: unsupported (invalid) or a NaN (quieted). */
bool f80_check_operand(struct fp_env *env, struct float80 a, enum f80_class c,
		       struct float80 *result);
/* DE for a denormal operand: raised by every operation that goes on
 * after its operand checks, except where the x87 reports another
 * exception alone (a division by zero, the square root or logarithm of a
 * negative number). */
void f80_note_denormals(struct fp_env *env, enum f80_class ca, enum f80_class cb);
/* The wide value rounded to an extended one at 64 bits whatever the
 * precision control (FSCALE, the transcendentals); a zero sig is a zero. */
struct float80 f80_round_full(struct fp_env *env, struct fp_wide w);
/* Whether rounding in env's mode increments a magnitude whose dropped
 * part compares with half a unit as rest_vs_half says (<0, 0, >0, the
 * part being nonzero) and whose kept lowest bit is odd. */
bool fp_rounds_away(const struct fp_env *env, bool sign, int rest_vs_half, bool odd);

#endif
