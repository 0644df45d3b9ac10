/* value.c: evaluated values: construction, copying, freeing, description. */
#include "lang/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

eg_value *eg_value_new(eg_value_kind kind, eg_loc loc)
{
    eg_value *v = calloc(1, sizeof *v);
    if (v) {
        v->kind = kind;
        v->loc = loc;
    }
    return v;
}

eg_value *eg_value_number(eg_loc loc, double num)
{
    eg_value *v = eg_value_new(EG_VAL_NUMBER, loc);
    if (v)
        v->num = num;
    return v;
}

eg_value *eg_value_push(eg_value *list, eg_value *item, const char *arg_name)
{
    if (!list || !item)
        goto fail;
    if (list->n == list->cap) {
        /* Doubling keeps long lists linear to build. */
        size_t cap = list->cap ? 2 * list->cap : 4;
        eg_value **items = realloc(list->items, cap * sizeof *items);
        if (!items)
            goto fail;
        list->items = items;
        if (list->kind == EG_VAL_CALL) {
            char **names = realloc(list->arg_names, cap * sizeof *names);
            if (!names)
                goto fail;
            list->arg_names = names;
        }
        list->cap = cap;
    }
    if (list->kind == EG_VAL_CALL) {
        list->arg_names[list->n] = NULL;
        if (arg_name && !(list->arg_names[list->n] = strdup(arg_name)))
            goto fail;
    }
    list->items[list->n++] = item;
    return list;
fail:
    eg_value_free(list);
    eg_value_free(item);
    return NULL;
}

eg_value *eg_value_copy(const eg_value *v)
{
    if (!v)
        return NULL;
    eg_value *c = eg_value_new(v->kind, v->loc);
    if (!c)
        return NULL;
    c->num = v->num;
    c->name_loc = v->name_loc;
    c->ref = v->ref;
    c->indexed = v->indexed;
    c->index = v->index;
    c->schema = v->schema;
    if (v->str && !(c->str = strdup(v->str))) {
        eg_value_free(c);
        return NULL;
    }
    for (size_t i = 0; i < v->n; i++) {
        c = eg_value_push(c, eg_value_copy(v->items[i]), v->arg_names ? v->arg_names[i] : NULL);
        if (!c)
            return NULL;
    }
    return c;
}

void eg_value_free(eg_value *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        eg_value_free(v->items[i]);
        if (v->arg_names)
            free(v->arg_names[i]);
    }
    free(v->items);
    free(v->arg_names);
    free(v->str);
    free(v);
}

const char *eg_value_describe(const eg_value *v, char *buf, size_t len)
{
    switch (v->kind) {
    case EG_VAL_NUMBER: snprintf(buf, len, "%g", v->num); break;
    case EG_VAL_STRING: snprintf(buf, len, "a string"); break;
    case EG_VAL_SYMBOL: snprintf(buf, len, "the name '%s'", v->str); break;
    case EG_VAL_LIST: snprintf(buf, len, "a list"); break;
    case EG_VAL_RANGE: snprintf(buf, len, "a range"); break;
    case EG_VAL_CALL: snprintf(buf, len, "a call to '%s'", v->str); break;
    case EG_VAL_REF:
        if (v->indexed)
            snprintf(buf, len, "an item of '%s'", v->str);
        else
            snprintf(buf, len, "the block '%s'", v->str);
        break;
    }
    return buf;
}

const eg_value *eg_value_arg(const eg_value *call, const char *name)
{
    if (!call || call->kind != EG_VAL_CALL || !call->arg_names)
        return NULL;
    for (size_t i = 0; i < call->n; i++)
        if (call->arg_names[i] && strcmp(call->arg_names[i], name) == 0)
            return call->items[i];
    return NULL;
}
