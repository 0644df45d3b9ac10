/* map_points_report.c: the fixed points of a map, their eigenvalues and where
 * they lie among the states the map visits, as data and figures. */
#include "run/map_points_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engram/pca.h"
#include "run/figure.h"
#include "run/spectrum_report.h"

/* How each class is keyed and drawn, in the order of eg_map_class: one colour
 * per class in both figures, so a point and its eigenvalues match. */
static const struct {
    const char *count_key, *pcs_key, *eig_key, *title, *color;
    eg_figure_marker marker;
} classes[4] = {
    [EG_MAP_STABLE] = {"stable", "stable_pcs", "stable_eigenvalues", "stable", "#1f77b4", EG_MARKER_DISC},
    [EG_MAP_SADDLE] = {"saddles", "saddle_pcs", "saddle_eigenvalues", "saddle", "#ff7f0e", EG_MARKER_RING},
    [EG_MAP_UNSTABLE] = {"unstable", "unstable_pcs", "unstable_eigenvalues", "unstable", "#d62728",
                         EG_MARKER_RING},
    [EG_MAP_MARGINAL] = {"marginal", "marginal_pcs", "marginal_eigenvalues", "marginal", "#7f7f7f",
                         EG_MARKER_DIAMOND},
};

/* One row per point: q, unstable count, class code, state. */
static eg_matrix *points_table(const eg_map_fp_set *s)
{
    size_t n = s->n;
    eg_matrix *t = eg_matrix_alloc(s->count, 3 + n);
    for (size_t k = 0; t && k < s->count; k++) {
        double *row = t->data + k * (3 + n);
        row[0] = s->q[k];
        row[1] = (double)s->unstable[k];
        row[2] = (double)s->cls[k];
        memcpy(row + 3, s->points->data + k * n, n * sizeof *row);
    }
    return t;
}

/* The rows of the 2-column matrix xy whose point is of class cls. */
static eg_matrix *rows_of_class(const eg_map_fp_set *s, const eg_matrix *xy, eg_map_class cls, size_t count)
{
    eg_matrix *m = eg_matrix_alloc(count, 2);
    for (size_t k = 0, r = 0; m && k < s->count; k++)
        if (s->cls[k] == cls) {
            m->data[2 * r] = xy->data[2 * k];
            m->data[2 * r++ + 1] = xy->data[2 * k + 1];
        }
    return m;
}

/* Every eigenvalue (re, im) of the points of class cls, one per row. */
static eg_matrix *eigenvalues_of_class(const eg_map_fp_set *s, eg_map_class cls, size_t count)
{
    size_t n = s->n;
    eg_matrix *m = eg_matrix_alloc(count * n, 2);
    for (size_t k = 0, r = 0; m && k < s->count; k++)
        for (size_t i = 0; s->cls[k] == cls && i < n; i++, r++) {
            m->data[2 * r] = s->eig_re->data[k * n + i];
            m->data[2 * r + 1] = s->eig_im->data[k * n + i];
        }
    return m;
}

/* The coordinates of x's rows in the first two components, 2 wide even when
 * the state has one unit (its second coordinate is then 0). */
static eg_matrix *project2(const eg_pca *p, const eg_matrix *x)
{
    eg_matrix *y = eg_pca_project(p, x);
    if (!y || p->k == 2)
        return y;
    eg_matrix *wide = eg_matrix_alloc(y->rows, 2);
    for (size_t r = 0; wide && r < y->rows; r++)
        wide->data[2 * r] = y->data[r];
    eg_matrix_free(y);
    return wide;
}

/* The components as an n × 2 matrix (a zero second column for one unit). */
static eg_matrix *components2(const eg_pca *p)
{
    eg_matrix *c = eg_matrix_alloc(p->n, 2);
    for (size_t i = 0; c && i < p->n; i++)
        for (size_t j = 0; j < p->k; j++)
            c->data[2 * i + j] = p->components->data[i * p->k + j];
    return c;
}

/* The share of the samples' variance along component j (0 when they do not vary). */
static double explained(const eg_pca *p, size_t j)
{
    return j < p->k && p->total > 0 ? p->variance[j] / p->total : 0;
}

/* The PCA figure: the samples as a grey line (a trajectory) or cloud, the
 * fixed points over them marked by stability as phase planes mark them:
 * filled stable, open unstable, a ring with a cross a saddle. */
static void add_pca_figure(eg_report *out, const eg_map_points_request *req, const eg_pca *p, const size_t count[4])
{
    char title[400], xl[80], yl[80];
    snprintf(title, sizeof title, "fixed points of %s among %s in their first principal components", req->name,
             req->trajectory ? "the sampled trajectory" : "the given states");
    snprintf(xl, sizeof xl, "PC1 (%.1f%% of the variance)", 100 * explained(p, 0));
    snprintf(yl, sizeof yl, "PC2 (%.1f%% of the variance)", 100 * explained(p, 1));
    eg_figure *fig = eg_figure_add(out, "pca", title, xl, yl);
    eg_figure_series *s = eg_figure_xy(fig, "samples_pcs", 0, 1, req->trajectory ? EG_FIGURE_LINES : EG_FIGURE_POINTS,
                                       req->trajectory ? "trajectory" : "states");
    if (s) {
        s->color = "#b0b0b0";
        s->line_width = req->trajectory ? 0.8 : 0;
        s->point_size = req->trajectory ? 0 : 0.4;
    }
    for (int g = 0; g < 4; g++) {
        if (!count[g])
            continue;
        if ((s = eg_figure_xy(fig, classes[g].pcs_key, 0, 1, EG_FIGURE_POINTS, classes[g].title)) != NULL) {
            s->marker = classes[g].marker;
            s->point_size = 2.2;
            s->line_width = 2;
            s->color = classes[g].color;
        }
        if (g == EG_MAP_SADDLE && (s = eg_figure_xy(fig, classes[g].pcs_key, 0, 1, EG_FIGURE_POINTS, "")) != NULL) {
            /* A cross inside the ring: a saddle, told apart from open (unstable) rings. */
            s->marker = EG_MARKER_CROSS;
            s->point_size = 1.6;
            s->line_width = 2;
            s->color = classes[g].color;
            s->no_title = 1;
        }
    }
    if (fig) {
        fig->pad = 1;
        fig->plain_labels = 1;
    }
}

/* The largest |λ| of any point, at least 1 (the unit circle is always whole). */
static double largest_modulus(const eg_map_fp_set *s)
{
    double r = 1;
    for (size_t k = 0; k < s->count * s->n; k++)
        r = fmax(r, hypot(s->eig_re->data[k], s->eig_im->data[k]));
    return r;
}

/* Every point's eigenvalues in the complex plane with the unit circle,
 * coloured by the class of their point. Points share eigenvalues (a
 * flip-flop's corners all have the same), so each class has its own marker
 * size: discs for stable points, rings growing outward for the others, and
 * coinciding eigenvalues stay visible. */
static void add_eigen_figure(eg_report *out, const eg_map_points_request *req, const size_t count[4])
{
    static const double sizes[4] = {[EG_MAP_STABLE] = 1.0, [EG_MAP_SADDLE] = 1.7, [EG_MAP_UNSTABLE] = 2.4,
                                    [EG_MAP_MARGINAL] = 1.7};
    char title[400];
    snprintf(title, sizeof title, "eigenvalues of dF/dh at the fixed points of %s", req->name);
    eg_figure *fig = eg_spectrum_plane_figure(out, "eigenvalues", title);
    for (int g = 0; g < 4; g++) {
        char name[80];
        snprintf(name, sizeof name, "at %s points", classes[g].title);
        eg_figure_series *s = count[g] ? eg_figure_xy(fig, classes[g].eig_key, 0, 1, EG_FIGURE_POINTS, name) : NULL;
        if (s) {
            s->marker = g == EG_MAP_STABLE ? EG_MARKER_DISC : classes[g].marker;
            s->point_size = sizes[g];
            s->line_width = 1.5;
            s->color = classes[g].color;
        }
    }
    if (fig) {
        double r = 1.1 * largest_modulus(req->set);
        fig->xrange = (eg_figure_range){1, -r, r};
        fig->yrange = (eg_figure_range){1, -r, r};
    }
}

/* The principal components of the samples and everything drawn in them. */
static eg_status add_pca(const eg_map_points_request *req, eg_report *out, const size_t count[4], eg_error *err)
{
    const eg_map_fp_set *set = req->set;
    eg_pca *p = NULL;
    eg_status st = eg_pca_fit(req->samples, set->n < 2 ? 1 : 2, &p, err);
    if (st != EG_OK)
        return st;
    eg_matrix *mean = eg_matrix_alloc(1, p->n);
    if (mean)
        memcpy(mean->data, p->mean, p->n * sizeof *p->mean);
    eg_report_add_matrix(out, "pca_mean", mean);
    eg_report_add_matrix(out, "pca_components", components2(p));
    double shares[2] = {explained(p, 0), explained(p, 1)};
    eg_report_add_numbers(out, "explained_variance", shares, 2);
    eg_report_add_matrix(out, "samples_pcs", project2(p, req->samples));
    eg_matrix *xy = project2(p, set->points);
    for (int g = 0; g < 4 && xy; g++)
        if (count[g])
            eg_report_add_matrix(out, classes[g].pcs_key, rows_of_class(set, xy, (eg_map_class)g, count[g]));
    eg_report_add_matrix(out, "points_pcs", xy);
    add_pca_figure(out, req, p, count);
    eg_pca_free(p);
    return EG_OK;
}

eg_status eg_map_points_report(const eg_map_points_request *req, eg_report *out, eg_error *err)
{
    const eg_map_fp_set *set = req->set;
    size_t count[4] = {0};
    for (size_t k = 0; k < set->count; k++)
        count[set->cls[k]]++;
    eg_report_add_integer(out, "count", (long long)set->count);
    for (int g = 0; g < 4; g++)
        eg_report_add_integer(out, classes[g].count_key, (long long)count[g]);
    eg_report_add_matrix(out, "points", points_table(set));
    eg_report_add_matrix(out, "eigenvalues_re", eg_matrix_copy(set->eig_re));
    eg_report_add_matrix(out, "eigenvalues_im", eg_matrix_copy(set->eig_im));
    for (int g = 0; g < 4; g++)
        if (count[g])
            eg_report_add_matrix(out, classes[g].eig_key, eigenvalues_of_class(set, (eg_map_class)g, count[g]));
    add_eigen_figure(out, req, count);
    return add_pca(req, out, count, err);
}
