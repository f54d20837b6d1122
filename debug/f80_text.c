/* Extended-precision values as text (debug_view.h), in integer
 * arithmetic only: the same bits give the same text on any host, and
 * nothing here depends on the host's floating point. */
#include "debug/debug_view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The exponent bias of the 80-bit format, and the weight of the
 * significand's lowest bit for exponent field e: 2^(e - 16383 - 63). */
#define F80_BIAS 16383
#define F80_INTEGER_BIT 0x8000000000000000ull

/* The significant digits dbg_f80_text() gives: 20, enough to tell apart
 * any two 64-bit significands. */
#define DECIMAL_DIGITS 20

/* A natural number in base 10^9, least significant limb first: large
 * enough for a significand times 5^16445, the smallest denormal's. */
#define BIG_BASE 1000000000u
#define BIG_LIMBS 1300

struct big {
	uint32_t limb[BIG_LIMBS];
	unsigned n;
};

/* b *= m, for m below 2^31 (so that a limb times m plus the carry stays
 * within 64 bits). */
static void big_mul(struct big *b, uint32_t m)
{
	uint64_t carry = 0;
	for (unsigned k = 0; k < b->n; k++) {
		uint64_t t = (uint64_t)b->limb[k] * m + carry;
		b->limb[k] = (uint32_t)(t % BIG_BASE);
		carry = t / BIG_BASE;
	}
	while (carry && b->n < BIG_LIMBS) {
		b->limb[b->n++] = (uint32_t)(carry % BIG_BASE);
		carry /= BIG_BASE;
	}
}

/* b *= base^n, in steps of base^step (base^step below 2^31). */
static void big_mul_pow(struct big *b, uint32_t base, unsigned step, unsigned n)
{
	uint32_t chunk = 1;
	for (unsigned k = 0; k < step; k++)
		chunk *= base;
	for (; n >= step; n -= step)
		big_mul(b, chunk);
	uint32_t rest = 1;
	for (; n; n--)
		rest *= base;
	big_mul(b, rest);
}

/* The first DECIMAL_DIGITS digits of b, rounded half up at the next one
 * (a carry out of the top makes it 1000...: *extra is set then), into
 * digits; returns b's number of digits. */
static unsigned big_leading_digits(const struct big *b, char digits[DECIMAL_DIGITS + 1],
				   bool *extra)
{
	char buf[4 * 9 + 1];
	unsigned top = b->n - 1, used = (unsigned)snprintf(buf, sizeof(buf), "%" PRIu32,
							  b->limb[top]);
	unsigned total = used + 9 * top;
	for (unsigned k = 1; k < 4 && k <= top; k++)
		used += (unsigned)snprintf(buf + used, sizeof(buf) - used, "%09" PRIu32,
					   b->limb[top - k]);
	while (used < DECIMAL_DIGITS + 1)
		buf[used++] = '0';
	memcpy(digits, buf, DECIMAL_DIGITS);
	digits[DECIMAL_DIGITS] = 0;
	*extra = false;
	if (buf[DECIMAL_DIGITS] >= '5') {
		int k = DECIMAL_DIGITS - 1;
		for (; k >= 0 && digits[k] == '9'; k--)
			digits[k] = '0';
		if (k >= 0)
			digits[k]++;
		else {
			digits[0] = '1';
			*extra = true;
		}
	}
	return total;
}

/* A finite nonzero value, signif * 2^e2, in decimal: "d.ddde±x", the
 * trailing zeros of the digits left out. */
static void decimal(bool negative, uint64_t signif, int e2, char *out, size_t size)
{
	struct big b = { .n = 0 };
	for (uint64_t s = signif; s; s /= BIG_BASE)
		b.limb[b.n++] = (uint32_t)(s % BIG_BASE);
	int e10 = 0; /* the value is b * 10^e10 */
	if (e2 >= 0) {
		big_mul_pow(&b, 2, 30, (unsigned)e2);
	} else {
		big_mul_pow(&b, 5, 13, (unsigned)-e2); /* signif / 2^n = signif * 5^n / 10^n */
		e10 = e2;
	}
	char digits[DECIMAL_DIGITS + 1];
	bool extra;
	unsigned total = big_leading_digits(&b, digits, &extra);
	int exponent = (int)total - 1 + e10 + (extra ? 1 : 0);
	unsigned last = DECIMAL_DIGITS - 1;
	while (last > 0 && digits[last] == '0')
		last--;
	snprintf(out, size, "%s%c%s%.*se%+d", negative ? "-" : "", digits[0], last ? "." : "",
		 (int)last, digits + 1, exponent);
}

void dbg_f80_text(struct float80 v, char *out, size_t size)
{
	bool negative = v.sign_exp >> 15;
	unsigned exp = v.sign_exp & 0x7FFF;
	bool integer = v.signif & F80_INTEGER_BIT;
	const char *sign = negative ? "-" : "+";
	if (exp == 0x7FFF) {
		uint64_t fraction = v.signif & ~F80_INTEGER_BIT;
		if (!integer)
			snprintf(out, size, "%sunsupported (pseudo-%s)", sign,
				 fraction ? "NaN" : "infinity");
		else if (!fraction)
			snprintf(out, size, "%sinf", sign);
		else
			snprintf(out, size, "%s%s", sign,
				 fraction >> 62 ? "qnan" : "snan");
		return;
	}
	if (exp != 0 && !integer) {
		snprintf(out, size, "%sunsupported (unnormal)", sign);
		return;
	}
	if (v.signif == 0) {
		snprintf(out, size, "%s0", sign);
		return;
	}
	/* A denormal (exponent field 0) has the weight of exponent 1. */
	int e2 = (int)(exp ? exp : 1) - F80_BIAS - 63;
	decimal(negative, v.signif, e2, out, size);
}

void dbg_f80_hexfloat(struct float80 v, char *out, size_t size)
{
	bool negative = v.sign_exp >> 15;
	unsigned exp = v.sign_exp & 0x7FFF;
	if (exp == 0x7FFF || (exp != 0 && !(v.signif & F80_INTEGER_BIT))) {
		dbg_f80_text(v, out, size); /* no number to write */
		return;
	}
	/* The integer bit before the point, the 63 fraction bits after it
	 * (as 16 hex digits, the last one's low bit 0), trailing zeros out. */
	uint64_t fraction = v.signif << 1;
	char digits[17];
	snprintf(digits, sizeof(digits), "%016" PRIx64, fraction);
	int last = 15;
	while (last >= 0 && digits[last] == '0')
		last--;
	digits[last + 1] = 0;
	int e2 = v.signif == 0 ? 0 : (int)(exp ? exp : 1) - F80_BIAS;
	snprintf(out, size, "%s0x%c%s%sp%+d", negative ? "-" : "", v.signif >> 63 ? '1' : '0',
		 last >= 0 ? "." : "", digits, e2);
}
