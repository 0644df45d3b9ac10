/* sweep_table.c: the results table of a sweep, as CSV and as .npy. */
#include "run/sweep/table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/npy.h"
#include "engram/outfile.h"
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

/* An empty layout: the fixed columns only. */
static eg_sweep_columns *columns_new(void)
{
    eg_sweep_columns *cols = calloc(1, sizeof *cols);
    int ok = cols != NULL;
    for (size_t i = 0; ok && i < FIXED_COLUMNS; i++)
        ok = add_column(cols, fixed_names[i], i != COL_ERROR);
    if (!ok) {
        eg_sweep_columns_free(cols);
        return NULL;
    }
    return cols;
}

/* Adds the columns a row brings, in the order its cells come, and clears
 * the numeric flag of those it holds a string under; 0 when out of memory. */
static int columns_add_row(eg_sweep_columns *cols, const eg_sweep_row *row)
{
    for (size_t c = 0; c < row->ncells; c++) {
        const eg_cell *cell = &row->cells[c];
        long at = find_column(cols, cell->name);
        if (at < 0) {
            if (!add_column(cols, cell->name, cell->kind != EG_CELL_STRING))
                return 0;
        } else if (cell->kind == EG_CELL_STRING) {
            cols->numeric[at] = 0;
        }
    }
    return 1;
}

static void columns_count_numeric(eg_sweep_columns *cols)
{
    cols->nnumeric = 0;
    for (size_t i = 0; i < cols->n; i++)
        cols->nnumeric += cols->numeric[i];
}

eg_status eg_sweep_columns_build(eg_sweep_row *const *rows, size_t nrows, eg_sweep_columns **out, eg_error *err)
{
    eg_sweep_columns *cols = columns_new();
    int ok = cols != NULL;
    for (size_t r = 0; ok && r < nrows; r++)
        ok = columns_add_row(cols, rows[r]);
    if (!ok) {
        eg_sweep_columns_free(cols);
        return eg_error_set(err, EG_ENOMEM, "out of memory while laying out the sweep table");
    }
    columns_count_numeric(cols);
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

/* The header line: the column names. */
static void put_header(eg_strbuf *t, const eg_sweep_columns *cols)
{
    for (size_t i = 0; i < cols->n; i++) {
        if (i)
            eg_strbuf_put(t, ",", 1);
        put_field(t, cols->names[i]);
    }
    eg_strbuf_put(t, "\n", 1);
}

/* One row's line: every column, empty where the row lacks the cell. */
static void put_row(eg_strbuf *t, const eg_sweep_row *row, const eg_sweep_columns *cols)
{
    char buf[32];
    eg_strbuf_put(t, buf, (size_t)snprintf(buf, sizeof buf, "%zu,%d,", row->point, row->failed ? 1 : 0));
    if (row->failed && row->error)
        put_field(t, row->error);
    for (size_t i = FIXED_COLUMNS; i < cols->n; i++) {
        eg_strbuf_put(t, ",", 1);
        put_cell(t, row_cell(row, cols->names[i]));
    }
    eg_strbuf_put(t, "\n", 1);
}

eg_status eg_sweep_table_csv(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, char **out,
                             size_t *len, eg_error *err)
{
    eg_strbuf t = EG_STRBUF_INIT;
    put_header(&t, cols);
    for (size_t r = 0; r < nrows; r++)
        put_row(&t, rows[r], cols);
    if (!(*out = eg_strbuf_take(&t, len)))
        return eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    return EG_OK;
}

/* One row's numeric cells in column order into out[0 .. cols->nnumeric),
 * NaN where the row lacks one. */
static void row_values(const eg_sweep_row *row, const eg_sweep_columns *cols, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < cols->n; i++) {
        if (!cols->numeric[i])
            continue;
        double x = NAN;
        if (i == COL_POINT) {
            x = (double)row->point;
        } else if (i == COL_FAILED) {
            x = row->failed ? 1 : 0;
        } else {
            const eg_cell *c = row_cell(row, cols->names[i]);
            if (c)
                x = c->kind == EG_CELL_NUMBER ? c->number : (double)c->integer;
        }
        out[k++] = x;
    }
}

eg_status eg_sweep_table_npy(eg_sweep_row *const *rows, size_t nrows, const eg_sweep_columns *cols, void **buf,
                             size_t *len, eg_error *err)
{
    size_t width = cols->nnumeric;
    double *data = malloc((nrows * width + 1) * sizeof *data);
    if (!data)
        return eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    for (size_t r = 0; r < nrows; r++)
        row_values(rows[r], cols, data + r * width);
    size_t shape[2] = {nrows, width};
    eg_status st = eg_npy_encode(2, shape, data, buf, len, err);
    free(data);
    return st;
}

/* ---- Streaming ------------------------------------------------------------ */

struct eg_sweep_table {
    char *spool_path;
    FILE *spool;           /* the encoded rows so far, each after its length */
    eg_sweep_columns *cols;
    size_t rows, failed;
    size_t last_point;     /* to keep the rows in point order */
};

eg_status eg_sweep_table_begin(const char *spool_path, eg_sweep_table **out, eg_error *err)
{
    eg_sweep_table *t = calloc(1, sizeof *t);
    if (!t || !(t->spool_path = strdup(spool_path)) || !(t->cols = columns_new())) {
        eg_sweep_table_free(t);
        return eg_error_set(err, EG_ENOMEM, "out of memory while laying out the sweep table");
    }
    /* "w+": a spool a killed sweep left behind is started afresh. */
    if (!(t->spool = fopen(spool_path, "w+b"))) {
        eg_status st = eg_error_set(err, EG_EIO, "cannot create %s: %s", spool_path, strerror(errno));
        eg_sweep_table_free(t);
        return st;
    }
    *out = t;
    return EG_OK;
}

void eg_sweep_table_free(eg_sweep_table *t)
{
    if (!t)
        return;
    if (t->spool) {
        fclose(t->spool);
        remove(t->spool_path);
    }
    free(t->spool_path);
    eg_sweep_columns_free(t->cols);
    free(t);
}

eg_status eg_sweep_table_add(eg_sweep_table *t, const char *text, size_t len, eg_error *err)
{
    eg_sweep_row *row = NULL;
    eg_status st = eg_sweep_row_decode(text, len, &row, err);
    if (st != EG_OK)
        return st;
    if (t->rows > 0 && row->point <= t->last_point) {
        st = eg_error_set(err, EG_EINVAL, "sweep table: point %zu comes after point %zu", row->point, t->last_point);
    } else if (!columns_add_row(t->cols, row)) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory while laying out the sweep table");
    } else if (fwrite(&len, sizeof len, 1, t->spool) != 1 || fwrite(text, 1, len, t->spool) != len) {
        st = eg_error_set(err, EG_EIO, "cannot write %s: %s", t->spool_path, strerror(errno));
    } else {
        t->last_point = row->point;
        t->rows++;
        t->failed += row->failed != 0;
    }
    eg_sweep_row_free(row);
    return st;
}

const eg_sweep_columns *eg_sweep_table_columns(const eg_sweep_table *t)
{
    return t->cols;
}

size_t eg_sweep_table_rows(const eg_sweep_table *t)
{
    return t->rows;
}

size_t eg_sweep_table_failed(const eg_sweep_table *t)
{
    return t->failed;
}

/* The next row of the spool (NULL at its end). */
static eg_status spool_next(eg_sweep_table *t, eg_sweep_row **row, eg_error *err)
{
    size_t len = 0;
    *row = NULL;
    if (fread(&len, sizeof len, 1, t->spool) != 1)
        return feof(t->spool) ? EG_OK : eg_error_set(err, EG_EIO, "cannot read %s", t->spool_path);
    char *text = len < ((size_t)1 << 32) ? malloc(len + 1) : NULL;
    if (!text)
        return eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    eg_status st = fread(text, 1, len, t->spool) == len ? EG_OK
                                                        : eg_error_set(err, EG_EIO, "cannot read %s", t->spool_path);
    if (st == EG_OK) {
        text[len] = '\0';
        st = eg_sweep_row_decode(text, len, row, err);
    }
    free(text);
    return st;
}

/* Writes the CSV and .npy streams from the spool, one row at a time. */
static eg_status stream_tables(eg_sweep_table *t, FILE *csv, FILE *npy, eg_error *err)
{
    const eg_sweep_columns *cols = t->cols;
    size_t width = cols->nnumeric, shape[2] = {t->rows, width};
    void *head = NULL;
    size_t hlen = 0;
    eg_status st = eg_npy_encode_header(2, shape, &head, &hlen, err);
    if (st != EG_OK)
        return st;
    fwrite(head, 1, hlen, npy);
    free(head);
    eg_strbuf line = EG_STRBUF_INIT;
    put_header(&line, cols);
    double *values = malloc((width + 1) * sizeof *values);
    unsigned char *bytes = malloc((width + 1) * sizeof(double));
    if (!values || !bytes)
        st = eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
    rewind(t->spool);
    for (size_t r = 0; st == EG_OK && r < t->rows; r++) {
        eg_sweep_row *row = NULL;
        if ((st = spool_next(t, &row, err)) != EG_OK)
            break;
        if (!row) {
            st = eg_error_set(err, EG_EIO, "%s ended after %zu of %zu rows", t->spool_path, r, t->rows);
            break;
        }
        put_row(&line, row, cols);
        size_t n = 0;
        char *text = eg_strbuf_take(&line, &n);
        if (!text) {
            st = eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
        } else {
            fwrite(text, 1, n, csv);
            free(text);
        }
        row_values(row, cols, values);
        eg_npy_encode_values(values, width, bytes);
        fwrite(bytes, sizeof(double), width, npy);
        eg_sweep_row_free(row);
        line = (eg_strbuf)EG_STRBUF_INIT;
    }
    if (st == EG_OK && t->rows == 0) {
        /* No rows: the header line alone. */
        size_t n = 0;
        char *text = eg_strbuf_take(&line, &n);
        if (text)
            fwrite(text, 1, n, csv);
        else
            st = eg_error_set(err, EG_ENOMEM, "out of memory while writing the sweep table");
        free(text);
    }
    eg_strbuf_free(&line);
    free(values);
    free(bytes);
    return st;
}

eg_status eg_sweep_table_finish(eg_sweep_table *t, const char *csv_path, const char *npy_path, eg_error *err)
{
    columns_count_numeric(t->cols);
    if (fflush(t->spool) != 0)
        return eg_error_set(err, EG_EIO, "cannot write %s: %s", t->spool_path, strerror(errno));
    eg_outfile *csv = NULL, *npy = NULL;
    eg_status st = eg_outfile_open(csv_path, &csv, err);
    if (st == EG_OK)
        st = eg_outfile_open(npy_path, &npy, err);
    if (st == EG_OK)
        st = stream_tables(t, eg_outfile_stream(csv), eg_outfile_stream(npy), err);
    if (st == EG_OK) {
        st = eg_outfile_commit(csv, err);
        csv = NULL;
    }
    if (st == EG_OK) {
        st = eg_outfile_commit(npy, err);
        npy = NULL;
    }
    eg_outfile_abort(csv);
    eg_outfile_abort(npy);
    return st;
}
