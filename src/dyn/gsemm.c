/* gsemm.c: right-hand sides of GSEMM and its reduced variants LISEM and DSEM (docs/science.md, "Sequence memories"). */
#include "engram/gsemm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <gsl/gsl_errno.h>

#include "engram/numerics.h"

eg_gsemm *eg_gsemm_alloc(eg_gsemm_kind kind, size_t nf, size_t k)
{
    if (nf == 0 || k == 0)
        return NULL;
    eg_gsemm *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->kind = kind;
    g->nf = nf;
    g->k = k;
    g->xi = eg_matrix_alloc(nf, k);
    g->phi = eg_matrix_alloc(k, k);
    /* rhs: a, c, h, p (k each) and σ_f (nf); Jacobian: Ξ S and Ξ Φᵀ (nf × k), S (k × k) */
    g->scratch = malloc((2 * nf + 4 * k + 2 * nf * k + k * k) * sizeof *g->scratch);
    if (!g->xi || !g->phi || !g->scratch) {
        eg_gsemm_free(g);
        return NULL;
    }
    g->sigma_f = eg_activation_default(EG_ACT_LINEAR);
    g->sigma_h = eg_activation_default(EG_ACT_LINEAR);
    g->sigma_h_softmax = 1;
    g->t_f = 1.0;
    g->t_h = 0.1;
    switch (kind) {
    case EG_GSEMM_LISEM:
        /* The authors' tanh model defaults, γ included. They sit near the
         * drive balance (β_d = 7 against a threshold of 6.87 for orthogonal
         * memories at N_f = 100), so whether random ±1 memories step depends
         * on their crosstalk (docs/dynamics.md). */
        g->t_d = 100.0;
        g->alpha_s = 0.045;
        g->alpha_c = 0.004;
        g->beta_d = 7.0;
        g->gamma = 1.0;
        break;
    case EG_GSEMM_DSEM:
        g->t_d = 20.0;
        g->alpha_s = 1.0;
        g->alpha_c = 4.9;
        g->beta_d = 7.0;
        g->gamma = 10.0;
        break;
    case EG_GSEMM_FULL:
    default:
        g->t_d = 20.0;
        g->alpha_s = 1.0;
        g->alpha_c = 4.9;
        g->beta_d = 1.0;
        g->gamma = 10.0;
        break;
    }
    return g;
}

void eg_gsemm_free(eg_gsemm *g)
{
    if (!g)
        return;
    eg_matrix_free(g->xi);
    eg_matrix_free(g->phi);
    free(g->scratch);
    free(g);
}

eg_status eg_gsemm_kind_from_name(const char *name, eg_gsemm_kind *kind, eg_error *err)
{
    static const char *const names[] = {"gsemm", "lisem", "dsem"};
    for (size_t i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *kind = (eg_gsemm_kind)i;
            return EG_OK;
        }
    return eg_error_set(err, EG_EINVAL, "unknown sequence model '%s' (valid: gsemm, lisem, dsem)", name ? name : "");
}

size_t eg_gsemm_dim(const eg_gsemm *g)
{
    return g->kind == EG_GSEMM_FULL ? 2 * g->nf + g->k : 2 * g->nf;
}

eg_status eg_gsemm_check(const eg_gsemm *g, eg_error *err)
{
    if (!g || (int)g->kind < 0 || g->kind > EG_GSEMM_DSEM)
        return eg_error_set(err, EG_EINVAL, "unknown sequence model kind");
    if (!g->xi || g->xi->rows != g->nf || g->xi->cols != g->k)
        return eg_error_set(err, EG_EINVAL, "memories must be %zu × %zu (features × memories)", g->nf, g->k);
    if (!g->phi || g->phi->rows != g->k || g->phi->cols != g->k)
        return eg_error_set(err, EG_EINVAL, "transitions must be %zu × %zu", g->k, g->k);
    if (!(g->t_f > 0.0) || !(g->t_d > 0.0) || (g->kind == EG_GSEMM_FULL && !(g->t_h > 0.0)))
        return eg_error_set(err, EG_EINVAL, "time constants must be positive");
    if (!(g->alpha_s >= 0.0) || !isfinite(g->alpha_s) || !isfinite(g->alpha_c) || !isfinite(g->beta_d) ||
        !isfinite(g->gamma))
        return eg_error_set(err, EG_EINVAL, "sequence-model parameters must be finite (and alpha_s ≥ 0)");
    if (g->kind == EG_GSEMM_FULL) {
        eg_status st = eg_activation_check(&g->sigma_f, err);
        if (st == EG_OK && !g->sigma_h_softmax)
            st = eg_activation_check(&g->sigma_h, err);
        return st;
    }
    return EG_OK;
}

eg_status eg_transitions_alloc(size_t k, eg_matrix **G, eg_error *err)
{
    *G = eg_matrix_alloc(k, k);
    if (!*G)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu transition matrix", k, k);
    return EG_OK;
}

eg_status eg_transitions_add_chain(eg_matrix *G, const size_t *seq, size_t len, int cyclic, eg_error *err)
{
    for (size_t i = 0; i < len; i++)
        if (seq[i] >= G->rows)
            return eg_error_set(err, EG_EINVAL, "memory %zu in a sequence, but there are only %zu", seq[i], G->rows);
    for (size_t i = 0; i + 1 < len; i++)
        *eg_matrix_at(G, seq[i], seq[i + 1]) = 1.0;
    if (cyclic && len > 1)
        *eg_matrix_at(G, seq[len - 1], seq[0]) = 1.0;
    return EG_OK;
}

eg_status eg_gsemm_set_transitions(eg_gsemm *g, const eg_matrix *G, eg_error *err)
{
    if (G->rows != g->k || G->cols != g->k)
        return eg_error_set(err, EG_EINVAL, "transition matrix is %zu × %zu, model has %zu memories", G->rows,
                            G->cols, g->k);
    for (size_t i = 0; i < g->k; i++)
        for (size_t j = 0; j < g->k; j++)
            *eg_matrix_at(g->phi, j, i) = eg_matrix_get(G, i, j);
    return EG_OK;
}

/* p = softmax(γ h), shifted by the maximum so exp never overflows. */
static void softmax(const double *h, double gamma, size_t k, double *p)
{
    double m = -INFINITY, s = 0.0;
    for (size_t i = 0; i < k; i++)
        m = fmax(m, gamma * h[i]);
    for (size_t i = 0; i < k; i++) {
        p[i] = exp(gamma * h[i] - m);
        s += p[i];
    }
    for (size_t i = 0; i < k; i++)
        p[i] /= s;
}

/* Matrices with at most this many columns (Ξ with few memories, Φ) are
 * multiplied by plain loops: a cblas_dgemv call costs a fixed ~100 ns, more
 * than the arithmetic of a 100 × 7 product, and the right-hand side makes
 * several per evaluation. */
enum { SMALL_COLS = 16 };

/* y = alpha A x + beta y (trans = 0) or alpha Aᵀ x + beta y, A rows × cols row-major. */
static void gemv(int trans, const eg_matrix *A, double alpha, const double *x, double beta, double *y)
{
    size_t rows = A->rows, cols = A->cols;
    if (cols > SMALL_COLS) {
        cblas_dgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, (int)rows, (int)cols, alpha, A->data,
                    (int)cols, x, 1, beta, y, 1);
        return;
    }
    const double *a = A->data;
    if (trans) {
        double acc[SMALL_COLS] = {0};
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < cols; j++)
                acc[j] += a[i * cols + j] * x[i];
        for (size_t j = 0; j < cols; j++)
            y[j] = alpha * acc[j] + (beta == 0.0 ? 0.0 : beta * y[j]);
    } else {
        for (size_t i = 0; i < rows; i++) {
            double s = 0.0;
            for (size_t j = 0; j < cols; j++)
                s += a[i * cols + j] * x[j];
            y[i] = alpha * s + (beta == 0.0 ? 0.0 : beta * y[i]);
        }
    }
}

/* a = Ξᵀ v and c = Ξᵀ v_d in one pass over Ξ when it has few columns. */
static void xi_t_pair(const eg_matrix *xi, const double *v, const double *vd, double *a, double *c)
{
    size_t nf = xi->rows, k = xi->cols;
    if (k > SMALL_COLS) {
        gemv(1, xi, 1.0, v, 0.0, a);
        gemv(1, xi, 1.0, vd, 0.0, c);
        return;
    }
    /* Four rows at a time: the sums live in memory (k is not known to the
     * compiler), and each load-add-store round trip then serves four rows. */
    double sa[SMALL_COLS] = {0}, sc[SMALL_COLS] = {0};
    size_t i = 0;
    for (; i + 4 <= nf; i += 4) {
        const double *r0 = &xi->data[i * k], *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;
        double v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
        double d0 = vd[i], d1 = vd[i + 1], d2 = vd[i + 2], d3 = vd[i + 3];
        for (size_t j = 0; j < k; j++) {
            sa[j] += (r0[j] * v0 + r1[j] * v1) + (r2[j] * v2 + r3[j] * v3);
            sc[j] += (r0[j] * d0 + r1[j] * d1) + (r2[j] * d2 + r3[j] * d3);
        }
    }
    for (; i < nf; i++) {
        const double *row = &xi->data[i * k];
        for (size_t j = 0; j < k; j++) {
            sa[j] += row[j] * v[i];
            sc[j] += row[j] * vd[i];
        }
    }
    memcpy(a, sa, k * sizeof *a);
    memcpy(c, sc, k * sizeof *c);
}

static int gsemm_rhs_gsl(double t, const double *x, double *f, void *params)
{
    (void)t;
    eg_gsemm *g = params;
    size_t nf = g->nf, k = g->k;
    double *a = g->scratch, *c = a + k, *h = c + k, *p = h + k, *sf = p + k;
    double sa = sqrt(g->alpha_s);
    if (g->kind == EG_GSEMM_DSEM) {
        const double *v = x, *vd = x + nf;
        xi_t_pair(g->xi, v, vd, a, c); /* Ξᵀ v, Ξᵀ v_d */
        for (size_t i = 0; i < k; i++)
            h[i] = sa * a[i];
        gemv(0, g->phi, g->alpha_c, c, 1.0, h);
        softmax(h, g->gamma, k, p);
        double rf = 1.0 / g->t_f, rd = 1.0 / g->t_d;
        if (k <= SMALL_COLS) { /* Ξ p row by row, in the same pass as the rest of f */
            const double *xi = g->xi->data;
            for (size_t i = 0; i < nf; i++) {
                double s = 0.0;
                for (size_t j = 0; j < k; j++)
                    s += xi[i * k + j] * p[j];
                f[i] = (sa * s - v[i]) * rf;
                f[nf + i] = (g->beta_d * v[i] - vd[i]) * rd;
            }
        } else {
            gemv(0, g->xi, sa, p, 0.0, f);
            for (size_t i = 0; i < nf; i++) {
                f[i] = (f[i] - v[i]) * rf;
                f[nf + i] = (g->beta_d * v[i] - vd[i]) * rd;
            }
        }
    } else if (g->kind == EG_GSEMM_LISEM) {
        const double *v = x, *vd = x + nf;
        for (size_t i = 0; i < nf; i++)
            sf[i] = tanh(g->gamma * v[i]);
        gemv(1, g->xi, 1.0, sf, 0.0, a);
        gemv(1, g->xi, 1.0, vd, 0.0, c);
        for (size_t i = 0; i < k; i++)
            h[i] = g->alpha_s * a[i];
        gemv(0, g->phi, g->alpha_c, c, 1.0, h);
        gemv(0, g->xi, 1.0, h, 0.0, f);
        for (size_t i = 0; i < nf; i++) {
            f[i] = (f[i] - v[i]) / g->t_f;
            f[nf + i] = (g->beta_d * sf[i] - vd[i]) / g->t_d;
        }
    } else {
        const double *vf = x, *vh = x + nf, *vd = x + nf + k;
        double *ff = f, *fh = f + nf, *fd = f + nf + k;
        for (size_t i = 0; i < nf; i++)
            sf[i] = eg_activation_eval(&g->sigma_f, vf[i]);
        if (g->sigma_h_softmax)
            softmax(vh, g->gamma, k, p);
        else
            for (size_t i = 0; i < k; i++)
                p[i] = eg_activation_eval(&g->sigma_h, vh[i]);
        gemv(0, g->xi, sa, p, 0.0, ff);
        gemv(1, g->xi, 1.0, vd, 0.0, c);
        gemv(1, g->xi, sa, sf, 0.0, fh);
        gemv(0, g->phi, g->alpha_c, c, 1.0, fh);
        for (size_t i = 0; i < nf; i++) {
            ff[i] = (ff[i] - vf[i]) / g->t_f;
            fd[i] = (sf[i] - vd[i]) / g->t_d;
        }
        for (size_t i = 0; i < k; i++)
            fh[i] = (fh[i] - vh[i]) / g->t_h;
    }
    return eg_all_finite(f, eg_gsemm_dim(g)) ? GSL_SUCCESS : GSL_EBADFUNC;
}

/* S = ∂softmax(γh)/∂h = γ (diag p − p pᵀ). */
static void softmax_jac(const double *p, double gamma, size_t k, double *S)
{
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            S[i * k + j] = gamma * ((i == j ? p[i] : 0.0) - p[i] * p[j]);
}

/* Out (nf × k) = Ξ M with M k × k. */
static void xi_times(const eg_matrix *xi, const double *M, double *out)
{
    size_t nf = xi->rows, k = xi->cols;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nf, (int)k, (int)k, 1.0, xi->data, (int)k, M, (int)k,
                0.0, out, (int)k);
}

/* J[r0 + i][c0 + j] = alpha Σ_ν A[i][ν] B[j][ν] for A, B nf × k (row-major, leading dimension k). */
static void add_abt(double *J, size_t ld, size_t r0, size_t c0, double alpha, const double *A, const double *B,
                    size_t nf, size_t k)
{
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nf, (int)nf, (int)k, alpha, A, (int)k, B, (int)k, 1.0,
                &J[r0 * ld + c0], (int)ld);
}

/* The analytic Jacobian of the three variants (the models are autonomous: ∂f/∂t = 0). */
static int gsemm_jac_gsl(double t, const double *x, double *J, double *dfdt, void *params)
{
    (void)t;
    eg_gsemm *g = params;
    size_t nf = g->nf, k = g->k, dim = eg_gsemm_dim(g);
    double *a = g->scratch, *c = a + k, *h = c + k, *p = h + k, *sf = p + k;
    double *XS = sf + nf, *Y = XS + nf * k, *S = Y + nf * k;
    double sa = sqrt(g->alpha_s);
    memset(J, 0, dim * dim * sizeof *J);
    memset(dfdt, 0, dim * sizeof *dfdt);
    /* Y = Ξ Φᵀ, so that (Φ Ξᵀ)[ν][j] = Y[j][ν]. */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nf, (int)k, (int)k, 1.0, g->xi->data, (int)k,
                g->phi->data, (int)k, 0.0, Y, (int)k);
    if (g->kind == EG_GSEMM_DSEM) {
        const double *v = x, *vd = x + nf;
        gemv(1, g->xi, 1.0, v, 0.0, a);
        gemv(1, g->xi, 1.0, vd, 0.0, c);
        for (size_t i = 0; i < k; i++)
            h[i] = sa * a[i];
        gemv(0, g->phi, g->alpha_c, c, 1.0, h);
        softmax(h, g->gamma, k, p);
        softmax_jac(p, g->gamma, k, S);
        xi_times(g->xi, S, XS);
        add_abt(J, dim, 0, 0, g->alpha_s / g->t_f, XS, g->xi->data, nf, k);
        add_abt(J, dim, 0, nf, sa * g->alpha_c / g->t_f, XS, Y, nf, k);
        for (size_t i = 0; i < nf; i++) {
            J[i * dim + i] -= 1.0 / g->t_f;
            J[(nf + i) * dim + i] = g->beta_d / g->t_d;
            J[(nf + i) * dim + nf + i] = -1.0 / g->t_d;
        }
    } else if (g->kind == EG_GSEMM_LISEM) {
        const double *v = x;
        for (size_t j = 0; j < nf; j++) {
            double th = tanh(g->gamma * v[j]);
            sf[j] = g->gamma * (1.0 - th * th); /* g'(v_j) */
        }
        /* ∂v'/∂v = (α_s Ξ Ξᵀ diag g' − I)/T_f: scale column j of Ξ Ξᵀ by g'_j. */
        add_abt(J, dim, 0, 0, g->alpha_s / g->t_f, g->xi->data, g->xi->data, nf, k);
        for (size_t i = 0; i < nf; i++)
            for (size_t j = 0; j < nf; j++)
                J[i * dim + j] *= sf[j];
        add_abt(J, dim, 0, nf, g->alpha_c / g->t_f, g->xi->data, Y, nf, k);
        for (size_t i = 0; i < nf; i++) {
            J[i * dim + i] -= 1.0 / g->t_f;
            J[(nf + i) * dim + i] = g->beta_d * sf[i] / g->t_d;
            J[(nf + i) * dim + nf + i] = -1.0 / g->t_d;
        }
    } else {
        const double *vf = x, *vh = x + nf;
        size_t H = nf, D = nf + k;
        if (g->sigma_h_softmax) {
            softmax(vh, g->gamma, k, p);
            softmax_jac(p, g->gamma, k, S);
        } else {
            memset(S, 0, k * k * sizeof *S);
            for (size_t i = 0; i < k; i++)
                S[i * k + i] = eg_activation_deriv(&g->sigma_h, vh[i]);
        }
        xi_times(g->xi, S, XS);
        for (size_t i = 0; i < nf; i++) {
            for (size_t nu = 0; nu < k; nu++)
                J[i * dim + H + nu] = sa * XS[i * k + nu] / g->t_f;
            J[i * dim + i] = -1.0 / g->t_f;
            sf[i] = eg_activation_deriv(&g->sigma_f, vf[i]);
        }
        for (size_t mu = 0; mu < k; mu++) {
            for (size_t j = 0; j < nf; j++) {
                J[(H + mu) * dim + j] = sa * g->xi->data[j * k + mu] * sf[j] / g->t_h;
                J[(H + mu) * dim + D + j] = g->alpha_c * Y[j * k + mu] / g->t_h;
            }
            J[(H + mu) * dim + H + mu] = -1.0 / g->t_h;
        }
        for (size_t i = 0; i < nf; i++) {
            J[(D + i) * dim + i] = sf[i] / g->t_d;
            J[(D + i) * dim + D + i] = -1.0 / g->t_d;
        }
    }
    for (size_t i = 0; i < dim * dim; i++)
        if (!isfinite(J[i]))
            return GSL_EBADFUNC;
    return GSL_SUCCESS;
}

eg_status eg_gsemm_rhs(eg_gsemm *g, double t, const double *x, double *f, eg_error *err)
{
    if (gsemm_rhs_gsl(t, x, f, g) != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "sequence-model right-hand side is not finite at t = %g", t);
    return EG_OK;
}

eg_status eg_gsemm_system(eg_gsemm *g, eg_dyn_system *sys, eg_error *err)
{
    eg_status st = eg_gsemm_check(g, err);
    if (st != EG_OK)
        return st;
    sys->dim = eg_gsemm_dim(g);
    sys->rhs = gsemm_rhs_gsl;
    sys->jac = gsemm_jac_gsl;
    sys->params = g;
    sys->input = NULL;
    return EG_OK;
}

eg_status eg_gsemm_overlaps(const eg_gsemm *g, const eg_trajectory *tr, eg_matrix **out, eg_error *err)
{
    *out = NULL;
    size_t dim = eg_gsemm_dim(g);
    if (tr->states->cols != dim)
        return eg_error_set(err, EG_EINVAL, "trajectory has %zu components, the model %zu", tr->states->cols, dim);
    eg_matrix *o = eg_matrix_alloc(tr->count, g->k);
    if (!o)
        return eg_error_set(err, EG_ENOMEM, "out of memory for overlaps");
    for (size_t r = 0; r < tr->count; r++)
        gemv(1, g->xi, 1.0, &tr->states->data[r * dim], 0.0, &o->data[r * g->k]);
    *out = o;
    return EG_OK;
}
