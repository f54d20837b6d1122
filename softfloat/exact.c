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

/* The integer square root of n below 2^128: floor(sqrt(n)), bit by bit. */
static uint64_t isqrt128(u128 n, u128 *remainder)
{
	u128 root = 0, rem = n;
	for (int bit = 63; bit >= 0; bit--) {
		u128 trial = (root << (bit + 1)) + ((u128)1 << (2 * bit));
		if (rem >= trial) {
			rem -= trial;
			root |= (u128)1 << bit;
		}
	}
	*remainder = rem;
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
