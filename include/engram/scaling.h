/* engram/scaling.h: finite-size scaling of a critical load: where a measured
 * curve collapses, straight-line extrapolation in a scaling variable, and the
 * quantiles of bootstrap replicates. */
#ifndef ENGRAM_SCALING_H
#define ENGRAM_SCALING_H

#include <stddef.h>

/* Where y(x), sampled at increasing x, first falls below level: linear
 * interpolation between the last point at or above it and the first below.
 * NAN when y never falls below level; x[0] when y[0] already is below. */
double eg_scaling_crossing(const double *x, const double *y, size_t n, double level);

/* The straight line y = intercept + slope·x by weighted least squares (w NULL:
 * all weights 1), with chi2 = Σ w (y − line)² and the standard error of the
 * intercept when the weights are inverse variances. */
typedef struct eg_line_fit {
    double intercept, slope;
    double chi2;
    double intercept_se;
} eg_line_fit;

/* Needs n ≥ 2 and at least two distinct x; returns 0 otherwise. */
int eg_scaling_fit(const double *x, const double *y, const double *w, size_t n, eg_line_fit *fit);

/* The p-quantile (0 ≤ p ≤ 1) of n values, sorting them in place: linear
 * interpolation between order statistics (numpy's default). */
double eg_scaling_quantile(double *values, size_t n, double p);

#endif
