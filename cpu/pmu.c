/* The P6 family's performance-monitoring counters; see pmu.h.  The
 * counts are derived from the retired-instruction count: nothing is
 * done per instruction, and an overflow with INT set ends the run at
 * the instruction that makes it (pmu.overflow_at, cpu_run_end_changed()). */
#include "cpu/pmu.h"

#include "cpu/core.h"
#include "cpu/model.h"

/* PerfEvtSel: bits 63:32 and 21 are reserved. */
#define PERFEVTSEL_WRITABLE 0xFFDFFFFFull
#define PERFEVTSEL_CMASK(sel) (((sel) >> 24) & 0xFFu)

bool pmu_present(const struct cpu *cpu)
{
	return cpu->model->pmu == CPU_PMU_P6;
}

/* Whether PerfCtr k counts each instruction retired from now: enabled
 * by PerfEvtSel0's EN, one of the two events counted, the CPL's filter
 * set, and CMASK's comparison with the one event a cycle true. */
static bool counts_now(const struct cpu *cpu, unsigned k)
{
	uint64_t sel = cpu->pmu.evtsel[k];
	unsigned event = sel & 0xFFu, cmask = PERFEVTSEL_CMASK(sel);
	if (!(cpu->pmu.evtsel[0] & PERFEVTSEL_EN))
		return false;
	if (event != PMU_EVENT_INST_RETIRED && event != PMU_EVENT_CPU_CLK_UNHALTED)
		return false;
	if (!(sel & (cpu->cpl == 0 ? PERFEVTSEL_OS : PERFEVTSEL_USR)))
		return false;
	return cmask == 0 || ((1u >= cmask) != ((sel & PERFEVTSEL_INV) != 0));
}

uint64_t pmu_counter(const struct cpu *cpu, unsigned k)
{
	uint64_t v = cpu->pmu.ctr[k];
	if (cpu->pmu.counting & (1u << k))
		v += cpu->icount - cpu->pmu.settled_at;
	return v & PMU_COUNTER_MASK;
}

void pmu_settle(struct cpu *cpu)
{
	struct cpu_pmu *p = &cpu->pmu;
	bool overflowed = false;
	p->overflow_at = UINT64_MAX;
	for (unsigned k = 0; k < 2; k++) {
		uint64_t v = pmu_counter(cpu, k);
		if (v < p->ctr[k] && (p->counting & (1u << k)) && (p->evtsel[k] & PERFEVTSEL_INT))
			overflowed = true;
		p->ctr[k] = v;
	}
	p->settled_at = cpu->icount;
	p->counting = 0;
	for (unsigned k = 0; k < 2; k++) {
		if (!counts_now(cpu, k))
			continue;
		p->counting |= (uint8_t)(1u << k);
		uint64_t at = cpu->icount + (PMU_COUNTER_MASK + 1 - p->ctr[k]);
		if ((p->evtsel[k] & PERFEVTSEL_INT) && at < p->overflow_at)
			p->overflow_at = at;
	}
	cpu_run_end_changed(cpu);
	if (overflowed)
		line_pulse(cpu->pmi);
}

bool pmu_msr_peek(const struct cpu *cpu, uint32_t index, uint64_t *value)
{
	if (!pmu_present(cpu))
		return false;
	switch (index) {
	case MSR_PERFCTR0: case MSR_PERFCTR1:
		*value = pmu_counter(cpu, index - MSR_PERFCTR0);
		return true;
	case MSR_PERFEVTSEL0: case MSR_PERFEVTSEL1:
		*value = cpu->pmu.evtsel[index - MSR_PERFEVTSEL0];
		return true;
	default:
		return false;
	}
}

bool pmu_msr_write(struct cpu *cpu, uint32_t index, uint64_t value)
{
	uint64_t old;
	if (!pmu_msr_peek(cpu, index, &old))
		return false;
	bool counter = index == MSR_PERFCTR0 || index == MSR_PERFCTR1;
	if (!counter && (value & ~PERFEVTSEL_WRITABLE))
		return false;
	pmu_settle(cpu);   /* up to now as it was */
	if (counter)
		cpu->pmu.ctr[index - MSR_PERFCTR0] =
			(uint64_t)(int64_t)(int32_t)(uint32_t)value & PMU_COUNTER_MASK;
	else
		cpu->pmu.evtsel[index - MSR_PERFEVTSEL0] = value;
	pmu_settle(cpu);   /* from now as it is */
	return true;
}

void pmu_reset(struct cpu *cpu)
{
	cpu->pmu = (struct cpu_pmu){ .settled_at = cpu->icount, .overflow_at = UINT64_MAX };
	cpu_run_end_changed(cpu);
}
