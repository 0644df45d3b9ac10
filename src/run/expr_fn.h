/* expr_fn.h: functions of one variable written as text in a model file
 * (e.g. a Hebbian coefficient "-0.1 * w"), compiled once and evaluated at run time. */
#ifndef ENGRAM_RUN_EXPR_FN_H
#define ENGRAM_RUN_EXPR_FN_H

#include "engram/status.h"

typedef struct eg_expr_fn eg_expr_fn;

/* Compiles text, an expression of the model language in the one variable
 * named var: numbers, var, + - * / ^, unary minus, parentheses, pi, and the
 * language's math functions (lang/math_fn.h). Any other name or construct gives EG_EPARSE with the
 * column in err. The text is parsed by the model language's own parser, so
 * operator precedence is the same as in model files. */
eg_status eg_expr_fn_compile(const char *text, const char *var, eg_expr_fn **out, eg_error *err);

/* The value at var = x (may be NaN or infinite; callers check). Thread-safe:
 * evaluation reads the compiled tree only. */
double eg_expr_fn_eval(const eg_expr_fn *f, double x);

/* Frees f; accepts NULL. */
void eg_expr_fn_free(eg_expr_fn *f);

#endif
