/* theory_ags_t.c: the Amit-Gutfreund-Sompolinsky replica-symmetric retrieval
 * state of the Hopfield model at temperature T > 0 (Amit, Gutfreund &
 * Sompolinsky 1987, Ann. Phys. 173, 30, eqs. 4.14-4.16), for Glauber dynamics.
 *
 * With β = 1/T, the equations are
 *   m = ⟨tanh β(m + √(αr) z)⟩,  q = ⟨tanh² β(m + √(αr) z)⟩,  r = q/(1 − β(1 − q))²
 * (⟨·⟩ the average over a standard Gaussian z). They are solved here in the
 * unknowns (m, s), s = √(αr): by Gaussian integration by parts
 * β(1 − q) = ⟨z tanh β(m + s z)⟩/s =: C, whose integrand stays bounded as
 * T → 0 (where β sech² becomes a delta). For a given s, m is the largest root
 * of m = ⟨tanh β(m + s z)⟩, and then α(s) = s²(1 − C)²/q follows in closed
 * form, as the zero-temperature solution's α(y) does (theory.c): α(s) rises
 * from 0 at s = 0 to a single peak, α_c(T), where the retrieval state
 * vanishes; the retrieval state at α < α_c(T) lies on the rising side. */
#include "engram/theory.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>

enum { MAX_ITER = 200, LIMIT = 400, SCAN = 50, PEAK_SCAN = 24 };

/* Below this temperature the T = 0 solution (theory.c) is used: the
 * equations there differ from those here by terms of order e^{−1/T}. */
#define T_ZERO 1e-3

typedef enum ags_integrand { AGS_M, AGS_Q, AGS_C } ags_integrand;

typedef struct ags_avg {
    double beta, m, s;
    ags_integrand what;
} ags_avg;

/* The integrand of one Gaussian average: φ(z) times tanh, tanh² or z tanh
 * of β(m + s z). */
static double ags_integrand_at(double z, void *p)
{
    const ags_avg *a = p;
    double t = tanh(a->beta * (a->m + a->s * z));
    double f = a->what == AGS_M ? t : a->what == AGS_Q ? t * t : z * t;
    return f * exp(-0.5 * z * z) * (0.5 * M_2_SQRTPI * M_SQRT1_2);
}

/* ⟨f(β(m + s z))⟩ over z in [−12, 12] (the tails beyond weigh < 1e-32),
 * split where the tanh changes sign, z = −m/s, where it is steep at low T. */
static double ags_average(double beta, double m, double s, ags_integrand what, gsl_integration_workspace *w)
{
    ags_avg a = {beta, m, s, what};
    gsl_function f = {ags_integrand_at, &a};
    double z0 = s > 0 ? -m / s : -13.0;
    double pts[3] = {-12.0, z0, 12.0}, result, abserr;
    if (z0 > -12.0 && z0 < 12.0)
        gsl_integration_qagp(&f, pts, 3, 1e-14, 1e-12, LIMIT, w, &result, &abserr);
    else
        gsl_integration_qag(&f, -12.0, 12.0, 1e-14, 1e-12, LIMIT, GSL_INTEG_GAUSS31, w, &result, &abserr);
    return result;
}

typedef struct ags_m_eq {
    double beta, s;
    gsl_integration_workspace *w;
} ags_m_eq;

/* ⟨tanh β(m + s z)⟩ − m: zero at the overlaps that solve the m equation. */
static double ags_m_residual(double m, void *p)
{
    const ags_m_eq *e = p;
    return ags_average(e->beta, m, e->s, AGS_M, e->w) - m;
}

/* Brent's root of f in [lo, hi] (f changes sign there) to 1e-14. */
static int ags_root(gsl_function *f, double lo, double hi, double *x)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return GSL_ENOMEM;
    int rc = gsl_root_fsolver_set(s, f, lo, hi);
    for (int i = 0; rc == GSL_SUCCESS && i < MAX_ITER; i++) {
        if ((rc = gsl_root_fsolver_iterate(s)) != GSL_SUCCESS)
            break;
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 1e-14, 0) ==
            GSL_SUCCESS)
            break;
    }
    *x = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    return rc;
}

/* The largest root m in (0, 1] of the m equation at this s, scanning down
 * from m = 1 (where the residual is negative) for the first sign change;
 * 0 when there is none (no retrieval state at this s). */
static double ags_retrieval_m(double beta, double s, gsl_integration_workspace *w)
{
    ags_m_eq e = {beta, s, w};
    gsl_function f = {ags_m_residual, &e};
    double hi = 1.0, fhi = ags_m_residual(hi, &e);
    for (int k = SCAN - 1; k >= 1; k--) {
        double lo = (double)k / SCAN, flo = ags_m_residual(lo, &e);
        if (flo > 0 && fhi <= 0) {
            double m;
            return ags_root(&f, lo, hi, &m) == GSL_SUCCESS ? m : 0.0;
        }
        hi = lo;
        fhi = flo;
    }
    return 0.0;
}

typedef struct ags_branch {
    double beta;
    gsl_integration_workspace *w;
} ags_branch;

/* α(s) = s²(1 − C)²/q on the retrieval state at this s, and its m; 0 where
 * there is no retrieval state or the replica-symmetric r would not be
 * positive (C ≥ 1). */
static double ags_alpha_of(double s, const ags_branch *b, double *m_out)
{
    double m = ags_retrieval_m(b->beta, s, b->w);
    if (m_out)
        *m_out = m;
    if (m <= 0)
        return 0.0;
    double q = ags_average(b->beta, m, s, AGS_Q, b->w);
    double c = ags_average(b->beta, m, s, AGS_C, b->w) / s;
    return c < 1 && q > 0 ? s * s * (1 - c) * (1 - c) / q : 0.0;
}

static double ags_minus_alpha(double s, void *p) { return -ags_alpha_of(s, p, NULL); }

/* The s at which α(s) peaks: a scan of s in (0, 1.5] for the largest value,
 * then Brent's method in the bracket around it. */
static int ags_peak(const ags_branch *b, double *s_peak)
{
    double best = -1, at = 0, step = 1.5 / PEAK_SCAN;
    for (int k = 1; k <= PEAK_SCAN; k++) {
        double a = ags_alpha_of(k * step, b, NULL);
        if (a > best) {
            best = a;
            at = k * step;
        }
    }
    if (!(best > 0))
        return GSL_EFAILED;
    gsl_min_fminimizer *mn = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!mn)
        return GSL_ENOMEM;
    gsl_function f = {ags_minus_alpha, (void *)b};
    double lo = at - step > 0 ? at - step : step / 4;
    int rc = gsl_min_fminimizer_set_with_values(mn, &f, at, -best, lo, ags_minus_alpha(lo, (void *)b), at + step,
                                                ags_minus_alpha(at + step, (void *)b));
    for (int i = 0; rc == GSL_SUCCESS && i < MAX_ITER; i++) {
        if ((rc = gsl_min_fminimizer_iterate(mn)) != GSL_SUCCESS)
            break;
        if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(mn), gsl_min_fminimizer_x_upper(mn), 1e-10, 0) ==
            GSL_SUCCESS)
            break;
    }
    *s_peak = gsl_min_fminimizer_x_minimum(mn);
    gsl_min_fminimizer_free(mn);
    return rc;
}

/* The largest root of m = tanh(m/T): the retrieval overlap at α = 0 (the
 * Curie-Weiss magnet); 0 for T ≥ 1. */
static double curie_weiss_m(double t)
{
    if (t >= 1)
        return 0.0;
    double m = 1.0;
    for (int i = 0; i < 100000; i++) { /* a contraction on (0, 1] for T < 1 */
        double next = tanh(m / t);
        if (fabs(next - m) < 1e-16)
            return next;
        m = next;
    }
    return m;
}

static eg_status check_temperature(double t, eg_error *err)
{
    if (!(t >= 0) || !isfinite(t))
        return eg_error_set(err, EG_EINVAL, "a temperature is finite and not negative, not %g", t);
    return EG_OK;
}

/* The branch's workspace, freed by the caller. */
static eg_status branch_open(double t, ags_branch *b, eg_error *err)
{
    b->beta = 1 / t;
    b->w = gsl_integration_workspace_alloc(LIMIT);
    return b->w ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
}

eg_status eg_theory_ags_critical_t(double t, double *alpha_c, double *m_c, eg_error *err)
{
    eg_status st = check_temperature(t, err);
    if (st != EG_OK)
        return st;
    if (t < T_ZERO)
        return eg_theory_ags_critical(alpha_c, m_c, err);
    if (t >= 1) { /* no retrieval state at any load */
        *alpha_c = *m_c = 0;
        return EG_OK;
    }
    ags_branch b;
    if ((st = branch_open(t, &b, err)) != EG_OK)
        return st;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double s;
    int rc = ags_peak(&b, &s);
    if (rc == GSL_SUCCESS)
        *alpha_c = ags_alpha_of(s, &b, m_c);
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(b.w);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the AGS critical load at T = %g: %s", t, gsl_strerror(rc));
    return EG_OK;
}

eg_status eg_theory_ags_branch_t(double t, size_t n, double *alpha, double *m, eg_error *err)
{
    eg_status st = check_temperature(t, err);
    if (st != EG_OK)
        return st;
    if (!(t >= T_ZERO && t < 1))
        return eg_error_set(err, EG_EINVAL, "the branch is sampled for 0.001 <= T < 1, not T = %g", t);
    ags_branch b;
    if ((st = branch_open(t, &b, err)) != EG_OK)
        return st;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double s_peak;
    int rc = ags_peak(&b, &s_peak);
    for (size_t k = 0; rc == GSL_SUCCESS && k < n; k++)
        alpha[k] = ags_alpha_of(s_peak * (double)(k + 1) / (double)n, &b, &m[k]);
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(b.w);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the AGS branch at T = %g: %s", t, gsl_strerror(rc));
    return EG_OK;
}

typedef struct ags_load_eq {
    const ags_branch *b;
    double alpha;
} ags_load_eq;

static double ags_load_residual(double s, void *p)
{
    const ags_load_eq *e = p;
    return ags_alpha_of(s, e->b, NULL) - e->alpha;
}

eg_status eg_theory_ags_overlap_t(double alpha, double t, double *m, eg_error *err)
{
    eg_status st = check_temperature(t, err);
    if (st != EG_OK)
        return st;
    if (t < T_ZERO)
        return eg_theory_ags_overlap(alpha, m, err);
    if (!(alpha >= 0))
        return eg_error_set(err, EG_EINVAL, "a load is not negative, not %g", alpha);
    if (alpha == 0 || t >= 1) {
        *m = alpha == 0 ? curie_weiss_m(t) : 0.0;
        return EG_OK;
    }
    ags_branch b;
    if ((st = branch_open(t, &b, err)) != EG_OK)
        return st;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double s_peak, s = 0;
    int rc = ags_peak(&b, &s_peak);
    *m = 0;
    if (rc == GSL_SUCCESS && ags_alpha_of(s_peak, &b, NULL) >= alpha) {
        ags_load_eq e = {&b, alpha};
        gsl_function f = {ags_load_residual, &e};
        /* α(s) = s²(1 − C)²/q vanishes as s² when s → 0: α(1e-7) lies below any load. */
        if ((rc = ags_root(&f, 1e-7, s_peak, &s)) == GSL_SUCCESS)
            ags_alpha_of(s, &b, m);
    }
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(b.w);
    if (rc != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "the AGS overlap at load %g, T = %g: %s", alpha, t, gsl_strerror(rc));
    return EG_OK;
}
