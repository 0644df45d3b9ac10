/* test_expr_fn.c: one-variable expressions written as text, compiled and evaluated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "run/expr_fn.h"

static double eval_text(const char *text, const char *var, double x)
{
    eg_expr_fn *f = NULL;
    eg_error err;
    assert_int_equal(eg_expr_fn_compile(text, var, &f, &err), EG_OK);
    double y = eg_expr_fn_eval(f, x);
    eg_expr_fn_free(f);
    return y;
}

/* Hand-worked values: the operators, their precedence, unary minus, powers. */
static void test_arithmetic(void **state)
{
    (void)state;
    assert_true(eval_text("-0.1 * w", "w", 2.0) == -0.2);
    assert_true(eval_text("1 + 2 * w", "w", 3.0) == 7.0);
    assert_true(eval_text("(1 + 2) * w", "w", 3.0) == 9.0);
    assert_true(eval_text("w ^ 2", "w", -3.0) == 9.0);
    assert_true(eval_text("-w ^ 2", "w", 3.0) == -9.0);
    assert_true(eval_text("2 ^ 3 ^ 2", "w", 0.0) == 512.0); /* right-associative, as in model files */
    assert_true(eval_text("w / 4 - 1", "w", 2.0) == -0.5);
    assert_true(eval_text("0.5", "w", 7.0) == 0.5);
    assert_true(eval_text("x * x", "x", 1.5) == 2.25); /* the variable is a parameter */
}

/* Math functions against the C library. */
static void test_functions(void **state)
{
    (void)state;
    assert_true(eval_text("exp(w)", "w", 1.0) == exp(1.0));
    assert_true(eval_text("log(w)", "w", 2.0) == log(2.0));
    assert_true(eval_text("sqrt(w)", "w", 2.0) == sqrt(2.0));
    assert_true(eval_text("abs(w)", "w", -2.5) == 2.5);
    assert_true(eval_text("tanh(w)", "w", 0.3) == tanh(0.3));
    assert_true(eval_text("sigmoid(w)", "w", 0.0) == 0.5);
    assert_true(eval_text("max(w, 0)", "w", -1.0) == 0.0);
    assert_true(eval_text("min(w, 0)", "w", -1.0) == -1.0);
    assert_true(eval_text("pow(w, 3)", "w", 2.0) == 8.0);
    assert_true(fabs(eval_text("sin(pi * w)", "w", 0.5) - 1.0) < 1e-15);
    assert_true(isnan(eval_text("log(w)", "w", -1.0)));
    /* The functions of the constant evaluator are here too: one table. */
    assert_true(eval_text("log10(w)", "w", 1000.0) == 3.0);
    assert_true(eval_text("floor(w)", "w", -1.5) == -2.0);
    assert_true(eval_text("ceil(w)", "w", -1.5) == -1.0);
    assert_true(eval_text("round(w)", "w", 2.5) == 3.0);
    assert_true(fabs(eval_text("sinh(w) + cosh(w)", "w", 0.7) - exp(0.7)) < 1e-14);
    assert_true(fabs(eval_text("atan(w)", "w", 1.0) - atan(1.0)) < 1e-15);
}

static void expect_error(const char *text, const char *fragment)
{
    eg_expr_fn *f = (eg_expr_fn *)1;
    eg_error err;
    assert_int_equal(eg_expr_fn_compile(text, "w", &f, &err), EG_EPARSE);
    assert_null(f);
    if (!strstr(err.msg, fragment))
        fail_msg("message '%s' lacks '%s'", err.msg, fragment);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("-0.1 * v", "column 8: unknown name 'v' (the variable is 'w')");
    expect_error("foo(w)", "unknown function 'foo'");
    expect_error("foo(w)", "log10"); /* the known ones, from the table */
    expect_error("exp(w, 2)", "'exp' takes one argument");
    expect_error("max(w)", "'max' takes two arguments");
    expect_error("exp(x = w)", "takes no named arguments");
    expect_error("[w, 1]", "is not allowed");
    expect_error("w *", "in \"w *\"");
    expect_error("w; 1", "one line");
    expect_error("", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
