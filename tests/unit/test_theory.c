/* test_theory.c: capacity theory and the arithmetic of finite-size scaling.
 * Oracles: scipy on the published equations (minimize_scalar and brentq on
 * the AGS equations, brentq with scipy.stats.norm on the stability law; the
 * values are quoted with the script that made them), and hand-worked cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "engram/numerics.h"
#include "engram/scaling.h"
#include "engram/theory.h"

/* scipy: g(y) = -(erf(y)/y - 2/sqrt(pi) exp(-y^2))^2/2,
 * minimize_scalar(g, bounds=(0.5, 3), method="bounded", xatol=1e-12):
 * alpha_c = -g(y*) = 0.13790556649493174, m = erf(y*) = 0.967417114352281. */
static void test_ags_critical(void **state)
{
    (void)state;
    double alpha_c, m;
    eg_error err;
    assert_int_equal(eg_theory_ags_critical(&alpha_c, &m, &err), EG_OK);
    assert_true(fabs(alpha_c - 0.13790556649493174) < 1e-12);
    assert_true(fabs(m - 0.967417114352281) < 1e-6); /* m is flat in y at the peak */
}

/* scipy: m = erf(brentq(erf(y) - y (sqrt(2a) + 2/sqrt(pi) e^{-y^2}), y*, 1/sqrt(2a) + 1)). */
static void test_ags_overlap(void **state)
{
    (void)state;
    static const double want[][2] = {
        {0.05, 0.9999922281490462}, {0.10, 0.9979992663472992}, {0.12, 0.9932227317657056},
        {0.13, 0.9872118907992347}};
    eg_error err;
    double m;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        assert_int_equal(eg_theory_ags_overlap(want[k][0], &m, &err), EG_OK);
        assert_true(fabs(m - want[k][1]) < 1e-12);
    }
    assert_int_equal(eg_theory_ags_overlap(0, &m, &err), EG_OK);
    assert_true(m == 1);
    assert_int_equal(eg_theory_ags_overlap(0.14, &m, &err), EG_OK); /* above α_c: no retrieval state */
    assert_true(m == 0);
    assert_int_equal(eg_theory_ags_overlap(-1, &m, &err), EG_EINVAL);
}

/* The AGS equations at temperature T in their published unknowns (m, q),
 * r = q/(1 - (1 - q)/T)^2, solved by scipy's fsolve with scipy.integrate.quad
 * averages, walked in alpha from 0 with halving steps until the retrieval
 * state is lost (alpha_c to 1e-8) or the load is reached. */
static void test_ags_temperature(void **state)
{
    (void)state;
    static const double crit[][3] = {{0.2, 0.12255885887146005, 0.9508766398283295},
                                     {0.5, 0.058815519332885785, 0.8459661199103475},
                                     {0.8, 0.010100852966308593, 0.5786644069536157}};
    static const double over[][3] = {{0.05, 0.3, 0.9911649957015323}, {0.02, 0.5, 0.9450040255042929},
                                     {0.1, 0.1, 0.9967508438493221}};
    eg_error err;
    double a, m, m0;
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(eg_theory_ags_critical_t(crit[k][0], &a, &m, &err), EG_OK);
        assert_true(fabs(a - crit[k][1]) < 2e-8);
        assert_true(fabs(m - crit[k][2]) < 1e-3); /* m is flat in the load at the fold */
        assert_int_equal(eg_theory_ags_overlap_t(over[k][0], over[k][1], &m, &err), EG_OK);
        assert_true(fabs(m - over[k][2]) < 1e-10);
    }
    /* Near T = 1, AGS's asymptote T_M(alpha) = 1 - 1.95 sqrt(alpha). */
    assert_int_equal(eg_theory_ags_critical_t(0.97, &a, &m, &err), EG_OK);
    assert_true(fabs(a / pow(0.03 / 1.95, 2) - 1) < 0.1);
    /* At low T the replica-symmetric line is reentrant: alpha_c(T) rises
     * above alpha_c(0) (the same walk: 0.13818406 at T = 0.02, 0.13801584 at
     * T = 0.005) before it joins the zero-temperature value. */
    assert_int_equal(eg_theory_ags_critical_t(0.005, &a, &m, &err), EG_OK);
    assert_true(fabs(a - 0.1380158424377441) < 2e-8);
    assert_int_equal(eg_theory_ags_critical_t(0.02, &a, &m, &err), EG_OK);
    assert_true(fabs(a - 0.13818405628204344) < 2e-8);
    assert_int_equal(eg_theory_ags_overlap_t(0.12, 0.005, &m, &err), EG_OK);
    assert_true(fabs(m - 0.9932288272175878) < 1e-9);
    assert_int_equal(eg_theory_ags_overlap(0.12, &m0, &err), EG_OK);
    assert_true(fabs(m - m0) < 1e-5);
    /* alpha = 0: the Curie-Weiss magnet m = tanh(m/T); none at T >= 1 or above alpha_c(T). */
    assert_int_equal(eg_theory_ags_overlap_t(0, 0.5, &m, &err), EG_OK);
    assert_true(fabs(m - tanh(2 * m)) < 1e-15 && m > 0.9);
    assert_int_equal(eg_theory_ags_overlap_t(0.01, 1.0, &m, &err), EG_OK);
    assert_true(m == 0);
    assert_int_equal(eg_theory_ags_overlap_t(0.07, 0.5, &m, &err), EG_OK);
    assert_true(m == 0);
    assert_int_equal(eg_theory_ags_critical_t(1.5, &a, &m, &err), EG_OK);
    assert_true(a == 0);
    assert_int_equal(eg_theory_ags_overlap_t(0.05, -1, &m, &err), EG_EINVAL);
}

/* scipy: brentq(D log1p(-norm.cdf(-1/sqrt(a))) + log 2, 0.001, 0.9). */
static void test_stable_load(void **state)
{
    (void)state;
    static const double want[][2] = {{100, 0.16497211935199982}, {1000, 0.09780354193367205},
                                     {8000, 0.07091846522332756}};
    eg_error err;
    double a;
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(eg_theory_snr_stable_load(want[k][0], 0.5, &a, &err), EG_OK);
        assert_true(fabs(a / want[k][1] - 1) < 1e-10);
    }
    assert_int_equal(eg_theory_snr_stable_load(100, 1, &a, &err), EG_EINVAL);
    /* McEliece et al.: D/(2 ln D) and D/(4 ln D); at D = e^2, e^2/4 and e^2/8. */
    assert_true(fabs(eg_theory_mceliece(exp(2), 0) - exp(2) / 4) < 1e-12);
    assert_true(fabs(eg_theory_mceliece(exp(2), 1) - exp(2) / 8) < 1e-12);
    /* Tsodyks & Feigel'man at a = e^-2: 1/(2 e^-2 · 2) = e²/4; Krotov &
     * Hopfield, n = 3 at D = e^3: e^6/(2 · 3 · 3), n = 4: e^9/(2 · 15 · 3). */
    assert_true(fabs(eg_theory_tsodyks_feigelman(exp(-2)) - exp(2) / 4) < 1e-12);
    assert_true(fabs(eg_theory_krotov_hopfield(exp(3), 3) / (exp(6) / 18) - 1) < 1e-14);
    assert_true(fabs(eg_theory_krotov_hopfield(exp(3), 4) / (exp(9) / 90) - 1) < 1e-14);
    /* Demircigil et al.: ln 2/2 from an undamaged cue; at ρ = 0.1, x = 0.8,
     * (1.8 ln 1.8 + 0.2 ln 0.2)/4. */
    assert_true(fabs(eg_theory_demircigil(0) - log(2) / 2) < 1e-15);
    assert_true(fabs(eg_theory_demircigil(0.1) - (1.8 * log(1.8) + 0.2 * log(0.2)) / 4) < 1e-15);
}

/* The sparse covariance rule's signal-to-noise prediction against scipy
 * (brentq on the error formula, its threshold by minimize_scalar): the loads
 * at which the errors per active unit reach 1% at the best threshold, and at
 * the threshold a(1 − a)(0.6 − a) of models/memory/sparse-capacity.engram. */
static void test_sparse_snr(void **state)
{
    (void)state;
    static const double want[][2] = {
        {0.005, 4.565816940969324}, {0.01, 2.40064359477329}, {0.02, 1.2670571722635953}, {0.05, 0.5486724713274767}};
    for (size_t k = 0; k < 4; k++)
        assert_true(fabs(eg_theory_sparse_alpha_c(want[k][0], NAN, 0.01) / want[k][1] - 1) < 1e-8);
    double a = 0.0125, theta = a * (1 - a) * (0.6 - a);
    assert_true(fabs(eg_theory_sparse_alpha_c(a, theta, 0.01) / 1.9499265719424337 - 1) < 1e-9);
    assert_true(fabs(eg_theory_sparse_errors(a, 1.7, theta) / 0.00455795241368169 - 1) < 1e-9);
    /* The best threshold minimises: a step either way raises the errors. */
    double t = eg_theory_sparse_best_threshold(0.01, 2.0), e = eg_theory_sparse_errors(0.01, 2.0, t);
    assert_true(eg_theory_sparse_errors(0.01, 2.0, t * 1.01) > e && eg_theory_sparse_errors(0.01, 2.0, t * 0.99) > e);
    assert_true(isnan(eg_theory_sparse_alpha_c(0.7, NAN, 0.01)) && isnan(eg_theory_sparse_alpha_c(0.01, NAN, 0)));
}

/* Düring, Coolen & Sherrington's 0.269 for the synchronous sequence rule: the
 * maximum over y of ((erf(y)/y)² − (4/π) e^{−2y²})/2, 0.269062 at
 * y = 0.98148 (scipy's bounded minimiser; iterating the stationary equations
 * m = erf(m/√(2αr)), r = 1/(1 − C²) from m = 1 and bisecting in α agrees to
 * 1e-7), with m = erf(y) = 0.83487 there. */
static void test_sequence_critical(void **state)
{
    (void)state;
    eg_error err;
    double alpha_c, m;
    assert_int_equal(eg_theory_sequence_critical(&alpha_c, &m, &err), EG_OK);
    assert_true(fabs(alpha_c - 0.2690616) < 1e-6);
    assert_true(fabs(m - 0.83487) < 1e-4);
    assert_true(fabs(alpha_c - EG_THEORY_SEQUENCE_ALPHA) < 1e-3);
}

/* Hand-worked: c0 = 0.2, c2_corr = 1, D = 100, α_ref = 0.138 solve
 * 4 α² + α − 0.138 = 0, α = (√(1 + 2.208) − 1)/8; c1_pre = c1_post = 0.5
 * give 0.138 · 0.25 / 1.5; c2_pre and c2_post act as c0 (x² = 1); c0 ≠ 0
 * vanishes as D → ∞; c1_pre ≥ c2_corr leaves no signal. */
static void test_hebbian_snr(void **state)
{
    (void)state;
    const double hebb[6] = {0, 0, 0, 0, 0, 1}, c0[6] = {0.2, 0, 0, 0, 0, 1}, pre[6] = {0, 0, 0, 0.1, 0.1, 1},
                 c1[6] = {0, 0.5, 0.5, 0, 0, 1}, dead[6] = {0, 1, 0, 0, 0, 1};
    assert_true(eg_theory_hebbian_snr_load(hebb, 100, 0.138) == 0.138);
    assert_true(eg_theory_hebbian_snr_load(hebb, INFINITY, 0.138) == 0.138);
    assert_true(fabs(eg_theory_hebbian_snr_load(c0, 100, 0.138) - (sqrt(3.208) - 1) / 8) < 1e-15);
    assert_true(fabs(eg_theory_hebbian_snr_load(pre, 100, 0.138) - (sqrt(3.208) - 1) / 8) < 1e-15);
    assert_true(eg_theory_hebbian_snr_load(c0, INFINITY, 0.138) == 0);
    assert_true(fabs(eg_theory_hebbian_snr_load(c1, 1000, 0.138) - 0.138 * 0.25 / 1.5) < 1e-15);
    assert_true(eg_theory_hebbian_snr_load(dead, 1000, 0.138) == 0);
}

/* y = 1, 0.8, 0.2 at x = 0, 1, 2 falls below 0.5 at 1 + 0.3/0.6 = 1.5. */
static void test_crossing(void **state)
{
    (void)state;
    const double x[] = {0, 1, 2}, y[] = {1, 0.8, 0.2}, high[] = {1, 0.9, 0.6}, low[] = {0.4, 0.3, 0.2};
    assert_true(fabs(eg_scaling_crossing(x, y, 3, 0.5) - 1.5) < 1e-15);
    assert_true(isnan(eg_scaling_crossing(x, high, 3, 0.5)));
    assert_true(eg_scaling_crossing(x, low, 3, 0.5) == 0);
    /* Level met exactly is not below it: the crossing is at the next point's fall. */
    const double touch[] = {1, 0.5, 0.0};
    assert_true(fabs(eg_scaling_crossing(x, touch, 3, 0.5) - 1) < 1e-15);
}

/* Hand-worked weighted fits. Points on y = 2 + 3x: exact, chi2 0. Points
 * (0, 1), (1, 3), (2, 2) with weights 1, 1, 2: S = 4, Sx = 5, Sy = 8,
 * Sxx = 9, Sxy = 11, det = 11, slope = (44 − 40)/11 = 4/11, intercept =
 * (72 − 55)/11 = 17/11, se = √(9/11). */
static void test_fit(void **state)
{
    (void)state;
    const double x[] = {0, 1, 2}, y[] = {2, 5, 8}, y2[] = {1, 3, 2}, w[] = {1, 1, 2};
    eg_line_fit f;
    assert_true(eg_scaling_fit(x, y, NULL, 3, &f));
    assert_true(fabs(f.intercept - 2) < 1e-14 && fabs(f.slope - 3) < 1e-14 && f.chi2 < 1e-26);
    assert_true(eg_scaling_fit(x, y2, w, 3, &f));
    assert_true(fabs(f.intercept - 17.0 / 11) < 1e-14 && fabs(f.slope - 4.0 / 11) < 1e-14);
    assert_true(fabs(f.intercept_se - sqrt(9.0 / 11)) < 1e-14);
    double r0 = 1 - 17.0 / 11, r1 = 3 - 21.0 / 11, r2 = 2 - 25.0 / 11;
    assert_true(fabs(f.chi2 - (r0 * r0 + r1 * r1 + 2 * r2 * r2)) < 1e-14);
    const double same[] = {1, 1};
    assert_false(eg_scaling_fit(same, y, NULL, 2, &f));
    assert_false(eg_scaling_fit(x, y, NULL, 1, &f));
}

/* numpy.quantile([3, 1, 2, 4], [0, 0.25, 0.5, 1]) = 1, 1.75, 2.5, 4. */
static void test_quantile(void **state)
{
    (void)state;
    double v[] = {3, 1, 2, 4};
    assert_true(eg_scaling_quantile(v, 4, 0.5) == 2.5);
    assert_true(eg_scaling_quantile(v, 4, 0.25) == 1.75);
    assert_true(eg_scaling_quantile(v, 4, 0) == 1 && eg_scaling_quantile(v, 4, 1) == 4);
    assert_true(isnan(eg_scaling_quantile(v, 0, 0.5)));
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sparse_snr),
        cmocka_unit_test(test_ags_critical), cmocka_unit_test(test_ags_overlap), cmocka_unit_test(test_ags_temperature), cmocka_unit_test(test_stable_load), cmocka_unit_test(test_hebbian_snr), cmocka_unit_test(test_sequence_critical),
        cmocka_unit_test(test_crossing),     cmocka_unit_test(test_fit),         cmocka_unit_test(test_quantile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
