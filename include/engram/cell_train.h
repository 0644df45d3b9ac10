/* engram/cell_train.h: training PyTorch-style cells (tanh RNN with biases, GRU,
 * LSTM) with a linear readout by backpropagation through time, and saving
 * them in PyTorch's key layout. */
#ifndef ENGRAM_CELL_TRAIN_H
#define ENGRAM_CELL_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "engram/cell.h"
#include "engram/status.h"
#include "engram/train.h"

/* A cell and its readout o_t = W_out h_t + b_out (nn.Linear on the hidden
 * state; for an LSTM on h, not c). Owns everything it points to. */
typedef struct eg_cell_net {
    eg_cell *cell;
    eg_matrix *w_out; /* out × hidden */
    double *b_out;    /* out */
} eg_cell_net;

/* A network of the given sizes with zero weights; NULL when out of memory or
 * when kind is not one engram trains (RNN tanh, RNN relu, GRU, LSTM). */
eg_cell_net *eg_cell_net_alloc(eg_cell_kind kind, size_t hidden, size_t in, size_t out);
/* Accepts NULL and half-built networks. */
void eg_cell_net_free(eg_cell_net *net);

/* The parameters as one list of parts, in PyTorch's state-dict order:
 * weight_ih, weight_hh, bias_ih, bias_hh, readout weight, readout bias.
 * parts[k] points into net (writable), lengths[k] is its size. */
#define EG_CELL_NET_PARTS 6
void eg_cell_net_parts(eg_cell_net *net, double **parts, size_t *lengths);

/* Loss and gradient of the network on a batch, as eg_rnn_loss_grad scores
 * it: L = Σ (o − y)² / (B · (T − scored_from) · out) over the scored steps,
 * the state starting at zero (h and, for an LSTM, c). grad (same sizes as
 * net, may be NULL for the loss alone) receives ∂L/∂θ for every weight and
 * bias. *accuracy (may be NULL): the fraction of scored entries with
 * sign(o) = sign(y). EG_EINVAL on mismatched sizes, EG_ENUMERIC when a state
 * or the loss is not finite, EG_ENOMEM. */
eg_status eg_cell_loss_grad(const eg_cell_net *net, const eg_batch *batch, eg_cell_net *grad, double *loss,
                            double *accuracy, eg_error *err);

/* Where a training run takes its batches from: batch(ctx, horizon, size,
 * seed, first, out, err) makes sequences first … first+size−1 of the stream
 * `seed` with `horizon` scored steps (*out new). in and out are the widths. */
typedef struct eg_batch_source {
    size_t in, out;
    eg_status (*batch)(void *ctx, size_t horizon, size_t size, uint64_t seed, uint64_t first, eg_batch **out,
                       eg_error *err);
    void *ctx;
} eg_batch_source;

/* A source over a variable-binding task (eg_batch_from_task). */
eg_batch_source eg_batch_source_task(const eg_task *task);

/* Trains a cell of `kind` on the source with the options of eg_train_rnn
 * (hidden, Adam, clip, batch, steps, curriculum, advance, seed; act and
 * threads are not used). Initial weights follow PyTorch: every weight and
 * bias of the cell and of the readout uniform in (−1/√H, 1/√H), drawn from
 * eg_rng_alloc(seed, EG_RNG_INIT, k) for part k of eg_cell_net_parts. The
 * batch of step k holds samples k·B … k·B+B−1 of the stream
 * eg_rng_derive(seed, EG_RNG_TASK, 1). res->cell holds the trained network
 * and res->net is NULL. EG_EINVAL on bad options, EG_ENUMERIC when the loss
 * stops being finite. */
eg_status eg_train_cell(eg_cell_kind kind, const eg_batch_source *src, const eg_train_options *opt,
                        eg_train_result **out, eg_error *err);

/* Writes the network as numpy.savez writes a PyTorch state dict of a module
 * with a submodule `rnn` and a submodule `readout`: rnn.weight_ih_l0,
 * rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0, readout.weight,
 * readout.bias (a stored zip of .npy members, float64). */
eg_status eg_cell_net_save_npz(const eg_cell_net *net, const char *path, eg_error *err);

#endif
