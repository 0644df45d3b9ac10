/* rng.c: seed derivation, so that every random draw is reproducible from the model. */
#include "engram/rng.h"

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t eg_rng_derive(uint64_t seed, uint64_t purpose, uint64_t index)
{
    return splitmix64(splitmix64(splitmix64(seed) ^ purpose) ^ index);
}

gsl_rng *eg_rng_alloc(uint64_t seed, uint64_t purpose, uint64_t index)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return NULL;
    gsl_rng_set(r, eg_rng_fold_seed(eg_rng_derive(seed, purpose, index)));
    return r;
}

/* mt19937 takes an unsigned long seed; 0 would select GSL's default seed, so
 * the derived value is folded into a non-zero one. */
unsigned long eg_rng_fold_seed(uint64_t s)
{
    unsigned long ls = (unsigned long)(s ^ (s >> 32));
    return ls ? ls : 1;
}
