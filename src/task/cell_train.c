/* cell_train.c: training a cell and its readout (eg_cell_loss_grad) with Adam,
 * gradient clipping and the curriculum over horizons of eg_train_rnn. */
#include "engram/cell_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cancel.h"
#include "engram/npz.h"
#include "engram/rng.h"

static eg_status task_batch(void *ctx, size_t horizon, size_t size, uint64_t seed, uint64_t first, eg_batch **out,
                            eg_error *err)
{
    return eg_batch_from_task(ctx, horizon, size, seed, first, out, err);
}

eg_batch_source eg_batch_source_task(const eg_task *task)
{
    eg_batch_source s = {.in = task->d, .out = task->d, .batch = task_batch, .ctx = (void *)task};
    return s;
}

/* Every entry of each part uniform in (−bound, bound), part k from stream k. */
static eg_status init_parts(eg_cell_net *net, double bound, uint64_t seed, eg_error *err)
{
    double *parts[EG_CELL_NET_PARTS];
    size_t lengths[EG_CELL_NET_PARTS];
    eg_cell_net_parts(net, parts, lengths);
    for (size_t k = 0; k < EG_CELL_NET_PARTS; k++) {
        gsl_rng *rng = eg_rng_alloc(seed, EG_RNG_INIT, k);
        if (!rng)
            return eg_error_set(err, EG_ENOMEM, "out of memory for a random generator");
        for (size_t i = 0; i < lengths[k]; i++)
            parts[k][i] = bound * (2.0 * gsl_rng_uniform(rng) - 1.0);
        gsl_rng_free(rng);
    }
    return EG_OK;
}

static eg_status check_options(eg_cell_kind kind, const eg_batch_source *src, const eg_train_options *opt,
                               eg_error *err)
{
    if (!src || !src->batch || !opt)
        return eg_error_set(err, EG_EINVAL, "training needs a source of batches and options");
    if (kind != EG_CELL_RNN_TANH && kind != EG_CELL_RNN_RELU && kind != EG_CELL_GRU && kind != EG_CELL_LSTM)
        return eg_error_set(err, EG_EINVAL, "engram does not train a %s", eg_cell_kind_name(kind));
    return eg_train_check_schedule(opt, err);
}

/* The result's per-step arrays. */
static eg_status alloc_result(const eg_train_options *opt, eg_train_result **out, eg_error *err)
{
    size_t S = opt->steps;
    eg_train_result *res = calloc(1, sizeof *res);
    if (!res || !(res->loss = malloc(S * sizeof(double))) || !(res->accuracy = malloc(S * sizeof(double))) ||
        !(res->grad_norm = malloc(S * sizeof(double))) || !(res->horizon = malloc(S * sizeof(size_t))) ||
        !(res->stage_start = malloc(opt->ncurriculum * sizeof(size_t)))) {
        eg_train_result_free(res);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu training steps", S);
    }
    res->nstages = opt->ncurriculum;
    for (size_t i = 0; i < opt->ncurriculum; i++)
        res->stage_start[i] = SIZE_MAX;
    res->stage_start[0] = 0;
    *out = res;
    return EG_OK;
}

/* Copies the parts into one vector (to = 1) or back (to = 0). */
static void flatten(double *const *parts, const size_t *lengths, double *flat, int to)
{
    for (size_t k = 0, off = 0; k < EG_CELL_NET_PARTS; off += lengths[k], k++)
        if (to)
            memcpy(flat + off, parts[k], lengths[k] * sizeof(double));
        else
            memcpy(parts[k], flat + off, lengths[k] * sizeof(double));
}

eg_status eg_train_cell(eg_cell_kind kind, const eg_batch_source *src, const eg_train_options *opt,
                        eg_train_result **out, eg_error *err)
{
    eg_status st = check_options(kind, src, opt, err);
    if (st != EG_OK)
        return st;
    if (!out)
        return eg_error_set(err, EG_EINVAL, "training needs a result");
    eg_train_result *res = NULL;
    if ((st = alloc_result(opt, &res, err)) != EG_OK)
        return st;
    size_t H = opt->hidden;
    eg_cell_net *grad = eg_cell_net_alloc(kind, H, src->in, src->out);
    res->cell = eg_cell_net_alloc(kind, H, src->in, src->out);
    double *parts[EG_CELL_NET_PARTS], *gparts[EG_CELL_NET_PARTS];
    size_t lengths[EG_CELL_NET_PARTS], np = 0;
    eg_adam *adam = NULL;
    double *flat = NULL, *gflat = NULL;
    if (grad && res->cell) {
        eg_cell_net_parts(res->cell, parts, lengths);
        eg_cell_net_parts(grad, gparts, lengths);
        for (size_t k = 0; k < EG_CELL_NET_PARTS; k++)
            np += lengths[k];
        adam = eg_adam_alloc(np, opt->lr, opt->beta1, opt->beta2, opt->eps);
        flat = malloc(np * sizeof *flat);
        gflat = malloc(np * sizeof *gflat);
    }
    if (!grad || !res->cell || !adam || !flat || !gflat) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for training a %s of %zu units", eg_cell_kind_name(kind), H);
        goto done;
    }
    if ((st = init_parts(res->cell, 1.0 / sqrt((double)H), opt->seed, err)) != EG_OK)
        goto done;
    uint64_t data_seed = eg_rng_derive(opt->seed, EG_RNG_TASK, 1);
    size_t stage = 0;
    for (size_t step = 0; step < opt->steps; step++) {
        if ((st = eg_cancel_check(err)) != EG_OK)
            goto done;
        size_t horizon = opt->curriculum[stage];
        double loss = 0.0, acc = 0.0;
        eg_batch *batch = NULL;
        st = src->batch(src->ctx, horizon, opt->batch, data_seed, (uint64_t)step * opt->batch, &batch, err);
        if (st == EG_OK)
            st = eg_cell_loss_grad(res->cell, batch, grad, &loss, &acc, err);
        eg_batch_free(batch);
        if (st != EG_OK) {
            char msg[sizeof err->msg] = "";
            if (err)
                memcpy(msg, err->msg, sizeof msg);
            st = eg_error_set(err, st, "training step %zu (horizon %zu): %s", step, horizon, msg);
            goto done;
        }
        double norm = eg_train_clip(gparts, lengths, EG_CELL_NET_PARTS, opt->clip);
        if (!isfinite(norm)) {
            st = eg_error_set(err, EG_ENUMERIC, "training step %zu: the gradient is not finite", step);
            goto done;
        }
        /* Adam runs over one flat parameter vector. */
        flatten(parts, lengths, flat, 1);
        flatten(gparts, lengths, gflat, 1);
        eg_adam_step(adam, flat, gflat);
        flatten(parts, lengths, flat, 0);
        res->loss[step] = loss;
        res->accuracy[step] = acc;
        res->grad_norm[step] = norm;
        res->horizon[step] = horizon;
        res->steps = step + 1;
        if (acc > opt->advance && stage + 1 < opt->ncurriculum && step + 1 < opt->steps)
            res->stage_start[++stage] = step + 1;
    }
    res->stage = stage;
done:
    eg_cell_net_free(grad);
    eg_adam_free(adam);
    free(flat);
    free(gflat);
    if (st != EG_OK) {
        eg_train_result_free(res);
        return st;
    }
    *out = res;
    return EG_OK;
}

eg_status eg_cell_net_save_npz(const eg_cell_net *net, const char *path, eg_error *err)
{
    const eg_cell *c = net->cell;
    size_t gh = c->gates * c->hidden, O = net->w_out->rows;
    eg_npz_member m[EG_CELL_NET_PARTS] = {
        {"rnn.weight_ih_l0", 2, {gh, c->input}, c->w_ih->data},
        {"rnn.weight_hh_l0", 2, {gh, c->hidden}, c->w_hh->data},
        {"rnn.bias_ih_l0", 1, {gh, 0}, c->b_ih},
        {"rnn.bias_hh_l0", 1, {gh, 0}, c->b_hh},
        {"readout.weight", 2, {O, c->hidden}, net->w_out->data},
        {"readout.bias", 1, {O, 0}, net->b_out},
    };
    return eg_npz_write(path, m, EG_CELL_NET_PARTS, err);
}
