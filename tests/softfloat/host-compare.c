/* host-compare: softfloat/ against the host's own x87 and SSE units, bit
 * for bit: results, exception flags and C1.  TAP, one test per operation.
 *
 *   host-compare [--count N] [--seed S] [OPERATION...]
 *
 * N operand sets per operation (default 200000), from seed S (default 1);
 * every operation when none is named.  Skipped on a host that is not
 * x86. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/softfloat/host-ops.h"
#include "tests/softfloat/operands.h"
#include "tests/softfloat/tap-runner.h"

#define X87_C0 0x0100
#define X87_C1 0x0200
#define X87_C2 0x0400
#define X87_C3 0x4000
#define X87_COMPARED (FP_ALL_EXCEPTIONS | X87_C0 | X87_C1 | X87_C2 | X87_C3)

enum operands {
	F80_ONE,        /* a */
	F80_PAIR,       /* a and b, often close */
	F32_BITS,       /* a single's bits in a.signif */
	F64_BITS,
	BCD_BYTES,      /* ten bytes of packed BCD in a */
	TRIG_ARG,       /* a, mostly below 2^63 in magnitude, often small */
	UNIT_ARG,       /* a in [-1, 1], F2XM1's domain */
	LOG1P_PAIR,     /* b, and a with |a| < 1 - sqrt(2)/2, FYL2XP1's domain */
	LOG_PAIR,       /* b, and a mostly positive */
	CONSTANT_INDEX, /* which constant, 0-6, in a.signif */
};

/* What is compared: the operations with an exact definition bit for bit;
 * the transcendentals' values to within a unit in the last place of the
 * precision (the largest difference is reported), their exceptions but
 * the rounding's (PE, UE, C1), and C2. */
enum comparison { BIT_EXACT, WITHIN_ULP };

struct operation {
	const char *name;
	enum host_op host;
	enum operands operands;
	bool unmask_ou;     /* runs with overflow and underflow unmasked too */
	unsigned stored;    /* bytes stored to memory, compared */
	/* softfloat/'s answer, in the host's terms; the condition codes
	 * in out->status */
	void (*ours)(struct fp_env *env, struct float80 a, struct float80 b,
		     struct host_result *out);
	enum comparison comparison;
	bool only_st0;      /* ST(1) is left over from the stack, not compared */
};

static struct fp_env env_from_control_word(uint16_t cw)
{
	static const uint8_t precision[4] = { 24, 64, 53, 64 };
	return (struct fp_env){
		.rounding = (uint8_t)((cw >> 10) & 3),
		.precision = precision[(cw >> 8) & 3],
		.unmasked = (uint8_t)(~cw & FP_ALL_EXCEPTIONS),
	};
}

/* softfloat/'s answer to an operation, in the host's terms (operation.ours). */
#define OURS(name) \
	static void name(struct fp_env *env, struct float80 a, struct float80 b, \
			 struct host_result *out)

#define TWO(name, fn) \
	OURS(name) \
	{ \
		out->st0 = fn(env, a, b); \
		out->st1 = b; \
	}
TWO(ours_add, f80_add)
TWO(ours_sub, f80_sub)
TWO(ours_mul, f80_mul)
TWO(ours_div, f80_div)
TWO(ours_scale, f80_scale)

static struct float80 sqrt2(struct fp_env *env, struct float80 a, struct float80 b)
{
	(void)b;
	return f80_sqrt(env, a);
}
TWO(ours_sqrt, sqrt2)

static struct float80 rndint2(struct fp_env *env, struct float80 a, struct float80 b)
{
	(void)b;
	return f80_round_to_int(env, a);
}
TWO(ours_rndint, rndint2)

OURS(ours_xtract)
{
	(void)b;
	f80_extract(env, a, &out->st1, &out->st0);
}

static void ours_remainder(struct fp_env *env, struct float80 a, struct float80 b,
		      struct host_result *out, bool nearest)
{
	unsigned q;
	bool partial;
	out->st0 = f80_remainder(env, a, b, nearest, &q, &partial);
	out->st1 = b;
	out->status = (uint16_t)((q & 4 ? X87_C0 : 0) | (q & 2 ? X87_C3 : 0) |
				 (q & 1 ? X87_C1 : 0) | (partial ? X87_C2 : 0));
}

OURS(ours_prem)
{
	ours_remainder(env, a, b, out, false);
}

OURS(ours_prem1)
{
	ours_remainder(env, a, b, out, true);
}

static void compare(struct fp_env *env, struct float80 a, struct float80 b,
		    struct host_result *out, bool quiet)
{
	static const uint16_t codes[] = {
		[FP_LESS] = X87_C0, [FP_EQUAL] = X87_C3, [FP_GREATER] = 0,
		[FP_UNORDERED] = X87_C0 | X87_C2 | X87_C3,
	};
	out->status = codes[f80_compare(env, a, b, quiet)];
	out->st0 = a;
	out->st1 = b;
}

OURS(ours_com)
{
	compare(env, a, b, out, false);
}

OURS(ours_ucom)
{
	compare(env, a, b, out, true);
}

static void store_le(uint8_t *to, uint64_t v, unsigned bytes)
{
	for (unsigned k = 0; k < bytes; k++)
		to[k] = (uint8_t)(v >> (8 * k));
}

#define FIST(name, bits) \
	static void name(struct fp_env *env, struct float80 a, struct float80 b, \
			 struct host_result *out) \
	{ \
		(void)b; \
		store_le(out->stored, (uint64_t)f80_to_int(env, a, bits, false), bits / 8); \
	}
FIST(ours_fist16, 16)
FIST(ours_fist32, 32)
FIST(ours_fist64, 64)

OURS(ours_fst32)
{
	(void)b;
	store_le(out->stored, f80_to_f32(env, a), 4);
}

OURS(ours_fst64)
{
	(void)b;
	store_le(out->stored, f80_to_f64(env, a), 8);
}

OURS(ours_fbstp)
{
	(void)b;
	f80_to_bcd(env, a, out->stored);
}

OURS(ours_fld32)
{
	(void)b;
	out->st0 = f80_from_f32(env, (uint32_t)a.signif);
}

OURS(ours_fld64)
{
	(void)b;
	out->st0 = f80_from_f64(env, a.signif);
}

OURS(ours_fbld)
{
	(void)env;
	(void)b;
	uint8_t bcd[10];
	store_le(bcd, a.signif, 8);
	store_le(bcd + 8, a.sign_exp, 2);
	out->st0 = f80_from_bcd(bcd);
}

OURS(ours_sin)
{
	bool out_of_range;
	struct float80 r = f80_sin(env, a, &out_of_range);
	out->st0 = out_of_range ? a : r;
	out->st1 = b;
	out->status = out_of_range ? X87_C2 : 0;
}

OURS(ours_cos)
{
	bool out_of_range;
	struct float80 r = f80_cos(env, a, &out_of_range);
	out->st0 = out_of_range ? a : r;
	out->st1 = b;
	out->status = out_of_range ? X87_C2 : 0;
}

OURS(ours_tan)
{
	bool out_of_range;
	struct float80 r = f80_tan(env, a, &out_of_range);
	struct float80 pushed = f80_is_nan(r) ? r : f80_make(false, 0x3FFF, 1ull << 63);
	out->st0 = out_of_range ? a : pushed;
	out->st1 = out_of_range ? b : r;
	out->status = out_of_range ? X87_C2 : 0;
}

OURS(ours_sincos)
{
	bool out_of_range;
	struct float80 s = f80_sin(env, a, &out_of_range);
	struct float80 c = f80_cos(env, a, &out_of_range);
	out->st0 = out_of_range ? a : c;
	out->st1 = out_of_range ? b : s;
	out->status = out_of_range ? X87_C2 : 0;
}

static struct float80 atan2_of(struct fp_env *env, struct float80 a, struct float80 b)
{
	return f80_atan2(env, b, a); /* ST(1) = b is y, ST(0) = a is x */
}
TWO(ours_atan, atan2_of)

static struct float80 yl2x_of(struct fp_env *env, struct float80 a, struct float80 b)
{
	return f80_yl2x(env, b, a);
}
TWO(ours_yl2x, yl2x_of)

static struct float80 yl2xp1_of(struct fp_env *env, struct float80 a, struct float80 b)
{
	return f80_yl2xp1(env, b, a);
}
TWO(ours_yl2xp1, yl2xp1_of)

static struct float80 f2xm1_of(struct fp_env *env, struct float80 a, struct float80 b)
{
	(void)b;
	return f80_2xm1(env, a);
}
TWO(ours_f2xm1, f2xm1_of)

OURS(ours_constant)
{
	(void)b;
	out->st0 = f80_constant(env, (enum f80_constant)a.signif);
}

static const struct operation operations[] = {
	{ "fadd", HOST_FADD, F80_PAIR, true, 0, ours_add, BIT_EXACT, false },
	{ "fsub", HOST_FSUB, F80_PAIR, true, 0, ours_sub, BIT_EXACT, false },
	{ "fmul", HOST_FMUL, F80_PAIR, true, 0, ours_mul, BIT_EXACT, false },
	{ "fdiv", HOST_FDIV, F80_PAIR, true, 0, ours_div, BIT_EXACT, false },
	{ "fsqrt", HOST_FSQRT, F80_ONE, true, 0, ours_sqrt, BIT_EXACT, false },
	{ "frndint", HOST_FRNDINT, F80_ONE, false, 0, ours_rndint, BIT_EXACT, false },
	{ "fscale", HOST_FSCALE, F80_PAIR, true, 0, ours_scale, BIT_EXACT, false },
	{ "fxtract", HOST_FXTRACT, F80_ONE, false, 0, ours_xtract, BIT_EXACT, false },
	{ "fprem", HOST_FPREM, F80_PAIR, false, 0, ours_prem, BIT_EXACT, false },
	{ "fprem1", HOST_FPREM1, F80_PAIR, false, 0, ours_prem1, BIT_EXACT, false },
	{ "fcom", HOST_FCOM, F80_PAIR, false, 0, ours_com, BIT_EXACT, false },
	{ "fucom", HOST_FUCOM, F80_PAIR, false, 0, ours_ucom, BIT_EXACT, false },
	{ "fist16", HOST_FIST16, F80_ONE, false, 2, ours_fist16, BIT_EXACT, false },
	{ "fist32", HOST_FIST32, F80_ONE, false, 4, ours_fist32, BIT_EXACT, false },
	{ "fist64", HOST_FIST64, F80_ONE, false, 8, ours_fist64, BIT_EXACT, false },
	{ "fst32", HOST_FST32, F80_ONE, false, 4, ours_fst32, BIT_EXACT, false },
	{ "fst64", HOST_FST64, F80_ONE, false, 8, ours_fst64, BIT_EXACT, false },
	{ "fbstp", HOST_FBSTP, F80_ONE, false, 10, ours_fbstp, BIT_EXACT, false },
	{ "fld32", HOST_FLD32, F32_BITS, false, 0, ours_fld32, BIT_EXACT, false },
	{ "fld64", HOST_FLD64, F64_BITS, false, 0, ours_fld64, BIT_EXACT, false },
	{ "fbld", HOST_FBLD, BCD_BYTES, false, 0, ours_fbld, BIT_EXACT, false },
	{ "fldconst", HOST_FLDCONST, CONSTANT_INDEX, false, 0, ours_constant, BIT_EXACT, false },
	{ "fsin", HOST_FSIN, TRIG_ARG, false, 0, ours_sin, WITHIN_ULP, false },
	{ "fcos", HOST_FCOS, TRIG_ARG, false, 0, ours_cos, WITHIN_ULP, false },
	{ "fptan", HOST_FPTAN, TRIG_ARG, false, 0, ours_tan, WITHIN_ULP, false },
	{ "fsincos", HOST_FSINCOS, TRIG_ARG, false, 0, ours_sincos, WITHIN_ULP, false },
	{ "fpatan", HOST_FPATAN, F80_PAIR, false, 0, ours_atan, WITHIN_ULP, true },
	{ "f2xm1", HOST_F2XM1, UNIT_ARG, false, 0, ours_f2xm1, WITHIN_ULP, false },
	{ "fyl2x", HOST_FYL2X, LOG_PAIR, false, 0, ours_yl2x, WITHIN_ULP, true },
	{ "fyl2xp1", HOST_FYL2XP1, LOG1P_PAIR, false, 0, ours_yl2xp1, WITHIN_ULP, true },
};
#define OPERATION_COUNT (sizeof operations / sizeof operations[0])

static bool same_f80(struct float80 a, struct float80 b)
{
	return a.signif == b.signif && a.sign_exp == b.sign_exp;
}

/* A normal number with an unbiased exponent in [low, high] and either
 * sign. */
static struct float80 random_in_range(uint64_t *rng, int low, int high)
{
	uint64_t r = rng_next(rng);
	int exp = low + (int)(r % (uint64_t)(high - low + 1));
	return f80_make((r >> 40) & 1, (unsigned)(0x3FFF + exp), rng_next(rng) | 1ull << 63);
}

/* Packed BCD with valid digits, up to all 18 of them: 16 in the low
 * eight bytes, the last two in byte 8. */
static struct float80 random_bcd(uint64_t *rng)
{
	uint64_t r = rng_next(rng), digits = 0;
	unsigned count = (unsigned)(r % 19), high = 0;
	for (unsigned k = 0; k < count; k++) {
		uint64_t d = rng_next(rng) % 10;
		if (k < 16)
			digits |= d << (4 * k);
		else
			high |= (unsigned)d << (4 * (k - 16));
	}
	return (struct float80){ digits, (uint16_t)(((r >> 8) & 1 ? 0x8000 : 0) | high) };
}

static void draw(const struct operation *op, uint64_t *rng, struct float80 v[2])
{
	v[1] = f80_make(false, 0, 0);
	switch (op->operands) {
	case F80_ONE:
		v[0] = random_f80(rng);
		break;
	case F80_PAIR:
		v[0] = random_f80(rng);
		v[1] = random_f80_near(rng, v[0]);
		break;
	case F32_BITS:
		v[0] = (struct float80){ random_f32(rng), 0 };
		break;
	case F64_BITS:
		v[0] = (struct float80){ random_f64(rng), 0 };
		break;
	case BCD_BYTES:
		v[0] = random_bcd(rng);
		break;
	case TRIG_ARG:
		v[0] = rng_next(rng) % 4 ? random_in_range(rng, -70, 70) : random_f80(rng);
		break;
	case UNIT_ARG:
		do
			v[0] = rng_next(rng) % 8 ? random_in_range(rng, -80, -1) : random_f80(rng);
		while (f80_exp(v[0]) >= 0x3FFF && f80_exp(v[0]) != 0x7FFF &&
		       (f80_exp(v[0]) > 0x3FFF || v[0].signif != 1ull << 63));
		break;
	case LOG1P_PAIR:
		v[0] = rng_next(rng) % 8 ? random_in_range(rng, -80, -3) : f80_make(rng_next(rng) & 1, 0, 0);
		v[1] = random_f80(rng);
		break;
	case LOG_PAIR:
		v[0] = random_f80(rng);
		if (rng_next(rng) % 8)
			v[0].sign_exp &= 0x7FFF;
		v[1] = random_f80(rng);
		break;
	case CONSTANT_INDEX:
		v[0] = (struct float80){ rng_next(rng) % 7, 0 };
		break;
	}
}

/* How many units in the last place of `precision` bits a and b are
 * apart; UINT64_MAX when their signs or kinds differ. */
static uint64_t ulps_apart(struct float80 a, struct float80 b, unsigned precision)
{
	if (same_f80(a, b))
		return 0;
	enum f80_class ca = f80_classify(a), cb = f80_classify(b);
	bool finite_a = ca == F80_NORMAL || ca == F80_DENORMAL || ca == F80_ZERO;
	bool finite_b = cb == F80_NORMAL || cb == F80_DENORMAL || cb == F80_ZERO;
	if (!finite_a || !finite_b || (f80_sign(a) != f80_sign(b) && ca != F80_ZERO && cb != F80_ZERO))
		return UINT64_MAX;
	const uint64_t integer = 1ull << 63;
	__int128 ka = (__int128)f80_exp(a) << 63 | (a.signif & ~integer);
	__int128 kb = (__int128)f80_exp(b) << 63 | (b.signif & ~integer);
	if (f80_sign(a)) ka = -ka;
	if (f80_sign(b)) kb = -kb;
	__int128 d = ka > kb ? ka - kb : kb - ka;
	d = (d + (((__int128)1 << (64 - precision)) - 1)) >> (64 - precision);
	return d > UINT32_MAX ? UINT64_MAX : (uint64_t)d;
}

#define X87_EXACT_EXCEPTIONS (FP_INVALID | FP_DENORMAL | FP_DIVZERO | FP_OVERFLOW | X87_C2)

/* Whether the two answers agree as op->comparison asks; *ulps gets how
 * far apart the values were (WITHIN_ULP). */
static bool same(const struct operation *op, const struct host_result *a,
		 const struct host_result *b, unsigned precision, uint64_t *ulps)
{
	*ulps = 0;
	if (op->comparison == BIT_EXACT) {
		if (a->status != b->status || memcmp(a->stored, b->stored, op->stored))
			return false;
		return op->stored || (same_f80(a->st0, b->st0) && same_f80(a->st1, b->st1));
	}
	if ((a->status ^ b->status) & X87_EXACT_EXCEPTIONS)
		return false;
	*ulps = ulps_apart(a->st0, b->st0, precision);
	if (!op->only_st0) {
		uint64_t u1 = ulps_apart(a->st1, b->st1, precision);
		*ulps = u1 > *ulps ? u1 : *ulps;
	}
	if (*ulps <= 1)
		return true;
	/* NaNs and infinities must be the same bits */
	return false;
}

static void print_f80(const char *label, struct float80 v)
{
	printf(" %s=%04x:%016" PRIx64, label, v.sign_exp, v.signif);
}

static void print_result(const char *label, const struct operation *op, const struct host_result *r)
{
	printf("\n#   %s sw=%04x", label, r->status);
	print_f80("st0", r->st0);
	print_f80("st1", r->st1);
	if (op->stored)
		printf(" stored=");
	for (unsigned k = op->stored; k-- > 0;)
		printf("%02x", r->stored[k]);
}

/* Run one operation; prints its TAP line and the first few mismatches. */
static bool run_operation(unsigned number, const struct operation *op, uint64_t count,
			  uint64_t seed)
{
	uint64_t rng = seed * 0x9E3779B97F4A7C15ull + number, mismatches = 0, worst = 0;
	for (uint64_t n = 0; n < count; n++) {
		struct float80 v[2];
		draw(op, &rng, v);
		uint16_t cw = random_control_word(&rng, op->unmask_ou && rng_next(&rng) % 4 == 0);
		struct host_result host, ours = { .status = 0 };
		host_x87(op->host, v[0], v[1], cw, &host);
		host.status &= X87_COMPARED;
		struct fp_env env = env_from_control_word(cw);
		op->ours(&env, v[0], v[1], &ours);
		ours.status |= (uint16_t)(env.flags | (env.rounded_up ? X87_C1 : 0));
		uint64_t ulps;
		bool agree = same(op, &host, &ours, 64, &ulps);
		if (ulps != UINT64_MAX && ulps > worst)
			worst = ulps;
		if (agree)
			continue;
		if (++mismatches <= 5) {
			printf("# %s set %" PRIu64 ": cw=%04x", op->name, n, cw);
			print_f80("a", v[0]);
			print_f80("b", v[1]);
			print_result("host", op, &host);
			print_result("ours", op, &ours);
			printf("\n");
		}
	}
	printf("%s %u - %s: %" PRIu64 " operand sets, %" PRIu64 " mismatches",
	       mismatches ? "not ok" : "ok", number, op->name, count, mismatches);
	if (op->comparison == WITHIN_ULP)
		printf(", largest difference %" PRIu64 " ulp", worst);
	printf("\n");
	return mismatches == 0;
}

static const char *operation_name(size_t k)
{
	return operations[k].name;
}

static bool run_numbered(size_t k, uint64_t sets, uint64_t seed, void *ctx)
{
	(void)ctx;
	return run_operation((unsigned)k + 1, &operations[k], sets, seed);
}

int main(int argc, char **argv)
{
	const struct tap_tests tests = {
		"host-compare", OPERATION_COUNT, operation_name, run_numbered, NULL, 200000,
	};
#ifdef HOST_X87
	return tap_main(&tests, NULL, argc, argv);
#else
	return tap_main(&tests, "the host has no x87 to compare with", argc, argv);
#endif
}
