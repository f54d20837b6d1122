/* The undefined-flag masks of a SingleStepTests suite, read from its
 * metadata.json at run time so that other suites (8088, 386) work without
 * a rebuild.
 *
 * metadata.json holds {"opcodes": {"00": {...}, "80": {"reg": {"0": {...},
 * ...}}, ...}}; an opcode (or, for group opcodes, an opcode's reg
 * extension) may carry "flags-mask": AND both the expected and the actual
 * FLAGS with it before comparing.  Everything else in the file is parsed
 * and skipped. */
#ifndef SMMBOX_TESTS_CORPUS_METADATA_H
#define SMMBOX_TESTS_CORPUS_METADATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METADATA_KEY_MAX 8 /* "0F01" and friends, NUL included */

struct metadata_opcode {
	char key[METADATA_KEY_MAX]; /* upper-case hex, as in the file */
	bool has_mask;
	uint16_t mask;
	uint8_t reg_has_mask;       /* bit r: reg_mask[r] is given */
	uint16_t reg_mask[8];
};

struct metadata {
	struct metadata_opcode *ops;
	size_t count, capacity;
	char err[320];
};

#define METADATA_INIT { 0 }

/* Parse the metadata file at path.  Returns true, or false with md->err
 * holding "PATH: what is wrong" (one line, with the byte offset). */
bool metadata_load(struct metadata *md, const char *path);

/* Parse JSON text held in memory; name is used in messages. */
bool metadata_parse(struct metadata *md, const char *name,
		    const char *text, size_t len);

void metadata_free(struct metadata *md);

/* The flags mask for opcode key (e.g. "F7") and group extension reg (0-7,
 * or -1 for none): the extension's mask if given, else the opcode's, else
 * 0xFFFF (every flag defined). */
uint16_t metadata_flags_mask(const struct metadata *md, const char *key, int reg);

/* Split a test file's name, "DIR/F7.6.MOO.gz" or "DIR/00.MOO.gz", into
 * opcode key ("F7") and extension (6, or -1).  Returns false when the name
 * does not have that shape. */
bool metadata_key_from_path(const char *path, char key[METADATA_KEY_MAX], int *reg);

#endif
