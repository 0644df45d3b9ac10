/* spectrum.c: eigenvalues (dsyevr/dgeev), singular values (dgesdd), spectral summaries and matching. */
#include "engram/spectrum.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

eg_spectrum_options eg_spectrum_options_default(void)
{
    eg_spectrum_options o = {.vectors = false, .symmetry_tol = EG_SPECTRUM_SYMMETRY_TOL};
    return o;
}

void eg_spectrum_free(eg_spectrum *s)
{
    if (!s)
        return;
    free(s->re);
    free(s->im);
    eg_matrix_free(s->vec_re);
    eg_matrix_free(s->vec_im);
    free(s);
}

void eg_svd_free(eg_svd *svd)
{
    if (!svd)
        return;
    free(svd->s);
    eg_matrix_free(svd->u);
    eg_matrix_free(svd->vt);
    free(svd);
}

static bool all_finite(const eg_matrix *a)
{
    size_t n = a->rows * a->cols;
    for (size_t k = 0; k < n; k++)
        if (!isfinite(a->data[k]))
            return false;
    return true;
}

static double max_abs(const eg_matrix *a)
{
    double m = 0.0;
    size_t n = a->rows * a->cols;
    for (size_t k = 0; k < n; k++)
        if (fabs(a->data[k]) > m)
            m = fabs(a->data[k]);
    return m;
}

/* One eigenvalue's sort keys and where it came from. */
typedef struct sort_item {
    double mod, ang;
    size_t idx;
} sort_item;

static int by_modulus_desc(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->mod != b->mod)
        return a->mod > b->mod ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static int by_angle_asc(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->ang != b->ang)
        return a->ang < b->ang ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* The order documented in the header: decreasing modulus, ties (within
 * EG_SPECTRUM_SORT_TOL of the first of a run) by increasing argument. Sorting
 * exactly by modulus first and then re-sorting runs keeps the order a strict
 * one, which a tolerant comparator alone would not be. */
static void spectrum_order(size_t n, const double *re, const double *im, sort_item *items)
{
    for (size_t k = 0; k < n; k++) {
        items[k].mod = hypot(re[k], im[k]);
        items[k].ang = atan2(im[k], re[k]);
        items[k].idx = k;
    }
    qsort(items, n, sizeof *items, by_modulus_desc);
    double scale = n > 0 && items[0].mod > 1.0 ? items[0].mod : 1.0;
    double tol = EG_SPECTRUM_SORT_TOL * scale;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && items[i].mod - items[j].mod <= tol)
            j++;
        qsort(items + i, j - i, sizeof *items, by_angle_asc);
        i = j;
    }
}

/* Builds a sorted spectrum from raw (re, im) and optional raw eigenvector
 * matrices (n × n, column k for eigenvalue k), which it permutes. Takes
 * nothing over: the raw arrays stay the caller's. */
static eg_status spectrum_build(size_t n, const double *re, const double *im, const double *vr,
                                const double *vi, eg_spectrum **out, eg_error *err)
{
    eg_spectrum *s = calloc(1, sizeof *s);
    sort_item *items = malloc((n ? n : 1) * sizeof *items);
    if (!s || !items)
        goto nomem;
    s->n = n;
    s->re = malloc((n ? n : 1) * sizeof *s->re);
    s->im = malloc((n ? n : 1) * sizeof *s->im);
    if (!s->re || !s->im)
        goto nomem;
    /* Negative zero would put a real negative eigenvalue at −π instead of π. */
    double *imc = calloc(n ? n : 1, sizeof *imc);
    if (!imc)
        goto nomem;
    for (size_t k = 0; k < n; k++)
        imc[k] = im && im[k] != 0.0 ? im[k] : 0.0;
    spectrum_order(n, re, imc, items);
    for (size_t k = 0; k < n; k++) {
        s->re[k] = re[items[k].idx];
        s->im[k] = imc[items[k].idx];
    }
    free(imc);
    if (vr) {
        s->vec_re = eg_matrix_alloc(n, n);
        s->vec_im = eg_matrix_alloc(n, n);
        if (!s->vec_re || !s->vec_im)
            goto nomem;
        for (size_t k = 0; k < n; k++) {
            size_t src = items[k].idx;
            for (size_t i = 0; i < n; i++) {
                s->vec_re->data[i * n + k] = vr[i * n + src];
                s->vec_im->data[i * n + k] = vi ? vi[i * n + src] : 0.0;
            }
        }
    }
    free(items);
    *out = s;
    return EG_OK;
nomem:
    free(items);
    eg_spectrum_free(s);
    return eg_error_set(err, EG_ENOMEM, "out of memory for a spectrum of size %zu", n);
}

eg_status eg_spectrum_from_values(size_t n, const double *re, const double *im, eg_spectrum **out,
                                  eg_error *err)
{
    if (n > 0 && !re)
        return eg_error_set(err, EG_EINVAL, "eigenvalues missing");
    return spectrum_build(n, re, im, NULL, NULL, out, err);
}

static eg_status eigen_symmetric(const eg_matrix *a, bool vectors, eg_spectrum **out, eg_error *err)
{
    size_t n = a->rows;
    eg_status st = EG_OK;
    double *w = malloc(n * sizeof *w), *z = NULL, *sym = malloc(n * n * sizeof *sym);
    lapack_int *isuppz = malloc(2 * n * sizeof *isuppz);
    if (vectors)
        z = malloc(n * n * sizeof *z);
    if (!w || !sym || !isuppz || (vectors && !z)) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for the eigenproblem of a %zu × %zu matrix", n, n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            sym[i * n + j] = 0.5 * (a->data[i * n + j] + a->data[j * n + i]);
    lapack_int m = 0;
    /* sym is exactly symmetric, so its row-major array is also its
     * column-major one: without vectors (whose layout would change) passing
     * it as such spares LAPACKE's transposed copy. */
    int layout = vectors ? LAPACK_ROW_MAJOR : LAPACK_COL_MAJOR;
    lapack_int info = LAPACKE_dsyevr(layout, vectors ? 'V' : 'N', 'A', 'U', (lapack_int)n, sym,
                                     (lapack_int)n, 0.0, 0.0, 0, 0, 0.0, &m, w, vectors ? z : sym,
                                     (lapack_int)n, isuppz);
    if (info != 0 || (size_t)m != n) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dsyevr failed (info %d, %d of %zu eigenvalues)",
                          (int)info, (int)m, n);
        goto done;
    }
    st = spectrum_build(n, w, NULL, z, NULL, out, err);
    if (st == EG_OK)
        (*out)->symmetric = true;
done:
    free(w);
    free(z);
    free(sym);
    free(isuppz);
    return st;
}

static eg_status eigen_general(const eg_matrix *a, bool vectors, eg_spectrum **out, eg_error *err)
{
    size_t n = a->rows;
    eg_status st = EG_OK;
    double *work = malloc(n * n * sizeof *work), *wr = malloc(n * sizeof *wr), *wi = malloc(n * sizeof *wi);
    double *vr = NULL, *vre = NULL, *vim = NULL;
    if (vectors) {
        vr = malloc(n * n * sizeof *vr);
        vre = malloc(n * n * sizeof *vre);
        vim = malloc(n * n * sizeof *vim);
    }
    if (!work || !wr || !wi || (vectors && (!vr || !vre || !vim))) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for the eigenproblem of a %zu × %zu matrix", n, n);
        goto done;
    }
    memcpy(work, a->data, n * n * sizeof *work);
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', vectors ? 'V' : 'N', (lapack_int)n, work,
                                    (lapack_int)n, wr, wi, NULL, (lapack_int)n, vr, (lapack_int)n);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgeev failed (info %d)", (int)info);
        goto done;
    }
    if (vectors) {
        /* dgeev stores a conjugate pair (wi[j] > 0, wi[j+1] < 0) as two real
         * columns: v_j = vr[:,j] + i·vr[:,j+1], v_{j+1} its conjugate. */
        for (size_t j = 0; j < n; j++) {
            if (wi[j] == 0.0) {
                for (size_t i = 0; i < n; i++) {
                    vre[i * n + j] = vr[i * n + j];
                    vim[i * n + j] = 0.0;
                }
            } else if (j + 1 < n) {
                for (size_t i = 0; i < n; i++) {
                    double x = vr[i * n + j], y = vr[i * n + j + 1];
                    vre[i * n + j] = x;
                    vim[i * n + j] = y;
                    vre[i * n + j + 1] = x;
                    vim[i * n + j + 1] = -y;
                }
                j++;
            }
        }
    }
    st = spectrum_build(n, wr, wi, vre, vim, out, err);
done:
    free(work);
    free(wr);
    free(wi);
    free(vr);
    free(vre);
    free(vim);
    return st;
}

eg_status eg_spectrum_eigen(const eg_matrix *a, const eg_spectrum_options *opt, eg_spectrum **out,
                            eg_error *err)
{
    eg_spectrum_options o = opt ? *opt : eg_spectrum_options_default();
    if (!a || !out)
        return eg_error_set(err, EG_EINVAL, "eigen-decomposition needs a matrix and a result");
    if (a->rows != a->cols || a->rows == 0)
        return eg_error_set(err, EG_EINVAL, "eigenvalues need a non-empty square matrix, got %zu × %zu",
                            a->rows, a->cols);
    if (a->rows > (size_t)INT32_MAX / a->rows)
        return eg_error_set(err, EG_EINVAL, "matrix of order %zu is too large for LAPACK", a->rows);
    if (!all_finite(a))
        return eg_error_set(err, EG_ENUMERIC, "matrix has NaN or infinite entries");
    size_t n = a->rows;
    bool symmetric = false;
    if (o.symmetry_tol >= 0.0) {
        /* The first pair beyond the tolerance settles it: a general matrix
         * costs one strided look rather than a pass over the whole triangle. */
        double limit = o.symmetry_tol * max_abs(a);
        symmetric = true;
        for (size_t i = 0; i < n && symmetric; i++)
            for (size_t j = i + 1; j < n; j++)
                if (fabs(a->data[i * n + j] - a->data[j * n + i]) > limit) {
                    symmetric = false;
                    break;
                }
    }
    return symmetric ? eigen_symmetric(a, o.vectors, out, err) : eigen_general(a, o.vectors, out, err);
}

double eg_spectrum_radius(const eg_spectrum *s)
{
    double r = 0.0;
    for (size_t k = 0; k < s->n; k++) {
        double m = hypot(s->re[k], s->im[k]);
        if (m > r)
            r = m;
    }
    return r;
}

size_t eg_spectrum_count_above(const eg_spectrum *s, double threshold)
{
    size_t c = 0;
    for (size_t k = 0; k < s->n; k++)
        if (hypot(s->re[k], s->im[k]) > threshold)
            c++;
    return c;
}

eg_status eg_spectrum_svd(const eg_matrix *a, bool vectors, eg_svd **out, eg_error *err)
{
    if (!a || !out)
        return eg_error_set(err, EG_EINVAL, "SVD needs a matrix and a result");
    size_t m = a->rows, n = a->cols;
    if (m == 0 || n == 0)
        return eg_error_set(err, EG_EINVAL, "SVD of an empty %zu × %zu matrix", m, n);
    if (m > (size_t)INT32_MAX / n)
        return eg_error_set(err, EG_EINVAL, "matrix %zu × %zu is too large for LAPACK", m, n);
    if (!all_finite(a))
        return eg_error_set(err, EG_ENUMERIC, "matrix has NaN or infinite entries");
    size_t k = m < n ? m : n;
    eg_status st = EG_OK;
    eg_svd *svd = calloc(1, sizeof *svd);
    double *work = malloc(m * n * sizeof *work);
    double dummy_u[1], dummy_vt[1];
    if (!svd || !work)
        goto nomem;
    svd->k = k;
    svd->s = malloc(k * sizeof *svd->s);
    if (!svd->s)
        goto nomem;
    if (vectors) {
        svd->u = eg_matrix_alloc(m, k);
        svd->vt = eg_matrix_alloc(k, n);
        if (!svd->u || !svd->vt)
            goto nomem;
    }
    memcpy(work, a->data, m * n * sizeof *work);
    lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, vectors ? 'S' : 'N', (lapack_int)m, (lapack_int)n,
                                     work, (lapack_int)n, svd->s, vectors ? svd->u->data : dummy_u,
                                     (lapack_int)k, vectors ? svd->vt->data : dummy_vt, (lapack_int)n);
    if (info != 0) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dgesdd failed (info %d)", (int)info);
        goto fail;
    }
    free(work);
    *out = svd;
    return EG_OK;
nomem:
    st = eg_error_set(err, EG_ENOMEM, "out of memory for the SVD of a %zu × %zu matrix", m, n);
fail:
    free(work);
    eg_svd_free(svd);
    return st;
}

eg_status eg_spectrum_summarize(const eg_matrix *a, double threshold, eg_spectrum_summary *sum,
                                eg_error *err)
{
    if (!a || !sum)
        return eg_error_set(err, EG_EINVAL, "summary needs a matrix and a result");
    eg_spectrum *sp = NULL;
    eg_svd *svd = NULL;
    eg_status st = eg_spectrum_eigen(a, NULL, &sp, err);
    if (st != EG_OK)
        return st;
    st = eg_spectrum_svd(a, false, &svd, err);
    if (st != EG_OK) {
        eg_spectrum_free(sp);
        return st;
    }
    size_t n = a->rows;
    double *aat = malloc(n * n * sizeof *aat), *ata = malloc(n * n * sizeof *ata);
    if (!aat || !ata) {
        free(aat);
        free(ata);
        eg_spectrum_free(sp);
        eg_svd_free(svd);
        return eg_error_set(err, EG_ENOMEM, "out of memory for the commutator of a %zu × %zu matrix", n, n);
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)n, 1.0, a->data, (int)n,
                a->data, (int)n, 0.0, aat, (int)n);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a->data, (int)n,
                a->data, (int)n, 0.0, ata, (int)n);
    double comm = 0.0, fro2 = 0.0, lam2 = 0.0;
    for (size_t k = 0; k < n * n; k++) {
        double d = aat[k] - ata[k];
        comm += d * d;
        fro2 += a->data[k] * a->data[k];
    }
    for (size_t k = 0; k < n; k++)
        lam2 += sp->re[k] * sp->re[k] + sp->im[k] * sp->im[k];
    sum->radius = eg_spectrum_radius(sp);
    /* Numerically singular (same cutoff as a rank-revealing pseudo-inverse):
     * report the exact answer, infinity, rather than a rounding-noise ratio. */
    double smax = svd->s[0], smin = svd->s[svd->k - 1];
    sum->condition = smin <= (double)n * DBL_EPSILON * smax ? INFINITY : smax / smin;
    sum->frobenius = sqrt(fro2);
    /* Henrici (1962): dep(A)² = ‖A‖_F² − Σ|λ_i|², zero exactly for normal A. */
    sum->henrici = fro2 > 0.0 ? sqrt(fmax(0.0, fro2 - lam2)) / sqrt(fro2) : 0.0;
    sum->commutator = sqrt(comm);
    sum->count_above = eg_spectrum_count_above(sp, threshold);
    free(aat);
    free(ata);
    eg_spectrum_free(sp);
    eg_svd_free(svd);
    return EG_OK;
}

/* A candidate pair for greedy matching. */
typedef struct match_item {
    double dist;
    size_t i, j;
} match_item;

static int by_distance(const void *pa, const void *pb)
{
    const match_item *a = pa, *b = pb;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

eg_status eg_spectrum_match(const eg_spectrum *a, const eg_spectrum *b, size_t *pair,
                            double *max_distance, eg_error *err)
{
    if (!a || !b)
        return eg_error_set(err, EG_EINVAL, "matching needs two spectra");
    if (a->n > b->n)
        return eg_error_set(err, EG_EINVAL, "cannot match %zu eigenvalues into %zu", a->n, b->n);
    size_t na = a->n, nb = b->n;
    if (na > 0 && nb > SIZE_MAX / sizeof(match_item) / na)
        return eg_error_set(err, EG_ENOMEM, "too many eigenvalue pairs (%zu × %zu)", na, nb);
    match_item *items = malloc((na > 0 && nb > 0 ? na * nb : 1) * sizeof *items);
    bool *used_a = calloc(na ? na : 1, 1), *used_b = calloc(nb ? nb : 1, 1);
    if (!items || !used_a || !used_b) {
        free(items);
        free(used_a);
        free(used_b);
        return eg_error_set(err, EG_ENOMEM, "out of memory matching %zu with %zu eigenvalues", na, nb);
    }
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            items[i * nb + j] = (match_item){hypot(a->re[i] - b->re[j], a->im[i] - b->im[j]), i, j};
    qsort(items, na * nb, sizeof *items, by_distance);
    double worst = 0.0;
    size_t matched = 0;
    for (size_t k = 0; k < na * nb && matched < na; k++) {
        if (used_a[items[k].i] || used_b[items[k].j])
            continue;
        used_a[items[k].i] = used_b[items[k].j] = true;
        if (pair)
            pair[items[k].i] = items[k].j;
        if (items[k].dist > worst)
            worst = items[k].dist;
        matched++;
    }
    if (max_distance)
        *max_distance = worst;
    free(items);
    free(used_a);
    free(used_b);
    return EG_OK;
}

eg_status eg_spectrum_hebbian(const eg_matrix *xi, bool zero_diagonal, eg_spectrum **out, eg_error *err)
{
    if (!xi || !out)
        return eg_error_set(err, EG_EINVAL, "Hebbian spectrum needs patterns and a result");
    size_t N = xi->rows, D = xi->cols;
    if (N == 0 || D == 0)
        return eg_error_set(err, EG_EINVAL, "Hebbian spectrum of %zu patterns of width %zu", N, D);
    if (!all_finite(xi))
        return eg_error_set(err, EG_ENUMERIC, "patterns have NaN or infinite entries");
    bool gram = N < D;
    size_t m = gram ? N : D;
    eg_matrix *g = eg_matrix_alloc(m, m);
    double *vals = malloc(D * sizeof *vals);
    if (!g || !vals) {
        eg_matrix_free(g);
        free(vals);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu Gram matrix", m, m);
    }
    double inv = 1.0 / (double)D;
    if (gram) /* ΞΞᵀ/D: N × N */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)N, (int)D, inv, xi->data, (int)D,
                    xi->data, (int)D, 0.0, g->data, (int)N);
    else /* ΞᵀΞ/D: D × D */
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)D, (int)N, inv, xi->data, (int)D,
                    xi->data, (int)D, 0.0, g->data, (int)D);
    double shift = 0.0;
    if (zero_diagonal) {
        if (gram) {
            /* diag(W)_j = Σ_μ ξ_μj²/D must be one constant c for W0 = W − cI. */
            double c = 0.0;
            for (size_t mu = 0; mu < N; mu++)
                c += xi->data[mu * D] * xi->data[mu * D];
            c *= inv;
            for (size_t j = 1; j < D; j++) {
                double dj = 0.0;
                for (size_t mu = 0; mu < N; mu++)
                    dj += xi->data[mu * D + j] * xi->data[mu * D + j];
                dj *= inv;
                if (fabs(dj - c) > 1e-12 * fmax(fabs(c), DBL_MIN)) {
                    eg_matrix_free(g);
                    free(vals);
                    return eg_error_set(err, EG_EINVAL,
                                        "zero-diagonal Gram shortcut needs a constant diagonal: "
                                        "W_00 = %g but W_%zu%zu = %g",
                                        c, j, j, dj);
                }
            }
            shift = -c;
        } else {
            for (size_t j = 0; j < D; j++)
                g->data[j * D + j] = 0.0;
        }
    }
    eg_spectrum *sp = NULL;
    eg_spectrum_options o = eg_spectrum_options_default();
    o.symmetry_tol = 1.0; /* symmetric by construction; use dsyevr */
    eg_status st = eg_spectrum_eigen(g, &o, &sp, err);
    eg_matrix_free(g);
    if (st != EG_OK) {
        free(vals);
        return st;
    }
    for (size_t k = 0; k < m; k++)
        vals[k] = sp->re[k] + shift;
    for (size_t k = m; k < D; k++)
        vals[k] = shift; /* the D − N eigenvalues of W on the null space of Ξ */
    eg_spectrum_free(sp);
    st = eg_spectrum_from_values(D, vals, NULL, out, err);
    free(vals);
    if (st == EG_OK)
        (*out)->symmetric = true;
    return st;
}
