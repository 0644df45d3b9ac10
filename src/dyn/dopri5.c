/* dopri5.c: the Dormand–Prince 5(4) pair with FSAL, HNW error control and dense output. */
#include "engram/dopri5.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The tableau (Dormand & Prince 1980): nodes, stage weights, the 5th-order
 * weights B, and E = B − B̂ over all seven stages (the seventh is f(t+h, y_new)). */
static const double C[7] = {0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0};
static const double A[6][5] = {
    {0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
};
static const double B[6] = {35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84};
static const double E[7] = {-71.0 / 57600, 0.0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40};

/* The continuous extension (Shampine 1986, the optimal c6): y(t_old + θh) =
 * y_old + h Σ_s k_s Σ_j P[s][j] θ^(j+1). */
static const double P[7][4] = {
    {1.0, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432},
    {0.0, 0.0, 0.0, 0.0},
    {0.0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799},
    {0.0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072},
    {0.0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632},
    {0.0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844},
    {0.0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423},
};

/* The controller's constants (HNW I, §II.4; scipy's RK45 uses the same). */
static const double SAFETY = 0.9, MIN_FACTOR = 0.2, MAX_FACTOR = 10.0, EXPONENT = -1.0 / 5.0;

eg_dopri5 *eg_dopri5_alloc(size_t dim)
{
    eg_dopri5 *s = calloc(1, sizeof *s);
    double *buf = dim ? malloc(10 * dim * sizeof *buf) : NULL;
    if (!s || !buf) {
        free(s);
        free(buf);
        return NULL;
    }
    s->dim = dim;
    s->mem = buf;
    s->y = buf;
    s->y_old = buf + dim;
    for (int j = 0; j < 7; j++)
        s->k[j] = buf + (size_t)(2 + j) * dim;
    s->tmp = buf + 9 * dim;
    return s;
}

void eg_dopri5_free(eg_dopri5 *s)
{
    if (!s)
        return;
    free(s->mem);
    free(s);
}

/* Evaluates f, counting. */
static int eval(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double t, const double *y, double *out)
{
    s->evals++;
    return f(t, y, out, params);
}

/* RMS over units of v_i / (atol + rtol·|y_i|). */
static double rms_scaled(const double *v, const double *y, size_t n, double rtol, double atol)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double q = v[i] / (atol + rtol * fabs(y[i]));
        sum += q * q;
    }
    return sqrt(sum / (double)n);
}

/* Hairer's first step: h0 from the sizes of y and f, one explicit Euler
 * probe to see how fast f changes, then the step whose local error of order
 * 5 would be 0.01 of the tolerance; at most 100·h0. Uses k[1] and tmp. */
static int initial_step(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double span, double rtol, double atol)
{
    size_t n = s->dim;
    const double *y = s->y, *f0 = s->k[0];
    double d0 = rms_scaled(y, y, n, rtol, atol), d1 = rms_scaled(f0, y, n, rtol, atol);
    double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    if (h0 > span)
        h0 = span;
    for (size_t i = 0; i < n; i++)
        s->tmp[i] = y[i] + h0 * f0[i];
    int rc = eval(s, f, params, s->t + h0, s->tmp, s->k[1]);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        s->tmp[i] = s->k[1][i] - f0[i];
    double d2 = rms_scaled(s->tmp, y, n, rtol, atol) / h0;
    double h1 = (d1 <= 1e-15 && d2 <= 1e-15) ? fmax(1e-6, h0 * 1e-3) : pow(0.01 / fmax(d1, d2), 1.0 / 5.0);
    s->h = fmin(100.0 * h0, h1);
    return EG_DOPRI5_OK;
}

int eg_dopri5_start(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double t, const double *y, double t_end,
                    double rtol, double atol, int adaptive)
{
    s->t = s->t_old = t;
    memcpy(s->y, y, s->dim * sizeof *y);
    memcpy(s->y_old, y, s->dim * sizeof *y);
    int rc = eval(s, f, params, t, s->y, s->k[0]);
    if (rc != 0 || !adaptive)
        return rc;
    return initial_step(s, f, params, t_end - t, rtol, atol);
}

/* Stages 2..7 of a step of h from (t, y) with k[0] = f(t, y): the 5th-order
 * solution into y_new and k[6] = f(t + h, y_new). */
static int stages(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double h, double *y_new)
{
    size_t n = s->dim;
    for (int j = 1; j < 6; j++) {
        for (size_t i = 0; i < n; i++) {
            double acc = 0.0;
            for (int l = 0; l < j; l++)
                acc += A[j][l] * s->k[l][i];
            s->tmp[i] = s->y[i] + h * acc;
        }
        int rc = eval(s, f, params, s->t + C[j] * h, s->tmp, s->k[j]);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        double acc = 0.0;
        for (int l = 0; l < 6; l++)
            acc += B[l] * s->k[l][i];
        y_new[i] = s->y[i] + h * acc;
    }
    return eval(s, f, params, s->t + h, y_new, s->k[6]);
}

/* The error of the last attempt, RMS of h·Σ E_s k_s / (atol + rtol·max(|y|, |y_new|)). */
static double error_norm(const eg_dopri5 *s, double h, const double *y_new, double rtol, double atol)
{
    double sum = 0.0;
    for (size_t i = 0; i < s->dim; i++) {
        double e = 0.0;
        for (int l = 0; l < 7; l++)
            e += E[l] * s->k[l][i];
        double q = h * e / (atol + rtol * fmax(fabs(s->y[i]), fabs(y_new[i])));
        sum += q * q;
    }
    return sqrt(sum / (double)s->dim);
}

/* Makes the attempt of h (written into y_old's buffer) the accepted step: y_new becomes y, and the last
 * stage's derivative the next step's first (FSAL), by swapping buffers. */
static void accept(eg_dopri5 *s, double h, double *y_new)
{
    s->y_old = s->y;
    s->y = y_new; /* the old y_old's buffer */
    s->t_old = s->t;
    s->t = s->t_old + h;
    double *k0 = s->k[0];
    s->k[0] = s->k[6];
    s->k[6] = k0;
    s->accepted++;
}

/* After accept(), k[0] holds f(t, y) and k[6] the previous f(t_old, y_old):
 * the dense output wants them the other way round, so swap only for it. */
static const double *stage(const eg_dopri5 *s, int l)
{
    return l == 0 ? s->k[6] : l == 6 ? s->k[0] : s->k[l];
}

int eg_dopri5_step(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double t_end, double rtol, double atol)
{
    double min_step = 10.0 * fabs(nextafter(s->t, INFINITY) - s->t);
    double h = s->h < min_step ? min_step : s->h;
    int rejected = 0;
    /* y_old receives each attempt; accept() rotates it into y. */
    for (;;) {
        if (h < min_step)
            return EG_DOPRI5_TOO_SMALL;
        double t_new = s->t + h;
        if (t_new > t_end)
            t_new = t_end;
        h = t_new - s->t;
        double *y_new = s->y_old;
        int rc = stages(s, f, params, h, y_new);
        if (rc != 0)
            return rc;
        double err = error_norm(s, h, y_new, rtol, atol);
        if (err < 1.0) {
            double factor = err == 0.0 ? MAX_FACTOR : fmin(MAX_FACTOR, SAFETY * pow(err, EXPONENT));
            if (rejected)
                factor = fmin(1.0, factor);
            s->h = h * factor;
            accept(s, h, y_new);
            s->t = t_new; /* exactly t_end when the step was cut to it */
            return EG_DOPRI5_OK;
        }
        h *= fmax(MIN_FACTOR, SAFETY * pow(err, EXPONENT));
        rejected = 1;
        s->rejected++;
    }
}

int eg_dopri5_fixed_step(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double h)
{
    int rc = stages(s, f, params, h, s->y_old);
    if (rc == 0)
        accept(s, h, s->y_old);
    return rc;
}

void eg_dopri5_dense(const eg_dopri5 *s, double t, double *out)
{
    size_t n = s->dim;
    double h = s->t - s->t_old;
    if (t >= s->t || h <= 0.0) {
        memcpy(out, s->y, n * sizeof *out);
        return;
    }
    if (t <= s->t_old) {
        memcpy(out, s->y_old, n * sizeof *out);
        return;
    }
    double th = (t - s->t_old) / h, w[7] = {0};
    /* The weight of each stage at θ: Σ_j P[l][j] θ^(j+1), by Horner. */
    for (int l = 0; l < 7; l++)
        w[l] = th * (P[l][0] + th * (P[l][1] + th * (P[l][2] + th * P[l][3])));
    for (size_t i = 0; i < n; i++) {
        double acc = 0.0;
        for (int l = 0; l < 7; l++)
            acc += w[l] * stage(s, l)[i];
        out[i] = s->y_old[i] + h * acc;
    }
}
