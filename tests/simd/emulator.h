/* smmbox's side of the host comparisons in tests/simd: a CPU on 64 KiB
 * of RAM, started in real mode at CODE_AT on the bytes given. */
#ifndef SMMBOX_TESTS_SIMD_EMULATOR_H
#define SMMBOX_TESTS_SIMD_EMULATOR_H

#include <stdint.h>

#include "cpu/cpu.h"
#include "mem/bus.h"
#include "tests/softfloat/tap-runner.h"

#define EMULATOR_RAM_SIZE 0x10000u
#define CODE_AT 0x1000u

struct emulator {
	struct bus *bus;
	struct cpu *cpu;
	uint8_t *ram;
};

/* The CPU at reset; exits with a message when out of memory. */
void emulator_new(struct emulator *e);
/* The CPU reset, real mode, CS = 0, EIP = CODE_AT, with code there
 * (written as the CPU would, so that decoded code is dropped). */
void emulator_start(struct emulator *e, const uint8_t *code, unsigned len);

/* main() of a comparison: the host's executable page and the emulator,
 * then tap_main(); skipped on a host that is not x86-64. */
int simd_tests_main(const struct tap_tests *t, struct emulator *e, int argc, char **argv);

#endif
