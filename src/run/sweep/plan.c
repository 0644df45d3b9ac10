/* sweep_plan.c: the grid of a model's sweeps and the random stream of each point. */
#include "run/sweep/plan.h"

#include <stdlib.h>
#include <string.h>

#include "engram/rng.h"

static int is_pinned(const char *param, const char *const *pinned, size_t npinned)
{
    for (size_t i = 0; i < npinned; i++)
        if (strcmp(pinned[i], param) == 0)
            return 1;
    return 0;
}

void eg_sweep_plan_free(eg_sweep_plan *plan)
{
    if (!plan)
        return;
    free(plan->sweeps);
    free(plan->dim_of);
    free(plan->dim_size);
    free(plan->dim_stride);
    eg_rebind_free(plan->rebind);
    free(plan);
}

/* The re-binding of the swept params, in plan order. */
static eg_rebind *plan_rebind(const eg_model *model, const eg_sweep_plan *plan)
{
    const char **names = calloc(plan->nsweeps + 1, sizeof *names);
    eg_loc *locs = calloc(plan->nsweeps + 1, sizeof *locs);
    for (size_t i = 0; names && locs && i < plan->nsweeps; i++) {
        names[i] = plan->sweeps[i]->param;
        locs[i] = plan->sweeps[i]->loc;
    }
    eg_rebind *r = names && locs ? eg_rebind_new(model, names, locs, plan->nsweeps) : NULL;
    free(names);
    free(locs);
    return r;
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* One swept param's share of a point's stream: a hash of its name and value. */
static uint64_t param_hash(const char *param, double value)
{
    double x = value + 0.0; /* -0 and +0 are one value */
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return eg_rng_derive(hash_name(param), bits, 0x5357);
}

/* The share of the swept params that -D pins: each hashed with the value it
 * is pinned to, just as the grid would hash it at the point with that value,
 * so that pinning a param (in `sweep` or `run`) leaves the point's numbers as
 * they were. A param pinned to something other than a number adds nothing. */
static uint64_t pinned_hash(const eg_model *model, const char *const *pinned, size_t npinned)
{
    uint64_t acc = 0;
    for (size_t i = 0; i < model->nsweeps; i++) {
        const char *name = model->sweeps[i].param;
        if (!is_pinned(name, pinned, npinned))
            continue;
        for (size_t k = 0; k < model->nparams; k++)
            if (strcmp(model->params[k].name, name) == 0 && model->params[k].value &&
                model->params[k].value->kind == EG_VAL_NUMBER)
                acc ^= param_hash(name, model->params[k].value->num);
    }
    return acc;
}

eg_status eg_sweep_plan_build(const eg_model *model, const char *const *pinned, size_t npinned,
                              eg_sweep_plan **out, eg_error *err)
{
    eg_sweep_plan *plan = calloc(1, sizeof *plan);
    size_t n = model->nsweeps;
    if (plan) {
        plan->sweeps = calloc(n + 1, sizeof *plan->sweeps);
        plan->dim_of = calloc(n + 1, sizeof *plan->dim_of);
        plan->dim_size = calloc(n + 1, sizeof *plan->dim_size);
        plan->dim_stride = calloc(n + 1, sizeof *plan->dim_stride);
    }
    if (!plan || !plan->sweeps || !plan->dim_of || !plan->dim_size || !plan->dim_stride) {
        eg_sweep_plan_free(plan);
        return eg_error_set(err, EG_ENOMEM, "out of memory while planning the sweep");
    }
    plan->points = 1;
    plan->swept = n > 0;
    plan->pinned_hash = pinned_hash(model, pinned, npinned);
    size_t last_group = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        const eg_sweep *s = &model->sweeps[i];
        if (is_pinned(s->param, pinned, npinned))
            continue;
        if (plan->ndims == 0 || s->group != last_group) {
            plan->dim_size[plan->ndims++] = s->n;
            last_group = s->group;
            /* The check refuses such grids; a model built otherwise is refused here. */
            if (plan->points > EG_SWEEP_PLAN_MAX_POINTS / s->n) {
                eg_sweep_plan_free(plan);
                return eg_error_set(err, EG_EINVAL, "the sweep has more than %zu points", EG_SWEEP_PLAN_MAX_POINTS);
            }
            plan->points *= s->n;
        }
        plan->dim_of[plan->nsweeps] = plan->ndims - 1;
        plan->sweeps[plan->nsweeps++] = s;
    }
    if (!(plan->rebind = plan_rebind(model, plan))) {
        eg_sweep_plan_free(plan);
        return eg_error_set(err, EG_ENOMEM, "out of memory while planning the sweep");
    }
    /* The last dimension varies fastest. */
    for (size_t d = plan->ndims, stride = 1; d-- > 0;) {
        plan->dim_stride[d] = stride;
        stride *= plan->dim_size[d];
    }
    *out = plan;
    return EG_OK;
}

static size_t value_index(const eg_sweep_plan *plan, size_t p, size_t i)
{
    size_t d = plan->dim_of[i];
    return (p / plan->dim_stride[d]) % plan->dim_size[d];
}

void eg_sweep_plan_values(const eg_sweep_plan *plan, size_t p, double *values)
{
    for (size_t i = 0; i < plan->nsweeps; i++)
        values[i] = plan->sweeps[i]->values[value_index(plan, p, i)];
}


uint64_t eg_sweep_plan_stream(const eg_sweep_plan *plan, size_t p)
{
    if (!plan->swept)
        return 0;
    /* XOR of per-param hashes: the order of the sweep statements does not
     * matter, nor whether a param is swept here or pinned by -D. */
    uint64_t acc = plan->pinned_hash;
    for (size_t i = 0; i < plan->nsweeps; i++)
        acc ^= param_hash(plan->sweeps[i]->param, plan->sweeps[i]->values[value_index(plan, p, i)]);
    uint64_t s = eg_rng_derive(acc, 0x53574545, 0);
    return s ? s : 1;
}
