/* test_sparse_episodes.c: sparse {0,1} episode sets held as active-unit lists,
 * the covariance rule's factored field over them, and capacity trials on them:
 * the same episodes, fields and recalls as the dense form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/hopfield.h"
#include "engram/numerics.h"
#include "engram/patterns.h"
#include "engram/rng.h"
#include "engram/rules.h"
#include "run/trials.h"

/* The sparse-only form holds the dense form's episodes: every entry, row,
 * overlap and total, exactly k = round(aD) ascending units per episode. */
static void test_sparse_form_holds_the_same_episodes(void **state)
{
    (void)state;
    const size_t n = 37, d = 513, k = 26; /* a = 0.05: round(25.65) = 26 */
    eg_episodes *dense, *sp;
    eg_error err;
    assert_int_equal(eg_episodes_sparse(n, d, 0.05, 11, 3, 0, &dense, &err), EG_OK);
    assert_int_equal(eg_episodes_sparse(n, d, 0.05, 11, 3, EG_EPISODES_SPARSE_ONLY, &sp, &err), EG_OK);
    assert_null(sp->xi);
    assert_null(sp->bits);
    assert_non_null(sp->act);
    assert_null(dense->act);
    double *row = malloc(d * sizeof *row), *sigma = malloc(d * sizeof *sigma);
    double *m1 = malloc(n * sizeof *m1), *m2 = malloc(n * sizeof *m2);
    assert_true(row && sigma && m1 && m2);
    for (size_t mu = 0; mu < n; mu++) {
        assert_int_equal(sp->act_start[mu + 1] - sp->act_start[mu], k);
        for (size_t j = sp->act_start[mu] + 1; j < sp->act_start[mu + 1]; j++)
            assert_true(sp->act[j - 1] < sp->act[j]);
        assert_int_equal(eg_episodes_row(sp, mu, row, &err), EG_OK);
        for (size_t i = 0; i < d; i++) {
            assert_true(eg_episodes_get(sp, mu, i) == dense->xi->data[mu * d + i]);
            assert_true(row[i] == dense->xi->data[mu * d + i]);
        }
    }
    assert_true(eg_episodes_total(sp) == (double)(n * k));
    assert_true(eg_episodes_total(dense) == (double)(n * k));
    for (size_t i = 0; i < d; i++)
        sigma[i] = (double)(i % 7) - 3.0;
    assert_int_equal(eg_episodes_overlaps(sp, sigma, m1, &err), EG_OK);
    assert_int_equal(eg_episodes_overlaps(dense, sigma, m2, &err), EG_OK);
    for (size_t mu = 0; mu < n; mu++)
        assert_true(m1[mu] == m2[mu]); /* integer sums: exact */
    assert_int_equal(eg_episodes_unpack(sp, &err), EG_OK);
    assert_memory_equal(sp->xi->data, dense->xi->data, n * d * sizeof(double));
    assert_int_equal(eg_episodes_row(sp, n, row, &err), EG_EINVAL);
    free(row);
    free(sigma);
    free(m1);
    free(m2);
    eg_episodes_free(dense);
    eg_episodes_free(sp);
}

/* W_ij = (1/D) Σ_μ (ξ_μi − a)(ξ_μj − a), zero diagonal, with a the mean
 * activity: the covariance rule written out, independent of engram's rules. */
static double *covariance_by_hand(const eg_episodes *dense, double a)
{
    size_t n = dense->count, d = dense->units;
    double *w = calloc(d * d, sizeof *w);
    assert_non_null(w);
    for (size_t mu = 0; mu < n; mu++) {
        const double *x = dense->xi->data + mu * d;
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++)
                w[i * d + j] += (x[i] - a) * (x[j] - a) / (double)d;
    }
    for (size_t i = 0; i < d; i++)
        w[i * d + i] = 0.0;
    return w;
}

/* The covariance rule held factored over sparse-only episodes: its field is
 * W σ with W written out (to rounding), and the same as over the dense form
 * bit for bit; recalls, synchronous and asynchronous, from damaged cues end
 * in the same states as with the dense form and the written-out W. */
static void test_sparse_covariance_field_and_recall(void **state)
{
    (void)state;
    const size_t n = 30, d = 240;
    const double act = 0.05; /* k = 12 */
    eg_episodes *dense, *sp;
    eg_error err;
    assert_int_equal(eg_episodes_sparse(n, d, act, 4, 0, 0, &dense, &err), EG_OK);
    assert_int_equal(eg_episodes_sparse(n, d, act, 4, 0, EG_EPISODES_SPARSE_ONLY, &sp, &err), EG_OK);
    eg_hebb_coefs c;
    assert_int_equal(eg_rule_covariance_coefs(sp, -1.0, &c, &err), EG_OK); /* a = the mean, 12/240 */
    assert_true(c.c1_pre.value == -act);
    double *w = covariance_by_hand(dense, act);
    eg_hopfield *fs, *fd, *wd;
    assert_int_equal(eg_hopfield_alloc_expanded(sp, &c, NULL, 0, &fs, &err), EG_OK);
    assert_int_equal(eg_hopfield_alloc_expanded(dense, &c, NULL, 1, &fd, &err), EG_OK);
    eg_matrix *wm = eg_matrix_alloc(d, d);
    assert_non_null(wm);
    memcpy(wm->data, w, d * d * sizeof *w);
    assert_int_equal(eg_hopfield_alloc_weights(&wm, &wd, &err), EG_OK);

    gsl_rng *r = eg_rng_alloc(7, EG_RNG_CUE, 0);
    double *s = malloc(d * sizeof *s), *h1 = malloc(d * sizeof *h1), *h2 = malloc(d * sizeof *h2);
    double *cue = malloc(d * sizeof *cue), *target = malloc(d * sizeof *target);
    assert_true(r && s && h1 && h2 && cue && target);
    for (int rep = 0; rep < 5; rep++) {
        for (size_t i = 0; i < d; i++)
            s[i] = gsl_rng_uniform(r) < 0.1 ? 1.0 : 0.0;
        assert_int_equal(eg_hopfield_field(fs, s, h1, &err), EG_OK);
        assert_int_equal(eg_hopfield_field(fd, s, h2, &err), EG_OK);
        assert_memory_equal(h1, h2, d * sizeof *h1);
        for (size_t i = 0; i < d; i++) {
            double want = 0.0;
            for (size_t j = 0; j < d; j++)
                want += w[i * d + j] * s[j];
            assert_true(fabs(h1[i] - want) < 1e-12);
        }
    }
    /* Threshold halfway between the two signal levels, a(1−a)² and −a²(1−a). */
    double theta = 0.5 * (act * (1 - act) * (1 - act) - act * act * (1 - act));
    eg_update updates[2] = {EG_UPDATE_SYNC, EG_UPDATE_ASYNC_RANDOM};
    for (size_t u = 0; u < 2; u++)
        for (size_t mu = 0; mu < 8; mu++) {
            assert_int_equal(eg_episodes_row(sp, mu, target, &err), EG_OK);
            memcpy(cue, target, d * sizeof *cue);
            for (size_t f = 0; f < 6; f++) {
                size_t i = (size_t)gsl_rng_uniform_int(r, d);
                cue[i] = 1.0 - cue[i];
            }
            eg_recall_options o = eg_recall_options_default();
            o.update = updates[u];
            o.states = EG_STATES_BINARY;
            o.threshold = theta;
            o.seed = 3;
            o.index = mu;
            o.target = target;
            o.episodes = sp;
            eg_recall_result *a = NULL, *b = NULL, *cmp = NULL;
            assert_int_equal(eg_hopfield_recall(fs, cue, &o, &a, &err), EG_OK);
            o.episodes = dense;
            assert_int_equal(eg_hopfield_recall(fd, cue, &o, &b, &err), EG_OK);
            assert_int_equal(eg_hopfield_recall(wd, cue, &o, &cmp, &err), EG_OK);
            assert_memory_equal(a->state, b->state, d * sizeof(double));
            assert_memory_equal(a->state, cmp->state, d * sizeof(double));
            assert_int_equal(a->steps, b->steps);
            assert_int_equal(a->outcome, b->outcome);
            assert_int_equal(a->hamming, 0); /* α = 0.125 at a = 0.05: far below capacity */
            for (size_t q = 0; q < n; q++)
                assert_true(fabs(a->overlaps[q] - b->overlaps[q]) < 1e-15);
            eg_recall_result_free(a);
            eg_recall_result_free(b);
            eg_recall_result_free(cmp);
        }
    /* Densified, the sparse network is the written-out W to rounding. */
    assert_int_equal(eg_hopfield_densify(fs, &err), EG_OK);
    const eg_matrix *wf = eg_hopfield_weights(fs);
    for (size_t k = 0; k < d * d; k++)
        assert_true(fabs(wf->data[k] - w[k]) < 1e-14);
    gsl_rng_free(r);
    free(s);
    free(h1);
    free(h2);
    free(cue);
    free(target);
    free(w);
    eg_hopfield_free(fs);
    eg_hopfield_free(fd);
    eg_hopfield_free(wd);
    eg_episodes_free(dense);
    eg_episodes_free(sp);
}

/* Beyond the 2^15 units a dense W may have, the factored covariance rule
 * over sparse episodes still forms: D = 40000, a = 0.001, the field of a
 * stored episode against Σ_μ (ξ_μi − a) Σ_j (ξ_μj − a) ξ_0j / D written out,
 * without the diagonal. */
static void test_sparse_covariance_beyond_dense_sizes(void **state)
{
    (void)state;
    const size_t n = 3, d = 40000;
    const double a = 0.001;
    eg_episodes *sp;
    eg_error err;
    assert_int_equal(eg_episodes_sparse(n, d, a, 5, 0, EG_EPISODES_SPARSE_ONLY, &sp, &err), EG_OK);
    eg_hebb_coefs c;
    assert_int_equal(eg_rule_covariance_coefs(sp, -1.0, &c, &err), EG_OK);
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_expanded(sp, &c, NULL, 1, &net, &err), EG_OK);
    double *x = malloc(n * d * sizeof *x), *h = malloc(d * sizeof *h);
    assert_true(x && h);
    for (size_t mu = 0; mu < n; mu++)
        assert_int_equal(eg_episodes_row(sp, mu, x + mu * d, &err), EG_OK);
    assert_int_equal(eg_hopfield_field(net, x, h, &err), EG_OK);
    double cm[3] = {0, 0, 0};
    for (size_t mu = 0; mu < n; mu++)
        for (size_t j = 0; j < d; j++)
            cm[mu] += (x[mu * d + j] - a) * x[j];
    for (size_t i = 0; i < d; i++) {
        double want = 0.0;
        for (size_t mu = 0; mu < n; mu++)
            want += (x[mu * d + i] - a) * (cm[mu] - (x[mu * d + i] - a) * x[i]) / (double)d;
        assert_true(fabs(h[i] - want) < 1e-12);
    }
    free(x);
    free(h);
    eg_hopfield_free(net);
    eg_episodes_free(sp);
}

/* The covariance rule as a network block's spec would hold it: W formed, and
 * (for trials) its factored form. */
static eg_status cov_weights(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w, eg_error *err)
{
    return eg_rule_covariance(ep, s->activity, &s->opt, w, err);
}

static eg_status cov_factored(const eg_assoc_spec *s, const eg_episodes *ep, eg_hopfield **net, eg_error *err)
{
    eg_hebb_coefs c;
    eg_status st = eg_rule_covariance_coefs(ep, s->activity, &c, err);
    return st != EG_OK ? st : eg_hopfield_alloc_expanded(ep, &c, &s->opt, 1, net, err);
}

/* Capacity trials of the covariance rule on sparse episodes: the factored
 * rule over active-unit lists and the dense coupling matrix over N × D
 * doubles give the same recalls, at a load where some fail. */
static void test_sparse_trials_match_dense_rule(void **state)
{
    (void)state;
    eg_assoc_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.kind = EG_ASSOC_WEIGHTS;
    spec.weights = cov_weights;
    spec.factored = cov_factored;
    spec.rule_name = "covariance";
    spec.opt = eg_rule_options_default();
    spec.activity = -1.0;
    spec.states = EG_STATES_BINARY;
    const double a = 0.05;
    spec.threshold = 0.5 * (a * (1 - a) * (1 - a) - a * a * (1 - a));
    eg_gen_spec gen = {.kind = EG_GEN_SPARSE, .p = a, .seed = 2};
    eg_trial_setup t = {.spec = &spec, .gen = &gen, .probes = 6, .damage = EG_DAMAGE_FLIP, .fraction = 0.02,
                        .max_steps = 50, .seed = 5, .tolerance = 0.01, .modules = 1};
    eg_assoc_spec dense_spec = spec;
    dense_spec.factored = NULL; /* W formed from N × D doubles */
    eg_trial_setup td = t;
    td.spec = &dense_spec;
    eg_update updates[2] = {EG_UPDATE_SYNC, EG_UPDATE_ASYNC_RANDOM};
    for (size_t u = 0; u < 2; u++) {
        t.update = td.update = updates[u];
        eg_trial_stats s1, s2;
        eg_error err;
        /* D = 300, N = 150: α = 0.5, beyond what a = 0.05 holds without errors. */
        assert_int_equal(eg_trials_run(&t, 150, 300, 3, 2, &s1, &err), EG_OK);
        assert_int_equal(eg_trials_run(&td, 150, 300, 3, 2, &s2, &err), EG_OK);
        assert_int_equal(s1.recalls, 18);
        assert_int_equal(s1.exact, s2.exact);
        assert_int_equal(s1.success, s2.success);
        assert_true(s1.hamming_mean == s2.hamming_mean);
        assert_true(s1.steps_mean == s2.steps_mean);
        assert_true(s1.hamming_mean > 0.0);
    }
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sparse_form_holds_the_same_episodes),
        cmocka_unit_test(test_sparse_covariance_field_and_recall),
        cmocka_unit_test(test_sparse_covariance_beyond_dense_sizes),
        cmocka_unit_test(test_sparse_trials_match_dense_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
