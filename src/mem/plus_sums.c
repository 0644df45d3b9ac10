/* plus_sums.c: the column sums of the factored Hebbian field, by subset-sum
 * tables or by AVX-512 masked additions (plus_sums.h). */
#include "mem/plus_sums.h"

#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define EG_MASKED_KERNEL 1
#endif

/* The "method of four Russians": for each block of 8 episodes the 256 subset
 * sums of their m_μ are formed once (O(256 N/8)), after which unit i costs
 * one look-up per block, indexed by its byte of column bits (O(D N/8) in
 * all). Doubling fills a table: the subsets containing episode k are those
 * without it plus m_k, a contiguous (vectorisable) run of additions. Four
 * running sums per unit break the chain of dependent additions. */
void eg_plus_sums_table(const uint8_t *cols, size_t colbytes, size_t d, const double *m, double *table,
                        double *plus)
{
    size_t nb = colbytes;
    for (size_t j = 0; j < nb; j++) {
        double *t = table + j * 256;
        const double *mj = m + j * 8; /* entries past N are 0 */
        t[0] = 0.0;
        for (unsigned k = 0, half = 1; k < 8; k++, half <<= 1) {
            double *restrict with = t + half;
            const double *restrict without = t;
            for (unsigned v = 0; v < half; v++)
                with[v] = without[v] + mj[k];
        }
    }
    for (size_t i = 0; i < d; i++) {
        const uint8_t *c = cols + i * nb;
        const double *t = table;
        double p0 = 0.0, p1 = 0.0, p2 = 0.0, p3 = 0.0;
        size_t j = 0;
        for (; j + 4 <= nb; j += 4, t += 4 * 256) {
            p0 += t[c[j]];
            p1 += t[256 + c[j + 1]];
            p2 += t[512 + c[j + 2]];
            p3 += t[768 + c[j + 3]];
        }
        for (; j < nb; j++, t += 256)
            p0 += t[c[j]];
        plus[i] = (p0 + p1) + (p2 + p3);
    }
}

int eg_plus_sums_masked_available(void)
{
#ifdef EG_MASKED_KERNEL
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

#ifdef EG_MASKED_KERNEL
/* The mask of 16 episodes: two column bytes, the first in the low bits. */
static inline uint16_t mask16(const uint8_t *c)
{
    uint16_t w;
    memcpy(&w, c, sizeof w);
    return w;
}

/* p_i of one unit: one masked addition per 16 episodes, the odd last byte
 * (8 episodes) with an 8-bit mask. */
__attribute__((target("avx512f"))) static double unit_masked(const uint8_t *c, size_t colbytes,
                                                              const int32_t *m)
{
    size_t pairs = colbytes / 2;
    __m512i a = _mm512_setzero_si512();
    for (size_t j = 0; j < pairs; j++)
        a = _mm512_mask_add_epi32(a, mask16(c + 2 * j), a, _mm512_loadu_si512(m + 16 * j));
    if (colbytes & 1)
        a = _mm512_mask_add_epi32(a, c[colbytes - 1], a, _mm512_loadu_si512(m + 16 * pairs));
    return (double)_mm512_reduce_add_epi32(a);
}

/* Four units at a time share each load of m: four masked additions per
 * vector of 16 overlaps, and four independent chains of additions. */
__attribute__((target("avx512f"))) void eg_plus_sums_masked(const uint8_t *cols, size_t colbytes, size_t d,
                                                              const int32_t *m, double *plus)
{
    size_t pairs = colbytes / 2, i = 0;
    for (; i + 4 <= d; i += 4) {
        const uint8_t *c0 = cols + i * colbytes, *c1 = c0 + colbytes, *c2 = c1 + colbytes, *c3 = c2 + colbytes;
        __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t j = 0; j < pairs; j++) {
            __m512i v = _mm512_loadu_si512(m + 16 * j);
            a0 = _mm512_mask_add_epi32(a0, mask16(c0 + 2 * j), a0, v);
            a1 = _mm512_mask_add_epi32(a1, mask16(c1 + 2 * j), a1, v);
            a2 = _mm512_mask_add_epi32(a2, mask16(c2 + 2 * j), a2, v);
            a3 = _mm512_mask_add_epi32(a3, mask16(c3 + 2 * j), a3, v);
        }
        if (colbytes & 1) {
            __m512i v = _mm512_loadu_si512(m + 16 * pairs);
            a0 = _mm512_mask_add_epi32(a0, c0[colbytes - 1], a0, v);
            a1 = _mm512_mask_add_epi32(a1, c1[colbytes - 1], a1, v);
            a2 = _mm512_mask_add_epi32(a2, c2[colbytes - 1], a2, v);
            a3 = _mm512_mask_add_epi32(a3, c3[colbytes - 1], a3, v);
        }
        plus[i] = (double)_mm512_reduce_add_epi32(a0);
        plus[i + 1] = (double)_mm512_reduce_add_epi32(a1);
        plus[i + 2] = (double)_mm512_reduce_add_epi32(a2);
        plus[i + 3] = (double)_mm512_reduce_add_epi32(a3);
    }
    for (; i < d; i++)
        plus[i] = unit_masked(cols + i * colbytes, colbytes, m);
}
#else
/* The same integer sums one bit at a time, for processors without the
 * vector kernel (eg_plus_sums_masked_available() is 0 there). */
void eg_plus_sums_masked(const uint8_t *cols, size_t colbytes, size_t d, const int32_t *m, double *plus)
{
    for (size_t i = 0; i < d; i++) {
        const uint8_t *c = cols + i * colbytes;
        int64_t p = 0;
        for (size_t j = 0; j < colbytes; j++)
            for (unsigned k = 0; k < 8; k++)
                if ((c[j] >> k) & 1u)
                    p += m[8 * j + k];
        plus[i] = (double)p;
    }
}
#endif
