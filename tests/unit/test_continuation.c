/* test_continuation.c: the continuation library on normal forms worked by
 * hand: a fold (p − x²), a transcritical branch point (p x − x²) with the
 * crossing branch x = p, a Hopf point of the planar normal form with its first
 * Lyapunov coefficient, a symmetric network's pitchforks at 1/λ_i, and the
 * refusals of bad options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/continuation.h"
#include "engram/numerics.h"

#include <lapacke.h> /* after engram's headers: its complex.h defines I */

/* f = p − x², J = −2x. */
static eg_status fold_eval(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    f[0] = p - x[0] * x[0];
    if (J)
        J[0] = -2 * x[0];
    return EG_OK;
}

/* f = p x − x², J = p − 2x. */
static eg_status transcritical_eval(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    f[0] = p * x[0] - x[0] * x[0];
    if (J)
        J[0] = p - 2 * x[0];
    return EG_OK;
}

/* x' = p x − ω y + l x r², y' = ω x + p y + l y r² (ω = 2, l = −1). With
 * Kuznetsov's normalisation ⟨q, q⟩ = 1, q = (1, −i)/√2, the cubic term's form
 * is C(u, v, w) = 2 l ((u·v) w + (u·w) v + (v·w) u), so C(q, q, q̄) = 4 l q and
 * l1 = 4 l / (2 ω) = 2 l / ω = −1. */
static eg_status hopf_eval(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    const double om = 2, l = -1;
    double r2 = x[0] * x[0] + x[1] * x[1];
    f[0] = p * x[0] - om * x[1] + l * x[0] * r2;
    f[1] = om * x[0] + p * x[1] + l * x[1] * r2;
    if (J) {
        J[0] = p + l * (r2 + 2 * x[0] * x[0]);
        J[1] = -om + l * 2 * x[0] * x[1];
        J[2] = om + l * 2 * x[0] * x[1];
        J[3] = p + l * (r2 + 2 * x[1] * x[1]);
    }
    return EG_OK;
}

/* The chord corrector (the last tangent's LU reused) forced on in the tests
 * of the small systems: the same pins hold. With eigen_off, the branch
 * point's test is the determinant's sign alone, with no eigenvalue through
 * zero to make a refined tangent factor anew. */
static int chord_on, eigen_off;

static void test_fold(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 1, .eval = fold_eval};
    double x0 = 1;
    eg_cont_opts o = eg_cont_opts_default();
    o.chord = chord_on ? 1 : -1;
    o.p0 = 1;
    o.x0 = &x0;
    o.p_lo = -1;
    o.p_hi = 1;
    o.step = -0.05;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
    assert_false(r->failed);
    assert_int_equal(r->nspecials, 1);
    assert_int_equal(r->specials[0].type, EG_CONT_LP);
    assert_true(fabs(r->specials[0].p) < 1e-8);
    assert_true(fabs(r->specials[0].x[0]) < 1e-6);
    /* Around the fold: x = +√p stable (λ = −2x), x = −√p unstable; the branch
     * comes back to p = 1 on the other side. */
    for (size_t k = 0; k < r->npoints; k++) {
        double x = r->x[k], p = r->p[k];
        assert_true(fabs(p - x * x) < 1e-9);
        assert_true(fabs(r->lead_re[k] + 2 * x) < 1e-9);
        if (fabs(x) > 1e-6)
            assert_int_equal(r->unstable[k], x < 0);
    }
    assert_true(fabs(r->x[r->npoints - 1] + 1) < 1e-6);
    assert_int_equal(r->branches[0].end, EG_CONT_END_RANGE);
    eg_cont_result_free(r);
}

static void test_transcritical(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 1, .eval = transcritical_eval};
    double x0 = 0;
    eg_cont_opts o = eg_cont_opts_default();
    o.chord = chord_on ? 1 : -1;
    o.eigen = !eigen_off;
    o.p0 = -1;
    o.x0 = &x0;
    o.p_lo = -1;
    o.p_hi = 1;
    o.step = 0.1;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
    /* With the chord corrector and the eigenvalues, the tangents come from
     * kept factors; without the eigenvalues, from factors of their own
     * (x = 0 is symmetric: a refined tangent would hide the BP). */
    if (chord_on && !eigen_off)
        assert_true(r->refined_tangents > 0);
    else
        assert_int_equal(r->refined_tangents, 0);
    assert_int_equal(r->nspecials, 1);
    assert_int_equal(r->specials[0].type, EG_CONT_BP);
    assert_true(fabs(r->specials[0].p) < 1e-8);
    assert_true(r->specials[0].test < 1e-6); /* the rank test */
    /* Three branches: x = 0, and both halves of x = p from the BP. */
    assert_int_equal(r->nbranches, 3);
    for (size_t b = 1; b < 3; b++) {
        const eg_cont_branch *br = &r->branches[b];
        assert_int_equal(br->from_special, 0);
        assert_true(br->count > 5);
        for (size_t k = br->first; k < br->first + br->count; k++) {
            assert_true(fabs(r->x[k] - r->p[k]) < 1e-9);
            /* x = p: λ = p − 2p = −p, stable for p > 0 */
            if (fabs(r->p[k]) > 1e-6 && !eigen_off)
                assert_int_equal(r->unstable[k], r->p[k] < 0);
        }
    }
    /* On x = 0, λ = p: stable below 0 only. */
    for (size_t k = 0; k < r->branches[0].count; k++)
        if (fabs(r->p[k]) > 1e-6 && !eigen_off)
            assert_int_equal(r->unstable[k], r->p[k] > 0);
    eg_cont_result_free(r);
}

static void test_hopf_normal_form(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 2, .eval = hopf_eval};
    double x0[2] = {0, 0};
    eg_cont_opts o = eg_cont_opts_default();
    o.chord = chord_on ? 1 : -1;
    o.p0 = -0.5;
    o.x0 = x0;
    o.p_lo = -0.5;
    o.p_hi = 0.5;
    o.step = 0.1;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
    assert_int_equal(r->nspecials, 1);
    const eg_cont_special *h = &r->specials[0];
    assert_int_equal(h->type, EG_CONT_H);
    assert_true(fabs(h->p) < 1e-8);
    assert_true(fabs(h->test - 2) < 1e-8);
    assert_true(fabs(h->l1 + 1) < 1e-5);
    eg_cont_result_free(r);
}

static void test_bad_options(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 1, .eval = fold_eval};
    double x0 = 1;
    eg_cont_opts o = eg_cont_opts_default();
    o.p0 = 1;
    o.x0 = &x0;
    o.step = 0;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_EINVAL);
    assert_null(r);
    o.step = 0.1;
    o.p_lo = 2;
    o.p_hi = 3;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "outside the range"));
    /* A start far from x = ±1 at p = 1: Newton lands 4 away. */
    o.p_lo = 0;
    x0 = 5;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "not near an equilibrium"));
    assert_non_null(strstr(err.msg, "‖f‖∞ = 24"));
}

/* A random tanh network of RAND_N units: f = −x + W tanh(g x) + 0.1 with
 * W_ij ~ N(0, 1/N) from a fixed generator, J = −I + W diag(g sech²(g x)). */
enum { RAND_N = 300 };
#ifndef RAND_G0
#define RAND_G0 0.5
#define RAND_G1 1.4
#define RAND_STEP 0.2
#define RAND_POINTS 40
#endif
static double rand_w[RAND_N * RAND_N];

static eg_status rand_eval(void *ctx, double g, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    size_t n = RAND_N;
    double t[RAND_N], d[RAND_N];
    for (size_t j = 0; j < n; j++) {
        t[j] = tanh(g * x[j]);
        d[j] = g * (1 - t[j] * t[j]);
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += rand_w[i * n + j] * t[j];
        f[i] = -x[i] + s + 0.1;
        if (J)
            for (size_t j = 0; j < n; j++)
                J[i * n + j] = rand_w[i * n + j] * d[j] - (i == j);
    }
    return EG_OK;
}

/* W by Box–Muller on a 64-bit linear congruential generator. */
static void rand_fill(void)
{
    uint64_t s = 12345;
    for (size_t i = 0; i < (size_t)RAND_N * RAND_N; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
        rand_w[i] = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2) / sqrt((double)RAND_N);
    }
}

/* Sorts re, im (n) by real part, largest first, of a pair the positive imaginary part first. */
static void sort_eig(double *re, double *im, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && (re[j] > re[j - 1] || (re[j] == re[j - 1] && im[j] > im[j - 1])); j--) {
            double a = re[j], b = im[j];
            re[j] = re[j - 1], im[j] = im[j - 1];
            re[j - 1] = a, im[j - 1] = b;
        }
}

static eg_cont_result *rand_trace(size_t eig_count)
{
    eg_cont_problem prob = {.dim = RAND_N, .eval = rand_eval};
    static double x0[RAND_N];
    eg_cont_opts o = eg_cont_opts_default();
    o.p0 = RAND_G0;
    o.x0 = x0;
    o.p_lo = RAND_G0;
    o.p_hi = RAND_G1;
    o.step = RAND_STEP;
    o.max_points = RAND_POINTS;
    o.switch_branches = 0;
    o.near = 0;
    o.eig_count = eig_count;
    o.chord = eig_count > 0; /* the reference run factors at every step */
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
    return r;
}

/* The 8 rightmost eigenvalues by shift-invert Arnoldi equal the 8 rightmost
 * of LAPACK's dgeev (called here on the Jacobian at each point) to 1e-9 along
 * a branch of a random 300-unit network, and the branch's special points are
 * those of the run with every eigenvalue. */
static void test_rightmost_eigenvalues(void **state)
{
    (void)state;
    /* 300-unit eigendecompositions at every point: minutes under valgrind,
     * whose memory checks the other cases of this file already give. */
    if (strstr(ENGRAM_CLI, "under-valgrind"))
        skip();
    rand_fill();
    eg_cont_result *all = rand_trace(0), *few = rand_trace(8);
    size_t n = RAND_N;
    assert_int_equal(all->neig, n);
    assert_int_equal(few->neig, 8);
    assert_true(few->full_spectra < few->eigen_calls);
    assert_true(few->factorizations < all->factorizations);
    assert_true(few->refined_tangents > 0);
    assert_int_equal(all->refined_tangents, 0);
    /* The partial spectra's costs: at least one Arnoldi solve per partial
     * spectrum, their factorisations within the eigenvalues' time; none
     * without them. */
    assert_true(few->eigen_solves >= few->eigen_calls - few->full_spectra);
    assert_true(few->eigen_factor_seconds > 0 && few->eigen_factor_seconds <= few->eigen_seconds);
    assert_int_equal(all->eigen_solves, 0);
    assert_true(all->eigen_factor_seconds == 0);
    double *J = malloc(n * n * sizeof *J), *f = malloc(n * sizeof *f), *re = malloc(n * sizeof *re),
           *im = malloc(n * sizeof *im);
    assert_non_null(J && f && re && im);
    double worst = 0;
    for (size_t k = 0; k < few->npoints; k++) {
        rand_eval(NULL, few->p[k], few->x + k * n, f, J, NULL);
        assert_int_equal(LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, J, (lapack_int)n, re, im, NULL, 1,
                                       NULL, 1),
                         0);
        sort_eig(re, im, n);
        size_t unstable = 0;
        for (size_t i = 0; i < n; i++)
            unstable += re[i] > 1e-9;
        assert_int_equal(few->unstable[k], unstable);
        for (size_t i = 0; i < 8; i++) {
            worst = fmax(worst, fabs(few->eig_re[k * n + i] - re[i]));
            worst = fmax(worst, fabs(few->eig_im[k * n + i] - im[i]));
        }
    }
    print_message("rightmost 8 vs dgeev: %zu points, worst difference %.3g, %zu of %zu spectra whole; "
                  "%zu factorisations with the chord corrector, %zu without\n",
                  few->npoints, worst, few->full_spectra, few->eigen_calls, few->factorizations,
                  all->factorizations);
    print_message("last p %g / %g\n", few->p[few->npoints - 1], all->p[all->npoints - 1]);
    assert_true(worst < 1e-9);
    assert_int_equal(few->nspecials, all->nspecials);
    assert_true(all->nspecials >= 1);
    for (size_t i = 0; i < all->nspecials; i++) {
        print_message("  %s at %.12g / %.12g\n", eg_cont_type_name(all->specials[i].type), all->specials[i].p,
                      few->specials[i].p);
        assert_int_equal(few->specials[i].type, all->specials[i].type);
        assert_true(fabs(few->specials[i].p - all->specials[i].p) < 1e-8);
    }
    free(J);
    free(f);
    free(re);
    free(im);
    eg_cont_result_free(all);
    eg_cont_result_free(few);
}

/* A symmetric network f = −x + β S tanh(x), S = (W + Wᵀ)/√2 from the
 * random W above: x = 0 for every β, where J = −I + β S. */
static double sym_s[RAND_N * RAND_N];

static eg_status sym_eval(void *ctx, double beta, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    size_t n = RAND_N;
    double t[RAND_N];
    for (size_t j = 0; j < n; j++)
        t[j] = tanh(x[j]);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += sym_s[i * n + j] * t[j];
        f[i] = -x[i] + beta * s;
        if (J)
            for (size_t j = 0; j < n; j++)
                J[i * n + j] = beta * sym_s[i * n + j] * (1 - t[j] * t[j]) - (i == j);
    }
    return EG_OK;
}

/* The trivial state of the symmetric network: a pitchfork at every
 * β = 1/λ_i(S) for the positive eigenvalues λ_i of S, the first at
 * 1/λ_max, and as many unstable eigenvalues as pitchforks passed. On x = 0,
 * f_p = 0: a refined tangent has no part along the critical eigenvector, so
 * each branch point is found only because the tangent is factored anew where
 * a real eigenvalue crosses zero, and after a special point's location has
 * factored elsewhere. Every one within 1e-8 of its closed form, with
 * tangents refined in between. */
static void test_pitchforks_refined_tangents(void **state)
{
    (void)state;
    if (strstr(ENGRAM_CLI, "under-valgrind"))
        skip();
    rand_fill();
    size_t n = RAND_N;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            sym_s[i * n + j] = (rand_w[i * n + j] + rand_w[j * n + i]) / sqrt(2.0);
    double *a = malloc(n * n * sizeof *a), *lam = malloc(n * sizeof *lam), *im = malloc(n * sizeof *im);
    assert_non_null(a && lam && im);
    memcpy(a, sym_s, n * n * sizeof *a);
    assert_int_equal(LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, a, (lapack_int)n, lam, im, NULL, 1,
                                   NULL, 1),
                     0);
    double lam_max = lam[0];
    for (size_t i = 1; i < n; i++)
        lam_max = fmax(lam_max, lam[i]);
    double beta_c = 1 / lam_max;
    eg_cont_problem prob = {.dim = RAND_N, .eval = sym_eval};
    static double x0[RAND_N];
    eg_cont_opts o = eg_cont_opts_default();
    o.p0 = 0.5 * beta_c;
    o.x0 = x0;
    o.p_lo = 0.5 * beta_c;
    o.p_hi = 1.5 * beta_c;
    o.step = 0.1 * beta_c;
    o.max_points = 40;
    o.switch_branches = 0;
    o.near = 0;
    o.eig_count = 8;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
    double p_end = r->p[r->npoints - 1];
    size_t expect = 0;
    for (size_t i = 0; i < n; i++)
        expect += lam[i] > 0 && 1 / lam[i] < p_end;
    print_message("%zu pitchforks up to β = %.4g (%zu by the closed form), the first at %.12g (1/λ_max %.12g); "
                  "%zu tangents refined, %zu factorisations, %zu points\n",
                  r->nspecials, p_end, expect, r->nspecials ? r->specials[0].p : NAN, beta_c, r->refined_tangents,
                  r->factorizations, r->npoints);
    assert_true(r->refined_tangents > 0);
    assert_true(expect >= 5);
    assert_int_equal(r->nspecials, expect);
    for (size_t k = 0; k < r->nspecials; k++) {
        assert_int_equal(r->specials[k].type, EG_CONT_BP);
        double nearest = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (lam[i] > 0)
                nearest = fmin(nearest, fabs(r->specials[k].p - 1 / lam[i]));
        assert_true(nearest < 1e-8 * beta_c);
    }
    for (size_t k = 0; k < r->npoints; k++) {
        size_t below = 0;
        double gap = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (lam[i] > 0) {
                below += 1 / lam[i] < r->p[k];
                gap = fmin(gap, fabs(1 / lam[i] - r->p[k]));
            }
        if (gap > 1e-6 * beta_c)
            assert_int_equal(r->unstable[k], below);
    }
    free(a);
    free(lam);
    free(im);
    eg_cont_result_free(r);
}

/* The three closed-form cases again with the chord corrector. */
static void test_chord_corrector(void **state)
{
    chord_on = 1;
    test_fold(state);
    test_transcritical(state);
    test_hopf_normal_form(state);
    eigen_off = 1;
    test_transcritical(state);
    chord_on = eigen_off = 0;
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_transcritical),
        cmocka_unit_test(test_hopf_normal_form),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_chord_corrector),
        cmocka_unit_test(test_pitchforks_refined_tangents),
        cmocka_unit_test(test_rightmost_eigenvalues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
