/* pca.c: principal components from the sample covariance. The covariance
 * (n × n, from CBLAS's dsyrk on the centred samples) is small beside the
 * samples when there are many more states than units, so its top
 * eigenvectors (LAPACK's dsyevr, only those asked for) are cheaper than an
 * SVD of the samples and agree with it to rounding. */
#include "engram/pca.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

void eg_pca_free(eg_pca *p)
{
    if (!p)
        return;
    free(p->mean);
    eg_matrix_free(p->components);
    free(p->variance);
    free(p);
}

/* The samples minus their mean (m × n, fresh), the mean into mean. */
static double *centred(const eg_matrix *x, double *mean)
{
    size_t m = x->rows, n = x->cols;
    double *c = malloc(m * n * sizeof *c);
    if (!c)
        return NULL;
    memset(mean, 0, n * sizeof *mean);
    for (size_t r = 0; r < m; r++)
        for (size_t i = 0; i < n; i++)
            mean[i] += x->data[r * n + i];
    for (size_t i = 0; i < n; i++)
        mean[i] /= (double)m;
    for (size_t r = 0; r < m; r++)
        for (size_t i = 0; i < n; i++)
            c[r * n + i] = x->data[r * n + i] - mean[i];
    return c;
}

/* Flips column j of the n × k matrix v so that its entry of largest modulus
 * is positive: the same data give the same picture. */
static void fix_sign(double *v, size_t n, size_t k, size_t j)
{
    size_t big = 0;
    for (size_t i = 1; i < n; i++)
        if (fabs(v[i * k + j]) > fabs(v[big * k + j]))
            big = i;
    if (v[big * k + j] < 0)
        for (size_t i = 0; i < n; i++)
            v[i * k + j] = -v[i * k + j];
}

/* The top k eigenpairs of the symmetric cov (n × n, upper triangle; destroyed)
 * into p's variance and components, largest first. */
static eg_status top_eigenpairs(double *cov, size_t n, size_t k, eg_pca *p, eg_error *err)
{
    double *w = malloc(n * sizeof *w), *z = malloc(n * k * sizeof *z);
    lapack_int *support = malloc(2 * k * sizeof *support), found = 0;
    if (!w || !z || !support) {
        free(w), free(z), free(support);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu principal components of %zu units", k, n);
    }
    /* dsyevr returns eigenvalues il..iu in ascending order: the last k. */
    lapack_int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)n, cov, (lapack_int)n, 0, 0,
                                     (lapack_int)(n - k + 1), (lapack_int)n, 0, &found, w, z, (lapack_int)k, support);
    eg_status st = EG_OK;
    if (info != 0 || (size_t)found != k) {
        st = eg_error_set(err, EG_ENUMERIC, "LAPACKE_dsyevr failed on the samples' covariance (info %d)", (int)info);
    } else {
        for (size_t j = 0; j < k; j++) {
            size_t from = k - 1 - j;
            p->variance[j] = fmax(w[from], 0); /* rounding may leave a null direction slightly negative */
            for (size_t i = 0; i < n; i++)
                p->components->data[i * k + j] = z[i * k + from];
            fix_sign(p->components->data, n, k, j);
        }
    }
    free(w), free(z), free(support);
    return st;
}

eg_status eg_pca_fit(const eg_matrix *x, size_t k, eg_pca **out, eg_error *err)
{
    size_t m = x ? x->rows : 0, n = x ? x->cols : 0;
    if (m == 0 || n == 0)
        return eg_error_set(err, EG_EINVAL, "no samples to find principal components of");
    if (k == 0 || k > n)
        return eg_error_set(err, EG_EINVAL, "%zu principal components asked of %zu units: 1 to %zu", k, n, n);
    eg_pca *p = calloc(1, sizeof *p);
    double *c = NULL, *cov = NULL;
    if (p) {
        *p = (eg_pca){n, k, malloc(n * sizeof(double)), eg_matrix_alloc(n, k), malloc(k * sizeof(double)), 0};
        cov = malloc(n * n * sizeof *cov);
    }
    if (!p || !p->mean || !p->components || !p->variance || !cov || !(c = centred(x, p->mean))) {
        free(cov);
        eg_pca_free(p);
        return eg_error_set(err, EG_ENOMEM, "out of memory for the covariance of %zu samples of %zu units", m, n);
    }
    double scale = 1.0 / (double)(m > 1 ? m - 1 : 1);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)n, (int)m, scale, c, (int)n, 0.0, cov, (int)n);
    free(c);
    for (size_t i = 0; i < n; i++)
        p->total += cov[i * n + i];
    eg_status st = top_eigenpairs(cov, n, k, p, err);
    free(cov);
    if (st != EG_OK) {
        eg_pca_free(p);
        return st;
    }
    *out = p;
    return EG_OK;
}

eg_matrix *eg_pca_project(const eg_pca *p, const eg_matrix *x)
{
    if (x->cols != p->n)
        return NULL;
    size_t r = x->rows, n = p->n, k = p->k;
    eg_matrix *y = eg_matrix_alloc(r, k);
    if (!y)
        return NULL;
    for (size_t a = 0; a < r; a++)
        for (size_t j = 0; j < k; j++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += (x->data[a * n + i] - p->mean[i]) * p->components->data[i * k + j];
            y->data[a * k + j] = s;
        }
    return y;
}
