/* engram/dynsys.h: the right-hand side of an ODE system dx/dt = f(t, x), the
 * common currency of the integrator, the fixed-point search and the phase plane. */
#ifndef ENGRAM_DYNSYS_H
#define ENGRAM_DYNSYS_H

#include <stddef.h>

#include "engram/input.h"
#include "engram/status.h"

/* Same signatures as gsl_odeiv2_system's callbacks: return GSL_SUCCESS, or
 * GSL_EBADFUNC when a value is not finite. J is dim × dim row-major
 * (J[i*dim + j] = ∂f_i/∂x_j) and dfdt receives ∂f/∂t. */
typedef int (*eg_dyn_rhs_fn)(double t, const double *x, double *f, void *params);
typedef int (*eg_dyn_jac_fn)(double t, const double *x, double *J, double *dfdt, void *params);

/* A plain value describing a system; everything it points to is borrowed and
 * must outlive its use. */
typedef struct eg_dyn_system {
    size_t dim;
    eg_dyn_rhs_fn rhs;         /* required */
    eg_dyn_jac_fn jac;         /* optional: when NULL, finite differences are used */
    void *params;              /* passed to both */
    const eg_input_set *input; /* optional: its breakpoints split integration and
                                * its clamp cues are applied at those times */
} eg_dyn_system;

/* The Jacobian of sys at (t, x) into J (dim × dim) and dfdt (may be NULL):
 * the analytic one when sys->jac is set, otherwise central finite differences
 * with step 1e-6·max(1, |x_j|) (and 1e-6·max(1,|t|) in t). EG_ENUMERIC when
 * the right-hand side fails, EG_ENOMEM. */
eg_status eg_dyn_jacobian(const eg_dyn_system *sys, double t, const double *x, double *J, double *dfdt,
                          eg_error *err);
/* Finite-difference Jacobian regardless of sys->jac (for checking an analytic one). */
eg_status eg_dyn_jacobian_fd(const eg_dyn_system *sys, double t, const double *x, double *J, double *dfdt,
                             eg_error *err);

#endif
