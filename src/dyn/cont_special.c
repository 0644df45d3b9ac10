/* cont_special.c: the special points of a continuation: counting unstable
 * eigenvalues, locating folds (LP), branch points (BP) and Hopf points (H) by
 * bisection in the arclength step, the direction of the branch that crosses
 * at a BP, and the first Lyapunov coefficient at a Hopf point. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "engram/continuation.h"

void eg_cont_count_unstable(const double *re, const double *im, size_t n, double tol, size_t *real, size_t *cplx)
{
    size_t r = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(re[i] > tol))
            continue;
        if (fabs(im[i]) > tol)
            c++;
        else
            r++;
    }
    *real = r;
    *cplx = c;
}

/* The test of `type` at the corrected point y whose tangent is oriented by v0:
 * LP the sign of the tangent's p component, BP the sign of the augmented
 * determinant, H the count of unstable complex eigenvalues. */
static eg_status indicator(eg_cont_work *w, eg_cont_type type, const double *y, const double *v0, double *t,
                           long *out, eg_error *err)
{
    int det = 0;
    if (eg_cont_tangent(w, y, v0, t, &det, err) != 0)
        return eg_error_set(err, EG_ENUMERIC, "the augmented Jacobian is singular while locating a special point");
    if (type == EG_CONT_LP) {
        *out = t[w->n] > 0;
        return EG_OK;
    }
    if (type == EG_CONT_BP) {
        *out = det;
        return EG_OK;
    }
    eg_status st = eg_cont_eigen(w, err);
    *out = (long)w->ucplx;
    return st;
}

/* The corrected point at arclength step s from y0 along v0, into y. */
static eg_status point_at(eg_cont_work *w, const double *y0, const double *v0, double s, double *y, eg_error *err)
{
    size_t m = w->n + 1;
    for (size_t i = 0; i < m; i++)
        y[i] = y0[i] + s * v0[i];
    if (eg_cont_correct(w, y, v0, err) < 0)
        return eg_error_set(err, EG_ENUMERIC, "the corrector fails while locating a special point");
    return EG_OK;
}

/* The imaginary part of the eigenvalue pair nearest the imaginary axis, and
 * its real part in *re_at. */
static double hopf_omega(const double *re, const double *im, size_t n, double *re_at)
{
    double best = INFINITY, om = 0;
    for (size_t i = 0; i < n; i++)
        if (im[i] > 0 && fabs(re[i]) < best) {
            best = fabs(re[i]);
            om = im[i];
        }
    *re_at = best;
    return om;
}

eg_status eg_cont_locate(eg_cont_work *w, eg_cont_type type, const double *y0, const double *v0, double h,
                         eg_cont_special *sp, double *y_at, double *t_at, eg_error *err)
{
    size_t n = w->n;
    long at0 = 0, at = 0; /* set by indicator() before any use */
    eg_status st;
    memcpy(y_at, y0, (n + 1) * sizeof *y_at);
    if ((st = eg_cont_eval_all(w, y_at, err)) != EG_OK || (st = indicator(w, type, y_at, v0, t_at, &at0, err)) != EG_OK)
        return st;
    /* Bisection on the step: [lo, hi] brackets the change of the indicator.
     * In p the error is at most the step's (|t_p| ≤ 1), and at a fold,
     * where p is quadratic in the step, far smaller. */
    double lo = 0, hi = h;
    while (hi - lo > w->opts->locate_tol) {
        double mid = 0.5 * (lo + hi);
        if ((st = point_at(w, y0, v0, mid, y_at, err)) != EG_OK ||
            (st = indicator(w, type, y_at, v0, t_at, &at, err)) != EG_OK)
            return st;
        if (at == at0)
            lo = mid;
        else
            hi = mid;
        if (mid == lo && mid == hi)
            break;
    }
    if ((st = point_at(w, y0, v0, 0.5 * (lo + hi), y_at, err)) != EG_OK ||
        (st = indicator(w, type, y_at, v0, t_at, &at, err)) != EG_OK)
        return st;
    if ((st = eg_cont_eval_all(w, y_at, err)) != EG_OK || (st = eg_cont_eigen(w, err)) != EG_OK)
        return st;
    sp->p = y_at[n];
    memcpy(sp->x, y_at, n * sizeof *sp->x);
    memcpy(sp->eig_re, w->er, w->neig * sizeof *sp->eig_re);
    memcpy(sp->eig_im, w->ei, w->neig * sizeof *sp->eig_im);
    sp->neig = w->neig;
    sp->l1 = NAN;
    if (type == EG_CONT_LP) {
        sp->test = t_at[n];
    } else if (type == EG_CONT_BP) {
        /* The rank test: the smallest singular value of [f_x f_p]. */
        double sigma = NAN;
        double *d = malloc((n + 1) * sizeof *d);
        if (!d)
            return eg_error_set(err, EG_ENOMEM, "out of memory");
        st = eg_cont_bp_direction(w, y_at, t_at, d, &sigma, err);
        sp->test = st == EG_OK ? sigma : NAN;
        if (st != EG_ENOMEM)
            st = EG_OK; /* the point stands without its rank test */
        free(d);
    } else {
        double re_at;
        sp->test = hopf_omega(w->er, w->ei, w->neig, &re_at);
        /* A pair on the imaginary axis, or no Hopf point here (the count
         * changed some other way). */
        if (!(sp->test > 0) || re_at > 1e-6 * (1 + sp->test))
            return eg_error_set(err, EG_ENUMERIC, "no complex pair crosses the imaginary axis here");
        double l1 = NAN;
        if (eg_cont_lyapunov1(w, y_at[n], y_at, sp->test, &l1, err) == EG_OK)
            sp->l1 = l1;
        st = EG_OK;
    }
    return st;
}

eg_status eg_cont_bp_direction(eg_cont_work *w, const double *y, const double *t, double *dir, double *sigma,
                               eg_error *err)
{
    size_t n = w->n, m = n + 1;
    eg_status st = eg_cont_eval_all(w, y, err);
    if (st != EG_OK)
        return st;
    double *a = malloc(n * m * sizeof *a), *s = malloc(n * sizeof *s), *vt = malloc(m * m * sizeof *vt),
           *sup = malloc(m * sizeof *sup);
    if (!a || !s || !vt || !sup) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(a + i * m, w->J + i * n, n * sizeof *a);
        a[i * m + n] = w->fp[i];
    }
    /* [f_x f_p] is n × (n+1): at a simple branch point its rank is n − 1, so
     * the last two right singular vectors span its null space. */
    lapack_int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'A', (lapack_int)n, (lapack_int)m, a, (lapack_int)m, s,
                                     NULL, 1, vt, (lapack_int)m, sup);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgesvd failed (info = %d)", (int)info);
        goto done;
    }
    *sigma = s[n - 1];
    /* The null space {r1, r2}: t's projection onto it is the current
     * branch, the vector of it orthogonal to that projection the other. */
    const double *r1 = vt + (m - 2) * m, *r2 = vt + (m - 1) * m;
    double c1 = 0, c2 = 0, norm = 0;
    for (size_t i = 0; i < m; i++) {
        c1 += r1[i] * t[i];
        c2 += r2[i] * t[i];
    }
    for (size_t i = 0; i < m; i++) {
        dir[i] = -c2 * r1[i] + c1 * r2[i];
        norm += dir[i] * dir[i];
    }
    norm = sqrt(norm);
    if (!(norm > 0)) {
        st = eg_error_set(err, EG_ENUMERIC, "no second branch direction at the branch point");
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        dir[i] /= norm;
done:
    free(a);
    free(s);
    free(vt);
    free(sup);
    return st;
}

/* ---- The first Lyapunov coefficient -------------------------------------- */

/* Scratch for the multilinear forms: the Jacobian at shifted states. */
typedef struct forms {
    eg_cont_work *w;
    double p;
    const double *x;
    double eps;
    double *xs, *Js, *f, *acc;
} forms;

/* acc += c · J(x + eps·(a·u + b·v)) z, for the differences below. */
static eg_status add_shifted(forms *F, double a, const double *u, double b, const double *v, const double *z,
                             double c, eg_error *err)
{
    size_t n = F->w->n;
    for (size_t i = 0; i < n; i++)
        F->xs[i] = F->x[i] + F->eps * (a * u[i] + (v ? b * v[i] : 0));
    eg_status st = F->w->prob->eval(F->w->prob->ctx, F->p, F->xs, F->f, F->Js, err);
    if (st != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += F->Js[i * n + j] * z[j];
        F->acc[i] += c * s;
    }
    return EG_OK;
}

/* B(z, v) = D_v(J) z (real vectors) into out, by a central difference. */
static eg_status form_b(forms *F, const double *z, const double *v, double *out, eg_error *err)
{
    size_t n = F->w->n;
    memset(F->acc, 0, n * sizeof *F->acc);
    eg_status st;
    if ((st = add_shifted(F, 1, v, 0, NULL, z, 1, err)) != EG_OK ||
        (st = add_shifted(F, -1, v, 0, NULL, z, -1, err)) != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        out[i] = F->acc[i] / (2 * F->eps);
    return EG_OK;
}

/* C(z, v, u) = D_u D_v(J) z (real vectors) into out, by a second difference. */
static eg_status form_c(forms *F, const double *z, const double *v, const double *u, double *out, eg_error *err)
{
    size_t n = F->w->n;
    memset(F->acc, 0, n * sizeof *F->acc);
    eg_status st;
    if ((st = add_shifted(F, 1, v, 1, u, z, 1, err)) != EG_OK || (st = add_shifted(F, 1, v, -1, u, z, -1, err)) != EG_OK ||
        (st = add_shifted(F, -1, v, 1, u, z, -1, err)) != EG_OK || (st = add_shifted(F, -1, v, -1, u, z, 1, err)) != EG_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        out[i] = F->acc[i] / (4 * F->eps * F->eps);
    return EG_OK;
}

/* Solves the real n × n system M z = b (M copied) into z. */
static int solve_real(const double *M, size_t n, const double *b, double *z)
{
    double *a = malloc(n * n * sizeof *a);
    lapack_int *piv = malloc(n * sizeof *piv);
    int ok = a && piv;
    if (ok) {
        memcpy(a, M, n * n * sizeof *a);
        memcpy(z, b, n * sizeof *z);
        ok = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, 1, a, (lapack_int)n, piv, z, 1) == 0;
    }
    free(a);
    free(piv);
    return ok ? 0 : -1;
}

/* The critical eigenvectors: q with J q = iω q, p with Jᵀ p = −iω p, ⟨q, q⟩ = 1
 * and ⟨p, q⟩ = Σ conj(p_i) q_i = 1, as real and imaginary parts. */
eg_status eg_cont_hopf_vectors(const double *J, size_t n, double omega, double *qr, double *qi, double *pr,
                               double *pi, eg_error *err)
{
    double *a = malloc(n * n * sizeof *a), *vl = malloc(n * n * sizeof *vl), *vr = malloc(n * n * sizeof *vr),
           *wr = malloc(n * sizeof *wr), *wi = malloc(n * sizeof *wi);
    eg_status st = EG_OK;
    if (!a || !vl || !vr || !wr || !wi) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(a, J, n * n * sizeof *a);
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'V', 'V', (lapack_int)n, a, (lapack_int)n, wr, wi, vl,
                                    (lapack_int)n, vr, (lapack_int)n);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgeev failed (info = %d)", (int)info);
        goto done;
    }
    size_t k = n;
    double best = INFINITY;
    for (size_t i = 0; i + 1 < n; i++)
        if (wi[i] > 0 && fabs(wr[i]) + fabs(wi[i] - omega) < best) {
            best = fabs(wr[i]) + fabs(wi[i] - omega);
            k = i;
        }
    if (k == n) {
        st = eg_error_set(err, EG_ENUMERIC, "no complex pair at the Hopf point");
        goto done;
    }
    /* LAPACK stores the pair's vectors as columns k (real) and k+1 (imaginary). */
    double qq = 0;
    for (size_t i = 0; i < n; i++) {
        qr[i] = vr[i * n + k];
        qi[i] = vr[i * n + k + 1];
        pr[i] = vl[i * n + k];
        pi[i] = vl[i * n + k + 1];
        qq += qr[i] * qr[i] + qi[i] * qi[i];
    }
    qq = sqrt(qq);
    double cr = 0, ci = 0; /* c = ⟨p, q⟩ */
    for (size_t i = 0; i < n; i++) {
        qr[i] /= qq;
        qi[i] /= qq;
        cr += pr[i] * qr[i] + pi[i] * qi[i];
        ci += pr[i] * qi[i] - pi[i] * qr[i];
    }
    /* p ← p / conj(c), so that ⟨p, q⟩ = 1. */
    double c2 = cr * cr + ci * ci;
    for (size_t i = 0; i < n; i++) {
        double r = pr[i], im = pi[i];
        pr[i] = (r * cr - im * ci) / c2;
        pi[i] = (r * ci + im * cr) / c2;
    }
done:
    free(a);
    free(vl);
    free(vr);
    free(wr);
    free(wi);
    return st;
}

/* Re ⟨p, z⟩ = Σ (p_r z_r + p_i z_i). */
static double re_inner(const double *pr, const double *pi, const double *zr, const double *zi, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += pr[i] * zr[i] + pi[i] * zi[i];
    return s;
}

/* The three terms of Kuznetsov's formula (Elements of Applied Bifurcation
 * Theory, eq. 3.20): l1 = Re[⟨p, C(q,q,q̄)⟩ − 2⟨p, B(q, A⁻¹B(q,q̄))⟩
 * + ⟨p, B(q̄, (2iωI − A)⁻¹ B(q,q))⟩] / (2ω), with the complex forms expanded
 * into real ones by (multi)linearity. */
static eg_status lyapunov_terms(forms *F, const double *J, double omega, const double *qr, const double *qi,
                                const double *pr, const double *pi, double *l1, eg_error *err)
{
    size_t n = F->w->n;
    double *buf = malloc(12 * n * sizeof *buf), *M = malloc(4 * n * n * sizeof *M);
    eg_status st = EG_OK;
    if (!buf || !M) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    double *baa = buf, *bbb = buf + n, *bab = buf + 2 * n, *t1 = buf + 3 * n, *t2 = buf + 4 * n, *zr = buf + 5 * n,
           *zi = buf + 7 * n, *rhs = buf + 9 * n, *cr = buf + 11 * n;
    if ((st = form_b(F, qr, qr, baa, err)) || (st = form_b(F, qi, qi, bbb, err)) || (st = form_b(F, qr, qi, bab, err)))
        goto done;
    /* C(q, q, q̄) = C(a,a,a) + C(a,b,b) + i (C(a,a,b) + C(b,b,b)), q = a + ib. */
    double sum = 0;
    if ((st = form_c(F, qr, qr, qr, t1, err)) || (st = form_c(F, qr, qi, qi, t2, err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        cr[i] = t1[i] + t2[i];
    double *ci = t1;
    if ((st = form_c(F, qr, qr, qi, t1, err)) || (st = form_c(F, qi, qi, qi, t2, err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        ci[i] += t2[i];
    sum += re_inner(pr, pi, cr, ci, n);
    /* −2 ⟨p, B(q, s)⟩ with s = A⁻¹ B(q, q̄), B(q, q̄) = B(a,a) + B(b,b) real. */
    for (size_t i = 0; i < n; i++)
        rhs[i] = baa[i] + bbb[i];
    if (solve_real(J, n, rhs, zr) != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "the Jacobian is singular at the Hopf point");
        goto done;
    }
    if ((st = form_b(F, qr, zr, t1, err)) || (st = form_b(F, qi, zr, t2, err)))
        goto done;
    sum -= 2 * re_inner(pr, pi, t1, t2, n);
    /* ⟨p, B(q̄, r)⟩ with (2iωI − A) r = B(q, q) = B(a,a) − B(b,b) + 2i B(a,b),
     * solved as the real system [[−A, −2ωI], [2ωI, −A]] [r_r; r_i] = [re; im]. */
    size_t m = 2 * n;
    memset(M, 0, m * m * sizeof *M);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            M[i * m + j] = -J[i * n + j];
            M[(n + i) * m + n + j] = -J[i * n + j];
        }
        M[i * m + n + i] = -2 * omega;
        M[(n + i) * m + i] = 2 * omega;
        rhs[i] = baa[i] - bbb[i];
        rhs[n + i] = 2 * bab[i];
    }
    if (solve_real(M, m, rhs, zr) != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "2iω − J is singular at the Hopf point");
        goto done;
    }
    /* B(a − ib, r_r + i r_i) = B(a, r_r) + B(b, r_i) + i (B(a, r_i) − B(b, r_r)). */
    double *u = t1, *v = t2, *rr = zr, *ri = zr + n;
    double *re = cr, *im = zi;
    if ((st = form_b(F, qr, rr, u, err)) || (st = form_b(F, qi, ri, v, err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        re[i] = u[i] + v[i];
    if ((st = form_b(F, qr, ri, u, err)) || (st = form_b(F, qi, rr, v, err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        im[i] = u[i] - v[i];
    sum += re_inner(pr, pi, re, im, n);
    *l1 = sum / (2 * omega);
done:
    free(buf);
    free(M);
    return st;
}

eg_status eg_cont_lyapunov1(eg_cont_work *w, double p, const double *x, double omega, double *l1, eg_error *err)
{
    size_t n = w->n;
    if (n < 2 || !(omega > 0))
        return eg_error_set(err, EG_EINVAL, "a Hopf point needs two dimensions and ω > 0");
    double *J = malloc(n * n * sizeof *J), *vec = malloc(4 * n * sizeof *vec), *f = malloc(n * sizeof *f);
    forms F = {.w = w, .p = p, .x = x, .eps = 1e-4};
    F.xs = malloc(n * sizeof *F.xs);
    F.Js = malloc(n * n * sizeof *F.Js);
    F.f = malloc(n * sizeof *F.f);
    F.acc = malloc(n * sizeof *F.acc);
    eg_status st = EG_OK;
    if (!J || !vec || !f || !F.xs || !F.Js || !F.f || !F.acc) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = w->prob->eval(w->prob->ctx, p, x, f, J, err)) != EG_OK)
        goto done;
    double *qr = vec, *qi = vec + n, *pr = vec + 2 * n, *pi = vec + 3 * n;
    if ((st = eg_cont_hopf_vectors(J, n, omega, qr, qi, pr, pi, err)) != EG_OK)
        goto done;
    st = lyapunov_terms(&F, J, omega, qr, qi, pr, pi, l1, err);
done:
    free(J);
    free(vec);
    free(f);
    free(F.xs);
    free(F.Js);
    free(F.f);
    free(F.acc);
    return st;
}
