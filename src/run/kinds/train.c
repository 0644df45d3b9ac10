/* train.c: `train` blocks: a bias-free RNN trained on a task by backpropagation through time
 * (Adam, gradient clipping, a curriculum over horizons); its weights feed later blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "engram/cell_train.h"
#include "engram/delayed_match.h"
#include "engram/flip_flop.h"
#include "run/figure.h"
#include "run/kinds.h"
#include "run/kinds/recurrent.h"

static const char *const activation_words[] = {"tanh", "linear", NULL};
static const eg_type activation_type = {.kind = EG_TY_WORD, .words = activation_words};
static const char *const bias_words[] = {"false", "true", NULL};
static const eg_type bias_type = {.kind = EG_TY_WORD, .words = bias_words, .what = "true or false"};
static const eg_type hidden_type = EG_TYPE_INTEGER_RANGE(1, 16384, "a whole number in [1, 16384]");
static const eg_key rnn_keys[] = {
    {"hidden", &hidden_type, 1, 0, NULL, "hidden units H"},
    {"activation", &activation_type, 0, 0, "tanh", "the non-linearity σ"},
    {"bias", &bias_type, 0, 0, "false",
     "true: PyTorch's nn.RNN with biases and a readout with a bias (tanh only; saved as an .npz); "
     "false: the bias-free network EMT reads"},
    EG_KEYS_END,
};
static const eg_schema rnn_fn = EG_SCHEMA("rnn", "h_t = σ(W h_{t−1} + W_uh u_t), o_t = W_r h_t", rnn_keys);
static const eg_key cell_keys[] = {
    {"hidden", &hidden_type, 1, 0, NULL, "hidden units H"},
    EG_KEYS_END,
};
static const eg_schema gru_fn =
    EG_SCHEMA("gru", "PyTorch's nn.GRU (gates r, z, n, with biases) and a linear readout with a bias", cell_keys);
static const eg_schema lstm_fn = EG_SCHEMA(
    "lstm", "PyTorch's nn.LSTM (gates i, f, g, o, with biases) and a linear readout of h with a bias", cell_keys);
static const eg_schema *const net_fns[] = {&rnn_fn, &gru_fn, &lstm_fn, NULL};
static const eg_type net_type = {.kind = EG_TY_CALL, .calls = net_fns,
                                 .what = "rnn(hidden = ...), gru(hidden = ...) or lstm(hidden = ...)"};

static const eg_type lr_type = EG_TYPE_NUMBER_RANGE(0x1p-1074, 10, "a number in (0, 10]");
static const eg_type beta_type = EG_TYPE_NUMBER_RANGE(0, 0.999999999, "a number in [0, 1)");
static const eg_key adam_keys[] = {
    {"lr", &lr_type, 0, 1e-3, NULL, "learning rate"},
    {"clip", &eg_type_nonnegative, 0, 1.0, NULL, "clip the gradient's 2-norm to this (0: no clipping)"},
    {"beta1", &beta_type, 0, 0.9, NULL, "decay of the first moment"},
    {"beta2", &beta_type, 0, 0.999, NULL, "decay of the second moment"},
    {"eps", &eg_type_positive, 0, 1e-8, NULL, "added to the root of the second moment"},
    EG_KEYS_END,
};
static const eg_schema adam_fn = EG_SCHEMA("adam", "Adam (Kingma & Ba 2015) with gradient-norm clipping", adam_keys);
static const eg_schema *const opt_fns[] = {&adam_fn, NULL};
static const eg_type opt_type = {.kind = EG_TY_CALL, .calls = opt_fns, .what = "adam(lr = ..., clip = ...)"};

static const eg_type task_ref = {.kind = EG_TY_REF, .ref_kind = "task", .ref_item = EG_REF_WHOLE};
static const eg_type horizon_type = EG_TYPE_INTEGER_RANGE(1, 100000, "a whole number in [1, 100000]");
static const eg_type curriculum_type = {.kind = EG_TY_LIST, .elem = &horizon_type,
                                        .what = "a list of horizons such as [10, 20, 40]"};
static const eg_type batch_type = EG_TYPE_INTEGER_RANGE(1, 100000, "a whole number in [1, 100000]");
static const eg_type steps_type = EG_TYPE_INTEGER_RANGE(1, 1e8, "a whole number in [1, 10^8]");

static const eg_key train_keys[] = {
    {"network", &net_type, 1, 0, NULL, "the network to train"},
    {"task", &task_ref, 1, 0, NULL, "the task it learns"},
    {"optimizer", &opt_type, 0, 0, "adam", "the optimiser"},
    {"batch", &batch_type, 0, 64, NULL, "sequences per step"},
    {"steps", &steps_type, 1, 0, NULL, "optimiser steps"},
    {"curriculum", &curriculum_type, 0, 0, NULL,
     "horizons (output steps) trained on in turn (default: the task's s · repeats)"},
    {"advance", &eg_type_probability, 0, EG_TRAIN_ADVANCE_ACCURACY, NULL,
     "move to the next horizon after a batch accuracy above this"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the initial weights and the training data"},
    {"precision", &eg_type_precision, 0, 0, "double",
     "arithmetic of the gradient: single (float32) runs BPTT in single precision as PyTorch does by default "
     "(Adam and the weights stay double); rnn(...) without bias only"},
    EG_KEYS_END,
};
static const eg_schema train_schema = EG_SCHEMA("train", "train a recurrent network by backpropagation through time",
                                                train_keys);

/* ---- Compiling ----------------------------------------------------------- */

/* Which network the call names: the bias-free RNN (spec->cell 0), or a cell
 * with biases (spec->cell 1 and its kind). */
static void compile_cell(eg_compile *c, const eg_value *net, eg_train_spec *spec)
{
    eg_train_options *o = &spec->options;
    if (strcmp(net->str, "gru") == 0 || strcmp(net->str, "lstm") == 0) {
        spec->cell = 1;
        spec->cell_kind = net->str[0] == 'g' ? EG_CELL_GRU : EG_CELL_LSTM;
        o->act = EG_RNN_TANH;
        return;
    }
    o->act = strcmp(eg_call_word(net, "activation"), "tanh") == 0 ? EG_RNN_TANH : EG_RNN_LINEAR;
    if (strcmp(eg_call_word(net, "bias"), "true") != 0)
        return;
    if (o->act != EG_RNN_TANH)
        eg_compile_error(c, net->loc, "rnn(bias = true) is PyTorch's nn.RNN, whose activation is tanh; "
                                      "drop activation = linear or the bias");
    spec->cell = 1;
    spec->cell_kind = EG_CELL_RNN_TANH;
}

static eg_spec *compile_train(eg_compile *c, const eg_block *block)
{
    eg_train_spec *spec = eg_compile_alloc(c, sizeof *spec);
    if (!spec)
        return NULL;
    const eg_value *net = eg_block_value(block, "network"), *opt = eg_block_value(block, "optimizer");
    const eg_value *cur = eg_block_value(block, "curriculum");
    eg_train_options *o = &spec->options;
    *o = eg_train_options_default();
    o->hidden = (size_t)eg_call_number(net, "hidden");
    compile_cell(c, net, spec);
    if (opt) { /* unset, Adam keeps its defaults (those of adam_keys) */
        o->lr = eg_call_number(opt, "lr");
        o->clip = eg_call_number(opt, "clip");
        o->beta1 = eg_call_number(opt, "beta1");
        o->beta2 = eg_call_number(opt, "beta2");
        o->eps = eg_call_number(opt, "eps");
    }
    o->batch = (size_t)eg_block_number(block, "batch");
    o->steps = (size_t)eg_block_number(block, "steps");
    o->advance = eg_block_number(block, "advance");
    o->seed = (uint64_t)eg_block_number(block, "seed");
    if (eg_precision_single(eg_block_word(block, "precision"))) {
        o->precision = EG_TRAIN_FLOAT32;
        if (spec->cell)
            eg_compile_error(c, eg_block_value(block, "precision")->loc,
                             "single precision (float32) trains rnn(...) without bias; gru, lstm and biased cells "
                             "train in double (float64)");
    }
    spec->task = eg_compile_train_task(c, eg_block_value(block, "task"));
    if (spec->task && (spec->task->flip_flop || spec->task->delayed_match) && !spec->cell)
        eg_compile_error(c, net->loc, "a %s task trains gru(...), lstm(...) or rnn(..., bias = true)",
                         spec->task->flip_flop ? "flip_flop" : "delayed_match");
    if (cur && cur->n == 0) {
        eg_compile_error(c, cur->loc, "the curriculum needs at least one horizon");
        return &spec->head;
    }
    size_t n = cur ? cur->n : 1;
    if (!(spec->curriculum = eg_compile_alloc(c, n * sizeof *spec->curriculum)))
        return &spec->head;
    for (size_t i = 0; i < n; i++)
        spec->curriculum[i] = cur                                          ? (size_t)cur->items[i]->num
                              : !spec->task                                ? 1
                              : spec->task->delayed_match                  ? spec->task->repeats
                                                                           : spec->task->s * spec->task->repeats;
    spec->ncurriculum = n;
    return &spec->head;
}

/* ---- Building ------------------------------------------------------------ */

typedef struct built_train {
    eg_train_result *res;
    eg_built_rnn rnn;
    double seconds;
} built_train;

static void free_built(void *p)
{
    built_train *b = p;
    eg_train_result_free(b->res);
    free(b);
}

static eg_status build(eg_run *run, const eg_train_spec *spec, const built_train **out)
{
    const eg_block *block = spec->head.block;
    built_train *b = eg_run_cached(run, block);
    if (b) {
        *out = b;
        return EG_OK;
    }
    const eg_built_task *bt = NULL;
    eg_status st = spec->task->flip_flop || spec->task->delayed_match ? EG_OK : eg_build_task(run, spec->task, &bt);
    if (st != EG_OK)
        return st;
    eg_train_options o = spec->options;
    o.threads = eg_run_threads(run); /* the trained weights do not depend on it */
    o.curriculum = spec->curriculum;
    o.ncurriculum = spec->ncurriculum;
    if (!(b = calloc(1, sizeof *b)))
        return eg_run_fail(run, EG_ENOMEM, block->loc, "out of memory");
    eg_error err;
    double t0 = eg_clock_seconds();
    eg_flip_flop ff = {.bits = spec->task->d, .p = spec->task->pulse};
    eg_delayed_match dm = {.d = spec->task->d, .delay = spec->task->s};
    eg_batch_source src = bt                           ? eg_batch_source_task(bt->task)
                          : spec->task->delayed_match ? eg_batch_source_delayed_match(&dm)
                                                      : eg_batch_source_flip_flop(&ff);
    st = spec->cell ? eg_train_cell(spec->cell_kind, &src, &o, &b->res, &err) : eg_train_rnn(bt->task, &o, &b->res, &err);
    b->seconds = eg_clock_seconds() - t0;
    if (st != EG_OK) {
        free(b);
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    b->rnn.net = b->res->net;
    b->rnn.act = o.act;
    if ((st = eg_run_cache(run, block, b, free_built)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "out of memory");
    *out = b;
    return EG_OK;
}

eg_status eg_build_trained(eg_run *run, const eg_train_spec *spec, const eg_train_result **result,
                           const eg_built_rnn **net)
{
    const built_train *b = NULL;
    eg_status st = build(run, spec, &b);
    if (st != EG_OK)
        return st;
    if (result)
        *result = b->res;
    if (net)
        *net = &b->rnn;
    return EG_OK;
}

/* Mean of x[from … to). */
static double mean(const double *x, size_t from, size_t to)
{
    double s = 0.0;
    for (size_t i = from; i < to; i++)
        s += x[i];
    return to > from ? s / (double)(to - from) : 0.0;
}

/* The trained cell as PyTorch's state dict of a module with submodules rnn
 * and readout keeps it: the archive "network" (written as <block>.network.npz),
 * which engram fixed-points reads with --layout pytorch-gru (or -lstm, -rnn)
 * --prefix rnn. */
static void report_cell(eg_report *result, eg_cell_net *net)
{
    double *parts[EG_CELL_NET_PARTS];
    size_t lengths[EG_CELL_NET_PARTS];
    eg_cell_net_parts(net, parts, lengths);
    const eg_cell *c = net->cell;
    size_t gh = c->gates * c->hidden, O = net->w_out->rows;
    eg_report_add_string(result, "cell", c->kind == EG_CELL_GRU ? "gru" : c->kind == EG_CELL_LSTM ? "lstm" : "rnn");
    eg_report_add_string(result, "layout", c->kind == EG_CELL_GRU    ? "pytorch-gru"
                                           : c->kind == EG_CELL_LSTM ? "pytorch-lstm"
                                                                     : "pytorch-rnn");
    eg_report *a = eg_report_add_archive(result, "network");
    eg_matrix *wih = eg_matrix_alloc(gh, c->input), *whh = eg_matrix_alloc(gh, c->hidden);
    eg_matrix *wout = eg_matrix_alloc(O, c->hidden);
    if (wih)
        memcpy(wih->data, parts[0], lengths[0] * sizeof(double));
    if (whh)
        memcpy(whh->data, parts[1], lengths[1] * sizeof(double));
    if (wout)
        memcpy(wout->data, parts[4], lengths[4] * sizeof(double));
    eg_report_add_matrix(a, "rnn.weight_ih_l0", wih);
    eg_report_add_matrix(a, "rnn.weight_hh_l0", whh);
    eg_report_add_numbers(a, "rnn.bias_ih_l0", parts[2], lengths[2]);
    eg_report_add_numbers(a, "rnn.bias_hh_l0", parts[3], lengths[3]);
    eg_report_add_matrix(a, "readout.weight", wout);
    eg_report_add_numbers(a, "readout.bias", parts[5], lengths[5]);
}

static eg_status run_train(eg_run *run, const eg_spec *spec, eg_report *result)
{
    const eg_block *block = spec->block;
    const built_train *b = NULL;
    eg_status st = build(run, EG_SPEC_OF(eg_train_spec, spec), &b);
    if (st != EG_OK)
        return st;
    const eg_train_result *r = b->res;
    size_t S = r->steps, tail = S < 10 ? S : 10;
    double loss0 = mean(r->loss, 0, tail), loss1 = mean(r->loss, S - tail, S);
    double acc1 = mean(r->accuracy, S - tail, S);
    eg_report_add_integer(result, "steps", (long long)S);
    eg_report_add_number(result, "seconds", b->seconds);
    eg_report_add_number(result, "loss_first", loss0);
    eg_report_add_number(result, "loss_last", loss1);
    eg_report_add_number(result, "accuracy_last", acc1);
    eg_report_add_integer(result, "stage", (long long)r->stage);
    eg_report_add_integer(result, "horizon", (long long)r->horizon[S - 1]);
    eg_report *starts = eg_report_add(result, "stage_starts", EG_REPORT_ARRAY);
    for (size_t i = 0; i < r->nstages; i++)
        eg_report_add_integer(starts, NULL, r->stage_start[i] == SIZE_MAX ? -1 : (long long)r->stage_start[i]);
    eg_matrix *hist = eg_matrix_alloc(S, 4);
    if (hist)
        for (size_t k = 0; k < S; k++) {
            hist->data[k * 4 + 0] = r->loss[k];
            hist->data[k * 4 + 1] = r->accuracy[k];
            hist->data[k * 4 + 2] = r->grad_norm[k];
            hist->data[k * 4 + 3] = (double)r->horizon[k];
        }
    eg_report_add_matrix(result, "history", hist);
    char title[300];
    snprintf(title, sizeof title, "train %s: loss and batch accuracy", block->name);
    eg_figure *fig = eg_figure_add(result, "training", title, "step", "MSE loss (log scale)");
    eg_figure_series_add(fig, "history", 0, EG_FIGURE_LINES, "loss");
    eg_figure_series *acc = eg_figure_series_add(fig, "history", 1, EG_FIGURE_LINES, "accuracy");
    if (acc)
        acc->right_axis = 1;
    if (fig)
        fig->log_y = 1;
    eg_figure_right_axis(fig, 0, 1, "accuracy");
    if (r->cell)
        report_cell(result, r->cell);
    else {
        const eg_matrix *parts[3] = {r->net->w, r->net->w_uh, r->net->w_r};
        const char *names[3] = {"W_hh", "W_uh", "W_r"};
        for (int i = 0; i < 3; i++)
            eg_report_add_matrix(result, names[i], eg_matrix_copy(parts[i]));
    }
    char text[512];
    snprintf(text, sizeof text,
             "train %s: %zu steps in %.1f s, loss %.4g -> %.4g, batch accuracy %.4f, horizon %zu (stage %zu of %zu)",
             block->name, S, b->seconds, loss0, loss1, acc1, r->horizon[S - 1], r->stage + 1, r->nstages);
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

const eg_kind eg_kind_train = {.schema = &train_schema, .compile = compile_train, .run = run_train};
