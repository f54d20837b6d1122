/* The x87 FPU's and the SSE unit's registers as the debugger shows them
 * (debug_view.h): the stack with each register's physical number, tag
 * and value, the control, status and tag words decoded, the last
 * instruction's pointers; XMM0-7 and MXCSR. */
#include "debug/debug_view.h"

#include <inttypes.h>

static const char *const tag_names[4] = { "valid", "zero", "special", "empty" };

/* The exceptions' flag (FSW, MXCSR) and mask (FCW, MXCSR) letters, bit 0
 * first: SDM Vol.1 §8.1.3 and §10.2.3. */
static const char *const exception_names[6] = { "IE", "DE", "ZE", "OE", "UE", "PE" };
static const char *const rounding_names[4] = { "nearest", "down", "up", "toward zero" };

/* The exception bits set in bits (bit 0 IE ... bit 5 PE) as names, with
 * their first letters only for masks ("IM" for IE); "none" for none. */
static void print_exceptions(FILE *out, unsigned bits, bool masks)
{
	bool any = false;
	for (unsigned k = 0; k < 6; k++)
		if (bits & (1u << k)) {
			fprintf(out, " %c%c", exception_names[k][0], masks ? 'M' : 'E');
			any = true;
		}
	if (!any)
		fprintf(out, " none");
}

const char *dbg_fpu_tag_name(unsigned tag)
{
	return tag_names[tag & 3];
}

static void print_control(FILE *out, uint16_t cw)
{
	static const char *const precision[4] = { "24-bit (single)", "reserved",
						  "53-bit (double)", "64-bit (extended)" };
	fprintf(out, "FCW %04x: PC %s, RC %s, masked:", cw, precision[(cw >> 8) & 3],
		rounding_names[(cw >> 10) & 3]);
	print_exceptions(out, cw & 0x3F, true);
	fprintf(out, "\n");
}

static void print_status(FILE *out, uint16_t sw)
{
	fprintf(out, "FSW %04x: TOP %u, C3 %u C2 %u C1 %u C0 %u, ES %u, SF %u, B %u, flags:", sw,
		(sw & FSW_TOP) >> 11, !!(sw & FSW_C3), !!(sw & FSW_C2), !!(sw & FSW_C1),
		!!(sw & FSW_C0), !!(sw & FSW_ES), !!(sw & FSW_SF), !!(sw & FSW_B));
	print_exceptions(out, sw & 0x3F, false);
	fprintf(out, "\n");
}

void dbg_print_fpu(FILE *out, const struct cpu *cpu)
{
	const struct cpu_fpu *f = &cpu->fpu;
	unsigned top = (f->status & FSW_TOP) >> 11;
	uint16_t tags = cpu_fpu_tag_word(f);
	for (unsigned i = 0; i < 8; i++) {
		unsigned r = (top + i) & 7;
		struct float80 v = f->st[r];
		char dec[64], hex[48];
		dbg_f80_text(v, dec, sizeof(dec));
		dbg_f80_hexfloat(v, hex, sizeof(hex));
		fprintf(out, "ST%u R%u %-7s %04x %016" PRIx64 "  %-26s %s\n", i, r,
			tag_names[(tags >> (2 * r)) & 3], v.sign_exp, v.signif, dec, hex);
	}
	print_control(out, f->control);
	print_status(out, f->status);
	fprintf(out, "FTW %04x (R7..R0:", tags);
	for (int r = 7; r >= 0; r--)
		fprintf(out, " %s", tag_names[(tags >> (2 * r)) & 3]);
	fprintf(out, ")\n");
	fprintf(out, "FIP %04x:%08" PRIx32 "  FDP %04x:%08" PRIx32 "  FOP %03x (%02x %02x)\n",
		f->cs, f->ip, f->ds, f->dp, f->opcode, 0xD8 | ((f->opcode >> 8) & 7),
		f->opcode & 0xFF);
}

void dbg_print_sse(FILE *out, const struct cpu *cpu)
{
	const struct cpu_sse *s = &cpu->sse;
	uint32_t m = s->mxcsr;
	for (unsigned k = 0; k < 8; k++) {
		const union cpu_xmm *x = &s->xmm[k];
		fprintf(out, "XMM%u %08" PRIx32 " %08" PRIx32 " %08" PRIx32 " %08" PRIx32 "  bytes", k,
			x->f32[3], x->f32[2], x->f32[1], x->f32[0]);
		for (unsigned b = 0; b < 16; b++)
			fprintf(out, " %02x", x->b[b]);
		fprintf(out, "\n");
	}
	fprintf(out, "MXCSR %08" PRIx32 ": RC %s, FZ %u, DAZ %u, masked:", m,
		rounding_names[(m >> 13) & 3], (m >> 15) & 1, (m >> 6) & 1);
	print_exceptions(out, (m >> 7) & 0x3F, true);
	fprintf(out, ", flags:");
	print_exceptions(out, m & 0x3F, false);
	fprintf(out, "\n");
}
