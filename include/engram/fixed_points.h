/* engram/fixed_points.h: fixed points of an eg_dyn_system by Newton's method
 * from many starts, classified by the eigenvalues of the Jacobian (docs/science.md, "Continuous-time rate networks"). */
#ifndef ENGRAM_FIXED_POINTS_H
#define ENGRAM_FIXED_POINTS_H

#include <stddef.h>
#include <stdint.h>

#include "engram/dynsys.h"
#include "engram/matrix.h"
#include "engram/status.h"

typedef enum eg_fp_class {
    EG_FP_STABLE_NODE,    /* all Re λ < 0, all real */
    EG_FP_STABLE_FOCUS,   /* all Re λ < 0, a complex pair */
    EG_FP_SADDLE,         /* Re λ of both signs; unstable_dim counts Re λ > 0 */
    EG_FP_UNSTABLE_NODE,  /* all Re λ > 0, all real */
    EG_FP_UNSTABLE_FOCUS, /* all Re λ > 0, a complex pair */
    EG_FP_NONHYPERBOLIC   /* some |Re λ| ≤ eig_tol */
} eg_fp_class;

/* Options; fill with eg_fp_opts_default() and change fields. */
typedef struct eg_fp_opts {
    double lo, hi;            /* the box [lo, hi]^dim for grid and random starts, default −1 .. 1 */
    size_t grid;              /* points per axis of a grid over the box (0: none); refused
                               * when grid^dim exceeds 10^6; default 0 */
    size_t random_starts;     /* uniform random starts in the box, default 0 */
    uint64_t seed;            /* random starts: eg_rng_alloc(seed, EG_RNG_INIT, 0) */
    const eg_matrix *starts;  /* given starts, one per row (dim columns), borrowed; may be NULL */
    double t;                 /* time at which the (autonomous) system is evaluated, default 0 */
    double tol;               /* accepted when ‖f(x)‖∞ < tol, default 1e-10 */
    size_t max_iter;          /* Newton iterations per start, default 200 */
    double dedup_tol;         /* roots closer than this (max norm) are one, default 1e-6 */
    double eig_tol;           /* |Re λ| below this is "zero", default 1e-8 */
} eg_fp_opts;

/* The distinct fixed points found, in the order found. Owns its arrays. */
typedef struct eg_fp_set {
    size_t count, dim;
    eg_matrix *points;     /* count × dim */
    eg_matrix *eig_re;     /* count × dim, real parts of the Jacobian's eigenvalues */
    eg_matrix *eig_im;     /* count × dim, imaginary parts */
    eg_fp_class *cls;      /* count */
    size_t *unstable_dim;  /* count: number of eigenvalues with Re λ > eig_tol */
    size_t starts_tried, starts_converged;
} eg_fp_set;

eg_fp_opts eg_fp_opts_default(void);
void eg_fp_set_free(eg_fp_set *set);
const char *eg_fp_class_name(eg_fp_class cls);

/* Runs gsl_multiroot_fdfsolver_hybridsj with sys's Jacobian (analytic when
 * sys->jac is set) from every start, keeps the converged distinct roots and
 * classifies each. Starts that do not converge are counted, not errors.
 * EG_EINVAL for bad options (no starts, a grid too large), EG_ENUMERIC for a
 * failing eigenvalue computation, EG_ENOMEM. */
eg_status eg_fixed_points_find(const eg_dyn_system *sys, const eg_fp_opts *opts, eg_fp_set **out, eg_error *err);

/* Eigenvalues of the n × n row-major matrix A (not modified) with LAPACKE_dgeev:
 * re and im receive n values each. EG_ENUMERIC when dgeev reports failure. */
eg_status eg_fp_eigenvalues(const double *A, size_t n, double *re, double *im, eg_error *err);
/* Classifies from the eigenvalues; *unstable_dim (may be NULL) counts Re λ > tol. */
eg_fp_class eg_fp_classify(const double *re, const double *im, size_t n, double tol, size_t *unstable_dim);

#endif
