/* compile.c: compiling a checked model into specs, block by block in file
 * order, each definition before the blocks that refer to it. */
#include "run/compile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/build.h"
#include "run/run.h"

enum { NOT_STARTED, IN_PROGRESS, DONE, FAILED };

typedef struct owned {
    void *obj;
    void (*free_fn)(void *);
} owned;

struct eg_program {
    eg_model *model;
    const eg_spec **specs; /* one per block */
    owned *owned;
    size_t nowned, owned_cap;
    eg_arena arena; /* the specs */
};

struct eg_compile {
    eg_program *prog;
    eg_diag_list *diags;
    unsigned char *state; /* one per block */
    size_t errors;
};

const eg_model *eg_compile_model(const eg_compile *c)
{
    return c->prog->model;
}

size_t eg_compile_errors(const eg_compile *c)
{
    return c->errors;
}

void eg_compile_error(eg_compile *c, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(c->diags, EG_DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
    c->errors++;
}

void eg_compile_note(eg_compile *c, eg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eg_diag_addv(c->diags, EG_DIAG_NOTE, loc, fmt, ap);
    va_end(ap);
}

void *eg_compile_alloc(eg_compile *c, size_t size)
{
    void *p = eg_arena_calloc(&c->prog->arena, size ? size : 1);
    if (!p)
        eg_compile_error(c, eg_loc_file(NULL), "out of memory");
    return p;
}

int eg_compile_own(eg_compile *c, void *obj, void (*free_fn)(void *))
{
    eg_program *p = c->prog;
    if (p->nowned == p->owned_cap) {
        size_t cap = p->owned_cap ? 2 * p->owned_cap : 16;
        owned *o = realloc(p->owned, cap * sizeof *o);
        if (!o) {
            free_fn(obj);
            eg_compile_error(c, eg_loc_file(NULL), "out of memory");
            return 0;
        }
        p->owned = o;
        p->owned_cap = cap;
    }
    p->owned[p->nowned++] = (owned){obj, free_fn};
    return 1;
}

const eg_spec *eg_compile_block(eg_compile *c, const eg_block *block)
{
    size_t i = block->index;
    if (c->state[i] == DONE)
        return c->prog->specs[i];
    if (c->state[i] == FAILED)
        return NULL;
    if (c->state[i] == IN_PROGRESS) {
        /* Unreachable through references the check accepts; kept so that a
         * new kind that refers back cannot recurse without end. */
        eg_compile_error(c, block->loc, "block '%s' depends on itself", block->name);
        c->state[i] = FAILED;
        return NULL;
    }
    const eg_kind *kind = eg_kind_of(block);
    if (!kind || !kind->compile) {
        c->state[i] = DONE;
        return NULL;
    }
    c->state[i] = IN_PROGRESS;
    size_t before = c->errors;
    eg_spec *spec = kind->compile(c, block);
    if (!spec || c->errors > before) {
        c->state[i] = FAILED;
        return NULL;
    }
    spec->block = block;
    spec->kind = kind;
    c->prog->specs[i] = spec;
    c->state[i] = DONE;
    return spec;
}

const eg_spec *eg_compile_ref(eg_compile *c, const eg_value *ref)
{
    return ref && ref->kind == EG_VAL_REF && ref->ref ? eg_compile_block(c, ref->ref) : NULL;
}

const eg_memories_spec *eg_compile_memories(eg_compile *c, const eg_value *ref)
{
    const eg_spec *s = eg_compile_ref(c, ref);
    if (!s || strcmp(ref->ref->schema->name, "memories") != 0)
        return NULL;
    const eg_memories_spec *m = EG_SPEC_OF(eg_memories_spec, s);
    if (ref->indexed && m->count > 0 && (ref->index < 0 || (size_t)ref->index >= m->count))
        eg_compile_error(c, ref->loc, "episode %ld of '%s' does not exist: it holds %zu episode%s (%s[0] to %s[%zu])",
                         ref->index, ref->ref->name, m->count, m->count == 1 ? "" : "s", ref->ref->name,
                         ref->ref->name, m->count - 1);
    return m;
}

const eg_network_spec *eg_compile_network(eg_compile *c, const eg_value *ref)
{
    const eg_spec *s = eg_compile_ref(c, ref);
    if (!s || strcmp(ref->ref->schema->name, "network") != 0)
        return NULL;
    return EG_SPEC_OF(eg_network_spec, s);
}

/* Every load(...) inside a value: its format must be one load() reads, and
 * `key` is for files of named arrays (.npz, .safetensors) only. Checked for every block, whichever kind
 * reads the value, since the file name alone tells. */
static void check_loads(eg_compile *c, const eg_value *v)
{
    if (!v)
        return;
    if (v->kind == EG_VAL_CALL && v->schema == &eg_fn_load) {
        const eg_value *file = eg_value_arg(v, "file"), *key = eg_value_arg(v, "key");
        eg_load_format f = file ? eg_load_format_of(file->str) : EG_LOAD_UNKNOWN;
        if (file && f == EG_LOAD_UNKNOWN)
            eg_compile_error(c, file->loc,
                             "cannot tell the format of '%s': name a .npy, .npz, .safetensors, .csv, .txt or .dat file", file->str);
        else if (key && f != EG_LOAD_NPZ && f != EG_LOAD_SAFETENSORS)
            eg_compile_error(c, key->loc, "'key' names an array of an .npz or .safetensors file; '%s' is neither",
                             file->str);
        return;
    }
    if (v->kind == EG_VAL_LIST || v->kind == EG_VAL_CALL)
        for (size_t i = 0; i < v->n; i++)
            check_loads(c, v->items[i]);
}

eg_program *eg_program_compile(eg_model *model, eg_diag_list *diags)
{
    eg_program *prog = calloc(1, sizeof *prog);
    unsigned char *state = calloc(model->nblocks + 1, 1);
    if (prog)
        prog->model = model;
    if (!prog || !state || !(prog->specs = calloc(model->nblocks + 1, sizeof *prog->specs))) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        free(state);
        if (!prog)
            eg_model_free(model);
        eg_program_free(prog);
        return NULL;
    }
    eg_compile c = {prog, diags, state, 0};
    for (size_t i = 0; i < model->nblocks && !eg_diag_full(diags); i++) {
        const eg_block *b = model->blocks[i];
        for (size_t k = 0; k < b->nfields; k++)
            check_loads(&c, b->fields[k].value);
        eg_compile_block(&c, b);
    }
    free(state);
    if (c.errors > 0) {
        eg_program_free(prog);
        return NULL;
    }
    return prog;
}

void eg_program_free(eg_program *prog)
{
    if (!prog)
        return;
    for (size_t i = prog->nowned; i-- > 0;)
        prog->owned[i].free_fn(prog->owned[i].obj);
    free(prog->owned);
    free(prog->specs);
    eg_arena_free(&prog->arena);
    eg_model_free(prog->model);
    free(prog);
}

const eg_model *eg_program_model(const eg_program *prog)
{
    return prog->model;
}

const eg_spec *eg_program_spec(const eg_program *prog, const eg_block *block)
{
    return block->index < prog->model->nblocks ? prog->specs[block->index] : NULL;
}
