/* overlaps.c: popcounts of packed episodes against a state's bit sets
 * (overlaps.h), by the widest popcount the processor has: AVX-512 VPOPCNTQ
 * (eight words an instruction), the popcnt instruction, or SWAR. */
#include "mem/overlaps.h"

#include "mem/packed.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define EG_X86 1
#endif

int eg_overlaps_vector_available(void)
{
#ifdef EG_X86
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
#else
    return 0;
#endif
}

/* The counts a word at a time; POPCOUNT is the builtin where the caller's
 * target has the instruction, eg_popcount64 otherwise. */
#define COUNT_WORDS(POPCOUNT)                                                                                  \
    for (size_t mu = 0; mu < n; mu++) {                                                                        \
        const uint64_t *row = bits + mu * words;                                                               \
        int64_t p = 0, m = 0;                                                                                  \
        for (size_t w = 0; w < words; w++) {                                                                   \
            p += POPCOUNT(row[w] & plus[w]);                                                                   \
            if (minus)                                                                                         \
                m += POPCOUNT(row[w] & minus[w]);                                                              \
        }                                                                                                      \
        bp[mu] = p;                                                                                            \
        if (minus)                                                                                             \
            bm[mu] = m;                                                                                        \
    }

static void count_swar(const uint64_t *bits, size_t n, size_t words, const uint64_t *plus, const uint64_t *minus,
                       int64_t *bp, int64_t *bm)
{
    COUNT_WORDS(eg_popcount64)
}

#ifdef EG_X86
__attribute__((target("popcnt"))) static void count_popcnt(const uint64_t *bits, size_t n, size_t words,
                                                           const uint64_t *plus, const uint64_t *minus,
                                                           int64_t *bp, int64_t *bm)
{
    COUNT_WORDS(__builtin_popcountll)
}

#define VPOPCNT __attribute__((target("avx512f,avx512vpopcntdq")))

/* The words [w, w + 8) of a row, those past `words` read as zero. */
VPOPCNT static inline __m512i row_words(const uint64_t *row, size_t w, size_t words)
{
    if (w + 8 <= words)
        return _mm512_loadu_si512(row + w);
    return _mm512_maskz_loadu_epi64((__mmask8)((1u << (words - w)) - 1), row + w);
}

VPOPCNT static void count_vector(const uint64_t *bits, size_t n, size_t words, const uint64_t *plus,
                                 const uint64_t *minus, int64_t *bp, int64_t *bm)
{
    for (size_t mu = 0; mu < n; mu++) {
        const uint64_t *row = bits + mu * words;
        __m512i ap = _mm512_setzero_si512(), am = ap;
        for (size_t w = 0; w < words; w += 8) {
            __m512i b = row_words(row, w, words);
            ap = _mm512_add_epi64(ap, _mm512_popcnt_epi64(_mm512_and_si512(b, row_words(plus, w, words))));
            if (minus)
                am = _mm512_add_epi64(am, _mm512_popcnt_epi64(_mm512_and_si512(b, row_words(minus, w, words))));
        }
        bp[mu] = _mm512_reduce_add_epi64(ap);
        if (minus)
            bm[mu] = _mm512_reduce_add_epi64(am);
    }
}
#endif

void eg_overlaps_count(const uint64_t *bits, size_t n, size_t words, const uint64_t *plus, const uint64_t *minus,
                       int64_t *bp, int64_t *bm)
{
#ifdef EG_X86
    if (eg_overlaps_vector_available()) {
        count_vector(bits, n, words, plus, minus, bp, bm);
        return;
    }
    if (__builtin_cpu_supports("popcnt")) {
        count_popcnt(bits, n, words, plus, minus, bp, bm);
        return;
    }
#endif
    count_swar(bits, n, words, plus, minus, bp, bm);
}
