/* train.c: backpropagation through time for the bias-free RNN, Adam, gradient clipping and the
 * curriculum over horizons used to train it on the variable-binding tasks (SCIENCE.md §5.3 item 4). */
#include "engram/train.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "engram/rng.h"

void eg_batch_free(eg_batch *batch)
{
    if (!batch)
        return;
    free(batch->input);
    free(batch->target);
    free(batch);
}

eg_status eg_batch_from_task(const eg_task *task, size_t horizon, size_t size, uint64_t seed, uint64_t first,
                             eg_batch **out, eg_error *err)
{
    if (!task || !out)
        return eg_error_set(err, EG_EINVAL, "a batch needs a task and a result");
    if (size == 0 || horizon == 0)
        return eg_error_set(err, EG_EINVAL, "a batch needs size > 0 and horizon > 0");
    size_t d = task->d, T = task->s + horizon;
    if (T > SIZE_MAX / size / d / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu sequences of %zu steps is too large", size, T);
    eg_batch *b = calloc(1, sizeof *b);
    if (!b || !(b->input = malloc(T * size * d * sizeof(double))) ||
        !(b->target = malloc(T * size * d * sizeof(double)))) {
        eg_batch_free(b);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a batch of %zu sequences of %zu steps", size, T);
    }
    b->size = size;
    b->steps = T;
    b->in = b->out = d;
    b->scored_from = task->s;
    for (size_t n = 0; n < size; n++) {
        eg_task_sample *x = NULL;
        eg_status st = eg_task_sample_alloc(task, horizon, seed, first + n, &x, err);
        if (st != EG_OK) {
            eg_batch_free(b);
            return st;
        }
        for (size_t t = 0; t < T; t++) {
            memcpy(b->input + (t * size + n) * d, x->input->data + t * d, d * sizeof(double));
            memcpy(b->target + (t * size + n) * d, x->target->data + t * d, d * sizeof(double));
        }
        eg_task_sample_free(x);
    }
    *out = b;
    return EG_OK;
}

/* CBLAS takes int dimensions. */
static int fits_int(size_t n)
{
    return n <= (size_t)INT_MAX;
}

eg_status eg_rnn_loss_grad(const eg_rnn *net, eg_rnn_activation act, const eg_batch *batch, eg_rnn *grad, double *loss,
                           double *accuracy, eg_error *err)
{
    if (!net || !batch || !loss)
        return eg_error_set(err, EG_EINVAL, "a loss needs a network, a batch and a result");
    size_t H = net->hidden, NI = net->in, O = net->out, B = batch->size, T = batch->steps;
    if (batch->in != NI || batch->out != O)
        return eg_error_set(err, EG_EINVAL, "batch has %zu inputs and %zu targets; the network has %zu and %zu",
                            batch->in, batch->out, NI, O);
    if (grad && (grad->hidden != H || grad->in != NI || grad->out != O))
        return eg_error_set(err, EG_EINVAL, "gradient sizes do not match the network");
    if (H == 0 || B == 0 || batch->scored_from >= T)
        return eg_error_set(err, EG_EINVAL, "a loss needs hidden units, sequences and at least one scored step");
    if (!fits_int(T * B) || !fits_int(H) || !fits_int(NI) || !fits_int(O) ||
        T * B > SIZE_MAX / (H + O) / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu × %zu steps is too large", B, T);
    int iH = (int)H, iI = (int)NI, iO = (int)O, iB = (int)B, iTB = (int)(T * B);
    /* hs: h_t for every t (T·B × H, time-major); os: outputs (T·B × O). */
    double *hs = malloc(T * B * H * sizeof *hs), *os = malloc(T * B * (O ? O : 1) * sizeof *os);
    double *dp = grad ? malloc(T * B * H * sizeof *dp) : NULL;
    eg_status st = EG_OK;
    if (!hs || !os || (grad && !dp)) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps of %zu sequences of %zu units", T, B, H);
        goto done;
    }
    /* Forward. The input drive W_uh u_t of every step in one product, then
     * the recurrence h_t = σ(h_{t−1} Wᵀ + W_uh u_t) step by step (rows are sequences). */
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, iTB, iH, iI, 1.0, batch->input, iI, net->w_uh->data,
                    iI, 0.0, hs, iH);
    else
        memset(hs, 0, T * B * H * sizeof *hs);
    for (size_t t = 0; t < T; t++) {
        double *h = hs + t * B * H;
        if (t > 0)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, iB, iH, iH, 1.0, h - B * H, iH, net->w->data, iH,
                        1.0, h, iH);
        for (size_t k = 0; k < B * H; k++) {
            if (act == EG_RNN_TANH)
                h[k] = tanh(h[k]);
            if (!isfinite(h[k])) {
                st = eg_error_set(err, EG_ENUMERIC, "hidden unit %zu of sequence %zu is not finite at step %zu",
                                  k % H, k / H, t);
                goto done;
            }
        }
    }
    if (O > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, iTB, iO, iH, 1.0, hs, iH, net->w_r->data, iH, 0.0, os,
                    iO);
    /* Loss over the scored steps; os becomes ∂L/∂o (zero on unscored steps). */
    size_t first = batch->scored_from * B * O, count = (T - batch->scored_from) * B * O, right = 0;
    double se = 0.0, scale = 2.0 / (double)(count ? count : 1);
    for (size_t k = 0; k < T * B * O; k++) {
        if (k < first) {
            os[k] = 0.0;
            continue;
        }
        double o = os[k], y = batch->target[k], e = o - y;
        right += (o > 0.0 && y > 0.0) || (o < 0.0 && y < 0.0);
        se += e * e;
        os[k] = scale * e;
    }
    *loss = count ? se / (double)count : 0.0;
    if (accuracy)
        *accuracy = count ? (double)right / (double)count : 0.0;
    if (!isfinite(*loss)) {
        st = eg_error_set(err, EG_ENUMERIC, "the loss is not finite");
        goto done;
    }
    if (!grad)
        goto done;
    /* Backward. ∂L/∂W_r = Σ_t (∂L/∂o_t)ᵀ h_t, and the readout's share of ∂L/∂h_t. */
    if (O > 0) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iO, iH, iTB, 1.0, os, iO, hs, iH, 0.0, grad->w_r->data,
                    iH);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, iTB, iH, iO, 1.0, os, iO, net->w_r->data, iH, 0.0, dp,
                    iH);
    } else {
        memset(grad->w_r->data, 0, O * H * sizeof(double));
        memset(dp, 0, T * B * H * sizeof *dp);
    }
    /* Through time: ∂L/∂h_t += (∂L/∂p_{t+1}) W, then ∂L/∂p_t = ∂L/∂h_t ⊙ σ'(p_t)
     * with σ' = 1 − h² for tanh. dp ends up holding ∂L/∂p_t for every t. */
    for (size_t t = T; t-- > 0;) {
        double *g = dp + t * B * H;
        const double *h = hs + t * B * H;
        if (t + 1 < T)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, iB, iH, iH, 1.0, g + B * H, iH, net->w->data, iH,
                        1.0, g, iH);
        if (act == EG_RNN_TANH)
            for (size_t k = 0; k < B * H; k++)
                g[k] *= 1.0 - h[k] * h[k];
    }
    /* ∂L/∂W = Σ_{t>=1} (∂L/∂p_t)ᵀ h_{t−1}; ∂L/∂W_uh = Σ_t (∂L/∂p_t)ᵀ u_t. */
    if (T > 1)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iH, (int)((T - 1) * B), 1.0, dp + B * H, iH, hs, iH,
                    0.0, grad->w->data, iH);
    else
        memset(grad->w->data, 0, H * H * sizeof(double));
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iI, iTB, 1.0, dp, iH, batch->input, iI, 0.0,
                    grad->w_uh->data, iI);
done:
    free(hs);
    free(os);
    free(dp);
    return st;
}

eg_adam *eg_adam_alloc(size_t n, double lr, double beta1, double beta2, double eps)
{
    eg_adam *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->n = n;
    a->lr = lr;
    a->beta1 = beta1;
    a->beta2 = beta2;
    a->eps = eps;
    a->m = calloc(n ? n : 1, sizeof *a->m);
    a->v = calloc(n ? n : 1, sizeof *a->v);
    if (!a->m || !a->v) {
        eg_adam_free(a);
        return NULL;
    }
    return a;
}

void eg_adam_free(eg_adam *adam)
{
    if (!adam)
        return;
    free(adam->m);
    free(adam->v);
    free(adam);
}

void eg_adam_step(eg_adam *a, double *param, const double *grad)
{
    a->t++;
    double c1 = 1.0 - pow(a->beta1, (double)a->t), c2 = 1.0 - pow(a->beta2, (double)a->t);
    for (size_t i = 0; i < a->n; i++) {
        double g = grad[i];
        a->m[i] = a->beta1 * a->m[i] + (1.0 - a->beta1) * g;
        a->v[i] = a->beta2 * a->v[i] + (1.0 - a->beta2) * g * g;
        param[i] -= a->lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + a->eps);
    }
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
    return o;
}

void eg_train_result_free(eg_train_result *res)
{
    if (!res)
        return;
    eg_rnn_free(res->net);
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

static eg_status check_options(const eg_task *task, const eg_train_options *opt, eg_error *err)
{
    if (!task || !opt)
        return eg_error_set(err, EG_EINVAL, "training needs a task and options");
    if (opt->hidden == 0 || opt->batch == 0 || opt->steps == 0)
        return eg_error_set(err, EG_EINVAL, "training needs hidden, batch and steps > 0");
    if (opt->act != EG_RNN_LINEAR && opt->act != EG_RNN_TANH)
        return eg_error_set(err, EG_EINVAL, "unknown activation %d", (int)opt->act);
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
    if (!res || !grad || !adam || !flat || !gflat || !(res->net = eg_rnn_alloc(H, d, d)) ||
        !(res->loss = malloc(S * sizeof(double))) || !(res->accuracy = malloc(S * sizeof(double))) ||
        !(res->grad_norm = malloc(S * sizeof(double))) || !(res->horizon = malloc(S * sizeof(size_t))) ||
        !(res->stage_start = malloc(opt->ncurriculum * sizeof(size_t)))) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for training a network of %zu units", H);
        goto done;
    }
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
    for (size_t step = 0; step < S; step++) {
        size_t horizon = opt->curriculum[stage];
        eg_batch *batch = NULL;
        double loss = 0.0, acc = 0.0;
        if ((st = eg_batch_from_task(task, horizon, opt->batch, data_seed, (uint64_t)step * opt->batch, &batch,
                                     err)) != EG_OK)
            goto done;
        st = eg_rnn_loss_grad(net, opt->act, batch, grad, &loss, &acc, err);
        eg_batch_free(batch);
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
