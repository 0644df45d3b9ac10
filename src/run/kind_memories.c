/* kind_memories.c: `memories` blocks: stored episodes, generated or given. */
#include <stdlib.h>
#include <string.h>

#include "run/kinds.h"

static const eg_key random_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D"},
    {"p", &eg_type_probability, 0, 0.5, NULL, "probability of +1 in each unit"},
    EG_KEYS_END,
};
static const eg_schema random_fn = EG_SCHEMA("random", "random bipolar episodes, units independent", random_keys);

static const eg_schema *const generators[] = {&random_fn, NULL};
static const eg_type generate_type = {.kind = EG_TY_CALL, .calls = generators, .what = "a generator such as random(...)"};

static const eg_key memories_keys[] = {
    {"generate", &generate_type, 1, 0, NULL, "how the episodes are made"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the generator"},
    EG_KEYS_END,
};
static const eg_schema memories_schema = EG_SCHEMA("memories", "a set of stored episodes", memories_keys);

const eg_kind eg_kind_memories = {&memories_schema, NULL};

static void free_episodes(void *p)
{
    eg_episodes_free(p);
}

/* A model asking for more than this many episode entries is refused up front. */
#define EG_EPISODES_MAX_ENTRIES ((size_t)1 << 31)

eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out)
{
    eg_episodes *ep = eg_run_cached(run, block);
    if (ep) {
        *out = ep;
        return EG_OK;
    }
    const eg_value *gen = eg_block_value(block, "generate");
    eg_loc loc = eg_block_loc(block, "generate");
    uint64_t seed = (uint64_t)eg_block_number(block, "seed");
    size_t n = (size_t)eg_call_number(gen, "count"), d = (size_t)eg_call_number(gen, "size");
    if ((double)n * (double)d > (double)EG_EPISODES_MAX_ENTRIES)
        return eg_run_fail(run, EG_EINVAL, loc, "%zu episodes of %zu units would take %.1f GiB; the limit is 16 GiB",
                           n, d, (double)n * (double)d * 8 / (1 << 30));
    eg_error err;
    eg_status st = eg_episodes_random_bipolar(n, d, eg_call_number(gen, "p"), seed, eg_run_stream(run),
                                              EG_EPISODES_DEFAULT, &ep, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st, loc, "%s", err.msg);
    if ((st = eg_run_cache(run, block, ep, free_episodes)) != EG_OK)
        return eg_run_fail(run, st, loc, "out of memory");
    *out = ep;
    return EG_OK;
}

eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, ref->ref, &ep);
    if (st != EG_OK)
        return st;
    if ((size_t)ref->index >= ep->count)
        return eg_run_fail(run, EG_EINVAL, ref->loc, "index %ld is out of range: memories '%s' holds %zu episode%s",
                           ref->index, ref->str, ep->count, ep->count == 1 ? "" : "s");
    double *row = malloc(ep->units * sizeof *row);
    if (!row)
        return eg_run_fail(run, EG_ENOMEM, ref->loc, "out of memory");
    eg_error err;
    if ((st = eg_episodes_row(ep, (size_t)ref->index, row, &err)) != EG_OK) {
        free(row);
        return eg_run_fail(run, st, ref->loc, "%s", err.msg);
    }
    *out = row;
    *units = ep->units;
    return EG_OK;
}
