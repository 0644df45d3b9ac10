/* test_api_analyses.c: the C API's analyses of arrays without a model, through
 * the public header only: the spectrum of a matrix (in place and copied, with
 * a basis, the privileged basis and a theory), the privileged basis against
 * its definition, the fixed points of a cell given as named arrays, their
 * failures as statuses with one diagnostic, and a rate network's weights read
 * in place by a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engram/engram.h"

static const eg_api_value *member(const eg_api_value *obj, const char *key)
{
    const eg_api_value *v = eg_api_value_get(obj, key);
    assert_non_null(v);
    return v;
}

/* The spectrum object of an analysis' tree. */
static const eg_api_value *spectrum_of(const eg_api_result *r)
{
    const eg_api_value *results = member(eg_api_result_root(r), "results");
    assert_int_equal(eg_api_value_count(results), 1);
    return eg_api_value_at(results, 0);
}

/* [[2, 1], [0, 3]] has eigenvalues 2 and 3 whether read in place or copied. */
static void test_spectrum_in_place_and_copied(void **state)
{
    (void)state;
    const double c_order[] = {2, 1, 0, 3};
    const float f_order[] = {2, 0, 1, 3};
    eg_api_array arrays[2] = {
        {"W", c_order, EG_API_FLOAT64, 2, {2, 2}, {2 * sizeof(double), sizeof(double)}},
        {"W", f_order, EG_API_FLOAT32, 2, {2, 2}, {sizeof(float), 2 * sizeof(float)}},
    };
    for (int k = 0; k < 2; k++) {
        eg_api_result *r = NULL;
        assert_int_equal(eg_api_spectrum(&arrays[k], NULL, &r), EG_API_OK);
        const eg_api_value *s = spectrum_of(r);
        assert_string_equal(eg_api_value_string(member(s, "kind")), "spectrum");
        assert_float_equal(eg_api_value_number(member(s, "radius")), 3.0, 1e-12);
        size_t shape[2];
        assert_int_equal(eg_api_value_shape(member(s, "eigenvalues"), shape), 2);
        assert_int_equal(shape[0], 2);
        const double *ev = eg_api_value_data(member(s, "eigenvalues"));
        assert_float_equal(fmin(ev[0], ev[2]), 2.0, 1e-12);
        assert_float_equal(fmax(ev[0], ev[2]), 3.0, 1e-12);
        eg_api_result_free(r);
    }
}

/* A 4-cycle (W e_i = e_{i+1}) read in the privileged basis of W_uh = e_0 over
 * 4 steps, compared with repeat_copy(4, 1): its angles are the theory's. */
static void test_spectrum_with_privileged_basis_and_theory(void **state)
{
    (void)state;
    double w[16] = {0}, u[4] = {1, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        w[((i + 1) % 4) * 4 + i] = 1;
    eg_api_array wa = {"W", w, EG_API_FLOAT64, 2, {4, 4}, {4 * sizeof(double), sizeof(double)}};
    eg_api_array ua = {"U", u, EG_API_FLOAT64, 2, {4, 1}, {sizeof(double), sizeof(double)}};
    eg_api_spectrum_options opt = {.input = &ua, .steps = 4, .compare = "repeat_copy(4, 1)"};
    eg_api_result *r = NULL;
    assert_int_equal(eg_api_spectrum(&wa, &opt, &r), EG_API_OK);
    const eg_api_value *s = spectrum_of(r);
    assert_int_equal(eg_api_value_integer(member(member(s, "basis"), "rank")), 4);
    assert_true(eg_api_value_number(member(member(s, "basis"), "residual")) < 1e-12);
    const eg_api_value *c = member(s, "comparison");
    assert_true(eg_api_value_integer(member(c, "comparable")));
    assert_true(eg_api_value_number(member(c, "max_deg")) < 1e-6);
    eg_api_result_free(r);
    /* The basis itself: [W³u, W²u, Wu, u] = [e_3, e_2, e_1, e_0]. */
    assert_int_equal(eg_api_privileged_basis(&wa, &ua, 4, &r), EG_API_OK);
    const eg_api_value *b = member(eg_api_result_root(r), "basis");
    const double *psi = eg_api_value_data(b);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            assert_float_equal(psi[i * 4 + j], i == 3 - j, 1e-15);
    eg_api_result_free(r);
}

/* Wrong shapes, non-finite values and a malformed task: EG_API_EINVAL, one error. */
static void test_spectrum_failures(void **state)
{
    (void)state;
    const double x[6] = {1, 2, 3, 4, 5, 6}, bad[4] = {1, NAN, 0, 1};
    eg_api_array rect = {"R", x, EG_API_FLOAT64, 2, {2, 3}, {3 * sizeof(double), sizeof(double)}};
    eg_api_array nan = {"N", bad, EG_API_FLOAT64, 2, {2, 2}, {2 * sizeof(double), sizeof(double)}};
    eg_api_array sq = {"S", x, EG_API_FLOAT64, 2, {2, 2}, {2 * sizeof(double), sizeof(double)}};
    eg_api_spectrum_options task = {.compare = "repeat(2"};
    eg_api_spectrum_options basis = {.basis = &rect};
    struct {
        const eg_api_array *w;
        const eg_api_spectrum_options *opt;
        const char *says;
    } cases[] = {{&rect, NULL, "needs a square matrix"}, {&nan, NULL, "is not finite"},
                 {&sq, &task, "names no task kind"}, {&sq, &basis, "the basis has 3 columns"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        eg_api_result *r = NULL;
        assert_int_equal(eg_api_spectrum(cases[k].w, cases[k].opt, &r), EG_API_EINVAL);
        assert_null(eg_api_result_root(r));
        size_t n;
        const eg_api_diag *d = eg_api_result_diags(r, &n);
        assert_int_equal(n, 1);
        assert_non_null(strstr(d[0].message, cases[k].says));
        eg_api_result_free(r);
    }
    eg_api_result *r = NULL;
    assert_int_equal(eg_api_privileged_basis(&sq, &sq, 3, &r), EG_API_EINVAL);
    eg_api_result_free(r);
}

/* One tanh unit h' = tanh(2h) given as a state dict: 0 (unstable, λ = 2) and
 * ±x* (stable); a missing key and an unknown layout fail with EG_API_EINVAL. */
static void test_fixed_points_of_named_arrays(void **state)
{
    (void)state;
    const double whh = 2, wih = 1, zero = 0;
    eg_api_array dict[] = {
        {"weight_hh_l0", &whh, EG_API_FLOAT64, 2, {1, 1}, {sizeof(double), sizeof(double)}},
        {"weight_ih_l0", &wih, EG_API_FLOAT64, 2, {1, 1}, {sizeof(double), sizeof(double)}},
        {"bias_hh_l0", &zero, EG_API_FLOAT64, 1, {1, 0}, {sizeof(double), 0}},
        {"bias_ih_l0", &zero, EG_API_FLOAT64, 1, {1, 0}, {sizeof(double), 0}},
    };
    double starts[] = {-0.9, -0.1, 0.05, 0.8, 0.95};
    eg_api_array from = {"starts", starts, EG_API_FLOAT64, 2, {5, 1}, {sizeof(double), sizeof(double)}};
    eg_api_fixed_points_options o = eg_api_fixed_points_defaults();
    o.layout = "pytorch-rnn";
    o.from = &from;
    eg_api_result *r = NULL;
    assert_int_equal(eg_api_fixed_points(NULL, dict, 4, &o, &r), EG_API_OK);
    const eg_api_value *root = eg_api_result_root(r);
    assert_int_equal(eg_api_value_integer(member(root, "count")), 3);
    assert_int_equal(eg_api_value_integer(member(root, "stable")), 2);
    const eg_api_value *points = member(root, "points");
    for (size_t k = 0; k < 3; k++) {
        const eg_api_value *p = eg_api_value_at(points, k);
        double h = eg_api_value_number(eg_api_value_at(member(p, "state"), 0));
        double j = eg_api_value_data(member(p, "jacobian"))[0];
        assert_float_equal(j, 2 * (1 - tanh(2 * h) * tanh(2 * h)), 1e-12);
        assert_float_equal(eg_api_value_data(member(p, "input_jacobian"))[0], j / 2, 1e-12);
    }
    eg_api_result_free(r);
    assert_int_equal(eg_api_fixed_points(NULL, dict + 1, 3, &o, &r), EG_API_EINVAL);
    size_t n;
    assert_non_null(strstr(eg_api_result_diags(r, &n)[0].message, "no 'weight_hh_l0'"));
    eg_api_result_free(r);
    o.layout = "keras";
    assert_int_equal(eg_api_fixed_points(NULL, dict, 4, &o, &r), EG_API_EINVAL);
    assert_non_null(strstr(eg_api_result_diags(r, &n)[0].message, "unknown layout 'keras'"));
    eg_api_result_free(r);
    o.layout = "pytorch-rnn";
    assert_int_equal(eg_api_fixed_points(ENGRAM_BINARY_DIR "/no-such.npz", NULL, 0, &o, &r), EG_API_EIO);
    eg_api_result_free(r);
}

/* A rate network's weights handed in C order are read in place (never freed,
 * never written: the array lives on the stack here), in Fortran order copied;
 * both runs give the same states. */
static void test_rate_weights_read_in_place(void **state)
{
    (void)state;
    double c_order[9], f_order[9], keep[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            c_order[i * 3 + j] = f_order[j * 3 + i] = 0.3 * sin(1.0 + i + 2 * j);
        }
    memcpy(keep, c_order, sizeof keep);
    const char *text = "network n { units = 3; state = rate; weights = load(\"W.npy\"); activation = tanh }\n"
                       "simulate s { network = n; time = 0 .. 1; init = 0.1; record = every(0.5) }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text(ENGRAM_BINARY_DIR "/rate.engram", text, strlen(text), NULL, 0, &m), EG_API_OK);
    eg_api_array arrays[2] = {
        {"W.npy", c_order, EG_API_FLOAT64, 2, {3, 3}, {3 * sizeof(double), sizeof(double)}},
        {"W.npy", f_order, EG_API_FLOAT64, 2, {3, 3}, {sizeof(double), 3 * sizeof(double)}},
    };
    double first[32];
    size_t count = 0;
    for (int k = 0; k < 2; k++) {
        eg_api_run_options opt = {.arrays = &arrays[k], .narrays = 1, .threads = 1};
        eg_api_result *r = NULL;
        assert_int_equal(eg_api_run(m, &opt, &r), EG_API_OK);
        const eg_api_value *states = member(eg_api_value_result(eg_api_result_root(r), "s"), "states");
        size_t shape[2];
        eg_api_value_shape(states, shape);
        size_t n = shape[0] * (shape[1] ? shape[1] : 1);
        assert_true(n > 0 && n <= 32);
        if (k == 0) {
            memcpy(first, eg_api_value_data(states), n * sizeof(double));
            count = n;
        } else {
            assert_int_equal(n, count);
            assert_memory_equal(first, eg_api_value_data(states), n * sizeof(double));
        }
        eg_api_result_free(r);
    }
    assert_memory_equal(c_order, keep, sizeof keep);
    eg_api_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spectrum_in_place_and_copied),
        cmocka_unit_test(test_spectrum_with_privileged_basis_and_theory),
        cmocka_unit_test(test_spectrum_failures),
        cmocka_unit_test(test_fixed_points_of_named_arrays),
        cmocka_unit_test(test_rate_weights_read_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
