/* spectrum_report.c: eigenvalues, singular values, summaries and the EMT reading of one matrix,
 * gathered into a report for `analyze spectrum` and `engram spectrum`. */
#include "run/spectrum_report.h"

#include "run/figure.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "engram/spectrum.h"

static eg_matrix *eigen_matrix(const eg_spectrum *s)
{
    eg_matrix *m = eg_matrix_alloc(s->n, 2);
    if (m)
        for (size_t k = 0; k < s->n; k++) {
            m->data[2 * k] = s->re[k];
            m->data[2 * k + 1] = s->im[k];
        }
    return m;
}

/* Eigenvalues closer than this (times max(1, radius)) are one point of the
 * plane: a multiple eigenvalue that rounding has split (by ~1e-14 for a normal
 * matrix, more for a defective one), far below what a figure resolves. */
#define EIGEN_GROUP_TOL 1e-6

/* The distinct eigenvalues of s with their multiplicities: a (groups × 3)
 * matrix of rows (re, im, count), in the order they first occur. */
static eg_matrix *eigen_groups(const eg_spectrum *s)
{
    double radius = 0;
    for (size_t k = 0; k < s->n; k++)
        radius = fmax(radius, hypot(s->re[k], s->im[k]));
    double tol = EIGEN_GROUP_TOL * fmax(1.0, radius);
    double *g = malloc(3 * (s->n + 1) * sizeof *g);
    if (!g)
        return NULL;
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++) {
        size_t j = 0;
        while (j < n && hypot(g[3 * j] - s->re[k], g[3 * j + 1] - s->im[k]) > tol)
            j++;
        if (j == n) {
            g[3 * n] = s->re[k];
            g[3 * n + 1] = s->im[k];
            g[3 * n++ + 2] = 0;
        }
        g[3 * j + 2] += 1;
    }
    eg_matrix *m = eg_matrix_alloc(n, 3);
    if (m && n)
        memcpy(m->data, g, 3 * n * sizeof *g);
    free(g);
    return m;
}

/* The largest multiplicity in a groups matrix. */
static long long largest_count(const eg_matrix *groups)
{
    double c = 0;
    for (size_t j = 0; groups && j < groups->rows; j++)
        c = fmax(c, groups->data[3 * j + 2]);
    return (long long)c;
}

eg_figure *eg_spectrum_plane_figure(eg_report *out, const char *name, const char *title)
{
    eg_figure *fig = eg_figure_add(out, name, title, "Re λ", "Im λ");
    if (fig) {
        fig->equal_aspect = fig->unit_circle = 1;
        fig->pad = 1;
    }
    return fig;
}

/* The eigenvalue figure: W's eigenvalues as discs whose area grows with their
 * multiplicity, the multiplicity written beside each multiple one, the
 * theory's eigenvalues (when compared) as rings around them, and |z| = 1. */
static void add_eigen_figure(eg_report *out, const char *prefix, int theory)
{
    char title[300];
    snprintf(title, sizeof title, "%s: eigenvalues and the unit circle%s", prefix,
             theory ? ", with the theory's" : "");
    eg_figure *fig = eg_spectrum_plane_figure(out, "eigenvalues", title);
    eg_figure_series *s = eg_figure_xy(fig, "eigenvalue_groups", 0, 1, EG_FIGURE_POINTS,
                                       "eigenvalues (area ~ multiplicity)");
    if (s) {
        s->marker = EG_MARKER_DISC;
        s->point_size = 1.0;
        s->size_column_set = 1;
        s->size_column = 2;
        s->color = "#1f77b4";
    }
    if (theory && (s = eg_figure_xy(fig, "theory_eigenvalue_groups", 0, 1, EG_FIGURE_POINTS, "theory")) != NULL) {
        s->marker = EG_MARKER_RING;
        s->point_size = 1.7;
        s->size_column_set = 1;
        s->size_column = 2;
        s->line_width = 1.5;
        s->color = "#d62728";
    }
    if ((s = eg_figure_xy(fig, "eigenvalue_groups", 0, 1, EG_FIGURE_LABELS, "multiplicity")) != NULL) {
        s->label_column = 2;
        s->no_title = 1;
    }
}

/* Appends to the text buffer. */
static void say(char *text, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *text, size_t len, const char *fmt, ...)
{
    size_t n = strlen(text);
    if (n + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text + n, len - n, fmt, ap);
    va_end(ap);
}

static eg_status add_cycles(const eg_matrix *phi, eg_report *out, char *text, size_t len)
{
    eg_emt_cycles *c = NULL;
    eg_error err;
    /* A dense Φ (a trained network's) has no cycle structure: that is a finding, not a failure. */
    if (eg_emt_cycles_find(phi, 0.0, &c, &err) != EG_OK) {
        eg_report_add_bool(out, "one_per_row", 0);
        return EG_OK;
    }
    eg_report_add_bool(out, "one_per_row", 1);
    eg_report *cy = eg_report_add(out, "cycles", EG_REPORT_OBJECT);
    eg_report_add_integer(cy, "count", (long long)c->ncycles);
    eg_report_add_integer(cy, "on_cycles", (long long)c->on_cycles);
    eg_report *lengths = eg_report_add(cy, "lengths", EG_REPORT_ARRAY);
    eg_report *signs = eg_report_add(cy, "sign_products", EG_REPORT_ARRAY);
    size_t negative = 0;
    for (size_t k = 0; k < c->ncycles; k++) {
        eg_report_add_integer(lengths, NULL, (long long)(c->start[k + 1] - c->start[k]));
        eg_report_add_integer(signs, NULL, c->sign[k]);
        negative += c->sign[k] < 0;
    }
    say(text, len, "\n  Φ has one non-zero per row: %zu cycle%s (%zu with sign product −1), %zu of %zu indices on cycles",
        c->ncycles, c->ncycles == 1 ? "" : "s", negative, c->on_cycles, c->n);
    eg_emt_cycles_free(c);
    return EG_OK;
}

/* Φ as a heat map, row 0 at the top as the matrix is written, both axes the
 * memory index; the palette diverges from white at 0 (blue below, red above)
 * over ±max|Φ_ij|, so the sign of every interaction reads at a glance. */
static void add_phi_figure(eg_report *out, const char *owner, const eg_matrix *phi)
{
    double peak = 0;
    for (size_t k = 0; k < phi->rows * phi->cols; k++)
        peak = fmax(peak, fabs(phi->data[k]));
    if (!(peak > 0))
        peak = 1; /* a zero Φ: any symmetric range shows it white */
    char title[300];
    snprintf(title, sizeof title, "%s: Phi = Psi^T W Psi, the weights in the memory basis", owner);
    eg_figure *fig = eg_figure_add(out, "phi", title, "memory index j (column)", "memory index i (row)");
    eg_figure_series_add(fig, "basis.phi", 0, EG_FIGURE_IMAGE, "");
    if (fig) {
        fig->no_grid = 1;
        fig->equal_aspect = 1;
        fig->xrange = (eg_figure_range){1, -0.5, (double)phi->cols - 0.5};
        fig->yrange = (eg_figure_range){1, (double)phi->rows - 0.5, -0.5};
    }
    eg_figure_diverging(fig, peak, "Phi_ij");
}

static eg_status add_basis(const eg_spectrum_request *req, eg_report *out, char *text, size_t len, eg_error *err)
{
    const eg_matrix *w = req->w, *psi = req->basis;
    if (psi->rows != w->rows)
        return eg_error_set(err, EG_EINVAL, "%s: the basis has %zu rows; %s has %zu (one per unit)", req->basis_name,
                            psi->rows, req->w_name, w->rows);
    if (psi->cols == 0 || psi->cols > w->rows)
        return eg_error_set(err, EG_EINVAL, "%s: the basis has %zu columns; it needs 1 … %zu (the units of %s)",
                            req->basis_name, psi->cols, w->rows, req->w_name);
    eg_emt_reading *r = NULL;
    eg_status st = eg_emt_read(w, psi, 0.0, &r, err);
    if (st != EG_OK)
        return st;
    eg_report *b = eg_report_add(out, "basis", EG_REPORT_OBJECT);
    eg_report_add_string(b, "source", req->basis_name);
    eg_report_add_integer(b, "columns", (long long)psi->cols);
    eg_report_add_integer(b, "rank", (long long)r->rank);
    eg_report_add_number(b, "residual", r->residual);
    eg_report_add_number(b, "match_max", r->match_max);
    eg_report_add_matrix(b, "phi", eg_matrix_copy(r->phi));
    add_phi_figure(out, req->prefix, r->phi);
    eg_report_add_matrix(b, "phi_eigenvalues", eigen_matrix(r->spec_phi));
    say(text, len, "\n  basis %s (%zu column%s, rank %zu): Φ = Ψ†WΨ, residual ‖WΨ − ΨΦ‖/‖W‖ = %.3g, spectra of Φ and W match within %.3g",
        req->basis_name, psi->cols, psi->cols == 1 ? "" : "s", r->rank, r->residual, r->match_max);
    st = add_cycles(r->phi, b, text, len);
    eg_emt_reading_free(r);
    return st;
}

static eg_status add_theory(const eg_spectrum_request *req, const eg_spectrum *sw, eg_report *out, char *text,
                            size_t len, eg_error *err)
{
    eg_spectrum *st_phi = NULL;
    eg_status st = eg_spectrum_eigen(req->theory, NULL, &st_phi, err);
    if (st != EG_OK)
        return st;
    eg_emt_angle_error ae;
    st = eg_emt_angle_compare(sw, st_phi, req->angle_threshold, &ae, err);
    if (st == EG_OK) {
        eg_report_add_matrix(out, "theory_eigenvalues", eigen_matrix(st_phi));
        eg_report_add_matrix(out, "theory_eigenvalue_groups", eigen_groups(st_phi));
    }
    eg_spectrum_free(st_phi);
    if (st != EG_OK)
        return st;
    eg_report *c = eg_report_add(out, "comparison", EG_REPORT_OBJECT);
    eg_report_add_string(c, "theory", req->theory_name);
    eg_report_add_number(c, "threshold", req->angle_threshold > 0 ? req->angle_threshold : EG_EMT_ANGLE_THRESHOLD);
    eg_report_add_integer(c, "count", (long long)ae.count_a);
    eg_report_add_integer(c, "count_theory", (long long)ae.count_b);
    eg_report_add_bool(c, "comparable", ae.comparable);
    eg_report_add_number(c, "mean_deg", ae.mean_deg);
    eg_report_add_number(c, "max_deg", ae.max_deg);
    eg_report_add_number(c, "mean_rad", ae.mean_rad);
    eg_report_add_number(c, "max_rad", ae.max_rad);
    if (ae.comparable)
        say(text, len, "\n  angles vs %s (%zu eigenvalues with |λ| > %g): mean error %.4g°, max %.4g° (%.3g rad)",
            req->theory_name, ae.count_a, req->angle_threshold, ae.mean_deg, ae.max_deg, ae.max_rad);
    else
        say(text, len, "\n  angles vs %s: not comparable, %zu eigenvalues of W and %zu of the theory have |λ| > %g",
            req->theory_name, ae.count_a, ae.count_b, req->angle_threshold);
    return EG_OK;
}

eg_status eg_spectrum_report(const eg_spectrum_request *req, eg_report *out, eg_error *err)
{
    const eg_matrix *w = req->w;
    if (w->rows != w->cols || w->rows == 0)
        return eg_error_set(err, EG_EINVAL, "%s: the matrix is %zu × %zu; a spectrum needs a non-empty square matrix",
                            req->w_name, w->rows, w->cols);
    for (size_t k = 0; k < w->rows * w->cols; k++)
        if (!isfinite(w->data[k]))
            return eg_error_set(err, EG_EINVAL, "%s: entry (%zu, %zu) is not finite", req->w_name, k / w->cols,
                                k % w->cols);
    eg_spectrum_options opt = eg_spectrum_options_default();
    opt.vectors = req->vectors != 0;
    eg_spectrum *sw = NULL;
    eg_svd *svd = NULL;
    eg_spectrum_summary sum;
    double rank_threshold = req->rank_threshold > 0 ? req->rank_threshold : EG_SPECTRUM_RANK_THRESHOLD;
    eg_status st = eg_spectrum_eigen(w, &opt, &sw, err);
    if (st == EG_OK)
        st = eg_spectrum_svd(w, false, &svd, err);
    if (st == EG_OK)
        st = eg_spectrum_summarize(w, rank_threshold, &sum, err);
    if (st != EG_OK) {
        eg_spectrum_free(sw);
        eg_svd_free(svd);
        return st;
    }
    size_t n = w->rows;
    char text[2048];
    snprintf(text, sizeof text,
             "spectrum of %s (%zu × %zu, %s): radius %.6g, condition %.4g, rank (|λ| > %g) %zu, "
             "non-normality (Henrici) %.3g",
             req->w_name, n, n, sw->symmetric ? "symmetric, dsyevr" : "general, dgeev", sum.radius, sum.condition,
             rank_threshold, sum.count_above, sum.henrici);
    eg_report_add_string(out, "matrix", req->w_name);
    eg_report_add_integer(out, "size", (long long)n);
    eg_report_add_bool(out, "symmetric", sw->symmetric);
    eg_report_add_number(out, "symmetry_tolerance", EG_SPECTRUM_SYMMETRY_TOL);
    eg_report_add_number(out, "radius", sum.radius);
    eg_report_add_number(out, "condition", sum.condition);
    eg_report_add_number(out, "henrici", sum.henrici);
    eg_report_add_number(out, "commutator", sum.commutator);
    eg_report_add_number(out, "frobenius", sum.frobenius);
    eg_report_add_number(out, "rank_threshold", rank_threshold);
    eg_report_add_integer(out, "rank", (long long)sum.count_above);
    eg_report_add_numbers(out, "singular_values", svd->s, svd->k);
    eg_report_add_matrix(out, "eigenvalues", eigen_matrix(sw));
    eg_matrix *groups = eigen_groups(sw);
    eg_report_add_integer(out, "distinct_eigenvalues", groups ? (long long)groups->rows : 0);
    eg_report_add_integer(out, "largest_multiplicity", largest_count(groups));
    eg_report_add_matrix(out, "eigenvalue_groups", groups);
    add_eigen_figure(out, req->prefix, req->theory != NULL);
    if (req->vectors && sw->vec_re && sw->vec_im) {
        eg_report_add_matrix(out, "eigenvectors_re", eg_matrix_copy(sw->vec_re));
        eg_report_add_matrix(out, "eigenvectors_im", eg_matrix_copy(sw->vec_im));
    }
    if (req->basis)
        st = add_basis(req, out, text, sizeof text, err);
    if (st == EG_OK && req->theory)
        st = add_theory(req, sw, out, text, sizeof text, err);
    if (st == EG_OK)
        eg_report_add_string(out, "text", text);
    eg_spectrum_free(sw);
    eg_svd_free(svd);
    return st;
}

eg_status eg_spectrum_gsemm_form(eg_matrix **phi, eg_error *err)
{
    size_t n = (*phi)->rows;
    eg_matrix *g = eg_matrix_alloc(n, n);
    if (!g)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a %zu × %zu matrix", n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            g->data[i * n + j] = (i == j) + (*phi)->data[j * n + i];
    eg_matrix_free(*phi);
    *phi = g;
    return EG_OK;
}
