/* sweep_table.c: the results table of a sweep, as CSV and as .npy. */
#include "run/sweep/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/npy.h"
#include "engram/strbuf.h"
#include "io/number.h"

enum { COL_POINT, COL_FAILED, COL_ERROR, FIXED_COLUMNS };
static const char *const fixed_names[FIXED_COLUMNS] = {"point", "failed", "error"};

void eg_sweep_columns_free(eg_sweep_columns *cols)
{
    if (!cols)
        return;
    for (size_t i = 0; i < cols->n; i++)
        free(cols->names[i]);
    free(cols->names);
    free(cols->numeric);
    free(cols);
}

static long find_column(const eg_sweep_columns *cols, const char *name)
{
    for (size_t i = FIXED_COLUMNS; i < cols->n; i++)
        if (strcmp(cols->names[i], name) == 0)
            return (long)i;
    return -1;
}

static int add_column(eg_sweep_columns *cols, const char *name, int numeric)
{
    char **names = realloc(cols->names, (cols->n + 1) * sizeof *names);
    if (names)
        cols->names = names;
    unsigned char *num = realloc(cols->numeric, cols->n + 1);
    if (num)
        cols->numeric = num;
    char *copy = names && num ? strdup(name) : NULL;
    if (!copy)
        return 0;
    cols->names[cols->n] = copy;
    cols->numeric[cols->n++] = (unsigned char)numeric;
    return 1;
}

eg_status eg_sweep_columns_build(eg_sweep_row *const *rows, size_t nrows, eg_sweep_columns **out, eg_error *err)
{
    eg_sweep_columns *cols = calloc(1, sizeof *cols);
    int ok = cols != NULL;
    for (size_t i = 0; ok && i < FIXED_COLUMNS; i++)
        ok = add_column(cols, fixed_names[i], i != COL_ERROR);
    for (size_t r = 0; ok && r < nrows; r++) {
        for (size_t c = 0; ok && c < rows[r]->ncells; c++) {
            const eg_cell *cell = &rows[r]->cells[c];
            long at = find_column(cols, cell->name);
            if (at < 0)
                ok = add_column(cols, cell->name, cell->kind != EG_CELL_STRING);
            else if (cell->kind == EG_CELL_STRING)
                cols->numeric[at] = 0;
        }
    }
    if (!ok) {
        eg_sweep_columns_free(cols);
        return eg_error_set(err, EG_ENOMEM, "out of memory while laying out the sweep table");
    }
    for (size_t i = 0; i < cols->n; i++)
        cols->nnumeric += cols->numeric[i];
    *out = cols;
    return EG_OK;
}

static const eg_cell *row_cell(const eg_sweep_row *row, const char *name)
{
    for (size_t i = 0; i < row->ncells; i++)
        if (strcmp(row->cells[i].name, name) == 0)
            return &row->cells[i];
    return NULL;
}

/* A CSV field, quoted when it holds a separator, a quote, a line break or edge spaces. */
static void put_field(eg_strbuf *t, const char *s)
{
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        eg_strbuf_put(t, s, n);
        return;
    }
    eg_strbuf_put(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            eg_strbuf_put(t, "\"", 1);
        eg_strbuf_put(t, s + i, 1);
    }
    eg_strbuf_put(t, "\"", 1);
}

static void put_cell(eg_strbuf *t, const eg_cell *c)
{
    char buf[EG_NUMBER_BUFSIZE + 8];
    if (!c)
        return;
    switch (c->kind) {
    case EG_CELL_NUMBER: eg_strbuf_put(t, buf, eg_number_format(buf, c->number)); break;
    case EG_CELL_INTEGER:
    case EG_CELL_BOOL: eg_strbuf_put(t, buf, (size_t)snprintf(buf, sizeof buf, "%lld", c->integer)); break;
    case EG_CELL_STRING: put_field(t, c->string); break;
    }
}

eg_status eg_sweep_table_csv(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, char **out,
                             size_t *len, eg_error *err)
{
    eg_strbuf t = EG_STRBUF_INIT;
    for (size_t i = 0; i < cols->n; i++) {
        if (i)
            eg_strbuf_put(&t, ",", 1);
        put_field(&t, cols->names[i]);
    }
    eg_strbuf_put(&t, "\n", 1);
    for (size_t r = 0; r < nrows; r++) {
        const eg_sweep_row *row = rows[r];
        char buf[32];
        eg_strbuf_put(&t, buf, (size_t)snprintf(buf, sizeof buf, "%zu,%d,", row->point, row->failed ? 1 : 0));
        if (row->failed && row->error)
            put_field(&t, row->error);
        for (size_t i = FIXED_COLUMNS; i < cols->n; i++) {
            eg_strbuf_put(&t, ",", 1);
            put_cell(&t, row_cell(row, cols->names[i]));
        }
        eg_strbuf_put(&t, "\n", 1);
    }
    if (!(*out = eg_strbuf_take(&t, len)))
        return eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    return EG_OK;
}

eg_status eg_sweep_table_npy(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, void **buf,
                             size_t *len, eg_error *err)
{
    size_t width = cols->nnumeric;
    double *data = malloc((nrows * width + 1) * sizeof *data);
    if (!data)
        return eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    for (size_t r = 0; r < nrows; r++) {
        double *out = data + r * width;
        size_t k = 0;
        for (size_t i = 0; i < cols->n; i++) {
            if (!cols->numeric[i])
                continue;
            double x = NAN;
            if (i == COL_POINT) {
                x = (double)rows[r]->point;
            } else if (i == COL_FAILED) {
                x = rows[r]->failed ? 1 : 0;
            } else {
                const eg_cell *c = row_cell(rows[r], cols->names[i]);
                if (c)
                    x = c->kind == EG_CELL_NUMBER ? c->number : (double)c->integer;
            }
            out[k++] = x;
        }
    }
    size_t shape[2] = {nrows, width};
    eg_status st = eg_npy_encode(2, shape, data, buf, len, err);
    free(data);
    return st;
}
