/* kinds.h: the block kinds, and the builders through which actions obtain the
 * objects that definition blocks describe (built once per run, then cached). */
#ifndef ENGRAM_RUN_KINDS_H
#define ENGRAM_RUN_KINDS_H

#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "engram/rnn.h"
#include "engram/task.h"
#include "engram/train.h"
#include "run/run.h"

extern const eg_kind eg_kind_memories;
extern const eg_kind eg_kind_network;
extern const eg_kind eg_kind_recall;
extern const eg_kind eg_kind_task;
extern const eg_kind eg_kind_train;
extern const eg_kind eg_kind_evaluate;
extern const eg_kind eg_kind_spectrum;

/* Network keys of the recurrent (RNN) flavour: weights, input_weights,
 * readout, activation, construct (network_rnn.c). */
extern const eg_key eg_network_rnn_keys[];

/* The episodes of a memories block. */
eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out);
/* Row `index` of the memories block a reference value (M[i]) names, into a
 * fresh array of D doubles (caller frees); checks the index against the set. */
eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units);

/* The discrete (bipolar) network of a network block, and the episodes it stores. */
eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out,
                            const eg_episodes **stored);

/* A task block: the task, and the defaults it gives evaluations. */
typedef struct eg_built_task {
    eg_task *task;
    size_t repeats;  /* the output phase is s · repeats steps unless an evaluation says otherwise */
    uint64_t seed;   /* the dataset's seed */
    size_t samples;  /* sequences an evaluation scores by default */
} eg_built_task;
eg_status eg_build_task(eg_run *run, const eg_block *block, const eg_built_task **out);

/* A recurrent network and its non-linearity. */
typedef struct eg_built_rnn {
    eg_rnn *net;
    eg_activation act;
} eg_built_rnn;
/* The recurrent network of a network block (weights given, loaded or
 * constructed) or of a train block (the trained weights): ref is the value
 * naming the block, for messages. */
eg_status eg_build_rnn(eg_run *run, const eg_value *ref, const eg_built_rnn **out);
/* The network block flavour (network_rnn.c). */
eg_status eg_build_rnn_network(eg_run *run, const eg_block *block, const eg_built_rnn **out);
/* The result of a train block, trained once per run (kind_train.c). */
eg_status eg_build_trained(eg_run *run, const eg_block *block, const eg_train_result **result,
                           const eg_built_rnn **net);

#endif
