/* network_rnn.c: the recurrent flavour of `network` blocks, h_t = σ(W h_{t−1} + W_uh u_t),
 * o_t = W_r h_t: weights given inline, loaded from files, or constructed by EMT (no training). */
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "run/kinds.h"
#include "run/build.h"

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

static void free_built(void *p)
{
    eg_built_rnn *b = p;
    eg_rnn_free(b->net);
    free(b);
}

/* The recurrent network's non-linearity: plain linear or tanh (gain 1, no
 * threshold), as EMT's reading assumes. */
static eg_status activation_of(eg_run *run, const eg_block *block, eg_rnn_activation *out)
{
    const eg_value *v = eg_block_value(block, "activation");
    const char *name = eg_block_word(block, "activation");
    int plain = !v || v->n == 0;
    if (plain && strcmp(name, "tanh") == 0)
        *out = EG_RNN_TANH;
    else if (plain && strcmp(name, "linear") == 0)
        *out = EG_RNN_LINEAR;
    else
        return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, "activation"),
                           "a recurrent network (input_weights, readout, construct) takes activation = linear or "
                           "tanh, without arguments");
    return EG_OK;
}

/* W = Ψ(I + Φᵀ)Ψᵀ in place of the constructed ΨΦΨᵀ. */
static eg_status to_gsemm(eg_run *run, const eg_value *call, const eg_task *task, eg_rnn *net)
{
    eg_matrix *phi = NULL, *w = NULL;
    eg_error err;
    eg_status st = eg_task_phi(task, &phi, &err);
    if (st == EG_OK)
        st = eg_emt_gsemm_weights(net->psi, phi, &w, &err);
    eg_matrix_free(phi);
    if (st != EG_OK)
        return eg_run_fail(run, st, call->loc, "%s", err.msg);
    eg_matrix_free(net->w);
    net->w = w;
    return EG_OK;
}

static eg_status construct(eg_run *run, const eg_block *block, eg_rnn **out)
{
    const eg_value *call = eg_block_value(block, "construct");
    const char *given[] = {"weights", "input_weights", "readout"};
    for (size_t i = 0; i < 3; i++)
        if (eg_block_value(block, given[i]))
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, given[i]),
                               "'%s' and 'construct' exclude each other: the construction makes every weight",
                               given[i]);
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, eg_value_arg(call, "task")->ref, &bt);
    if (st != EG_OK)
        return st;
    size_t hidden = (size_t)eg_call_number(call, "hidden"), sd = bt->task->s * bt->task->d;
    if (hidden < sd)
        return eg_run_fail(run, EG_EINVAL, eg_value_arg(call, "hidden")->loc,
                           "hidden = %zu is too small: the task needs s·d = %zu units for its memories", hidden, sd);
    eg_error err;
    if ((st = eg_task_construct(bt->task, hidden, (uint64_t)eg_call_number(call, "seed"), out, &err)) != EG_OK)
        return eg_run_fail(run, st, call->loc, "%s", err.msg);
    if (strcmp(eg_call_word(call, "convention"), "gsemm") == 0 && (st = to_gsemm(run, call, bt->task, *out)) != EG_OK) {
        eg_rnn_free(*out);
        *out = NULL;
    }
    return st;
}

/* Loads the matrix of key (if set) and checks one of its dimensions against want. */
static eg_status load_part(eg_run *run, const eg_block *block, const char *key, int rows_must_be_h, size_t h,
                           eg_matrix **out)
{
    const eg_value *v = eg_block_value(block, key);
    *out = NULL;
    if (!v)
        return EG_OK;
    eg_status st = eg_load_matrix(run, v, out);
    if (st != EG_OK)
        return st;
    size_t got = rows_must_be_h ? (*out)->rows : (*out)->cols;
    if (got != h) {
        eg_status fail = eg_run_fail(run, EG_EINVAL, v->loc, "'%s' (%s) is %zu × %zu but needs %s %zu (the hidden units of 'weights')",
                                     key, eg_load_name(v), (*out)->rows, (*out)->cols, rows_must_be_h ? "rows =" : "columns =", h);
        eg_matrix_free(*out);
        *out = NULL;
        return fail;
    }
    return EG_OK;
}

static eg_status from_weights(eg_run *run, const eg_block *block, eg_rnn **out)
{
    const eg_value *wv = eg_block_value(block, "weights");
    eg_matrix *w = NULL, *wuh = NULL, *wr = NULL;
    eg_status st = eg_load_matrix(run, wv, &w);
    if (st != EG_OK)
        return st;
    if (w->rows != w->cols) {
        st = eg_run_fail(run, EG_EINVAL, wv->loc, "'weights' (%s) is %zu × %zu; recurrent weights must be square",
                         eg_load_name(wv), w->rows, w->cols);
        eg_matrix_free(w);
        return st;
    }
    size_t h = w->rows;
    if ((st = load_part(run, block, "input_weights", 1, h, &wuh)) == EG_OK)
        st = load_part(run, block, "readout", 0, h, &wr);
    eg_rnn *net = NULL;
    if (st == EG_OK && !(net = eg_rnn_alloc(h, wuh ? wuh->cols : 0, wr ? wr->rows : 0)))
        st = eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
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
    eg_matrix_free(w);
    eg_matrix_free(wuh);
    eg_matrix_free(wr);
    return st;
}

eg_status eg_build_rnn_network(eg_run *run, const eg_block *block, const eg_built_rnn **out)
{
    char desc[160];
    /* Only blocks with 'weights' or 'construct' are of this flavour: check
     * before the cache, which may hold another flavour's object for the block. */
    if (eg_block_value(block, "store"))
        return eg_run_fail(run, EG_EINVAL, block->loc,
                           "%s stores memories (a Hopfield network); this needs a recurrent network with 'weights' or 'construct'",
                           eg_block_describe(block, desc, sizeof desc));
    const int constructed = eg_block_value(block, "construct") != NULL;
    if (!constructed && !eg_block_value(block, "weights"))
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s has no recurrent weights: give 'weights' or 'construct'",
                           eg_block_describe(block, desc, sizeof desc));
    eg_built_rnn *b = eg_run_cached(run, block);
    if (b) {
        *out = b;
        return EG_OK;
    }
    eg_rnn *net = NULL;
    eg_rnn_activation act = EG_RNN_LINEAR;
    eg_status st = activation_of(run, block, &act);
    if (st != EG_OK)
        return st;
    st = constructed ? construct(run, block, &net) : from_weights(run, block, &net);
    if (st != EG_OK)
        return st;
    if (!(b = calloc(1, sizeof *b))) {
        eg_rnn_free(net);
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    }
    b->net = net;
    b->act = act;
    if ((st = eg_run_cache(run, block, b, free_built)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b;
    return EG_OK;
}

eg_status eg_build_rnn(eg_run *run, const eg_value *ref, const eg_built_rnn **out)
{
    const eg_block *block = ref->ref;
    if (strcmp(block->schema->name, "network") == 0)
        return eg_build_rnn_network(run, block, out);
    if (strcmp(block->schema->name, "train") == 0)
        return eg_build_trained(run, block, NULL, out);
    return eg_run_fail(run, EG_EINVAL, ref->loc, "'%s' is a %s block; this needs a network or a train block", ref->str,
                       block->schema->name);
}

void eg_network_rnn_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec)
{
    (void)c;
    (void)block;
    (void)spec;
}
