/* sweep_plan.h: the points of a model's sweeps: which param takes which value
 * at point p of the grid, and which random stream the point draws from. Both
 * `engram run` and `engram sweep` walk the grid through this plan. */
#ifndef ENGRAM_RUN_SWEEP_PLAN_H
#define ENGRAM_RUN_SWEEP_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"
#include "lang/model.h"
#include "lang/rebind.h"

/* A sweep more than this many points long is refused (by the check). */
#define EG_SWEEP_PLAN_MAX_POINTS EG_MODEL_MAX_SWEEP_POINTS

/* The swept params not pinned by the command line, grouped into dimensions:
 * the params of one `sweep a, b in zip(...)` statement form one dimension and
 * take their i-th values together; the grid is the product of the dimensions,
 * the last one varying fastest (as nested loops in file order would). */
typedef struct eg_sweep_plan {
    const eg_sweep **sweeps; /* in file order; they point into the model */
    size_t nsweeps;
    size_t *dim_of;          /* per sweep: its dimension */
    size_t *dim_size;        /* per dimension: how many values */
    size_t *dim_stride;      /* per dimension: points between two of its values */
    size_t ndims;
    size_t points;           /* the product of dim_size (1 when nothing is swept) */
    /* How a point's model is made from the model (when something is swept):
     * the swept params re-bound, what depends on them evaluated again. */
    struct eg_rebind *rebind;
    int swept;               /* the model has sweep statements (pinned or not) */
    uint64_t pinned_hash;    /* the pinned swept params' share of every point's stream */
} eg_sweep_plan;

/* The plan of model's sweeps without those over the params named in pinned
 * (npinned names; -D overrides pin a swept param to one value). The model and
 * the syntax tree it was checked from must outlive the plan. */
eg_status eg_sweep_plan_build(const eg_model *model, const char *const *pinned, size_t npinned,
                              eg_sweep_plan **out, eg_error *err);
void eg_sweep_plan_free(eg_sweep_plan *plan);

/* The value of every swept param (plan order) at point p < plan->points. */
void eg_sweep_plan_values(const eg_sweep_plan *plan, size_t p, double *values);

/* The random stream of point p: a hash of the swept params' names and values
 * (not of p itself, nor of the order of the sweep statements), so each point
 * draws its own numbers, and adding values to a sweep leaves the other points'
 * results unchanged. A swept param pinned by -D counts with its pinned value,
 * so `sweep -D` and `run -D` of a point's values give that point's numbers.
 * Never 0, which is a plain run's stream, unless the model sweeps nothing.
 * Trials are a sweep over a param used nowhere else. */
uint64_t eg_sweep_plan_stream(const eg_sweep_plan *plan, size_t p);

#endif
