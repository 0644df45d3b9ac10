/* test_eval.c: constant evaluation: arithmetic against hand-worked values,
 * the math functions against the C library's closed forms, domain errors,
 * indexing, and params seen in file order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/model.h"
#include "lang/parse.h"

static const eg_schema *const no_kinds[] = {NULL};

typedef struct evaluated {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    eg_model *model;
} evaluated;

/* Checks "param v = EXPR" (after any lines in prelude) in a model with no block kinds. */
static evaluated *evaluate(const char *prelude, const char *expr)
{
    evaluated *e = calloc(1, sizeof *e);
    assert_non_null(e);
    char text[1024];
    snprintf(text, sizeof text, "%s\nparam v = %s\n", prelude, expr);
    eg_source_set_init(&e->sources);
    eg_diag_list_init(&e->diags);
    e->ast = eg_parse_text(&e->sources, "t.engram", text, strlen(text), &e->diags);
    assert_non_null(e->ast);
    e->model = eg_model_check(e->ast, no_kinds, NULL, 0, &e->diags);
    return e;
}

static void evaluated_free(evaluated *e)
{
    eg_model_free(e->model);
    eg_ast_free(e->ast);
    eg_diag_list_free(&e->diags);
    eg_source_set_free(&e->sources);
    free(e);
}

static double number_of(const char *prelude, const char *expr)
{
    evaluated *e = evaluate(prelude, expr);
    for (size_t i = 0; i < e->diags.count; i++)
        print_message("%s: %s\n", expr, e->diags.items[i].message);
    assert_non_null(e->model);
    const eg_value *v = eg_model_param(e->model, "v")->value;
    assert_int_equal(v->kind, EG_VAL_NUMBER);
    double x = v->num;
    evaluated_free(e);
    return x;
}

#define ASSERT_NUM(expr, expected) assert_true(number_of("", expr) == (expected))
#define ASSERT_CLOSE(expr, expected) assert_true(fabs(number_of("", expr) - (double)(expected)) <= 1e-15 * (1 + fabs((double)(expected))))

/* The single error of evaluating expr: its message, at line 2 and column col. */
static void assert_error(const char *prelude, const char *expr, int col, const char *message)
{
    evaluated *e = evaluate(prelude, expr);
    assert_null(e->model);
    assert_int_equal(e->diags.errors, 1);
    const eg_diag *d = &e->diags.items[0];
    assert_string_equal(d->message, message);
    int line = 2;
    for (const char *p = prelude; *p; p++)
        line += *p == '\n';
    assert_int_equal(d->loc.line, line);
    assert_int_equal(d->loc.col, col);
    evaluated_free(e);
}

static void test_arithmetic(void **state)
{
    (void)state;
    ASSERT_NUM("1 + 2 * 3", 7);
    ASSERT_NUM("(1 + 2) * 3", 9);
    ASSERT_NUM("7 / 2", 3.5);
    ASSERT_NUM("1 - 2 - 3", -4);
    ASSERT_NUM("8 / 4 / 2", 1);
    ASSERT_NUM("2 ^ 3 ^ 2", 512);
    ASSERT_NUM("-2 ^ 2", -4);
    ASSERT_NUM("(-2) ^ 2", 4);
    ASSERT_NUM("2 ^ -1", 0.5);
    ASSERT_NUM("- - 3", 3);
    ASSERT_NUM("1e3 * 2.5e-3", 2.5);
    ASSERT_NUM("0.1 + 0.2", 0.1 + 0.2);
}

static void test_math_functions(void **state)
{
    (void)state;
    ASSERT_NUM("exp(0)", 1);
    ASSERT_CLOSE("log(exp(2))", 2);
    ASSERT_NUM("log10(1000)", 3);
    ASSERT_NUM("sqrt(16)", 4);
    ASSERT_NUM("tanh(0)", 0);
    ASSERT_CLOSE("tanh(1)", tanh(1.0));
    ASSERT_NUM("sin(0)", 0);
    ASSERT_NUM("cos(0)", 1);
    ASSERT_NUM("abs(-3)", 3);
    ASSERT_NUM("floor(-1.5)", -2);
    ASSERT_NUM("ceil(-1.5)", -1);
    ASSERT_NUM("round(2.5)", 3);
    ASSERT_NUM("round(-2.5)", -3);
    ASSERT_NUM("min(3, -1)", -1);
    ASSERT_NUM("max(3, -1)", 3);
    ASSERT_NUM("pow(2, 10)", 1024);
    ASSERT_NUM("sqrt(max(9, min(16, 25)))", 4);
    /* The functions of run-time expressions are here too: one table. */
    ASSERT_NUM("sigmoid(0)", 0.5);
    ASSERT_CLOSE("sinh(1) + cosh(1)", exp(1.0));
    ASSERT_CLOSE("atan(1) * 4", 3.14159265358979323846);
}

static void test_domain_errors(void **state)
{
    (void)state;
    assert_error("", "1 / 0", 13, "division by zero");
    assert_error("param z = 0", "1 / (z * 2)", 13, "division by zero");
    assert_error("", "log(0)", 11, "log of 0 is undefined (it needs a positive number)");
    assert_error("", "log10(-1)", 11, "log10 of -1 is undefined (it needs a positive number)");
    assert_error("", "sqrt(-4)", 11, "sqrt of a negative number (-4)");
    assert_error("", "10 ^ 400", 14, "the result is not a finite number");
    assert_error("", "exp(1000)", 11, "the result is not a finite number");
    assert_error("", "(-8) ^ 0.5", 16, "the result is not a finite number");
    assert_error("", "1e308 * 10", 17, "the result is not a finite number");
    assert_error("", "exp(1, 2)", 11, "'exp' takes 1 argument, not 2");
    assert_error("", "min(1)", 11, "'min' takes 2 arguments, not 1");
    /* sqrt(x = 4) is not arithmetic: a call with named arguments stays a call (activations such as tanh(gain = 2)). */
    assert_error("", "sqrt(\"4\")", 16, "'sqrt' takes plain numbers, not a string");
    assert_error("", "\"a\" + 1", 11, "operator '+' needs numbers, not a string");
    assert_error("", "-[1]", 11, "unary '-' needs a number, not a list");
    assert_error("", "1 + nothing", 15, "unknown name 'nothing': no param or block has this name");
}

static void test_indexing(void **state)
{
    (void)state;
    ASSERT_NUM("[10, 20, 30][1]", 20);
    ASSERT_NUM("[[1, 2], [3, 4]][1][0]", 3);
    assert_true(number_of("param xs = [5, 6, 7]", "xs[2] * xs[0]") == 35);
    assert_true(number_of("param xs = [5, 6, 7]\nparam i = 1", "xs[i + 1]") == 7);
    assert_error("param xs = [5, 6]", "xs[2]", 14, "index 2 is out of range: the list has 2 items");
    assert_error("param xs = [5, 6]", "xs[-1]", 14, "an index must be a whole number >= 0, not -1");
    assert_error("param xs = [5, 6]", "xs[0.5]", 14, "an index must be a whole number >= 0, not 0.5");
    assert_error("param xs = [5, 6]", "xs[\"a\"]", 14, "an index must be a whole number >= 0, not a string");
    assert_error("", "3[0]", 12, "only lists and blocks have items to index, not 3");
    assert_error("", "[][0]", 14, "index 0 is out of range: the list has 0 items");
}

static void test_values_and_params(void **state)
{
    (void)state;
    /* Params are evaluated in file order, each seeing those before it. */
    assert_true(number_of("param a = 2\nparam b = a * 3", "a + b") == 8);
    evaluated *e = evaluate("", "[1, \"s\", word, 0 .. 4 step 2, f(1, k = 2)]");
    assert_non_null(e->model);
    const eg_value *v = eg_model_param(e->model, "v")->value;
    assert_int_equal(v->kind, EG_VAL_LIST);
    assert_int_equal(v->n, 5);
    assert_int_equal(v->items[0]->kind, EG_VAL_NUMBER);
    assert_int_equal(v->items[1]->kind, EG_VAL_STRING);
    assert_string_equal(v->items[1]->str, "s");
    /* A word that names nothing stays a word, for the schema to judge. */
    assert_int_equal(v->items[2]->kind, EG_VAL_SYMBOL);
    assert_string_equal(v->items[2]->str, "word");
    assert_int_equal(v->items[3]->kind, EG_VAL_RANGE);
    assert_int_equal(v->items[3]->n, 3);
    assert_true(v->items[3]->items[2]->num == 2);
    /* Calls that are not math functions stay calls, arguments evaluated. */
    const eg_value *call = v->items[4];
    assert_int_equal(call->kind, EG_VAL_CALL);
    assert_string_equal(call->str, "f");
    assert_null(call->arg_names[0]);
    assert_string_equal(call->arg_names[1], "k");
    assert_true(eg_value_arg(call, "k")->num == 2);
    assert_null(eg_value_arg(call, "nope"));
    evaluated_free(e);
    /* A range's ends must be numbers. */
    assert_error("", "0 .. \"x\"", 16, "a range is made of numbers, not a string");
}

static void test_value_copy_and_describe(void **state)
{
    (void)state;
    evaluated *e = evaluate("", "f(1, k = [2, 3])");
    const eg_value *v = eg_model_param(e->model, "v")->value;
    eg_value *c = eg_value_copy(NULL, v);
    assert_non_null(c);
    assert_string_equal(c->str, "f");
    assert_string_equal(c->arg_names[1], "k");
    assert_ptr_not_equal(c->items[1], v->items[1]);
    assert_true(c->items[1]->items[1]->num == 3);
    char buf[64];
    assert_string_equal(eg_value_describe(c, buf, sizeof buf), "a call to 'f'");
    assert_string_equal(eg_value_describe(c->items[1], buf, sizeof buf), "a list");
    assert_string_equal(eg_value_describe(c->items[0], buf, sizeof buf), "1");
    eg_value_free(c);
    evaluated_free(e);
    eg_value_free(NULL);
}

/* "param v = HEAD" followed by `link` repeated n times, checked: the model
 * (NULL when it has errors) and its diagnostics, in e. */
static evaluated *evaluate_chain(const char *head, const char *link, size_t n)
{
    size_t len = strlen("param v = ") + strlen(head) + n * strlen(link) + 2;
    char *text = malloc(len);
    assert_non_null(text);
    size_t k = (size_t)sprintf(text, "param v = %s", head);
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(text + k, "%s", link);
    text[k++] = '\n';
    text[k] = '\0';
    evaluated *e = calloc(1, sizeof *e);
    assert_non_null(e);
    eg_source_set_init(&e->sources);
    eg_diag_list_init(&e->diags);
    e->ast = eg_parse_text(&e->sources, "t.engram", text, k, &e->diags);
    free(text);
    assert_non_null(e->ast);
    e->model = eg_model_check(e->ast, no_kinds, NULL, 0, &e->diags);
    return e;
}

/* Chains of operators and of indexing as long as a generated file can make
 * them: each link nests one level deeper, and none may cost a stack frame.
 * 300 000 links overflowed an 8 MB stack when each took a recursive call. */
static void test_long_chains(void **state)
{
    (void)state;
    enum { N = 300000 };
    /* 1 + 1 + ... : N + 1 ones, summed exactly in doubles. */
    evaluated *e = evaluate_chain("1", " + 1", N);
    assert_non_null(e->model);
    assert_true(eg_model_param(e->model, "v")->value->num == N + 1);
    evaluated_free(e);
    /* 2 * 1 - 1 * 1 - ... - 1: products bind first, so 2 less N ones. */
    e = evaluate_chain("2", " * 1 - 1", N);
    assert_non_null(e->model);
    assert_true(eg_model_param(e->model, "v")->value->num == 2.0 - N);
    evaluated_free(e);
    /* A chain that is not a number takes the long way, with one error. */
    e = evaluate_chain("\"a\"", " + 1", N);
    assert_null(e->model);
    assert_int_equal(e->diags.errors, 1);
    assert_string_equal(e->diags.items[0].message, "operator '+' needs numbers, not a string");
    evaluated_free(e);
    /* [7][0][0]...: the first link gives 7, the second finds no list. */
    e = evaluate_chain("[7]", "[0]", N);
    assert_null(e->model);
    assert_int_equal(e->diags.errors, 1);
    assert_string_equal(e->diags.items[0].message, "only lists and blocks have items to index, not 7");
    evaluated_free(e);
    e = evaluate_chain("nothing", "[0]", N);
    assert_int_equal(e->diags.errors, 1);
    assert_string_equal(e->diags.items[0].message, "unknown name 'nothing': no param or block has this name");
    evaluated_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_math_functions),
        cmocka_unit_test(test_domain_errors),
        cmocka_unit_test(test_indexing),
        cmocka_unit_test(test_long_chains),
        cmocka_unit_test(test_values_and_params),
        cmocka_unit_test(test_value_copy_and_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
