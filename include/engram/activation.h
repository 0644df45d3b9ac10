/* engram/activation.h: pointwise activation functions φ, their derivatives and
 * the inverse integrals the continuous Hopfield energy needs (docs/science.md, "Continuous-time rate networks"). */
#ifndef ENGRAM_ACTIVATION_H
#define ENGRAM_ACTIVATION_H

#include <stddef.h>

#include "engram/status.h"

/* Every built-in kind is φ(x) = f(g (x − θ)) with gain g > 0 and threshold θ,
 * so "sigmoid with gain 4 and threshold 0.5" is f = logistic, g = 4, θ = 0.5. */
typedef enum eg_act_kind {
    EG_ACT_LINEAR,   /* f(z) = z */
    EG_ACT_TANH,     /* f(z) = tanh z */
    EG_ACT_SIGMOID,  /* f(z) = 1 / (1 + e^{−z}) */
    EG_ACT_RELU,     /* f(z) = max(0, z) */
    EG_ACT_THRLIN,   /* f(z) = min(max(0, z), saturation): threshold-linear, saturating */
    EG_ACT_SOFTPLUS, /* f(z) = log(1 + e^{z}) */
    EG_ACT_USER      /* φ(x) = user_f(x) (gain and threshold are not applied) */
} eg_act_kind;

/* A scalar callback supplied by the caller (the model language's evaluator). */
typedef double (*eg_act_fn)(double x, void *ctx);

/* A plain value; fill it with eg_activation_default() and change fields. */
typedef struct eg_activation {
    eg_act_kind kind;
    double gain;       /* g, default 1; must be > 0 */
    double threshold;  /* θ, default 0 */
    double saturation; /* ceiling of EG_ACT_THRLIN, default 1; must be > 0 */
    eg_act_fn user_f;  /* EG_ACT_USER: φ(x); borrowed, required */
    eg_act_fn user_df; /* EG_ACT_USER: φ'(x); borrowed, optional: when NULL the
                        * derivative is a central finite difference with step
                        * fd_step·max(1, |x|) */
    void *user_ctx;    /* passed to both callbacks; borrowed */
    double fd_step;    /* default 1e-5 */
} eg_activation;

/* Defaults for a kind (gain 1, threshold 0, saturation 1, fd_step 1e-5, no callbacks). */
eg_activation eg_activation_default(eg_act_kind kind);
/* EG_EINVAL when a parameter is out of its domain (gain ≤ 0, missing user_f, ...). */
eg_status eg_activation_check(const eg_activation *a, eg_error *err);
/* Maps "linear", "tanh", "sigmoid", "relu", "threshold_linear", "softplus",
 * "user" to a kind; EG_EINVAL listing the valid names otherwise. */
eg_status eg_activation_kind_from_name(const char *name, eg_act_kind *kind, eg_error *err);
const char *eg_activation_kind_name(eg_act_kind kind);

/* φ(x) and φ'(x). (For ReLU and threshold-linear, φ' at a kink is taken as
 * the right-hand derivative.) */
double eg_activation_eval(const eg_activation *a, double x);
/* y_i = φ(x_i) for n values, the same numbers as eg_activation_eval with the
 * kind dispatched once (x and y may be the same array). */
void eg_activation_eval_n(const eg_activation *a, const double *x, double *y, size_t n);
double eg_activation_deriv(const eg_activation *a, double x);

/* Whether φ has the inverse on its range that the energy needs: every built-in
 * kind does on the open range where it is strictly increasing (for ReLU and
 * threshold-linear the branch r > 0 resp. 0 < r < saturation, extended to r = 0);
 * EG_ACT_USER does not. */
int eg_activation_invertible(const eg_activation *a);
/* φ⁻¹(r); EG_EINVAL when r is outside the range or φ is not invertible. */
eg_status eg_activation_inverse(const eg_activation *a, double r, double *x, eg_error *err);
/* ∫_0^r φ⁻¹(u) du in closed form (the leak term of the continuous Hopfield
 * energy, docs/science.md, "Continuous-time rate networks"; Hopfield 1984). For softplus this uses the dilogarithm:
 * ∫_0^r f⁻¹ = r²/2 + Li₂(e^{−r}) − π²/6. EG_EINVAL outside the range. */
eg_status eg_activation_inverse_integral(const eg_activation *a, double r, double *value, eg_error *err);

#endif
