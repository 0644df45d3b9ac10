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

/* The unsigned long seed eg_rng_alloc gives mt19937 for a derived seed s. */
unsigned long eg_rng_fold_seed(uint64_t s);

/* The stream of eg_rng_alloc(seed, purpose, index), output for output, drawn
 * in blocks into a buffer: for bulk draws (episode bits), where a call per
 * 32-bit output would dominate, and for streams that need only a few
 * outputs, of which it seeds and twists only the state words they read. */
enum { EG_MT_N = 624 };
typedef struct eg_mt {
    uint32_t mt[EG_MT_N];
    size_t seeded; /* words [0, seeded) of the first state are seeded */
    size_t ready;  /* words [0, ready) of the state are twisted */
    size_t next;   /* the next twisted word to output */
} eg_mt;

void eg_mt_seed(eg_mt *m, uint64_t seed, uint64_t purpose, uint64_t index);

/* The next n 32-bit outputs into out. */
void eg_mt_fill(eg_mt *m, uint32_t *out, size_t n);

/* gsl_rng_uniform_int(r, n) on this stream: an integer in [0, n), 0 < n < 2^32. */
unsigned long eg_mt_uniform_int(eg_mt *m, unsigned long n);

#endif
