/* The x87's transcendental instructions: F2XM1, FYL2X, FPTAN, FPATAN,
 * FYL2XP1, FSINCOS, FSIN, FCOS. */
#include "cpu/ops.h"
#include "cpu/x87.h"

int x87_transcendental(struct cpu *cpu, unsigned code)
{
	(void)code;
	return UD(cpu);
}
