/* render.c: a run's report as text for people or as one JSON document. */
#include <stdio.h>

#include "cli/cli.h"
#include "engram/json.h"

static void print_text_lines(const eg_report *r, FILE *out)
{
    const eg_report *text = eg_report_get(r, "text");
    if (text && text->kind == EG_REPORT_STRING)
        fprintf(out, "%s\n", text->string);
    for (size_t i = 0; i < r->n; i++)
        if (r->kids[i]->kind == EG_REPORT_OBJECT || r->kids[i]->kind == EG_REPORT_ARRAY)
            print_text_lines(r->kids[i], out);
}

void eg_cli_print_human(const eg_report *report, FILE *out)
{
    print_text_lines(report, out);
}

static void write_matrix(eg_json *j, const eg_matrix *m, const char *file, int with_files)
{
    if (with_files) {
        eg_json_begin_object(j);
        eg_json_key(j, "file");
        eg_json_string(j, file);
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

static void write_node(eg_json *j, const eg_report *r, int with_files)
{
    if (r->key)
        eg_json_key(j, r->key);
    switch (r->kind) {
    case EG_REPORT_OBJECT:
        eg_json_begin_object(j);
        for (size_t i = 0; i < r->n; i++)
            write_node(j, r->kids[i], with_files);
        eg_json_end_object(j);
        break;
    case EG_REPORT_ARRAY: {
        int numbers = r->n > 0;
        for (size_t i = 0; i < r->n; i++)
            numbers &= r->kids[i]->kind == EG_REPORT_NUMBER;
        if (numbers) {
            /* Vectors stay on one line; copy them out of the tree. */
            double buf[256];
            if (r->n <= 256) {
                for (size_t i = 0; i < r->n; i++)
                    buf[i] = r->kids[i]->number;
                eg_json_number_array(j, buf, r->n);
                break;
            }
        }
        eg_json_begin_array(j);
        for (size_t i = 0; i < r->n; i++)
            write_node(j, r->kids[i], with_files);
        eg_json_end_array(j);
        break;
    }
    case EG_REPORT_NUMBER: eg_json_number(j, r->number); break;
    case EG_REPORT_INTEGER: eg_json_int(j, r->integer); break;
    case EG_REPORT_STRING: eg_json_string(j, r->string); break;
    case EG_REPORT_BOOL: eg_json_bool(j, (int)r->integer); break;
    case EG_REPORT_MATRIX: write_matrix(j, r->matrix, r->string, with_files); break;
    }
}

int eg_cli_print_json(const eg_report *report, int with_files, FILE *out)
{
    eg_json *j = eg_json_alloc_file(out, 1);
    if (!j)
        return -1;
    write_node(j, report, with_files);
    eg_error err;
    int rc = eg_json_finish(j, &err) == EG_OK ? 0 : -1;
    eg_json_free(j);
    return rc;
}
