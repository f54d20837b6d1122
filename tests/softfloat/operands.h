/* Operands for comparing softfloat/ with a reference: a seeded generator
 * that favours the values where arithmetic goes wrong (zeros, infinities,
 * NaNs of both kinds, denormals and pseudo-denormals, the unsupported
 * encodings, the ends of the range, significands near rounding
 * boundaries). */
#ifndef SMMBOX_TESTS_SOFTFLOAT_OPERANDS_H
#define SMMBOX_TESTS_SOFTFLOAT_OPERANDS_H

#include <stdint.h>

#include "softfloat/softfloat.h"

/* xorshift64*: the same sequence from the same seed on every host. */
uint64_t rng_next(uint64_t *state);

struct float80 random_f80(uint64_t *rng);
/* An operand near `near` in exponent (for cancellation and close
 * quotients) half of the time, else random_f80(). */
struct float80 random_f80_near(uint64_t *rng, struct float80 near);
uint32_t random_f32(uint64_t *rng);
uint64_t random_f64(uint64_t *rng);

/* A random x87 control word: every rounding mode and precision, the
 * exceptions masked, or with overflow and underflow unmasked when
 * unmask_ou. */
uint16_t random_control_word(uint64_t *rng, int unmask_ou);

#endif
