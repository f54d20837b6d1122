/* Private to trace/: the encoder that turns the CPU's raw log
 * (cpu/log.h) into the records of docs/TRACE-FORMAT.md.  It keeps
 * what the reader will know (the registers, the code cache, the last
 * EIP) so that each record says only what changed.  One encoder reads one
 * CPU's log, in order. */
#ifndef SMMBOX_TRACE_ENCODE_H
#define SMMBOX_TRACE_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes one log record encodes to. */
#define TRACE_ENCODE_MAX 512

struct trace_encoder;

/* NULL when out of memory. */
struct trace_encoder *trace_encoder_new(void);
void trace_encoder_free(struct trace_encoder *e);

/* Encode the log's records from *in up to end into out, while at least
 * TRACE_ENCODE_MAX of room bytes are left; *in is moved past the records
 * encoded.  Returns the bytes written.  The log's records are whole in
 * each piece given. */
size_t trace_encode(struct trace_encoder *e, const uint8_t **in, const uint8_t *end,
		    uint8_t *out, size_t room);

/* The instruction records written so far. */
uint64_t trace_encoder_steps(const struct trace_encoder *e);

#endif
