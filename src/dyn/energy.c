/* energy.c: the continuous Hopfield energy (Lyapunov function) of a rate network. */
#include "engram/energy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Symmetric weights and an invertible activation: what both energies need. */
static eg_status check_weights(const eg_rate_net *net, eg_error *err);

static eg_status check_net(const eg_rate_net *net, eg_error *err)
{
    if (net->form != EG_RATE_VOLTAGE)
        return eg_error_set(err, EG_EINVAL, "the Hopfield energy is defined for the voltage form");
    return check_weights(net, err);
}

static eg_status check_weights(const eg_rate_net *net, eg_error *err)
{
    if (!eg_activation_invertible(&net->act))
        return eg_error_set(err, EG_EINVAL, "the Hopfield energy needs an invertible activation, not '%s'",
                            eg_activation_kind_name(net->act.kind));
    size_t n = net->n;
    const double *W = net->W->data;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double a = W[i * n + j], b = W[j * n + i];
            if (fabs(a - b) > 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b))))
                return eg_error_set(err, EG_EINVAL, "the Hopfield energy needs symmetric weights: W[%zu][%zu] = %g "
                                    "but W[%zu][%zu] = %g", i, j, a, j, i, b);
        }
    return EG_OK;
}

/* With r and the input in caller buffers (2n doubles). */
static eg_status energy_at(eg_rate_net *net, double t, const double *x, double *buf, double *E, eg_error *err)
{
    size_t n = net->n;
    double *r = buf, *in = buf + n;
    memset(in, 0, n * sizeof *in);
    eg_input_eval(net->input, t, in);
    for (size_t i = 0; i < n; i++)
        r[i] = eg_activation_eval(&net->act, x[i]);
    double e = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wr = 0.0;
        for (size_t j = 0; j < n; j++)
            wr += net->W->data[i * n + j] * r[j];
        double leak;
        eg_status st = eg_activation_inverse_integral(&net->act, r[i], &leak, err);
        if (st != EG_OK)
            return st;
        e += -0.5 * r[i] * wr - (net->bias[i] + in[i]) * r[i] + net->leak[i] * leak;
    }
    *E = e;
    return EG_OK;
}

eg_status eg_energy_hopfield(eg_rate_net *net, double t, const double *x, double *E, eg_error *err)
{
    eg_status st = check_net(net, err);
    if (st != EG_OK)
        return st;
    double *buf = malloc(2 * net->n * sizeof *buf);
    if (!buf)
        return eg_error_set(err, EG_ENOMEM, "out of memory for an energy");
    st = energy_at(net, t, x, buf, E, err);
    free(buf);
    return st;
}

eg_status eg_energy_along(eg_rate_net *net, const eg_trajectory *tr, eg_matrix **out, eg_error *err)
{
    *out = NULL;
    eg_status st = check_net(net, err);
    if (st != EG_OK)
        return st;
    if (tr->states->cols != net->n)
        return eg_error_set(err, EG_EINVAL, "trajectory has %zu units, network %zu", tr->states->cols, net->n);
    eg_matrix *E = eg_matrix_alloc(tr->count, 1);
    double *buf = malloc(2 * net->n * sizeof *buf);
    if (!E || !buf) {
        eg_matrix_free(E);
        free(buf);
        return eg_error_set(err, EG_ENOMEM, "out of memory for energies");
    }
    for (size_t k = 0; k < tr->count && st == EG_OK; k++)
        st = energy_at(net, tr->times->data[k], &tr->states->data[k * net->n], buf, &E->data[k], err);
    free(buf);
    if (st != EG_OK) {
        eg_matrix_free(E);
        return st;
    }
    *out = E;
    return EG_OK;
}

/* E(r) = −½ rᵀWr − (b + I)ᵀr + Σ_i (1/λ_i) ∫_0^{λ_i r_i} φ⁻¹(v) dv: its gradient
 * φ⁻¹(λ_i r_i) − u_i has the sign of λ_i r_i − φ(u_i), the opposite of dr_i/dt,
 * so it never increases along the rate form's trajectories, and its critical
 * points are the fixed points λ r = φ(W r + b + I). */
eg_status eg_energy_rates(eg_rate_net *net, double t, const double *r, double *E, eg_error *err)
{
    eg_status st = check_weights(net, err);
    if (st != EG_OK)
        return st;
    size_t n = net->n;
    double *in = calloc(n, sizeof *in);
    if (!in)
        return eg_error_set(err, EG_ENOMEM, "out of memory for an energy");
    eg_input_eval(net->input, t, in);
    double e = 0.0;
    for (size_t i = 0; i < n && st == EG_OK; i++) {
        double wr = 0.0, leak = net->leak[i], integral = 0.0;
        for (size_t j = 0; j < n; j++)
            wr += net->W->data[i * n + j] * r[j];
        if (!(leak > 0))
            st = eg_error_set(err, EG_EINVAL, "the rate-form energy needs a positive leak, unit %zu has %g", i, leak);
        else
            st = eg_activation_inverse_integral(&net->act, leak * r[i], &integral, err);
        e += -0.5 * r[i] * wr - (net->bias[i] + in[i]) * r[i] + integral / leak;
    }
    free(in);
    if (st == EG_OK)
        *E = e;
    return st;
}
