/* trials.h: the unit of the memory experiments: store a fresh set of episodes,
 * recall some of them from damaged cues, count how well it went; many such
 * trials in parallel, each seeded from what it is (size, count, trial). */
#ifndef ENGRAM_RUN_TRIALS_H
#define ENGRAM_RUN_TRIALS_H

#include <stddef.h>
#include <stdint.h>

#include "run/assoc.h"

typedef enum eg_damage { EG_DAMAGE_FLIP, EG_DAMAGE_MASK } eg_damage;

/* How `modules` divides the memory (docs/memory.md, "Modularity"). */
typedef enum eg_partition {
    EG_PARTITION_UNITS,    /* unit i in module i·k/D; each module holds its slice of every episode */
    EG_PARTITION_PATTERNS, /* episode μ in module μ mod k, a full network of D units; the recall goes to it */
    EG_PARTITION_COMPETE   /* as PATTERNS, but every module recalls the cue and the answer that
                            * agrees with the cue on the most units is taken */
} eg_partition;

typedef struct eg_trial_setup {
    const eg_assoc_spec *spec;
    const eg_gen_spec *gen;
    size_t probes;       /* episodes recalled per trial (the first ones; at most N) */
    eg_damage damage;
    double fraction;     /* of the units flipped or masked */
    eg_update update;
    size_t max_steps;
    double temperature;  /* T > 0: Glauber dynamics (weights memories, asynchronous) */
    uint64_t seed;       /* cues and update orders */
    double tolerance;    /* a recall counts as a success with Hamming ≤ tolerance·D */
    size_t modules;      /* 1, or k independent networks */
    eg_partition partition;
} eg_trial_setup;

typedef struct eg_trial_stats {
    size_t recalls;
    size_t exact;        /* Hamming 0 */
    size_t success;      /* Hamming ≤ tolerance·D */
    double hamming_mean; /* final Hamming distance / D, mean and sample s.d. over recalls */
    double hamming_sd;
    double steps_mean;
    size_t converged, cycles;
} eg_trial_stats;

/* Runs `trials` trials with N = count episodes of D = size units on `threads`
 * threads. Trial t draws its episodes from generator stream
 * eg_rng_derive(size, count, t) and its cues and update orders from streams
 * derived from that, so the statistics are identical for any thread count and
 * do not depend on which other (size, count) points a run visits. */
eg_status eg_trials_run(const eg_trial_setup *s, size_t count, size_t size, size_t trials, int threads,
                        eg_trial_stats *out, eg_error *err);

/* The same, and each recall's final Hamming distance / D into hamming
 * (trials × min(probes, count) values, trial-major) unless it is NULL: the
 * statistics that resample trials (bootstrap intervals) read them. */
eg_status eg_trials_run_each(const eg_trial_setup *s, size_t count, size_t size, size_t trials, int threads,
                             eg_trial_stats *out, double *hamming, eg_error *err);

/* One point of an experiment: its setup, N = count episodes of D = size units. */
typedef struct eg_trial_point {
    eg_trial_setup setup;
    size_t count, size;
} eg_trial_point;

/* The trials of n points as one queue of n·trials jobs, the costliest points'
 * first: threads then stay busy to the end of the run instead of waiting for
 * the slowest trial of every point. out[i] (and, unless hamming is NULL,
 * hamming[i]) are what eg_trials_run_each gives for point i alone. On failure
 * *failed is the point whose error is returned, the same for any thread
 * count. */
eg_status eg_trials_run_points(const eg_trial_point *pts, size_t n, size_t trials, int threads,
                               eg_trial_stats *out, double *const *hamming, size_t *failed, eg_error *err);

#endif
