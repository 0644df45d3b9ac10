/* lyap_qr.c: what the Lyapunov methods share (lyap_qr.h): the QR step, by
 * LAPACKE's dgeqrf, then dorgqr for Q, and the result's order. A negative
 * R_ii only flips a tangent vector's sign, which the modulus ignores. */
#include "dyn/lyap_qr.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

int eg_lyap_qr_alloc(eg_lyap_qr *w, size_t n, size_t k, double *a)
{
    double qa = 0, qb = 0;
    lapack_int N = (lapack_int)n, K = (lapack_int)k;
    *w = (eg_lyap_qr){n, k, malloc(k * sizeof(double)), NULL, 0};
    if (!w->tau || LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, N, K, a, N, w->tau, &qa, -1) != 0 ||
        LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, N, K, K, a, N, w->tau, &qb, -1) != 0)
        return 0;
    w->lwork = (long)fmax(fmax(qa, qb), 1.0);
    w->work = malloc((size_t)w->lwork * sizeof *w->work);
    return w->work != NULL;
}

void eg_lyap_qr_free(eg_lyap_qr *w)
{
    free(w->tau);
    free(w->work);
    w->tau = w->work = NULL;
}

int eg_lyap_qr_step(eg_lyap_qr *w, double *a, double *acc, double *lo, double *hi)
{
    lapack_int N = (lapack_int)w->n, K = (lapack_int)w->k, L = (lapack_int)w->lwork;
    if (LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, N, K, a, N, w->tau, w->work, L) != 0)
        return 0;
    double l_lo = INFINITY, l_hi = -INFINITY;
    for (size_t i = 0; i < w->k; i++) {
        double r = fabs(a[i * w->n + i]);
        if (!(r > 0) || !isfinite(r))
            return 0;
        double l = log(r);
        l_lo = fmin(l_lo, l), l_hi = fmax(l_hi, l);
        if (acc)
            acc[i] += l;
    }
    if (lo)
        *lo = l_lo;
    if (hi)
        *hi = l_hi;
    return LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, N, K, K, a, N, w->tau, w->work, L) == 0;
}

void eg_lyap_sort_decreasing(eg_lyap_result *r)
{
    size_t k = r->k, rows = r->history ? r->history->rows : 0;
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && r->exponents[b - 1] < r->exponents[b]; b--) {
            double t = r->exponents[b];
            r->exponents[b] = r->exponents[b - 1];
            r->exponents[b - 1] = t;
            for (size_t row = 0; row < rows; row++) {
                double *h = r->history->data + row * (k + 1) + 1;
                t = h[b];
                h[b] = h[b - 1];
                h[b - 1] = t;
            }
        }
}
