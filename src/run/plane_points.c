/* plane_points.c: fixed points of one- and two-unit networks in a box,
 * found from a grid of starts and reported by kind for the figures. */
#include "run/plane_points.h"

#include <string.h>

const char *const eg_plane_group_keys[EG_PLANE_GROUPS] = {"fixed_stable", "fixed_saddle", "fixed_unstable",
                                                          "fixed_other"};

eg_status eg_plane_fixed_points(const eg_dyn_system *sys, const eg_phase_box *box, size_t dim, eg_fp_set **out,
                                eg_error *err)
{
    size_t n = dim == 2 ? 9 : 21, count = dim == 2 ? n * n : n;
    eg_matrix *starts = eg_matrix_alloc(count, dim);
    if (!starts)
        return eg_error_set(err, EG_ENOMEM, "out of memory for fixed points");
    for (size_t k = 0; k < count; k++) {
        starts->data[k * dim] = box->xlo + (box->xhi - box->xlo) * (double)(k % n) / (double)(n - 1);
        if (dim == 2)
            starts->data[k * dim + 1] = box->ylo + (box->yhi - box->ylo) * (double)(k / n) / (double)(n - 1);
    }
    eg_fp_opts o = eg_fp_opts_default();
    o.starts = starts;
    o.t = box->t;
    eg_status st = eg_fixed_points_find(sys, &o, out, err);
    eg_matrix_free(starts);
    return st;
}

/* The kind a class is marked as. */
static int group_of(eg_fp_class cls)
{
    switch (cls) {
    case EG_FP_STABLE_NODE:
    case EG_FP_STABLE_FOCUS: return EG_PLANE_STABLE;
    case EG_FP_SADDLE: return EG_PLANE_SADDLE;
    case EG_FP_UNSTABLE_NODE:
    case EG_FP_UNSTABLE_FOCUS: return EG_PLANE_UNSTABLE;
    default: return EG_PLANE_OTHER;
    }
}

int eg_plane_inside(const eg_phase_box *b, const double *x, size_t dim)
{
    double ex = 1e-9 * (b->xhi - b->xlo), ey = 1e-9 * (b->yhi - b->ylo);
    return x[0] >= b->xlo - ex && x[0] <= b->xhi + ex && (dim == 1 || (x[1] >= b->ylo - ey && x[1] <= b->yhi + ey));
}

/* The rows (state..., value) of the points of kind g inside the box. */
static eg_matrix *group_rows(const eg_fp_set *fp, const eg_phase_box *box, size_t dim, const double *values, int g,
                             size_t rows)
{
    size_t cols = dim + (values != NULL);
    eg_matrix *m = eg_matrix_alloc(rows, cols);
    size_t r = 0;
    for (size_t k = 0; m && k < fp->count; k++) {
        const double *x = fp->points->data + dim * k;
        if (!eg_plane_inside(box, x, dim) || group_of(fp->cls[k]) != g)
            continue;
        memcpy(m->data + r * cols, x, dim * sizeof *x);
        if (values)
            m->data[r * cols + dim] = values[k];
        r++;
    }
    return m;
}

void eg_plane_report_points(eg_report *result, const eg_fp_set *fp, const eg_phase_box *box, size_t dim,
                            const double *values, const char *value_key, size_t count[EG_PLANE_GROUPS])
{
    eg_report *list = eg_report_add(result, "fixed_points", EG_REPORT_ARRAY);
    for (int g = 0; g < EG_PLANE_GROUPS; g++)
        count[g] = 0;
    for (size_t k = 0; k < fp->count; k++) {
        const double *x = fp->points->data + dim * k;
        if (!eg_plane_inside(box, x, dim))
            continue;
        count[group_of(fp->cls[k])]++;
        eg_report *o = eg_report_add(list, NULL, EG_REPORT_OBJECT);
        eg_report_add_numbers(o, "state", x, dim);
        eg_report_add_string(o, "class", eg_fp_class_name(fp->cls[k]));
        if (values)
            eg_report_add_number(o, value_key, values[k]);
        eg_report_add_numbers(o, "eig_re", fp->eig_re->data + dim * k, dim);
        eg_report_add_numbers(o, "eig_im", fp->eig_im->data + dim * k, dim);
    }
    eg_report_add_integer(result, "stable", (long long)count[EG_PLANE_STABLE]);
    eg_report_add_integer(result, "saddles", (long long)count[EG_PLANE_SADDLE]);
    eg_report_add_integer(result, "unstable", (long long)count[EG_PLANE_UNSTABLE]);
    for (int g = 0; g < EG_PLANE_GROUPS; g++)
        if (count[g]) /* a NULL matrix (out of memory) marks the result failed */
            eg_report_add_matrix(result, eg_plane_group_keys[g], group_rows(fp, box, dim, values, g, count[g]));
}
