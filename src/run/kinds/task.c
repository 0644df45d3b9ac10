/* kind_task.c: `task` blocks: members of the variable-binding family (repeat copy, composed copies,
 * any composition f) with their seeded datasets (SCIENCE.md §5.3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/kinds.h"
#include "run/build.h"

static const char *const kind_words[] = {"repeat_copy", "compose_copy", "variable_binding", NULL};
static const eg_type kind_type = {.kind = EG_TY_WORD, .words = kind_words};
static const eg_type samples_type = EG_TYPE_INTEGER_RANGE(1, 1e7, "a whole number in [1, 10^7]");

static const eg_key task_keys[] = {
    {"kind", &kind_type, 1, 0, NULL,
     "repeat_copy: y(t) = y(t−s); compose_copy: y_k(t) = sign_k · y_perm[k](t−s); variable_binding: y(t) = fᵀ[y(t−s); …; y(t−1)]"},
    {"length", &eg_type_count, 1, 0, NULL, "s, the input steps held in memory"},
    {"width", &eg_type_count, 1, 0, NULL, "d, the width of each step"},
    {"repeats", &eg_type_count, 0, 1, NULL, "the output phase is s · repeats steps (unless an evaluation sets a horizon)"},
    {"permutation", &eg_type_vector, 0, 0, NULL, "compose_copy: component k copies component permutation[k] (default identity)"},
    {"signs", &eg_type_vector, 0, 0, NULL, "compose_copy: ±1 per component (default all +1)"},
    {"composition", &eg_type_weights, 0, 0, NULL, "variable_binding: f, s·d × d with entries 0, ±1, one non-zero per column"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the dataset (the random ±1 inputs)"},
    {"samples", &samples_type, 0, 64, NULL, "sequences an evaluation scores by default"},
    EG_KEYS_END,
};
static const eg_schema task_schema = EG_SCHEMA("task", "a variable-binding task and its dataset", task_keys);

const eg_kind eg_kind_task = {.schema = &task_schema};

static void free_built(void *p)
{
    eg_built_task *b = p;
    eg_task_free(b->task);
    free(b);
}

/* Reads a vector key of d entries that must all be whole numbers; *out is new. */
static eg_status whole_vector(eg_run *run, const eg_block *block, const char *key, size_t d, long **out)
{
    const eg_value *v = eg_block_value(block, key);
    size_t n = v->kind == EG_VAL_LIST ? v->n : 1;
    if (n != d)
        return eg_run_fail(run, EG_EINVAL, v->loc, "'%s' has %zu entr%s; the task's width is %zu", key, n,
                           n == 1 ? "y" : "ies", d);
    long *x = malloc(d * sizeof *x);
    if (!x)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    for (size_t k = 0; k < d; k++) {
        const eg_value *item = v->kind == EG_VAL_LIST ? v->items[k] : v;
        if (item->num != floor(item->num)) {
            free(x);
            return eg_run_fail(run, EG_EINVAL, item->loc, "'%s' needs whole numbers, not %g", key, item->num);
        }
        x[k] = (long)item->num;
    }
    *out = x;
    return EG_OK;
}

static eg_status compose_copy(eg_run *run, const eg_block *block, size_t s, size_t d, eg_task **out)
{
    long *perm = NULL, *sign = NULL;
    size_t *p = NULL;
    int *g = NULL;
    eg_status st = EG_OK;
    if (eg_block_value(block, "permutation") && (st = whole_vector(run, block, "permutation", d, &perm)) != EG_OK)
        return st;
    if (eg_block_value(block, "signs") && (st = whole_vector(run, block, "signs", d, &sign)) != EG_OK)
        goto done;
    if ((perm && !(p = malloc(d * sizeof *p))) || (sign && !(g = malloc(d * sizeof *g)))) {
        st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < d; k++) {
        if (perm && (perm[k] < 0 || (size_t)perm[k] >= d)) {
            st = eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "permutation"),
                             "permutation[%zu] = %ld is not a component index in 0 … %zu", k, perm[k], d - 1);
            goto done;
        }
        if (perm)
            p[k] = (size_t)perm[k];
        if (g)
            g[k] = (int)sign[k];
    }
    eg_error err;
    if ((st = eg_task_alloc_signed_copy(s, d, p, g, out, &err)) != EG_OK)
        st = eg_run_fail(run, st, eg_block_loc(block, perm ? "permutation" : "signs"), "%s", err.msg);
done:
    free(perm);
    free(sign);
    free(p);
    free(g);
    return st;
}

eg_status eg_build_task(eg_run *run, const eg_block *block, const eg_built_task **out)
{
    eg_built_task *b = eg_run_cached(run, block);
    if (b) {
        *out = b;
        return EG_OK;
    }
    const char *kind = eg_block_word(block, "kind");
    size_t s = (size_t)eg_block_number(block, "length"), d = (size_t)eg_block_number(block, "width");
    if ((double)s * (double)d > 1e6)
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "length"), "s·d = %.0f memories is more than 10^6",
                           (double)s * (double)d);
    const char *extra[] = {"permutation", "signs", "composition"};
    for (size_t i = 0; i < 3; i++) {
        int allowed = (i < 2 && strcmp(kind, "compose_copy") == 0) || (i == 2 && strcmp(kind, "variable_binding") == 0);
        if (eg_block_value(block, extra[i]) && !allowed)
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, extra[i]), "'%s' does not apply to kind = %s",
                               extra[i], kind);
    }
    eg_task *task = NULL;
    eg_status st = EG_OK;
    eg_error err;
    if (strcmp(kind, "repeat_copy") == 0) {
        if ((st = eg_task_alloc_repeat_copy(s, d, &task, &err)) != EG_OK)
            return eg_run_fail(run, st, block->loc, "%s", err.msg);
    } else if (strcmp(kind, "compose_copy") == 0) {
        if ((st = compose_copy(run, block, s, d, &task)) != EG_OK)
            return st;
    } else {
        const eg_value *f = eg_block_value(block, "composition");
        if (!f)
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "kind"),
                               "kind = variable_binding needs 'composition' (f, s·d × d)");
        eg_matrix *m = NULL;
        if ((st = eg_load_matrix(run, f, &m)) != EG_OK)
            return st;
        st = eg_task_alloc(s, d, m, &task, &err);
        eg_matrix_free(m);
        if (st != EG_OK)
            return eg_run_fail(run, st, f->loc, "composition (%s): %s", eg_load_name(f), err.msg);
    }
    if (!(b = calloc(1, sizeof *b))) {
        eg_task_free(task);
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    }
    b->task = task;
    b->repeats = (size_t)eg_block_number(block, "repeats");
    b->seed = (uint64_t)eg_block_number(block, "seed");
    b->samples = (size_t)eg_block_number(block, "samples");
    if ((st = eg_run_cache(run, block, b, free_built)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b;
    return EG_OK;
}
