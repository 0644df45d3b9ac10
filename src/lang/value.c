/* value.c: evaluated values: construction (in an arena or on the heap),
 * copying, freeing, description. */
#include "lang/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The allocator of one value's parts: its arena, or the heap. */
static void *value_alloc(eg_arena *arena, size_t size)
{
    return arena ? eg_arena_alloc(arena, size) : malloc(size);
}

static char *value_strdup(eg_arena *arena, const char *s)
{
    return arena ? eg_arena_strndup(arena, s, strlen(s)) : strdup(s);
}

eg_value *eg_value_new(eg_arena *arena, eg_value_kind kind, eg_loc loc)
{
    eg_value *v = value_alloc(arena, sizeof *v);
    if (v)
        *v = (eg_value){.kind = kind, .loc = loc, .arena = arena};
    return v;
}

eg_value *eg_value_number(eg_arena *arena, eg_loc loc, double num)
{
    eg_value *v = eg_value_new(arena, EG_VAL_NUMBER, loc);
    if (v)
        v->num = num;
    return v;
}

eg_value *eg_value_text(eg_arena *arena, eg_value_kind kind, eg_loc loc, const char *text)
{
    eg_value *v = eg_value_new(arena, kind, loc);
    if (v && !(v->str = value_strdup(arena, text))) {
        eg_value_free(v);
        return NULL;
    }
    return v;
}

/* Grows an array of n elements of size bytes to cap elements. In an arena the
 * old array stays behind, unused; doubling bounds that waste by the final size. */
static void *grow_array(eg_arena *arena, void *items, size_t n, size_t cap, size_t size)
{
    if (!arena)
        return realloc(items, cap * size);
    void *p = eg_arena_alloc(arena, cap * size);
    if (p && n)
        memcpy(p, items, n * size);
    return p;
}

eg_value *eg_value_push(eg_value *list, eg_value *item, const char *arg_name)
{
    if (!list || !item)
        goto fail;
    if (list->n == list->cap) {
        /* Doubling keeps long lists linear to build. */
        size_t cap = list->cap ? 2 * list->cap : 4;
        eg_value **items = grow_array(list->arena, list->items, list->n, cap, sizeof *items);
        if (!items)
            goto fail;
        list->items = items;
        if (list->kind == EG_VAL_CALL) {
            char **names = grow_array(list->arena, list->arg_names, list->n, cap, sizeof *names);
            if (!names)
                goto fail;
            list->arg_names = names;
        }
        list->cap = cap;
    }
    if (list->kind == EG_VAL_CALL) {
        list->arg_names[list->n] = NULL;
        if (arg_name && !(list->arg_names[list->n] = value_strdup(list->arena, arg_name)))
            goto fail;
    }
    list->items[list->n++] = item;
    return list;
fail:
    eg_value_free(list);
    eg_value_free(item);
    return NULL;
}

int eg_value_name_arg(eg_value *call, size_t i, const char *name)
{
    char *copy = value_strdup(call->arena, name);
    if (!copy)
        return 0;
    if (!call->arena)
        free(call->arg_names[i]);
    call->arg_names[i] = copy;
    return 1;
}

eg_value *eg_value_copy(eg_arena *arena, const eg_value *v)
{
    if (!v)
        return NULL;
    eg_value *c = eg_value_new(arena, v->kind, v->loc);
    if (!c)
        return NULL;
    c->num = v->num;
    c->name_loc = v->name_loc;
    c->ref = v->ref;
    c->indexed = v->indexed;
    c->index = v->index;
    c->schema = v->schema;
    if (v->str && !(c->str = value_strdup(arena, v->str))) {
        eg_value_free(c);
        return NULL;
    }
    for (size_t i = 0; i < v->n; i++) {
        c = eg_value_push(c, eg_value_copy(arena, v->items[i]), v->arg_names ? v->arg_names[i] : NULL);
        if (!c)
            return NULL;
    }
    return c;
}

void eg_value_free(eg_value *v)
{
    /* An arena value goes with its arena. */
    if (!v || v->arena)
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
