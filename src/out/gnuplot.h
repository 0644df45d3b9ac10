/* gnuplot.h: figure intents as gnuplot text, and the scripts that draw a
 * result tree's figures from the .npy files written beside them. */
#ifndef ENGRAM_OUT_GNUPLOT_H
#define ENGRAM_OUT_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "engram/outfile.h"
#include "engram/status.h"
#include "run/figure.h"
#include "run/report.h"

/* The using-spec of a series over its matrix's columns (gnuplot counts from 1,
 * with 0 the row number), into buf. Returns buf. */
const char *eg_out_gnuplot_using(const eg_figure_series *s, char *buf, size_t size);

/* The gnuplot style of a series ("lines", "points pt 7 ps 0.4", ...). */
const char *eg_out_gnuplot_style(const eg_figure_series *s, char *buf, size_t size);

/* The commands that set the figure up (ranges, scales, palette), one per line,
 * into buf; "" when the figure needs none. Returns buf. */
const char *eg_out_gnuplot_setup(const eg_figure *f, char *buf, size_t size);

/* Opens "<stem>.gp" in dir and writes the figure's title, labels and setup,
 * up to the word "plot"; NULL (err set) when the file cannot be made. */
FILE *eg_out_gnuplot_begin(eg_outdir *dir, const char *stem, const eg_figure *fig, eg_error *err);
/* One plot clause: series s drawn from the .npy file `file` in dir (a matrix
 * rows x cols), titled `title`; first: the first clause of the plot. */
eg_status eg_out_gnuplot_clause(FILE *f, eg_outdir *dir, int first, const char *file, const eg_figure_series *s,
                                size_t rows, size_t cols, const char *title, eg_error *err);
/* Ends the plot command and closes the script. */
eg_status eg_out_gnuplot_end(FILE *f, const char *stem, eg_error *err);

/* Writes "<figure>.gp" into dir for every figure of the tree whose data are all
 * there; the matrices must be written to dir already. A sweep's points share
 * their figures' names: their figures are drawn across the points instead
 * (out/sweep_plots.h). */
eg_status eg_out_write_scripts(const eg_report *report, eg_outdir *dir, eg_error *err);

#endif
