/* test_activation.c: activations against closed forms, finite differences and quadrature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/activation.h"
#include "engram/numerics.h"

static const eg_act_kind builtin[] = {EG_ACT_LINEAR, EG_ACT_TANH,   EG_ACT_SIGMOID,
                                      EG_ACT_RELU,   EG_ACT_THRLIN, EG_ACT_SOFTPLUS};

static eg_activation make(eg_act_kind k)
{
    eg_activation a = eg_activation_default(k);
    a.gain = 2.5;
    a.threshold = 0.3;
    a.saturation = 1.7;
    return a;
}

static void test_closed_forms(void **state)
{
    (void)state;
    eg_activation a = eg_activation_default(EG_ACT_SIGMOID);
    a.gain = 4.0;
    a.threshold = 0.5;
    assert_true(fabs(eg_activation_eval(&a, 0.5) - 0.5) < 1e-15);
    assert_true(fabs(eg_activation_eval(&a, 1.0) - 1.0 / (1.0 + exp(-2.0))) < 1e-15);
    assert_true(fabs(eg_activation_deriv(&a, 0.5) - 1.0) < 1e-15); /* g/4 at the threshold */
    assert_true(eg_activation_eval(&a, -1e4) >= 0.0 && eg_activation_eval(&a, 1e4) <= 1.0);
    eg_activation t = eg_activation_default(EG_ACT_TANH);
    t.gain = 3.0;
    assert_true(fabs(eg_activation_eval(&t, 0.2) - tanh(0.6)) < 1e-15);
    eg_activation s = eg_activation_default(EG_ACT_THRLIN);
    s.saturation = 2.0;
    assert_true(eg_activation_eval(&s, -1.0) == 0.0 && eg_activation_eval(&s, 1.5) == 1.5 &&
                eg_activation_eval(&s, 3.0) == 2.0);
    eg_activation sp = eg_activation_default(EG_ACT_SOFTPLUS);
    assert_true(fabs(eg_activation_eval(&sp, 0.0) - log(2.0)) < 1e-15);
    assert_true(fabs(eg_activation_eval(&sp, 800.0) - 800.0) < 1e-12); /* no overflow */
}

/* φ' against a central difference away from kinks. */
static void test_derivatives_match_finite_differences(void **state)
{
    (void)state;
    const double xs[] = {-1.3, -0.2, 0.45, 0.9, 2.2};
    for (size_t k = 0; k < sizeof builtin / sizeof builtin[0]; k++) {
        eg_activation a = make(builtin[k]);
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double h = 1e-6, x = xs[i];
            double fd = (eg_activation_eval(&a, x + h) - eg_activation_eval(&a, x - h)) / (2 * h);
            assert_true(fabs(fd - eg_activation_deriv(&a, x)) < 1e-7);
        }
    }
}

static double quad_inverse(const eg_activation *a, double r)
{
    /* Midpoint rule on [0, r]: it never evaluates φ⁻¹ at 0, where the
     * inverses of sigmoid and softplus have an integrable log singularity. */
    const int n = 200000;
    double s = 0.0, h = r / n;
    for (int i = 0; i < n; i++) {
        double x;
        eg_activation_inverse(a, (i + 0.5) * h, &x, NULL);
        s += x * h;
    }
    return s;
}

static void test_inverse_and_its_integral(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof builtin / sizeof builtin[0]; k++) {
        eg_activation a = make(builtin[k]);
        assert_true(eg_activation_invertible(&a));
        const double xs[] = {0.35, 0.6, 0.9};
        for (size_t i = 0; i < 3; i++) {
            double r = eg_activation_eval(&a, xs[i]), x, F;
            assert_int_equal(eg_activation_inverse(&a, r, &x, NULL), EG_OK);
            assert_true(fabs(x - xs[i]) < 1e-10);
            assert_int_equal(eg_activation_inverse_integral(&a, r, &F, NULL), EG_OK);
            /* The midpoint rule errs by O(h) near the log singularities of
             * sigmoid and softplus at 0: 1e-4 suffices to tell a wrong formula. */
            assert_true(fabs(F - quad_inverse(&a, r)) < 1e-4);
        }
    }
    eg_activation t = eg_activation_default(EG_ACT_TANH);
    double x;
    eg_error err;
    assert_int_equal(eg_activation_inverse(&t, 1.0, &x, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "outside the range"));
}

static double cube(double x, void *ctx)
{
    (void)ctx;
    return x * x * x;
}

static double cube_d(double x, void *ctx)
{
    (void)ctx;
    return 3 * x * x;
}

static void test_user_callbacks(void **state)
{
    (void)state;
    eg_activation a = eg_activation_default(EG_ACT_USER);
    eg_error err;
    assert_int_equal(eg_activation_check(&a, &err), EG_EINVAL);
    a.user_f = cube;
    assert_int_equal(eg_activation_check(&a, &err), EG_OK);
    assert_true(eg_activation_eval(&a, 2.0) == 8.0);
    /* Without a derivative callback: central difference, error O(h²). */
    assert_true(fabs(eg_activation_deriv(&a, 2.0) - 12.0) < 1e-8);
    a.user_df = cube_d;
    assert_true(eg_activation_deriv(&a, 2.0) == 12.0);
    assert_false(eg_activation_invertible(&a));
    double F;
    assert_int_equal(eg_activation_inverse_integral(&a, 0.5, &F, &err), EG_EINVAL);
}

static void test_names_and_checks(void **state)
{
    (void)state;
    eg_act_kind k;
    eg_error err;
    assert_int_equal(eg_activation_kind_from_name("threshold_linear", &k, &err), EG_OK);
    assert_int_equal(k, EG_ACT_THRLIN);
    assert_int_equal(eg_activation_kind_from_name("swish", &k, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "softplus"));
    eg_activation a = eg_activation_default(EG_ACT_TANH);
    a.gain = 0.0;
    assert_int_equal(eg_activation_check(&a, &err), EG_EINVAL);
}

/* engram's tanh stays within 4 ulp of libm's across both branches (|z| < 1/8
 * and above), is odd, saturates to ±1 and passes NaN; the vector form gives
 * the same numbers as the scalar one for every kind. */
static void test_tanh_and_vector_form(void **state)
{
    (void)state;
    eg_activation t = eg_activation_default(EG_ACT_TANH);
    double worst = 0.0;
    for (double z = -25.0; z <= 25.0; z += 0.000731) {
        double want = tanh(z), got = eg_activation_eval(&t, z);
        if (want != 0.0)
            worst = fmax(worst, fabs(got - want) / fabs(want));
        assert_true(eg_activation_eval(&t, -z) == -got);
    }
    for (double z = 1e-300; z < 0.2; z *= 1.7) {
        double want = tanh(z), got = eg_activation_eval(&t, z);
        worst = fmax(worst, fabs(got - want) / want);
    }
    print_message("tanh: worst relative difference to libm %.2g (%.1f ulp)\n", worst, worst / 0x1p-52);
    assert_true(worst <= 4.0 * 0x1p-52);
    assert_true(eg_activation_eval(&t, 400.0) == 1.0 && eg_activation_eval(&t, -INFINITY) == -1.0);
    assert_true(isnan(eg_activation_eval(&t, NAN)));

    double x[41], y[41];
    for (size_t i = 0; i < 41; i++)
        x[i] = -3.0 + 0.15 * (double)i;
    for (size_t k = 0; k < sizeof builtin / sizeof builtin[0]; k++)
        for (int plain = 0; plain < 2; plain++) {
            eg_activation a = plain ? eg_activation_default(builtin[k]) : make(builtin[k]);
            eg_activation_eval_n(&a, x, y, 41);
            for (size_t i = 0; i < 41; i++)
                assert_true(y[i] == eg_activation_eval(&a, x[i]));
        }
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_derivatives_match_finite_differences),
        cmocka_unit_test(test_inverse_and_its_integral),
        cmocka_unit_test(test_user_callbacks),
        cmocka_unit_test(test_names_and_checks),
        cmocka_unit_test(test_tanh_and_vector_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
