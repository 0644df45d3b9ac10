/* test_fixed_points.c: fixed points and their classes for the saturating
 * autapse and the decision circuit, eigenvalues and classification by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/fixed_points.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "engram/rate.h"

/* x* = 2 tanh(x*), from an independent root finder (scipy brentq, xtol 1e-15). */
static const double XSTAR = 1.9150080481545375;

static eg_rate_net *saturating_autapse(const eg_input_set *in)
{
    eg_rate_net *net = eg_rate_alloc(1); /* x' = −x + 2 tanh(x) */
    net->W->data[0] = 2.0;
    net->act = eg_activation_default(EG_ACT_TANH);
    net->input = in;
    return net;
}

static void test_saturating_autapse_fixed_points(void **state)
{
    (void)state;
    eg_rate_net *net = saturating_autapse(NULL);
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_fp_opts o = eg_fp_opts_default();
    o.lo = -3.0;
    o.hi = 3.0;
    o.grid = 13;
    o.random_starts = 20;
    o.seed = 4;
    eg_fp_set *fp;
    assert_int_equal(eg_fixed_points_find(&sys, &o, &fp, NULL), EG_OK);
    assert_int_equal(fp->count, 3);
    assert_int_equal(fp->starts_tried, 33);
    int seen[3] = {0, 0, 0};
    for (size_t k = 0; k < fp->count; k++) {
        double x = fp->points->data[k];
        double lam = fp->eig_re->data[k];
        /* J = −1 + 2 (1 − tanh² x) */
        assert_true(fabs(lam - (-1.0 + 2.0 * (1.0 - tanh(x) * tanh(x)))) < 1e-12);
        if (fabs(x) < 1e-9) {
            seen[0] = 1;
            assert_int_equal(fp->cls[k], EG_FP_UNSTABLE_NODE);
            assert_int_equal(fp->unstable_dim[k], 1);
        } else {
            assert_true(fabs(fabs(x) - XSTAR) < 1e-10);
            seen[x > 0 ? 1 : 2] = 1;
            assert_int_equal(fp->cls[k], EG_FP_STABLE_NODE);
            assert_int_equal(fp->unstable_dim[k], 0);
        }
    }
    assert_true(seen[0] && seen[1] && seen[2]);
    eg_fp_set_free(fp);
    eg_rate_free(net);
}

static void test_brief_input_sign_decides(void **state)
{
    (void)state;
    for (int sign = -1; sign <= 1; sign += 2) {
        eg_input_set *in = eg_input_set_alloc(1);
        eg_input p = eg_input_default(EG_INPUT_PULSE);
        p.t0 = 1.0;
        p.duration = 0.5;
        p.amplitude = 0.2 * sign;
        assert_int_equal(eg_input_add(in, &p, NULL), EG_OK);
        eg_rate_net *net = saturating_autapse(in);
        eg_dyn_system sys;
        assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
        eg_integrate_opts o = eg_integrate_opts_default();
        o.t1 = 40.0;
        o.dt_record = 1.0;
        double x0 = 0.0; /* on the unstable fixed point: only the input moves it */
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
        assert_true(tr->states->data[1] == 0.0); /* nothing happens before the pulse */
        assert_true(fabs(tr->states->data[tr->count - 1] - sign * XSTAR) < 1e-7);
        eg_trajectory_free(tr);
        eg_rate_free(net);
        eg_input_set_free(in);
    }
}

static void test_decision_circuit_fixed_points(void **state)
{
    (void)state;
    eg_input_set *in = eg_input_set_alloc(2);
    eg_input step = eg_input_default(EG_INPUT_STEP);
    double amp[2] = {0.5, 0.5};
    step.amp_units = amp;
    assert_int_equal(eg_input_add(in, &step, NULL), EG_OK);
    eg_rate_net *net = eg_rate_alloc(2);
    net->form = EG_RATE_RATE;
    net->act = eg_activation_default(EG_ACT_SIGMOID);
    net->act.gain = 4.0;
    net->act.threshold = 0.5;
    const double W[4] = {1.2, -1.0, -1.0, 1.2};
    memcpy(net->W->data, W, sizeof W);
    eg_rate_set_tau(net, 10.0);
    net->input = in;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_fp_opts o = eg_fp_opts_default();
    o.lo = 0.0;
    o.hi = 1.0;
    o.grid = 11;
    o.t = 1.0;
    eg_fp_set *fp;
    assert_int_equal(eg_fixed_points_find(&sys, &o, &fp, NULL), EG_OK);
    /* With symmetric input: two mirror-image attractors and the saddle between. */
    assert_int_equal(fp->count, 3);
    size_t stable = 0, saddle = 0;
    for (size_t k = 0; k < fp->count; k++) {
        double *r = &fp->points->data[2 * k];
        if (fp->cls[k] == EG_FP_STABLE_NODE) {
            stable++;
            assert_true(fabs(r[0] - r[1]) > 0.9);
        } else {
            assert_int_equal(fp->cls[k], EG_FP_SADDLE);
            assert_int_equal(fp->unstable_dim[k], 1);
            assert_true(fabs(r[0] - r[1]) < 1e-9); /* on the diagonal by symmetry */
            saddle++;
        }
    }
    assert_int_equal(stable, 2);
    assert_int_equal(saddle, 1);
    eg_fp_set_free(fp);
    eg_rate_free(net);
    eg_input_set_free(in);
}

static void test_eigenvalues_and_classes_by_hand(void **state)
{
    (void)state;
    double re[2], im[2];
    const double rot[4] = {-0.5, -2.0, 2.0, -0.5}; /* −0.5 ± 2i */
    assert_int_equal(eg_fp_eigenvalues(rot, 2, re, im, NULL), EG_OK);
    assert_true(fabs(re[0] + 0.5) < 1e-14 && fabs(fabs(im[0]) - 2.0) < 1e-14);
    size_t u;
    assert_int_equal(eg_fp_classify(re, im, 2, 1e-9, &u), EG_FP_STABLE_FOCUS);
    const double r1[3] = {1.0, 2.0, -3.0}, i0[3] = {0, 0, 0};
    assert_int_equal(eg_fp_classify(r1, i0, 3, 1e-9, &u), EG_FP_SADDLE);
    assert_int_equal(u, 2);
    const double r2[2] = {1.0, 1.0}, i2[2] = {1.0, -1.0};
    assert_int_equal(eg_fp_classify(r2, i2, 2, 1e-9, &u), EG_FP_UNSTABLE_FOCUS);
    const double r3[2] = {0.0, -1.0};
    assert_int_equal(eg_fp_classify(r3, i0, 2, 1e-9, &u), EG_FP_NONHYPERBOLIC);
    assert_string_equal(eg_fp_class_name(EG_FP_SADDLE), "saddle");
}

static void test_bad_options(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(8);
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_fp_opts o = eg_fp_opts_default();
    eg_fp_set *fp;
    eg_error err;
    assert_int_equal(eg_fixed_points_find(&sys, &o, &fp, &err), EG_EINVAL); /* no starts */
    o.grid = 10; /* 10^8 starts */
    assert_int_equal(eg_fixed_points_find(&sys, &o, &fp, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "random starts"));
    /* Given starts: a linear x' = −x has the single fixed point 0, a stable node. */
    o.grid = 0;
    eg_matrix *starts = eg_matrix_alloc(2, 8);
    starts->data[3] = 5.0;
    o.starts = starts;
    assert_int_equal(eg_fixed_points_find(&sys, &o, &fp, &err), EG_OK);
    assert_int_equal(fp->count, 1);
    assert_int_equal(fp->cls[0], EG_FP_STABLE_NODE);
    eg_fp_set_free(fp);
    eg_matrix_free(starts);
    eg_rate_free(net);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_saturating_autapse_fixed_points),
        cmocka_unit_test(test_brief_input_sign_decides),
        cmocka_unit_test(test_decision_circuit_fixed_points),
        cmocka_unit_test(test_eigenvalues_and_classes_by_hand),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
