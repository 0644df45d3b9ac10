/* rank_one.h (internal): the rank-one terms that the expanded Hebbian rule
 * with constant coefficients adds to the factored Hebbian field.
 *
 * With S = Σ_μ ξ_μ and Q = Σ_μ ξ_μ² (elementwise), the rule sums to
 *   W / k = c2_corr ΞᵀΞ + N c0 11ᵀ + c1_pre 1Sᵀ + c1_post S1ᵀ + c2_pre 1Qᵀ + c2_post Q1ᵀ
 * (k = s · epochs), so with T = 1ᵀσ, B = Sᵀσ and C = Qᵀσ the field of unit i is
 *   h_i / k = c2_corr (Ξᵀ(Ξσ))_i + [N c0 T + c1_pre B + c2_pre C] + post_i T − self_i σ_i
 * with post_i = c1_post S_i + c2_post Q_i and self_i = w_ii / k, the diagonal
 * the rule would give (subtracted unless the network keeps it). The bracket is
 * one number per state: O(N·D) a field, no D × D matrix. */
#ifndef ENGRAM_MEM_RANK_ONE_H
#define ENGRAM_MEM_RANK_ONE_H

#include <stddef.h>

#include "engram/patterns.h"
#include "engram/rules.h"
#include "engram/status.h"

typedef struct eg_rank_one {
    size_t d;
    double c2;          /* c2_corr, the weight of ΞᵀΞ */
    double c0n;         /* N c0 */
    double c1_pre, c2_pre;
    double c1_post, c2_post;
    double *sum, *sq;   /* S and Q, d values each */
    double *post;       /* c1_post S_i + c2_post Q_i */
    double *self;       /* w_ii / k before the diagonal is zeroed */
} eg_rank_one;

/* The sums of a state that the common term reads. */
typedef struct eg_rank_one_sums {
    double t, b, c; /* 1ᵀσ, Sᵀσ, Qᵀσ */
} eg_rank_one_sums;

/* The terms of constant coefficients c over the episodes ep (packed or not). */
eg_status eg_rank_one_alloc(const eg_episodes *ep, const eg_hebb_coefs *c, eg_rank_one **out, eg_error *err);
void eg_rank_one_free(eg_rank_one *r);

/* T, B and C of a state s. */
eg_rank_one_sums eg_rank_one_sums_of(const eg_rank_one *r, const double *s);

/* The sums after unit i of the state changed by delta (O(1)). With integer
 * episodes and states every sum stays an exact integer. */
static inline void eg_rank_one_move(const eg_rank_one *r, eg_rank_one_sums *u, size_t i, double delta)
{
    u->t += delta;
    u->b += r->sum[i] * delta;
    u->c += r->sq[i] * delta;
}

/* N c0 T + c1_pre B + c2_pre C: the part of h / k every unit shares. */
static inline double eg_rank_one_common(const eg_rank_one *r, const eg_rank_one_sums *u)
{
    return r->c0n * u->t + r->c1_pre * u->b + r->c2_pre * u->c;
}

/* h_i / k from the unit's Hebbian sum (Ξᵀ(Ξσ))_i, the common part and the
 * state's T; keep_self keeps the diagonal. */
static inline double eg_rank_one_unit(const eg_rank_one *r, size_t i, double hebb, double common, double t,
                                      double si, int keep_self)
{
    double raw = r->c2 * hebb + common + r->post[i] * t;
    return keep_self ? raw : raw - r->self[i] * si;
}

/* w_ij += k (N c0 + c1_pre S_j + c1_post S_i + c2_pre Q_j + c2_post Q_i) for
 * every i, j of the d × d row-major w: the rank-one part of the dense W. */
void eg_rank_one_add_dense(const eg_rank_one *r, double k, double *w);

#endif
