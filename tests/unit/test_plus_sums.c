/* test_plus_sums.c: the column sums of the factored Hebbian field, by tables
 * and by masked additions, against the definition summed in the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "mem/plus_sums.h"

/* A small deterministic generator (64-bit LCG, high bits), independent of engram's. */
static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

/* Random columns for n episodes (bits past n zero) and integer overlaps in
 * [−d, d] (zero past n); p_i summed bit by bit in 64-bit integers. */
static void check_kernels(size_t n, size_t d, uint64_t seed)
{
    size_t nb = (n + 7) / 8, len = eg_plus_sums_masked_len(nb);
    uint8_t *cols = calloc(d * nb, 1);
    int32_t *mi = calloc(len, sizeof *mi);
    double *m = calloc(nb * 8, sizeof *m), *table = malloc(nb * 256 * sizeof *table);
    double *p_table = malloc(d * sizeof *p_table), *p_masked = malloc(d * sizeof *p_masked);
    assert_true(cols && mi && m && table && p_table && p_masked);
    for (size_t i = 0; i < d; i++)
        for (size_t mu = 0; mu < n; mu++)
            if (lcg(&seed) & 1)
                cols[i * nb + mu / 8] |= (uint8_t)(1u << (mu % 8));
    for (size_t mu = 0; mu < n; mu++) {
        mi[mu] = (int32_t)(lcg(&seed) % (2 * d + 1)) - (int32_t)d;
        m[mu] = mi[mu];
    }
    eg_plus_sums_table(cols, nb, d, m, table, p_table);
    /* Without the instructions the masked kernel is not called by engram either. */
    int masked = eg_plus_sums_masked_available();
    if (masked)
        eg_plus_sums_masked(cols, nb, d, mi, p_masked);
    for (size_t i = 0; i < d; i++) {
        int64_t p = 0;
        for (size_t mu = 0; mu < n; mu++)
            if ((cols[i * nb + mu / 8] >> (mu % 8)) & 1)
                p += mi[mu];
        assert_true(p_table[i] == (double)p);
        assert_true(!masked || p_masked[i] == (double)p);
    }
    free(cols);
    free(mi);
    free(m);
    free(table);
    free(p_table);
    free(p_masked);
}

/* Episode counts that fill whole vectors of 16, leave an odd byte, or a
 * partial one; unit counts that are and are not multiples of 4. */
static void test_kernels_match_the_definition(void **state)
{
    (void)state;
    const size_t ns[] = {1, 7, 8, 9, 16, 17, 24, 33, 130, 900};
    const size_t ds[] = {1, 3, 4, 5, 64, 101};
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
        for (size_t b = 0; b < sizeof ds / sizeof *ds; b++)
            check_kernels(ns[a], ds[b], 1000 * a + b + 1);
}

/* The field of a Hebbian network h_i = (1/D)(Σ_μ ξ_μi Σ_j ξ_μj σ_j − N σ_i)
 * summed from the definition, for a ternary state (the masked kernel where
 * the processor has it: exact integers times 1/D) and a state off {−1, 0, +1}
 * (the tables: equal up to rounding); for a network that copies the packed
 * episodes and one that reads them in place. */
static void field_matches_the_definition(size_t n, size_t d);

static void test_field_matches_the_definition(void **state)
{
    (void)state;
    /* 130 episodes leave a partial byte of columns; 203 units a partial tile. */
    for (int shape = 0; shape < 2; shape++)
        field_matches_the_definition(shape ? 37 : 130, shape ? 203 : 1000);
}

static void field_matches_the_definition(size_t n, size_t d)
{
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, 3, 0, EG_EPISODES_DEFAULT, &ep, NULL), EG_OK);
    eg_hopfield *nets[2];
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &nets[0], NULL), EG_OK);
    assert_int_equal(eg_hopfield_alloc_hebbian_borrowed(ep, NULL, &nets[1], NULL), EG_OK);
    double *s = malloc(d * sizeof *s), *h = malloc(d * sizeof *h), *m = malloc(n * sizeof *m);
    assert_true(s && h && m);
    uint64_t x = 11;
    for (int k = 0; k < 4; k++) {
        int ternary = k % 2 == 0;
        eg_hopfield *net = nets[k / 2];
        for (size_t i = 0; i < d; i++) {
            uint64_t r = lcg(&x) % 3;
            s[i] = r == 0 ? -1.0 : r == 1 ? 1.0 : ternary ? 0.0 : 0.25;
        }
        assert_int_equal(eg_hopfield_field(net, s, h, NULL), EG_OK);
        for (size_t mu = 0; mu < n; mu++) {
            m[mu] = 0.0;
            for (size_t j = 0; j < d; j++)
                m[mu] += ep->xi->data[mu * d + j] * s[j];
        }
        for (size_t i = 0; i < d; i++) {
            double raw = -(double)n * s[i];
            for (size_t mu = 0; mu < n; mu++)
                raw += ep->xi->data[mu * d + i] * m[mu];
            if (ternary)
                assert_true(h[i] == (1.0 / (double)d) * raw);
            else
                assert_float_equal(h[i], raw / (double)d, 1e-12);
        }
    }
    free(s);
    free(h);
    free(m);
    eg_hopfield_free(nets[0]);
    eg_hopfield_free(nets[1]);
    eg_episodes_free(ep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_match_the_definition),
        cmocka_unit_test(test_field_matches_the_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
