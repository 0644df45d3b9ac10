/* sweep_plots.h: the figures of a sweep run with `engram run`: its points'
 * figures drawn together (one curve per point) and every measure that moves
 * drawn against the swept params (a curve for one swept param, a heat map
 * for a grid of two). */
#ifndef ENGRAM_OUT_SWEEP_PLOTS_H
#define ENGRAM_OUT_SWEEP_PLOTS_H

#include "engram/outfile.h"
#include "engram/status.h"
#include "run/report.h"

/* Whether the param `key` takes more than one value across the points (each
 * point an object with a "params" object): the params a sweep moves, and
 * those that follow from them. */
int eg_out_sweep_param_varies(const eg_report *points, const char *key);

/* Writes the sweep's figures (data as "sweep.*.npy", scripts as "*.gp") into
 * dir, where the points' matrices are written already. Nothing for fewer than
 * two points or when no numeric param varies. */
eg_status eg_out_write_sweep_scripts(const eg_report *points, eg_outdir *dir, eg_error *err);

/* The same figures from a sweep's table (`engram sweep --plot`): rows × cols
 * numbers (NaN where a row has none) under the column names, the swept params
 * named in the order of the model's sweep lines. A curve per measure when the
 * first param tells the rows apart, a heat map when the first two span a full
 * grid; a measure "<block>.<key>" beside "<block>.theory_<key>" gets the
 * prediction's contours over its map. Nothing otherwise (a shard's rows). */
eg_status eg_out_write_sweep_table_scripts(const char *const *names, const double *data, size_t rows, size_t cols,
                                           const char *const *params, size_t nparams, eg_outdir *dir, eg_error *err);

#endif
