/* cell.c: recurrent cells as discrete maps, with their Jacobians, in
 * PyTorch's equations (torch.nn.RNN, GRU, LSTM). Each gate's pre-activation
 * is a_k = W_ik u + b_ik + W_hk h + b_hk (rows k·H … (k+1)·H − 1 of the stacked
 * matrices), except the GRU's candidate, whose recurrent part is gated:
 * a_n = W_in u + b_in + r ⊙ (W_hn h + b_hn). The Jacobians follow by the
 * chain rule through each gate; σ' = σ(1 − σ), tanh' = 1 − tanh². */
#include "engram/cell.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "engram/rng.h"

size_t eg_cell_gates(eg_cell_kind kind)
{
    return kind == EG_CELL_GRU ? 3 : kind == EG_CELL_LSTM ? 4 : 1;
}

eg_cell *eg_cell_alloc(eg_cell_kind kind, size_t hidden, size_t input)
{
    eg_cell *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    size_t g = eg_cell_gates(kind), rows = g * hidden;
    c->kind = kind;
    c->hidden = hidden;
    c->input = input;
    c->gates = g;
    c->alpha = 1;
    c->w_ih = eg_matrix_alloc(rows, input);
    c->w_hh = eg_matrix_alloc(rows, hidden);
    c->b_ih = calloc(rows ? rows : 1, sizeof *c->b_ih);
    c->b_hh = calloc(rows ? rows : 1, sizeof *c->b_hh);
    if (!c->w_ih || !c->w_hh || !c->b_ih || !c->b_hh) {
        eg_cell_free(c);
        return NULL;
    }
    return c;
}

void eg_cell_free(eg_cell *c)
{
    if (!c)
        return;
    eg_matrix_free(c->w_ih);
    eg_matrix_free(c->w_hh);
    free(c->b_ih);
    free(c->b_hh);
    free(c);
}

const char *eg_cell_kind_name(eg_cell_kind kind)
{
    switch (kind) {
    case EG_CELL_RNN_TANH: return "tanh RNN";
    case EG_CELL_RNN_RELU: return "relu RNN";
    case EG_CELL_GRU: return "GRU";
    case EG_CELL_LSTM: return "LSTM";
    case EG_CELL_LEAKY_RELU: return "leaky relu rate network";
    }
    return "?";
}

size_t eg_cell_state_size(const eg_cell *c)
{
    return c->kind == EG_CELL_LSTM ? 2 * c->hidden : c->hidden;
}

static double sigmoid(double x)
{
    return 1 / (1 + exp(-x));
}

/* Row r of the input and recurrent parts of the pre-activations. */
static double input_part(const eg_cell *c, size_t r, const double *u)
{
    if (!u)
        return c->b_ih[r];
    return c->b_ih[r] + cblas_ddot((int)c->input, c->w_ih->data + r * c->input, 1, u, 1);
}

static double hidden_part(const eg_cell *c, size_t r, const double *h)
{
    return c->b_hh[r] + cblas_ddot((int)c->hidden, c->w_hh->data + r * c->hidden, 1, h, 1);
}

/* jac row i (width cols) += scale · (row r of the recurrent, or input, weights). */
static void add_row(double *row, const double *w, size_t cols, double scale)
{
    for (size_t j = 0; j < cols; j++)
        row[j] += scale * w[j];
}

static void step_rnn(const eg_cell *c, const double *h, const double *u, double *next, double *jac, double *jac_u)
{
    size_t n = c->hidden, m = c->input;
    for (size_t i = 0; i < n; i++) {
        double a = input_part(c, i, u) + hidden_part(c, i, h), y, dy;
        if (c->kind == EG_CELL_RNN_RELU) {
            y = a > 0 ? a : 0;
            dy = a > 0 ? 1 : 0;
        } else {
            y = tanh(a);
            dy = 1 - y * y;
        }
        next[i] = y;
        for (size_t j = 0; jac && j < n; j++)
            jac[i * n + j] = dy * c->w_hh->data[i * n + j];
        for (size_t j = 0; jac_u && j < m; j++)
            jac_u[i * m + j] = dy * c->w_ih->data[i * m + j];
    }
}

/* h' = (1 − α) h + α (W r + W_ih u + b) with r = relu(h): the rate network
 * τ dx/dt = −x + W relu(x) + W_ih u + b by Euler's method, as PsychRNN's Basic
 * model steps it. ∂h'/∂h = (1 − α) I + α W diag(relu'(h)), ∂h'/∂u = α W_ih. */
static void step_leaky(const eg_cell *c, const double *h, const double *u, double *next, double *jac, double *jac_u)
{
    size_t n = c->hidden, m = c->input;
    const double a = c->alpha, *w = c->w_hh->data;
    for (size_t i = 0; i < n; i++) {
        double drive = input_part(c, i, u) + c->b_hh[i];
        for (size_t j = 0; j < n; j++)
            drive += h[j] > 0 ? w[i * n + j] * h[j] : 0;
        next[i] = (1 - a) * h[i] + a * drive;
        for (size_t j = 0; jac && j < n; j++)
            jac[i * n + j] = (i == j ? 1 - a : 0) + (h[j] > 0 ? a * w[i * n + j] : 0);
        for (size_t j = 0; jac_u && j < m; j++)
            jac_u[i * m + j] = a * c->w_ih->data[i * m + j];
    }
}

/* h' = (1 − z) n + z h, with ∂h'/∂x = (1 − z) ∂n/∂x + (h − n) ∂z/∂x (+ z for x = h),
 * ∂n/∂x = (1 − n²) (∂a_n/∂x), ∂a_n/∂h = g ∂r/∂h + r W_hn, ∂a_n/∂u = W_in + g ∂r/∂u. */
static void step_gru(const eg_cell *c, const double *h, const double *u, double *next, double *jac, double *jac_u)
{
    size_t n = c->hidden, m = c->input;
    const double *whh = c->w_hh->data, *wih = c->w_ih->data;
    for (size_t i = 0; i < n; i++) {
        size_t ir = i, iz = n + i, in = 2 * n + i;
        double r = sigmoid(input_part(c, ir, u) + hidden_part(c, ir, h));
        double z = sigmoid(input_part(c, iz, u) + hidden_part(c, iz, h));
        double g = hidden_part(c, in, h);
        double nn = tanh(input_part(c, in, u) + r * g);
        next[i] = (1 - z) * nn + z * h[i];
        double dr = r * (1 - r), dz = z * (1 - z), dn = 1 - nn * nn;
        /* coefficients of each weight row in ∂h'_i */
        double c_r = (1 - z) * dn * g * dr, c_z = (h[i] - nn) * dz, c_n = (1 - z) * dn * r;
        if (jac) {
            double *row = jac + i * n;
            memset(row, 0, n * sizeof *row);
            add_row(row, whh + ir * n, n, c_r);
            add_row(row, whh + iz * n, n, c_z);
            add_row(row, whh + in * n, n, c_n);
            row[i] += z;
        }
        if (jac_u) {
            double *row = jac_u + i * m;
            memset(row, 0, m * sizeof *row);
            add_row(row, wih + ir * m, m, c_r);
            add_row(row, wih + iz * m, m, c_z);
            add_row(row, wih + in * m, m, (1 - z) * dn);
        }
    }
}

/* State (h, c). c' = f c + i g, h' = o tanh(c'):
 * ∂c'/∂x = c ∂f/∂x + g ∂i/∂x + i ∂g/∂x (+ f for x = c),
 * ∂h'/∂x = tanh(c') ∂o/∂x + o (1 − tanh²(c')) ∂c'/∂x. */
static void step_lstm(const eg_cell *c, const double *state, const double *u, double *next, double *jac,
                      double *jac_u)
{
    size_t n = c->hidden, m = c->input, s = 2 * n;
    const double *h = state, *cc = state + n, *whh = c->w_hh->data, *wih = c->w_ih->data;
    for (size_t k = 0; k < n; k++) {
        size_t ii = k, ff = n + k, gg = 2 * n + k, oo = 3 * n + k;
        double i = sigmoid(input_part(c, ii, u) + hidden_part(c, ii, h));
        double f = sigmoid(input_part(c, ff, u) + hidden_part(c, ff, h));
        double g = tanh(input_part(c, gg, u) + hidden_part(c, gg, h));
        double o = sigmoid(input_part(c, oo, u) + hidden_part(c, oo, h));
        double c2 = f * cc[k] + i * g, t = tanh(c2);
        next[k] = o * t;
        next[n + k] = c2;
        /* coefficients of the gate rows in ∂c'_k and ∂h'_k */
        double ci = g * i * (1 - i), cf = cc[k] * f * (1 - f), cg = i * (1 - g * g);
        double dt = o * (1 - t * t), co = t * o * (1 - o);
        if (jac) {
            double *hrow = jac + k * s, *crow = jac + (n + k) * s;
            memset(hrow, 0, s * sizeof *hrow);
            memset(crow, 0, s * sizeof *crow);
            add_row(crow, whh + ii * n, n, ci);
            add_row(crow, whh + ff * n, n, cf);
            add_row(crow, whh + gg * n, n, cg);
            crow[n + k] = f;
            for (size_t j = 0; j < s; j++)
                hrow[j] = dt * crow[j];
            add_row(hrow, whh + oo * n, n, co);
        }
        if (jac_u) {
            double *row = jac_u + k * m, *crow = jac_u + (n + k) * m;
            memset(row, 0, m * sizeof *row);
            memset(crow, 0, m * sizeof *crow);
            add_row(crow, wih + ii * m, m, ci);
            add_row(crow, wih + ff * m, m, cf);
            add_row(crow, wih + gg * m, m, cg);
            for (size_t j = 0; j < m; j++)
                row[j] = dt * crow[j];
            add_row(row, wih + oo * m, m, co);
        }
    }
}

void eg_cell_step(const eg_cell *c, const double *h, const double *u, double *next, double *jac, double *jac_u)
{
    switch (c->kind) {
    case EG_CELL_GRU: step_gru(c, h, u, next, jac, jac_u); break;
    case EG_CELL_LSTM: step_lstm(c, h, u, next, jac, jac_u); break;
    case EG_CELL_LEAKY_RELU: step_leaky(c, h, u, next, jac, jac_u); break;
    default: step_rnn(c, h, u, next, jac, jac_u); break;
    }
}

eg_status eg_cell_run(const eg_cell *c, const eg_matrix *input, eg_matrix **states, eg_error *err)
{
    size_t n = eg_cell_state_size(c), T = input->rows;
    if (input->cols != c->input)
        return eg_error_set(err, EG_EINVAL, "the input has %zu columns; the cell takes %zu inputs", input->cols,
                            c->input);
    eg_matrix *s = eg_matrix_alloc(T, n);
    double *h = calloc(n ? n : 1, sizeof *h);
    if (!s || !h) {
        eg_matrix_free(s);
        free(h);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu states of %zu units", T, n);
    }
    for (size_t t = 0; t < T; t++) {
        double *row = s->data + t * n;
        eg_cell_step(c, h, input->data + t * c->input, row, NULL, NULL);
        for (size_t i = 0; i < n; i++)
            if (!isfinite(row[i])) {
                eg_matrix_free(s);
                free(h);
                return eg_error_set(err, EG_ENUMERIC, "the state of unit %zu is not finite at step %zu", i, t);
            }
        memcpy(h, row, n * sizeof *h);
    }
    free(h);
    *states = s;
    return EG_OK;
}

eg_matrix *eg_cell_pulses(size_t steps, size_t inputs, double p, uint64_t seed)
{
    eg_matrix *u = eg_matrix_alloc(steps, inputs);
    gsl_rng *r = eg_rng_alloc(seed, EG_RNG_TASK, 0);
    if (!u || !r) {
        eg_matrix_free(u);
        if (r)
            gsl_rng_free(r);
        return NULL;
    }
    for (size_t k = 0; k < steps * inputs; k++) {
        double x = gsl_rng_uniform(r);
        u->data[k] = x < p ? 1.0 : x < 2 * p ? -1.0 : 0.0;
    }
    gsl_rng_free(r);
    return u;
}
