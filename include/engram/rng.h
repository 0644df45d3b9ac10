/* engram/rng.h: reproducible random streams derived from the model's seed. */
#ifndef ENGRAM_RNG_H
#define ENGRAM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Purposes keep streams that serve different ends independent, so adding a
 * draw of one kind never shifts the numbers of another. */
typedef enum eg_rng_purpose {
    EG_RNG_EPISODES = 1, /* generating stored episodes */
    EG_RNG_CUE = 2,      /* damaging cues */
    EG_RNG_UPDATE = 3,   /* asynchronous update order */
    EG_RNG_NOISE = 4,    /* additive noise in integrations */
    EG_RNG_INIT = 5,     /* initial states, starts of searches, weights */
    EG_RNG_TASK = 6,     /* task datasets */
    EG_RNG_RESAMPLE = 7, /* bootstrap resamples of trials */
    EG_RNG_THERMAL = 8   /* the coin flips of Glauber dynamics at T > 0 */
} eg_rng_purpose;

/* A 64-bit seed mixed from (seed, purpose, index) with SplitMix64 finalisers:
 * the same triple gives the same seed on every machine and thread count. */
uint64_t eg_rng_derive(uint64_t seed, uint64_t purpose, uint64_t index);

/* A Mersenne Twister (gsl_rng_mt19937) seeded with eg_rng_derive(...); NULL when
 * out of memory. Free with gsl_rng_free. */
gsl_rng *eg_rng_alloc(uint64_t seed, uint64_t purpose, uint64_t index);

#endif
