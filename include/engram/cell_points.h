/* engram/cell_points.h: the fixed points of a trained cell under a constant
 * input, from start to reading: starts sampled from the cell's own trajectory
 * (or given), the searches of map_points.h, and each point's linearisation
 * (dF/dh, dF/du, and optionally its reading in a basis of memories). What
 * `engram fixed-points` reports and the C API's eg_api_fixed_points returns. */
#ifndef ENGRAM_CELL_POINTS_H
#define ENGRAM_CELL_POINTS_H

#include <stddef.h>
#include <stdint.h>

#include "engram/cell.h"
#include "engram/map_points.h"
#include "engram/matrix.h"
#include "engram/status.h"

typedef struct eg_cell_fp_opts {
    size_t starts;            /* searches (from the trajectory) */
    size_t steps;             /* length of the sampled trajectory */
    uint64_t seed;            /* of the pulses, the draws and the jitter */
    double jitter;            /* standard deviation of the noise added to each start */
    double q_tol;             /* largest q of a fixed point */
    const eg_matrix *from;    /* given starts, one per row, instead of the trajectory's; or NULL */
    const char *from_name;    /* what messages call them */
    const eg_matrix *basis;   /* memories B (state × K, one per column) to read points in; or NULL */
    const char *basis_name;
    int keep_samples;         /* keep the states the starts were drawn from in eg_cell_fp.samples */
} eg_cell_fp_opts;

/* Defaults of the command line: 256 starts from 1000 steps, seed 1, no jitter, q_tol 1e-12. */
eg_cell_fp_opts eg_cell_fp_opts_default(void);

/* The points found and their linearisations, row k for point k of set. */
typedef struct eg_cell_fp {
    eg_map_fp_set *set;
    size_t n, m, k;              /* state size, inputs, basis columns (0: no basis) */
    size_t stable;               /* points classified stable */
    eg_matrix *jacobian;         /* count × n·n: dF/dh, row-major */
    eg_matrix *input_jacobian;   /* count × n·m: dF/du */
    eg_matrix *in_basis;         /* count × K: B⁺h (NULL without a basis) */
    eg_matrix *jacobian_in_basis;/* count × K·K: B⁺(dF/dh)B (NULL without a basis) */
    eg_matrix *samples;          /* with keep_samples: the trajectory, or the given starts before jitter */
} eg_cell_fp;

/* The fixed points of h' = F(h, u) (u: the cell's inputs). Starts of the wrong
 * width, a basis with other than one row per state unit are EG_EPARSE naming
 * them; options out of range EG_EINVAL; a trajectory that diverges or a failing
 * eigenvalue computation EG_ENUMERIC. */
eg_status eg_cell_fixed_points(const eg_cell *c, const double *u, const eg_cell_fp_opts *o, eg_cell_fp **out,
                               eg_error *err);
/* Accepts NULL. */
void eg_cell_fp_free(eg_cell_fp *r);

/* Sets dt/τ of a leaky cell whose file does not hold it (alpha in (0, 1]);
 * refuses alpha > 0 for a cell that has none. `option` is how the caller
 * spells the setting in messages ("--alpha", "alpha"). EG_EINVAL. */
eg_status eg_cell_set_alpha(eg_cell *c, double alpha, const char *layout, const char *option, eg_error *err);

#endif
