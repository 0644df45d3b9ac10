/* sweep_row.c: flattening a point's report into a row, and the row's text encoding. */
#include "run/sweep/row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/strbuf.h"
#include "io/number.h"

void eg_sweep_row_free(eg_sweep_row *row)
{
    if (!row)
        return;
    for (size_t i = 0; i < row->ncells; i++) {
        free(row->cells[i].name);
        free(row->cells[i].string);
    }
    free(row->cells);
    free(row->error);
    free(row);
}

/* Appends a cell; name is copied, and so is s for strings. Returns 0 when out of memory. */
static int add_cell(eg_sweep_row *row, const char *name, eg_cell_kind kind, double x, long long i, const char *s)
{
    eg_cell *cells = realloc(row->cells, (row->ncells + 1) * sizeof *cells);
    if (!cells)
        return 0;
    row->cells = cells;
    eg_cell c = {strdup(name), kind, x, i, s ? strdup(s) : NULL};
    if (!c.name || (s && !c.string)) {
        free(c.name);
        free(c.string);
        return 0;
    }
    row->cells[row->ncells++] = c;
    return 1;
}

/* Adds the scalars at and below m under `name` (a block's name, then its keys
 * joined by dots and array indices in brackets: "k.sizes[0].critical"), so a
 * measure a block reports inside an object, or in an array with one element per
 * item the model lists, is a column too. Other arrays (overlaps per episode, the
 * fixed points found) have lengths the data decide: they would make the
 * columns differ between points, and stay out. */
static int add_scalars(eg_sweep_row *row, const char *name, const eg_report *m)
{
    switch (m->kind) {
    case EG_REPORT_NUMBER: return add_cell(row, name, EG_CELL_NUMBER, m->number, 0, NULL);
    case EG_REPORT_INTEGER: return add_cell(row, name, EG_CELL_INTEGER, 0, m->integer, NULL);
    case EG_REPORT_BOOL: return add_cell(row, name, EG_CELL_BOOL, 0, m->integer != 0, NULL);
    case EG_REPORT_STRING: return add_cell(row, name, EG_CELL_STRING, 0, 0, m->string);
    case EG_REPORT_OBJECT:
    case EG_REPORT_ARRAY: break;
    default: return 1; /* matrices and figures are not scalars */
    }
    if (m->kind == EG_REPORT_ARRAY && !m->per_item)
        return 1;
    for (size_t i = 0; i < m->n; i++) {
        const eg_report *kid = m->kids[i];
        char sub[512];
        if (m->kind == EG_REPORT_ARRAY)
            snprintf(sub, sizeof sub, "%s[%zu]", name, i);
        else if (!kid->key || strcmp(kid->key, "text") == 0)
            continue;
        else
            snprintf(sub, sizeof sub, "%s.%s", name, kid->key);
        if (!add_scalars(row, sub, kid))
            return 0;
    }
    return 1;
}

static int add_member(eg_sweep_row *row, const char *block, const eg_report *m)
{
    if (!m->key || strcmp(m->key, "text") == 0 || strcmp(m->key, "block") == 0 || strcmp(m->key, "kind") == 0 ||
        strcmp(m->key, "figures") == 0)
        return 1;
    char name[512];
    snprintf(name, sizeof name, "%s.%s", block, m->key);
    return add_scalars(row, name, m);
}

eg_status eg_sweep_row_from_report(size_t point, const eg_model *model, const eg_report *report,
                                   eg_sweep_row **out, eg_error *err)
{
    eg_sweep_row *row = calloc(1, sizeof *row);
    int ok = row != NULL;
    if (row)
        row->point = point;
    for (size_t i = 0; ok && i < model->nparams; i++) {
        const eg_value *v = model->params[i].value;
        if (v && v->kind == EG_VAL_NUMBER)
            ok = add_cell(row, model->params[i].name, EG_CELL_NUMBER, v->num, 0, NULL);
        else if (v && (v->kind == EG_VAL_STRING || v->kind == EG_VAL_SYMBOL))
            ok = add_cell(row, model->params[i].name, EG_CELL_STRING, 0, 0, v->str);
    }
    const eg_report *results = eg_report_get(report, "results");
    for (size_t a = 0; ok && results && a < results->n; a++) {
        const eg_report *r = results->kids[a];
        const eg_report *block = eg_report_get(r, "block");
        if (!block || block->kind != EG_REPORT_STRING)
            continue;
        for (size_t k = 0; ok && k < r->n; k++)
            ok = add_member(row, block->string, r->kids[k]);
    }
    if (!ok) {
        eg_sweep_row_free(row);
        return eg_error_set(err, EG_ENOMEM, "out of memory while collecting a sweep row");
    }
    *out = row;
    return EG_OK;
}

eg_status eg_sweep_row_failure(size_t point, const eg_sweep_plan *plan, const char *error, eg_sweep_row **out,
                               eg_error *err)
{
    eg_sweep_row *row = calloc(1, sizeof *row);
    double *values = calloc(plan->nsweeps + 1, sizeof *values);
    int ok = row && values && (row->error = strdup(error ? error : "failed"));
    if (ok) {
        row->point = point;
        row->failed = 1;
        eg_sweep_plan_values(plan, point, values);
    }
    for (size_t i = 0; ok && i < plan->nsweeps; i++)
        ok = add_cell(row, plan->sweeps[i]->param, EG_CELL_NUMBER, values[i], 0, NULL);
    free(values);
    if (!ok) {
        eg_sweep_row_free(row);
        return eg_error_set(err, EG_ENOMEM, "out of memory while collecting a sweep row");
    }
    *out = row;
    return EG_OK;
}

static void put_escaped(eg_strbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            eg_strbuf_puts(b, "\\\\");
        else if (*s == '\t')
            eg_strbuf_puts(b, "\\t");
        else if (*s == '\n')
            eg_strbuf_puts(b, "\\n");
        else
            eg_strbuf_put(b, s, 1);
    }
}

eg_status eg_sweep_row_encode(const eg_sweep_row *row, char **text, size_t *len, eg_error *err)
{
    eg_strbuf b = EG_STRBUF_INIT;
    eg_strbuf_printf(&b, "point %zu\nfailed %d\n", row->point, row->failed ? 1 : 0);
    if (row->failed) {
        eg_strbuf_puts(&b, "error ");
        put_escaped(&b, row->error ? row->error : "");
        eg_strbuf_puts(&b, "\n");
    }
    for (size_t i = 0; i < row->ncells; i++) {
        const eg_cell *c = &row->cells[i];
        static const char kinds[] = {'n', 'i', 'b', 's'};
        eg_strbuf_put(&b, &kinds[c->kind], 1);
        eg_strbuf_puts(&b, "\t");
        put_escaped(&b, c->name);
        eg_strbuf_puts(&b, "\t");
        char num[EG_NUMBER_BUFSIZE];
        switch (c->kind) {
        case EG_CELL_NUMBER:
            eg_strbuf_put(&b, num, eg_number_format(num, c->number));
            break;
        case EG_CELL_INTEGER:
        case EG_CELL_BOOL: eg_strbuf_printf(&b, "%lld", c->integer); break;
        case EG_CELL_STRING: put_escaped(&b, c->string); break;
        }
        eg_strbuf_puts(&b, "\n");
    }
    if (!(*text = eg_strbuf_take(&b, len)))
        return eg_error_set(err, EG_ENOMEM, "out of memory while encoding a sweep row");
    return EG_OK;
}

/* Undoes put_escaped on s[0..n) into a fresh string; NULL on a bad escape or no memory. */
static char *unescape(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            *o++ = s[i];
            continue;
        }
        if (++i == n) {
            free(out);
            return NULL;
        }
        char e = s[i];
        if (e != '\\' && e != 't' && e != 'n') {
            free(out);
            return NULL;
        }
        *o++ = e == 't' ? '\t' : e == 'n' ? '\n' : '\\';
    }
    *o = '\0';
    return out;
}

static int parse_size(const char *s, size_t n, size_t *out)
{
    if (n == 0 || n > 19)
        return 0;
    size_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (size_t)(s[i] - '0');
    }
    *out = x;
    return 1;
}

static int parse_cell(eg_sweep_row *row, const char *line, size_t n)
{
    const char *t1 = memchr(line, '\t', n);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + n - t1 - 1)) : NULL;
    if (!t1 || !t2 || t1 != line + 1)
        return 0;
    const char *v = t2 + 1;
    size_t vn = (size_t)(line + n - v);
    char *name = unescape(t1 + 1, (size_t)(t2 - t1 - 1));
    if (!name)
        return 0;
    int ok = 1;
    switch (line[0]) {
    case 'n': {
        double x;
        ok = eg_number_parse(v, vn, &x) == 0 && add_cell(row, name, EG_CELL_NUMBER, x, 0, NULL);
        break;
    }
    case 'i':
    case 'b': {
        char tmp[32];
        char *end = NULL;
        if (vn == 0 || vn >= sizeof tmp) {
            ok = 0;
            break;
        }
        memcpy(tmp, v, vn);
        tmp[vn] = '\0';
        long long x = strtoll(tmp, &end, 10);
        ok = *end == '\0' && add_cell(row, name, line[0] == 'i' ? EG_CELL_INTEGER : EG_CELL_BOOL, 0, x, NULL);
        break;
    }
    case 's': {
        char *s = unescape(v, vn);
        ok = s && add_cell(row, name, EG_CELL_STRING, 0, 0, s);
        free(s);
        break;
    }
    default: ok = 0;
    }
    free(name);
    return ok;
}

eg_status eg_sweep_row_decode(const char *text, size_t len, eg_sweep_row **out, eg_error *err)
{
    eg_sweep_row *row = calloc(1, sizeof *row);
    if (!row)
        return eg_error_set(err, EG_ENOMEM, "out of memory while decoding a sweep row");
    const char *p = text, *end = text + len;
    int line_no = 0, ok = 1;
    while (ok && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            ok = 0;
            break;
        }
        size_t n = (size_t)(nl - p);
        if (line_no == 0)
            ok = n > 6 && memcmp(p, "point ", 6) == 0 && parse_size(p + 6, n - 6, &row->point);
        else if (line_no == 1)
            ok = n == 8 && memcmp(p, "failed ", 7) == 0 && (p[7] == '0' || p[7] == '1') &&
                 ((row->failed = p[7] == '1'), 1);
        else if (line_no == 2 && row->failed)
            ok = n >= 6 && memcmp(p, "error ", 6) == 0 && (row->error = unescape(p + 6, n - 6)) != NULL;
        else
            ok = parse_cell(row, p, n);
        line_no++;
        p = nl + 1;
    }
    if (!ok || line_no < 2 + row->failed) {
        eg_sweep_row_free(row);
        return eg_error_set(err, EG_EINVAL, "a sweep row is malformed");
    }
    *out = row;
    return EG_OK;
}
