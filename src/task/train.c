/* train.c: backpropagation through time for the bias-free RNN, gradient clipping and the
 * curriculum over horizons used to train it on the variable-binding tasks (docs/spectra-and-emt.md, "Training"). */
#include "engram/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "engram/cancel.h"
#include "engram/cell_train.h"
#include "engram/rng.h"

void eg_batch_free(eg_batch *batch)
{
    if (!batch)
        return;
    free(batch->input);
    free(batch->target);
    free(batch);
}

/* Fills b (its buffers hold at least T·size·d doubles) with samples first … first+size−1. */
static eg_status fill_batch(eg_batch *b, const eg_task *task, size_t horizon, size_t size, uint64_t seed,
                            uint64_t first, eg_error *err)
{
    size_t d = task->d, T = task->s + horizon;
    b->size = size;
    b->steps = T;
    b->in = b->out = d;
    b->scored_from = task->s;
    for (size_t n = 0; n < size; n++) {
        eg_task_sample *x = NULL;
        eg_status st = eg_task_sample_alloc(task, horizon, seed, first + n, &x, err);
        if (st != EG_OK)
            return st;
        for (size_t t = 0; t < T; t++) {
            memcpy(b->input + (t * size + n) * d, x->input->data + t * d, d * sizeof(double));
            memcpy(b->target + (t * size + n) * d, x->target->data + t * d, d * sizeof(double));
        }
        eg_task_sample_free(x);
    }
    return EG_OK;
}

/* A batch with room for `size` sequences of `steps` steps. */
static eg_status alloc_batch(size_t steps, size_t size, size_t d, eg_batch **out, eg_error *err)
{
    if (steps > SIZE_MAX / size / d / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu sequences of %zu steps is too large", size, steps);
    eg_batch *b = calloc(1, sizeof *b);
    if (!b || !(b->input = malloc(steps * size * d * sizeof(double))) ||
        !(b->target = malloc(steps * size * d * sizeof(double)))) {
        eg_batch_free(b);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a batch of %zu sequences of %zu steps", size, steps);
    }
    *out = b;
    return EG_OK;
}

eg_status eg_batch_from_task(const eg_task *task, size_t horizon, size_t size, uint64_t seed, uint64_t first,
                             eg_batch **out, eg_error *err)
{
    if (!task || !out)
        return eg_error_set(err, EG_EINVAL, "a batch needs a task and a result");
    if (size == 0 || horizon == 0)
        return eg_error_set(err, EG_EINVAL, "a batch needs size > 0 and horizon > 0");
    if (horizon > SIZE_MAX / 2 - task->s)
        return eg_error_set(err, EG_EINVAL, "horizon %zu is too long", horizon);
    eg_batch *b = NULL;
    eg_status st = alloc_batch(task->s + horizon, size, task->d, &b, err);
    if (st == EG_OK && (st = fill_batch(b, task, horizon, size, seed, first, err)) != EG_OK) {
        eg_batch_free(b);
        b = NULL;
    }
    if (st == EG_OK)
        *out = b;
    return st;
}

double eg_train_clip(double *const *parts, const size_t *lengths, size_t nparts, double max_norm)
{
    double sq = 0.0;
    for (size_t p = 0; p < nparts; p++)
        for (size_t i = 0; i < lengths[p]; i++)
            sq += parts[p][i] * parts[p][i];
    double norm = sqrt(sq);
    /* The small epsilon keeps the scaled norm just under max_norm, as PyTorch does. */
    if (max_norm > 0.0 && norm > max_norm) {
        double scale = max_norm / (norm + 1e-6);
        for (size_t p = 0; p < nparts; p++)
            for (size_t i = 0; i < lengths[p]; i++)
                parts[p][i] *= scale;
    }
    return norm;
}

eg_train_options eg_train_options_default(void)
{
    eg_train_options o = {0};
    o.hidden = 128;
    o.act = EG_RNN_TANH;
    o.lr = 1e-3;
    o.beta1 = 0.9;
    o.beta2 = 0.999;
    o.eps = 1e-8;
    o.clip = 1.0;
    o.batch = 64;
    o.steps = 20000;
    o.advance = EG_TRAIN_ADVANCE_ACCURACY;
    o.threads = 1;
    return o;
}

void eg_train_result_free(eg_train_result *res)
{
    if (!res)
        return;
    eg_rnn_free(res->net);
    eg_cell_net_free(res->cell);
    free(res->loss);
    free(res->accuracy);
    free(res->grad_norm);
    free(res->horizon);
    free(res->stage_start);
    free(res);
}

/* Every entry uniform in (−bound, bound), as PyTorch initialises nn.RNN and nn.Linear. */
static eg_status init_uniform(eg_matrix *m, double bound, uint64_t seed, uint64_t index, eg_error *err)
{
    gsl_rng *rng = eg_rng_alloc(seed, EG_RNG_INIT, index);
    if (!rng)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a random generator");
    for (size_t k = 0; k < m->rows * m->cols; k++)
        m->data[k] = bound * (2.0 * gsl_rng_uniform(rng) - 1.0);
    gsl_rng_free(rng);
    return EG_OK;
}

eg_status eg_train_check_schedule(const eg_train_options *opt, eg_error *err)
{
    if (opt->hidden == 0 || opt->batch == 0 || opt->steps == 0)
        return eg_error_set(err, EG_EINVAL, "training needs hidden, batch and steps > 0");
    if (!opt->curriculum || opt->ncurriculum == 0)
        return eg_error_set(err, EG_EINVAL, "training needs at least one horizon in its curriculum");
    for (size_t i = 0; i < opt->ncurriculum; i++)
        if (opt->curriculum[i] == 0)
            return eg_error_set(err, EG_EINVAL, "curriculum horizon %zu is 0", i);
    if (!(opt->lr > 0.0) || !(opt->beta1 >= 0.0 && opt->beta1 < 1.0) || !(opt->beta2 >= 0.0 && opt->beta2 < 1.0) ||
        !(opt->eps > 0.0))
        return eg_error_set(err, EG_EINVAL, "Adam needs lr > 0, β₁ and β₂ in [0, 1) and ε > 0");
    return EG_OK;
}

static eg_status check_options(const eg_task *task, const eg_train_options *opt, eg_error *err)
{
    if (!task || !opt)
        return eg_error_set(err, EG_EINVAL, "training needs a task and options");
    if (opt->act != EG_RNN_LINEAR && opt->act != EG_RNN_TANH)
        return eg_error_set(err, EG_EINVAL, "unknown activation %d", (int)opt->act);
    if (opt->precision != EG_TRAIN_FLOAT64 && opt->precision != EG_TRAIN_FLOAT32)
        return eg_error_set(err, EG_EINVAL, "unknown precision %d", (int)opt->precision);
    return eg_train_check_schedule(opt, err);
}

eg_status eg_train_rnn(const eg_task *task, const eg_train_options *opt, eg_train_result **out, eg_error *err)
{
    eg_status st = check_options(task, opt, err);
    if (st != EG_OK)
        return st;
    if (!out)
        return eg_error_set(err, EG_EINVAL, "training needs a result");
    size_t H = opt->hidden, d = task->d, S = opt->steps;
    eg_train_result *res = calloc(1, sizeof *res);
    eg_rnn *grad = eg_rnn_alloc(H, d, d);
    size_t np = H * H + H * d + d * H;
    eg_adam *adam = eg_adam_alloc(np, opt->lr, opt->beta1, opt->beta2, opt->eps);
    double *flat = malloc(np * sizeof *flat), *gflat = malloc(np * sizeof *gflat);
    size_t longest = 0;
    for (size_t i = 0; i < opt->ncurriculum; i++)
        longest = opt->curriculum[i] > longest ? opt->curriculum[i] : longest;
    /* One batch and one gradient workspace for the whole run, sized for the longest horizon. */
    eg_batch *batch = NULL;
    eg_bptt *ws = eg_bptt_alloc();
    int blas_threads = 0;
    if (longest > SIZE_MAX / 2 - task->s) {
        st = eg_error_set(err, EG_EINVAL, "horizon %zu is too long", longest);
        goto done;
    }
    if ((st = alloc_batch(task->s + longest, opt->batch, d, &batch, err)) != EG_OK)
        goto done;
    if (!res || !grad || !adam || !flat || !gflat || !ws || !(res->net = eg_rnn_alloc(H, d, d)) ||
        !(res->loss = malloc(S * sizeof(double))) || !(res->accuracy = malloc(S * sizeof(double))) ||
        !(res->grad_norm = malloc(S * sizeof(double))) || !(res->horizon = malloc(S * sizeof(size_t))) ||
        !(res->stage_start = malloc(opt->ncurriculum * sizeof(size_t)))) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for training a network of %zu units", H);
        goto done;
    }
    eg_bptt_set_precision(ws, opt->precision);
    res->nstages = opt->ncurriculum;
    for (size_t i = 0; i < opt->ncurriculum; i++)
        res->stage_start[i] = SIZE_MAX;
    res->stage_start[0] = 0;
    double bound = 1.0 / sqrt((double)H);
    eg_rnn *net = res->net;
    if ((st = init_uniform(net->w, bound, opt->seed, 0, err)) != EG_OK ||
        (st = init_uniform(net->w_uh, bound, opt->seed, 1, err)) != EG_OK ||
        (st = init_uniform(net->w_r, bound, opt->seed, 2, err)) != EG_OK)
        goto done;
    eg_matrix *const params[3] = {net->w, net->w_uh, net->w_r};
    eg_matrix *const grads[3] = {grad->w, grad->w_uh, grad->w_r};
    size_t lengths[3];
    double *gparts[3];
    for (int p = 0; p < 3; p++) {
        lengths[p] = params[p]->rows * params[p]->cols;
        gparts[p] = grads[p]->data;
    }
    uint64_t data_seed = eg_rng_derive(opt->seed, EG_RNG_TASK, 1);
    size_t stage = 0;
    /* The workers each call BLAS; its own threads would compete with them. */
    if (opt->threads > 1) {
        blas_threads = openblas_get_num_threads();
        openblas_set_num_threads(1);
    }
    for (size_t step = 0; step < S; step++) {
        if ((st = eg_cancel_check(err)) != EG_OK)
            goto done;
        size_t horizon = opt->curriculum[stage];
        double loss = 0.0, acc = 0.0;
        if ((st = fill_batch(batch, task, horizon, opt->batch, data_seed, (uint64_t)step * opt->batch, err)) !=
            EG_OK)
            goto done;
        st = eg_bptt_loss_grad(ws, opt->threads, net, opt->act, batch, grad, &loss, &acc, err);
        if (st != EG_OK) {
            char msg[sizeof err->msg] = "";
            if (err)
                memcpy(msg, err->msg, sizeof msg);
            st = eg_error_set(err, st, "training step %zu (horizon %zu): %s", step, horizon, msg);
            goto done;
        }
        double norm = eg_train_clip(gparts, lengths, 3, opt->clip);
        if (!isfinite(norm)) {
            st = eg_error_set(err, EG_ENUMERIC, "training step %zu: the gradient is not finite", step);
            goto done;
        }
        /* Adam runs over one flat parameter vector. */
        for (size_t p = 0, off = 0; p < 3; off += lengths[p], p++) {
            memcpy(flat + off, params[p]->data, lengths[p] * sizeof(double));
            memcpy(gflat + off, grads[p]->data, lengths[p] * sizeof(double));
        }
        eg_adam_step(adam, flat, gflat);
        for (size_t p = 0, off = 0; p < 3; off += lengths[p], p++)
            memcpy(params[p]->data, flat + off, lengths[p] * sizeof(double));
        res->loss[step] = loss;
        res->accuracy[step] = acc;
        res->grad_norm[step] = norm;
        res->horizon[step] = horizon;
        res->steps = step + 1;
        if (opt->progress)
            opt->progress(opt->progress_ctx, step, loss, acc, horizon, net);
        if (acc > opt->advance && stage + 1 < opt->ncurriculum && step + 1 < S)
            res->stage_start[++stage] = step + 1;
    }
    res->stage = stage;
done:
    if (blas_threads > 0)
        openblas_set_num_threads(blas_threads);
    eg_batch_free(batch);
    eg_bptt_free(ws);
    eg_rnn_free(grad);
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
