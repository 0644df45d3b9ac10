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

#endif
