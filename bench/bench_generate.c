/* bench_generate.c: the rate at which random ±1 episodes are generated, in
 * GB/s of episode bits (N·D / 8 bytes a second), beside the same mt19937
 * stream drawn one gsl_rng_get call per 32 bits (how episodes were drawn
 * before) and the stream alone drawn in blocks (the generator's floor).
 * usage: bench_generate [D N REPEATS]   (defaults 32000 3520 5) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engram/patterns.h"
#include "engram/rng.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The N·D/32 outputs of one set drawn a call at a time; their xor, which
 * keeps the draws from being optimised away and compares the streams. */
static uint32_t draw_per_call(size_t words)
{
    gsl_rng *r = eg_rng_alloc(1, EG_RNG_EPISODES, 0);
    uint32_t x = 0;
    for (size_t i = 0; i < words; i++)
        x ^= (uint32_t)gsl_rng_get(r);
    gsl_rng_free(r);
    return x;
}

/* The same outputs drawn in blocks of 4096. */
static uint32_t draw_in_blocks(size_t words)
{
    eg_mt m;
    uint32_t buf[4096], x = 0;
    eg_mt_seed(&m, 1, EG_RNG_EPISODES, 0);
    for (size_t i = 0; i < words; i += 4096) {
        size_t k = words - i < 4096 ? words - i : 4096;
        eg_mt_fill(&m, buf, k);
        for (size_t j = 0; j < k; j++)
            x ^= buf[j];
    }
    return x;
}

int main(int argc, char **argv)
{
    size_t d = argc > 1 ? strtoul(argv[1], NULL, 10) : 32000, n = argc > 2 ? strtoul(argv[2], NULL, 10) : 3520;
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    double bytes = (double)n * (double)d / 8, best[3] = {1e300, 1e300, 1e300};
    size_t words = n * ((d + 31) / 32);
    int same = 1;
    for (int r = 0; r < repeats; r++) {
        double t = now();
        eg_episodes *e = NULL;
        eg_error err;
        if (eg_episodes_random_bipolar(n, d, 0.5, 1, 0, EG_EPISODES_PACKED_ONLY, &e, &err) != EG_OK) {
            fprintf(stderr, "bench_generate: %s\n", err.msg);
            return 1;
        }
        double t1 = now() - t;
        eg_episodes_free(e);
        t = now();
        uint32_t a = draw_per_call(words);
        double t2 = now() - t;
        t = now();
        same &= a == draw_in_blocks(words);
        double t3 = now() - t;
        best[0] = t1 < best[0] ? t1 : best[0];
        best[1] = t2 < best[1] ? t2 : best[1];
        best[2] = t3 < best[2] ? t3 : best[2];
    }
    printf("episodes D=%zu N=%zu (%.1f MB of bits), best of %d; the two draws give the same stream: %s\n", d, n,
           bytes / 1e6, repeats, same ? "yes" : "NO");
    printf("  eg_episodes_random_bipolar   %8.2f ms  %6.2f GB/s\n", best[0] * 1e3, bytes / best[0] / 1e9);
    printf("  gsl_rng_get, a call a draw   %8.2f ms  %6.2f GB/s\n", best[1] * 1e3, bytes / best[1] / 1e9);
    printf("  eg_mt_fill, the stream alone %8.2f ms  %6.2f GB/s\n", best[2] * 1e3, bytes / best[2] / 1e9);
    return 0;
}
