/* model.h: a checked model: params, blocks with their typed entries, sweeps.
 * This is what the run layer builds objects from; it never sees syntax. */
#ifndef ENGRAM_LANG_MODEL_H
#define ENGRAM_LANG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/schema.h"
#include "lang/value.h"

typedef struct eg_param {
    char *name;
    eg_loc loc;
    eg_value *value;
    int overridden; /* set from the command line (-D) or by a sweep */
    const eg_ast *stmt; /* its statement, for re-binding (valid while the syntax tree lives) */
} eg_param;

/* One entry of a block: value is NULL when the file did not set the key. */
typedef struct eg_field {
    const eg_key *key;
    eg_value *value;
    eg_loc loc;
    int set; /* the file sets the key (value may still be NULL if it was wrong) */
} eg_field;

typedef struct eg_block {
    const eg_schema *schema; /* its kind: schema->name is "network", "recall", ... */
    char *name;              /* as written, or "<kind>_<n>" (n from 1 within the kind) */
    int named;
    eg_loc loc;
    eg_field *fields;        /* one per schema key, in schema order */
    size_t nfields;
    size_t index;            /* its place among the model's blocks */
    const eg_ast *stmt;      /* its statement, for re-binding (valid while the syntax tree lives) */
} eg_block;

/* The grid of a model's sweeps (the product of their lengths, leaving out
 * params pinned by -D) has at most this many points. */
#define EG_MODEL_MAX_SWEEP_POINTS ((size_t)1 << 32)

/* A swept param. Sweeps of one statement (`sweep a, b in zip(...)`) share a
 * group and move together; distinct groups form a product grid. */
typedef struct eg_sweep {
    char *param;
    eg_loc loc;
    double *values;
    size_t n;
    size_t group; /* groups are numbered from 0 in file order */
} eg_sweep;

typedef struct eg_model {
    eg_param *params;
    size_t nparams;
    eg_block **blocks;
    size_t nblocks;
    eg_sweep *sweeps;
    size_t nsweeps;
    int partial; /* while checking: syntax errors dropped statements, so unknown names are not reported */
    /* Params and blocks by name (one namespace), so that lookups stay O(1)
     * in models of many blocks: open addressing, at == 0 is an empty slot.
     * Each slot keeps its name's hash and the name itself, so that a probe
     * compares names only when the hashes agree, without a walk through the
     * params or blocks (on a large model each step of that walk is a cache
     * miss). */
    struct eg_name_slot {
        uint32_t hash;
        uint32_t at; /* (i << 1 | is_block) + 1, or 0 when empty */
        const char *name;
    } *index;
    size_t index_cap, index_used;
    /* Blocks, their fields, names and every value: one arena, freed with the
     * model. Its values do not depend on the syntax tree it was checked
     * from; only re-binding (rebind.h) reads the statements again. */
    eg_arena arena;
    /* A model re-bound from another (rebind.h) shares that model's sweeps,
     * name index and unchanged blocks; it owns its params, its block list,
     * its changed blocks and their values (in arena). NULL for a checked model. */
    const struct eg_model *base;
} eg_model;

/* A -D name=value: value owned by the caller, evaluated without a scope. */
typedef struct eg_override {
    const char *name;
    const eg_value *value;
} eg_override;

/* Checks a parsed file against the block kinds (NULL-terminated), applying
 * overrides. Returns the model (free with eg_model_free) or NULL; every problem
 * found goes into diags, and a model with errors is never returned. */
eg_model *eg_model_check(const eg_ast *file, const eg_schema *const *kinds, const eg_override *overrides,
                         size_t noverrides, eg_diag_list *diags);
void eg_model_free(eg_model *model);

/* For the check and for re-binding: the value of param k (which sees params
 * 0..k-1) from its statement, NULL after reporting when it is wrong. */
eg_value *eg_model_eval_param(eg_model *model, size_t k, eg_diag_list *diags);
/* For the check and for re-binding: evaluates the value expression of a key of
 * block b into field f and checks it against the key's type (f->value NULL
 * after reporting when it is wrong). */
void eg_model_eval_field(eg_model *model, eg_block *b, eg_field *f, const eg_ast *value, eg_diag_list *diags);

const eg_block *eg_model_block(const eg_model *model, const char *name);
const eg_param *eg_model_param(const eg_model *model, const char *name);
/* Both at once (one lookup): sets *param or *block to what name names, the
 * other (or both) to NULL. */
void eg_model_find(const eg_model *model, const char *name, const eg_param **param, const eg_block **block);

/* For the check: records that name is param or block number i (the first
 * record of a name wins). The index keeps name itself: it must live as long
 * as the model (in its arena). Returns 0 when out of memory. */
int eg_model_index_add(eg_model *model, const char *name, int is_block, size_t i);
/* For the check: asks for the index slot of a name it will soon record, so
 * that the record does not wait for memory (on a large model the index is
 * many megabytes, and each record touches a slot at random). */
void eg_model_index_prefetch(const eg_model *model, const char *name);
/* For the check: sizes the index for this many names at once (the statements
 * of a file), instead of doubling it step by step. Returns 0 when out of memory. */
int eg_model_index_reserve(eg_model *model, size_t names);

/* Entry accessors. value: NULL when unset. number/word: the value or the key's
 * default (a word for a call is its function name). */
const eg_value *eg_block_value(const eg_block *block, const char *key);
eg_loc eg_block_loc(const eg_block *block, const char *key); /* the entry's, or the block's when unset */
double eg_block_number(const eg_block *block, const char *key);
const char *eg_block_word(const eg_block *block, const char *key);
/* "network 'hop'": how messages name a block. */
const char *eg_block_describe(const eg_block *block, char *buf, size_t len);

#endif
