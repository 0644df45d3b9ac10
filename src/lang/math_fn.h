/* math_fn.h: the math functions of the model language, one row each: the
 * constant evaluator (eval.c) and the expressions compiled for run time
 * (run/expr_fn.c) both look names up here. */
#ifndef ENGRAM_LANG_MATH_FN_H
#define ENGRAM_LANG_MATH_FN_H

#include <stddef.h>

/* Where a function is defined. */
typedef enum eg_math_domain {
    EG_MATH_ANY,         /* every x */
    EG_MATH_POSITIVE,    /* x > 0 (log, log10) */
    EG_MATH_NONNEGATIVE  /* x >= 0 (sqrt) */
} eg_math_domain;

typedef struct eg_math_fn {
    const char *name;
    int arity;                     /* 1 or 2 */
    double (*f1)(double);          /* arity 1 */
    double (*f2)(double, double);  /* arity 2 */
    eg_math_domain domain;         /* of the (first) argument */
    const char *doc;
} eg_math_fn;

/* Every function, terminated by a row with a NULL name. */
extern const eg_math_fn eg_math_fns[];

/* The row of a name, or NULL. */
const eg_math_fn *eg_math_fn_find(const char *name);
/* Whether x is in fn's domain. */
int eg_math_fn_defined(const eg_math_fn *fn, double x);
/* The names of the functions of one arity, comma-separated, into buf. */
const char *eg_math_fn_names(int arity, char *buf, size_t len);

#endif
