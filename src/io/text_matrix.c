/* text_matrix.c: whitespace-separated numeric text (numpy.savetxt's default format) read as a matrix. */
#include "engram/text_matrix.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/number.h"

/* The end of the line that starts at p: its '\n', or end. */
static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

/* The content of a line without its comment and "\r": p .. the returned end. */
static const char *content_end(const char *p, const char *eol)
{
    const char *hash = memchr(p, '#', (size_t)(eol - p));
    return hash ? hash : eol;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v'; }

/* Reads the fields of one line into row (when non-NULL, up to cap of them)
 * and returns how many there are; -1 (with err set) at a field that is not a
 * finite number. */
static long read_fields(const char *p, const char *end, double *row, size_t cap, const char *name, size_t line,
                        eg_error *err)
{
    long n = 0;
    while (p < end) {
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            break;
        const char *q = p;
        while (q < end && !is_blank(*q))
            q++;
        double x;
        if (eg_number_parse(p, (size_t)(q - p), &x) != 0 || !isfinite(x)) {
            int w = (int)(q - p > 40 ? 40 : q - p);
            eg_error_set(err, EG_EPARSE, "%s:%zu: field %ld ('%.*s') is not a finite number", name, line,
                         n + 1, w, p);
            return -1;
        }
        if (row && (size_t)n < cap)
            row[n] = x;
        n++;
        p = q;
    }
    return n;
}

/* Counts the rows (lines with fields) and the fields of the first; checks every
 * line on the way. */
static eg_status measure(const char *text, const char *end, const char *name, size_t *rows, size_t *cols,
                         eg_error *err)
{
    size_t line = 0, first = 0;
    *rows = *cols = 0;
    for (const char *p = text; p < end; line++) {
        const char *eol = line_end(p, end);
        long n = read_fields(p, content_end(p, eol), NULL, 0, name, line + 1, err);
        if (n < 0)
            return EG_EPARSE;
        if (n > 0 && *rows == 0) {
            *cols = (size_t)n;
            first = line + 1;
        } else if (n > 0 && (size_t)n != *cols) {
            return eg_error_set(err, EG_EPARSE, "%s:%zu: %ld field%s, but line %zu has %zu", name, line + 1, n,
                                n == 1 ? "" : "s", first, *cols);
        }
        *rows += n > 0;
        p = eol < end ? eol + 1 : end;
    }
    if (*rows == 0)
        return eg_error_set(err, EG_EPARSE, "%s: no numbers in the file", name);
    return EG_OK;
}

eg_status eg_text_matrix_parse(const char *text, size_t len, const char *name, eg_matrix **out, eg_error *err)
{
    *out = NULL;
    const char *end = text + len;
    size_t rows, cols;
    eg_status st = measure(text, end, name, &rows, &cols, err);
    if (st != EG_OK)
        return st;
    eg_matrix *m = eg_matrix_alloc(rows, cols);
    if (!m)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory for a %zu × %zu matrix", name, rows, cols);
    size_t r = 0, line = 0;
    for (const char *p = text; p < end; line++) {
        const char *eol = line_end(p, end);
        long n = read_fields(p, content_end(p, eol), m->data + r * cols, cols, name, line + 1, err);
        r += n > 0;
        p = eol < end ? eol + 1 : end;
    }
    *out = m;
    return EG_OK;
}

eg_status eg_text_matrix_read(const char *path, eg_matrix **out, eg_error *err)
{
    *out = NULL;
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
    if (st == EG_OK)
        st = eg_text_matrix_parse(buf, len, path, out, err);
    free(buf);
    return st;
}
