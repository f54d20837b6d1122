/* Software floating point: IEEE 754 arithmetic on the x87's 80-bit
 * extended format and on single and double precision, with the rounding,
 * precision and exception rules of Intel's x87 and SSE units, in integer
 * arithmetic only, so that every host gives the same bits.
 *
 * Every operation takes a struct fp_env: the rounding mode and precision
 * it obeys, which exceptions are unmasked (that changes some results),
 * and the flags it raises (or'ed in, never cleared).  What a caller does
 * with an unmasked exception (no result, a fault) is the caller's: these
 * functions always return the value the unit would deliver. */
#ifndef SMMBOX_SOFTFLOAT_SOFTFLOAT_H
#define SMMBOX_SOFTFLOAT_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* The six exception flags, in the bit positions of the x87 status word
 * and of MXCSR. */
enum {
	FP_INVALID   = 0x01,
	FP_DENORMAL  = 0x02,
	FP_DIVZERO   = 0x04,
	FP_OVERFLOW  = 0x08,
	FP_UNDERFLOW = 0x10,
	FP_INEXACT   = 0x20,
	FP_ALL_EXCEPTIONS = 0x3F
};

/* Rounding modes, in the encoding of the x87 control word's RC field and
 * of MXCSR's. */
enum fp_rounding {
	FP_ROUND_NEAREST = 0,
	FP_ROUND_DOWN = 1,
	FP_ROUND_UP = 2,
	FP_ROUND_ZERO = 3
};

struct fp_env {
	uint8_t rounding;      /* enum fp_rounding */
	uint8_t precision;     /* significand bits of extended results: 24, 53 or 64 */
	uint8_t unmasked;      /* FP_* exceptions that trap: an unmasked underflow
	                        * reports every tiny result, exact or not, and
	                        * for extended results unmasked overflow and
	                        * underflow deliver the value with its exponent
	                        * wrapped by 24576 (the x87's rule) */
	bool flush_to_zero;    /* MXCSR.FZ: masked tiny results become zero */
	uint8_t flags;         /* FP_* raised so far */
	bool rounded_up;       /* the last rounding increased the magnitude
	                        * (the x87's C1); set or cleared by each
	                        * operation that rounds */
};

/* An 80-bit extended value: sign and 15-bit exponent in sign_exp, the
 * 64-bit significand with its explicit integer bit in signif. */
struct float80 {
	uint64_t signif;
	uint16_t sign_exp;
};

#define F80_EXP_MAX 0x7FFF
#define F80_BIAS 16383

static inline bool f80_sign(struct float80 a) { return a.sign_exp >> 15; }
static inline unsigned f80_exp(struct float80 a) { return a.sign_exp & 0x7FFF; }
static inline struct float80 f80_make(bool sign, unsigned exp, uint64_t signif)
{
	return (struct float80){ signif, (uint16_t)((unsigned)sign << 15 | exp) };
}

/* The x87's real indefinite: the QNaN delivered for a masked invalid
 * operation. */
static inline struct float80 f80_indefinite(void)
{
	return f80_make(true, F80_EXP_MAX, 0xC000000000000000ull);
}

/* What an extended value is, as the x87's FXAM and its operand checks see
 * it.  The unsupported encodings (the 8087 and 80287's unnormals,
 * pseudo-NaNs and pseudo-infinities: a nonzero exponent with the integer
 * bit clear) are invalid operands on a 387 and later. */
enum f80_class {
	F80_ZERO,
	F80_DENORMAL,        /* exponent 0, integer bit clear, significand nonzero */
	F80_PSEUDO_DENORMAL, /* exponent 0, integer bit set */
	F80_NORMAL,
	F80_INFINITY,
	F80_QNAN,
	F80_SNAN,
	F80_UNSUPPORTED
};
enum f80_class f80_classify(struct float80 a);
bool f80_is_nan(struct float80 a);

/* ---- extended arithmetic, as the x87 does it ---- */

struct float80 f80_add(struct fp_env *env, struct float80 a, struct float80 b);
struct float80 f80_sub(struct fp_env *env, struct float80 a, struct float80 b);
struct float80 f80_mul(struct fp_env *env, struct float80 a, struct float80 b);
struct float80 f80_div(struct fp_env *env, struct float80 a, struct float80 b);
struct float80 f80_sqrt(struct fp_env *env, struct float80 a);
/* FRNDINT: to an integer in the rounding mode. */
struct float80 f80_round_to_int(struct fp_env *env, struct float80 a);
/* FSCALE: a * 2^trunc(b). */
struct float80 f80_scale(struct fp_env *env, struct float80 a, struct float80 b);
/* FXTRACT: the exponent (as a value) and the significand (exponent
 * 0x3FFF).  A zero gives -infinity and ZE. */
void f80_extract(struct fp_env *env, struct float80 a, struct float80 *exponent,
		 struct float80 *significand);

/* FPREM (round_nearest false: the quotient truncated) and FPREM1 (the
 * IEEE remainder).  The reduction is partial when the exponents differ by
 * 64 or more; quotient_bits gets the quotient's low three bits (for C0, C3
 * and C1) and partial whether more reduction is needed (C2). */
struct float80 f80_remainder(struct fp_env *env, struct float80 a, struct float80 b,
			     bool round_nearest, unsigned *quotient_bits, bool *partial);

/* The constants of FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2 and FLDZ
 * (D9 E8-EE, in that order), rounded from 128 bits in the environment's
 * rounding mode (not its precision), raising nothing. */
enum f80_constant {
	F80_CONST_ONE, F80_CONST_LOG2_10, F80_CONST_LOG2_E, F80_CONST_PI,
	F80_CONST_LOG10_2, F80_CONST_LN_2, F80_CONST_ZERO
};
struct float80 f80_constant(const struct fp_env *env, enum f80_constant which);

/* ---- the transcendental functions, as the x87 computes them ----
 * Each is computed with 128 bits and rounded once in the environment's
 * rounding mode to 64 bits, whatever the precision control says (as the
 * x87 does); the result is within one unit in the last place of the
 * exact value of the function (the trigonometric ones of the argument as
 * the x87 reduces it). */

/* FSIN, FCOS, FSINCOS, FPTAN: an argument of magnitude 2^63 or more is
 * out of range (the x87's C2: nothing is computed, nothing raised);
 * others are reduced modulo pi/2 with the x87's 66-bit pi (SDM Vol.1
 * §8.3.10). */
struct float80 f80_sin(struct fp_env *env, struct float80 a, bool *out_of_range);
struct float80 f80_cos(struct fp_env *env, struct float80 a, bool *out_of_range);
struct float80 f80_tan(struct fp_env *env, struct float80 a, bool *out_of_range);
/* FPATAN: the angle of (x, y), atan(y / x) in the right quadrant. */
struct float80 f80_atan2(struct fp_env *env, struct float80 y, struct float80 x);
/* F2XM1: 2^a - 1 (the SDM defines it for -1 <= a <= 1 only). */
struct float80 f80_2xm1(struct fp_env *env, struct float80 a);
/* FYL2X: y * log2(x), reporting PE even when the product is exact (as
 * the x87 does); FYL2XP1: y * log2(x + 1). */
struct float80 f80_yl2x(struct fp_env *env, struct float80 y, struct float80 x);
struct float80 f80_yl2xp1(struct fp_env *env, struct float80 y, struct float80 x);

/* ---- comparisons ---- */

enum fp_relation { FP_LESS, FP_EQUAL, FP_GREATER, FP_UNORDERED };
/* quiet: only a signalling NaN is invalid (FUCOM, UCOMISS); otherwise any
 * NaN is (FCOM, COMISS).  A denormal operand raises DE. */
enum fp_relation f80_compare(struct fp_env *env, struct float80 a, struct float80 b, bool quiet);

/* ---- conversions ---- */

struct float80 f80_from_int(int64_t v);
/* To a signed integer of `bits` bits (16, 32 or 64), rounded in the
 * environment's mode, or truncated (FISTTP, CVTTSS2SI).  Out of range and
 * NaN give the integer indefinite (the most negative value) and IE. */
int64_t f80_to_int(struct fp_env *env, struct float80 a, unsigned bits, bool truncate);
struct float80 f80_from_f32(struct fp_env *env, uint32_t a);
struct float80 f80_from_f64(struct fp_env *env, uint64_t a);
uint32_t f80_to_f32(struct fp_env *env, struct float80 a);
uint64_t f80_to_f64(struct fp_env *env, struct float80 a);

/* Packed BCD (FBLD, FBSTP): 18 digits in bytes 0-8 and the sign in byte
 * 9's top bit.  FBLD of digits above 9 is undefined on Intel's parts;
 * here they count by their binary value. */
struct float80 f80_from_bcd(const uint8_t bcd[10]);
/* FBSTP: out of range or NaN stores the BCD indefinite with IE. */
void f80_to_bcd(struct fp_env *env, struct float80 a, uint8_t bcd[10]);

/* ---- single precision, as SSE does it (f32.c) ----
 * NaNs propagate by SSE's rule: the first operand if it is a NaN, else
 * the second, quieted; an invalid operation gives the single's QNaN
 * indefinite 0xFFC00000.  A denormal operand raises DE (a Pentium III has
 * no denormals-are-zero mode); env->flush_to_zero is MXCSR.FZ. */
#define F32_INDEFINITE 0xFFC00000u
uint32_t f32_add(struct fp_env *env, uint32_t a, uint32_t b);
uint32_t f32_sub(struct fp_env *env, uint32_t a, uint32_t b);
uint32_t f32_mul(struct fp_env *env, uint32_t a, uint32_t b);
uint32_t f32_div(struct fp_env *env, uint32_t a, uint32_t b);
uint32_t f32_sqrt(struct fp_env *env, uint32_t a);
/* MINPS/MAXPS: b when either is a NaN (IE for any NaN) or when they are
 * equal (zeros of either sign included). */
uint32_t f32_min(struct fp_env *env, uint32_t a, uint32_t b);
uint32_t f32_max(struct fp_env *env, uint32_t a, uint32_t b);
/* quiet: only a signalling NaN is invalid (UCOMISS, CMPPS's EQ, NEQ,
 * ORD, UNORD). */
enum fp_relation f32_compare(struct fp_env *env, uint32_t a, uint32_t b, bool quiet);
uint32_t f32_from_int(struct fp_env *env, int32_t v);
/* CVTSS2SI (truncate false: the rounding mode) and CVTTSS2SI: out of
 * range or NaN gives 0x80000000 and IE. */
int32_t f32_to_int(struct fp_env *env, uint32_t a, bool truncate);
/* RCPSS/RSQRTSS: 1/a and 1/sqrt(a) to 12 bits (relative error at most
 * 1.5 * 2^-12, SDM Vol.2), the exact value rounded; no exception. */
uint32_t f32_reciprocal(uint32_t a);
uint32_t f32_reciprocal_sqrt(uint32_t a);

#endif
