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
 * "Flip" moves a unit to the other value of its state set: σ_i → −σ_i in
 * {−1, +1}, V_i → 1 − V_i in {0, 1}. "Mask" sets a unit to the midpoint of
 * the set (0 in {−1, +1}, 1/2 in {0, 1}), the value that favours neither
 * state. So k damaged units are k units that differ from the episode in
 * every state set, and the cue's Hamming distance to its episode is k.
 * The functions without a state set work in {−1, +1}. */

/* The value set of the units a cue is made for. */
typedef enum eg_cue_values {
    EG_CUE_BIPOLAR = 0, /* {−1, +1} */
    EG_CUE_BINARY       /* {0, 1} */
} eg_cue_values;

/* How many units a fraction of D means: round(fraction · D). EG_EINVAL
 * unless 0 ≤ fraction ≤ 1. */
eg_status eg_cue_count(double fraction, size_t d, size_t *k, eg_error *err);

/* Flips exactly k distinct units chosen uniformly in state set v (the same
 * units as eg_cue_flip_bits with the same seed). EG_EINVAL when k > D. */
eg_status eg_cue_flip_units(const double *pattern, size_t d, size_t k, eg_cue_values v, uint64_t seed,
                           uint64_t index, double *out, eg_error *err);

/* Masks exactly k distinct units chosen uniformly in state set v. EG_EINVAL when k > D. */
eg_status eg_cue_mask_units(const double *pattern, size_t d, size_t k, eg_cue_values v, uint64_t seed,
                           uint64_t index, double *out, eg_error *err);

/* A random state of set v with independent units, P(active) = p (active is
 * +1 or 1, inactive −1 or 0). EG_EINVAL unless 0 ≤ p ≤ 1. */
eg_status eg_cue_random_state(size_t d, double p, eg_cue_values v, uint64_t seed, uint64_t index, double *out,
                              eg_error *err);

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
