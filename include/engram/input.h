/* engram/input.h: time-dependent external inputs I(t) and state cues of a network. */
#ifndef ENGRAM_INPUT_H
#define ENGRAM_INPUT_H

#include <stddef.h>

#include "engram/status.h"

typedef enum eg_input_kind {
    EG_INPUT_STEP,  /* a for t ≥ t0, 0 before */
    EG_INPUT_PULSE, /* a for t0 ≤ t < t0 + duration, 0 otherwise */
    EG_INPUT_RAMP,  /* 0 before t0, a (t − t0) up to t0 + duration, then held
                     * (duration = INFINITY: never held); a is the slope */
    EG_INPUT_SINE,  /* a sin(2π freq (t − t0) + phase) for t ≥ t0, 0 before */
    EG_INPUT_TABLE  /* a · p(t), p piecewise linear through (times[k], values[k]),
                     * constant beyond the first and last knot */
} eg_input_kind;

/* One input term, a plain value describing what the model says. The amplitude
 * is scalar (applies to every unit) unless amp_units is given. Arrays are
 * borrowed by eg_input_add(), which copies them. */
typedef struct eg_input {
    eg_input_kind kind;
    double amplitude;        /* scalar a, default 1 */
    const double *amp_units; /* per-unit a (n entries) or NULL */
    double t0;               /* onset, default 0 */
    double duration;         /* pulse width; ramp length (default INFINITY) */
    double freq, phase;      /* sine: frequency (cycles per time unit) and phase */
    size_t npoints;          /* table: number of knots (≥ 1), times increasing */
    const double *times, *values;
} eg_input;

/* How a cue acts during its window t0 ≤ t < t1. */
typedef enum eg_cue_mode {
    EG_CUE_CLAMP, /* the state is set to the pattern at t0 and held there (dx/dt = 0) */
    EG_CUE_DRIVE  /* gain (p − x) is added to dx/dt (outside τ and φ) */
} eg_cue_mode;

/* A cue; pattern entries that are NaN leave that unit free. pattern is
 * borrowed by eg_input_add_cue(), which copies it. */
typedef struct eg_cue {
    eg_cue_mode mode;
    const double *pattern; /* n entries */
    double t0, t1;         /* window; t1 may be INFINITY */
    double gain;           /* EG_CUE_DRIVE only, > 0 */
} eg_cue;

/* The sum of inputs plus the cues acting on an n-unit network. Owns copies of
 * every array handed to eg_input_add / eg_input_add_cue. */
typedef struct eg_input_set {
    size_t n;
    size_t count;
    struct eg_input_term *terms; /* private */
    size_t ncues;
    struct eg_cue_term *cues;    /* private */
} eg_input_set;

/* An input spec with defaults (amplitude 1, t0 0, duration INFINITY). */
eg_input eg_input_default(eg_input_kind kind);
eg_input_set *eg_input_set_alloc(size_t n);
void eg_input_set_free(eg_input_set *set);
/* Adds a term (copied); EG_EINVAL for a malformed spec, EG_ENOMEM. */
eg_status eg_input_add(eg_input_set *set, const eg_input *spec, eg_error *err);
eg_status eg_input_add_cue(eg_input_set *set, const eg_cue *cue, eg_error *err);

/* I(t) (n entries, overwritten) and dI/dt; set may be NULL (zero input). */
void eg_input_eval(const eg_input_set *set, double t, double *I);
void eg_input_eval_dt(const eg_input_set *set, double t, double *dIdt);

/* Applies the cues active at t to a right-hand side f at state x: clamped
 * units get f = 0, driven units f += gain (p − x). */
void eg_input_cue_rhs(const eg_input_set *set, double t, const double *x, double *f);
/* The same on an n×n row-major Jacobian of the right-hand side: clamped rows
 * become zero, driven units get −gain on the diagonal. */
void eg_input_cue_jacobian(const eg_input_set *set, double t, double *J);
/* Zeroes ∂f/∂t of the units clamped at t (their f is identically 0 there). */
void eg_input_cue_dfdt(const eg_input_set *set, double t, double *dfdt);
/* Sets clamped units of x to their pattern when a clamp cue is active at t. */
void eg_input_cue_project(const eg_input_set *set, double t, double *x);

/* The times where I(t) or the cues are discontinuous or kink (onsets, ends,
 * knots), sorted and unique, as a malloc'ed array the caller frees; *count
 * receives the number (the array is NULL when there are none). */
eg_status eg_input_breakpoints(const eg_input_set *set, double **times, size_t *count, eg_error *err);

#endif
