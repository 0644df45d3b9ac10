/* test_lyapunov.c: Lyapunov exponents of maps against independent oracles:
 * a diagonal and a non-normal linear map (log |eigenvalues|), the sum of all
 * exponents against the mean of log |det J| computed by LU along the same
 * trajectory, and random tanh networks h' = tanh(g W h) (W Gaussian of
 * variance 1/N): contracting for g < 1 (every exponent negative), chaotic for
 * g well above 1 (a positive largest exponent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/lyapunov.h"
#include "engram/rng.h"

typedef struct linear {
    size_t n;
    const double *a;
} linear;

/* The state plays no part: the tangent dynamics are J = A at every step. */
static void linear_step(const void *ctx, size_t t, const double *h, double *next, double *jac)
{
    (void)t;
    const linear *l = ctx;
    memcpy(next, h, l->n * sizeof *h);
    memcpy(jac, l->a, l->n * l->n * sizeof *jac);
}

typedef struct tanh_net {
    size_t n;
    double *w; /* g W */
} tanh_net;

static void tanh_step(const void *ctx, size_t t, const double *h, double *next, double *jac)
{
    (void)t;
    const tanh_net *m = ctx;
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        double a = 0;
        for (size_t j = 0; j < n; j++)
            a += m->w[i * n + j] * h[j];
        next[i] = tanh(a);
        for (size_t j = 0; jac && j < n; j++)
            jac[i * n + j] = (1 - next[i] * next[i]) * m->w[i * n + j];
    }
}

static tanh_net random_net(size_t n, double g, uint64_t seed)
{
    tanh_net m = {n, malloc(n * n * sizeof(double))};
    assert_non_null(m.w);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_INIT, 0);
    for (size_t k = 0; k < n * n; k++)
        m.w[k] = g * gsl_ran_gaussian_ziggurat(r, 1.0 / sqrt((double)n));
    gsl_rng_free(r);
    return m;
}

static eg_lyap_result *run(const eg_lyap_map *map, const double *h0, size_t k, size_t steps, size_t transient)
{
    eg_lyap_opts o = {k, steps, transient, steps / 10};
    eg_lyap_result *r = NULL;
    eg_error err = {{0}};
    if (eg_lyapunov_map(map, h0, &o, &r, &err) != EG_OK)
        fail_msg("lyapunov: %s", err.msg);
    return r;
}

static void test_linear_maps(void **state)
{
    (void)state;
    double diag[9] = {2, 0, 0, 0, 0.5, 0, 0, 0, 0.25}, h0[3] = {0.1, 0.2, 0.3};
    linear l = {3, diag};
    eg_lyap_map m = {3, linear_step, &l};
    eg_lyap_result *r = run(&m, h0, 3, 100, 0);
    assert_true(fabs(r->exponents[0] - log(2)) < 1e-12);
    assert_true(fabs(r->exponents[1] - log(0.5)) < 1e-12);
    assert_true(fabs(r->exponents[2] - log(0.25)) < 1e-12);
    /* The history's last row is the final estimate. */
    assert_int_equal(r->history->rows, 10);
    assert_true(r->history->data[9 * 4] == 100 && fabs(r->history->data[9 * 4 + 1] - log(2)) < 1e-12);
    eg_lyap_result_free(r);
    /* Non-normal: the exponents are still the logs of the eigenvalue moduli,
     * approached as 1/T (the transient absorbs the alignment). */
    double nn[4] = {2, 5, 0, 0.5};
    linear l2 = {2, nn};
    eg_lyap_map m2 = {2, linear_step, &l2};
    r = run(&m2, h0, 2, 5000, 100);
    assert_true(fabs(r->exponents[0] - log(2)) < 1e-3);
    assert_true(fabs(r->exponents[1] - log(0.5)) < 1e-3);
    eg_lyap_result_free(r);
}

/* The running estimates are recorded after the last step too, and their
 * columns follow the sorted exponents: a map that stretches its second axis
 * more than its first yields the exponents out of order from QR. */
static void test_history_ends_at_the_exponents(void **state)
{
    (void)state;
    double diag[4] = {0.25, 0, 0, 0.5}, h0[2] = {0.1, 0.2};
    linear l = {2, diag};
    eg_lyap_map m = {2, linear_step, &l};
    eg_lyap_opts o = {2, 25, 0, 10};
    eg_lyap_result *r = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_lyapunov_map(&m, h0, &o, &r, &err), EG_OK);
    assert_int_equal(r->history->rows, 3);
    const double *first = r->history->data, *last = r->history->data + 2 * 3;
    assert_true(first[0] == 10 && last[0] == 25);
    assert_true(last[1] == r->exponents[0] && last[2] == r->exponents[1]);
    assert_true(fabs(r->exponents[0] - log(0.5)) < 1e-12 && fabs(first[1] - log(0.5)) < 1e-12);
    assert_true(fabs(first[2] - log(0.25)) < 1e-12);
    eg_lyap_result_free(r);
}

/* Σλ_i = ⟨log |det J_t|⟩ exactly, step by step, when k = n. */
static void test_sum_is_mean_log_det(void **state)
{
    (void)state;
    size_t n = 12, steps = 400;
    tanh_net net = random_net(n, 1.5, 3);
    eg_lyap_map m = {n, tanh_step, &net};
    double h0[12], h[12], next[12];
    for (size_t i = 0; i < n; i++)
        h0[i] = sin((double)i);
    eg_lyap_result *r = run(&m, h0, n, steps, 0);
    double sum = 0, logdet = 0;
    for (size_t i = 0; i < n; i++)
        sum += r->exponents[i];
    gsl_matrix *jac = gsl_matrix_alloc(n, n);
    gsl_permutation *p = gsl_permutation_alloc(n);
    memcpy(h, h0, sizeof h);
    for (size_t t = 0; t < steps; t++) {
        int sign;
        tanh_step(&net, t, h, next, jac->data);
        gsl_linalg_LU_decomp(jac, p, &sign);
        logdet += gsl_linalg_LU_lndet(jac);
        memcpy(h, next, sizeof h);
    }
    logdet /= (double)steps;
    assert_true(fabs(sum - logdet) < 1e-9 * fabs(logdet));
    gsl_matrix_free(jac);
    gsl_permutation_free(p);
    eg_lyap_result_free(r);
    free(net.w);
}

static void test_random_networks(void **state)
{
    (void)state;
    size_t n = 100;
    double h0[100];
    for (size_t i = 0; i < n; i++)
        h0[i] = 0.5 * sin(3.0 * (double)i);
    tanh_net calm = random_net(n, 0.8, 5), wild = random_net(n, 3.0, 5);
    eg_lyap_map mc = {n, tanh_step, &calm}, mw = {n, tanh_step, &wild};
    eg_lyap_result *rc = run(&mc, h0, 5, 2000, 200), *rw = run(&mw, h0, 5, 2000, 200);
    print_message("largest exponent: g = 0.8: %.4f, g = 3: %.4f\n", rc->exponents[0], rw->exponents[0]);
    assert_true(rc->exponents[0] < 0);
    assert_true(rw->exponents[0] > 0.05);
    for (size_t i = 1; i < 5; i++)
        assert_true(rw->exponents[i] <= rw->exponents[i - 1]);
    eg_lyap_result_free(rc);
    eg_lyap_result_free(rw);
    free(calm.w);
    free(wild.w);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    double a[1] = {2}, h0[1] = {0};
    linear l = {1, a};
    eg_lyap_map m = {1, linear_step, &l};
    eg_lyap_opts o = {2, 10, 0, 0};
    eg_lyap_result *r = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_lyapunov_map(&m, h0, &o, &r, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "1 to 1"));
    o.k = 1;
    o.steps = 0;
    assert_int_equal(eg_lyapunov_map(&m, h0, &o, &r, &err), EG_EINVAL);
    assert_null(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_maps),
        cmocka_unit_test(test_history_ends_at_the_exponents),
        cmocka_unit_test(test_sum_is_mean_log_det),
        cmocka_unit_test(test_random_networks),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
