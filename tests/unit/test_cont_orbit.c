/* test_cont_orbit.c: the periodic orbits born at a subcritical Hopf point,
 * followed around their fold, on the normal form of a Bautin point in
 * Cartesian form, ṙ = r(p + r² − r⁴), θ̇ = 1: for p in (−1/4, 0) two cycles,
 * the small one unstable, r² = (1 − √(1 + 4p))/2, the large one stable,
 * r² = (1 + √(1 + 4p))/2, meeting in a fold of cycles at p = −1/4, r² = 1/2;
 * every period is 2π, and the non-trivial Floquet multiplier is
 * exp(2π · 2r²(1 − 2r²)). The fold is located by successive parabolic
 * interpolation of p along the branch, to the orbits' own accuracy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "engram/continuation.h"

static const double TWO_PI = 6.283185307179586476925;

/* f = (x g − y, y g + x) with g = p + r² − r⁴, and its Jacobian. */
static eg_status bautin_eval(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx, (void)err;
    double r2 = x[0] * x[0] + x[1] * x[1], g = p + r2 - r2 * r2, dg = 1 - 2 * r2;
    f[0] = x[0] * g - x[1];
    f[1] = x[1] * g + x[0];
    if (J) {
        J[0] = g + 2 * x[0] * x[0] * dg;
        J[1] = -1 + 2 * x[0] * x[1] * dg;
        J[2] = 1 + 2 * x[0] * x[1] * dg;
        J[3] = g + 2 * x[1] * x[1] * dg;
    }
    return EG_OK;
}

/* The Hopf point at p = 0 as the continuation finds it (l1 > 0). */
static eg_cont_result *hopf_point(const eg_cont_problem *prob)
{
    double x0[2] = {0, 0};
    eg_cont_opts o = eg_cont_opts_default();
    o.p0 = 0.5;
    o.x0 = x0;
    o.p_lo = -0.5;
    o.p_hi = 0.5;
    o.step = -0.1;
    eg_cont_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_cont_trace(prob, &o, &r, &err), EG_OK);
    assert_int_equal(r->nspecials, 1);
    assert_int_equal(r->specials[0].type, EG_CONT_H);
    assert_true(r->specials[0].l1 > 0);
    return r;
}

static void test_orbits_turn_at_the_fold_of_cycles(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 2, .eval = bautin_eval};
    eg_cont_result *r = hopf_point(&prob);
    eg_cont_orbit *o = NULL;
    size_t n = 0, folds = 0;
    eg_error err;
    assert_int_equal(eg_cont_orbits(&prob, &r->specials[0], 24, 0.02, &o, &n, &err), EG_OK);
    assert_int_equal(n, 24);
    int large = 0;
    for (size_t k = 0; k < n; k++) {
        double p = o[k].p, root = sqrt(1 + 4 * p);
        assert_true(p > -0.25 && p < 0.5);
        if (o[k].past_fold) {
            folds++;
            large = 1;
            /* Located to the orbits' accuracy; the amplitude is the peak
             * to peak of 200 samples an orbit. */
            assert_true(fabs(o[k].fold_p + 0.25) < 1e-9);
            assert_true(fabs(o[k].fold_period - TWO_PI) < 1e-8);
            assert_true(fabs(o[k].fold_amplitude - 2 * sqrt(0.5)) < 1e-3);
        }
        /* Before the fold the small cycle, after it the large one. */
        double r2 = large ? (1 + root) / 2 : (1 - root) / 2, mult = exp(TWO_PI * 2 * r2 * (1 - 2 * r2));
        assert_true(fabs(o[k].period - TWO_PI) < 1e-6);
        assert_true(fabs(o[k].amplitude - 2 * sqrt(r2)) < 2e-3);
        /* The multipliers: 1 (along the orbit) and the radial one. */
        double m0 = hypot(o[k].mult_re[0], o[k].mult_im[0]), m1 = hypot(o[k].mult_re[1], o[k].mult_im[1]);
        double radial = fabs(m0 - 1) > fabs(m1 - 1) ? m0 : m1;
        assert_true(fabs(radial - mult) < 1e-5 * fmax(1, mult));
        assert_int_equal(o[k].stable, mult < 1);
        /* Each orbit is the circle of radius r: ‖x‖ = r all round it. */
        assert_true(fabs(o[k].norm_max - sqrt(r2)) < 1e-6 && fabs(o[k].norm_min - sqrt(r2)) < 1e-6);
        assert_true(fabs(o[k].x_max[0] - sqrt(r2)) < 1e-3 && fabs(o[k].x_min[0] + sqrt(r2)) < 1e-3);
    }
    assert_int_equal(folds, 1);
    assert_true(large);
    eg_cont_orbits_free(o, n);
    eg_cont_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orbits_turn_at_the_fold_of_cycles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
