/* engram/patterns.h: episode sets (the N × D pattern matrix Ξ) and their generators. */
#ifndef ENGRAM_PATTERNS_H
#define ENGRAM_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* N episodes of D units each (docs/science.md notation: row μ of Ξ is ξ_μ).
 *
 * Two forms, either or both present:
 * - xi: N × D doubles, the general form every rule can read;
 * - bits: for bipolar sets only ({−1,+1} entries), row μ packed into `words`
 *   64-bit words, bit (i mod 64) of word μ*words + i/64 set iff ξ_μi = +1;
 *   padding bits past D are zero. Overlaps become popcounts and a D = 8000,
 *   N = 900 set takes 0.9 MB instead of 58 MB.
 * - act: for {0,1} sets, the active units of each episode as index lists
 *   (compressed rows): episode μ's units at 1 are act[act_start[μ]] ..
 *   act[act_start[μ + 1] − 1], ascending. A D = 20000, a = 0.01, N = 10000
 *   set takes 8 MB instead of 1.6 GB, and a field over it costs N·aD.
 * A set is bipolar exactly when bits != NULL. A packed-only set (xi == NULL)
 * is made on request for large bipolar sets, a sparse-only one (xi == NULL,
 * act != NULL) for sparse {0,1} sets; eg_episodes_get/_row read every form.
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
    size_t *act_start; /* N + 1 offsets into act, or NULL when the set has no sparse form */
    uint32_t *act;     /* active units of every episode, each row ascending */
} eg_episodes;

/* Flags for generators: which forms of the set to keep. */
enum {
    EG_EPISODES_DEFAULT = 0,
    EG_EPISODES_PACKED_ONLY = 1, /* bipolar sets: keep only the bit-packed form (xi stays NULL) */
    EG_EPISODES_SPARSE_ONLY = 2  /* sparse {0,1} sets: keep only the active-unit lists (xi stays NULL) */
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

/* N random binary episodes, ξ_μi ∈ {0, 1} independently with P(1) = p (one
 * generator output per unit, 1 when output / 2^32 < p), from
 * eg_rng_alloc(seed, EG_RNG_EPISODES, index). EG_EINVAL unless 0 ≤ p ≤ 1. */
eg_status eg_episodes_random_binary(size_t n, size_t d, double p, uint64_t seed, uint64_t index,
                                    eg_episodes **out, eg_error *err);

/* N sparse binary episodes with activity a: each has exactly round(a·D)
 * units at 1, chosen uniformly (a partial Fisher–Yates shuffle per episode),
 * the rest 0. From eg_rng_alloc(seed, EG_RNG_EPISODES, index). With
 * EG_EPISODES_SPARSE_ONLY the set holds only its active-unit lists (act),
 * otherwise only xi: the same episodes either way, from the same draws.
 * EG_EINVAL unless 0 ≤ a ≤ 1 and N, D < 2^32. */
eg_status eg_episodes_sparse(size_t n, size_t d, double a, uint64_t seed, uint64_t index, unsigned flags,
                             eg_episodes **out, eg_error *err);

/* Mutually orthogonal bipolar episodes: rows of the Sylvester Hadamard matrix
 * H_D, H[i][j] = (−1)^popcount(i AND j) (ξ_μ·ξ_ν = D δ_μν). Row 0 is all +1;
 * with drop_ones it is skipped, so the episodes are rows 1..n (at most D−1),
 * otherwise rows 0..n−1 (at most D). EG_EINVAL when D is not a power of two
 * (no Sylvester construction) or n exceeds the rows available. */
eg_status eg_episodes_hadamard(size_t n, size_t d, int drop_ones, eg_episodes **out, eg_error *err);

/* Correlated bipolar episodes: `prototypes` random bipolar prototypes (fair
 * coins), and `per_prototype` episodes for each, every unit of the prototype
 * flipped independently with probability q. Episode μ derives from prototype
 * μ / per_prototype. The prototypes come from eg_rng_alloc(seed,
 * EG_RNG_EPISODES, index), the noise from the stream at index + 1. When
 * protos_out is not NULL it receives the prototypes (caller frees).
 * E[ξ_μ·ξ_ν]/D = (1 − 2q)² for two episodes of one prototype. EG_EINVAL
 * unless 0 ≤ q ≤ 1 and the counts are positive. */
eg_status eg_episodes_correlated(size_t prototypes, size_t per_prototype, size_t d, double q, uint64_t seed,
                                 uint64_t index, eg_episodes **out, eg_episodes **protos_out, eg_error *err);

/* Explicit bipolar episodes, one string per episode, '+' for +1 and '-' for
 * −1 (e.g. "+-+-"). EG_EPARSE for any other character (the message names
 * the episode, the position and the character) or rows of unequal length. */
eg_status eg_episodes_from_strings(const char *const *rows, size_t n, eg_episodes **out, eg_error *err);

/* ξ_μi; mu < count and i < units are the caller's to guarantee. */
double eg_episodes_get(const eg_episodes *e, size_t mu, size_t i);

/* Copies ξ_μ into out (D doubles). EG_EINVAL when mu is out of range. */
eg_status eg_episodes_row(const eg_episodes *e, size_t mu, double *out, eg_error *err);

/* Σ_μ Σ_i ξ_μi, exact for integer entries (a count for {0,1} sets). */
double eg_episodes_total(const eg_episodes *e);

/* Adds the double form to a packed-only or sparse-only set (no-op when it has one). */
eg_status eg_episodes_unpack(eg_episodes *e, eg_error *err);

/* Overlaps m_μ = ξ_μ·σ / D with every episode, into m (N doubles).
 * For a packed set and a state with entries in {−1, 0, +1} the dot products
 * are exact integer popcounts; otherwise plain double sums. */
eg_status eg_episodes_overlaps(const eg_episodes *e, const double *sigma, double *m, eg_error *err);

/* Number of units where a and b differ (a_i != b_i), the Hamming distance for
 * bipolar states. */
size_t eg_hamming(const double *a, const double *b, size_t d);

#endif
