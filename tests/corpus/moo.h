/* A reader for MOO files: the chunked binary format of the SingleStepTests
 * CPU test suites (https://github.com/dbalsom/moo, doc/moo_format_v1.md),
 * usually gzip-compressed.
 *
 * A file is a sequence of chunks {char id[4]; u32 len; u8 data[len]},
 * little-endian.  The reader loads the whole (decompressed) file into one
 * buffer that it keeps across moo_load() calls, then hands out the tests
 * one at a time.  A struct moo_test points into that buffer: it stays valid
 * until the next moo_next(), moo_load() or moo_release() on the same file.
 *
 * Every length in the file is checked against the bytes that are really
 * there before it is used; a malformed file gives MOO_ERROR and a one-line
 * message in moo_error() that names the file and what is wrong. */
#ifndef SMMBOX_TESTS_CORPUS_MOO_H
#define SMMBOX_TESTS_CORPUS_MOO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 16-bit register file of the 286 suites, in the order of the bits of a
 * REGS chunk's mask. */
enum moo_reg {
	MOO_AX, MOO_BX, MOO_CX, MOO_DX, MOO_CS, MOO_SS, MOO_DS, MOO_ES,
	MOO_SP, MOO_BP, MOO_SI, MOO_DI, MOO_IP, MOO_FLAGS, MOO_NREGS
};

#define MOO_ALL_REGS ((uint16_t)((1u << MOO_NREGS) - 1))

/* Register name ("ax" ... "flags") for messages. */
const char *moo_reg_name(enum moo_reg r);

/* An INIT or FINA state.  mask has bit r set when regs[r] is given; the
 * RAM list stays in the file buffer as packed 5-byte records, read with
 * moo_ram_at(). */
struct moo_state {
	uint16_t mask;
	uint16_t regs[MOO_NREGS];
	const uint8_t *ram;
	uint32_t ram_count;
};

/* The i-th RAM record of a state, i < ram_count. */
static inline void moo_ram_at(const struct moo_state *s, uint32_t i,
			      uint32_t *addr, uint8_t *value)
{
	const uint8_t *p = s->ram + (size_t)i * 5;

	*addr = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
	*value = p[4];
}

/* Find addr in a state's RAM list: true with *value set when listed. */
static inline bool moo_ram_find(const struct moo_state *s, uint32_t addr,
				uint8_t *value)
{
	for (uint32_t i = 0; i < s->ram_count; i++) {
		uint32_t a;
		uint8_t v;

		moo_ram_at(s, i, &a, &v);
		if (a == addr) {
			*value = v;
			return true;
		}
	}
	return false;
}

#define MOO_HASH_LEN 20

struct moo_test {
	uint32_t idx;
	const char *name;   /* disassembly, not NUL-terminated; may be empty */
	uint32_t name_len;
	const uint8_t *bytes; /* instruction bytes, the trailing F4 included */
	uint32_t nbytes;
	struct moo_state init; /* every register is given */
	struct moo_state fina; /* only what changed */
	bool has_excp;
	uint8_t excp_vector;
	uint32_t excp_flag_addr; /* where the exception frame's FLAGS went */
	bool has_hash;
	uint8_t hash[MOO_HASH_LEN];
};

/* The optional META chunk. */
struct moo_meta {
	uint8_t major, minor, cpu_type;
	uint32_t opcode;
	char mnemonic[9]; /* NUL-terminated, trailing blanks kept */
	uint32_t test_count;
	uint64_t seed;
	uint8_t cpu_mode; /* 0 = real mode */
};

struct moo_file {
	/* Filled by moo_load(). */
	const char *path;   /* as passed to moo_load(); not copied */
	uint8_t major, minor;
	uint32_t test_count; /* from the MOO header */
	char cpu[5];         /* e.g. "C286" */
	bool has_meta;
	struct moo_meta meta;

	/* Reader state: private. */
	uint8_t *data;
	size_t size, capacity;
	size_t pos;          /* offset of the next top-level chunk */
	uint32_t tests_seen;
	bool in_test, have_idx; /* for messages: inside TEST number tests_seen */
	uint32_t cur_idx;
	char err[320];
};

enum moo_status { MOO_ERROR = -1, MOO_END = 0, MOO_OK = 1 };

/* A zeroed struct moo_file is ready for moo_load(). */
#define MOO_FILE_INIT { 0 }

/* Read path (gzip or plain) into f, reusing f's buffer, and parse the
 * file header (and META, if it comes before the first TEST).  Returns
 * MOO_OK, or MOO_ERROR with moo_error(f) set. */
enum moo_status moo_load(struct moo_file *f, const char *path);

/* Parse an in-memory image (copied into f's buffer) as moo_load() would;
 * name is used in messages. */
enum moo_status moo_load_buffer(struct moo_file *f, const char *name,
				const void *data, size_t size);

/* The next test: MOO_OK with *t filled, MOO_END after the last (having
 * checked that the count matches the header), MOO_ERROR with moo_error(f)
 * set.  Chunks with unknown ids are skipped, at both levels. */
enum moo_status moo_next(struct moo_file *f, struct moo_test *t);

/* The last error: "FILE: what is wrong", one line. */
const char *moo_error(const struct moo_file *f);

/* Free the buffer; f may be loaded again afterwards. */
void moo_release(struct moo_file *f);

#endif
