/* AFL++'s forkserver protocol and shared memory; see afl.h. */
#define _DEFAULT_SOURCE
#include "fuzz/afl.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

/* The protocol's constants (AFL++'s include/config.h and types.h). */
#define FORKSRV_CONTROL_FD 198
#define FORKSRV_STATUS_FD 199
#define FS_OPT_ENABLED 0x80000001u
#define FS_OPT_MAPSIZE 0x40000000u
#define FS_OPT_NEWCMPLOG 0x02000000u
#define FS_OPT_MAX_MAPSIZE ((0x00fffffeu >> 1) + 1)
#define FS_OPT_SET_MAPSIZE(x) (((x) - 1) << 1)

/* A crash as waitpid() would report it. */
#define STATUS_FINDING SIGABRT
#define STATUS_CLEAN 0

bool afl_present(void)
{
	return getenv("__AFL_SHM_ID") != NULL;
}

static void *attach(const char *var, char *why, size_t size)
{
	const char *text = getenv(var);
	if (!text)
		return NULL;
	char *end;
	errno = 0;
	long id = strtol(text, &end, 10);
	void *at = (void *)-1;
	if (!errno && *text && !*end && id >= 0 && id <= 0x7FFFFFFF)
		at = shmat((int)id, NULL, 0);
	if (at == (void *)-1) {
		snprintf(why, size, "cannot attach AFL++'s shared memory %s=%s: %s", var, text,
			 strerror(errno ? errno : EINVAL));
		return (void *)-1;
	}
	return at;
}

bool afl_attach(struct afl_shared *shm, char *why, size_t size)
{
	*shm = (struct afl_shared){ .map_size = AFL_DEFAULT_MAP_SIZE };
	const char *map_size = getenv("AFL_MAP_SIZE");
	if (map_size) {
		char *end;
		unsigned long v = strtoul(map_size, &end, 10);
		if (!*map_size || *end || v < 64 || v > FS_OPT_MAX_MAPSIZE) {
			snprintf(why, size, "AFL_MAP_SIZE=%s: expected 64 to %u", map_size,
				 FS_OPT_MAX_MAPSIZE);
			return false;
		}
		while (shm->map_size * 2 <= v)
			shm->map_size *= 2;
		while (shm->map_size > v)
			shm->map_size /= 2;
	}
	void *map = attach("__AFL_SHM_ID", why, size);
	void *cmp = attach("__AFL_CMPLOG_SHM_ID", why, size);
	if (map == (void *)-1 || cmp == (void *)-1)
		return false;
	if (!map) {
		snprintf(why, size, "__AFL_SHM_ID is not set: not started by afl-fuzz");
		return false;
	}
	shm->map = map;
	shm->cmplog = cmp;
	return true;
}

static bool put(uint32_t value)
{
	return write(FORKSRV_STATUS_FD, &value, 4) == 4;
}

/* The next request from afl-fuzz; false when it has gone. */
static bool take_request(void)
{
	uint32_t was_killed;
	return read(FORKSRV_CONTROL_FD, &was_killed, 4) == 4;
}

static int broken(const char *what)
{
	fprintf(stderr, "smmbox: AFL++'s forkserver pipe: %s: %s\n", what, strerror(errno));
	return 1;
}

static int serve_forked(afl_execute_fn execute, void *opaque)
{
	while (take_request()) {
		pid_t pid = fork();
		if (pid < 0)
			return broken("fork");
		if (pid == 0) {
			close(FORKSRV_CONTROL_FD);
			close(FORKSRV_STATUS_FD);
			if (!execute(opaque))
				_exit(0);
			signal(SIGABRT, SIG_DFL);
			raise(SIGABRT);
			_exit(3);
		}
		int status;
		if (!put((uint32_t)pid))
			return broken("write");
		if (waitpid(pid, &status, 0) < 0)
			return broken("waitpid");
		if (!put((uint32_t)status))
			return broken("write");
	}
	return 0;
}

/* The persistent child: one execution each time it is continued, its
 * outcome left in *verdict before it stops itself. */
static void persistent_child(afl_execute_fn execute, void *opaque, volatile uint32_t *verdict)
{
	/* afl-fuzz kills the server, not a child it believes exited: go with
	 * the server, stopped or not. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	close(FORKSRV_CONTROL_FD);
	close(FORKSRV_STATUS_FD);
	for (;;) {
		*verdict = execute(opaque) ? STATUS_FINDING : STATUS_CLEAN;
		raise(SIGSTOP);
	}
}

/* Persistent mode: a child runs execution after execution, stopping
 * itself after each (SIGSTOP) and continued for the next (SIGCONT); a new
 * one is forked when it dies (a bug in smmbox, or afl-fuzz's timeout). */
static int serve_persistent(afl_execute_fn execute, void *opaque)
{
	volatile uint32_t *verdict = mmap(NULL, sizeof(*verdict), PROT_READ | PROT_WRITE,
					  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (verdict == MAP_FAILED)
		return broken("mmap");
	pid_t child = -1;
	while (take_request()) {
		if (child > 0) {
			if (kill(child, SIGCONT) < 0)
				return broken("kill");
		} else if ((child = fork()) < 0) {
			return broken("fork");
		} else if (child == 0) {
			persistent_child(execute, opaque, verdict);
		}
		int status;
		if (!put((uint32_t)child))
			return broken("write");
		if (waitpid(child, &status, WUNTRACED) < 0)
			return broken("waitpid");
		if (WIFSTOPPED(status)) {
			status = (int)*verdict;
		} else {
			child = -1;
		}
		if (!put((uint32_t)status))
			return broken("write");
	}
	if (child > 0)
		kill(child, SIGKILL);
	return 0;
}

int afl_serve(const struct afl_shared *shm, enum afl_mode mode, afl_execute_fn execute,
	      void *opaque)
{
	uint32_t hello = FS_OPT_ENABLED | FS_OPT_MAPSIZE | FS_OPT_SET_MAPSIZE((uint32_t)shm->map_size);
	if (shm->cmplog)
		hello |= FS_OPT_NEWCMPLOG;
	if (!put(hello)) {
		fprintf(stderr, "smmbox: AFL++'s environment is set but its forkserver pipe is "
			"not open: run under afl-fuzz, or unset __AFL_SHM_ID\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	return mode == AFL_FORK ? serve_forked(execute, opaque) : serve_persistent(execute, opaque);
}
