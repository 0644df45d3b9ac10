/* assoc.h: what memories and network blocks describe, in a form that worker
 * threads can use: episode generators that take (count, size, stream index),
 * and associative memories (a storage rule and its recall) built from episodes. */
#ifndef ENGRAM_RUN_ASSOC_H
#define ENGRAM_RUN_ASSOC_H

#include <stddef.h>
#include <stdint.h>

#include "engram/dam.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "engram/rules.h"
#include "run/expr_fn.h"
#include "run/run.h"

/* ---- Episode generators (memories blocks) -------------------------------- */

typedef enum eg_gen_kind {
    EG_GEN_RANDOM,     /* bipolar, P(+1) = p */
    EG_GEN_BINARY,     /* {0, 1}, P(1) = p */
    EG_GEN_SPARSE,     /* {0, 1}, exactly round(a·D) active */
    EG_GEN_ORTHOGONAL, /* Hadamard rows */
    EG_GEN_CORRELATED, /* prototypes plus per-episode noise */
    EG_GEN_FIXED       /* explicit or loaded: no count/size of its own to vary */
} eg_gen_kind;

typedef struct eg_gen_spec {
    eg_gen_kind kind;
    size_t count, size;
    double p;           /* random, binary: P(+1) or P(1); sparse: activity a */
    size_t prototypes;  /* correlated */
    double correlation; /* correlated: E[ξ_μ·ξ_ν]/D within a prototype's family */
    int skip_ones;      /* orthogonal: skip the all-ones row */
    uint64_t seed;
} eg_gen_spec;

/* The generator a memories block describes. */
eg_status eg_build_gen_spec(eg_run *run, const eg_block *block, eg_gen_spec *out);

/* Episodes from a generator with count and size replaced, drawn from stream
 * `index` (so that trials of an experiment get independent sets). flags:
 * EG_EPISODES_PACKED_ONLY keeps random bipolar sets packed (patterns.h).
 * Safe to call from several threads. EG_EINVAL for fixed (explicit, loaded) sets. */
eg_status eg_gen_generate(const eg_gen_spec *g, size_t count, size_t size, uint64_t index, unsigned flags,
                          eg_episodes **out, eg_error *err);

/* ---- Associative memories (network blocks of the discrete flavour) ------- */

typedef enum eg_assoc_kind {
    EG_ASSOC_WEIGHTS, /* a coupling matrix from a storage rule, discrete dynamics */
    EG_ASSOC_DAM,     /* dense associative memory: energy −Σ F(ξ·σ) */
    EG_ASSOC_CMM,     /* correlation-matrix memory: one pass g(Cᵀ A x) */
    EG_ASSOC_UHN      /* Universal Hopfield Network: iterate Cᵀ sep(sim(A, q)) */
} eg_assoc_kind;

typedef enum eg_rule_kind {
    EG_RULE_HEBB,
    EG_RULE_EXPANDED,
    EG_RULE_COVARIANCE,
    EG_RULE_OJA,
    EG_RULE_STORKEY,
    EG_RULE_PROJECTION,
    EG_RULE_SEQUENCE
} eg_rule_kind;

/* A network block's storage and recall, independent of the episodes. */
typedef struct eg_assoc_spec {
    eg_assoc_kind kind;
    eg_rule_kind rule;
    const char *rule_name;
    eg_hebbian_options hebb;  /* EG_RULE_HEBB */
    eg_rule_options opt;      /* the other rules */
    eg_hebb_coefs coefs;      /* EG_RULE_EXPANDED; fn ctx are eg_expr_fn owned by the spec */
    eg_expr_fn *fns[6];
    double activity;          /* covariance: a (< 0: the episodes' mean) */
    double eta;               /* oja */
    size_t lag;               /* sequence */
    int cyclic;
    eg_dam_options dam;       /* EG_ASSOC_DAM: kind, degree, beta */
    eg_cmm_output cmm;        /* EG_ASSOC_CMM */
    eg_uhn uhn;               /* EG_ASSOC_UHN */
    eg_states states;         /* value set of the units */
    double threshold;
} eg_assoc_spec;

/* An associative memory built from episodes. Borrows spec and the episodes. */
typedef struct eg_assoc {
    const eg_assoc_spec *spec;
    const eg_episodes *stored;  /* addresses (keys) */
    const eg_episodes *content; /* hetero-association: what is recalled (NULL: stored) */
    eg_hopfield *net;           /* EG_ASSOC_WEIGHTS */
} eg_assoc;

/* The spec of a network block, cached for the run (checks its keys). */
eg_status eg_build_assoc_spec(eg_run *run, const eg_block *block, const eg_assoc_spec **out);

/* Builds the memory for episodes ep (and content, NULL for auto-association).
 * Thread-safe. Checks that the episodes fit the rule and the state. */
eg_status eg_assoc_build(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content, eg_assoc **out,
                         eg_error *err);
void eg_assoc_free(eg_assoc *a);

/* Units of a cue (D_in) and of a recalled state (D_out). */
size_t eg_assoc_units_in(const eg_assoc *a);
size_t eg_assoc_units_out(const eg_assoc *a);

typedef struct eg_assoc_recall_options {
    eg_update update;
    size_t max_steps;
    uint64_t seed, index;
    const double *target; /* D_out values or NULL */
    int overlaps;         /* fill the overlaps with the recalled-side episodes */
    int record_energy;
} eg_assoc_recall_options;

/* Recalls from cue; the result as for eg_hopfield_recall (for continuous
 * recalls the Hamming distance counts units whose sign differs from the target). */
eg_status eg_assoc_recall(const eg_assoc *a, const double *cue, const eg_assoc_recall_options *opt,
                          eg_recall_result **out, eg_error *err);

/* The memory of a network block built from its stored episodes, cached for the run. */
eg_status eg_build_assoc(eg_run *run, const eg_block *block, const eg_assoc **out);

#endif
