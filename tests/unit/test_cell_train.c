/* test_cell_train.c: backpropagation through time for the tanh RNN with
 * biases, the GRU and the LSTM against central differences of the loss, every
 * weight and bias; small GRUs and LSTMs trained on repeat copy; the saved
 * .npz read back through the PyTorch layouts. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/cell_train.h"
#include "engram/layout.h"
#include "engram/rng.h"
#include "engram/task.h"

static void fill_uniform(double *x, size_t n, double scale, uint64_t index)
{
    gsl_rng *rng = eg_rng_alloc(7, EG_RNG_INIT, index);
    assert_non_null(rng);
    for (size_t k = 0; k < n; k++)
        x[k] = scale * (2.0 * gsl_rng_uniform(rng) - 1.0);
    gsl_rng_free(rng);
}

/* B sequences of T steps of random numbers, scored from step 2. */
static eg_batch *random_batch(size_t size, size_t steps, size_t in, size_t out)
{
    eg_batch *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->size = size;
    b->steps = steps;
    b->in = in;
    b->out = out;
    b->scored_from = 2;
    b->input = malloc(size * steps * in * sizeof(double));
    b->target = malloc(size * steps * out * sizeof(double));
    assert_non_null(b->input);
    assert_non_null(b->target);
    fill_uniform(b->input, size * steps * in, 1.0, 100);
    fill_uniform(b->target, size * steps * out, 1.0, 101);
    return b;
}

/* Every entry of ∂L/∂θ against (L(θ + h) − L(θ − h)) / 2h. The loss is
 * smooth (relu aside, not tested here), so the difference's error is O(h²). */
static void check_gradient(eg_cell_kind kind)
{
    size_t H = 4, NI = 3, O = 2;
    eg_cell_net *net = eg_cell_net_alloc(kind, H, NI, O), *grad = eg_cell_net_alloc(kind, H, NI, O);
    assert_non_null(net);
    assert_non_null(grad);
    double *parts[EG_CELL_NET_PARTS], *gparts[EG_CELL_NET_PARTS];
    size_t lengths[EG_CELL_NET_PARTS];
    eg_cell_net_parts(net, parts, lengths);
    eg_cell_net_parts(grad, gparts, lengths);
    for (size_t k = 0; k < EG_CELL_NET_PARTS; k++)
        fill_uniform(parts[k], lengths[k], 0.8, k);
    eg_batch *b = random_batch(3, 6, NI, O);
    eg_error err;
    double loss = 0, acc = 0;
    assert_int_equal(eg_cell_loss_grad(net, b, grad, &loss, &acc, &err), EG_OK);
    assert_true(loss > 0);
    const double h = 1e-5;
    size_t checked = 0;
    for (size_t k = 0; k < EG_CELL_NET_PARTS; k++)
        for (size_t i = 0; i < lengths[k]; i++) {
            double keep = parts[k][i], lp = 0, lm = 0;
            parts[k][i] = keep + h;
            assert_int_equal(eg_cell_loss_grad(net, b, NULL, &lp, NULL, &err), EG_OK);
            parts[k][i] = keep - h;
            assert_int_equal(eg_cell_loss_grad(net, b, NULL, &lm, NULL, &err), EG_OK);
            parts[k][i] = keep;
            double fd = (lp - lm) / (2 * h), an = gparts[k][i];
            if (!(fabs(an - fd) <= 1e-8 + 1e-6 * fabs(fd)))
                fail_msg("%s: part %zu entry %zu: analytic %.12g, central difference %.12g", eg_cell_kind_name(kind),
                         k, i, an, fd);
            checked++;
        }
    /* every weight and bias: G·H·(NI + H + 2) + O·(H + 1) */
    size_t G = eg_cell_gates(kind);
    assert_int_equal(checked, G * H * (NI + H + 2) + O * (H + 1));
    eg_batch_free(b);
    eg_cell_net_free(net);
    eg_cell_net_free(grad);
}

static void test_gradient_rnn(void **state)
{
    (void)state;
    check_gradient(EG_CELL_RNN_TANH);
}

static void test_gradient_gru(void **state)
{
    (void)state;
    check_gradient(EG_CELL_GRU);
}

static void test_gradient_lstm(void **state)
{
    (void)state;
    check_gradient(EG_CELL_LSTM);
}

/* The loss of a hand-worked case: one tanh unit, weights 0, biases b_ih = 0.3,
 * b_hh = 0.2, readout 2 h + 0.1, target 1 at the one scored step:
 * h = tanh(0.5), L = (2 tanh 0.5 + 0.1 − 1)². */
static void test_loss_by_hand(void **state)
{
    (void)state;
    eg_cell_net *net = eg_cell_net_alloc(EG_CELL_RNN_TANH, 1, 1, 1);
    assert_non_null(net);
    net->cell->b_ih[0] = 0.3;
    net->cell->b_hh[0] = 0.2;
    net->w_out->data[0] = 2;
    net->b_out[0] = 0.1;
    double in[2] = {0.7, -0.4}, tgt[2] = {0, 1};
    eg_batch b = {.size = 1, .steps = 2, .in = 1, .out = 1, .scored_from = 1, .input = in, .target = tgt};
    net->cell->w_hh->data[0] = 0.5;
    net->cell->w_ih->data[0] = -1.5;
    double loss = 0, acc = 0;
    eg_error err;
    assert_int_equal(eg_cell_loss_grad(net, &b, NULL, &loss, &acc, &err), EG_OK);
    double h0 = tanh(-1.5 * 0.7 + 0.5), h1 = tanh(0.5 * h0 - 1.5 * -0.4 + 0.5), o = 2 * h1 + 0.1;
    assert_true(fabs(loss - (o - 1) * (o - 1)) < 1e-15);
    assert_true(acc == (o > 0 ? 1.0 : 0.0));
    eg_cell_net_free(net);
}

/* Trains a cell on repeat copy (s = d = 2) and scores it on 512 sequences of
 * a stream training never draws from. */
static double train_copy(eg_cell_kind kind, size_t hidden, size_t steps, eg_cell_net **kept)
{
    eg_task *task = NULL;
    eg_error err;
    assert_int_equal(eg_task_alloc_repeat_copy(2, 2, &task, &err), EG_OK);
    eg_batch_source src = eg_batch_source_task(task);
    eg_train_options o = eg_train_options_default();
    size_t horizon = 2;
    o.hidden = hidden;
    o.lr = 1e-2;
    o.batch = 32;
    o.steps = steps;
    o.curriculum = &horizon;
    o.ncurriculum = 1;
    o.seed = 3;
    eg_train_result *res = NULL;
    eg_status st = eg_train_cell(kind, &src, &o, &res, &err);
    if (st != EG_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(res->steps, steps);
    assert_null(res->net);
    eg_batch *held = NULL;
    assert_int_equal(eg_batch_from_task(task, horizon, 512, 987654321, 0, &held, &err), EG_OK);
    double loss = 0, acc = 0;
    assert_int_equal(eg_cell_loss_grad(res->cell, held, NULL, &loss, &acc, &err), EG_OK);
    print_message("%s, %zu units, %zu steps: held-out loss %.4g, sign accuracy %.4f (first batch loss %.4g)\n",
                  eg_cell_kind_name(kind), hidden, steps, loss, acc, res->loss[0]);
    assert_true(loss < res->loss[0]);
    if (kept) {
        *kept = res->cell;
        res->cell = NULL;
    }
    eg_batch_free(held);
    eg_train_result_free(res);
    eg_task_free(task);
    return acc;
}

static void test_train_gru_copy(void **state)
{
    (void)state;
    assert_true(train_copy(EG_CELL_GRU, 16, 300, NULL) > 0.99);
}

static void test_train_lstm_copy(void **state)
{
    (void)state;
    assert_true(train_copy(EG_CELL_LSTM, 16, 300, NULL) > 0.99);
}

/* A trained GRU saved as .npz and read back through the pytorch-gru layout
 * under "rnn." holds the same weights, and steps the same. */
static void test_save_round_trip(void **state)
{
    (void)state;
    eg_cell_net *net = NULL;
    train_copy(EG_CELL_GRU, 5, 20, &net);
    char path[] = "/tmp/engram-cell-XXXXXX.npz";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    eg_error err;
    assert_int_equal(eg_cell_net_save_npz(net, path, &err), EG_OK);
    eg_cell *back = NULL;
    eg_status st = eg_cell_load(path, eg_layout_find("pytorch-gru"), "rnn.", &back, &err);
    remove(path);
    if (st != EG_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(back->kind, EG_CELL_GRU);
    assert_int_equal(back->hidden, 5);
    assert_int_equal(back->input, 2);
    assert_memory_equal(back->w_ih->data, net->cell->w_ih->data, 15 * 2 * sizeof(double));
    assert_memory_equal(back->w_hh->data, net->cell->w_hh->data, 15 * 5 * sizeof(double));
    assert_memory_equal(back->b_ih, net->cell->b_ih, 15 * sizeof(double));
    assert_memory_equal(back->b_hh, net->cell->b_hh, 15 * sizeof(double));
    eg_cell_free(back);
    eg_cell_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loss_by_hand),
        cmocka_unit_test(test_gradient_rnn),
        cmocka_unit_test(test_gradient_gru),
        cmocka_unit_test(test_gradient_lstm),
        cmocka_unit_test(test_train_gru_copy),
        cmocka_unit_test(test_train_lstm_copy),
        cmocka_unit_test(test_save_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
