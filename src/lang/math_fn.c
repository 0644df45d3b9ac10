/* math_fn.c: the table of the language's math functions. */
#include "lang/math_fn.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* min and max of two numbers; a NaN argument loses to a number (C's fmin). */
static double fn_min(double a, double b) { return fmin(a, b); }
static double fn_max(double a, double b) { return fmax(a, b); }
static double fn_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

const eg_math_fn eg_math_fns[] = {
    {"exp", 1, exp, NULL, EG_MATH_ANY, "e^x"},
    {"log", 1, log, NULL, EG_MATH_POSITIVE, "natural logarithm"},
    {"log10", 1, log10, NULL, EG_MATH_POSITIVE, "base-10 logarithm"},
    {"sqrt", 1, sqrt, NULL, EG_MATH_NONNEGATIVE, "square root"},
    {"tanh", 1, tanh, NULL, EG_MATH_ANY, "hyperbolic tangent"},
    {"sinh", 1, sinh, NULL, EG_MATH_ANY, "hyperbolic sine"},
    {"cosh", 1, cosh, NULL, EG_MATH_ANY, "hyperbolic cosine"},
    {"sin", 1, sin, NULL, EG_MATH_ANY, "sine (radians)"},
    {"cos", 1, cos, NULL, EG_MATH_ANY, "cosine (radians)"},
    {"atan", 1, atan, NULL, EG_MATH_ANY, "arc tangent"},
    {"abs", 1, fabs, NULL, EG_MATH_ANY, "absolute value"},
    {"floor", 1, floor, NULL, EG_MATH_ANY, "largest whole number not above x"},
    {"ceil", 1, ceil, NULL, EG_MATH_ANY, "smallest whole number not below x"},
    {"round", 1, round, NULL, EG_MATH_ANY, "nearest whole number (halves away from 0)"},
    {"sigmoid", 1, fn_sigmoid, NULL, EG_MATH_ANY, "logistic 1 / (1 + e^-x)"},
    {"min", 2, NULL, fn_min, EG_MATH_ANY, "the smaller of two numbers"},
    {"max", 2, NULL, fn_max, EG_MATH_ANY, "the larger of two numbers"},
    {"pow", 2, NULL, pow, EG_MATH_ANY, "x to the power y"},
    {NULL, 0, NULL, NULL, EG_MATH_ANY, NULL},
};

const eg_math_fn *eg_math_fn_find(const char *name)
{
    for (const eg_math_fn *m = eg_math_fns; m->name; m++)
        if (m->name[0] == name[0] && strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

int eg_math_fn_defined(const eg_math_fn *fn, double x)
{
    switch (fn->domain) {
    case EG_MATH_POSITIVE: return x > 0;
    case EG_MATH_NONNEGATIVE: return x >= 0;
    case EG_MATH_ANY: break;
    }
    return 1;
}

const char *eg_math_fn_names(int arity, char *buf, size_t len)
{
    size_t n = 0;
    if (len)
        buf[0] = '\0';
    for (const eg_math_fn *m = eg_math_fns; m->name && n < len; m++)
        if (m->arity == arity)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", m->name);
    return buf;
}
