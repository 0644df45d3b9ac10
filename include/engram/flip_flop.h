/* engram/flip_flop.h: the k-bit flip-flop task (Sussillo & Barak 2013, "Opening
 * the black box", Neural Computation 25(3)): k input channels of sparse ±1
 * pulses; output channel i holds the sign of the last pulse on channel i. */
#ifndef ENGRAM_FLIP_FLOP_H
#define ENGRAM_FLIP_FLOP_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"
#include "engram/train.h"

/* Sequences first … first+size−1 of the stream seed, `steps` steps each, as one
 * batch (in = out = bits, scored from step 0). Sequence n draws from
 * eg_rng_alloc(seed, EG_RNG_TASK, first + n), step by step and channel by
 * channel: a uniform x, and when t = 0 or x < p a pulse whose sign is + when a
 * second uniform is below 1/2, else −. Every channel pulses at step 0, so the
 * target, the sign of the channel's latest pulse (the current step's
 * included), is ±1 from the start. EG_EINVAL when bits, steps or size is 0 or
 * p is outside [0, 1]. *out is new. */
eg_status eg_flip_flop_batch(size_t bits, size_t steps, double p, size_t size, uint64_t seed, uint64_t first,
                             eg_batch **out, eg_error *err);

/* A flip-flop task as a source of training batches: a batch of horizon h
 * holds sequences of h steps, every step scored. The struct must outlive the
 * source. */
typedef struct eg_flip_flop {
    size_t bits; /* k */
    double p;    /* pulse probability per channel and step after step 0 */
} eg_flip_flop;
struct eg_batch_source eg_batch_source_flip_flop(const eg_flip_flop *ff);

#endif
