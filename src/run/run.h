/* run.h: running a checked model: building its objects on demand and carrying
 * out its actions in file order, collecting a report. */
#ifndef ENGRAM_RUN_RUN_H
#define ENGRAM_RUN_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "engram/status.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "run/compile.h"
#include "run/report.h"
#include "run/spec.h"

typedef struct eg_run eg_run;

/* A block kind: its schema, its compile step and what running a block of it
 * does. Definitions (memories, network, ...) have no run function: actions
 * build them on demand through their kind's builder, and the run caches what
 * was built. */
typedef struct eg_kind {
    const eg_schema *schema;
    /* Turns a checked block into its spec (an eg_spec first), reporting every
     * problem the run would otherwise meet at the key responsible
     * (compile.h). Returns NULL, or a spec while reporting errors, on failure. */
    eg_spec *(*compile)(eg_compile *c, const eg_block *block);
    /* Carries out a compiled block, adding its findings to result (an object
     * that already holds "block" and "kind"). Fails only for numeric, I/O or
     * memory reasons, reported with eg_run_fail, which also gives the status. */
    eg_status (*run)(eg_run *run, const eg_spec *spec, eg_report *result);
} eg_kind;

/* Every kind engram knows, NULL-terminated (kinds.c). */
extern const eg_kind *const eg_kinds[];
/* Their schemas, NULL-terminated, for eg_model_check. */
const eg_schema *const *eg_kind_schemas(void);
/* The kind of a block of a checked model. */
const eg_kind *eg_kind_of(const eg_block *block);

typedef struct eg_run_options {
    int threads;      /* worker threads for experiments that parallelise (0: all cores) */
    uint64_t stream;  /* which random stream this run draws from: 0 for a plain run; a
                         sweep gives each point its own (eg_sweep_plan_stream) */
    int keep_partial; /* when an action fails numerically but reports "complete": false
                       * (a diverging simulation), hand back the report so far */
    /* Library callers (include/engram/engram.h): */
    const char *const *only; /* run only the actions of these names (NULL: all) */
    size_t nonly;
    /* Called before each action and once after the last (block NULL); a
     * nonzero return stops the run before the next action (EG_EINVAL, with
     * the error "cancelled before block '...'"). */
    int (*progress)(void *ctx, size_t done, size_t total, const char *block);
    void *progress_ctx;
    const struct eg_run_array *arrays; /* what load("name") reads instead of files */
    size_t narrays;
} eg_run_options;

/* An array in memory served to load("name") (name as the model writes it):
 * rows × cols values of float64 (or float32), strides in bytes. Borrowed. */
typedef struct eg_run_array {
    const char *name;
    const void *data;
    int float32;
    size_t rows, cols;
    ptrdiff_t row_stride, col_stride;
} eg_run_array;

/* For builders: the array in memory named name, or NULL. */
const eg_run_array *eg_run_array_named(const eg_run *run, const char *name);

/* Runs every action of the compiled model in file order. On success *out is the report:
 * an object with "results", an array of one object per action. On failure the
 * problem is in diags (with its location) and the status says its class; *out
 * is NULL, except with opt->keep_partial when the failure is EG_ENUMERIC and
 * the failing action marked its result "complete": false: then *out holds the
 * results so far, the last one being the incomplete action's. */
eg_status eg_run_model(const eg_program *prog, const eg_run_options *opt, eg_report **out, eg_diag_list *diags);

/* For kinds: worker threads for experiments, opt->threads or, for 0, every
 * online core (sysconf(_SC_NPROCESSORS_ONLN)); at least 1. */
int eg_run_threads(const eg_run *run);

/* For kinds: the model being run. */
const eg_model *eg_run_model_of(const eg_run *run);
/* For builders: the spec a definition block was compiled to (NULL when its
 * kind compiles none). */
const eg_spec *eg_run_spec(const eg_run *run, const eg_block *block);
/* For kinds: the run's random stream, to pass as the `index` of every
 * eg_rng_alloc (and of the library calls that take a seed and an index). */
uint64_t eg_run_stream(const eg_run *run);
/* A model's seed as this run should use it: unchanged in a plain run, mixed
 * with the stream in a sweep point, so each point draws its own numbers. */
uint64_t eg_run_seed(const eg_run *run, uint64_t seed);

/* Reports a runtime problem at loc and returns status (for `return eg_run_fail(...)`). */
eg_status eg_run_fail(eg_run *run, eg_status status, eg_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The object built for a definition block, or NULL when not built yet. */
void *eg_run_cached(const eg_run *run, const eg_block *block);
/* Keeps obj as the block's built object; the run frees it with free_fn at the end.
 * On failure (out of memory) obj is freed at once. */
eg_status eg_run_cache(eg_run *run, const eg_block *block, void *obj, void (*free_fn)(void *));

/* For kinds that need a model's objects at other values of a param (a
 * continuation re-binds the model at every step): a run of the compiled prog
 * that builds and caches objects but runs no action, sharing parent's options
 * and diagnostics. NULL when out of memory. Close it (freeing what it built)
 * before prog. */
eg_run *eg_run_open(const eg_program *prog, eg_run *parent);
void eg_run_close(eg_run *run);
/* The matrices this run (or the run that opened it) has read from files, for
 * readers that only read them: created on first use; NULL when out of memory. */
struct eg_files *eg_run_files(eg_run *run);

#endif
