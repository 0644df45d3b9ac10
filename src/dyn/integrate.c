/* integrate.c: GSL odeiv2 integration, engram's dopri5 and Euler–Maruyama, recorded on a fixed grid. */
#include "engram/integrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_randist.h>

#include "engram/cancel.h"
#include "engram/dopri5.h"
#include "engram/numerics.h"
#include "engram/rng.h"

/* The rows of EG_STEPPERS: name, GSL step type (NULL: engram's dopri5 takes
 * every step), whether engram takes fixed steps itself, doc. */
typedef struct stepper_row {
    const char *name;
    const gsl_odeiv2_step_type *const *type; /* GSL's step types are pointers to its own constants */
    int own_fixed;
    const char *doc;
} stepper_row;

#define STEP_TYPE_gsl(name) &gsl_odeiv2_step_##name
#define STEP_TYPE_engram(name) NULL
#define STEPPER_ROW(name, impl, own_fixed, doc) {#name, STEP_TYPE_##impl(name), own_fixed, doc},
static const stepper_row steppers[] = {EG_STEPPERS(STEPPER_ROW)};
#undef STEPPER_ROW
#undef STEP_TYPE_gsl
#undef STEP_TYPE_engram
#define STEPPER_NAME(name, impl, own_fixed, doc) #name,
static const char *const method_names[] = {EG_STEPPERS(STEPPER_NAME) NULL};
#undef STEPPER_NAME
#define N_STEPPERS (sizeof steppers / sizeof steppers[0])

static const stepper_row *stepper_of(const char *name)
{
    for (size_t k = 0; name && k < N_STEPPERS; k++)
        if (strcmp(name, steppers[k].name) == 0)
            return &steppers[k];
    return NULL;
}

const char *const *eg_integrate_methods(void)
{
    return method_names;
}

const char *eg_integrate_method_doc(const char *method)
{
    const stepper_row *row = stepper_of(method);
    return row ? row->doc : NULL;
}

int eg_integrate_method_own(const char *method)
{
    const stepper_row *row = stepper_of(method);
    return row && !row->type;
}

eg_status eg_integrate_method_check(const char *method, eg_error *err)
{
    if (stepper_of(method))
        return EG_OK;
    char valid[256] = "";
    size_t n = 0;
    for (size_t k = 0; k < N_STEPPERS && n < sizeof valid; k++)
        n += (size_t)snprintf(valid + n, sizeof valid - n, "%s%s", k ? ", " : "", steppers[k].name);
    return eg_error_set(err, EG_EINVAL, "unknown integration method '%s' (valid: %s)", method ? method : "", valid);
}

eg_integrate_opts eg_integrate_opts_default(void)
{
    eg_integrate_opts o;
    memset(&o, 0, sizeof o);
    o.method = "rk8pd";
    o.t0 = 0.0;
    o.t1 = 1.0;
    o.dt_record = 0.01;
    o.rtol = 1e-8;
    o.atol = 1e-10;
    o.h0 = 1e-3;
    o.max_steps = 100000000UL;
    return o;
}

double eg_trajectory_amplitude(const eg_trajectory *tr, size_t n)
{
    size_t dim = tr->states->cols;
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < tr->count; k++) {
            double v = tr->states->data[k * dim + i];
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        a = fmax(a, hi - lo);
    }
    return a;
}

void eg_trajectory_free(eg_trajectory *tr)
{
    if (!tr)
        return;
    eg_matrix_free(tr->times);
    eg_matrix_free(tr->states);
    free(tr);
}

/* The system as GSL sees it. Inputs are evaluated with t held just below the
 * end of the current segment, so that a stage at the segment's end sees the
 * input of the segment, not the jump that happens there. */
typedef struct wrap {
    const eg_dyn_system *sys;
    double seg_end;
    size_t bad_unit; /* where the right-hand side first went non-finite (dim: nowhere) */
    double bad_t;
} wrap;

static double seg_time(const wrap *w, double t)
{
    return t >= w->seg_end ? nextafter(w->seg_end, -INFINITY) : t;
}

static int wrap_rhs(double t, const double *x, double *f, void *params)
{
    wrap *w = params;
    int rc = w->sys->rhs(seg_time(w, t), x, f, w->sys->params);
    if (rc == GSL_SUCCESS && eg_all_finite(f, w->sys->dim) && eg_all_finite(x, w->sys->dim))
        return GSL_SUCCESS;
    for (size_t i = 0; i < w->sys->dim; i++)
        if (!isfinite(f[i]) || !isfinite(x[i])) {
            rc = GSL_EBADFUNC;
            if (w->bad_unit == w->sys->dim) {
                w->bad_unit = i;
                w->bad_t = t;
            }
            break;
        }
    return rc == GSL_SUCCESS ? GSL_SUCCESS : GSL_EBADFUNC;
}

/* One classical 4-stage Runge–Kutta step of size hh from (t, x), in place;
 * k holds 5·dim scratch doubles. GSL's rk4 stepper spends 12 evaluations of f
 * per step because it estimates its error by step doubling, and a fixed-step
 * run throws that estimate away; this is the same fourth-order method at 4
 * evaluations. The stage sums follow the textbook weights 1/6, 1/3, 1/3, 1/6. */
static int classical_rk4(wrap *w, double t, double hh, double *x, double *k)
{
    size_t dim = w->sys->dim;
    double *k1 = k, *k2 = k1 + dim, *k3 = k2 + dim, *k4 = k3 + dim, *y = k4 + dim;
    int rc = wrap_rhs(t, x, k1, w);
    if (rc != GSL_SUCCESS)
        return rc;
    for (size_t i = 0; i < dim; i++)
        y[i] = x[i] + 0.5 * hh * k1[i];
    if ((rc = wrap_rhs(t + 0.5 * hh, y, k2, w)) != GSL_SUCCESS)
        return rc;
    for (size_t i = 0; i < dim; i++)
        y[i] = x[i] + 0.5 * hh * k2[i];
    if ((rc = wrap_rhs(t + 0.5 * hh, y, k3, w)) != GSL_SUCCESS)
        return rc;
    for (size_t i = 0; i < dim; i++)
        y[i] = x[i] + hh * k3[i];
    if ((rc = wrap_rhs(t + hh, y, k4, w)) != GSL_SUCCESS)
        return rc;
    for (size_t i = 0; i < dim; i++)
        x[i] += hh / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
    return GSL_SUCCESS;
}

static int wrap_jac(double t, const double *x, double *J, double *dfdt, void *params)
{
    const wrap *w = params;
    eg_error e;
    if (eg_dyn_jacobian(w->sys, seg_time(w, t), x, J, dfdt, &e) != EG_OK)
        return GSL_EBADFUNC;
    return GSL_SUCCESS;
}

/* Index of the first unit that is not finite or beyond the bound, or dim. */
static size_t bad_unit(const double *x, size_t dim, double bound)
{
    for (size_t i = 0; i < dim; i++)
        if (!isfinite(x[i]) || (bound > 0.0 && fabs(x[i]) > bound))
            return i;
    return dim;
}

/* One step of engram's dopri5 toward target, inside the segment of the input
 * that ends at seg_end (restarting the stepper first when *fresh: at the
 * start and after a breakpoint, where the input or a clamp moved the state),
 * then x at the new *t: target, by the dense output, once a step has reached
 * it, so recording never cuts steps; the step's end before that, or when some
 * unit there is beyond the bound, so the driver sees it where it happened.
 * With a fixed step, steps of at most that size land on target. *stepped says
 * whether a step was taken. Returns the stepper's code (0, EG_DOPRI5_TOO_SMALL
 * or the right-hand side's failure). */
static int own_advance(eg_dopri5 *dp, wrap *w, const eg_integrate_opts *o, int *fresh, double target,
                       double seg_end, double *t, double *x, int *stepped)
{
    size_t dim = w->sys->dim;
    int rc = 0;
    *stepped = 0;
    if (*fresh) {
        rc = eg_dopri5_start(dp, wrap_rhs, w, *t, x, seg_end, o->rtol, o->atol, o->fixed_step == 0.0);
        if (rc != 0)
            return rc;
        *fresh = 0;
    }
    if (dp->t < target) {
        if (o->fixed_step > 0.0) {
            double span = target - dp->t, nsteps = ceil(span / o->fixed_step * (1.0 - 1e-12));
            double hh = span / (nsteps < 1.0 ? 1.0 : nsteps);
            rc = eg_dopri5_fixed_step(dp, wrap_rhs, w, hh);
            if (rc == 0 && (dp->t > target || target - dp->t < 1e-12 * hh))
                dp->t = target;
        } else {
            rc = eg_dopri5_step(dp, wrap_rhs, w, seg_end, o->rtol, o->atol);
        }
        if (rc != 0)
            return rc;
        *stepped = 1;
    }
    if (dp->t >= target && bad_unit(dp->y, dim, o->diverge_bound) == dim) {
        eg_dopri5_dense(dp, target, x);
        *t = target;
    } else {
        memcpy(x, dp->y, dim * sizeof *x);
        *t = dp->t;
    }
    return 0;
}

/* The run being recorded. */
typedef struct run {
    eg_trajectory *tr;
    size_t dim, cap;
} run;

static void record(run *r, double t, const double *x)
{
    eg_trajectory *tr = r->tr;
    if (tr->count >= r->cap)
        return;
    tr->times->data[tr->count] = t;
    memcpy(&tr->states->data[tr->count * r->dim], x, r->dim * sizeof *x);
    tr->count++;
}

static eg_status check_opts(const eg_dyn_system *sys, const eg_integrate_opts *o, eg_error *err)
{
    if (!sys || !sys->rhs || sys->dim == 0)
        return eg_error_set(err, EG_EINVAL, "no system to integrate");
    eg_status st = eg_integrate_method_check(o->method, err);
    if (st != EG_OK)
        return st;
    if (!isfinite(o->t0) || !isfinite(o->t1) || !(o->t1 > o->t0))
        return eg_error_set(err, EG_EINVAL, "integration needs t0 < t1, got %g .. %g", o->t0, o->t1);
    if (!(o->dt_record > 0.0) || !isfinite(o->dt_record))
        return eg_error_set(err, EG_EINVAL, "recording interval must be positive, got %g", o->dt_record);
    if ((o->t1 - o->t0) / o->dt_record > 1e8)
        return eg_error_set(err, EG_EINVAL, "recording every %g over %g .. %g would keep more than 10^8 states",
                            o->dt_record, o->t0, o->t1);
    if (o->fixed_step < 0.0 || !isfinite(o->fixed_step))
        return eg_error_set(err, EG_EINVAL, "fixed step must be positive, got %g", o->fixed_step);
    if (o->fixed_step == 0.0 && (!(o->rtol >= 0.0) || !(o->atol >= 0.0) || o->rtol + o->atol <= 0.0 ||
                                 !(o->h0 > 0.0)))
        return eg_error_set(err, EG_EINVAL, "adaptive stepping needs rtol, atol ≥ 0 (not both 0) and h0 > 0");
    if ((o->noise_sigma > 0.0 || o->noise_units) && o->fixed_step == 0.0)
        return eg_error_set(err, EG_EINVAL, "integration with noise (Euler–Maruyama) needs a fixed step");
    if ((o->noise_sigma > 0.0 || o->noise_units) && !stepper_of(o->method)->type)
        return eg_error_set(err, EG_EINVAL,
                            "'%s' is a deterministic stepper; noise is integrated by Euler–Maruyama: drop one",
                            o->method);
    if (o->noise_sigma < 0.0)
        return eg_error_set(err, EG_EINVAL, "noise sigma must not be negative, got %g", o->noise_sigma);
    if (sys->input && sys->input->n != sys->dim)
        return eg_error_set(err, EG_EINVAL, "input is for %zu units, system has %zu", sys->input->n, sys->dim);
    return EG_OK;
}

static eg_status alloc_run(run *r, size_t dim, const eg_integrate_opts *o, eg_error *err)
{
    size_t ngrid = (size_t)floor((o->t1 - o->t0) / o->dt_record * (1.0 + 1e-12)) + 1;
    r->dim = dim;
    r->cap = ngrid + 1; /* t1 when it is off the grid */
    r->tr = calloc(1, sizeof *r->tr);
    if (!r->tr)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a trajectory");
    r->tr->times = eg_matrix_alloc(r->cap, 1);
    r->tr->states = eg_matrix_alloc(r->cap, dim);
    if (!r->tr->times || !r->tr->states) {
        eg_trajectory_free(r->tr);
        r->tr = NULL;
        return eg_error_set(err, EG_ENOMEM, "out of memory for a trajectory of %zu × %zu", r->cap, dim);
    }
    return EG_OK;
}

/* Shrinks the visible rows to what was recorded. */
static void finish(run *r, eg_stop_reason why, double t)
{
    r->tr->times->rows = r->tr->count;
    r->tr->states->rows = r->tr->count;
    r->tr->stop = why;
    r->tr->t_stop = t;
    r->tr->complete = why == EG_STOP_END || why == EG_STOP_CONVERGED;
}

static double norm_inf(const double *f, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(f[i]) > m)
            m = fabs(f[i]);
    return m;
}

eg_status eg_integrate(const eg_dyn_system *sys, const double *x0, const eg_integrate_opts *opts,
                       eg_trajectory **out, eg_error *err)
{
    *out = NULL;
    eg_numerics_init();
    eg_integrate_opts local = *opts;
    if (!local.method)
        local.method = "rk8pd";
    const eg_integrate_opts *o = &local;
    eg_status st = check_opts(sys, o, err);
    if (st != EG_OK)
        return st;
    size_t dim = sys->dim;
    int noisy = o->noise_sigma > 0.0 || o->noise_units != NULL;
    /* Fixed steps of rk4 are taken by classical_rk4, not by GSL's stepper. */
    const stepper_row *stepper = stepper_of(o->method);
    int classical = !noisy && o->fixed_step > 0.0 && stepper->own_fixed && stepper->type;
    /* engram's own steppers (no GSL step type) take every step themselves. */
    int own = !noisy && !stepper->type, fresh = 1;

    double *breaks = NULL;
    size_t nbreaks = 0;
    st = eg_input_breakpoints(sys->input, &breaks, &nbreaks, err);
    if (st != EG_OK)
        return st;
    run r = {0};
    double *x = malloc((classical ? 7 : 2) * dim * sizeof *x);
    gsl_odeiv2_driver *d = NULL;
    eg_dopri5 *dp = NULL;
    gsl_rng *rng = NULL;
    wrap w = {sys, INFINITY, sys->dim, 0.0};
    gsl_odeiv2_system gs = {wrap_rhs, wrap_jac, dim, &w};
    if (!x) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for an integration");
        goto done;
    }
    double *f = x + dim;
    st = alloc_run(&r, dim, o, err);
    if (st != EG_OK)
        goto done;
    if (noisy) {
        rng = eg_rng_alloc(o->seed, EG_RNG_NOISE, o->noise_index);
        if (!rng) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory for a noise generator");
            goto done;
        }
    } else if (own) {
        dp = eg_dopri5_alloc(dim);
        if (!dp) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory for stepper '%s'", o->method);
            goto done;
        }
    } else if (!classical) {
        d = gsl_odeiv2_driver_alloc_y_new(&gs, *stepper->type, o->fixed_step > 0.0 ? o->fixed_step : o->h0,
                                          o->atol, o->rtol);
        if (!d) {
            st = eg_error_set(err, EG_ENOMEM, "cannot set up GSL stepper '%s'", o->method);
            goto done;
        }
    }

    memcpy(x, x0, dim * sizeof *x);
    double t = o->t0, h = o->h0;
    size_t nb = 0; /* next breakpoint index, > t */
    while (nb < nbreaks && breaks[nb] <= t)
        nb++;
    eg_input_cue_project(sys->input, t, x);
    size_t bad = bad_unit(x, dim, o->diverge_bound);
    if (bad < dim) {
        finish(&r, EG_STOP_DIVERGED, t);
        r.tr->unit = bad;
        st = eg_error_set(err, EG_ENUMERIC, "initial state of unit %zu is %g, beyond the bound or not finite",
                          bad, x[bad]);
        goto done;
    }
    record(&r, t, x);
    size_t k = 1; /* next grid index */
    eg_stop_reason why = EG_STOP_END;
    while (t < o->t1) {
        double trec = o->t0 + (double)k * o->dt_record;
        if (trec > o->t1 || o->t1 - trec < 1e-12 * o->dt_record)
            trec = o->t1;
        double tb = nb < nbreaks ? breaks[nb] : INFINITY;
        double target = trec < tb ? trec : tb;
        w.seg_end = tb;
        /* Step to target. */
        while (t < target) {
            int rc = GSL_SUCCESS, stepped = 1;
            double t_before = t;
            if (own) {
                double seg_end = tb < o->t1 ? tb : o->t1;
                rc = own_advance(dp, &w, o, &fresh, target, seg_end, &t, x, &stepped);
                if (rc == EG_DOPRI5_TOO_SMALL) {
                    finish(&r, EG_STOP_FAILED, dp->t);
                    st = eg_error_set(err, EG_ENUMERIC,
                                      "stepper '%s' failed at t = %g: the step fell below the resolution of t",
                                      o->method, dp->t);
                    goto done;
                }
            } else if (noisy) {
                double hh = o->fixed_step;
                if (t + hh > target || target - (t + hh) < 1e-12 * hh)
                    hh = target - t;
                rc = wrap_rhs(t, x, f, &w);
                if (rc == GSL_SUCCESS) {
                    double sq = sqrt(hh);
                    for (size_t i = 0; i < dim; i++) {
                        double s = o->noise_units ? o->noise_units[i] : o->noise_sigma;
                        x[i] += hh * f[i] + s * sq * gsl_ran_gaussian_ziggurat(rng, 1.0);
                    }
                    t = (hh == target - t) ? target : t + hh;
                    eg_input_cue_project(sys->input, t_before, x); /* cues are uniform on the segment */
                }
            } else if (o->fixed_step > 0.0) {
                double span = target - t;
                double nsteps = ceil(span / o->fixed_step * (1.0 - 1e-12));
                double hh = span / (nsteps < 1.0 ? 1.0 : nsteps);
                if (classical) {
                    rc = classical_rk4(&w, t, hh, x, x + 2 * dim);
                    if (rc == GSL_SUCCESS)
                        t += hh;
                } else {
                    /* What gsl_odeiv2_driver_apply_fixed_step does, minus its
                     * controller: that one turns a step whose error estimate
                     * exceeds rtol/atol into a failure, while a fixed step means
                     * no error control. The driver's controller stays attached to
                     * the stepper, where msadams and msbdf use it to pick their order. */
                    rc = gsl_odeiv2_evolve_apply_fixed_step(d->e, NULL, d->s, &gs, &t, hh, x);
                }
                if (rc == GSL_SUCCESS && (t > target || target - t < 1e-12 * hh))
                    t = target;
            } else {
                rc = gsl_odeiv2_evolve_apply(d->e, d->c, d->s, &gs, &t, target, &h, x);
            }
            r.tr->steps += (unsigned long)stepped;
            if ((r.tr->steps & 255) == 0 && (st = eg_cancel_check(err)) != EG_OK)
                goto done;
            if (rc == GSL_EBADFUNC) {
                /* Name the unit and the (stage) time where it happened. */
                size_t u = w.bad_unit < dim ? w.bad_unit : 0;
                double tb_ = w.bad_unit < dim ? w.bad_t : t;
                finish(&r, EG_STOP_DIVERGED, tb_);
                r.tr->unit = u;
                st = eg_error_set(err, EG_ENUMERIC,
                                  "the right-hand side is not finite at t = %g (unit %zu), in the step from t = %g",
                                  tb_, u, t);
                goto done;
            }
            if (rc != GSL_SUCCESS) {
                finish(&r, EG_STOP_FAILED, t);
                st = eg_error_set(err, EG_ENUMERIC, "stepper '%s' failed at t = %g: %s", o->method, t,
                                  gsl_strerror(rc));
                goto done;
            }
            bad = bad_unit(x, dim, o->diverge_bound);
            if (bad < dim) {
                finish(&r, EG_STOP_DIVERGED, t);
                r.tr->unit = bad;
                if (isfinite(x[bad]))
                    st = eg_error_set(err, EG_ENUMERIC, "diverged at t = %g: unit %zu reached %g (bound %g)", t, bad,
                                      x[bad], o->diverge_bound);
                else
                    st = eg_error_set(err, EG_ENUMERIC, "diverged at t = %g: unit %zu is not finite", t, bad);
                goto done;
            }
            if (r.tr->steps >= o->max_steps && t < o->t1) {
                finish(&r, EG_STOP_FAILED, t);
                st = eg_error_set(err, EG_ENUMERIC, "gave up at t = %g after %lu steps", t, r.tr->steps);
                goto done;
            }
        }
        t = target;
        if (target == tb) {
            nb++;
            eg_input_cue_project(sys->input, t, x);
            if (d)
                gsl_odeiv2_driver_reset(d);
            fresh = 1;
        }
        if (target == trec) {
            record(&r, t, x);
            k++;
            if (o->converge_tol > 0.0) {
                w.seg_end = nb < nbreaks ? breaks[nb] : INFINITY;
                if (wrap_rhs(t, x, f, &w) == GSL_SUCCESS && norm_inf(f, dim) < o->converge_tol) {
                    why = EG_STOP_CONVERGED;
                    break;
                }
            }
        }
    }
    finish(&r, why, t);

done:
    if (r.tr && st != EG_OK && r.tr->count == 0 && r.tr->stop == EG_STOP_END) {
        eg_trajectory_free(r.tr); /* failed before anything was recorded */
        r.tr = NULL;
    }
    *out = r.tr;
    if (d)
        gsl_odeiv2_driver_free(d);
    eg_dopri5_free(dp);
    if (rng)
        gsl_rng_free(rng);
    free(x);
    free(breaks);
    return st;
}

eg_status eg_trajectory_overlaps(const eg_trajectory *tr, const eg_matrix *patterns, size_t offset,
                                 eg_matrix **out, eg_error *err)
{
    *out = NULL;
    size_t dim = tr->states->cols, K = patterns->rows, m = patterns->cols;
    if (m == 0 || offset + m > dim)
        return eg_error_set(err, EG_EINVAL, "patterns of length %zu at offset %zu do not fit states of %zu", m,
                            offset, dim);
    eg_matrix *o = eg_matrix_alloc(tr->count, K);
    if (!o)
        return eg_error_set(err, EG_ENOMEM, "out of memory for overlaps");
    for (size_t r = 0; r < tr->count; r++)
        for (size_t k = 0; k < K; k++) {
            double s = 0.0;
            for (size_t i = 0; i < m; i++)
                s += patterns->data[k * m + i] * tr->states->data[r * dim + offset + i];
            o->data[r * K + k] = s / (double)m;
        }
    *out = o;
    return EG_OK;
}
