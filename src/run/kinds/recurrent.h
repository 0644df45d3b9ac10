/* recurrent.h: the compiled specs of tasks, recurrent networks and training,
 * shared by the kinds that use them (task, network of the recurrent flavour,
 * train, evaluate, analyze spectrum), and the builders that turn them into
 * objects at run time. */
#ifndef ENGRAM_RUN_KINDS_RECURRENT_H
#define ENGRAM_RUN_KINDS_RECURRENT_H

#include <stdint.h>

#include "engram/cell.h"
#include "engram/rnn.h"
#include "engram/task.h"
#include "engram/train.h"
#include "run/compile.h"
#include "run/run.h"
#include "run/spec.h"

struct eg_task_kind;

/* A size known only once a file is loaded. */
#define EG_SIZE_UNKNOWN SIZE_MAX

/* A task block. */
typedef struct eg_task_spec {
    eg_spec head;
    const struct eg_task_kind *kind; /* its row of the task-kind registry (task.c) */
    size_t s, d;                     /* length and width */
    size_t repeats;                  /* the output phase is s · repeats steps unless an evaluation says otherwise */
    uint64_t seed;                   /* the dataset's seed */
    size_t samples;                  /* sequences an evaluation scores by default */
    const size_t *perm;              /* compose_copy: component k copies perm[k] (NULL: identity) */
    const int *sign;                 /* compose_copy: ±1 per component (NULL: all +1) */
    const eg_value *composition;     /* variable_binding: f, inline (checked) or load(...) */
    int flip_flop;                   /* flip_flop: k = d channels, trials of s steps, no eg_task */
    double pulse;                    /* flip_flop: pulse probability per channel and step */
    int delayed_match;               /* delayed_match: d-wide stimuli, a delay of s steps, no eg_task */
} eg_task_spec;

/* Where the weights of a recurrent network come from. */
typedef enum eg_rnn_origin {
    EG_RNN_GIVEN,       /* weights (and input_weights, readout) inline or loaded */
    EG_RNN_CONSTRUCTED  /* construct = emt(...) */
} eg_rnn_origin;

/* A network block read as a recurrent network. */
typedef struct eg_rnn_spec {
    eg_rnn_origin origin;
    eg_rnn_activation act;
    size_t hidden, in, out; /* EG_SIZE_UNKNOWN when known only once loaded; in, out 0 when not given */
    /* EG_RNN_GIVEN: the values (NULL when unset). */
    const eg_value *weights, *input_weights, *readout;
    /* EG_RNN_CONSTRUCTED: the task, the hidden units and seed of the basis,
     * and whether W takes GSEMM's literal form Ψ(I + Φᵀ)Ψᵀ. */
    const eg_task_spec *task;
    uint64_t seed;
    int gsemm;
    eg_loc loc; /* construct(...), for messages of the construction */
} eg_rnn_spec;

/* A train block. */
typedef struct eg_train_spec {
    eg_spec head;
    const eg_task_spec *task;
    eg_train_options options; /* curriculum: see below; threads set at run */
    size_t *curriculum;       /* horizons, ncurriculum of them (program-owned) */
    size_t ncurriculum;
    int cell;                 /* 1: a cell with biases (eg_train_cell), else the bias-free RNN */
    eg_cell_kind cell_kind;   /* when cell: tanh RNN, GRU or LSTM */
} eg_train_spec;

/* What a reference to "a network or train block" names, resolved at compile
 * time: exactly one of rnn and train is set. */
typedef struct eg_rnn_source {
    const eg_block *block;     /* the network or train block (its cache key at run) */
    const eg_rnn_spec *rnn;    /* a network block of the recurrent flavour */
    const eg_train_spec *train; /* a train block: its trained weights */
    const char *name;          /* as the reference writes it */
    size_t hidden, in, out;    /* as in eg_rnn_spec */
    int has_basis;             /* the network carries the basis it was built from (constructed) */
} eg_rnn_source;

/* ---- Compile-time look-ups (each reports at ref when the block it names does not fit) */

/* The task block ref names; NULL when it has errors. */
const eg_task_spec *eg_compile_task(eg_compile *c, const eg_value *ref);
/* The same, also accepting tasks only training takes (flip_flop). */
const eg_task_spec *eg_compile_train_task(eg_compile *c, const eg_value *ref);
/* The recurrent network a reference to a network or train block names: fills
 * *out and returns 1, or returns 0 (reported at ref when the block is of
 * another kind or flavour). */
int eg_compile_rnn_source(eg_compile *c, const eg_value *ref, eg_rnn_source *out);
/* The recurrent reading of the network block ref names (network_rnn.c); NULL
 * when it has none (a Hopfield network, a sequence memory, ...). */
const eg_rnn_spec *eg_rnn_spec_of(eg_compile *c, const eg_value *ref, const eg_network_spec *net);

/* ---- Builders (run time; built once per run, then cached) ---------------- */

/* A task block: the task, and the defaults it gives evaluations. */
typedef struct eg_built_task {
    eg_task *task;
    size_t repeats;  /* the output phase is s · repeats steps unless an evaluation says otherwise */
    uint64_t seed;   /* the dataset's seed */
    size_t samples;  /* sequences an evaluation scores by default */
} eg_built_task;
eg_status eg_build_task(eg_run *run, const eg_task_spec *spec, const eg_built_task **out);

/* A recurrent network and its non-linearity. */
typedef struct eg_built_rnn {
    eg_rnn *net;
    eg_rnn_activation act;
    int borrowed[3]; /* net->w, w_uh, w_r view a caller's arrays: only their structs are freed */
} eg_built_rnn;
/* The recurrent network a source names (a network block's weights, given,
 * loaded or constructed, or a train block's trained weights). */
eg_status eg_build_rnn(eg_run *run, const eg_rnn_source *src, const eg_built_rnn **out);
/* The network block flavour (network_rnn.c). */
eg_status eg_build_rnn_network(eg_run *run, const eg_block *block, const eg_rnn_spec *spec,
                               const eg_built_rnn **out);
/* The result of a train block, trained once per run (train.c). */
eg_status eg_build_trained(eg_run *run, const eg_train_spec *spec, const eg_train_result **result,
                           const eg_built_rnn **net);

#endif
