/* engram/lyapunov_flow.h: the Lyapunov exponents of a flow dx/dt = f(t, x)
 * per unit time: the variational equation Φ' = J(t, x(t)) Φ is integrated
 * with the state (n + n·k equations, one stepper of integrate.h) and Φ, k
 * tangent vectors, re-orthonormalised by a QR factorisation every `reortho`
 * time units; log|R_ii| summed over the averaging time T, divided by T,
 * converge to the k largest exponents (Benettin et al. 1980). */
#ifndef ENGRAM_LYAPUNOV_FLOW_H
#define ENGRAM_LYAPUNOV_FLOW_H

#include <stddef.h>

#include "engram/dynsys.h"
#include "engram/integrate.h"
#include "engram/lyapunov.h"
#include "engram/status.h"

typedef struct eg_lyap_flow_opts {
    size_t k;                /* exponents wanted, 1 … dim */
    double time;             /* time averaged over, > 0 */
    double transient;        /* time run first, not averaged (the tangent vectors align), >= 0 */
    double reortho;          /* time between factorisations, > 0 */
    size_t every;            /* record the running estimates every this many factorisations and
                              * after the last (0: not at all) */
    eg_integrate_opts integ; /* the stepper and its tolerances or fixed step; the time span and
                              * recording are set per interval */
} eg_lyap_flow_opts;

/* From x0 (sys->dim values) at t = 0. The result's exponents are per unit
 * time, decreasing; the history's column 0 is the time averaged so far.
 * *trace_mean (when not NULL) receives the time average of trace J along the
 * averaged part of the trajectory, which the sum of all dim exponents equals.
 * EG_EINVAL for k outside 1 … dim or times out of range; EG_ENUMERIC when the
 * integration fails or a tangent vector collapses (the message names the time). */
eg_status eg_lyapunov_flow(const eg_dyn_system *sys, const double *x0, const eg_lyap_flow_opts *opts,
                           eg_lyap_result **out, double *trace_mean, eg_error *err);

#endif
