/* capacity.h: what the capacity experiments share (capacity.c): the template
 * network and its trials, the keys that set them, and the lists of loads and
 * sizes; the `scaling` kind (capacity_scaling.c) builds on them. */
#ifndef ENGRAM_RUN_KINDS_CAPACITY_H
#define ENGRAM_RUN_KINDS_CAPACITY_H

#include "run/kinds.h"
#include "run/trials.h"

/* A list of numbers compiled from a range or a list. */
typedef struct number_list {
    double *x;
    size_t n;
} number_list;

/* A capacity or critical block, compiled. */
typedef struct experiment_spec {
    eg_spec head;
    const eg_network_spec *net;
    const eg_discrete_spec *discrete;
    eg_trial_setup setup; /* spec and gen are set when it runs */
    size_t trials;
    number_list loads, damages; /* capacity; no damages: the cue's */
    size_t size;                /* capacity: D */
    number_list sizes;          /* critical: the sizes D */
    double success;             /* critical */
    size_t max_count;           /* critical: 0 for 8 D */
    eg_loc loads_loc, network_loc;
} experiment_spec;

/* The experiment as a run draws it. */
typedef struct experiment {
    eg_trial_setup setup;
    eg_gen_spec gen;
    size_t trials;
    int threads;
} experiment;

/* network, trials, probes, cue, update, order, steps, temperature, seed, tolerance, modules, partition. */
extern const eg_key eg_capacity_common_keys[];

/* The numbers of a range or a list into out, all positive (or zero when
 * allow_zero), reported at v otherwise. */
void eg_capacity_values(eg_compile *c, const eg_value *v, int allow_zero, number_list *out);
/* The common keys of block into a fresh spec of `bytes` bytes that starts
 * with an experiment_spec; NULL when out of memory. */
experiment_spec *eg_capacity_compile_common(eg_compile *c, const eg_block *block, size_t bytes);
/* Size d against the modules and the generator (max_count > 0: and that many
 * episodes drawable), reported at `at` or the block's loads. */
void eg_capacity_check_size(eg_compile *c, const eg_block *block, const experiment_spec *e, size_t d, eg_loc at,
                            size_t max_count);
/* The experiment as this run draws it: the template's generator with the
 * run's seed. */
void eg_capacity_setup(eg_run *run, const experiment_spec *spec, experiment *e);

#endif
