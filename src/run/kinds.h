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
extern const eg_kind eg_kind_energy_landscape;

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
extern const eg_kind eg_kind_scaling;
extern const eg_kind eg_kind_continuation;
extern const eg_kind eg_kind_lyapunov;

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
} eg_dyn_network;

/* The continuous-time network of a network spec of flavour RATE or SEQUENCE. */
eg_status eg_build_dyn_network(eg_run *run, const eg_network_spec *spec, eg_dyn_network **out);
/* Its system view (borrows the network). */
eg_status eg_dyn_network_system(eg_run *run, const eg_network_spec *spec, eg_dyn_network *net, eg_dyn_system *sys);
/* The number of units a pattern of this network has (N_f for GSEMM). */
size_t eg_dyn_network_units(const eg_dyn_network *net);
/* What a block using a continuous-time network may ask at compile: the state
 * dimension (N for a rate network; 2 N_f, or 2 N_f + K for gsemm; 0 when
 * known only once built) and whether it is a sequence memory. */
size_t eg_network_rate_dim(const eg_network_spec *spec);
int eg_network_rate_is_sequence(const eg_network_spec *spec);
/* Whether the continuous Hopfield energy cannot be recorded for the network
 * (a sequence memory, the rate form, an expression as activation, asymmetric
 * inline weights): 1 with the reason in why. */
int eg_network_rate_energy_problem(const eg_network_spec *spec, char *why, size_t len);
/* Whether the network holds episodes of its own (store, or a sequence memory's). */
int eg_network_rate_stores(const eg_network_spec *spec);

/* A sequence block compiled (sequence.c): the edges of the transition matrix
 * G (K × K, G[i][j] = 1: memory i is followed by j), or G given whole. K is
 * the count of the memories of the network that uses it. */
typedef struct eg_transition {
    size_t from, to;
} eg_transition;
typedef struct eg_sequence_spec {
    eg_spec head;
    const double *matrix;            /* G given whole (size × size, row-major), or NULL */
    size_t size;
    const eg_transition *edges;      /* from cycles and chains */
    size_t nedges;
    const eg_value *const *indices;  /* every memory index written, for messages */
    size_t nindices;
} eg_sequence_spec;

/* Tasks, recurrent networks and training: run/kinds/recurrent.h. */

#endif
