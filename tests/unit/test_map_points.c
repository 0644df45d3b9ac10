/* test_map_points.c: fixed points of discrete maps against independent
 * oracles: an affine map (h* = (I − A)⁻¹c, eigenvalues those of A), the
 * one-unit tanh map h' = tanh(w h) (0 alone for w < 1; 0 and ±x* with
 * x* = tanh(w x*) for w > 1, found here by bisection), and a two-unit tanh
 * cell whose fixed points a dense grid scan finds (cells where both residual
 * components change sign). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cell.h"
#include "engram/map_points.h"
#include "engram/rng.h"

/* ---- maps */

typedef struct affine {
    double a[4], c[2];
} affine;

static void affine_eval(const void *ctx, const double *h, double *next, double *jac)
{
    const affine *m = ctx;
    for (int i = 0; i < 2; i++) {
        next[i] = m->a[2 * i] * h[0] + m->a[2 * i + 1] * h[1] + m->c[i];
        if (jac) {
            jac[2 * i] = m->a[2 * i];
            jac[2 * i + 1] = m->a[2 * i + 1];
        }
    }
}

static void autapse_eval(const void *ctx, const double *h, double *next, double *jac)
{
    double w = *(const double *)ctx, y = tanh(w * h[0]);
    next[0] = y;
    if (jac)
        jac[0] = w * (1 - y * y);
}

static void cell_eval(const void *ctx, const double *h, double *next, double *jac)
{
    eg_cell_step(ctx, h, NULL, next, jac, NULL);
}

/* count starts evenly spread over [lo, hi]^n */
static eg_matrix *spread(size_t count, size_t n, double lo, double hi, uint64_t seed)
{
    eg_matrix *s = eg_matrix_alloc(count, n);
    assert_non_null(s);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_INIT, 0);
    assert_non_null(r);
    for (size_t k = 0; k < count * n; k++)
        s->data[k] = lo + (hi - lo) * gsl_rng_uniform(r);
    gsl_rng_free(r);
    return s;
}

static eg_map_fp_set *find(const eg_map *map, const eg_matrix *starts, double outlier_scale)
{
    eg_map_fp_opts o = eg_map_fp_opts_default();
    o.outlier_scale = outlier_scale;
    eg_map_fp_set *set = NULL;
    eg_error err = {{0}};
    if (eg_map_fixed_points(map, starts, &o, &set, &err) != EG_OK)
        fail_msg("search failed: %s", err.msg);
    return set;
}

/* ---- tests */

static void test_affine_map(void **state)
{
    (void)state;
    /* A = [[0.5, 1], [0, 2]]: eigenvalues 0.5 and 2; c = (1, −3). */
    affine m = {{0.5, 1, 0, 2}, {1, -3}};
    eg_map map = {2, affine_eval, &m};
    eg_matrix *starts = spread(20, 2, -5, 5, 1);
    eg_map_fp_set *set = find(&map, starts, 0);
    assert_int_equal(set->count, 1);
    /* (I − A) h = c: h2 = −3/(1 − 2) = 3, 0.5 h1 − h2 = 1 → h1 = 8. */
    assert_true(fabs(set->points->data[0] - 8) < 1e-12 && fabs(set->points->data[1] - 3) < 1e-12);
    assert_true(set->q[0] < 1e-24);
    assert_int_equal(set->cls[0], EG_MAP_SADDLE);
    assert_int_equal(set->unstable[0], 1);
    assert_true(fabs(set->eig_re->data[0] - 2) < 1e-12 && fabs(set->eig_re->data[1] - 0.5) < 1e-12);
    assert_int_equal(set->starts, 20);
    assert_int_equal(set->duplicates, set->converged - 1);
    eg_map_fp_set_free(set);
    eg_matrix_free(starts);
}

/* x* = tanh(w x*), x* > 0, by bisection on tanh(w x) − x. */
static double autapse_root(double w)
{
    double lo = 1e-3, hi = 1;
    for (int k = 0; k < 200; k++) {
        double mid = (lo + hi) / 2;
        if (tanh(w * mid) - mid > 0)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static void test_one_unit_tanh(void **state)
{
    (void)state;
    eg_matrix *starts = spread(64, 1, -2, 2, 2);
    double w = 0.5;
    eg_map map = {1, autapse_eval, &w};
    eg_map_fp_set *set = find(&map, starts, 0);
    assert_int_equal(set->count, 1);
    assert_true(fabs(set->points->data[0]) < 1e-12);
    assert_int_equal(set->cls[0], EG_MAP_STABLE);
    eg_map_fp_set_free(set);

    w = 2;
    set = find(&map, starts, 0);
    assert_int_equal(set->count, 3);
    double x = autapse_root(2);
    size_t stable = 0;
    for (size_t k = 0; k < 3; k++) {
        double h = set->points->data[k];
        if (fabs(h) < 1e-9) {
            assert_int_equal(set->cls[k], EG_MAP_UNSTABLE);
            assert_true(fabs(set->eig_re->data[k] - 2) < 1e-9);
        } else {
            assert_true(fabs(fabs(h) - x) < 1e-12);
            assert_int_equal(set->cls[k], EG_MAP_STABLE);
            assert_true(fabs(set->eig_re->data[k] - 2 * (1 - x * x)) < 1e-9);
            stable++;
        }
    }
    assert_int_equal(stable, 2);
    eg_map_fp_set_free(set);
    eg_matrix_free(starts);
}

/* The fixed points of h = tanh(W h + b) in two units reduce to one equation:
 * the first unit gives y(x) = (atanh(x) − w00 x − b0) / w01, and
 * g(x) = tanh(w10 x + w11 y(x) + b1) − y(x) vanishes at the roots. A dense
 * scan of x ∈ (−1, 1) with bisection finds them all. */
static double reduced(const eg_cell *c, double x, double *y)
{
    const double *w = c->w_hh->data, b0 = c->b_hh[0] + c->b_ih[0], b1 = c->b_hh[1] + c->b_ih[1];
    *y = (atanh(x) - w[0] * x - b0) / w[1];
    return tanh(w[2] * x + w[3] * *y + b1) - *y;
}

static size_t scan_roots(const eg_cell *c, double *xs, double *ys, size_t max)
{
    const int G = 200000;
    size_t found = 0;
    double y, prev_x = -1 + 1e-12, prev = reduced(c, prev_x, &y);
    for (int i = 1; i <= G; i++) {
        double x = -1 + 1e-12 + (2 - 2e-12) * i / G, g = reduced(c, x, &y);
        if ((prev < 0) != (g < 0) && found < max) {
            double lo = prev_x, hi = x, glo = prev;
            for (int k = 0; k < 200; k++) {
                double mid = (lo + hi) / 2, gm = reduced(c, mid, &y);
                if ((gm < 0) == (glo < 0))
                    lo = mid, glo = gm;
                else
                    hi = mid;
            }
            xs[found] = (lo + hi) / 2;
            reduced(c, xs[found], &ys[found]);
            found++;
        }
        prev = g;
        prev_x = x;
    }
    return found;
}

static void test_two_unit_cell_against_scan(void **state)
{
    (void)state;
    /* Strong symmetric coupling with a bias: two attractors and a saddle. */
    eg_cell *c = eg_cell_alloc(EG_CELL_RNN_TANH, 2, 1);
    assert_non_null(c);
    double w[4] = {1.8, -0.9, -0.9, 1.8};
    memcpy(c->w_hh->data, w, sizeof w);
    c->b_hh[0] = 0.05;
    c->b_ih[1] = -0.02;
    eg_map map = {2, cell_eval, c};
    eg_matrix *starts = spread(400, 2, -1, 1, 3);
    eg_map_fp_set *set = find(&map, starts, 0);
    double xs[16], ys[16];
    size_t roots = scan_roots(c, xs, ys, 16);
    assert_int_equal(roots, 3);
    assert_int_equal(set->count, roots);
    size_t saddles = 0;
    for (size_t r = 0; r < roots; r++) {
        int matched = 0;
        for (size_t k = 0; k < set->count; k++)
            if (fabs(set->points->data[2 * k] - xs[r]) < 1e-9 && fabs(set->points->data[2 * k + 1] - ys[r]) < 1e-9) {
                matched = 1;
                saddles += set->cls[k] == EG_MAP_SADDLE;
                assert_true(set->q[k] < 1e-28);
            }
        if (!matched)
            fail_msg("the scan's root (%.10f, %.10f) was not found", xs[r], ys[r]);
    }
    assert_int_equal(saddles, 1);
    eg_map_fp_set_free(set);
    eg_matrix_free(starts);
    eg_cell_free(c);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    double w = 1;
    eg_map map = {1, autapse_eval, &w};
    eg_matrix *starts = spread(3, 2, -1, 1, 4);
    eg_map_fp_set *set = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_map_fixed_points(&map, starts, NULL, &set, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "2 columns"));
    eg_matrix_free(starts);
    starts = spread(3, 1, -1, 1, 4);
    eg_map_fp_opts o = eg_map_fp_opts_default();
    o.q_tol = 0;
    assert_int_equal(eg_map_fixed_points(&map, starts, &o, &set, &err), EG_EINVAL);
    assert_null(set);
    eg_matrix_free(starts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_affine_map),
        cmocka_unit_test(test_one_unit_tanh),
        cmocka_unit_test(test_two_unit_cell_against_scan),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
