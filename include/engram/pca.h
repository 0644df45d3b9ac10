/* engram/pca.h: principal components of a cloud of states (one per row):
 * the eigenvectors of their sample covariance with the largest eigenvalues,
 * the axes in which a trajectory of many units is drawn in two dimensions. */
#ifndef ENGRAM_PCA_H
#define ENGRAM_PCA_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

typedef struct eg_pca {
    size_t n, k;
    double *mean;          /* n: the samples' mean */
    eg_matrix *components; /* n × k: column j the j-th direction, unit length, its entry of
                            * largest modulus positive (a sign fixed by the data alone) */
    double *variance;      /* k: the variance along each, by decreasing size */
    double total;          /* the total variance (the covariance's trace) */
} eg_pca;

void eg_pca_free(eg_pca *p);

/* The first k components of the rows of x (m samples × n, m ≥ 1; the
 * covariance divides by m − 1, or 1 for a single sample). EG_EINVAL when k
 * is 0 or above n, EG_ENUMERIC when LAPACK fails, EG_ENOMEM. */
eg_status eg_pca_fit(const eg_matrix *x, size_t k, eg_pca **out, eg_error *err);

/* The coordinates of the rows of x (r × n) in the components: (x − mean) C,
 * r × k. NULL when out of memory or when x is not n wide. */
eg_matrix *eg_pca_project(const eg_pca *p, const eg_matrix *x);

#endif
