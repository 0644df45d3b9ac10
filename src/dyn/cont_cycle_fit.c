/* cont_cycle_fit.c: where a cycle's period diverges, by fitting the two laws
 * of engram/cont_cycle.h to the branch's last points: T = T0 + C/√d (a
 * saddle-node appears on the cycle) and T = T0 − ln(d)/μ (the cycle becomes
 * homoclinic to a saddle), d = s (p − p*). For a trial p* both are linear in
 * their two coefficients, so the fit is a one-dimensional search in p*. */
#include <math.h>
#include <stddef.h>

#include "engram/cont_cycle.h"

const char *eg_cycle_law_name(eg_cycle_law law)
{
    return law == EG_CYCLE_SNIC ? "SNIC" : "homoclinic";
}

/* The law's basis function at distance d > 0 from p*. */
static double basis(eg_cycle_law law, double d)
{
    return law == EG_CYCLE_SNIC ? 1 / sqrt(d) : -log(d);
}

/* Least squares of the relative error (T0 + c φ − T)/T at the trial p*; the
 * rms relative error is returned (INFINITY when degenerate). */
static double fit_at(eg_cycle_law law, const double *p, const double *T, size_t n, int side, double pstar, double *T0,
                     double *c)
{
    double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = side * (p[i] - pstar), w = 1 / (T[i] * T[i]);
        if (!(d > 0))
            return INFINITY;
        double f = basis(law, d);
        s11 += w, s12 += w * f, s22 += w * f * f;
        r1 += w * T[i], r2 += w * f * T[i];
    }
    double det = s11 * s22 - s12 * s12;
    if (!(fabs(det) > 1e-300))
        return INFINITY;
    *T0 = (r1 * s22 - r2 * s12) / det;
    *c = (s11 * r2 - s12 * r1) / det;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double e = (*T0 + *c * basis(law, side * (p[i] - pstar)) - T[i]) / T[i];
        ss += e * e;
    }
    return sqrt(ss / (double)n);
}

/* The residual at p* = edge − side e^u (u the log of the distance from the
 * point nearest p*). */
static double residual_u(eg_cycle_law law, const double *p, const double *T, size_t n, int side, double edge,
                         double u)
{
    double T0, c;
    return fit_at(law, p, T, n, side, edge - side * exp(u), &T0, &c);
}

eg_status eg_cycle_fit_law(eg_cycle_law law, const double *p, const double *T, size_t n, int side, eg_cycle_fit *fit,
                           eg_error *err)
{
    if (n < 4 || (side != 1 && side != -1))
        return eg_error_set(err, EG_EINVAL, "a divergence fit needs 4 or more orbits (got %zu)", n);
    double edge = p[0], lo = p[0], hi = p[0];
    for (size_t i = 1; i < n; i++) {
        lo = fmin(lo, p[i]);
        hi = fmax(hi, p[i]);
    }
    edge = side > 0 ? lo : hi;
    double spread = hi - lo, scale = fmax(1, fabs(edge));
    if (!(spread > 0))
        return eg_error_set(err, EG_EINVAL, "a divergence fit needs orbits at different params");
    /* Scan ln(distance) from 1e-13 of the param's scale to 100 spreads. */
    const size_t grid = 400;
    double ua = log(1e-13 * scale), ub = log(100 * spread), best = INFINITY, ubest = ua;
    for (size_t k = 0; k <= grid; k++) {
        double u = ua + (ub - ua) * (double)k / (double)grid;
        double r = residual_u(law, p, T, n, side, edge, u);
        if (r < best)
            best = r, ubest = u;
    }
    if (!isfinite(best))
        return eg_error_set(err, EG_ENUMERIC, "the %s law does not fit these periods", eg_cycle_law_name(law));
    /* Golden-section search between the best grid point's neighbours. */
    double du = (ub - ua) / (double)grid, a = ubest - du, b = ubest + du, g = (sqrt(5) - 1) / 2;
    double x1 = b - g * (b - a), x2 = a + g * (b - a);
    double f1 = residual_u(law, p, T, n, side, edge, x1), f2 = residual_u(law, p, T, n, side, edge, x2);
    for (int it = 0; it < 100 && b - a > 1e-12; it++) {
        if (f1 < f2) {
            b = x2, x2 = x1, f2 = f1;
            x1 = b - g * (b - a);
            f1 = residual_u(law, p, T, n, side, edge, x1);
        } else {
            a = x1, x1 = x2, f1 = f2;
            x2 = a + g * (b - a);
            f2 = residual_u(law, p, T, n, side, edge, x2);
        }
    }
    double u = f1 < f2 ? x1 : x2;
    if (!(fmin(f1, f2) < best))
        u = ubest;
    fit->law = law;
    fit->param = edge - side * exp(u);
    fit->rms = fit_at(law, p, T, n, side, fit->param, &fit->offset, &fit->coef);
    return EG_OK;
}

eg_status eg_cycle_divergence(const eg_cont_cycle *b, eg_cycle_fit fits[2], size_t *used, eg_error *err)
{
    if (b->count < 4)
        return eg_error_set(err, EG_EINVAL, "a divergence fit needs 4 or more orbits (the branch has %zu)", b->count);
    size_t m = b->count / 2 > 4 ? b->count / 2 : 4, first = b->count - m;
    int side = b->p[0] > b->p[b->count - 1] ? 1 : -1;
    *used = m;
    for (int law = 0; law < 2; law++) {
        eg_status st = eg_cycle_fit_law((eg_cycle_law)law, b->p + first, b->period + first, m, side, &fits[law], err);
        if (st != EG_OK)
            return st;
    }
    return EG_OK;
}
