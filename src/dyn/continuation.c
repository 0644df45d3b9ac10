/* continuation.c: pseudo-arclength continuation of equilibria in one param:
 * the predictor–corrector, the tangent, adaptive steps, the stability at each
 * point and the bookkeeping of branches (the special points: cont_special.c). */
#include "engram/continuation.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "engram/cancel.h"
#include "engram/fixed_points.h"

#include "cont_eigen.h"

#include <cblas.h>
#include <lapacke.h> /* after engram's headers: its complex.h defines I */

eg_cont_opts eg_cont_opts_default(void)
{
    eg_cont_opts o;
    memset(&o, 0, sizeof o);
    o.p_lo = -INFINITY;
    o.p_hi = INFINITY;
    o.step = 0.01;
    o.step_min = 1e-8;
    o.max_points = 500;
    o.tol = 1e-10;
    o.max_newton = 12;
    o.locate_tol = 1e-10;
    o.eig_tol = 1e-9;
    o.switch_branches = 1;
    o.max_branches = 8;
    o.eigen = 1;
    o.near = 0.1;
    o.chord = -1;
    return o;
}

const char *eg_cont_type_name(eg_cont_type type)
{
    return type == EG_CONT_LP ? "LP" : type == EG_CONT_BP ? "BP" : "H";
}

const char *eg_cont_end_name(eg_cont_end end)
{
    static const char *const names[] = {"range", "points", "corrector", "numeric"};
    return names[end];
}

void eg_cont_result_free(eg_cont_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nspecials; i++) {
        free(r->specials[i].x);
        free(r->specials[i].eig_re);
        free(r->specials[i].eig_im);
    }
    free(r->specials);
    free(r->branches);
    free(r->p);
    free(r->x);
    free(r->eig_re);
    free(r->eig_im);
    free(r->lead_re);
    free(r->unstable);
    free(r->branch_of);
    free(r);
}

static double norm_inf(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m || isnan(v[i]))
            m = isnan(v[i]) ? INFINITY : fabs(v[i]);
    return m;
}

/* ---- Linear algebra on the augmented system ------------------------------ */

/* Fills w->A with [f_x f_p; vᵀ] from w->J, w->fp. */
static void fill_augmented(eg_cont_work *w, const double *v)
{
    size_t n = w->n, m = n + 1;
    for (size_t i = 0; i < n; i++) {
        memcpy(w->A + i * m, w->J + i * n, n * sizeof *w->A);
        w->A[i * m + n] = w->fp[i];
    }
    memcpy(w->A + n * m, v, m * sizeof *w->A);
}

/* The sign of det A from its LU factors (m × m, pivots piv): the diagonal's
 * signs, and one flip for each row swap. */
static int lu_det_sign(const double *lu, const int *piv, size_t m)
{
    int s = 1;
    for (size_t i = 0; i < m; i++) {
        if (piv[i] != (int)i + 1)
            s = -s;
        if (lu[i * m + i] < 0)
            s = -s;
    }
    return s;
}

/* LU-solves w->A z = w->rhs in place (z in w->rhs); *det_sign (may be NULL)
 * gets the sign of det A. Returns 0, or −1 when A is singular. */
static int solve_augmented(eg_cont_work *w, int *det_sign)
{
    double t0 = eg_clock_seconds();
    lapack_int m = (lapack_int)(w->n + 1);
    lapack_int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, m, m, w->A, m, w->piv);
    w->factorizations++;
    if (info == 0)
        info = LAPACKE_dgetrs(LAPACK_ROW_MAJOR, 'N', m, 1, w->A, m, w->piv, w->rhs, 1);
    if (det_sign && info == 0)
        *det_sign = lu_det_sign(w->A, w->piv, (size_t)m);
    w->solve_s += eg_clock_seconds() - t0;
    return info == 0 ? 0 : -1;
}

/* Factors w->A (filled by fill_augmented with the row v) for the chord
 * corrector and the tangent, column-major: the row-major A read column-major
 * is Aᵀ, whose factors solve with A by transposing, without LAPACKE copying
 * the matrix at every solve. Keeps the row and *det_sign (may be NULL), the
 * sign of det A. Returns 0, or −1 when A is singular. */
static int factor_kept(eg_cont_work *w, const double *v, int *det_sign)
{
    double t0 = eg_clock_seconds();
    size_t m = w->n + 1;
    memcpy(w->lu, w->A, m * m * sizeof *w->lu);
    lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)m, w->lu, (lapack_int)m, w->lu_piv);
    w->factorizations++;
    w->kept++;
    w->lu_valid = info == 0;
    if (info == 0) {
        memcpy(w->lu_row, v, m * sizeof *v);
        w->lu_det = lu_det_sign(w->lu, w->lu_piv, m);
        if (det_sign)
            *det_sign = w->lu_det;
    }
    w->solve_s += eg_clock_seconds() - t0;
    return info == 0 ? 0 : -1;
}

/* Solves with the kept factors in place: z (n+1) ← A_kept⁻¹ z. */
static void solve_kept(eg_cont_work *w, double *z)
{
    double t0 = eg_clock_seconds();
    lapack_int m = (lapack_int)(w->n + 1);
    LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'T', m, 1, w->lu, m, w->lu_piv, z, m);
    w->solve_s += eg_clock_seconds() - t0;
}

/* ---- Evaluations ------------------------------------------------------- */

eg_status eg_cont_eval_all(eg_cont_work *w, const double *y, eg_error *err)
{
    size_t n = w->n;
    double p = y[n];
    double h = 1e-6 * fmax(1.0, fabs(p));
    const eg_cont_problem *pr = w->prob;
    eg_status st;
    /* ∂f/∂p by a central difference (the model is re-built at each param, so
     * there is no analytic form for every way a param may enter), one-sided
     * at the range's bounds, which may be the edges of the param's domain. */
    double up = p + h > w->opts->p_hi ? p : p + h, down = p - h < w->opts->p_lo ? p : p - h;
    if ((st = pr->eval(pr->ctx, up, y, w->fp, NULL, err)) != EG_OK)
        return st;
    if ((st = pr->eval(pr->ctx, down, y, w->f, NULL, err)) != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        w->fp[i] = (w->fp[i] - w->f[i]) / (up - down);
    return pr->eval(pr->ctx, p, y, w->f, w->J, err);
}

/* The chord corrector: Newton's iteration with the kept factors of the last
 * tangent's matrix [f_x f_p; rᵀ] (at a nearby point) in place of the
 * current Jacobian, its last row r swapped for v by the Sherman–Morrison
 * formula (A + e uᵀ)⁻¹b = z − tz (uᵀz) / (1 + uᵀtz), z = A⁻¹b, u = v − r, tz =
 * A⁻¹e being the kept tangent. Each step evaluates only f (one build of the
 * model) against the true residual, so the point it converges to is
 * Newton's. Returns the iterations, or −1 when the contraction is slower than
 * 0.3 per step (the caller then refactors: a full Newton corrector). */
static int correct_chord(eg_cont_work *w, double *y, const double *v, const double *ypred, eg_error *err)
{
    size_t n = w->n, m = n + 1;
    const eg_cont_problem *pr = w->prob;
    double *z = w->rhs, ut = 0;
    for (size_t i = 0; i < m; i++)
        ut += (v[i] - w->lu_row[i]) * w->tz[i];
    if (!(fabs(1 + ut) > 1e-12))
        return -1;
    double prev = INFINITY;
    for (size_t it = 0; it <= w->opts->max_newton; it++) {
        if (pr->eval(pr->ctx, y[n], y, w->f, NULL, err) != EG_OK)
            return -1;
        double res = norm_inf(w->f, n);
        if (!isfinite(res))
            return -1;
        if (res < w->opts->tol && it > 0 && prev < 1e-6)
            return eg_cont_eval_all(w, y, err) == EG_OK ? (int)it : -1;
        for (size_t i = 0; i < n; i++)
            z[i] = -w->f[i];
        double g = 0;
        for (size_t i = 0; i < m; i++)
            g += v[i] * (y[i] - ypred[i]);
        z[n] = -g;
        solve_kept(w, z);
        double uz = 0;
        for (size_t i = 0; i < m; i++)
            uz += (v[i] - w->lu_row[i]) * z[i];
        double c = uz / (1 + ut), step = 0;
        for (size_t i = 0; i < m; i++) {
            z[i] -= c * w->tz[i];
            step = fmax(step, fabs(z[i]));
            y[i] += z[i];
        }
        /* Linear convergence at the rate of the Jacobian's change since the
         * factorisation: too slow a rate costs more evaluations (each a
         * build of the model) than a fresh factorisation. */
        if (!isfinite(step) || (it > 0 && step > 0.3 * prev && step > 1e-12))
            return -1;
        prev = step;
    }
    return -1;
}

int eg_cont_correct(eg_cont_work *w, double *y, const double *v, eg_error *err)
{
    size_t n = w->n;
    w->chord_used = 0;
    if (w->chord && w->lu_valid) {
        double *ypred = w->y;
        memcpy(ypred, y, (n + 1) * sizeof *y);
        eg_error cerr;
        int it = correct_chord(w, y, v, ypred, &cerr);
        w->chord_used = it >= 0;
        if (it >= 0)
            return it;
        /* Refactor: Newton's method from the prediction again. */
        memcpy(y, ypred, (n + 1) * sizeof *y);
    }
    double *ypred = w->dy;
    memcpy(ypred, y, (n + 1) * sizeof *y);
    double step = 0;
    for (size_t it = 0; it <= w->opts->max_newton; it++) {
        if (eg_cont_eval_all(w, y, err) != EG_OK)
            return -1;
        double res = norm_inf(w->f, n);
        if (!isfinite(res)) {
            eg_error_set(err, EG_ENUMERIC, "dx/dt is not finite");
            return -1;
        }
        if (res < w->opts->tol && it > 0 && step < 1e-6)
            return (int)it;
        if (it == w->opts->max_newton) {
            eg_error_set(err, EG_ENUMERIC, "Newton's method ends at ‖f‖∞ = %.3g", res);
            break;
        }
        fill_augmented(w, v);
        for (size_t i = 0; i < n; i++)
            w->rhs[i] = -w->f[i];
        double g = 0;
        for (size_t i = 0; i <= n; i++)
            g += v[i] * (y[i] - ypred[i]);
        w->rhs[n] = -g;
        if (solve_augmented(w, NULL) != 0) {
            eg_error_set(err, EG_ENUMERIC, "the augmented Jacobian is singular");
            return -1;
        }
        step = norm_inf(w->rhs, n + 1);
        for (size_t i = 0; i <= n; i++)
            y[i] += w->rhs[i];
        if (!isfinite(step) || step > 1e6) {
            eg_error_set(err, EG_ENUMERIC, "Newton's method diverges");
            return -1;
        }
    }
    return -1;
}

/* A z = e_{n+1} for A = [f_x f_p; vᵀ] at the corrected point (w->J, w->fp)
 * into w->rhs, from the kept factors of M, a nearby point's matrix, by
 * Richardson's iteration z ← z + M⁻¹(e − A z): one product with J and one
 * solve a step, against a factorisation. Contracting steps do not show that
 * det A has the kept sign: a sign change leaves M⁻¹A an eigenvalue ≤ 0, but
 * e_{n+1} may have no part along its eigenvector (eg_cont_tangent_next says
 * when the sign is then known). Returns 0, or −1 when a step is more than
 * 0.3 of the last or 10 steps do not reach 10⁻¹⁰ (then factor anew). */
static int refine_tangent(eg_cont_work *w, const double *v)
{
    size_t n = w->n, m = n + 1;
    double *z = w->rhs, *r = w->tr, prev = INFINITY;
    memcpy(z, w->tz, m * sizeof *z);
    int ok = -1;
    for (int it = 0; it < 10; it++) {
        /* r = e − A z, timed with the solves (solve_kept times its own) */
        double t0 = eg_clock_seconds();
        memcpy(r, w->fp, n * sizeof *r);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, -1.0, w->J, (int)n, z, 1, -z[n], r, 1);
        r[n] = 1 - cblas_ddot((int)m, v, 1, z, 1);
        w->solve_s += eg_clock_seconds() - t0;
        solve_kept(w, r);
        double step = norm_inf(r, m), size = norm_inf(z, m);
        for (size_t i = 0; i < m; i++)
            z[i] += r[i];
        if (!isfinite(step) || step > 0.3 * prev)
            break;
        if (step <= 1e-10 * size) {
            ok = 0;
            break;
        }
        prev = step;
    }
    return ok;
}

/* w->rhs scaled to the unit tangent t; −1 when it is zero or not finite. */
static int unit_tangent(const eg_cont_work *w, double *t)
{
    size_t n = w->n;
    double s = 0;
    for (size_t i = 0; i <= n; i++)
        s += w->rhs[i] * w->rhs[i];
    s = sqrt(s);
    if (!(s > 0) || !isfinite(s))
        return -1;
    for (size_t i = 0; i <= n; i++)
        t[i] = w->rhs[i] / s;
    return 0;
}

int eg_cont_tangent(eg_cont_work *w, const double *y, const double *v_prev, double *t, int *det_sign,
                    eg_error *err)
{
    (void)y;
    (void)err;
    size_t n = w->n;
    fill_augmented(w, v_prev);
    memset(w->rhs, 0, (n + 1) * sizeof *w->rhs);
    w->rhs[n] = 1;
    if (w->chord) {
        /* Factored once and kept: the next corrector's matrix. */
        if (factor_kept(w, v_prev, det_sign) != 0)
            return -1;
        solve_kept(w, w->rhs);
        memcpy(w->tz, w->rhs, (n + 1) * sizeof *w->tz);
    } else if (solve_augmented(w, det_sign) != 0)
        return -1;
    return unit_tangent(w, t);
}

int eg_cont_tangent_next(eg_cont_work *w, const double *y, const double *v_prev, double *t, int *det_sign,
                         size_t own, int *refined, eg_error *err)
{
    *refined = 0;
    /* Only with the eigenvalues, whose real count through zero makes the
     * caller factor anew: on a symmetric branch (f_p = 0 there) the tangent
     * has no part along the critical eigenvector, so the iteration contracts
     * across a pitchfork and the kept sign would hide it. */
    if (w->opts->eigen && w->chord_used && w->kept == own && refine_tangent(w, v_prev) == 0) {
        *refined = 1;
        w->refined++;
        *det_sign = w->lu_det;
        return unit_tangent(w, t);
    }
    return eg_cont_tangent(w, y, v_prev, t, det_sign, err);
}

eg_status eg_cont_eigen(eg_cont_work *w, eg_error *err)
{
    double t0 = eg_clock_seconds();
    eg_status st;
    if (w->eig) {
        st = eg_cont_eig_rightmost(w->eig, w->J, w->opts->eig_tol, w->er, w->ei, &w->neig, &w->ureal, &w->ucplx,
                                   err);
    } else {
        st = eg_fp_eigenvalues(w->J, w->n, w->er, w->ei, err);
        w->neig = w->n;
        if (st == EG_OK)
            eg_cont_count_unstable(w->er, w->ei, w->n, w->opts->eig_tol, &w->ureal, &w->ucplx);
    }
    w->eigen_s += eg_clock_seconds() - t0;
    w->eig_calls++;
    return st;
}

eg_status eg_cont_newton(const eg_cont_problem *prob, double p, double *x, double tol, size_t max_iter,
                         double *residual, double *final, eg_error *err)
{
    size_t n = prob->dim;
    double *f = malloc(n * sizeof *f), *J = malloc(n * n * sizeof *J);
    lapack_int *piv = malloc(n * sizeof *piv);
    eg_status st = EG_OK;
    if (!f || !J || !piv) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    double res = INFINITY;
    for (size_t it = 0;; it++) {
        if ((st = prob->eval(prob->ctx, p, x, f, J, err)) != EG_OK)
            goto done;
        res = norm_inf(f, n);
        if (it == 0 && residual)
            *residual = res;
        if (res < tol || it == max_iter || !isfinite(res))
            break;
        for (size_t i = 0; i < n; i++)
            f[i] = -f[i];
        lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, 1, J, (lapack_int)n, piv, f, 1);
        if (info != 0)
            break;
        for (size_t i = 0; i < n; i++)
            x[i] += f[i];
    }
    if (final)
        *final = res;
    if (!(res < tol))
        st = eg_error_set(err, EG_ENUMERIC, "Newton's method does not converge (‖f‖∞ = %.3g)", res);
done:
    free(f);
    free(J);
    free(piv);
    return st;
}

/* ---- The result ---------------------------------------------------------- */

/* Room for one more point (opts.eigen: with its eigenvalues). */
static int grow_points(eg_cont_result *r, int eigen)
{
    if (r->npoints < r->cap)
        return 0;
    size_t cap = r->cap ? 2 * r->cap : 64, n = r->dim;
    double *p = realloc(r->p, cap * sizeof *p);
    if (p)
        r->p = p;
    double *x = realloc(r->x, cap * n * sizeof *x);
    if (x)
        r->x = x;
    double *lr = realloc(r->lead_re, cap * sizeof *lr);
    if (lr)
        r->lead_re = lr;
    size_t *u = realloc(r->unstable, cap * sizeof *u);
    if (u)
        r->unstable = u;
    size_t *b = realloc(r->branch_of, cap * sizeof *b);
    if (b)
        r->branch_of = b;
    if (!p || !x || !lr || !u || !b)
        return -1;
    if (eigen) {
        double *er = realloc(r->eig_re, cap * n * sizeof *er);
        if (er)
            r->eig_re = er;
        double *ei = realloc(r->eig_im, cap * n * sizeof *ei);
        if (ei)
            r->eig_im = ei;
        if (!er || !ei)
            return -1;
    }
    r->cap = cap;
    return 0;
}

/* Appends the point y with the eigenvalues in w->er, w->ei (when computed). */
static int add_point(eg_cont_result *r, eg_cont_work *w, const double *y, size_t branch)
{
    int eigen = w->opts->eigen;
    if (grow_points(r, eigen) != 0)
        return -1;
    size_t n = r->dim, k = r->npoints++;
    r->p[k] = y[n];
    memcpy(r->x + k * n, y, n * sizeof *y);
    r->branch_of[k] = branch;
    r->lead_re[k] = NAN;
    r->unstable[k] = 0;
    if (eigen) {
        size_t ne = w->neig;
        memcpy(r->eig_re + k * n, w->er, ne * sizeof *w->er);
        memcpy(r->eig_im + k * n, w->ei, ne * sizeof *w->ei);
        double lead = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (i < ne)
                lead = fmax(lead, w->er[i]);
            else
                r->eig_re[k * n + i] = r->eig_im[k * n + i] = NAN;
        }
        r->lead_re[k] = lead;
        r->unstable[k] = w->ureal + w->ucplx;
    }
    return 0;
}

static eg_cont_special *add_special(eg_cont_result *r)
{
    if (r->nspecials == r->special_cap) {
        size_t cap = r->special_cap ? 2 * r->special_cap : 8;
        eg_cont_special *s = realloc(r->specials, cap * sizeof *s);
        if (!s)
            return NULL;
        r->specials = s;
        r->special_cap = cap;
    }
    eg_cont_special *sp = &r->specials[r->nspecials];
    memset(sp, 0, sizeof *sp);
    sp->x = calloc(r->dim, sizeof *sp->x);
    sp->eig_re = calloc(r->dim, sizeof *sp->eig_re);
    sp->eig_im = calloc(r->dim, sizeof *sp->eig_im);
    if (!sp->x || !sp->eig_re || !sp->eig_im) {
        free(sp->x);
        free(sp->eig_re);
        free(sp->eig_im);
        return NULL;
    }
    r->nspecials++;
    return sp;
}

/* ---- Tracing ------------------------------------------------------------- */

/* What the tests compare between neighbouring points. */
typedef struct point_state {
    double tp;      /* the tangent's p component: LP test */
    int det;        /* sign of det [f_x f_p; tᵀ]: BP test */
    size_t ureal, ucplx;
} point_state;

/* Eigenvalues (when asked) and the unstable counts at the point just corrected. */
static eg_status point_stability(eg_cont_work *w, point_state *ps, eg_error *err)
{
    ps->ureal = ps->ucplx = 0;
    if (!w->opts->eigen)
        return EG_OK;
    eg_status st = eg_cont_eigen(w, err);
    if (st == EG_OK) {
        ps->ureal = w->ureal;
        ps->ucplx = w->ucplx;
    }
    return st;
}

/* Whether a BP other than specials[self] lies at y (the same p and x within
 * 1e-6): one is switched at, and recorded, once. */
static int seen_bp(const eg_cont_result *r, const double *y, size_t self)
{
    size_t n = r->dim;
    for (size_t i = 0; i < r->nspecials; i++) {
        if (i == self)
            continue;
        const eg_cont_special *s = &r->specials[i];
        if (s->type != EG_CONT_BP || fabs(s->p - y[n]) > 1e-6)
            continue;
        double d = 0;
        for (size_t j = 0; j < n; j++)
            d = fmax(d, fabs(s->x[j] - y[j]));
        if (d < 1e-6)
            return 1;
    }
    return 0;
}

/* The branches still to trace: a start y (n+1) and a direction. */
typedef struct queue {
    double *y, *dir;
    long *from;
    size_t count, cap;
} queue;

static int queue_push(queue *q, size_t m, const double *y, const double *dir, long from)
{
    if (q->count == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 4;
        double *ny = realloc(q->y, cap * m * sizeof *ny);
        if (ny)
            q->y = ny;
        double *nd = realloc(q->dir, cap * m * sizeof *nd);
        if (nd)
            q->dir = nd;
        long *nf = realloc(q->from, cap * sizeof *nf);
        if (nf)
            q->from = nf;
        if (!ny || !nd || !nf)
            return -1;
        q->cap = cap;
    }
    memcpy(q->y + q->count * m, y, m * sizeof *y);
    memcpy(q->dir + q->count * m, dir, m * sizeof *dir);
    q->from[q->count++] = from;
    return 0;
}

/* Records a failure of the branch being traced, naming where. */
static void fail_at(eg_cont_result *r, eg_cont_branch *b, eg_cont_end end, const double *y, size_t n,
                    const char *what, const char *name)
{
    b->end = end;
    if (!r->failed) {
        r->failed = 1;
        snprintf(r->why, sizeof r->why, "branch %zu stops at %s = %.10g after %zu points: ",
                 (size_t)(b - r->branches), name ? name : "p", y[n], b->count);
        /* The reason, cut to the room left (a copy gcc cannot mistake for an unbounded one). */
        size_t k = strlen(r->why), len = strlen(what);
        if (len > sizeof r->why - 1 - k)
            len = sizeof r->why - 1 - k;
        memcpy(r->why + k, what, len);
        r->why[k + len] = '\0';
    }
}

/* The step after a corrector that took `iters` iterations. */
static double adapt_step(double h, int iters, double hmax)
{
    double a = fabs(h);
    if (iters <= 3)
        a = fmin(a * 1.5, hmax);
    else if (iters >= 6)
        a *= 0.6;
    return copysign(a, h);
}

/* The first point of a branch: with from_bp, the branch point y itself (the
 * augmented matrix is singular there, so v, the direction of the new branch,
 * stands for the tangent and the tests start at the next point); otherwise
 * its tangent from v's orientation. */
static int branch_start(eg_cont_work *w, eg_cont_result *r, eg_cont_branch *b, double *y, double *v, int from_bp,
                        point_state *cur, eg_error *err)
{
    size_t n = w->n;
    if (eg_cont_eval_all(w, y, err) != EG_OK) {
        fail_at(r, b, EG_CONT_END_NUMERIC, y, n, err->msg, w->prob->name);
        return 1;
    }
    if (!from_bp && eg_cont_tangent(w, y, v, v, &cur->det, err) != 0) {
        fail_at(r, b, EG_CONT_END_NUMERIC, y, n, "the augmented Jacobian is singular at the start", w->prob->name);
        return 1;
    }
    cur->tp = v[n];
    return 0;
}

/* Traces one branch from the corrected point y (n+1) along the unit tangent v,
 * appending points and special points and queueing the emanating branches. */
static eg_status trace_branch(eg_cont_work *w, eg_cont_result *r, queue *q, double *y, double *v, size_t bi,
                              int from_bp, eg_error *err)
{
    const eg_cont_opts *o = w->opts;
    size_t n = w->n, m = n + 1;
    eg_cont_branch *b = &r->branches[bi];
    double *yn = malloc(m * sizeof *yn), *vn = malloc(m * sizeof *vn), *ys = malloc(m * sizeof *ys),
           *ts = malloc(m * sizeof *ts), *dir = malloc(m * sizeof *dir), *ep = malloc(m * sizeof *ep);
    eg_status st = EG_OK;
    if (!yn || !vn || !ys || !ts || !dir || !ep) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    point_state cur = {0}, nxt = {0};
    if (branch_start(w, r, b, y, v, from_bp, &cur, err))
        goto done;
    /* The kept factorisation this branch's own last factored tangent made:
     * the one a refined tangent may take the determinant's sign from. */
    size_t own = from_bp ? SIZE_MAX : w->kept;
    int tests = !from_bp; /* LP and BP tests need the tangent at both ends */
    if ((st = point_stability(w, &cur, err)) != EG_OK)
        goto done;
    if (add_point(r, w, y, bi) != 0) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    b->count = 1;
    double h = fabs(o->step), hmax = o->step_max > 0 ? o->step_max : 10 * fabs(o->step);
    int last = 0; /* the step that ends the branch on a bound of the range */
    int out_of_range = 0;
    while (b->count < o->max_points) {
        if ((st = eg_cancel_check(err)) != EG_OK)
            goto done;
        int iters = -1;
        while (iters < 0) {
            /* A step past a bound of the range is cut to end on it: the
             * param may not exist beyond. */
            double pp = y[n] + h * v[n];
            if (!last && (pp < o->p_lo || pp > o->p_hi) && fabs(v[n]) > 1e-3) {
                double hb = ((pp < o->p_lo ? o->p_lo : o->p_hi) - y[n]) / v[n];
                if (hb > o->step_min) {
                    h = hb;
                    last = 1;
                }
            }
            for (size_t i = 0; i < m; i++)
                yn[i] = y[i] + h * v[i];
            /* The last step corrects at p fixed on the bound. */
            memset(ep, 0, m * sizeof *ep);
            ep[n] = 1;
            iters = eg_cont_correct(w, yn, last ? ep : v, err);
            if (iters < 0) {
                last = 0;
                h *= 0.5;
                if (h < o->step_min) {
                    char what[600];
                    snprintf(what, sizeof what, "the corrector fails even at the smallest step (%s)", err->msg);
                    fail_at(r, b, EG_CONT_END_CORRECTOR, y, n, what, w->prob->name);
                    goto done;
                }
            }
        }
        int chorded = w->chord_used; /* before locating special points corrects again */
        int refined = 0;
        if (eg_cont_tangent_next(w, yn, v, vn, &nxt.det, own, &refined, err) != 0) {
            fail_at(r, b, EG_CONT_END_NUMERIC, yn, n, "the augmented Jacobian is singular", w->prob->name);
            goto done;
        }
        if ((st = point_stability(w, &nxt, err)) != EG_OK) {
            fail_at(r, b, EG_CONT_END_NUMERIC, yn, n, err->msg, w->prob->name);
            st = EG_OK;
            goto done;
        }
        /* A real eigenvalue through zero is where det [f_x f_p; vᵀ] may
         * change sign: its sign then from a factorisation of its own, not
         * from the kept one's. */
        if (refined && cur.ureal != nxt.ureal) {
            refined = 0;
            if (eg_cont_tangent(w, yn, v, vn, &nxt.det, err) != 0) {
                fail_at(r, b, EG_CONT_END_NUMERIC, yn, n, "the augmented Jacobian is singular", w->prob->name);
                goto done;
            }
        }
        if (!refined)
            own = w->kept;
        nxt.tp = vn[n];
        /* Two eigenvalues crossing within one step would cancel in the sign
         * tests: a shorter step then, until at most one real eigenvalue or
         * one complex pair crosses per step. */
        size_t dr = cur.ureal > nxt.ureal ? cur.ureal - nxt.ureal : nxt.ureal - cur.ureal;
        size_t dc = cur.ucplx > nxt.ucplx ? cur.ucplx - nxt.ucplx : nxt.ucplx - cur.ucplx;
        int collision = cur.ureal + cur.ucplx == nxt.ureal + nxt.ucplx; /* a pair meeting the real axis */
        if (tests && dr + dc / 2 > 1 && !collision && h > 1e3 * o->step_min) {
            h *= 0.5;
            last = 0;
            continue;
        }
        if ((yn[n] < o->p_lo || yn[n] > o->p_hi) && !last) {
            /* Once more with the step that ends on the bound, so the branch
             * spans the whole range. */
            double bound = yn[n] < o->p_lo ? o->p_lo : o->p_hi;
            double hb = fabs(v[n]) > 1e-3 ? (bound - y[n]) / v[n] : 0;
            if (hb > o->step_min && hb < h) {
                h = hb;
                last = 1;
                continue;
            }
            b->end = EG_CONT_END_RANGE;
            out_of_range = 1;
            break;
        }
        /* The tests between y and yn, in order: a fold turns the tangent's p
         * component; a branch point flips det [f_x f_p; tᵀ] without it; a
         * Hopf point changes the count of unstable complex eigenvalues. */
        eg_cont_type found[3];
        size_t nfound = 0;
        int lp = tests && (cur.tp > 0) != (nxt.tp > 0) && cur.tp != 0;
        if (lp)
            found[nfound++] = EG_CONT_LP;
        else if (tests && cur.det != nxt.det)
            found[nfound++] = EG_CONT_BP;
        /* (A complex pair that meets the real axis on one side changes the
         * complex count too, but with it the real one.) */
        if (o->eigen && cur.ucplx != nxt.ucplx && cur.ureal == nxt.ureal)
            found[nfound++] = EG_CONT_H;
        for (size_t k = 0; k < nfound; k++) {
            eg_cont_special *sp = add_special(r);
            if (!sp) {
                st = eg_error_set(err, EG_ENOMEM, "out of memory");
                goto done;
            }
            sp->branch = bi;
            sp->index = r->npoints;
            sp->type = found[k];
            if ((st = eg_cont_locate(w, found[k], y, v, h, sp, ys, ts, err)) != EG_OK ||
                (found[k] == EG_CONT_BP && seen_bp(r, ys, r->nspecials - 1))) {
                /* Not located: dropped, the branch goes on. */
                free(sp->x);
                free(sp->eig_re);
                free(sp->eig_im);
                r->nspecials--;
                st = EG_OK;
                continue;
            }
            if (found[k] == EG_CONT_BP && o->switch_branches && r->nbranches + q->count + 2 <= o->max_branches) {
                double sigma;
                /* The branch's own direction there: the tangents on both
                 * sides agree to O(h), while at the point itself the
                 * tangent is any vector of the two-dimensional null space. */
                for (size_t i = 0; i < m; i++)
                    ts[i] = v[i] + vn[i];
                if (eg_cont_bp_direction(w, ys, ts, dir, &sigma, err) == EG_OK) {
                    long from = (long)(sp - r->specials);
                    if (queue_push(q, m, ys, dir, from) != 0) {
                        st = eg_error_set(err, EG_ENOMEM, "out of memory");
                        goto done;
                    }
                    for (size_t i = 0; i < m; i++)
                        dir[i] = -dir[i];
                    if (queue_push(q, m, ys, dir, from) != 0) {
                        st = eg_error_set(err, EG_ENOMEM, "out of memory");
                        goto done;
                    }
                }
            }
        }
        /* The special points' location left w at another point: the
         * point's own eigenvalues again for its record. */
        if (nfound) {
            if (eg_cont_eval_all(w, yn, err) != EG_OK || eg_cont_eigen(w, err) != EG_OK) {
                fail_at(r, b, EG_CONT_END_NUMERIC, yn, n, err->msg, w->prob->name);
                goto done;
            }
        }
        if (add_point(r, w, yn, bi) != 0) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory");
            goto done;
        }
        b->count++;
        memcpy(y, yn, m * sizeof *y);
        memcpy(v, vn, m * sizeof *v);
        cur = nxt;
        tests = 1;
        if (last) {
            b->end = EG_CONT_END_RANGE;
            out_of_range = 1;
            break;
        }
        /* The chord corrector converges linearly where Newton's method
         * converges quadratically: about twice the iterations for the same
         * step. */
        h = adapt_step(h, chorded ? (iters + 1) / 2 : iters, hmax);
    }
    if (!out_of_range)
        b->end = EG_CONT_END_POINTS;
done:
    free(yn);
    free(vn);
    free(ys);
    free(ts);
    free(dir);
    free(ep);
    return st;
}

/* Allocates the workspace for a problem of dimension n. */
static int work_init(eg_cont_work *w, const eg_cont_problem *prob, const eg_cont_opts *o)
{
    size_t n = prob->dim, m = n + 1;
    memset(w, 0, sizeof *w);
    w->prob = prob;
    w->opts = o;
    w->n = n;
    w->f = malloc(n * sizeof *w->f);
    w->J = malloc(n * n * sizeof *w->J);
    w->fp = malloc(n * sizeof *w->fp);
    w->A = malloc(m * m * sizeof *w->A);
    w->rhs = malloc(m * sizeof *w->rhs);
    w->piv = malloc(m * sizeof *w->piv);
    w->y = malloc(m * sizeof *w->y);
    w->dy = malloc(m * sizeof *w->dy);
    w->er = malloc(n * sizeof *w->er);
    w->ei = malloc(n * sizeof *w->ei);
    w->neig = n;
    w->chord = o->chord > 0 || (o->chord < 0 && n >= 200);
    if (w->chord) {
        w->lu = malloc(m * m * sizeof *w->lu);
        w->lu_piv = malloc(m * sizeof *w->lu_piv);
        w->lu_row = malloc(m * sizeof *w->lu_row);
        w->tz = malloc(m * sizeof *w->tz);
        w->tr = malloc(m * sizeof *w->tr);
        if (!w->lu || !w->lu_piv || !w->lu_row || !w->tz || !w->tr)
            return -1;
    }
    /* The rightmost eigenvalues only when asked for fewer than Arnoldi needs room for. */
    int partial = o->eigen && o->eig_count > 0 && o->eig_count + 3 <= n;
    if (partial && !(w->eig = eg_cont_eig_new(n, o->eig_count)))
        return -1;
    return w->f && w->J && w->fp && w->A && w->rhs && w->piv && w->y && w->dy && w->er && w->ei ? 0 : -1;
}

static void work_free(eg_cont_work *w)
{
    free(w->f);
    free(w->J);
    free(w->fp);
    free(w->A);
    free(w->rhs);
    free(w->piv);
    free(w->y);
    free(w->dy);
    free(w->er);
    free(w->ei);
    eg_cont_eig_free(w->eig);
    free(w->lu);
    free(w->lu_piv);
    free(w->lu_row);
    free(w->tz);
    free(w->tr);
}

static eg_status check_opts(const eg_cont_problem *prob, const eg_cont_opts *o, eg_error *err)
{
    if (!prob || prob->dim == 0 || !prob->eval || !o || !o->x0)
        return eg_error_set(err, EG_EINVAL, "continuation needs a system and a start");
    if (!(o->step != 0) || !isfinite(o->step))
        return eg_error_set(err, EG_EINVAL, "the step must be a nonzero number, got %g", o->step);
    if (!(o->p0 >= o->p_lo && o->p0 <= o->p_hi))
        return eg_error_set(err, EG_EINVAL, "the start %s = %g is outside the range %g .. %g",
                            prob->name ? prob->name : "p", o->p0, o->p_lo,
                            o->p_hi);
    if (o->max_points < 2 || o->max_branches < 1 || !(o->tol > 0) || !(o->step_min > 0))
        return eg_error_set(err, EG_EINVAL, "continuation options out of their domain");
    return EG_OK;
}

/* Traces the queued branches (the first one included) until none is left. */
static eg_status trace_all(eg_cont_work *w, eg_cont_result *r, queue *q, eg_error *err)
{
    size_t m = w->n + 1;
    double *y = malloc(m * sizeof *y), *v = malloc(m * sizeof *v);
    eg_status st = EG_OK;
    if (!y || !v)
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t k = 0; st == EG_OK && k < q->count && r->nbranches < w->opts->max_branches; k++) {
        eg_cont_branch *nb = realloc(r->branches, (r->nbranches + 1) * sizeof *nb);
        if (!nb) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory");
            break;
        }
        r->branches = nb;
        size_t bi = r->nbranches++;
        r->branches[bi] = (eg_cont_branch){.first = r->npoints, .count = 0, .end = EG_CONT_END_RANGE,
                                           .from_special = q->from[k]};
        memcpy(y, q->y + k * m, m * sizeof *y);
        memcpy(v, q->dir + k * m, m * sizeof *v);
        st = trace_branch(w, r, q, y, v, bi, q->from[k] >= 0, err);
    }
    free(y);
    free(v);
    return st;
}

eg_status eg_cont_trace(const eg_cont_problem *prob, const eg_cont_opts *opts, eg_cont_result **out, eg_error *err)
{
    *out = NULL;
    eg_status st = check_opts(prob, opts, err);
    if (st != EG_OK)
        return st;
    size_t n = prob->dim, m = n + 1;
    eg_cont_work w;
    memset(&w, 0, sizeof w);
    queue q = {0};
    eg_cont_result *r = calloc(1, sizeof *r);
    if (!r || work_init(&w, prob, opts) != 0) {
        free(r);
        work_free(&w);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a continuation of dimension %zu", n);
    }
    r->dim = n;
    r->neig = !opts->eigen ? 0 : w.eig ? opts->eig_count : n;
    memcpy(w.y, opts->x0, n * sizeof *w.y);
    w.y[n] = opts->p0;
    double res0 = 0, res1 = 0;
    eg_error nerr;
    st = eg_cont_newton(prob, opts->p0, w.y, opts->tol, 50, &res0, &res1, &nerr);
    if (st == EG_ENOMEM) {
        eg_error_set(err, st, "%s", nerr.msg);
        goto done;
    }
    if (st != EG_OK) {
        st = eg_error_set(err, EG_EINVAL,
                          "the start is not near an equilibrium at %s = %g: ‖f‖∞ = %.3g there, and Newton's "
                          "method from it ends at ‖f‖∞ = %.3g",
                          prob->name ? prob->name : "p", opts->p0, res0, res1);
        goto done;
    }
    /* Near: Newton's method lands close to the start, not at some other equilibrium. */
    double moved = 0, size = 1;
    for (size_t i = 0; i < n; i++) {
        moved = fmax(moved, fabs(w.y[i] - opts->x0[i]));
        size = fmax(size, fabs(opts->x0[i]));
    }
    if (opts->near > 0 && moved > opts->near * size) {
        st = eg_error_set(err, EG_EINVAL,
                          "the start is not near an equilibrium at %s = %g: ‖f‖∞ = %.3g there, and the equilibrium "
                          "Newton's method finds from it is %.3g away (more than near = %g)",
                          prob->name ? prob->name : "p", opts->p0, res0, moved, opts->near);
        goto done;
    }
    /* The first direction: the tangent whose p component has the step's sign. */
    double *dir = w.dy;
    memset(dir, 0, m * sizeof *dir);
    dir[n] = opts->step > 0 ? 1 : -1;
    if (queue_push(&q, m, w.y, dir, -1) != 0) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    /* Below a few hundred unknowns OpenBLAS's threads cost more than the
     * factorisations they share (and spin on a busy machine). */
    int blas_threads = openblas_get_num_threads();
    if (n < 400)
        openblas_set_num_threads(1);
    st = trace_all(&w, r, &q, err);
    if (n < 400)
        openblas_set_num_threads(blas_threads);
    r->solve_seconds = w.solve_s;
    r->eigen_seconds = w.eigen_s;
    r->eigen_calls = w.eig_calls;
    r->factorizations = w.factorizations;
    r->refined_tangents = w.refined;
    r->full_spectra = w.eig ? eg_cont_eig_full_count(w.eig) : w.eig_calls;
    eg_cont_eig_costs(w.eig, &r->eigen_solves, &r->eigen_factor_seconds);
done:
    free(q.y);
    free(q.dir);
    free(q.from);
    work_free(&w);
    if (st != EG_OK) {
        eg_cont_result_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}
