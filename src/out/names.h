/* names.h: what the output files of a result tree are called. A matrix is
 * written to "<block>.<name>.npy", where <block> names the result it belongs
 * to (a block's name; the command's kind for a result made outside a model)
 * and <name> is the matrix's key or, for a table under a generic key, the
 * table's name; in a sweep, point p's files start "pNNN.". A figure is called
 * "<block>.<figure name>". */
#ifndef ENGRAM_OUT_NAMES_H
#define ENGRAM_OUT_NAMES_H

#include <stddef.h>

#include "run/report.h"

/* Where a node sits: the result that owns it and the sweep point it is in. */
typedef struct eg_out_place {
    const eg_report *result; /* the enclosing result object, or NULL */
    const char *stem;        /* the result's block name (or kind), or NULL */
    long point;              /* the sweep point, or -1 outside sweeps */
} eg_out_place;

/* The place of the children of node, given the place of node itself (key is
 * node's member name inside its parent, NULL inside an array; index its
 * position there). */
eg_out_place eg_out_place_enter(eg_out_place at, const eg_report *parent, const eg_report *node, size_t index);

/* The file name of matrix node m at its place, into buf; with_point: with the
 * sweep point's prefix. Returns buf. */
const char *eg_out_matrix_file(eg_out_place at, const eg_report *m, int with_point, char *buf, size_t size);

/* The file name of archive node a ("<block>.<key>.npz"), into buf. Returns buf. */
const char *eg_out_archive_file(eg_out_place at, const eg_report *a, char *buf, size_t size);

/* The file a figure series reads: the matrix at key path data in the place's
 * result, named as eg_out_matrix_file names it (without a point prefix); when
 * the data is missing, the last key of the path stands for its name. */
const char *eg_out_series_file(eg_out_place at, const char *data, char *buf, size_t size);

/* The figure's name at its place ("<block>.<name>"), into buf. */
const char *eg_out_figure_name(eg_out_place at, const char *name, char *buf, size_t size);

#endif
