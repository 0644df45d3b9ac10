/* value.c: reading the result tree (run/report.h) through the library's
 * opaque values: an eg_api_value is an eg_report node. */
#include <string.h>

#include "api/api.h"
#include "run/figure.h"

static const eg_report *node(const eg_api_value *v)
{
    return (const eg_report *)v;
}

static const eg_api_value *value(const eg_report *r)
{
    return (const eg_api_value *)r;
}

const eg_api_value *eg_api_result_root(const eg_api_result *r)
{
    return value(r->root);
}

eg_api_kind eg_api_value_kind(const eg_api_value *v)
{
    switch (node(v)->kind) {
    case EG_REPORT_OBJECT: return EG_API_OBJECT;
    case EG_REPORT_ARRAY: return EG_API_LIST;
    case EG_REPORT_NUMBER: return EG_API_NUMBER;
    case EG_REPORT_INTEGER: return EG_API_INTEGER;
    case EG_REPORT_STRING: return EG_API_STRING;
    case EG_REPORT_BOOL: return EG_API_BOOL;
    case EG_REPORT_MATRIX: return EG_API_ARRAY;
    case EG_REPORT_FIGURE: return EG_API_FIGURE;
    }
    return EG_API_OBJECT;
}

const char *eg_api_value_key(const eg_api_value *v)
{
    return node(v)->key;
}

size_t eg_api_value_count(const eg_api_value *v)
{
    const eg_report *r = node(v);
    return r->kind == EG_REPORT_OBJECT || r->kind == EG_REPORT_ARRAY ? r->n : 0;
}

const eg_api_value *eg_api_value_at(const eg_api_value *v, size_t i)
{
    return i < eg_api_value_count(v) ? value(node(v)->kids[i]) : NULL;
}

const eg_api_value *eg_api_value_get(const eg_api_value *v, const char *key)
{
    return node(v)->kind == EG_REPORT_OBJECT ? value(eg_report_get(node(v), key)) : NULL;
}

const eg_api_value *eg_api_value_find(const eg_api_value *v, const char *path)
{
    return node(v)->kind == EG_REPORT_OBJECT ? value(eg_report_find(node(v), path)) : NULL;
}

const eg_api_value *eg_api_value_result(const eg_api_value *root, const char *block)
{
    const eg_report *results = root ? eg_report_get(node(root), "results") : NULL;
    for (size_t i = 0; results && i < results->n; i++) {
        const eg_report *b = eg_report_get(results->kids[i], "block");
        if (b && b->kind == EG_REPORT_STRING && strcmp(b->string, block) == 0)
            return value(results->kids[i]);
    }
    return NULL;
}

double eg_api_value_number(const eg_api_value *v)
{
    const eg_report *r = node(v);
    return r->kind == EG_REPORT_NUMBER                                    ? r->number
           : r->kind == EG_REPORT_INTEGER || r->kind == EG_REPORT_BOOL ? (double)r->integer
                                                                          : 0.0;
}

long long eg_api_value_integer(const eg_api_value *v)
{
    const eg_report *r = node(v);
    return r->kind == EG_REPORT_INTEGER || r->kind == EG_REPORT_BOOL ? r->integer : 0;
}

const char *eg_api_value_string(const eg_api_value *v)
{
    const eg_report *r = node(v);
    if (r->kind == EG_REPORT_FIGURE)
        return r->figure ? r->figure->name : NULL;
    return r->kind == EG_REPORT_STRING || r->kind == EG_REPORT_MATRIX ? r->string : NULL;
}

size_t eg_api_value_shape(const eg_api_value *v, size_t shape[2])
{
    const eg_report *r = node(v);
    shape[0] = shape[1] = 0;
    if (r->kind != EG_REPORT_MATRIX || !r->matrix)
        return 0;
    shape[0] = r->matrix->rows;
    shape[1] = r->matrix->cols;
    /* A column is a vector, as the JSON writes it. */
    if (r->matrix->cols == 1) {
        shape[1] = 0;
        return 1;
    }
    return 2;
}

eg_api_dtype eg_api_value_dtype(const eg_api_value *v)
{
    (void)v;
    return EG_API_FLOAT64;
}

const double *eg_api_value_data(const eg_api_value *v)
{
    const eg_report *r = node(v);
    return r->kind == EG_REPORT_MATRIX && r->matrix ? r->matrix->data : NULL;
}

static const eg_figure *figure(const eg_api_value *v)
{
    return node(v)->kind == EG_REPORT_FIGURE ? node(v)->figure : NULL;
}

const char *eg_api_figure_title(const eg_api_value *v)
{
    return figure(v) ? figure(v)->title : NULL;
}

const char *eg_api_figure_xlabel(const eg_api_value *v)
{
    return figure(v) ? figure(v)->xlabel : NULL;
}

const char *eg_api_figure_ylabel(const eg_api_value *v)
{
    return figure(v) ? figure(v)->ylabel : NULL;
}

size_t eg_api_figure_series(const eg_api_value *v)
{
    return figure(v) ? figure(v)->nseries : 0;
}

const char *eg_api_figure_series_data(const eg_api_value *v, size_t i)
{
    return i < eg_api_figure_series(v) ? figure(v)->series[i].data : NULL;
}

const char *eg_api_figure_series_title(const eg_api_value *v, size_t i)
{
    return i < eg_api_figure_series(v) ? figure(v)->series[i].title : NULL;
}
