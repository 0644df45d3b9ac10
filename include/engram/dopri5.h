/* engram/dopri5.h: the Dormand–Prince 5(4) explicit Runge–Kutta pair with
 * FSAL, the Hairer–Nørsett–Wanner error control and step-size controller,
 * Hairer's initial step and Shampine's 4th-order dense output (the method of
 * scipy's solve_ivp RK45 and of Hairer's DOPRI5). */
#ifndef ENGRAM_DOPRI5_H
#define ENGRAM_DOPRI5_H

#include <stddef.h>

#include "engram/dynsys.h"

/* Return codes besides the right-hand side's own (non-zero when it fails). */
#define EG_DOPRI5_OK 0
#define EG_DOPRI5_TOO_SMALL (-1) /* the step fell below 10 ulp of t */

/* A stepper's state: the last accepted step (t_old .. t, y_old .. y), its
 * seven stage derivatives (k[6] = f(t, y), the next step's first: FSAL) and
 * the step size the controller proposes next. */
typedef struct eg_dopri5 {
    size_t dim;
    double t, t_old;
    double h;              /* next step size to try (> 0) */
    double *y, *y_old;     /* dim each */
    double *k[7];          /* stage derivatives of the last step; k[0] = f(t_old, y_old) */
    double *tmp;           /* stage arguments and error terms */
    double *mem;           /* the one allocation behind the vectors */
    unsigned long accepted, rejected, evals; /* steps and evaluations of f so far */
} eg_dopri5;

eg_dopri5 *eg_dopri5_alloc(size_t dim);
void eg_dopri5_free(eg_dopri5 *s);

/* Starts (or restarts, after a jump of the input or of the state) at (t, y):
 * evaluates f there and, when adaptive, chooses the first step by Hairer's
 * algorithm (HNW I, §II.4) for the mixed tolerance atol + rtol·|y|, no longer
 * than t_end − t. Costs 1 evaluation of f, 2 when adaptive. */
int eg_dopri5_start(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double t, const double *y, double t_end,
                    double rtol, double atol, int adaptive);

/* One accepted adaptive step from s->t, not beyond t_end, retrying rejected
 * ones: 6 evaluations of f per attempt. The error of an attempt is the RMS
 * over units of e_i / (atol + rtol·max(|y_i|, |y_new,i|)); it is accepted
 * when below 1, and the next step is h·min(10, max(0.2, 0.9·err^(−1/5)))
 * (never growing right after a rejection). */
int eg_dopri5_step(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double t_end, double rtol, double atol);

/* One step of exactly h, without error control: 6 evaluations of f. */
int eg_dopri5_fixed_step(eg_dopri5 *s, eg_dyn_rhs_fn f, void *params, double h);

/* The state at t_old ≤ t ≤ t by the continuous extension of the last step
 * (4th order), into out (dim entries); exact copies at the step's ends. */
void eg_dopri5_dense(const eg_dopri5 *s, double t, double *out);

#endif
