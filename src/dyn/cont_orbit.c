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

/* Integrates x0 with Φ(0) = I over [0, T]: the end state into xT, the
 * monodromy Φ(T) into M, and the peak-to-peak amplitude (sampled 200 times). */
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

void eg_cont_orbits_free(eg_cont_orbit *orbits, size_t count)
{
    if (!orbits)
        return;
    for (size_t i = 0; i < count; i++) {
        free(orbits[i].x0);
        free(orbits[i].mult_re);
        free(orbits[i].mult_im);
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

/* Stores the orbit found into out[k]. */
static eg_status keep_orbit(eg_cont_orbit *o, size_t n, double p, const double *x0, double T, const double *M,
                            double amp, eg_error *err)
{
    o->p = p;
    o->period = T;
    o->amplitude = amp;
    o->x0 = malloc(n * sizeof *o->x0);
    o->mult_re = malloc(n * sizeof *o->mult_re);
    o->mult_im = malloc(n * sizeof *o->mult_im);
    if (!o->x0 || !o->mult_re || !o->mult_im)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    memcpy(o->x0, x0, n * sizeof *x0);
    return eg_fp_eigenvalues(M, n, o->mult_re, o->mult_im, err);
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
           *M = malloc(n * n * sizeof *M);
    c.J = malloc(n * n * sizeof *c.J);
    eg_status st = EG_OK;
    if (!orbits || !xe || !qr || !x0 || !M || !c.J) {
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
    for (size_t k = 0; k < count; k++) {
        c.p = h->p + side * dp * (double)(k + 1);
        double amp = 0;
        eg_error serr;
        if (shoot(&c, x0, &T, M, &amp, &serr) != EG_OK)
            break; /* the orbits so far are kept */
        if ((st = keep_orbit(&orbits[k], n, c.p, x0, T, M, amp, err)) != EG_OK) {
            *nout = k + 1;
            goto done;
        }
        *nout = k + 1;
    }
done:
    free(xe);
    free(qr);
    free(x0);
    free(M);
    free(c.J);
    if (st != EG_OK) {
        eg_cont_orbits_free(orbits, count);
        *nout = 0;
        return st;
    }
    *out = orbits;
    return EG_OK;
}
