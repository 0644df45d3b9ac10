/* test_overlaps.c: the popcounts of packed episodes against a state's bit
 * sets, against the definition counted bit by bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "mem/overlaps.h"

/* A small deterministic generator (64-bit LCG), independent of engram's. */
static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x ^ (*x >> 29);
}

/* Row counts for word counts around the 8-word vectors (a masked tail, none,
 * one word), with and without the minus set. */
static void test_counts_equal_the_definition(void **state)
{
    (void)state;
    static const size_t word_counts[] = {1, 7, 8, 9, 16, 17, 125};
    uint64_t seed = 3;
    for (size_t k = 0; k < sizeof word_counts / sizeof word_counts[0]; k++) {
        size_t words = word_counts[k], n = 13;
        uint64_t *bits = malloc(n * words * sizeof *bits), *plus = malloc(words * sizeof *plus),
                 *minus = malloc(words * sizeof *minus);
        int64_t bp[13], bm[13], bp_only[13];
        assert_true(bits && plus && minus);
        for (size_t i = 0; i < n * words; i++)
            bits[i] = lcg(&seed);
        for (size_t w = 0; w < words; w++) {
            plus[w] = lcg(&seed);
            minus[w] = lcg(&seed) & ~plus[w];
        }
        eg_overlaps_count(bits, n, words, plus, minus, bp, bm);
        eg_overlaps_count(bits, n, words, plus, NULL, bp_only, NULL);
        for (size_t mu = 0; mu < n; mu++) {
            int64_t p = 0, m = 0;
            for (size_t i = 0; i < 64 * words; i++) {
                int bit = (int)(bits[mu * words + i / 64] >> (i % 64) & 1);
                p += bit && (plus[i / 64] >> (i % 64) & 1);
                m += bit && (minus[i / 64] >> (i % 64) & 1);
            }
            assert_int_equal(bp[mu], p);
            assert_int_equal(bm[mu], m);
            assert_int_equal(bp_only[mu], p);
        }
        free(bits);
        free(plus);
        free(minus);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_equal_the_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
