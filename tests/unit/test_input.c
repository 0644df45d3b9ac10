/* test_input.c: input profiles, sums, cues and breakpoints against hand-worked values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "engram/input.h"

static void test_profiles_and_sums(void **state)
{
    (void)state;
    eg_input_set *s = eg_input_set_alloc(2);
    assert_non_null(s);
    eg_input step = eg_input_default(EG_INPUT_STEP);
    step.t0 = 1.0;
    step.amplitude = 2.0;
    double amp[2] = {1.0, -3.0};
    eg_input pulse = eg_input_default(EG_INPUT_PULSE);
    pulse.t0 = 2.0;
    pulse.duration = 0.5;
    pulse.amp_units = amp;
    assert_int_equal(eg_input_add(s, &step, NULL), EG_OK);
    assert_int_equal(eg_input_add(s, &pulse, NULL), EG_OK);
    amp[1] = 99.0; /* the set holds its own copy */
    double I[2], dI[2];
    eg_input_eval(s, 0.5, I);
    assert_true(I[0] == 0.0 && I[1] == 0.0);
    eg_input_eval(s, 1.0, I);
    assert_true(I[0] == 2.0 && I[1] == 2.0);
    eg_input_eval(s, 2.25, I);
    assert_true(I[0] == 3.0 && I[1] == -1.0);
    eg_input_eval(s, 2.5, I); /* the pulse is over at t0 + duration */
    assert_true(I[0] == 2.0 && I[1] == 2.0);
    eg_input_set_free(s);

    s = eg_input_set_alloc(1);
    eg_input ramp = eg_input_default(EG_INPUT_RAMP);
    ramp.t0 = 1.0;
    ramp.amplitude = 0.5;
    ramp.duration = 2.0;
    eg_input sine = eg_input_default(EG_INPUT_SINE);
    sine.freq = 0.25;
    sine.amplitude = 3.0;
    assert_int_equal(eg_input_add(s, &ramp, NULL), EG_OK);
    assert_int_equal(eg_input_add(s, &sine, NULL), EG_OK);
    eg_input_eval(s, 2.0, I);
    eg_input_eval_dt(s, 2.0, dI);
    /* ramp 0.5·1, sine 3 sin(π) ≈ 0; slopes 0.5 and 3·(π/2)·cos(π). */
    assert_true(fabs(I[0] - 0.5) < 1e-12);
    assert_true(fabs(dI[0] - (0.5 - 1.5 * M_PI)) < 1e-12);
    eg_input_eval(s, 4.0, I); /* ramp held at 0.5·2, sine 3 sin(2π) */
    assert_true(fabs(I[0] - 1.0) < 1e-12);
    eg_input_set_free(s);

    s = eg_input_set_alloc(1);
    double tt[3] = {0.0, 1.0, 3.0}, vv[3] = {0.0, 2.0, -2.0};
    eg_input tab = eg_input_default(EG_INPUT_TABLE);
    tab.npoints = 3;
    tab.times = tt;
    tab.values = vv;
    tab.amplitude = 0.5;
    assert_int_equal(eg_input_add(s, &tab, NULL), EG_OK);
    eg_input_eval(s, 2.0, I);
    assert_true(fabs(I[0] - 0.0) < 1e-15);
    eg_input_eval(s, 0.5, I);
    assert_true(fabs(I[0] - 0.5) < 1e-15);
    eg_input_eval(s, 10.0, I);
    assert_true(fabs(I[0] + 1.0) < 1e-15);
    eg_input_eval_dt(s, 2.0, dI);
    assert_true(fabs(dI[0] + 1.0) < 1e-15);
    double *b;
    size_t nb;
    assert_int_equal(eg_input_breakpoints(s, &b, &nb, NULL), EG_OK);
    assert_int_equal(nb, 3);
    assert_true(b[0] == 0.0 && b[1] == 1.0 && b[2] == 3.0);
    free(b);
    eg_input_set_free(s);
}

static void test_bad_specs(void **state)
{
    (void)state;
    eg_input_set *s = eg_input_set_alloc(1);
    eg_error err;
    eg_input p = eg_input_default(EG_INPUT_PULSE); /* infinite duration */
    assert_int_equal(eg_input_add(s, &p, &err), EG_EINVAL);
    double tt[2] = {1.0, 1.0}, vv[2] = {0.0, 1.0};
    eg_input tab = eg_input_default(EG_INPUT_TABLE);
    tab.npoints = 2;
    tab.times = tt;
    tab.values = vv;
    assert_int_equal(eg_input_add(s, &tab, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "increase"));
    eg_input_set_free(s);
    eg_input_set_free(NULL);
}

static void test_cues(void **state)
{
    (void)state;
    eg_input_set *s = eg_input_set_alloc(3);
    double pat[3] = {1.0, NAN, -1.0};
    eg_cue clamp = {EG_CUE_CLAMP, pat, 1.0, 2.0, 0.0};
    double pat2[3] = {0.0, 4.0, NAN};
    eg_cue drive = {EG_CUE_DRIVE, pat2, 0.0, INFINITY, 0.5};
    assert_int_equal(eg_input_add_cue(s, &clamp, NULL), EG_OK);
    assert_int_equal(eg_input_add_cue(s, &drive, NULL), EG_OK);
    double x[3] = {0.2, 0.4, 0.6}, f[3] = {1.0, 1.0, 1.0};
    eg_input_cue_rhs(s, 0.5, x, f); /* only the drive: 0.5 (p − x) on units 0, 1 */
    assert_true(fabs(f[0] - 0.9) < 1e-15 && fabs(f[1] - 2.8) < 1e-15 && f[2] == 1.0);
    double g[3] = {1.0, 1.0, 1.0};
    eg_input_cue_rhs(s, 1.5, x, g); /* clamp zeroes 0 and 2, then drive adds on 0 and 1 */
    assert_true(fabs(g[0] + 0.1) < 1e-15 && fabs(g[1] - 2.8) < 1e-15 && g[2] == 0.0);
    eg_input_cue_project(s, 1.0, x);
    assert_true(x[0] == 1.0 && x[1] == 0.4 && x[2] == -1.0);
    double J[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    eg_input_cue_jacobian(s, 1.5, J);
    assert_true(J[0] == -0.5 && J[1] == 0.0 && J[4] == 0.5 && J[8] == 0.0 && J[3] == 1.0);
    eg_input_set_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profiles_and_sums),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_cues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
