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

#define X87_STATUS_C1 0x0200
#define X87_COMPARED (FP_ALL_EXCEPTIONS | X87_STATUS_C1)

/* One operand set's outcome, from the host or from softfloat/. */
struct outcome {
	struct float80 value;
	uint16_t status;
};

struct operation {
	const char *name;
	/* Run operand set number n from the generator on both units. */
	void (*run)(uint64_t *rng, struct float80 operands[2], uint16_t *cw,
		    struct outcome *host, struct outcome *ours);
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

static uint16_t env_status(const struct fp_env *env)
{
	return (uint16_t)(env->flags | (env->rounded_up ? X87_STATUS_C1 : 0));
}

static void run_binary(enum host_binary_op op, uint64_t *rng, struct float80 v[2], uint16_t *cw,
		       struct outcome *host, struct outcome *ours)
{
	static struct float80 (*const soft[])(struct fp_env *, struct float80, struct float80) = {
		[HOST_ADD] = f80_add, [HOST_SUB] = f80_sub, [HOST_MUL] = f80_mul, [HOST_DIV] = f80_div,
	};
	v[0] = random_f80(rng);
	v[1] = random_f80_near(rng, v[0]);
	*cw = random_control_word(rng, rng_next(rng) % 4 == 0);
	struct host_result h;
	host_binary(op, v[0], v[1], *cw, &h);
	host->value = h.st0;
	host->status = h.status & X87_COMPARED;
	struct fp_env env = env_from_control_word(*cw);
	ours->value = soft[op](&env, v[0], v[1]);
	ours->status = env_status(&env);
}

#define BINARY_RUNNER(name, op) \
	static void name(uint64_t *rng, struct float80 v[2], uint16_t *cw, \
			 struct outcome *host, struct outcome *ours) \
	{ \
		run_binary(op, rng, v, cw, host, ours); \
	}
BINARY_RUNNER(run_add, HOST_ADD)
BINARY_RUNNER(run_sub, HOST_SUB)
BINARY_RUNNER(run_mul, HOST_MUL)
BINARY_RUNNER(run_div, HOST_DIV)

static void run_sqrt(uint64_t *rng, struct float80 v[2], uint16_t *cw, struct outcome *host,
		     struct outcome *ours)
{
	v[0] = random_f80(rng);
	v[1] = f80_make(false, 0, 0);
	*cw = random_control_word(rng, rng_next(rng) % 4 == 0);
	struct host_result h;
	host_sqrt(v[0], *cw, &h);
	host->value = h.st0;
	host->status = h.status & X87_COMPARED;
	struct fp_env env = env_from_control_word(*cw);
	ours->value = f80_sqrt(&env, v[0]);
	ours->status = env_status(&env);
}

static const struct operation operations[] = {
	{ "fadd", run_add },
	{ "fsub", run_sub },
	{ "fmul", run_mul },
	{ "fdiv", run_div },
	{ "fsqrt", run_sqrt },
};
#define OPERATION_COUNT (sizeof operations / sizeof operations[0])

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->status == b->status && a->value.signif == b->value.signif &&
	       a->value.sign_exp == b->value.sign_exp;
}

static void print_f80(const char *label, struct float80 v)
{
	printf(" %s=%04x:%016" PRIx64, label, v.sign_exp, v.signif);
}

/* Run one operation; prints its TAP line and the first few mismatches. */
static bool run_operation(unsigned number, const struct operation *op, uint64_t count, uint64_t seed)
{
	uint64_t rng = seed * 0x9E3779B97F4A7C15ull + number, mismatches = 0;
	for (uint64_t n = 0; n < count; n++) {
		struct float80 v[2];
		uint16_t cw;
		struct outcome host, ours;
		op->run(&rng, v, &cw, &host, &ours);
		if (same(&host, &ours))
			continue;
		if (++mismatches <= 5) {
			printf("# %s set %" PRIu64 ": cw=%04x", op->name, n, cw);
			print_f80("a", v[0]);
			print_f80("b", v[1]);
			print_f80("\n#   host", host.value);
			printf(" sw=%03x", host.status);
			print_f80("ours", ours.value);
			printf(" sw=%03x\n", ours.status);
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
