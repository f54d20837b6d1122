/* Breakpoints from the debug registers; see debugreg.h. */
#include "cpu/debugreg.h"

/* DR7: L0/G0.. in bits 0-7, R/W0 in bits 16-17 and LEN0 in 18-19, then
 * 4 bits a breakpoint. */
static bool enabled(uint32_t dr7, unsigned n)
{
	return (dr7 >> (2 * n)) & 3;
}

static unsigned rw_of(uint32_t dr7, unsigned n)
{
	return (dr7 >> (16 + 4 * n)) & 3;
}

/* LEN: 00 one byte, 01 two, 11 four (10 is undefined on 32-bit CPUs). */
static uint32_t len_of(uint32_t dr7, unsigned n)
{
	static const uint32_t len[4] = { 1, 2, 8, 4 };
	return len[(dr7 >> (18 + 4 * n)) & 3];
}

void debug_update(struct cpu *cpu)
{
	struct cpu_core *core = cpu->core;
	uint32_t dr7 = cpu->dr[7];
	core->debug_exec = core->debug_data = 0;
	for (unsigned n = 0; n < 4; n++) {
		if (!enabled(dr7, n))
			continue;
		unsigned rw = rw_of(dr7, n);
		if (rw == 0)
			core->debug_exec |= 1u << n;
		else if (rw == 1 || rw == 3)
			core->debug_data |= 1u << n; /* 2: I/O breakpoints need CR4.DE */
	}
	cpu_tlb_flush(cpu); /* armed pages must lose their fast entries */
	core->attention = true;
}

uint32_t debug_exec_hits(const struct cpu *cpu, uint32_t lin)
{
	uint32_t hits = 0;
	for (unsigned n = 0; n < 4; n++)
		if ((cpu->core->debug_exec >> n & 1) && cpu->dr[n] == lin)
			hits |= 1u << n;
	return hits;
}

bool debug_page_armed(const struct cpu *cpu, uint32_t page)
{
	for (unsigned n = 0; n < 4; n++) {
		if (!(cpu->core->debug_data >> n & 1))
			continue;
		uint32_t start = cpu->dr[n] & ~(len_of(cpu->dr[7], n) - 1);
		uint32_t last = start + len_of(cpu->dr[7], n) - 1;
		if ((start & ~0xFFFu) == page || (last & ~0xFFFu) == page)
			return true;
	}
	return false;
}

void debug_note_access(struct cpu *cpu, uint32_t lin, unsigned size, bool write)
{
	for (unsigned n = 0; n < 4; n++) {
		if (!(cpu->core->debug_data >> n & 1))
			continue;
		if (!write && rw_of(cpu->dr[7], n) == 1)
			continue;
		uint32_t len = len_of(cpu->dr[7], n);
		uint32_t start = cpu->dr[n] & ~(len - 1);
		if (lin <= start + len - 1 && start <= lin + size - 1)
			cpu->core->debug_hits |= 1u << n;
	}
}
