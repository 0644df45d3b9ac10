/* fixed_points.c: multi-start Newton search for fixed points and their linear stability. */
#include "engram/fixed_points.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <lapacke.h>

#include "engram/numerics.h"
#include "engram/rng.h"

eg_fp_opts eg_fp_opts_default(void)
{
    eg_fp_opts o;
    memset(&o, 0, sizeof o);
    o.lo = -1.0;
    o.hi = 1.0;
    o.tol = 1e-10;
    o.max_iter = 200;
    o.dedup_tol = 1e-6;
    o.eig_tol = 1e-8;
    return o;
}

void eg_fp_set_free(eg_fp_set *set)
{
    if (!set)
        return;
    eg_matrix_free(set->points);
    eg_matrix_free(set->eig_re);
    eg_matrix_free(set->eig_im);
    free(set->cls);
    free(set->unstable_dim);
    free(set);
}

const char *eg_fp_class_name(eg_fp_class cls)
{
    switch (cls) {
    case EG_FP_STABLE_NODE: return "stable node";
    case EG_FP_STABLE_FOCUS: return "stable focus";
    case EG_FP_SADDLE: return "saddle";
    case EG_FP_UNSTABLE_NODE: return "unstable node";
    case EG_FP_UNSTABLE_FOCUS: return "unstable focus";
    case EG_FP_NONHYPERBOLIC: return "non-hyperbolic";
    }
    return "?";
}

eg_status eg_fp_eigenvalues(const double *A, size_t n, double *re, double *im, eg_error *err)
{
    double *a = malloc(n * n * sizeof *a);
    if (!a)
        return eg_error_set(err, EG_ENOMEM, "out of memory for an eigenvalue problem of size %zu", n);
    memcpy(a, A, n * n * sizeof *a); /* dgeev overwrites its input */
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, a, (lapack_int)n, re, im, NULL, 1,
                                    NULL, 1);
    free(a);
    if (info != 0)
        return eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgeev failed (info = %d)", (int)info);
    return EG_OK;
}

eg_fp_class eg_fp_classify(const double *re, const double *im, size_t n, double tol, size_t *unstable_dim)
{
    size_t pos = 0, neg = 0, zero = 0, cplx = 0;
    for (size_t i = 0; i < n; i++) {
        if (re[i] > tol)
            pos++;
        else if (re[i] < -tol)
            neg++;
        else
            zero++;
        if (fabs(im[i]) > tol)
            cplx++;
    }
    if (unstable_dim)
        *unstable_dim = pos;
    if (zero)
        return EG_FP_NONHYPERBOLIC;
    if (pos && neg)
        return EG_FP_SADDLE;
    if (neg)
        return cplx ? EG_FP_STABLE_FOCUS : EG_FP_STABLE_NODE;
    return cplx ? EG_FP_UNSTABLE_FOCUS : EG_FP_UNSTABLE_NODE;
}

/* The system as gsl_multiroot sees it. */
typedef struct root_ctx {
    const eg_dyn_system *sys;
    double t;
    double *J, *dfdt;
} root_ctx;

static int root_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    root_ctx *c = params;
    int rc = c->sys->rhs(c->t, x->data, f->data, c->sys->params);
    return rc == GSL_SUCCESS ? GSL_SUCCESS : GSL_EBADFUNC;
}

static int root_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    root_ctx *c = params;
    size_t n = c->sys->dim;
    eg_error e;
    if (eg_dyn_jacobian(c->sys, c->t, x->data, c->J, c->dfdt, &e) != EG_OK)
        return GSL_EBADFUNC;
    for (size_t i = 0; i < n; i++)
        memcpy(gsl_matrix_ptr(J, i, 0), &c->J[i * n], n * sizeof(double));
    return GSL_SUCCESS;
}

static int root_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *J)
{
    int rc = root_f(x, params, f);
    return rc == GSL_SUCCESS ? root_df(x, params, J) : rc;
}

/* Newton from x0; 1 and the root in x when it converged. */
static int newton(gsl_multiroot_fdfsolver *s, gsl_multiroot_function_fdf *fdf, const double *x0, double *x,
                  const eg_fp_opts *o, size_t n)
{
    gsl_vector_const_view v0 = gsl_vector_const_view_array(x0, n);
    if (gsl_multiroot_fdfsolver_set(s, fdf, &v0.vector) != GSL_SUCCESS)
        return 0;
    for (size_t it = 0; it < o->max_iter; it++) {
        if (gsl_multiroot_test_residual(s->f, o->tol) == GSL_SUCCESS)
            break;
        int rc = gsl_multiroot_fdfsolver_iterate(s);
        if (rc != GSL_SUCCESS)
            break;
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(s->x->data[i]))
            return 0;
    if (gsl_multiroot_test_residual(s->f, o->tol) != GSL_SUCCESS)
        return 0;
    memcpy(x, s->x->data, n * sizeof *x);
    return 1;
}

/* Growable storage of distinct roots. */
typedef struct roots {
    double *x;
    size_t count, cap, n;
} roots;

static int add_root(roots *r, const double *x, double tol)
{
    for (size_t k = 0; k < r->count; k++) {
        double d = 0.0;
        for (size_t i = 0; i < r->n; i++)
            d = fmax(d, fabs(r->x[k * r->n + i] - x[i]));
        if (d < tol)
            return 1;
    }
    if (r->count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        double *g = realloc(r->x, cap * r->n * sizeof *g);
        if (!g)
            return 0;
        r->x = g;
        r->cap = cap;
    }
    memcpy(&r->x[r->count * r->n], x, r->n * sizeof *x);
    r->count++;
    return 1;
}

eg_status eg_fixed_points_find(const eg_dyn_system *sys, const eg_fp_opts *opts, eg_fp_set **out, eg_error *err)
{
    *out = NULL;
    eg_numerics_init();
    const eg_fp_opts *o = opts;
    if (!sys || !sys->rhs || sys->dim == 0)
        return eg_error_set(err, EG_EINVAL, "no system to search");
    size_t n = sys->dim;
    if (!(o->hi > o->lo) || !isfinite(o->lo) || !isfinite(o->hi))
        return eg_error_set(err, EG_EINVAL, "the search box needs lo < hi, got %g .. %g", o->lo, o->hi);
    if (!(o->tol > 0.0) || !(o->dedup_tol > 0.0) || o->max_iter == 0 || !(o->eig_tol >= 0.0))
        return eg_error_set(err, EG_EINVAL, "fixed-point tolerances must be positive");
    if (o->starts && o->starts->cols != n)
        return eg_error_set(err, EG_EINVAL, "starts have %zu columns, the system %zu units", o->starts->cols, n);
    double ngrid = 0.0;
    if (o->grid > 0) {
        ngrid = pow((double)o->grid, (double)n);
        if (ngrid > 1e6)
            return eg_error_set(err, EG_EINVAL, "a grid of %zu points per axis in %zu dimensions has %.3g starts "
                                "(at most 10^6); use random starts", o->grid, n, ngrid);
    }
    size_t total = (size_t)ngrid + o->random_starts + (o->starts ? o->starts->rows : 0);
    if (total == 0)
        return eg_error_set(err, EG_EINVAL, "no starts for the fixed-point search");

    eg_status st = EG_OK;
    roots r = {NULL, 0, 0, n};
    double *buf = malloc((n * n + 4 * n) * sizeof *buf);
    size_t *idx = calloc(n, sizeof *idx);
    gsl_multiroot_fdfsolver *s = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, n);
    gsl_rng *rng = o->random_starts ? eg_rng_alloc(o->seed, EG_RNG_INIT, 0) : NULL;
    eg_fp_set *set = calloc(1, sizeof *set);
    if (!buf || !idx || !s || (o->random_starts && !rng) || !set) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for a fixed-point search");
        goto done;
    }
    root_ctx ctx = {sys, o->t, buf, buf + n * n};
    double *x0 = buf + n * n + n, *x = buf + n * n + 2 * n;
    gsl_multiroot_function_fdf fdf = {root_f, root_df, root_fdf, n, &ctx};
    for (size_t k = 0; k < total; k++) {
        if (k < (size_t)ngrid) {
            /* idx counts in base `grid`, one digit per axis. */
            for (size_t i = 0; i < n; i++)
                x0[i] = o->grid == 1 ? 0.5 * (o->lo + o->hi)
                                     : o->lo + (o->hi - o->lo) * (double)idx[i] / (double)(o->grid - 1);
            for (size_t i = 0; i < n && ++idx[i] == o->grid; i++)
                idx[i] = 0;
        } else if (k < (size_t)ngrid + o->random_starts) {
            for (size_t i = 0; i < n; i++)
                x0[i] = o->lo + (o->hi - o->lo) * gsl_rng_uniform(rng);
        } else {
            memcpy(x0, &o->starts->data[(k - (size_t)ngrid - o->random_starts) * n], n * sizeof *x0);
        }
        set->starts_tried++;
        if (!newton(s, &fdf, x0, x, o, n))
            continue;
        set->starts_converged++;
        if (!add_root(&r, x, o->dedup_tol)) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory storing fixed points");
            goto done;
        }
    }

    set->dim = n;
    set->count = r.count;
    set->points = eg_matrix_alloc(r.count, n);
    set->eig_re = eg_matrix_alloc(r.count, n);
    set->eig_im = eg_matrix_alloc(r.count, n);
    set->cls = calloc(r.count ? r.count : 1, sizeof *set->cls);
    set->unstable_dim = calloc(r.count ? r.count : 1, sizeof *set->unstable_dim);
    if (!set->points || !set->eig_re || !set->eig_im || !set->cls || !set->unstable_dim) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory storing fixed points");
        goto done;
    }
    for (size_t k = 0; k < r.count; k++) {
        const double *p = &r.x[k * n];
        memcpy(&set->points->data[k * n], p, n * sizeof *p);
        st = eg_dyn_jacobian(sys, o->t, p, ctx.J, ctx.dfdt, err);
        if (st != EG_OK)
            goto done;
        st = eg_fp_eigenvalues(ctx.J, n, &set->eig_re->data[k * n], &set->eig_im->data[k * n], err);
        if (st != EG_OK)
            goto done;
        set->cls[k] = eg_fp_classify(&set->eig_re->data[k * n], &set->eig_im->data[k * n], n, o->eig_tol,
                                     &set->unstable_dim[k]);
    }

done:
    if (st != EG_OK) {
        eg_fp_set_free(set);
        set = NULL;
    }
    *out = set;
    free(r.x);
    free(buf);
    free(idx);
    if (s)
        gsl_multiroot_fdfsolver_free(s);
    if (rng)
        gsl_rng_free(rng);
    return st;
}
