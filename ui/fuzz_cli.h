/* The fuzzing side of smmbox's command line (--fuzz-input, --fuzz-replay,
 * --fuzz-triage, --fuzz-coverage; docs/FUZZING.md): the options into a
 * fuzzer (fuzz/fuzz.h), and what each of them does with it. */
#ifndef SMMBOX_UI_FUZZ_CLI_H
#define SMMBOX_UI_FUZZ_CLI_H

#include "debug/debugger.h"
#include "machine/machine.h"
#include "ui/options.h"

/* A debugger's front end (--debug, --ui, --gdb) on d: -1, or the exit
 * status it failed with. */
typedef int (*fuzz_front_end_fn)(struct debugger *d, struct machine *m, const struct options *o);

/* Do what o's fuzzing options say on m (built from cfg, at power-on);
 * returns the exit status (0 clean, 3 a finding, 1 bad input, after one
 * line on stderr). */
int fuzz_command(struct machine *m, const struct board_config *cfg, const struct options *o,
		 fuzz_front_end_fn front_end);

#endif
