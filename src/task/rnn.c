/* rnn.c: forward simulation of the bias-free recurrent network used by the EMT tasks. */
#include "engram/rnn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

eg_rnn *eg_rnn_alloc(size_t hidden, size_t in, size_t out)
{
    eg_rnn *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->hidden = hidden;
    net->in = in;
    net->out = out;
    net->w = eg_matrix_alloc(hidden, hidden);
    net->w_uh = eg_matrix_alloc(hidden, in);
    net->w_r = eg_matrix_alloc(out, hidden);
    if (!net->w || !net->w_uh || !net->w_r) {
        eg_rnn_free(net);
        return NULL;
    }
    return net;
}

void eg_rnn_free(eg_rnn *net)
{
    if (!net)
        return;
    eg_matrix_free(net->w);
    eg_matrix_free(net->w_uh);
    eg_matrix_free(net->w_r);
    eg_matrix_free(net->psi);
    eg_matrix_free(net->psi_dual);
    free(net);
}

eg_status eg_rnn_run(const eg_rnn *net, eg_rnn_activation act, const eg_matrix *input, eg_matrix **output,
                     eg_matrix **hidden, eg_error *err)
{
    if (!net || !input || !output)
        return eg_error_set(err, EG_EINVAL, "running a network needs the network, an input and a result");
    size_t H = net->hidden, T = input->rows;
    if (input->cols != net->in || net->w->rows != H || net->w->cols != H || net->w_uh->rows != H ||
        net->w_uh->cols != net->in || net->w_r->rows != net->out || net->w_r->cols != H)
        return eg_error_set(err, EG_EINVAL, "input width %zu does not fit a network with %zu inputs", input->cols,
                            net->in);
    if (H == 0)
        return eg_error_set(err, EG_EINVAL, "a network needs at least one hidden unit");
    if (act != EG_RNN_LINEAR && act != EG_RNN_TANH)
        return eg_error_set(err, EG_EINVAL, "unknown activation %d", (int)act);
    eg_matrix *o = eg_matrix_alloc(T, net->out), *hs = hidden ? eg_matrix_alloc(T, H) : NULL;
    double *h = calloc(H ? H : 1, sizeof *h), *a = calloc(H ? H : 1, sizeof *a);
    eg_status st = EG_OK;
    if (!o || (hidden && !hs) || !h || !a) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory running a network of %zu units for %zu steps", H, T);
        goto fail;
    }
    for (size_t t = 0; t < T; t++) {
        /* a = W h_{t−1} + W_uh u_t */
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)H, (int)H, 1.0, net->w->data, (int)H, h, 1, 0.0, a, 1);
        if (net->in > 0)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)H, (int)net->in, 1.0, net->w_uh->data, (int)net->in,
                        input->data + t * net->in, 1, 1.0, a, 1);
        for (size_t i = 0; i < H; i++) {
            h[i] = act == EG_RNN_TANH ? tanh(a[i]) : a[i];
            if (!isfinite(h[i])) {
                st = eg_error_set(err, EG_ENUMERIC, "hidden unit %zu is not finite at step %zu", i, t);
                goto fail;
            }
        }
        if (net->out > 0)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)net->out, (int)H, 1.0, net->w_r->data, (int)H, h, 1, 0.0,
                        o->data + t * net->out, 1);
        if (hs)
            memcpy(hs->data + t * H, h, H * sizeof *h);
    }
    free(h);
    free(a);
    *output = o;
    if (hidden)
        *hidden = hs;
    return EG_OK;
fail:
    free(h);
    free(a);
    eg_matrix_free(o);
    eg_matrix_free(hs);
    return st;
}
