/* test_cell.c: recurrent cells read as PyTorch saves them and run as PyTorch
 * runs them: the hidden states of nn.RNN (tanh and relu), nn.GRU and nn.LSTM over a random input,
 * computed by PyTorch itself (tests/data/torch/make_fixtures.py), and those of
 * PsychRNN's Basic model stepped by numpy from its equations
 * (tests/data/psychrnn/make_fixture.py), against
 * eg_cell_run to 1e-12; the Jacobians against central differences; and the
 * layout's messages for missing keys, prefixes and transposed matrices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cell.h"
#include "engram/layout.h"
#include "engram/npy.h"

static const char *fixture(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/torch/%s", ENGRAM_SOURCE_DIR, name);
    return path;
}

/* The PsychRNN fixture's dt/τ (make_fixture.py). */
#define PSYCHRNN_ALPHA 0.2

static eg_cell *load_ok(const char *file, const char *layout, const char *prefix)
{
    eg_cell *c = NULL;
    eg_error err = {{0}};
    if (eg_cell_load(fixture(file), eg_layout_find(layout), prefix, &c, &err) != EG_OK)
        fail_msg("load %s: %s", file, err.msg);
    return c;
}

/* A fixture's cell: PyTorch's under the prefix rnn., PsychRNN's with its α. */
static eg_cell *load_cell(const char *file, const char *layout)
{
    int psychrnn = strcmp(layout, "psychrnn") == 0;
    eg_cell *c = load_ok(file, layout, psychrnn ? "" : "rnn.");
    if (psychrnn) {
        assert_true(isnan(c->alpha)); /* the file does not say it */
        c->alpha = PSYCHRNN_ALPHA;
    }
    return c;
}

static void against_torch(const char *name, const char *layout)
{
    char file[128], in[128], hid[128];
    snprintf(file, sizeof file, "%s.npz", name);
    snprintf(in, sizeof in, "%s_input.npy", name);
    snprintf(hid, sizeof hid, "%s_hidden.npy", name);
    eg_cell *c = load_cell(file, layout);
    assert_int_equal(c->hidden, 8);
    assert_int_equal(c->input, 3);
    size_t n = eg_cell_state_size(c);
    eg_matrix *u = NULL, *want = NULL, *got = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_npy_read_matrix(fixture(in), &u, &err), EG_OK);
    assert_int_equal(eg_npy_read_matrix(fixture(hid), &want, &err), EG_OK);
    assert_int_equal(eg_cell_run(c, u, &got, &err), EG_OK);
    assert_int_equal(got->rows, want->rows);
    /* PyTorch returns h; an LSTM's state holds c after it. */
    double worst = 0;
    for (size_t t = 0; t < got->rows; t++)
        for (size_t i = 0; i < 8; i++) {
            double g = got->data[t * n + i], w = want->data[t * 8 + i];
            worst = fmax(worst, fabs(g - w) / fmax(1e-3, fabs(w)));
        }
    print_message("%s: largest relative difference from the framework's states %.2e\n", name, worst);
    assert_true(worst < 1e-12);
    eg_matrix_free(u);
    eg_matrix_free(want);
    eg_matrix_free(got);
    eg_cell_free(c);
}

static void test_tanh_rnn_matches_torch(void **state)
{
    (void)state;
    against_torch("rnn_tanh", "pytorch-rnn");
}

static void test_relu_rnn_matches_torch(void **state)
{
    (void)state;
    against_torch("rnn_relu", "pytorch-rnn-relu");
}

static void test_gru_matches_torch(void **state)
{
    (void)state;
    against_torch("gru", "pytorch-gru");
}

static void test_lstm_matches_torch(void **state)
{
    (void)state;
    against_torch("lstm", "pytorch-lstm");
}

static void test_psychrnn_matches_its_equations(void **state)
{
    (void)state;
    against_torch("../psychrnn/psychrnn", "psychrnn");
}

/* ∂F/∂h and ∂F/∂u against central differences, for every kind of cell. */
static void check_jacobians(const char *file, const char *layout)
{
    eg_cell *c = load_cell(file, layout);
    size_t n = eg_cell_state_size(c), m = c->input;
    double h[16], u[3] = {0.3, -0.7, 1.1}, next[16], hp[16], fp[16], fm[16], jac[256], ju[48];
    for (size_t i = 0; i < n; i++)
        h[i] = sin((double)i + 0.5);
    eg_cell_step(c, h, u, next, jac, ju);
    const double e = 1e-6;
    for (size_t j = 0; j < n; j++) {
        memcpy(hp, h, n * sizeof *h);
        hp[j] += e;
        eg_cell_step(c, hp, u, fp, NULL, NULL);
        hp[j] -= 2 * e;
        eg_cell_step(c, hp, u, fm, NULL, NULL);
        for (size_t i = 0; i < n; i++)
            if (fabs((fp[i] - fm[i]) / (2 * e) - jac[i * n + j]) > 1e-8)
                fail_msg("%s: dF_%zu/dh_%zu is %g, differences give %g", layout, i, j, jac[i * n + j],
                         (fp[i] - fm[i]) / (2 * e));
    }
    for (size_t j = 0; j < m; j++) {
        double up[3];
        memcpy(up, u, sizeof u);
        up[j] += e;
        eg_cell_step(c, h, up, fp, NULL, NULL);
        up[j] -= 2 * e;
        eg_cell_step(c, h, up, fm, NULL, NULL);
        for (size_t i = 0; i < n; i++)
            if (fabs((fp[i] - fm[i]) / (2 * e) - ju[i * m + j]) > 1e-8)
                fail_msg("%s: dF_%zu/du_%zu is %g, differences give %g", layout, i, j, ju[i * m + j],
                         (fp[i] - fm[i]) / (2 * e));
    }
    eg_cell_free(c);
}

static void test_jacobians(void **state)
{
    (void)state;
    check_jacobians("rnn_tanh.npz", "pytorch-rnn");
    check_jacobians("rnn_relu.npz", "pytorch-rnn-relu");
    check_jacobians("gru.npz", "pytorch-gru");
    check_jacobians("lstm.npz", "pytorch-lstm");
    check_jacobians("../psychrnn/psychrnn.npz", "psychrnn");
}

static void expect_load_error(const char *file, const char *prefix, const char *want)
{
    eg_cell *c = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_cell_load(fixture(file), eg_layout_find("pytorch-rnn"), prefix, &c, &err), EG_EPARSE);
    assert_null(c);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_layout_messages(void **state)
{
    (void)state;
    expect_load_error("rnn_tanh.npz", "", "no 'weight_hh_l0' (the layout needs it; is --prefix missing?)");
    expect_load_error("rnn_tanh.npz", "lstm.", "no 'lstm.weight_hh_l0'");
    /* weight_ih_l0 saved transposed (inputs × hidden). */
    expect_load_error("transposed.npz", "", "'weight_ih_l0' is 3 × 8; expected 8 × 3 (hidden × inputs): is it transposed?");
    expect_load_error("two_layers.npz", "", "'weight_ih_l1' is a second layer");
    assert_null(eg_layout_find("keras-lstm"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tanh_rnn_matches_torch),
        cmocka_unit_test(test_relu_rnn_matches_torch),
        cmocka_unit_test(test_gru_matches_torch),
        cmocka_unit_test(test_lstm_matches_torch),
        cmocka_unit_test(test_psychrnn_matches_its_equations),
        cmocka_unit_test(test_jacobians),
        cmocka_unit_test(test_layout_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
