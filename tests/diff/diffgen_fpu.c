/* diffgen's x87 instructions (--fpu): chosen so that QEMU and smmbox must
 * agree on the whole x87 state, which QEMU's -d cpu,fpu log shows
 * (tests/diff/README).
 *
 * What is avoided, and why (docs/KNOWN-DIFFERENCES.md):
 *  - inexact results: QEMU never sets C1 on a round-up, and computes the
 *    transcendentals in double precision; so the values are integers
 *    (FILD of memory, FLD1, FLDZ), added, subtracted, multiplied by
 *    integers below 100 and rounded (FRNDINT, FIST), which stay exact for
 *    a sequence's length;
 *  - stack overflow and underflow, which QEMU does not detect: each run
 *    of x87 instructions starts from FNINIT and counts the registers in
 *    use, pushing, popping and naming ST(i) only within them (a run is
 *    one unit of the sequence: no jump lands inside it, so none skips a
 *    push);
 *  - denormals (QEMU raises no DE): integers are never denormal;
 *  - FXAM: it sets C1 to the sign, and QEMU leaves C1 alone in the
 *    instructions after it that the SDM says clear it (FCHS, FABS, FLD,
 *    FST, FIST, FRNDINT, FTST);
 *  - FCOMI and FUCOMI: QEMU leaves OF, SF and AF as they were where the
 *    SDM clears them; FCOM and FUCOM (into C0, C2, C3) are compared;
 *  - unmasked exceptions (QEMU delivers #MF only at FWAIT): FNINIT's
 *    control word, all masked, is never changed;
 *  - MMX: QEMU leaves an MM register's exponent as it was where the SDM
 *    sets it to ones, and the registers keep it after EMMS; the MMX
 *    instructions are compared with the host's own units instead
 *    (tests/simd/cpu-vs-host). */
#include "diffgen.h"

/* An absolute offset in the scratch segment DS (64 KiB in every mode). */
static unsigned scratch(struct seq *s)
{
	return 0x100 + pick(s, 0xFE00);
}

static void push(struct seq *s, unsigned *depth)
{
	switch (pick(s, 4)) {
	case 0: line(s, "fld1"); break;
	case 1: line(s, "fldz"); break;
	case 2: line(s, "fild %s [ds:0x%X]", pick(s, 2) ? "word" : "dword", scratch(s)); break;
	default:
		if (*depth == 0) {
			line(s, "fld1");
			break;
		}
		line(s, "fld st%u", pick(s, *depth));
		break;
	}
	(*depth)++;
}

/* On ST(0) alone. */
static void on_top(struct seq *s, unsigned *depth)
{
	switch (pick(s, 6)) {
	case 0: line(s, "fchs"); break;
	case 1: line(s, "fabs"); break;
	case 2: line(s, "frndint"); break;
	case 3: line(s, "ftst"); break;
	case 4: /* a small integer factor */
		line(s, "mov word [ds:0x%X], %u", 0x80, pick(s, 100));
		line(s, "fimul word [ds:0x80]");
		break;
	default: {
		bool pop = pick(s, 2);
		line(s, "fist%s dword [ds:0x%X]", pop ? "p" : "", scratch(s) & ~3u);
		*depth -= pop;
		break;
	}
	}
}

/* With ST(i), 1 <= i < depth. */
static void with_other(struct seq *s, unsigned *depth)
{
	static const char *const ops[] = { "fadd", "fsub", "fsubr" };
	unsigned i = 1 + pick(s, *depth - 1);
	switch (pick(s, 7)) {
	case 0: line(s, "%s st0, st%u", ops[pick(s, 3)], i); break;
	case 1: line(s, "%s st%u, st0", ops[pick(s, 2)], i); break;
	case 2: line(s, "fxch st%u", i); break;
	case 3: line(s, "f%scom st%u", pick(s, 2) ? "u" : "", i); break;
	case 4: line(s, "fst st%u", i); break;
	case 5: /* these pop */
		line(s, "%sp st%u, st0", ops[pick(s, 2)], i);
		(*depth)--;
		break;
	default:
		line(s, "fcomp st%u", i);
		(*depth)--;
		break;
	}
}

/* One step of a run, on a stack of *depth registers. */
static void step(struct seq *s, unsigned *depth)
{
	unsigned r = pick(s, 16);
	if (r < 2) {
		line(s, "fnstsw ax");
	} else if (*depth == 0 || (r < 6 && *depth < 8)) {
		push(s, depth);
	} else if (*depth >= 2 && r >= 10) {
		with_other(s, depth);
	} else {
		on_top(s, depth);
		if (*depth && r == 6) { /* make room */
			line(s, "fstp st0");
			(*depth)--;
		}
	}
}

void diffgen_fpu(struct seq *s)
{
	unsigned depth = 0;
	line(s, "fninit");
	for (unsigned k = 2 + pick(s, 6); k > 0; k--)
		step(s, &depth);
}
