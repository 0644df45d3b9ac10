/* bptt32.c: backpropagation through time for one shard of the bias-free RNN in single
 * precision, the float32 arithmetic of a training step (sgemm, float states). */
#include "bptt32.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "engram/vmath.h"

/* Makes *p hold at least n floats; the contents are not kept. */
static int reserve(float **p, size_t *cap, size_t n)
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

int eg_bptt32_net_load(eg_bptt32_net *n, const eg_rnn *net)
{
    size_t H = net->hidden, NI = net->in, O = net->out, nw = H * H, nu = H * NI, nr = O * H;
    if (!reserve(&n->data, &n->cap, 2 * nw + nu + nr))
        return 0;
    float *w = n->data, *wt = w + nw, *u = wt + nw, *r = u + nu;
    for (size_t i = 0; i < nw; i++)
        w[i] = (float)net->w->data[i];
    for (size_t i = 0; i < H; i++)
        for (size_t k = 0; k < H; k++)
            wt[k * H + i] = w[i * H + k];
    for (size_t i = 0; i < nu; i++)
        u[i] = (float)net->w_uh->data[i];
    for (size_t i = 0; i < nr; i++)
        r[i] = (float)net->w_r->data[i];
    n->w = w;
    n->wt = wt;
    n->w_uh = u;
    n->w_r = r;
    return 1;
}

void eg_bptt32_net_release(eg_bptt32_net *n)
{
    free(n->data);
    memset(n, 0, sizeof *n);
}

int eg_bptt32_reserve(eg_bptt32_buf *b, size_t T, size_t bs, size_t H, size_t NI, size_t O)
{
    return reserve(&b->in, &b->cap_in, T * bs * NI) && reserve(&b->tgt, &b->cap_tgt, T * bs * O) &&
           reserve(&b->os, &b->cap_os, T * bs * O) && reserve(&b->hs, &b->cap_hs, T * bs * H) &&
           reserve(&b->dp, &b->cap_dp, T * bs * H) && reserve(&b->grad, &b->cap_grad, H * H + H * NI + O * H);
}

void eg_bptt32_release(eg_bptt32_buf *b)
{
    free(b->in);
    free(b->tgt);
    free(b->hs);
    free(b->os);
    free(b->dp);
    free(b->grad);
    memset(b, 0, sizeof *b);
}

/* The shard's inputs and scored targets, converted to float (rows are sequences). */
static void load_shard(const eg_batch *batch, size_t b0, size_t bs, eg_bptt32_buf *b)
{
    size_t B = batch->size, T = batch->steps, NI = batch->in, O = batch->out, S0 = batch->scored_from;
    for (size_t t = 0; t < T; t++) {
        const double *src = batch->input + (t * B + b0) * NI;
        float *dst = b->in + t * bs * NI;
        for (size_t i = 0; i < bs * NI; i++)
            dst[i] = (float)src[i];
    }
    for (size_t t = S0; t < T; t++) {
        const double *src = batch->target + (t * B + b0) * O;
        float *dst = b->tgt + (t - S0) * bs * O;
        for (size_t i = 0; i < bs * O; i++)
            dst[i] = (float)src[i];
    }
}

/* Whether x[0 … n) are all finite: an exponent field of all ones marks ±∞ and NaN.
 * Integer ORs, so the compiler vectorises the scan. */
static int all_finite(const float *x, size_t n)
{
    uint32_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], sizeof u);
        bad |= (u & 0x7f800000u) == 0x7f800000u;
    }
    return !bad;
}

/* The first state of step t that is not finite, reported as bptt.c reports it. */
static eg_status report_state(const float *h, size_t bs, size_t H, size_t b0, size_t t, eg_error *err)
{
    size_t i = 0;
    while (i + 1 < bs * H && isfinite(h[i]))
        i++;
    return eg_error_set(err, EG_ENUMERIC, "hidden unit %zu of sequence %zu is not finite at step %zu", i % H,
                        b0 + i / H, t);
}

/* Forward: the input drive of every step in one product, then h_t = σ(h_{t−1} Wᵀ + W_uh u_t),
 * each step checked while it is in cache. */
static eg_status forward(const eg_bptt32_net *n, size_t H, size_t NI, eg_rnn_activation act, size_t T, size_t bs,
                         size_t b0, eg_bptt32_buf *b, eg_error *err)
{
    int iH = (int)H, iI = (int)NI;
    if (NI > 0)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(T * bs), iH, iI, 1.0f, b->in, iI, n->w_uh, iI,
                    0.0f, b->hs, iH);
    else
        memset(b->hs, 0, T * bs * H * sizeof(float));
    for (size_t t = 0; t < T; t++) {
        float *h = b->hs + t * bs * H;
        if (t > 0)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)bs, iH, iH, 1.0f, h - bs * H, iH, n->wt,
                        iH, 1.0f, h, iH);
        if (act == EG_RNN_TANH)
            eg_vmath_tanhf(h, bs * H);
        if (!all_finite(h, bs * H))
            return report_state(h, bs, H, b0, t, err);
    }
    return EG_OK;
}

/* The readout on the scored steps; os becomes scale·(o − y) there. Squared error and
 * sign matches are counted in double. */
static void readout(const eg_bptt32_net *n, size_t H, size_t O, size_t TS, size_t bs, float scale,
                    const float *hsc, eg_bptt32_buf *b, double *se_out, size_t *right_out)
{
    if (O > 0)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(TS * bs), (int)O, (int)H, 1.0f, hsc, (int)H,
                    n->w_r, (int)H, 0.0f, b->os, (int)O);
    double se = 0.0;
    size_t right = 0;
    for (size_t i = 0; i < TS * bs * O; i++) {
        float o = b->os[i], y = b->tgt[i], e = o - y;
        right += (o > 0.0f && y > 0.0f) || (o < 0.0f && y < 0.0f);
        se += (double)e * (double)e;
        b->os[i] = scale * e;
    }
    *se_out = se;
    *right_out = right;
}

/* Backward, as in bptt.c: ∂L/∂W_r and the readout's share of ∂L/∂h_t, then through
 * time ∂L/∂p_t = (∂L/∂h_t + ∂L/∂p_{t+1} W) ⊙ σ'(p_t) (one pass per step), then ∂L/∂W
 * and ∂L/∂W_uh each as one product over every step and sequence. */
static void backward(const eg_bptt32_net *n, size_t H, size_t NI, size_t O, eg_rnn_activation act, size_t T,
                     size_t S0, size_t bs, eg_bptt32_buf *b)
{
    int iH = (int)H, iI = (int)NI, iO = (int)O;
    size_t TS = T - S0;
    const float *hsc = b->hs + S0 * bs * H;
    float *gw = b->grad, *gu = gw + H * H, *gr = gu + H * NI;
    float *dsc = b->dp + S0 * bs * H;
    memset(b->dp, 0, S0 * bs * H * sizeof(float));
    if (O > 0) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iO, iH, (int)(TS * bs), 1.0f, b->os, iO, hsc, iH, 0.0f,
                    gr, iH);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(TS * bs), iH, iO, 1.0f, b->os, iO, n->w_r, iH,
                    0.0f, dsc, iH);
    } else
        memset(dsc, 0, TS * bs * H * sizeof(float));
    for (size_t t = T; t-- > 0;) {
        float *d = b->dp + t * bs * H;
        const float *h = b->hs + t * bs * H;
        if (t + 1 < T)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)bs, iH, iH, 1.0f, d + bs * H, iH, n->w, iH,
                        1.0f, d, iH);
        if (act == EG_RNN_TANH)
            for (size_t i = 0; i < bs * H; i++)
                d[i] *= 1.0f - h[i] * h[i];
    }
    if (T > 1)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iH, (int)((T - 1) * bs), 1.0f, b->dp + bs * H, iH,
                    b->hs, iH, 0.0f, gw, iH);
    else
        memset(gw, 0, H * H * sizeof(float));
    if (NI > 0)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, iH, iI, (int)(T * bs), 1.0f, b->dp, iH, b->in, iI, 0.0f,
                    gu, iI);
}

eg_status eg_bptt32_shard(const eg_bptt32_net *n, const eg_rnn *net, eg_rnn_activation act, const eg_batch *batch,
                          size_t b0, size_t bs, double scale, int want_grad, eg_bptt32_buf *b, double *se,
                          size_t *right, eg_error *err)
{
    size_t H = net->hidden, NI = net->in, O = net->out, T = batch->steps, S0 = batch->scored_from;
    load_shard(batch, b0, bs, b);
    eg_status st = forward(n, H, NI, act, T, bs, b0, b, err);
    if (st != EG_OK)
        return st;
    readout(n, H, O, T - S0, bs, (float)scale, b->hs + S0 * bs * H, b, se, right);
    if (want_grad)
        backward(n, H, NI, O, act, T, S0, bs, b);
    return EG_OK;
}
