/* cont_curve.c: two-parameter continuation of folds and Hopf points. A curve
 * of codimension-one points is the solution set of the minimally augmented
 * system F(x, p1, p2) = (f(x, p), g(x, p)) = 0, where g is the last entry of
 * the solution of a bordered system that is singular exactly where M is:
 * M = J for a fold, M = 2J⊙I (the bialternate product, whose eigenvalues are
 * the pairwise sums λi + λj) for a Hopf point. The curve is followed by
 * pseudo-arclength, and the cusp (CP) and Bogdanov–Takens (BT) points along it
 * are located by bisection on their test functions (docs/dynamics.md,
 * "Two-parameter continuation"). Dense linear algebra: for small systems. */
#include "engram/continuation.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/fixed_points.h"

#include <lapacke.h> /* after engram's headers: its complex.h defines I */

eg_cont2_opts eg_cont2_opts_default(void)
{
    eg_cont2_opts o;
    memset(&o, 0, sizeof o);
    o.lo[0] = o.lo[1] = -INFINITY;
    o.hi[0] = o.hi[1] = INFINITY;
    o.step = 0.01;
    o.step_min = 1e-8;
    o.max_points = 300;
    o.tol = 1e-10;
    o.max_newton = 12;
    o.locate_tol = 1e-10;
    return o;
}

const char *eg_cont2_type_name(eg_cont2_type type)
{
    return type == EG_CONT2_CP ? "CP" : "BT";
}

const char *eg_cont2_end_name(eg_cont2_end end)
{
    static const char *const names[] = {"range", "points", "corrector", "numeric", "BT", "closed"};
    return names[end];
}

void eg_cont2_curve_free(eg_cont2_curve *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nspecials; i++)
        free(c->specials[i].x);
    free(c->specials);
    free(c->p);
    free(c->x);
    free(c->test);
    free(c);
}

void eg_cont2_bialternate(const double *A, size_t n, double *M)
{
    size_t m = n * (n - 1) / 2, i = 0;
    /* Rows and columns are the pairs (p, q), p > q, in order; the entries
     * (Govaerts, "Numerical methods for bifurcations of dynamical
     * equilibria", 4.4) make the eigenvalues the sums λp + λq. */
    for (size_t p = 1; p < n; p++)
        for (size_t q = 0; q < p; q++, i++) {
            size_t j = 0;
            for (size_t r = 1; r < n; r++)
                for (size_t s = 0; s < r; s++, j++) {
                    double v = 0;
                    if (r == q)
                        v = -A[p * n + s];
                    else if (r != p && s == q)
                        v = A[p * n + r];
                    else if (r == p && s == q)
                        v = A[p * n + p] + A[q * n + q];
                    else if (r == p && s != q)
                        v = A[q * n + s];
                    else if (s == p)
                        v = -A[q * n + r];
                    M[i * m + j] = v;
                }
        }
}

/* ---- The augmented system ------------------------------------------------ */

typedef struct curve_work {
    const eg_cont2_problem *prob;
    const eg_cont2_opts *o;
    eg_cont_type type;
    size_t n, m, N;       /* dim, the order of M, the unknowns n + 2 */
    double *f, *J, *M;    /* f (n), J (n × n), M (m × m) */
    double *B, *z;        /* the bordered matrix ((m+1)²) and its solution (m + 1) */
    int *piv;             /* max(m + 1, N) */
    double *b, *c;        /* the borders: near M's left and right null vectors */
    double *b0, *c0;      /* the borders at the start, restored for each way from it (m each) */
    double *v, *w;        /* M's right and left null vectors at the last test, unit */
    double *vref, *wref;  /* their orientation at the last accepted point */
    double *F, *Fp, *Fm;  /* the residual (n + 1) and its shifted values */
    double *DF;           /* (n + 1) × N */
    double *A, *rhs, *dy; /* the Newton matrix N × N, its right side and step */
    double *yp, *xs;      /* N and n scratch */
    double *er, *ei;      /* n eigenvalues */
    eg_error err;
} curve_work;

static double norm_inf(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            return INFINITY;
        m = fmax(m, fabs(v[i]));
    }
    return m;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* Scales v (n) to unit length; 0, or −1 for a zero vector. */
static int unit(double *v, size_t n)
{
    double s = sqrt(dot(v, v, n));
    if (!(s > 0) || !isfinite(s))
        return -1;
    for (size_t i = 0; i < n; i++)
        v[i] /= s;
    return 0;
}

/* f and J at y = (x, p1, p2) into w->f, w->J (J skipped when want_J is 0). */
static eg_status eval_at(curve_work *w, const double *y, int want_J)
{
    return w->prob->eval(w->prob->ctx, y + w->n, y, w->f, want_J ? w->J : NULL, &w->err);
}

/* M from w->J: J itself for a fold, 2J⊙I for a Hopf point. */
static void build_M(curve_work *w)
{
    if (w->type == EG_CONT_LP)
        memcpy(w->M, w->J, w->n * w->n * sizeof *w->M);
    else
        eg_cont2_bialternate(w->J, w->n, w->M);
}

/* Solves [M b; cᵀ 0] z = e_{m+1} (trans: [Mᵀ c; bᵀ 0]) into w->z: z's first m
 * entries are near M's right (left) null vector, its last is g. 0 or −1. */
static int bordered(curve_work *w, int trans)
{
    size_t m = w->m, k = m + 1;
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < m; j++)
            w->B[i * k + j] = trans ? w->M[j * m + i] : w->M[i * m + j];
        w->B[i * k + m] = trans ? w->c[i] : w->b[i];
        w->B[m * k + i] = trans ? w->b[i] : w->c[i];
        w->z[i] = 0;
    }
    w->B[m * k + m] = 0;
    w->z[m] = 1;
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)k, 1, w->B, (lapack_int)k, w->piv, w->z, 1);
    return info == 0 && isfinite(w->z[m]) ? 0 : -1;
}

/* F = (f, g) at y into out (n + 1); leaves f, J and M at y in w. */
static int residual(curve_work *w, const double *y, double *out)
{
    if (eval_at(w, y, 1) != EG_OK)
        return -1;
    build_M(w);
    if (bordered(w, 0) != 0)
        return -1;
    memcpy(out, w->f, w->n * sizeof *out);
    out[w->n] = w->z[w->m];
    return norm_inf(out, w->n + 1) < INFINITY ? 0 : -1;
}

/* DF = ∂F/∂y ((n + 1) × N) at y: ∂f/∂x from the analytic Jacobian; ∂f/∂p and
 * every derivative of g by central differences (g's derivatives hold the
 * second derivatives of f, which no eval gives; the model is re-built at
 * each param value, so f_p has no analytic form either), one-sided at the
 * range's bounds, which may be the edges of a param's domain. */
static int jacobian(curve_work *w, const double *y)
{
    size_t n = w->n, N = w->N, rows = n + 1;
    memcpy(w->yp, y, N * sizeof *y);
    for (size_t j = 0; j < N; j++) {
        double h = 1e-6 * fmax(1.0, fabs(y[j])), up = y[j] + h, down = y[j] - h;
        if (j >= n) {
            size_t k = j - n;
            up = up > w->o->hi[k] ? y[j] : up;
            down = down < w->o->lo[k] ? y[j] : down;
        }
        w->yp[j] = up;
        if (residual(w, w->yp, w->Fp) != 0)
            return -1;
        w->yp[j] = down;
        if (residual(w, w->yp, w->Fm) != 0)
            return -1;
        w->yp[j] = y[j];
        for (size_t i = j < n ? n : 0; i < rows; i++)
            w->DF[i * N + j] = (w->Fp[i] - w->Fm[i]) / (up - down);
    }
    if (eval_at(w, y, 1) != EG_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        memcpy(w->DF + i * N, w->J + i * n, n * sizeof *w->DF);
    return 0;
}

/* Solves [DF; tᵀ] dy = rhs (w->A and w->rhs filled but for the last row). */
static int solve_newton(curve_work *w, const double *t)
{
    size_t N = w->N;
    memcpy(w->A, w->DF, (N - 1) * N * sizeof *w->A);
    memcpy(w->A + (N - 1) * N, t, N * sizeof *w->A);
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)N, 1, w->A, (lapack_int)N, w->piv, w->rhs, 1);
    return info == 0 && norm_inf(w->rhs, N) < INFINITY ? 0 : -1;
}

/* Newton's method on F(y) = 0, t·(y − y_pred) = 0 from y = y_pred, in place.
 * Returns the iterations used, or −1 when it does not converge. */
static int correct(curve_work *w, double *y, const double *t)
{
    size_t n = w->n, N = w->N;
    double pr[64]; /* N <= 64 (check) */
    memcpy(pr, y, N * sizeof *y);
    int used = -1;
    for (size_t it = 0; it <= w->o->max_newton; it++) {
        if (residual(w, y, w->F) != 0)
            break;
        double plane = 0;
        for (size_t i = 0; i < N; i++)
            plane += t[i] * (y[i] - pr[i]);
        if (norm_inf(w->F, n + 1) < w->o->tol && fabs(plane) < w->o->tol) {
            used = (int)it;
            break;
        }
        if (it == w->o->max_newton || jacobian(w, y) != 0)
            break;
        for (size_t i = 0; i <= n; i++)
            w->rhs[i] = -w->F[i];
        w->rhs[N - 1] = -plane;
        if (solve_newton(w, t) != 0)
            break;
        for (size_t i = 0; i < N; i++)
            y[i] += w->rhs[i];
    }
    return used;
}

/* The unit tangent at y (on the curve), oriented so that t·t_prev > 0. */
static int tangent(curve_work *w, const double *y, const double *t_prev, double *t)
{
    size_t N = w->N;
    if (jacobian(w, y) != 0)
        return -1;
    memset(w->rhs, 0, N * sizeof *w->rhs);
    w->rhs[N - 1] = 1;
    if (solve_newton(w, t_prev) != 0)
        return -1;
    memcpy(t, w->rhs, N * sizeof *t);
    if (unit(t, N) != 0)
        return -1;
    if (dot(t, t_prev, N) < 0)
        for (size_t i = 0; i < N; i++)
            t[i] = -t[i];
    return 0;
}

/* The borders at y: M's null vectors there, from the bordered system itself
 * (the previous borders keep them oriented along the curve). */
static int update_borders(curve_work *w, const double *y)
{
    if (residual(w, y, w->F) != 0)
        return -1;
    memcpy(w->c, w->z, w->m * sizeof *w->c);
    if (bordered(w, 1) != 0)
        return -1;
    memcpy(w->b, w->z, w->m * sizeof *w->b);
    return unit(w->b, w->m) == 0 && unit(w->c, w->m) == 0 ? 0 : -1;
}

/* The pair of eigenvalues of w->J nearest to summing to zero: Re(λi λj),
 * which is ω² at a Hopf point and −s² at a neutral saddle (±s). */
static int hopf_kappa(curve_work *w, double *kappa)
{
    size_t n = w->n;
    double *A = w->A; /* n × n fits: N × N with N = n + 2 */
    memcpy(A, w->J, n * n * sizeof *A);
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, A, (lapack_int)n, w->er, w->ei,
                                    NULL, 1, NULL, 1);
    if (info != 0)
        return -1;
    double best = INFINITY;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++) {
            double s = hypot(w->er[i] + w->er[j], w->ei[i] + w->ei[j]);
            if (s < best) {
                best = s;
                *kappa = w->er[i] * w->er[j] - w->ei[i] * w->ei[j];
            }
        }
    return 0;
}

/* The test functions at y (on the curve) into tv[2]. A fold: the normal
 * form's a = ½ wᵀB(v, v) (the cusp test; B(v, v) by a central second
 * difference of f along v) and wᵀv (the BT test: the null vectors of a
 * double zero eigenvalue's Jordan block are orthogonal), v and w unit and
 * oriented as at the last accepted point (keep: that point is y). A Hopf
 * point: ω and κ = ω² (the BT test). */
static int tests(curve_work *w, const double *y, double *tv, int keep)
{
    size_t n = w->n;
    if (residual(w, y, w->F) != 0)
        return -1;
    if (w->type == EG_CONT_H) {
        double kappa = 0;
        if (hopf_kappa(w, &kappa) != 0)
            return -1;
        tv[0] = kappa > 0 ? sqrt(kappa) : 0;
        tv[1] = kappa;
        return 0;
    }
    memcpy(w->v, w->z, n * sizeof *w->v);
    if (bordered(w, 1) != 0)
        return -1;
    memcpy(w->w, w->z, n * sizeof *w->w);
    if (unit(w->v, n) != 0 || unit(w->w, n) != 0)
        return -1;
    if (dot(w->v, w->vref, n) < 0)
        for (size_t i = 0; i < n; i++)
            w->v[i] = -w->v[i];
    if (dot(w->w, w->wref, n) < 0)
        for (size_t i = 0; i < n; i++)
            w->w[i] = -w->w[i];
    double eps = 1e-4 * fmax(1.0, norm_inf(y, n)), a = 0;
    double *f0 = w->Fp, *fs = w->Fm;
    memcpy(f0, w->f, n * sizeof *f0);
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        for (size_t i = 0; i < n; i++)
            w->xs[i] = y[i] + sgn * eps * w->v[i];
        if (w->prob->eval(w->prob->ctx, y + n, w->xs, fs, NULL, &w->err) != EG_OK)
            return -1;
        a += dot(w->w, fs, n);
    }
    a = 0.5 * (a - 2 * dot(w->w, f0, n)) / (eps * eps);
    tv[0] = a;
    tv[1] = dot(w->w, w->v, n);
    if (keep) {
        memcpy(w->vref, w->v, n * sizeof *w->v);
        memcpy(w->wref, w->w, n * sizeof *w->w);
    }
    return 0;
}

/* ---- The curve ----------------------------------------------------------- */

static int add_point(eg_cont2_curve *cv, const double *y, const double *tv)
{
    size_t n = cv->dim;
    if (cv->npoints == cv->cap) {
        size_t cap = cv->cap ? 2 * cv->cap : 64;
        double *p = realloc(cv->p, cap * 2 * sizeof *p);
        if (p)
            cv->p = p;
        double *x = realloc(cv->x, cap * n * sizeof *x);
        if (x)
            cv->x = x;
        double *t = realloc(cv->test, cap * 2 * sizeof *t);
        if (t)
            cv->test = t;
        if (!p || !x || !t)
            return -1;
        cv->cap = cap;
    }
    size_t k = cv->npoints++;
    memcpy(cv->p + 2 * k, y + n, 2 * sizeof *y);
    memcpy(cv->x + k * n, y, n * sizeof *y);
    memcpy(cv->test + 2 * k, tv, 2 * sizeof *tv);
    return 0;
}

static int add_special(eg_cont2_curve *cv, eg_cont2_type type, const double *y, size_t index)
{
    size_t n = cv->dim;
    if (cv->nspecials == cv->special_cap) {
        size_t cap = cv->special_cap ? 2 * cv->special_cap : 4;
        eg_cont2_special *s = realloc(cv->specials, cap * sizeof *s);
        if (!s)
            return -1;
        cv->specials = s;
        cv->special_cap = cap;
    }
    eg_cont2_special *sp = &cv->specials[cv->nspecials];
    if (!(sp->x = malloc(n * sizeof *sp->x)))
        return -1;
    cv->nspecials++;
    sp->type = type;
    sp->index = index;
    memcpy(sp->p, y + n, 2 * sizeof *y);
    memcpy(sp->x, y, n * sizeof *y);
    return 0;
}

/* Records why a direction failed, at y. */
static void fail_at(curve_work *w, eg_cont2_curve *cv, const double *y, const char *what)
{
    const char *n1 = w->prob->names[0] ? w->prob->names[0] : "p1";
    const char *n2 = w->prob->names[1] ? w->prob->names[1] : "p2";
    if (!cv->failed)
        snprintf(cv->why, sizeof cv->why, "the %s curve stops at (%s, %s) = (%.8g, %.8g): %.300s",
                 w->type == EG_CONT_LP ? "fold" : "Hopf", n1, n2, y[w->n], y[w->n + 1], what);
    cv->failed = 1;
}

/* Locates the zero of test `which` between y0 (tangent t0, tests tv0) and
 * the point the step h reaches, by bisection in the step, into y_at. */
static int locate(curve_work *w, const double *y0, const double *t0, const double *tv0, double h, int which,
                  double *y_at)
{
    size_t N = w->N;
    double lo = 0, hi = h, tv[2];
    int found = 0;
    while (hi - lo > w->o->locate_tol) {
        double mid = 0.5 * (lo + hi);
        for (size_t i = 0; i < N; i++)
            y_at[i] = y0[i] + mid * t0[i];
        if (correct(w, y_at, t0) < 0 || tests(w, y_at, tv, 0) != 0)
            return -1;
        found = 1;
        if ((tv[which] > 0) == (tv0[which] > 0))
            lo = mid;
        else
            hi = mid;
    }
    return found ? 0 : -1;
}

/* The parameter a predicted step crosses, with the step that ends on its
 * bound; −1 when it stays within both ranges. */
static int crossing(const curve_work *w, const double *y, const double *t, double h, double *hb)
{
    size_t n = w->n;
    for (int k = 0; k < 2; k++) {
        double pk = y[n + k] + h * t[n + k];
        if ((pk < w->o->lo[k] || pk > w->o->hi[k]) && fabs(t[n + k]) > 1e-3) {
            *hb = ((pk < w->o->lo[k] ? w->o->lo[k] : w->o->hi[k]) - y[n + k]) / t[n + k];
            return k;
        }
    }
    return -1;
}

static int outside(const curve_work *w, const double *y)
{
    for (int k = 0; k < 2; k++)
        if (y[w->n + k] < w->o->lo[k] - 1e-12 || y[w->n + k] > w->o->hi[k] + 1e-12)
            return 1;
    return 0;
}

/* The flagged points between y (tests tv) and yn (tests tvn) of a step h
 * along t, located and recorded; *bt is set when a Hopf curve meets its BT
 * point (its location, in ys, ends the curve). −1 when out of memory. */
static int flag_between(curve_work *w, eg_cont2_curve *cv, const double *y, const double *t, const double *tv,
                        const double *tvn, double h, double *ys, int *bt)
{
    *bt = 0;
    for (int which = 0; which < 2; which++) {
        if (w->type == EG_CONT_H && which == 0)
            continue; /* ω is no test: κ is */
        if ((tv[which] > 0) == (tvn[which] > 0))
            continue;
        if (locate(w, y, t, tv, h, which, ys) != 0)
            continue; /* not located: the curve goes on */
        eg_cont2_type type = which == 0 ? EG_CONT2_CP : EG_CONT2_BT;
        if (add_special(cv, type, ys, cv->npoints - 1) != 0)
            return -1;
        if (w->type == EG_CONT_H)
            *bt = 1;
    }
    return 0;
}

/* The step after a corrector that took `iters` iterations. */
static double adapt_step(double h, int iters, double hmax)
{
    if (iters <= 3)
        return fmin(h * 1.5, hmax);
    return iters >= 6 ? h * 0.6 : h;
}

/* Follows the curve from y (on it, tests tv) along t until it ends, appending
 * its points. Returns how it ended; EG_CONT2_END_NUMERIC with *oom set when
 * out of memory. */
static eg_cont2_end leg(curve_work *w, eg_cont2_curve *cv, const double *start, double *y, double *t, double *tv,
                        int *oom)
{
    const eg_cont2_opts *o = w->o;
    size_t n = w->n, N = w->N;
    double yn[64], tn[64], ys[64], e[64], tvn[2];
    double h = fabs(o->step), hmax = o->step_max > 0 ? o->step_max : 10 * h;
    for (size_t count = 0; count < o->max_points; count++) {
        int iters = -1, last = 0;
        while (iters < 0) {
            double hb;
            int k = last ? -1 : crossing(w, y, t, h, &hb);
            memset(e, 0, N * sizeof *e);
            if (k >= 0 && hb > o->step_min && hb <= h) {
                h = hb;
                last = 1;
                e[n + (size_t)k] = 1;
            }
            for (size_t i = 0; i < N; i++)
                yn[i] = y[i] + h * t[i];
            /* The last step corrects with the param fixed on its bound. */
            iters = correct(w, yn, last ? e : t);
            if (iters < 0) {
                last = 0;
                h *= 0.5;
                if (h < o->step_min) {
                    fail_at(w, cv, y, "the corrector fails even at the smallest step");
                    return EG_CONT2_END_CORRECTOR;
                }
            }
        }
        if (outside(w, yn) && !last)
            return EG_CONT2_END_RANGE;
        if (tangent(w, yn, t, tn) != 0 || tests(w, yn, tvn, 0) != 0) {
            fail_at(w, cv, yn, "the augmented Jacobian is singular");
            return EG_CONT2_END_NUMERIC;
        }
        int bt = 0;
        if (flag_between(w, cv, y, t, tv, tvn, h, ys, &bt) != 0) {
            *oom = 1;
            return EG_CONT2_END_NUMERIC;
        }
        if (bt) {
            /* Past ω = 0 the curve is one of neutral saddles, not of Hopf points. */
            tests(w, ys, tvn, 0);
            if (add_point(cv, ys, tvn) != 0)
                *oom = 1;
            return *oom ? EG_CONT2_END_NUMERIC : EG_CONT2_END_BT;
        }
        if (update_borders(w, yn) != 0 || tests(w, yn, tvn, 1) != 0) {
            fail_at(w, cv, yn, "the bordered system is singular");
            return EG_CONT2_END_NUMERIC;
        }
        if (add_point(cv, yn, tvn) != 0) {
            *oom = 1;
            return EG_CONT2_END_NUMERIC;
        }
        memcpy(y, yn, N * sizeof *y);
        memcpy(t, tn, N * sizeof *t);
        memcpy(tv, tvn, sizeof tvn);
        if (last)
            return EG_CONT2_END_RANGE;
        /* Back at the start: a closed curve. */
        double d = 0;
        for (size_t i = 0; i < N; i++)
            d = fmax(d, fabs(y[i] - start[i]));
        if (count >= 3 && d < 0.5 * h)
            return EG_CONT2_END_CLOSED;
        h = adapt_step(h, iters, hmax);
    }
    return EG_CONT2_END_POINTS;
}

/* Reverses the curve's points (the first direction, traced away from the
 * start) so that they run towards the start; the specials' indices follow. */
static void reverse(eg_cont2_curve *cv)
{
    size_t n = cv->dim, k = cv->npoints;
    for (size_t i = 0; i < k / 2; i++) {
        size_t j = k - 1 - i;
        for (size_t c = 0; c < 2; c++) {
            double a = cv->p[2 * i + c];
            cv->p[2 * i + c] = cv->p[2 * j + c];
            cv->p[2 * j + c] = a;
            a = cv->test[2 * i + c];
            cv->test[2 * i + c] = cv->test[2 * j + c];
            cv->test[2 * j + c] = a;
        }
        for (size_t c = 0; c < n; c++) {
            double a = cv->x[i * n + c];
            cv->x[i * n + c] = cv->x[j * n + c];
            cv->x[j * n + c] = a;
        }
    }
    /* A special after point i (before i + 1) lies after point k − 2 − i. */
    for (size_t s = 0; s < cv->nspecials; s++)
        cv->specials[s].index = cv->specials[s].index + 2 <= k ? k - 2 - cv->specials[s].index : 0;
}

/* ---- Setting up ---------------------------------------------------------- */

static void work_free(curve_work *w)
{
    double *arrays[] = {w->f,  w->J,  w->M,  w->B,  w->z,   w->b,   w->c,  w->b0, w->c0, w->v,  w->w, w->vref,
                        w->wref, w->F, w->Fp, w->Fm, w->DF, w->A, w->rhs, w->dy, w->yp, w->xs, w->er, w->ei};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    free(w->piv);
}

static int work_init(curve_work *w, const eg_cont2_problem *prob, const eg_cont2_opts *o, eg_cont_type type)
{
    size_t n = prob->dim, m = type == EG_CONT_LP ? n : n * (n - 1) / 2, N = n + 2, k = m + 1;
    size_t big = k > N ? k : N;
    memset(w, 0, sizeof *w);
    w->prob = prob;
    w->o = o;
    w->type = type;
    w->n = n;
    w->m = m;
    w->N = N;
    w->f = malloc(n * sizeof *w->f);
    w->J = malloc(n * n * sizeof *w->J);
    w->M = malloc(m * m * sizeof *w->M);
    w->B = malloc(k * k * sizeof *w->B);
    w->z = malloc(k * sizeof *w->z);
    w->piv = malloc(big * sizeof *w->piv);
    w->b = calloc(m, sizeof *w->b);
    w->c = calloc(m, sizeof *w->c);
    w->b0 = calloc(m, sizeof *w->b0);
    w->c0 = calloc(m, sizeof *w->c0);
    w->v = calloc(n, sizeof *w->v);
    w->w = calloc(n, sizeof *w->w);
    w->vref = calloc(n, sizeof *w->vref);
    w->wref = calloc(n, sizeof *w->wref);
    w->F = malloc((n + 1) * sizeof *w->F);
    w->Fp = malloc((n + 1) * sizeof *w->Fp);
    w->Fm = malloc((n + 1) * sizeof *w->Fm);
    w->DF = malloc((n + 1) * N * sizeof *w->DF);
    w->A = malloc(N * N * sizeof *w->A);
    w->rhs = malloc(N * sizeof *w->rhs);
    w->dy = malloc(N * sizeof *w->dy);
    w->yp = malloc(N * sizeof *w->yp);
    w->xs = malloc(n * sizeof *w->xs);
    w->er = malloc(n * sizeof *w->er);
    w->ei = malloc(n * sizeof *w->ei);
    return w->f && w->J && w->M && w->B && w->z && w->piv && w->b && w->c && w->b0 && w->c0 && w->v && w->w &&
                   w->vref && w->wref &&
                   w->F && w->Fp && w->Fm && w->DF && w->A && w->rhs && w->dy && w->yp && w->xs && w->er && w->ei
               ? 0
               : -1;
}

/* The first borders: M's singular vectors of the smallest singular value at y. */
static int first_borders(curve_work *w, const double *y)
{
    size_t m = w->m;
    if (eval_at(w, y, 1) != EG_OK)
        return -1;
    build_M(w);
    double *s = malloc(m * sizeof *s), *U = malloc(m * m * sizeof *U), *VT = malloc(m * m * sizeof *VT),
           *sup = malloc(m * sizeof *sup);
    int rc = -1;
    if (s && U && VT && sup) {
        memcpy(w->B, w->M, m * m * sizeof *w->B);
        lapack_int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'A', 'A', (lapack_int)m, (lapack_int)m, w->B,
                                         (lapack_int)m, s, U, (lapack_int)m, VT, (lapack_int)m, sup);
        if (info == 0) {
            for (size_t i = 0; i < m; i++) {
                w->b[i] = U[i * m + m - 1];
                w->c[i] = VT[(m - 1) * m + i];
            }
            rc = 0;
        }
    }
    free(s);
    free(U);
    free(VT);
    free(sup);
    return rc;
}

static eg_status check(const eg_cont2_problem *prob, const eg_cont2_opts *o, eg_cont_type type, const double *x0,
                       const double *p0, eg_error *err)
{
    if (!prob || prob->dim == 0 || !prob->eval || !o || !x0 || !p0)
        return eg_error_set(err, EG_EINVAL, "two-parameter continuation needs a system and a start");
    if (type != EG_CONT_LP && type != EG_CONT_H)
        return eg_error_set(err, EG_EINVAL, "only folds (LP) and Hopf points (H) are followed in two params");
    if (type == EG_CONT_H && prob->dim < 2)
        return eg_error_set(err, EG_EINVAL, "a Hopf point needs at least two state variables");
    if (prob->dim + 2 > 64)
        return eg_error_set(err, EG_EINVAL, "two-parameter continuation is for systems of at most 62 variables, "
                                            "got %zu",
                            prob->dim);
    if (!(o->step > 0) || !isfinite(o->step) || !(o->step_min > 0) || !(o->tol > 0) || o->max_points < 1)
        return eg_error_set(err, EG_EINVAL, "two-parameter continuation options out of their domain");
    for (int k = 0; k < 2; k++)
        if (!(p0[k] >= o->lo[k] && p0[k] <= o->hi[k]))
            return eg_error_set(err, EG_EINVAL, "the start %s = %g is outside the range %g .. %g",
                                prob->names[k] ? prob->names[k] : k ? "p2" : "p1", p0[k], o->lo[k], o->hi[k]);
    return EG_OK;
}

/* Polishes the start y at fixed p2 onto the curve, with its borders, tangent
 * (towards growing p2) and tests. */
static eg_status start_at(curve_work *w, double *y, double *t, double *tv, eg_error *err)
{
    size_t n = w->n, N = w->N;
    const char *what = w->type == EG_CONT_LP ? "fold" : "Hopf point";
    double e[64];
    memset(e, 0, N * sizeof *e);
    e[n + 1] = 1;
    if (first_borders(w, y) != 0)
        return eg_error_set(err, EG_ENUMERIC, "the system fails at the start: %s", w->err.msg);
    if (correct(w, y, e) < 0 || update_borders(w, y) != 0)
        return eg_error_set(err, EG_EINVAL, "the start is not near a %s: Newton's method on the augmented system "
                                            "does not converge from it",
                            what);
    if (tests(w, y, tv, 0) != 0)
        return eg_error_set(err, EG_ENUMERIC, "the test functions fail at the start");
    if (w->type == EG_CONT_LP) {
        memcpy(w->vref, w->v, n * sizeof *w->v);
        memcpy(w->wref, w->w, n * sizeof *w->w);
    } else if (!(tv[1] > 0))
        return eg_error_set(err, EG_EINVAL, "the start is no Hopf point: the eigenvalues summing to zero there are "
                                            "real (a neutral saddle)");
    if (tangent(w, y, e, t) != 0)
        return eg_error_set(err, EG_EINVAL, "the %s at the start is degenerate: the augmented Jacobian is singular",
                            what);
    return EG_OK;
}

/* Checks the options, and sets up the work space, an empty curve of the type
 * and y0 = (x0, p0). */
static eg_status begin_curve(const eg_cont2_problem *prob, const eg_cont2_opts *opts, eg_cont_type type,
                             const double *x0, const double *p0, curve_work *w, eg_cont2_curve **cv, double *y0,
                             eg_error *err)
{
    eg_status st = check(prob, opts, type, x0, p0, err);
    if (st != EG_OK)
        return st;
    size_t n = prob->dim;
    *cv = calloc(1, sizeof **cv);
    if (!*cv || work_init(w, prob, opts, type) != 0) {
        free(*cv);
        *cv = NULL;
        work_free(w);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    (*cv)->type = type;
    (*cv)->dim = n;
    memcpy(y0, x0, n * sizeof *y0);
    memcpy(y0 + n, p0, 2 * sizeof *y0);
    return EG_OK;
}

/* Frees the work space; the curve into *out when st is EG_OK, freed otherwise. */
static eg_status end_curve(curve_work *w, eg_cont2_curve *cv, eg_status st, eg_cont2_curve **out)
{
    work_free(w);
    if (st != EG_OK) {
        eg_cont2_curve_free(cv);
        return st;
    }
    *out = cv;
    return EG_OK;
}

eg_status eg_cont2_trace(const eg_cont2_problem *prob, const eg_cont2_opts *opts, eg_cont_type type,
                         const double *x0, const double *p0, eg_cont2_curve **out, eg_error *err)
{
    *out = NULL;
    size_t n = prob ? prob->dim : 0, N = n + 2;
    curve_work w;
    eg_cont2_curve *cv = NULL;
    double y0[64], t0[64], tv0[2], y[64], t[64], tv[2];
    eg_status st = begin_curve(prob, opts, type, x0, p0, &w, &cv, y0, err);
    if (st != EG_OK)
        return st;
    if ((st = start_at(&w, y0, t0, tv0, err)) != EG_OK)
        goto done;
    int oom = 0;
    double v0[64], l0[64];
    memcpy(w.b0, w.b, w.m * sizeof *w.b0);
    memcpy(w.c0, w.c, w.m * sizeof *w.c0);
    memcpy(v0, w.vref, n * sizeof *v0);
    memcpy(l0, w.wref, n * sizeof *l0);
    if (add_point(cv, y0, tv0) != 0)
        oom = 1;
    /* Backwards first, then reversed, so the points run along the curve. */
    for (int dir = 0; dir < 2 && !oom; dir++) {
        memcpy(y, y0, N * sizeof *y);
        memcpy(tv, tv0, sizeof tv);
        for (size_t i = 0; i < N; i++)
            t[i] = dir ? t0[i] : -t0[i];
        memcpy(w.b, w.b0, w.m * sizeof *w.b);
        memcpy(w.c, w.c0, w.m * sizeof *w.c);
        memcpy(w.vref, v0, n * sizeof *v0);
        memcpy(w.wref, l0, n * sizeof *l0);
        if (dir == 1 && cv->end[0] == EG_CONT2_END_CLOSED) {
            cv->end[1] = EG_CONT2_END_CLOSED;
            break;
        }
        cv->end[dir] = leg(&w, cv, y0, y, t, tv, &oom);
        if (dir == 0) {
            reverse(cv);
            cv->start = cv->npoints - 1;
        }
    }
    if (oom)
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
done:
    return end_curve(&w, cv, st, out);
}

/* ---- The Hopf curve from a Bogdanov–Takens point --------------------------- */

/* κ = ω² a step h along s·t from y0 (on the curve), the borders restored
 * after; -INFINITY when the step does not correct. */
static double kappa_along(curve_work *w, const double *y0, const double *t, double s, double h)
{
    double y[64], ts[64], tv[2];
    for (size_t i = 0; i < w->N; i++) {
        ts[i] = s * t[i];
        y[i] = y0[i] + h * ts[i];
    }
    double kappa = -INFINITY;
    if (correct(w, y, ts) >= 0 && tests(w, y, tv, 0) == 0)
        kappa = tv[1];
    memcpy(w->b, w->b0, w->m * sizeof *w->b);
    memcpy(w->c, w->c0, w->m * sizeof *w->c);
    return kappa;
}

eg_status eg_cont2_trace_hopf_from_bt(const eg_cont2_problem *prob, const eg_cont2_opts *opts, const double *x0,
                                      const double *p0, eg_cont2_curve **out, eg_error *err)
{
    *out = NULL;
    size_t n = prob ? prob->dim : 0, N = n + 2;
    curve_work w;
    eg_cont2_curve *cv = NULL;
    double y0[64], t0[64], tv0[2], e[64];
    eg_status st = begin_curve(prob, opts, EG_CONT_H, x0, p0, &w, &cv, y0, err);
    if (st != EG_OK)
        return st;
    memset(e, 0, N * sizeof *e);
    e[n + 1] = 1;
    /* The BT point solves the Hopf system too (a double zero eigenvalue
     * sums to zero), which is regular there: the curve of pairs summing to
     * zero passes through it, Hopf points (κ > 0) on one side, neutral
     * saddles on the other. */
    if (first_borders(&w, y0) != 0 || correct(&w, y0, e) < 0 || update_borders(&w, y0) != 0 ||
        tests(&w, y0, tv0, 0) != 0 || tangent(&w, y0, e, t0) != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "the Hopf system is singular at the BT point (%g, %g)", p0[0], p0[1]);
        goto done;
    }
    memcpy(w.b0, w.b, w.m * sizeof *w.b0);
    memcpy(w.c0, w.c, w.m * sizeof *w.c0);
    double h = fabs(opts->step), up = kappa_along(&w, y0, t0, 1, h), down = kappa_along(&w, y0, t0, -1, h);
    if (!(up > 0) && !(down > 0)) {
        st = eg_error_set(err, EG_ENUMERIC, "no Hopf curve leaves the BT point (%g, %g)", p0[0], p0[1]);
        goto done;
    }
    double y[64], t[64], s = up >= down ? 1 : -1;
    tv0[0] = tv0[1] = 0;
    int oom = add_point(cv, y0, tv0) != 0 || add_special(cv, EG_CONT2_BT, y0, 0) != 0;
    memcpy(y, y0, N * sizeof *y);
    for (size_t i = 0; i < N; i++)
        t[i] = s * t0[i];
    /* κ is 0 at the start and positive along the leg: the smallest positive
     * number stands for it, so that the leg does not flag the start again. */
    double tv[2] = {0, DBL_MIN};
    cv->end[0] = EG_CONT2_END_BT;
    cv->start = 0;
    if (!oom)
        cv->end[1] = leg(&w, cv, y0, y, t, tv, &oom);
    if (oom)
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
done:
    return end_curve(&w, cv, st, out);
}
