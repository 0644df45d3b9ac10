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

/* A table written as its rows arrive in point order, never held whole: each
 * encoded row goes to a spool file (the columns grow as rows come, as they
 * would going down the rows), and finishing writes the CSV and the .npy from
 * the spool one row at a time, the same bytes as eg_sweep_table_csv and
 * eg_sweep_table_npy give for all rows at once. Memory: the columns and one
 * row. */
typedef struct eg_sweep_table eg_sweep_table;

/* Starts a table whose spool is spool_path (created afresh, removed by free). */
eg_status eg_sweep_table_begin(const char *spool_path, eg_sweep_table **out, eg_error *err);
/* Adds the next row (encoded, as the journal holds it); its point must come
 * after the last one added. */
eg_status eg_sweep_table_add(eg_sweep_table *t, const char *row, size_t len, eg_error *err);
const eg_sweep_columns *eg_sweep_table_columns(const eg_sweep_table *t);
size_t eg_sweep_table_rows(const eg_sweep_table *t);
size_t eg_sweep_table_failed(const eg_sweep_table *t);
/* Writes the CSV and the .npy (each atomically) from the rows added. */
eg_status eg_sweep_table_finish(eg_sweep_table *t, const char *csv_path, const char *npy_path, eg_error *err);
/* Frees t and removes its spool. Accepts NULL. */
void eg_sweep_table_free(eg_sweep_table *t);

#endif
