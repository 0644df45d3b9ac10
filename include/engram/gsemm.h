/* engram/gsemm.h: the General Sequential Episodic Memory Model and its two
 * reduced variants, LISEM and DSEM (docs/science.md, "Sequence memories"; Karuvally, Sejnowski &
 * Siegelmann, ICML 2023), as systems for the integrator. */
#ifndef ENGRAM_GSEMM_H
#define ENGRAM_GSEMM_H

#include <stddef.h>

#include "engram/activation.h"
#include "engram/dynsys.h"
#include "engram/integrate.h"
#include "engram/matrix.h"
#include "engram/status.h"

typedef enum eg_gsemm_kind {
    /* Three layers, state [V_f (N_f), V_h (K), V_d (N_f)]:
     *   T_f V_f' = √α_s Ξ σ_h(V_h) − V_f
     *   T_h V_h' = √α_s Ξᵀ σ_f(V_f) + α_c Φ Ξᵀ V_d − V_h
     *   T_d V_d' = σ_f(V_f) − V_d
     * the source writes the interaction as Φᵀ in the paper's orientation; engram
     * stores the authors' code orientation Φ = Gᵀ for all three variants, so one
     * transition matrix drives the same sequence in each (and eliminating V_h
     * with T_h → 0, σ_f linear and σ_h = softmax gives DSEM with β_d = 1). */
    EG_GSEMM_FULL,
    /* LISEM, state [v, v_d] (2 N_f):
     *   T_f v' = α_s Ξ Ξᵀ g(v) + α_c Ξ Φ Ξᵀ v_d − v,  T_d v_d' = β_d g(v) − v_d,
     *   g = tanh(γ ·). */
    EG_GSEMM_LISEM,
    /* DSEM, state [v, v_d] (2 N_f): h = √α_s Ξᵀ v + α_c Φ Ξᵀ v_d,
     *   T_f v' = √α_s Ξ softmax(γ h) − v,  T_d v_d' = β_d v − v_d. */
    EG_GSEMM_DSEM
} eg_gsemm_kind;

/* A model; eg_gsemm_alloc fills the defaults, the caller writes xi (and phi,
 * directly or with eg_gsemm_set_transitions) and any parameter. The struct
 * owns xi, phi and scratch. */
typedef struct eg_gsemm {
    eg_gsemm_kind kind;
    size_t nf, k;          /* feature neurons N_f, memories K (= memory neurons N_h) */
    eg_matrix *xi;         /* Ξ, N_f × K, memory μ in column μ; default zero */
    eg_matrix *phi;        /* Φ, K × K; Φ[ν][μ] = 1 when μ is followed by ν; default zero */
    double t_f, t_h, t_d;  /* time constants */
    double alpha_s;        /* α_s, strength of the memories */
    double alpha_c;        /* α_c, strength of the transitions */
    double beta_d;         /* β_d, gain into the delay layer (reduced variants) */
    double gamma;          /* γ: tanh gain (LISEM), softmax inverse temperature (DSEM, full) */
    eg_activation sigma_f; /* full model: σ_f, default linear */
    eg_activation sigma_h; /* full model: σ_h when sigma_h_softmax = 0 */
    int sigma_h_softmax;   /* full model: σ_h = softmax(γ ·), default 1 */
    double *scratch;       /* private */
} eg_gsemm;

/* Defaults. LISEM (the authors' code; docs/science.md, "Sequence memories"): T_f 1, T_d 100,
 * α_s 0.045, α_c 0.004, β_d 7, γ 1 (the tanh model's defaults in the authors' code;
 * with them a memory is left only when β_d exceeds a threshold set by α_s N_f
 * and γ, 6.87 at N_f = 100 for orthogonal memories: docs/dynamics.md).
 * DSEM (the reference run): T_f 1, T_d 20, α_s 1, α_c 4.9, β_d 7, γ 10 (γ is
 * engram's: with memories ±1/√N_f the reference sequence 4, 5, 6, 3, 4 holds
 * for γ from 1 to 100 (tests/unit/test_gsemm.c)). Full model (no published set; engram's):
 * T_f 1, T_h 0.1, T_d 20, α_s 1, α_c 4.9, β_d 1 (unused), γ 10, σ_f linear,
 * σ_h softmax. t_h is unused by the reduced variants. NULL when out of memory
 * or nf or k is 0. */
eg_gsemm *eg_gsemm_alloc(eg_gsemm_kind kind, size_t nf, size_t k);
void eg_gsemm_free(eg_gsemm *g);
eg_status eg_gsemm_check(const eg_gsemm *g, eg_error *err);
/* "gsemm", "lisem", "dsem" → kind; EG_EINVAL listing them otherwise. */
eg_status eg_gsemm_kind_from_name(const char *name, eg_gsemm_kind *kind, eg_error *err);
/* Length of the state vector: 2 N_f + K (full) or 2 N_f (reduced). */
size_t eg_gsemm_dim(const eg_gsemm *g);

/* A K × K zero transition matrix G for *G (caller frees). */
eg_status eg_transitions_alloc(size_t k, eg_matrix **G, eg_error *err);
/* G[seq[i]][seq[i+1]] = 1 along the chain, and G[last][first] = 1 when cyclic.
 * EG_EINVAL for an index ≥ K. */
eg_status eg_transitions_add_chain(eg_matrix *G, const size_t *seq, size_t len, int cyclic, eg_error *err);
/* Φ = Gᵀ (the authors' convention: G[i][j] = 1 means memory i is followed by j). */
eg_status eg_gsemm_set_transitions(eg_gsemm *g, const eg_matrix *G, eg_error *err);

/* The system view with the analytic Jacobian of each variant (borrows g). */
eg_status eg_gsemm_system(eg_gsemm *g, eg_dyn_system *sys, eg_error *err);
/* The right-hand side at state x (eg_gsemm_dim entries) into f. */
eg_status eg_gsemm_rhs(eg_gsemm *g, double t, const double *x, double *f, eg_error *err);
/* Overlaps ξ_μᵀ V_f(t) of the feature layer with every memory along tr: a count × K matrix. */
eg_status eg_gsemm_overlaps(const eg_gsemm *g, const eg_trajectory *tr, eg_matrix **out, eg_error *err);

#endif
