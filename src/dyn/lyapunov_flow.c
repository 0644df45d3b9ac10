/* lyapunov_flow.c: Lyapunov exponents of a flow by the variational equation.
 * The augmented state y = (x, Φ, s): x the n units, Φ the k tangent vectors
 * (column-major, n × k, as LAPACK factors them), s = ∫ trace J dt. Between
 * factorisations the stepper integrates y' = (f(x), J Φ, trace J) over one
 * interval; there Φ = QR (dyn/lyap_qr.c), log|R_ii| adds to
 * exponent i, and Q replaces Φ. */
#include "engram/lyapunov_flow.h"

#include "dyn/lyap_qr.h"

#include <cblas.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The augmented system's parameters and its scratch. */
typedef struct flow {
    const eg_dyn_system *sys;
    size_t n, k;
    double *jac; /* n × n, row-major */
    double *jt;  /* its transpose */
} flow;

/* Tangent vectors from which one BLAS product is cheaper than the loops. */
static const size_t blas_columns = 8;

/* dΦ = J Φ (Φ column-major, n × k; J row-major). Many tangent vectors: one
 * BLAS product. Few: sums of J's columns (Jᵀ's rows, contiguous) in loops
 * the compiler vectorises (CMakeLists.txt gives this file vmath.c's flags),
 * as BLAS would start threads for each of the many thin products an
 * integration asks and spend more time waking them than multiplying. */
static void tangent_product(flow *fl, const double *phi, double *dphi)
{
    size_t n = fl->n, k = fl->k;
    if (k >= blas_columns) {
        /* J is row-major, which column-major reads as Jᵀ. */
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)n, (int)k, (int)n, 1.0, fl->jac, (int)n, phi,
                    (int)n, 0.0, dphi, (int)n);
        return;
    }
    const double *jac = fl->jac;
    double *jt = fl->jt;
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < n; l++)
            jt[l * n + i] = jac[i * n + l];
    memset(dphi, 0, n * k * sizeof *dphi);
    for (size_t c = 0; c < k; c++) {
        double *restrict out = dphi + c * n;
        for (size_t l = 0; l < n; l++) {
            const double a = phi[c * n + l], *restrict col = jt + l * n;
            for (size_t i = 0; i < n; i++)
                out[i] += col[i] * a;
        }
    }
}

/* y' = (f(x), J(x) Φ, trace J(x)). */
static int flow_rhs(double t, const double *y, double *dy, void *params)
{
    flow *fl = params;
    size_t n = fl->n, k = fl->k;
    int rc = fl->sys->rhs(t, y, dy, fl->sys->params);
    if (rc != GSL_SUCCESS)
        return rc;
    eg_error err;
    if (eg_dyn_jacobian(fl->sys, t, y, fl->jac, NULL, &err) != EG_OK)
        return GSL_EBADFUNC;
    tangent_product(fl, y + n, dy + n);
    double tr = 0;
    for (size_t i = 0; i < n; i++)
        tr += fl->jac[i * n + i];
    dy[n + n * k] = tr;
    for (size_t i = n; i <= n + n * k; i++)
        if (!isfinite(dy[i]))
            return GSL_EBADFUNC;
    return GSL_SUCCESS;
}

/* The input's breakpoints (sorted): the augmented system carries no input
 * set of its own (the integrator's is sized for the units alone), so its
 * intervals are cut there instead, and steps never straddle a jump. */
typedef struct breaks {
    double *t;
    size_t count;
} breaks;

/* Integrates the augmented system y over [t0, t1] in place, in pieces cut at
 * the breakpoints inside. */
static eg_status integrate_interval(const eg_dyn_system *aug, double *y, double t0, double t1,
                                    const eg_integrate_opts *base, const breaks *b, eg_error *err)
{
    for (size_t i = 0; i < b->count; i++)
        if (b->t[i] > t0 && b->t[i] < t1) {
            eg_status st = integrate_interval(aug, y, t0, b->t[i], base, &(breaks){NULL, 0}, err);
            if (st != EG_OK)
                return st;
            t0 = b->t[i];
        }
    if (!(t1 > t0))
        return EG_OK; /* an interval rounding left empty */
    eg_integrate_opts o = *base;
    o.t0 = t0, o.t1 = t1, o.dt_record = t1 - t0;
    o.converge_tol = 0;
    eg_trajectory *tr = NULL;
    eg_status st = eg_integrate(aug, y, &o, &tr, err);
    if (st == EG_OK)
        memcpy(y, tr->states->data + (tr->count - 1) * aug->dim, aug->dim * sizeof *y);
    eg_trajectory_free(tr);
    return st;
}

/* The options' ranges. */
static eg_status check_opts(size_t dim, const eg_lyap_flow_opts *o, eg_error *err)
{
    if (o->k < 1 || o->k > dim)
        return eg_error_set(err, EG_EINVAL, "%zu exponents asked of a system of %zu units: 1 to %zu", o->k, dim, dim);
    if (!(o->time > 0) || !isfinite(o->time))
        return eg_error_set(err, EG_EINVAL, "the averaging time must be positive, got %g", o->time);
    if (!(o->transient >= 0) || !isfinite(o->transient))
        return eg_error_set(err, EG_EINVAL, "the transient must be >= 0, got %g", o->transient);
    if (!(o->reortho > 0) || !isfinite(o->reortho))
        return eg_error_set(err, EG_EINVAL, "the re-orthonormalisation interval must be positive, got %g",
                            o->reortho);
    double intervals = ceil((o->time + o->transient) / o->reortho);
    if (intervals > 1e9)
        return eg_error_set(err, EG_EINVAL, "%g intervals of %g: more than 10^9 factorisations", intervals,
                            o->reortho);
    return EG_OK;
}

/* The result's arrays, the history with a row per record. */
static eg_lyap_result *result_alloc(size_t n, size_t k, size_t records)
{
    eg_lyap_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->k = k;
    r->exponents = calloc(k, sizeof *r->exponents);
    r->history = records ? eg_matrix_alloc(records, k + 1) : NULL;
    r->final_state = malloc(n * sizeof *r->final_state);
    if (!r->exponents || !r->final_state || (records && !r->history)) {
        eg_lyap_result_free(r);
        return NULL;
    }
    return r;
}

/* Records the running estimates after `done` time units averaged in the next row. */
static void record(eg_lyap_result *r, size_t *row, double done)
{
    double *h = r->history->data + (*row)++ * (r->k + 1);
    h[0] = done;
    for (size_t i = 0; i < r->k; i++)
        h[1 + i] = r->exponents[i] / done;
}

/* The interval-by-interval integration: the transient's intervals, then the
 * averaged ones, the last shortened to end at transient + time. */
static eg_status run_intervals(const eg_dyn_system *aug, size_t n, double *y, const eg_lyap_flow_opts *o,
                               const breaks *br, eg_lyap_qr *w, eg_lyap_result *r, size_t records, eg_error *err)
{
    size_t k = o->k;
    double *phi = y + n, t0 = o->transient, t_end = o->transient + o->time;
    size_t nt = (size_t)ceil(o->transient / o->reortho), na = (size_t)ceil(o->time / o->reortho), row = 0;
    for (size_t i = 0; i < nt + na; i++) {
        int averaged = i >= nt;
        double a = averaged ? t0 + (double)(i - nt) * o->reortho : (double)i * o->reortho;
        double b = averaged ? fmin(a + o->reortho, t_end) : fmin(a + o->reortho, t0);
        if (averaged && i == nt)
            y[n + n * k] = 0; /* the trace is averaged from here */
        eg_status st = integrate_interval(aug, y, a, b, &o->integ, br, err);
        if (st != EG_OK)
            return st;
        if (!eg_lyap_qr_step(w, phi, averaged ? r->exponents : NULL, NULL, NULL))
            return eg_error_set(err, EG_ENUMERIC, "the tangent vectors collapsed or stopped being finite at t = %g", b);
        size_t done = i + 1 - nt;
        if (averaged && o->every && (done % o->every == 0 || i + 1 == nt + na) && row < records)
            record(r, &row, b - t0);
    }
    return EG_OK;
}

eg_status eg_lyapunov_flow(const eg_dyn_system *sys, const double *x0, const eg_lyap_flow_opts *o,
                           eg_lyap_result **out, double *trace_mean, eg_error *err)
{
    size_t n = sys->dim, k = o->k;
    eg_status st = check_opts(n, o, err);
    if (st != EG_OK)
        return st;
    size_t na = (size_t)ceil(o->time / o->reortho);
    size_t records = o->every ? (na + o->every - 1) / o->every : 0;
    size_t dim = n + n * k + 1;
    flow fl = {sys, n, k, malloc(n * n * sizeof(double)), malloc(n * n * sizeof(double))};
    double *y = calloc(dim, sizeof *y);
    eg_lyap_qr w = {0, 0, NULL, NULL, 0};
    breaks br = {NULL, 0};
    eg_lyap_result *r = result_alloc(n, k, records);
    if (!fl.jac || !fl.jt || !y || !r || !eg_lyap_qr_alloc(&w, n, k, y + n)) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %zu tangent vectors of %zu units", k, n);
        goto done;
    }
    memcpy(y, x0, n * sizeof *y);
    for (size_t i = 0; i < k; i++) /* Φ = the first k columns of I */
        y[n + i * n + i] = 1;
    if (sys->input && (st = eg_input_breakpoints(sys->input, &br.t, &br.count, err)) != EG_OK)
        goto done;
    eg_dyn_system aug = {dim, flow_rhs, NULL, &fl, NULL};
    if ((st = run_intervals(&aug, n, y, o, &br, &w, r, records, err)) != EG_OK)
        goto done;
    for (size_t i = 0; i < k; i++)
        r->exponents[i] /= o->time;
    eg_lyap_sort_decreasing(r);
    memcpy(r->final_state, y, n * sizeof *y);
    if (trace_mean)
        *trace_mean = y[n + n * k] / o->time;
    *out = r;
    r = NULL;
done:
    eg_lyap_result_free(r);
    free(br.t);
    eg_lyap_qr_free(&w);
    free(y);
    free(fl.jac);
    free(fl.jt);
    return st;
}
