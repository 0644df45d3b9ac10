/* test_rules.c: storage rules (expanded Hebbian family, Storkey, projection, sequence) and CMM recall. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engram/cue.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "engram/rng.h"
#include "engram/rules.h"

/* How many of the episodes are fixed points of one synchronous step. */
static size_t count_fixed(const eg_hopfield *net, const eg_episodes *ep, eg_states states, double theta)
{
    size_t d = ep->units, fixed = 0;
    double *x = malloc(d * sizeof *x);
    for (size_t mu = 0; mu < ep->count; mu++) {
        assert_int_equal(eg_episodes_row(ep, mu, x, NULL), EG_OK);
        eg_recall_options ro = eg_recall_options_default();
        ro.max_steps = 1;
        ro.states = states;
        ro.threshold = theta;
        eg_recall_result *r;
        assert_int_equal(eg_hopfield_recall(net, x, &ro, &r, NULL), EG_OK);
        fixed += r->outcome == EG_RECALL_CONVERGED;
        eg_recall_result_free(r);
    }
    free(x);
    return fixed;
}

static eg_hopfield *net_of(eg_matrix *w)
{
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_weights(&w, &net, NULL), EG_OK);
    return net;
}

static eg_hopfield *hebbian_net(const eg_episodes *ep)
{
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, NULL), EG_OK);
    return net;
}

/* The expanded rule with c2_corr = 1 is the dense Hebbian W of hopfield.h;
 * online and batch agree for a rule that does not read w. */
static void test_expanded_activity_product_matches_hebbian(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(9, 50, 0.5, 3, 0, 0, &ep, &err), EG_OK);
    eg_matrix *w;
    assert_int_equal(eg_rule_hebbian(ep, NULL, &w, &err), EG_OK);
    eg_hebbian_options ho = eg_hebbian_options_default();
    ho.form = EG_HOPFIELD_DENSE;
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, &ho, &net, &err), EG_OK);
    const eg_matrix *ref = eg_hopfield_weights(net);
    for (size_t k = 0; k < 2500; k++)
        assert_true(fabs(w->data[k] - ref->data[k]) < 1e-14);
    eg_rule_options o = eg_rule_options_default();
    o.mode = EG_LEARN_ONLINE;
    eg_matrix *w2;
    assert_int_equal(eg_rule_hebbian(ep, &o, &w2, &err), EG_OK);
    for (size_t k = 0; k < 2500; k++)
        assert_true(fabs(w->data[k] - w2->data[k]) < 1e-14);
    eg_matrix_free(w);
    eg_matrix_free(w2);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

static double constant_fn(double w, void *ctx)
{
    (void)w;
    return *(const double *)ctx;
}

/* Covariance rule against the definition Σ_μ (ξ_μi − a)(ξ_μj − a)/D written
 * out, and the general (callback) path against the BLAS path. */
static void test_covariance_rule_matches_definition(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_sparse(7, 30, 0.2, 4, 0, 0, &ep, &err), EG_OK);
    const double a = 0.2;
    eg_matrix *w;
    eg_rule_options o = eg_rule_options_default();
    o.keep_self = 1;
    assert_int_equal(eg_rule_covariance(ep, -1.0, &o, &w, &err), EG_OK);
    for (size_t i = 0; i < 30; i++)
        for (size_t j = 0; j < 30; j++) {
            double ref = 0;
            for (size_t mu = 0; mu < 7; mu++)
                ref += (ep->xi->data[mu * 30 + i] - a) * (ep->xi->data[mu * 30 + j] - a);
            assert_true(fabs(w->data[i * 30 + j] - ref / 30.0) < 1e-13);
        }
    double vals[4] = {a * a, -a, -a, 1.0};
    eg_hebb_coefs c;
    memset(&c, 0, sizeof c);
    c.c0.fn = constant_fn;
    c.c0.ctx = &vals[0];
    c.c1_pre.fn = constant_fn;
    c.c1_pre.ctx = &vals[1];
    c.c1_post.fn = constant_fn;
    c.c1_post.ctx = &vals[2];
    c.c2_corr.fn = constant_fn;
    c.c2_corr.ctx = &vals[3];
    eg_matrix *w2;
    assert_int_equal(eg_rule_expanded(ep, &c, &o, &w2, &err), EG_OK);
    for (size_t k = 0; k < 900; k++)
        assert_true(fabs(w->data[k] - w2->data[k]) < 1e-13);
    eg_matrix_free(w);
    eg_matrix_free(w2);
    eg_episodes_free(ep);
}

/* Orthogonal episodes have no crosstalk: all D−1 balanced Hadamard rows are
 * fixed points of the Hebbian network (SCIENCE.md §2). */
static void test_all_hadamard_episodes_are_fixed_points(void **state)
{
    (void)state;
    eg_episodes *h;
    assert_int_equal(eg_episodes_hadamard(63, 64, 1, &h, NULL), EG_OK);
    eg_hopfield *net = hebbian_net(h);
    assert_int_equal(count_fixed(net, h, EG_STATES_BIPOLAR, 0.0), 63);
    eg_hopfield_free(net);
    eg_episodes_free(h);
}

/* Beyond the Hebbian capacity (0.14 D): N = 0.25 D random episodes. Hebbian
 * storage leaves some unstable; Storkey's rule and the projection rule make
 * every one a fixed point (the projection rule exactly, up to N < D). */
static void test_storkey_and_projection_store_beyond_hebbian_capacity(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(25, 100, 0.5, 5, 0, 0, &ep, &err), EG_OK);
    eg_hopfield *heb = hebbian_net(ep);
    size_t heb_fixed = count_fixed(heb, ep, EG_STATES_BIPOLAR, 0.0);
    eg_matrix *ws, *wp;
    assert_int_equal(eg_rule_storkey(ep, &ws, &err), EG_OK);
    assert_int_equal(eg_rule_pseudoinverse(ep, NULL, &wp, &err), EG_OK);
    for (size_t i = 0; i < 100; i++) {
        assert_true(ws->data[i * 101] == 0.0 && wp->data[i * 101] == 0.0);
        for (size_t j = 0; j < 100; j++)
            assert_true(ws->data[i * 100 + j] == ws->data[j * 100 + i]);
    }
    eg_hopfield *sto = net_of(ws), *pro = net_of(wp);
    size_t sto_fixed = count_fixed(sto, ep, EG_STATES_BIPOLAR, 0.0);
    size_t pro_fixed = count_fixed(pro, ep, EG_STATES_BIPOLAR, 0.0);
    fprintf(stderr, "# D=100 N=25: fixed points hebbian %zu, storkey %zu, projection %zu\n", heb_fixed, sto_fixed,
            pro_fixed);
    assert_true(heb_fixed < 25);
    assert_int_equal(sto_fixed, 25);
    assert_int_equal(pro_fixed, 25);
    eg_hopfield_free(heb);
    eg_hopfield_free(sto);
    eg_hopfield_free(pro);
    eg_episodes_free(ep);

    /* Projection at α = 0.6, and on orthogonal episodes. */
    assert_int_equal(eg_episodes_random_bipolar(60, 100, 0.5, 6, 0, 0, &ep, &err), EG_OK);
    assert_int_equal(eg_rule_pseudoinverse(ep, NULL, &wp, &err), EG_OK);
    pro = net_of(wp);
    assert_int_equal(count_fixed(pro, ep, EG_STATES_BIPOLAR, 0.0), 60);
    eg_hopfield_free(pro);
    eg_episodes_free(ep);
    assert_int_equal(eg_episodes_hadamard(40, 64, 1, &ep, &err), EG_OK);
    assert_int_equal(eg_rule_storkey(ep, &ws, &err), EG_OK);
    sto = net_of(ws);
    assert_int_equal(count_fixed(sto, ep, EG_STATES_BIPOLAR, 0.0), 40);
    eg_hopfield_free(sto);
    eg_episodes_free(ep);
}

/* With self-coupling kept, W = Ξᵀ(ΞΞᵀ)⁻¹Ξ is the orthogonal projector onto
 * the span of the episodes: W² = W, Wξ = ξ. Dependent episodes are refused. */
static void test_projection_is_a_projector_and_rank_checked(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(5, 20, 0.5, 7, 0, 0, &ep, &err), EG_OK);
    eg_rule_options o = eg_rule_options_default();
    o.keep_self = 1;
    eg_matrix *w;
    assert_int_equal(eg_rule_pseudoinverse(ep, &o, &w, &err), EG_OK);
    double trace = 0;
    for (size_t i = 0; i < 20; i++) {
        trace += w->data[i * 21];
        for (size_t j = 0; j < 20; j++) {
            double sq = 0;
            for (size_t k = 0; k < 20; k++)
                sq += w->data[i * 20 + k] * w->data[k * 20 + j];
            assert_true(fabs(sq - w->data[i * 20 + j]) < 1e-12);
        }
    }
    assert_true(fabs(trace - 5.0) < 1e-12); /* rank 5 */
    eg_matrix_free(w);
    eg_matrix *m = eg_matrix_alloc(3, 8);
    for (size_t k = 0; k < 24; k++)
        m->data[k] = (k % 8 < 4) ? 1.0 : -1.0; /* three equal rows */
    eg_episodes *dup;
    assert_int_equal(eg_episodes_from_matrix(m, &dup, &err), EG_OK);
    assert_int_equal(eg_rule_pseudoinverse(dup, NULL, &w, &err), EG_ENUMERIC);
    assert_null(w);
    assert_non_null(strstr(err.msg, "linearly dependent"));
    eg_matrix_free(m);
    eg_episodes_free(dup);
    eg_episodes_free(ep);
}

/* Oja (1982): with a single pattern every row converges to ±ξ/‖ξ‖. */
static void test_oja_single_pattern_converges_to_unit_norm(void **state)
{
    (void)state;
    eg_error err;
    const char *row[] = {"+--++-+-+++--+-+"};
    eg_episodes *ep;
    assert_int_equal(eg_episodes_from_strings(row, 1, &ep, &err), EG_OK);
    eg_matrix *w;
    assert_int_equal(eg_rule_oja(ep, 0.01, 2000, NULL, &w, &err), EG_OK);
    for (size_t i = 0; i < 16; i++) {
        double norm = 0, along = 0;
        for (size_t j = 0; j < 16; j++) {
            norm += w->data[i * 16 + j] * w->data[i * 16 + j];
            along += w->data[i * 16 + j] * eg_episodes_get(ep, 0, j);
        }
        assert_true(fabs(sqrt(norm) - 1.0) < 1e-6);
        assert_true(fabs(fabs(along) / 4.0 - 1.0) < 1e-6); /* ‖ξ‖ = 4 */
    }
    eg_matrix_free(w);
    assert_int_equal(eg_rule_oja(ep, -1.0, 10, NULL, &w, &err), EG_EINVAL);
    eg_episodes_free(ep);
}

/* Kohonen's linear associator recalls exactly from orthonormal keys; Amari's
 * sign version returns bipolar contents. */
static void test_cmm_recall_with_orthonormal_keys_is_exact(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *h;
    assert_int_equal(eg_episodes_hadamard(10, 32, 1, &h, &err), EG_OK);
    eg_matrix *keys = eg_matrix_copy(h->xi), *contents = eg_matrix_alloc(10, 7);
    for (size_t k = 0; k < 320; k++)
        keys->data[k] /= sqrt(32.0);
    gsl_rng *g = eg_rng_alloc(1, EG_RNG_INIT, 0);
    for (size_t k = 0; k < 70; k++)
        contents->data[k] = gsl_rng_uniform(g) - 0.5;
    gsl_rng_free(g);
    double y[32];
    for (size_t mu = 0; mu < 10; mu++) {
        assert_int_equal(eg_cmm_recall(keys, contents, keys->data + mu * 32, EG_CMM_IDENTITY, y, &err), EG_OK);
        for (size_t i = 0; i < 7; i++)
            assert_true(fabs(y[i] - contents->data[mu * 7 + i]) < 1e-14);
        /* Auto-association with sgn: ξ_μ comes back. */
        assert_int_equal(eg_cmm_recall(h->xi, NULL, h->xi->data + mu * 32, EG_CMM_SIGN, y, &err), EG_OK);
        assert_memory_equal(y, h->xi->data + mu * 32, 32 * sizeof(double));
    }
    eg_matrix *wrong = eg_matrix_alloc(3, 7);
    assert_int_equal(eg_cmm_recall(keys, wrong, keys->data, EG_CMM_IDENTITY, y, &err), EG_EINVAL);
    eg_matrix_free(wrong);
    eg_matrix_free(keys);
    eg_matrix_free(contents);
    eg_episodes_free(h);
}

/* The cyclic sequence rule steps ξ_0 → ξ_1 → … → ξ_4 → ξ_0 under synchronous
 * updates (one episode per step). */
static void test_sequence_rule_steps_through_episodes(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(5, 200, 0.5, 8, 0, 0, &ep, &err), EG_OK);
    eg_matrix *w;
    assert_int_equal(eg_rule_sequence(ep, 1, 1, NULL, &w, &err), EG_OK);
    eg_hopfield *net = net_of(w);
    double s[200];
    assert_int_equal(eg_episodes_row(ep, 0, s, &err), EG_OK);
    for (size_t t = 1; t <= 10; t++) {
        eg_recall_options ro = eg_recall_options_default();
        ro.max_steps = 1;
        eg_recall_result *r;
        assert_int_equal(eg_hopfield_recall(net, s, &ro, &r, &err), EG_OK);
        for (size_t i = 0; i < 200; i++)
            assert_true(r->state[i] == eg_episodes_get(ep, t % 5, i));
        memcpy(s, r->state, sizeof s);
        eg_recall_result_free(r);
    }
    assert_int_equal(eg_rule_sequence(ep, 5, 0, NULL, &w, &err), EG_EINVAL);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

/* Sparse episodes stored with the covariance rule and read with binary units
 * and a threshold (Tsodyks & Feigel'man 1988) hold a load where the bipolar
 * Hebbian network has lost its episodes: D = 400, N = 100 (α = 0.25, a =
 * 0.05). Measured: 97 of 100 sparse episodes stable, 0 of 100 dense ones. */
static void test_sparse_covariance_beats_dense_capacity(void **state)
{
    (void)state;
    eg_error err;
    const size_t d = 400, n = 100;
    const double a = 0.05;
    eg_episodes *sp, *dense;
    assert_int_equal(eg_episodes_sparse(n, d, a, 9, 0, 0, &sp, &err), EG_OK);
    assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, 9, 0, 0, &dense, &err), EG_OK);
    eg_matrix *w;
    assert_int_equal(eg_rule_covariance(sp, a, NULL, &w, &err), EG_OK);
    eg_hopfield *cov = net_of(w), *heb = hebbian_net(dense);
    /* The signal at an active unit is a(1−a)² and at an inactive one −a²(1−a):
     * the threshold sits halfway. */
    double theta = 0.5 * (a * (1 - a) * (1 - a) - a * a * (1 - a));
    size_t cov_fixed = count_fixed(cov, sp, EG_STATES_BINARY, theta);
    size_t heb_fixed = count_fixed(heb, dense, EG_STATES_BIPOLAR, 0.0);
    fprintf(stderr, "# D=400 N=100: fixed points sparse+covariance %zu, dense hebbian %zu\n", cov_fixed, heb_fixed);
    assert_true(cov_fixed >= n - n / 20); /* at least 95% stable, against none */
    assert_true(heb_fixed < n / 10);
    eg_hopfield_free(cov);
    eg_hopfield_free(heb);
    eg_episodes_free(sp);
    eg_episodes_free(dense);
}

/* A uniform draw in [lo, hi). */
static double uniform(gsl_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gsl_rng_uniform(r);
}

/* Random constant coefficients, c2_corr kept away from 0 so that the
 * episodes are still what the network stores. */
static eg_hebb_coefs random_coefs(gsl_rng *r)
{
    eg_hebb_coefs c;
    memset(&c, 0, sizeof c);
    c.c0.value = uniform(r, -0.3, 0.3);
    c.c1_pre.value = uniform(r, -0.6, 0.6);
    c.c1_post.value = uniform(r, -0.6, 0.6);
    c.c2_pre.value = uniform(r, -0.2, 0.2);
    c.c2_post.value = uniform(r, -0.2, 0.2);
    c.c2_corr.value = uniform(r, 0.5, 1.5);
    return c;
}

/* A state of the network's value set: ±1 (with a few zeros, as a masked cue
 * has) or {0, 1}. */
static void random_state(gsl_rng *r, size_t d, int binary, double *s)
{
    for (size_t i = 0; i < d; i++) {
        double u = gsl_rng_uniform(r);
        s[i] = binary ? (u < 0.4 ? 1.0 : 0.0) : u < 0.05 ? 0.0 : u < 0.52 ? 1.0 : -1.0;
    }
}

/* The largest |a_i − b_i| against the largest |b_i|. */
static double relative_gap(const double *a, const double *b, size_t n)
{
    double gap = 0.0, size = 0.0;
    for (size_t i = 0; i < n; i++) {
        gap = fmax(gap, fabs(a[i] - b[i]));
        size = fmax(size, fabs(b[i]));
    }
    return size > 0.0 ? gap / size : gap;
}

/* The factored expanded network against the dense W of eg_rule_expanded:
 * fields to 1e-12 relative on random states, densified W to 1e-12, and
 * recalls from damaged episodes under every update scheme bit for bit (the
 * same final state, steps, outcome and overlaps). */
static void check_forms_agree(const eg_episodes *ep, const eg_hebb_coefs *c, const eg_rule_options *o, int binary,
                              gsl_rng *r)
{
    size_t d = ep->units;
    eg_matrix *w;
    assert_int_equal(eg_rule_expanded(ep, c, o, &w, NULL), EG_OK);
    eg_matrix *w_copy = eg_matrix_alloc(d, d);
    memcpy(w_copy->data, w->data, d * d * sizeof *w->data);
    eg_hopfield *dense = net_of(w), *fact, *densified;
    assert_int_equal(eg_hopfield_alloc_expanded(ep, c, o, 0, &fact, NULL), EG_OK);
    assert_null(eg_hopfield_weights(fact));
    double *s = malloc(d * sizeof *s), *hd = malloc(d * sizeof *hd), *hf = malloc(d * sizeof *hf);
    double *cue = malloc(d * sizeof *cue), *x = malloc(d * sizeof *x);
    for (int k = 0; k < 6; k++) {
        random_state(r, d, binary, s);
        assert_int_equal(eg_hopfield_field(dense, s, hd, NULL), EG_OK);
        assert_int_equal(eg_hopfield_field(fact, s, hf, NULL), EG_OK);
        assert_true(relative_gap(hf, hd, d) < 1e-12);
    }
    const eg_update updates[] = {EG_UPDATE_SYNC, EG_UPDATE_ASYNC_RANDOM, EG_UPDATE_ASYNC_FIXED};
    for (size_t mu = 0; mu < 4 && mu < ep->count; mu++)
        for (size_t u = 0; u < 3; u++) {
            assert_int_equal(eg_episodes_row(ep, mu, x, NULL), EG_OK);
            memcpy(cue, x, d * sizeof *x);
            for (size_t i = 0; i < d; i++)
                if (gsl_rng_uniform(r) < 0.1)
                    cue[i] = binary ? 1.0 - cue[i] : -cue[i];
            eg_recall_options ro = eg_recall_options_default();
            ro.update = updates[u];
            ro.seed = 5;
            ro.index = mu;
            ro.target = x;
            ro.episodes = ep;
            ro.states = binary ? EG_STATES_BINARY : EG_STATES_BIPOLAR;
            eg_recall_result *rd, *rf;
            assert_int_equal(eg_hopfield_recall(dense, cue, &ro, &rd, NULL), EG_OK);
            assert_int_equal(eg_hopfield_recall(fact, cue, &ro, &rf, NULL), EG_OK);
            assert_int_equal(rd->steps, rf->steps);
            assert_int_equal(rd->outcome, rf->outcome);
            assert_int_equal(rd->hamming, rf->hamming);
            assert_memory_equal(rd->state, rf->state, d * sizeof *rd->state);
            assert_memory_equal(rd->overlaps, rf->overlaps, ep->count * sizeof *rd->overlaps);
            assert_true(relative_gap(rf->energy, rd->energy, rd->energy_len) < 1e-12);
            eg_recall_result_free(rd);
            eg_recall_result_free(rf);
        }
    assert_int_equal(eg_hopfield_alloc_expanded(ep, c, o, 0, &densified, NULL), EG_OK);
    assert_int_equal(eg_hopfield_densify(densified, NULL), EG_OK);
    assert_true(relative_gap(eg_hopfield_weights(densified)->data, w_copy->data, d * d) < 1e-12);
    eg_hopfield_free(densified);
    eg_matrix_free(w_copy);
    free(s);
    free(hd);
    free(hf);
    free(cue);
    free(x);
    eg_hopfield_free(dense);
    eg_hopfield_free(fact);
}

/* The expanded rule with constant coefficients held factored follows the
 * dense network: random coefficients over packed bipolar episodes (both
 * normalisations, with and without the diagonal, one and two epochs) and over
 * unpacked {0, 1} episodes with binary states; the coefficient map's own
 * point (c0 = 0.1, c1_pre = 0.3) among them. */
static void test_factored_expanded_rule_follows_dense(void **state)
{
    (void)state;
    gsl_rng *r = eg_rng_alloc(17, EG_RNG_INIT, 0);
    eg_episodes *bip, *bin;
    assert_int_equal(eg_episodes_random_bipolar(14, 150, 0.5, 4, 0, 0, &bip, NULL), EG_OK);
    assert_int_equal(eg_episodes_random_binary(10, 120, 0.3, 4, 1, &bin, NULL), EG_OK);
    assert_non_null(bip->bits);
    assert_null(bin->bits);
    for (int k = 0; k < 4; k++) {
        eg_hebb_coefs c = random_coefs(r);
        eg_rule_options o = eg_rule_options_default();
        o.keep_self = k & 1;
        o.epochs = 1 + (size_t)(k >> 1);
        o.norm = k == 3 ? EG_NORM_COUNT : EG_NORM_UNITS;
        check_forms_agree(bip, &c, &o, 0, r);
        check_forms_agree(bin, &c, &o, 1, r);
    }
    eg_hebb_coefs map;
    memset(&map, 0, sizeof map);
    map.c0.value = 0.1;
    map.c1_pre.value = 0.3;
    map.c2_corr.value = 1.0;
    check_forms_agree(bip, &map, NULL, 0, r);
    /* Coefficients that read w have no factored form. */
    map.c2_post.fn = constant_fn;
    assert_int_equal(eg_hopfield_alloc_expanded(bip, &map, NULL, 0, &(eg_hopfield *){NULL}, NULL), EG_EINVAL);
    gsl_rng_free(r);
    eg_episodes_free(bip);
    eg_episodes_free(bin);
}

/* The factored field against numpy's W built from the rule's definition,
 * Δw_ij summed episode by episode (tests/unit/expanded_field_numpy.py), for
 * 9 episodes of 23 units, non-integer coefficients and random ±1 states. */
static void test_factored_expanded_field_matches_numpy(void **state)
{
    (void)state;
    char path[] = "/tmp/engram-expanded-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    size_t n = 9, d = 23;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(n, d, 0.5, 11, 0, 0, &ep, NULL), EG_OK);
    eg_hebb_coefs c;
    memset(&c, 0, sizeof c);
    c.c0.value = 0.13;
    c.c1_pre.value = -0.37;
    c.c1_post.value = 0.21;
    c.c2_pre.value = 0.07;
    c.c2_post.value = -0.11;
    c.c2_corr.value = 0.9;
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_expanded(ep, &c, NULL, 0, &net, NULL), EG_OK);
    fprintf(f, "%zu %zu %.17g %.17g %.17g %.17g %.17g %.17g %.17g 0\n", d, n, c.c0.value, c.c1_pre.value,
            c.c1_post.value, c.c2_pre.value, c.c2_post.value, c.c2_corr.value, 1.0 / (double)d);
    for (size_t mu = 0; mu < n; mu++)
        for (size_t i = 0; i < d; i++)
            fprintf(f, "%g%c", eg_episodes_get(ep, mu, i), i + 1 < d ? ' ' : '\n');
    gsl_rng *r = eg_rng_alloc(3, EG_RNG_INIT, 0);
    double s[23], h[23];
    for (int k = 0; k < 5; k++) {
        random_state(r, d, 0, s);
        assert_int_equal(eg_hopfield_field(net, s, h, NULL), EG_OK);
        for (size_t i = 0; i < d; i++)
            fprintf(f, "%g%c", s[i], i + 1 < d ? ' ' : '\n');
        for (size_t i = 0; i < d; i++)
            fprintf(f, "%.17g%c", h[i], i + 1 < d ? ' ' : '\n');
    }
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/unit/expanded_field_numpy.py %s", ENGRAM_SOURCE_DIR, path);
    int rc = system(cmd);
    remove(path);
    gsl_rng_free(r);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
    if (rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 77)
        skip();
    assert_true(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expanded_activity_product_matches_hebbian),
        cmocka_unit_test(test_covariance_rule_matches_definition),
        cmocka_unit_test(test_all_hadamard_episodes_are_fixed_points),
        cmocka_unit_test(test_storkey_and_projection_store_beyond_hebbian_capacity),
        cmocka_unit_test(test_projection_is_a_projector_and_rank_checked),
        cmocka_unit_test(test_oja_single_pattern_converges_to_unit_norm),
        cmocka_unit_test(test_cmm_recall_with_orthonormal_keys_is_exact),
        cmocka_unit_test(test_sequence_rule_steps_through_episodes),
        cmocka_unit_test(test_sparse_covariance_beats_dense_capacity),
        cmocka_unit_test(test_factored_expanded_rule_follows_dense),
        cmocka_unit_test(test_factored_expanded_field_matches_numpy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
