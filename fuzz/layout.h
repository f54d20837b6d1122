/* The fuzz layout (--fuzz-layout): what the bytes of an input become, in
 * the order they are taken from it.  docs/FUZZING.md describes the
 * language:
 *
 *   b2, b3          the APM command and data bytes (one byte each)
 *   eax ... edi     a general register at SMI entry (four bytes, little endian)
 *   mem:ADDR:LEN    LEN bytes of guest memory at physical ADDR (hex)
 *   io:PORT:LEN     what reads of PORT return in SMM, cycling through LEN
 *                   bytes (io:PORT is io:PORT:1)
 *   msr:INDEX       what RDMSR of MSR INDEX (hex) returns in SMM (eight
 *                   bytes, little endian)
 *
 * items separated by commas. */
#ifndef SMMBOX_FUZZ_LAYOUT_H
#define SMMBOX_FUZZ_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FUZZ_MAX_ITEMS 32
#define FUZZ_MAX_MEM (1u << 20)    /* bytes of one mem: item */
#define FUZZ_MAX_IO 4096u          /* bytes of one io: item */
#define FUZZ_MAX_INPUT (4u << 20)  /* bytes a layout takes in all */

enum fuzz_item_kind {
	FUZZ_ITEM_APM_COMMAND,  /* b2 */
	FUZZ_ITEM_APM_DATA,     /* b3 */
	FUZZ_ITEM_REGISTER,     /* eax..edi */
	FUZZ_ITEM_MEMORY,       /* mem:ADDR:LEN */
	FUZZ_ITEM_PORT,         /* io:PORT:LEN */
	FUZZ_ITEM_MSR,          /* msr:INDEX */
};

struct fuzz_item {
	enum fuzz_item_kind kind;
	unsigned reg;       /* FUZZ_ITEM_REGISTER: the index in cpu->reg[] */
	uint32_t address;   /* FUZZ_ITEM_MEMORY: physical; FUZZ_ITEM_PORT: the port;
			     * FUZZ_ITEM_MSR: the MSR's index */
	uint32_t length;    /* bytes taken from the input */
	uint32_t offset;    /* where in the input they start */
};

struct fuzz_layout {
	unsigned n;
	struct fuzz_item item[FUZZ_MAX_ITEMS];
	uint32_t size;      /* bytes the whole layout takes */
};

/* text into layout; false with why (one line, no newline) when it does
 * not parse: an unknown item, a bad number, an item given twice (b2, b3,
 * a register, a port, an MSR), overlapping memory, too many items or
 * bytes. */
bool fuzz_layout_parse(const char *text, struct fuzz_layout *layout, char *why, size_t size);

/* At most size - 1 bytes of text into out, each byte that is not
 * printable as '?': for quoting what a user wrote in a one-line error. */
void fuzz_quote(const char *text, size_t len, char *out, size_t size);

/* The layout back as text, as fuzz_layout_parse() takes it. */
void fuzz_layout_format(const struct fuzz_layout *layout, char *out, size_t size);

#endif
