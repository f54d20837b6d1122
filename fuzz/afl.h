/* AFL++'s side of fuzzing (afl-fuzz 4.04c, as Debian ships it): its
 * shared memory and its forkserver protocol, spoken by smmbox itself
 * (no AFL++ runtime is linked).
 *
 * afl-fuzz starts the target with __AFL_SHM_ID naming the coverage map
 * (System V shared memory; AFL_MAP_SIZE its size when not 65536), and
 * for its comparison-logging instance __AFL_CMPLOG_SHM_ID naming the
 * comparison log.  The target says hello on file descriptor 199 with an
 * options word (FS_OPT_ENABLED, the map size it uses, and that its
 * comparison log has the new layout); then for each execution afl-fuzz
 * writes four bytes on descriptor 198 and reads a process id and a wait
 * status on 199: a status that says "killed by a signal" is a crash. */
#ifndef SMMBOX_FUZZ_AFL_H
#define SMMBOX_FUZZ_AFL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/afl_cmplog.h"

#define AFL_DEFAULT_MAP_SIZE 65536u

/* Whether afl-fuzz started this process (its shared memory is named). */
bool afl_present(void);

struct afl_shared {
	uint8_t *map;                 /* coverage, map_size bytes */
	size_t map_size;              /* a power of two */
	struct afl_cmp_map *cmplog;   /* NULL unless this is the cmplog instance */
};

/* Attach AFL++'s shared memory; false with why (one line) when the
 * environment names memory that cannot be attached or a bad size. */
bool afl_attach(struct afl_shared *shm, char *why, size_t size);

/* How executions run: each in a forked child (the snapshot is the
 * child's copy-on-write memory), or many in one child that puts the
 * machine back itself (persistent). */
enum afl_mode { AFL_FORK, AFL_PERSISTENT };

/* One execution: returns whether it was a finding. */
typedef bool (*afl_execute_fn)(void *opaque);

/* Say hello to afl-fuzz and serve its executions until it goes away;
 * returns the exit status (0 when afl-fuzz closed the pipes, 1 after a
 * line on stderr when the protocol broke).  A finding is reported as a
 * process killed by SIGABRT; a process that really dies (a bug in
 * smmbox) is reported as it died. */
int afl_serve(const struct afl_shared *shm, enum afl_mode mode, afl_execute_fn execute,
	      void *opaque);

#endif
