/* engram/rate.h: continuous-time rate networks in voltage or rate form (docs/science.md, "Continuous-time rate networks"). */
#ifndef ENGRAM_RATE_H
#define ENGRAM_RATE_H

#include <stddef.h>

#include "engram/activation.h"
#include "engram/dynsys.h"
#include "engram/input.h"
#include "engram/matrix.h"
#include "engram/status.h"

typedef enum eg_rate_form {
    EG_RATE_VOLTAGE, /* τ ⊙ dx/dt = −λ ⊙ x + W φ(x) + b + I(t) */
    EG_RATE_RATE     /* τ ⊙ dr/dt = −λ ⊙ r + φ(W r + b + I(t)) */
} eg_rate_form;

/* A network of n units. eg_rate_alloc fills the defaults below; the caller
 * then writes fields directly. The struct owns W, bias, tau and leak (free
 * them only through eg_rate_free); input is borrowed. */
typedef struct eg_rate_net {
    size_t n;
    eg_rate_form form;         /* default EG_RATE_VOLTAGE */
    eg_activation act;         /* default linear */
    eg_matrix *W;              /* n × n, default zero; W[i][j] is the weight from j to i */
    double *bias;              /* b, n entries, default 0 */
    double *tau;               /* τ per unit, default 1 (eg_rate_set_tau for a scalar) */
    double *leak;              /* λ per unit, default 1 (eg_rate_set_leak for a scalar) */
    const eg_input_set *input; /* I(t) and cues, borrowed, NULL for none; its n must match */
    double *scratch;           /* private workspace */
    float *W32;                /* NULL, or W in single precision (eg_rate_use_single): then the
                                * right-hand side and the Jacobian use it, with cblas_sgemv */
    float *scratch32;          /* private workspace of the single-precision product */
    int W_borrowed;            /* W's data is a caller's array, read in place for a run: only
                                * the struct W is freed, never its data (and W is never written) */
} eg_rate_net;

/* NULL when out of memory or n = 0. */
eg_rate_net *eg_rate_alloc(size_t n);
void eg_rate_free(eg_rate_net *net);
void eg_rate_set_tau(eg_rate_net *net, double tau);
void eg_rate_set_leak(eg_rate_net *net, double leak);
/* From now on the right-hand side multiplies by W rounded to float
 * (cblas_sgemv, half the memory traffic of a dense W φ): φ(x) (or r) is
 * rounded to float per evaluation and the product added to the double state;
 * the Jacobian uses the same rounded weights. Copies W as it is now: call it
 * again after changing W. EG_EINVAL when a weight exceeds FLT_MAX or is not
 * finite, EG_ENOMEM. */
eg_status eg_rate_use_single(eg_rate_net *net, eg_error *err);
/* EG_EINVAL when τ ≤ 0, a value is not finite, the activation is invalid or the input size differs. */
eg_status eg_rate_check(const eg_rate_net *net, eg_error *err);

/* dx/dt at (t, x) into f (n entries), including cues. EG_ENUMERIC when a value is not finite. */
eg_status eg_rate_rhs(eg_rate_net *net, double t, const double *x, double *f, eg_error *err);
/* The analytic Jacobian ∂f/∂x (n × n row-major) and ∂f/∂t (may be NULL):
 * voltage form J = diag(1/τ)(−diag λ + W diag φ'(x)) (docs/science.md, "Continuous-time rate networks");
 * rate form J = diag(1/τ)(−diag λ + diag φ'(u) W) with u = W r + b + I. */
eg_status eg_rate_jacobian(eg_rate_net *net, double t, const double *x, double *J, double *dfdt, eg_error *err);
/* The system view for the integrator and the fixed-point search (borrows net;
 * the network must not be freed while the system is in use). */
eg_status eg_rate_system(eg_rate_net *net, eg_dyn_system *sys, eg_error *err);

#endif
