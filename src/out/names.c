/* names.c: file names of a result tree's matrices and figures. */
#include "out/names.h"

#include <stdio.h>
#include <string.h>

/* A string member of obj, or NULL. */
static const char *string_member(const eg_report *obj, const char *key)
{
    const eg_report *m = eg_report_get(obj, key);
    return m && m->kind == EG_REPORT_STRING ? m->string : NULL;
}

eg_out_place eg_out_place_enter(eg_out_place at, const eg_report *parent, const eg_report *node, size_t index)
{
    if (!parent || parent->kind != EG_REPORT_ARRAY || !parent->key || node->kind != EG_REPORT_OBJECT)
        return at;
    if (strcmp(parent->key, "results") == 0) {
        /* A result of a model's block, or of a command (engram spectrum) that has no block. */
        const char *stem = string_member(node, "block");
        at.result = node;
        at.stem = stem ? stem : string_member(node, "kind");
    } else if (strcmp(parent->key, "points") == 0 && at.point < 0) {
        at.point = (long)index;
    }
    return at;
}

/* "<stem>.<name>.npy" (or "<name>.npy" without a stem) after an optional prefix. */
static const char *compose(const char *prefix, const char *stem, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s.npy", prefix, stem ? stem : "", stem ? "." : "", name);
    return buf;
}

const char *eg_out_matrix_file(eg_out_place at, const eg_report *m, int with_point, char *buf, size_t size)
{
    char prefix[32] = "";
    if (with_point && at.point >= 0)
        snprintf(prefix, sizeof prefix, "p%03ld.", at.point);
    return compose(prefix, at.stem, m->string ? m->string : m->key ? m->key : "matrix", buf, size);
}

const char *eg_out_archive_file(eg_out_place at, const eg_report *a, char *buf, size_t size)
{
    eg_out_matrix_file(at, a, 1, buf, size);
    size_t n = strlen(buf);
    if (n >= 4 && strcmp(buf + n - 4, ".npy") == 0)
        buf[n - 1] = 'z';
    return buf;
}

const char *eg_out_series_file(eg_out_place at, const char *data, char *buf, size_t size)
{
    const eg_report *m = at.result ? eg_report_find(at.result, data) : NULL;
    if (m && m->kind == EG_REPORT_MATRIX)
        return eg_out_matrix_file(at, m, 0, buf, size);
    const char *last = strrchr(data, '.');
    return compose("", at.stem, last ? last + 1 : data, buf, size);
}

const char *eg_out_figure_name(eg_out_place at, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", at.stem ? at.stem : "", at.stem ? "." : "", name);
    return buf;
}
