/* schema.c: checking evaluated values against the types of the schema tables. */
#include "lang/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/model.h"

/* The slot's description, formatted only when a message needs it. */
#define WHAT eg_slot_text(slot, (char[256]){0}, 256)

const char *eg_slot_text(const eg_slot *slot, char *buf, size_t len)
{
    if (slot->text)
        snprintf(buf, len, "%s", slot->text);
    else if (slot->function)
        snprintf(buf, len, "argument '%s' of '%s'", slot->key, slot->function);
    else if (slot->block) {
        char desc[160];
        snprintf(buf, len, "'%s' in %s", slot->key, eg_block_describe(slot->block, desc, sizeof desc));
    } else
        snprintf(buf, len, "'%s'", slot->key);
    return buf;
}

const eg_type eg_type_number = EG_TYPE_NUMBER_RANGE(-HUGE_VAL, HUGE_VAL, "a number");
const eg_type eg_type_positive = EG_TYPE_NUMBER_RANGE(0x1p-1074, HUGE_VAL, "a positive number");
const eg_type eg_type_nonnegative = EG_TYPE_NUMBER_RANGE(0, HUGE_VAL, "a number >= 0");
const eg_type eg_type_probability = EG_TYPE_NUMBER_RANGE(0, 1, "a number in [0, 1]");
const eg_type eg_type_count = EG_TYPE_INTEGER_RANGE(1, 1e15, "a whole number >= 1");
const eg_type eg_type_index = EG_TYPE_INTEGER_RANGE(0, 1e15, "a whole number >= 0");
const eg_type eg_type_string = {.kind = EG_TY_STRING, .what = "a string"};
const eg_type eg_type_vector = {.kind = EG_TY_VECTOR, .what = "a number or a list of numbers"};
const eg_type eg_type_matrix = {.kind = EG_TY_MATRIX, .what = "a matrix (a list of equally long lists of numbers)"};
const eg_type eg_type_range = {.kind = EG_TY_RANGE, .what = "a range 'a .. b'"};
static const char *const precision_words[] = {"double", "single", "float64", "float32", NULL};
const eg_type eg_type_precision = {.kind = EG_TY_WORD, .words = precision_words,
                                   .what = "double (float64) or single (float32)"};

int eg_precision_single(const char *word)
{
    return strcmp(word, "single") == 0 || strcmp(word, "float32") == 0;
}

static size_t table_count(const eg_key *keys)
{
    size_t n = 0;
    for (const eg_key *k = keys; k && k->name; k++)
        n++;
    return n;
}

size_t eg_schema_key_count(const eg_schema *schema)
{
    if (!schema->groups)
        return table_count(schema->keys);
    size_t n = 0;
    for (size_t g = 0; schema->groups[g]; g++)
        n += table_count(schema->groups[g]);
    return n;
}

const eg_key *eg_schema_key_at(const eg_schema *schema, size_t i)
{
    if (!schema->groups)
        return i < table_count(schema->keys) ? &schema->keys[i] : NULL;
    for (size_t g = 0; schema->groups[g]; g++) {
        size_t n = table_count(schema->groups[g]);
        if (i < n)
            return &schema->groups[g][i];
        i -= n;
    }
    return NULL;
}

const eg_key *eg_schema_key(const eg_schema *schema, const char *name)
{
    size_t n = eg_schema_key_count(schema);
    for (size_t i = 0; i < n; i++) {
        const eg_key *k = eg_schema_key_at(schema, i);
        if (strcmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

static const char *type_what(const eg_type *t)
{
    if (t->what)
        return t->what;
    switch (t->kind) {
    case EG_TY_NUMBER: return "a number";
    case EG_TY_INTEGER: return "a whole number";
    case EG_TY_STRING: return "a string";
    case EG_TY_WORD: return "a name";
    case EG_TY_REF: return "a block name";
    case EG_TY_CALL: return "a function call";
    case EG_TY_LIST: return "a list";
    case EG_TY_VECTOR: return "a number or a list of numbers";
    case EG_TY_MATRIX: return "a matrix";
    case EG_TY_RANGE: return "a range";
    case EG_TY_ONEOF: return "a value";
    }
    return "a value";
}

static int mismatch(const eg_type *t, const eg_value *v, const eg_slot *slot, eg_diag_list *diags)
{
    char buf[128];
    eg_diag_error(diags, v->loc, "%s must be %s, not %s", WHAT, type_what(t), eg_value_describe(v, buf, sizeof buf));
    return 0;
}

static int check_number(const eg_type *t, const eg_value *v, const eg_slot *slot, eg_diag_list *diags)
{
    if (v->kind != EG_VAL_NUMBER)
        return mismatch(t, v, slot, diags);
    if (t->kind == EG_TY_INTEGER && v->num != floor(v->num)) {
        eg_diag_error(diags, v->loc, "%s must be a whole number, not %g", WHAT, v->num);
        return 0;
    }
    if (v->num < t->min || v->num > t->max) {
        eg_diag_error(diags, v->loc, "%s must be %s, not %g", WHAT, type_what(t), v->num);
        return 0;
    }
    return 1;
}

/* Lists the words as "a, b or c" into buf. */
static const char *list_words(const char *const *words, char *buf, size_t len)
{
    size_t n = 0, count = 0;
    buf[0] = '\0';
    while (words[count])
        count++;
    for (size_t i = 0; i < count && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ", words[i]);
    return buf;
}

static int check_word(const eg_type *t, const eg_value *v, const eg_slot *slot, eg_diag_list *diags)
{
    if (v->kind != EG_VAL_SYMBOL)
        return mismatch(t, v, slot, diags);
    for (size_t i = 0; t->words[i]; i++)
        if (strcmp(t->words[i], v->str) == 0)
            return 1;
    char buf[512];
    const char *hint = eg_diag_suggest(v->str, t->words);
    if (hint)
        eg_diag_error(diags, v->loc, "unknown value '%s' for %s; did you mean '%s'?", v->str, WHAT, hint);
    else
        eg_diag_error(diags, v->loc, "unknown value '%s' for %s; expected %s", v->str, WHAT,
                      list_words(t->words, buf, sizeof buf));
    return 0;
}

/* Names of the model's blocks of one kind (any kind when kind is NULL), for suggestions. */
static const char **block_names(const eg_model *model, const char *kind)
{
    size_t n = model ? model->nblocks : 0, k = 0;
    const char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; names && i < n; i++)
        if (!kind || strcmp(model->blocks[i]->schema->name, kind) == 0)
            names[k++] = model->blocks[i]->name;
    return names;
}

static int check_ref(const eg_type *t, const eg_value *v, const eg_slot *slot, const eg_model *model,
                     eg_diag_list *diags)
{
    const char *kind = t->ref_kind ? t->ref_kind : "block";
    if (v->kind == EG_VAL_SYMBOL) {
        if (model && model->partial)
            return 0; /* the block may be in what a syntax error dropped */
        const char **names = block_names(model, t->ref_kind);
        const char *hint = names ? eg_diag_suggest(v->str, names) : NULL;
        if (hint)
            eg_diag_error(diags, v->loc, "unknown %s '%s' for %s; did you mean '%s'?", kind, v->str, WHAT, hint);
        else
            eg_diag_error(diags, v->loc, "unknown %s '%s' for %s", kind, v->str, WHAT);
        free(names);
        return 0;
    }
    if (v->kind != EG_VAL_REF)
        return mismatch(t, v, slot, diags);
    const char *actual = v->ref->schema->name;
    if (t->ref_kind && strcmp(actual, t->ref_kind) != 0) {
        eg_diag_error(diags, v->loc, "%s must name a %s block, but '%s' is a %s block", WHAT, kind, v->str,
                      actual);
        return 0;
    }
    if (t->ref_item == EG_REF_WHOLE && v->indexed) {
        eg_diag_error(diags, v->loc, "%s takes the whole %s '%s', without an index", WHAT, kind, v->str);
        return 0;
    }
    if (t->ref_item == EG_REF_ITEM && !v->indexed) {
        eg_diag_error(diags, v->loc, "%s takes one item of %s '%s': write %s[i]", WHAT, kind, v->str, v->str);
        return 0;
    }
    return 1;
}

static const eg_schema *find_call(const eg_type *t, const char *name)
{
    for (size_t i = 0; t->calls[i]; i++)
        if (strcmp(t->calls[i]->name, name) == 0)
            return t->calls[i];
    return NULL;
}

static int check_call_args(const eg_schema *fn, eg_value *v, const eg_slot *slot, const eg_model *model,
                           eg_diag_list *diags);

/* Where an argument is written: its name when it has one, else its value. */
static eg_loc arg_loc(const eg_value *item)
{
    return item->name_loc.file ? item->name_loc : item->loc;
}

static int check_call(const eg_type *t, eg_value *v, const eg_slot *slot, const eg_model *model, eg_diag_list *diags)
{
    if (v->kind != EG_VAL_CALL && v->kind != EG_VAL_SYMBOL)
        return mismatch(t, v, slot, diags);
    const eg_schema *fn = find_call(t, v->str);
    if (!fn) {
        const char *names[64];
        size_t n = 0;
        for (; t->calls[n] && n < 63; n++)
            names[n] = t->calls[n]->name;
        names[n] = NULL;
        char buf[512];
        const char *hint = eg_diag_suggest(v->str, names);
        if (hint)
            eg_diag_error(diags, v->loc, "unknown %s '%s' for %s; did you mean '%s'?",
                          v->kind == EG_VAL_CALL ? "function" : "value", v->str, WHAT, hint);
        else
            eg_diag_error(diags, v->loc, "unknown %s '%s' for %s; expected %s",
                          v->kind == EG_VAL_CALL ? "function" : "value", v->str, WHAT,
                          list_words(names, buf, sizeof buf));
        return 0;
    }
    v->kind = EG_VAL_CALL;
    v->schema = fn;
    return check_call_args(fn, v, slot, model, diags);
}

static int check_call_args(const eg_schema *fn, eg_value *v, const eg_slot *slot, const eg_model *model,
                           eg_diag_list *diags)
{
    (void)slot;
    size_t nkeys = eg_schema_key_count(fn);
    int ok = 1, seen_named = 0;
    for (size_t i = 0; i < v->n; i++) {
        const eg_key *key = NULL;
        if (!v->arg_names || !v->arg_names[i]) {
            if (seen_named) {
                eg_diag_error(diags, v->items[i]->loc, "positional argument after named ones in call to '%s'", fn->name);
                ok = 0;
                continue;
            }
            if (i >= nkeys) {
                eg_diag_error(diags, v->items[i]->loc, "too many arguments to '%s' (it takes %zu)", fn->name, nkeys);
                ok = 0;
                continue;
            }
            key = eg_schema_key_at(fn, i);
            if (!eg_value_name_arg(v, i, key->name)) {
                eg_diag_error(diags, v->loc, "out of memory");
                return 0;
            }
        } else {
            seen_named = 1;
            key = eg_schema_key(fn, v->arg_names[i]);
            if (!key) {
                const char *names[64];
                size_t n = 0;
                for (; n < nkeys && n < 63; n++)
                    names[n] = eg_schema_key_at(fn, n)->name;
                names[n] = NULL;
                const char *hint = eg_diag_suggest(v->arg_names[i], names);
                if (hint)
                    eg_diag_error(diags, arg_loc(v->items[i]), "unknown argument '%s' to '%s'; did you mean '%s'?",
                                  v->arg_names[i], fn->name, hint);
                else
                    eg_diag_error(diags, arg_loc(v->items[i]), "unknown argument '%s' to '%s'", v->arg_names[i],
                                  fn->name);
                ok = 0;
                continue;
            }
        }
        for (size_t j = 0; j < i; j++) {
            if (v->arg_names[j] && strcmp(v->arg_names[j], key->name) == 0) {
                eg_diag_error(diags, arg_loc(v->items[i]), "argument '%s' to '%s' given twice", key->name, fn->name);
                ok = 0;
            }
        }
        eg_slot arg = {.key = key->name, .function = fn->name};
        ok &= eg_schema_check(key->type, v->items[i], &arg, model, diags);
    }
    /* After a wrong argument, a missing one is most likely the same slip. */
    for (size_t k = 0; k < nkeys && ok; k++) {
        const eg_key *key = eg_schema_key_at(fn, k);
        if (key->required && !eg_value_arg(v, key->name)) {
            eg_diag_error(diags, v->loc, "'%s' needs the argument '%s'", fn->name, key->name);
            ok = 0;
        }
    }
    return ok;
}

static int check_matrix(const eg_type *t, const eg_value *v, const eg_slot *slot, eg_diag_list *diags)
{
    if (v->kind != EG_VAL_LIST || v->n == 0)
        return mismatch(t, v, slot, diags);
    size_t cols = 0;
    for (size_t i = 0; i < v->n; i++) {
        const eg_value *row = v->items[i];
        if (row->kind != EG_VAL_LIST || row->n == 0)
            return mismatch(t, v, slot, diags);
        if (i == 0)
            cols = row->n;
        else if (row->n != cols) {
            eg_diag_error(diags, row->loc, "row %zu of %s has %zu entries, row 0 has %zu", i, WHAT, row->n, cols);
            return 0;
        }
        for (size_t j = 0; j < row->n; j++)
            if (row->items[j]->kind != EG_VAL_NUMBER)
                return mismatch(t, v, slot, diags);
    }
    return 1;
}

/* Whether a value has the outward shape an alternative expects: used to pick
 * which alternative of a ONEOF type a wrong value was meant to be. */
static int shape_fits(const eg_type *t, const eg_value *v)
{
    switch (t->kind) {
    case EG_TY_NUMBER:
    case EG_TY_INTEGER: return v->kind == EG_VAL_NUMBER;
    case EG_TY_STRING: return v->kind == EG_VAL_STRING;
    case EG_TY_WORD: return v->kind == EG_VAL_SYMBOL;
    case EG_TY_REF: return v->kind == EG_VAL_REF || v->kind == EG_VAL_SYMBOL;
    case EG_TY_CALL: return v->kind == EG_VAL_CALL || (v->kind == EG_VAL_SYMBOL && find_call(t, v->str));
    case EG_TY_LIST:
    case EG_TY_MATRIX: return v->kind == EG_VAL_LIST;
    case EG_TY_VECTOR: return v->kind == EG_VAL_LIST || v->kind == EG_VAL_NUMBER;
    case EG_TY_RANGE: return v->kind == EG_VAL_RANGE;
    case EG_TY_ONEOF:
        for (size_t i = 0; t->alts[i]; i++)
            if (shape_fits(t->alts[i], v))
                return 1;
        return 0;
    }
    return 0;
}

static int check_oneof(const eg_type *t, eg_value *v, const eg_slot *slot, const eg_model *model, eg_diag_list *diags)
{
    /* The first alternative of the right shape decides, with its own messages. */
    for (size_t i = 0; t->alts[i]; i++)
        if (shape_fits(t->alts[i], v))
            return eg_schema_check(t->alts[i], v, slot, model, diags);
    return mismatch(t, v, slot, diags);
}

/* Whether a bare word can be a value of t (a word, a block name, a function). */
static int accepts_words(const eg_type *t)
{
    if (t->kind == EG_TY_ONEOF) {
        for (size_t i = 0; t->alts[i]; i++)
            if (accepts_words(t->alts[i]))
                return 1;
        return 0;
    }
    return t->kind == EG_TY_WORD || t->kind == EG_TY_REF || t->kind == EG_TY_CALL;
}

/* A bare word where the type takes none: a misspelt param, most likely. */
static int unknown_word(const eg_type *t, const eg_value *v, const eg_slot *slot, const eg_model *model,
                        eg_diag_list *diags)
{
    if (model && model->partial)
        return 0; /* it may name what a syntax error dropped */
    const char **names = calloc((model ? model->nparams : 0) + 1, sizeof *names);
    for (size_t i = 0; names && model && i < model->nparams; i++)
        names[i] = model->params[i].name;
    const char *hint = names ? eg_diag_suggest(v->str, names) : NULL;
    if (hint)
        eg_diag_error(diags, v->loc, "unknown name '%s' for %s; did you mean the param '%s'?", v->str, WHAT, hint);
    else
        eg_diag_error(diags, v->loc, "%s must be %s, not '%s' (no param or block has this name)", WHAT,
                      type_what(t), v->str);
    free(names);
    return 0;
}

int eg_schema_check(const eg_type *t, eg_value *v, const eg_slot *slot, const eg_model *model, eg_diag_list *diags)
{
    if (v->kind == EG_VAL_SYMBOL && !accepts_words(t))
        return unknown_word(t, v, slot, model, diags);
    switch (t->kind) {
    case EG_TY_NUMBER:
    case EG_TY_INTEGER: return check_number(t, v, slot, diags);
    case EG_TY_STRING: return v->kind == EG_VAL_STRING ? 1 : mismatch(t, v, slot, diags);
    case EG_TY_WORD: return check_word(t, v, slot, diags);
    case EG_TY_REF: return check_ref(t, v, slot, model, diags);
    case EG_TY_CALL: return check_call(t, v, slot, model, diags);
    case EG_TY_LIST: {
        if (v->kind != EG_VAL_LIST)
            return mismatch(t, v, slot, diags);
        int ok = 1;
        for (size_t i = 0; i < v->n; i++)
            ok &= eg_schema_check(t->elem, v->items[i], slot, model, diags);
        return ok;
    }
    case EG_TY_VECTOR:
        if (v->kind == EG_VAL_NUMBER)
            return 1;
        if (v->kind != EG_VAL_LIST || v->n == 0)
            return mismatch(t, v, slot, diags);
        for (size_t i = 0; i < v->n; i++)
            if (v->items[i]->kind != EG_VAL_NUMBER)
                return mismatch(t, v, slot, diags);
        return 1;
    case EG_TY_MATRIX: return check_matrix(t, v, slot, diags);
    case EG_TY_RANGE: return v->kind == EG_VAL_RANGE ? 1 : mismatch(t, v, slot, diags);
    case EG_TY_ONEOF: return check_oneof(t, v, slot, model, diags);
    }
    return mismatch(t, v, slot, diags);
}

double eg_call_number(const eg_value *call, const char *arg)
{
    const eg_value *v = eg_value_arg(call, arg);
    if (v && v->kind == EG_VAL_NUMBER)
        return v->num;
    const eg_key *key = call && call->schema ? eg_schema_key(call->schema, arg) : NULL;
    return key ? key->def_num : NAN;
}

const char *eg_call_word(const eg_value *call, const char *arg)
{
    const eg_value *v = eg_value_arg(call, arg);
    if (v && (v->kind == EG_VAL_SYMBOL || v->kind == EG_VAL_STRING || v->kind == EG_VAL_CALL))
        return v->str;
    const eg_key *key = call && call->schema ? eg_schema_key(call->schema, arg) : NULL;
    return key ? key->def_word : NULL;
}
