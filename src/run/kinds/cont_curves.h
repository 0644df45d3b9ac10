/* cont_curves.h: the two-parameter part of an `analyze continuation` block
 * (cont_curves.c): the folds and Hopf points of its first branch followed in
 * a second param, their curves, cusps and Bogdanov–Takens points, and the
 * figure of them in the plane of the two params. */
#ifndef ENGRAM_RUN_KINDS_CONT_CURVES_H
#define ENGRAM_RUN_KINDS_CONT_CURVES_H

#include <stddef.h>

#include "engram/continuation.h"
#include "run/report.h"

typedef struct eg_cont_curves_setup {
    const eg_cont2_problem *prob; /* f at (p1, p2); its names are the params' */
    eg_cont2_opts opts;
    double p2;       /* the second param's value along the first continuation */
    unsigned follow; /* which special points: bit 1 << EG_CONT_LP, 1 << EG_CONT_H */
    int has_unit;    /* the curves' table shows x_unit, else x_0 for one unit, else the norm */
    size_t unit;
} eg_cont_curves_setup;

/* Follows the chosen special points of r's first branch (each curve once:
 * a point on a curve already traced starts none) and adds to result the
 * array `curves`, the table `curve`, the array `special2`, the figure's data
 * and the figure `two_parameter`; a summary goes to the end of text (of
 * size cap). *failed is set, with why (of size why_cap), when a curve
 * stopped early or could not start (the others are traced all the same).
 * EG_ENOMEM only. */
eg_status eg_cont_curves_run(const eg_cont_curves_setup *s, const eg_cont_result *r, const char *block_name,
                             eg_report *result, char *text, size_t cap, int *failed, char *why, size_t why_cap,
                             eg_error *err);

/* The Euclidean norm of x (n values). */
double eg_cont_norm(const double *x, size_t n);

/* What the diagrams and tables show of a state: x_unit when has_unit, x_0
 * for one unit, else the norm. */
double eg_cont_shown(int has_unit, size_t unit, const double *x, size_t n);

#endif
