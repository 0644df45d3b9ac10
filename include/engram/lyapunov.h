/* engram/lyapunov.h: Lyapunov exponents of a discrete map along a trajectory,
 * by Benettin's method: k orthonormal tangent vectors are carried by the
 * Jacobian at every step and re-orthonormalised by a QR factorisation; the
 * logarithms of R's diagonal, averaged over the steps, converge to the k
 * largest exponents (Benettin, Galgani, Giorgilli & Strelcyn 1980; Shimada &
 * Nagashima 1979). */
#ifndef ENGRAM_LYAPUNOV_H
#define ENGRAM_LYAPUNOV_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* A map that may depend on the step (a driven network): next = F_t(h) and
 * ∂F_t/∂h (n × n, row-major). */
typedef struct eg_lyap_map {
    size_t n;
    void (*step)(const void *ctx, size_t t, const double *h, double *next, double *jac);
    const void *ctx;
} eg_lyap_map;

typedef struct eg_lyap_opts {
    size_t k;         /* exponents wanted, 1 … n */
    size_t steps;     /* steps averaged over */
    size_t transient; /* steps run first, not averaged (the tangent vectors align meanwhile) */
    size_t every;     /* record the running estimates every this many steps and after the last
                       * (0: not at all) */
} eg_lyap_opts;

typedef struct eg_lyap_result {
    size_t k;
    double *exponents;   /* k, in decreasing order, per step (natural log) */
    eg_matrix *history;  /* the running estimates: one row per record, column 0 the step, then k in
                          * the order of exponents; the last row, after the last step, is exponents */
    double *final_state; /* n: h after the transient and the steps */
} eg_lyap_result;

void eg_lyap_result_free(eg_lyap_result *r);

/* From h0 (n values). EG_EINVAL for k outside 1 … n or no steps;
 * EG_ENUMERIC when the state or a tangent vector stops being finite (the
 * message names the step). */
eg_status eg_lyapunov_map(const eg_lyap_map *map, const double *h0, const eg_lyap_opts *opts, eg_lyap_result **out,
                          eg_error *err);

#endif
