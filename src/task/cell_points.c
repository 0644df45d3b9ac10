/* cell_points.c: the fixed points of a trained cell under a constant input,
 * from its starts to the linearisation of each point: one analysis for the
 * command line and the library alike. */
#include "engram/cell_points.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "engram/emt.h"
#include "engram/rng.h"

eg_cell_fp_opts eg_cell_fp_opts_default(void)
{
    return (eg_cell_fp_opts){.starts = 256, .steps = 1000, .seed = 1, .jitter = 0, .q_tol = 1e-12};
}

/* Given starts, copied and jittered; with samples, also copied unjittered. */
static eg_status given_starts(const eg_cell *c, const eg_cell_fp_opts *o, eg_matrix **out, eg_matrix **samples,
                              eg_error *err)
{
    if (o->from->cols != eg_cell_state_size(c))
        return eg_error_set(err, EG_EPARSE, "%s: the starts have %zu columns; the cell's state has %zu",
                            o->from_name ? o->from_name : "starts", o->from->cols, eg_cell_state_size(c));
    eg_matrix *s = eg_matrix_copy(o->from);
    gsl_rng *r = s && o->jitter > 0 ? eg_rng_alloc(o->seed, EG_RNG_INIT, 0) : NULL;
    if (samples)
        *samples = eg_matrix_copy(o->from);
    if (!s || (o->jitter > 0 && !r) || (samples && !*samples)) {
        eg_matrix_free(s);
        if (samples)
            eg_matrix_free(*samples), *samples = NULL;
        if (r)
            gsl_rng_free(r);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu starts", o->from->rows);
    }
    for (size_t k = 0; r && k < s->rows * s->cols; k++)
        s->data[k] += gsl_ran_gaussian_ziggurat(r, o->jitter);
    if (r)
        gsl_rng_free(r);
    *out = s;
    return EG_OK;
}

/* The starts: given, or states of the cell driven by random ±1 pulses from
 * the zero state; jittered. With samples (not NULL), also the states they
 * were drawn from: the trajectory, or the given states. */
static eg_status sample_starts(const eg_cell *c, const eg_cell_fp_opts *o, eg_matrix **out, eg_matrix **samples,
                               eg_error *err)
{
    if (o->from)
        return given_starts(c, o, out, samples, err);
    if (o->steps == 0 || o->starts == 0)
        return eg_error_set(err, EG_EINVAL, "the searches need at least one step and one start");
    size_t T = o->steps, n = eg_cell_state_size(c), N = o->starts;
    eg_matrix *u = eg_cell_pulses(T, c->input, 0.05, o->seed), *traj = NULL;
    eg_matrix *starts = eg_matrix_alloc(N, n);
    gsl_rng *r = eg_rng_alloc(o->seed, EG_RNG_INIT, 0);
    eg_status st = u && starts && r ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps", T);
    if (st == EG_OK)
        st = eg_cell_run(c, u, &traj, err);
    for (size_t k = 0; st == EG_OK && k < N; k++) {
        memcpy(starts->data + k * n, traj->data + gsl_rng_uniform_int(r, T) * n, n * sizeof(double));
        for (size_t i = 0; o->jitter > 0 && i < n; i++)
            starts->data[k * n + i] += gsl_ran_gaussian_ziggurat(r, o->jitter);
    }
    eg_matrix_free(u);
    if (st == EG_OK && samples)
        *samples = traj;
    else
        eg_matrix_free(traj);
    if (r)
        gsl_rng_free(r);
    if (st != EG_OK) {
        eg_matrix_free(starts);
        return st;
    }
    *out = starts;
    return EG_OK;
}

typedef struct under_input {
    const eg_cell *cell;
    const double *u;
} under_input;

static void eval_under_input(const void *ctx, const double *h, double *next, double *jac)
{
    const under_input *x = ctx;
    eg_cell_step(x->cell, h, x->u, next, jac, NULL);
}

/* Point k's reading in the basis B (D × K) with pseudo-inverse P (K × D):
 * B⁺h into in_basis, B⁺JB into jacobian_in_basis, using pj (K × n). */
static void read_in_basis(eg_cell_fp *r, size_t k, const eg_matrix *basis, const eg_matrix *pinv, double *pj)
{
    size_t n = r->n, K = r->k;
    const double *p = pinv->data, *b = basis->data, *h = r->set->points->data + k * n;
    const double *jac = r->jacobian->data + k * n * n;
    double *x = r->in_basis->data + k * K, *phi = r->jacobian_in_basis->data + k * K * K;
    for (size_t q = 0; q < K; q++) {
        x[q] = 0;
        for (size_t i = 0; i < n; i++)
            x[q] += p[q * n + i] * h[i];
    }
    memset(pj, 0, K * n * sizeof *pj);
    memset(phi, 0, K * K * sizeof *phi);
    for (size_t q = 0; q < K; q++)
        for (size_t i = 0; i < n; i++)
            for (size_t l = 0; l < n; l++)
                pj[q * n + l] += p[q * n + i] * jac[i * n + l];
    for (size_t q = 0; q < K; q++)
        for (size_t l = 0; l < n; l++)
            for (size_t s = 0; s < K; s++)
                phi[q * K + s] += pj[q * n + l] * b[l * K + s];
}

/* dF/dh and dF/du at every point, and their readings in the basis. */
static eg_status linearise(const eg_cell *c, const double *u, const eg_cell_fp_opts *o, eg_cell_fp *r, eg_error *err)
{
    size_t count = r->set->count, n = r->n, m = r->m, K = r->k;
    eg_matrix *pinv = NULL;
    eg_status st = K ? eg_emt_pinv(o->basis, 0, &pinv, NULL, err) : EG_OK;
    if (st != EG_OK)
        return st;
    r->jacobian = eg_matrix_alloc(count, n * n);
    r->input_jacobian = eg_matrix_alloc(count, n * m);
    if (K) {
        r->in_basis = eg_matrix_alloc(count, K);
        r->jacobian_in_basis = eg_matrix_alloc(count, K * K);
    }
    double *next = malloc((n + K * n + 1) * sizeof *next);
    if (!r->jacobian || !r->input_jacobian || (K && (!r->in_basis || !r->jacobian_in_basis)) || !next) {
        free(next);
        eg_matrix_free(pinv);
        return eg_error_set(err, EG_ENOMEM, "out of memory for the Jacobians of %zu points", count);
    }
    for (size_t k = 0; k < count; k++) {
        /* A cell without inputs has no dF/du to write (and no memory for it). */
        eg_cell_step(c, r->set->points->data + k * n, u, next, r->jacobian->data + k * n * n,
                     m ? r->input_jacobian->data + k * n * m : NULL);
        if (K)
            read_in_basis(r, k, o->basis, pinv, next + n);
    }
    free(next);
    eg_matrix_free(pinv);
    return EG_OK;
}

eg_status eg_cell_fixed_points(const eg_cell *c, const double *u, const eg_cell_fp_opts *o, eg_cell_fp **out,
                               eg_error *err)
{
    *out = NULL;
    size_t n = eg_cell_state_size(c);
    const char *bname = o->basis_name ? o->basis_name : "basis";
    if (o->basis && o->basis->rows != n)
        return eg_error_set(err, EG_EPARSE, "%s: the basis has %zu rows; the cell's state has %zu (one memory per column)",
                            bname, o->basis->rows, n);
    if (o->basis && o->basis->cols == 0)
        return eg_error_set(err, EG_EPARSE, "%s: the basis has no columns (one memory per column)", bname);
    eg_cell_fp *r = calloc(1, sizeof *r);
    if (!r)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    r->n = n;
    r->m = c->input;
    r->k = o->basis ? o->basis->cols : 0;
    eg_matrix *starts = NULL;
    under_input ctx = {c, u};
    eg_map map = {n, eval_under_input, &ctx};
    eg_map_fp_opts mo = eg_map_fp_opts_default();
    mo.q_tol = o->q_tol;
    eg_status st = sample_starts(c, o, &starts, o->keep_samples ? &r->samples : NULL, err);
    if (st == EG_OK)
        st = eg_map_fixed_points(&map, starts, &mo, &r->set, err);
    eg_matrix_free(starts);
    if (st == EG_OK)
        st = linearise(c, u, o, r, err);
    if (st != EG_OK) {
        eg_cell_fp_free(r);
        return st;
    }
    for (size_t k = 0; k < r->set->count; k++)
        r->stable += r->set->cls[k] == EG_MAP_STABLE;
    *out = r;
    return EG_OK;
}

void eg_cell_fp_free(eg_cell_fp *r)
{
    if (!r)
        return;
    eg_map_fp_set_free(r->set);
    eg_matrix_free(r->jacobian);
    eg_matrix_free(r->input_jacobian);
    eg_matrix_free(r->in_basis);
    eg_matrix_free(r->jacobian_in_basis);
    eg_matrix_free(r->samples);
    free(r);
}

eg_status eg_cell_set_alpha(eg_cell *c, double alpha, const char *layout, const char *option, eg_error *err)
{
    if (!isnan(c->alpha)) {
        if (alpha > 0)
            return eg_error_set(err, EG_EINVAL, "%s is the dt/tau of a continuous-time network; layout %s is a %s, "
                                "which has none", option, layout, eg_cell_kind_name(c->kind));
        return EG_OK;
    }
    if (!(alpha > 0))
        return eg_error_set(err, EG_EINVAL, "layout %s needs %s (dt/tau): the file does not hold dt or tau", layout,
                            option);
    if (alpha > 1)
        return eg_error_set(err, EG_EINVAL, "%s is dt/tau, at most 1 (an Euler step longer than tau), got %g", option,
                            alpha);
    c->alpha = alpha;
    return EG_OK;
}
