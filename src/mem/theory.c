/* theory.c: the Amit-Gutfreund-Sompolinsky zero-temperature solution of the
 * Hopfield model and the McEliece bounds (Amit, Gutfreund & Sompolinsky 1987,
 * Ann. Phys. 173, 30; McEliece et al. 1987), the stationary solution of the
 * synchronous sequence rule (Düring, Coolen & Sherrington 1998, J. Phys. A
 * 31, 8607) and the published capacities of other rules. */
#include "engram/theory.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>

enum { MAX_ITER = 200 };

/* The load at which y solves the fixed-point equation:
 * α(y) = (erf(y)/y − (2/√π) e^{−y²})² / 2, negated for a minimiser. */
static double minus_alpha_of(double y, void *unused)
{
    (void)unused;
    double a = gsl_sf_erf(y) / y - M_2_SQRTPI * exp(-y * y);
    return -a * a / 2;
}

/* The y in (lo, hi) at which a single-peaked α(y) peaks, by Brent's method
 * on minus_alpha from the guess; `what` names the load in messages. */
static eg_status peak_of(double (*minus_alpha)(double, void *), double guess, double lo, double hi, const char *what,
                         double *y, eg_error *err)
{
    gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!s)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    gsl_function f = {minus_alpha, NULL};
    int rc = gsl_min_fminimizer_set(s, &f, guess, lo, hi);
    for (int i = 0; rc == GSL_SUCCESS && i < MAX_ITER; i++) {
        if ((rc = gsl_min_fminimizer_iterate(s)) != GSL_SUCCESS)
            break;
        double a = gsl_min_fminimizer_x_lower(s), b = gsl_min_fminimizer_x_upper(s);
        if (gsl_min_test_interval(a, b, 1e-12, 0) == GSL_SUCCESS)
            break;
    }
    *y = gsl_min_fminimizer_x_minimum(s);
    gsl_min_fminimizer_free(s);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the %s: %s", what, gsl_strerror(rc));
    return EG_OK;
}

/* The y at which α(y) peaks (the AGS critical point): α(y) rises from 0 and
 * falls again; its single maximum lies near y = 1.5. */
static eg_status ags_peak(double *y, eg_error *err)
{
    return peak_of(minus_alpha_of, 1.5, 0.5, 3.0, "AGS maximum load", y, err);
}

eg_status eg_theory_ags_critical(double *alpha_c, double *m_c, eg_error *err)
{
    double y;
    eg_status st = ags_peak(&y, err);
    if (st != EG_OK)
        return st;
    *alpha_c = -minus_alpha_of(y, NULL);
    *m_c = gsl_sf_erf(y);
    return EG_OK;
}

/* erf(y) − y (√(2α) + (2/√π) e^{−y²}): zero at the solutions of the
 * zero-temperature equations, with m = erf(y). */
static double ags_residual(double y, void *p)
{
    double alpha = *(const double *)p;
    return gsl_sf_erf(y) - y * (sqrt(2 * alpha) + M_2_SQRTPI * exp(-y * y));
}

eg_status eg_theory_ags_overlap(double alpha, double *m, eg_error *err)
{
    if (!(alpha >= 0))
        return eg_error_set(err, EG_EINVAL, "a load is not negative, not %g", alpha);
    if (alpha == 0) {
        *m = 1;
        return EG_OK;
    }
    double lo;
    eg_status st = ags_peak(&lo, err);
    if (st != EG_OK)
        return st;
    /* The retrieval state is the largest root: between the peak of α(y), where
     * the residual is ≥ 0 up to α_c, and a y where y√(2α) exceeds 1. */
    double hi = 1 / sqrt(2 * alpha) + 1;
    if (ags_residual(lo, &alpha) < 0) { /* above α_c: no retrieval state */
        *m = 0;
        return EG_OK;
    }
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    gsl_function f = {ags_residual, &alpha};
    int rc = gsl_root_fsolver_set(s, &f, lo, hi);
    for (int i = 0; rc == GSL_SUCCESS && i < MAX_ITER; i++) {
        if ((rc = gsl_root_fsolver_iterate(s)) != GSL_SUCCESS)
            break;
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 1e-13, 0) ==
            GSL_SUCCESS)
            break;
    }
    double y = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the AGS overlap at load %g: %s", alpha, gsl_strerror(rc));
    *m = gsl_sf_erf(y);
    return EG_OK;
}

typedef struct stable_law {
    double units, log_p;
} stable_law;

/* D ln(1 − Φ(−1/√α)) − ln P: zero where all bits are stable with probability P. */
static double stable_residual(double alpha, void *p)
{
    const stable_law *law = p;
    return law->units * log1p(-gsl_cdf_ugaussian_P(-1 / sqrt(alpha))) - law->log_p;
}

eg_status eg_theory_snr_stable_load(double units, double probability, double *alpha, eg_error *err)
{
    if (!(units >= 1) || !(probability > 0 && probability < 1))
        return eg_error_set(err, EG_EINVAL, "the stability law needs D >= 1 and 0 < P < 1");
    stable_law law = {units, log(probability)};
    gsl_function f = {stable_residual, &law};
    /* The residual falls from −ln P > 0 at α → 0 through 0 as α grows. */
    double lo = 1e-4, hi = 1;
    while (stable_residual(hi, &law) > 0 && hi < 1e6)
        hi *= 4;
    if (stable_residual(lo, &law) < 0 || stable_residual(hi, &law) > 0)
        return eg_error_set(err, EG_ENUMERIC, "the stability law at D = %g, P = %g has no root", units, probability);
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    int rc = gsl_root_fsolver_set(s, &f, lo, hi);
    for (int i = 0; rc == GSL_SUCCESS && i < MAX_ITER; i++) {
        if ((rc = gsl_root_fsolver_iterate(s)) != GSL_SUCCESS)
            break;
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0, 1e-14) ==
            GSL_SUCCESS)
            break;
    }
    *alpha = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the stability law at D = %g: %s", units, gsl_strerror(rc));
    return EG_OK;
}

double eg_theory_hebbian_snr_load(const double coef[6], double units, double alpha_ref)
{
    double c0 = coef[0] + coef[3] + coef[4], c1_pre = coef[1], c1_post = coef[2], c = coef[5];
    double signal = c - fabs(c1_pre);
    if (!(signal > 0))
        return 0;
    double b = c * c + c1_pre * c1_pre + c1_post * c1_post, rhs = alpha_ref * signal * signal;
    if (c0 == 0)
        return rhs / b;
    if (isinf(units))
        return 0;
    double a = c0 * c0 * units;
    /* The positive root of a α² + b α − rhs, written to keep its precision when a is small. */
    return 2 * rhs / (b + sqrt(b * b + 4 * a * rhs));
}

/* The load at which y solves the stationary T = 0 equations of the
 * synchronous sequence rule, m = erf(y), y = m/√(2αr), r = 1/(1 − C²) with
 * C = (2/√π) y e^{−y²}/m: α(y) = ((erf(y)/y)² − (4/π) e^{−2y²})/2,
 * negated for a minimiser. Hebb's rule has (1 − C)² where this has 1 − C². */
static double minus_sequence_alpha_of(double y, void *unused)
{
    (void)unused;
    double a = gsl_sf_erf(y) / y, b = M_2_SQRTPI * exp(-y * y);
    return -(a * a - b * b) / 2;
}

eg_status eg_theory_sequence_critical(double *alpha_c, double *m_c, eg_error *err)
{
    /* α(y) rises from 0 and falls again; its single maximum lies near y = 1. */
    double y;
    eg_status st = peak_of(minus_sequence_alpha_of, 1.0, 0.3, 3.0, "sequence rule's maximum load", &y, err);
    if (st != EG_OK)
        return st;
    *alpha_c = -minus_sequence_alpha_of(y, NULL);
    *m_c = gsl_sf_erf(y);
    return EG_OK;
}

double eg_theory_demircigil(double flip)
{
    /* I(x) = ½((1 + x) ln(1 + x) + (1 − x) ln(1 − x)) at x = 1 − 2ρ, halved. */
    double x = 1 - 2 * flip;
    double i = 0.5 * ((1 + x) * log1p(x) + (x < 1 ? (1 - x) * log1p(-x) : 0));
    return i / 2;
}

double eg_theory_tsodyks_feigelman(double activity)
{
    return 1 / (2 * activity * fabs(log(activity)));
}

double eg_theory_krotov_hopfield(double units, unsigned degree)
{
    double double_factorial = 1; /* (2n − 3)!! */
    for (unsigned k = 2 * degree - 3; k > 1; k -= 2)
        double_factorial *= k;
    return pow(units, (double)degree - 1) / (2 * double_factorial * log(units));
}

double eg_theory_mceliece(double units, int all)
{
    return units / ((all ? 4 : 2) * log(units));
}
