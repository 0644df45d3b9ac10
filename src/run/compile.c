/* compile.c: compiling a checked model into specs, block by block in file
 * order, each definition before the blocks that refer to it. */
#include "run/compile.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engram/npy.h"
#include "lang/source.h"
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

const eg_network_spec *eg_compile_continuous_network(eg_compile *c, const eg_value *ref, const char *use)
{
    const eg_network_spec *net = eg_compile_network(c, ref);
    if (!net || net->flavour == EG_FLAVOUR_RATE || net->flavour == EG_FLAVOUR_SEQUENCE)
        return net;
    char desc[160];
    eg_compile_error(c, ref->loc,
                     "%s, but %s is not one: give it state = rate (a rate network) or kind = gsemm | lisem | dsem (a "
                     "sequence memory)",
                     use, eg_block_describe(ref->ref, desc, sizeof desc));
    return NULL;
}

/* ---- Memory ------------------------------------------------------------- */

/* The limit set by --memory-limit (0: the default). A process-wide setting,
 * as the machine's memory is. */
static double memory_limit_set;

/* 3/4 of physical memory: room for the operating system and whatever else
 * runs, while a model that fits in memory is not refused. 8 GiB where the
 * system does not say. */
static double memory_limit_default(void)
{
#ifdef _SC_PHYS_PAGES
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0)
        return 0.75 * (double)pages * (double)page;
#endif
    return 8.0 * 1024 * 1024 * 1024;
}

double eg_memory_limit(void)
{
    return memory_limit_set > 0 ? memory_limit_set : memory_limit_default();
}

void eg_memory_limit_set(double bytes)
{
    memory_limit_set = bytes > 0 ? bytes : 0;
}

void eg_format_bytes(double bytes, char *buf, size_t len)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) {
        snprintf(buf, len, "%.0f B", bytes);
        return;
    }
    size_t u = 0;
    bytes /= 1024;
    while (bytes >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, len, "%.1f %s", bytes, units[u]);
}

int eg_parse_bytes(const char *text, double *bytes)
{
    static const char units[] = "KMGTP";
    char *end = NULL;
    if (!text || !isdigit((unsigned char)text[0]))
        return 0;
    double x = strtod(text, &end);
    double scale = 1;
    if (*end) {
        const char *u = strchr(units, toupper((unsigned char)*end));
        if (!u)
            return 0;
        scale = pow(1024, (double)(u - units + 1));
        end++;
        /* K, KB, KiB (any case) all mean 1024 bytes. */
        if (strcasecmp(end, "b") != 0 && strcasecmp(end, "ib") != 0 && *end)
            return 0;
    }
    x *= scale;
    if (!(x >= 1 && x < 1e21))
        return 0;
    *bytes = x;
    return 1;
}

int eg_compile_memory(eg_compile *c, eg_loc loc, double bytes, const char *what, ...)
{
    double limit = eg_memory_limit();
    if (!(bytes > limit))
        return 1;
    char desc[256], size[32], lim[32];
    va_list ap;
    va_start(ap, what);
    vsnprintf(desc, sizeof desc, what, ap);
    va_end(ap);
    eg_format_bytes(bytes, size, sizeof size);
    eg_format_bytes(limit, lim, sizeof lim);
    eg_compile_error(c, loc, "%s would take %s, over the memory limit of %s%s", desc, size, lim,
                     memory_limit_set > 0 ? " (--memory-limit)" : " (3/4 of physical memory; --memory-limit SIZE raises it)");
    return 0;
}

void eg_compile_memory_file(eg_compile *c, const eg_value *file)
{
    if (!file || file->kind != EG_VAL_STRING || eg_load_format_of(file->str) != EG_LOAD_NPY)
        return;
    char *path = eg_source_resolve(file->loc.file, file->str);
    if (!path) {
        eg_compile_error(c, file->loc, "out of memory");
        return;
    }
    eg_npy_info info;
    eg_error err;
    /* A file that is missing or malformed is reported when read (exit 4):
     * the probe only sizes what would be allocated. */
    if (eg_npy_read_header(path, &info, &err) == EG_OK) {
        double count = 1;
        for (size_t i = 0; i < info.ndim; i++)
            count *= (double)info.shape[i];
        char shape[96] = "";
        size_t at = 0;
        for (size_t i = 0; i < info.ndim && at < sizeof shape; i++)
            at += (size_t)snprintf(shape + at, sizeof shape - at, "%s%zu", i ? " × " : "", info.shape[i]);
        eg_compile_memory(c, file->loc, count * sizeof(double), "'%s' (%s values, read as doubles)", file->str,
                          info.ndim ? shape : "one");
    }
    free(path);
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
        else
            eg_compile_memory_file(c, file);
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
