/* kinds.h: the block kinds, and the builders through which actions obtain the
 * objects that definition blocks describe (built once per run, then cached). */
#ifndef ENGRAM_RUN_KINDS_H
#define ENGRAM_RUN_KINDS_H

#include "engram/gsemm.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "engram/rate.h"
#include "engram/rnn.h"
#include "engram/task.h"
#include "engram/train.h"
#include "run/build.h"
#include "run/run.h"

extern const eg_kind eg_kind_memories;
extern const eg_kind eg_kind_network;
extern const eg_kind eg_kind_recall;
extern const eg_kind eg_kind_sequence;
extern const eg_kind eg_kind_simulate;
extern const eg_kind eg_kind_fixed_points;
extern const eg_kind eg_kind_phase_plane;

/* The keys of continuous-time networks (rate networks and GSEMM), a key group
 * of the network kind, and the compile step of those flavours (network_rate.c). */
extern const eg_key eg_network_rate_keys[];
void eg_network_rate_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec);
extern const eg_kind eg_kind_task;
extern const eg_kind eg_kind_train;
extern const eg_kind eg_kind_evaluate;
extern const eg_kind eg_kind_spectrum;

/* Network keys of the recurrent (RNN) flavour: weights, input_weights,
 * readout, activation, construct, and the compile step of that flavour
 * (network_rnn.c). */
extern const eg_key eg_network_rnn_keys[];
void eg_network_rnn_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec);
extern const eg_kind eg_kind_capacity;
extern const eg_kind eg_kind_critical;

/* The episodes of a memories block. Random bipolar sets of at least
 * EG_EPISODES_PACK_ENTRIES entries (N·D) are held packed only (xi NULL): read
 * them with eg_episodes_get/_row, or ask for eg_build_episodes_unpacked. */
#define EG_EPISODES_PACK_ENTRIES ((double)(1 << 20))
eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out);
/* The same with the double form (xi) always present. */
eg_status eg_build_episodes_unpacked(eg_run *run, const eg_block *block, const eg_episodes **out);
/* Row `index` of the memories block a reference value (M[i]) names, into a
 * fresh array of D doubles (caller frees); checks the index against the set. */
eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units);

/* The discrete (bipolar) network of a network block, and the episodes it stores. */
eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out,
                            const eg_episodes **stored);

/* A continuous-time network: a rate network or a sequence memory (one of
 * rate, gsemm is set). The run owns it; actions may set rate->input for the
 * duration of an integration and must reset it to NULL afterwards. */
typedef struct eg_dyn_network {
    eg_rate_net *rate;
    eg_gsemm *gsemm;
    const eg_episodes *stored; /* the episodes in the weights (store or memories), or NULL */
    double pattern_scale;      /* GSEMM: factor from a stored episode to a column of Ξ (1/√N_f or 1) */
    struct eg_expr_fn *expr;   /* a user activation's expression, owned */
} eg_dyn_network;

/* The continuous-time network of a network block (state = rate, or a GSEMM kind). */
eg_status eg_build_dyn_network(eg_run *run, const eg_block *block, eg_dyn_network **out);
/* Its system view (borrows the network). */
eg_status eg_dyn_network_system(eg_run *run, const eg_block *block, eg_dyn_network *net, eg_dyn_system *sys);
/* The number of units a pattern of this network has (N_f for GSEMM). */
size_t eg_dyn_network_units(const eg_dyn_network *net);

/* External inputs of continuous-time networks: a term (step, pulse, ramp, sine,
 * table) or a list of terms (kind_simulate.c), and how they are added to a set
 * for a network of `units` units (amplitude lists are checked against it). */
extern const eg_type eg_type_dyn_input;
eg_status eg_build_inputs(eg_run *run, const eg_value *input, eg_input_set *set, size_t units);

/* The transition matrix G (K × K, G[i][j] = 1: memory i is followed by j) of a
 * sequence block, for K memories (caller frees). */
eg_status eg_build_transitions(eg_run *run, const eg_block *block, size_t k, eg_matrix **out);
/* Tasks, recurrent networks and training: run/kinds/recurrent.h. */

#endif
