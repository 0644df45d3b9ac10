/* test_continuation.c: the continuation library on normal forms worked by
 * hand: a fold (p − x²), a transcritical branch point (p x − x²) with the
 * crossing branch x = p, a Hopf point of the planar normal form with its first
 * Lyapunov coefficient, and the refusals of bad options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/continuation.h"
#include "engram/numerics.h"

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

static void test_fold(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 1, .eval = fold_eval};
    double x0 = 1;
    eg_cont_opts o = eg_cont_opts_default();
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
    o.p0 = -1;
    o.x0 = &x0;
    o.p_lo = -1;
    o.p_hi = 1;
    o.step = 0.1;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(&prob, &o, &r, &err), EG_OK);
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
            if (fabs(r->p[k]) > 1e-6)
                assert_int_equal(r->unstable[k], r->p[k] < 0);
        }
    }
    /* On x = 0, λ = p: stable below 0 only. */
    for (size_t k = 0; k < r->branches[0].count; k++)
        if (fabs(r->p[k]) > 1e-6)
            assert_int_equal(r->unstable[k], r->p[k] > 0);
    eg_cont_result_free(r);
}

static void test_hopf_normal_form(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 2, .eval = hopf_eval};
    double x0[2] = {0, 0};
    eg_cont_opts o = eg_cont_opts_default();
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

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_transcritical),
        cmocka_unit_test(test_hopf_normal_form),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
