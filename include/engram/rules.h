/* engram/rules.h: storage rules that build a dense coupling matrix W from episodes. */
#ifndef ENGRAM_RULES_H
#define ENGRAM_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "engram/hopfield.h"
#include "engram/matrix.h"
#include "engram/patterns.h"
#include "engram/status.h"

/* Every rule returns a new D × D matrix in *w_out that the caller owns (hand
 * it to eg_hopfield_alloc_weights, or eg_matrix_free it). Episodes are
 * borrowed for the call. Row i of W holds the couplings into unit i
 * (post-synaptic), column j those out of unit j (pre-synaptic): h = Wσ. */

/* A coefficient of the expanded rule: the constant `value` when fn is NULL,
 * otherwise fn(w_ij, ctx), evaluated at the coupling's current value. */
typedef double (*eg_coef_fn)(double w, void *ctx);
typedef struct eg_coef {
    double value;
    eg_coef_fn fn;
    void *ctx;
} eg_coef;

/* The expanded Hebbian rule (Gerstner & Kistler 2002; seed 002 §2.8;
 * docs/science.md, "The expanded Hebbian rule"), post-synaptic x_i, pre-synaptic x_j:
 *   Δw_ij = c0 + c1_pre x_j + c1_post x_i + c2_pre x_j² + c2_post x_i² + c2_corr x_i x_j */
typedef struct eg_hebb_coefs {
    eg_coef c0, c1_pre, c1_post, c2_pre, c2_post, c2_corr;
} eg_hebb_coefs;

typedef enum eg_learn_mode {
    EG_LEARN_BATCH = 0, /* per epoch, Δw summed over all episodes at the epoch's starting w */
    EG_LEARN_ONLINE     /* episode by episode, each Δw applied before the next */
} eg_learn_mode;

typedef enum eg_post_activity {
    EG_POST_CLAMPED = 0, /* x_i = ξ_μi: the network is clamped to the episode */
    EG_POST_LINEAR       /* x_i = Σ_j w_ij ξ_μj, the linear response (Oja 1982) */
} eg_post_activity;

typedef struct eg_rule_options {
    eg_norm norm;          /* s multiplying every Δw: 1/D (default), 1/N or 1 */
    int keep_self;         /* 0 (default): w_ii = 0 after learning; 1: keep what the rule gives */
    eg_learn_mode mode;    /* default EG_LEARN_BATCH */
    size_t epochs;         /* passes over the episodes (default 1) */
    eg_post_activity post; /* default EG_POST_CLAMPED */
    double init_scale;     /* initial w_ij uniform in [−init_scale, init_scale] (default 0: W = 0) */
    uint64_t seed;         /* initial weights from eg_rng_alloc(seed, EG_RNG_INIT, index) */
    uint64_t index;
} eg_rule_options;

/* 1/D, zero self-coupling, batch, one epoch, clamped, W starts at 0. */
eg_rule_options eg_rule_options_default(void);

/* The expanded rule with any coefficients. With constant coefficients, batch
 * mode and clamped activity it is a few BLAS calls; otherwise O(epochs·N·D²)
 * coefficient evaluations. opt NULL means the defaults. */
eg_status eg_rule_expanded(const eg_episodes *ep, const eg_hebb_coefs *c, const eg_rule_options *opt,
                           eg_matrix **w_out, eg_error *err);

/* The expanded rule with constant coefficients (batch, clamped activity, W = 0
 * at the start: opt NULL means the defaults) as a network that never forms W:
 *   W = k [c2_corr ΞᵀΞ + N c0 11ᵀ + c1_pre 1Sᵀ + c1_post S1ᵀ + c2_pre 1Qᵀ + c2_post Q1ᵀ],
 * k = s · epochs, S = Σ_μ ξ_μ, Q = Σ_μ ξ_μ², the diagonal zeroed unless
 * keep_self: eg_rule_expanded's W. Its field is the factored Hebbian field
 * plus rank-one terms, O(N·D) and no D × D matrix; recall follows the dense
 * network's trajectory (fields agree to rounding, ties decided by the same
 * tolerance). With borrow, ep's packed bits are read in place (ep must outlive
 * the network). EG_EINVAL for coefficients given as functions of w, online
 * learning, linear activity or random initial weights. */
eg_status eg_hopfield_alloc_expanded(const eg_episodes *ep, const eg_hebb_coefs *c, const eg_rule_options *opt,
                                     int borrow, eg_hopfield **out, eg_error *err);

/* Activity-product rule W = s Σ_μ ξ_μ ξ_μᵀ (Hopfield 1982): c2_corr = 1. */
eg_status eg_rule_hebbian(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out, eg_error *err);

/* Clipped Hebbian synapses W = s · sgn(Σ_μ ξ_μ ξ_μᵀ) (Sompolinsky 1986,
 * "Neural networks with nonlinear synapses and a static noise"): each
 * synapse keeps only the sign of its Hebbian sum (0 where the sum is 0), a
 * binary synapse that still stores and retrieves. */
eg_status eg_rule_clipped(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out, eg_error *err);

/* Covariance rule W = s Σ_μ (ξ_μ − a)(ξ_μ − a)ᵀ for sparse {0,1} episodes
 * (Tsodyks & Feigel'man 1988): c0 = a², c1_pre = c1_post = −a, c2_corr = 1.
 * a < 0 means the mean activity of the episodes. */
eg_status eg_rule_covariance(const eg_episodes *ep, double a, const eg_rule_options *opt, eg_matrix **w_out,
                             eg_error *err);

/* The covariance rule's coefficients as the expanded rule's (a < 0: the
 * episodes' mean activity), so a network can hold it factored. */
eg_status eg_rule_covariance_coefs(const eg_episodes *ep, double a, eg_hebb_coefs *c, eg_error *err);

/* Oja's rule (Oja 1982) Δw_ij = η y_i (x_j − w_ij y_i), y = Wx: c2_corr = η,
 * c2_post(w) = −η w, online, linear post-synaptic activity, over `epochs`
 * passes from random initial weights (init_scale 0.1 unless opt sets one).
 * Each row of W converges to a unit-norm principal direction of the episodes'
 * correlation matrix. Normalisation s is 1 (η is the rate) and the diagonal
 * is kept unless opt says otherwise. */
eg_status eg_rule_oja(const eg_episodes *ep, double eta, size_t epochs, const eg_rule_options *opt,
                      eg_matrix **w_out, eg_error *err);

/* Storkey's rule (Storkey 1997), incremental and local:
 *   w_ij ← w_ij + (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j)/D,  h_ij = Σ_{k≠i,j} w_ik ξ_k,
 * episode by episode, diagonal zero throughout. Higher capacity than the
 * activity-product rule. O(N·D²). */
eg_status eg_rule_storkey(const eg_episodes *ep, eg_matrix **w_out, eg_error *err);

/* Projection (pseudo-inverse) rule W = Ξᵀ(ΞΞᵀ)⁻¹Ξ (Personnaz et al. 1985;
 * Kanter & Sompolinsky 1987): every episode is an exact fixed point of h = Wσ
 * up to N < D. ΞΞᵀ is factored by Cholesky (LAPACKE_dpotrf); episodes that
 * are linearly dependent (a pivot below 1e-10 of the largest) give
 * EG_ENUMERIC. keep_self as in opt (default: diagonal zeroed); norm ignored. */
eg_status eg_rule_pseudoinverse(const eg_episodes *ep, const eg_rule_options *opt, eg_matrix **w_out,
                                eg_error *err);

/* Asymmetric sequence rule W = s Σ_μ ξ_{μ+lag} ξ_μᵀ (Sompolinsky & Kanter
 * 1986; Kleinfeld 1986): synchronous dynamics steps ξ_μ → ξ_{μ+lag}. Sums
 * over μ = 0..N−1−lag, or over all μ with indices mod N when cyclic.
 * EG_EINVAL unless 1 ≤ lag < N. */
eg_status eg_rule_sequence(const eg_episodes *ep, size_t lag, int cyclic, const eg_rule_options *opt,
                           eg_matrix **w_out, eg_error *err);

/* Output function of a correlation-matrix memory. */
typedef enum eg_cmm_output {
    EG_CMM_IDENTITY = 0, /* Kohonen (1972/1988): linear associator */
    EG_CMM_SIGN          /* Amari (1972): threshold units, sgn(0) = 0 */
} eg_cmm_output;

/* Single-pass recall of a correlation-matrix memory y = g(Cᵀ(A x)) with keys
 * A (N × D_in) and contents C (N × D_out); contents NULL means C = A
 * (auto-association, y = g(ΞᵀΞx)). x has D_in entries, y D_out. W = CᵀA is
 * never formed. With orthonormal keys, y = c_μ exactly for x = a_μ. */
eg_status eg_cmm_recall(const eg_matrix *keys, const eg_matrix *contents, const double *x, eg_cmm_output g,
                        double *y, eg_error *err);

#endif
