/* report.c: building the tree of results a run returns. */
#include "run/report.h"

#include <stdlib.h>
#include <string.h>

#include "run/figure.h"

eg_report *eg_report_new(eg_report_kind kind)
{
    eg_report *r = calloc(1, sizeof *r);
    if (r)
        r->kind = kind;
    return r;
}

void eg_report_free(eg_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        eg_report_free(r->kids[i]);
    free(r->kids);
    free(r->key);
    free(r->string);
    eg_matrix_free(r->matrix);
    eg_figure_free(r->figure);
    free(r);
}

eg_report *eg_report_add(eg_report *parent, const char *key, eg_report_kind kind)
{
    if (!parent)
        return NULL;
    eg_report *r = eg_report_new(kind);
    if (!r || (key && !(r->key = strdup(key))))
        goto fail;
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        eg_report **kids = realloc(parent->kids, cap * sizeof *kids);
        if (!kids)
            goto fail;
        parent->kids = kids;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = r;
    return r;
fail:
    eg_report_free(r);
    parent->failed = 1;
    return NULL;
}

eg_report *eg_report_add_number(eg_report *parent, const char *key, double x)
{
    eg_report *r = eg_report_add(parent, key, EG_REPORT_NUMBER);
    if (r)
        r->number = x;
    return r;
}

eg_report *eg_report_add_integer(eg_report *parent, const char *key, long long x)
{
    eg_report *r = eg_report_add(parent, key, EG_REPORT_INTEGER);
    if (r)
        r->integer = x;
    return r;
}

eg_report *eg_report_add_string(eg_report *parent, const char *key, const char *s)
{
    eg_report *r = eg_report_add(parent, key, EG_REPORT_STRING);
    if (r && !(r->string = strdup(s))) {
        parent->failed = 1;
        return NULL;
    }
    return r;
}

eg_report *eg_report_add_bool(eg_report *parent, const char *key, int b)
{
    eg_report *r = eg_report_add(parent, key, EG_REPORT_BOOL);
    if (r)
        r->integer = b != 0;
    return r;
}

eg_report *eg_report_add_matrix(eg_report *parent, const char *key, eg_matrix *m)
{
    if (!m) {
        if (parent)
            parent->failed = 1;
        return NULL;
    }
    eg_report *r = eg_report_add(parent, key, EG_REPORT_MATRIX);
    if (!r) {
        eg_matrix_free(m);
        return NULL;
    }
    r->matrix = m;
    return r;
}

eg_report *eg_report_add_table(eg_report *parent, const char *key, eg_matrix *m, const char *name)
{
    eg_report *r = eg_report_add_matrix(parent, key, m);
    if (r && !(r->string = strdup(name))) {
        parent->failed = 1;
        return NULL;
    }
    return r;
}

eg_report *eg_report_add_numbers(eg_report *parent, const char *key, const double *x, size_t n)
{
    eg_report *arr = eg_report_add(parent, key, EG_REPORT_ARRAY);
    for (size_t i = 0; arr && i < n; i++)
        if (!eg_report_add_number(arr, NULL, x[i]))
            return NULL;
    return arr;
}

eg_report *eg_report_add_archive(eg_report *parent, const char *key)
{
    eg_report *r = eg_report_add(parent, key, EG_REPORT_OBJECT);
    if (r)
        r->archive = 1;
    return r;
}

const eg_report *eg_report_get(const eg_report *obj, const char *key)
{
    for (size_t i = 0; obj && i < obj->n; i++)
        if (obj->kids[i]->key && strcmp(obj->kids[i]->key, key) == 0)
            return obj->kids[i];
    return NULL;
}

/* Walks one key at a time; a key is at most as long as the path. */
const eg_report *eg_report_find(const eg_report *obj, const char *path)
{
    while (obj && *path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        const eg_report *next = NULL;
        for (size_t i = 0; i < obj->n && !next; i++) {
            const char *key = obj->kids[i]->key;
            if (key && strncmp(key, path, len) == 0 && key[len] == '\0')
                next = obj->kids[i];
        }
        obj = next;
        path += dot ? len + 1 : len;
    }
    return obj;
}

int eg_report_failed(const eg_report *r)
{
    if (!r)
        return 1;
    if (r->failed || (r->figure && r->figure->failed))
        return 1;
    for (size_t i = 0; i < r->n; i++)
        if (eg_report_failed(r->kids[i]))
            return 1;
    return 0;
}
