/* engram/rnn.h: a bias-free recurrent network h_t = σ(W h_{t−1} + W_uh u_t), o_t = W_r h_t. */
#ifndef ENGRAM_RNN_H
#define ENGRAM_RNN_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* The pointwise non-linearity σ. */
typedef enum eg_rnn_activation {
    EG_RNN_LINEAR = 0, /* σ(x) = x: the setting in which EMT's reading is exact */
    EG_RNN_TANH = 1    /* σ(x) = tanh(x): the authors' trained networks */
} eg_rnn_activation;

/* Weights of the network; the struct owns every matrix it points to. */
typedef struct eg_rnn {
    size_t hidden, in, out; /* H, input width, output width */
    eg_matrix *w;           /* H × H recurrent weights */
    eg_matrix *w_uh;        /* H × in input weights */
    eg_matrix *w_r;         /* out × H readout */
    /* The memory basis the network was built from (H × K) and its dual
     * (K × H, rows ψ^μ with Ψ*Ψ = I); NULL when the weights came from elsewhere. */
    eg_matrix *psi, *psi_dual;
} eg_rnn;

/* An empty network of the given sizes (zero weights, no basis); NULL when out
 * of memory. Free with eg_rnn_free. */
eg_rnn *eg_rnn_alloc(size_t hidden, size_t in, size_t out);
/* Frees the network and its matrices; accepts NULL and half-built ones. */
void eg_rnn_free(eg_rnn *net);

/* Runs the network from h_{−1} = 0 over input (T × in): hidden state
 * h_t = σ(W h_{t−1} + W_uh u_t) and output o_t = W_r h_t for t = 0 … T−1.
 * *output (T × out) is new; *hidden (T × H, row t = h_t) is new when hidden is
 * not NULL. EG_EINVAL on a size mismatch; EG_ENUMERIC when a state stops being
 * finite (the message gives the step). */
eg_status eg_rnn_run(const eg_rnn *net, eg_rnn_activation act, const eg_matrix *input, eg_matrix **output,
                     eg_matrix **hidden, eg_error *err);

#endif
