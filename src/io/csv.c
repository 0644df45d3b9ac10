/* csv.c: numeric matrices to and from comma-separated text.
 *
 * Deliberately narrow: numbers only (plus an optional header line of names),
 * one separator (','), so that a malformed file is reported rather than
 * guessed at; numbers go through io/number.h so that the process locale never
 * changes what a file means. */
#include "engram/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/outfile.h"
#include "engram/strbuf.h"
#include "io/number.h"

typedef struct field {
    const char *s; /* for a quoted field, the text between the quotes (with "" pairs) */
    size_t len;
    int quoted;
} field;

typedef struct parser {
    const char *name;
    size_t line;
    field *fields;
    size_t nfields, cap;
    eg_error *err;
} parser;

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static eg_status add_field(parser *ps, const char *s, size_t len, int quoted)
{
    if (ps->nfields == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 16;
        field *grown = realloc(ps->fields, cap * sizeof *grown);
        if (!grown)
            return eg_error_set(ps->err, EG_ENOMEM, "%s:%zu: out of memory", ps->name, ps->line);
        ps->fields = grown;
        ps->cap = cap;
    }
    ps->fields[ps->nfields++] = (field){s, len, quoted};
    return EG_OK;
}

/* line := field { ',' field }   field := blanks ( '"' { char | '""' } '"' | chars ) blanks */
static eg_status split_line(parser *ps, const char *p, const char *end)
{
    ps->nfields = 0;
    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        const char *s = p;
        int quoted = 0;
        if (p < end && *p == '"') {
            quoted = 1;
            s = ++p;
            for (;;) {
                if (p >= end)
                    return eg_error_set(ps->err, EG_EPARSE, "%s:%zu: unterminated quoted field %zu", ps->name,
                                        ps->line, ps->nfields + 1);
                if (*p == '"' && p + 1 < end && p[1] == '"')
                    p += 2;
                else if (*p == '"')
                    break;
                else
                    p++;
            }
            size_t len = (size_t)(p - s);
            p++;
            while (p < end && is_blank(*p))
                p++;
            if (p < end && *p != ',')
                return eg_error_set(ps->err, EG_EPARSE, "%s:%zu: text after the closing quote of field %zu",
                                    ps->name, ps->line, ps->nfields + 1);
            eg_status st = add_field(ps, s, len, quoted);
            if (st)
                return st;
        } else {
            while (p < end && *p != ',')
                p++;
            const char *e = p;
            while (e > s && is_blank(e[-1]))
                e--;
            eg_status st = add_field(ps, s, (size_t)(e - s), quoted);
            if (st)
                return st;
        }
        if (p >= end)
            return EG_OK;
        p++; /* the ',' */
    }
}

/* A field for a message: at most 40 characters, control characters as '?'. */
static void quote_for_message(const field *f, char *buf, size_t size)
{
    size_t n = f->len < 40 ? f->len : 40, k;
    for (k = 0; k < n && k + 4 < size; k++)
        buf[k] = (unsigned char)f->s[k] < 0x20 || f->s[k] == 0x7f ? '?' : f->s[k];
    if (f->len > n && k + 4 < size)
        buf[k++] = '.', buf[k++] = '.', buf[k++] = '.';
    buf[k] = '\0';
}

static int field_is_number(const field *f)
{
    double x;
    return !f->quoted && eg_number_parse(f->s, f->len, &x) == 0;
}

/* The first row is a header when none of its fields is a number: a data row
 * with one mistyped field ("1,-1,x") still has numbers in it, so it is read as
 * data and its bad field is reported instead of silently becoming names. */
static int is_header(const parser *ps)
{
    for (size_t k = 0; k < ps->nfields; k++)
        if (field_is_number(&ps->fields[k]))
            return 0;
    return 1;
}

static char *copy_name(const field *f)
{
    char *n = malloc(f->len + 1);
    if (!n)
        return NULL;
    size_t j = 0;
    for (size_t k = 0; k < f->len; k++) {
        n[j++] = f->s[k];
        if (f->quoted && f->s[k] == '"')
            k++; /* "" stands for one quote */
    }
    n[j] = '\0';
    return n;
}

void eg_csv_table_free(eg_csv_table *t)
{
    if (!t)
        return;
    if (t->names && t->values)
        for (size_t k = 0; k < t->values->cols; k++)
            free(t->names[k]);
    free(t->names);
    eg_matrix_free(t->values);
    free(t);
}

eg_status eg_csv_parse(const char *text, size_t len, const char *name, unsigned flags, eg_csv_table **out,
                       eg_error *err)
{
    parser ps = {name, 0, NULL, 0, 0, err};
    eg_status st = EG_OK;
    char **names = NULL;
    size_t cols = 0, rows = 0, first_line = 0, cap = 0;
    int have_shape = 0;
    double *values = NULL;
    const char *p = text, *end = len ? text + len : text; /* text may be NULL when len is 0 */
    while (!st && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        ps.line++;
        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        const char *q = p;
        while (q < line_end && is_blank(*q))
            q++;
        if (q == line_end || *q == '#') {
            p = next;
            continue;
        }
        if ((st = split_line(&ps, p, line_end)))
            break;
        p = next;
        if (!have_shape) {
            cols = ps.nfields;
            first_line = ps.line;
            have_shape = 1;
            if (is_header(&ps)) {
                names = calloc(cols, sizeof *names);
                if (!names) {
                    st = eg_error_set(err, EG_ENOMEM, "%s:%zu: out of memory", name, ps.line);
                    break;
                }
                for (size_t k = 0; k < cols && !st; k++)
                    if (!(names[k] = copy_name(&ps.fields[k])))
                        st = eg_error_set(err, EG_ENOMEM, "%s:%zu: out of memory", name, ps.line);
                continue;
            }
        }
        if (ps.nfields != cols) {
            st = eg_error_set(err, EG_EPARSE, "%s:%zu: row has %zu fields, expected %zu (as in line %zu)", name,
                              ps.line, ps.nfields, cols, first_line);
            break;
        }
        if (rows * cols + cols > cap) {
            size_t ncap = cap ? 2 * cap : 64 * cols;
            double *grown = ncap / 2 >= cap ? realloc(values, ncap * sizeof *values) : NULL;
            if (!grown) {
                st = eg_error_set(err, EG_ENOMEM, "%s:%zu: out of memory", name, ps.line);
                break;
            }
            values = grown;
            cap = ncap;
        }
        for (size_t k = 0; k < cols; k++) {
            const field *f = &ps.fields[k];
            double x = 0;
            char shown[48];
            quote_for_message(f, shown, sizeof shown);
            if (f->len == 0 && !f->quoted) {
                st = eg_error_set(err, EG_EPARSE, "%s:%zu: field %zu is empty", name, ps.line, k + 1);
                break;
            }
            if (f->quoted || eg_number_parse(f->s, f->len, &x) != 0) {
                st = eg_error_set(err, EG_EPARSE, "%s:%zu: field %zu '%s' is not a number%s", name, ps.line, k + 1,
                                  shown, ps.line == first_line ? " (a header line has no numbers in it)" : "");
                break;
            }
            if (!isfinite(x) && !(flags & EG_CSV_ALLOW_NONFINITE)) {
                st = eg_error_set(err, EG_EPARSE, "%s:%zu: field %zu '%s' is not finite (NaN and Inf are refused)",
                                  name, ps.line, k + 1, shown);
                break;
            }
            values[rows * cols + k] = x;
        }
        rows++;
    }
    free(ps.fields);
    eg_csv_table *t = NULL;
    if (!st) {
        t = calloc(1, sizeof *t);
        eg_matrix *m = t ? eg_matrix_alloc(rows, cols) : NULL;
        if (!m) {
            free(t);
            t = NULL;
            st = eg_error_set(err, EG_ENOMEM, "%s: out of memory", name);
        } else {
            if (rows && cols)
                memcpy(m->data, values, rows * cols * sizeof *values);
            t->values = m;
            t->names = names;
            names = NULL;
        }
    }
    if (names)
        for (size_t k = 0; k < cols; k++)
            free(names[k]);
    free(names);
    free(values);
    if (st)
        return st;
    *out = t;
    return EG_OK;
}

eg_status eg_csv_read(const char *path, unsigned flags, eg_csv_table **out, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return eg_error_set(err, EG_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    eg_status st = EG_OK;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? 2 * cap : 65536;
            char *grown = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!grown) {
                st = eg_error_set(err, EG_ENOMEM, "%s: out of memory after %zu bytes", path, len);
                break;
            }
            buf = grown;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                st = eg_error_set(err, EG_EIO, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (!st)
        st = eg_csv_parse(buf, len, path, flags, out, err);
    free(buf);
    return st;
}

/* ---------------------------------------------------------------- writing */

/* A name needs quotes when read unquoted it would change: empty, a number
 * (the line would not be taken for a header), a separator, quote, line end or
 * comment mark inside, or blanks at either end. */
static int name_needs_quotes(const char *name)
{
    size_t n = strlen(name);
    double x;
    if (n == 0 || eg_number_parse(name, n, &x) == 0 || name[0] == '#' || is_blank(name[0]) ||
        is_blank(name[n - 1]))
        return 1;
    return strpbrk(name, ",\"\r\n") != NULL;
}

eg_status eg_csv_format(const eg_matrix *m, const char *const *names, char **text, size_t *len, eg_error *err)
{
    eg_strbuf b = EG_STRBUF_INIT;
    eg_strbuf_put(&b, "", 0);
    if (names) {
        for (size_t j = 0; j < m->cols; j++) {
            if (j)
                eg_strbuf_put(&b, ",", 1);
            const char *nm = names[j];
            if (!name_needs_quotes(nm)) {
                eg_strbuf_put(&b, nm, strlen(nm));
                continue;
            }
            eg_strbuf_put(&b, "\"", 1);
            for (const char *c = nm; *c; c++) {
                eg_strbuf_put(&b, c, 1);
                if (*c == '"')
                    eg_strbuf_put(&b, "\"", 1); /* a quote inside is doubled */
            }
            eg_strbuf_put(&b, "\"", 1);
        }
        eg_strbuf_put(&b, "\n", 1);
    }
    for (size_t i = 0; i < m->rows; i++) {
        for (size_t j = 0; j < m->cols; j++) {
            char num[EG_NUMBER_BUFSIZE];
            size_t n = eg_number_format(num, eg_matrix_get(m, i, j));
            if (j)
                eg_strbuf_put(&b, ",", 1);
            eg_strbuf_put(&b, num, n);
        }
        eg_strbuf_put(&b, "\n", 1);
    }
    if (!(*text = eg_strbuf_take(&b, len)))
        return eg_error_set(err, EG_ENOMEM, "csv: out of memory formatting a %zu x %zu matrix", m->rows, m->cols);
    return EG_OK;
}

eg_status eg_csv_write(const char *path, const eg_matrix *m, const char *const *names, eg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    eg_status st = eg_csv_format(m, names, &text, &len, err);
    if (st)
        return eg_error_set(err, st, "%s: out of memory formatting a %zu x %zu matrix", path, m->rows, m->cols);
    st = eg_outfile_write(path, text, len, err);
    free(text);
    return st;
}
