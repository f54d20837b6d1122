/* The x87 and SSE fields of a trace step (trace.h): their names and
 * comparing them. */
#include "trace/trace.h"

#include <string.h>

const char *const trace_fpu_names[TFP_COUNT] = {
	"R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7",
	"XMM0", "XMM1", "XMM2", "XMM3", "XMM4", "XMM5", "XMM6", "XMM7",
	"FCW", "FSW", "FTW", "FOP", "FIP", "FCS", "FDP", "FDS", "MXCSR",
};

uint32_t trace_fpu_differs(const struct trace_fpu *a, const struct trace_fpu *b)
{
	uint32_t differ = 0;
	for (unsigned k = 0; k < 8; k++) {
		differ |= (uint32_t)(a->r[k].signif != b->r[k].signif ||
				     a->r[k].sign_exp != b->r[k].sign_exp) << (TFP_R0 + k);
		differ |= (uint32_t)(memcmp(a->xmm[k].b, b->xmm[k].b, 16) != 0) << (TFP_XMM0 + k);
	}
	for (unsigned k = 0; k < TFP_WORDS; k++)
		differ |= (uint32_t)(a->word[k] != b->word[k]) << (TFP_FCW + k);
	return differ & a->known & b->known;
}
