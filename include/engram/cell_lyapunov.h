/* engram/cell_lyapunov.h: the Lyapunov exponents of a trained cell along the
 * trajectory from the zero state, driven by a constant input or by its own
 * noise-free random pulses: what `engram lyapunov` and `analyze lyapunov`
 * report for a cell. */
#ifndef ENGRAM_CELL_LYAPUNOV_H
#define ENGRAM_CELL_LYAPUNOV_H

#include <stddef.h>
#include <stdint.h>

#include "engram/cell.h"
#include "engram/lyapunov.h"
#include "engram/status.h"

typedef struct eg_cell_lyap_opts {
    size_t exponents; /* 1 … state size; 0: all */
    size_t steps;     /* steps averaged */
    size_t transient; /* steps run first, not averaged */
    uint64_t seed;    /* of the pulses */
} eg_cell_lyap_opts;

/* The pulses' probability per channel, sign and step (eg_cell_pulses). */
#define EG_CELL_LYAP_PULSE 0.05

/* The exponents of h' = F(h, u_t) from h = 0: u_t the constant u when u is
 * not NULL, else pulses drawn from o->seed. The running estimates are
 * recorded every steps/100 steps (every step below 100) and after the last.
 * EG_EINVAL for more exponents than the state has (the message names the
 * count) or no steps; EG_ENUMERIC when the state stops being finite. */
eg_status eg_cell_lyapunov(const eg_cell *c, const double *u, const eg_cell_lyap_opts *o, eg_lyap_result **out,
                           eg_error *err);

/* The exponents of a leaky cell per unit τ into out (r->k values): a step of
 * its Euler map advances the rate network's time by α·τ, so λ/α. 1 when
 * written; 0 for the other cells, whose steps are not a time. */
int eg_cell_lyap_per_tau(const eg_cell *c, const eg_lyap_result *r, double *out);

#endif
