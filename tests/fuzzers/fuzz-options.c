/* libFuzzer harness: smmbox's option parsing (ui/options.c) on an argv
 * made of the input, split at NUL bytes and newlines after "smmbox".
 * Whatever the words, parse_options() must go on (-1), or end with 0
 * (--help, --version) or EXIT_USAGE after a one-line message, never
 * crash; going on, it must have filled what main() relies on. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The words stay in one buffer: parse_options() keeps pointers into
	 * argv, as main()'s caller's stays alive. */
	char *text = malloc(size + 1);
	char *argv[MAX_WORDS + 2];
	int argc = 0;
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	static char program[] = "smmbox";
	argv[argc++] = program;
	for (size_t at = 0; at <= size && argc <= MAX_WORDS; argc++) {
		argv[argc] = text + at;
		while (at < size && text[at] != 0 && text[at] != '\n')
			at++;
		text[at++] = 0;
	}
	argv[argc] = NULL;
	struct options o;
	optind = 0; /* getopt_long() starts again (glibc) */
	int status = parse_options(argc, argv, &o);
	if (status != -1 && status != 0 && status != EXIT_USAGE)
		abort();
	if (status == -1 && (!o.bios || o.ram_mb < 1 || o.ram_mb > 3072 || o.gdb_port > 65535))
		abort();
	free(text);
	return 0;
}
