/* theory_sparse.c: the signal-to-noise prediction for the covariance rule on
 * sparse {0, 1} episodes (theory.h). One synchronous step from a stored
 * episode with W = (1/D) Σ_μ (ξ_μ − a)(ξ_μ − a)ᵀ gives each active unit the
 * field a(1 − a)² and each silent one −a²(1 − a), plus the other episodes'
 * crosstalk, Gaussian as D → ∞ with standard deviation σ = a^{3/2}(1 − a)√α.
 * At threshold θ the silent units above it and the active units below it,
 * counted per active unit, are ε = [(1 − a) Q((θ − lo)/σ) + a Φ((θ − hi)/σ)]/a. */
#include "engram/theory.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

/* The two signal levels and the crosstalk's standard deviation. */
static void levels(double a, double alpha, double *lo, double *hi, double *sigma)
{
    *lo = -a * a * (1 - a);
    *hi = a * (1 - a) * (1 - a);
    *sigma = pow(a, 1.5) * (1 - a) * sqrt(alpha);
}

double eg_theory_sparse_errors(double a, double alpha, double theta)
{
    double lo, hi, s;
    levels(a, alpha, &lo, &hi, &s);
    return ((1 - a) * gsl_cdf_ugaussian_Q((theta - lo) / s) + a * gsl_cdf_ugaussian_P((theta - hi) / s)) / a;
}

/* Where the two Gaussian densities, weighted (1 − a) and a, cross: the
 * derivative of ε in θ vanishes there. */
double eg_theory_sparse_best_threshold(double a, double alpha)
{
    double lo, hi, s;
    levels(a, alpha, &lo, &hi, &s);
    return 0.5 * (lo + hi) + s * s * log((1 - a) / a) / (hi - lo);
}

/* ε grows with α at any fixed θ (and at the best θ): bisection in ln α
 * between a load far below the level and one far above. */
double eg_theory_sparse_alpha_c(double a, double theta, double level)
{
    if (!(a > 0 && a < 0.5) || !(level > 0 && level < 1))
        return NAN;
    double lo = log(1e-6), hi = log(1e4);
    for (int k = 0; k < 200 && hi - lo > 1e-13; k++) {
        double mid = 0.5 * (lo + hi), alpha = exp(mid);
        double t = isnan(theta) ? eg_theory_sparse_best_threshold(a, alpha) : theta;
        if (eg_theory_sparse_errors(a, alpha, t) > level)
            hi = mid;
        else
            lo = mid;
    }
    return exp(0.5 * (lo + hi));
}
