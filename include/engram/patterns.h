/* engram/patterns.h: episode sets (the N × D pattern matrix Ξ) and their generators. */
#ifndef ENGRAM_PATTERNS_H
#define ENGRAM_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* N episodes of D units each (SCIENCE.md notation: row μ of Ξ is ξ_μ).
 *
 * Two forms, either or both present:
 * - xi: N × D doubles, the general form every rule can read;
 * - bits: for bipolar sets only ({−1,+1} entries), row μ packed into `words`
 *   64-bit words, bit (i mod 64) of word μ*words + i/64 set iff ξ_μi = +1;
 *   padding bits past D are zero. Overlaps become popcounts and a D = 8000,
 *   N = 900 set takes 0.9 MB instead of 58 MB.
 * A set is bipolar exactly when bits != NULL. A packed-only set (xi == NULL)
 * is made on request for large bipolar sets; eg_episodes_get/_row read both.
 *
 * Ownership: the set owns xi and bits; the fields are for reading only. Free
 * with eg_episodes_free. Functions that take a `const eg_episodes *` borrow it
 * for the duration of the call and keep no reference. */
typedef struct eg_episodes {
    size_t count;   /* N, number of episodes */
    size_t units;   /* D, units per episode */
    eg_matrix *xi;  /* N × D doubles, or NULL for a packed-only set */
    uint64_t *bits; /* packed bipolar form, or NULL when the set is not bipolar */
    size_t words;   /* 64-bit words per packed row, (D + 63) / 64 */
} eg_episodes;

/* Flags for generators of bipolar sets. */
enum {
    EG_EPISODES_DEFAULT = 0,
    EG_EPISODES_PACKED_ONLY = 1 /* keep only the bit-packed form (xi stays NULL) */
};

/* Frees e and everything it owns; accepts NULL and half-built sets. */
void eg_episodes_free(eg_episodes *e);

/* A copy of the rows of m (N × D) as an episode set; it is packed too when
 * every entry is −1 or +1. EG_EINVAL for an empty matrix or a non-finite entry. */
eg_status eg_episodes_from_matrix(const eg_matrix *m, eg_episodes **out, eg_error *err);

/* N random bipolar episodes with independent units, P(ξ_μi = +1) = p.
 * Draws come from eg_rng_alloc(seed, EG_RNG_EPISODES, index), row by row,
 * unit by unit, so the set depends only on (seed, index, n, d, p): for
 * p = 1/2 each 32-bit output of the generator gives 32 units (bit k, lowest
 * first, set means +1; a row starts on a fresh output); otherwise one output
 * per unit, +1 when output / 2^32 < p. EG_EINVAL unless n, d ≥ 1 and 0 ≤ p ≤ 1. */
eg_status eg_episodes_random_bipolar(size_t n, size_t d, double p, uint64_t seed, uint64_t index,
                                     unsigned flags, eg_episodes **out, eg_error *err);

/* ξ_μi; mu < count and i < units are the caller's to guarantee. */
double eg_episodes_get(const eg_episodes *e, size_t mu, size_t i);

/* Copies ξ_μ into out (D doubles). EG_EINVAL when mu is out of range. */
eg_status eg_episodes_row(const eg_episodes *e, size_t mu, double *out, eg_error *err);

/* Adds the double form to a packed-only set (no-op when it has one). */
eg_status eg_episodes_unpack(eg_episodes *e, eg_error *err);

/* Overlaps m_μ = ξ_μ·σ / D with every episode, into m (N doubles).
 * For a packed set and a state with entries in {−1, 0, +1} the dot products
 * are exact integer popcounts; otherwise plain double sums. */
eg_status eg_episodes_overlaps(const eg_episodes *e, const double *sigma, double *m, eg_error *err);

/* Number of units where a and b differ (a_i != b_i), the Hamming distance for
 * bipolar states. */
size_t eg_hamming(const double *a, const double *b, size_t d);

#endif
