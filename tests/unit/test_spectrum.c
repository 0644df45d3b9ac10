/* test_spectrum.c: eigenvalues, eigenvectors, SVD, summaries and the Hebbian Gram shortcut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "engram/matrix.h"
#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/spectrum.h"

/* cmocka's float comparison works in single precision; these checks need double. */
#define assert_close(a, b, tol)                                                                          \
    do {                                                                                                 \
        double a_ = (a), b_ = (b);                                                                       \
        if (!(fabs(a_ - b_) <= (tol)))                                                                   \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, a_, b_, (double)(tol));                 \
    } while (0)

static eg_matrix *from_rows(size_t r, size_t c, const double *v)
{
    eg_matrix *m = eg_matrix_alloc(r, c);
    assert_non_null(m);
    for (size_t k = 0; k < r * c; k++)
        m->data[k] = v[k];
    return m;
}

static eg_spectrum *eig(const eg_matrix *a, bool vectors)
{
    eg_spectrum_options o = eg_spectrum_options_default();
    o.vectors = vectors;
    eg_spectrum *s = NULL;
    eg_error err;
    assert_int_equal(eg_spectrum_eigen(a, &o, &s, &err), EG_OK);
    return s;
}

/* ‖A v − λ v‖ for complex eigenpair k, relative to ‖A‖_max-ish scale. */
static double eigenpair_residual(const eg_matrix *a, const eg_spectrum *s, size_t k)
{
    size_t n = a->rows;
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double ar = 0.0, ai = 0.0;
        for (size_t j = 0; j < n; j++) {
            ar += a->data[i * n + j] * s->vec_re->data[j * n + k];
            ai += a->data[i * n + j] * s->vec_im->data[j * n + k];
        }
        double vr = s->vec_re->data[i * n + k], vi = s->vec_im->data[i * n + k];
        double lr = s->re[k] * vr - s->im[k] * vi, li = s->re[k] * vi + s->im[k] * vr;
        worst = fmax(worst, hypot(ar - lr, ai - li));
    }
    return worst;
}

static void test_rotation_gives_unit_circle_pair(void **state)
{
    (void)state;
    double th = 0.3;
    eg_matrix *a = from_rows(2, 2, (double[]){cos(th), -sin(th), sin(th), cos(th)});
    eg_spectrum *s = eig(a, true);
    assert_false(s->symmetric);
    /* Tied moduli: increasing argument, so e^{−iθ} first. */
    assert_close(s->re[0], cos(th), 1e-14);
    assert_close(s->im[0], -sin(th), 1e-14);
    assert_close(s->re[1], cos(th), 1e-14);
    assert_close(s->im[1], sin(th), 1e-14);
    assert_close(eg_spectrum_radius(s), 1.0, 1e-14);
    for (size_t k = 0; k < 2; k++)
        assert_true(eigenpair_residual(a, s, k) < 1e-14);
    eg_spectrum_summary sum;
    assert_int_equal(eg_spectrum_summarize(a, 0.99, &sum, NULL), EG_OK);
    assert_close(sum.condition, 1.0, 1e-14); /* orthogonal */
    assert_close(sum.henrici, 0.0, 1e-7);    /* normal; sqrt of rounding */
    assert_close(sum.commutator, 0.0, 1e-14);
    assert_int_equal(sum.count_above, 2);
    eg_spectrum_free(s);
    eg_matrix_free(a);
}

static void test_symmetric_hand_worked(void **state)
{
    (void)state;
    eg_matrix *a = from_rows(2, 2, (double[]){2, 1, 1, 2});
    eg_spectrum *s = eig(a, true);
    assert_true(s->symmetric);
    assert_close(s->re[0], 3.0, 1e-14);
    assert_close(s->re[1], 1.0, 1e-14);
    assert_true(s->im[0] == 0.0 && s->im[1] == 0.0);
    for (size_t k = 0; k < 2; k++)
        assert_true(eigenpair_residual(a, s, k) < 1e-14);
    eg_spectrum_free(s);
    eg_matrix_free(a);

    /* Discrete Laplacian tridiag(−1, 2, −1): 2 − 2cos(kπ/4), k = 1, 2, 3. */
    a = from_rows(3, 3, (double[]){2, -1, 0, -1, 2, -1, 0, -1, 2});
    s = eig(a, false);
    assert_true(s->symmetric);
    assert_null(s->vec_re);
    assert_close(s->re[0], 2.0 + sqrt(2.0), 1e-14);
    assert_close(s->re[1], 2.0, 1e-14);
    assert_close(s->re[2], 2.0 - sqrt(2.0), 1e-14);
    eg_spectrum_free(s);
    eg_matrix_free(a);
}

static void test_defective_jordan_block(void **state)
{
    (void)state;
    eg_matrix *a = from_rows(2, 2, (double[]){2, 1, 0, 2});
    eg_spectrum *s = eig(a, false);
    assert_false(s->symmetric);
    assert_close(s->re[0], 2.0, 1e-12);
    assert_close(s->re[1], 2.0, 1e-12);
    assert_close(s->im[0], 0.0, 1e-12);
    eg_spectrum_summary sum;
    assert_int_equal(eg_spectrum_summarize(a, 1.0, &sum, NULL), EG_OK);
    /* ‖A‖_F² = 9, Σ|λ|² = 8: departure 1, relative 1/3. */
    assert_close(sum.henrici, 1.0 / 3.0, 1e-12);
    /* AAᵀ − AᵀA = diag(1, −1). */
    assert_close(sum.commutator, sqrt(2.0), 1e-14);
    /* σ² are the eigenvalues of AᵀA = [[4,2],[2,5]]: (9 ± √17)/2. */
    assert_close(sum.condition, sqrt((9.0 + sqrt(17.0)) / (9.0 - sqrt(17.0))), 1e-12);
    assert_close(sum.frobenius, 3.0, 1e-14);
    assert_int_equal(sum.count_above, 2);
    eg_spectrum_free(s);
    eg_matrix_free(a);

    /* 3 × 3 nilpotent Jordan block plus a shift: triple eigenvalue −1. */
    a = from_rows(3, 3, (double[]){-1, 1, 0, 0, -1, 1, 0, 0, -1});
    s = eig(a, false);
    for (size_t k = 0; k < 3; k++) {
        assert_close(s->re[k], -1.0, 1e-12);
        assert_close(s->im[k], 0.0, 1e-12);
    }
    eg_spectrum_free(s);
    eg_matrix_free(a);
}

static void test_order_is_modulus_then_angle(void **state)
{
    (void)state;
    eg_matrix *a = from_rows(4, 4, (double[]){-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, -2});
    eg_spectrum *s = eig(a, false);
    double want[] = {-2, 1, -1, 0.5};
    for (size_t k = 0; k < 4; k++)
        assert_close(s->re[k], want[k], 1e-15);
    assert_int_equal(eg_spectrum_count_above(s, 0.9), 3);
    assert_close(eg_spectrum_radius(s), 2.0, 1e-15);
    eg_spectrum_free(s);
    eg_matrix_free(a);
}

static void test_singular_matrix_has_infinite_condition(void **state)
{
    (void)state;
    eg_matrix *a = from_rows(2, 2, (double[]){1, 2, 2, 4});
    eg_spectrum_summary sum;
    assert_int_equal(eg_spectrum_summarize(a, 0.5, &sum, NULL), EG_OK);
    assert_true(isinf(sum.condition));
    assert_int_equal(sum.count_above, 1); /* eigenvalues 5 and 0 */
    eg_matrix_free(a);
}

static void test_random_symmetric_reconstructs(void **state)
{
    (void)state;
    size_t n = 30;
    gsl_rng *r = eg_rng_alloc(11, EG_RNG_INIT, 0);
    eg_matrix *a = eg_matrix_alloc(n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++)
            a->data[i * n + j] = a->data[j * n + i] = gsl_rng_uniform(r) - 0.5;
    eg_spectrum *s = eig(a, true);
    assert_true(s->symmetric);
    double worst = 0.0, orth = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0.0, g = 0.0;
            for (size_t k = 0; k < n; k++) {
                v += s->vec_re->data[i * n + k] * s->re[k] * s->vec_re->data[j * n + k];
                g += s->vec_re->data[k * n + i] * s->vec_re->data[k * n + j];
            }
            worst = fmax(worst, fabs(v - a->data[i * n + j]));
            orth = fmax(orth, fabs(g - (i == j)));
        }
    assert_true(worst < 1e-13);
    assert_true(orth < 1e-13);
    for (size_t k = 1; k < n; k++)
        assert_true(fabs(s->re[k - 1]) >= fabs(s->re[k]));
    eg_spectrum_free(s);
    eg_matrix_free(a);
    gsl_rng_free(r);
}

static void test_random_general_eigenpairs(void **state)
{
    (void)state;
    size_t n = 12;
    gsl_rng *r = eg_rng_alloc(12, EG_RNG_INIT, 0);
    eg_matrix *a = eg_matrix_alloc(n, n);
    double trace = 0.0;
    for (size_t k = 0; k < n * n; k++)
        a->data[k] = gsl_rng_uniform(r) - 0.5;
    for (size_t i = 0; i < n; i++)
        trace += a->data[i * n + i];
    eg_spectrum *s = eig(a, true);
    assert_false(s->symmetric);
    double sum_re = 0.0, sum_im = 0.0;
    for (size_t k = 0; k < n; k++) {
        assert_true(eigenpair_residual(a, s, k) < 1e-13);
        sum_re += s->re[k];
        sum_im += s->im[k];
    }
    assert_close(sum_re, trace, 1e-13);
    assert_close(sum_im, 0.0, 1e-13);
    eg_spectrum_free(s);
    eg_matrix_free(a);
    gsl_rng_free(r);
}

static void test_svd_of_known_matrices(void **state)
{
    (void)state;
    /* [[3,2,2],[2,3,−2]]: AAᵀ = [[17,8],[8,17]], singular values 5 and 3. */
    eg_matrix *a = from_rows(2, 3, (double[]){3, 2, 2, 2, 3, -2});
    eg_svd *svd = NULL;
    assert_int_equal(eg_spectrum_svd(a, true, &svd, NULL), EG_OK);
    assert_int_equal(svd->k, 2);
    assert_close(svd->s[0], 5.0, 1e-14);
    assert_close(svd->s[1], 3.0, 1e-14);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++) {
            double v = 0.0;
            for (size_t q = 0; q < 2; q++)
                v += svd->u->data[i * 2 + q] * svd->s[q] * svd->vt->data[q * 3 + j];
            assert_close(v, a->data[i * 3 + j], 1e-14);
        }
    eg_svd_free(svd);
    eg_matrix_free(a);
    /* Tall, values only: [[3,0],[4,5],[0,0]] has AᵀA = [[25,20],[20,25]]: 45 and 5. */
    a = from_rows(3, 2, (double[]){3, 0, 4, 5, 0, 0});
    assert_int_equal(eg_spectrum_svd(a, false, &svd, NULL), EG_OK);
    assert_null(svd->u);
    assert_close(svd->s[0], sqrt(45.0), 1e-14);
    assert_close(svd->s[1], sqrt(5.0), 1e-14);
    eg_svd_free(svd);
    eg_matrix_free(a);
}

static void test_bad_input_is_refused(void **state)
{
    (void)state;
    eg_error err;
    eg_spectrum *s = NULL;
    eg_matrix *a = eg_matrix_alloc(2, 3);
    assert_int_equal(eg_spectrum_eigen(a, NULL, &s, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "2 × 3"));
    eg_matrix_free(a);
    a = from_rows(2, 2, (double[]){1, NAN, 0, 1});
    assert_int_equal(eg_spectrum_eigen(a, NULL, &s, &err), EG_ENUMERIC);
    eg_svd *svd = NULL;
    assert_int_equal(eg_spectrum_svd(a, false, &svd, &err), EG_ENUMERIC);
    eg_matrix_free(a);
    eg_spectrum_free(NULL);
    eg_svd_free(NULL);
}

static eg_matrix *random_patterns(size_t N, size_t D, uint64_t seed)
{
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_EPISODES, 0);
    eg_matrix *xi = eg_matrix_alloc(N, D);
    for (size_t k = 0; k < N * D; k++)
        xi->data[k] = gsl_rng_uniform_int(r, 2) ? 1.0 : -1.0;
    gsl_rng_free(r);
    return xi;
}

/* The dense oracle: W = ΞᵀΞ/D (optionally with its diagonal zeroed) through eg_spectrum_eigen. */
static eg_spectrum *dense_hebbian(const eg_matrix *xi, bool zero_diag)
{
    size_t N = xi->rows, D = xi->cols;
    eg_matrix *w = eg_matrix_alloc(D, D);
    for (size_t i = 0; i < D; i++)
        for (size_t j = 0; j < D; j++) {
            double v = 0.0;
            for (size_t mu = 0; mu < N; mu++)
                v += xi->data[mu * D + i] * xi->data[mu * D + j];
            w->data[i * D + j] = (zero_diag && i == j) ? 0.0 : v / (double)D;
        }
    eg_spectrum *s = eig(w, false);
    eg_matrix_free(w);
    return s;
}

static void check_hebbian(size_t N, size_t D, bool zero_diag)
{
    eg_matrix *xi = random_patterns(N, D, 100 + N);
    eg_spectrum *fast = NULL, *dense = dense_hebbian(xi, zero_diag);
    assert_int_equal(eg_spectrum_hebbian(xi, zero_diag, &fast, NULL), EG_OK);
    assert_int_equal(fast->n, D);
    double mx = 1.0;
    assert_int_equal(eg_spectrum_match(fast, dense, NULL, &mx, NULL), EG_OK);
    assert_true(mx < 1e-12);
    if (zero_diag && N < D) {
        /* D − N eigenvalues sit at −N/D. */
        size_t at = 0;
        for (size_t k = 0; k < D; k++)
            at += fabs(fast->re[k] + (double)N / (double)D) < 1e-12;
        assert_true(at >= D - N);
    }
    eg_spectrum_free(fast);
    eg_spectrum_free(dense);
    eg_matrix_free(xi);
}

static void test_hebbian_gram_shortcut_equals_dense(void **state)
{
    (void)state;
    check_hebbian(5, 40, false);
    check_hebbian(5, 40, true);
    check_hebbian(30, 10, false);
    check_hebbian(30, 10, true);
    /* Non-constant diagonal: the shortcut refuses rather than answer wrongly. */
    eg_matrix *xi = from_rows(1, 3, (double[]){1, 2, 1});
    eg_spectrum *s = NULL;
    eg_error err;
    assert_int_equal(eg_spectrum_hebbian(xi, true, &s, &err), EG_EINVAL);
    assert_int_equal(eg_spectrum_hebbian(xi, false, &s, &err), EG_OK);
    /* W = ξᵀξ/3 has eigenvalue ‖ξ‖²/3 = 2 and two zeros. */
    assert_close(s->re[0], 2.0, 1e-14);
    assert_close(s->re[1], 0.0, 1e-14);
    eg_spectrum_free(s);
    eg_matrix_free(xi);
}

static void test_match_pairs_nearest(void **state)
{
    (void)state;
    eg_spectrum *a = NULL, *b = NULL;
    assert_int_equal(eg_spectrum_from_values(2, (double[]){1.0, 0.0}, (double[]){0.0, 1.0}, &a, NULL), EG_OK);
    assert_int_equal(eg_spectrum_from_values(3, (double[]){0.001, 5.0, 0.998}, (double[]){0.999, 0.0, 0.0}, &b,
                                             NULL),
                     EG_OK);
    size_t pair[2];
    double mx;
    assert_int_equal(eg_spectrum_match(a, b, pair, &mx, NULL), EG_OK);
    /* b sorted: 5, 0.998, 0.001+0.999i (tied moduli ~1 ordered by angle). */
    for (size_t k = 0; k < 2; k++)
        assert_true(hypot(a->re[k] - b->re[pair[k]], a->im[k] - b->im[pair[k]]) < 0.003);
    assert_close(mx, 0.002, 1e-12); /* 1 ↔ 0.998; i ↔ 0.001+0.999i is closer */
    assert_int_equal(eg_spectrum_match(b, a, NULL, &mx, NULL), EG_EINVAL);
    eg_spectrum_free(a);
    eg_spectrum_free(b);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation_gives_unit_circle_pair),
        cmocka_unit_test(test_symmetric_hand_worked),
        cmocka_unit_test(test_defective_jordan_block),
        cmocka_unit_test(test_order_is_modulus_then_angle),
        cmocka_unit_test(test_singular_matrix_has_infinite_condition),
        cmocka_unit_test(test_random_symmetric_reconstructs),
        cmocka_unit_test(test_random_general_eigenpairs),
        cmocka_unit_test(test_svd_of_known_matrices),
        cmocka_unit_test(test_bad_input_is_refused),
        cmocka_unit_test(test_hebbian_gram_shortcut_equals_dense),
        cmocka_unit_test(test_match_pairs_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
