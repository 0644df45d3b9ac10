/* expr_fn.h: a function of one variable x written in a model file as a string
 * (activation = expr("x / (1 + abs(x))")), parsed with the model grammar and
 * evaluated at run time. */
#ifndef ENGRAM_RUN_EXPR_FN_H
#define ENGRAM_RUN_EXPR_FN_H

#include "engram/status.h"

typedef struct eg_expr_fn eg_expr_fn;

/* Parses text as an expression in x: numbers, x, pi, + - * / ^, unary minus,
 * parentheses and the functions exp, log, log10, sqrt, tanh, sinh, cosh, sin,
 * cos, atan, abs, floor, ceil (one argument) and min, max, pow (two).
 * EG_EPARSE with the reason in err (its text quotes the column in the string). */
eg_status eg_expr_fn_parse(const char *text, eg_expr_fn **out, eg_error *err);
void eg_expr_fn_free(eg_expr_fn *fn);
/* The value at x; the signature of eg_act_fn, so it plugs into an activation. */
double eg_expr_fn_eval(double x, void *fn);

#endif
