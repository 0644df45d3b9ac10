/* engram/delayed_match.h: delayed match-to-sample with binary stimuli, a
 * version of the DMS task of Yang et al. (2019, "Task representations in
 * neural networks trained to perform many cognitive tasks", Nature
 * Neuroscience 22) with ±1 vectors in place of directions: a sample vector,
 * a delay without input, a test vector; the one output says +1 when the test
 * equals the sample and −1 when it does not. */
#ifndef ENGRAM_DELAYED_MATCH_H
#define ENGRAM_DELAYED_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"
#include "engram/train.h"

/* Sequences first … first+size−1 of the stream seed as one batch: in = d,
 * out = 1, T = delay + 1 + response steps. Step 0 holds the sample, steps
 * 1 … delay are zero, step delay + 1 holds the test and the later steps zero;
 * the target is 0 before the test and ±1 (match, non-match) from the test on,
 * scored from step delay + 1. Sequence n draws from eg_rng_alloc(seed,
 * EG_RNG_TASK, first + n): the d sample signs (+ when a uniform is below 1/2),
 * then a uniform (match when below 1/2), then for a non-match d test signs,
 * drawn again while they equal the sample's. EG_EINVAL when d, response or
 * size is 0. *out is new. */
eg_status eg_delayed_match_batch(size_t d, size_t delay, size_t response, size_t size, uint64_t seed, uint64_t first,
                                 eg_batch **out, eg_error *err);

/* As a source of training batches (horizon: the response steps). */
typedef struct eg_delayed_match {
    size_t d, delay;
} eg_delayed_match;
struct eg_batch_source eg_batch_source_delayed_match(const eg_delayed_match *dm);

#endif
