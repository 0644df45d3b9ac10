/* mt19937.c: the Mersenne Twister stream of eg_rng_alloc drawn in blocks.
 *
 * gsl_rng_get costs a call through a function pointer and a branch per
 * 32-bit output; generating episodes wants millions of outputs in a row. This
 * is the same generator (Matsumoto & Nishimura 1998, MT19937, with the
 * seeding GSL uses), so every episode set stays what it was, but the state
 * is twisted in runs and its outputs tempered in one vectorisable loop
 * straight into the caller's buffer. A stream that serves few outputs (a
 * task's sample) seeds and twists only the words those read. */
#include "engram/rng.h"

enum { MT_M = 397 };

#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu
#define MT_MATRIX 0x9908b0dfu

/* Knuth's initialisation of the state from a seed, as gsl_rng_set does for
 * mt19937 (0 selects its default seed, 4357), extended up to word `upto`:
 * a serial chain, so a stream that needs few outputs seeds only the words
 * they depend on. */
static void seed_upto(eg_mt *m, size_t upto)
{
    uint32_t *mt = m->mt;
    for (size_t i = m->seeded; i < upto; i++)
        mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    if (upto > m->seeded)
        m->seeded = upto;
}

/* Word k of the next state from the current words k and k + 1 and the word
 * 397 on (mod 624), the last two already of the next state when k is past
 * 227 or the last. */
static uint32_t twist_word(uint32_t a, uint32_t b, uint32_t far)
{
    uint32_t y = (a & MT_UPPER) | (b & MT_LOWER);
    return far ^ (y >> 1) ^ ((0u - (y & 1u)) & MT_MATRIX);
}

/* Twists words [m->ready, hi) in place, in increasing order, which is what
 * the whole-state twist does word by word: a prefix of the next state only
 * reads words that are still current or already twisted. The words a first
 * state's prefix reads are seeded first. */
static void twist_upto(eg_mt *m, size_t hi)
{
    uint32_t *mt = m->mt;
    size_t k = m->ready;
    if (m->seeded < EG_MT_N)
        seed_upto(m, hi + MT_M < EG_MT_N ? hi + MT_M : EG_MT_N);
    for (; k < hi && k < EG_MT_N - MT_M; k++)
        mt[k] = twist_word(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < hi && k < EG_MT_N - 1; k++)
        mt[k] = twist_word(mt[k], mt[k + 1], mt[k + MT_M - EG_MT_N]);
    if (k < hi) {
        mt[k] = twist_word(mt[k], mt[0], mt[MT_M - 1]);
        k++;
    }
    m->ready = k;
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
    unsigned long s = eg_rng_fold_seed(eg_rng_derive(seed, purpose, index));
    m->mt[0] = (uint32_t)(s ? s : 4357);
    m->seeded = 1;
    m->next = m->ready = 0;
}

/* Outputs come from twisted words [next, ready); a state whose every word
 * has been output is twisted afresh. Small requests twist 64 words at a
 * time, so a stream asked for a few outputs twists (and seeds) little. */
void eg_mt_fill(eg_mt *m, uint32_t *out, size_t n)
{
    while (n > 0) {
        if (m->next == EG_MT_N)
            m->next = m->ready = 0;
        if (m->next == m->ready) {
            size_t want = m->next + (n > 64 ? n : 64);
            twist_upto(m, want < EG_MT_N ? want : EG_MT_N);
        }
        size_t k = m->ready - m->next < n ? m->ready - m->next : n;
        temper(m->mt + m->next, out, k);
        m->next += k;
        out += k;
        n -= k;
    }
}

unsigned long eg_mt_uniform_int(eg_mt *m, unsigned long n)
{
    /* gsl_rng_uniform_int: the range divided into n bins of equal width,
     * draws in the leftover top bin rejected. */
    unsigned long scale = 0xffffffffUL / n, k;
    do {
        uint32_t u;
        eg_mt_fill(m, &u, 1);
        k = u / scale;
    } while (k >= n);
    return k;
}
