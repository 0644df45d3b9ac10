/* sweep_row.h: one row of a sweep's results table: a point's resolved params
 * and every scalar its actions reported, with a canonical text encoding that
 * the journal stores and MPI ranks send, so that a row means the same bytes
 * wherever it was computed. */
#ifndef ENGRAM_RUN_SWEEP_ROW_H
#define ENGRAM_RUN_SWEEP_ROW_H

#include <stddef.h>

#include "engram/status.h"
#include "lang/model.h"
#include "run/report.h"
#include "run/sweep/plan.h"

typedef enum eg_cell_kind { EG_CELL_NUMBER, EG_CELL_INTEGER, EG_CELL_BOOL, EG_CELL_STRING } eg_cell_kind;

/* A named value: a param ("P") or a measure ("<block>.<key>"). */
typedef struct eg_cell {
    char *name;
    eg_cell_kind kind;
    double number;      /* NUMBER */
    long long integer;  /* INTEGER, BOOL (0 or 1) */
    char *string;       /* STRING */
} eg_cell;

typedef struct eg_sweep_row {
    size_t point;
    int failed;
    char *error;        /* why it failed ("file:line:col: message"), or NULL */
    eg_cell *cells;
    size_t ncells;
} eg_sweep_row;

void eg_sweep_row_free(eg_sweep_row *row);

/* The row of a point that ran: every param of the model whose value is a
 * number or a word, then, per action in file order, its numbers, integers,
 * bools and strings as "<block>.<key>", and those inside its objects and its
 * per-item arrays (report.h) as "<block>.<key>.<key>" and "<block>.<key>[i]"
 * (not its "text" lines, other arrays, matrices or figures). */
eg_status eg_sweep_row_from_report(size_t point, const eg_model *model, const eg_report *report,
                                   eg_sweep_row **out, eg_error *err);
/* The row of a point that failed: the swept params' values and the error. */
eg_status eg_sweep_row_failure(size_t point, const eg_sweep_plan *plan, const char *error, eg_sweep_row **out,
                               eg_error *err);

/* The canonical encoding: lines "point P", "failed 0|1", "error TEXT" (when
 * failed), then one "K\tNAME\tVALUE" per cell with K one of n i b s; numbers in
 * the shortest form that reads back exactly; tab, newline and backslash in
 * strings escaped. *text is malloc'd and NUL-terminated. */
eg_status eg_sweep_row_encode(const eg_sweep_row *row, char **text, size_t *len, eg_error *err);
eg_status eg_sweep_row_decode(const char *text, size_t len, eg_sweep_row **out, eg_error *err);

#endif
