/* test_rate.c: rate-network right-hand sides against hand-worked values and
 * analytic Jacobians against finite differences, for every activation and both forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
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

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rhs_hand_worked),
        cmocka_unit_test(test_jacobian_matches_finite_differences),
        cmocka_unit_test(test_check_rejects_bad_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
