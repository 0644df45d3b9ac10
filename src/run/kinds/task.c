/* task.c: `task` blocks: members of the variable-binding family (repeat copy, composed copies,
 * any composition f) with their seeded datasets (docs/spectra-and-emt.md, "Tasks"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/build.h"
#include "run/kinds.h"
#include "run/kinds/recurrent.h"

/* ---- The task-kind registry ----------------------------------------------
 * One row per kind of task: its name (the word of `kind`), the keys it takes
 * beyond length and width, what it computes, how its keys compile and how its
 * task is built. The schema's words and doc come from the same rows. */

typedef struct eg_task_kind {
    const char *name;
    const char *const *keys; /* its own keys, NULL-terminated */
    const char *doc;
    /* Reads and checks its own keys into spec (spec->s, spec->d are set). */
    void (*compile)(eg_compile *c, const eg_block *block, eg_task_spec *spec);
    /* The task of a compiled spec. */
    eg_status (*build)(eg_run *run, const eg_task_spec *spec, eg_task **out);
} eg_task_kind;

static void compile_plain(eg_compile *c, const eg_block *block, eg_task_spec *spec);
static void compile_compose(eg_compile *c, const eg_block *block, eg_task_spec *spec);
static void compile_binding(eg_compile *c, const eg_block *block, eg_task_spec *spec);
static eg_status build_copy(eg_run *run, const eg_task_spec *spec, eg_task **out);
static eg_status build_binding(eg_run *run, const eg_task_spec *spec, eg_task **out);
static void compile_flip_flop(eg_compile *c, const eg_block *block, eg_task_spec *spec);
static void compile_delayed_match(eg_compile *c, const eg_block *block, eg_task_spec *spec);
static eg_status build_none(eg_run *run, const eg_task_spec *spec, eg_task **out);

static const char *const no_keys[] = {NULL};
static const char *const compose_keys[] = {"permutation", "signs", NULL};
static const char *const binding_keys[] = {"composition", NULL};
static const char *const flip_flop_keys[] = {"pulse", NULL};

/* Each row once: X(name, keys, doc, compile, build). */
#define TASK_KINDS(X)                                                                                          \
    X(repeat_copy, no_keys, "y(t) = y(t−s)", compile_plain, build_copy)                                         \
    X(compose_copy, compose_keys, "y_k(t) = sign_k · y_perm[k](t−s)", compile_compose, build_copy)              \
    X(variable_binding, binding_keys, "y(t) = fᵀ[y(t−s); …; y(t−1)]", compile_binding, build_binding)        \
    X(flip_flop, flip_flop_keys,                                                                                \
      "width = k channels of sparse ±1 pulses, y_k(t) = sign of channel k's last pulse, trials of length steps " \
      "(Sussillo & Barak 2013; train blocks only)",                                                             \
      compile_flip_flop, build_none)                                                                            \
    X(delayed_match, no_keys,                                                                                   \
      "a ±1 sample of width d, length = the delay's steps, a test; one output, +1 when the test matches "      \
      "(Yang et al. 2019's DMS with binary stimuli; train blocks only)",                                        \
      compile_delayed_match, build_none)

#define TASK_ROW(name, keys, doc, compile, build) {#name, keys, doc, compile, build},
#define TASK_WORD(name, keys, doc, compile, build) #name,
#define TASK_DOC(name, keys, doc, compile, build) "; " #name ": " doc

static const eg_task_kind task_kinds[] = {TASK_KINDS(TASK_ROW)};
static const char *const kind_words[] = {TASK_KINDS(TASK_WORD) NULL};
enum { NKINDS = sizeof task_kinds / sizeof task_kinds[0] };

static const eg_type kind_type = {.kind = EG_TY_WORD, .words = kind_words};
static const eg_type samples_type = EG_TYPE_INTEGER_RANGE(1, 1e7, "a whole number in [1, 10^7]");

static const eg_key task_keys[] = {
    {"kind", &kind_type, 1, 0, NULL, TASK_KINDS(TASK_DOC) + 2}, /* without the first "; " */
    {"length", &eg_type_count, 1, 0, NULL, "s, the input steps held in memory"},
    {"width", &eg_type_count, 1, 0, NULL, "d, the width of each step"},
    {"repeats", &eg_type_count, 0, 1, NULL, "the output phase is s · repeats steps (unless an evaluation sets a horizon)"},
    {"permutation", &eg_type_vector, 0, 0, NULL, "compose_copy: component k copies component permutation[k] (default identity)"},
    {"signs", &eg_type_vector, 0, 0, NULL, "compose_copy: ±1 per component (default all +1)"},
    {"composition", &eg_type_weights, 0, 0, NULL, "variable_binding: f, s·d × d with entries 0, ±1, one non-zero per column"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the dataset (the random ±1 inputs)"},
    {"samples", &samples_type, 0, 64, NULL, "sequences an evaluation scores by default"},
    {"pulse", &eg_type_probability, 0, 0.05, NULL, "flip_flop: the chance of a pulse per channel and step (every channel pulses at step 0)"},
    EG_KEYS_END,
};
static const eg_schema task_schema = EG_SCHEMA("task", "a variable-binding task and its dataset", task_keys);

/* ---- Compiling ----------------------------------------------------------- */

/* The registry row of a kind word (the schema admits only its words). */
static const eg_task_kind *kind_named(const char *word)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(task_kinds[i].name, word) == 0)
            return &task_kinds[i];
    return NULL;
}

/* Whether a kind takes key. */
static int kind_takes(const eg_task_kind *kind, const char *key)
{
    for (const char *const *k = kind->keys; *k; k++)
        if (strcmp(*k, key) == 0)
            return 1;
    return 0;
}

static void compile_plain(eg_compile *c, const eg_block *block, eg_task_spec *spec)
{
    (void)c;
    (void)block;
    (void)spec;
}

/* A vector key of d whole numbers, as longs in program memory; NULL (reported)
 * when it has another length or a fraction. */
static long *whole_vector(eg_compile *c, const eg_value *v, const char *key, size_t d)
{
    size_t n = v->kind == EG_VAL_LIST ? v->n : 1;
    if (n != d) {
        eg_compile_error(c, v->loc, "'%s' has %zu entr%s; the task's width is %zu", key, n, n == 1 ? "y" : "ies", d);
        return NULL;
    }
    long *x = eg_compile_alloc(c, d * sizeof *x);
    if (!x)
        return NULL;
    int ok = 1;
    for (size_t k = 0; k < d; k++) {
        const eg_value *item = v->kind == EG_VAL_LIST ? v->items[k] : v;
        if (item->num != floor(item->num)) {
            eg_compile_error(c, item->loc, "'%s' needs whole numbers, not %g", key, item->num);
            ok = 0;
        }
        x[k] = (long)item->num;
    }
    return ok ? x : NULL;
}

/* permutation: a permutation of the components 0 … d−1. */
static void compile_permutation(eg_compile *c, const eg_value *v, eg_task_spec *spec)
{
    size_t d = spec->d;
    long *perm = whole_vector(c, v, "permutation", d);
    size_t *p = perm ? eg_compile_alloc(c, d * sizeof *p) : NULL;
    unsigned char *seen = p ? eg_compile_alloc(c, d) : NULL;
    if (!seen)
        return;
    for (size_t k = 0; k < d; k++) {
        const eg_value *item = v->kind == EG_VAL_LIST ? v->items[k] : v;
        if (perm[k] < 0 || (size_t)perm[k] >= d) {
            eg_compile_error(c, item->loc, "permutation[%zu] = %ld is not a component index in 0 … %zu", k, perm[k],
                             d - 1);
            return;
        }
        if (seen[perm[k]]) {
            eg_compile_error(c, item->loc,
                             "permutation[%zu] = %ld repeats a component: each of 0 … %zu must appear once", k,
                             perm[k], d - 1);
            return;
        }
        seen[perm[k]] = 1;
        p[k] = (size_t)perm[k];
    }
    spec->perm = p;
}

/* signs: ±1 per component. */
static void compile_signs(eg_compile *c, const eg_value *v, eg_task_spec *spec)
{
    size_t d = spec->d;
    long *sign = whole_vector(c, v, "signs", d);
    int *g = sign ? eg_compile_alloc(c, d * sizeof *g) : NULL;
    if (!g)
        return;
    for (size_t k = 0; k < d; k++) {
        if (sign[k] != 1 && sign[k] != -1) {
            const eg_value *item = v->kind == EG_VAL_LIST ? v->items[k] : v;
            eg_compile_error(c, item->loc, "signs[%zu] is %ld; each sign is +1 or -1", k, sign[k]);
            return;
        }
        g[k] = (int)sign[k];
    }
    spec->sign = g;
}

static void compile_compose(eg_compile *c, const eg_block *block, eg_task_spec *spec)
{
    const eg_value *perm = eg_block_value(block, "permutation"), *signs = eg_block_value(block, "signs");
    if (perm)
        compile_permutation(c, perm, spec);
    if (signs)
        compile_signs(c, signs, spec);
}

/* An inline composition f: s·d × d, entries 0 or ±1, one non-zero per column. */
static void check_composition(eg_compile *c, const eg_value *f, size_t s, size_t d)
{
    size_t rows = f->n, cols = rows ? f->items[0]->n : 0;
    if (rows != s * d || cols != d) {
        eg_compile_error(c, f->loc, "'composition' is %zu × %zu but a task of length %zu and width %zu needs s·d × d = %zu × %zu",
                         rows, cols, s, d, s * d, d);
        return;
    }
    for (size_t k = 0; k < d; k++) {
        size_t nz = 0;
        for (size_t j = 0; j < rows; j++) {
            const eg_value *e = f->items[j]->items[k];
            if (e->num != 0.0 && e->num != 1.0 && e->num != -1.0) {
                eg_compile_error(c, e->loc, "composition[%zu][%zu] is %g; entries are 0, 1 or -1", j, k, e->num);
                return;
            }
            nz += e->num != 0.0;
        }
        if (nz != 1) {
            eg_compile_error(c, f->loc, "column %zu of 'composition' has %zu non-zero entries; each column needs exactly one",
                             k, nz);
            return;
        }
    }
}

static void compile_binding(eg_compile *c, const eg_block *block, eg_task_spec *spec)
{
    const eg_value *f = eg_block_value(block, "composition");
    if (!f) {
        eg_compile_error(c, eg_block_loc(block, "kind"), "kind = variable_binding needs 'composition' (f, s·d × d)");
        return;
    }
    if (f->kind == EG_VAL_LIST)
        check_composition(c, f, spec->s, spec->d);
    spec->composition = f;
}

/* flip_flop: width is k, length the steps of a trial; batches come from
 * eg_flip_flop_batch, not from an eg_task. */
static void compile_flip_flop(eg_compile *c, const eg_block *block, eg_task_spec *spec)
{
    (void)c;
    spec->flip_flop = 1;
    spec->pulse = eg_block_number(block, "pulse");
}

/* delayed_match: width is d, length the delay; batches from eg_delayed_match_batch. */
static void compile_delayed_match(eg_compile *c, const eg_block *block, eg_task_spec *spec)
{
    (void)c;
    (void)block;
    spec->delayed_match = 1;
}

static eg_spec *compile_task(eg_compile *c, const eg_block *block)
{
    eg_task_spec *spec = eg_compile_alloc(c, sizeof *spec);
    if (!spec)
        return NULL;
    spec->kind = kind_named(eg_block_word(block, "kind"));
    spec->s = (size_t)eg_block_number(block, "length");
    spec->d = (size_t)eg_block_number(block, "width");
    spec->repeats = (size_t)eg_block_number(block, "repeats");
    spec->seed = (uint64_t)eg_block_number(block, "seed");
    spec->samples = (size_t)eg_block_number(block, "samples");
    if ((double)spec->s * (double)spec->d > 1e6) {
        eg_compile_error(c, eg_block_loc(block, "length"), "s·d = %.0f memories is more than 10^6",
                         (double)spec->s * (double)spec->d);
        return &spec->head;
    }
    /* Keys of other kinds. */
    for (size_t i = 0; i < NKINDS; i++)
        for (const char *const *k = task_kinds[i].keys; *k; k++)
            if (eg_block_value(block, *k) && !kind_takes(spec->kind, *k))
                eg_compile_error(c, eg_block_loc(block, *k), "'%s' does not apply to kind = %s (it is a key of %s)",
                                 *k, spec->kind->name, task_kinds[i].name);
    spec->kind->compile(c, block, spec);
    return &spec->head;
}

const eg_kind eg_kind_task = {.schema = &task_schema, .compile = compile_task};

const eg_task_spec *eg_compile_task(eg_compile *c, const eg_value *ref)
{
    const eg_task_spec *t = eg_compile_train_task(c, ref);
    if (t && (t->flip_flop || t->delayed_match)) {
        eg_compile_error(c, ref->loc, "'%s' is a %s task, which only train blocks take", ref->str,
                         t->kind->name);
        return NULL;
    }
    return t;
}

const eg_task_spec *eg_compile_train_task(eg_compile *c, const eg_value *ref)
{
    const eg_spec *s = eg_compile_ref(c, ref);
    return s && s->kind == &eg_kind_task ? EG_SPEC_OF(eg_task_spec, s) : NULL;
}

/* ---- Building ------------------------------------------------------------ */

static eg_status build_copy(eg_run *run, const eg_task_spec *spec, eg_task **out)
{
    eg_error err;
    eg_status st = eg_task_alloc_signed_copy(spec->s, spec->d, spec->perm, spec->sign, out, &err);
    return st == EG_OK ? st : eg_run_fail(run, st, spec->head.block->loc, "%s", err.msg);
}

/* A loaded composition that does not fit is bad file data: reported as such. */
static eg_status build_binding(eg_run *run, const eg_task_spec *spec, eg_task **out)
{
    eg_matrix *m = NULL;
    eg_status st = eg_load_matrix(run, spec->composition, &m);
    if (st != EG_OK)
        return st;
    eg_error err;
    st = eg_task_alloc(spec->s, spec->d, m, out, &err);
    eg_matrix_free(m);
    if (st == EG_EINVAL)
        st = EG_EIO;
    if (st != EG_OK)
        return eg_run_fail(run, st, spec->composition->loc, "composition (%s): %s", eg_load_name(spec->composition),
                           err.msg);
    return EG_OK;
}

/* A task that is not a variable-binding task (flip_flop) has no eg_task. */
static eg_status build_none(eg_run *run, const eg_task_spec *spec, eg_task **out)
{
    (void)run;
    (void)spec;
    *out = NULL;
    return EG_OK;
}

static void free_built(void *p)
{
    eg_built_task *b = p;
    eg_task_free(b->task);
    free(b);
}

eg_status eg_build_task(eg_run *run, const eg_task_spec *spec, const eg_built_task **out)
{
    const eg_block *block = spec->head.block;
    eg_built_task *b = eg_run_cached(run, block);
    if (b) {
        *out = b;
        return EG_OK;
    }
    eg_task *task = NULL;
    eg_status st = spec->kind->build(run, spec, &task);
    if (st != EG_OK)
        return st;
    if (!(b = calloc(1, sizeof *b))) {
        eg_task_free(task);
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    }
    b->task = task;
    b->repeats = spec->repeats;
    b->seed = spec->seed;
    b->samples = spec->samples;
    if ((st = eg_run_cache(run, block, b, free_built)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b;
    return EG_OK;
}
