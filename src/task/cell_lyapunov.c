/* cell_lyapunov.c: a trained cell, driven, as the map whose Lyapunov exponents
 * Benettin's method (dyn/lyapunov.c) measures. */
#include "engram/cell_lyapunov.h"

#include <stdlib.h>

/* The drive: the constant input, or the pulses (one row per step). */
typedef struct driven {
    const eg_cell *cell;
    const double *constant; /* NULL: pulses */
    const eg_matrix *pulses;
} driven;

/* F_t(h) and its Jacobian, with step t's input. */
static void driven_step(const void *ctx, size_t t, const double *h, double *next, double *jac)
{
    const driven *d = ctx;
    const double *u = d->constant ? d->constant : d->pulses->data + t * d->cell->input;
    eg_cell_step(d->cell, h, u, next, jac, NULL);
}

eg_status eg_cell_lyapunov(const eg_cell *c, const double *u, const eg_cell_lyap_opts *o, eg_lyap_result **out,
                           eg_error *err)
{
    size_t n = eg_cell_state_size(c), k = o->exponents ? o->exponents : n;
    if (k > n)
        return eg_error_set(err, EG_EINVAL, "%zu exponents asked of a state of %zu units", k, n);
    if (o->steps == 0)
        return eg_error_set(err, EG_EINVAL, "no steps to average over");
    size_t total = o->steps + o->transient;
    eg_matrix *pulses = u ? NULL : eg_cell_pulses(total, c->input, EG_CELL_LYAP_PULSE, o->seed);
    double *h0 = calloc(n, sizeof *h0);
    eg_status st;
    if ((!u && !pulses) || !h0) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps of input", total);
    } else {
        driven d = {c, u, pulses};
        eg_lyap_map map = {n, driven_step, &d};
        eg_lyap_opts lo = {k, o->steps, o->transient, o->steps >= 100 ? o->steps / 100 : 1};
        st = eg_lyapunov_map(&map, h0, &lo, out, err);
    }
    eg_matrix_free(pulses);
    free(h0);
    return st;
}

int eg_cell_lyap_per_tau(const eg_cell *c, const eg_lyap_result *r, double *out)
{
    if (c->kind != EG_CELL_LEAKY_RELU || !(c->alpha > 0))
        return 0;
    for (size_t i = 0; i < r->k; i++)
        out[i] = r->exponents[i] / c->alpha;
    return 1;
}
