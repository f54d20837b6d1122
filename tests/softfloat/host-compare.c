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
};

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

#define TWO(name, fn) \
	static void name(struct fp_env *env, struct float80 a, struct float80 b, \
			 struct host_result *out) \
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

static void ours_xtract(struct fp_env *env, struct float80 a, struct float80 b,
			struct host_result *out)
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

static void ours_prem(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	ours_remainder(env, a, b, out, false);
}

static void ours_prem1(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
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

static void ours_com(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	compare(env, a, b, out, false);
}

static void ours_ucom(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
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

static void ours_fst32(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)b;
	store_le(out->stored, f80_to_f32(env, a), 4);
}

static void ours_fst64(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)b;
	store_le(out->stored, f80_to_f64(env, a), 8);
}

static void ours_fbstp(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)b;
	f80_to_bcd(env, a, out->stored);
}

static void ours_fld32(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)b;
	out->st0 = f80_from_f32(env, (uint32_t)a.signif);
}

static void ours_fld64(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)b;
	out->st0 = f80_from_f64(env, a.signif);
}

static void ours_fbld(struct fp_env *env, struct float80 a, struct float80 b, struct host_result *out)
{
	(void)env;
	(void)b;
	uint8_t bcd[10];
	store_le(bcd, a.signif, 8);
	store_le(bcd + 8, a.sign_exp, 2);
	out->st0 = f80_from_bcd(bcd);
}

static const struct operation operations[] = {
	{ "fadd", HOST_FADD, F80_PAIR, true, 0, ours_add },
	{ "fsub", HOST_FSUB, F80_PAIR, true, 0, ours_sub },
	{ "fmul", HOST_FMUL, F80_PAIR, true, 0, ours_mul },
	{ "fdiv", HOST_FDIV, F80_PAIR, true, 0, ours_div },
	{ "fsqrt", HOST_FSQRT, F80_ONE, true, 0, ours_sqrt },
	{ "frndint", HOST_FRNDINT, F80_ONE, false, 0, ours_rndint },
	{ "fscale", HOST_FSCALE, F80_PAIR, true, 0, ours_scale },
	{ "fxtract", HOST_FXTRACT, F80_ONE, false, 0, ours_xtract },
	{ "fprem", HOST_FPREM, F80_PAIR, false, 0, ours_prem },
	{ "fprem1", HOST_FPREM1, F80_PAIR, false, 0, ours_prem1 },
	{ "fcom", HOST_FCOM, F80_PAIR, false, 0, ours_com },
	{ "fucom", HOST_FUCOM, F80_PAIR, false, 0, ours_ucom },
	{ "fist16", HOST_FIST16, F80_ONE, false, 2, ours_fist16 },
	{ "fist32", HOST_FIST32, F80_ONE, false, 4, ours_fist32 },
	{ "fist64", HOST_FIST64, F80_ONE, false, 8, ours_fist64 },
	{ "fst32", HOST_FST32, F80_ONE, false, 4, ours_fst32 },
	{ "fst64", HOST_FST64, F80_ONE, false, 8, ours_fst64 },
	{ "fbstp", HOST_FBSTP, F80_ONE, false, 10, ours_fbstp },
	{ "fld32", HOST_FLD32, F32_BITS, false, 0, ours_fld32 },
	{ "fld64", HOST_FLD64, F64_BITS, false, 0, ours_fld64 },
	{ "fbld", HOST_FBLD, BCD_BYTES, false, 0, ours_fbld },
};
#define OPERATION_COUNT (sizeof operations / sizeof operations[0])

/* Packed BCD with valid digits, up to all 18 of them. */
static struct float80 random_bcd(uint64_t *rng)
{
	uint64_t digits = 0, r = rng_next(rng);
	unsigned count = (unsigned)(r % 19);
	for (unsigned k = 0; k < count; k++)
		digits |= (rng_next(rng) % 10) << (4 * k);
	return (struct float80){ digits & 0xFFFFFFFFFFFFFFFFull, (uint16_t)((r >> 8) & 1 ? 0x8000 : 0) |
				 (uint16_t)(count > 16 ? (rng_next(rng) % 100 / 10 << 4 | rng_next(rng) % 10) : 0) };
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
	}
}

static bool same_f80(struct float80 a, struct float80 b)
{
	return a.signif == b.signif && a.sign_exp == b.sign_exp;
}

static bool same(const struct operation *op, const struct host_result *a, const struct host_result *b)
{
	if (a->status != b->status || memcmp(a->stored, b->stored, op->stored))
		return false;
	return op->stored || (same_f80(a->st0, b->st0) && same_f80(a->st1, b->st1));
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
static bool run_operation(unsigned number, const struct operation *op, uint64_t count, uint64_t seed)
{
	uint64_t rng = seed * 0x9E3779B97F4A7C15ull + number, mismatches = 0;
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
		if (same(op, &host, &ours))
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
	printf("%s %u - %s: %" PRIu64 " operand sets, %" PRIu64 " mismatches\n",
	       mismatches ? "not ok" : "ok", number, op->name, count, mismatches);
	return mismatches == 0;
}

static uint64_t parse_number(const char *option, const char *text)
{
	char *end;
	unsigned long long v = text ? strtoull(text, &end, 0) : 0;
	if (!text || *text == '\0' || *end != '\0') {
		fprintf(stderr, "host-compare: %s wants a number\n", option);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uint64_t count = 200000, seed = 1;
	bool wanted[OPERATION_COUNT] = { false }, any = false;
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--count") || !strcmp(argv[a], "--seed")) {
			uint64_t v = parse_number(argv[a], argv[a + 1]);
			*(argv[a][2] == 'c' ? &count : &seed) = v;
			a++;
			continue;
		}
		size_t k = 0;
		while (k < OPERATION_COUNT && strcmp(operations[k].name, argv[a]))
			k++;
		if (k == OPERATION_COUNT) {
			fprintf(stderr, "host-compare: no operation '%s'\n", argv[a]);
			return 2;
		}
		wanted[k] = any = true;
	}
#ifndef HOST_X87
	printf("1..0 # SKIP the host has no x87 to compare with\n");
	return 0;
#else
	printf("1..%zu\n", OPERATION_COUNT);
	bool ok = true;
	for (size_t k = 0; k < OPERATION_COUNT; k++) {
		if (any && !wanted[k])
			printf("ok %zu - %s # SKIP not asked for\n", k + 1, operations[k].name);
		else
			ok &= run_operation((unsigned)k + 1, &operations[k], count, seed);
	}
	return ok ? 0 : 1;
#endif
}
