/* The x87 and SSE fields in smmbox-trace's output (trace_fpu.h). */
#include "ui/trace_fpu.h"

#include <inttypes.h>

#include "debug/debug_view.h"

/* Field k of f as text: a register as exponent word:significand and
 * its value, an XMM register as its high and low quadwords, a word in
 * hex. */
static void field_text(const struct trace_fpu *f, unsigned k, char *out, size_t size)
{
	if (k < TFP_XMM0) {
		char value[64];
		struct float80 v = f->r[k - TFP_R0];
		dbg_f80_text(v, value, sizeof(value));
		snprintf(out, size, "%04x:%016" PRIx64 " (%s)", v.sign_exp, v.signif, value);
	} else if (k < TFP_FCW) {
		const union cpu_xmm *x = &f->xmm[k - TFP_XMM0];
		snprintf(out, size, "%016" PRIx64 "%016" PRIx64, x->q[1], x->q[0]);
	} else {
		snprintf(out, size, "%0*" PRIx32, k == TFP_MXCSR || k == TFP_FIP || k == TFP_FDP ? 8 :
			 k == TFP_FTW ? 2 : 4, f->word[k - TFP_FCW]);
	}
}

void trace_fpu_print_changes(FILE *out, const struct trace_fpu *was,
			     const struct trace_fpu *now)
{
	struct trace_fpu known_was = *was;
	known_was.known = now->known;
	uint32_t changed = trace_fpu_differs(&known_was, now);
	if (!changed)
		return;
	fprintf(out, "%10s     fpu", "");
	for (unsigned k = 0; k < TFP_COUNT; k++)
		if (changed & (1u << k)) {
			char text[96];
			field_text(now, k, text, sizeof(text));
			fprintf(out, " %s=%s", trace_fpu_names[k], text);
		}
	fprintf(out, "\n");
}

void trace_fpu_report(FILE *out, const struct trace_fpu *a, const struct trace_fpu *b,
		      uint32_t differ)
{
	uint32_t both = a->known & b->known;
	for (unsigned k = 0; k < TFP_COUNT; k++) {
		bool is_word = k >= TFP_FCW;
		if (!(both & (1u << k)) || (!is_word && !(differ & (1u << k))))
			continue;
		char ta[96], tb[96];
		field_text(a, k, ta, sizeof(ta));
		field_text(b, k, tb, sizeof(tb));
		if (is_word)
			fprintf(out, "%-8s %-10s %-10s %s\n", trace_fpu_names[k], ta, tb,
				differ & (1u << k) ? "*" : "");
		else
			fprintf(out, "%-8s A %s\n%-8s B %s  *\n", trace_fpu_names[k], ta, "", tb);
	}
}
