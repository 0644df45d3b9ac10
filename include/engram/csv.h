/* engram/csv.h: numeric matrices as comma-separated text, read and written. */
#ifndef ENGRAM_CSV_H
#define ENGRAM_CSV_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* Reader flags. */
enum {
    EG_CSV_ALLOW_NONFINITE = 1 /* accept nan, inf, -inf (any case); refused otherwise */
};

/* A matrix read from CSV and the column names of its header line, if any. */
typedef struct eg_csv_table {
    eg_matrix *values;
    char **names; /* values->cols names, or NULL when the text had no header */
} eg_csv_table;

/* Parses text[0..len): one row per line, fields separated by ',' with optional
 * spaces or tabs around them; '\n' or "\r\n" line ends. Lines whose first
 * non-blank character is '#' and blank lines are skipped. The first remaining
 * line is a header when none of its fields is a number (so that a data row with
 * one mistyped field is reported, not taken for names); header fields may be
 * double-quoted ("a,b" and "" for a quote inside). Numbers are decimal
 * ("1", "-2.5e-3", ".5"), read with '.' whatever the process locale. Every row
 * must have as many fields as the first; a ragged row, an empty field or a
 * non-number gives EG_EPARSE with "name:LINE: ..." in the message. A text with
 * no rows gives a 0 × cols matrix (cols from the header, else 0). */
eg_status eg_csv_parse(const char *text, size_t len, const char *name, unsigned flags, eg_csv_table **out,
                       eg_error *err);
/* Reads the file at path as eg_csv_parse does; EG_EIO when it cannot be read. */
eg_status eg_csv_read(const char *path, unsigned flags, eg_csv_table **out, eg_error *err);
/* Frees t, its matrix and names; accepts NULL and half-built tables. */
void eg_csv_table_free(eg_csv_table *t);

/* Formats m as CSV into a malloc'd NUL-terminated buffer (*len excludes the
 * NUL): a header line from names (m->cols strings; NULL for none), quoted when a
 * name would not read back as a header field, then one line per row, each value
 * the shortest of %.15g..%.17g that reads back exactly; NaN and ±Inf as
 * nan, inf, -inf. */
eg_status eg_csv_format(const eg_matrix *m, const char *const *names, char **text, size_t *len, eg_error *err);
/* Writes eg_csv_format's text to path through eg_outfile_write. */
eg_status eg_csv_write(const char *path, const eg_matrix *m, const char *const *names, eg_error *err);

#endif
