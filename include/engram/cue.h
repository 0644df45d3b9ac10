/* engram/cue.h: damaged cues for recall (flipped, masked or random states). */
#ifndef ENGRAM_CUE_H
#define ENGRAM_CUE_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"

/* Every function writes a D-vector into out, which the caller owns; out may be
 * the same array as pattern (the damage is then done in place). Random choices
 * come from eg_rng_alloc(seed, EG_RNG_CUE, index) only, so a cue depends on
 * (seed, index, pattern, D, amount) and on nothing drawn elsewhere.
 *
 * "Flip" negates a unit (σ_i → −σ_i), which is the bit flip of a bipolar
 * pattern. "Mask" sets a unit to 0, the neutral value of a bipolar state. */

/* Flips exactly k distinct units chosen uniformly (a partial Fisher–Yates
 * shuffle of the unit indices). EG_EINVAL when k > D. */
eg_status eg_cue_flip_bits(const double *pattern, size_t d, size_t k, uint64_t seed, uint64_t index,
                           double *out, eg_error *err);

/* Flips exactly round(fraction · D) distinct units. EG_EINVAL unless 0 ≤ fraction ≤ 1. */
eg_status eg_cue_flip_fraction(const double *pattern, size_t d, double fraction, uint64_t seed,
                               uint64_t index, double *out, eg_error *err);

/* Sets exactly round(fraction · D) distinct units to 0. EG_EINVAL unless 0 ≤ fraction ≤ 1. */
eg_status eg_cue_mask_fraction(const double *pattern, size_t d, double fraction, uint64_t seed,
                               uint64_t index, double *out, eg_error *err);

/* A random bipolar state with independent units, P(+1) = p (one uniform per
 * unit, +1 when u < p). EG_EINVAL unless 0 ≤ p ≤ 1. */
eg_status eg_cue_random_bipolar(size_t d, double p, uint64_t seed, uint64_t index, double *out,
                                eg_error *err);

#endif
