/* emt.c: the Episodic Memory Theory reading of recurrent weights: Ψ†, Φ = Ψ†WΨ, cycles, bases, angle errors. */
#include "engram/emt.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#define EMT_PI 3.14159265358979323846

/* C = op(A)·op(B) into a new matrix; NULL when out of memory. */
static eg_matrix *matmul(const eg_matrix *a, bool ta, const eg_matrix *b, bool tb)
{
    size_t m = ta ? a->cols : a->rows, k = ta ? a->rows : a->cols, n = tb ? b->rows : b->cols;
    eg_matrix *c = eg_matrix_alloc(m, n);
    if (!c)
        return NULL;
    if (m && n && k)
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m,
                    (int)n, (int)k, 1.0, a->data, (int)a->cols, b->data, (int)b->cols, 0.0, c->data,
                    (int)c->cols);
    return c;
}

static double frobenius(const eg_matrix *a)
{
    double s = 0.0;
    for (size_t k = 0; k < a->rows * a->cols; k++)
        s += a->data[k] * a->data[k];
    return sqrt(s);
}

eg_status eg_emt_pinv(const eg_matrix *a, double rcond, eg_matrix **out, size_t *rank, eg_error *err)
{
    if (!a || !out)
        return eg_error_set(err, EG_EINVAL, "pseudo-inverse needs a matrix and a result");
    size_t m = a->rows, n = a->cols;
    eg_svd *svd = NULL;
    eg_status st = eg_spectrum_svd(a, true, &svd, err);
    if (st != EG_OK)
        return st;
    if (rcond <= 0.0)
        rcond = (double)(m > n ? m : n) * DBL_EPSILON;
    double cut = rcond * svd->s[0];
    size_t k = svd->k, r = 0;
    while (r < k && svd->s[r] > cut)
        r++;
    eg_matrix *p = eg_matrix_alloc(n, m);
    if (!p) {
        eg_svd_free(svd);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu pseudo-inverse", n, m);
    }
    /* A† = V diag(1/σ) Uᵀ over the kept singular values: scale the rows of Vt
     * and accumulate Vtᵀ · Uᵀ restricted to the first r. */
    for (size_t q = 0; q < r; q++) {
        double inv = 1.0 / svd->s[q];
        for (size_t j = 0; j < n; j++)
            svd->vt->data[q * n + j] *= inv;
    }
    if (r > 0)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasTrans, (int)n, (int)m, (int)r, 1.0, svd->vt->data,
                    (int)n, svd->u->data, (int)k, 0.0, p->data, (int)m);
    eg_svd_free(svd);
    if (rank)
        *rank = r;
    *out = p;
    return EG_OK;
}

void eg_emt_reading_free(eg_emt_reading *r)
{
    if (!r)
        return;
    eg_matrix_free(r->psi_pinv);
    eg_matrix_free(r->phi);
    eg_spectrum_free(r->spec_w);
    eg_spectrum_free(r->spec_phi);
    free(r->pair);
    free(r);
}

eg_status eg_emt_read(const eg_matrix *w, const eg_matrix *psi, double rcond, eg_emt_reading **out,
                      eg_error *err)
{
    if (!w || !psi || !out)
        return eg_error_set(err, EG_EINVAL, "EMT reading needs W, Ψ and a result");
    if (w->rows != w->cols || psi->rows != w->rows || psi->cols == 0 || psi->cols > psi->rows)
        return eg_error_set(err, EG_EINVAL,
                            "EMT reading needs W D × D and Ψ D × K with 0 < K <= D, got W %zu × %zu, Ψ %zu × %zu",
                            w->rows, w->cols, psi->rows, psi->cols);
    eg_status st;
    eg_matrix *wpsi = NULL, *psiphi = NULL;
    eg_emt_reading *r = calloc(1, sizeof *r);
    if (!r)
        return eg_error_set(err, EG_ENOMEM, "out of memory for an EMT reading");
    st = eg_emt_pinv(psi, rcond, &r->psi_pinv, &r->rank, err);
    if (st != EG_OK)
        goto fail;
    wpsi = matmul(w, false, psi, false);
    if (!wpsi)
        goto nomem;
    r->phi = matmul(r->psi_pinv, false, wpsi, false);
    if (!r->phi)
        goto nomem;
    psiphi = matmul(psi, false, r->phi, false);
    if (!psiphi)
        goto nomem;
    double res = 0.0;
    for (size_t k = 0; k < wpsi->rows * wpsi->cols; k++) {
        double d = wpsi->data[k] - psiphi->data[k];
        res += d * d;
    }
    double fw = frobenius(w);
    r->residual = fw > 0.0 ? sqrt(res) / fw : 0.0;
    st = eg_spectrum_eigen(w, NULL, &r->spec_w, err);
    if (st != EG_OK)
        goto fail;
    st = eg_spectrum_eigen(r->phi, NULL, &r->spec_phi, err);
    if (st != EG_OK)
        goto fail;
    r->pair = malloc(r->spec_phi->n * sizeof *r->pair);
    if (!r->pair)
        goto nomem;
    st = eg_spectrum_match(r->spec_phi, r->spec_w, r->pair, &r->match_max, err);
    if (st != EG_OK)
        goto fail;
    eg_matrix_free(wpsi);
    eg_matrix_free(psiphi);
    *out = r;
    return EG_OK;
nomem:
    st = eg_error_set(err, EG_ENOMEM, "out of memory for an EMT reading of a %zu × %zu matrix", w->rows,
                      w->cols);
fail:
    eg_matrix_free(wpsi);
    eg_matrix_free(psiphi);
    eg_emt_reading_free(r);
    return st;
}

eg_status eg_emt_privileged_basis(const eg_matrix *w, const eg_matrix *w_uh, size_t s, eg_matrix **out,
                                  eg_error *err)
{
    if (!w || !w_uh || !out)
        return eg_error_set(err, EG_EINVAL, "privileged basis needs W, W_uh and a result");
    size_t D = w->rows, d = w_uh->cols;
    if (w->cols != D || w_uh->rows != D || s == 0 || d == 0)
        return eg_error_set(err, EG_EINVAL,
                            "privileged basis needs W D × D, W_uh D × d and s > 0, got W %zu × %zu, W_uh %zu × %zu, s %zu",
                            w->rows, w->cols, w_uh->rows, w_uh->cols, s);
    eg_matrix *psi = eg_matrix_alloc(D, s * d);
    eg_matrix *cur = eg_matrix_copy(w_uh), *next = NULL;
    if (!psi || !cur) {
        eg_matrix_free(psi);
        eg_matrix_free(cur);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu basis", D, s * d);
    }
    /* Block s−1 (last) is W_uh, block s−2 is W·W_uh, …, block 0 is W^{s−1}W_uh. */
    for (size_t step = 0; step < s; step++) {
        size_t block = s - 1 - step;
        for (size_t j = 0; j < d; j++) {
            double nrm = 0.0;
            for (size_t i = 0; i < D; i++)
                nrm += cur->data[i * d + j] * cur->data[i * d + j];
            nrm = sqrt(nrm);
            if (!(nrm > 0.0) || !isfinite(nrm)) {
                eg_matrix_free(psi);
                eg_matrix_free(cur);
                return eg_error_set(err, EG_ENUMERIC, "column %zu of W^%zu W_uh has norm %g; cannot normalise", j,
                                    step, nrm);
            }
            for (size_t i = 0; i < D; i++)
                psi->data[i * s * d + block * d + j] = cur->data[i * d + j] / nrm;
        }
        if (step + 1 < s) {
            next = matmul(w, false, cur, false);
            eg_matrix_free(cur);
            cur = next;
            if (!cur) {
                eg_matrix_free(psi);
                return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu basis", D, s * d);
            }
        }
    }
    eg_matrix_free(cur);
    *out = psi;
    return EG_OK;
}

eg_status eg_emt_weights(const eg_matrix *psi, const eg_matrix *phi, double rcond, eg_matrix **out,
                         eg_error *err)
{
    if (!psi || !phi || !out)
        return eg_error_set(err, EG_EINVAL, "W = ΨΦΨ† needs Ψ, Φ and a result");
    if (phi->rows != phi->cols || phi->rows != psi->cols)
        return eg_error_set(err, EG_EINVAL, "W = ΨΦΨ† needs Ψ D × K and Φ K × K, got Ψ %zu × %zu, Φ %zu × %zu",
                            psi->rows, psi->cols, phi->rows, phi->cols);
    eg_matrix *pinv = NULL;
    eg_status st = eg_emt_pinv(psi, rcond, &pinv, NULL, err);
    if (st != EG_OK)
        return st;
    eg_matrix *psiphi = matmul(psi, false, phi, false);
    eg_matrix *w = psiphi ? matmul(psiphi, false, pinv, false) : NULL;
    eg_matrix_free(psiphi);
    eg_matrix_free(pinv);
    if (!w)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu W", psi->rows, psi->rows);
    *out = w;
    return EG_OK;
}

eg_status eg_emt_gsemm_weights(const eg_matrix *xi, const eg_matrix *phi, eg_matrix **out, eg_error *err)
{
    if (!xi || !phi || !out)
        return eg_error_set(err, EG_EINVAL, "W = Ξ(I+Φᵀ)Ξᵀ needs Ξ, Φ and a result");
    size_t K = xi->cols;
    if (phi->rows != K || phi->cols != K)
        return eg_error_set(err, EG_EINVAL, "W = Ξ(I+Φᵀ)Ξᵀ needs Ξ N × K and Φ K × K, got Ξ %zu × %zu, Φ %zu × %zu",
                            xi->rows, xi->cols, phi->rows, phi->cols);
    eg_matrix *m = eg_matrix_alloc(K, K);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu interaction matrix", K, K);
    for (size_t i = 0; i < K; i++)
        for (size_t j = 0; j < K; j++)
            m->data[i * K + j] = (i == j ? 1.0 : 0.0) + phi->data[j * K + i];
    eg_matrix *xm = matmul(xi, false, m, false);
    eg_matrix *w = xm ? matmul(xm, false, xi, true) : NULL;
    eg_matrix_free(m);
    eg_matrix_free(xm);
    if (!w)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu W", xi->rows, xi->rows);
    *out = w;
    return EG_OK;
}

void eg_emt_cycles_free(eg_emt_cycles *c)
{
    if (!c)
        return;
    free(c->map);
    free(c->value);
    free(c->start);
    free(c->members);
    free(c->product);
    free(c->sign);
    free(c);
}

eg_status eg_emt_cycles_find(const eg_matrix *phi, double tol, eg_emt_cycles **out, eg_error *err)
{
    if (!phi || !out)
        return eg_error_set(err, EG_EINVAL, "cycle analysis needs Φ and a result");
    if (phi->rows != phi->cols || phi->rows == 0)
        return eg_error_set(err, EG_EINVAL, "cycle analysis needs a non-empty square Φ, got %zu × %zu", phi->rows,
                            phi->cols);
    size_t n = phi->rows;
    if (tol <= 0.0)
        tol = EG_EMT_CYCLE_TOL;
    double mx = 0.0;
    for (size_t k = 0; k < n * n; k++)
        mx = fmax(mx, fabs(phi->data[k]));
    double cut = tol * mx;
    eg_emt_cycles *c = calloc(1, sizeof *c);
    unsigned char *state = calloc(n, 1);
    size_t *path_pos = malloc(n * sizeof *path_pos), *path = malloc(n * sizeof *path);
    if (!c || !state || !path_pos || !path)
        goto nomem;
    c->n = n;
    c->map = malloc(n * sizeof *c->map);
    c->value = malloc(n * sizeof *c->value);
    c->start = malloc((n + 1) * sizeof *c->start);
    c->members = malloc(n * sizeof *c->members);
    c->product = malloc(n * sizeof *c->product);
    c->sign = malloc(n * sizeof *c->sign);
    if (!c->map || !c->value || !c->start || !c->members || !c->product || !c->sign)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t j = 0; j < n; j++)
            if (fabs(phi->data[i * n + j]) > cut) {
                c->map[i] = j;
                c->value[i] = phi->data[i * n + j];
                count++;
            }
        if (count != 1) {
            free(state);
            free(path_pos);
            free(path);
            eg_emt_cycles_free(c);
            return eg_error_set(err, EG_EINVAL,
                                "row %zu of Φ has %zu non-zero entries (|Φ_ij| > %g); cycles need exactly one", i,
                                count, cut);
        }
    }
    /* Walk the functional graph i → map[i]; state 0 unseen, 1 on the current
     * walk, 2 finished. Meeting a node of the current walk closes a cycle. */
    size_t nc = 0, nm = 0;
    c->start[0] = 0;
    for (size_t i0 = 0; i0 < n; i0++) {
        if (state[i0])
            continue;
        size_t len = 0, v = i0;
        while (state[v] == 0) {
            state[v] = 1;
            path_pos[v] = len;
            path[len++] = v;
            v = c->map[v];
        }
        if (state[v] == 1) {
            double p = 1.0;
            for (size_t q = path_pos[v]; q < len; q++) {
                c->members[nm++] = path[q];
                p *= c->value[path[q]];
            }
            c->product[nc] = p;
            c->sign[nc] = p < 0.0 ? -1 : 1;
            c->start[++nc] = nm;
        }
        for (size_t q = 0; q < len; q++)
            state[path[q]] = 2;
    }
    c->ncycles = nc;
    c->on_cycles = nm;
    free(state);
    free(path_pos);
    free(path);
    *out = c;
    return EG_OK;
nomem:
    free(state);
    free(path_pos);
    free(path);
    eg_emt_cycles_free(c);
    return eg_error_set(err, EG_ENOMEM, "out of memory analysing the cycles of a %zu × %zu Φ", n, n);
}

eg_status eg_emt_cycles_spectrum(const eg_emt_cycles *c, eg_spectrum **out, eg_error *err)
{
    if (!c || !out)
        return eg_error_set(err, EG_EINVAL, "cycle spectrum needs cycles and a result");
    size_t n = c->n;
    double *re = calloc(n, sizeof *re), *im = calloc(n, sizeof *im);
    if (!re || !im) {
        free(re);
        free(im);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu eigenvalues", n);
    }
    size_t k = 0;
    for (size_t q = 0; q < c->ncycles; q++) {
        size_t L = c->start[q + 1] - c->start[q];
        double p = c->product[q];
        double r = pow(fabs(p), 1.0 / (double)L), a0 = p < 0.0 ? EMT_PI : 0.0;
        for (size_t m = 0; m < L; m++) {
            double a = (a0 + 2.0 * EMT_PI * (double)m) / (double)L;
            re[k] = r * cos(a);
            im[k] = r * sin(a);
            /* Exact zeros for real roots so ±1 do not carry rounding in im. */
            if (fabs(im[k]) < 1e-15 * r)
                im[k] = 0.0;
            k++;
        }
    }
    eg_status st = eg_spectrum_from_values(n, re, im, out, err);
    free(re);
    free(im);
    return st;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The arguments of the eigenvalues above the threshold, sorted; *count set. */
static double *sorted_arguments(const eg_spectrum *s, double threshold, size_t *count)
{
    double *a = malloc((s->n ? s->n : 1) * sizeof *a);
    if (!a)
        return NULL;
    size_t c = 0;
    for (size_t k = 0; k < s->n; k++)
        if (hypot(s->re[k], s->im[k]) > threshold)
            a[c++] = atan2(s->im[k] != 0.0 ? s->im[k] : 0.0, s->re[k]);
    qsort(a, c, sizeof *a, cmp_double);
    *count = c;
    return a;
}

eg_status eg_emt_angle_compare(const eg_spectrum *a, const eg_spectrum *b, double threshold,
                               eg_emt_angle_error *res, eg_error *err)
{
    if (!a || !b || !res)
        return eg_error_set(err, EG_EINVAL, "angle comparison needs two spectra and a result");
    if (threshold <= 0.0)
        threshold = EG_EMT_ANGLE_THRESHOLD;
    size_t ca = 0, cb = 0;
    double *aa = sorted_arguments(a, threshold, &ca), *ab = sorted_arguments(b, threshold, &cb);
    if (!aa || !ab) {
        free(aa);
        free(ab);
        return eg_error_set(err, EG_ENOMEM, "out of memory comparing spectra");
    }
    res->count_a = ca;
    res->count_b = cb;
    res->comparable = ca == cb && ca > 0;
    if (res->comparable) {
        /* Sorted order is only defined up to where the circle is cut: the
         * eigenvalues of a trained network near −1 straddle the cut at ±π
         * (a conjugate pair just below and above it) while the theory's −1
         * sits at +π, which would shift every pair by one place. So take the
         * sorted pairing up to a rotation: the cyclic shift of b that gives
         * the smallest total error. With no eigenvalue near the cut this is
         * the plain sorted pairing. */
        double best_sum = INFINITY, best_max = INFINITY;
        for (size_t shift = 0; shift < ca; shift++) {
            double sum = 0.0, mx = 0.0;
            for (size_t k = 0; k < ca && sum < best_sum; k++) {
                double d = fabs(remainder(aa[k] - ab[(k + shift) % ca], 2.0 * EMT_PI));
                sum += d;
                mx = fmax(mx, d);
            }
            if (sum < best_sum) {
                best_sum = sum;
                best_max = mx;
            }
        }
        res->mean_rad = best_sum / (double)ca;
        res->max_rad = best_max;
    } else {
        res->mean_rad = res->max_rad = INFINITY;
    }
    res->mean_deg = res->mean_rad * 180.0 / EMT_PI;
    res->max_deg = res->max_rad * 180.0 / EMT_PI;
    free(aa);
    free(ab);
    return EG_OK;
}
