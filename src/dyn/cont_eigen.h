/* cont_eigen.h: the rightmost eigenvalues of a continuation's Jacobian, for
 * large networks where all of them (LAPACK's dgeev, O(n³) at every point) cost
 * far more than the branch itself (docs/dynamics.md, "Continuation"). */
#ifndef ENGRAM_CONT_EIGEN_H
#define ENGRAM_CONT_EIGEN_H

#include <stddef.h>

#include "engram/status.h"

/* The workspace of one branch's partial spectra (n unknowns, k eigenvalues). */
typedef struct eg_cont_eig eg_cont_eig;

/* NULL when out of memory. */
eg_cont_eig *eg_cont_eig_new(size_t n, size_t k);
void eg_cont_eig_free(eg_cont_eig *e);

/* The k eigenvalues of J (n × n row-major) of largest real part into re, im
 * (n entries each; *count receives how many are set: k, or n where the whole
 * spectrum was computed), sorted by real part, largest first (of a pair, the one with
 * positive imaginary part first), and the counts of unstable (Re λ > tol) real
 * eigenvalues and of unstable complex ones in *ureal, *ucplx. By implicitly
 * restarted Arnoldi (ARPACK) on (J − σI)⁻¹ with σ just right of the previous
 * call's rightmost eigenvalue: its largest eigenvalues are J's nearest σ,
 * among which the rightmost. The whole spectrum (dgeev) instead at the first
 * call, when Arnoldi does not converge, and when even the k-th is unstable
 * (the counts need every unstable eigenvalue). */
eg_status eg_cont_eig_rightmost(eg_cont_eig *e, const double *J, double tol, double *re, double *im, size_t *count,
                                size_t *ureal, size_t *ucplx, eg_error *err);

/* Points at which the whole spectrum was computed instead (for the result). */
size_t eg_cont_eig_full_count(const eg_cont_eig *e);

/* What the partial spectra cost so far: Arnoldi's solves with the factors of
 * J − σI, and the seconds spent factoring J − σI (one per point). */
void eg_cont_eig_costs(const eg_cont_eig *e, size_t *solves, double *factor_seconds);

/* Sorts the eigenvalues re, im (n entries) by real part, largest first, of a
 * pair the one with positive imaginary part first. */
void eg_cont_eig_sort(double *re, double *im, size_t n);

#endif
