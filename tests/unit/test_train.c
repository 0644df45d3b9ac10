/* test_train.c: backpropagation through time against finite differences, Adam and clipping against
 * closed forms, and a short training run on a small repeat-copy task. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/task.h"
#include "engram/train.h"

#define assert_close(a, b, tol)                                                                          \
    do {                                                                                                 \
        double a_ = (a), b_ = (b);                                                                       \
        if (!(fabs(a_ - b_) <= (tol)))                                                                   \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, a_, b_, (double)(tol));                 \
    } while (0)

static void fill_uniform(double *x, size_t n, double scale, uint64_t index)
{
    gsl_rng *rng = eg_rng_alloc(42, EG_RNG_INIT, index);
    assert_non_null(rng);
    for (size_t k = 0; k < n; k++)
        x[k] = scale * (2.0 * gsl_rng_uniform(rng) - 1.0);
    gsl_rng_free(rng);
}

/* A hand-made batch of random numbers: B sequences, T steps, scored from step 2. */
static eg_batch *random_batch(size_t size, size_t steps, size_t in, size_t out)
{
    eg_batch *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->size = size;
    b->steps = steps;
    b->in = in;
    b->out = out;
    b->scored_from = 2;
    b->input = malloc(b->size * b->steps * in * sizeof(double));
    b->target = malloc(b->size * b->steps * out * sizeof(double));
    assert_non_null(b->input);
    assert_non_null(b->target);
    fill_uniform(b->input, b->size * b->steps * in, 1.0, 10);
    fill_uniform(b->target, b->size * b->steps * out, 1.0, 11);
    return b;
}

/* B = 2 sequences of T = 5 steps. */
static eg_batch *tiny_batch(size_t in, size_t out)
{
    return random_batch(2, 5, in, out);
}

static eg_rnn *tiny_net(size_t h, size_t in, size_t out)
{
    eg_rnn *net = eg_rnn_alloc(h, in, out);
    assert_non_null(net);
    fill_uniform(net->w->data, h * h, 0.9, 1);
    fill_uniform(net->w_uh->data, h * in, 0.9, 2);
    fill_uniform(net->w_r->data, out * h, 0.9, 3);
    return net;
}

/* Central differences on every parameter: the oracle for backpropagation through time.
 * `size` sequences: more than EG_BPTT_SHARD cuts the batch into shards whose gradients are summed. */
static void check_gradient(eg_rnn_activation act, size_t size)
{
    size_t H = 3, NI = 2, O = 2;
    eg_rnn *net = tiny_net(H, NI, O), *grad = eg_rnn_alloc(H, NI, O);
    eg_batch *b = random_batch(size, 5, NI, O);
    assert_non_null(grad);
    double loss = 0.0, acc = -1.0;
    assert_int_equal(eg_rnn_loss_grad(net, act, b, grad, &loss, &acc, NULL), EG_OK);
    assert_true(loss > 0.0);
    assert_true(acc >= 0.0 && acc <= 1.0);
    eg_matrix *ps[3] = {net->w, net->w_uh, net->w_r}, *gs[3] = {grad->w, grad->w_uh, grad->w_r};
    const double h = 1e-6;
    for (int p = 0; p < 3; p++)
        for (size_t k = 0; k < ps[p]->rows * ps[p]->cols; k++) {
            double keep = ps[p]->data[k], lp = 0.0, lm = 0.0;
            ps[p]->data[k] = keep + h;
            assert_int_equal(eg_rnn_loss_grad(net, act, b, NULL, &lp, NULL, NULL), EG_OK);
            ps[p]->data[k] = keep - h;
            assert_int_equal(eg_rnn_loss_grad(net, act, b, NULL, &lm, NULL, NULL), EG_OK);
            ps[p]->data[k] = keep;
            double fd = (lp - lm) / (2 * h), g = gs[p]->data[k];
            if (fabs(fd - g) > 1e-7 * fmax(1.0, fabs(fd)))
                fail_msg("parameter %d entry %zu: backprop %.12g, finite difference %.12g", p, k, g, fd);
        }
    eg_batch_free(b);
    eg_rnn_free(net);
    eg_rnn_free(grad);
}

static void test_gradient_tanh(void **state)
{
    (void)state;
    check_gradient(EG_RNN_TANH, 2);
}

static void test_gradient_linear(void **state)
{
    (void)state;
    check_gradient(EG_RNN_LINEAR, 2);
}

/* Three shards, the last one short (32 + 32 + 6). */
static void test_gradient_sharded(void **state)
{
    (void)state;
    check_gradient(EG_RNN_TANH, 2 * EG_BPTT_SHARD + 6);
}

/* The loss and gradient are the same bit for bit on 1, 2 or 3 threads, in a
 * workspace reused across batches of other lengths and sizes, and equal to a
 * fresh eg_rnn_loss_grad. */
static void test_gradient_independent_of_threads(void **state)
{
    (void)state;
    size_t H = 6, NI = 3, O = 2, B = 2 * EG_BPTT_SHARD + 5;
    eg_rnn *net = tiny_net(H, NI, O);
    eg_batch *b = random_batch(B, 7, NI, O), *other = random_batch(EG_BPTT_SHARD + 1, 11, NI, O);
    eg_rnn *g[4];
    double loss[4], acc[4];
    for (int k = 0; k < 4; k++)
        assert_non_null(g[k] = eg_rnn_alloc(H, NI, O));
    assert_int_equal(eg_rnn_loss_grad(net, EG_RNN_TANH, b, g[0], &loss[0], &acc[0], NULL), EG_OK);
    eg_bptt *ws = eg_bptt_alloc();
    assert_non_null(ws);
    for (int threads = 1; threads <= 3; threads++) {
        double l = 0.0, a = 0.0;
        /* A longer batch with other sizes first: the workspace grows, then serves the shorter one. */
        assert_int_equal(eg_bptt_loss_grad(ws, threads, net, EG_RNN_TANH, other, g[threads], &l, &a, NULL), EG_OK);
        assert_int_equal(eg_bptt_loss_grad(ws, threads, net, EG_RNN_TANH, b, g[threads], &loss[threads],
                                           &acc[threads], NULL), EG_OK);
        assert_memory_equal(&loss[threads], &loss[0], sizeof(double));
        assert_memory_equal(&acc[threads], &acc[0], sizeof(double));
        assert_memory_equal(g[threads]->w->data, g[0]->w->data, H * H * sizeof(double));
        assert_memory_equal(g[threads]->w_uh->data, g[0]->w_uh->data, H * NI * sizeof(double));
        assert_memory_equal(g[threads]->w_r->data, g[0]->w_r->data, O * H * sizeof(double));
    }
    /* The loss alone agrees with the loss that came with the gradient. */
    double l = 0.0;
    assert_int_equal(eg_bptt_loss_grad(ws, 2, net, EG_RNN_TANH, b, NULL, &l, NULL, NULL), EG_OK);
    assert_memory_equal(&l, &loss[0], sizeof(double));
    eg_bptt_free(ws);
    for (int k = 0; k < 4; k++)
        eg_rnn_free(g[k]);
    eg_batch_free(b);
    eg_batch_free(other);
    eg_rnn_free(net);
}

/* A state that overflows is reported with its step and sequence, from any shard. */
static void test_loss_reports_non_finite_state(void **state)
{
    (void)state;
    eg_rnn *net = tiny_net(3, 2, 2);
    eg_batch *b = random_batch(EG_BPTT_SHARD + 3, 5, 2, 2);
    b->input[(2 * b->size + EG_BPTT_SHARD + 1) * 2] = INFINITY; /* step 2, sequence SHARD + 1 */
    double loss;
    eg_error err;
    eg_bptt *ws = eg_bptt_alloc();
    assert_non_null(ws);
    assert_int_equal(eg_bptt_loss_grad(ws, 2, net, EG_RNN_LINEAR, b, NULL, &loss, NULL, &err), EG_ENUMERIC);
    char want[64];
    snprintf(want, sizeof want, "sequence %d is not finite at step 2", EG_BPTT_SHARD + 1);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    eg_bptt_free(ws);
    eg_batch_free(b);
    eg_rnn_free(net);
}

/* Float32: the gradient against central differences of the double loss (the same oracle
 * as above, in single-precision tolerances: relative 1e-4 of the largest entry), over
 * three shards on two threads, for tanh and linear; the loss within 1e-6 of the double
 * one; the same bits on 1, 2 and 3 threads. */
static void check_gradient_float32(eg_rnn_activation act)
{
    size_t H = 5, NI = 2, O = 2, B = 2 * EG_BPTT_SHARD + 6;
    eg_rnn *net = tiny_net(H, NI, O), *grad = eg_rnn_alloc(H, NI, O), *again = eg_rnn_alloc(H, NI, O);
    eg_batch *b = random_batch(B, 6, NI, O);
    eg_bptt *ws = eg_bptt_alloc();
    assert_non_null(grad);
    assert_non_null(again);
    assert_non_null(ws);
    eg_bptt_set_precision(ws, EG_TRAIN_FLOAT32);
    double loss = 0.0, acc = -1.0, loss64 = 0.0, acc64 = -1.0;
    assert_int_equal(eg_bptt_loss_grad(ws, 2, net, act, b, grad, &loss, &acc, NULL), EG_OK);
    assert_int_equal(eg_rnn_loss_grad(net, act, b, NULL, &loss64, &acc64, NULL), EG_OK);
    assert_close(loss, loss64, 1e-6 * loss64);
    assert_close(acc, acc64, 0.0);
    eg_matrix *ps[3] = {net->w, net->w_uh, net->w_r}, *gs[3] = {grad->w, grad->w_uh, grad->w_r};
    double fds[3][64], largest = 0.0;
    const double h = 1e-6;
    for (int p = 0; p < 3; p++)
        for (size_t k = 0; k < ps[p]->rows * ps[p]->cols; k++) {
            double keep = ps[p]->data[k], lp = 0.0, lm = 0.0;
            ps[p]->data[k] = keep + h;
            assert_int_equal(eg_rnn_loss_grad(net, act, b, NULL, &lp, NULL, NULL), EG_OK);
            ps[p]->data[k] = keep - h;
            assert_int_equal(eg_rnn_loss_grad(net, act, b, NULL, &lm, NULL, NULL), EG_OK);
            ps[p]->data[k] = keep;
            fds[p][k] = (lp - lm) / (2 * h);
            largest = fmax(largest, fabs(fds[p][k]));
        }
    assert_true(largest > 1e-3);
    for (int p = 0; p < 3; p++)
        for (size_t k = 0; k < ps[p]->rows * ps[p]->cols; k++)
            if (fabs(fds[p][k] - gs[p]->data[k]) > 1e-4 * largest)
                fail_msg("parameter %d entry %zu: float32 backprop %.9g, finite difference %.9g", p, k,
                         gs[p]->data[k], fds[p][k]);
    for (int threads = 1; threads <= 3; threads++) {
        double l = 0.0, a = 0.0;
        assert_int_equal(eg_bptt_loss_grad(ws, threads, net, act, b, again, &l, &a, NULL), EG_OK);
        assert_memory_equal(&l, &loss, sizeof l);
        assert_memory_equal(again->w->data, grad->w->data, H * H * sizeof(double));
        assert_memory_equal(again->w_uh->data, grad->w_uh->data, H * NI * sizeof(double));
        assert_memory_equal(again->w_r->data, grad->w_r->data, O * H * sizeof(double));
    }
    eg_bptt_free(ws);
    eg_batch_free(b);
    eg_rnn_free(net);
    eg_rnn_free(grad);
    eg_rnn_free(again);
}

static void test_gradient_float32_tanh(void **state)
{
    (void)state;
    check_gradient_float32(EG_RNN_TANH);
}

static void test_gradient_float32_linear(void **state)
{
    (void)state;
    check_gradient_float32(EG_RNN_LINEAR);
}

/* Float32 reports a state that overflows as float64 does, with its step and sequence. */
static void test_float32_reports_non_finite_state(void **state)
{
    (void)state;
    eg_rnn *net = tiny_net(3, 2, 2);
    eg_batch *b = random_batch(EG_BPTT_SHARD + 3, 5, 2, 2);
    b->input[(3 * b->size + EG_BPTT_SHARD + 2) * 2] = 1e300; /* finite in double, ∞ as a float */
    double loss;
    eg_error err;
    eg_bptt *ws = eg_bptt_alloc();
    assert_non_null(ws);
    eg_bptt_set_precision(ws, EG_TRAIN_FLOAT32);
    assert_int_equal(eg_bptt_loss_grad(ws, 1, net, EG_RNN_LINEAR, b, NULL, &loss, NULL, &err), EG_ENUMERIC);
    char want[64];
    snprintf(want, sizeof want, "sequence %d is not finite at step 3", EG_BPTT_SHARD + 2);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    eg_bptt_free(ws);
    eg_batch_free(b);
    eg_rnn_free(net);
}

/* The loss by hand for a one-unit linear network: h_t = w h_{t−1} + u_t, o_t = r h_t. */
static void test_loss_by_hand(void **state)
{
    (void)state;
    eg_rnn *net = eg_rnn_alloc(1, 1, 1);
    assert_non_null(net);
    net->w->data[0] = 0.5;
    net->w_uh->data[0] = 1.0;
    net->w_r->data[0] = 2.0;
    double in[3] = {1.0, 0.0, 0.0}, tg[3] = {0.0, 1.0, -1.0};
    eg_batch b = {.size = 1, .steps = 3, .in = 1, .out = 1, .scored_from = 1, .input = in, .target = tg};
    /* h = 1, 0.5, 0.25; o = 2, 1, 0.5; scored errors (1 − 1)² and (0.5 + 1)² over 2 entries. */
    double loss = 0.0, acc = 0.0;
    assert_int_equal(eg_rnn_loss_grad(net, EG_RNN_LINEAR, &b, NULL, &loss, &acc, NULL), EG_OK);
    assert_close(loss, 2.25 / 2, 1e-15);
    assert_close(acc, 0.5, 0.0);
    eg_rnn_free(net);
}

/* The constructed network solves the task exactly: zero loss, full accuracy. */
static void test_constructed_network_has_zero_loss(void **state)
{
    (void)state;
    eg_task *task = NULL;
    eg_rnn *net = NULL;
    eg_batch *b = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(3, 2, &task, NULL), EG_OK);
    assert_int_equal(eg_task_construct(task, 10, 1, &net, NULL), EG_OK);
    assert_int_equal(eg_batch_from_task(task, 9, 4, 5, 0, &b, NULL), EG_OK);
    assert_int_equal(b->steps, 12);
    assert_int_equal(b->scored_from, 3);
    double loss = 1.0, acc = 0.0;
    assert_int_equal(eg_rnn_loss_grad(net, EG_RNN_LINEAR, b, NULL, &loss, &acc, NULL), EG_OK);
    assert_true(loss < 1e-25);
    assert_close(acc, 1.0, 0.0);
    eg_batch_free(b);
    eg_rnn_free(net);
    eg_task_free(task);
}

/* The batch is the task's samples, time-major. */
static void test_batch_layout(void **state)
{
    (void)state;
    eg_task *task = NULL;
    eg_batch *b = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 3, &task, NULL), EG_OK);
    assert_int_equal(eg_batch_from_task(task, 4, 3, 9, 7, &b, NULL), EG_OK);
    for (size_t n = 0; n < 3; n++) {
        eg_task_sample *x = NULL;
        assert_int_equal(eg_task_sample_alloc(task, 4, 9, 7 + n, &x, NULL), EG_OK);
        for (size_t t = 0; t < 6; t++)
            for (size_t k = 0; k < 3; k++) {
                assert_close(b->input[(t * 3 + n) * 3 + k], x->input->data[t * 3 + k], 0.0);
                assert_close(b->target[(t * 3 + n) * 3 + k], x->target->data[t * 3 + k], 0.0);
            }
        eg_task_sample_free(x);
    }
    eg_batch_free(b);
    eg_task_free(task);
}

static void test_loss_rejects_mismatch(void **state)
{
    (void)state;
    eg_rnn *net = tiny_net(3, 2, 2);
    eg_batch *b = tiny_batch(3, 2);
    double loss;
    eg_error err;
    assert_int_equal(eg_rnn_loss_grad(net, EG_RNN_TANH, b, NULL, &loss, NULL, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "3 inputs"));
    eg_batch_free(b);
    eg_rnn_free(net);
}

/* Adam's first step is lr · sign(g) (m̂ = g, v̂ = g², ε aside); on a quadratic it converges. */
static void test_adam_quadratic(void **state)
{
    (void)state;
    const double a[3] = {1.0, 10.0, 0.1}, c[3] = {1.0, -2.0, 3.0};
    double x[3] = {0.0, 0.0, 0.0}, g[3];
    eg_adam *adam = eg_adam_alloc(3, 0.01, 0.9, 0.999, 1e-8);
    assert_non_null(adam);
    for (int i = 0; i < 3; i++)
        g[i] = a[i] * (x[i] - c[i]);
    eg_adam_step(adam, x, g);
    assert_close(x[0], 0.01, 1e-9);
    assert_close(x[1], -0.01, 1e-9);
    assert_close(x[2], 0.01, 1e-9);
    eg_adam_free(adam);
    adam = eg_adam_alloc(3, 0.05, 0.9, 0.999, 1e-8);
    assert_non_null(adam);
    for (int k = 0; k < 5000; k++) {
        for (int i = 0; i < 3; i++)
            g[i] = a[i] * (x[i] - c[i]);
        eg_adam_step(adam, x, g);
    }
    for (int i = 0; i < 3; i++)
        assert_close(x[i], c[i], 1e-3);
    eg_adam_free(adam);
}

/* Two steps by hand, g₁ = 1, g₂ = −1 (β₁ = 0.5, β₂ = 0.75): after the second m̂ = −0.25/0.75,
 * v̂ = (0.75·0.25 + 0.25)/(1 − 0.5625) = 1. */
static void test_adam_two_steps_by_hand(void **state)
{
    (void)state;
    double x = 0.0, g = 1.0;
    eg_adam *adam = eg_adam_alloc(1, 0.1, 0.5, 0.75, 1e-300);
    assert_non_null(adam);
    eg_adam_step(adam, &x, &g);
    assert_close(x, -0.1, 1e-15);
    g = -1.0;
    eg_adam_step(adam, &x, &g);
    assert_close(x, -0.1 + 0.1 * (0.25 / 0.75) / 1.0, 1e-15);
    eg_adam_free(adam);
}

static void test_clip(void **state)
{
    (void)state;
    double a[1] = {3.0}, b[1] = {4.0};
    double *parts[2] = {a, b};
    size_t len[2] = {1, 1};
    assert_close(eg_train_clip(parts, len, 2, 10.0), 5.0, 1e-15);
    assert_close(a[0], 3.0, 0.0); /* under the limit: untouched */
    assert_close(eg_train_clip(parts, len, 2, 0.0), 5.0, 1e-15);
    assert_close(b[0], 4.0, 0.0); /* no limit */
    assert_close(eg_train_clip(parts, len, 2, 1.0), 5.0, 1e-15);
    assert_close(a[0], 0.6, 1e-6);
    assert_close(b[0], 0.8, 1e-6);
    assert_true(hypot(a[0], b[0]) <= 1.0);
}

static eg_train_result *train_in(eg_train_precision precision, uint64_t seed, size_t steps, size_t batch,
                                 int threads)
{
    eg_task *task = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 2, &task, NULL), EG_OK);
    static const size_t curriculum[] = {4, 8};
    eg_train_options o = eg_train_options_default();
    o.hidden = 16;
    o.batch = batch;
    o.threads = threads;
    o.steps = steps;
    o.lr = 1e-2;
    o.curriculum = curriculum;
    o.ncurriculum = 2;
    o.seed = seed;
    o.precision = precision;
    eg_train_result *r = NULL;
    eg_error err;
    if (eg_train_rnn(task, &o, &r, &err) != EG_OK)
        fail_msg("%s", err.msg);
    eg_task_free(task);
    return r;
}

static eg_train_result *train_with(uint64_t seed, size_t steps, size_t batch, int threads)
{
    return train_in(EG_TRAIN_FLOAT64, seed, steps, batch, threads);
}

static eg_train_result *train_small(uint64_t seed, size_t steps)
{
    return train_with(seed, steps, 16, 1);
}

/* A short run on repeat copy with s = d = 2 lowers the loss, advances the
 * curriculum, and scores well beyond chance on unseen sequences. */
static void test_training_learns(void **state)
{
    (void)state;
    eg_train_result *r = train_small(3, 300);
    assert_int_equal(r->steps, 300);
    double first = 0.0, last = 0.0;
    for (size_t k = 0; k < 20; k++) {
        first += r->loss[k];
        last += r->loss[r->steps - 1 - k];
    }
    assert_true(last < 0.5 * first);
    assert_int_equal(r->stage, 1);
    assert_true(r->stage_start[1] > 0 && r->stage_start[1] < 300);
    assert_int_equal(r->horizon[0], 4);
    assert_int_equal(r->horizon[r->steps - 1], 8);
    for (size_t k = 0; k < r->steps; k++)
        assert_true(r->grad_norm[k] > 0.0);
    eg_task *task = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 2, &task, NULL), EG_OK);
    eg_task_eval ev;
    assert_int_equal(eg_task_evaluate(task, r->net, EG_RNN_TANH, 8, 64, 0, &ev, NULL), EG_OK);
    assert_true(ev.accuracy > 0.95);
    eg_task_free(task);
    eg_train_result_free(r);
}

/* Float32 training learns as float64 does: the same run's late losses agree within 5%
 * (the two precisions' trajectories drift apart, not their progress), and the trained
 * network scores well beyond chance on unseen sequences. */
static void test_training_float32_learns(void **state)
{
    (void)state;
    eg_train_result *r = train_in(EG_TRAIN_FLOAT32, 3, 300, 16, 2), *r64 = train_small(3, 300);
    double last = 0.0, last64 = 0.0;
    for (size_t k = 0; k < 20; k++) {
        last += r->loss[r->steps - 1 - k];
        last64 += r64->loss[r64->steps - 1 - k];
    }
    assert_close(last, last64, 0.05 * last64);
    assert_int_equal(r->stage, 1);
    eg_task *task = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 2, &task, NULL), EG_OK);
    eg_task_eval ev;
    assert_int_equal(eg_task_evaluate(task, r->net, EG_RNN_TANH, 8, 64, 0, &ev, NULL), EG_OK);
    assert_true(ev.accuracy > 0.95);
    eg_task_free(task);
    eg_train_result_free(r);
    eg_train_result_free(r64);
}

static void test_training_is_reproducible(void **state)
{
    (void)state;
    eg_train_result *a = train_small(7, 5), *b = train_small(7, 5), *c = train_small(8, 5);
    assert_memory_equal(a->net->w->data, b->net->w->data, 16 * 16 * sizeof(double));
    assert_memory_equal(a->loss, b->loss, 5 * sizeof(double));
    assert_true(memcmp(a->net->w->data, c->net->w->data, 16 * 16 * sizeof(double)) != 0);
    eg_train_result_free(a);
    eg_train_result_free(b);
    eg_train_result_free(c);
}

/* Two shards on one or two threads: the same weights and losses bit for bit. */
static void test_training_independent_of_threads(void **state)
{
    (void)state;
    eg_train_result *a = train_with(5, 4, EG_BPTT_SHARD + 8, 1), *b = train_with(5, 4, EG_BPTT_SHARD + 8, 2);
    assert_memory_equal(a->net->w->data, b->net->w->data, 16 * 16 * sizeof(double));
    assert_memory_equal(a->net->w_uh->data, b->net->w_uh->data, 16 * 2 * sizeof(double));
    assert_memory_equal(a->net->w_r->data, b->net->w_r->data, 2 * 16 * sizeof(double));
    assert_memory_equal(a->loss, b->loss, 4 * sizeof(double));
    assert_memory_equal(a->grad_norm, b->grad_norm, 4 * sizeof(double));
    eg_train_result_free(a);
    eg_train_result_free(b);
}

static void test_training_rejects_bad_options(void **state)
{
    (void)state;
    eg_task *task = NULL;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 2, &task, NULL), EG_OK);
    eg_train_options o = eg_train_options_default();
    eg_train_result *r = NULL;
    eg_error err;
    assert_int_equal(eg_train_rnn(task, &o, &r, &err), EG_EINVAL); /* no curriculum */
    assert_non_null(strstr(err.msg, "curriculum"));
    size_t zero = 0;
    o.curriculum = &zero;
    o.ncurriculum = 1;
    assert_int_equal(eg_train_rnn(task, &o, &r, &err), EG_EINVAL);
    assert_null(r);
    eg_task_free(task);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_tanh),
        cmocka_unit_test(test_gradient_linear),
        cmocka_unit_test(test_gradient_sharded),
        cmocka_unit_test(test_gradient_independent_of_threads),
        cmocka_unit_test(test_loss_reports_non_finite_state),
        cmocka_unit_test(test_gradient_float32_tanh),
        cmocka_unit_test(test_gradient_float32_linear),
        cmocka_unit_test(test_float32_reports_non_finite_state),
        cmocka_unit_test(test_loss_by_hand),
        cmocka_unit_test(test_constructed_network_has_zero_loss),
        cmocka_unit_test(test_batch_layout),
        cmocka_unit_test(test_loss_rejects_mismatch),
        cmocka_unit_test(test_adam_quadratic),
        cmocka_unit_test(test_adam_two_steps_by_hand),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_training_learns),
        cmocka_unit_test(test_training_float32_learns),
        cmocka_unit_test(test_training_is_reproducible),
        cmocka_unit_test(test_training_independent_of_threads),
        cmocka_unit_test(test_training_rejects_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
