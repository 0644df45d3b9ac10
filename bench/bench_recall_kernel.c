/* bench_recall_kernel.c: one field evaluation of the factored Hebbian network
 * (seed 001 experiment 2: D = 8000, N = 900), its column-sum kernels, and the
 * masked-add floor beside them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "mem/plus_sums.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_FLOOR 1
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#ifdef HAVE_FLOOR
/* The arithmetic floor of Ξᵀm: the same N·D/16 masked 16-lane additions,
 * four units at a time sharing each load of m, with the masks made in
 * registers from the loop counters (no column bytes read, no dependency
 * between them). The result is returned so the additions are not
 * optimised away. */
__attribute__((target("avx512f"))) static int32_t masked_add_floor(size_t d, size_t vecs, const int32_t *m)
{
    __m512i total = _mm512_setzero_si512();
    for (size_t i = 0; i + 4 <= d; i += 4) {
        __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
        uint32_t k = (uint32_t)i * 0x9E3779B9u;
        for (size_t j = 0; j < vecs; j++) {
            __m512i v = _mm512_loadu_si512(m + 16 * j);
            uint32_t kj = k ^ (uint32_t)j;
            a0 = _mm512_mask_add_epi32(a0, (__mmask16)kj, a0, v);
            a1 = _mm512_mask_add_epi32(a1, (__mmask16)(kj >> 3), a1, v);
            a2 = _mm512_mask_add_epi32(a2, (__mmask16)(kj >> 7), a2, v);
            a3 = _mm512_mask_add_epi32(a3, (__mmask16)(kj >> 11), a3, v);
        }
        total = _mm512_add_epi32(total, _mm512_add_epi32(_mm512_add_epi32(a0, a1), _mm512_add_epi32(a2, a3)));
    }
    return _mm512_reduce_add_epi32(total);
}
#endif

/* Best of `repeats` timings, in milliseconds, of `calls` calls of one statement. */
#define BEST_MS(out, repeats, calls, stmt)                                                         \
    do {                                                                                           \
        (out) = 1e300;                                                                             \
        for (int rep_ = 0; rep_ < (repeats); rep_++) {                                             \
            double t0_ = now();                                                                    \
            for (int c_ = 0; c_ < (calls); c_++) {                                                 \
                stmt;                                                                              \
            }                                                                                      \
            double t_ = (now() - t0_) * 1e3 / (calls);                                             \
            if (t_ < (out))                                                                        \
                (out) = t_;                                                                        \
        }                                                                                          \
    } while (0)

/* usage: bench_recall_kernel [D N REPEATS] (defaults 8000 900 7) */
int main(int argc, char **argv)
{
    size_t d = argc > 1 ? strtoul(argv[1], NULL, 10) : 8000;
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 900;
    int repeats = argc > 3 ? atoi(argv[3]) : 7;
    eg_error err;
    eg_episodes *ep = NULL;
    eg_hopfield *net = NULL;
    if (eg_episodes_random_bipolar(n, d, 0.5, 1, 0, EG_EPISODES_PACKED_ONLY, &ep, &err) != EG_OK ||
        eg_hopfield_alloc_hebbian(ep, NULL, &net, &err) != EG_OK) {
        fprintf(stderr, "bench_recall_kernel: %s\n", err.msg);
        return 1;
    }
    size_t nb = (n + 7) / 8, len = eg_plus_sums_masked_len(nb);
    double *s = malloc(d * sizeof *s), *h = malloc(d * sizeof *h), *m = calloc(nb * 8, sizeof *m);
    double *table = malloc(nb * 256 * sizeof *table);
    int32_t *mi = calloc(len, sizeof *mi);
    uint8_t *cols = malloc(d * nb);
    if (!s || !h || !m || !table || !mi || !cols) {
        fprintf(stderr, "bench_recall_kernel: out of memory\n");
        return 1;
    }
    /* The state: episode 0 with every tenth unit flipped; overlaps like a recall's. */
    for (size_t i = 0; i < d; i++)
        s[i] = eg_episodes_get(ep, 0, i) * (i % 10 == 0 ? -1.0 : 1.0);
    for (size_t mu = 0; mu < n; mu++) {
        double acc = 0.0;
        for (size_t i = 0; i < d; i++)
            acc += eg_episodes_get(ep, mu, i) * s[i];
        m[mu] = acc;
        mi[mu] = (int32_t)acc;
    }
    /* Unit-major bits as the network holds them (plus_sums.h). */
    memset(cols, 0, d * nb);
    for (size_t i = 0; i < d; i++)
        for (size_t mu = 0; mu < n; mu++)
            if (eg_episodes_get(ep, mu, i) > 0)
                cols[i * nb + mu / 8] |= (uint8_t)(1u << (mu % 8));
    int calls = 20;
    double t_field, t_table, t_masked = 0.0, t_floor = 0.0;
    BEST_MS(t_field, repeats, calls, eg_hopfield_field(net, s, h, &err));
    BEST_MS(t_table, repeats, calls, eg_plus_sums_table(cols, nb, d, m, table, h));
    int masked = eg_plus_sums_masked_available();
    volatile int32_t sink = 0;
    if (masked) {
        BEST_MS(t_masked, repeats, calls, eg_plus_sums_masked(cols, nb, d, mi, h));
#ifdef HAVE_FLOOR
        BEST_MS(t_floor, repeats, calls, sink += masked_add_floor(d, (nb + 1) / 2, mi));
#endif
    }
    (void)sink;
    printf("D=%zu N=%zu: field evaluation %.4f ms (overlaps, column sums, scaling; workspace included)\n", d, n,
           t_field);
    printf("column sums: table %.4f ms", t_table);
    if (masked)
        printf(", masked-add (AVX-512) %.4f ms, floor %.4f ms, masked/floor %.2f, field/floor %.2f, table/masked %.2f",
               t_masked, t_floor, t_masked / t_floor, t_field / t_floor, t_table / t_masked);
    else
        printf(" (no AVX-512 on this processor: no masked-add kernel or floor)");
    printf("\n");
    free(s);
    free(h);
    free(m);
    free(table);
    free(mi);
    free(cols);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
    return 0;
}
