/* cont_cycle.c: a stable limit cycle followed in one param towards the point
 * where its period diverges (engram/cont_cycle.h). Shooting on the return to
 * a fixed Poincaré section, Newton's method with each step solved by GMRES on
 * monodromy–vector products (the variational equation integrated along the
 * orbit for one vector at a time), the leading Floquet multipliers by
 * Arnoldi's method on the same products. A sequence memory of 64 units has
 * 128 states: its full monodromy matrix would add 16384 equations to every
 * integration, where GMRES needs a handful of products because every
 * multiplier but the trivial one is small. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "engram/cont_cycle.h"
#include "engram/fixed_points.h"
#include "engram/integrate.h"

#include <cblas.h> /* after engram's headers: its complex.h defines I */

/* ---- Flows ----------------------------------------------------------------- */

/* The system at one param: its state alone, or (x, v) with v' = J(x) v. */
typedef struct flow_ctx {
    const eg_cont_problem *prob;
    double p, rtol;
    size_t n;
    double *J;          /* n × n scratch */
    int failed;
    eg_error err;
    size_t products;    /* tangent integrations so far */
} flow_ctx;

static int state_rhs(double t, const double *y, double *dy, void *params)
{
    (void)t;
    flow_ctx *c = params;
    if (c->prob->eval(c->prob->ctx, c->p, y, dy, NULL, &c->err) != EG_OK) {
        c->failed = 1;
        return GSL_EBADFUNC;
    }
    return GSL_SUCCESS;
}

static int tangent_rhs(double t, const double *y, double *dy, void *params)
{
    (void)t;
    flow_ctx *c = params;
    int n = (int)c->n;
    if (c->prob->eval(c->prob->ctx, c->p, y, dy, c->J, &c->err) != EG_OK) {
        c->failed = 1;
        return GSL_EBADFUNC;
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0, c->J, n, y + n, 1, 0.0, dy + n, 1);
    return GSL_SUCCESS;
}

/* Integrates the state (tangent = 0) or (x, v) (tangent = 1) from y0 over
 * [0, T], recorded at `samples` equal intervals. */
static eg_status run_flow(flow_ctx *c, int tangent, const double *y0, double T, size_t samples, eg_trajectory **tr,
                          eg_error *err)
{
    eg_dyn_system sys = {.dim = tangent ? 2 * c->n : c->n, .rhs = tangent ? tangent_rhs : state_rhs, .params = c};
    eg_integrate_opts o = eg_integrate_opts_default();
    o.method = "rk8pd";
    o.t0 = 0;
    o.t1 = T;
    o.dt_record = T / (double)samples;
    o.rtol = c->rtol;
    o.atol = c->rtol * 1e-2;
    c->failed = 0;
    *tr = NULL;
    eg_status st = eg_integrate(&sys, y0, &o, tr, err);
    if (st != EG_OK && c->failed)
        eg_error_set(err, st, "%s", c->err.msg);
    return st;
}

/* φ_T(x0) into xT and the orbit's peak-to-peak amplitude (1000 samples). */
static eg_status flow_state(flow_ctx *c, const double *x0, double T, double *xT, double *amp, eg_error *err)
{
    eg_trajectory *tr = NULL;
    eg_status st = run_flow(c, 0, x0, T, 1000, &tr, err);
    if (st == EG_OK) {
        size_t n = c->n;
        memcpy(xT, tr->states->data + (tr->count - 1) * n, n * sizeof *xT);
        *amp = eg_trajectory_amplitude(tr, n);
    }
    eg_trajectory_free(tr);
    return st;
}

/* M v, the monodromy matrix of the orbit through x0 with period T applied to v,
 * into out; buf holds 2n entries. */
static eg_status monodromy_times(flow_ctx *c, const double *x0, double T, const double *v, double *out, double *buf,
                                 eg_error *err)
{
    size_t n = c->n;
    memcpy(buf, x0, n * sizeof *buf);
    memcpy(buf + n, v, n * sizeof *buf);
    eg_trajectory *tr = NULL;
    double rtol = c->rtol;
    c->rtol = fmax(rtol, 1e-9); /* a product steers Newton's method: the residual is checked at rtol */
    eg_status st = run_flow(c, 1, buf, T, 1, &tr, err);
    c->rtol = rtol;
    if (st == EG_OK)
        memcpy(out, tr->states->data + (tr->count - 1) * 2 * n + n, n * sizeof *out);
    eg_trajectory_free(tr);
    c->products++;
    return st;
}

/* ---- GMRES ---------------------------------------------------------------- */

typedef eg_status (*apply_fn)(void *ctx, const double *z, double *out, eg_error *err);

/* Solves A x = b (m unknowns, A applied by `apply`) by GMRES from x = 0 with
 * at most kmax iterations, until the residual is below rtol ‖b‖. */
static eg_status gmres(apply_fn apply, void *ctx, size_t m, const double *b, double *x, size_t kmax, double rtol,
                       eg_error *err)
{
    double *V = malloc((kmax + 1) * m * sizeof *V), *H = calloc((kmax + 1) * kmax, sizeof *H),
           *cs = malloc(kmax * sizeof *cs), *sn = malloc(kmax * sizeof *sn), *g = calloc(kmax + 1, sizeof *g),
           *y = malloc(kmax * sizeof *y);
    eg_status st = EG_OK;
    memset(x, 0, m * sizeof *x);
    if (!V || !H || !cs || !sn || !g || !y) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    double beta = cblas_dnrm2((int)m, b, 1);
    if (beta == 0)
        goto done;
    for (size_t i = 0; i < m; i++)
        V[i] = b[i] / beta;
    g[0] = beta;
    size_t k = 0;
    for (size_t j = 0; j < kmax; j++) {
        double *w = V + (j + 1) * m;
        if ((st = apply(ctx, V + j * m, w, err)) != EG_OK)
            goto done;
        for (size_t i = 0; i <= j; i++) { /* modified Gram–Schmidt */
            double h = cblas_ddot((int)m, w, 1, V + i * m, 1);
            H[i * kmax + j] = h;
            cblas_daxpy((int)m, -h, V + i * m, 1, w, 1);
        }
        double hn = cblas_dnrm2((int)m, w, 1);
        H[(j + 1) * kmax + j] = hn;
        if (hn > 0)
            cblas_dscal((int)m, 1 / hn, w, 1);
        for (size_t i = 0; i < j; i++) { /* the earlier rotations on column j */
            double a = H[i * kmax + j], bb = H[(i + 1) * kmax + j];
            H[i * kmax + j] = cs[i] * a + sn[i] * bb;
            H[(i + 1) * kmax + j] = -sn[i] * a + cs[i] * bb;
        }
        double a = H[j * kmax + j], r = hypot(a, hn);
        cs[j] = r > 0 ? a / r : 1;
        sn[j] = r > 0 ? hn / r : 0;
        H[j * kmax + j] = r;
        H[(j + 1) * kmax + j] = 0;
        g[j + 1] = -sn[j] * g[j];
        g[j] = cs[j] * g[j];
        k = j + 1;
        if (fabs(g[j + 1]) <= rtol * beta || hn == 0)
            break;
    }
    for (size_t i = k; i-- > 0;) { /* back substitution in the triangle */
        double s = g[i];
        for (size_t l = i + 1; l < k; l++)
            s -= H[i * kmax + l] * y[l];
        if (H[i * kmax + i] == 0) {
            st = eg_error_set(err, EG_ENUMERIC, "GMRES: a singular Newton system");
            goto done;
        }
        y[i] = s / H[i * kmax + i];
    }
    for (size_t i = 0; i < k; i++)
        cblas_daxpy((int)m, y[i], V + i * m, 1, x, 1);
done:
    free(V);
    free(H);
    free(cs);
    free(sn);
    free(g);
    free(y);
    return st;
}

/* ---- Shooting ------------------------------------------------------------- */

/* The section: the hyperplane through a normal to nu (unit). */
typedef struct section {
    double *a, *nu;
} section;

/* The Newton system's matrix [M − I, f(x_T); νᵀ, 0] applied to z = (δx, δT). */
typedef struct newton_sys {
    flow_ctx *c;
    const double *x0, *fT, *nu;
    double T;
    double *buf, *mv;   /* 2n and n scratch */
} newton_sys;

static eg_status newton_apply(void *ctx, const double *z, double *out, eg_error *err)
{
    newton_sys *s = ctx;
    size_t n = s->c->n;
    eg_status st = monodromy_times(s->c, s->x0, s->T, z, s->mv, s->buf, err);
    if (st != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        out[i] = s->mv[i] - z[i] + s->fT[i] * z[n];
    out[n] = cblas_ddot((int)n, s->nu, 1, z, 1);
    return EG_OK;
}

/* Newton's method on φ_T(x) = x, ν·(x − a) = 0 from (x, T), both updated;
 * the orbit's amplitude into amp and the steps taken into steps. EG_ENUMERIC
 * when it does not converge (‖φ_T(x) − x‖∞ ≤ tol max(1, ‖x‖∞)). */
static eg_status shoot(flow_ctx *c, const section *sec, double tol, double *x, double *T, double *amp, size_t *steps,
                       eg_error *err)
{
    size_t n = c->n, m = n + 1;
    double *xT = malloc(n * sizeof *xT), *fT = malloc(n * sizeof *fT), *rhs = malloc(m * sizeof *rhs),
           *dz = malloc(m * sizeof *dz), *buf = malloc(2 * n * sizeof *buf), *mv = malloc(n * sizeof *mv);
    eg_status st = EG_OK;
    if (!xT || !fT || !rhs || !dz || !buf || !mv) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    double prev = INFINITY;
    st = eg_error_set(err, EG_ENUMERIC, "shooting does not converge at %s = %g", c->prob->name ? c->prob->name : "p",
                      c->p);
    for (size_t it = 0; it < 10; it++) {
        *steps = it;
        eg_status fs = flow_state(c, x, *T, xT, amp, err);
        if (fs != EG_OK) {
            st = fs == EG_ENOMEM ? fs : EG_ENUMERIC;
            break;
        }
        double res = 0, scale = 1, g = 0;
        for (size_t i = 0; i < n; i++) {
            res = fmax(res, fabs(xT[i] - x[i]));
            scale = fmax(scale, fabs(x[i]));
            g += sec->nu[i] * (x[i] - sec->a[i]);
        }
        if (res <= tol * scale && fabs(g) <= tol * scale) {
            st = EG_OK;
            break;
        }
        if (it >= 3 && !(res < 0.5 * prev))
            break; /* not converging: a smaller step in the param will do better */
        prev = res;
        if ((fs = c->prob->eval(c->prob->ctx, c->p, xT, fT, NULL, err)) != EG_OK) {
            st = fs;
            break;
        }
        for (size_t i = 0; i < n; i++)
            rhs[i] = -(xT[i] - x[i]);
        rhs[n] = -g;
        newton_sys sys = {.c = c, .x0 = x, .fT = fT, .nu = sec->nu, .T = *T, .buf = buf, .mv = mv};
        size_t kmax = m < 40 ? m : 40;
        if ((fs = gmres(newton_apply, &sys, m, rhs, dz, kmax, 1e-9, err)) != EG_OK) {
            st = fs == EG_ENOMEM ? fs : EG_ENUMERIC;
            break;
        }
        /* Damped where the period would move by more than a quarter: a full
         * step can land on the orbit run twice (or more), a solution too. */
        double damp = fabs(dz[n]) > 0.25 * *T ? 0.25 * *T / fabs(dz[n]) : 1;
        for (size_t i = 0; i < n; i++)
            x[i] += damp * dz[i];
        *T += damp * dz[n];
        if (!(*T > 0) || !isfinite(*T))
            break;
    }
done:
    free(xT);
    free(fT);
    free(rhs);
    free(dz);
    free(buf);
    free(mv);
    return st;
}

/* ---- Floquet multipliers ------------------------------------------------- */

/* The leading multipliers of the orbit (x0, T): the Ritz values of k Arnoldi
 * steps on M (exact when k reaches n), sorted by modulus into re, im (kmax
 * entries, NAN past those found); the largest modulus but for the trivial
 * multiplier (the one nearest 1) into *lead. */
static eg_status multipliers(flow_ctx *c, const double *x0, double T, size_t kmax, double *re, double *im,
                             double *lead, eg_error *err)
{
    size_t n = c->n, k = kmax < n ? kmax : n;
    double *Q = malloc((k + 1) * n * sizeof *Q), *H = calloc((k + 1) * k, sizeof *H), *buf = malloc(2 * n * sizeof *buf),
           *Hk = calloc(k * k + 1, sizeof *Hk), *er = malloc(k * sizeof *er), *ei = malloc(k * sizeof *ei);
    eg_status st = EG_OK;
    if (!Q || !H || !buf || !Hk || !er || !ei) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    /* A fixed start with every direction in it (a linear congruential sequence). */
    unsigned long s = 12345;
    double norm = 0;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ul + 1442695040888963407ul;
        Q[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        norm += Q[i] * Q[i];
    }
    for (size_t i = 0; i < n; i++)
        Q[i] /= sqrt(norm);
    size_t used = k;
    for (size_t j = 0; j < k; j++) {
        double *w = Q + (j + 1) * n;
        if ((st = monodromy_times(c, x0, T, Q + j * n, w, buf, err)) != EG_OK)
            goto done;
        for (int pass = 0; pass < 2; pass++) /* Gram–Schmidt twice: the products span many scales */
            for (size_t i = 0; i <= j; i++) {
                double h = cblas_ddot((int)n, w, 1, Q + i * n, 1);
                H[i * k + j] += h;
                cblas_daxpy((int)n, -h, Q + i * n, 1, w, 1);
            }
        double hn = cblas_dnrm2((int)n, w, 1);
        if (j + 1 < k)
            H[(j + 1) * k + j] = hn;
        if (hn < 1e-14) { /* the Krylov space is invariant: its Ritz values are exact */
            used = j + 1;
            break;
        }
        cblas_dscal((int)n, 1 / hn, w, 1);
    }
    for (size_t i = 0; i < used; i++)
        for (size_t j = 0; j < used; j++)
            Hk[i * used + j] = H[i * k + j];
    if ((st = eg_fp_eigenvalues(Hk, used, er, ei, err)) != EG_OK)
        goto done;
    for (size_t i = 0; i < used; i++) /* insertion sort by modulus, largest first */
        for (size_t j = i; j > 0 && hypot(er[j], ei[j]) > hypot(er[j - 1], ei[j - 1]); j--) {
            double t = er[j];
            er[j] = er[j - 1], er[j - 1] = t;
            t = ei[j];
            ei[j] = ei[j - 1], ei[j - 1] = t;
        }
    size_t trivial = 0;
    for (size_t i = 1; i < used; i++)
        if (hypot(er[i] - 1, ei[i]) < hypot(er[trivial] - 1, ei[trivial]))
            trivial = i;
    *lead = 0;
    for (size_t i = 0; i < kmax; i++) {
        re[i] = i < used ? er[i] : NAN;
        im[i] = i < used ? ei[i] : NAN;
        if (i < used && i != trivial)
            *lead = fmax(*lead, hypot(er[i], ei[i]));
    }
done:
    free(Q);
    free(H);
    free(buf);
    free(Hk);
    free(er);
    free(ei);
    return st;
}

/* ---- The branch ------------------------------------------------------------ */

eg_cont_cycle_opts eg_cont_cycle_opts_default(void)
{
    return (eg_cont_cycle_opts){.step = 0.1, .step_min = 1e-9, .p_lo = -INFINITY, .p_hi = INFINITY,
                                .max_points = 60, .krylov = 10, .tol = 1e-7, .rtol = 1e-10};
}

void eg_cont_cycle_free(eg_cont_cycle *c)
{
    if (!c)
        return;
    free(c->p);
    free(c->period);
    free(c->mult);
    free(c->stable);
    free(c->amplitude);
    free(c->x);
    free(c->mult_re);
    free(c->mult_im);
    free(c->newton);
    free(c->products);
    free(c);
}

const char *eg_cont_cycle_end_name(eg_cont_cycle_end end)
{
    switch (end) {
    case EG_CYCLE_END_PERIOD: return "period";
    case EG_CYCLE_END_STEP: return "step";
    case EG_CYCLE_END_RANGE: return "range";
    case EG_CYCLE_END_POINTS: return "points";
    }
    return "?";
}

/* Room for every row of the branch (max_points, allocated once). */
static eg_cont_cycle *branch_alloc(size_t n, size_t cap, size_t k)
{
    eg_cont_cycle *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->dim = n, b->cap = cap, b->k = k;
    b->p = malloc(cap * sizeof *b->p);
    b->period = malloc(cap * sizeof *b->period);
    b->mult = malloc(cap * sizeof *b->mult);
    b->stable = malloc(cap * sizeof *b->stable);
    b->amplitude = malloc(cap * sizeof *b->amplitude);
    b->x = malloc(cap * n * sizeof *b->x);
    b->mult_re = malloc(cap * k * sizeof *b->mult_re);
    b->mult_im = malloc(cap * k * sizeof *b->mult_im);
    b->newton = malloc(cap * sizeof *b->newton);
    b->products = malloc(cap * sizeof *b->products);
    if (!b->p || !b->period || !b->mult || !b->stable || !b->amplitude || !b->x || !b->mult_re || !b->mult_im ||
        !b->newton || !b->products) {
        eg_cont_cycle_free(b);
        return NULL;
    }
    return b;
}

/* Appends the orbit (x, T) at c->p with its multipliers. */
static eg_status branch_push(eg_cont_cycle *b, flow_ctx *c, const double *x, double T, double amp, size_t steps,
                             eg_error *err)
{
    size_t i = b->count, n = b->dim, before = c->products;
    eg_status st = multipliers(c, x, T, b->k, b->mult_re + i * b->k, b->mult_im + i * b->k, &b->mult[i], err);
    if (st != EG_OK)
        return st;
    b->p[i] = c->p;
    b->period[i] = T;
    b->stable[i] = b->mult[i] < 1;
    b->amplitude[i] = amp;
    memcpy(b->x + i * n, x, n * sizeof *x);
    b->newton[i] = steps;
    b->products[i] = c->products - before;
    b->count++;
    return EG_OK;
}

/* The section through the settled cycle's point nearest mark, normal to the
 * flow there, and the first guess of the period: the time between the two
 * returns to the section nearest that point (returns counted where the
 * trajectory crosses it forwards within a quarter of its largest distance
 * from the point). x receives the point. */
static eg_status first_orbit(flow_ctx *c, const eg_cont_cycle_opts *o, section *sec, double *x, double *T,
                             eg_error *err)
{
    size_t n = c->n;
    eg_trajectory *tr = NULL;
    eg_status st = EG_OK;
    memcpy(x, o->x0, n * sizeof *x);
    if (o->settle > 0) {
        if ((st = run_flow(c, 0, o->x0, o->settle, 1, &tr, err)) != EG_OK)
            goto done;
        memcpy(x, tr->states->data + (tr->count - 1) * n, n * sizeof *x);
        eg_trajectory_free(tr);
        tr = NULL;
    }
    double samples = fmin(20000, fmax(2000, 2e7 / (double)n));
    if ((st = run_flow(c, 0, x, o->window, (size_t)samples, &tr, err)) != EG_OK)
        goto done;
    const double *mark = o->mark ? o->mark : o->x0, *S = tr->states->data, *t = tr->times->data;
    size_t best = 0;
    double bestd = INFINITY, far = 0;
    for (size_t k = 0; k < tr->count; k++) {
        double d = 0;
        for (size_t i = 0; i < n; i++)
            d += (S[k * n + i] - mark[i]) * (S[k * n + i] - mark[i]);
        if (d < bestd)
            bestd = d, best = k;
    }
    memcpy(sec->a, S + best * n, n * sizeof *sec->a);
    if ((st = c->prob->eval(c->prob->ctx, c->p, sec->a, sec->nu, NULL, err)) != EG_OK)
        goto done;
    double fn = cblas_dnrm2((int)n, sec->nu, 1);
    if (!(fn > 0)) {
        st = eg_error_set(err, EG_ENUMERIC, "the settled state is at rest at %s = %g: no cycle to follow",
                          c->prob->name ? c->prob->name : "p", c->p);
        goto done;
    }
    cblas_dscal((int)n, 1 / fn, sec->nu, 1);
    for (size_t k = 0; k < tr->count; k++) {
        double d = 0;
        for (size_t i = 0; i < n; i++)
            d += (S[k * n + i] - sec->a[i]) * (S[k * n + i] - sec->a[i]);
        far = fmax(far, sqrt(d));
    }
    /* The forward crossings near the point, and the two around it. */
    double earlier = -INFINITY, before = -INFINITY, after = INFINITY, gprev = NAN;
    for (size_t k = 0; k < tr->count; k++) {
        double g = 0, d = 0;
        for (size_t i = 0; i < n; i++) {
            g += sec->nu[i] * (S[k * n + i] - sec->a[i]);
            d += (S[k * n + i] - sec->a[i]) * (S[k * n + i] - sec->a[i]);
        }
        if (k > 0 && gprev < 0 && g >= 0 && sqrt(d) < far / 4) {
            double tc = t[k - 1] + (t[k] - t[k - 1]) * gprev / (gprev - g);
            if (k <= best || tc <= t[best])
                earlier = before, before = tc;
            else if (after == INFINITY)
                after = tc;
        }
        gprev = g;
    }
    /* Two returns before the point serve as well. */
    if (!isfinite(after))
        after = before, before = earlier;
    if (!isfinite(after) || !isfinite(before)) {
        st = eg_error_set(err, EG_ENUMERIC,
                          "no cycle at %s = %g: the settled trajectory does not return to the section through its "
                          "point nearest the start within %g time units",
                          c->prob->name ? c->prob->name : "p", c->p, o->window);
        goto done;
    }
    *T = after - before;
    memcpy(x, sec->a, n * sizeof *x);
done:
    eg_trajectory_free(tr);
    return st;
}

/* The next p: p + h, or the bound it would pass (then *last is set). */
static double next_param(const eg_cont_cycle_opts *o, double p, double h, int *last)
{
    double q = p + h;
    *last = 0;
    if (q <= o->p_lo || q >= o->p_hi) {
        *last = 1;
        q = q <= o->p_lo ? o->p_lo : o->p_hi;
    }
    return q;
}

/* Checks the options the branch cannot do without. */
static eg_status check_opts(const eg_cont_problem *prob, const eg_cont_cycle_opts *o, eg_error *err)
{
    if (!prob || prob->dim < 2 || !prob->eval || !o->x0)
        return eg_error_set(err, EG_EINVAL, "a cycle needs a system of two or more states and a start");
    if (o->step == 0 || !isfinite(o->step) || !(o->step_min > 0))
        return eg_error_set(err, EG_EINVAL, "the cycle's step must be finite and not 0");
    if (!(o->period_max > 0) || o->max_points < 1 || o->krylov < 1 || !(o->tol > 0) || !(o->rtol > 0))
        return eg_error_set(err, EG_EINVAL, "the cycle needs a positive period bound, points and tolerances");
    if (!(o->p0 >= o->p_lo && o->p0 <= o->p_hi))
        return eg_error_set(err, EG_EINVAL, "the cycle's param %g is outside %g .. %g", o->p0, o->p_lo, o->p_hi);
    return EG_OK;
}

/* Follows the branch from its first orbit (in b) until one of its ends. */
static eg_status follow(flow_ctx *c, const eg_cont_cycle_opts *o, const section *sec, eg_cont_cycle *b, double *xp,
                        eg_error *err)
{
    size_t n = c->n;
    double h = o->step, step_max = o->step_max > 0 ? o->step_max : 4 * fabs(o->step), amp0 = b->amplitude[0];
    const char *name = c->prob->name ? c->prob->name : "p";
    while (1) {
        size_t i = b->count - 1;
        double p = b->p[i], T = b->period[i];
        if (T > o->period_max) {
            b->end = EG_CYCLE_END_PERIOD;
            snprintf(b->why, sizeof b->why, "the period %g passed %g at %s = %.10g", T, o->period_max, name, p);
            return EG_OK;
        }
        if (b->count >= o->max_points) {
            b->end = EG_CYCLE_END_POINTS;
            snprintf(b->why, sizeof b->why, "%zu orbits, the most asked for, at %s = %.10g", b->count, name, p);
            return EG_OK;
        }
        int last;
        double q = next_param(o, p, h, &last), Tq = T, amp = 0;
        /* The predictor: the line through the last two orbits. */
        double s = i > 0 ? (q - p) / (p - b->p[i - 1]) : 0;
        for (size_t j = 0; j < n; j++)
            xp[j] = b->x[i * n + j] + (i > 0 ? s * (b->x[i * n + j] - b->x[(i - 1) * n + j]) : 0);
        if (i > 0)
            Tq = fmax(T, T + s * (T - b->period[i - 1]));
        c->p = q;
        size_t steps = 0;
        eg_error serr;
        eg_status st = shoot(c, sec, o->tol, xp, &Tq, &amp, &steps, &serr);
        if (st == EG_ENOMEM)
            return eg_error_set(err, st, "out of memory");
        /* An orbit that shrank onto an equilibrium on the section is no cycle,
         * nor one whose period jumped (the cycle run twice, or another). */
        double guess = i > 0 ? fmax(T, T + s * (T - b->period[i - 1])) : T;
        if (st != EG_OK || amp < 0.5 * amp0 || !(Tq < 1.5 * guess && Tq > guess / 1.5)) {
            h /= 2;
            if (fabs(h) < o->step_min) {
                b->end = EG_CYCLE_END_STEP;
                snprintf(b->why, sizeof b->why, "no orbit past %s = %.10g down to a step of %g (%.300s)", name, p,
                         o->step_min, st != EG_OK ? serr.msg : "the orbit found jumps in amplitude or period");
                return EG_OK;
            }
            continue;
        }
        if ((st = branch_push(b, c, xp, Tq, amp, steps, err)) != EG_OK)
            return st;
        if (last) {
            b->end = EG_CYCLE_END_RANGE;
            snprintf(b->why, sizeof b->why, "the range's bound %s = %g", name, q);
            return EG_OK;
        }
        /* Steps adapted to the period's relative change: they shrink as it grows. */
        double rel = fabs(Tq - T) / Tq, f = rel > 0 ? 0.2 / rel : 1.5;
        h *= fmin(1.5, fmax(0.5, f));
        if (fabs(h) > step_max)
            h = copysign(step_max, h);
    }
}

eg_status eg_cont_cycle_trace(const eg_cont_problem *prob, const eg_cont_cycle_opts *opts, eg_cont_cycle **out,
                              eg_error *err)
{
    *out = NULL;
    eg_status st = check_opts(prob, opts, err);
    if (st != EG_OK)
        return st;
    eg_cont_cycle_opts o = *opts;
    if (!(o.window > 0))
        o.window = 2 * o.period_max;
    size_t n = prob->dim;
    flow_ctx c = {.prob = prob, .p = o.p0, .rtol = o.rtol, .n = n};
    section sec = {0};
    double *x = malloc(n * sizeof *x), *xp = malloc(n * sizeof *xp);
    c.J = malloc(n * n * sizeof *c.J);
    sec.a = malloc(n * sizeof *sec.a);
    sec.nu = malloc(n * sizeof *sec.nu);
    eg_cont_cycle *b = branch_alloc(n, o.max_points, o.krylov);
    if (!x || !xp || !c.J || !sec.a || !sec.nu || !b) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    double T = 0, amp = 0;
    size_t steps = 0;
    if ((st = first_orbit(&c, &o, &sec, x, &T, err)) != EG_OK)
        goto done;
    if ((st = shoot(&c, &sec, o.tol, x, &T, &amp, &steps, err)) != EG_OK)
        goto done;
    if ((st = branch_push(b, &c, x, T, amp, steps, err)) != EG_OK)
        goto done;
    st = follow(&c, &o, &sec, b, xp, err);
done:
    free(x);
    free(xp);
    free(c.J);
    free(sec.a);
    free(sec.nu);
    if (st != EG_OK) {
        eg_cont_cycle_free(b);
        return st;
    }
    *out = b;
    return EG_OK;
}
