/* plane_points.h: the fixed points of a one- or two-unit network inside a
 * box, as the phase plane and the energy landscape find and report them. */
#ifndef ENGRAM_RUN_PLANE_POINTS_H
#define ENGRAM_RUN_PLANE_POINTS_H

#include <stddef.h>

#include "engram/fixed_points.h"
#include "engram/phase.h"
#include "run/report.h"

/* The kinds the figures mark apart, in the order of the count arrays below. */
enum { EG_PLANE_STABLE, EG_PLANE_SADDLE, EG_PLANE_UNSTABLE, EG_PLANE_OTHER, EG_PLANE_GROUPS };

/* The result keys of each kind's matrix: "fixed_stable", ... */
extern const char *const eg_plane_group_keys[EG_PLANE_GROUPS];

/* Fixed points searched from an even grid of starts over the box: 21 along
 * x for one unit, 9 × 9 for two. */
eg_status eg_plane_fixed_points(const eg_dyn_system *sys, const eg_phase_box *box, size_t dim, eg_fp_set **out,
                                eg_error *err);

/* The points inside the box (dim = 1 or 2): a list "fixed_points" with each
 * point's state, class, the value (when values is not NULL, under
 * value_key) and eigenvalues; "stable", "saddles" and "unstable" counts;
 * and per kind a matrix "fixed_stable", ... of rows (state..., value) for
 * the figure. values: one per point of fp, or NULL. Counts per kind into
 * count. */
void eg_plane_report_points(eg_report *result, const eg_fp_set *fp, const eg_phase_box *box, size_t dim,
                            const double *values, const char *value_key, size_t count[EG_PLANE_GROUPS]);

/* Whether x (dim values) lies in the box, up to rounding. */
int eg_plane_inside(const eg_phase_box *b, const double *x, size_t dim);

#endif
