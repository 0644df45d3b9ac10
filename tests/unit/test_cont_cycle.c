/* test_cont_cycle.c: the cycle branch on a phase oscillator worked in closed
 * form, and the divergence fits on periods that follow their laws exactly.
 *
 * The oscillator: x' = (1 − r²) x − y (ω − a y), y' = (1 − r²) y + x (ω − a y).
 * The unit circle is invariant and attracting; on it y = sin θ and
 * θ' = ω − a sin θ, whose period is 2π/√(ω² − a²) for a < ω, diverging at
 * a = ω where a saddle-node appears on the circle (a SNIC). The radius obeys
 * r' = r (1 − r²) whatever θ, so the non-trivial Floquet multiplier is
 * exp(−2T) exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/cont_cycle.h"
#include "engram/numerics.h"

static const double omega = 1;

static eg_status oscillator(void *ctx, double a, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    double u = 1 - x[0] * x[0] - x[1] * x[1], q = omega - a * x[1];
    f[0] = u * x[0] - x[1] * q;
    f[1] = u * x[1] + x[0] * q;
    if (J) {
        J[0] = u - 2 * x[0] * x[0];
        J[1] = -2 * x[0] * x[1] - q + a * x[1];
        J[2] = -2 * x[0] * x[1] + q;
        J[3] = u - 2 * x[1] * x[1] - a * x[0];
    }
    return EG_OK;
}

static void test_phase_oscillator(void **state)
{
    (void)state;
    const double pi = 3.14159265358979323846;
    eg_cont_problem prob = {.dim = 2, .eval = oscillator, .name = "a"};
    const double x0[2] = {0.3, -0.2}; /* off the circle: settling brings it there */
    eg_cont_cycle_opts o = eg_cont_cycle_opts_default();
    o.p0 = 0.5;
    o.x0 = x0;
    o.settle = 30;
    o.step = 0.05;
    o.p_lo = 0;
    o.p_hi = 2;
    o.period_max = 300;
    eg_cont_cycle *b = NULL;
    eg_error err;
    assert_int_equal(eg_cont_cycle_trace(&prob, &o, &b, &err), EG_OK);
    assert_int_equal(b->end, EG_CYCLE_END_PERIOD);
    assert_true(b->count >= 10);
    for (size_t i = 0; i < b->count; i++) {
        double a = b->p[i], T = 2 * pi / sqrt(omega * omega - a * a);
        assert_true(a >= 0.5 && a < omega);
        assert_true(fabs(b->period[i] - T) < 1e-6 * T);
        /* Relative 1e-4 while the multiplier stands above the integration's
         * absolute tolerance (1e-12), absolute 1e-10 below. */
        double mu = exp(-2 * T);
        assert_true(fabs(b->mult[i] - mu) < (mu > 1e-6 ? 1e-4 * mu : 1e-10));
        assert_true(b->stable[i]);
        assert_true(b->amplitude[i] > 1.9 && b->amplitude[i] < 2 + 1e-6); /* the unit circle, sampled */
        /* The point on the section lies on the circle. */
        assert_true(fabs(hypot(b->x[2 * i], b->x[2 * i + 1]) - 1) < 1e-7);
    }
    assert_true(b->period[b->count - 1] > 300);
    /* Steps shrink as the period grows: the last is far finer than the first. */
    double first = b->p[1] - b->p[0], last = b->p[b->count - 1] - b->p[b->count - 2];
    assert_true(last < first / 10);
    eg_cycle_fit fits[2];
    size_t used = 0;
    assert_int_equal(eg_cycle_divergence(b, fits, &used, &err), EG_OK);
    assert_true(used >= 4);
    /* T = (2π/√(ω + a)) / √(ω − a): the SNIC law with a slowly varying C. */
    assert_true(fits[EG_CYCLE_SNIC].rms < fits[EG_CYCLE_HOMOCLINIC].rms);
    assert_true(fabs(fits[EG_CYCLE_SNIC].param - omega) < 1e-4);
    assert_true(fabs(fits[EG_CYCLE_SNIC].coef - 2 * pi / sqrt(2 * omega)) < 0.02 * 2 * pi / sqrt(2 * omega));
    eg_cont_cycle_free(b);
}

/* Periods that follow each law exactly give back its p*, C (or 1/μ) and T0,
 * and the other law fits them worse. */
static void test_fit_laws(void **state)
{
    (void)state;
    double p[8], T[8];
    eg_error err;
    eg_cycle_fit fit, other;
    for (int law = 0; law < 2; law++) {
        /* Above p* = 5.03 (side +1), approaching it. */
        for (int i = 0; i < 8; i++) {
            p[i] = 5.03 + 0.5 * pow(0.4, i);
            double d = p[i] - 5.03;
            T[i] = law == EG_CYCLE_SNIC ? 700 + 90 / sqrt(d) : 700 - 100 * log(d);
        }
        assert_int_equal(eg_cycle_fit_law((eg_cycle_law)law, p, T, 8, 1, &fit, &err), EG_OK);
        assert_true(fabs(fit.param - 5.03) < 1e-7);
        assert_true(fabs(fit.coef - (law == EG_CYCLE_SNIC ? 90 : 100)) < 1e-4);
        assert_true(fabs(fit.offset - 700) < 1e-3);
        assert_true(fit.rms < 1e-9);
        assert_int_equal(eg_cycle_fit_law((eg_cycle_law)!law, p, T, 8, 1, &other, &err), EG_OK);
        assert_true(other.rms > 100 * fit.rms);
    }
    /* Below p* (side −1): the mirror image. */
    for (int i = 0; i < 6; i++) {
        p[i] = 2 - 0.3 * pow(0.5, i);
        T[i] = 10 + 3 / sqrt(2 - p[i]);
    }
    assert_int_equal(eg_cycle_fit_law(EG_CYCLE_SNIC, p, T, 6, -1, &fit, &err), EG_OK);
    assert_true(fabs(fit.param - 2) < 1e-7);
    assert_int_equal(eg_cycle_fit_law(EG_CYCLE_SNIC, p, T, 3, -1, &fit, &err), EG_EINVAL);
}

/* No cycle: a system at rest, and options the branch cannot use. */
static eg_status decay(void *ctx, double p, const double *x, double *f, double *J, eg_error *err)
{
    (void)ctx;
    (void)err;
    f[0] = -x[0];
    f[1] = -p * x[1];
    if (J) {
        J[0] = -1, J[1] = 0, J[2] = 0, J[3] = -p;
    }
    return EG_OK;
}

static void test_refusals(void **state)
{
    (void)state;
    eg_cont_problem prob = {.dim = 2, .eval = decay};
    const double x0[2] = {1, 1};
    eg_cont_cycle_opts o = eg_cont_cycle_opts_default();
    o.p0 = 1;
    o.x0 = x0;
    o.period_max = 10;
    eg_cont_cycle *b = NULL;
    eg_error err;
    assert_int_equal(eg_cont_cycle_trace(&prob, &o, &b, &err), EG_ENUMERIC);
    assert_null(b);
    o.step = 0;
    assert_int_equal(eg_cont_cycle_trace(&prob, &o, &b, &err), EG_EINVAL);
    o.step = 0.1;
    o.period_max = 0;
    assert_int_equal(eg_cont_cycle_trace(&prob, &o, &b, &err), EG_EINVAL);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phase_oscillator),
        cmocka_unit_test(test_fit_laws),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
