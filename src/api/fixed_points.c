/* fixed_points.c: `engram fixed-points` for a library caller: the cell read
 * from a file or from arrays in memory keyed as its layout names them, the
 * shared analysis (engram/cell_points.h), and the tree its --json prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "engram/cell_points.h"
#include "engram/layout.h"
#include "engram/named.h"

eg_api_fixed_points_options eg_api_fixed_points_defaults(void)
{
    eg_cell_fp_opts d = eg_cell_fp_opts_default();
    return (eg_api_fixed_points_options){.starts = d.starts, .steps = d.steps, .seed = d.seed, .q_tol = d.q_tol};
}

/* The layout called name, or EG_EINVAL listing those engram reads. */
static eg_status find_layout(const char *name, const eg_layout **out, eg_error *err)
{
    if (name && (*out = eg_layout_find(name)) != NULL)
        return EG_OK;
    char names[256] = "";
    size_t used = 0;
    for (const eg_layout *l = eg_layouts; l->name && used + 40 < sizeof names; l++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", l->name);
    return eg_error_set(err, EG_EINVAL, "unknown layout '%s'; engram reads %s", name ? name : "", names);
}

/* The caller's arrays as named entries (their names the keys). */
static eg_status open_arrays(const eg_api_array *arrays, size_t n, eg_named_entry **entries, eg_named **f,
                             eg_error *err)
{
    *entries = calloc(n + 1, sizeof **entries);
    if (!*entries)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const eg_api_array *a = &arrays[i];
        if (a->ndim > 2 || (a->dtype != EG_API_FLOAT64 && a->dtype != EG_API_FLOAT32))
            return eg_error_set(err, EG_EINVAL, "array '%s': expected 0 to 2 dimensions of float64 or float32",
                                a->name ? a->name : "(null)");
        (*entries)[i] = (eg_named_entry){a->name, a->data, a->dtype == EG_API_FLOAT32, a->ndim,
                                         {a->shape[0], a->shape[1]}, {a->strides[0], a->strides[1]}};
    }
    return eg_named_memory("the arrays", *entries, n, f, err);
}

/* The cell from the file or the arrays, with its alpha, and u* (zeros unless
 * given); *layout is the one named, or the one the keys show when none is. */
static eg_status load_cell(const char *path, const eg_api_array *arrays, size_t narrays,
                           const eg_api_fixed_points_options *o, const eg_layout **layout, eg_cell **c, double **u,
                           eg_error *err)
{
    eg_named_entry *entries = NULL;
    eg_named *f = NULL;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s", o->prefix ? o->prefix : "");
    int detect = !o->layout || !*o->layout;
    eg_status st = detect ? EG_OK : find_layout(o->layout, layout, err);
    if (st == EG_OK)
        st = path ? eg_named_open(path, &f, err) : open_arrays(arrays, narrays, &entries, &f, err);
    if (st == EG_OK && detect)
        st = eg_layout_detect(f, o->prefix, layout, prefix, sizeof prefix, err);
    if (st == EG_OK)
        st = (*layout)->load(*layout, f, prefix, c, err);
    eg_named_close(f);
    free(entries);
    if (st == EG_OK)
        st = eg_cell_set_alpha(*c, o->alpha, (*layout)->name, "alpha", err);
    if (st == EG_OK && o->input && o->ninput != (*c)->input)
        st = eg_error_set(err, EG_EINVAL, "the input has %zu value%s; the cell takes %zu", o->ninput,
                          o->ninput == 1 ? "" : "s", (*c)->input);
    for (size_t i = 0; st == EG_OK && o->input && i < o->ninput; i++)
        if (!isfinite(o->input[i]))
            st = eg_error_set(err, EG_EINVAL, "the input's value %zu is not finite", i);
    if (st == EG_OK && !(*u = calloc((*c)->input + 1, sizeof **u)))
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK && o->input && o->ninput)
        memcpy(*u, o->input, o->ninput * sizeof **u);
    /* A file's malformed contents are the caller's data, as arrays are. */
    return st == EG_EPARSE ? EG_EINVAL : st;
}

/* rows × cols values from data as a matrix node (copied). */
static void add_rows(eg_report *parent, const char *key, const double *data, size_t rows, size_t cols)
{
    eg_matrix *m = eg_matrix_alloc(rows, cols);
    if (m && rows * cols > 0)
        memcpy(m->data, data, rows * cols * sizeof *data);
    eg_report_add_matrix(parent, key, m);
}

/* The tree `engram fixed-points --json` prints, from the analysis. */
static eg_report *fixed_points_tree(const char *file, const eg_api_fixed_points_options *o, const char *layout,
                                    const eg_cell *c, const double *u, const eg_cell_fp *r)
{
    const eg_map_fp_set *s = r->set;
    size_t n = r->n, m = r->m, K = r->k;
    eg_report *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_string(root, "engram", ENGRAM_VERSION);
    eg_report_add_string(root, "command", "fixed-points");
    eg_report_add_string(root, "file", file);
    eg_report_add_string(root, "layout", layout);
    eg_report_add_string(root, "cell", eg_cell_kind_name(c->kind));
    if (c->kind == EG_CELL_LEAKY_RELU)
        eg_report_add_number(root, "alpha", c->alpha);
    eg_report_add_integer(root, "hidden", (long long)c->hidden);
    eg_report_add_numbers(root, "input", u, m);
    eg_report_add_integer(root, "starts", (long long)s->starts);
    eg_report_add_integer(root, "converged", (long long)s->converged);
    eg_report_add_integer(root, "duplicates", (long long)s->duplicates);
    eg_report_add_integer(root, "outliers", (long long)s->outliers);
    eg_report_add_number(root, "q_tol", o->q_tol);
    eg_report_add_integer(root, "count", (long long)s->count);
    eg_report_add_integer(root, "stable", (long long)r->stable);
    eg_report *points = eg_report_add(root, "points", EG_REPORT_ARRAY);
    for (size_t k = 0; k < s->count; k++) {
        eg_report *p = eg_report_add(points, NULL, EG_REPORT_OBJECT);
        eg_report_add_number(p, "q", s->q[k]);
        eg_report_add_string(p, "class", eg_map_class_name(s->cls[k]));
        eg_report_add_integer(p, "unstable", (long long)s->unstable[k]);
        eg_report_add_numbers(p, "state", s->points->data + k * n, n);
        eg_matrix *eig = eg_matrix_alloc(n, 2);
        for (size_t i = 0; eig && i < n; i++) {
            eig->data[2 * i] = s->eig_re->data[k * n + i];
            eig->data[2 * i + 1] = s->eig_im->data[k * n + i];
        }
        eg_report_add_matrix(p, "eigenvalues", eig);
        add_rows(p, "jacobian", r->jacobian->data + k * n * n, n, n);
        add_rows(p, "input_jacobian", m ? r->input_jacobian->data + k * n * m : NULL, n, m);
        if (K) {
            eg_report_add_numbers(p, "in_basis", r->in_basis->data + k * K, K);
            add_rows(p, "jacobian_in_basis", r->jacobian_in_basis->data + k * K * K, K, K);
        }
    }
    return root;
}

/* Loads the cell, runs the analysis and builds the tree into *root. */
static eg_status analyse(const char *path, const eg_api_array *arrays, size_t narrays,
                         const eg_api_fixed_points_options *o, eg_report **root, eg_error *err)
{
    eg_cell *c = NULL;
    double *u = NULL;
    eg_api_view from, basis;
    memset(&from, 0, sizeof from);
    memset(&basis, 0, sizeof basis);
    eg_cell_fp *r = NULL;
    const eg_layout *layout = NULL;
    eg_status st = load_cell(path, arrays, narrays, o, &layout, &c, &u, err);
    if (st == EG_OK && o->from)
        st = eg_api_view_array(o->from, "starts", &from, err);
    if (st == EG_OK && o->basis)
        st = eg_api_view_array(o->basis, "basis", &basis, err);
    eg_cell_fp_opts fo = {.starts = o->starts, .steps = o->steps, .seed = o->seed, .jitter = o->jitter,
                          .q_tol = o->q_tol, .from = o->from ? &from.m : NULL, .from_name = "starts",
                          .basis = o->basis ? &basis.m : NULL, .basis_name = "basis"};
    if (st == EG_OK && (!(o->q_tol > 0) || !(o->jitter >= 0) || !isfinite(o->jitter)))
        st = eg_error_set(err, EG_EINVAL, "q_tol must be positive and jitter a number >= 0");
    if (st == EG_OK)
        st = eg_cell_fixed_points(c, u, &fo, &r, err);
    if (st == EG_OK && !(*root = fixed_points_tree(path ? path : "<arrays>", o, layout->name, c, u, r)))
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK && eg_report_failed(*root)) {
        eg_report_free(*root);
        *root = NULL;
        st = eg_error_set(err, EG_ENOMEM, "out of memory while collecting results");
    }
    eg_cell_fp_free(r);
    eg_api_view_clear(&from);
    eg_api_view_clear(&basis);
    free(u);
    eg_cell_free(c);
    return st == EG_EPARSE ? EG_EINVAL : st;
}

eg_api_status eg_api_fixed_points(const char *path, const eg_api_array *arrays, size_t narrays,
                                  const eg_api_fixed_points_options *opt, eg_api_result **out)
{
    eg_report *root = NULL;
    eg_error err = {""};
    eg_status st;
    if (!opt || (!path && narrays && !arrays))
        st = eg_error_set(&err, EG_EINVAL, "fixed points need options and a file or arrays");
    else
        st = analyse(path, arrays, narrays, opt, &root, &err);
    *out = eg_api_result_make(st, root, err.msg);
    return *out ? (*out)->status : EG_API_ENOMEM;
}
