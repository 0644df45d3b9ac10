/* engram/integrate.h: integration of an eg_dyn_system with GSL's odeiv2 steppers
 * (adaptive or fixed step) or Euler–Maruyama with additive noise, recorded on
 * a grid of its own. */
#ifndef ENGRAM_INTEGRATE_H
#define ENGRAM_INTEGRATE_H

#include <stddef.h>
#include <stdint.h>

#include "engram/dynsys.h"
#include "engram/matrix.h"
#include "engram/status.h"

/* Options; fill with eg_integrate_opts_default() and change fields. */
typedef struct eg_integrate_opts {
    const char *method;        /* a stepper of EG_STEPPERS: GSL odeiv2's rk2, rk4, rkf45, rkck,
                                * rk8pd, rk1imp, rk2imp, rk4imp, bsimp, msadams, msbdf, or
                                * engram's dopri5; default (and NULL) "rk8pd". Implicit ones
                                * get sys->jac (or finite differences). */
    double t0, t1;             /* time span, default 0 .. 1 */
    double dt_record;          /* the state is recorded at t0 + k·dt_record and at t1;
                                * default 0.01 */
    double rtol, atol;         /* adaptive error control (gsl_odeiv2_control_y_new),
                                * default 1e-8 and 1e-10 */
    double h0;                 /* first trial step of adaptive stepping, default 1e-3 (dopri5
                                * chooses its own by Hairer's algorithm) */
    double fixed_step;         /* > 0: fixed steps of (at most) this size, no error control
                                * (GSL's fixed-step evolve without its controller, which would
                                * otherwise reject steps; msadams/msbdf still use rtol/atol to
                                * choose their order). rk4 with a fixed step is the classical
                                * 4-stage Runge–Kutta method, 4 evaluations of f per step: GSL's
                                * rk4 stepper would spend 12 on an error estimate by step
                                * doubling that a fixed-step run does not use */
    unsigned long max_steps;   /* solver steps before giving up, default 10^8 */
    double converge_tol;       /* > 0: stop at a recording time when ‖dx/dt‖∞ < converge_tol */
    double diverge_bound;      /* > 0: stop when some |x_i| > diverge_bound (checked every step) */
    double noise_sigma;        /* > 0: dx = f dt + σ dW by Euler–Maruyama with fixed_step
                                * (GSL has no SDE stepper; method is then not used) */
    const double *noise_units; /* per-unit σ instead of noise_sigma (dim entries), borrowed */
    uint64_t seed;             /* noise stream: eg_rng_alloc(seed, EG_RNG_NOISE, noise_index) */
    uint64_t noise_index;
} eg_integrate_opts;

typedef enum eg_stop_reason {
    EG_STOP_END,       /* reached t1 */
    EG_STOP_CONVERGED, /* ‖dx/dt‖∞ fell below converge_tol */
    EG_STOP_DIVERGED,  /* a state exceeded diverge_bound or a value became NaN/Inf */
    EG_STOP_FAILED     /* the stepper failed (step size underflow, too many steps) */
} eg_stop_reason;

/* A recorded run; owns its matrices. */
typedef struct eg_trajectory {
    eg_matrix *times;    /* count × 1 */
    eg_matrix *states;   /* count × dim, row k is the state at times[k] */
    size_t count;        /* rows recorded (= times->rows = states->rows) */
    int complete;        /* 1 when the run ended by EG_STOP_END or EG_STOP_CONVERGED */
    eg_stop_reason stop;
    double t_stop;       /* time at which the run stopped */
    size_t unit;         /* the offending unit for EG_STOP_DIVERGED */
    unsigned long steps; /* solver steps taken */
} eg_trajectory;

eg_integrate_opts eg_integrate_opts_default(void);
void eg_trajectory_free(eg_trajectory *tr);
/* The largest range (max − min over the recorded rows) of the first n
 * components of the states: an orbit's amplitude in its widest unit. */
double eg_trajectory_amplitude(const eg_trajectory *tr, size_t n);

/* The steppers, one row each: X(name, impl, own_fixed, doc). impl is gsl (the
 * step type is gsl_odeiv2_step_<name>, driven by GSL's evolve and controller)
 * or engram (engram's own stepper, adaptive and fixed: dopri5.h), so the valid
 * names, their help and the dispatch all come from this table. own_fixed: with
 * a fixed step, engram takes the steps itself (rk4: the classical 4-stage
 * method, 4 evaluations of f per step, without GSL's error estimate). */
#define EG_STEPPERS(X)                                                                                \
    X(rk2, gsl, 0, "explicit embedded Runge–Kutta (2, 3)")                                            \
    X(rk4, gsl, 1, "explicit 4th-order Runge–Kutta (fixed steps: the classical 4-stage method)")      \
    X(rkf45, gsl, 0, "explicit embedded Runge–Kutta–Fehlberg (4, 5)")                                 \
    X(rkck, gsl, 0, "explicit embedded Runge–Kutta Cash–Karp (4, 5)")                                 \
    X(rk8pd, gsl, 0, "explicit embedded Runge–Kutta Prince–Dormand (8, 9)")                           \
    X(dopri5, engram, 1,                                                                              \
      "explicit Dormand–Prince 5(4) with FSAL and dense output (scipy's RK45), engram's own")        \
    X(rk1imp, gsl, 0, "implicit Gaussian 1st-order Runge–Kutta (backward Euler)")                     \
    X(rk2imp, gsl, 0, "implicit Gaussian 2nd-order Runge–Kutta (midpoint)")                           \
    X(rk4imp, gsl, 0, "implicit Gaussian 4th-order Runge–Kutta")                                      \
    X(bsimp, gsl, 0, "implicit Bulirsch–Stoer (Bader–Deuflhard), for stiff systems")                  \
    X(msadams, gsl, 0, "variable-order linear multistep Adams (non-stiff)")                           \
    X(msbdf, gsl, 0, "variable-order linear multistep backward differentiation (stiff)")

/* Looks a stepper name up; EG_EINVAL listing the valid names when unknown. */
eg_status eg_integrate_method_check(const char *method, eg_error *err);
/* The valid names, NULL-terminated, in the table's order. */
const char *const *eg_integrate_methods(void);
/* The help line of a stepper name (NULL when unknown). */
const char *eg_integrate_method_doc(const char *method);
/* 1 when engram takes every step of the stepper itself (impl engram: dopri5),
 * which has no part in Euler–Maruyama's noisy integration. */
int eg_integrate_method_own(const char *method);

/* Integrates sys from x0 (dim entries, copied) over [t0, t1] and returns the
 * trajectory in *out (caller frees with eg_trajectory_free). Integration stops
 * and restarts at every breakpoint of sys->input, so steps never straddle a
 * discontinuity of the input, and clamp cues are applied there. On divergence,
 * a non-finite value or a stepper failure the result is EG_ENUMERIC with a
 * message naming the time (and the unit), and *out still holds the rows
 * recorded so far with complete = 0. EG_EINVAL for bad options. */
eg_status eg_integrate(const eg_dyn_system *sys, const double *x0, const eg_integrate_opts *opts,
                       eg_trajectory **out, eg_error *err);

/* Overlaps of the recorded states with K patterns (rows of patterns, K × m,
 * m ≤ dim), m_k(t) = (1/m) Σ_i ξ_{k,i} x_{offset+i}(t): a count × K matrix in *out.
 * EG_EINVAL when offset + m > dim. */
eg_status eg_trajectory_overlaps(const eg_trajectory *tr, const eg_matrix *patterns, size_t offset,
                                 eg_matrix **out, eg_error *err);

#endif
