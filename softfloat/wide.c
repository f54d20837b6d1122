/* Arithmetic on struct fp_wide values kept to 128 bits, for the
 * transcendental functions: each operation truncates below its 128th
 * bit, keeping what it drops as a sticky bit, so a chain of a few hundred keeps well
 * over 100 good bits, far more than the 64 of an extended result. */
#include "softfloat/internal.h"

const struct fp_wide WIDE_ZERO = { false, 0, 0 };

struct fp_wide wide_from_int(int64_t v)
{
	if (v == 0)
		return WIDE_ZERO;
	bool sign = v < 0;
	uint64_t mag = sign ? 0 - (uint64_t)v : (uint64_t)v;
	unsigned shift = (unsigned)__builtin_clzll(mag);
	return (struct fp_wide){ sign, 63 - (int32_t)shift, (u128)(mag << shift) << 64 };
}

struct fp_wide wide_constant(int32_t exp, uint64_t hi, uint64_t lo)
{
	return (struct fp_wide){ false, exp, (u128)hi << 64 | lo };
}

static struct fp_wide normalized(bool sign, int32_t exp, u128 sig)
{
	if (sig == 0)
		return WIDE_ZERO;
	unsigned shift = clz128(sig);
	return (struct fp_wide){ sign, exp - (int32_t)shift, sig << shift };
}

struct fp_wide wide_mul(struct fp_wide a, struct fp_wide b)
{
	if (a.sig == 0 || b.sig == 0)
		return WIDE_ZERO;
	uint64_t a0 = (uint64_t)a.sig, a1 = (uint64_t)(a.sig >> 64);
	uint64_t b0 = (uint64_t)b.sig, b1 = (uint64_t)(b.sig >> 64);
	u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
	u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
	u128 hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	/* hi is the product / 2^128, in [2^126, 2^128), the rest sticky */
	hi |= ((uint64_t)mid | (uint64_t)p00) != 0;
	return normalized(a.sign ^ b.sign, a.exp + b.exp + 1, hi);
}

struct fp_wide wide_add(struct fp_wide a, struct fp_wide b)
{
	if (b.sig == 0)
		return a;
	if (a.sig == 0)
		return b;
	if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
		struct fp_wide t = a;
		a = b;
		b = t;
	}
	/* b's bits shifted out are kept as a sticky bit, so that a term far
	 * below the precision still makes the sum inexact, and rounds it
	 * the right way */
	unsigned d = (unsigned)(a.exp - b.exp);
	u128 wa = a.sig >> 1, wb = shift_right_jam128(b.sig, d + 1);
	u128 s = a.sign == b.sign ? wa + wb : wa - wb;
	return normalized(a.sign, a.exp + 1, s);
}

struct fp_wide wide_sub(struct fp_wide a, struct fp_wide b)
{
	b.sign = !b.sign;
	return wide_add(a, b);
}

/* Long division, one quotient bit a step; b nonzero. */
struct fp_wide wide_div(struct fp_wide a, struct fp_wide b)
{
	if (a.sig == 0)
		return WIDE_ZERO;
	u128 rem = a.sig, q = 0;
	bool carry = false; /* the remainder's 129th bit */
	for (int bit = 0; bit < 128; bit++) {
		q <<= 1;
		if (carry || rem >= b.sig) {
			rem -= b.sig;
			q |= 1;
		}
		carry = rem >> 127;
		rem <<= 1;
	}
	/* q = a.sig / b.sig * 2^127, in [2^126, 2^128), the rest sticky */
	q |= carry || rem != 0;
	return normalized(a.sign ^ b.sign, a.exp - b.exp, q);
}

struct fp_wide wide_div_small(struct fp_wide a, uint64_t n)
{
	if (a.sig == 0)
		return a;
	u128 q = a.sig / n, r = a.sig % n;
	unsigned shift = clz128(q);
	q = q << shift | (r << shift) / n | ((r << shift) % n != 0);
	return (struct fp_wide){ a.sign, a.exp - (int32_t)shift, q };
}

struct fp_wide wide_scale(struct fp_wide a, int32_t by)
{
	if (a.sig != 0)
		a.exp += by;
	return a;
}

/* Newton's iteration from the 64-bit root: each step doubles the good
 * bits. */
struct fp_wide wide_sqrt(struct fp_wide a)
{
	if (a.sig == 0)
		return a;
	struct fp_parts p = { false, a.exp, (uint64_t)(a.sig >> 64) };
	struct fp_wide y = fp_sqrt_parts(p);
	for (int k = 0; k < 2; k++)
		y = wide_scale(wide_add(y, wide_div(a, y)), -1);
	return y;
}

bool wide_less_magnitude(struct fp_wide a, struct fp_wide b)
{
	if (a.sig == 0 || b.sig == 0)
		return a.sig == 0 && b.sig != 0;
	return a.exp != b.exp ? a.exp < b.exp : a.sig < b.sig;
}
