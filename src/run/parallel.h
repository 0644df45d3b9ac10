/* parallel.h: running independent jobs (an experiment's trials) on POSIX threads. */
#ifndef ENGRAM_RUN_PARALLEL_H
#define ENGRAM_RUN_PARALLEL_H

#include <stddef.h>

#include "engram/status.h"

/* One job: writes its results into slots of its own (indexed by i), never into
 * shared state, so that what a run computes does not depend on the threads. */
typedef eg_status (*eg_job_fn)(size_t i, void *ctx, eg_error *err);

/* Runs fn(i) for i in [0, n) on `threads` threads (jobs handed out one at a
 * time). On failure, the error of the lowest failing i is returned, the same
 * whatever the thread count; later jobs may be skipped. */
eg_status eg_parallel_for(size_t n, int threads, eg_job_fn fn, void *ctx, eg_error *err);

#endif
