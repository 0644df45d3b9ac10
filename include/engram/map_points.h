/* engram/map_points.h: fixed and slow points of a discrete map h' = F(h)
 * (a recurrent cell under a constant input), found as FixedPointFinder finds
 * them (Sussillo & Barak 2013; Golub & Sussillo 2018): minimise
 * q(h) = ½‖F(h) − h‖² from many starts, keep the minima with q below a
 * tolerance, polish them with Newton's method, merge duplicates, drop
 * outliers, and classify each by the eigenvalues of ∂F/∂h against the unit
 * circle. */
#ifndef ENGRAM_MAP_POINTS_H
#define ENGRAM_MAP_POINTS_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* The map: F(h) into next and, when jac is not NULL, ∂F/∂h (n × n, row-major). */
typedef struct eg_map {
    size_t n;
    void (*eval)(const void *ctx, const double *h, double *next, double *jac);
    const void *ctx;
} eg_map;

typedef enum eg_map_class {
    EG_MAP_STABLE,   /* every |λ| < 1 */
    EG_MAP_SADDLE,   /* some |λ| > 1, some < 1: `unstable` counts the former */
    EG_MAP_UNSTABLE, /* every |λ| > 1 */
    EG_MAP_MARGINAL  /* some |λ| within unit_tol of 1 */
} eg_map_class;

const char *eg_map_class_name(eg_map_class cls);

typedef struct eg_map_fp_opts {
    double q_tol;         /* a minimum is a fixed point when q ≤ q_tol (default 1e-12) */
    size_t max_iter;      /* Levenberg–Marquardt iterations per start (default 200) */
    double dedup_tol;     /* points closer than this (max norm) are one (default 1e-6) */
    double outlier_scale; /* drop points farther from the starts' centroid than this many times the
                           * starts' median distance from it (default 10; 0 keeps every point) */
    double unit_tol;      /* |λ| within this of 1 is marginal (default 1e-8) */
} eg_map_fp_opts;

eg_map_fp_opts eg_map_fp_opts_default(void);

/* The distinct fixed points found, ordered by q. Owns its arrays. */
typedef struct eg_map_fp_set {
    size_t count, n;
    eg_matrix *points;  /* count × n */
    eg_matrix *eig_re;  /* count × n, eigenvalues of ∂F/∂h at each point, by decreasing |λ| */
    eg_matrix *eig_im;
    double *q;          /* count */
    size_t *unstable;   /* count: eigenvalues with |λ| > 1 + unit_tol */
    eg_map_class *cls;  /* count */
    size_t starts, converged, duplicates, outliers;
} eg_map_fp_set;

void eg_map_fp_set_free(eg_map_fp_set *set);

/* Searches from every row of starts (count × n). Starts that end in a slow
 * point (q above q_tol) are counted, not errors. EG_EINVAL for options out
 * of range or starts of the wrong width, EG_ENUMERIC for a failing
 * eigenvalue computation, EG_ENOMEM. */
eg_status eg_map_fixed_points(const eg_map *map, const eg_matrix *starts, const eg_map_fp_opts *opts,
                              eg_map_fp_set **out, eg_error *err);

#endif
