/* cell.c: recurrent cells as discrete maps, with their Jacobians. The
 * equations are PyTorch's (torch.nn.RNN): the pre-activation
 * a = W_ih u + b_ih + W_hh h + b_hh, then h' = φ(a) elementwise, so
 * ∂h'/∂h = diag(φ'(a)) W_hh and ∂h'/∂u = diag(φ'(a)) W_ih. */
#include "engram/cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

eg_cell *eg_cell_alloc(eg_cell_kind kind, size_t hidden, size_t input)
{
    eg_cell *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = kind;
    c->hidden = hidden;
    c->input = input;
    c->w_ih = eg_matrix_alloc(hidden, input);
    c->w_hh = eg_matrix_alloc(hidden, hidden);
    c->b_ih = calloc(hidden ? hidden : 1, sizeof *c->b_ih);
    c->b_hh = calloc(hidden ? hidden : 1, sizeof *c->b_hh);
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
    return kind == EG_CELL_RNN_RELU ? "relu RNN" : "tanh RNN";
}

size_t eg_cell_state_size(const eg_cell *c)
{
    return c->hidden;
}

void eg_cell_step(const eg_cell *c, const double *h, const double *u, double *next, double *jac, double *jac_u)
{
    size_t n = c->hidden, m = c->input;
    for (size_t i = 0; i < n; i++) {
        const double *whh = c->w_hh->data + i * n, *wih = c->w_ih->data + i * m;
        double a = c->b_ih[i] + c->b_hh[i];
        for (size_t j = 0; j < n; j++)
            a += whh[j] * h[j];
        for (size_t j = 0; u && j < m; j++)
            a += wih[j] * u[j];
        double y, dy;
        if (c->kind == EG_CELL_RNN_RELU) {
            y = a > 0 ? a : 0;
            dy = a > 0 ? 1 : 0;
        } else {
            y = tanh(a);
            dy = 1 - y * y;
        }
        next[i] = y;
        for (size_t j = 0; jac && j < n; j++)
            jac[i * n + j] = dy * whh[j];
        for (size_t j = 0; jac_u && j < m; j++)
            jac_u[i * m + j] = dy * wih[j];
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
