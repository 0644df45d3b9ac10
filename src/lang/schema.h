/* schema.h: the tables that give model files their meaning: for each block kind
 * and each function, its keys, their types, ranges, defaults and which are required. */
#ifndef ENGRAM_LANG_SCHEMA_H
#define ENGRAM_LANG_SCHEMA_H

#include <math.h>

#include "lang/diag.h"
#include "lang/value.h"

typedef enum eg_type_kind {
    EG_TY_NUMBER,  /* a number within [min, max] */
    EG_TY_INTEGER, /* a whole number within [min, max] */
    EG_TY_STRING,
    EG_TY_WORD,    /* one of words[] (a bare name such as synchronous) */
    EG_TY_REF,     /* a block of kind ref_kind (any kind when NULL); see ref_item */
    EG_TY_CALL,    /* a call to one of calls[]; a bare name of one is a call without arguments */
    EG_TY_LIST,    /* a list whose elements are of type elem */
    EG_TY_VECTOR,  /* a number or a list of numbers */
    EG_TY_MATRIX,  /* a list of equally long lists of numbers */
    EG_TY_RANGE,   /* a .. b [step c] */
    EG_TY_ONEOF    /* any of alts[] */
} eg_type_kind;

/* Whether a reference may (or must) carry an index: M versus M[0]. */
typedef enum eg_ref_item { EG_REF_WHOLE, EG_REF_ITEM, EG_REF_EITHER } eg_ref_item;

struct eg_schema;

typedef struct eg_type {
    eg_type_kind kind;
    double min, max;
    const char *const *words;             /* EG_TY_WORD, NULL-terminated */
    const char *ref_kind;                 /* EG_TY_REF */
    eg_ref_item ref_item;                 /* EG_TY_REF */
    const struct eg_schema *const *calls; /* EG_TY_CALL, NULL-terminated */
    const struct eg_type *elem;           /* EG_TY_LIST */
    const struct eg_type *const *alts;    /* EG_TY_ONEOF, NULL-terminated */
    const char *what;                     /* how messages name the type: "a positive integer" */
} eg_type;

/* One key of a block or one argument of a function. Defaults: def_num for
 * numbers, def_word for words, strings and calls (a call default is the name of
 * a function, taken without arguments). */
typedef struct eg_key {
    const char *name;
    const eg_type *type;
    int required;
    double def_num;
    const char *def_word;
    const char *doc;
} eg_key;

/* A block kind or a function: its name and keys (terminated by a key with a
 * NULL name). Positional arguments of a call fill the keys in order.
 * A schema may instead gather several key tables in groups (NULL-terminated),
 * so that the keys of one kind can be defined next to the code that uses them.
 * A block kind with a family is written `FAMILY NAME { ... }` (for example
 * `analyze fixed_points { ... }`): the word after the family picks the kind. */
typedef struct eg_schema {
    const char *name;
    const char *doc;
    const eg_key *keys;
    const eg_key *const *groups;
    const char *const *group_docs; /* what each group's keys are for (the reference names them), or NULL */
    const char *family;
} eg_schema;

/* Frequently used types. */
extern const eg_type eg_type_number;          /* any finite number */
extern const eg_type eg_type_positive;        /* > 0 */
extern const eg_type eg_type_nonnegative;     /* >= 0 */
extern const eg_type eg_type_probability;     /* in [0, 1] */
/* A floating-point precision: double or single, also spelled float64 or
 * float32 (numpy's and PyTorch's names), in every block that has one. */
extern const eg_type eg_type_precision;
/* Whether a word of eg_type_precision names single precision. */
int eg_precision_single(const char *word);
extern const eg_type eg_type_count;           /* integer >= 1 */
extern const eg_type eg_type_index;           /* integer >= 0 */
extern const eg_type eg_type_string;
extern const eg_type eg_type_vector;
extern const eg_type eg_type_matrix;
extern const eg_type eg_type_range;

const eg_key *eg_schema_key(const eg_schema *schema, const char *name);
size_t eg_schema_key_count(const eg_schema *schema);
/* The i-th key (i < eg_schema_key_count), across groups. */
const eg_key *eg_schema_key_at(const eg_schema *schema, size_t i);

/* Where a value sits, for messages: "'units' in network 'hop'" (key and
 * block), "argument 'count' of 'random'" (key and function), or a fixed text.
 * It is formatted only when a message needs it, which keeps the check of a
 * large model from spending its time in printf. */
struct eg_block;
typedef struct eg_slot {
    const char *key;
    const struct eg_block *block;
    const char *function;
    const char *text;
} eg_slot;
const char *eg_slot_text(const eg_slot *slot, char *buf, size_t len);

/* Checks v against t, reporting every mismatch into diags with v's location.
 * Normalises as it goes: a bare function name becomes a call without
 * arguments, positional arguments get their key names, and calls remember
 * their schema. Returns 1 when v fits. */
struct eg_model;
int eg_schema_check(const eg_type *t, eg_value *v, const eg_slot *slot, const struct eg_model *model,
                    eg_diag_list *diags);

/* A call's argument as a number / word, falling back to the schema default. */
double eg_call_number(const eg_value *call, const char *arg);
const char *eg_call_word(const eg_value *call, const char *arg);

/* A schema from a name, a description and one key table. */
#define EG_SCHEMA(name_, doc_, keys_) {.name = (name_), .doc = (doc_), .keys = (keys_)}
/* The end of a key table. */
#define EG_KEYS_END {NULL, NULL, 0, 0, NULL, NULL}

#define EG_TYPE_NUMBER_RANGE(lo, hi, text) {.kind = EG_TY_NUMBER, .min = (lo), .max = (hi), .what = (text)}
#define EG_TYPE_INTEGER_RANGE(lo, hi, text) {.kind = EG_TY_INTEGER, .min = (lo), .max = (hi), .what = (text)}

#endif
