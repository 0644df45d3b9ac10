/* test_dopri5.c: engram's Dormand–Prince 5(4) stepper against closed forms
 * (exponential decay, a rotation), against GSL's rk8pd on a tanh network and
 * an input pulse; its orders, its evaluations of f (FSAL), its dense output,
 * repeatability and failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engram/dopri5.h"
#include "engram/integrate.h"
#include "engram/rate.h"
#include "engram/rng.h"

static const double FOUR_PI = 12.566370614359172; /* two turns */

/* x' = −y, y' = x, counting its evaluations in *params when not NULL. */
static int rotation(double t, const double *x, double *f, void *params)
{
    (void)t;
    if (params)
        ++*(unsigned long *)params;
    f[0] = -x[1];
    f[1] = x[0];
    return GSL_SUCCESS;
}

static eg_dyn_system rotation_system(unsigned long *count)
{
    eg_dyn_system sys = {.dim = 2, .rhs = rotation, .params = count};
    return sys;
}

/* The largest distance of a recorded rotation from (cos t, sin t). */
static double rotation_error(const eg_trajectory *tr, int end_only)
{
    double worst = 0.0;
    for (size_t k = end_only ? tr->count - 1 : 0; k < tr->count; k++) {
        double t = tr->times->data[k];
        double e = fmax(fabs(tr->states->data[2 * k] - cos(t)), fabs(tr->states->data[2 * k + 1] - sin(t)));
        worst = fmax(worst, e);
    }
    return worst;
}

static eg_integrate_opts dopri5(double t1, double rtol)
{
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "dopri5";
    o.t1 = t1;
    o.dt_record = 0.1;
    o.rtol = rtol;
    o.atol = rtol * 1e-3;
    return o;
}

static eg_trajectory *run_rotation(const eg_integrate_opts *o, unsigned long *count)
{
    eg_dyn_system sys = rotation_system(count);
    const double x0[2] = {1.0, 0.0};
    eg_trajectory *tr;
    eg_error err;
    if (eg_integrate(&sys, x0, o, &tr, &err) != EG_OK)
        fail_msg("%s", err.msg);
    return tr;
}

static void test_decay_matches_exp(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(1); /* x' = −x */
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    for (double rtol = 1e-4; rtol > 1e-11; rtol *= 1e-2) {
        eg_integrate_opts o = dopri5(5.0, rtol);
        double x0 = 1.0;
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
        assert_int_equal(tr->count, 51);
        for (size_t k = 0; k < tr->count; k++) {
            double t = tr->times->data[k], e = fabs(tr->states->data[k] - exp(-t));
            if (!(e < 10.0 * rtol * exp(-t) + 10.0 * o.atol))
                fail_msg("rtol %g: |x(%g) − e^−t| = %g", rtol, t, e);
        }
        eg_trajectory_free(tr);
    }
    eg_rate_free(net);
}

/* The rotation over two turns: the end and every recorded time (the dense
 * output between steps) within the tolerance scaled. */
static void test_rotation_matches_closed_form(void **state)
{
    (void)state;
    for (double rtol = 1e-3; rtol > 1e-11; rtol *= 1e-2) {
        eg_integrate_opts o = dopri5(FOUR_PI, rtol);
        eg_trajectory *tr = run_rotation(&o, NULL);
        assert_true(tr->complete);
        double end = rotation_error(tr, 1), all = rotation_error(tr, 0);
        if (!(end < 20.0 * rtol && all < 20.0 * rtol))
            fail_msg("rtol %g: error %g at the end, %g on the grid", rtol, end, all);
        eg_trajectory_free(tr);
    }
}

/* Global error tracks the tolerance: a hundredfold tighter rtol shrinks the
 * error about a hundredfold (slope 1 in log–log, as for a 5th-order method
 * whose local error per step is held at the tolerance). */
static void test_error_follows_tolerance(void **state)
{
    (void)state;
    double prev = 0.0;
    for (double rtol = 1e-4; rtol > 1e-11; rtol *= 1e-2) {
        eg_integrate_opts o = dopri5(FOUR_PI, rtol);
        o.dt_record = o.t1;
        eg_trajectory *tr = run_rotation(&o, NULL);
        double e = rotation_error(tr, 1);
        if (prev > 0.0) {
            double slope = log10(prev / e) / 2.0;
            if (!(slope > 0.7 && slope < 1.4))
                fail_msg("rtol %g: error %g after %g, slope %.2f", rtol, e, prev, slope);
        }
        prev = e;
        eg_trajectory_free(tr);
    }
}

/* Fixed steps: halving h divides the error by 2^5 (the tableau is 5th order). */
static void test_fixed_steps_fifth_order(void **state)
{
    (void)state;
    double prev = 0.0;
    for (double h = 0.2; h > 0.02; h /= 2.0) {
        eg_integrate_opts o = dopri5(FOUR_PI, 1e-6);
        o.fixed_step = h;
        o.dt_record = o.t1; /* recording times would shorten the steps */
        unsigned long count = 0;
        eg_trajectory *tr = run_rotation(&o, &count);
        double e = rotation_error(tr, 0);
        /* FSAL: one evaluation to start, then 6 a step. */
        assert_int_equal(count, 1 + 6 * tr->steps);
        if (prev > 0.0 && !(prev / e > 25.0 && prev / e < 40.0))
            fail_msg("h %g: error %g after %g, ratio %.1f", h, e, prev, prev / e);
        prev = e;
        eg_trajectory_free(tr);
    }
}

/* FSAL: 2 evaluations to start (f(t0) and Hairer's probe), then 6 per attempt,
 * accepted or rejected; a first step far too long is rejected and retried. */
static void test_fsal_evaluations(void **state)
{
    (void)state;
    unsigned long count = 0;
    eg_dopri5 *s = eg_dopri5_alloc(2);
    assert_non_null(s);
    const double x0[2] = {1.0, 0.0};
    assert_int_equal(eg_dopri5_start(s, rotation, &count, 0.0, x0, 10.0, 1e-8, 1e-11, 1), 0);
    assert_int_equal(count, 2);
    s->h = 5.0;
    while (s->t < 10.0)
        assert_int_equal(eg_dopri5_step(s, rotation, &count, 10.0, 1e-8, 1e-11), 0);
    assert_true(s->rejected >= 1);
    assert_int_equal(count, s->evals);
    assert_int_equal(count, 2 + 6 * (s->accepted + s->rejected));
    assert_true(fabs(s->y[0] - cos(10.0)) < 1e-6 && fabs(s->y[1] - sin(10.0)) < 1e-6);
    /* The driver: no rejections on this smooth problem, a start, 6 a step. */
    count = 0;
    eg_integrate_opts o = dopri5(10.0, 1e-8);
    eg_trajectory *tr = run_rotation(&o, &count);
    assert_true(count >= 2 + 6 * tr->steps && (count - 2) % 6 == 0);
    eg_trajectory_free(tr);
    eg_dopri5_free(s);
}

/* The recording grid does not cut steps: the same steps and, at t1, the same
 * state to the last bit, whether recording every 0.01 or only at the end. */
static void test_recording_does_not_force_steps(void **state)
{
    (void)state;
    eg_integrate_opts fine = dopri5(10.0, 1e-7), coarse = fine;
    fine.dt_record = 0.01;
    coarse.dt_record = 10.0;
    eg_trajectory *a = run_rotation(&fine, NULL), *b = run_rotation(&coarse, NULL);
    assert_int_equal(a->count, 1001);
    assert_int_equal(b->count, 2);
    assert_int_equal(a->steps, b->steps);
    assert_true(a->steps < 200);
    assert_memory_equal(a->states->data + 2 * 1000, b->states->data + 2, 2 * sizeof(double));
    eg_trajectory_free(a);
    eg_trajectory_free(b);
}

/* τ x' = −x + W tanh(x), D = 12, W_ij ~ N(0, 1.5²/D). */
static eg_rate_net *tanh_net(size_t n, double *x0)
{
    eg_rate_net *net = eg_rate_alloc(n);
    assert_non_null(net);
    net->act = eg_activation_default(EG_ACT_TANH);
    gsl_rng *r = eg_rng_alloc(7, EG_RNG_INIT, 0);
    for (size_t i = 0; i < n * n; i++)
        net->W->data[i] = gsl_ran_gaussian(r, 1.5 / sqrt((double)n));
    for (size_t i = 0; i < n; i++)
        x0[i] = gsl_ran_gaussian(r, 1.0);
    gsl_rng_free(r);
    return net;
}

/* Against GSL's rk8pd at rtol 1e-12 on a small chaotic-regime tanh network,
 * and bit for bit the same on a second run. */
static void test_tanh_network_against_rk8pd(void **state)
{
    (void)state;
    enum { N = 12 };
    double x0[N];
    eg_rate_net *net = tanh_net(N, x0);
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts ref = eg_integrate_opts_default();
    ref.t1 = 10.0;
    ref.dt_record = 0.5;
    ref.rtol = 1e-12;
    ref.atol = 1e-14;
    eg_trajectory *want;
    assert_int_equal(eg_integrate(&sys, x0, &ref, &want, NULL), EG_OK);
    for (double rtol = 1e-5; rtol > 1e-10; rtol *= 1e-2) {
        eg_integrate_opts o = ref;
        o.method = "dopri5";
        o.rtol = rtol;
        o.atol = rtol * 1e-3;
        eg_trajectory *got, *again;
        assert_int_equal(eg_integrate(&sys, x0, &o, &got, NULL), EG_OK);
        assert_int_equal(eg_integrate(&sys, x0, &o, &again, NULL), EG_OK);
        assert_int_equal(got->count, want->count);
        double worst = 0.0, scale = 0.0;
        for (size_t i = 0; i < got->count * N; i++) {
            worst = fmax(worst, fabs(got->states->data[i] - want->states->data[i]));
            scale = fmax(scale, fabs(want->states->data[i]));
        }
        if (!(worst < 100.0 * rtol * scale))
            fail_msg("rtol %g: max error %g (max |x| %g)", rtol, worst, scale);
        assert_memory_equal(got->states->data, again->states->data, got->count * N * sizeof(double));
        assert_int_equal(got->steps, again->steps);
        eg_trajectory_free(got);
        eg_trajectory_free(again);
    }
    eg_trajectory_free(want);
    eg_rate_free(net);
}

/* An input pulse: steps stop at its edges (breakpoints), as with GSL's. */
static void test_pulse_against_rk8pd(void **state)
{
    (void)state;
    eg_input_set *in = eg_input_set_alloc(1);
    eg_input p = eg_input_default(EG_INPUT_PULSE);
    p.t0 = 0.55;
    p.duration = 1.5;
    p.amplitude = 0.4;
    assert_int_equal(eg_input_add(in, &p, NULL), EG_OK);
    eg_rate_net *net = eg_rate_alloc(1);
    net->W->data[0] = 0.5;
    net->input = in;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts ref = eg_integrate_opts_default();
    ref.t1 = 6.0;
    ref.dt_record = 0.1;
    ref.rtol = 1e-12;
    ref.atol = 1e-14;
    eg_integrate_opts o = dopri5(6.0, 1e-9);
    double x0 = 0.0;
    eg_trajectory *want, *got;
    assert_int_equal(eg_integrate(&sys, &x0, &ref, &want, NULL), EG_OK);
    assert_int_equal(eg_integrate(&sys, &x0, &o, &got, NULL), EG_OK);
    assert_int_equal(got->count, want->count);
    for (size_t k = 0; k < got->count; k++)
        assert_true(fabs(got->states->data[k] - want->states->data[k]) < 1e-8);
    eg_trajectory_free(want);
    eg_trajectory_free(got);
    eg_rate_free(net);
    eg_input_set_free(in);
}

/* f turns NaN at t > 1: a numeric failure naming the time and the unit. */
static int blows_up(double t, const double *x, double *f, void *params)
{
    (void)params;
    f[0] = -x[0];
    f[1] = t > 1.0 ? NAN : -x[1];
    return GSL_SUCCESS;
}

static void test_failures(void **state)
{
    (void)state;
    eg_dyn_system sys = {.dim = 2, .rhs = blows_up};
    const double x0[2] = {1.0, 1.0};
    eg_integrate_opts o = dopri5(3.0, 1e-8);
    eg_trajectory *tr;
    eg_error err;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, &err), EG_ENUMERIC);
    assert_non_null(strstr(err.msg, "not finite at t = 1"));
    assert_non_null(strstr(err.msg, "unit 1"));
    assert_int_equal(tr->stop, EG_STOP_DIVERGED);
    assert_true(tr->count >= 10); /* t = 0 .. 0.9, and 1 unless the failing step straddled it */
    eg_trajectory_free(tr);
    /* Noise is Euler–Maruyama's: a deterministic adaptive stepper refuses it. */
    o.fixed_step = 0.01;
    o.noise_sigma = 0.1;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, &err), EG_EINVAL);
    assert_null(tr);
    assert_non_null(strstr(err.msg, "'dopri5'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decay_matches_exp),
        cmocka_unit_test(test_rotation_matches_closed_form),
        cmocka_unit_test(test_error_follows_tolerance),
        cmocka_unit_test(test_fixed_steps_fifth_order),
        cmocka_unit_test(test_fsal_evaluations),
        cmocka_unit_test(test_recording_does_not_force_steps),
        cmocka_unit_test(test_tanh_network_against_rk8pd),
        cmocka_unit_test(test_pulse_against_rk8pd),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
