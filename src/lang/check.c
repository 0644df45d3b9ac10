/* check.c: the semantic check: names, params and overrides, every block's entries
 * against its schema, sweeps. Reports every problem in one pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/eval.h"
#include "lang/model.h"

/* A sweep larger than this is a typo in a range, not an experiment. */
#define EG_SWEEP_MAX_POINTS 1000000

typedef struct checker {
    eg_model *model;
    const eg_ast **asts;       /* the statement of each model block, in the same order */
    const eg_ast **param_asts; /* the statement of each param, in the same order */
    const eg_schema *const *kinds;
    eg_diag_list *diags;
    const eg_override *overrides;
    size_t noverrides;
    unsigned char *override_used;
    int oom;
    int incomplete; /* a block lost entries to syntax errors: the model is not returned */
    size_t block_cap, param_cap;
    size_t kind_blocks[64]; /* blocks of each kind so far, for generated names (kind_1, ...) */
    /* Each kind's keys in schema order, listed once per check rather than once
     * per block: a kind's keys may come in groups, where the i-th is a walk away. */
    const eg_key **kind_keys[64];
    size_t kind_nkeys[64];
} checker;

/* Makes room for one more model item (a block or a param) of size bytes and
 * its statement: the two arrays grow together, doubling. 0 when out of memory. */
static int grow_with_asts(void **items, size_t size, const eg_ast ***asts, size_t used, size_t *cap)
{
    if (used < *cap)
        return 1;
    size_t n = *cap ? 2 * *cap : 16;
    void *grown = realloc(*items, n * size);
    if (!grown)
        return 0;
    *items = grown;
    const eg_ast **grown_asts = realloc(*asts, n * sizeof *grown_asts);
    if (!grown_asts)
        return 0;
    *asts = grown_asts;
    *cap = n;
    return 1;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int is_family(const eg_schema *const *kinds, const char *word)
{
    for (size_t i = 0; kinds[i]; i++)
        if (same(kinds[i]->family, word))
            return 1;
    return 0;
}

/* The kind a block statement names: `KIND ...`, or `FAMILY NAME` for families. */
static const eg_schema *find_kind(const eg_schema *const *kinds, const eg_ast *stmt)
{
    int family = is_family(kinds, stmt->text);
    const char *name = family ? stmt->name : stmt->text;
    for (size_t i = 0; name && kinds[i]; i++)
        if (kinds[i]->name[0] == name[0] && same(kinds[i]->family, family ? stmt->text : NULL) &&
            strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    return NULL;
}

static void report_unknown_kind(checker *c, const eg_ast *stmt)
{
    int family = is_family(c->kinds, stmt->text);
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; c->kinds[i] && n < 63; i++)
        if (same(c->kinds[i]->family, family ? stmt->text : NULL))
            names[n++] = c->kinds[i]->name;
    names[n] = NULL;
    if (family && !stmt->name) {
        eg_diag_error(c->diags, stmt->loc, "'%s' needs to say what: %s NAME { ... }", stmt->text, stmt->text);
        return;
    }
    const char *word = family ? stmt->name : stmt->text;
    const char *what = family ? "kind of" : "block kind";
    const char *hint = eg_diag_suggest(word, names);
    if (hint)
        eg_diag_error(c->diags, stmt->loc, "unknown %s%s%s '%s'; did you mean '%s'?", what, family ? " " : "",
                      family ? stmt->text : "", word, hint);
    else
        eg_diag_error(c->diags, stmt->loc, "unknown %s%s%s '%s'", what, family ? " " : "", family ? stmt->text : "",
                      word);
}

/* Where a name was first defined, for duplicate-name messages; loc.file NULL if free. */
static eg_loc defined_at(const eg_model *m, const char *name)
{
    const eg_param *p;
    const eg_block *b;
    eg_model_find(m, name, &p, &b);
    return p ? p->loc : b ? b->loc : eg_loc_file(NULL);
}

static int claim_name(checker *c, const char *name, eg_loc loc)
{
    eg_loc first = defined_at(c->model, name);
    if (!first.file)
        return 1;
    eg_diag_error(c->diags, loc, "'%s' is already defined", name);
    eg_diag_note(c->diags, first, "'%s' was first defined here", name);
    return 0;
}

static void add_block(checker *c, const eg_ast *stmt)
{
    const eg_schema *kind = find_kind(c->kinds, stmt);
    if (!kind) {
        report_unknown_kind(c, stmt);
        return;
    }
    /* In `analyze fixed_points { }` the word names the kind, not the block. */
    const char *given = kind->family ? NULL : stmt->name;
    if (given && !claim_name(c, given, stmt->loc))
        return;
    eg_model *m = c->model;
    if (!grow_with_asts((void **)&m->blocks, sizeof *m->blocks, &c->asts, m->nblocks, &c->block_cap)) {
        c->oom = 1;
        return;
    }
    size_t which = 0;
    while (c->kinds[which] != kind)
        which++;
    const eg_key **keys = which < 64 ? c->kind_keys[which] : NULL;
    size_t nkeys = keys ? c->kind_nkeys[which] : eg_schema_key_count(kind);
    if (which < 64 && !keys && (keys = eg_arena_alloc(&m->arena, (nkeys + 1) * sizeof *keys))) {
        for (size_t k = 0; k < nkeys; k++)
            keys[k] = eg_schema_key_at(kind, k);
        c->kind_keys[which] = keys;
        c->kind_nkeys[which] = nkeys;
    }
    eg_block *b = eg_arena_calloc(&m->arena, sizeof *b);
    eg_field *fields = eg_arena_calloc(&m->arena, (nkeys ? nkeys : 1) * sizeof *fields);
    if (!b || !fields) {
        c->oom = 1;
        return;
    }
    size_t ordinal = which < 64 ? ++c->kind_blocks[which] : 0;
    char generated[96];
    if (!given)
        snprintf(generated, sizeof generated, "%s_%zu", kind->name, ordinal);
    b->schema = kind;
    const char *name = given ? given : generated;
    b->name = eg_arena_strndup(&m->arena, name, strlen(name));
    b->named = given != NULL;
    b->loc = stmt->loc;
    b->fields = fields;
    b->nfields = nkeys;
    for (size_t k = 0; k < nkeys; k++) {
        fields[k].key = keys ? keys[k] : eg_schema_key_at(kind, k);
        fields[k].loc = stmt->loc;
    }
    c->asts[m->nblocks] = stmt;
    b->stmt = stmt;
    b->index = m->nblocks;
    m->blocks[m->nblocks++] = b;
    if (!b->name || !eg_model_index_add(m, b->name, 1, m->nblocks - 1))
        c->oom = 1;
}

static void add_param(checker *c, const eg_ast *stmt)
{
    if (!claim_name(c, stmt->text, stmt->loc))
        return;
    eg_model *m = c->model;
    if (!grow_with_asts((void **)&m->params, sizeof *m->params, &c->param_asts, m->nparams, &c->param_cap)) {
        c->oom = 1;
        return;
    }
    eg_param *p = &m->params[m->nparams];
    memset(p, 0, sizeof *p);
    p->name = eg_arena_strndup(&m->arena, stmt->text, strlen(stmt->text));
    p->loc = stmt->loc;
    p->stmt = stmt;
    if (!p->name) {
        c->oom = 1;
        return;
    }
    c->param_asts[m->nparams++] = stmt;
    if (!eg_model_index_add(m, p->name, 0, m->nparams - 1))
        c->oom = 1;
}

/* A block written inside another is an error, but its name is still defined,
 * so that references to it do not add errors of their own. */
static void add_block_tree(checker *c, const eg_ast *stmt, const eg_ast *parent)
{
    if (parent) {
        char desc[160];
        snprintf(desc, sizeof desc, parent->name ? "%s '%s'" : "a %s block", parent->text, parent->name);
        eg_diag_error(c->diags, stmt->loc, "a '%s' block cannot appear inside %s: blocks are written at the top level",
                      stmt->text, desc);
    }
    add_block(c, stmt);
    for (size_t i = 0; stmt->nested && i < stmt->nkids; i++)
        if (stmt->kids[i]->kind == EG_AST_BLOCK)
            add_block_tree(c, stmt->kids[i], stmt);
}

/* The check walks the statements of a large model three times, long after
 * the parser built them: each would be a cache miss. Asking for the
 * statements a few places ahead hides that wait behind the work on this one. */
#define EG_CHECK_LOOKAHEAD 8

static void prefetch_ahead(const eg_ast *const *stmts, size_t i, size_t n)
{
    if (i + EG_CHECK_LOOKAHEAD < n)
        __builtin_prefetch(stmts[i + EG_CHECK_LOOKAHEAD]);
}

/* For the third pass: block statements, then their lists of entries, then
 * the entries, each step a little closer to the block checked now. */
static void prefetch_entries(const eg_ast *const *blocks, size_t i, size_t n)
{
    prefetch_ahead(blocks, i, n);
    if (i + EG_CHECK_LOOKAHEAD / 2 < n)
        __builtin_prefetch(blocks[i + EG_CHECK_LOOKAHEAD / 2]->kids);
    if (i + EG_CHECK_LOOKAHEAD / 4 < n) {
        const eg_ast *soon = blocks[i + EG_CHECK_LOOKAHEAD / 4];
        for (size_t k = 0; k < soon->nkids; k++)
            __builtin_prefetch(soon->kids[k]);
    }
}

/* For the first pass: statements, then the index slots of the names they
 * define, a little closer to the statement recorded now. */
static void prefetch_names(const eg_model *m, const eg_ast *file, size_t i)
{
    prefetch_ahead((const eg_ast *const *)file->kids, i, file->nkids);
    if (i + EG_CHECK_LOOKAHEAD / 2 < file->nkids) {
        const eg_ast *soon = file->kids[i + EG_CHECK_LOOKAHEAD / 2];
        const char *name = soon->kind == EG_AST_BLOCK ? soon->name : soon->text;
        if (name)
            eg_model_index_prefetch(m, name);
    }
}

/* First pass: every name the file defines, so that blocks can refer forward. */
static void collect_names(checker *c, const eg_ast *file)
{
    for (size_t i = 0; i < file->nkids; i++) {
        prefetch_names(c->model, file, i);
        const eg_ast *stmt = file->kids[i];
        if (stmt->kind == EG_AST_BLOCK) {
            add_block_tree(c, stmt, NULL);
        } else if (stmt->kind == EG_AST_PARAM) {
            add_param(c, stmt);
        } else if (stmt->kind == EG_AST_ENTRY) {
            eg_diag_error(c->diags, stmt->loc, "'%s = ...' is outside any block; did you mean 'param %s = ...'?",
                          stmt->text, stmt->text);
            /* Taken as the param it was probably meant to be, so its uses are not errors too. */
            add_param(c, stmt);
        }
    }
}

static const eg_override *find_override(checker *c, const char *name)
{
    for (size_t i = 0; i < c->noverrides; i++) {
        if (strcmp(c->overrides[i].name, name) == 0) {
            c->override_used[i] = 1;
            return &c->overrides[i];
        }
    }
    return NULL;
}

/* Every -D that named no param, with the closest param name as a hint. */
static void report_unused_overrides(checker *c)
{
    const char **names = NULL; /* listed for the first such -D only */
    for (size_t i = 0; i < c->noverrides; i++) {
        if (c->override_used[i] || c->model->partial)
            continue;
        if (!names && (names = calloc(c->model->nparams + 1, sizeof *names)))
            for (size_t k = 0; k < c->model->nparams; k++)
                names[k] = c->model->params[k].name;
        const char *hint = names ? eg_diag_suggest(c->overrides[i].name, names) : NULL;
        if (hint)
            eg_diag_error(c->diags, eg_loc_file(NULL), "-D %s: the model has no param '%s'; did you mean '%s'?",
                          c->overrides[i].name, c->overrides[i].name, hint);
        else
            eg_diag_error(c->diags, eg_loc_file(NULL), "-D %s: the model has no param '%s'", c->overrides[i].name,
                          c->overrides[i].name);
    }
    free(names);
}

/* A param's value is wrong when it is a bare word naming a later param (the
 * order is wrong) or a block (params hold values). Returns value, or NULL
 * after reporting. */
static eg_value *judge_param(eg_model *m, size_t k, eg_value *value, eg_diag_list *diags)
{
    const eg_param *p = &m->params[k];
    const eg_param *later = value && value->kind == EG_VAL_SYMBOL ? eg_model_param(m, value->str) : NULL;
    if (later) {
        eg_diag_error(diags, value->loc, "param '%s' is used before it is defined", later->name);
        eg_diag_note(diags, later->loc, "'%s' is defined here", later->name);
        return NULL;
    }
    if (value && value->kind == EG_VAL_REF) {
        eg_diag_error(diags, p->stmt->kids[0]->loc, "param '%s' cannot name a block", p->name);
        return NULL;
    }
    return value;
}

eg_value *eg_model_eval_param(eg_model *m, size_t k, eg_diag_list *diags)
{
    eg_scope scope = {m, k, &m->arena};
    return judge_param(m, k, eg_eval(m->params[k].stmt->kids[0], &scope, diags), diags);
}

/* Second pass: params in file order; each sees the params before it. */
static void eval_params(checker *c)
{
    for (size_t k = 0; k < c->model->nparams; k++) {
        prefetch_ahead(c->param_asts, k, c->model->nparams);
        eg_param *p = &c->model->params[k];
        const eg_override *ov = find_override(c, p->name);
        if (ov) {
            p->value = eg_value_copy(&c->model->arena, ov->value);
            p->overridden = 1;
            if (!p->value)
                c->oom = 1;
            p->value = judge_param(c->model, k, p->value, c->diags);
        } else {
            p->value = eg_model_eval_param(c->model, k, c->diags);
        }
    }
    report_unused_overrides(c);
}

/* Returns the key suggested instead, if any. */
static const char *report_unknown_key(checker *c, const eg_block *b, const eg_ast *entry)
{
    const char *names[128];
    size_t n = 0;
    for (; n < b->nfields && n < 127; n++)
        names[n] = b->fields[n].key->name;
    names[n] = NULL;
    char desc[160];
    eg_block_describe(b, desc, sizeof desc);
    const char *hint = eg_diag_suggest(entry->text, names);
    if (hint)
        eg_diag_error(c->diags, entry->loc, "unknown key '%s' in %s; did you mean '%s'?", entry->text, desc, hint);
    else
        eg_diag_error(c->diags, entry->loc, "unknown key '%s' in %s", entry->text, desc);
    return hint;
}

static eg_field *find_field(eg_block *b, const char *key)
{
    /* A kind has a few dozen keys at most: a scan that compares first letters
     * before whole names beats a table of its own. */
    for (size_t k = 0; k < b->nfields; k++) {
        const char *name = b->fields[k].key->name;
        if (name[0] == key[0] && strcmp(name, key) == 0)
            return &b->fields[k];
    }
    return NULL;
}

/* Checks one entry; a key suggested for an unknown one is marked in hinted[]
 * (its absence is then not reported a second time). */
static void check_entry(checker *c, eg_block *b, const eg_ast *entry, unsigned char *hinted)
{
    if (entry->kind == EG_AST_BLOCK)
        return; /* reported, and checked on its own, by the first pass */
    eg_field *f = find_field(b, entry->text);
    if (!f) {
        const char *hint = report_unknown_key(c, b, entry);
        if (hint && hinted)
            hinted[find_field(b, hint) - b->fields] = 1;
        return;
    }
    if (f->set) {
        char desc[160];
        eg_diag_error(c->diags, entry->loc, "key '%s' is set twice in %s", entry->text,
                      eg_block_describe(b, desc, sizeof desc));
        eg_diag_note(c->diags, f->loc, "first set here");
        return;
    }
    f->loc = entry->loc;
    f->set = 1;
    eg_model_eval_field(c->model, b, f, entry->kids[0], c->diags);
}

void eg_model_eval_field(eg_model *m, eg_block *b, eg_field *f, const eg_ast *value, eg_diag_list *diags)
{
    eg_scope scope = {m, m->nparams, &m->arena};
    eg_value *v = eg_eval(value, &scope, diags);
    eg_slot slot = {.key = f->key->name, .block = b};
    if (v && !eg_schema_check(f->key->type, v, &slot, m, diags))
        v = NULL;
    f->value = v;
}

/* Third pass: each block's entries, then its required keys. A key is not
 * reported missing when a syntax error may have dropped it, or when an
 * unknown key was taken for a misspelling of it. */
static void check_blocks(checker *c)
{
    for (size_t i = 0; i < c->model->nblocks && !eg_diag_full(c->diags); i++) {
        prefetch_entries(c->asts, i, c->model->nblocks);
        eg_block *b = c->model->blocks[i];
        const eg_ast *stmt = c->asts[i];
        c->incomplete |= stmt->damaged;
        /* Blocks rarely have more keys than fit on the stack. */
        unsigned char hinted_here[64];
        unsigned char *hinted = b->nfields < sizeof hinted_here ? hinted_here : malloc(b->nfields + 1);
        if (hinted)
            memset(hinted, 0, b->nfields + 1);
        else
            c->oom = 1;
        for (size_t e = 0; e < stmt->nkids; e++)
            check_entry(c, b, stmt->kids[e], hinted);
        for (size_t f = 0; f < b->nfields && !stmt->damaged && hinted; f++) {
            const eg_field *field = &b->fields[f];
            if (field->key->required && !field->set && !hinted[f]) {
                char desc[160];
                eg_diag_error(c->diags, b->loc, "%s needs the key '%s'", eg_block_describe(b, desc, sizeof desc),
                              field->key->name);
            }
        }
        if (hinted != hinted_here)
            free(hinted);
    }
}

/* The values a sweep takes: a list of numbers, or a range a .. b [step s]. */
static int expand_sweep(checker *c, const eg_value *v, eg_sweep *s)
{
    if (v->kind == EG_VAL_LIST) {
        if (v->n == 0) {
            eg_diag_error(c->diags, v->loc, "a sweep needs at least one value");
            return 0;
        }
        s->values = malloc(v->n * sizeof *s->values);
        if (!s->values)
            return c->oom = 1, 0;
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind != EG_VAL_NUMBER) {
                char buf[128];
                eg_diag_error(c->diags, v->items[i]->loc, "a sweep takes numbers, not %s",
                              eg_value_describe(v->items[i], buf, sizeof buf));
                return 0;
            }
            s->values[i] = v->items[i]->num;
        }
        s->n = v->n;
        return 1;
    }
    if (v->kind != EG_VAL_RANGE) {
        eg_diag_error(c->diags, v->loc, "a sweep takes a list of numbers or a range 'a .. b step s'");
        return 0;
    }
    double from = v->items[0]->num, to = v->items[1]->num, step = v->n == 3 ? v->items[2]->num : 1.0;
    if (step == 0.0 || (to - from) / step < 0) {
        eg_diag_error(c->diags, v->loc, "the range %g .. %g with step %g never reaches its end", from, to, step);
        return 0;
    }
    /* The end is included when the steps land on it, within rounding. */
    double count = floor((to - from) / step + 1e-9) + 1;
    if (count > EG_SWEEP_MAX_POINTS) {
        eg_diag_error(c->diags, v->loc, "the range %g .. %g with step %g has %.0f points; at most %d are allowed", from,
                      to, step, count, EG_SWEEP_MAX_POINTS);
        return 0;
    }
    s->n = (size_t)count;
    s->values = malloc(s->n * sizeof *s->values);
    if (!s->values)
        return c->oom = 1, 0;
    for (size_t i = 0; i < s->n; i++)
        s->values[i] = from + (double)i * step;
    return 1;
}

/* Whether param may be swept by stmt: it exists and no earlier sweep took it. */
static int sweepable(checker *c, const eg_ast *stmt, const char *param, eg_loc loc)
{
    eg_model *m = c->model;
    if (!eg_model_param(m, param)) {
        if (m->partial)
            return 0; /* the param may be in what a syntax error dropped */
        const char **names = calloc(m->nparams + 1, sizeof *names);
        for (size_t k = 0; names && k < m->nparams; k++)
            names[k] = m->params[k].name;
        const char *hint = names ? eg_diag_suggest(param, names) : NULL;
        if (hint)
            eg_diag_error(c->diags, loc, "sweep over '%s', which is not a param; did you mean '%s'?", param, hint);
        else
            eg_diag_error(c->diags, loc, "sweep over '%s', which is not a param (declare 'param %s = ...')", param,
                          param);
        free(names);
        return 0;
    }
    for (size_t k = 0; k < m->nsweeps; k++) {
        if (strcmp(m->sweeps[k].param, param) == 0) {
            eg_diag_error(c->diags, loc, "'%s' is swept twice", param);
            eg_diag_note(c->diags, m->sweeps[k].loc, "first swept here");
            return 0;
        }
    }
    /* Earlier names of the same statement. */
    for (size_t k = 0; k < stmt->nkids; k++) {
        const char *before = k == 0 ? stmt->text : stmt->kids[k]->text;
        if (before == param)
            break;
        if (strcmp(before, param) == 0) {
            eg_diag_error(c->diags, loc, "'%s' is swept twice", param);
            return 0;
        }
    }
    return 1;
}

static void add_sweep(checker *c, const char *param, eg_sweep *s)
{
    eg_model *m = c->model;
    eg_sweep *sweeps = realloc(m->sweeps, (m->nsweeps + 1) * sizeof *sweeps);
    if (sweeps)
        m->sweeps = sweeps;
    if (sweeps && (s->param = strdup(param))) {
        m->sweeps[m->nsweeps++] = *s;
        s->values = NULL;
    } else {
        c->oom = 1;
    }
    free(s->values);
}

/* `sweep a in VALUES`, or `sweep a, b, ... in zip(VALUES_a, VALUES_b, ...)`:
 * zipped params take their i-th values together, so their lists must agree in length. */
static void check_sweeps(checker *c, const eg_ast *file)
{
    eg_model *m = c->model;
    size_t group = 0;
    for (size_t i = 0; i < file->nkids; i++) {
        const eg_ast *stmt = file->kids[i];
        if (stmt->kind != EG_AST_SWEEP)
            continue;
        size_t nnames = stmt->nkids; /* the first name, then kids[1..] */
        int ok = sweepable(c, stmt, stmt->text, stmt->loc);
        for (size_t k = 1; k < nnames; k++)
            ok &= sweepable(c, stmt, stmt->kids[k]->text, stmt->kids[k]->loc);
        if (!ok)
            continue;
        eg_scope scope = {m, m->nparams, &m->arena};
        eg_value *v = eg_eval(stmt->kids[0], &scope, c->diags);
        if (v && nnames > 1 && (v->kind != EG_VAL_CALL || strcmp(v->str, "zip") != 0 || v->n != nnames)) {
            eg_diag_error(c->diags, v->loc, "a sweep over %zu params takes zip(...) with %zu lists or ranges, one per param",
                          nnames, nnames);
            continue;
        }
        for (size_t k = 0; v && k < nnames; k++) {
            const eg_value *values = nnames > 1 ? v->items[k] : v;
            const eg_ast *name = k == 0 ? stmt : stmt->kids[k];
            eg_sweep s = {.loc = name->loc, .group = group};
            if (!expand_sweep(c, values, &s)) {
                free(s.values);
                break;
            }
            if (k > 0 && s.n != m->sweeps[m->nsweeps - 1].n) {
                eg_diag_error(c->diags, values->loc, "zip pairs values one to one: '%s' has %zu values but '%s' has %zu",
                              name->text, s.n, m->sweeps[m->nsweeps - 1].param, m->sweeps[m->nsweeps - 1].n);
                free(s.values);
                break;
            }
            add_sweep(c, name->text, &s);
        }
        group++;
    }
}

/* The grid of the sweeps (params pinned by -D left out, as the run does)
 * must stay within EG_MODEL_MAX_SWEEP_POINTS: reported at the sweep that
 * takes it past. */
static void check_grid(checker *c)
{
    const eg_model *m = c->model;
    size_t points = 1, last_group = (size_t)-1;
    int counted = 0;
    for (size_t i = 0; i < m->nsweeps; i++) {
        const eg_sweep *s = &m->sweeps[i];
        const eg_param *p = eg_model_param(m, s->param);
        if ((p && p->overridden) || (counted && s->group == last_group))
            continue;
        counted = 1;
        last_group = s->group;
        if (points > EG_MODEL_MAX_SWEEP_POINTS / s->n) {
            eg_diag_error(c->diags, s->loc,
                          "sweeping '%s' makes a grid of %zu x %zu = %.0f points; at most %zu are allowed", s->param,
                          points, s->n, (double)points * (double)s->n, EG_MODEL_MAX_SWEEP_POINTS);
            return;
        }
        points *= s->n;
    }
}

eg_model *eg_model_check(const eg_ast *file, const eg_schema *const *kinds, const eg_override *overrides,
                         size_t noverrides, eg_diag_list *diags)
{
    checker c = {.kinds = kinds, .diags = diags, .overrides = overrides, .noverrides = noverrides};
    size_t errors_before = diags->errors;
    c.model = calloc(1, sizeof *c.model);
    c.override_used = calloc(noverrides + 1, 1);
    if (!c.model || !c.override_used) {
        free(c.model);
        free(c.override_used);
        eg_diag_error(diags, file ? file->loc : eg_loc_file(NULL), "out of memory while checking the model");
        return NULL;
    }
    if (file) {
        c.model->partial = file->damaged;
        if (!eg_model_index_reserve(c.model, file->nkids))
            c.oom = 1;
        collect_names(&c, file);
        eval_params(&c);
        check_blocks(&c);
        check_sweeps(&c, file);
        check_grid(&c);
    }
    free(c.override_used);
    free(c.asts);
    free(c.param_asts);
    if (c.oom)
        eg_diag_error(diags, file ? file->loc : eg_loc_file(NULL), "out of memory while checking the model");
    /* A file that lost statements to syntax errors was reported already: its
     * model is incomplete and never returned. */
    if (diags->errors > errors_before || diags->truncated || c.incomplete || (file && file->damaged)) {
        eg_model_free(c.model);
        return NULL;
    }
    return c.model;
}

void eg_model_free(eg_model *m)
{
    if (!m)
        return;
    /* Names, blocks and values are in the arena. */
    free(m->params);
    free(m->blocks);
    eg_arena_free(&m->arena);
    if (m->base) {
        free(m); /* the sweeps and the index are the base model's */
        return;
    }
    for (size_t i = 0; i < m->nsweeps; i++) {
        free(m->sweeps[i].param);
        free(m->sweeps[i].values);
    }
    free(m->sweeps);
    free(m->index);
    free(m);
}
