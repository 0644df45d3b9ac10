/* cell_report.h: the analyses of a trained cell as result trees, shared by
 * `engram fixed-points` / `engram lyapunov` under -o and by the model
 * language's `analyze fixed_points` / `analyze lyapunov` on a cell: the same
 * fields, files and figures from both. */
#ifndef ENGRAM_RUN_CELL_REPORT_H
#define ENGRAM_RUN_CELL_REPORT_H

#include <stdint.h>

#include "engram/cell.h"
#include "engram/cell_points.h"
#include "run/report.h"

/* Where a cell came from, for the provenance of its results. */
typedef struct eg_cell_origin {
    const char *file;   /* the weights file as given (NULL: trained in the model) */
    const char *layout; /* the layout's name */
    const char *prefix; /* "" for none */
} eg_cell_origin;

/* Adds to out the cell's provenance: file, layout, prefix (when not empty),
 * cell, alpha (a leaky cell), hidden, state_size, the input (its values, or
 * "pulses" when pulses is set) and the seed. */
void eg_cell_report_origin(eg_report *out, const eg_cell_origin *origin, const eg_cell *c, const double *u,
                           int pulses, long long seed);

/* Adds to out the fixed points r found with q_tol: starts, converged,
 * duplicates, outliers, q_tol, the points, their classes and figures
 * (map_points_report.h), and their linearisations (input_jacobians and, with
 * a basis, in_basis and jacobians_in_basis). trajectory: the samples are the
 * cell's trajectory (drawn as a line). name: what figure titles call the
 * network. Failures to allocate are recorded in out; EG_ENOMEM from the
 * principal components is returned with err set. */
eg_status eg_cell_fp_report(const eg_cell_fp *r, double q_tol, int trajectory, const char *name, eg_report *out,
                            eg_error *err);

#endif
