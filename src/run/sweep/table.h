/* sweep_table.h: a sweep's rows as one table: CSV with every column, and a
 * float64 .npy matrix with the numeric ones. Rows come sorted by point, so the
 * bytes depend only on the rows, never on how the work was split. */
#ifndef ENGRAM_RUN_SWEEP_TABLE_H
#define ENGRAM_RUN_SWEEP_TABLE_H

#include <stddef.h>

#include "engram/status.h"
#include "run/sweep/row.h"

/* The columns: "point", "failed", "error", then every cell name in the order
 * it first appears going down the rows. A column is numeric when no row holds
 * a string under its name ("error" never is). */
typedef struct eg_sweep_columns {
    char **names;
    unsigned char *numeric;
    size_t n;
    size_t nnumeric;
} eg_sweep_columns;

eg_status eg_sweep_columns_build(eg_sweep_row *const *rows, size_t nrows, eg_sweep_columns **out, eg_error *err);
void eg_sweep_columns_free(eg_sweep_columns *cols);

/* CSV (RFC 4180 quoting, "\n" line ends): a header line, then one line per
 * row; numbers in the shortest form that reads back exactly, bools as 0/1, a
 * cell a row lacks (a failed point's measures) empty. */
eg_status eg_sweep_table_csv(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, char **text,
                             size_t *len, eg_error *err);
/* A .npy image of shape (rows, numeric columns) in column order; missing cells NaN. */
eg_status eg_sweep_table_npy(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, void **buf,
                             size_t *len, eg_error *err);

#endif
