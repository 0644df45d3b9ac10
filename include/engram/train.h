/* engram/train.h: training a bias-free RNN on a variable-binding task by backpropagation through
 * time, with Adam, gradient-norm clipping and a curriculum over horizons. */
#ifndef ENGRAM_TRAIN_H
#define ENGRAM_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "engram/rnn.h"
#include "engram/status.h"
#include "engram/task.h"

/* A batch of B sequences of T steps, stored time-major so that each step is a
 * B × width block (row b is sequence b): the layout the batched products need.
 * Steps t >= scored_from are scored (the output phase); earlier ones are not. */
typedef struct eg_batch {
    size_t size, steps;  /* B, T */
    size_t in, out;      /* input and target widths */
    size_t scored_from;  /* first scored step (s for the variable-binding tasks) */
    double *input;       /* T·B·in: input[(t·B + b)·in + k] */
    double *target;      /* T·B·out */
} eg_batch;

/* Samples first … first+B−1 of eg_task_sample_alloc(task, horizon, seed, ·)
 * as one batch (T = s + horizon, scored from s). *out is new. */
eg_status eg_batch_from_task(const eg_task *task, size_t horizon, size_t size, uint64_t seed, uint64_t first,
                             eg_batch **out, eg_error *err);
/* Frees a batch; accepts NULL and half-built ones. */
void eg_batch_free(eg_batch *batch);

/* Loss and gradient of the network on a batch. The loss is the mean squared
 * error over the scored steps, L = Σ (o − y)² / (B · (T − scored_from) · out),
 * the readout o_t = W_r h_t applied at every step (h_{−1} = 0, no bias). grad
 * (same sizes as net) receives ∂L/∂W, ∂L/∂W_uh, ∂L/∂W_r by backpropagation
 * through time (Werbos 1990); it may be NULL for the loss alone. *accuracy
 * (may be NULL) is the fraction of scored entries with sign(o) = sign(y).
 * EG_EINVAL on mismatched sizes; EG_ENUMERIC when a state or the loss is not
 * finite; EG_ENOMEM. */
eg_status eg_rnn_loss_grad(const eg_rnn *net, eg_rnn_activation act, const eg_batch *batch, eg_rnn *grad, double *loss,
                           double *accuracy, eg_error *err);

/* The same loss and gradient with buffers kept between calls (a training run
 * makes one workspace and uses it every step) and worker threads. The batch is
 * cut into shards of EG_BPTT_SHARD sequences (the last may be shorter); each
 * shard's forward and backward pass runs on one thread, and the shards'
 * gradients and squared errors are summed in shard order, so the result is the
 * same bit for bit whatever `threads` is (at most EG_BPTT_MAX_THREADS are
 * used; <= 1: the calling thread alone). Each shard calls BLAS on its own
 * thread: with threads > 1, let BLAS run one thread of its own
 * (openblas_set_num_threads(1)) or the two kinds of threads compete. */
#define EG_BPTT_SHARD 32
#define EG_BPTT_MAX_THREADS 64
typedef struct eg_bptt eg_bptt;
/* An empty workspace; NULL when out of memory. */
eg_bptt *eg_bptt_alloc(void);
/* Frees it; accepts NULL. */
void eg_bptt_free(eg_bptt *ws);
/* The arithmetic of a training step. FLOAT64 (the default) is exact to double
 * rounding; FLOAT32 runs the forward and backward passes in single precision
 * (sgemm, float states, float gradients per shard) as PyTorch's default does,
 * and returns the loss and gradient converted to double (summed over shards in
 * double, in shard order, so still the same whatever `threads` is). */
typedef enum eg_train_precision { EG_TRAIN_FLOAT64 = 0, EG_TRAIN_FLOAT32 = 1 } eg_train_precision;
/* Sets the precision of every later eg_bptt_loss_grad in ws (FLOAT64 at first). */
void eg_bptt_set_precision(eg_bptt *ws, eg_train_precision precision);
/* As eg_rnn_loss_grad, in ws with `threads` workers. */
eg_status eg_bptt_loss_grad(eg_bptt *ws, int threads, const eg_rnn *net, eg_rnn_activation act,
                            const eg_batch *batch, eg_rnn *grad, double *loss, double *accuracy, eg_error *err);

/* Adam (Kingma & Ba 2015, Algorithm 1) over n parameters:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr · m̂ / (√v̂ + ε) with the
 * bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). */
typedef struct eg_adam {
    size_t n;
    double lr, beta1, beta2, eps;
    unsigned long t; /* steps taken */
    double *m, *v;
} eg_adam;

/* A fresh optimiser (zero moments); NULL when out of memory. */
eg_adam *eg_adam_alloc(size_t n, double lr, double beta1, double beta2, double eps);
/* Frees it; accepts NULL. */
void eg_adam_free(eg_adam *adam);
/* One step on param (n entries) with gradient grad (n entries). */
void eg_adam_step(eg_adam *adam, double *param, const double *grad);

/* Clips the gradient, seen as one vector over every parameter (PyTorch's
 * clip_grad_norm_): when its 2-norm exceeds max_norm > 0 it is scaled to
 * max_norm. Returns the norm before clipping. max_norm <= 0 leaves it alone. */
double eg_train_clip(double *const *parts, const size_t *lengths, size_t nparts, double max_norm);

/* Defaults of the options (the authors' settings; docs/spectra-and-emt.md, "Training"). */
#define EG_TRAIN_ADVANCE_ACCURACY 0.96

/* Training options. */
typedef struct eg_train_options {
    size_t hidden;            /* H */
    eg_rnn_activation act;        /* tanh in the authors' runs */
    double lr, beta1, beta2, eps; /* Adam */
    double clip;              /* gradient-norm clip (<= 0: none) */
    size_t batch;             /* sequences per step */
    size_t steps;             /* optimiser steps */
    const size_t *curriculum; /* horizons (output steps after the input), in order */
    size_t ncurriculum;
    double advance;           /* move to the next horizon after a step whose batch accuracy exceeds this */
    uint64_t seed;            /* initial weights and the training data */
    int threads;              /* workers for the gradient (eg_bptt_loss_grad); the result does not depend on it */
    eg_train_precision precision; /* of the gradient (eg_bptt_set_precision); Adam and the weights stay double */
    /* Called after every step when not NULL, with the weights as they now are
     * (progress display, checkpoints); never required. */
    void (*progress)(void *ctx, size_t step, double loss, double accuracy, size_t horizon, const eg_rnn *net);
    void *progress_ctx;
} eg_train_options;

/* Defaults: hidden 128, tanh, Adam lr 1e-3, β = (0.9, 0.999), ε = 1e-8,
 * clip 1, batch 64, 20000 steps, no curriculum (set one), advance 0.96, seed 0,
 * one thread. */
eg_train_options eg_train_options_default(void);

/* EG_EINVAL naming the first setting every trainer refuses: no hidden units,
 * batch or steps, an empty curriculum or a zero horizon, Adam's lr, β or ε
 * out of range. */
eg_status eg_train_check_schedule(const eg_train_options *opt, eg_error *err);

/* What a training run produced. Owns everything it points to. */
typedef struct eg_train_result {
    eg_rnn *net;           /* the trained weights (no basis); NULL for a trained cell */
    struct eg_cell_net *cell; /* eg_train_cell: the trained cell and readout (engram/cell_train.h); else NULL */
    size_t steps;          /* steps taken */
    double *loss;          /* per step: the batch loss before the update */
    double *accuracy;      /* per step: the batch sign accuracy before the update */
    double *grad_norm;     /* per step: the gradient norm before clipping */
    size_t *horizon;       /* per step: the horizon trained on */
    size_t stage;          /* index of the last curriculum stage reached */
    size_t *stage_start;   /* ncurriculum entries: the step each stage began at (SIZE_MAX: never) */
    size_t nstages;
} eg_train_result;

/* Trains a network on the task. Initial weights follow PyTorch's defaults for
 * nn.RNN and nn.Linear: every entry uniform in (−1/√H, 1/√H), drawn from
 * eg_rng_alloc(seed, EG_RNG_INIT, 0 | 1 | 2) for W, W_uh, W_r. The batch of
 * step k holds samples k·B … k·B+B−1 of the task stream with seed
 * eg_rng_derive(seed, EG_RNG_TASK, 1), so it never repeats the samples an
 * evaluation draws with eg_task_evaluate(…, seed, …). The curriculum stage
 * advances after a step whose batch accuracy exceeds opt->advance.
 * EG_EINVAL on bad options; EG_ENUMERIC when the loss stops being finite
 * (naming the step). *out is new (eg_train_result_free). */
eg_status eg_train_rnn(const eg_task *task, const eg_train_options *opt, eg_train_result **out, eg_error *err);
/* Frees a result; accepts NULL and half-built ones. */
void eg_train_result_free(eg_train_result *res);

#endif
