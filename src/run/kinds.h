/* kinds.h: the block kinds, and the builders through which actions obtain the
 * objects that definition blocks describe (built once per run, then cached). */
#ifndef ENGRAM_RUN_KINDS_H
#define ENGRAM_RUN_KINDS_H

#include "engram/hopfield.h"
#include "engram/patterns.h"
#include "run/run.h"

extern const eg_kind eg_kind_memories;
extern const eg_kind eg_kind_network;
extern const eg_kind eg_kind_recall;
extern const eg_kind eg_kind_capacity;
extern const eg_kind eg_kind_critical;

/* The episodes of a memories block. */
eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out);
/* Row `index` of the memories block a reference value (M[i]) names, into a
 * fresh array of D doubles (caller frees); checks the index against the set. */
eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units);

/* The discrete (bipolar) network of a network block, and the episodes it stores. */
eg_status eg_build_hopfield(eg_run *run, const eg_block *block, const eg_hopfield **out,
                            const eg_episodes **stored);

#endif
