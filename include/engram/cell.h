/* engram/cell.h: recurrent cells as deep-learning frameworks define and save
 * them, as discrete maps h_{t+1} = F(h_t, u_t) with their Jacobians. */
#ifndef ENGRAM_CELL_H
#define ENGRAM_CELL_H

#include <stddef.h>
#include <stdint.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* The equations are PyTorch's (torch.nn.RNN, GRU, LSTM), gates stacked in
 * its order, and PsychRNN's continuous-time rate network (its Basic model)
 * discretised as PsychRNN steps it. */
typedef enum eg_cell_kind {
    EG_CELL_RNN_TANH, /* h' = tanh(W_ih u + b_ih + W_hh h + b_hh) */
    EG_CELL_RNN_RELU, /* h' = max(0, W_ih u + b_ih + W_hh h + b_hh) (nonlinearity='relu') */
    EG_CELL_GRU,      /* gates r, z, n: n = tanh(W_in u + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h */
    EG_CELL_LSTM,     /* gates i, f, g, o: c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'); the state is (h, c) */
    EG_CELL_LEAKY_RELU /* h' = (1 − α) h + α (W_hh relu(h) + W_ih u + b_hh), α = dt/τ (PsychRNN's Basic) */
} eg_cell_kind;

/* A cell's weights; the struct owns its matrices and vectors. */
typedef struct eg_cell {
    eg_cell_kind kind;
    size_t hidden, input;
    size_t gates;         /* 1 (RNN), 3 (GRU) or 4 (LSTM) */
    eg_matrix *w_ih;      /* (gates · hidden) × input */
    eg_matrix *w_hh;      /* (gates · hidden) × hidden */
    double *b_ih, *b_hh;  /* gates · hidden each; zeros for a cell saved without biases */
    double alpha;         /* dt/τ of a leaky cell, in (0, 1]; NAN when the file does not say it; 1 otherwise */
} eg_cell;

/* The gates of a kind of cell. */
size_t eg_cell_gates(eg_cell_kind kind);

/* A cell of the given sizes with zero weights and biases; NULL when out of memory. */
eg_cell *eg_cell_alloc(eg_cell_kind kind, size_t hidden, size_t input);
/* Accepts NULL and half-built cells. */
void eg_cell_free(eg_cell *cell);
/* "tanh RNN", ... for messages. */
const char *eg_cell_kind_name(eg_cell_kind kind);

/* The dimension of the state the map acts on: hidden, or 2 · hidden for an
 * LSTM (h first, then c). */
size_t eg_cell_state_size(const eg_cell *cell);

/* One step: next = F(h, u) (u: `input` values, NULL for zero input). When jac
 * is not NULL it receives ∂F/∂h (state × state, row-major); when jac_u is not
 * NULL, ∂F/∂u (state × input). next may not alias h. */
void eg_cell_step(const eg_cell *cell, const double *h, const double *u, double *next, double *jac, double *jac_u);

/* Runs the cell from the zero state over input (T × input), the states into
 * *states (T × state, row t the state after step t; new). EG_ENUMERIC when a
 * state stops being finite (the message names the step). */
eg_status eg_cell_run(const eg_cell *cell, const eg_matrix *input, eg_matrix **states, eg_error *err);

/* Noise-free random pulses to drive a cell with, steps × inputs: each entry
 * is +1 or −1 with probability p each, else 0, drawn from seed. NULL when
 * out of memory. */
eg_matrix *eg_cell_pulses(size_t steps, size_t inputs, double p, uint64_t seed);

#endif
