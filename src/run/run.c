/* run.c: carrying out a model's actions in file order, with a cache of the
 * objects (episodes, networks, ...) its definitions build. */
#include "run/run.h"

#include "engram/rng.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct cache_entry {
    const eg_block *block;
    void *obj;
    void (*free_fn)(void *);
} cache_entry;

struct eg_run {
    const eg_program *prog;
    const eg_model *model;
    const eg_run_options *opt;
    eg_diag_list *diags;
    cache_entry *cache;
    size_t ncache;
    int partial; /* the failing action left an incomplete result worth keeping */
};

const eg_model *eg_run_model_of(const eg_run *run)
{
    return run->model;
}

const eg_spec *eg_run_spec(const eg_run *run, const eg_block *block)
{
    return eg_program_spec(run->prog, block);
}

uint64_t eg_run_stream(const eg_run *run)
{
    return run->opt->stream;
}

uint64_t eg_run_seed(const eg_run *run, uint64_t seed)
{
    uint64_t stream = run->opt->stream;
    return stream ? eg_rng_derive(seed, stream, 0) : seed;
}

int eg_run_threads(const eg_run *run)
{
    if (run->opt->threads > 0)
        return run->opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

eg_status eg_run_fail(eg_run *run, eg_status status, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(run->diags, EG_DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
    return status;
}

void *eg_run_cached(const eg_run *run, const eg_block *block)
{
    for (size_t i = 0; i < run->ncache; i++)
        if (run->cache[i].block == block)
            return run->cache[i].obj;
    return NULL;
}

eg_status eg_run_cache(eg_run *run, const eg_block *block, void *obj, void (*free_fn)(void *))
{
    cache_entry *c = realloc(run->cache, (run->ncache + 1) * sizeof *c);
    if (!c) {
        free_fn(obj);
        return EG_ENOMEM;
    }
    run->cache = c;
    run->cache[run->ncache++] = (cache_entry){block, obj, free_fn};
    return EG_OK;
}

eg_run *eg_run_open(const eg_program *prog, const eg_run *parent)
{
    eg_run *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = (eg_run){prog, eg_program_model(prog), parent->opt, parent->diags, NULL, 0, 0};
    return r;
}

void eg_run_close(eg_run *r)
{
    if (!r)
        return;
    for (size_t i = r->ncache; i-- > 0;)
        r->cache[i].free_fn(r->cache[i].obj);
    free(r->cache);
    free(r);
}

static eg_status run_actions(eg_run *run, eg_report *results)
{
    for (size_t i = 0; i < run->model->nblocks; i++) {
        const eg_block *b = run->model->blocks[i];
        const eg_kind *kind = eg_kind_of(b);
        const eg_spec *spec = eg_program_spec(run->prog, b);
        if (!kind || !kind->run || !spec)
            continue;
        eg_report *result = eg_report_add(results, NULL, EG_REPORT_OBJECT);
        eg_report_add_string(result, "block", b->name);
        eg_report_add_string(result, "kind", b->schema->name);
        if (!result)
            return eg_run_fail(run, EG_ENOMEM, b->loc, "out of memory");
        eg_status st = kind->run(run, spec, result);
        if (st != EG_OK) {
            const eg_report *complete = eg_report_get(result, "complete");
            run->partial = st == EG_ENUMERIC && complete && complete->kind == EG_REPORT_BOOL && !complete->integer;
            return st;
        }
    }
    return EG_OK;
}

eg_status eg_run_model(const eg_program *prog, const eg_run_options *opt, eg_report **out, eg_diag_list *diags)
{
    eg_run_options defaults = {0};
    eg_run run = {prog, eg_program_model(prog), opt ? opt : &defaults, diags, NULL, 0, 0};
    eg_report *report = eg_report_new(EG_REPORT_OBJECT);
    eg_report *results = eg_report_add(report, "results", EG_REPORT_ARRAY);
    eg_status st = results ? run_actions(&run, results) : EG_ENOMEM;
    if (st == EG_OK && eg_report_failed(report))
        st = eg_run_fail(&run, EG_ENOMEM, eg_loc_file(NULL), "out of memory while collecting results");
    for (size_t i = run.ncache; i-- > 0;)
        run.cache[i].free_fn(run.cache[i].obj);
    free(run.cache);
    if (st != EG_OK && !(run.partial && run.opt->keep_partial && !eg_report_failed(report))) {
        eg_report_free(report);
        *out = NULL;
        return st;
    }
    *out = report;
    return st;
}
