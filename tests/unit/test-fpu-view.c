/* The debugger's views of the x87 and SSE state: extended-precision
 * values as decimal and hexadecimal text, computed in integers, and
 * `info fpu` / `info sse` decoding the registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debug/debug_view.h"

static void assert_text(uint16_t sign_exp, uint64_t signif, const char *decimal, const char *hex)
{
	char out[96];
	struct float80 v = { signif, sign_exp };
	dbg_f80_text(v, out, sizeof(out));
	assert_string_equal(out, decimal);
	dbg_f80_hexfloat(v, out, sizeof(out));
	assert_string_equal(out, hex);
}

static void test_normal_values_have_twenty_digits(void **state)
{
	(void)state;
	assert_text(0x3FFF, 0x8000000000000000ull, "1e+0", "0x1p+0");
	assert_text(0xBFFE, 0xC000000000000000ull, "-7.5e-1", "-0x1.8p-1");
	/* FLDPI rounded to nearest: pi is 3.14159265358979323846... */
	assert_text(0x4000, 0xC90FDAA22168C235ull, "3.1415926535897932385e+0",
		    "0x1.921fb54442d1846ap+1");
	/* 0.1's nearest is 0.1000000000000000000013552... */
	assert_text(0x3FFB, 0xCCCCCCCCCCCCCCCDull, "1e-1", "0x1.999999999999999ap-4");
	assert_text(0x403F, 0x8000000000000000ull, "1.8446744073709551616e+19", "0x1p+64");
	/* The largest finite value, 1.18973149535723176502e+4932. */
	assert_text(0x7FFE, 0xFFFFFFFFFFFFFFFFull, "1.189731495357231765e+4932",
		    "0x1.fffffffffffffffep+16383");
}

static void test_rounding_carries_into_a_new_digit(void **state)
{
	(void)state;
	/* 2^64 - 1 = 18446744073709551615: 20 digits, exact. */
	assert_text(0x403E, 0xFFFFFFFFFFFFFFFFull, "1.8446744073709551615e+19",
		    "0x1.fffffffffffffffep+63");
	/* The largest value below 10^-17 is 9.99999999999999999995...e-18:
	 * rounded to 20 digits, the carry makes it 1e-17. */
	assert_text(0x3FC6, 0xB877AA3236A4B449ull, "1e-17", "0x1.70ef54646d496892p-57");
}

static void test_denormals_and_zeros(void **state)
{
	(void)state;
	/* The smallest denormal, 2^-16445 = 3.64519953188247460253e-4951. */
	assert_text(0x0000, 1, "3.6451995318824746025e-4951", "0x0.0000000000000002p-16382");
	assert_text(0x0000, 0, "+0", "0x0p+0");
	assert_text(0x8000, 0, "-0", "-0x0p+0");
	/* A pseudo-denormal has the value its bits say. */
	assert_text(0x0000, 0x8000000000000000ull, "3.3621031431120935063e-4932", "0x1p-16382");
}

static void test_specials_are_named(void **state)
{
	(void)state;
	assert_text(0x7FFF, 0x8000000000000000ull, "+inf", "+inf");
	assert_text(0xFFFF, 0x8000000000000000ull, "-inf", "-inf");
	assert_text(0xFFFF, 0xC000000000000000ull, "-qnan", "-qnan");
	assert_text(0x7FFF, 0x8000000000000001ull, "+snan", "+snan");
	assert_text(0x3FFF, 0x4000000000000000ull, "+unsupported (unnormal)",
		    "+unsupported (unnormal)");
	assert_text(0x7FFF, 0x0000000000000000ull, "+unsupported (pseudo-infinity)",
		    "+unsupported (pseudo-infinity)");
}

/* What print(cpu) wrote, NUL-terminated (the caller frees it). */
static char *printed(void (*print)(FILE *, const struct cpu *), const struct cpu *cpu)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	print(f, cpu);
	long n = ftell(f);
	char *text = calloc(1, (size_t)n + 1);
	rewind(f);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static void assert_has(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("missing \"%s\" in:\n%s", line, text);
}

static void test_info_fpu_shows_the_stack_from_top(void **state)
{
	(void)state;
	static struct cpu cpu; /* only its FPU is read */
	memset(&cpu, 0, sizeof(cpu));
	cpu.fpu.control = 0x0B7F;           /* RC up, PC extended, all masked */
	cpu.fpu.status = 0x3800 | FSW_C1 | FSW_SF | FSW_IE | FSW_ES; /* TOP 7 */
	cpu.fpu.empty = 0x7F;               /* only R7 */
	cpu.fpu.st[7] = (struct float80){ 0xC90FDAA22168C235ull, 0x4000 };
	cpu.fpu.opcode = 0x1EB;
	cpu.fpu.cs = 0xF000;
	cpu.fpu.ip = 0x1D9A;
	char *text = printed(dbg_print_fpu, &cpu);
	assert_has(text, "ST0 R7 valid   4000 c90fdaa22168c235  3.1415926535897932385e+0   "
			 "0x1.921fb54442d1846ap+1\n");
	assert_has(text, "ST1 R0 empty   0000 0000000000000000  +0");
	assert_has(text, "FCW 0b7f: PC 64-bit (extended), RC up, masked: IM DM ZM OM UM PM\n");
	assert_has(text, "FSW 3ac1: TOP 7, C3 0 C2 0 C1 1 C0 0, ES 1, SF 1, B 0, flags: IE\n");
	assert_has(text, "FTW 3fff (R7..R0: valid empty empty empty empty empty empty empty)\n");
	assert_has(text, "FIP f000:00001d9a  FDP 0000:00000000  FOP 1eb (d9 eb)\n");
	free(text);
}

static void test_info_sse_shows_singles_and_bytes(void **state)
{
	(void)state;
	static struct cpu cpu;
	memset(&cpu, 0, sizeof(cpu));
	for (unsigned b = 0; b < 16; b++)
		cpu.sse.xmm[2].b[b] = (uint8_t)(0x11 * b);
	cpu.sse.mxcsr = 0x9F80 | 0x6000 | 0x21;  /* FZ, RC toward zero, PE and IE */
	char *text = printed(dbg_print_sse, &cpu);
	assert_has(text, "XMM2 ffeeddcc bbaa9988 77665544 33221100  bytes 00 11 22 33 44 55 66 77 "
			 "88 99 aa bb cc dd ee ff\n");
	assert_has(text, "MXCSR 0000ffa1: RC toward zero, FZ 1, DAZ 0, masked: IM DM ZM OM UM PM, "
			 "flags: IE PE\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_values_have_twenty_digits),
		cmocka_unit_test(test_rounding_carries_into_a_new_digit),
		cmocka_unit_test(test_denormals_and_zeros),
		cmocka_unit_test(test_specials_are_named),
		cmocka_unit_test(test_info_fpu_shows_the_stack_from_top),
		cmocka_unit_test(test_info_sse_shows_singles_and_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
