/* engram/dam.h: dense associative memories and the Universal Hopfield Network decomposition. */
#ifndef ENGRAM_DAM_H
#define ENGRAM_DAM_H

#include <stddef.h>
#include <stdint.h>

#include "engram/hopfield.h"
#include "engram/matrix.h"
#include "engram/patterns.h"
#include "engram/status.h"

/* ---- Discrete dense associative memory (Krotov & Hopfield 2016) ----------
 * Energy E(σ) = −Σ_μ F(ξ_μ·σ) (docs/science.md, "Dense associative memories"; seed 002 eqs. 9, 13). A unit
 * is updated by the exact energy difference of its two values,
 *   σ_i ← sgn Σ_μ [F(ξ_μi + x_μ⁽ⁱ⁾) − F(−ξ_μi + x_μ⁽ⁱ⁾)],  x_μ⁽ⁱ⁾ = Σ_{j≠i} ξ_μj σ_j,
 * so an asynchronous update never raises E; with F_2 it is the Hopfield
 * network with zero self-coupling. Episodes are borrowed for the call. */

typedef enum eg_dam_kind {
    EG_DAM_POLY = 0, /* F_n(z) = zⁿ/n, capacity ~ D^{n−1} (Krotov & Hopfield 2016) */
    EG_DAM_EXP       /* F(z) = exp(βz), capacity exponential in D (Demircigil et al. 2017) */
} eg_dam_kind;

typedef struct eg_dam_options {
    eg_dam_kind kind;
    unsigned degree; /* n for EG_DAM_POLY, ≥ 2 (default 3) */
    double beta;     /* β for EG_DAM_EXP, > 0 (default 1) */
    eg_update update;
    size_t max_steps; /* default 100 */
    uint64_t seed;    /* random orders from eg_rng_alloc(seed, EG_RNG_UPDATE, index) */
    uint64_t index;
    const double *target;        /* optional, for the Hamming distance */
    const eg_episodes *overlaps; /* optional, for the overlaps in the result */
} eg_dam_options;

/* F_3, β = 1, synchronous, 100 steps. */
eg_dam_options eg_dam_options_default(void);

/* Runs the dynamics from a bipolar cue (zeros allowed) with the stored
 * episodes ep; steps, outcomes and the result are as for eg_hopfield_recall.
 * The energy trace holds E = −Σ_μ F(ξ_μ·σ) for EG_DAM_POLY and, because that
 * overflows, −(1/β) log Σ_μ exp(β ξ_μ·σ) (a monotone function of E) for
 * EG_DAM_EXP. Ties (a difference within 1e-12 of the sum of the magnitudes
 * of its terms) keep the old value. */
eg_status eg_dam_recall(const eg_episodes *ep, const eg_dam_options *opt, const double *cue, eg_recall_result **out,
                        eg_error *err);

/* ---- Universal Hopfield Networks (Millidge et al. 2022) -----------------
 * One-shot recall f(q) = Cᵀ sep(sim(A, q)): memory (key) matrix A (N × D_in),
 * content matrix C (N × D_out; NULL means C = A, auto-association). The
 * matrices are borrowed for the call; q and out are the caller's arrays. */

typedef enum eg_similarity {
    EG_SIM_DOT = 0,       /* a_μ·q */
    EG_SIM_COSINE,        /* a_μ·q / (‖a_μ‖ ‖q‖), 0 when either is 0 */
    EG_SIM_NEG_EUCLIDEAN, /* −‖a_μ − q‖₂ */
    EG_SIM_NEG_MANHATTAN  /* −‖a_μ − q‖₁ */
} eg_similarity;

typedef enum eg_separation {
    EG_SEP_IDENTITY = 0, /* s */
    EG_SEP_POLY,         /* sⁿ, n = param (an integer ≥ 1, so odd n keeps the sign) */
    EG_SEP_SOFTMAX,      /* exp(β s_μ) / Σ_ν exp(β s_ν), β = param > 0 */
    EG_SEP_MAX           /* 1 at the largest s (the first on ties), 0 elsewhere */
} eg_separation;

typedef struct eg_uhn {
    eg_similarity sim;
    eg_separation sep;
    double param;
} eg_uhn;

/* Modern continuous Hopfield network (Ramsauer et al. 2021):
 * ξ_new = Ξᵀ softmax(β Ξ σ), i.e. dot similarity and softmax separation. */
eg_uhn eg_uhn_modern(double beta);

/* Minerva 2 (Hintzman 1984): the echo Σ_μ S_μ³ ξ_μ with S_μ the normalised
 * similarity, i.e. cosine similarity and cubic separation. */
eg_uhn eg_uhn_minerva(void);

/* out (D_out values) = Cᵀ sep(sim(A, q)); q has D_in values. EG_EINVAL for
 * mismatched shapes or a parameter outside its domain. */
eg_status eg_uhn_apply(const eg_matrix *memory, const eg_matrix *content, const eg_uhn *u, const double *q,
                       double *out, eg_error *err);

/* Auto-associative iteration q ← Aᵀ sep(sim(A, q)) from q until the largest
 * change is at most tol or max_steps pass; the final state goes to out
 * (D values) and the steps taken to *steps (the last, small, change counted).
 * Returns EG_OK either way; *converged says which. */
eg_status eg_uhn_iterate(const eg_matrix *memory, const eg_uhn *u, const double *q, size_t max_steps, double tol,
                         double *out, size_t *steps, int *converged, eg_error *err);

#endif
