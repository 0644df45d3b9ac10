/* network_rnn.c: the recurrent flavour of `network` blocks, h_t = σ(W h_{t−1} + W_uh u_t),
 * o_t = W_r h_t: weights given inline, loaded from files, or constructed by EMT (no training). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "run/build.h"
#include "run/kinds.h"
#include "run/kinds/recurrent.h"

static const eg_type task_ref = {.kind = EG_TY_REF, .ref_kind = "task", .ref_item = EG_REF_WHOLE};
static const char *const convention_words[] = {"emt", "gsemm", NULL};
static const eg_type convention_type = {.kind = EG_TY_WORD, .words = convention_words};

static const eg_key emt_keys[] = {
    {"task", &task_ref, 1, 0, NULL, "the task whose solution is built"},
    {"hidden", &eg_type_count, 1, 0, NULL, "hidden units H (at least s·d)"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the orthonormal memory basis Ψ"},
    {"convention", &convention_type, 0, 0, "emt",
     "emt: W = ΨΦΨᵀ (I absorbed into Φ); gsemm: W = Ψ(I + Φᵀ)Ψᵀ, the literal GSEMM reduction"},
    EG_KEYS_END,
};
static const eg_schema emt_fn = EG_SCHEMA("emt", "the network EMT predicts for a task (Karuvally et al.)", emt_keys);
static const eg_schema *const construct_fns[] = {&emt_fn, NULL};
static const eg_type construct_type = {.kind = EG_TY_CALL, .calls = construct_fns, .what = "emt(task = ..., hidden = ...)"};

/* `weights` and `activation` are shared with rate networks and defined with
 * them (network_rate.c); a recurrent network takes linear or tanh only. */
const eg_key eg_network_rnn_keys[] = {
    {"input_weights", &eg_type_weights, 0, 0, NULL, "input weights W_uh (H × inputs)"},
    {"readout", &eg_type_weights, 0, 0, NULL, "readout W_r (outputs × H)"},
    {"construct", &construct_type, 0, 0, NULL, "build the weights from a theory instead of giving them"},
    EG_KEYS_END,
};

/* ---- Compiling ----------------------------------------------------------- */

/* Where the recurrent reading of a network reports: at the keys of a network
 * of the recurrent flavour; for a rate network read as a recurrent one by a
 * block that names it, at that block's reference (each reader's own misuse),
 * with a note at the key. */
typedef struct rnn_ctx {
    eg_compile *c;
    const eg_value *ref; /* the reader's reference, or NULL */
} rnn_ctx;

static void rnn_error(const rnn_ctx *x, eg_loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rnn_error(const rnn_ctx *x, eg_loc at, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!x->ref) {
        eg_compile_error(x->c, at, "%s", msg);
        return;
    }
    eg_compile_error(x->c, x->ref->loc, "'%s' is a rate network read here as a recurrent one: %s", x->ref->str, msg);
    eg_compile_note(x->c, at, "here");
}

/* The recurrent network's non-linearity: plain linear or tanh (gain 1, no
 * threshold), as EMT's reading assumes. */
static void compile_activation(const rnn_ctx *x, const eg_block *block, eg_rnn_spec *spec)
{
    const eg_value *v = eg_block_value(block, "activation");
    const char *name = eg_block_word(block, "activation");
    int plain = !v || v->n == 0;
    if (plain && strcmp(name, "tanh") == 0)
        spec->act = EG_RNN_TANH;
    else if (plain && strcmp(name, "linear") == 0)
        spec->act = EG_RNN_LINEAR;
    else
        rnn_error(x, eg_block_loc(block, "activation"),
                         "a recurrent network (input_weights, readout, construct) takes activation = linear or "
                         "tanh, without arguments");
}

/* An inline composition the linear construction cannot solve, refused at the
 * task argument with the reason (a loaded one is checked when built). */
static void check_solvable(const rnn_ctx *x, const eg_value *task_arg, const eg_task_spec *ts)
{
    const eg_value *f = ts->composition;
    if (!f || f->kind != EG_VAL_LIST || f->n != ts->s * ts->d)
        return;
    size_t d = ts->d;
    eg_matrix *m = eg_matrix_alloc(f->n, d);
    eg_task *task = NULL;
    if (!m)
        return;
    for (size_t j = 0; j < f->n; j++)
        for (size_t k = 0; k < d && k < f->items[j]->n; k++)
            m->data[j * d + k] = f->items[j]->items[k]->num;
    bool ok = true;
    eg_task_witness why;
    /* A composition with errors of its own was reported at the task block. */
    if (eg_task_alloc(ts->s, d, m, &task, NULL) == EG_OK && eg_task_linear_solvable(task, &ok, &why, NULL) == EG_OK &&
        !ok) {
        char text[512];
        eg_task_witness_format(&why, text, sizeof text);
        rnn_error(x, task_arg->loc, "the EMT construction cannot solve task '%s', nor can any linear network: %s",
                  task_arg->str, text);
    }
    eg_task_free(task);
    eg_matrix_free(m);
}

/* construct = emt(task, hidden, seed, convention): every weight made from the task. */
static void compile_construct(const rnn_ctx *x, const eg_block *block, const eg_value *call, eg_rnn_spec *spec)
{
    const char *given[] = {"weights", "input_weights", "readout"};
    for (size_t i = 0; i < 3; i++)
        if (eg_block_value(block, given[i]))
            rnn_error(x, eg_block_loc(block, given[i]),
                             "'%s' and 'construct' exclude each other: the construction makes every weight", given[i]);
    spec->origin = EG_RNN_CONSTRUCTED;
    spec->loc = call->loc;
    spec->hidden = (size_t)eg_call_number(call, "hidden");
    spec->seed = (uint64_t)eg_call_number(call, "seed");
    spec->gsemm = strcmp(eg_call_word(call, "convention"), "gsemm") == 0;
    spec->task = eg_compile_task(x->c, eg_value_arg(call, "task"));
    if (!spec->task)
        return;
    size_t sd = spec->task->s * spec->task->d;
    if (spec->hidden < sd)
        rnn_error(x, eg_value_arg(call, "hidden")->loc,
                         "hidden = %zu is too small: task '%s' needs s·d = %zu units for its memories", spec->hidden,
                         eg_value_arg(call, "task")->str, sd);
    /* W_uh = Ψ_s (H × d) and W_r = Ψ*_s (d × H). */
    spec->in = spec->out = spec->task->d;
    /* W_hh (H × H) and both H × d maps; reported once, for the block itself. */
    double h = (double)spec->hidden, d = (double)spec->task->d;
    if (!x->ref)
        eg_compile_memory(x->c, eg_value_arg(call, "hidden")->loc, (h * h + 2 * h * d) * sizeof(double),
                          "the weights of %zu hidden units (doubles)", spec->hidden);
    check_solvable(x, eg_value_arg(call, "task"), spec->task);
}

/* The rows and columns of an inline matrix; EG_SIZE_UNKNOWN for a loaded one. */
static void shape_of(const eg_value *v, size_t *rows, size_t *cols)
{
    if (v->kind == EG_VAL_LIST) {
        *rows = v->n;
        *cols = v->n ? v->items[0]->n : 0;
    } else {
        *rows = *cols = EG_SIZE_UNKNOWN;
    }
}

/* Weights given inline or loaded: shapes checked against each other where
 * they are inline (loaded ones are checked when read). */
static void compile_given(const rnn_ctx *x, const eg_block *block, eg_rnn_spec *spec)
{
    char desc[160];
    spec->origin = EG_RNN_GIVEN;
    spec->weights = eg_block_value(block, "weights");
    spec->input_weights = eg_block_value(block, "input_weights");
    spec->readout = eg_block_value(block, "readout");
    if (!spec->weights) {
        rnn_error(x, block->loc, "%s has no recurrent weights: give 'weights' or 'construct'",
                         eg_block_describe(block, desc, sizeof desc));
        return;
    }
    size_t rows, cols, h;
    shape_of(spec->weights, &rows, &cols);
    if (rows != cols)
        rnn_error(x, spec->weights->loc, "'weights' (the inline matrix) is %zu × %zu; recurrent weights must be square",
                         rows, cols);
    spec->hidden = h = rows == cols ? rows : EG_SIZE_UNKNOWN;
    spec->in = spec->out = 0;
    if (spec->input_weights) {
        shape_of(spec->input_weights, &rows, &cols);
        if (h != EG_SIZE_UNKNOWN && rows != EG_SIZE_UNKNOWN && rows != h)
            rnn_error(x, spec->input_weights->loc,
                             "'input_weights' (the inline matrix) is %zu × %zu but needs rows = %zu (the hidden units of 'weights')",
                             rows, cols, h);
        spec->in = cols;
    }
    if (spec->readout) {
        shape_of(spec->readout, &rows, &cols);
        if (h != EG_SIZE_UNKNOWN && cols != EG_SIZE_UNKNOWN && cols != h)
            rnn_error(x, spec->readout->loc,
                             "'readout' (the inline matrix) is %zu × %zu but needs columns = %zu (the hidden units of 'weights')",
                             rows, cols, h);
        spec->out = rows;
    }
}

/* The recurrent reading of a network block's keys. */
static eg_rnn_spec *compile_rnn(const rnn_ctx *x, const eg_block *block)
{
    eg_rnn_spec *spec = eg_compile_alloc(x->c, sizeof *spec);
    if (!spec)
        return NULL;
    compile_activation(x, block, spec);
    const eg_value *call = eg_block_value(block, "construct");
    if (call)
        compile_construct(x, block, call, spec);
    else
        compile_given(x, block, spec);
    return spec;
}

void eg_network_rnn_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    rnn_ctx x = {c, NULL};
    eg_rnn_spec *rnn = compile_rnn(&x, block);
    spec->impl = rnn;
    if (rnn && rnn->hidden != EG_SIZE_UNKNOWN)
        spec->units = rnn->hidden;
}

const eg_rnn_spec *eg_rnn_spec_of(eg_compile *c, const eg_value *ref, const eg_network_spec *net)
{
    if (net->flavour == EG_FLAVOUR_RNN)
        return net->impl;
    /* A rate network with recurrent weights of its own (state = rate, as
     * exported trained networks are written) reads as a recurrent network too. */
    const eg_block *block = ref->ref;
    const int own = eg_block_value(block, "weights") || eg_block_value(block, "construct");
    if (net->flavour == EG_FLAVOUR_RATE && own && !eg_block_value(block, "store")) {
        rnn_ctx x = {c, ref};
        return compile_rnn(&x, block);
    }
    return NULL;
}

/* Why a network block that is not recurrent cannot serve as one. */
static void not_recurrent(eg_compile *c, const eg_value *ref, const eg_network_spec *net)
{
    const eg_block *b = ref->ref;
    const char *need = "this needs a recurrent network ('weights' with 'input_weights' and 'readout', or 'construct')";
    if (net->flavour == EG_FLAVOUR_SEQUENCE)
        eg_compile_error(c, ref->loc, "'%s' is a sequence memory (kind = %s); %s", ref->str, eg_block_word(b, "kind"), need);
    else if (net->store || eg_block_value(b, "store"))
        eg_compile_error(c, ref->loc, "'%s' stores memories (a Hopfield network); %s", ref->str, need);
    else
        eg_compile_error(c, ref->loc, "'%s' has no recurrent weights; %s", ref->str, need);
    eg_compile_note(c, b->loc, "'%s' is defined here", b->name);
}

int eg_compile_rnn_source(eg_compile *c, const eg_value *ref, eg_rnn_source *out)
{
    memset(out, 0, sizeof *out);
    if (!ref || ref->kind != EG_VAL_REF || !ref->ref)
        return 0;
    const eg_block *b = ref->ref;
    const eg_kind *kind = eg_kind_of(b);
    out->block = b;
    out->name = ref->str;
    if (kind != &eg_kind_network && kind != &eg_kind_train) {
        eg_compile_error(c, ref->loc, "'%s' is a %s block; this needs a network or a train block", ref->str,
                         b->schema->name);
        return 0;
    }
    const eg_spec *s = eg_compile_block(c, b);
    if (!s)
        return 0; /* its errors are reported */
    if (kind == &eg_kind_train) {
        out->train = EG_SPEC_OF(eg_train_spec, s);
        if (out->train->cell) {
            eg_compile_error(c, ref->loc,
                             "'%s' trains a %s with biases; this reads the bias-free RNN of rnn(bias = false) "
                             "(open the saved .npz with engram fixed-points or lyapunov)",
                             ref->str, eg_cell_kind_name(out->train->cell_kind));
            return 0;
        }
        out->hidden = out->train->options.hidden;
        out->in = out->out = out->train->task ? out->train->task->d : EG_SIZE_UNKNOWN;
        return 1;
    }
    const eg_network_spec *net = EG_SPEC_OF(eg_network_spec, s);
    size_t before = eg_compile_errors(c);
    out->rnn = eg_rnn_spec_of(c, ref, net);
    if (!out->rnn) {
        if (eg_compile_errors(c) == before)
            not_recurrent(c, ref, net);
        return 0;
    }
    if (eg_compile_errors(c) > before)
        return 0;
    out->hidden = out->rnn->hidden;
    out->in = out->rnn->in;
    out->out = out->rnn->out;
    out->has_basis = out->rnn->origin == EG_RNN_CONSTRUCTED;
    return 1;
}

/* ---- Building ------------------------------------------------------------ */

/* Frees net, whose matrices marked borrowed view a caller's arrays (their
 * structs alone are freed). */
static void free_net(eg_rnn *net, const int borrowed[3])
{
    eg_matrix **parts[3] = {&net->w, &net->w_uh, &net->w_r};
    for (size_t k = 0; k < 3; k++)
        if (borrowed[k]) {
            eg_matrix_release(*parts[k], 1);
            *parts[k] = NULL;
        }
    eg_rnn_free(net);
}

static void free_built(void *p)
{
    eg_built_rnn *b = p;
    free_net(b->net, b->borrowed);
    free(b);
}

/* W = Ψ(I + Φᵀ)Ψᵀ in place of the constructed ΨΦΨᵀ. */
static eg_status to_gsemm(eg_run *run, const eg_rnn_spec *spec, const eg_task *task, eg_rnn *net)
{
    eg_matrix *phi = NULL, *w = NULL;
    eg_error err;
    eg_status st = eg_task_phi(task, &phi, &err);
    if (st == EG_OK)
        st = eg_emt_gsemm_weights(net->psi, phi, &w, &err);
    eg_matrix_free(phi);
    if (st != EG_OK)
        return eg_run_fail(run, st, spec->loc, "%s", err.msg);
    eg_matrix_free(net->w);
    net->w = w;
    return EG_OK;
}

static eg_status construct(eg_run *run, const eg_rnn_spec *spec, eg_rnn **out)
{
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, spec->task, &bt);
    if (st != EG_OK)
        return st;
    eg_error err;
    /* An inline composition was checked at compile time: a task refused here
     * comes from a loaded file, and is reported as bad file data. */
    if ((st = eg_task_construct(bt->task, spec->hidden, spec->seed, out, &err)) != EG_OK)
        return eg_run_fail(run, st == EG_EINVAL ? EG_EIO : st, spec->loc, "%s", err.msg);
    if (spec->gsemm && (st = to_gsemm(run, spec, bt->task, *out)) != EG_OK) {
        eg_rnn_free(*out);
        *out = NULL;
    }
    return st;
}

/* The matrix of v: a caller's array under its file name is read in place
 * when it is float64 in C order (*borrowed set; the network only reads its
 * weights), else loaded as a file is. */
static eg_status load_matrix(eg_run *run, const eg_value *v, eg_matrix **out, int *borrowed)
{
    *borrowed = 0;
    const eg_value *file = v->kind == EG_VAL_LIST || eg_value_arg(v, "key") ? NULL : eg_value_arg(v, "file");
    if (file && eg_run_array_named(run, file->str))
        return eg_build_matrix_in_place(run, v, out, borrowed);
    return eg_load_matrix(run, v, out);
}

/* Loads the matrix v (if set) and checks one of its dimensions against h: a
 * loaded file that does not fit is bad data (inline shapes were checked at
 * compile time). */
static eg_status load_part(eg_run *run, const eg_value *v, const char *key, int rows_must_be_h, size_t h,
                           eg_matrix **out, int *borrowed)
{
    *out = NULL;
    *borrowed = 0;
    if (!v)
        return EG_OK;
    eg_status st = load_matrix(run, v, out, borrowed);
    if (st != EG_OK)
        return st;
    size_t got = rows_must_be_h ? (*out)->rows : (*out)->cols;
    if (got != h) {
        eg_status fail = eg_run_fail(run, EG_EIO, v->loc, "'%s' (%s) is %zu × %zu but needs %s %zu (the hidden units of 'weights')",
                                     key, eg_load_name(v), (*out)->rows, (*out)->cols, rows_must_be_h ? "rows =" : "columns =", h);
        eg_matrix_release(*out, *borrowed);
        *out = NULL;
        return fail;
    }
    return EG_OK;
}

static eg_status from_weights(eg_run *run, const eg_rnn_spec *spec, eg_rnn **out, int borrowed[3])
{
    const eg_value *wv = spec->weights;
    eg_matrix *w = NULL, *wuh = NULL, *wr = NULL;
    eg_status st = load_matrix(run, wv, &w, &borrowed[0]);
    if (st != EG_OK)
        return st;
    if (w->rows != w->cols) {
        st = eg_run_fail(run, EG_EIO, wv->loc, "'weights' (%s) is %zu × %zu; recurrent weights must be square",
                         eg_load_name(wv), w->rows, w->cols);
        eg_matrix_release(w, borrowed[0]);
        return st;
    }
    size_t h = w->rows;
    if ((st = load_part(run, spec->input_weights, "input_weights", 1, h, &wuh, &borrowed[1])) == EG_OK)
        st = load_part(run, spec->readout, "readout", 0, h, &wr, &borrowed[2]);
    eg_rnn *net = NULL;
    if (st == EG_OK && !(net = eg_rnn_alloc(h, wuh ? wuh->cols : 0, wr ? wr->rows : 0)))
        st = eg_run_fail(run, EG_ENOMEM, wv->loc, "out of memory allocating a recurrent network of %zu hidden units", h);
    if (st == EG_OK) {
        eg_matrix_free(net->w);
        net->w = w;
        w = NULL;
        if (wuh) {
            eg_matrix_free(net->w_uh);
            net->w_uh = wuh;
            wuh = NULL;
        }
        if (wr) {
            eg_matrix_free(net->w_r);
            net->w_r = wr;
            wr = NULL;
        }
        *out = net;
    }
    eg_matrix_release(w, borrowed[0]);
    eg_matrix_release(wuh, borrowed[1]);
    eg_matrix_release(wr, borrowed[2]);
    return st;
}

eg_status eg_build_rnn_network(eg_run *run, const eg_block *block, const eg_rnn_spec *spec,
                               const eg_built_rnn **out)
{
    eg_built_rnn *b = eg_run_cached(run, block);
    if (b) {
        *out = b;
        return EG_OK;
    }
    eg_rnn *net = NULL;
    int borrowed[3] = {0, 0, 0};
    eg_status st = spec->origin == EG_RNN_CONSTRUCTED ? construct(run, spec, &net) : from_weights(run, spec, &net, borrowed);
    if (st != EG_OK)
        return st;
    if (!(b = calloc(1, sizeof *b))) {
        free_net(net, borrowed);
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    }
    b->net = net;
    memcpy(b->borrowed, borrowed, sizeof b->borrowed);
    b->act = spec->act;
    if ((st = eg_run_cache(run, block, b, free_built)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b;
    return EG_OK;
}

eg_status eg_build_rnn(eg_run *run, const eg_rnn_source *src, const eg_built_rnn **out)
{
    if (src->train)
        return eg_build_trained(run, src->train, NULL, out);
    return eg_build_rnn_network(run, src->block, src->rnn, out);
}
