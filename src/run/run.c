/* run.c: carrying out a model's actions in file order, with a cache of the
 * objects (episodes, networks, ...) its definitions build. */
#include "run/run.h"
#include "run/files.h"

#include "engram/cancel.h"
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
    eg_files *files; /* matrices read from files: the root run's, shared by the runs it opens */
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

eg_files *eg_run_files(eg_run *run)
{
    if (!run->files)
        run->files = eg_files_new();
    return run->files;
}

eg_run *eg_run_open(const eg_program *prog, eg_run *parent)
{
    eg_files *files = eg_run_files(parent);
    eg_run *r = files ? calloc(1, sizeof *r) : NULL;
    if (!r)
        return NULL;
    *r = (eg_run){prog, eg_program_model(prog), parent->opt, parent->diags, NULL, 0, 0, files};
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

const eg_run_array *eg_run_array_named(const eg_run *run, const char *name)
{
    for (size_t i = 0; i < run->opt->narrays; i++)
        if (strcmp(run->opt->arrays[i].name, name) == 0)
            return &run->opt->arrays[i];
    return NULL;
}

/* Whether the action block b is one this run carries out (opt->only). */
static int selected(const eg_run *run, const eg_block *b)
{
    if (!run->opt->only)
        return 1;
    for (size_t k = 0; k < run->opt->nonly; k++)
        if (strcmp(run->opt->only[k], b->name) == 0)
            return 1;
    return 0;
}

/* The action blocks this run carries out, for progress reports. */
static size_t count_actions(const eg_run *run)
{
    size_t n = 0;
    for (size_t i = 0; i < run->model->nblocks; i++) {
        const eg_block *b = run->model->blocks[i];
        const eg_kind *kind = eg_kind_of(b);
        n += kind && kind->run && eg_program_spec(run->prog, b) && selected(run, b);
    }
    return n;
}

/* Tells the caller's progress callback how far the run is; nonzero: stop. */
static int progress(const eg_run *run, size_t done, size_t total, const char *block)
{
    return run->opt->progress && run->opt->progress(run->opt->progress_ctx, done, total, block);
}

static eg_status run_actions(eg_run *run, eg_report *results)
{
    size_t total = run->opt->progress ? count_actions(run) : 0, done = 0;
    for (size_t i = 0; i < run->model->nblocks; i++) {
        const eg_block *b = run->model->blocks[i];
        const eg_kind *kind = eg_kind_of(b);
        const eg_spec *spec = eg_program_spec(run->prog, b);
        if (!kind || !kind->run || !spec || !selected(run, b))
            continue;
        if (progress(run, done++, total, b->name) || eg_cancel_check(NULL) != EG_OK)
            return eg_run_fail(run, EG_EINVAL, b->loc, "cancelled before block '%s'", b->name);
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
    /* Everything ran: a request to stop now has nothing left to stop. */
    (void)progress(run, done, total, NULL);
    return EG_OK;
}

eg_status eg_run_model(const eg_program *prog, const eg_run_options *opt, eg_report **out, eg_diag_list *diags)
{
    eg_run_options defaults = {0};
    eg_run run = {prog, eg_program_model(prog), opt ? opt : &defaults, diags, NULL, 0, 0, NULL};
    eg_report *report = eg_report_new(EG_REPORT_OBJECT);
    eg_report *results = eg_report_add(report, "results", EG_REPORT_ARRAY);
    eg_status st = results ? run_actions(&run, results) : EG_ENOMEM;
    if (st == EG_OK && eg_report_failed(report))
        st = eg_run_fail(&run, EG_ENOMEM, eg_loc_file(NULL), "out of memory while collecting results");
    for (size_t i = run.ncache; i-- > 0;)
        run.cache[i].free_fn(run.cache[i].obj);
    free(run.cache);
    eg_files_free(run.files);
    if (st != EG_OK && !(run.partial && run.opt->keep_partial && !eg_report_failed(report))) {
        eg_report_free(report);
        *out = NULL;
        return st;
    }
    *out = report;
    return st;
}
