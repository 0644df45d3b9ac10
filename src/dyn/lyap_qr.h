/* lyap_qr.h: the re-orthonormalisation both Lyapunov methods share (the
 * discrete map's Benettin steps and the flow's variational intervals): the k
 * tangent vectors factored Q R, log|R_ii| summed, Q kept. */
#ifndef ENGRAM_DYN_LYAP_QR_H
#define ENGRAM_DYN_LYAP_QR_H

#include <stddef.h>

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

#endif
