/* engram/hopfield.h: discrete Hopfield networks, Hebbian storage and recall dynamics. */
#ifndef ENGRAM_HOPFIELD_H
#define ENGRAM_HOPFIELD_H

#include <stddef.h>
#include <stdint.h>

#include "engram/matrix.h"
#include "engram/patterns.h"
#include "engram/status.h"

/* A network of D units with couplings W. Two internal forms:
 * - dense: W is a D × D matrix (any rule, symmetric or not);
 * - factored: W = s ΞᵀΞ − (self-coupling removed), the Hebbian sum of outer
 *   products, never formed. The field h = s Ξᵀ(Ξσ) costs O(N·D) instead of
 *   O(D²) and, for bipolar episodes, Ξσ is a popcount and every field is an
 *   exact integer multiple of s, so ties (h = 0) are decided exactly.
 * Both forms give the same trajectories (fields agree up to rounding, and
 * ties are decided with a tolerance, see eg_recall_options).
 *
 * Ownership: the network owns its couplings. It copies what it needs from the
 * episodes it is built from (the packed bits for a bipolar set), so the set
 * may be freed right after construction. */
typedef struct eg_hopfield eg_hopfield;

/* Normalisation s of a sum of outer products Σ_μ ξ_μ ξ_μᵀ. */
typedef enum eg_norm {
    EG_NORM_UNITS = 0, /* s = 1/D (Hopfield 1982; docs/science.md, "Discrete associative memories") */
    EG_NORM_COUNT,     /* s = 1/N (the average over episodes used in seed 001) */
    EG_NORM_NONE       /* s = 1 */
} eg_norm;

typedef enum eg_hopfield_form {
    EG_HOPFIELD_FACTORED = 0, /* W never formed; O(N·D) per synchronous step */
    EG_HOPFIELD_DENSE         /* W formed with cblas_dsyrk; O(D²) memory */
} eg_hopfield_form;

typedef struct eg_hebbian_options {
    eg_norm norm;          /* default EG_NORM_UNITS */
    int keep_self;         /* 0 (default): w_ii = 0; 1: keep w_ii = s Σ_μ ξ_μi² */
    eg_hopfield_form form; /* default EG_HOPFIELD_FACTORED */
} eg_hebbian_options;

/* The defaults: 1/D, zero self-coupling, factored. */
eg_hebbian_options eg_hebbian_options_default(void);

/* Builds W = s Σ_μ ξ_μ ξ_μᵀ (activity-product rule, Hopfield 1982) from the
 * episodes; opt NULL means the defaults. The diagonal is zeroed unless
 * keep_self. A dense form needs 8·D² bytes and is refused beyond 2^29
 * entries (4 GiB). */
eg_status eg_hopfield_alloc_hebbian(const eg_episodes *ep, const eg_hebbian_options *opt, eg_hopfield **out,
                                    eg_error *err);

/* As eg_hopfield_alloc_hebbian, but the packed bits of a bipolar set are read
 * in place rather than copied: ep must stay unchanged and outlive the network
 * (free the network first). For a set that is not bipolar it is the same call. */
eg_status eg_hopfield_alloc_hebbian_borrowed(const eg_episodes *ep, const eg_hebbian_options *opt, eg_hopfield **out,
                                             eg_error *err);

/* A network with the given D × D couplings (from any storage rule). Takes
 * ownership of *w on success and sets *w to NULL; on failure *w is untouched
 * and still the caller's. EG_EINVAL unless *w is square and finite. */
eg_status eg_hopfield_alloc_weights(eg_matrix **w, eg_hopfield **out, eg_error *err);

/* Frees net; accepts NULL. */
void eg_hopfield_free(eg_hopfield *net);

/* D. */
size_t eg_hopfield_units(const eg_hopfield *net);

/* The dense W, or NULL for a factored network (see eg_hopfield_densify). The
 * matrix stays owned by the network. */
const eg_matrix *eg_hopfield_weights(const eg_hopfield *net);

/* Forms W for a factored network (with cblas_dsyrk) and switches it to the
 * dense form; no-op for a dense network. */
eg_status eg_hopfield_densify(eg_hopfield *net, eg_error *err);

/* h = Wσ into h (D doubles). */
eg_status eg_hopfield_field(const eg_hopfield *net, const double *sigma, double *h, eg_error *err);

/* E(σ) = −½ σᵀWσ (Hopfield 1982). */
eg_status eg_hopfield_energy(const eg_hopfield *net, const double *sigma, double *energy, eg_error *err);

typedef enum eg_update {
    EG_UPDATE_SYNC = 0,     /* all units at once, σ ← sgn(Wσ) (Little 1974) */
    EG_UPDATE_ASYNC_RANDOM, /* one unit at a time, a fresh random order per sweep */
    EG_UPDATE_ASYNC_FIXED   /* one unit at a time, in the order 0, 1, …, D−1 */
} eg_update;

typedef enum eg_states {
    EG_STATES_BIPOLAR = 0, /* σ_i ∈ {−1, +1} */
    EG_STATES_BINARY       /* V_i ∈ {0, 1}, for sparse episodes (Tsodyks & Feigel'man 1988) */
} eg_states;

typedef struct eg_recall_options {
    eg_update update;
    size_t max_steps;     /* at most this many steps (default 100) */
    uint64_t seed;        /* random orders come from eg_rng_alloc(seed, EG_RNG_UPDATE, index) */
    uint64_t index;
    double tie_tolerance; /* |h_i| ≤ this counts as h_i = 0 (default 1e-10) */
    int record_energy;    /* 1 (default): fill the energy trace */
    const double *target; /* optional D-vector: the result carries Hamming(σ, target) */
    const eg_episodes *episodes; /* optional: the result carries m_μ for these episodes */
    eg_states states;     /* value set of the units (default EG_STATES_BIPOLAR) */
    double threshold;     /* θ, the same for every unit (default 0) */
    double temperature;   /* T > 0: Glauber dynamics, asynchronous only (default 0: deterministic) */
    int threads;          /* a packed Hebbian network's field kernels may use this many threads when
                           * N·D ≥ 2^24 (default 1); the result is the same for any count */
} eg_recall_options;

/* Synchronous, max_steps 100, seed 0, index 0, tolerance 1e-10, energy on,
 * bipolar, θ = 0. */
eg_recall_options eg_recall_options_default(void);

typedef enum eg_recall_outcome {
    EG_RECALL_CONVERGED = 0, /* a fixed point: the last step changed nothing */
    EG_RECALL_CYCLE,         /* synchronous only: σ(t+1) = σ(t−1) ≠ σ(t), a 2-cycle */
    EG_RECALL_MAX_STEPS      /* neither within max_steps */
} eg_recall_outcome;

/* What a recall returns; owns its arrays. */
typedef struct eg_recall_result {
    size_t units;       /* D */
    double *state;      /* final σ, D doubles */
    size_t steps;       /* steps taken, the last (confirming) one included */
    eg_recall_outcome outcome;
    double *energy;     /* steps + 1 values: E of the cue, then after each step; NULL if not recorded */
    size_t energy_len;
    long hamming;       /* units where the final σ differs from the target; −1 without a target */
    double *overlaps;   /* m_μ = ξ_μ·σ/D for each of the given episodes; NULL without them */
    size_t overlaps_len;
} eg_recall_result;

/* Runs the dynamics from the cue (D doubles, usually bipolar; zeros are
 * allowed). opt NULL means the defaults.
 *
 * Update rule: σ_i ← +1 if h_i − θ > tol, −1 (0 for binary states) if
 * h_i − θ < −tol, and σ_i unchanged otherwise (sgn(0) keeps the old value, so
 * a masked unit whose field is 0 stays 0). Energy: E = −½ σᵀWσ + θ Σ_i σ_i.
 * Step: one synchronous update of all D units, or one asynchronous sweep
 * visiting every unit once. The run stops after the first step that changes
 * nothing (EG_RECALL_CONVERGED; that step is counted, so a cue that is already
 * a fixed point takes 1 step), at a synchronous 2-cycle (EG_RECALL_CYCLE, the
 * final state is σ(t+1)), or after max_steps.
 * At temperature T > 0 (asynchronous updates only) a visited unit takes +1
 * with probability 1/(1 + e^{−2(h_i − θ)/T}) (Glauber 1963; for binary states
 * 1/(1 + e^{−(h_i − θ)/T})), else −1 (0), drawn from its own stream
 * eg_rng_alloc(seed, EG_RNG_THERMAL, index); the run takes max_steps sweeps
 * (outcome EG_RECALL_MAX_STEPS) and the final state is a sample.
 * Asynchronous updates keep the local fields current after every flip (O(D)
 * per flip with a dense W; the factored form keeps Ξσ current at O(N) per flip
 * and computes h_i in O(N) when unit i is visited). */
eg_status eg_hopfield_recall(const eg_hopfield *net, const double *cue, const eg_recall_options *opt,
                             eg_recall_result **out, eg_error *err);

/* Frees r; accepts NULL. */
void eg_recall_result_free(eg_recall_result *r);

#endif
