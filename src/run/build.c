/* build.c: values of a checked model turned into objects, shared by every kind:
 * matrices written inline or read by `load(...)` from .npy, .csv, .npz,
 * .safetensors and whitespace-separated text (.txt, .dat) files, and per-unit vectors. */
#include "run/build.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engram/csv.h"
#include "engram/npy.h"
#include "engram/named.h"
#include "engram/text_matrix.h"
#include "lang/source.h"
#include "run/files.h"

static const eg_key load_keys[] = {
    {"file", &eg_type_string, 1, 0, NULL,
     "a .npy, .npz, .safetensors, .csv or whitespace-separated .txt/.dat file (numpy.savetxt), relative to the model file"},
    {"key", &eg_type_string, 0, 0, NULL, "the array of an .npz or .safetensors file (default: its only array)"},
    EG_KEYS_END,
};
const eg_schema eg_fn_load =
    EG_SCHEMA("load", "a matrix read from a .npy, .npz, .safetensors, .csv or .txt/.dat file", load_keys);

static const eg_schema *const load_fns[] = {&eg_fn_load, NULL};
static const eg_type load_type = {.kind = EG_TY_CALL, .calls = load_fns, .what = "load(\"file.npy\")"};
static const eg_type *const weights_alts[] = {&eg_type_matrix, &load_type, NULL};
const eg_type eg_type_weights = {.kind = EG_TY_ONEOF, .alts = weights_alts,
                                 .what = "a matrix [[...], ...] or load(\"file.npy\")"};

int eg_value_is_matrix(const eg_value *v)
{
    return v->kind != EG_VAL_CALL || v->schema == &eg_fn_load;
}

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

eg_load_format eg_load_format_of(const char *path)
{
    return has_suffix(path, ".npy")           ? EG_LOAD_NPY
           : has_suffix(path, ".npz")         ? EG_LOAD_NPZ
           : has_suffix(path, ".safetensors") ? EG_LOAD_SAFETENSORS
           : has_suffix(path, ".csv")         ? EG_LOAD_CSV
           : has_suffix(path, ".txt") || has_suffix(path, ".dat") ? EG_LOAD_TEXT
                                              : EG_LOAD_UNKNOWN;
}

/* A 1-d (as one row) or 2-d array as a matrix; the array is consumed. */
static eg_status matrix_of_array(eg_array *a, const char *name, eg_matrix **out, eg_error *err)
{
    if (a->ndim != 1 && a->ndim != 2) {
        size_t ndim = a->ndim;
        eg_array_free(a);
        return eg_error_set(err, EG_EPARSE, "%s: expected a 1-d or 2-d array, found %zu dimensions", name, ndim);
    }
    eg_matrix *m = malloc(sizeof *m);
    if (!m) {
        eg_array_free(a);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", name);
    }
    m->rows = a->ndim == 1 ? 1 : a->shape[0];
    m->cols = a->ndim == 1 ? a->shape[0] : a->shape[1];
    m->data = a->data;
    a->data = NULL;
    eg_array_free(a);
    *out = m;
    return EG_OK;
}

/* The array `key` of a file of named arrays (.npz, .safetensors), or its only
 * array when key is NULL. */
static eg_status load_named(const char *path, const char *key, eg_matrix **out, eg_error *err)
{
    eg_named *f = NULL;
    eg_status st = eg_named_open(path, &f, err);
    if (st != EG_OK)
        return st;
    size_t n = eg_named_count(f);
    const char *name = key ? key : eg_named_key(f, 0);
    eg_array *a = NULL;
    if (!key && n != 1)
        st = eg_error_set(err, EG_EPARSE, "%s: the file holds %zu arrays; name one with key = \"...\"", path, n);
    else
        st = eg_named_read(f, name, &a, err);
    char label[600];
    snprintf(label, sizeof label, "%s[%s]", path, name ? name : "");
    eg_named_close(f);
    return st == EG_OK ? matrix_of_array(a, label, out, err) : st;
}

eg_status eg_load_matrix_key(const char *path, const char *key, eg_matrix **out, eg_error *err)
{
    eg_load_format f = eg_load_format_of(path);
    if (f == EG_LOAD_NPZ || f == EG_LOAD_SAFETENSORS)
        return load_named(path, key, out, err);
    return eg_load_matrix_file(path, out, err);
}

eg_status eg_load_matrix_file(const char *path, eg_matrix **out, eg_error *err)
{
    if (has_suffix(path, ".npy"))
        return eg_npy_read_matrix(path, out, err);
    if (eg_named_is(path))
        return load_named(path, NULL, out, err);
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
    /* numpy.savetxt's default: numbers separated by spaces, one row a line. */
    if (eg_load_format_of(path) == EG_LOAD_TEXT)
        return eg_text_matrix_read(path, out, err);
    return eg_error_set(err, EG_EINVAL,
                        "%s: cannot tell the format; name a .npy, .npz, .safetensors, .csv, .txt or .dat file", path);
}

const char *eg_load_name(const eg_value *v)
{
    const eg_value *file = v->kind == EG_VAL_CALL ? eg_value_arg(v, "file") : NULL;
    return file ? file->str : "the inline matrix";
}

eg_status eg_run_array_matrix(const eg_run_array *a, eg_matrix **out)
{
    eg_matrix *m = eg_matrix_alloc(a->rows, a->cols);
    if (!m)
        return EG_ENOMEM;
    const char *base = a->data;
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++) {
            const char *p = base + (ptrdiff_t)i * a->row_stride + (ptrdiff_t)j * a->col_stride;
            double x;
            if (a->float32) {
                float f;
                memcpy(&f, p, sizeof f);
                x = f;
            } else {
                memcpy(&x, p, sizeof x);
            }
            m->data[i * a->cols + j] = x;
        }
    *out = m;
    return EG_OK;
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
    const eg_value *file = eg_value_arg(v, "file"), *key = eg_value_arg(v, "key");
    /* A library caller may hold the array in memory under the file's name. */
    const eg_run_array *held = key ? NULL : eg_run_array_named(run, file->str);
    if (held)
        return eg_run_array_matrix(held, out) == EG_OK
                   ? EG_OK
                   : eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory for a %zu × %zu matrix", held->rows, held->cols);
    char *path = eg_source_resolve(v->loc.file, file->str);
    if (!path)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    eg_error err;
    eg_status st = eg_load_matrix_key(path, key ? key->str : NULL, out, &err);
    if (st != EG_OK) {
        /* The readers name the file at the start of their messages; the location
         * says who asked for it. A file that is missing or malformed is a data
         * error (exit 4): the model itself checked clean. */
        st = eg_run_fail(run, st == EG_ENOMEM ? st : EG_EIO, file->loc, "cannot load a matrix: %s", err.msg);
    }
    free(path);
    return st;
}

eg_status eg_build_unit_vector(eg_run *run, const eg_value *v, size_t n, const char *what, double **out)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory allocating %s (%zu values)", what, n);
    if (v->kind == EG_VAL_NUMBER) {
        for (size_t i = 0; i < n; i++)
            x[i] = v->num;
    } else if (v->kind == EG_VAL_LIST && v->n == n) {
        for (size_t i = 0; i < n; i++)
            x[i] = v->items[i]->num;
    } else {
        free(x);
        return eg_run_fail(run, EG_EIO, v->loc, "%s has %zu entries but the network has %zu unit%s", what,
                           v->kind == EG_VAL_LIST ? v->n : 1, n, n == 1 ? "" : "s");
    }
    *out = x;
    return EG_OK;
}

int eg_run_array_view(const eg_run_array *a, eg_matrix **out)
{
    int rows_fit = a->rows <= 1 || a->row_stride == (ptrdiff_t)(a->cols * sizeof(double));
    int cols_fit = a->cols <= 1 || a->col_stride == (ptrdiff_t)sizeof(double);
    if (a->float32 || !rows_fit || !cols_fit || a->rows * a->cols == 0 || !(*out = malloc(sizeof **out)))
        return 0;
    **out = (eg_matrix){a->rows, a->cols, (double *)a->data}; /* only ever read */
    return 1;
}

void eg_matrix_release(eg_matrix *m, int borrowed)
{
    if (borrowed)
        free(m);
    else
        eg_matrix_free(m);
}

/* m (of v) is not empty and holds only finite values; else released and reported. */
static eg_status check_values(eg_run *run, const eg_value *v, eg_matrix *m, int borrowed)
{
    const char *what = eg_load_name(v);
    if (m->rows == 0 || m->cols == 0) {
        eg_matrix_release(m, borrowed);
        return eg_run_fail(run, EG_EIO, v->loc, "%s holds no values", what);
    }
    for (size_t i = 0; i < m->rows * m->cols; i++) {
        if (!isfinite(m->data[i])) {
            size_t r = i / m->cols, c = i % m->cols;
            eg_matrix_release(m, borrowed);
            return eg_run_fail(run, EG_EIO, v->loc, "%s holds a non-finite value at [%zu][%zu]", what, r, c);
        }
    }
    return EG_OK;
}

eg_status eg_build_matrix(eg_run *run, const eg_value *v, eg_matrix **out)
{
    eg_matrix *m = NULL;
    eg_status st = eg_load_matrix(run, v, &m);
    if (st == EG_OK)
        st = check_values(run, v, m, 0);
    if (st == EG_OK)
        *out = m;
    return st;
}

/* A view of m, which the caller only reads. */
static eg_status view_of(const eg_matrix *m, eg_matrix **out, int *borrowed)
{
    if (!(*out = malloc(sizeof **out)))
        return EG_ENOMEM;
    **out = *m;
    *borrowed = 1;
    return EG_OK;
}

/* The matrix of load(...) v read once a run: the run's kept copy, read and
 * checked now when there is none. */
static eg_status build_kept(eg_run *run, const eg_value *v, eg_files *files, eg_matrix **out, int *borrowed)
{
    const eg_value *key = eg_value_arg(v, "key");
    const char *k = key ? key->str : NULL;
    char *path = eg_source_resolve(v->loc.file, eg_value_arg(v, "file")->str);
    if (!path)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    const eg_matrix *kept = eg_files_find(files, path, k);
    eg_status st = EG_OK;
    if (!kept) {
        eg_matrix *m = NULL;
        st = eg_build_matrix(run, v, &m); /* reports its own failures */
        if (st == EG_OK && (st = eg_files_keep(files, path, k, m)) != EG_OK)
            st = eg_run_fail(run, st, v->loc, "out of memory");
        kept = m;
    }
    free(path);
    if (st != EG_OK)
        return st;
    return view_of(kept, out, borrowed) == EG_OK ? EG_OK : eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
}

eg_status eg_build_matrix_in_place(eg_run *run, const eg_value *v, eg_matrix **out, int *borrowed)
{
    *borrowed = 0;
    if (v->kind == EG_VAL_LIST)
        return eg_build_matrix(run, v, out);
    const eg_run_array *held = eg_value_arg(v, "key") ? NULL : eg_run_array_named(run, eg_value_arg(v, "file")->str);
    eg_matrix *m = NULL;
    if (!held) {
        eg_files *files = eg_run_files(run);
        return files ? build_kept(run, v, files, out, borrowed) : eg_build_matrix(run, v, out);
    }
    if (!eg_run_array_view(held, &m))
        return eg_build_matrix(run, v, out);
    eg_status st = check_values(run, v, m, 1);
    if (st == EG_OK) {
        *out = m;
        *borrowed = 1;
    }
    return st;
}
