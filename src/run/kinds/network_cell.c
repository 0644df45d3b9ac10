/* network_cell.c: the trained-cell flavour of `network` blocks: a recurrent
 * cell as PyTorch or PsychRNN saved it, read through a row of the layout
 * table (task/layout.c), the same cells `engram fixed-points` and `engram
 * lyapunov` open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/cell_points.h"
#include "engram/cell_train.h"
#include "engram/train.h"
#include "lang/source.h"
#include "run/build.h"
#include "run/kinds.h"
#include "run/kinds/cell_net.h"

static const eg_type alpha_type = EG_TYPE_NUMBER_RANGE(0x1p-1074, 1, "a number in (0, 1]");

const eg_key eg_network_cell_keys[] = {
    {"file", &eg_type_string, 0, 0, NULL, "a trained cell's weights (.npz or .safetensors), relative to the model file"},
    {"layout", &eg_type_string, 0, 0, NULL,
     "where the file keeps the weights: \"pytorch-rnn\", \"pytorch-rnn-relu\", \"pytorch-gru\", \"pytorch-lstm\" or "
     "\"psychrnn\" ('engram help layouts')"},
    {"prefix", &eg_type_string, 0, 0, NULL, "the keys' prefix, e.g. \"rnn.\" for a submodule called rnn"},
    {"alpha", &alpha_type, 0, 0, NULL, "dt/τ of a continuous-time network (psychrnn), e.g. 0.1"},
    EG_KEYS_END,
};

static const eg_type *const cell_or_dyn_alts[] = {&eg_type_vector, &eg_type_dyn_input, NULL};
const eg_type eg_type_cell_or_dyn_input = {
    .kind = EG_TY_ONEOF, .alts = cell_or_dyn_alts,
    .what = "a constant input [u1, ...] (a trained cell) or an input term such as pulse(at = 1, width = 1) or a list "
            "of terms (a rate network)"};

/* The compiled flavour. */
typedef struct cell_net_spec {
    const char *file;   /* as written */
    char *path;         /* resolved against the model file (program-owned) */
    eg_loc file_loc;
    const eg_layout *layout;
    const char *prefix;
    double alpha;       /* 0 when not given */
} cell_net_spec;

/* ---- Compiling ----------------------------------------------------------- */

/* The layout named: a row of the layout table, or an error listing them. */
static const eg_layout *compile_layout(eg_compile *c, const eg_block *block)
{
    const eg_value *v = eg_block_value(block, "layout");
    if (!v) {
        eg_compile_error(c, block->loc, "a trained cell ('file') needs 'layout', where the file keeps its weights");
        return NULL;
    }
    const eg_layout *l = eg_layout_find(v->str);
    if (l)
        return l;
    char names[256] = "";
    size_t used = 0;
    for (const eg_layout *r = eg_layouts; r->name && used + 40 < sizeof names; r++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s\"%s\"", used ? ", " : "", r->name);
    eg_compile_error(c, v->loc, "unknown layout \"%s\"; engram reads %s", v->str, names);
    return NULL;
}

static void free_path(void *p)
{
    free(p);
}

/* The file: an archive of named arrays that exists (its contents are data,
 * read at run). */
static void compile_file(eg_compile *c, const eg_block *block, cell_net_spec *s)
{
    const eg_value *v = eg_block_value(block, "file");
    if (!v) {
        eg_compile_error(c, block->loc, "a trained cell ('layout') needs 'file', the weights it reads");
        return;
    }
    s->file = v->str;
    s->file_loc = v->loc;
    eg_load_format f = eg_load_format_of(v->str);
    if (f != EG_LOAD_NPZ && f != EG_LOAD_SAFETENSORS) {
        eg_compile_error(c, v->loc, "\"%s\": a trained cell is read from an .npz or .safetensors file", v->str);
        return;
    }
    char *path = eg_source_resolve(v->loc.file, v->str);
    if (!path || !eg_compile_own(c, path, free_path))
        return;
    s->path = path;
    if (access(path, R_OK) != 0)
        eg_compile_error(c, v->loc, "cannot open \"%s\": no such file (paths are relative to the model file)",
                         v->str);
}

/* Keys of the other flavours have no meaning for a trained cell. */
static void check_foreign_keys(eg_compile *c, const eg_block *block)
{
    const eg_schema *schema = block->schema;
    for (size_t g = 0; schema->groups[g]; g++) {
        if (schema->groups[g] == eg_network_cell_keys)
            continue;
        for (const eg_key *k = schema->groups[g]; k->name; k++)
            if (eg_block_value(block, k->name))
                eg_compile_error(c, eg_block_loc(block, k->name),
                                 "'%s' is not a key of a trained cell, which is read whole from 'file'", k->name);
    }
}

void eg_network_cell_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    cell_net_spec *s = eg_compile_alloc(c, sizeof *s);
    if (!s)
        return;
    s->layout = compile_layout(c, block);
    compile_file(c, block, s);
    const eg_value *prefix = eg_block_value(block, "prefix"), *alpha = eg_block_value(block, "alpha");
    s->prefix = prefix ? prefix->str : "";
    s->alpha = alpha ? alpha->num : 0;
    if (s->layout && s->layout->kind == EG_CELL_LEAKY_RELU && !alpha)
        eg_compile_error(c, eg_block_loc(block, "layout"),
                         "layout \"%s\" needs 'alpha' (dt/τ): its files hold neither dt nor τ", s->layout->name);
    else if (s->layout && s->layout->kind != EG_CELL_LEAKY_RELU && alpha)
        eg_compile_error(c, alpha->loc, "'alpha' is the dt/τ of a continuous-time network; layout \"%s\" is a %s",
                         s->layout->name, eg_cell_kind_name(s->layout->kind));
    check_foreign_keys(c, block);
    spec->units = 0; /* known once loaded */
    spec->impl = s;
}

int eg_compile_cell_source(eg_compile *c, const eg_value *ref, eg_cell_source *out)
{
    memset(out, 0, sizeof *out);
    if (!ref || ref->kind != EG_VAL_REF || !ref->ref)
        return 0;
    const eg_block *b = ref->ref;
    const eg_kind *kind = eg_kind_of(b);
    if (kind != &eg_kind_network && kind != &eg_kind_train)
        return 0;
    const eg_spec *s = eg_compile_block(c, b);
    if (!s)
        return 0;
    out->block = b;
    if (kind == &eg_kind_train) {
        out->train = EG_SPEC_OF(eg_train_spec, s);
        return out->train->cell;
    }
    out->net = EG_SPEC_OF(eg_network_spec, s);
    return out->net->flavour == EG_FLAVOUR_CELL;
}

int eg_cell_input_is_constant(const eg_value *v)
{
    return v->kind == EG_VAL_NUMBER || (v->kind == EG_VAL_LIST && (v->n == 0 || v->items[0]->kind == EG_VAL_NUMBER));
}

int eg_compile_analysed_network(eg_compile *c, const eg_value *ref, const char *analysis)
{
    if (!ref || ref->kind != EG_VAL_REF || !ref->ref)
        return 0;
    const eg_kind *kind = eg_kind_of(ref->ref);
    if (kind == &eg_kind_network)
        return 1;
    if (kind == &eg_kind_train)
        eg_compile_error(c, ref->loc,
                         "'%s' trains the bias-free RNN; %s takes a trained cell (gru, lstm or rnn(bias = true)) or a "
                         "continuous-time network",
                         ref->str, analysis);
    else
        eg_compile_error(c, ref->loc, "'%s' is a %s block; %s takes a network (or a train block of a cell)",
                         ref->str, ref->ref->schema->name, analysis);
    eg_compile_note(c, ref->ref->loc, "'%s' is defined here", ref->ref->name);
    return 0;
}

/* ---- Building ------------------------------------------------------------ */

eg_status eg_build_cell_input(eg_run *run, const eg_value *v, const eg_cell *c, eg_loc at, double **u)
{
    size_t m = c->input, given = !v ? m : v->kind == EG_VAL_LIST ? v->n : 1;
    if (given != m)
        return eg_run_fail(run, EG_EIO, v->loc, "the input has %zu value%s; the cell takes %zu input%s", given,
                           given == 1 ? "" : "s", m, m == 1 ? "" : "s");
    double *x = calloc(m ? m : 1, sizeof *x);
    if (!x)
        return eg_run_fail(run, EG_ENOMEM, v ? v->loc : at, "out of memory");
    for (size_t i = 0; v && i < m; i++)
        x[i] = v->kind == EG_VAL_LIST ? v->items[i]->num : v->num;
    *u = x;
    return EG_OK;
}

static void free_cell(void *p)
{
    eg_cell_free(p);
}

/* The network's cell, read from its file once per run. */
static eg_status build_loaded(eg_run *run, const eg_network_spec *net, const eg_cell **out)
{
    const cell_net_spec *s = net->impl;
    eg_cell *cell = eg_run_cached(run, net->head.block);
    if (cell) {
        *out = cell;
        return EG_OK;
    }
    eg_error err;
    eg_status st = eg_cell_load(s->path, s->layout, s->prefix, &cell, &err);
    if (st == EG_OK)
        st = eg_cell_set_alpha(cell, s->alpha, s->layout->name, "alpha", &err);
    if (st != EG_OK) {
        eg_cell_free(cell);
        /* The model checked clean: a file that does not hold the cell is data. */
        return eg_run_fail(run, st == EG_ENOMEM ? st : EG_EIO, s->file_loc, "%s", err.msg);
    }
    if ((st = eg_run_cache(run, net->head.block, cell, free_cell)) != EG_OK)
        return eg_run_fail(run, st, net->head.block->loc, "out of memory");
    *out = cell;
    return EG_OK;
}

eg_status eg_build_cell(eg_run *run, const eg_cell_source *src, const eg_cell **out, eg_cell_origin *origin)
{
    if (src->net) {
        const cell_net_spec *s = src->net->impl;
        *origin = (eg_cell_origin){s->file, s->layout->name, s->prefix};
        return build_loaded(run, src->net, out);
    }
    const eg_train_result *r = NULL;
    eg_status st = eg_build_trained(run, src->train, &r, NULL);
    if (st != EG_OK)
        return st;
    const eg_cell *c = r->cell->cell;
    /* As the train block writes it: PyTorch's keys under the prefix rnn. */
    *origin = (eg_cell_origin){NULL,
                               c->kind == EG_CELL_GRU    ? "pytorch-gru"
                               : c->kind == EG_CELL_LSTM ? "pytorch-lstm"
                                                         : "pytorch-rnn",
                               "rnn."};
    *out = c;
    return EG_OK;
}
