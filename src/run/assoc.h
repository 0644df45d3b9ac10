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

/* Where a memories block's episodes come from. */
typedef enum eg_memories_source {
    EG_MEMORIES_GENERATED, /* a generator: gen */
    EG_MEMORIES_STRINGS,   /* explicit(rows = [...]): text */
    EG_MEMORIES_VALUES,    /* explicit(values = [[...]]): values */
    EG_MEMORIES_LOADED     /* load(...): path and the rows to take */
} eg_memories_source;

/* How a loaded file is read, by its extension (any other: IDX). */
typedef enum eg_loaded_format { EG_LOADED_NPY, EG_LOADED_CSV, EG_LOADED_IDX } eg_loaded_format;

/* What a loaded file's entries are. */
typedef enum eg_loaded_values { EG_LOADED_BIPOLAR, EG_LOADED_BINARY, EG_LOADED_RAW } eg_loaded_values;

/* The recipe of a memories block (the impl of its eg_memories_spec). */
typedef struct eg_memories_recipe {
    eg_memories_source source;
    eg_loc loc;            /* the generate entry, for messages */
    eg_gen_spec gen;       /* generated sets; the seed as written (a run mixes its stream in) */
    const char **text;     /* strings: count rows of units characters */
    const double *values;  /* values: count × units, row-major */
    const char *path;      /* loaded: the file, resolved against the model file */
    const char *file;      /* loaded: the file as written, which names an array held in memory */
    eg_loaded_format format;
    size_t first, take;    /* loaded: first row, and how many (take_all: every row from first) */
    int take_all;
    int binarise;          /* loaded: a threshold was given */
    double threshold;
    eg_loaded_values value_set; /* loaded: what the entries are */
} eg_memories_recipe;

/* The recipe of a compiled memories spec. */
const eg_memories_recipe *eg_memories_recipe_of(const eg_memories_spec *spec);

/* The generator of a memories block as this run draws it (its seed mixed with
 * the run's stream); kind EG_GEN_FIXED for sets written out or loaded. */
void eg_build_gen_spec(eg_run *run, const eg_memories_spec *spec, eg_gen_spec *out);

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

typedef struct eg_assoc_spec eg_assoc_spec;

/* The coupling matrix a storage rule makes from episodes (its math; the
 * storage-rule table of network.c names one per rule). */
typedef eg_status (*eg_assoc_weights_fn)(const eg_assoc_spec *s, const eg_episodes *ep, eg_matrix **w,
                                         eg_error *err);

/* The same couplings held factored, never formed (a network whose field costs
 * O(N·D)), for rules that have such a form. */
typedef eg_status (*eg_assoc_factored_fn)(const eg_assoc_spec *s, const eg_episodes *ep, eg_hopfield **net,
                                          eg_error *err);

/* A network block's storage and recall, independent of the episodes. */
struct eg_assoc_spec {
    eg_assoc_kind kind;
    eg_assoc_weights_fn weights; /* EG_ASSOC_WEIGHTS; NULL: the Hebbian sum, held factored */
    eg_assoc_factored_fn factored; /* weights' factored form, or NULL (eg_assoc_build_factored) */
    const char *rule_name;
    eg_hebbian_options hebb;  /* the Hebbian sum */
    eg_rule_options opt;      /* the other coupling-matrix rules */
    eg_hebb_coefs coefs;      /* hebbian(...); an expression's ctx is an eg_expr_fn the program owns */
    double activity;          /* covariance: a (< 0: the episodes' mean) */
    double eta;               /* oja */
    size_t lag;               /* sequence */
    int cyclic;
    eg_dam_options dam;       /* EG_ASSOC_DAM: kind, degree, beta */
    eg_cmm_output cmm;        /* EG_ASSOC_CMM */
    eg_uhn uhn;               /* EG_ASSOC_UHN */
    eg_states states;         /* value set of the units */
    double threshold;
};

/* A network block of the discrete flavour, compiled (the impl of its
 * eg_network_spec): the rule and what it stores. */
typedef struct eg_discrete_spec {
    eg_assoc_spec assoc;
    const eg_memories_spec *content; /* hetero-association: what the stored episodes recall, or NULL */
    eg_loc rule_loc, store_loc;      /* for messages of the build */
} eg_discrete_spec;

/* The discrete part of a network spec, or NULL for the other flavours. */
const eg_discrete_spec *eg_network_discrete(const eg_network_spec *spec);

/* An associative memory built from episodes. Borrows spec and the episodes. */
typedef struct eg_assoc {
    const eg_assoc_spec *spec;
    const eg_episodes *stored;  /* addresses (keys) */
    const eg_episodes *content; /* hetero-association: what is recalled (NULL: stored) */
    eg_hopfield *net;           /* EG_ASSOC_WEIGHTS */
} eg_assoc;

/* Builds the memory for episodes ep (and content, NULL for auto-association).
 * Thread-safe. Checks that the episodes fit the rule and the state. */
eg_status eg_assoc_build(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content, eg_assoc **out,
                         eg_error *err);
void eg_assoc_free(eg_assoc *a);

/* The same, but a rule with a factored form (spec->factored) is held in it:
 * for memories that are only recalled (the capacity trials), which then
 * never form the D × D W. The recall follows the same trajectory. ep must
 * outlive the memory. */
eg_status eg_assoc_build_factored(const eg_assoc_spec *spec, const eg_episodes *ep, const eg_episodes *content,
                                  eg_assoc **out, eg_error *err);

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
    double temperature;   /* T > 0: Glauber dynamics (a weights memory, asynchronous) */
    int threads;          /* a packed Hebbian field's kernels may share this many threads (0, 1: one) */
} eg_assoc_recall_options;

/* Recalls from cue; the result as for eg_hopfield_recall. For continuous
 * recalls (kohonen, amari, minerva, modern, uhn) the Hamming distance counts
 * units whose sign differs from the target, and the overlaps are
 * ξ_μ·y / (‖ξ_μ‖ max(‖ξ_μ‖, ‖y‖)), in [−1, 1]: ξ·y/D for outputs no longer
 * than a ±1 episode, the cosine of the two for longer ones. */
eg_status eg_assoc_recall(const eg_assoc *a, const double *cue, const eg_assoc_recall_options *opt,
                          eg_recall_result **out, eg_error *err);

/* The memory of a network block built from its stored episodes, cached for the run. */
eg_status eg_build_assoc(eg_run *run, const eg_block *block, const eg_assoc **out);

#endif
