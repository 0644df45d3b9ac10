/* figure.h: figures a kind asks for, described in its result so that the CLI
 * can write gnuplot scripts that read the result's .npy files directly. */
#ifndef ENGRAM_RUN_FIGURE_H
#define ENGRAM_RUN_FIGURE_H

#include "run/report.h"

/* Adds a figure to result's "figures" array: an object with name (a plain file
 * stem, e.g. "r1.energy"), title and axis labels. Returns the figure, or NULL
 * (the report records the failure). */
eg_report *eg_figure_add(eg_report *result, const char *name, const char *title, const char *xlabel,
                         const char *ylabel);

/* A curve read from a .npy file of the same result (its report file name):
 * `columns` is a gnuplot using-spec over the matrix's columns counted from 1,
 * with 0 for the row number (e.g. "0:1", "1:2"; stored as "using"); style is a gnuplot style
 * ("lines", "points", "linespoints", "vectors"). The style "image" draws the
 * whole matrix as a heat map instead, x the column and y the row index, with
 * columns "1" (the value). */
eg_report *eg_figure_series(eg_report *figure, const char *file, const char *columns, const char *style,
                            const char *title);

/* One series per column 1..min(cols, max_series) of file, plotted against x
 * (a gnuplot expression such as "0" for the row or "($0*0.1)"); each titled
 * "<prefix> <k>" with k counted from 0. */
void eg_figure_columns(eg_report *figure, const char *file, size_t cols, size_t max_series, const char *x,
                       const char *style, const char *prefix);

/* Extra gnuplot commands run before the plot (a unit circle, log scales, ranges). */
eg_report *eg_figure_setup(eg_report *figure, const char *commands);

#endif
