/* rate.c: right-hand sides and Jacobians of rate networks in voltage and rate form. */
#include "engram/rate.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <gsl/gsl_errno.h>

#include "engram/numerics.h"

eg_rate_net *eg_rate_alloc(size_t n)
{
    if (n == 0)
        return NULL;
    eg_rate_net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->n = n;
    net->form = EG_RATE_VOLTAGE;
    net->act = eg_activation_default(EG_ACT_LINEAR);
    net->W = eg_matrix_alloc(n, n);
    net->bias = calloc(n, sizeof *net->bias);
    net->tau = malloc(n * sizeof *net->tau);
    net->leak = malloc(n * sizeof *net->leak);
    net->scratch = malloc(2 * n * sizeof *net->scratch);
    if (!net->W || !net->bias || !net->tau || !net->leak || !net->scratch) {
        eg_rate_free(net);
        return NULL;
    }
    eg_rate_set_tau(net, 1.0);
    eg_rate_set_leak(net, 1.0);
    return net;
}

void eg_rate_free(eg_rate_net *net)
{
    if (!net)
        return;
    if (net->W_borrowed)
        free(net->W);
    else
        eg_matrix_free(net->W);
    free(net->bias);
    free(net->tau);
    free(net->leak);
    free(net->scratch);
    free(net->W32);
    free(net->scratch32);
    free(net);
}

void eg_rate_set_tau(eg_rate_net *net, double tau)
{
    for (size_t i = 0; i < net->n; i++)
        net->tau[i] = tau;
}

void eg_rate_set_leak(eg_rate_net *net, double leak)
{
    for (size_t i = 0; i < net->n; i++)
        net->leak[i] = leak;
}

eg_status eg_rate_use_single(eg_rate_net *net, eg_error *err)
{
    size_t n = net->n;
    if (!net->W || net->W->rows != n || net->W->cols != n)
        return eg_error_set(err, EG_EINVAL, "rate network weights must be %zu × %zu", n, n);
    for (size_t k = 0; k < n * n; k++)
        if (!(fabs(net->W->data[k]) <= FLT_MAX))
            return eg_error_set(err, EG_EINVAL, "weight (%zu, %zu) = %g does not fit single precision", k / n, k % n,
                                net->W->data[k]);
    if (!net->W32) {
        float *w = malloc(n * n * sizeof *w), *s = malloc(2 * n * sizeof *s);
        if (!w || !s) {
            free(w);
            free(s);
            return eg_error_set(err, EG_ENOMEM, "out of memory for single-precision weights of %zu × %zu", n, n);
        }
        net->W32 = w;
        net->scratch32 = s;
    }
    for (size_t k = 0; k < n * n; k++)
        net->W32[k] = (float)net->W->data[k];
    return EG_OK;
}

eg_status eg_rate_check(const eg_rate_net *net, eg_error *err)
{
    if (!net || !net->W || net->W->rows != net->n || net->W->cols != net->n)
        return eg_error_set(err, EG_EINVAL, "rate network weights must be %zu × %zu", net ? net->n : 0,
                            net ? net->n : 0);
    for (size_t i = 0; i < net->n; i++) {
        if (!(net->tau[i] > 0.0) || !isfinite(net->tau[i]))
            return eg_error_set(err, EG_EINVAL, "tau of unit %zu must be positive and finite, got %g", i,
                                net->tau[i]);
        if (!isfinite(net->leak[i]) || !isfinite(net->bias[i]))
            return eg_error_set(err, EG_EINVAL, "leak and bias of unit %zu must be finite", i);
    }
    for (size_t k = 0; k < net->n * net->n; k++)
        if (!isfinite(net->W->data[k]))
            return eg_error_set(err, EG_EINVAL, "weight (%zu, %zu) is not finite", k / net->n, k % net->n);
    if (net->form != EG_RATE_VOLTAGE && net->form != EG_RATE_RATE)
        return eg_error_set(err, EG_EINVAL, "unknown rate-network form");
    if (net->input && net->input->n != net->n)
        return eg_error_set(err, EG_EINVAL, "input is for %zu units, network has %zu", net->input->n, net->n);
    return eg_activation_check(&net->act, err);
}

/* When φ of unit i is not finite, marks f so that only f_i is (a matrix
 * product would smear the NaN over every unit) and the caller can name i. */
static int blame(const double *v, double *f, size_t n)
{
    if (eg_all_finite(v, n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) {
            for (size_t j = 0; j < n; j++)
                f[j] = j == i ? NAN : 0.0;
            return 1;
        }
    return 0;
}

/* Networks up to this size multiply by W with plain loops: a cblas_dgemv call
 * has a fixed cost of about 100 ns, more than the whole 10 × 10 product. */
enum { SMALL_N = 32 };

/* y += W v, with W in double, or its single-precision copy and cblas_sgemv
 * (v rounded to float on the way in, the product added in double). */
static void add_Wv(eg_rate_net *net, const double *v, double *y)
{
    size_t n = net->n;
    if (net->W32) {
        float *vf = net->scratch32, *yf = vf + n;
        for (size_t i = 0; i < n; i++)
            vf[i] = (float)v[i];
        cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, 1.0f, net->W32, (int)n, vf, 1, 0.0f, yf, 1);
        for (size_t i = 0; i < n; i++)
            y[i] += (double)yf[i];
    } else if (n <= SMALL_N) {
        const double *W = net->W->data;
        for (size_t i = 0; i < n; i++) {
            double s = 0.0;
            for (size_t j = 0; j < n; j++)
                s += W[i * n + j] * v[j];
            y[i] += s;
        }
    } else {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, 1.0, net->W->data, (int)n, v, 1, 1.0, y, 1);
    }
}

/* The GSL-shaped right-hand side; net->scratch holds I(t) then φ(x) or u. */
static int rate_rhs_gsl(double t, const double *x, double *f, void *params)
{
    eg_rate_net *net = params;
    size_t n = net->n;
    double *in = net->scratch, *v = net->scratch + n;
    if (net->input) {
        memset(in, 0, n * sizeof *in);
        eg_input_eval(net->input, t, in);
    }
    if (net->form == EG_RATE_VOLTAGE) {
        eg_activation_eval_n(&net->act, x, v, n);
        if (blame(v, f, n))
            return GSL_EBADFUNC;
        if (net->input)
            for (size_t i = 0; i < n; i++)
                f[i] = net->bias[i] + in[i] - net->leak[i] * x[i];
        else
            for (size_t i = 0; i < n; i++)
                f[i] = net->bias[i] - net->leak[i] * x[i];
        add_Wv(net, v, f);
    } else {
        memcpy(v, net->bias, n * sizeof *v);
        if (net->input)
            for (size_t i = 0; i < n; i++)
                v[i] += in[i];
        add_Wv(net, x, v);
        eg_activation_eval_n(&net->act, v, v, n);
        for (size_t i = 0; i < n; i++)
            f[i] = v[i] - net->leak[i] * x[i];
    }
    for (size_t i = 0; i < n; i++)
        f[i] /= net->tau[i];
    eg_input_cue_rhs(net->input, t, x, f);
    return eg_all_finite(f, n) ? GSL_SUCCESS : GSL_EBADFUNC;
}

static int rate_jac_gsl(double t, const double *x, double *J, double *dfdt, void *params)
{
    eg_rate_net *net = params;
    size_t n = net->n;
    double *in = net->scratch, *u = net->scratch + n;
    /* The weights the right-hand side uses: with single precision, W rounded to float. */
    const double *W = net->W->data;
    const float *W32 = net->W32;
#define W_AT(k) (W32 ? (double)W32[k] : W[k])
    if (net->form == EG_RATE_VOLTAGE) {
        for (size_t j = 0; j < n; j++)
            u[j] = eg_activation_deriv(&net->act, x[j]);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                J[i * n + j] = (W_AT(i * n + j) * u[j] - (i == j ? net->leak[i] : 0.0)) / net->tau[i];
        if (dfdt) {
            memset(dfdt, 0, n * sizeof *dfdt);
            eg_input_eval_dt(net->input, t, dfdt);
            for (size_t i = 0; i < n; i++)
                dfdt[i] /= net->tau[i];
        }
    } else {
        memset(in, 0, n * sizeof *in);
        eg_input_eval(net->input, t, in);
        for (size_t i = 0; i < n; i++)
            u[i] = net->bias[i] + in[i];
        add_Wv(net, x, u);
        for (size_t i = 0; i < n; i++)
            u[i] = eg_activation_deriv(&net->act, u[i]);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                J[i * n + j] = (u[i] * W_AT(i * n + j) - (i == j ? net->leak[i] : 0.0)) / net->tau[i];
        if (dfdt) {
            memset(dfdt, 0, n * sizeof *dfdt);
            eg_input_eval_dt(net->input, t, dfdt);
            for (size_t i = 0; i < n; i++)
                dfdt[i] *= u[i] / net->tau[i];
        }
    }
#undef W_AT
    eg_input_cue_jacobian(net->input, t, J);
    if (dfdt)
        eg_input_cue_dfdt(net->input, t, dfdt);
    for (size_t k = 0; k < n * n; k++)
        if (!isfinite(J[k]))
            return GSL_EBADFUNC;
    return GSL_SUCCESS;
}

eg_status eg_rate_rhs(eg_rate_net *net, double t, const double *x, double *f, eg_error *err)
{
    if (rate_rhs_gsl(t, x, f, net) != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "rate network right-hand side is not finite at t = %g", t);
    return EG_OK;
}

eg_status eg_rate_jacobian(eg_rate_net *net, double t, const double *x, double *J, double *dfdt, eg_error *err)
{
    if (rate_jac_gsl(t, x, J, dfdt, net) != GSL_SUCCESS)
        return eg_error_set(err, EG_ENUMERIC, "rate network Jacobian is not finite at t = %g", t);
    return EG_OK;
}

eg_status eg_rate_system(eg_rate_net *net, eg_dyn_system *sys, eg_error *err)
{
    eg_status st = eg_rate_check(net, err);
    if (st != EG_OK)
        return st;
    sys->dim = net->n;
    sys->rhs = rate_rhs_gsl;
    sys->jac = rate_jac_gsl;
    sys->params = net;
    sys->input = net->input;
    return EG_OK;
}
