/* libFuzzer harness: the command-line debugger (ui/debug_cli.c) on the
 * machine of a plain run of tests/roms/hello.bin: each line of the input
 * is a command given to debug_cli_command(), as the window's command line
 * gives them, until quit or FUZZ_COMMANDS of them.  The session is bounded
 * to FUZZ_BUDGET instructions (debugger_set_budget()), so that `continue`
 * after `smi` (an SMI handler of zeros that never returns) ends.  A bad
 * command must end in an error line, never a crash. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/debugger.h"
#include "tests/fuzzers/fuzz-machine.h"
#include "ui/debug_cli.h"

#define FUZZ_BUDGET 5000
#define FUZZ_COMMANDS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	if (!out && !(out = fopen("/dev/null", "w")))
		abort();
	struct fuzz_machine *fm = fuzz_machine_get(1);
	fuzz_machine_reset(fm);
	struct debugger *d = debugger_new(fm->m, &fm->cfg);
	if (!d)
		abort();
	debugger_set_budget(d, FUZZ_BUDGET);
	char line[1024];
	size_t at = 0;
	for (unsigned k = 0; k < FUZZ_COMMANDS && at < size; k++) {
		size_t n = 0;
		while (at < size && data[at] != '\n') {
			if (n + 1 < sizeof(line))
				line[n++] = data[at] ? (char)data[at] : ' ';
			at++;
		}
		at++;
		line[n] = 0;
		bool failed;
		if (!debug_cli_command(d, fm->m, out, line, &failed))
			break;
	}
	debugger_free(d);
	return 0;
}
