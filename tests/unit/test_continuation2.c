/* test_continuation2.c: two-parameter continuation against closed forms: the
 * bialternate product's eigenvalues; the fold curve of the tanh unit
 * dx/dt = −x + w tanh x + u (w = cosh² x, u = x − sinh x cosh x, a cusp at
 * (1, 0)); the Hopf curve of an excitatory–inhibitory pair (trace J = 0 with
 * det J > 0); a Bogdanov–Takens point where the fold and Hopf curves of a
 * second pair meet (trace J = det J = 0); and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/continuation.h"
#include "engram/numerics.h"

#include <lapacke.h>

/* f = −x + w tanh x + u, p = (w, u). */
static eg_status cusp_eval(void *ctx, const double *p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    double t = tanh(x[0]);
    f[0] = -x[0] + p[0] * t + p[1];
    if (J)
        J[0] = -1 + p[0] * (1 - t * t);
    return EG_OK;
}

/* f = −x + W tanh x + I: W = g [[2, −2], [2, 0]], I = (u, 0), p = (g, u). */
static eg_status ei_eval(void *ctx, const double *p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    double g = p[0], t0 = tanh(x[0]), t1 = tanh(x[1]);
    f[0] = -x[0] + 2 * g * t0 - 2 * g * t1 + p[1];
    f[1] = -x[1] + 2 * g * t0;
    if (J) {
        J[0] = -1 + 2 * g * (1 - t0 * t0);
        J[1] = -2 * g * (1 - t1 * t1);
        J[2] = 2 * g * (1 - t0 * t0);
        J[3] = -1;
    }
    return EG_OK;
}

/* f = −x + W tanh x + I: W = [[a, −2], [2, 0]], I = (u, 0), p = (a, u). At an
 * equilibrium trace J = −2 + a s0 and det J = −1 + 4 s0 s1 (where the trace
 * vanishes; s = sech² x), so the fold and Hopf curves meet where
 * s0 = 2/a and 4 s0 s1 = 1. */
static eg_status bt_eval(void *ctx, const double *p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    double a = p[0], t0 = tanh(x[0]), t1 = tanh(x[1]);
    f[0] = -x[0] + a * t0 - 2 * t1 + p[1];
    f[1] = -x[1] + 2 * t0;
    if (J) {
        J[0] = -1 + a * (1 - t0 * t0);
        J[1] = -2 * (1 - t1 * t1);
        J[2] = 2 * (1 - t0 * t0);
        J[3] = -1;
    }
    return EG_OK;
}

/* The 2 × 2 Jacobian's trace and determinant at a point of a curve. */
static void trace_det(eg_cont2_eval_fn eval, const double *p, const double *x, double *tr, double *det)
{
    double f[2], J[4];
    eg_error err;
    assert_int_equal(eval(NULL, p, x, f, J, &err), EG_OK);
    assert_true(fabs(f[0]) < 1e-9 && fabs(f[1]) < 1e-9);
    *tr = J[0] + J[3];
    *det = J[0] * J[3] - J[1] * J[2];
}

static void test_bialternate(void **state)
{
    (void)state;
    /* Eigenvalues 1, 2, 4 and a pair −1 ± 3i: the sums of pairs. */
    const double A[16] = {1, 5, 0, 2, 0, 2, 0, 0, 0, 0, -1, 3, 0, 0, -3, -1};
    double M[36], re[6], im[6];
    eg_cont2_bialternate(A, 4, M);
    assert_int_equal(LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', 6, M, 6, re, im, NULL, 1, NULL, 1), 0);
    const double want_re[6] = {3, 0, 0, 1, 1, -2}, want_im[6] = {0, 3, -3, 3, -3, 0};
    for (int k = 0; k < 6; k++) {
        int hit = 0;
        for (int j = 0; j < 6; j++)
            hit |= fabs(re[j] - want_re[k]) < 1e-12 && fabs(im[j] - want_im[k]) < 1e-12;
        assert_true(hit);
    }
}

static void test_cusp(void **state)
{
    (void)state;
    eg_cont2_problem prob = {.dim = 1, .eval = cusp_eval, .names = {"w", "u"}};
    eg_cont2_opts o = eg_cont2_opts_default();
    o.lo[0] = 0.5, o.hi[0] = 3, o.lo[1] = -2, o.hi[1] = 2;
    o.step = 0.02;
    o.step_max = 0.1;
    /* A fold at w = 2: cosh² x = 2, started a little off. */
    double x0 = acosh(sqrt(2.0)) + 1e-3, p0[2] = {2, acosh(sqrt(2.0)) - sqrt(2.0) + 1e-3};
    eg_cont2_curve *c = NULL;
    eg_error err;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_LP, &x0, p0, &c, &err), EG_OK);
    assert_false(c->failed);
    assert_true(c->npoints > 20);
    double worst = 0, xmin = INFINITY, xmax = -INFINITY;
    for (size_t k = 0; k < c->npoints; k++) {
        double x = c->x[k], w = c->p[2 * k], u = c->p[2 * k + 1];
        worst = fmax(worst, fmax(fabs(w - cosh(x) * cosh(x)), fabs(u - (x - sinh(x) * cosh(x)))));
        xmin = fmin(xmin, x);
        xmax = fmax(xmax, x);
    }
    print_message("fold curve: %zu points, largest deviation from the closed form %.3g\n", c->npoints, worst);
    assert_true(worst < 1e-8);
    /* Both ends on w = 3: x = ±acosh(√3). */
    assert_int_equal(c->end[0], EG_CONT2_END_RANGE);
    assert_int_equal(c->end[1], EG_CONT2_END_RANGE);
    assert_true(fabs(xmin + acosh(sqrt(3.0))) < 1e-8 && fabs(xmax - acosh(sqrt(3.0))) < 1e-8);
    assert_int_equal(c->nspecials, 1);
    assert_int_equal(c->specials[0].type, EG_CONT2_CP);
    print_message("CP at (w, u) = 1 + %.2g, %.2g\n", c->specials[0].p[0] - 1, c->specials[0].p[1]);
    assert_true(fabs(c->specials[0].p[0] - 1) < 1e-6 && fabs(c->specials[0].p[1]) < 1e-6);
    eg_cont2_curve_free(c);
}

static void test_hopf_curve(void **state)
{
    (void)state;
    eg_cont2_problem prob = {.dim = 2, .eval = ei_eval, .names = {"g", "u"}};
    eg_cont2_opts o = eg_cont2_opts_default();
    o.lo[0] = 0.5, o.hi[0] = 3, o.lo[1] = -1, o.hi[1] = 1;
    o.step = 0.02;
    o.step_max = 0.1;
    double x0[2] = {0, 0}, p0[2] = {1, 0};
    eg_cont2_curve *c = NULL;
    eg_error err;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_H, x0, p0, &c, &err), EG_OK);
    assert_false(c->failed);
    assert_true(c->npoints > 20);
    double worst = 0;
    for (size_t k = 0; k < c->npoints; k++) {
        double tr, det;
        trace_det(ei_eval, c->p + 2 * k, c->x + 2 * k, &tr, &det);
        worst = fmax(worst, fabs(tr));
        assert_true(det > 0);
        assert_true(fabs(c->test[2 * k] - sqrt(det)) < 1e-8); /* ω */
    }
    print_message("Hopf curve: %zu points, largest |trace J| %.3g\n", c->npoints, worst);
    assert_true(worst < 1e-8);
    /* At u = 0 the pair's Hopf point is g = 1 with ω = √3. */
    assert_true(fabs(c->p[2 * c->start] - 1) < 1e-10 && fabs(c->test[2 * c->start] - sqrt(3.0)) < 1e-8);
    eg_cont2_curve_free(c);
}

/* The BT point of bt_eval: a from 8 sech²(2 √(1 − 2/a)) = a by bisection. */
static void bt_closed_form(double *a, double *u, double *x)
{
    double lo = 2.01, hi = 8;
    for (int i = 0; i < 200; i++) {
        double m = 0.5 * (lo + hi), c = cosh(2 * sqrt(1 - 2 / m));
        if (8 / (m * c * c) - 1 > 0)
            lo = m;
        else
            hi = m;
    }
    *a = 0.5 * (lo + hi);
    x[0] = atanh(sqrt(1 - 2 / *a));
    x[1] = 2 * tanh(x[0]);
    *u = x[0] - *a * tanh(x[0]) + 2 * tanh(x[1]);
}

/* The options both BT tests follow bt_eval's curves with. */
static eg_cont2_opts bt_options(void)
{
    eg_cont2_opts o = eg_cont2_opts_default();
    o.lo[0] = 2, o.hi[0] = 4, o.lo[1] = -2, o.hi[1] = 2;
    o.step = 0.02;
    o.step_max = 0.05;
    o.max_points = 200;
    return o;
}

static void test_bogdanov_takens(void **state)
{
    (void)state;
    double a, u, xb[2];
    bt_closed_form(&a, &u, xb);
    eg_cont2_problem prob = {.dim = 2, .eval = bt_eval, .names = {"a", "u"}};
    eg_cont2_opts o = bt_options();
    /* A fold at a = a_BT + 0.3 (from scipy, to 1e-8), a Hopf point at a_BT − 0.3. */
    double xf[2] = {0.49456021, 0.91565662}, pf[2] = {3.16943768, 0.4911743};
    eg_cont2_curve *c = NULL;
    eg_error err;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_LP, xf, pf, &c, &err), EG_OK);
    size_t bt = 0;
    for (size_t k = 0; k < c->nspecials; k++)
        if (c->specials[k].type == EG_CONT2_BT) {
            const eg_cont2_special *sp = &c->specials[k];
            double tr, det;
            trace_det(bt_eval, sp->p, sp->x, &tr, &det);
            print_message("BT on the fold curve at (a, u) = (%.12g, %.12g), off the closed form by (%.2g, %.2g)\n",
                          sp->p[0], sp->p[1], sp->p[0] - a, sp->p[1] - u);
            if (fabs(sp->p[0] - a) < 1e-6 && fabs(sp->p[1] - u) < 1e-6 && fabs(tr) < 1e-6 && fabs(det) < 1e-8)
                bt++;
        }
    assert_int_equal(bt, 1);
    eg_cont2_curve_free(c);
    /* The Hopf curve from below a_BT ends there. */
    double ah = a - 0.3, xh[2] = {xb[0], xb[1]}, ph[2];
    double t0 = sqrt(1 - 2 / ah);
    xh[0] = atanh(t0);
    xh[1] = 2 * t0;
    ph[0] = ah;
    ph[1] = xh[0] - ah * t0 + 2 * tanh(xh[1]);
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_H, xh, ph, &c, &err), EG_OK);
    int ends = c->end[0] == EG_CONT2_END_BT || c->end[1] == EG_CONT2_END_BT;
    assert_true(ends);
    assert_int_equal(c->nspecials, 1);
    const eg_cont2_special *sp = &c->specials[0];
    print_message("BT on the Hopf curve at (a, u) = (%.12g, %.12g), off the closed form by (%.2g, %.2g)\n", sp->p[0],
                  sp->p[1], sp->p[0] - a, sp->p[1] - u);
    assert_true(fabs(sp->p[0] - a) < 1e-6 && fabs(sp->p[1] - u) < 1e-6);
    eg_cont2_curve_free(c);
}

/* From the BT point on the fold curve, the Hopf curve that leaves it: every
 * point a Hopf point (trace J = 0, det J = ω² > 0), starting at the BT point,
 * and the same curve as the one traced from the Hopf point at a_BT − 0.3
 * (that point lies on it). */
static void test_hopf_curve_from_bogdanov_takens(void **state)
{
    (void)state;
    double a, u, xb[2];
    bt_closed_form(&a, &u, xb);
    eg_cont2_problem prob = {.dim = 2, .eval = bt_eval, .names = {"a", "u"}};
    eg_cont2_opts o = bt_options();
    double xf[2] = {0.49456021, 0.91565662}, pf[2] = {3.16943768, 0.4911743};
    eg_cont2_curve *c = NULL, *h = NULL;
    eg_error err;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_LP, xf, pf, &c, &err), EG_OK);
    const eg_cont2_special *bt = NULL;
    for (size_t k = 0; k < c->nspecials; k++)
        if (c->specials[k].type == EG_CONT2_BT)
            bt = &c->specials[k];
    assert_non_null(bt);
    assert_int_equal(eg_cont2_trace_hopf_from_bt(&prob, &o, bt->x, bt->p, &h, &err), EG_OK);
    assert_false(h->failed);
    assert_true(h->npoints > 10);
    assert_int_equal(h->end[0], EG_CONT2_END_BT);
    assert_true(fabs(h->p[0] - a) < 1e-6 && fabs(h->p[1] - u) < 1e-6);
    for (size_t k = 1; k < h->npoints; k++) {
        double tr, det;
        trace_det(bt_eval, h->p + 2 * k, h->x + 2 * k, &tr, &det);
        assert_true(fabs(tr) < 1e-8);
        assert_true(det > 0);
        assert_true(fabs(h->test[2 * k] - sqrt(det)) < 1e-8);
    }
    /* The Hopf point at a_BT − 0.3 (u from the equilibrium condition) on it. */
    double ah = a - 0.3, t0 = sqrt(1 - 2 / ah), x1 = atanh(t0), uh = x1 - ah * t0 + 2 * tanh(2 * t0);
    int found = 0;
    for (size_t k = 0; k + 1 < h->npoints && !found; k++) {
        const double *p = h->p + 2 * k, *q = p + 2;
        if ((p[0] - ah) * (q[0] - ah) > 0 || p[0] == q[0])
            continue;
        double s = (ah - p[0]) / (q[0] - p[0]);
        found = fabs(p[1] + s * (q[1] - p[1]) - uh) < 1e-3;
    }
    assert_true(found);
    eg_cont2_curve_free(h);
    eg_cont2_curve_free(c);
}

static void test_refusals(void **state)
{
    (void)state;
    eg_cont2_problem prob = {.dim = 1, .eval = cusp_eval, .names = {"w", "u"}};
    eg_cont2_opts o = eg_cont2_opts_default();
    double x0 = 0.5, p0[2] = {2, 0};
    eg_cont2_curve *c = NULL;
    eg_error err;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_H, &x0, p0, &c, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "at least two"));
    o.lo[1] = 1;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_LP, &x0, p0, &c, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "outside the range"));
    /* w = 0.5: no fold anywhere. */
    o.lo[1] = -INFINITY;
    p0[0] = 0.5;
    assert_int_equal(eg_cont2_trace(&prob, &o, EG_CONT_LP, &x0, p0, &c, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "not near a fold"));
    assert_null(c);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bialternate),
        cmocka_unit_test(test_cusp),
        cmocka_unit_test(test_hopf_curve),
        cmocka_unit_test(test_bogdanov_takens),
        cmocka_unit_test(test_hopf_curve_from_bogdanov_takens),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
