/* The exact operations on unpacked values: each result is exact, or
 * carries every lost bit as a sticky bit far below any precision. */
#include "softfloat/internal.h"

struct fp_wide fp_widen(struct fp_parts a)
{
	return (struct fp_wide){ a.sign, a.exp, (u128)a.sig << 64 };
}

/* The wide value of s * 2^(scale), s nonzero. */
static struct fp_wide normalize(bool sign, u128 s, int32_t scale)
{
	unsigned shift = clz128(s);
	return (struct fp_wide){ sign, scale + 127 - (int32_t)shift, s << shift };
}

struct fp_wide fp_add_parts(struct fp_parts a, struct fp_parts b, bool subtract, bool *exact_zero)
{
	b.sign ^= subtract;
	if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
		struct fp_parts larger = b;
		b = a;
		a = larger;
	}
	/* |a| >= |b|; both at bit 126 of 128, so that a sum cannot carry out. */
	u128 wa = (u128)a.sig << 63;
	u128 wb = shift_right_jam128((u128)b.sig << 63, (unsigned)(a.exp - b.exp));
	u128 s = a.sign == b.sign ? wa + wb : wa - wb;
	*exact_zero = s == 0;
	if (s == 0)
		return (struct fp_wide){ false, 0, 0 };
	return normalize(a.sign, s, a.exp - 126);
}

struct fp_wide fp_mul_parts(struct fp_parts a, struct fp_parts b)
{
	u128 p = (u128)a.sig * b.sig;
	return normalize(a.sign ^ b.sign, p, a.exp + b.exp - 126);
}

/* The quotient's 128 bits come from two long divisions of 64 bits each;
 * the remainder of the second is the sticky bit. */
struct fp_wide fp_div_parts(struct fp_parts a, struct fp_parts b)
{
	u128 num = (u128)a.sig << 64;
	u128 q1 = num / b.sig;           /* a/b * 2^64: 64 or 65 bits */
	u128 r1 = num % b.sig;
	u128 num2 = r1 << 64;
	u128 q2 = num2 / b.sig;          /* 64 further bits */
	bool sticky = num2 % b.sig != 0;
	/* q = q1 * 2^64 + q2, the quotient scaled by 2^128. */
	unsigned top = q1 >> 64 ? 1 : 0;
	u128 q = (q1 << (64 - top)) | (q2 >> top) | (top && (q2 & 1)) | sticky;
	/* a.sig >= 2^63 > b.sig / 2, so q1 >= 2^63: q's bit 127 is set. */
	return (struct fp_wide){ a.sign ^ b.sign, a.exp - b.exp - 1 + (int32_t)top, q };
}

/* floor(sqrt(x)) for a 64-bit x, bit by bit. */
static uint64_t isqrt64(uint64_t x)
{
	uint64_t root = 0, rem = x;
	for (int bit = 31; bit >= 0; bit--) {
		uint64_t trial = (root << (bit + 1)) + (1ull << (2 * bit));
		if (rem >= trial) {
			rem -= trial;
			root |= 1ull << bit;
		}
	}
	return root;
}

/* The integer square root of n, 2^126 <= n < 2^128: Newton's iteration
 * from above, starting from the root of the top 64 bits (32 good bits),
 * which only decreases until it reaches floor(sqrt(n)). */
static uint64_t isqrt128(u128 n, u128 *remainder)
{
	u128 root = (u128)(isqrt64((uint64_t)(n >> 64)) + 1) << 32;
	for (;;) {
		u128 next = (root + n / root) >> 1;
		if (next >= root)
			break;
		root = next;
	}
	*remainder = n - root * root;
	return (uint64_t)root;
}

/* sqrt(sig * 2^(exp-63)): with an even exponent, the root of sig * 2^63
 * is the result's significand; with an odd one, that of sig * 2^64.  The
 * bit below the root is one when remainder > root (the root's half-way
 * point is never exact), and the rest is sticky. */
struct fp_wide fp_sqrt_parts(struct fp_parts a)
{
	bool odd = a.exp & 1;
	u128 rem;
	uint64_t root = isqrt128((u128)a.sig << (odd ? 64 : 63), &rem);
	u128 sig = (u128)root << 64;
	if (rem > root)
		sig |= (u128)1 << 63 | 1;
	else if (rem != 0)
		sig |= 1;
	int32_t half_exp = (a.exp - (odd ? 1 : 0)) / 2;
	return (struct fp_wide){ false, half_exp, sig };
}
