/* cell_out.h: the results of the commands on trained cells (fixed-points,
 * lyapunov) as a result tree, written under -o DIR by src/out as `engram
 * spectrum` writes its own, and their figures rendered with --plot. */
#ifndef ENGRAM_CLI_CELL_OUT_H
#define ENGRAM_CLI_CELL_OUT_H

#include "cli/cell_args.h"
#include "run/report.h"

/* A root {engram, command, results: [result]} with the result's kind (the
 * command) and provenance: the file, layout, cell, units, the input (its
 * values, or "pulses" when the drive is random pulses: pulses set) and the
 * seed. Returns the root and sets *result; NULL when out of memory. */
eg_report *eg_cell_out_begin(const eg_cell_args *a, const eg_cell *c, const double *u, int pulses,
                             const char *command, eg_report **result);

/* Writes root under a->outdir (its figures are rendered after the summary is
 * printed: eg_cli_render_plots). Reports failures on stderr; returns an exit
 * status (4 when the directory cannot be written, which is then left as it
 * was). */
int eg_cell_out_write(const eg_cell_args *a, const eg_report *root);

/* The file's name without its directories, for figure titles. */
const char *eg_cell_out_basename(const char *path);

#endif
