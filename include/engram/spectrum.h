/* engram/spectrum.h: eigenvalues, singular values and spectral summaries of dense matrices (LAPACKE). */
#ifndef ENGRAM_SPECTRUM_H
#define ENGRAM_SPECTRUM_H

#include <stdbool.h>
#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* Default symmetry tolerance: A is treated as symmetric when
 * max_ij |A_ij − A_ji| <= tol · max_ij |A_ij| (relative to the max norm).
 * 1e-12 accepts matrices symmetric up to rounding of a few products. */
#define EG_SPECTRUM_SYMMETRY_TOL 1e-12

/* Eigenvalues whose moduli differ by at most this much, relative to the largest
 * modulus (or absolutely when that is below 1), count as tied when sorting. */
#define EG_SPECTRUM_SORT_TOL 1e-9

/* Options of eg_spectrum_eigen; NULL means every default. */
typedef struct eg_spectrum_options {
    bool vectors;          /* compute eigenvectors too (default false) */
    double symmetry_tol;   /* relative symmetry tolerance (default EG_SPECTRUM_SYMMETRY_TOL);
                            * a negative value forces the general driver */
} eg_spectrum_options;

/* The defaults above, as a value to modify. */
eg_spectrum_options eg_spectrum_options_default(void);

/* The eigenvalues of an n × n matrix, sorted by decreasing modulus; eigenvalues
 * whose moduli tie (within EG_SPECTRUM_SORT_TOL) are ordered by increasing
 * argument in (−π, π]. A conjugate pair therefore appears as (θ<0, θ>0), and a
 * real −1 (argument π) comes after every other eigenvalue of modulus 1.
 * The struct owns every array and matrix it points to. */
typedef struct eg_spectrum {
    size_t n;
    double *re, *im;        /* n entries each: eigenvalue k is re[k] + i·im[k] */
    bool symmetric;         /* true when dsyevr was used (then im is all zero) */
    /* n × n, column k is the eigenvector of eigenvalue k (unit 2-norm,
     * real part in vec_re, imaginary part in vec_im); NULL unless requested. */
    eg_matrix *vec_re, *vec_im;
} eg_spectrum;

/* Eigen-decomposition of the square matrix a (not modified). Symmetric
 * matrices (per the tolerance) go through LAPACKE_dsyevr on the symmetrised
 * matrix (A+Aᵀ)/2, others through LAPACKE_dgeev. On success *out is a new
 * spectrum for the caller to free with eg_spectrum_free.
 * EG_EINVAL: not square or empty; EG_ENUMERIC: NaN/Inf entries or LAPACK failed. */
eg_status eg_spectrum_eigen(const eg_matrix *a, const eg_spectrum_options *opt, eg_spectrum **out,
                            eg_error *err);

/* Frees s and everything it owns; accepts NULL and half-built spectra. */
void eg_spectrum_free(eg_spectrum *s);

/* A spectrum from given eigenvalues (copied and sorted as above; no vectors),
 * e.g. a closed-form prediction to compare with. im may be NULL (all real). */
eg_status eg_spectrum_from_values(size_t n, const double *re, const double *im, eg_spectrum **out,
                                  eg_error *err);

/* Largest |λ| (0 for an empty spectrum). */
double eg_spectrum_radius(const eg_spectrum *s);

/* The number of eigenvalues with |λ| > threshold: the "rank" of EMT
 * (the authors count |λ| > 0.8). */
size_t eg_spectrum_count_above(const eg_spectrum *s, double threshold);

/* Singular value decomposition A = U diag(s) Vt of an m × n matrix, k = min(m, n),
 * through LAPACKE_dgesdd (thin). s is decreasing. Owns its arrays. */
typedef struct eg_svd {
    size_t k;
    double *s;       /* k singular values, decreasing */
    eg_matrix *u;    /* m × k, NULL unless vectors were requested */
    eg_matrix *vt;   /* k × n, NULL unless vectors were requested */
} eg_svd;

/* Computes the SVD of a (not modified); vectors selects U and Vt.
 * EG_EINVAL: empty; EG_ENUMERIC: NaN/Inf entries or LAPACK failed. */
eg_status eg_spectrum_svd(const eg_matrix *a, bool vectors, eg_svd **out, eg_error *err);

/* Frees an SVD; accepts NULL and half-built ones. */
void eg_svd_free(eg_svd *svd);

/* A one-call summary of a square matrix. */
typedef struct eg_spectrum_summary {
    double radius;      /* max |λ| */
    double condition;   /* σ_max/σ_min in the 2-norm; INFINITY when σ_min = 0 */
    double henrici;     /* Henrici's departure from normality, relative:
                         * sqrt(max(0, ‖A‖_F² − Σ|λ|²)) / ‖A‖_F (0 for a normal matrix) */
    double commutator;  /* ‖AAᵀ − AᵀA‖_F (absolute; 0 exactly when A is normal) */
    double frobenius;   /* ‖A‖_F */
    size_t count_above; /* number of |λ| > threshold */
} eg_spectrum_summary;

/* Fills *sum for the square matrix a; threshold is the modulus for
 * count_above. Computes its own eigenvalues and singular values. */
eg_status eg_spectrum_summarize(const eg_matrix *a, double threshold, eg_spectrum_summary *sum,
                                eg_error *err);

/* Pairs every eigenvalue of a (the smaller spectrum, a->n <= b->n) with a
 * distinct eigenvalue of b, greedily by distance in the complex plane: all
 * a×b pairs are sorted by |λ_a − λ_b| and taken shortest first whenever both
 * ends are still free. pair (a->n entries, may be NULL) receives the index in b
 * matched to each eigenvalue of a; *max_distance the largest matched distance.
 * EG_EINVAL when a->n > b->n; EG_ENOMEM. */
eg_status eg_spectrum_match(const eg_spectrum *a, const eg_spectrum *b, size_t *pair,
                            double *max_distance, eg_error *err);

/* Spectrum of a Hebbian matrix W = ΞᵀΞ/D for the patterns Ξ (N × D, one pattern
 * per row; Hopfield 1982, the outer-product rule) without forming W when N < D:
 * the non-zero eigenvalues of ΞᵀΞ/D equal those of the N × N Gram matrix ΞΞᵀ/D,
 * and the remaining D − N are 0. When N >= D the D × D matrix is used directly.
 * zero_diagonal selects W0 = W − diag(W); the shortcut needs a constant
 * diagonal c (for ±1 patterns c = N/D), so W0 = W − cI and every eigenvalue
 * shifts by −c (the D − N zeros become −c). A diagonal that is not constant to
 * 1e-12 relative gives EG_EINVAL. Returns D real eigenvalues, sorted as above
 * (decreasing modulus), without vectors. */
eg_status eg_spectrum_hebbian(const eg_matrix *xi, bool zero_diagonal, eg_spectrum **out,
                              eg_error *err);

#endif
