/* scaling.c: the arithmetic of finite-size scaling: collapse points, weighted
 * straight-line fits and bootstrap quantiles. */
#include "engram/scaling.h"

#include <math.h>
#include <stdlib.h>

double eg_scaling_crossing(const double *x, const double *y, size_t n, double level)
{
    for (size_t i = 0; i < n; i++) {
        if (y[i] < level) {
            if (i == 0)
                return x[0];
            double t = (y[i - 1] - level) / (y[i - 1] - y[i]);
            return x[i - 1] + t * (x[i] - x[i - 1]);
        }
    }
    return NAN;
}

int eg_scaling_fit(const double *x, const double *y, const double *w, size_t n, eg_line_fit *fit)
{
    if (n < 2)
        return 0;
    double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        s += wi, sx += wi * x[i], sy += wi * y[i];
        sxx += wi * x[i] * x[i], sxy += wi * x[i] * y[i];
    }
    double det = s * sxx - sx * sx;
    /* Relative to the spread of x: equal x leave the slope undetermined. */
    if (!(det > 1e-14 * s * sxx))
        return 0;
    fit->slope = (s * sxy - sx * sy) / det;
    fit->intercept = (sxx * sy - sx * sxy) / det;
    fit->intercept_se = sqrt(sxx / det);
    double chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - fit->intercept - fit->slope * x[i];
        chi2 += (w ? w[i] : 1) * r * r;
    }
    fit->chi2 = chi2;
    return 1;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double eg_scaling_quantile(double *values, size_t n, double p)
{
    if (n == 0)
        return NAN;
    qsort(values, n, sizeof *values, compare_doubles);
    double h = p * (double)(n - 1);
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return values[n - 1];
    return values[lo] + (h - (double)lo) * (values[lo + 1] - values[lo]);
}
