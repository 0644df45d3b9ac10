/* value.h: evaluated expressions: what a model's entries hold after evaluation. */
#ifndef ENGRAM_LANG_VALUE_H
#define ENGRAM_LANG_VALUE_H

#include <stddef.h>

#include "lang/arena.h"
#include "lang/diag.h"

struct eg_block;
struct eg_schema;

typedef enum eg_value_kind {
    EG_VAL_NUMBER, /* num */
    EG_VAL_STRING, /* str */
    EG_VAL_SYMBOL, /* str: a bare word that names no param or block (tanh, synchronous, ...) */
    EG_VAL_LIST,   /* items */
    EG_VAL_RANGE,  /* items[0] from, items[1] to, items[2] step when n == 3 (all numbers) */
    EG_VAL_CALL,   /* str: function; items: arguments; arg_names[i]: name or NULL if positional */
    EG_VAL_REF     /* ref: a block; indexed: whether an [index] follows, index */
} eg_value_kind;

/* A value owns its strings, items and names; ref points into the model. After
 * the check, a call's positional arguments are named and schema is set.
 * The values of a checked model live in the model's arena (arena is set):
 * their strings and arrays are carved from it too, items belong to the same
 * arena as their list, and eg_value_free leaves them to the arena. Values built
 * with a NULL arena are malloc'd and freed by eg_value_free. */
typedef struct eg_value {
    eg_value_kind kind;
    int indexed; /* EG_VAL_REF: whether an [index] follows (index) */
    eg_loc loc;
    eg_loc name_loc; /* a call's argument given by name: where the name is written */
    double num;
    char *str;
    struct eg_value **items;
    char **arg_names; /* calls only (NULL for lists and ranges) */
    size_t n, cap;
    const struct eg_block *ref;
    long index;
    const struct eg_schema *schema;
    eg_arena *arena; /* where the value lives, or NULL for the heap */
} eg_value;

/* Constructors take the arena to build in, or NULL for the heap; they return
 * NULL when out of memory. */
eg_value *eg_value_new(eg_arena *arena, eg_value_kind kind, eg_loc loc);
eg_value *eg_value_number(eg_arena *arena, eg_loc loc, double num);
/* A value whose str is a copy of text (a string, a bare word, a call's name, ...). */
eg_value *eg_value_text(eg_arena *arena, eg_value_kind kind, eg_loc loc, const char *text);
/* Appends item (from the list's arena) and, for calls, its argument name
 * (copied); frees both on failure. */
eg_value *eg_value_push(eg_value *list, eg_value *item, const char *arg_name);
/* Names the call's i-th argument (a copy of name); 0 when out of memory. */
int eg_value_name_arg(eg_value *call, size_t i, const char *name);
/* A deep copy of v in arena (NULL: on the heap). */
eg_value *eg_value_copy(eg_arena *arena, const eg_value *v);
void eg_value_free(eg_value *v);

/* What a value is, for messages after "not": "2.5", "a list", "a call to 'flip'", ... */
const char *eg_value_describe(const eg_value *v, char *buf, size_t len);

/* The named argument of a checked call, or NULL when it was not given. */
const eg_value *eg_value_arg(const eg_value *call, const char *name);

#endif
