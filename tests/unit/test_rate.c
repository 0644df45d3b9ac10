/* test_rate.c: rate-network right-hand sides against hand-worked values and
 * analytic Jacobians against finite differences, for every activation and both forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/numerics.h"
#include "engram/rate.h"

static void test_rhs_hand_worked(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(2);
    assert_non_null(net);
    double W[4] = {0.5, -1.0, 2.0, 0.0};
    memcpy(net->W->data, W, sizeof W);
    net->act = eg_activation_default(EG_ACT_TANH);
    net->bias[0] = 0.1;
    net->tau[0] = 2.0;
    net->tau[1] = 4.0;
    net->leak[1] = 0.5;
    double x[2] = {0.3, -0.7}, f[2];
    assert_int_equal(eg_rate_rhs(net, 0.0, x, f, NULL), EG_OK);
    /* voltage: τ f = −λ x + W tanh(x) + b */
    assert_true(fabs(f[0] - (-0.3 + 0.5 * tanh(0.3) - tanh(-0.7) + 0.1) / 2.0) < 1e-15);
    assert_true(fabs(f[1] - (0.35 + 2.0 * tanh(0.3)) / 4.0) < 1e-15);
    net->form = EG_RATE_RATE;
    assert_int_equal(eg_rate_rhs(net, 0.0, x, f, NULL), EG_OK);
    /* rate: τ f = −λ r + tanh(W r + b) */
    assert_true(fabs(f[0] - (-0.3 + tanh(0.15 + 0.7 + 0.1)) / 2.0) < 1e-15);
    assert_true(fabs(f[1] - (0.35 + tanh(0.6)) / 4.0) < 1e-15);
    eg_rate_free(net);
}

static void test_jacobian_matches_finite_differences(void **state)
{
    (void)state;
    const eg_act_kind kinds[] = {EG_ACT_LINEAR, EG_ACT_TANH,   EG_ACT_SIGMOID,
                                 EG_ACT_RELU,   EG_ACT_THRLIN, EG_ACT_SOFTPLUS};
    const size_t n = 3;
    eg_input_set *in = eg_input_set_alloc(n);
    eg_input sine = eg_input_default(EG_INPUT_SINE);
    double amp[3] = {0.3, -0.2, 0.1};
    sine.amp_units = amp;
    sine.freq = 0.3;
    assert_int_equal(eg_input_add(in, &sine, NULL), EG_OK);
    const double W[9] = {0.4, -1.1, 0.7, 0.9, 0.2, -0.5, -0.3, 0.8, 1.3};
    /* States chosen away from the kinks of ReLU and threshold-linear in both forms. */
    const double x[3] = {0.61, -0.37, 0.83};
    for (int form = 0; form < 2; form++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            eg_rate_net *net = eg_rate_alloc(n);
            assert_non_null(net);
            memcpy(net->W->data, W, sizeof W);
            net->form = form ? EG_RATE_RATE : EG_RATE_VOLTAGE;
            net->act = eg_activation_default(kinds[k]);
            net->act.gain = 1.7;
            net->act.threshold = 0.05;
            net->act.saturation = 0.9;
            net->bias[1] = 0.2;
            net->tau[2] = 3.0;
            net->leak[0] = 0.6;
            net->input = in;
            eg_dyn_system sys;
            assert_int_equal(eg_rate_system(net, &sys, NULL), EG_OK);
            double J[9], Jfd[9], dt[3], dtfd[3];
            assert_int_equal(eg_rate_jacobian(net, 1.3, x, J, dt, NULL), EG_OK);
            assert_int_equal(eg_dyn_jacobian_fd(&sys, 1.3, x, Jfd, dtfd, NULL), EG_OK);
            for (size_t i = 0; i < 9; i++)
                assert_true(fabs(J[i] - Jfd[i]) < 1e-7);
            for (size_t i = 0; i < 3; i++)
                assert_true(fabs(dt[i] - dtfd[i]) < 1e-7);
            eg_rate_free(net);
        }
    eg_input_set_free(in);
}

static void test_check_rejects_bad_parameters(void **state)
{
    (void)state;
    eg_rate_net *net = eg_rate_alloc(2);
    eg_error err;
    net->tau[1] = 0.0;
    assert_int_equal(eg_rate_check(net, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "unit 1"));
    eg_rate_set_tau(net, 2.0);
    eg_input_set *in = eg_input_set_alloc(3);
    net->input = in;
    assert_int_equal(eg_rate_check(net, &err), EG_EINVAL);
    net->input = NULL;
    assert_int_equal(eg_rate_check(net, &err), EG_OK);
    net->W->data[1] = NAN;
    double x[2] = {0, 1}, f[2];
    assert_int_equal(eg_rate_rhs(net, 0.0, x, f, &err), EG_ENUMERIC);
    eg_input_set_free(in);
    eg_rate_free(net);
    eg_rate_free(NULL);
    assert_null(eg_rate_alloc(0));
}

/* With single-precision weights the right-hand side agrees with the double one
 * to float rounding: each product rounds W_ij and φ_j to float (relative 2^-24
 * each) and sgemv sums in float, so |f_single − f_double| stays below a few
 * 10^-7 of Σ_j |W_ij φ_j|. Both forms, a network of 300 units (sgemv, not the
 * small-network loop). */
static void test_single_precision_weights(void **state)
{
    (void)state;
    enum { N = 300 };
    eg_rate_net *net = eg_rate_alloc(N);
    assert_non_null(net);
    net->act = eg_activation_default(EG_ACT_TANH);
    double *x = malloc(2 * N * sizeof *x), *fd = malloc(N * sizeof *fd), *fs = malloc(N * sizeof *fs);
    double *bound = malloc(N * sizeof *bound), *J = malloc((size_t)N * N * sizeof *J);
    assert_true(x && fd && fs && bound && J);
    /* A deterministic dense W with entries of both signs and many magnitudes. */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < N; j++)
            net->W->data[i * N + j] = sin(1.7 * (double)i + 0.37 * (double)(j * j % 101)) / sqrt((double)N) * 1.3;
        x[i] = 2.0 * cos(0.11 * (double)i * (double)i);
        net->bias[i] = 0.01 * (double)(i % 7);
    }
    double *fd2 = malloc(2 * N * sizeof *fd2);
    assert_non_null(fd2);
    for (int form = 0; form < 2; form++) { /* double weights first */
        net->form = form ? EG_RATE_RATE : EG_RATE_VOLTAGE;
        assert_int_equal(eg_rate_rhs(net, 0.0, x, fd2 + form * N, NULL), EG_OK);
    }
    assert_int_equal(eg_rate_use_single(net, NULL), EG_OK);
    assert_non_null(net->W32);
    for (int form = 0; form < 2; form++) {
        net->form = form ? EG_RATE_RATE : EG_RATE_VOLTAGE;
        memcpy(fd, fd2 + form * N, N * sizeof *fd);
        for (size_t i = 0; i < N; i++) {
            bound[i] = 0.0;
            for (size_t j = 0; j < N; j++)
                bound[i] += fabs(net->W->data[i * N + j] * (form ? x[j] : tanh(x[j])));
        }
        assert_int_equal(eg_rate_rhs(net, 0.0, x, fs, NULL), EG_OK);
        double worst = 0.0, any = 0.0;
        for (size_t i = 0; i < N; i++) {
            worst = fmax(worst, fabs(fs[i] - fd[i]) / bound[i]);
            any = fmax(any, fabs(fs[i] - fd[i]));
        }
        print_message("%s form: max |f_single − f_double| / Σ|W φ| = %.2e\n", form ? "rate" : "voltage", worst);
        assert_true(any > 0.0);
        assert_true(worst < 1e-6);
        /* The Jacobian uses the same rounded weights. */
        assert_int_equal(eg_rate_jacobian(net, 0.0, x, J, NULL, NULL), EG_OK);
        if (form == 0) {
            double want = (double)(float)net->W->data[1 * N + 2] * (1.0 - tanh(x[2]) * tanh(x[2]));
            assert_true(fabs(J[1 * N + 2] - want) <= 1e-14 * fabs(want));
            assert_true(J[1 * N + 2] != net->W->data[1 * N + 2] * (1.0 - tanh(x[2]) * tanh(x[2])));
        }
    }
    free(fd2);
    /* A changed W takes effect when the copy is made again. */
    net->W->data[5] = 0.25;
    assert_int_equal(eg_rate_use_single(net, NULL), EG_OK);
    assert_true(net->W32[5] == 0.25f);
    /* Weights beyond the float range are refused. */
    eg_error err;
    net->W->data[7] = 1e39;
    assert_int_equal(eg_rate_use_single(net, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "(0, 7)"));
    free(x);
    free(fd);
    free(fs);
    free(bound);
    free(J);
    eg_rate_free(net);
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rhs_hand_worked),
        cmocka_unit_test(test_jacobian_matches_finite_differences),
        cmocka_unit_test(test_check_rejects_bad_parameters),
        cmocka_unit_test(test_single_precision_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
