/* out.h: turning a run's result tree into output: a human summary, one JSON
 * document, an output directory of .npy files, gnuplot scripts and
 * summary.json. The tree names its data by key only; this module alone
 * decides file names and formats (out/names.h), and merges trees (the
 * provenance around a run's results, a sweep's points). */
#ifndef ENGRAM_OUT_OUT_H
#define ENGRAM_OUT_OUT_H

#include <stdio.h>

#include "engram/status.h"
#include "run/report.h"

/* The "text" lines of the tree, in order, one per line. */
void eg_out_print_text(const eg_report *report, FILE *out);

/* Writes the JSON document for the report; with_files: matrices are file
 * references (they were written under an output directory), else inline.
 * Returns 0, or -1 when writing failed. */
int eg_out_print_json(const eg_report *report, int with_files, FILE *out);

/* Writes every matrix of the report (.npy), the gnuplot scripts of its figures
 * and summary.json under outdir, through a staged directory: all of them or
 * none. */
eg_status eg_out_write_dir(const eg_report *report, const char *outdir, eg_error *err);

/* A new root that puts the provenance first (the engram version and the model
 * file) and then takes over every member of report, which it frees. NULL when
 * out of memory (report is freed then too). */
eg_report *eg_out_with_provenance(eg_report *report, const char *version, const char *model);

/* The files of a sweep's table (docs/sweeps.md), beside its journal. */
#define EG_OUT_SWEEP_CSV "results.csv"
#define EG_OUT_SWEEP_NPY "results.npy"
#define EG_OUT_SWEEP_MANIFEST "manifest.json"

/* Writes data[0..len) to the file name inside dir, atomically (a temporary
 * renamed into place). */
eg_status eg_out_write_file(const char *dir, const char *name, const void *data, size_t len, eg_error *err);

/* Appends a sweep point's report to the points array (taking it over; freed
 * when out of memory). Its files are told apart by the point's position. */
eg_status eg_out_add_point(eg_report *points, eg_report *point);

#endif
