/* cell_report.c: a trained cell's provenance and its fixed points as result
 * trees (its Lyapunov exponents are lyapunov_report.c's). */
#include "run/cell_report.h"

#include "run/map_points_report.h"

void eg_cell_report_origin(eg_report *out, const eg_cell_origin *origin, const eg_cell *c, const double *u,
                           int pulses, long long seed)
{
    if (origin->file)
        eg_report_add_string(out, "file", origin->file);
    eg_report_add_string(out, "layout", origin->layout);
    if (origin->prefix && origin->prefix[0])
        eg_report_add_string(out, "prefix", origin->prefix);
    eg_report_add_string(out, "cell", eg_cell_kind_name(c->kind));
    if (c->kind == EG_CELL_LEAKY_RELU)
        eg_report_add_number(out, "alpha", c->alpha);
    eg_report_add_integer(out, "hidden", (long long)c->hidden);
    eg_report_add_integer(out, "state_size", (long long)eg_cell_state_size(c));
    if (pulses)
        eg_report_add_string(out, "input", "pulses");
    else
        eg_report_add_numbers(out, "input", u, c->input);
    eg_report_add_integer(out, "seed", seed);
}

/* A count × (rows·cols) table of per-point matrices as one (count·rows) ×
 * cols matrix: the points' matrices stacked, which row-major storage holds
 * in the same order, so only the shape changes. */
static eg_matrix *stacked(const eg_matrix *per_point, size_t rows, size_t cols)
{
    eg_matrix *m = eg_matrix_copy(per_point);
    if (m)
        m->rows = per_point->rows * rows, m->cols = cols;
    return m;
}

/* The points' linearisations as matrices, the points stacked: "input_jacobians"
 * (count·n × m) and, with a basis, "in_basis" (count × K) and
 * "jacobians_in_basis" (count·K × K). */
static void add_linearisations(eg_report *result, const eg_cell_fp *r)
{
    /* A NULL matrix (out of memory) marks the result failed. */
    eg_report_add_matrix(result, "input_jacobians", stacked(r->input_jacobian, r->n, r->m));
    if (r->k) {
        eg_report_add_matrix(result, "in_basis", eg_matrix_copy(r->in_basis));
        eg_report_add_matrix(result, "jacobians_in_basis", stacked(r->jacobian_in_basis, r->k, r->k));
    }
}

eg_status eg_cell_fp_report(const eg_cell_fp *r, double q_tol, int trajectory, const char *name, eg_report *out,
                            eg_error *err)
{
    const eg_map_fp_set *s = r->set;
    eg_report_add_integer(out, "starts", (long long)s->starts);
    eg_report_add_integer(out, "converged", (long long)s->converged);
    eg_report_add_integer(out, "duplicates", (long long)s->duplicates);
    eg_report_add_integer(out, "outliers", (long long)s->outliers);
    eg_report_add_number(out, "q_tol", q_tol);
    eg_map_points_request req = {s, r->samples, trajectory, name};
    eg_status st = eg_map_points_report(&req, out, err);
    if (st == EG_OK)
        add_linearisations(out, r);
    return st;
}
