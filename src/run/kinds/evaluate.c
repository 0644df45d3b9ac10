/* evaluate.c: `evaluate` blocks: score a recurrent network on a task (sign accuracy, MSE) at
 * any horizon, and trace one sequence through the memory subspaces. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "run/figure.h"
#include "run/kinds.h"
#include "run/kinds/recurrent.h"

static const eg_type net_ref = {.kind = EG_TY_REF, .ref_item = EG_REF_WHOLE, .what = "a network or train block"};
static const eg_type task_ref = {.kind = EG_TY_REF, .ref_kind = "task", .ref_item = EG_REF_WHOLE};
static const eg_type horizon_type = EG_TYPE_INTEGER_RANGE(1, 1e6, "a whole number in [1, 10^6]");
static const eg_type samples_type = EG_TYPE_INTEGER_RANGE(1, 1e7, "a whole number in [1, 10^7]");

static const eg_key evaluate_keys[] = {
    {"network", &net_ref, 1, 0, NULL, "the network (a network or train block)"},
    {"task", &task_ref, 1, 0, NULL, "the task the network is scored on"},
    {"horizon", &horizon_type, 0, 0, NULL, "output steps after the input (default: the task's s · repeats)"},
    {"samples", &samples_type, 0, 0, NULL, "sequences scored (default: the task's samples)"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the sequences (default: the task's seed)"},
    EG_KEYS_END,
};
static const eg_schema evaluate_schema = EG_SCHEMA("evaluate", "score a recurrent network on a task", evaluate_keys);

/* An evaluate block. */
typedef struct evaluate_spec {
    eg_spec head;
    eg_rnn_source net;
    const eg_task_spec *task;
    const char *task_name;
    eg_loc net_loc;
    size_t horizon, samples; /* the task's defaults filled in */
    uint64_t seed;
} evaluate_spec;

/* ---- Compiling ----------------------------------------------------------- */

static eg_spec *compile_evaluate(eg_compile *c, const eg_block *block)
{
    evaluate_spec *spec = eg_compile_alloc(c, sizeof *spec);
    if (!spec)
        return NULL;
    const eg_value *nref = eg_block_value(block, "network"), *tref = eg_block_value(block, "task");
    const eg_value *hv = eg_block_value(block, "horizon"), *nv = eg_block_value(block, "samples");
    const eg_value *sv = eg_block_value(block, "seed");
    spec->task = eg_compile_task(c, tref);
    spec->task_name = tref->str;
    spec->net_loc = nref->loc;
    int have_net = eg_compile_rnn_source(c, nref, &spec->net);
    if (!spec->task)
        return &spec->head;
    const eg_task_spec *t = spec->task;
    const size_t in = spec->net.in, out = spec->net.out;
    if (have_net && ((in != EG_SIZE_UNKNOWN && in != t->d) || (out != EG_SIZE_UNKNOWN && out != t->d))) {
        char ins[32] = "?", outs[32] = "?";
        if (in != EG_SIZE_UNKNOWN)
            snprintf(ins, sizeof ins, "%zu", in);
        if (out != EG_SIZE_UNKNOWN)
            snprintf(outs, sizeof outs, "%zu", out);
        eg_compile_error(c, nref->loc,
                         "network '%s' has %s inputs and %s outputs (input_weights and readout), but task '%s' has width %zu",
                         nref->str, ins, outs, tref->str, t->d);
    }
    spec->horizon = hv ? (size_t)hv->num : t->s * t->repeats;
    spec->samples = nv ? (size_t)nv->num : t->samples;
    spec->seed = sv ? (uint64_t)sv->num : t->seed;
    return &spec->head;
}

/* ---- Running ------------------------------------------------------------- */

/* The memory coordinates of one run: c(t) = Ψ* h_t with the network's own
 * basis when it has one (a constructed network), else the privileged basis
 * Ψ = [W^{s−1}W_uh, …, W_uh] and Ψ* = pinv(Ψ) (docs/spectra-and-emt.md, "Tasks").
 * *basis says which. Returns EG_OK with *out NULL when neither exists. */
static eg_status coordinates(const eg_rnn *net, const eg_task *task, const eg_matrix *hidden, eg_matrix **out,
                             const char **basis, eg_error *err)
{
    *out = NULL;
    if (net->psi_dual) {
        *basis = "constructed";
        return eg_task_projections(net, hidden, out, err);
    }
    if (net->in != task->d || net->hidden < task->s * task->d)
        return EG_OK;
    eg_matrix *psi = NULL, *dual = NULL;
    eg_status st = eg_emt_privileged_basis(net->w, net->w_uh, task->s, &psi, err);
    if (st == EG_OK)
        st = eg_emt_pinv(psi, 0.0, &dual, NULL, err);
    eg_matrix_free(psi);
    if (st == EG_OK) {
        eg_rnn view = *net;
        view.psi_dual = dual;
        st = eg_task_projections(&view, hidden, out, err);
        *basis = "privileged";
    }
    eg_matrix_free(dual);
    /* A degenerate basis (a zero column) means no trace, not a failed evaluation. */
    return st == EG_ENUMERIC ? EG_OK : st;
}

/* Norm of each subspace's block of coordinates at every step: T × s. */
static eg_matrix *subspace_norms(const eg_matrix *c, size_t s, size_t d)
{
    eg_matrix *m = eg_matrix_alloc(c->rows, s);
    if (!m)
        return NULL;
    for (size_t t = 0; t < c->rows; t++)
        for (size_t i = 0; i < s; i++) {
            double q = 0.0;
            for (size_t m2 = 0; m2 < d; m2++) {
                double x = c->data[t * c->cols + i * d + m2];
                q += x * x;
            }
            m->data[t * s + i] = sqrt(q);
        }
    return m;
}

/* Runs sample 0 and adds its outputs, targets and memory coordinates. */
static eg_status trace(eg_run *run, const eg_block *block, const eg_built_rnn *bn, const eg_task *task,
                       size_t horizon, uint64_t seed, eg_report *result)
{
    eg_task_sample *x = NULL;
    eg_matrix *o = NULL, *h = NULL, *c = NULL;
    const char *basis = NULL;
    eg_error err;
    eg_status st = eg_task_sample_alloc(task, horizon, seed, 0, &x, &err);
    if (st == EG_OK)
        st = eg_rnn_run(bn->net, bn->act, x->input, &o, &h, &err);
    if (st == EG_OK)
        st = coordinates(bn->net, task, h, &c, &basis, &err);
    if (st != EG_OK) {
        eg_task_sample_free(x);
        eg_matrix_free(o);
        eg_matrix_free(h);
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    }
    eg_report_add_matrix(result, "outputs", o);
    eg_report_add_matrix(result, "targets", eg_matrix_copy(x->target));
    if (c) {
        eg_report_add_string(result, "basis", basis);
        eg_report_add_matrix(result, "subspace_norms", subspace_norms(c, task->s, task->d));
        size_t ncols = c->cols;
        eg_report_add_matrix(result, "projections", c);
        /* The first coordinate of each subspace over the first cycles: an input
         * enters the last subspace and steps down one subspace per time step. */
        char title[300], label[64];
        snprintf(title, sizeof title, "evaluate %s: the variables moving through their subspaces", block->name);
        eg_figure *fig = eg_figure_add(result, "subspaces", title, "t", "first coordinate of Psi*_i h_t, stacked 3 apart");
        for (size_t i = 0; i < task->s && i * task->d < ncols && i < 16; i++) {
            snprintf(label, sizeof label, "subspace %zu", i);
            eg_figure_series *s = eg_figure_series_add(fig, "projections", i * task->d, EG_FIGURE_STEPS, label);
            if (s) {
                s->y_shifted = 1;
                s->y_shift = (double)(3 * i);
            }
        }
        if (fig) {
            fig->xrange = (eg_figure_range){1, 0, (double)(4 * task->s)};
            fig->ytics = 3;
        }
    }
    eg_matrix_free(h);
    eg_task_sample_free(x);
    return EG_OK;
}

static eg_status run_evaluate(eg_run *run, const eg_spec *head, eg_report *result)
{
    const evaluate_spec *spec = EG_SPEC_OF(evaluate_spec, head);
    const eg_block *block = head->block;
    const eg_built_rnn *bn = NULL;
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, spec->task, &bt);
    if (st == EG_OK)
        st = eg_build_rnn(run, &spec->net, &bn);
    if (st != EG_OK)
        return st;
    const eg_task *task = bt->task;
    const eg_rnn *net = bn->net;
    const char *nname = spec->net.name, *tname = spec->task_name;
    /* Sizes that come from loaded files are known only now. */
    if (net->in != task->d || net->out != task->d)
        return eg_run_fail(run, EG_EIO, spec->net_loc,
                           "network '%s' has %zu inputs and %zu outputs (input_weights and readout), but task '%s' has width %zu",
                           nname, net->in, net->out, tname, task->d);
    size_t horizon = spec->horizon, samples = spec->samples;
    uint64_t seed = spec->seed;
    eg_task_eval ev;
    eg_error err;
    if ((st = eg_task_evaluate(task, net, bn->act, horizon, samples, seed, &ev, &err)) != EG_OK)
        return eg_run_fail(run, st, block->loc, "%s", err.msg);
    eg_report_add_string(result, "network", nname);
    eg_report_add_string(result, "task", tname);
    eg_report_add_integer(result, "horizon", (long long)horizon);
    eg_report_add_integer(result, "samples", (long long)samples);
    eg_report_add_number(result, "accuracy", ev.accuracy);
    eg_report_add_number(result, "mse", ev.mse);
    eg_report_add_number(result, "max_abs_error", ev.max_abs_error);
    if ((st = trace(run, block, bn, task, horizon, seed, result)) != EG_OK)
        return st;
    char text[512];
    snprintf(text, sizeof text, "evaluate %s: '%s' on '%s', horizon %zu, %zu sequences: accuracy %.4f, MSE %.3g",
             block->name, nname, tname, horizon, samples, ev.accuracy, ev.mse);
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

const eg_kind eg_kind_evaluate = {.schema = &evaluate_schema, .compile = compile_evaluate, .run = run_evaluate};
