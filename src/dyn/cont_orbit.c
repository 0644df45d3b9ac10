/* cont_orbit.c: periodic orbits born at a Hopf point, by single shooting:
 * the first guessed from the normal form, each found by Newton's method on
 * φ_T(x0) = x0 with a phase condition, with the monodromy matrix from the
 * variational equations, and its Floquet multipliers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/continuation.h"
#include "engram/fixed_points.h"
#include "engram/integrate.h"

#include <gsl/gsl_errno.h>
#include <lapacke.h> /* after engram's headers: its complex.h defines I */

/* The variational system at one param: state (x, Φ), x' = f(x), Φ' = J(x) Φ. */
typedef struct var_ctx {
    const eg_cont_problem *prob;
    double p;
    double *J; /* n × n */
    double *x_max, *x_min;     /* n each: every state's extremes over the last flow */
    double norm_max, norm_min; /* and those of ‖x‖ */
    eg_error err;
    int failed;
} var_ctx;

static int var_rhs(double t, const double *y, double *dy, void *params)
{
    (void)t;
    var_ctx *c = params;
    size_t n = c->prob->dim;
    if (c->prob->eval(c->prob->ctx, c->p, y, dy, c->J, &c->err) != EG_OK) {
        c->failed = 1;
        return GSL_EBADFUNC;
    }
    const double *Phi = y + n;
    double *dPhi = dy + n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += c->J[i * n + k] * Phi[k * n + j];
            dPhi[i * n + j] = s;
        }
    return GSL_SUCCESS;
}

/* Every state's extremes and those of ‖x‖ over the states of a trajectory
 * of (x, Φ), into c. */
static void extremes(var_ctx *c, const eg_trajectory *tr, size_t n)
{
    size_t dim = tr->states->cols;
    c->norm_max = 0;
    c->norm_min = INFINITY;
    for (size_t i = 0; i < n; i++) {
        c->x_max[i] = -INFINITY;
        c->x_min[i] = INFINITY;
    }
    for (size_t k = 0; k < tr->count; k++) {
        const double *x = tr->states->data + k * dim;
        double q = 0;
        for (size_t i = 0; i < n; i++) {
            c->x_max[i] = fmax(c->x_max[i], x[i]);
            c->x_min[i] = fmin(c->x_min[i], x[i]);
            q += x[i] * x[i];
        }
        c->norm_max = fmax(c->norm_max, sqrt(q));
        c->norm_min = fmin(c->norm_min, sqrt(q));
    }
}

/* Integrates x0 with Φ(0) = I over [0, T]: the end state into xT, the
 * monodromy Φ(T) into M, the peak-to-peak amplitude and the extremes into c
 * (sampled 200 times): those of the orbit when the flow closes it. */
static eg_status flow(var_ctx *c, const double *x0, double T, double *xT, double *M, double *amp, eg_error *err)
{
    size_t n = c->prob->dim, dim = n + n * n;
    double *y0 = calloc(dim, sizeof *y0);
    if (!y0)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    memcpy(y0, x0, n * sizeof *y0);
    for (size_t i = 0; i < n; i++)
        y0[n + i * n + i] = 1;
    eg_dyn_system sys = {.dim = dim, .rhs = var_rhs, .params = c};
    eg_integrate_opts o = eg_integrate_opts_default();
    o.t0 = 0;
    o.t1 = T;
    o.dt_record = T / 200;
    o.rtol = 1e-11;
    o.atol = 1e-12;
    eg_trajectory *tr = NULL;
    eg_status st = eg_integrate(&sys, y0, &o, &tr, err);
    free(y0);
    if (st == EG_OK) {
        const double *last = tr->states->data + (tr->count - 1) * dim;
        memcpy(xT, last, n * sizeof *xT);
        memcpy(M, last + n, n * n * sizeof *M);
        *amp = eg_trajectory_amplitude(tr, n);
        extremes(c, tr, n);
    }
    eg_trajectory_free(tr);
    return st;
}

/* Newton's method on (x0, T): φ_T(x0) − x0 = 0 and f(x̃)·(x0 − x̃) = 0, x̃ the
 * guess (the phase condition fixes where on the orbit x0 lies). */
static eg_status shoot(var_ctx *c, double *x0, double *T, double *M, double *amp, eg_error *err)
{
    size_t n = c->prob->dim, m = n + 1;
    double *xg = malloc(n * sizeof *xg), *fg = malloc(n * sizeof *fg), *xT = malloc(n * sizeof *xT),
           *fT = malloc(n * sizeof *fT), *A = malloc(m * m * sizeof *A), *b = malloc(m * sizeof *b);
    lapack_int *piv = malloc(m * sizeof *piv);
    eg_status st = EG_OK;
    if (!xg || !fg || !xT || !fT || !A || !b || !piv) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(xg, x0, n * sizeof *xg);
    if ((st = c->prob->eval(c->prob->ctx, c->p, xg, fg, NULL, err)) != EG_OK)
        goto done;
    st = eg_error_set(err, EG_ENUMERIC, "shooting does not converge at p = %g", c->p);
    for (int it = 0; it < 25; it++) {
        eg_status fs = flow(c, x0, *T, xT, M, amp, err);
        if (fs != EG_OK) {
            st = fs;
            break;
        }
        double res = 0, g = 0;
        for (size_t i = 0; i < n; i++) {
            res = fmax(res, fabs(xT[i] - x0[i]));
            g += fg[i] * (x0[i] - xg[i]);
        }
        if (res < 1e-9 && it > 0) {
            st = EG_OK;
            break;
        }
        if ((fs = c->prob->eval(c->prob->ctx, c->p, xT, fT, NULL, err)) != EG_OK) {
            st = fs;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++)
                A[i * m + j] = M[i * n + j] - (i == j);
            A[i * m + n] = fT[i];
            A[n * m + i] = fg[i];
            b[i] = -(xT[i] - x0[i]);
        }
        A[n * m + n] = 0;
        b[n] = -g;
        if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)m, 1, A, (lapack_int)m, piv, b, 1) != 0)
            break;
        for (size_t i = 0; i < n; i++)
            x0[i] += b[i];
        *T += b[n];
        if (!(*T > 0) || !isfinite(*T))
            break;
    }
done:
    free(xg);
    free(fg);
    free(xT);
    free(fT);
    free(A);
    free(b);
    free(piv);
    return st;
}

/* Newton's method on z = (x0, T, p), n + 2 unknowns: φ_T(x0; p) − x0 = 0,
 * f(x̂)·(x0 − x̂) = 0 and τ·(z − ẑ) = 0, ẑ = (x̂, T̂, p̂) the predicted orbit
 * and τ the branch's unit tangent (pseudo-arclength: the orbit on the
 * hyperplane through ẑ normal to the branch, which crosses a fold of cycles
 * where p alone cannot be stepped). ∂φ/∂p is a forward difference of the
 * flow. On success z, the monodromy M and the amplitude are the orbit's. */
static eg_status shoot_arc(var_ctx *c, const double *tau, const double *zhat, double *z, double *M, double *amp,
                           eg_error *err)
{
    size_t n = c->prob->dim, m = n + 2;
    double *fg = malloc(n * sizeof *fg), *xT = malloc(n * sizeof *xT), *xd = malloc(n * sizeof *xd),
           *fT = malloc(n * sizeof *fT), *Md = malloc(n * n * sizeof *Md), *A = malloc(m * m * sizeof *A),
           *b = malloc(m * sizeof *b);
    lapack_int *piv = malloc(m * sizeof *piv);
    eg_status st = EG_OK;
    if (!fg || !xT || !xd || !fT || !Md || !A || !b || !piv) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    c->p = zhat[n + 1];
    if ((st = c->prob->eval(c->prob->ctx, c->p, zhat, fg, NULL, err)) != EG_OK)
        goto done;
    st = eg_error_set(err, EG_ENUMERIC, "shooting along the branch does not converge near p = %g", zhat[n + 1]);
    for (int it = 0; it < 25; it++) {
        double p = z[n + 1], T = z[n], ampd = 0;
        c->p = p;
        eg_status fs = flow(c, z, T, xT, M, amp, err);
        if (fs != EG_OK) {
            st = fs;
            break;
        }
        double res = 0;
        for (size_t i = 0; i < n; i++)
            res = fmax(res, fabs(xT[i] - z[i]));
        if (res < 1e-9 && it > 0) {
            st = EG_OK;
            break;
        }
        double dp = 1e-6 * fmax(1, fabs(p));
        c->p = p + dp;
        fs = flow(c, z, T, xd, Md, &ampd, err);
        c->p = p;
        if (fs != EG_OK || (fs = c->prob->eval(c->prob->ctx, p, xT, fT, NULL, err)) != EG_OK) {
            st = fs;
            break;
        }
        double g = 0, a = 0;
        for (size_t i = 0; i < n; i++)
            g += fg[i] * (z[i] - zhat[i]);
        for (size_t i = 0; i < m; i++)
            a += tau[i] * (z[i] - zhat[i]);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++)
                A[i * m + j] = M[i * n + j] - (i == j);
            A[i * m + n] = fT[i];
            A[i * m + n + 1] = (xd[i] - xT[i]) / dp;
            A[n * m + i] = fg[i];
            b[i] = -(xT[i] - z[i]);
        }
        A[n * m + n] = A[n * m + n + 1] = 0;
        for (size_t j = 0; j < m; j++)
            A[(n + 1) * m + j] = tau[j];
        b[n] = -g;
        b[n + 1] = -a;
        if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)m, 1, A, (lapack_int)m, piv, b, 1) != 0)
            break;
        for (size_t i = 0; i < m; i++)
            z[i] += b[i];
        if (!(z[n] > 0) || !isfinite(z[n]) || !isfinite(z[n + 1]))
            break;
    }
done:
    free(fg);
    free(xT);
    free(xd);
    free(fT);
    free(Md);
    free(A);
    free(b);
    free(piv);
    return st;
}

void eg_cont_orbits_free(eg_cont_orbit *orbits, size_t count)
{
    if (!orbits)
        return;
    for (size_t i = 0; i < count; i++) {
        free(orbits[i].x0);
        free(orbits[i].mult_re);
        free(orbits[i].mult_im);
        free(orbits[i].x_max);
        free(orbits[i].x_min);
    }
    free(orbits);
}

/* The equilibrium near h at p, its critical pair μ + iω and the critical
 * eigenvector's real part (⟨q,q⟩ = 1) into qr; J is scratch (n × n). */
static eg_status near_hopf(var_ctx *c, const eg_cont_special *h, double *xe, double *mu, double *om, double *qr,
                           eg_error *err)
{
    size_t n = c->prob->dim;
    memcpy(xe, h->x, n * sizeof *xe);
    eg_status st = eg_cont_newton(c->prob, c->p, xe, 1e-11, 50, NULL, NULL, err);
    double *f = malloc(n * sizeof *f), *re = malloc(n * sizeof *re), *im = malloc(n * sizeof *im),
           *v = malloc(3 * n * sizeof *v);
    if (!f || !re || !im || !v)
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK)
        st = c->prob->eval(c->prob->ctx, c->p, xe, f, c->J, err);
    if (st == EG_OK)
        st = eg_fp_eigenvalues(c->J, n, re, im, err);
    if (st == EG_OK) {
        double best = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (im[i] > 0 && fabs(re[i]) + fabs(im[i] - h->test) < best) {
                best = fabs(re[i]) + fabs(im[i] - h->test);
                *mu = re[i];
                *om = im[i];
            }
        if (!isfinite(best))
            st = eg_error_set(err, EG_ENUMERIC, "no complex pair near the Hopf point at p = %g", c->p);
    }
    if (st == EG_OK)
        st = eg_cont_hopf_vectors(c->J, n, *om, qr, v, v + n, v + 2 * n, err);
    free(f);
    free(re);
    free(im);
    free(v);
    return st;
}

/* Whether every multiplier but the one nearest 1 (along the orbit) lies
 * inside the unit circle. */
static int orbit_stable(const eg_cont_orbit *o, size_t n)
{
    size_t trivial = 0;
    for (size_t i = 1; i < n; i++)
        if (hypot(o->mult_re[i] - 1, o->mult_im[i]) < hypot(o->mult_re[trivial] - 1, o->mult_im[trivial]))
            trivial = i;
    for (size_t i = 0; i < n; i++)
        if (i != trivial && hypot(o->mult_re[i], o->mult_im[i]) >= 1)
            return 0;
    return 1;
}

/* Stores the orbit found into out[k], with its multipliers, stability and
 * extremes (those of the flow that closed it). */
static eg_status keep_orbit(var_ctx *c, eg_cont_orbit *o, size_t n, double p, const double *x0, double T,
                            const double *M, double amp, eg_error *err)
{
    o->p = p;
    o->period = T;
    o->amplitude = amp;
    o->past_fold = 0;
    o->fold_p = o->fold_period = o->fold_amplitude = NAN;
    o->x0 = malloc(n * sizeof *o->x0);
    o->mult_re = malloc(n * sizeof *o->mult_re);
    o->mult_im = malloc(n * sizeof *o->mult_im);
    o->x_max = malloc(n * sizeof *o->x_max);
    o->x_min = malloc(n * sizeof *o->x_min);
    if (!o->x0 || !o->mult_re || !o->mult_im || !o->x_max || !o->x_min)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    memcpy(o->x0, x0, n * sizeof *x0);
    eg_status st = eg_fp_eigenvalues(M, n, o->mult_re, o->mult_im, err);
    if (st != EG_OK)
        return st;
    o->stable = orbit_stable(o, n);
    memcpy(o->x_max, c->x_max, n * sizeof *o->x_max);
    memcpy(o->x_min, c->x_min, n * sizeof *o->x_min);
    o->norm_max = c->norm_max;
    o->norm_min = c->norm_min;
    return EG_OK;
}

/* The amplitude orbit k should have on its branch: √2 times the first
 * orbit's for the second (the normal form's cycle grows as √|p − p*|), the
 * line through the last two after that; NAN for the first. */
static double expected_amplitude(const eg_cont_orbit *o, size_t k)
{
    if (k == 0)
        return NAN;
    return k == 1 ? sqrt(2.0) * o[0].amplitude : 2 * o[k - 1].amplitude - o[k - 2].amplitude;
}

/* Whether an orbit's amplitude is the branch's, within a factor 1.5. */
static int amplitude_fits(double amp, double want)
{
    return !(want > 0) || (amp > want / 1.5 && amp < 1.5 * want);
}

/* The guess of orbit k (k ≥ 1) from the branch: the second orbit the first
 * scaled by √2 about the equilibrium xe, later ones the line through the last
 * two (the params are equally spaced). */
static void predicted_orbit(const eg_cont_orbit *o, size_t k, size_t n, const double *xe, double *x0, double *T)
{
    for (size_t i = 0; i < n; i++)
        x0[i] = k == 1 ? xe[i] + sqrt(2.0) * (o[0].x0[i] - xe[i]) : 2 * o[k - 1].x0[i] - o[k - 2].x0[i];
    *T = k == 1 ? o[0].period : 2 * o[k - 1].period - o[k - 2].period;
}

/* Orbit o as z = (x0, T, p). */
static void orbit_z(const eg_cont_orbit *o, size_t n, double *z)
{
    memcpy(z, o->x0, n * sizeof *z);
    z[n] = o->period;
    z[n + 1] = o->p;
}

/* The distance between two orbits in z = (x0, T, p). */
static double orbit_distance(const eg_cont_orbit *a, const eg_cont_orbit *b, size_t n)
{
    double s = (a->period - b->period) * (a->period - b->period) + (a->p - b->p) * (a->p - b->p);
    for (size_t i = 0; i < n; i++)
        s += (a->x0[i] - b->x0[i]) * (a->x0[i] - b->x0[i]);
    return sqrt(s);
}

/* The parabola through (s_j, y_j), j = 0, 1, 2, in Newton's form
 * y0 + d1 (t − s0) + d2 (t − s0)(t − s1): its value and slope at t. */
static double quad_at(const double *s, const double *y, double t)
{
    double d1 = (y[1] - y[0]) / (s[1] - s[0]), d2 = ((y[2] - y[1]) / (s[2] - s[1]) - d1) / (s[2] - s[0]);
    return y[0] + d1 * (t - s[0]) + d2 * (t - s[0]) * (t - s[1]);
}

static double quad_slope(const double *s, const double *y, double t)
{
    double d1 = (y[1] - y[0]) / (s[1] - s[0]), d2 = ((y[2] - y[1]) / (s[2] - s[1]) - d1) / (s[2] - s[0]);
    return d1 + d2 * (2 * t - s[0] - s[1]);
}

/* The vertex of the parabola through (s_j, p_j): where p turns. */
static double quad_vertex(const double *s, const double *p)
{
    double d1 = (p[1] - p[0]) / (s[1] - s[0]), d2 = ((p[2] - p[1]) / (s[2] - s[1]) - d1) / (s[2] - s[0]);
    return 0.5 * (s[0] + s[1] - d1 / d2);
}

/* Three orbits around a fold of cycles, in z = (x0, T, p), with their
 * arclength coordinates s and amplitudes. */
typedef struct fold_triple {
    double s[3], amp[3];
    double *z[3]; /* n + 2 entries each */
} fold_triple;

/* Entry i of the three z's, as an array for quad_at. */
static void column(const fold_triple *f, size_t i, double *y)
{
    for (int j = 0; j < 3; j++)
        y[j] = f->z[j][i];
}

/* One step of successive parabolic interpolation: the orbit solved on the
 * hyperplane through the parabolas' value at the vertex of p(s), normal to
 * their slope there, replaces the triple's orbit farthest from the turn (the
 * least p at a maximum, the most at a minimum). 0 when the orbit is not
 * found; *moved is how far p's vertex moved. */
static int refine_fold(var_ctx *c, fold_triple *f, size_t n, double *zhat, double *tau, double *z, double *M,
                       double *moved)
{
    size_t m = n + 2;
    double y[3], p[3];
    column(f, n + 1, p);
    double v = quad_vertex(f->s, p), norm = 0;
    if (!isfinite(v))
        return 0;
    for (size_t i = 0; i < m; i++) {
        column(f, i, y);
        zhat[i] = quad_at(f->s, y, v);
        tau[i] = quad_slope(f->s, y, v);
        norm += tau[i] * tau[i];
    }
    for (size_t i = 0; i < m; i++)
        tau[i] /= sqrt(norm);
    memcpy(z, zhat, m * sizeof *z);
    double amp = 0;
    eg_error serr;
    if (shoot_arc(c, tau, zhat, z, M, &amp, &serr) != EG_OK)
        return 0;
    int maximum = quad_slope(f->s, p, f->s[0]) > quad_slope(f->s, p, f->s[2]), worst = 0;
    for (int j = 1; j < 3; j++)
        if (maximum ? p[j] < p[worst] : p[j] > p[worst])
            worst = j;
    memcpy(f->z[worst], z, m * sizeof *z);
    f->s[worst] = v;
    f->amp[worst] = amp;
    double q[3];
    column(f, n + 1, q);
    *moved = fabs(quad_at(f->s, q, quad_vertex(f->s, q)) - quad_at(f->s, p, v));
    /* Keep the s in increasing order for the divided differences. */
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2 - a; b++)
            if (f->s[b] > f->s[b + 1]) {
                double t = f->s[b], ta = f->amp[b], *tz = f->z[b];
                f->s[b] = f->s[b + 1], f->amp[b] = f->amp[b + 1], f->z[b] = f->z[b + 1];
                f->s[b + 1] = t, f->amp[b + 1] = ta, f->z[b + 1] = tz;
            }
    return 1;
}

/* The parabolas' param, period and amplitude at the vertex of p(s). */
static void fold_values(const fold_triple *f, size_t n, double *out)
{
    double p[3], T[3];
    column(f, n + 1, p);
    column(f, n, T);
    double v = quad_vertex(f->s, p);
    out[0] = quad_at(f->s, p, v);
    out[1] = quad_at(f->s, T, v);
    out[2] = quad_at(f->s, f->amp, v);
}

/* Marks orbit k (k ≥ 2) when p turned between orbits k − 1 and k, and
 * locates that fold of cycles: from the three orbits around the turn by
 * successive parabolic interpolation in arclength (refine_fold), until the
 * vertex's p moves by less than 1e-12 or after 12 steps; the fold's param,
 * period and amplitude are the parabolas' at the vertex (the amplitude from
 * 200 samples an orbit, so to about 1e-4 of itself). */
static eg_status mark_fold(var_ctx *c, eg_cont_orbit *o, size_t k, size_t n, double *M, eg_error *err)
{
    if ((o[k].p - o[k - 1].p) * (o[k - 1].p - o[k - 2].p) >= 0)
        return EG_OK;
    size_t m = n + 2;
    double *buf = malloc(6 * m * sizeof *buf);
    if (!buf)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    fold_triple f = {.s = {0, orbit_distance(&o[k - 2], &o[k - 1], n), 0},
                     .amp = {o[k - 2].amplitude, o[k - 1].amplitude, o[k].amplitude},
                     .z = {buf, buf + m, buf + 2 * m}};
    f.s[2] = f.s[1] + orbit_distance(&o[k - 1], &o[k], n);
    for (int j = 0; j < 3; j++)
        orbit_z(&o[k - 2 + (size_t)j], n, f.z[j]);
    double moved = INFINITY, saved = c->p, fold[3];
    fold_values(&f, n, fold);
    /* Until p's vertex settles, or the orbits crowd so close in s that the
     * parabola's divided differences lose their digits. */
    for (int it = 0; it < 12 && moved > 1e-12; it++) {
        if (!refine_fold(c, &f, n, buf + 3 * m, buf + 4 * m, buf + 5 * m, M, &moved))
            break;
        double next[3];
        fold_values(&f, n, next);
        if (!isfinite(next[0]) || !isfinite(next[1]) || !isfinite(next[2]))
            break;
        memcpy(fold, next, sizeof fold);
        if (f.s[1] - f.s[0] < 1e-9 * f.s[2] || f.s[2] - f.s[1] < 1e-9 * f.s[2])
            break;
    }
    c->p = saved;
    o[k].past_fold = 1;
    o[k].fold_p = fold[0];
    o[k].fold_period = fold[1];
    o[k].fold_amplitude = fold[2];
    free(buf);
    return EG_OK;
}

/* Orbit k from orbits k − 2 and k − 1 by pseudo-arclength: the secant's
 * direction and length, halved up to five times when shooting fails. */
static eg_status next_along(var_ctx *c, eg_cont_orbit *o, size_t k, size_t n, double *z, double *M, double *amp,
                            eg_error *err)
{
    size_t m = n + 2;
    double *tau = malloc(m * sizeof *tau), *zhat = malloc(m * sizeof *zhat), *zl = malloc(m * sizeof *zl);
    eg_status st = tau && zhat && zl ? EG_ENUMERIC : eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_ENUMERIC) {
        orbit_z(&o[k - 2], n, tau);
        orbit_z(&o[k - 1], n, zl);
        double len = orbit_distance(&o[k - 2], &o[k - 1], n);
        for (size_t i = 0; i < m; i++)
            tau[i] = (zl[i] - tau[i]) / len;
        for (int halving = 0; halving < 6 && st == EG_ENUMERIC; halving++, len /= 2) {
            for (size_t i = 0; i < m; i++)
                z[i] = zhat[i] = zl[i] + len * tau[i];
            st = shoot_arc(c, tau, zhat, z, M, amp, err);
        }
    }
    free(tau);
    free(zhat);
    free(zl);
    return st;
}

eg_status eg_cont_orbits(const eg_cont_problem *prob, const eg_cont_special *h, size_t count, double dp,
                         eg_cont_orbit **out, size_t *nout, eg_error *err)
{
    *out = NULL;
    *nout = 0;
    size_t n = prob->dim;
    if (h->type != EG_CONT_H || !isfinite(h->l1) || h->l1 == 0 || !(dp > 0) || count == 0)
        return eg_error_set(err, EG_EINVAL, "periodic orbits need a Hopf point with its l1 and a step");
    var_ctx c = {.prob = prob};
    eg_cont_orbit *orbits = calloc(count, sizeof *orbits);
    double *xe = malloc(n * sizeof *xe), *qr = malloc(n * sizeof *qr), *x0 = malloc(n * sizeof *x0),
           *M = malloc(n * n * sizeof *M), *z = malloc((n + 2) * sizeof *z);
    c.J = malloc(n * n * sizeof *c.J);
    c.x_max = malloc(n * sizeof *c.x_max);
    c.x_min = malloc(n * sizeof *c.x_min);
    eg_status st = EG_OK;
    if (!orbits || !xe || !qr || !x0 || !M || !z || !c.J || !c.x_max || !c.x_min) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    /* The side where the normal form has its cycle: μ / (l1 ω) < 0. */
    double mu = 0, om = 0, side = 1;
    for (int s = 0; s < 2; s++) {
        side = s ? -1 : 1;
        c.p = h->p + side * dp;
        if ((st = near_hopf(&c, h, xe, &mu, &om, qr, err)) != EG_OK)
            goto done;
        if (mu / (h->l1 * om) < 0)
            break;
    }
    if (!(mu / (h->l1 * om) < 0)) {
        st = eg_error_set(err, EG_ENUMERIC, "the critical pair does not cross at the Hopf point at p = %g", h->p);
        goto done;
    }
    double r = sqrt(-mu / (h->l1 * om)), T = 2 * 3.14159265358979323846 / om;
    for (size_t i = 0; i < n; i++)
        x0[i] = xe[i] + 2 * r * qr[i];
    int along = 0; /* by pseudo-arclength since a param without an orbit */
    for (size_t k = 0; k < count; k++) {
        double amp = 0;
        eg_error serr;
        if (!along) {
            c.p = h->p + side * dp * (double)(k + 1);
            double want = expected_amplitude(orbits, k);
            int ok = shoot(&c, x0, &T, M, &amp, &serr) == EG_OK && amplitude_fits(amp, want);
            if (!ok && k > 0) {
                /* Newton from the last orbit can land on another cycle (on a
                 * subcritical branch, the large stable one): again from the
                 * branch's own extrapolation. */
                predicted_orbit(orbits, k, n, xe, x0, &T);
                ok = shoot(&c, x0, &T, M, &amp, &serr) == EG_OK && amplitude_fits(amp, want);
            }
            if (!ok) {
                if (k < 2)
                    break; /* the orbits so far are kept */
                along = 1;
            }
        }
        if (along) {
            eg_status as = next_along(&c, orbits, k, n, z, M, &amp, &serr);
            if (as == EG_ENOMEM) {
                st = eg_error_set(err, as, "%s", serr.msg);
                goto done;
            }
            if (as != EG_OK)
                break; /* the orbits so far are kept */
            c.p = z[n + 1];
            T = z[n];
            memcpy(x0, z, n * sizeof *x0);
        }
        if ((st = keep_orbit(&c, &orbits[k], n, c.p, x0, T, M, amp, err)) != EG_OK) {
            *nout = k + 1;
            goto done;
        }
        *nout = k + 1;
        if (along && (st = mark_fold(&c, orbits, k, n, M, err)) != EG_OK)
            goto done;
    }
done:
    free(xe);
    free(qr);
    free(x0);
    free(M);
    free(z);
    free(c.J);
    free(c.x_max);
    free(c.x_min);
    if (st != EG_OK) {
        eg_cont_orbits_free(orbits, count);
        *nout = 0;
        return st;
    }
    *out = orbits;
    return EG_OK;
}
