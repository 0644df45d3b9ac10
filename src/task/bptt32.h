/* bptt32.h: the single-precision forward and backward pass over one shard of eg_bptt_loss_grad
 * (engram/train.h, EG_TRAIN_FLOAT32); internal to src/task. */
#ifndef ENGRAM_TASK_BPTT32_H
#define ENGRAM_TASK_BPTT32_H

#include <stddef.h>

#include "engram/train.h"

/* The network's weights as floats, converted once per call and read by every shard:
 * w (H × H), w_uh (H × NI), w_r (O × H), row-major like eg_rnn's, and wt = wᵀ, in one
 * block. With wt the products of both passes are plain (untransposed) ones, which
 * BLAS runs without repacking W at every step. */
typedef struct eg_bptt32_net {
    float *data;
    size_t cap; /* floats reserved in data */
    const float *w, *wt, *w_uh, *w_r;
} eg_bptt32_net;

/* One shard's buffers (as shard in bptt.c, in float): in, tgt: its inputs and scored
 * targets; hs: h_t for every t; os: outputs, then ∂L/∂o; dp: ∂L/∂p_t; grad: its
 * gradient, ∂L/∂W, ∂L/∂W_uh, ∂L/∂W_r one after the other. */
typedef struct eg_bptt32_buf {
    float *in, *tgt, *hs, *os, *dp, *grad;
    size_t cap_in, cap_tgt, cap_hs, cap_os, cap_dp, cap_grad;
} eg_bptt32_buf;

/* Copies net's weights into n as floats; 0 when out of memory. */
int eg_bptt32_net_load(eg_bptt32_net *n, const eg_rnn *net);
void eg_bptt32_net_release(eg_bptt32_net *n);

/* Makes b hold a shard of bs sequences of T steps; 0 when out of memory. */
int eg_bptt32_reserve(eg_bptt32_buf *b, size_t T, size_t bs, size_t H, size_t NI, size_t O);
void eg_bptt32_release(eg_bptt32_buf *b);

/* Loss terms and (want_grad) gradient of sequences b0 … b0 + bs − 1 of the batch,
 * single-threaded: *se the squared error over the shard's scored entries, *right
 * those with the right sign, b->grad the shard's gradient with ∂L/∂o = scale·(o − y). */
eg_status eg_bptt32_shard(const eg_bptt32_net *n, const eg_rnn *net, eg_rnn_activation act, const eg_batch *batch,
                          size_t b0, size_t bs, double scale, int want_grad, eg_bptt32_buf *b, double *se,
                          size_t *right, eg_error *err);

#endif
