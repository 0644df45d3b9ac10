/* sweep.h: running the points of a sweep: one point into its report or its
 * encoded row, and many points on a pool of threads. */
#ifndef ENGRAM_RUN_SWEEP_H
#define ENGRAM_RUN_SWEEP_H

#include <stddef.h>

#include "engram/status.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "run/compile.h"
#include "run/report.h"
#include "run/sweep/plan.h"

/* What every point shares: the parsed model file and the command line's -D
 * overrides (which pin the params they name) that the plan's model was
 * checked from, and the plan. Read-only while points run, so any number of
 * threads may use it at once; the tree must live while points run (the plan
 * re-evaluates parts of it). */
typedef struct eg_sweep_job {
    const eg_ast *ast;
    const eg_override *overrides;
    size_t noverrides;
    const eg_sweep_plan *plan;
} eg_sweep_job;

/* Runs point p: the model re-bound to the point's values (only what depends
 * on the swept params evaluated and checked again) and compiled, then run
 * with the point's random stream. On success *prog and *report are the
 * caller's to free; on failure the problem is in diags. */
eg_status eg_sweep_point_report(const eg_sweep_job *job, size_t p, eg_program **prog, eg_report **report,
                                eg_diag_list *diags);

/* Runs point p into its encoded row (sweep_row.h). A point that fails becomes
 * a failed row carrying its first error; only running out of memory fails. */
eg_status eg_sweep_point_row(const eg_sweep_job *job, size_t p, char **row, size_t *len, eg_error *err);

/* Runs the points pending[0..npending) on `threads` threads (handed out in that
 * order, first come first served). For each finished point, save() (if not
 * NULL) is called from the worker that ran it, concurrently with other
 * workers' calls, so that slow work such as fsync overlaps; then done() is
 * called, one call at a time, in completion order, and owns the row. A non-OK
 * return from either stops the sweep (points being run finish first). */
typedef struct eg_sweep_exec {
    const eg_sweep_job *job;
    const size_t *pending;
    size_t npending;
    int threads;
    eg_status (*save)(void *ctx, size_t point, const char *row, size_t len, eg_error *err);
    eg_status (*done)(void *ctx, size_t point, char *row, size_t len, eg_error *err);
    void *ctx;
} eg_sweep_exec;

eg_status eg_sweep_exec_run(const eg_sweep_exec *ex, eg_error *err);

#endif
