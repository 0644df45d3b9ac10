/* test_integrate.c: integration against the closed forms of the linear autapse
 * (SCIENCE.md §1), every stepper, stop conditions, noise, cues, the
 * decision circuit, the Hopfield energy and the phase plane. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "engram/energy.h"
#include "engram/integrate.h"
#include "engram/numerics.h"
#include "engram/phase.h"
#include "engram/rate.h"
#include "engram/rng.h"

static const double TAU = 2.0;

/* τ dx/dt = −x + w x + I(t): a one-unit linear network. */
static eg_rate_net *autapse(double w, const eg_input_set *in)
{
    eg_rate_net *net = eg_rate_alloc(1);
    assert_non_null(net);
    net->W->data[0] = w;
    eg_rate_set_tau(net, TAU);
    net->input = in;
    return net;
}

static eg_integrate_opts tight(double t1)
{
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "rk8pd";
    o.t1 = t1;
    o.dt_record = 0.25;
    o.rtol = 1e-12;
    o.atol = 1e-14;
    return o;
}

static void assert_rel(double got, double want, double rel)
{
    double scale = fabs(want) > 1.0 ? fabs(want) : 1.0;
    if (!(fabs(got - want) <= rel * scale))
        fail_msg("got %.17g, want %.17g (relative %g)", got, want, rel);
}

/* x(t) for τ x' = (w − 1) x + h on t ≥ 0 from x0: x0 e^{at} + (h/τ)(e^{at} − 1)/a, a = (w−1)/τ. */
static double closed_step(double w, double h, double x0, double t)
{
    double a = (w - 1.0) / TAU;
    if (a == 0.0)
        return x0 + h * t / TAU;
    return x0 * exp(a * t) + h / TAU * expm1(a * t) / a;
}

static void test_autapse_three_regimes_step(void **state)
{
    (void)state;
    const double ws[3] = {0.5, 1.0, 1.5};
    for (int r = 0; r < 3; r++) {
        /* Free evolution of an initial state (decay, hold, growth) ... */
        eg_rate_net *net = autapse(ws[r], NULL);
        eg_dyn_system sys;
        assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
        eg_integrate_opts o = tight(10.0);
        double x0 = 0.8;
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
        assert_int_equal(tr->count, 41);
        assert_true(tr->complete && tr->stop == EG_STOP_END);
        for (size_t k = 0; k < tr->count; k++) {
            double t = tr->times->data[k];
            assert_rel(t, 0.25 * (double)k, 1e-15);
            assert_rel(tr->states->data[k], closed_step(ws[r], 0.0, x0, t), 1e-8);
        }
        eg_trajectory_free(tr);
        eg_rate_free(net);

        /* ... and the response to a step of height h at t = 1 from rest. */
        eg_input_set *in = eg_input_set_alloc(1);
        eg_input step = eg_input_default(EG_INPUT_STEP);
        step.t0 = 1.0;
        step.amplitude = 0.3;
        assert_int_equal(eg_input_add(in, &step, NULL), EG_OK);
        net = autapse(ws[r], in);
        assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
        x0 = 0.0;
        assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
        for (size_t k = 0; k < tr->count; k++) {
            double t = tr->times->data[k];
            double want = t < 1.0 ? 0.0 : closed_step(ws[r], 0.3, 0.0, t - 1.0);
            assert_rel(tr->states->data[k], want, 1e-8);
        }
        if (ws[r] == 1.0) /* the integrator: a ramp h (t − 1)/τ */
            assert_rel(tr->states->data[tr->count - 1], 0.3 * 9.0 / TAU, 1e-8);
        eg_trajectory_free(tr);
        eg_rate_free(net);
        eg_input_set_free(in);
    }
}

static void test_autapse_three_regimes_pulse(void **state)
{
    (void)state;
    const double ws[3] = {0.5, 1.0, 1.5};
    const double h = 0.4, ts = 0.5, d = 1.5;
    for (int r = 0; r < 3; r++) {
        eg_input_set *in = eg_input_set_alloc(1);
        eg_input p = eg_input_default(EG_INPUT_PULSE);
        p.t0 = ts;
        p.duration = d;
        p.amplitude = h;
        assert_int_equal(eg_input_add(in, &p, NULL), EG_OK);
        eg_rate_net *net = autapse(ws[r], in);
        eg_dyn_system sys;
        assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
        eg_integrate_opts o = tight(12.0);
        o.dt_record = 0.1; /* the pulse edges fall between recording times */
        double x0 = 0.0;
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
        double a = (ws[r] - 1.0) / TAU, xe = closed_step(ws[r], h, 0.0, d);
        for (size_t k = 0; k < tr->count; k++) {
            double t = tr->times->data[k], want;
            if (t < ts)
                want = 0.0;
            else if (t < ts + d)
                want = closed_step(ws[r], h, 0.0, t - ts);
            else
                want = xe * exp(a * (t - ts - d));
            assert_rel(tr->states->data[k], want, 1e-8);
        }
        double last = tr->states->data[tr->count - 1];
        if (ws[r] < 1.0)
            assert_true(last < 0.2 * xe); /* forgets */
        else if (ws[r] == 1.0)
            assert_rel(last, h * d / TAU, 1e-8); /* remembers the pulse area / τ */
        else
            assert_true(last > 5.0 * xe); /* grows */
        eg_trajectory_free(tr);
        eg_rate_free(net);
        eg_input_set_free(in);
    }
}

static void test_every_stepper_integrates_decay(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(1); /* x' = −x */
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    size_t count = 0;
    for (const char *const *m = eg_integrate_methods(); *m; m++) {
        /* One table gives the names and their help. */
        assert_non_null(eg_integrate_method_doc(*m));
        assert_int_equal(eg_integrate_method_check(*m, NULL), EG_OK);
        count++;
    }
    assert_int_equal(count, 12);
    assert_null(eg_integrate_method_doc("euler"));
    for (const char *const *m = eg_integrate_methods(); *m; m++) {
        for (int fixed = 0; fixed < 2; fixed++) {
            eg_integrate_opts o = eg_integrate_opts_default();
            o.method = *m;
            o.dt_record = 0.5;
            o.rtol = 1e-10;
            o.atol = 1e-12;
            /* Fixed steps small enough for the first-order rk1imp to reach 1e-6. */
            if (fixed)
                o.fixed_step = strcmp(*m, "rk1imp") == 0 ? 1e-6 : 1e-3;
            if (fixed && strcmp(*m, "rk1imp") == 0)
                continue; /* 10^6 implicit steps are too slow for a unit test; adaptive covers it */
            double x0 = 1.0;
            eg_trajectory *tr;
            eg_error err;
            eg_status st = eg_integrate(&sys, &x0, &o, &tr, &err);
            assert_int_equal(tr->count, 3);
            if (st != EG_OK)
                fail_msg("%s (fixed %d): %s", *m, fixed, err.msg);
            if (!(fabs(tr->states->data[2] - exp(-1.0)) < 1e-6))
                fail_msg("%s (fixed %d): x(1) = %.12g", *m, fixed, tr->states->data[2]);
            eg_trajectory_free(tr);
        }
    }
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "euler";
    eg_error err;
    eg_trajectory *tr;
    double x0 = 1.0;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, &err), EG_EINVAL);
    assert_null(tr);
    assert_non_null(strstr(err.msg, "'euler'"));
    assert_non_null(strstr(err.msg, "msbdf"));
    eg_rate_free(net);
}

static void test_divergence_reports_time_and_unit(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(2); /* x0' = x0, x1' = 2 x1 */
    net->W->data[0] = 2.0;
    net->W->data[3] = 3.0;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = tight(10.0);
    o.dt_record = 0.1;
    o.diverge_bound = 100.0;
    double x0[2] = {1.0, 1.0};
    eg_trajectory *tr;
    eg_error err;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, &err), EG_ENUMERIC);
    assert_non_null(tr);
    assert_false(tr->complete);
    assert_int_equal(tr->stop, EG_STOP_DIVERGED);
    assert_int_equal(tr->unit, 1);
    /* |x1| = e^{2t} crosses 100 at ln(100)/2; it is noticed at the end of that step. */
    assert_true(tr->t_stop >= log(100.0) / 2.0 && tr->t_stop < log(100.0) / 2.0 + 0.1);
    assert_non_null(strstr(err.msg, "unit 1"));
    assert_non_null(strstr(err.msg, "t = 2.3"));
    assert_int_equal(tr->count, 24); /* rows at 0, 0.1, ..., 2.3 were kept */
    assert_rel(tr->states->data[2 * 23 + 1], exp(4.6), 1e-8);
    eg_trajectory_free(tr);
    eg_rate_free(net);
}

static double blow_up(double x, void *ctx)
{
    (void)ctx;
    return x > 2.0 ? NAN : x;
}

static void test_non_finite_rhs_is_reported(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(2);
    net->act = eg_activation_default(EG_ACT_USER);
    net->act.user_f = blow_up;
    net->W->data[3] = 2.0; /* x1' = −x1 + 2 φ(x1) grows until φ gives NaN */
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = tight(10.0);
    double x0[2] = {0.5, 1.0};
    eg_trajectory *tr;
    eg_error err;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, &err), EG_ENUMERIC);
    assert_int_equal(tr->stop, EG_STOP_DIVERGED);
    assert_int_equal(tr->unit, 1);
    assert_non_null(strstr(err.msg, "not finite"));
    /* The stage that saw x1 > 2 lies within one step of ln 2. */
    assert_true(fabs(tr->t_stop - log(2.0)) < 0.3);
    assert_true(tr->states->data[2 * (tr->count - 1) + 1] <= 2.0);
    assert_true(tr->count >= 1 && tr->count <= 8);
    eg_trajectory_free(tr);
    eg_rate_free(net);
}

static void test_convergence_stop_and_fixed_step_grid(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(1);
    net->bias[0] = 2.0; /* x' = 2 − x → 2 */
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = tight(100.0);
    o.converge_tol = 1e-6;
    o.dt_record = 1.0;
    double x0 = 0.0;
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
    assert_int_equal(tr->stop, EG_STOP_CONVERGED);
    assert_true(tr->complete);
    /* 2 e^{−t} < 1e-6 first at the recording time t = 15. */
    assert_true(tr->t_stop == 15.0);
    assert_int_equal(tr->count, 16);
    eg_trajectory_free(tr);

    /* Fixed rk4 steps of 0.3 with a recording grid of 0.5 that is not a multiple. */
    o = eg_integrate_opts_default();
    o.method = "rk4";
    o.fixed_step = 0.3;
    o.dt_record = 0.5;
    o.t1 = 2.2;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
    assert_int_equal(tr->count, 6); /* 0, .5, 1, 1.5, 2 and the end 2.2 */
    assert_rel(tr->times->data[5], 2.2, 1e-15);
    assert_true(fabs(tr->states->data[5] - 2.0 * (1.0 - exp(-2.2))) < 1e-4);
    eg_trajectory_free(tr);
    eg_rate_free(net);
}

/* x' = λ x, counted: the classical RK4 step multiplies x by the degree-4
 * Taylor polynomial of e^{λh} (Butcher, Numerical Methods for ODEs, §3), with
 * 4 evaluations of f; GSL's rk4 stepper would take 12. */
typedef struct counted_decay {
    double lambda;
    unsigned long calls;
} counted_decay;

static int decay_rhs(double t, const double *x, double *f, void *params)
{
    (void)t;
    counted_decay *c = params;
    c->calls++;
    f[0] = c->lambda * x[0];
    return 0;
}

static void test_fixed_step_rk4_is_classical(void **state)
{
    (void)state;
    counted_decay c = {-1.3, 0};
    eg_dyn_system sys = {.dim = 1, .rhs = decay_rhs, .params = &c};
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "rk4";
    o.fixed_step = 0.25;
    o.t1 = 5.0;
    o.dt_record = 1.0;
    double x0 = 2.0;
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
    assert_int_equal(tr->steps, 20);
    assert_int_equal(c.calls, 4 * 20);
    double z = c.lambda * o.fixed_step, g = 1.0 + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0;
    for (size_t r = 0; r < tr->count; r++)
        assert_rel(tr->states->data[r], x0 * pow(g, 4.0 * (double)r), 1e-13);
    eg_trajectory_free(tr);

    /* Adaptive rk4 is still GSL's stepper, with its error control. */
    c.calls = 0;
    o = tight(5.0);
    o.method = "rk4";
    o.rtol = 1e-10;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &tr, NULL), EG_OK);
    assert_rel(tr->states->data[tr->count - 1], x0 * exp(c.lambda * 5.0), 1e-8);
    eg_trajectory_free(tr);
}

static void test_noise_is_seeded_and_has_the_right_spread(void **state)
{
    (void)state;
    /* Ornstein–Uhlenbeck dx = −x dt + σ dW: stationary variance σ²/2. */
    eg_rate_net *net = eg_rate_alloc(1);
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = eg_integrate_opts_default();
    o.fixed_step = 0.01;
    o.noise_sigma = 0.5;
    o.t1 = 2000.0;
    o.dt_record = 1.0;
    o.seed = 11;
    double x0 = 0.0;
    eg_trajectory *a, *b;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &a, NULL), EG_OK);
    assert_int_equal(eg_integrate(&sys, &x0, &o, &b, NULL), EG_OK);
    assert_memory_equal(a->states->data, b->states->data, a->count * sizeof(double));
    double s2 = 0.0;
    for (size_t k = 100; k < a->count; k++)
        s2 += a->states->data[k] * a->states->data[k];
    s2 /= (double)(a->count - 100);
    /* Euler–Maruyama's variance is σ²/(2 − h) ≈ 0.1256; with ~1900 samples
     * 1 apart (correlation time 1) the estimate is within ~10%. */
    assert_true(fabs(s2 - 0.125) < 0.025);
    eg_trajectory_free(b);
    o.noise_index = 1;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &b, NULL), EG_OK);
    assert_true(a->states->data[5] != b->states->data[5]);
    eg_trajectory_free(a);
    eg_trajectory_free(b);
    o.fixed_step = 0.0;
    eg_error err;
    assert_int_equal(eg_integrate(&sys, &x0, &o, &a, &err), EG_EINVAL);
    eg_rate_free(net);
}

static void test_clamp_and_drive_cues(void **state)
{
    (void)state;
    eg_input_set *in = eg_input_set_alloc(2);
    double pat[2] = {1.5, NAN};
    eg_cue c = {EG_CUE_CLAMP, pat, 1.0, 2.0, 0.0};
    assert_int_equal(eg_input_add_cue(in, &c, NULL), EG_OK);
    eg_rate_net *net = eg_rate_alloc(2); /* x' = −x per unit */
    net->input = in;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = tight(4.0);
    double x0[2] = {0.0, 1.0};
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
    for (size_t k = 0; k < tr->count; k++) {
        double t = tr->times->data[k], *x = &tr->states->data[2 * k];
        double want0 = t < 1.0 ? 0.0 : (t < 2.0 ? 1.5 : 1.5 * exp(-(t - 2.0)));
        assert_rel(x[0], want0, 1e-8);
        assert_rel(x[1], exp(-t), 1e-8); /* the NaN entry leaves unit 1 free */
    }
    eg_trajectory_free(tr);
    eg_input_set_free(in);

    /* Driving with gain g toward p: x' = −x + g (p − x) → g p/(1 + g). */
    in = eg_input_set_alloc(2);
    double p2[2] = {2.0, -2.0};
    eg_cue d = {EG_CUE_DRIVE, p2, 0.0, INFINITY, 3.0};
    assert_int_equal(eg_input_add_cue(in, &d, NULL), EG_OK);
    net->input = in;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    o.method = "rk4imp"; /* implicit: uses the Jacobian including the cue */
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
    double *xe = &tr->states->data[2 * (tr->count - 1)];
    assert_rel(xe[0], 1.5 + (0.0 - 1.5) * exp(-16.0), 1e-7);
    assert_rel(xe[1], -1.5 + (1.0 + 1.5) * exp(-16.0), 1e-7);
    eg_trajectory_free(tr);
    eg_input_set_free(in);
    eg_rate_free(net);
}

/* The decision circuit of LANGUAGE.md: two units, rate form, sigmoid(4, 0.5). */
static eg_rate_net *decision(const eg_input_set *in)
{
    eg_rate_net *net = eg_rate_alloc(2);
    net->form = EG_RATE_RATE;
    net->act = eg_activation_default(EG_ACT_SIGMOID);
    net->act.gain = 4.0;
    net->act.threshold = 0.5;
    const double W[4] = {1.2, -1.0, -1.0, 1.2};
    memcpy(net->W->data, W, sizeof W);
    eg_rate_set_tau(net, 10.0);
    net->input = in;
    return net;
}

static void test_decision_circuit(void **state)
{
    (void)state;
    const double amp[2][2] = {{0.52, 0.48}, {0.48, 0.52}};
    for (int s = 0; s < 2; s++) {
        eg_input_set *in = eg_input_set_alloc(2);
        eg_input step = eg_input_default(EG_INPUT_STEP);
        step.amp_units = amp[s];
        assert_int_equal(eg_input_add(in, &step, NULL), EG_OK);
        eg_rate_net *net = decision(in);
        eg_dyn_system sys;
        assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
        eg_integrate_opts o = eg_integrate_opts_default();
        o.t1 = 200.0;
        o.dt_record = 1.0;
        double r0[2] = {0.5, 0.5};
        eg_trajectory *tr;
        assert_int_equal(eg_integrate(&sys, r0, &o, &tr, NULL), EG_OK);
        double *r = &tr->states->data[2 * (tr->count - 1)], f[2];
        int win = s, lose = 1 - s;
        /* At an attractor (‖f‖ tiny) with the favoured unit high, the other low;
         * independent reference (scipy solve_ivp): (0.99154, 0.01878). */
        assert_true(r[win] > 0.99 && r[lose] < 0.02);
        assert_true(fabs(r[win] - 0.991543) < 1e-5 && fabs(r[lose] - 0.018780) < 1e-5);
        assert_int_equal(eg_rate_rhs(net, 200.0, r, f, NULL), EG_OK);
        assert_true(fabs(f[0]) < 1e-6 && fabs(f[1]) < 1e-6);
        eg_trajectory_free(tr);
        eg_rate_free(net);
        eg_input_set_free(in);
    }
}

static void test_energy_never_increases(void **state)
{
    (void)state;
    const size_t n = 6;
    gsl_rng *g = eg_rng_alloc(5, EG_RNG_INIT, 0);
    eg_rate_net *net = eg_rate_alloc(n);
    net->act = eg_activation_default(EG_ACT_TANH);
    net->act.gain = 1.5;
    for (size_t i = 0; i < n; i++) {
        net->bias[i] = gsl_rng_uniform(g) - 0.5;
        net->leak[i] = 0.5 + gsl_rng_uniform(g);
        net->tau[i] = 1.0 + gsl_rng_uniform(g);
        for (size_t j = 0; j <= i; j++) {
            double w = 2.0 * (gsl_rng_uniform(g) - 0.5);
            *eg_matrix_at(net->W, i, j) = w;
            *eg_matrix_at(net->W, j, i) = w;
        }
    }
    eg_input_set *in = eg_input_set_alloc(n); /* constant input keeps E a Lyapunov function */
    eg_input step = eg_input_default(EG_INPUT_STEP);
    step.amplitude = 0.2;
    assert_int_equal(eg_input_add(in, &step, NULL), EG_OK);
    net->input = in;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t1 = 30.0;
    o.dt_record = 0.05;
    double x0[6];
    for (size_t i = 0; i < n; i++)
        x0[i] = 4.0 * (gsl_rng_uniform(g) - 0.5);
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
    eg_matrix *E;
    assert_int_equal(eg_energy_along(net, tr, &E, NULL), EG_OK);
    assert_int_equal(E->rows, tr->count);
    for (size_t k = 1; k < E->rows; k++)
        assert_true(E->data[k] <= E->data[k - 1] + 1e-12);
    assert_true(E->data[E->rows - 1] < E->data[0] - 1e-3); /* it does decrease */
    /* A hand-worked point: one unit, W = 0.5, b = 0.1, λ = 1, tanh, x = 0.4. */
    eg_rate_net *one = eg_rate_alloc(1);
    one->act = eg_activation_default(EG_ACT_TANH);
    one->W->data[0] = 0.5;
    one->bias[0] = 0.1;
    double x = 0.4, r = tanh(0.4), e1;
    assert_int_equal(eg_energy_hopfield(one, 0.0, &x, &e1, NULL), EG_OK);
    assert_rel(e1, -0.25 * r * r - 0.1 * r + r * atanh(r) + 0.5 * log(1.0 - r * r), 1e-14);
    eg_error err;
    net->W->data[1] += 0.1;
    assert_int_equal(eg_energy_hopfield(net, 0.0, x0, &e1, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "symmetric"));
    eg_matrix_free(E);
    eg_trajectory_free(tr);
    eg_rate_free(net);
    eg_rate_free(one);
    eg_input_set_free(in);
    gsl_rng_free(g);
}

static void test_overlaps_from_trajectory(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(3);
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_integrate_opts o = tight(1.0);
    o.dt_record = 0.5;
    double x0[3] = {1.0, -1.0, 2.0};
    eg_trajectory *tr;
    assert_int_equal(eg_integrate(&sys, x0, &o, &tr, NULL), EG_OK);
    eg_matrix *P = eg_matrix_alloc(1, 2), *m;
    P->data[0] = 1.0;
    P->data[1] = 1.0;
    assert_int_equal(eg_trajectory_overlaps(tr, P, 1, &m, NULL), EG_OK); /* units 1, 2 */
    assert_int_equal(m->rows, 3);
    assert_rel(m->data[2], 0.5 * exp(-1.0), 1e-8);
    eg_matrix_free(m);
    assert_int_equal(eg_trajectory_overlaps(tr, P, 2, &m, NULL), EG_EINVAL);
    eg_matrix_free(P);
    eg_trajectory_free(tr);
    eg_rate_free(net);
}

static void test_phase_plane(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(2); /* linear: f0 = −x + 0.5 y + 0.2, f1 = x − 2 y */
    const double W[4] = {0.0, 0.5, 1.0, -1.0};
    memcpy(net->W->data, W, sizeof W);
    net->bias[0] = 0.2;
    eg_dyn_system sys;
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    eg_phase_box box = {-1.0, 1.0, -1.0, 1.0, 21, 11, 0.0};
    eg_matrix *field, *n0, *n1;
    assert_int_equal(eg_phase_field(&sys, &box, &field, NULL), EG_OK);
    assert_int_equal(field->rows, 231);
    const double *row = &field->data[4 * (21 * 3 + 5)]; /* x = −0.5, y = −0.4 */
    assert_rel(row[0], -0.5, 1e-15);
    assert_rel(row[1], -0.4, 1e-15);
    assert_rel(row[2], 0.5 - 0.2 + 0.2, 1e-14);
    assert_rel(row[3], -0.5 + 0.8, 1e-14);
    assert_int_equal(eg_phase_nullclines(&sys, &box, &n0, &n1, NULL), EG_OK);
    assert_true(n0->rows > 20 && n1->rows > 20);
    for (size_t k = 0; k < n0->rows; k++)
        assert_true(fabs(-n0->data[2 * k] + 0.5 * n0->data[2 * k + 1] + 0.2) < 1e-10);
    for (size_t k = 0; k < n1->rows; k++)
        assert_true(fabs(n1->data[2 * k] - 2.0 * n1->data[2 * k + 1]) < 1e-10);
    eg_matrix_free(field);
    eg_matrix_free(n0);
    eg_matrix_free(n1);
    eg_rate_free(net);
    net = eg_rate_alloc(3);
    assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
    assert_int_equal(eg_phase_field(&sys, &box, &field, NULL), EG_EINVAL);
    eg_rate_free(net);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_autapse_three_regimes_step),
        cmocka_unit_test(test_autapse_three_regimes_pulse),
        cmocka_unit_test(test_every_stepper_integrates_decay),
        cmocka_unit_test(test_divergence_reports_time_and_unit),
        cmocka_unit_test(test_non_finite_rhs_is_reported),
        cmocka_unit_test(test_convergence_stop_and_fixed_step_grid),
        cmocka_unit_test(test_fixed_step_rk4_is_classical),
        cmocka_unit_test(test_noise_is_seeded_and_has_the_right_spread),
        cmocka_unit_test(test_clamp_and_drive_cues),
        cmocka_unit_test(test_decision_circuit),
        cmocka_unit_test(test_energy_never_increases),
        cmocka_unit_test(test_overlaps_from_trajectory),
        cmocka_unit_test(test_phase_plane),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
