/* json.c: a result tree as one JSON document. A figure
 * intent is written as the gnuplot recipe it stands for (its files, using-specs,
 * styles and setup), so the document says how each figure is drawn. */
#include <stdio.h>

#include "engram/json.h"
#include "out/gnuplot.h"
#include "out/names.h"
#include "out/out.h"

/* A string member of the object being written. */
static void member(eg_json *j, const char *key, const char *value)
{
    eg_json_key(j, key);
    eg_json_string(j, value);
}

/* A matrix: a reference to its .npy file, or its values (a vector on one line). */
static void write_matrix(eg_json *j, const eg_report *r, eg_out_place at, int with_files)
{
    const eg_matrix *m = r->matrix;
    if (with_files) {
        char file[600];
        eg_json_begin_object(j);
        member(j, "file", eg_out_matrix_file(at, r, 1, file, sizeof file));
        eg_json_key(j, "shape");
        eg_json_begin_array(j);
        eg_json_uint(j, m->rows);
        eg_json_uint(j, m->cols);
        eg_json_end_array(j);
        eg_json_end_object(j);
        return;
    }
    if (m->cols == 1) {
        eg_json_number_array(j, m->data, m->rows);
        return;
    }
    eg_json_begin_array(j);
    for (size_t i = 0; i < m->rows; i++)
        eg_json_number_array(j, m->data + i * m->cols, m->cols);
    eg_json_end_array(j);
}

/* An archive: its file and the keys it holds. */
static void write_archive(eg_json *j, const eg_report *r, eg_out_place at)
{
    char file[600];
    eg_json_begin_object(j);
    member(j, "file", eg_out_archive_file(at, r, file, sizeof file));
    eg_json_key(j, "keys");
    eg_json_begin_array(j);
    for (size_t i = 0; i < r->n; i++)
        eg_json_string(j, r->kids[i]->key);
    eg_json_end_array(j);
    eg_json_end_object(j);
}

/* A figure intent as its gnuplot recipe: the files, using-specs, styles and setup. */
static void write_figure(eg_json *j, const eg_figure *f, eg_out_place at)
{
    char buf[2048];
    eg_json_begin_object(j);
    member(j, "name", eg_out_figure_name(at, f->name, buf, sizeof buf));
    member(j, "title", f->title);
    member(j, "xlabel", f->xlabel);
    member(j, "ylabel", f->ylabel);
    eg_json_key(j, "series");
    eg_json_begin_array(j);
    for (size_t i = 0; i < f->nseries; i++) {
        const eg_figure_series *s = &f->series[i];
        eg_json_begin_object(j);
        member(j, "file", eg_out_series_file(at, s->data, buf, sizeof buf));
        member(j, "using", eg_out_gnuplot_using(s, buf, sizeof buf));
        member(j, "style", eg_out_gnuplot_style(s, buf, sizeof buf));
        member(j, "title", s->title);
        eg_json_end_object(j);
    }
    eg_json_end_array(j);
    if (*eg_out_gnuplot_setup(f, buf, sizeof buf))
        member(j, "setup", buf);
    eg_json_end_object(j);
}

/* Node r (at place `at`) and everything below it. */
static void write_node(eg_json *j, const eg_report *r, eg_out_place at, int with_files)
{
    if (r->key)
        eg_json_key(j, r->key);
    switch (r->kind) {
    case EG_REPORT_OBJECT:
    case EG_REPORT_ARRAY: {
        if (r->archive && with_files) {
            write_archive(j, r, at);
            break;
        }
        int numbers = r->kind == EG_REPORT_ARRAY && r->n > 0;
        for (size_t i = 0; numbers && i < r->n; i++)
            numbers = r->kids[i]->kind == EG_REPORT_NUMBER;
        if (numbers && r->n <= 256) {
            /* Vectors stay on one line; copy them out of the tree. */
            double buf[256];
            for (size_t i = 0; i < r->n; i++)
                buf[i] = r->kids[i]->number;
            eg_json_number_array(j, buf, r->n);
            break;
        }
        if (r->kind == EG_REPORT_OBJECT)
            eg_json_begin_object(j);
        else
            eg_json_begin_array(j);
        for (size_t i = 0; i < r->n; i++)
            write_node(j, r->kids[i], eg_out_place_enter(at, r, r->kids[i], i), with_files);
        if (r->kind == EG_REPORT_OBJECT)
            eg_json_end_object(j);
        else
            eg_json_end_array(j);
        break;
    }
    case EG_REPORT_NUMBER: eg_json_number(j, r->number); break;
    case EG_REPORT_INTEGER: eg_json_int(j, r->integer); break;
    case EG_REPORT_STRING: eg_json_string(j, r->string); break;
    case EG_REPORT_BOOL: eg_json_bool(j, (int)r->integer); break;
    case EG_REPORT_MATRIX: write_matrix(j, r, at, with_files); break;
    case EG_REPORT_FIGURE: write_figure(j, r->figure, at); break;
    }
}

int eg_out_print_json(const eg_report *report, int with_files, FILE *out)
{
    eg_json *j = eg_json_alloc_file(out, 1);
    if (!j)
        return -1;
    eg_out_place top = {NULL, NULL, -1};
    write_node(j, report, top, with_files);
    eg_error err;
    int rc = eg_json_finish(j, &err) == EG_OK ? 0 : -1;
    eg_json_free(j);
    return rc;
}
