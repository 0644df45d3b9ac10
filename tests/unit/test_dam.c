/* test_dam.c: dense associative memories and Universal Hopfield Network recall. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "engram/dam.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"

static size_t dam_fixed(const eg_episodes *ep, const eg_dam_options *base)
{
    size_t fixed = 0, d = ep->units;
    double *x = malloc(d * sizeof *x);
    for (size_t mu = 0; mu < ep->count; mu++) {
        assert_int_equal(eg_episodes_row(ep, mu, x, NULL), EG_OK);
        eg_dam_options o = *base;
        o.max_steps = 1;
        eg_recall_result *r;
        assert_int_equal(eg_dam_recall(ep, &o, x, &r, NULL), EG_OK);
        fixed += r->outcome == EG_RECALL_CONVERGED;
        eg_recall_result_free(r);
    }
    free(x);
    return fixed;
}

static size_t hebbian_fixed(const eg_episodes *ep)
{
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, NULL), EG_OK);
    size_t fixed = 0, d = ep->units;
    double *x = malloc(d * sizeof *x);
    for (size_t mu = 0; mu < ep->count; mu++) {
        assert_int_equal(eg_episodes_row(ep, mu, x, NULL), EG_OK);
        eg_recall_options o = eg_recall_options_default();
        o.max_steps = 1;
        eg_recall_result *r;
        assert_int_equal(eg_hopfield_recall(net, x, &o, &r, NULL), EG_OK);
        fixed += r->outcome == EG_RECALL_CONVERGED;
        eg_recall_result_free(r);
    }
    free(x);
    eg_hopfield_free(net);
    return fixed;
}

/* F_2 is the Hopfield network with zero self-coupling: same trajectories. */
static void test_quadratic_dam_is_hopfield(void **state)
{
    (void)state;
    eg_error err;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        eg_episodes *ep;
        assert_int_equal(eg_episodes_random_bipolar(12, 80, 0.5, seed, 0, 0, &ep, &err), EG_OK);
        eg_hopfield *net;
        assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, &err), EG_OK);
        double cue[80];
        assert_int_equal(eg_cue_random_bipolar(80, 0.5, seed, 0, cue, &err), EG_OK);
        for (int upd = 0; upd < 3; upd++) {
            eg_dam_options o = eg_dam_options_default();
            o.degree = 2;
            o.update = (eg_update)upd;
            o.seed = seed;
            eg_recall_options ro = eg_recall_options_default();
            ro.update = (eg_update)upd;
            ro.seed = seed;
            eg_recall_result *a, *b;
            assert_int_equal(eg_dam_recall(ep, &o, cue, &a, &err), EG_OK);
            assert_int_equal(eg_hopfield_recall(net, cue, &ro, &b, &err), EG_OK);
            assert_int_equal(a->steps, b->steps);
            assert_int_equal(a->outcome, b->outcome);
            assert_memory_equal(a->state, b->state, sizeof cue);
            /* −Σ_μ (ξ_μ·σ)²/2 = D·E_Hopfield − N D/2 for bipolar σ (the diagonal). */
            for (size_t t = 0; t < a->energy_len; t++)
                assert_true(fabs(a->energy[t] - (80.0 * b->energy[t] - 12.0 * 80.0 / 2.0)) < 1e-9);
            eg_recall_result_free(a);
            eg_recall_result_free(b);
        }
        eg_hopfield_free(net);
        eg_episodes_free(ep);
    }
}

/* Krotov & Hopfield 2016: F_3 at D = 100 keeps N = 100 random episodes as
 * fixed points, where the Hebbian network (capacity near 14 at this D) keeps
 * none; F_3 also cleans up 10 flipped bits. */
static void test_cubic_dam_stores_n_equal_d(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(100, 100, 0.5, 31, 0, 0, &ep, &err), EG_OK);
    eg_dam_options o = eg_dam_options_default();
    size_t f3 = dam_fixed(ep, &o), heb = hebbian_fixed(ep);
    fprintf(stderr, "# D=100 N=100: fixed points F_3 %zu, Hebbian %zu\n", f3, heb);
    assert_int_equal(f3, 100);
    assert_true(heb < 10);
    double x[100], cue[100];
    assert_int_equal(eg_episodes_row(ep, 7, x, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(x, 100, 10, 31, 0, cue, &err), EG_OK);
    o.target = x;
    o.overlaps = ep;
    eg_recall_result *r;
    assert_int_equal(eg_dam_recall(ep, &o, cue, &r, &err), EG_OK);
    assert_int_equal(r->hamming, 0);
    assert_true(r->overlaps[7] == 1.0);
    eg_recall_result_free(r);
    eg_episodes_free(ep);
}

/* Demircigil et al. 2017: with F = exp, N = 200 episodes at D = 64 (N > 3D)
 * are all fixed points. */
static void test_exponential_dam_stores_more_than_d(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(200, 64, 0.5, 32, 0, EG_EPISODES_PACKED_ONLY, &ep, &err), EG_OK);
    eg_dam_options o = eg_dam_options_default();
    o.kind = EG_DAM_EXP;
    assert_int_equal(dam_fixed(ep, &o), 200);
    eg_episodes_free(ep);
}

/* Energy never rises under asynchronous exact-difference updates. */
static void test_dam_async_energy_never_rises(void **state)
{
    (void)state;
    eg_error err;
    for (uint64_t model = 0; model < 24; model++) {
        size_t d = 20 + (model % 5) * 7, n = 5 + model % 9;
        eg_episodes *ep;
        assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, model, 0, 0, &ep, &err), EG_OK);
        double *cue = malloc(d * sizeof *cue);
        assert_int_equal(eg_cue_random_bipolar(d, 0.5, model, 0, cue, &err), EG_OK);
        eg_dam_options o = eg_dam_options_default();
        o.kind = model % 3 == 2 ? EG_DAM_EXP : EG_DAM_POLY;
        o.degree = 2 + (unsigned)(model % 3);
        o.beta = 0.2;
        o.update = EG_UPDATE_ASYNC_RANDOM;
        o.seed = model;
        eg_recall_result *r;
        assert_int_equal(eg_dam_recall(ep, &o, cue, &r, &err), EG_OK);
        assert_int_equal(r->outcome, EG_RECALL_CONVERGED);
        for (size_t t = 1; t < r->energy_len; t++)
            assert_true(r->energy[t] <= r->energy[t - 1] + 1e-9 * fabs(r->energy[t - 1]));
        eg_recall_result_free(r);
        free(cue);
        eg_episodes_free(ep);
    }
    eg_dam_options bad = eg_dam_options_default();
    bad.degree = 1;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(2, 4, 0.5, 1, 0, 0, &ep, &err), EG_OK);
    double cue[4] = {1, 1, 1, 1};
    eg_recall_result *r;
    assert_int_equal(eg_dam_recall(ep, &bad, cue, &r, &err), EG_EINVAL);
    eg_episodes_free(ep);
}

static eg_matrix *matrix_of(size_t rows, size_t cols, const double *v)
{
    eg_matrix *m = eg_matrix_alloc(rows, cols);
    memcpy(m->data, v, rows * cols * sizeof *v);
    return m;
}

/* Minerva 2 by hand: memories (1,1,1,1) and (1,−1,1,−1), probe (1,1,1,−1).
 * Both cosines are 2/4 = ½, activations ⅛, echo ⅛(2,0,2,0) = (¼,0,¼,0). */
static void test_minerva_echo_by_hand(void **state)
{
    (void)state;
    const double a[8] = {1, 1, 1, 1, 1, -1, 1, -1};
    eg_matrix *m = matrix_of(2, 4, a);
    const double q[4] = {1, 1, 1, -1};
    double out[4];
    eg_uhn u = eg_uhn_minerva();
    assert_int_equal(eg_uhn_apply(m, NULL, &u, q, out, NULL), EG_OK);
    assert_true(fabs(out[0] - 0.25) < 1e-15 && fabs(out[1]) < 1e-15 && fabs(out[2] - 0.25) < 1e-15 &&
                fabs(out[3]) < 1e-15);
    /* Dot similarity with identity separation is the Hebbian field with self
     * coupling: ΞᵀΞq = (1,1,1,1)·2 + (1,−1,1,−1)·2 = (4,0,4,0). */
    eg_uhn lin = {EG_SIM_DOT, EG_SEP_IDENTITY, 0};
    assert_int_equal(eg_uhn_apply(m, NULL, &lin, q, out, NULL), EG_OK);
    assert_true(out[0] == 4 && out[1] == 0 && out[2] == 4 && out[3] == 0);
    eg_matrix_free(m);
}

/* Hetero-association with max separation returns exactly the content of the
 * nearest memory under each distance; softmax with large β approaches it. */
static void test_uhn_hetero_association(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *keys;
    assert_int_equal(eg_episodes_random_bipolar(20, 60, 0.5, 41, 0, 0, &keys, &err), EG_OK);
    eg_matrix *content = eg_matrix_alloc(20, 3);
    for (size_t k = 0; k < 60; k++)
        content->data[k] = (double)k;
    double x[60], cue[60], out[3];
    assert_int_equal(eg_episodes_row(keys, 13, x, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(x, 60, 6, 41, 0, cue, &err), EG_OK);
    const eg_similarity sims[4] = {EG_SIM_DOT, EG_SIM_COSINE, EG_SIM_NEG_EUCLIDEAN, EG_SIM_NEG_MANHATTAN};
    for (int k = 0; k < 4; k++) {
        eg_uhn u = {sims[k], EG_SEP_MAX, 0};
        assert_int_equal(eg_uhn_apply(keys->xi, content, &u, cue, out, &err), EG_OK);
        assert_true(out[0] == 39 && out[1] == 40 && out[2] == 41);
        u.sep = EG_SEP_SOFTMAX;
        u.param = 50.0;
        assert_int_equal(eg_uhn_apply(keys->xi, content, &u, cue, out, &err), EG_OK);
        assert_true(fabs(out[0] - 39) < 1e-6 && fabs(out[2] - 41) < 1e-6);
    }
    eg_uhn bad = {EG_SIM_DOT, EG_SEP_POLY, 2.5};
    assert_int_equal(eg_uhn_apply(keys->xi, content, &bad, cue, out, &err), EG_EINVAL);
    eg_matrix_free(content);
    eg_episodes_free(keys);
}

/* Modern Hopfield (Ramsauer et al. 2021): with well-separated episodes one
 * update retrieves the episode to within exp(−β·gap), and the iteration stops
 * at that fixed point. */
static void test_modern_hopfield_retrieves_in_one_step(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(50, 64, 0.5, 42, 0, 0, &ep, &err), EG_OK);
    double x[64], cue[64], out[64];
    assert_int_equal(eg_episodes_row(ep, 5, x, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(x, 64, 10, 42, 0, cue, &err), EG_OK);
    eg_uhn u = eg_uhn_modern(1.0);
    size_t steps;
    int converged;
    assert_int_equal(eg_uhn_iterate(ep->xi, &u, cue, 20, 1e-9, out, &steps, &converged, &err), EG_OK);
    assert_true(converged);
    assert_true(steps <= 3);
    for (size_t i = 0; i < 64; i++)
        assert_true(fabs(out[i] - x[i]) < 1e-6);
    eg_episodes_free(ep);
}

/* The Hebbian comparator at D = 100 (seed 002): the load at which every
 * episode stays fixed collapses between N = 8 and N = 16 (measured over 20
 * draws: 20/20 at N = 8, 1/20 at N = 14, 0/20 at N = 16). */
static void test_hebbian_capacity_collapses_near_14_at_d100(void **state)
{
    (void)state;
    size_t all8 = 0, all16 = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        eg_episodes *a, *b;
        assert_int_equal(eg_episodes_random_bipolar(8, 100, 0.5, seed, 0, 0, &a, NULL), EG_OK);
        assert_int_equal(eg_episodes_random_bipolar(16, 100, 0.5, seed, 0, 0, &b, NULL), EG_OK);
        all8 += hebbian_fixed(a) == 8;
        all16 += hebbian_fixed(b) == 16;
        eg_episodes_free(a);
        eg_episodes_free(b);
    }
    assert_true(all8 >= 18);
    assert_true(all16 <= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quadratic_dam_is_hopfield),
        cmocka_unit_test(test_cubic_dam_stores_n_equal_d),
        cmocka_unit_test(test_hebbian_capacity_collapses_near_14_at_d100),
        cmocka_unit_test(test_exponential_dam_stores_more_than_d),
        cmocka_unit_test(test_dam_async_energy_never_rises),
        cmocka_unit_test(test_minerva_echo_by_hand),
        cmocka_unit_test(test_uhn_hetero_association),
        cmocka_unit_test(test_modern_hopfield_retrieves_in_one_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
