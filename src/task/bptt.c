/* bptt.c: loss and gradient of the bias-free RNN by backpropagation through time, the batch cut
 * into fixed shards that worker threads run side by side with buffers kept between calls. */
#include "engram/train.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "engram/numerics.h"
#include "engram/vmath.h"

#include "bptt32.h"

/* One shard's buffers, time-major like the batch (row b of step t is sequence b0 + b):
 * in, tgt: its input and scored targets; hs: h_t for every t; os: outputs, then ∂L/∂o, on
 * the scored steps; dp: ∂L/∂p_t (p_t the pre-activation). Shards after the first also
 * keep a gradient of their own, added to the first's in shard order. */
typedef struct shard {
    double *in, *tgt, *hs, *os, *dp;
    size_t cap_in, cap_tgt, cap_os, cap_hs, cap_dp; /* doubles reserved in each */
    eg_rnn *grad;
    eg_bptt32_buf f32; /* the same in float, for EG_TRAIN_FLOAT32 */
    double se;    /* squared error over its scored entries */
    size_t right; /* scored entries with the right sign */
    eg_status st;
    eg_error err;
} shard;

/* Helper threads live as long as the workspace: a training run starts them once, not
 * once per step (each new thread would also make BLAS set up its buffers again). The
 * calling thread publishes a job and bumps `generation`; every helper runs its shards
 * and counts itself off in `pending`. */
typedef struct job job;
typedef struct helper {
    struct eg_bptt *ws;
    size_t index;         /* 1, 2, …: runs shards index, index + stride, … */
    unsigned long seen;   /* the last generation it ran (or that was current when it started) */
    pthread_t tid;
} helper;

struct eg_bptt {
    shard *shards;
    size_t nshards;
    eg_train_precision precision;
    eg_bptt32_net net32; /* the weights as floats, for EG_TRAIN_FLOAT32 */
    pthread_mutex_t lock;
    pthread_cond_t go, done;
    int sync_ready;
    helper helpers[EG_BPTT_MAX_THREADS];
    size_t nhelpers;
    const job *current;
    unsigned long generation;
    size_t pending;
    int quit;
};

eg_bptt *eg_bptt_alloc(void)
{
    eg_bptt *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    if (pthread_mutex_init(&ws->lock, NULL) != 0) {
        free(ws);
        return NULL;
    }
    if (pthread_cond_init(&ws->go, NULL) != 0) {
        pthread_mutex_destroy(&ws->lock);
        free(ws);
        return NULL;
    }
    if (pthread_cond_init(&ws->done, NULL) != 0) {
        pthread_cond_destroy(&ws->go);
        pthread_mutex_destroy(&ws->lock);
        free(ws);
        return NULL;
    }
    ws->sync_ready = 1;
    return ws;
}

static void shard_release(shard *s)
{
    free(s->in);
    free(s->tgt);
    free(s->hs);
    free(s->os);
    free(s->dp);
    eg_rnn_free(s->grad);
    eg_bptt32_release(&s->f32);
    memset(s, 0, sizeof *s);
}

void eg_bptt_free(eg_bptt *ws)
{
    if (!ws)
        return;
    if (ws->sync_ready) {
        pthread_mutex_lock(&ws->lock);
        ws->quit = 1;
        pthread_cond_broadcast(&ws->go);
        pthread_mutex_unlock(&ws->lock);
        for (size_t w = 0; w < ws->nhelpers; w++)
            pthread_join(ws->helpers[w].tid, NULL);
        pthread_cond_destroy(&ws->go);
        pthread_cond_destroy(&ws->done);
        pthread_mutex_destroy(&ws->lock);
    }
    for (size_t k = 0; k < ws->nshards; k++)
        shard_release(&ws->shards[k]);
    free(ws->shards);
    eg_bptt32_net_release(&ws->net32);
    free(ws);
}

void eg_bptt_set_precision(eg_bptt *ws, eg_train_precision precision)
{
    ws->precision = precision;
}

/* Makes *p hold at least n doubles; the contents are not kept. */
static int reserve(double **p, size_t *cap, size_t n)
{
    if (*cap >= n)
        return 1;
    free(*p);
    *cap = 0;
    if (!(*p = malloc((n ? n : 1) * sizeof **p)))
        return 0;
    *cap = n;
    return 1;
}

/* Buffers for `n` shards of up to bs sequences of T steps. */
static eg_status prepare(eg_bptt *ws, size_t n, size_t bs, size_t T, size_t H, size_t NI, size_t O, int want_grad,
                         eg_error *err)
{
    if (ws->nshards < n) {
        shard *s = realloc(ws->shards, n * sizeof *s);
        if (!s)
            return eg_error_set(err, EG_ENOMEM, "out of memory for %zu shards", n);
        memset(s + ws->nshards, 0, (n - ws->nshards) * sizeof *s);
        ws->shards = s;
        ws->nshards = n;
    }
    for (size_t k = 0; k < n; k++) {
        shard *s = &ws->shards[k];
        if (ws->precision == EG_TRAIN_FLOAT32) {
            if (!eg_bptt32_reserve(&s->f32, T, bs, H, NI, O))
                goto nomem;
            continue;
        }
        if (!reserve(&s->in, &s->cap_in, T * bs * NI) || !reserve(&s->tgt, &s->cap_tgt, T * bs * O) ||
            !reserve(&s->os, &s->cap_os, T * bs * O) || !reserve(&s->hs, &s->cap_hs, T * bs * H) ||
            !reserve(&s->dp, &s->cap_dp, T * bs * H))
            goto nomem;
        if (want_grad && k > 0 && (!s->grad || s->grad->hidden != H || s->grad->in != NI || s->grad->out != O)) {
            eg_rnn_free(s->grad);
            if (!(s->grad = eg_rnn_alloc(H, NI, O)))
                goto nomem;
        }
    }
    return EG_OK;
nomem:
    return eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps of %zu sequences of %zu units", T, bs, H);
}

/* What every worker needs. */
struct job {
    eg_bptt *ws;
    const eg_rnn *net;
    eg_rnn_activation act;
    const eg_batch *batch;
    eg_rnn *grad; /* NULL for the loss alone */
    size_t shard_size, nshards;
    double scale; /* 2 / (scored entries of the whole batch): ∂L/∂o = scale · (o − y) */
    size_t stride, first; /* this worker runs shards first, first + stride, … */
};

/* Forward and backward pass over one shard (sequences b0 … b0 + bs − 1), single-threaded. */
static eg_status run_shard(const job *j, size_t k, shard *s, eg_rnn *g)
{
    const eg_rnn *net = j->net;
    const eg_batch *batch = j->batch;
    size_t H = net->hidden, NI = net->in, O = net->out, B = batch->size, T = batch->steps;
    size_t b0 = k * j->shard_size, bs = b0 + j->shard_size <= B ? j->shard_size : B - b0;
    size_t S0 = batch->scored_from, TS = T - S0;
    int iH = (int)H, iI = (int)NI, iO = (int)O, ibs = (int)bs;
    for (size_t t = 0; t < T; t++)
        memcpy(s->in + t * bs * NI, batch->input + (t * B + b0) * NI, bs * NI * sizeof(double));
    for (size_t t = S0; t < T; t++)
        memcpy(s->tgt + (t - S0) * bs * O, batch->target + (t * B + b0) * O, bs * O * sizeof(double));
    /* Forward: the input drive W_uh u_t of every step in one product, then the
     * recurrence h_t = σ(h_{t−1} Wᵀ + W_uh u_t) step by step (rows are sequences). */
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(T * bs), iH, iI, 1.0, s->in, iI, net->w_uh->data,
                    iI, 0.0, s->hs, iH);
    else
        memset(s->hs, 0, T * bs * H * sizeof(double));
    for (size_t t = 0; t < T; t++) {
        double *h = s->hs + t * bs * H;
        if (t > 0)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, ibs, iH, iH, 1.0, h - bs * H, iH, net->w->data, iH,
                        1.0, h, iH);
        if (j->act == EG_RNN_TANH)
            eg_vmath_tanh(h, bs * H);
        if (!eg_all_finite(h, bs * H))
            for (size_t i = 0; i < bs * H; i++)
                if (!isfinite(h[i]))
                    return eg_error_set(&s->err, EG_ENUMERIC,
                                        "hidden unit %zu of sequence %zu is not finite at step %zu", i % H,
                                        b0 + i / H, t);
    }
    /* The readout on the scored steps only; os becomes ∂L/∂o there. */
    const double *hsc = s->hs + S0 * bs * H;
    if (O > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(TS * bs), iO, iH, 1.0, hsc, iH, net->w_r->data,
                    iH, 0.0, s->os, iO);
    double se = 0.0;
    size_t right = 0;
    for (size_t i = 0; i < TS * bs * O; i++) {
        double o = s->os[i], y = s->tgt[i], e = o - y;
        right += (o > 0.0 && y > 0.0) || (o < 0.0 && y < 0.0);
        se += e * e;
        s->os[i] = j->scale * e;
    }
    s->se = se;
    s->right = right;
    if (!g)
        return EG_OK;
    /* Backward. ∂L/∂W_r = Σ_t (∂L/∂o_t)ᵀ h_t, and the readout's share of ∂L/∂h_t
     * (none before the scored steps). */
    double *dsc = s->dp + S0 * bs * H;
    memset(s->dp, 0, S0 * bs * H * sizeof(double));
    if (O > 0) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iO, iH, (int)(TS * bs), 1.0, s->os, iO, hsc, iH, 0.0,
                    g->w_r->data, iH);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(TS * bs), iH, iO, 1.0, s->os, iO,
                    net->w_r->data, iH, 0.0, dsc, iH);
    } else
        memset(dsc, 0, TS * bs * H * sizeof(double));
    /* Through time: ∂L/∂h_t += (∂L/∂p_{t+1}) W, then ∂L/∂p_t = ∂L/∂h_t ⊙ σ'(p_t)
     * with σ' = 1 − h² for tanh. dp ends up holding ∂L/∂p_t for every t. */
    for (size_t t = T; t-- > 0;) {
        double *d = s->dp + t * bs * H;
        const double *h = s->hs + t * bs * H;
        if (t + 1 < T)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ibs, iH, iH, 1.0, d + bs * H, iH, net->w->data,
                        iH, 1.0, d, iH);
        if (j->act == EG_RNN_TANH)
            for (size_t i = 0; i < bs * H; i++)
                d[i] *= 1.0 - h[i] * h[i];
    }
    /* ∂L/∂W = Σ_{t>=1} (∂L/∂p_t)ᵀ h_{t−1}; ∂L/∂W_uh = Σ_t (∂L/∂p_t)ᵀ u_t. */
    if (T > 1)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iH, (int)((T - 1) * bs), 1.0, s->dp + bs * H, iH,
                    s->hs, iH, 0.0, g->w->data, iH);
    else
        memset(g->w->data, 0, H * H * sizeof(double));
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iI, (int)(T * bs), 1.0, s->dp, iH, s->in, iI, 0.0,
                    g->w_uh->data, iI);
    return EG_OK;
}

/* Runs shards first, first + stride, … of the job. */
static void run_shards(const job *j, size_t first)
{
    for (size_t k = first; k < j->nshards; k += j->stride) {
        shard *s = &j->ws->shards[k];
        if (j->ws->precision == EG_TRAIN_FLOAT32) {
            size_t b0 = k * j->shard_size, bs = j->batch->size - b0;
            bs = bs < j->shard_size ? bs : j->shard_size;
            s->st = eg_bptt32_shard(&j->ws->net32, j->net, j->act, j->batch, b0, bs, j->scale, j->grad != NULL,
                                    &s->f32, &s->se, &s->right, &s->err);
        } else
            s->st = run_shard(j, k, s, j->grad ? (k == 0 ? j->grad : s->grad) : NULL);
    }
}

static void *helper_main(void *arg)
{
    helper *h = arg;
    eg_bptt *ws = h->ws;
    pthread_mutex_lock(&ws->lock);
    for (;;) {
        while (ws->generation == h->seen && !ws->quit)
            pthread_cond_wait(&ws->go, &ws->lock);
        if (ws->quit)
            break;
        h->seen = ws->generation;
        const job *j = ws->current;
        pthread_mutex_unlock(&ws->lock);
        if (h->index < j->stride)
            run_shards(j, h->index);
        pthread_mutex_lock(&ws->lock);
        if (--ws->pending == 0)
            pthread_cond_signal(&ws->done);
    }
    pthread_mutex_unlock(&ws->lock);
    return NULL;
}

/* Starts helpers until there are `want` (fewer when the system refuses more threads). */
static void start_helpers(eg_bptt *ws, size_t want)
{
    while (ws->nhelpers < want) {
        helper *h = &ws->helpers[ws->nhelpers];
        h->ws = ws;
        h->index = ws->nhelpers + 1;
        /* A job published before the helper first takes the lock is still one it must run:
         * it starts from the generation current now, not from whatever it finds later. */
        pthread_mutex_lock(&ws->lock);
        h->seen = ws->generation;
        int rc = pthread_create(&h->tid, NULL, helper_main, h);
        if (rc == 0)
            ws->nhelpers++;
        pthread_mutex_unlock(&ws->lock);
        if (rc != 0)
            return;
    }
}

/* grad = Σ_k (shard k's float gradient), summed in double in shard order. */
static void add_grads32(const eg_bptt *ws, size_t nshards, eg_rnn *grad)
{
    size_t nw = grad->w->rows * grad->w->cols, nu = grad->w_uh->rows * grad->w_uh->cols;
    size_t nr = grad->w_r->rows * grad->w_r->cols;
    double *to[3] = {grad->w->data, grad->w_uh->data, grad->w_r->data};
    size_t len[3] = {nw, nu, nr}, off[3] = {0, nw, nw + nu};
    for (int p = 0; p < 3; p++) {
        const float *g0 = ws->shards[0].f32.grad + off[p];
        for (size_t i = 0; i < len[p]; i++)
            to[p][i] = (double)g0[i];
        for (size_t k = 1; k < nshards; k++) {
            const float *g = ws->shards[k].f32.grad + off[p];
            for (size_t i = 0; i < len[p]; i++)
                to[p][i] += (double)g[i];
        }
    }
}

/* CBLAS takes int dimensions. */
static int fits_int(size_t n)
{
    return n <= (size_t)INT_MAX;
}

eg_status eg_bptt_loss_grad(eg_bptt *ws, int threads, const eg_rnn *net, eg_rnn_activation act,
                            const eg_batch *batch, eg_rnn *grad, double *loss, double *accuracy, eg_error *err)
{
    if (!ws || !net || !batch || !loss)
        return eg_error_set(err, EG_EINVAL, "a loss needs a workspace, a network, a batch and a result");
    size_t H = net->hidden, NI = net->in, O = net->out, B = batch->size, T = batch->steps;
    if (batch->in != NI || batch->out != O)
        return eg_error_set(err, EG_EINVAL, "batch has %zu inputs and %zu targets; the network has %zu and %zu",
                            batch->in, batch->out, NI, O);
    if (grad && (grad->hidden != H || grad->in != NI || grad->out != O))
        return eg_error_set(err, EG_EINVAL, "gradient sizes do not match the network");
    if (H == 0 || B == 0 || batch->scored_from >= T)
        return eg_error_set(err, EG_EINVAL, "a loss needs hidden units, sequences and at least one scored step");
    size_t bs = B < EG_BPTT_SHARD ? B : EG_BPTT_SHARD, nshards = (B + bs - 1) / bs;
    if (!fits_int(T * bs) || !fits_int(H) || !fits_int(NI) || !fits_int(O) ||
        T * bs > SIZE_MAX / (H + NI + O + 1) / 2 / sizeof(double))
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu × %zu steps is too large", B, T);
    eg_status st = prepare(ws, nshards, bs, T, H, NI, O, grad != NULL, err);
    if (st != EG_OK)
        return st;
    if (ws->precision == EG_TRAIN_FLOAT32 && !eg_bptt32_net_load(&ws->net32, net))
        return eg_error_set(err, EG_ENOMEM, "out of memory for a network of %zu units", H);
    size_t count = (T - batch->scored_from) * B * O;
    job j = {.ws = ws, .net = net, .act = act, .batch = batch, .grad = grad, .shard_size = bs, .nshards = nshards,
             .scale = 2.0 / (double)(count ? count : 1)};
    /* The calling thread runs shards 0, stride, …; helper w runs w, w + stride, …
     * Which thread runs a shard changes the time taken, never the result. */
    size_t nthreads = threads > 1 ? (size_t)threads : 1;
    if (nthreads > nshards)
        nthreads = nshards;
    if (nthreads > EG_BPTT_MAX_THREADS)
        nthreads = EG_BPTT_MAX_THREADS;
    if (nthreads > 1 && ws->sync_ready)
        start_helpers(ws, nthreads - 1);
    size_t nhelp = ws->sync_ready ? ws->nhelpers : 0;
    j.stride = nthreads <= nhelp + 1 ? nthreads : nhelp + 1;
    if (j.stride > 1) {
        pthread_mutex_lock(&ws->lock);
        ws->current = &j;
        ws->pending = nhelp; /* helpers beyond the stride find no shard and count off at once */
        ws->generation++;
        pthread_cond_broadcast(&ws->go);
        pthread_mutex_unlock(&ws->lock);
    }
    run_shards(&j, 0);
    if (j.stride > 1) {
        pthread_mutex_lock(&ws->lock);
        while (ws->pending > 0)
            pthread_cond_wait(&ws->done, &ws->lock);
        pthread_mutex_unlock(&ws->lock);
    }
    /* Sums in shard order, whatever thread ran which shard. */
    double se = 0.0;
    size_t right = 0;
    for (size_t k = 0; k < nshards; k++) {
        shard *s = &ws->shards[k];
        if (s->st != EG_OK) {
            if (err)
                *err = s->err;
            return s->st;
        }
        se += s->se;
        right += s->right;
    }
    *loss = count ? se / (double)count : 0.0;
    if (accuracy)
        *accuracy = count ? (double)right / (double)count : 0.0;
    if (!isfinite(*loss))
        return eg_error_set(err, EG_ENUMERIC, "the loss is not finite");
    if (grad && ws->precision == EG_TRAIN_FLOAT32)
        add_grads32(ws, nshards, grad);
    else if (grad)
        for (size_t k = 1; k < nshards; k++) {
            const eg_rnn *g = ws->shards[k].grad;
            const eg_matrix *from[3] = {g->w, g->w_uh, g->w_r};
            eg_matrix *to[3] = {grad->w, grad->w_uh, grad->w_r};
            for (int p = 0; p < 3; p++)
                for (size_t i = 0; i < to[p]->rows * to[p]->cols; i++)
                    to[p]->data[i] += from[p]->data[i];
        }
    return EG_OK;
}

eg_status eg_rnn_loss_grad(const eg_rnn *net, eg_rnn_activation act, const eg_batch *batch, eg_rnn *grad, double *loss,
                           double *accuracy, eg_error *err)
{
    eg_bptt *ws = eg_bptt_alloc();
    if (!ws)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a gradient workspace");
    eg_status st = eg_bptt_loss_grad(ws, 1, net, act, batch, grad, loss, accuracy, err);
    eg_bptt_free(ws);
    return st;
}
