/* engram/cont_cycle.h: a stable limit cycle followed in one param p towards
 * the point where its period diverges, and the law of that divergence
 * (docs/dynamics.md, "The memory cycle's period"). Made for the sequence
 * memories, whose cycle through their memories meets the stalled state as the
 * drive falls, but written for any dx/dt = f(x, p) (engram/continuation.h).
 *
 * Each orbit is found by single shooting on the return to a fixed Poincaré
 * section: Newton's method on (x0, T) for φ_T(x0) = x0 with x0 on the
 * section, each Newton step solved by GMRES with the monodromy matrix applied
 * to a vector by integrating the variational equation along the orbit (never
 * formed: n² extra equations would cost far more than the few products
 * GMRES needs on a strongly contracting cycle). The leading Floquet
 * multipliers come from Arnoldi's method on the same products. */
#ifndef ENGRAM_CONT_CYCLE_H
#define ENGRAM_CONT_CYCLE_H

#include <stddef.h>

#include "engram/continuation.h"
#include "engram/status.h"

/* Options; fill with eg_cont_cycle_opts_default() and change fields. */
typedef struct eg_cont_cycle_opts {
    double p0;           /* the param at which the cycle is found */
    const double *x0;    /* a state attracted to the cycle at p0 (dim entries) */
    const double *mark;  /* the section passes through the cycle's point nearest this
                          * (dim entries; NULL: x0 itself) */
    double settle;       /* integrate from x0 this long before looking at the cycle */
    double window;       /* then look for two returns over this long (default 2 period_max) */
    double step;         /* the first step in p; its sign is the direction followed */
    double step_min;     /* the branch stops when the step falls below this (default 1e-9) */
    double step_max;     /* steps never grow beyond this (default 4 |step|) */
    double p_lo, p_hi;   /* the branch stops where p would leave [p_lo, p_hi] */
    double period_max;   /* the branch stops past this period (required) */
    size_t max_points;   /* orbits at most (default 60) */
    size_t krylov;       /* Arnoldi steps for the multipliers (default 10) */
    double tol;          /* an orbit has ‖φ_T(x0) − x0‖∞ below this (default 1e-7) */
    double rtol;         /* the integrations' relative tolerance (default 1e-10) */
} eg_cont_cycle_opts;

/* How the branch ended. */
typedef enum eg_cont_cycle_end {
    EG_CYCLE_END_PERIOD,  /* the period passed period_max */
    EG_CYCLE_END_STEP,    /* shooting failed down to step_min */
    EG_CYCLE_END_RANGE,   /* p reached the range's bound */
    EG_CYCLE_END_POINTS   /* max_points orbits */
} eg_cont_cycle_end;

/* The branch: one row per orbit, in order. Owns its arrays. */
typedef struct eg_cont_cycle {
    size_t dim, count, cap, k;
    double *p, *period;
    double *mult;        /* the largest non-trivial |multiplier| */
    int *stable;         /* mult < 1 */
    double *amplitude;   /* peak-to-peak, the largest over the entries */
    double *x;           /* count × dim: the orbit's point on the section */
    double *mult_re, *mult_im; /* count × k: the leading multipliers, by |μ| (NAN past those found) */
    size_t *newton, *products; /* Newton steps and monodromy products spent on each */
    eg_cont_cycle_end end;
    char why[512];       /* how it ended, in words */
} eg_cont_cycle;

eg_cont_cycle_opts eg_cont_cycle_opts_default(void);
void eg_cont_cycle_free(eg_cont_cycle *c);
const char *eg_cont_cycle_end_name(eg_cont_cycle_end end);

/* Settles x0 at p0 onto the cycle, finds the orbit there (the section through
 * its point nearest mark, normal to the flow) and follows it in steps of p:
 * each orbit the guess of the next (extrapolated from the last two), the step
 * halved when shooting fails and adapted to the period's relative change (it
 * shrinks as the period grows), until the period passes period_max, the step
 * falls below step_min, p reaches its bound or max_points. EG_ENUMERIC when no
 * cycle is found at p0 (no return within window, or shooting fails there),
 * EG_EINVAL for bad options, EG_ENOMEM. */
eg_status eg_cont_cycle_trace(const eg_cont_problem *prob, const eg_cont_cycle_opts *opts, eg_cont_cycle **out,
                              eg_error *err);

/* ---- The divergence of the period (cont_cycle_fit.c) --------------------- */

/* The two laws fitted, each with its offset T0:
 *   SNIC        T = T0 + C / √(s (p − p*))   (a saddle-node on the cycle)
 *   homoclinic  T = T0 − ln(s (p − p*)) / μ   (the cycle meets a saddle)
 * s = +1 when the cycle lives above p*, −1 below. */
typedef enum eg_cycle_law { EG_CYCLE_SNIC, EG_CYCLE_HOMOCLINIC } eg_cycle_law;

typedef struct eg_cycle_fit {
    eg_cycle_law law;
    double param;   /* p*, where T → ∞ */
    double coef;    /* C (SNIC) or 1/μ (homoclinic) */
    double offset;  /* T0 */
    double rms;     /* root mean square of (T_fit − T)/T over the points fitted */
} eg_cycle_fit;

const char *eg_cycle_law_name(eg_cycle_law law);

/* Fits `law` to the n ≥ 4 points (p, T) by least squares: for every trial p*
 * (on the side away from the points, s as above) T0 and the coefficient are
 * linear; p* minimises the relative residual (a scan in ln|p − p*| refined by
 * golden-section search). EG_EINVAL for fewer than 4 points or a side
 * without them all. */
eg_status eg_cycle_fit_law(eg_cycle_law law, const double *p, const double *T, size_t n, int side, eg_cycle_fit *fit,
                           eg_error *err);

/* Both laws fitted to the orbits of the branch nearer its end (the second
 * half, 4 at least), the side from the branch's direction; fits[law] receives
 * each, *used the orbits fitted. EG_EINVAL for fewer than 4 orbits. */
eg_status eg_cycle_divergence(const eg_cont_cycle *b, eg_cycle_fit fits[2], size_t *used, eg_error *err);

#endif
