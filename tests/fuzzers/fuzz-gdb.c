/* libFuzzer harness: the gdb stub's packet handling (ui/gdb_stub.c) over
 * a socketpair, on the machine of a plain run of tests/roms/hello.bin.
 * Each line of the input is one packet's payload, framed by the harness
 * with `$`, `#` and the right checksum, so that the fuzzer reaches the
 * packets' meaning; a line that starts with \x01 is sent as it is (framing,
 * checksums, gdb's interrupt byte).  Then the connection closes, which
 * ends the session and interrupts a running `c`.  The session is bounded
 * to FUZZ_BUDGET instructions.  A bad packet must get an error reply, a
 * NAK or a closed connection, never a crash. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debug/debugger.h"
#include "tests/fuzzers/fuzz-machine.h"
#include "ui/gdb_stub.h"

#define FUZZ_BUDGET 5000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* gdb's side: reads the replies until the stub's end closes. */
static void *drain(void *opaque)
{
	int fd = *(int *)opaque;
	char buf[4096];
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	return NULL;
}

static void put(uint8_t **out, const void *p, size_t n)
{
	memcpy(*out, p, n);
	*out += n;
}

/* The input as gdb's bytes into out (room for 4 + size * 5 bytes: a
 * line of n bytes and its newline become at most n + 4). */
static size_t frame(const uint8_t *data, size_t size, uint8_t *out)
{
	uint8_t *o = out;
	for (size_t at = 0; at < size;) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : size - at;
		if (n && data[at] == 1) {
			put(&o, data + at + 1, n - 1);
		} else {
			unsigned sum = 0;
			for (size_t k = 0; k < n; k++)
				sum += data[at + k];
			char tail[4];
			snprintf(tail, sizeof(tail), "#%02x", sum & 0xFF);
			put(&o, "$", 1);
			put(&o, data + at, n);
			put(&o, tail, 3);
		}
		at += n + 1;
	}
	return (size_t)(o - out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_machine *fm = fuzz_machine_get(1);
	fuzz_machine_reset(fm);
	uint8_t *bytes = malloc(4 + 5 * size);
	int sv[2];
	if (!bytes || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	size_t n = frame(data, size, bytes);
	/* The input waits in the socket before the stub reads it: what does
	 * not fit (far more than an input of -max_len holds) is dropped. */
	int room = (int)n + 65536;
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &room, sizeof(room));
	for (size_t at = 0; at < n;) {
		ssize_t w = send(sv[1], bytes + at, n - at, MSG_DONTWAIT);
		if (w <= 0)
			break;
		at += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	pthread_t gdb;
	if (pthread_create(&gdb, NULL, drain, &sv[1]) != 0)
		abort();
	struct debugger *d = debugger_new(fm->m, &fm->cfg);
	if (!d)
		abort();
	debugger_set_budget(d, FUZZ_BUDGET);
	gdb_session(d, fm->m, sv[0]);
	debugger_free(d);
	close(sv[0]);
	pthread_join(gdb, NULL);
	close(sv[1]);
	free(bytes);
	return 0;
}
