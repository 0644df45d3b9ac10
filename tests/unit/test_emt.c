/* test_emt.c: pseudo-inverse, Φ = Ψ†WΨ, cycle structure, both GSEMM conventions, privileged basis, angle errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "engram/emt.h"
#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/spectrum.h"
#include "engram/task.h"

#define PI 3.14159265358979323846

#define assert_close(a, b, tol)                                                                          \
    do {                                                                                                 \
        double a_ = (a), b_ = (b);                                                                       \
        if (!(fabs(a_ - b_) <= (tol)))                                                                   \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, a_, b_, (double)(tol));                 \
    } while (0)

static eg_matrix *mul(const eg_matrix *a, const eg_matrix *b)
{
    eg_matrix *c = eg_matrix_alloc(a->rows, b->cols);
    assert_non_null(c);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < b->cols; j++) {
            double v = 0.0;
            for (size_t k = 0; k < a->cols; k++)
                v += a->data[i * a->cols + k] * b->data[k * b->cols + j];
            c->data[i * c->cols + j] = v;
        }
    return c;
}

static double max_diff(const eg_matrix *a, const eg_matrix *b)
{
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->cols, b->cols);
    double m = 0.0;
    for (size_t k = 0; k < a->rows * a->cols; k++)
        m = fmax(m, fabs(a->data[k] - b->data[k]));
    return m;
}

static eg_matrix *gaussian(size_t r, size_t c, uint64_t seed)
{
    gsl_rng *g = eg_rng_alloc(seed, EG_RNG_INIT, 0);
    eg_matrix *m = eg_matrix_alloc(r, c);
    for (size_t k = 0; k < r * c; k++)
        m->data[k] = gsl_rng_uniform(g) - 0.5;
    gsl_rng_free(g);
    return m;
}

/* A K-cycle in the GSEMM sense: G[i, i+1 mod K] = 1, Φ = Gᵀ. */
static eg_matrix *cycle_phi(size_t K)
{
    eg_matrix *phi = eg_matrix_alloc(K, K);
    for (size_t i = 0; i < K; i++)
        phi->data[((i + 1) % K) * K + i] = 1.0;
    return phi;
}

static eg_spectrum *spectrum_of(const eg_matrix *a)
{
    eg_spectrum *s = NULL;
    assert_int_equal(eg_spectrum_eigen(a, NULL, &s, NULL), EG_OK);
    return s;
}

static void test_pinv_penrose_conditions(void **state)
{
    (void)state;
    eg_matrix *a = gaussian(7, 4, 1), *p = NULL;
    size_t rank = 0;
    assert_int_equal(eg_emt_pinv(a, 0.0, &p, &rank, NULL), EG_OK);
    assert_int_equal(rank, 4);
    assert_int_equal(p->rows, 4);
    eg_matrix *pa = mul(p, a);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            assert_close(pa->data[i * 4 + j], i == j, 1e-13);
    eg_matrix_free(pa);
    eg_matrix_free(p);
    /* Rank 2: the third column is the sum of the first two. */
    for (size_t i = 0; i < 7; i++)
        a->data[i * 4 + 2] = a->data[i * 4 + 0] + a->data[i * 4 + 1];
    assert_int_equal(eg_emt_pinv(a, 0.0, &p, &rank, NULL), EG_OK);
    assert_int_equal(rank, 3);
    eg_matrix *ap = mul(a, p), *apa = mul(ap, a), *pap = mul(p, ap);
    assert_true(max_diff(apa, a) < 1e-13);
    assert_true(max_diff(pap, p) < 1e-12);
    /* A A† is symmetric (an orthogonal projector). */
    for (size_t i = 0; i < 7; i++)
        for (size_t j = 0; j < 7; j++)
            assert_close(ap->data[i * 7 + j], ap->data[j * 7 + i], 1e-13);
    eg_matrix_free(ap);
    eg_matrix_free(apa);
    eg_matrix_free(pap);
    eg_matrix_free(p);
    eg_matrix_free(a);
}

static void test_cycles_give_the_eigenvalues(void **state)
{
    (void)state;
    /* 0 → 1 → 2 → 0 with values 1, 1, −1 (sign product −1: cube roots of −1),
     * 3 → 3 with 0.5, and 4 → 0 hanging off the cycle (eigenvalue 0). */
    eg_matrix *phi = eg_matrix_alloc(5, 5);
    phi->data[0 * 5 + 1] = 1.0;
    phi->data[1 * 5 + 2] = 1.0;
    phi->data[2 * 5 + 0] = -1.0;
    phi->data[3 * 5 + 3] = 0.5;
    phi->data[4 * 5 + 0] = 1.0;
    eg_emt_cycles *c = NULL;
    assert_int_equal(eg_emt_cycles_find(phi, 0.0, &c, NULL), EG_OK);
    assert_int_equal(c->ncycles, 2);
    assert_int_equal(c->on_cycles, 4);
    assert_int_equal(c->start[1] - c->start[0], 3);
    assert_int_equal(c->sign[0], -1);
    assert_close(c->product[1], 0.5, 0.0);
    eg_spectrum *pred = NULL, *dense = spectrum_of(phi);
    assert_int_equal(eg_emt_cycles_spectrum(c, &pred, NULL), EG_OK);
    double mx = 1.0;
    assert_int_equal(eg_spectrum_match(pred, dense, NULL, &mx, NULL), EG_OK);
    assert_true(mx < 1e-12);
    /* Hand-worked: −1, e^{±iπ/3}, 0.5, 0. */
    assert_close(pred->re[0], 0.5, 1e-15);
    assert_close(pred->im[0], -sqrt(3.0) / 2.0, 1e-15);
    assert_close(pred->re[2], -1.0, 1e-15);
    assert_close(pred->re[3], 0.5, 1e-15);
    assert_close(pred->re[4], 0.0, 0.0);
    eg_spectrum_free(pred);
    eg_spectrum_free(dense);
    eg_emt_cycles_free(c);
    /* Two non-zeros in a row: refused, naming the row. */
    phi->data[3 * 5 + 4] = 1.0;
    eg_error err;
    assert_int_equal(eg_emt_cycles_find(phi, 0.0, &c, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "row 3"));
    eg_matrix_free(phi);
}

static void test_sign_flip_task_cycles_are_roots_of_minus_one(void **state)
{
    (void)state;
    int sign[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    eg_task *t = NULL;
    assert_int_equal(eg_task_alloc_signed_copy(8, 8, NULL, sign, &t, NULL), EG_OK);
    eg_matrix *phi = NULL;
    assert_int_equal(eg_task_phi(t, &phi, NULL), EG_OK);
    eg_emt_cycles *c = NULL;
    assert_int_equal(eg_emt_cycles_find(phi, 0.0, &c, NULL), EG_OK);
    assert_int_equal(c->ncycles, 8);
    for (size_t q = 0; q < 8; q++) {
        assert_int_equal(c->start[q + 1] - c->start[q], 8);
        assert_int_equal(c->sign[q], -1);
    }
    eg_spectrum *pred = NULL, *dense = spectrum_of(phi);
    assert_int_equal(eg_emt_cycles_spectrum(c, &pred, NULL), EG_OK);
    double mx = 1.0;
    assert_int_equal(eg_spectrum_match(pred, dense, NULL, &mx, NULL), EG_OK);
    assert_true(mx < 1e-10);
    for (size_t k = 0; k < dense->n; k++) {
        /* λ⁸ = −1: argument an odd multiple of π/8. */
        double a = atan2(dense->im[k], dense->re[k]) * 8.0 / PI;
        assert_close(fabs(fmod(fabs(a), 2.0) - 1.0), 0.0, 1e-9);
    }
    eg_spectrum_free(pred);
    eg_spectrum_free(dense);
    eg_emt_cycles_free(c);
    eg_matrix_free(phi);
    eg_task_free(t);
}

static void test_gsemm_literal_convention(void **state)
{
    (void)state;
    size_t K = 5, N = 20;
    /* Orthonormal Ξ: the memory basis of a constructed s = 5, d = 1 network. */
    eg_task *t = NULL;
    eg_rnn *net = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(K, 1, &t, NULL), EG_OK);
    assert_int_equal(eg_task_construct(t, N, 3, &net, NULL), EG_OK);
    eg_matrix *phi = cycle_phi(K), *w = NULL;
    assert_int_equal(eg_emt_gsemm_weights(net->psi, phi, &w, NULL), EG_OK);
    double re[20] = {0}, im[20] = {0};
    for (size_t k = 0; k < K; k++) {
        re[k] = 1.0 + cos(2.0 * PI * (double)k / (double)K);
        im[k] = sin(2.0 * PI * (double)k / (double)K);
    }
    eg_spectrum *want = NULL, *got = spectrum_of(w);
    assert_int_equal(eg_spectrum_from_values(N, re, im, &want, NULL), EG_OK);
    double mx = 1.0;
    assert_int_equal(eg_spectrum_match(want, got, NULL, &mx, NULL), EG_OK);
    assert_true(mx < 1e-12);
    assert_close(eg_spectrum_radius(got), 2.0, 1e-13); /* k = 0: 1 + 1, off the unit circle */
    eg_spectrum_free(want);
    eg_spectrum_free(got);
    eg_matrix_free(w);

    /* The EMT convention with a non-orthogonal basis: K-th roots of unity. */
    eg_matrix *psi = gaussian(12, K, 4);
    assert_int_equal(eg_emt_weights(psi, phi, 0.0, &w, NULL), EG_OK);
    got = spectrum_of(w);
    for (size_t k = 0; k < K; k++) {
        re[k] = cos(2.0 * PI * (double)k / (double)K);
        im[k] = sin(2.0 * PI * (double)k / (double)K);
    }
    assert_int_equal(eg_spectrum_from_values(12, re, im, &want, NULL), EG_OK);
    assert_int_equal(eg_spectrum_match(want, got, NULL, &mx, NULL), EG_OK);
    assert_true(mx < 1e-10);
    /* Reading it back in the same basis returns Φ with zero residual. */
    eg_emt_reading *r = NULL;
    assert_int_equal(eg_emt_read(w, psi, 0.0, &r, NULL), EG_OK);
    assert_int_equal(r->rank, K);
    assert_true(max_diff(r->phi, phi) < 1e-12);
    assert_true(r->residual < 1e-13);
    assert_true(r->match_max < 1e-10);
    eg_emt_reading_free(r);
    eg_spectrum_free(want);
    eg_spectrum_free(got);
    eg_matrix_free(w);
    eg_matrix_free(psi);
    eg_matrix_free(phi);
    eg_rnn_free(net);
    eg_task_free(t);
}

static void test_privileged_basis_recovers_phi(void **state)
{
    (void)state;
    eg_task *t = NULL;
    eg_rnn *net = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(8, 8, &t, NULL), EG_OK);
    assert_int_equal(eg_task_construct(t, 96, 2024, &net, NULL), EG_OK);
    eg_matrix *phi = NULL, *psi = NULL;
    assert_int_equal(eg_task_phi(t, &phi, NULL), EG_OK);
    assert_int_equal(eg_emt_privileged_basis(net->w, net->w_uh, 8, &psi, NULL), EG_OK);
    /* For the construct, W^k Ψ_s = Ψ_{s−k}: the privileged basis is Ψ itself. */
    assert_true(max_diff(psi, net->psi) < 1e-12);
    eg_emt_reading *r = NULL;
    assert_int_equal(eg_emt_read(net->w, psi, 0.0, &r, NULL), EG_OK);
    assert_true(max_diff(r->phi, phi) < 1e-10);
    assert_true(r->residual < 1e-12);
    assert_int_equal(r->rank, 64);
    assert_true(r->match_max < 1e-8);
    /* "rank" in the EMT sense: 64 = s·d eigenvalues above 0.8. */
    assert_int_equal(eg_spectrum_count_above(r->spec_w, 0.8), 64);
    eg_spectrum *theory = spectrum_of(phi);
    eg_emt_angle_error ae;
    assert_int_equal(eg_emt_angle_compare(r->spec_w, theory, 0.0, &ae, NULL), EG_OK);
    assert_true(ae.comparable);
    assert_int_equal(ae.count_a, 64);
    assert_true(ae.max_rad < 1e-9);
    assert_close(ae.max_deg, ae.max_rad * 180.0 / PI, 1e-15);
    print_message("spectral angle error vs theory: mean %.3g°, max %.3g°\n", ae.mean_deg, ae.max_deg);
    eg_spectrum_free(theory);
    eg_emt_reading_free(r);
    eg_matrix_free(psi);
    eg_matrix_free(phi);
    eg_rnn_free(net);
    eg_task_free(t);
}

static void test_angle_compare_sorted_arguments(void **state)
{
    (void)state;
    /* a: e^{i0.1}, e^{−i0.1}, 0.5; b: e^{i0.12}, e^{−i0.1}. Sorted arguments
     * (−0.1, 0.1) vs (−0.1, 0.12): errors 0 and 0.02. */
    eg_spectrum *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(eg_spectrum_from_values(3, (double[]){cos(0.1), cos(0.1), 0.5},
                                             (double[]){sin(0.1), -sin(0.1), 0.0}, &a, NULL),
                     EG_OK);
    assert_int_equal(eg_spectrum_from_values(2, (double[]){cos(0.12), cos(0.1)}, (double[]){sin(0.12), -sin(0.1)}, &b,
                                             NULL),
                     EG_OK);
    eg_emt_angle_error e;
    assert_int_equal(eg_emt_angle_compare(a, b, 0.9, &e, NULL), EG_OK);
    assert_true(e.comparable);
    assert_close(e.max_rad, 0.02, 1e-14);
    assert_close(e.mean_rad, 0.01, 1e-14);
    assert_close(e.max_deg, 0.02 * 180.0 / PI, 1e-12);
    /* Threshold 0.4 lets 0.5 in on one side only: not comparable. */
    assert_int_equal(eg_emt_angle_compare(a, b, 0.4, &e, NULL), EG_OK);
    assert_false(e.comparable);
    assert_int_equal(e.count_a, 3);
    assert_int_equal(e.count_b, 2);
    assert_true(isinf(e.max_rad));
    /* Wrapped differences: π vs −π + 0.01 is 0.01 apart, not 2π − 0.01. */
    assert_int_equal(eg_spectrum_from_values(1, (double[]){-1.0}, NULL, &c, NULL), EG_OK);
    eg_spectrum_free(a);
    assert_int_equal(eg_spectrum_from_values(1, (double[]){cos(-PI + 0.01)}, (double[]){sin(-PI + 0.01)}, &a, NULL),
                     EG_OK);
    assert_int_equal(eg_emt_angle_compare(a, c, 0.9, &e, NULL), EG_OK);
    assert_close(e.max_rad, 0.01, 1e-12);
    eg_spectrum_free(a);
    eg_spectrum_free(c);
    /* A pair straddling the cut at ±π against −1 twice, with ±i in both:
     * sorted (−π + 0.01, −π/2, π/2, π − 0.01) vs (−π/2, π/2, π, π). Plain
     * sorted pairing would be off by one place (errors ≈ π/2); up to a
     * rotation the errors are 0.01, 0, 0, 0.01. */
    assert_int_equal(eg_spectrum_from_values(4, (double[]){cos(PI - 0.01), cos(PI - 0.01), 0.0, 0.0},
                                             (double[]){sin(PI - 0.01), -sin(PI - 0.01), 1.0, -1.0}, &a, NULL),
                     EG_OK);
    assert_int_equal(eg_spectrum_from_values(4, (double[]){-1.0, -1.0, 0.0, 0.0}, (double[]){0.0, 0.0, 1.0, -1.0}, &c,
                                             NULL),
                     EG_OK);
    assert_int_equal(eg_emt_angle_compare(a, c, 0.9, &e, NULL), EG_OK);
    assert_true(e.comparable);
    assert_close(e.max_rad, 0.01, 1e-12);
    assert_close(e.mean_rad, 0.005, 1e-12);
    eg_spectrum_free(a);
    eg_spectrum_free(b);
    eg_spectrum_free(c);
}

static void test_reading_refuses_bad_shapes(void **state)
{
    (void)state;
    eg_matrix *w = eg_matrix_alloc(4, 4), *psi = eg_matrix_alloc(4, 5);
    eg_emt_reading *r = NULL;
    eg_error err;
    assert_int_equal(eg_emt_read(w, psi, 0.0, &r, &err), EG_EINVAL);
    eg_matrix *zero = eg_matrix_alloc(4, 1), *basis = NULL;
    assert_int_equal(eg_emt_privileged_basis(w, zero, 2, &basis, &err), EG_ENUMERIC);
    eg_emt_reading_free(NULL);
    eg_emt_cycles_free(NULL);
    eg_matrix_free(zero);
    eg_matrix_free(w);
    eg_matrix_free(psi);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pinv_penrose_conditions),
        cmocka_unit_test(test_cycles_give_the_eigenvalues),
        cmocka_unit_test(test_sign_flip_task_cycles_are_roots_of_minus_one),
        cmocka_unit_test(test_gsemm_literal_convention),
        cmocka_unit_test(test_privileged_basis_recovers_phi),
        cmocka_unit_test(test_angle_compare_sorted_arguments),
        cmocka_unit_test(test_reading_refuses_bad_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
