/* build.c: values of a checked model turned into objects, shared by every kind:
 * matrices written inline or read by `load("file.npy" | "file.csv")`, and
 * per-unit vectors. */
#include "run/build.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engram/csv.h"
#include "engram/npy.h"
#include "lang/source.h"

static const eg_key load_keys[] = {
    {"file", &eg_type_string, 1, 0, NULL, "a .npy or .csv file, relative to the model file"},
    EG_KEYS_END,
};
const eg_schema eg_fn_load = EG_SCHEMA("load", "a matrix read from a .npy or .csv file", load_keys);

static const eg_schema *const load_fns[] = {&eg_fn_load, NULL};
static const eg_type load_type = {.kind = EG_TY_CALL, .calls = load_fns, .what = "load(\"file.npy\")"};
static const eg_type *const weights_alts[] = {&eg_type_matrix, &load_type, NULL};
const eg_type eg_type_weights = {.kind = EG_TY_ONEOF, .alts = weights_alts,
                                 .what = "a matrix [[...], ...] or load(\"file.npy\")"};

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

eg_status eg_load_matrix_file(const char *path, eg_matrix **out, eg_error *err)
{
    if (has_suffix(path, ".npy"))
        return eg_npy_read_matrix(path, out, err);
    if (has_suffix(path, ".csv")) {
        eg_csv_table *t = NULL;
        eg_status st = eg_csv_read(path, 0, &t, err);
        if (st != EG_OK)
            return st;
        if (t->values->rows == 0 || t->values->cols == 0) {
            eg_csv_table_free(t);
            return eg_error_set(err, EG_EPARSE, "%s: no numbers in the file", path);
        }
        /* A copy: the table needs its matrix to free its column names. */
        *out = eg_matrix_copy(t->values);
        eg_csv_table_free(t);
        return *out ? EG_OK : eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    return eg_error_set(err, EG_EINVAL, "%s: cannot tell the format; name a .npy or .csv file", path);
}

const char *eg_load_name(const eg_value *v)
{
    const eg_value *file = v->kind == EG_VAL_CALL ? eg_value_arg(v, "file") : NULL;
    return file ? file->str : "the inline matrix";
}

eg_status eg_load_matrix(eg_run *run, const eg_value *v, eg_matrix **out)
{
    if (v->kind == EG_VAL_LIST) {
        size_t rows = v->n, cols = rows ? v->items[0]->n : 0;
        eg_matrix *m = eg_matrix_alloc(rows, cols);
        if (!m)
            return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory for a %zu × %zu matrix", rows, cols);
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < cols; j++)
                m->data[i * cols + j] = v->items[i]->items[j]->num;
        *out = m;
        return EG_OK;
    }
    const eg_value *file = eg_value_arg(v, "file");
    char *path = eg_source_resolve(v->loc.file, file->str);
    if (!path)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    eg_error err;
    eg_status st = eg_load_matrix_file(path, out, &err);
    if (st != EG_OK) {
        /* The readers name the file at the start of their messages; the location says who asked for it. */
        st = eg_run_fail(run, st, file->loc, "cannot load a matrix: %s", err.msg);
    }
    free(path);
    return st;
}

eg_status eg_build_unit_vector(eg_run *run, const eg_value *v, size_t n, const char *what, double **out)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    if (v->kind == EG_VAL_NUMBER) {
        for (size_t i = 0; i < n; i++)
            x[i] = v->num;
    } else if (v->kind == EG_VAL_LIST && v->n == n) {
        for (size_t i = 0; i < n; i++)
            x[i] = v->items[i]->num;
    } else {
        free(x);
        return eg_run_fail(run, EG_EINVAL, v->loc, "%s has %zu entries but the network has %zu unit%s", what,
                           v->kind == EG_VAL_LIST ? v->n : 1, n, n == 1 ? "" : "s");
    }
    *out = x;
    return EG_OK;
}

eg_status eg_build_matrix(eg_run *run, const eg_value *v, eg_matrix **out)
{
    eg_matrix *m = NULL;
    eg_status st = eg_load_matrix(run, v, &m);
    if (st != EG_OK)
        return st;
    const char *what = eg_load_name(v);
    if (m->rows == 0 || m->cols == 0) {
        eg_matrix_free(m);
        return eg_run_fail(run, EG_EINVAL, v->loc, "%s holds no values", what);
    }
    for (size_t i = 0; i < m->rows * m->cols; i++) {
        if (!isfinite(m->data[i])) {
            size_t r = i / m->cols, c = i % m->cols;
            eg_matrix_free(m);
            return eg_run_fail(run, EG_EINVAL, v->loc, "%s holds a non-finite value at [%zu][%zu]", what, r, c);
        }
    }
    *out = m;
    return EG_OK;
}
