/* lyapunov.c: Benettin's QR method for the k largest Lyapunov exponents of a
 * discrete map. Per step: h ← F_t(h), Z = J_t Q (CBLAS dgemm), Z = QR
 * (dyn/lyap_qr.c), every step or every few (below); log|R_ii| adds to
 * exponent i. */
#include "engram/lyapunov.h"

#include "dyn/lyap_qr.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void eg_lyap_result_free(eg_lyap_result *r)
{
    if (!r)
        return;
    free(r->exponents);
    eg_matrix_free(r->history);
    free(r->final_state);
    free(r);
}

/* The tangent vectors are kept column-major (n × k, leading dimension n), as
 * LAPACK factors them, so no call transposes. Between factorisations they are
 * only multiplied by the Jacobians: the R of one QR of J_m ⋯ J_1 Q has the
 * product of the m steps' R diagonals on its diagonal, so factoring every m
 * steps sums the same logarithms at a fraction of the cost, as long as the
 * product's columns stay well apart (span_limit below). */
typedef struct tangent {
    size_t n, k;
    double *h, *next, *jac, *q, *z;
    eg_lyap_qr qr;
    size_t pending;   /* steps multiplied in since the last factorisation */
    size_t block;     /* steps to multiply before the next one */
} tangent;

/* The largest spread, in natural log, between the first and the last R_ii of
 * one factorisation: the product's condition stays below e^9 ≈ 8000, where
 * Householder QR loses at most about 4 of 16 digits of the smallest R_ii. */
static const double span_limit = 9.0;
/* Steps between factorisations at most (and the first guess is 1). */
static const size_t block_max = 16;

static void tangent_free(tangent *t)
{
    free(t->h);
    free(t->next);
    free(t->jac);
    free(t->q);
    free(t->z);
    eg_lyap_qr_free(&t->qr);
}

static int tangent_alloc(tangent *t, size_t n, size_t k, const double *h0)
{
    *t = (tangent){n,
                   k,
                   malloc(n * sizeof(double)),
                   malloc(n * sizeof(double)),
                   malloc(n * n * sizeof(double)),
                   calloc(n * k, sizeof(double)),
                   malloc(n * k * sizeof(double)),
                   {0, 0, NULL, NULL, 0},
                   0,
                   1};
    if (!t->h || !t->next || !t->jac || !t->q || !t->z || !eg_lyap_qr_alloc(&t->qr, n, k, t->q))
        return 0;
    memcpy(t->h, h0, n * sizeof *h0);
    for (size_t i = 0; i < k; i++) /* Q = the first k columns of I */
        t->q[i * n + i] = 1;
    return 1;
}

/* Factors the carried vectors Q R, adds log|R_ii| to acc (NULL: the
 * transient) and sets the next block length from R's spread; returns 0 when
 * R is singular or not finite. */
static int factor(tangent *t, double *acc)
{
    double lo, hi;
    if (!eg_lyap_qr_step(&t->qr, t->q, acc, &lo, &hi))
        return 0;
    /* The spread grows about linearly with the steps in a block. */
    double per_step = (hi - lo) / (double)t->pending;
    size_t next = per_step > 0 ? (size_t)(span_limit / per_step) : block_max;
    t->block = next < 1 ? 1 : next > block_max ? block_max : next;
    t->pending = 0;
    return 1;
}

/* One step: h ← F_t(h), the vectors multiplied by J_t; a factorisation when
 * the block is full or `boundary` asks for one (a record, the end of the
 * transient, the last step). Returns 0 when something stopped being finite. */
static int advance(const eg_lyap_map *m, tangent *t, size_t step, double *acc, int boundary)
{
    size_t n = t->n, k = t->k;
    m->step(m->ctx, step, t->h, t->next, t->jac);
    memcpy(t->h, t->next, n * sizeof *t->h);
    /* Z = J Q: J is row-major, which column-major reads as Jᵀ. */
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)n, (int)k, (int)n, 1.0, t->jac, (int)n, t->q, (int)n,
                0.0, t->z, (int)n);
    double *swap = t->q;
    t->q = t->z, t->z = swap;
    t->pending++;
    if ((boundary || t->pending >= t->block) && !factor(t, acc))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t->h[i]))
            return 0;
    return 1;
}

/* Records the running estimates after `done` averaged steps in the next row. */
static void record(eg_lyap_result *r, size_t *row, size_t done)
{
    double *h = r->history->data + (*row)++ * (r->k + 1);
    h[0] = (double)done;
    for (size_t i = 0; i < r->k; i++)
        h[1 + i] = r->exponents[i] / (double)done;
}

eg_status eg_lyapunov_map(const eg_lyap_map *map, const double *h0, const eg_lyap_opts *o, eg_lyap_result **out,
                          eg_error *err)
{
    size_t n = map->n, k = o->k;
    if (k < 1 || k > n)
        return eg_error_set(err, EG_EINVAL, "%zu exponents asked of a map of %zu units: 1 to %zu", k, n, n);
    if (o->steps == 0)
        return eg_error_set(err, EG_EINVAL, "no steps to average over");
    /* Every `every` steps, and the last step too: the last row is the result. */
    size_t records = o->every ? (o->steps + o->every - 1) / o->every : 0;
    tangent t;
    eg_lyap_result *r = calloc(1, sizeof *r);
    int ok = tangent_alloc(&t, n, k, h0) && r;
    if (r) {
        r->k = k;
        r->exponents = calloc(k, sizeof *r->exponents);
        r->history = records ? eg_matrix_alloc(records, k + 1) : NULL;
        r->final_state = malloc(n * sizeof *r->final_state);
        ok = ok && r->exponents && r->final_state && (!records || r->history);
    }
    if (!ok) {
        tangent_free(&t);
        eg_lyap_result_free(r);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu tangent vectors of %zu units", k, n);
    }
    eg_status st = EG_OK;
    size_t total = o->transient + o->steps, row = 0;
    for (size_t s = 0; s < total && st == EG_OK; s++) {
        int averaged = s >= o->transient;
        size_t done = s + 1 - o->transient;
        /* The logs are summed at factorisations only: one closes the
         * transient, every record and the last step. */
        int boundary = s + 1 == o->transient || s + 1 == total || (averaged && o->every && done % o->every == 0);
        if (!advance(map, &t, s, averaged ? r->exponents : NULL, boundary)) {
            st = eg_error_set(err, EG_ENUMERIC, "the state or its tangent vectors stopped being finite at step %zu", s);
            break;
        }
        if (averaged && o->every && (done % o->every == 0 || done == o->steps) && row < records)
            record(r, &row, done);
    }
    if (st == EG_OK) {
        for (size_t i = 0; i < k; i++)
            r->exponents[i] /= (double)o->steps;
        eg_lyap_sort_decreasing(r);
        memcpy(r->final_state, t.h, n * sizeof *t.h);
    }
    tangent_free(&t);
    if (st != EG_OK) {
        eg_lyap_result_free(r);
        return st;
    }
    *out = r;
    return EG_OK;
}
