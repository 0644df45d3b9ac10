/* engram/phase.h: phase-plane views of a two-dimensional system (nullclines and
 * vector field) as matrices for plotting. */
#ifndef ENGRAM_PHASE_H
#define ENGRAM_PHASE_H

#include <stddef.h>

#include "engram/dynsys.h"
#include "engram/matrix.h"
#include "engram/status.h"

/* The rectangle and resolution of a phase-plane view. */
typedef struct eg_phase_box {
    double xlo, xhi; /* unit 0 */
    double ylo, yhi; /* unit 1 */
    size_t nx, ny;   /* samples per axis, each ≥ 2 */
    double t;        /* time at which f is evaluated */
} eg_phase_box;

/* The vector field on the nx × ny grid: an (nx·ny) × 4 matrix with rows
 * (x, y, dx/dt, dy/dt), x varying fastest. EG_EINVAL unless dim = 2. */
eg_status eg_phase_field(const eg_dyn_system *sys, const eg_phase_box *box, eg_matrix **out, eg_error *err);

/* Points on the nullclines f_0 = 0 (into *nc0) and f_1 = 0 (into *nc1), each
 * an m × 2 matrix of (x, y) rows. They are found on every grid line of the box,
 * vertical and horizontal, by bracketing sign changes of f_k between adjacent
 * samples and bisecting to 1e-12 of the box; so they sample the curves
 * (including vertical parts) but are not ordered along them. */
eg_status eg_phase_nullclines(const eg_dyn_system *sys, const eg_phase_box *box, eg_matrix **nc0, eg_matrix **nc1,
                              eg_error *err);

/* The level curves f = levels[l] of values f on the box's nx × ny grid (x
 * fastest) as line segments, by marching squares with linear interpolation
 * along cell edges: an m × 4 matrix of rows (x0, y0, x1, y1). NaN values
 * cross no level. */
eg_status eg_phase_contour(const double *f, const eg_phase_box *box, const double *levels, size_t nlevels,
                           eg_matrix **out, eg_error *err);

/* The nullcline f_k = 0 (k = 0 or 1) as line segments: marching squares over
 * the nx × ny grid of the box, linear interpolation along each cell's edges.
 * An m × 4 matrix of rows (x0, y0, x1, y1), which drawn together are the
 * curve (to the grid's resolution). */
eg_status eg_phase_nullcline_segments(const eg_dyn_system *sys, const eg_phase_box *box, size_t k, eg_matrix **out,
                                      eg_error *err);

#endif
