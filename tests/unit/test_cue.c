/* test_cue.c: damaged cues in every state set change exactly the units asked
 * for, and a {0,1} network's energy never rises along an asynchronous recall
 * from a random {0,1} cue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "engram/hopfield.h"
#include "engram/matrix.h"

#define D 100

/* A {0,1} episode with 30 active units: units 0, 3, 6, ..., 87. */
static void binary_episode(double *x)
{
    for (size_t i = 0; i < D; i++)
        x[i] = (i % 3 == 0 && i < 90) ? 1.0 : 0.0;
}

static size_t changed(const double *a, const double *b, size_t d)
{
    size_t n = 0;
    for (size_t i = 0; i < d; i++)
        n += a[i] != b[i];
    return n;
}

/* Flipping k units of a {0,1} episode toggles exactly k units, each 0 <-> 1,
 * including the inactive ones; flipping all of them gives the complement. */
static void test_flip_binary_toggles(void **state)
{
    (void)state;
    eg_error err;
    double x[D], cue[D];
    binary_episode(x);
    for (size_t k = 0; k <= D; k += 20) {
        assert_int_equal(eg_cue_flip_units(x, D, k, EG_CUE_BINARY, 7, 0, cue, &err), EG_OK);
        assert_int_equal(changed(x, cue, D), k);
        for (size_t i = 0; i < D; i++)
            assert_true(cue[i] == x[i] || cue[i] == 1.0 - x[i]);
    }
    assert_int_equal(eg_cue_flip_units(x, D, D, EG_CUE_BINARY, 7, 0, cue, &err), EG_OK);
    for (size_t i = 0; i < D; i++)
        assert_true(cue[i] == 1.0 - x[i]);
}

/* The same seed damages the same units in every state set, and a bipolar
 * flip is the old negation (eg_cue_flip_bits). */
static void test_same_units_every_set(void **state)
{
    (void)state;
    eg_error err;
    double x[D], bip[D], a[D], b[D], c[D];
    binary_episode(x);
    for (size_t i = 0; i < D; i++)
        bip[i] = 2.0 * x[i] - 1.0;
    assert_int_equal(eg_cue_flip_units(x, D, 20, EG_CUE_BINARY, 3, 1, a, &err), EG_OK);
    assert_int_equal(eg_cue_flip_units(bip, D, 20, EG_CUE_BIPOLAR, 3, 1, b, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(bip, D, 20, 3, 1, c, &err), EG_OK);
    for (size_t i = 0; i < D; i++) {
        assert_true(b[i] == c[i]);
        assert_true((a[i] != x[i]) == (b[i] != bip[i]));
        assert_true(b[i] == 2.0 * a[i] - 1.0);
    }
}

/* A mask sets k units to the midpoint of the set: 1/2 for {0,1}, 0 for {−1,+1}. */
static void test_mask_midpoint(void **state)
{
    (void)state;
    eg_error err;
    double x[D], cue[D];
    binary_episode(x);
    size_t k = 0;
    assert_int_equal(eg_cue_count(0.2, D, &k, &err), EG_OK);
    assert_int_equal(k, 20);
    assert_int_equal(eg_cue_mask_units(x, D, k, EG_CUE_BINARY, 5, 0, cue, &err), EG_OK);
    size_t half = 0;
    for (size_t i = 0; i < D; i++)
        half += cue[i] == 0.5;
    assert_int_equal(half, 20);
    assert_int_equal(changed(x, cue, D), 20);
    /* round(0.02 * 256) = 5 units, as each(S, flip = 0.02) damages at D = 256. */
    assert_int_equal(eg_cue_count(0.02, 256, &k, &err), EG_OK);
    assert_int_equal(k, 5);
    assert_int_equal(eg_cue_mask_units(x, D, D + 1, EG_CUE_BINARY, 5, 0, cue, &err), EG_EINVAL);
}

/* random(p) in {0,1} is a {0,1} state with about p·D active units, with the
 * same active units as the bipolar state from the same stream. */
static void test_random_state(void **state)
{
    (void)state;
    eg_error err;
    enum { N = 10000 };
    double *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(eg_cue_random_state(N, 0.1, EG_CUE_BINARY, 9, 0, a, &err), EG_OK);
    assert_int_equal(eg_cue_random_bipolar(N, 0.1, 9, 0, b, &err), EG_OK);
    size_t on = 0;
    for (size_t i = 0; i < N; i++) {
        assert_true(a[i] == 0.0 || a[i] == 1.0);
        assert_true(b[i] == 2.0 * a[i] - 1.0);
        on += a[i] == 1.0;
    }
    /* Binomial(10000, 0.1): mean 1000, s.d. 30; five s.d. either way. */
    assert_true(on > 850 && on < 1150);
    assert_int_equal(eg_cue_random_state(N, 1.5, EG_CUE_BINARY, 9, 0, a, &err), EG_EINVAL);
    free(a);
    free(b);
}

/* E = −½ VᵀWV + θ Σ V, computed here independently of engram. */
static double energy(const double *w, const double *v, size_t d, double theta)
{
    double e = 0;
    for (size_t i = 0; i < d; i++) {
        for (size_t j = 0; j < d; j++)
            e -= 0.5 * v[i] * w[i * d + j] * v[j];
        e += theta * v[i];
    }
    return e;
}

/* A {0,1} network with symmetric W and zero diagonal: asynchronous recall
 * from a random {0,1} cue with p = 0.1 never raises the energy (Hopfield
 * 1982: ΔE = −ΔV_i (h_i − θ) ≤ 0), and every state stays in {0,1}. */
static void test_binary_energy_descends(void **state)
{
    (void)state;
    eg_error err;
    enum { N = 60, P = 4 };
    double xi[P][N];
    for (size_t mu = 0; mu < P; mu++)
        assert_int_equal(eg_cue_random_state(N, 0.2, EG_CUE_BINARY, 100 + mu, 0, xi[mu], &err), EG_OK);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        eg_matrix *w = eg_matrix_alloc(N, N);
        assert_non_null(w);
        double *wcopy = malloc(N * N * sizeof *wcopy);
        assert_non_null(wcopy);
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++) {
                double s = 0;
                for (size_t mu = 0; mu < P; mu++)
                    s += (xi[mu][i] - 0.2) * (xi[mu][j] - 0.2);
                w->data[i * N + j] = wcopy[i * N + j] = i == j ? 0.0 : s / N;
            }
        eg_hopfield *net = NULL;
        assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_OK);
        double cue[N];
        assert_int_equal(eg_cue_random_state(N, 0.1, EG_CUE_BINARY, seed, 0, cue, &err), EG_OK);
        eg_recall_options o = eg_recall_options_default();
        o.states = EG_STATES_BINARY;
        o.threshold = 0.01;
        o.update = EG_UPDATE_ASYNC_RANDOM;
        o.seed = seed;
        o.record_energy = 1;
        eg_recall_result *r = NULL;
        assert_int_equal(eg_hopfield_recall(net, cue, &o, &r, &err), EG_OK);
        assert_true(r->energy_len >= 2);
        assert_true(fabs(r->energy[0] - energy(wcopy, cue, N, 0.01)) < 1e-12);
        assert_true(fabs(r->energy[r->energy_len - 1] - energy(wcopy, r->state, N, 0.01)) < 1e-12);
        for (size_t t = 1; t < r->energy_len; t++)
            assert_true(r->energy[t] <= r->energy[t - 1] + 1e-12);
        for (size_t i = 0; i < N; i++)
            assert_true(r->state[i] == 0.0 || r->state[i] == 1.0);
        eg_recall_result_free(r);
        eg_hopfield_free(net);
        free(wcopy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flip_binary_toggles), cmocka_unit_test(test_same_units_every_set),
        cmocka_unit_test(test_mask_midpoint),       cmocka_unit_test(test_random_state),
        cmocka_unit_test(test_binary_energy_descends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
