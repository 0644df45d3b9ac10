/* test_hopfield.c: Hebbian couplings and recall dynamics of discrete Hopfield networks. */
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
#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "engram/rng.h"

static eg_episodes *episodes_of(size_t n, size_t d, const double *v)
{
    eg_matrix *m = eg_matrix_alloc(n, d);
    assert_non_null(m);
    memcpy(m->data, v, n * d * sizeof *v);
    eg_episodes *e;
    assert_int_equal(eg_episodes_from_matrix(m, &e, NULL), EG_OK);
    eg_matrix_free(m);
    return e;
}

/* ξ1 = (+,+,−,−), ξ2 = (+,−,+,−). By hand, W = (ξ1ξ1ᵀ + ξ2ξ2ᵀ)/4 with zero
 * diagonal has w14 = w23 = −1/2 and every other coupling 0. */
static void test_hand_worked_four_units(void **state)
{
    (void)state;
    const double xi[8] = {1, 1, -1, -1, 1, -1, 1, -1};
    eg_episodes *ep = episodes_of(2, 4, xi);
    eg_hebbian_options ho = eg_hebbian_options_default();
    ho.form = EG_HOPFIELD_DENSE;
    eg_hopfield *net;
    eg_error err;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &net, &err), EG_OK);
    const double want[16] = {0, 0, 0, -0.5, 0, 0, -0.5, 0, 0, -0.5, 0, 0, -0.5, 0, 0, 0};
    const eg_matrix *w = eg_hopfield_weights(net);
    assert_non_null(w);
    for (int k = 0; k < 16; k++)
        assert_true(w->data[k] == want[k]);

    /* Cue: ξ1 with unit 4 flipped, (+,+,−,+). h = Wσ = (−½, ½, −½, −½), so a
     * synchronous step gives (−,+,−,−); from there h = (½, ½, −½, ½) gives the
     * cue back: a 2-cycle. Both states have E = −(w14σ1σ4 + w23σ2σ3) = 0. */
    const double cue[4] = {1, 1, -1, 1};
    double h[4], e;
    assert_int_equal(eg_hopfield_field(net, cue, h, &err), EG_OK);
    assert_true(h[0] == -0.5 && h[1] == 0.5 && h[2] == -0.5 && h[3] == -0.5);
    assert_int_equal(eg_hopfield_energy(net, cue, &e, &err), EG_OK);
    assert_true(e == 0.0);

    eg_recall_options ro = eg_recall_options_default();
    ro.target = xi;
    ro.episodes = ep;
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
    assert_int_equal(r->outcome, EG_RECALL_CYCLE);
    assert_int_equal(r->steps, 2);
    const double back[4] = {1, 1, -1, 1};
    assert_memory_equal(r->state, back, sizeof back);
    assert_int_equal(r->energy_len, 3);
    for (size_t t = 0; t < 3; t++)
        assert_true(r->energy[t] == 0.0);
    assert_int_equal(r->hamming, 1);
    assert_true(r->overlaps[0] == 0.5 && r->overlaps[1] == -0.5);
    eg_recall_result_free(r);

    /* Asynchronous, order 1..4: unit 1 sees h = −½σ4 = −½ and flips, giving
     * (−,+,−,+) = −ξ2; units 2..4 then keep their signs. E drops from 0 to
     * −(w14(−1)(1) + w23(1)(−1)) = −1; the second sweep changes nothing. */
    ro.update = EG_UPDATE_ASYNC_FIXED;
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
    const double rev2[4] = {-1, 1, -1, 1};
    assert_memory_equal(r->state, rev2, sizeof rev2);
    assert_int_equal(r->outcome, EG_RECALL_CONVERGED);
    assert_int_equal(r->steps, 2);
    assert_int_equal(r->energy_len, 3);
    assert_true(r->energy[0] == 0.0 && r->energy[1] == -1.0 && r->energy[2] == -1.0);
    assert_true(r->overlaps[0] == 0.0 && r->overlaps[1] == -1.0);
    eg_recall_result_free(r);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

/* Runs seed 001's protocol: N random episodes of D units, episode 0 with
 * `flips` flipped bits as the cue, synchronous recall. */
static eg_recall_result *seed001_run(size_t d, size_t n, size_t flips, uint64_t seed, eg_hopfield_form form)
{
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, seed, 0, EG_EPISODES_PACKED_ONLY, &ep, &err), EG_OK);
    eg_hebbian_options ho = eg_hebbian_options_default();
    ho.form = form;
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &net, &err), EG_OK);
    double *target = malloc(d * sizeof *target), *cue = malloc(d * sizeof *cue);
    assert_non_null(target);
    assert_non_null(cue);
    assert_int_equal(eg_episodes_row(ep, 0, target, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(target, d, flips, seed, 0, cue, &err), EG_OK);
    eg_recall_options ro = eg_recall_options_default();
    ro.target = target;
    ro.episodes = ep;
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
    free(target);
    free(cue);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
    return r;
}

/* Seed 001, experiment 1: D = 64, N = 5, 8 flipped bits → Hamming 0 in 2 steps. */
static void test_seed001_small_recalls_exactly(void **state)
{
    (void)state;
    eg_recall_result *r = seed001_run(64, 5, 8, 1, EG_HOPFIELD_FACTORED);
    assert_int_equal(r->hamming, 0);
    assert_int_equal(r->outcome, EG_RECALL_CONVERGED);
    assert_true(r->steps >= 2 && r->steps <= 3);
    assert_true(r->overlaps[0] == 1.0);
    eg_recall_result_free(r);
}

/* Seed 001, experiment 2: D = 8000, N = 900 (α ≈ 0.11), 800 flipped bits. The
 * network denoises to a few tens of wrong bits but not to 0 (journal: 18 after
 * 6 steps; numpy re-runs give 6–18 depending on the draw). */
static void test_seed001_large_denoises_but_not_exactly(void **state)
{
    (void)state;
    eg_recall_result *r = seed001_run(8000, 900, 800, 1, EG_HOPFIELD_FACTORED);
    fprintf(stderr, "# D=8000 N=900 flips=800 seed=1: hamming %ld after %zu steps (outcome %d), m_0 = %.4f\n",
            r->hamming, r->steps, (int)r->outcome, r->overlaps[0]);
    assert_true(r->hamming >= 1 && r->hamming <= 60);
    assert_true(r->steps >= 3 && r->steps <= 12);
    assert_true(r->overlaps[0] > 0.98);
    eg_recall_result_free(r);
}

/* Energy never rises under asynchronous updates of a symmetric W with zero
 * diagonal (Hopfield 1982), checked per sweep over many random models, both
 * Hebbian (factored) and Gaussian couplings (dense), from random cues. */
static void test_async_energy_never_rises(void **state)
{
    (void)state;
    eg_error err;
    for (uint64_t model = 0; model < 60; model++) {
        size_t d = 10 + (size_t)(model % 7) * 9;
        eg_hopfield *net;
        if (model % 2 == 0) {
            eg_episodes *ep;
            assert_int_equal(eg_episodes_random_bipolar(2 + model % 11, d, 0.5, model, 0, 0, &ep, &err), EG_OK);
            assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, &err), EG_OK);
            eg_episodes_free(ep);
        } else {
            eg_matrix *w = eg_matrix_alloc(d, d);
            gsl_rng *g = eg_rng_alloc(model, EG_RNG_INIT, 0);
            for (size_t i = 0; i < d; i++)
                for (size_t j = i + 1; j < d; j++)
                    w->data[i * d + j] = w->data[j * d + i] = gsl_rng_uniform(g) - 0.5;
            gsl_rng_free(g);
            assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_OK);
            assert_null(w);
        }
        double *cue = malloc(d * sizeof *cue);
        assert_int_equal(eg_cue_random_bipolar(d, 0.5, model, 0, cue, &err), EG_OK);
        eg_recall_options ro = eg_recall_options_default();
        ro.update = model % 3 ? EG_UPDATE_ASYNC_RANDOM : EG_UPDATE_ASYNC_FIXED;
        ro.seed = model;
        eg_recall_result *r;
        assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
        assert_int_equal(r->outcome, EG_RECALL_CONVERGED);
        assert_int_equal(r->energy_len, r->steps + 1);
        for (size_t t = 1; t < r->energy_len; t++)
            assert_true(r->energy[t] <= r->energy[t - 1] + 1e-12);
        /* The end is a fixed point: every unit agrees with its field. */
        double *h = malloc(d * sizeof *h);
        assert_int_equal(eg_hopfield_field(net, r->state, h, &err), EG_OK);
        for (size_t i = 0; i < d; i++)
            assert_true(h[i] * r->state[i] >= -1e-12);
        free(h);
        free(cue);
        eg_recall_result_free(r);
        eg_hopfield_free(net);
    }
}

static void assert_same_run(const eg_recall_result *a, const eg_recall_result *b)
{
    assert_int_equal(a->steps, b->steps);
    assert_int_equal(a->outcome, b->outcome);
    assert_memory_equal(a->state, b->state, a->units * sizeof(double));
    assert_int_equal(a->energy_len, b->energy_len);
    for (size_t t = 0; t < a->energy_len; t++)
        assert_true(fabs(a->energy[t] - b->energy[t]) < 1e-9);
}

/* The W-free (factored) and dense paths follow the same trajectory step by
 * step, for bipolar (popcount) and continuous episodes, with and without
 * self-coupling, synchronous and asynchronous. Even N and D make exact ties
 * (h_i = 0) common, so the sgn(0) convention is exercised too. */
static void test_factored_and_dense_paths_agree(void **state)
{
    (void)state;
    eg_error err;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        size_t d = 100, n = 6 + 2 * (seed % 4);
        eg_episodes *ep;
        if (seed % 3 == 0) {
            eg_matrix *m = eg_matrix_alloc(n, d);
            gsl_rng *g = eg_rng_alloc(seed, EG_RNG_EPISODES, 0);
            for (size_t k = 0; k < n * d; k++)
                m->data[k] = gsl_rng_uniform(g) - 0.5;
            gsl_rng_free(g);
            assert_int_equal(eg_episodes_from_matrix(m, &ep, &err), EG_OK);
            eg_matrix_free(m);
        } else {
            assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, seed, 0, 0, &ep, &err), EG_OK);
        }
        double cue[100];
        assert_int_equal(eg_cue_random_bipolar(d, 0.5, seed, 0, cue, &err), EG_OK);
        /* Some cues masked (zeros: a ternary state), and some runs with
         * {0, 1} states, exercise the other packed paths. */
        for (size_t i = 0; seed % 2 == 0 && i < d; i += 7)
            cue[i] = 0.0;
        for (int self = 0; self <= 1; self++)
            for (int upd = 0; upd < 3; upd++) {
                eg_hebbian_options ho = eg_hebbian_options_default();
                ho.keep_self = self;
                eg_hopfield *fac, *den;
                assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &fac, &err), EG_OK);
                ho.form = EG_HOPFIELD_DENSE;
                assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &den, &err), EG_OK);
                assert_null(eg_hopfield_weights(fac));
                assert_non_null(eg_hopfield_weights(den));
                for (size_t steps = 1; steps <= 6; steps++) {
                    eg_recall_options ro = eg_recall_options_default();
                    ro.update = (eg_update)upd;
                    ro.seed = seed;
                    ro.max_steps = steps;
                    if (seed % 4 == 1)
                        ro.states = EG_STATES_BINARY;
                    eg_recall_result *a, *b;
                    assert_int_equal(eg_hopfield_recall(fac, cue, &ro, &a, &err), EG_OK);
                    assert_int_equal(eg_hopfield_recall(den, cue, &ro, &b, &err), EG_OK);
                    assert_same_run(a, b);
                    eg_recall_result_free(a);
                    eg_recall_result_free(b);
                }
                eg_hopfield_free(fac);
                eg_hopfield_free(den);
            }
        eg_episodes_free(ep);
    }
}

/* A stored episode with few others is a fixed point: one step, no change. */
static void test_stored_episode_is_fixed_point_and_masked_cue_recovers(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(3, 200, 0.5, 4, 0, 0, &ep, &err), EG_OK);
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, &err), EG_OK);
    double xi[200], cue[200];
    assert_int_equal(eg_episodes_row(ep, 1, xi, &err), EG_OK);
    eg_recall_options ro = eg_recall_options_default();
    ro.target = xi;
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, xi, &ro, &r, &err), EG_OK);
    assert_int_equal(r->steps, 1);
    assert_int_equal(r->outcome, EG_RECALL_CONVERGED);
    assert_int_equal(r->hamming, 0);
    eg_recall_result_free(r);
    /* Half the units zeroed: the other half still points to ξ_1. */
    assert_int_equal(eg_cue_mask_fraction(xi, 200, 0.5, 4, 0, cue, &err), EG_OK);
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
    assert_int_equal(r->hamming, 0);
    eg_recall_result_free(r);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

/* Glauber dynamics sample the Boltzmann distribution of E = -1/2 s'Ws: for
 * two units coupled by J at temperature T the final states of independent
 * runs are aligned with probability e^{J/T}/(e^{J/T} + e^{-J/T}) (0.7311 for
 * J = 0.5, T = 1); for one stored episode (the Curie-Weiss magnet) the mean
 * overlap is the root of m = tanh(m/T) (0.9575 at T = 0.5), up to O(1/D). */
static void test_glauber_samples_boltzmann(void **state)
{
    (void)state;
    eg_error err;
    eg_matrix *w = eg_matrix_alloc(2, 2);
    w->data[1] = w->data[2] = 0.5;
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_OK);
    eg_recall_options ro = eg_recall_options_default();
    ro.update = EG_UPDATE_ASYNC_RANDOM;
    ro.temperature = 1.0;
    ro.max_steps = 4;
    ro.seed = 9;
    double cue[2] = {1, -1};
    size_t aligned = 0, runs = 4000;
    for (size_t k = 0; k < runs; k++) {
        eg_recall_result *r;
        ro.index = k;
        assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_OK);
        assert_int_equal(r->steps, 4); /* a sampler takes every sweep */
        aligned += r->state[0] == r->state[1];
        eg_recall_result_free(r);
    }
    double p = exp(0.5) / (exp(0.5) + exp(-0.5));
    assert_true(fabs((double)aligned / (double)runs - p) < 4 * sqrt(p * (1 - p) / (double)runs));
    ro.update = EG_UPDATE_SYNC;
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_EINVAL);
    ro.update = EG_UPDATE_ASYNC_RANDOM;
    ro.temperature = -1;
    assert_int_equal(eg_hopfield_recall(net, cue, &ro, &r, &err), EG_EINVAL);
    eg_hopfield_free(net);

    enum { D = 500 };
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(1, D, 0.5, 3, 0, 0, &ep, &err), EG_OK);
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, &err), EG_OK);
    double xi[D];
    assert_int_equal(eg_episodes_row(ep, 0, xi, &err), EG_OK);
    ro.temperature = 0.5;
    ro.max_steps = 30;
    ro.target = xi;
    double m = 1, mean = 0;
    for (int i = 0; i < 100; i++)
        m = tanh(m / 0.5);
    for (size_t k = 0; k < 40; k++) {
        ro.index = k;
        assert_int_equal(eg_hopfield_recall(net, xi, &ro, &r, &err), EG_OK);
        mean += (1 - 2 * (double)r->hamming / D) / 40;
        eg_recall_result_free(r);
    }
    assert_true(fabs(mean - m) < 0.012);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

static void test_invalid_arguments_are_refused(void **state)
{
    (void)state;
    eg_error err;
    eg_matrix *w = eg_matrix_alloc(2, 3);
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_EINVAL);
    assert_non_null(w);
    eg_matrix_free(w);
    w = eg_matrix_alloc(2, 2);
    w->data[1] = INFINITY;
    assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_EINVAL);
    w->data[1] = 1.0;
    assert_int_equal(eg_hopfield_alloc_weights(&w, &net, &err), EG_OK);
    double cue[2] = {1, NAN};
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, cue, NULL, &r, &err), EG_EINVAL);
    assert_null(r);
    eg_hopfield_free(net);
    eg_hopfield_free(NULL);
    eg_recall_result_free(NULL);
}

/* Normalisations and self-coupling: W(1/N) = (D/N) W(1/D); kept diagonal
 * w_ii = s Σ_μ ξ_μi² = N/D for bipolar episodes; densifying a factored
 * network gives the dense builder's W. */
static void test_normalisation_self_coupling_and_densify(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(6, 40, 0.5, 12, 0, 0, &ep, &err), EG_OK);
    eg_hebbian_options ho = eg_hebbian_options_default();
    eg_hopfield *units, *count, *self, *fac;
    ho.form = EG_HOPFIELD_DENSE;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &units, &err), EG_OK);
    ho.norm = EG_NORM_COUNT;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &count, &err), EG_OK);
    ho.norm = EG_NORM_UNITS;
    ho.keep_self = 1;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &self, &err), EG_OK);
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &fac, &err), EG_OK);
    assert_int_equal(eg_hopfield_densify(fac, &err), EG_OK);
    const eg_matrix *wu = eg_hopfield_weights(units), *wc = eg_hopfield_weights(count);
    const eg_matrix *ws = eg_hopfield_weights(self), *wf = eg_hopfield_weights(fac);
    for (size_t i = 0; i < 40; i++)
        for (size_t j = 0; j < 40; j++) {
            size_t k = i * 40 + j;
            assert_true(fabs(wc->data[k] - wu->data[k] * 40.0 / 6.0) < 1e-14);
            assert_true(fabs(ws->data[k] - (i == j ? 6.0 / 40.0 : wu->data[k])) < 1e-15);
            assert_true(wf->data[k] == wu->data[k]);
        }
    assert_int_equal(eg_hopfield_units(fac), 40);
    eg_hopfield_free(units);
    eg_hopfield_free(count);
    eg_hopfield_free(self);
    eg_hopfield_free(fac);
    eg_episodes_free(ep);
}

/* A recall large enough (N·D ≥ 2^24 bits) for its field kernels to be split
 * over threads gives the same steps, state and energies on 1 and 3 threads. */
static void test_recall_is_the_same_on_threads(void **state)
{
    (void)state;
    size_t d = 4200, n = 4000, flips = 600;
    eg_episodes *ep = NULL;
    eg_hopfield *net = NULL;
    eg_error err;
    assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, 3, 0, EG_EPISODES_PACKED_ONLY, &ep, &err), EG_OK);
    assert_int_equal(eg_hopfield_alloc_hebbian_borrowed(ep, NULL, &net, &err), EG_OK);
    double *target = malloc(d * sizeof *target), *cue = malloc(d * sizeof *cue);
    assert_true(target && cue);
    assert_int_equal(eg_episodes_row(ep, 0, target, &err), EG_OK);
    assert_int_equal(eg_cue_flip_bits(target, d, flips, 5, 0, cue, &err), EG_OK);
    eg_recall_result *r[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        eg_recall_options o = eg_recall_options_default();
        o.target = target;
        o.threads = k ? 3 : 1;
        assert_int_equal(eg_hopfield_recall(net, cue, &o, &r[k], &err), EG_OK);
    }
    assert_int_equal(r[0]->steps, r[1]->steps);
    assert_int_equal(r[0]->hamming, r[1]->hamming);
    assert_memory_equal(r[0]->state, r[1]->state, d * sizeof(double));
    assert_memory_equal(r[0]->energy, r[1]->energy, (r[0]->steps + 1) * sizeof(double));
    assert_true(r[0]->steps > 1);
    eg_recall_result_free(r[0]);
    eg_recall_result_free(r[1]);
    free(target);
    free(cue);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked_four_units),
        cmocka_unit_test(test_seed001_small_recalls_exactly),
        cmocka_unit_test(test_seed001_large_denoises_but_not_exactly),
        cmocka_unit_test(test_async_energy_never_rises),
        cmocka_unit_test(test_factored_and_dense_paths_agree),
        cmocka_unit_test(test_stored_episode_is_fixed_point_and_masked_cue_recovers),
        cmocka_unit_test(test_glauber_samples_boltzmann),
        cmocka_unit_test(test_invalid_arguments_are_refused),
        cmocka_unit_test(test_normalisation_self_coupling_and_densify),
        cmocka_unit_test(test_recall_is_the_same_on_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
