/* map_points_report.h: the fixed points of a map (a trained cell under a
 * constant input) as a report: their table and eigenvalues, the states they
 * were sought from in their first two principal components with the points
 * in the same axes, and the points' eigenvalues against the unit circle. */
#ifndef ENGRAM_RUN_MAP_POINTS_REPORT_H
#define ENGRAM_RUN_MAP_POINTS_REPORT_H

#include "engram/map_points.h"
#include "engram/status.h"
#include "run/report.h"

typedef struct eg_map_points_request {
    const eg_map_fp_set *set;
    const eg_matrix *samples; /* the states the starts were drawn from, one per row (n wide) */
    int trajectory;           /* samples are successive states (drawn as a line), else a cloud */
    const char *name;         /* what figure titles call the network (its file's name) */
} eg_map_points_request;

/* Adds to out: the counts per class; "points", one row per point: q, the
 * number of eigenvalues outside the unit circle, the class code (0 stable,
 * 1 saddle, 2 unstable, 3 marginal: eg_map_class) and the state;
 * "eigenvalues_re" and "eigenvalues_im" (count × n, a point per row, by
 * decreasing modulus); the principal components of the samples
 * ("pca_mean" 1 × n, "pca_components" n × 2, "explained_variance"), the
 * samples and the points in them ("samples_pcs", "points_pcs", and one
 * matrix per class for the figures); the figures "pca" and "eigenvalues".
 * EG_ENUMERIC when LAPACK fails, EG_ENOMEM. */
eg_status eg_map_points_report(const eg_map_points_request *req, eg_report *out, eg_error *err);

#endif
