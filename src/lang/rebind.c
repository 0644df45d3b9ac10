/* rebind.c: a point's model from the checked model, re-evaluating only the
 * params and keys that depend on the rebound params. */
#include "lang/rebind.h"

#include <stdlib.h>
#include <string.h>

/* A key of a block to evaluate again at every point. */
typedef struct rebind_entry {
    size_t block;
    size_t field;
    const eg_ast *value;
} rebind_entry;

struct eg_rebind {
    const eg_model *base;
    size_t *swept;        /* per rebound name: its param's index */
    eg_loc *locs;         /* per rebound name: where its values are written */
    size_t nswept;
    size_t *params;       /* the other params to evaluate again, in file order */
    size_t nparams;
    unsigned char *block_changed; /* per block: the point has its own copy */
    rebind_entry *entries;        /* in block order, then in the order written */
    size_t nentries;
    unsigned char *param_changed; /* per param: its value may differ at a point */
};

/* Whether expression e names a param or a block whose value may change. */
static int mentions(const eg_rebind *r, const eg_ast *e)
{
    if (!e)
        return 0;
    if (e->kind == EG_AST_NAME) {
        const eg_param *p;
        const eg_block *b;
        eg_model_find(r->base, e->text, &p, &b);
        return p ? r->param_changed[p - r->base->params] : b ? r->block_changed[b->index] : 0;
    }
    for (size_t i = 0; i < e->nkids; i++)
        if (mentions(r, e->kids[i]))
            return 1;
    return 0;
}

/* The index of the field of block b that the entry sets. */
static size_t field_of(const eg_block *b, const char *key)
{
    size_t k = 0;
    while (k < b->nfields && strcmp(b->fields[k].key->name, key) != 0)
        k++;
    return k;
}

/* Whether any key of block b names something that changes. */
static int block_mentions(const eg_rebind *r, const eg_block *b)
{
    for (size_t e = 0; e < b->stmt->nkids; e++) {
        const eg_ast *entry = b->stmt->kids[e];
        if (entry->kind == EG_AST_ENTRY && mentions(r, entry->kids[0]))
            return 1;
    }
    return 0;
}

/* Params in file order: a rebound one changes, and so does one computed from
 * a changed one (unless the command line pinned it). */
static int plan_params(eg_rebind *r)
{
    const eg_model *m = r->base;
    if (!(r->params = malloc((m->nparams + 1) * sizeof *r->params)))
        return 0;
    for (size_t k = 0; k < m->nparams; k++) {
        if (r->param_changed[k] || m->params[k].overridden || !mentions(r, m->params[k].stmt->kids[0]))
            continue;
        r->param_changed[k] = 1;
        r->params[r->nparams++] = k;
    }
    return 1;
}

/* Blocks whose keys name a changed param or a changed block, until no more
 * change: a block referring to a changed block must refer to the point's copy. */
static int plan_blocks(eg_rebind *r)
{
    const eg_model *m = r->base;
    for (int more = 1; more;) {
        more = 0;
        for (size_t i = 0; i < m->nblocks; i++)
            if (!r->block_changed[i] && block_mentions(r, m->blocks[i]))
                r->block_changed[i] = more = 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < m->nblocks; i++)
        n += r->block_changed[i] ? m->blocks[i]->stmt->nkids : 0;
    if (!(r->entries = malloc((n + 1) * sizeof *r->entries)))
        return 0;
    for (size_t i = 0; i < m->nblocks; i++) {
        const eg_block *b = m->blocks[i];
        for (size_t e = 0; r->block_changed[i] && e < b->stmt->nkids; e++) {
            const eg_ast *entry = b->stmt->kids[e];
            size_t f = entry->kind == EG_AST_ENTRY ? field_of(b, entry->text) : b->nfields;
            /* Every entry of a checked block sets one of its keys. */
            if (f < b->nfields && mentions(r, entry->kids[0]))
                r->entries[r->nentries++] = (rebind_entry){i, f, entry->kids[0]};
        }
    }
    return 1;
}

eg_rebind *eg_rebind_new(const eg_model *base, const char *const *names, const eg_loc *locs, size_t n)
{
    eg_rebind *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base = base;
    r->swept = malloc((n + 1) * sizeof *r->swept);
    r->locs = malloc((n + 1) * sizeof *r->locs);
    r->param_changed = calloc(base->nparams + 1, 1);
    r->block_changed = calloc(base->nblocks + 1, 1);
    int ok = r->swept && r->locs && r->param_changed && r->block_changed;
    for (size_t i = 0; ok && i < n; i++) {
        const eg_param *p = eg_model_param(base, names[i]);
        if (!p) {
            ok = 0;
            break;
        }
        r->locs[r->nswept] = locs[i];
        r->swept[r->nswept++] = (size_t)(p - base->params);
        r->param_changed[p - base->params] = 1;
    }
    /* With nothing rebound nothing changes: a point's model is the model. */
    if (!ok || (n > 0 && (!plan_params(r) || !plan_blocks(r)))) {
        eg_rebind_free(r);
        return NULL;
    }
    return r;
}

void eg_rebind_free(eg_rebind *r)
{
    if (!r)
        return;
    free(r->swept);
    free(r->locs);
    free(r->params);
    free(r->param_changed);
    free(r->block_changed);
    free(r->entries);
    free(r);
}

/* A model sharing base's blocks, sweeps and index, with its own params and
 * block list. NULL when out of memory. */
static eg_model *point_model(const eg_model *base)
{
    eg_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->base = base;
    m->params = malloc((base->nparams + 1) * sizeof *m->params);
    m->blocks = malloc((base->nblocks + 1) * sizeof *m->blocks);
    if (!m->params || !m->blocks) {
        eg_model_free(m);
        return NULL;
    }
    if (base->nparams)
        memcpy(m->params, base->params, base->nparams * sizeof *m->params);
    if (base->nblocks)
        memcpy(m->blocks, base->blocks, base->nblocks * sizeof *m->blocks);
    m->nparams = base->nparams;
    m->nblocks = base->nblocks;
    m->sweeps = base->sweeps;
    m->nsweeps = base->nsweeps;
    m->index = base->index;
    m->index_cap = base->index_cap;
    m->index_used = base->index_used;
    return m;
}

/* The point's own copy of block i, its fields copied too. 0 when out of memory. */
static int own_block(eg_model *m, size_t i)
{
    const eg_block *from = m->blocks[i];
    eg_block *b = eg_arena_alloc(&m->arena, sizeof *b);
    eg_field *fields = eg_arena_alloc(&m->arena, (from->nfields + 1) * sizeof *fields);
    if (!b || !fields)
        return 0;
    *b = *from;
    memcpy(fields, from->fields, from->nfields * sizeof *fields);
    b->fields = fields;
    m->blocks[i] = b;
    return 1;
}

eg_model *eg_rebind_model(const eg_rebind *r, const double *values, eg_diag_list *diags)
{
    size_t errors_before = diags->errors;
    eg_model *m = point_model(r->base);
    int ok = m != NULL;
    for (size_t i = 0; ok && i < r->nswept; i++) {
        eg_param *p = &m->params[r->swept[i]];
        p->overridden = 1;
        ok = (p->value = eg_value_number(&m->arena, r->locs[i], values[i])) != NULL;
    }
    for (size_t k = 0; ok && k < r->nparams; k++)
        m->params[r->params[k]].value = eg_model_eval_param(m, r->params[k], diags);
    for (size_t i = 0; ok && i < m->nblocks; i++)
        if (r->block_changed[i])
            ok = own_block(m, i);
    for (size_t e = 0; ok && e < r->nentries && !eg_diag_full(diags); e++) {
        const rebind_entry *en = &r->entries[e];
        eg_block *b = (eg_block *)m->blocks[en->block]; /* the point's own copy */
        eg_model_eval_field(m, b, &b->fields[en->field], en->value, diags);
    }
    if (!ok)
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory while checking the model");
    if (!ok || diags->errors > errors_before || diags->truncated) {
        eg_model_free(m);
        return NULL;
    }
    return m;
}
