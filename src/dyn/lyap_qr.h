/* lyap_qr.h: what both Lyapunov methods share (the discrete map's Benettin
 * steps and the flow's variational intervals): the re-orthonormalisation of
 * the k tangent vectors (factored Q R, log|R_ii| summed, Q kept) and the
 * order of the exponents in the result. */
#ifndef ENGRAM_DYN_LYAP_QR_H
#define ENGRAM_DYN_LYAP_QR_H

#include <stddef.h>

#include "engram/lyapunov.h"

typedef struct eg_lyap_qr {
    size_t n, k;
    double *tau, *work;
    long lwork;
} eg_lyap_qr;

/* LAPACK's workspace for n × k vectors (a: any n × k column-major array,
 * read only for the size query). 0 when out of memory. */
int eg_lyap_qr_alloc(eg_lyap_qr *w, size_t n, size_t k, double *a);
void eg_lyap_qr_free(eg_lyap_qr *w);

/* a (n × k, column-major) ← Q of a = QR; log|R_ii| added to acc (NULL: not
 * summed); the smallest and largest log|R_ii| in *lo, *hi (NULL: not asked).
 * 0 when R is singular or not finite. */
int eg_lyap_qr_step(eg_lyap_qr *w, double *a, double *acc, double *lo, double *hi);

/* QR keeps the order in which the exponents emerge, which is almost always
 * decreasing; sorting makes it certain, and the running estimates' columns
 * (r->history) follow the same order so that a column is one exponent
 * throughout. */
void eg_lyap_sort_decreasing(eg_lyap_result *r);

#endif
