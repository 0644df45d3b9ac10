/* engram/cell.h: recurrent cells as deep-learning frameworks define and save
 * them, as discrete maps h_{t+1} = F(h_t, u_t) with their Jacobians. */
#ifndef ENGRAM_CELL_H
#define ENGRAM_CELL_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

typedef enum eg_cell_kind {
    EG_CELL_RNN_TANH, /* h' = tanh(W_ih u + b_ih + W_hh h + b_hh)  (torch.nn.RNN) */
    EG_CELL_RNN_RELU  /* h' = max(0, W_ih u + b_ih + W_hh h + b_hh) (nonlinearity='relu') */
} eg_cell_kind;

/* A cell's weights; the struct owns its matrices and vectors. */
typedef struct eg_cell {
    eg_cell_kind kind;
    size_t hidden, input;
    eg_matrix *w_ih;      /* hidden × input */
    eg_matrix *w_hh;      /* hidden × hidden */
    double *b_ih, *b_hh;  /* hidden each; zeros for a cell saved without biases */
} eg_cell;

/* A cell of the given sizes with zero weights and biases; NULL when out of memory. */
eg_cell *eg_cell_alloc(eg_cell_kind kind, size_t hidden, size_t input);
/* Accepts NULL and half-built cells. */
void eg_cell_free(eg_cell *cell);
/* "tanh RNN", ... for messages. */
const char *eg_cell_kind_name(eg_cell_kind kind);

/* The dimension of the state the map acts on. */
size_t eg_cell_state_size(const eg_cell *cell);

/* One step: next = F(h, u) (u: `input` values, NULL for zero input). When jac
 * is not NULL it receives ∂F/∂h (state × state, row-major); when jac_u is not
 * NULL, ∂F/∂u (state × input). next may not alias h. */
void eg_cell_step(const eg_cell *cell, const double *h, const double *u, double *next, double *jac, double *jac_u);

/* Runs the cell from h = 0 over input (T × input), the states into *states
 * (T × state, row t the state after step t; new). EG_ENUMERIC when a state
 * stops being finite (the message names the step). */
eg_status eg_cell_run(const eg_cell *cell, const eg_matrix *input, eg_matrix **states, eg_error *err);

#endif
