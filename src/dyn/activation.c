/* activation.c: pointwise activations, derivatives, inverses and inverse integrals. */
#include "engram/activation.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_dilog.h>

static const char *const kind_names[] = {"linear", "tanh", "sigmoid", "relu",
                                         "threshold_linear", "softplus", "user"};

eg_activation eg_activation_default(eg_act_kind kind)
{
    eg_activation a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.gain = 1.0;
    a.threshold = 0.0;
    a.saturation = 1.0;
    a.fd_step = 1e-5;
    return a;
}

eg_status eg_activation_check(const eg_activation *a, eg_error *err)
{
    if (!a || (int)a->kind < 0 || a->kind > EG_ACT_USER)
        return eg_error_set(err, EG_EINVAL, "unknown activation kind");
    if (a->kind == EG_ACT_USER) {
        if (!a->user_f)
            return eg_error_set(err, EG_EINVAL, "a user activation needs a value callback");
        if (!a->user_df && !(a->fd_step > 0.0))
            return eg_error_set(err, EG_EINVAL, "a user activation without derivative needs fd_step > 0");
        return EG_OK;
    }
    if (!(a->gain > 0.0) || !isfinite(a->gain))
        return eg_error_set(err, EG_EINVAL, "activation gain must be positive and finite, got %g", a->gain);
    if (!isfinite(a->threshold))
        return eg_error_set(err, EG_EINVAL, "activation threshold must be finite");
    if (a->kind == EG_ACT_THRLIN && !(a->saturation > 0.0))
        return eg_error_set(err, EG_EINVAL, "threshold-linear saturation must be positive, got %g", a->saturation);
    return EG_OK;
}

eg_status eg_activation_kind_from_name(const char *name, eg_act_kind *kind, eg_error *err)
{
    for (size_t k = 0; name && k < sizeof kind_names / sizeof kind_names[0]; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (eg_act_kind)k;
            return EG_OK;
        }
    return eg_error_set(err, EG_EINVAL,
                        "unknown activation '%s' (valid: linear, tanh, sigmoid, relu, "
                        "threshold_linear, softplus, user)", name ? name : "");
}

const char *eg_activation_kind_name(eg_act_kind kind)
{
    if ((int)kind < 0 || kind > EG_ACT_USER)
        return "?";
    return kind_names[kind];
}

/* tanh from one exp, about twice as fast as libm's tanh (which goes through
 * expm1) and within a few ulp of it; rate networks spend most of a small
 * right-hand side here. (engram/vmath.h has a vectorised tanh for the long
 * batches of RNN training; on the short vectors of a small network, and one
 * value at a time in Jacobians, this one is faster: 79 against 102 ns per
 * right-hand side of a 10-unit network.) For |z| ≥ 1/8, tanh|z| = (1 − u)/(1 + u) with
 * u = e^{−2|z|} ∈ (0, 0.78]: 1 − u is exact for u ≥ 1/2 (Sterbenz) and well
 * conditioned below, and u underflowing to 0 gives 1. For |z| < 1/8 the odd
 * Taylor series to z^15 (coefficients 2^{2n}(2^{2n} − 1) B_{2n}/(2n)!), whose
 * first omitted term is below 3·10^-18 relative. */
static double tanh_exp(double z)
{
    double a = fabs(z);
    if (a < 0.125) {
        double s = z * z;
        double p = -929569.0 / 638512875.0;
        p = p * s + 21844.0 / 6081075.0;
        p = p * s - 1382.0 / 155925.0;
        p = p * s + 62.0 / 2835.0;
        p = p * s - 17.0 / 315.0;
        p = p * s + 2.0 / 15.0;
        p = p * s - 1.0 / 3.0;
        return z + z * s * p;
    }
    double u = exp(-2.0 * a);
    return copysign((1.0 - u) / (1.0 + u), z);
}

/* f and f' of the built-in kinds on z = g (x − θ). */
static double base_f(const eg_activation *a, double z)
{
    switch (a->kind) {
    case EG_ACT_LINEAR: return z;
    case EG_ACT_TANH: return tanh_exp(z);
    case EG_ACT_SIGMOID:
        /* Split by sign so that exp never overflows. */
        if (z >= 0.0)
            return 1.0 / (1.0 + exp(-z));
        else {
            double e = exp(z);
            return e / (1.0 + e);
        }
    case EG_ACT_RELU: return z > 0.0 ? z : 0.0;
    case EG_ACT_THRLIN: return z <= 0.0 ? 0.0 : (z >= a->saturation ? a->saturation : z);
    case EG_ACT_SOFTPLUS: return z > 0.0 ? z + log1p(exp(-z)) : log1p(exp(z));
    case EG_ACT_USER: break;
    }
    return NAN;
}

static double base_df(const eg_activation *a, double z)
{
    switch (a->kind) {
    case EG_ACT_LINEAR: return 1.0;
    case EG_ACT_TANH: {
        double t = tanh_exp(z);
        return 1.0 - t * t;
    }
    case EG_ACT_SIGMOID: {
        double s = base_f(a, z);
        return s * (1.0 - s);
    }
    case EG_ACT_RELU: return z >= 0.0 ? 1.0 : 0.0;
    case EG_ACT_THRLIN: return (z >= 0.0 && z < a->saturation) ? 1.0 : 0.0;
    case EG_ACT_SOFTPLUS: {
        /* softplus' is the logistic function. */
        eg_activation s = *a;
        s.kind = EG_ACT_SIGMOID;
        return base_f(&s, z);
    }
    case EG_ACT_USER: break;
    }
    return NAN;
}

double eg_activation_eval(const eg_activation *a, double x)
{
    if (a->kind == EG_ACT_USER)
        return a->user_f(x, a->user_ctx);
    return base_f(a, a->gain * (x - a->threshold));
}

void eg_activation_eval_n(const eg_activation *a, const double *x, double *y, size_t n)
{
    if (a->kind == EG_ACT_USER) {
        for (size_t i = 0; i < n; i++)
            y[i] = a->user_f(x[i], a->user_ctx);
    } else if (a->kind == EG_ACT_TANH && a->gain == 1.0 && a->threshold == 0.0) {
        for (size_t i = 0; i < n; i++)
            y[i] = tanh_exp(x[i]);
    } else {
        for (size_t i = 0; i < n; i++)
            y[i] = base_f(a, a->gain * (x[i] - a->threshold));
    }
}

double eg_activation_deriv(const eg_activation *a, double x)
{
    if (a->kind == EG_ACT_USER) {
        if (a->user_df)
            return a->user_df(x, a->user_ctx);
        double h = a->fd_step * (fabs(x) > 1.0 ? fabs(x) : 1.0);
        return (a->user_f(x + h, a->user_ctx) - a->user_f(x - h, a->user_ctx)) / (2.0 * h);
    }
    return a->gain * base_df(a, a->gain * (x - a->threshold));
}

int eg_activation_invertible(const eg_activation *a)
{
    return a->kind != EG_ACT_USER;
}

/* The range of f on which f⁻¹ (and its integral from 0) is defined. */
static int in_range(const eg_activation *a, double r)
{
    if (!isfinite(r))
        return 0;
    switch (a->kind) {
    case EG_ACT_LINEAR: return 1;
    case EG_ACT_TANH: return fabs(r) < 1.0;
    case EG_ACT_SIGMOID: return r > 0.0 && r < 1.0;
    case EG_ACT_RELU: return r >= 0.0;
    case EG_ACT_THRLIN: return r >= 0.0 && r <= a->saturation;
    case EG_ACT_SOFTPLUS: return r > 0.0;
    case EG_ACT_USER: break;
    }
    return 0;
}

eg_status eg_activation_inverse(const eg_activation *a, double r, double *x, eg_error *err)
{
    if (!eg_activation_invertible(a))
        return eg_error_set(err, EG_EINVAL, "activation '%s' has no inverse", eg_activation_kind_name(a->kind));
    if (!in_range(a, r))
        return eg_error_set(err, EG_EINVAL, "%g is outside the range of activation '%s'", r,
                            eg_activation_kind_name(a->kind));
    double z;
    switch (a->kind) {
    case EG_ACT_TANH: z = atanh(r); break;
    case EG_ACT_SIGMOID: z = log(r / (1.0 - r)); break;
    case EG_ACT_SOFTPLUS: z = r > 30.0 ? r + log1p(-exp(-r)) : log(expm1(r)); break;
    default: z = r; break; /* linear, relu, threshold-linear on their increasing branch */
    }
    *x = a->threshold + z / a->gain;
    return EG_OK;
}

eg_status eg_activation_inverse_integral(const eg_activation *a, double r, double *value, eg_error *err)
{
    if (!eg_activation_invertible(a))
        return eg_error_set(err, EG_EINVAL, "activation '%s' has no inverse", eg_activation_kind_name(a->kind));
    /* Softplus and sigmoid never reach 0, but their inverse is integrable there. */
    if (!(in_range(a, r) || (r == 0.0 && (a->kind == EG_ACT_SIGMOID || a->kind == EG_ACT_SOFTPLUS))))
        return eg_error_set(err, EG_EINVAL, "%g is outside the range of activation '%s'", r,
                            eg_activation_kind_name(a->kind));
    /* ∫_0^r φ⁻¹ = θ r + (1/g) ∫_0^r f⁻¹. */
    double F;
    switch (a->kind) {
    case EG_ACT_TANH: F = r * atanh(r) + 0.5 * log1p(-r * r); break;
    case EG_ACT_SIGMOID:
        F = (r > 0.0 ? r * log(r) : 0.0) + (r < 1.0 ? (1.0 - r) * log1p(-r) : 0.0);
        break;
    case EG_ACT_SOFTPLUS: F = 0.5 * r * r + gsl_sf_dilog(exp(-r)) - M_PI * M_PI / 6.0; break;
    default: F = 0.5 * r * r; break;
    }
    *value = a->threshold * r + F / a->gain;
    return EG_OK;
}
