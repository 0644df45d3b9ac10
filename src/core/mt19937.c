/* mt19937.c: the Mersenne Twister stream of eg_rng_alloc drawn in blocks.
 *
 * gsl_rng_get costs a call through a function pointer and a branch per
 * 32-bit output; generating episodes wants millions of outputs in a row. This
 * is the same generator (Matsumoto & Nishimura 1998, MT19937, with the
 * seeding GSL uses), so every episode set stays what it was, but an
 * exhausted state is twisted whole and its 624 outputs tempered in one
 * vectorisable loop straight into the caller's buffer. */
#include "engram/rng.h"

enum { MT_M = 397 };

#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu
#define MT_MATRIX 0x9908b0dfu

/* Knuth's initialisation of the state from a seed, as gsl_rng_set does for
 * mt19937 (0 selects its default seed, 4357). */
static void seed_state(uint32_t *mt, unsigned long s)
{
    if (s == 0)
        s = 4357;
    mt[0] = (uint32_t)s;
    for (uint32_t i = 1; i < EG_MT_N; i++)
        mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i;
}

/* The next state: all 624 words at once. */
static uint32_t twist_word(uint32_t a, uint32_t b, uint32_t far)
{
    uint32_t y = (a & MT_UPPER) | (b & MT_LOWER);
    return far ^ (y >> 1) ^ ((0u - (y & 1u)) & MT_MATRIX);
}

static void twist(uint32_t *mt)
{
    size_t k = 0;
    for (; k < EG_MT_N - MT_M; k++)
        mt[k] = twist_word(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < EG_MT_N - 1; k++)
        mt[k] = twist_word(mt[k], mt[k + 1], mt[k + MT_M - EG_MT_N]);
    mt[EG_MT_N - 1] = twist_word(mt[EG_MT_N - 1], mt[0], mt[MT_M - 1]);
}

/* The outputs of state words: the tempering transform. */
static void temper(const uint32_t *mt, uint32_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t y = mt[i];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        out[i] = y ^ (y >> 18);
    }
}

void eg_mt_seed(eg_mt *m, uint64_t seed, uint64_t purpose, uint64_t index)
{
    seed_state(m->mt, eg_rng_fold_seed(eg_rng_derive(seed, purpose, index)));
    m->next = EG_MT_N;
}

void eg_mt_fill(eg_mt *m, uint32_t *out, size_t n)
{
    while (n > 0) {
        if (m->next == EG_MT_N) {
            twist(m->mt);
            m->next = 0;
        }
        size_t k = EG_MT_N - m->next < n ? EG_MT_N - m->next : n;
        temper(m->mt + m->next, out, k);
        m->next += k;
        out += k;
        n -= k;
    }
}
