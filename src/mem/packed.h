/* packed.h (internal): bit-packed bipolar vectors and their exact dot products. */
#ifndef ENGRAM_MEM_PACKED_H
#define ENGRAM_MEM_PACKED_H

#include <stddef.h>
#include <stdint.h>

/* A state with entries in {−1, 0, +1} is held as two masks over `words` words:
 * plus has bit i set iff σ_i = +1, minus iff σ_i = −1. Returns 0 (and leaves
 * the masks partly written) when some entry is not −1, 0 or +1. */
static inline int eg_packed_ternary(const double *s, size_t d, size_t words, uint64_t *plus,
                                    uint64_t *minus)
{
    /* Branch-free within a word: the comparisons become masks the compiler
     * can vectorise, and one test per word catches a non-ternary entry. */
    for (size_t w = 0, i = 0; w < words; w++) {
        uint64_t p = 0, m = 0, other = 0;
        size_t end = i + 64 < d ? i + 64 : d;
        for (unsigned b = 0; i < end; i++, b++) {
            double v = s[i];
            p |= (uint64_t)(v == 1.0) << b;
            m |= (uint64_t)(v == -1.0) << b;
            other |= (uint64_t)(v != 1.0 && v != -1.0 && v != 0.0);
        }
        if (other)
            return 0;
        plus[w] = p;
        minus[w] = m;
    }
    return 1;
}

/* Bits set in x (SWAR: pairs, nibbles, then a multiply sums the bytes), inline
 * because without a popcount instruction in the target the builtin becomes a
 * library call. */
static inline int64_t eg_popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int64_t)((x * 0x0101010101010101ULL) >> 56);
}

/* ξ·σ for a packed bipolar row b (bit set = +1) and a ternary state (plus,
 * minus): Σ_{σ=+1} ξ − Σ_{σ=−1} ξ with Σ_{i∈S} ξ_i = 2|b∩S| − |S|. Exact. */
static inline int64_t eg_packed_dot(const uint64_t *b, const uint64_t *plus, const uint64_t *minus,
                                    size_t words)
{
    int64_t bp = 0, np = 0, bm = 0, nm = 0;
    for (size_t w = 0; w < words; w++) {
        bp += eg_popcount64(b[w] & plus[w]);
        np += eg_popcount64(plus[w]);
        bm += eg_popcount64(b[w] & minus[w]);
        nm += eg_popcount64(minus[w]);
    }
    return (2 * bp - np) - (2 * bm - nm);
}

/* ξ_i ∈ {−1, +1} of a packed row. */
static inline double eg_packed_get(const uint64_t *b, size_t i)
{
    return ((b[i >> 6] >> (i & 63)) & 1) ? 1.0 : -1.0;
}

#endif
