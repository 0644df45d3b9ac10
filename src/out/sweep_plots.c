/* sweep_plots.c: figures across a sweep's points. With one swept param, each
 * figure of a block is drawn once with one curve per point, and each measure
 * that moves is drawn against the param; with two params on a grid, each such
 * measure is a heat map over the grid. */
#include "out/sweep_plots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/npy.h"
#include "io/number.h"
#include "out/contours.h"
#include "out/gnuplot.h"
#include "out/names.h"
#include "run/figure.h"

/* More curves than this in one figure cannot be told apart. */
enum { OVERLAY_MAX_POINTS = 12 };

/* Whether two param nodes hold the same number or word. */
static int same_param(const eg_report *a, const eg_report *b)
{
    if (!a || !b || a->kind != b->kind)
        return 0;
    if (a->kind == EG_REPORT_NUMBER)
        return a->number == b->number;
    if (a->kind == EG_REPORT_STRING)
        return strcmp(a->string, b->string) == 0;
    return 0;
}

static const eg_report *point_param(const eg_report *points, size_t p, const char *key)
{
    return eg_report_get(eg_report_get(points->kids[p], "params"), key);
}

int eg_out_sweep_param_varies(const eg_report *points, const char *key)
{
    const eg_report *first = points->n ? point_param(points, 0, key) : NULL;
    for (size_t p = 1; p < points->n; p++)
        if (!same_param(first, point_param(points, p, key)))
            return 1;
    return 0;
}

/* ---- The measures: every numeric scalar of every result, by path ---------- */

typedef struct measure {
    char *name;    /* "<block>.<key>..." as the sweep table names it */
    double *value; /* one per point, NaN where a point lacks it */
} measure;

typedef struct measures {
    measure *items;
    size_t n;
    size_t points;
    int failed;
} measures;

static measure *find_measure(measures *ms, const char *name)
{
    for (size_t i = 0; i < ms->n; i++)
        if (strcmp(ms->items[i].name, name) == 0)
            return &ms->items[i];
    return NULL;
}

/* Records value x of `name` at point p (a new measure when p is the first point). */
static void put_measure(measures *ms, size_t p, const char *name, double x)
{
    measure *m = find_measure(ms, name);
    if (!m && p == 0) {
        measure *items = realloc(ms->items, (ms->n + 1) * sizeof *items);
        double *v = malloc(ms->points * sizeof *v);
        char *copy = strdup(name);
        if (items)
            ms->items = items;
        if (!items || !v || !copy) {
            free(v);
            free(copy);
            ms->failed = 1;
            return;
        }
        for (size_t i = 0; i < ms->points; i++)
            v[i] = NAN;
        m = &ms->items[ms->n++];
        *m = (measure){copy, v};
    }
    if (m)
        m->value[p] = x;
}

/* The numbers below node r, named as the sweep table names them (objects and
 * per-item arrays only: run/sweep/row.h). */
static void walk_measures(measures *ms, size_t p, const char *name, const eg_report *r)
{
    if (r->kind == EG_REPORT_NUMBER || r->kind == EG_REPORT_INTEGER) {
        put_measure(ms, p, name, r->kind == EG_REPORT_NUMBER ? r->number : (double)r->integer);
        return;
    }
    if (r->kind != EG_REPORT_OBJECT && !(r->kind == EG_REPORT_ARRAY && r->per_item))
        return;
    for (size_t i = 0; i < r->n; i++) {
        const eg_report *kid = r->kids[i];
        char sub[512];
        if (r->kind == EG_REPORT_ARRAY)
            snprintf(sub, sizeof sub, "%s[%zu]", name, i);
        else if (!kid->key || strcmp(kid->key, "figures") == 0)
            continue;
        else
            snprintf(sub, sizeof sub, "%s.%s", name, kid->key);
        walk_measures(ms, p, sub, kid);
    }
}

static void measures_free(measures *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        free(ms->items[i].name);
        free(ms->items[i].value);
    }
    free(ms->items);
}

/* Every measure of every point's results. */
static int collect_measures(const eg_report *points, measures *ms)
{
    *ms = (measures){.points = points->n};
    for (size_t p = 0; p < points->n; p++) {
        const eg_report *results = eg_report_get(points->kids[p], "results");
        for (size_t a = 0; results && a < results->n; a++) {
            const eg_report *block = eg_report_get(results->kids[a], "block");
            if (block && block->kind == EG_REPORT_STRING)
                walk_measures(ms, p, block->string, results->kids[a]);
        }
    }
    return !ms->failed;
}

/* Whether a measure takes more than one value (a constant is not worth a figure). */
static int measure_moves(const measure *m, size_t n)
{
    for (size_t p = 1; p < n; p++)
        if (m->value[p] != m->value[0] && !(isnan(m->value[p]) && isnan(m->value[0])))
            return 1;
    return 0;
}

/* ---- The swept axes --------------------------------------------------------- */

typedef struct axis {
    const char *key;
    double *at;     /* the param's value at each point */
    double *values; /* its distinct values, ascending */
    size_t n;
} axis;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The axis of param key with at[p] its value at each of the n points
 * (from, or NULL: filled by the caller): its distinct values, ascending; 0
 * when memory runs out or a value is not finite. */
static int axis_fill(axis *ax, const char *key, const double *from, size_t n)
{
    *ax = (axis){.key = key};
    ax->at = malloc(n * sizeof *ax->at);
    ax->values = malloc(n * sizeof *ax->values);
    if (!ax->at || !ax->values)
        return 0;
    for (size_t p = 0; from && p < n; p++)
        if (!isfinite(ax->at[p] = from[p]))
            return 0;
    return 1;
}

/* Sorts and thins the values of a filled axis. */
static void axis_distinct(axis *ax, size_t n)
{
    memcpy(ax->values, ax->at, n * sizeof *ax->values);
    qsort(ax->values, n, sizeof *ax->values, cmp_double);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || ax->values[i] != ax->values[ax->n - 1])
            ax->values[ax->n++] = ax->values[i];
}

/* The axis of param key: its value at each point and its distinct values; 0
 * when it is not a number at every point or memory runs out. */
static int axis_build(const eg_report *points, const char *key, axis *ax)
{
    if (!axis_fill(ax, key, NULL, points->n))
        return 0;
    for (size_t p = 0; p < points->n; p++) {
        const eg_report *v = point_param(points, p, key);
        if (!v || v->kind != EG_REPORT_NUMBER)
            return 0;
        ax->at[p] = v->number;
    }
    axis_distinct(ax, points->n);
    return 1;
}

static void axis_free(axis *ax)
{
    free(ax->at);
    free(ax->values);
}

/* Whether the distinct values are evenly spaced (a heat map's pixels then tile the plane). */
static int axis_uniform(const axis *ax)
{
    for (size_t i = 2; i < ax->n; i++) {
        double d0 = ax->values[1] - ax->values[0], d = ax->values[i] - ax->values[i - 1];
        if (fabs(d - d0) > 1e-9 * fmax(fabs(d0), 1e-300))
            return 0;
    }
    return 1;
}

/* ---- Writing ------------------------------------------------------------------ */

/* A file-name form of a measure name: brackets become "_" ("k.sizes_0.critical"). */
static void file_stem(const char *name, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *s = name; *s && n + 1 < size; s++)
        if (*s != ']')
            buf[n++] = *s == '[' ? '_' : *s;
    buf[n] = '\0';
}

/* Writes a rows x cols matrix as file in dir. */
static eg_status write_npy(eg_outdir *dir, const char *file, const double *data, size_t rows, size_t cols,
                           eg_error *err)
{
    const char *path = eg_outdir_path(dir, file);
    if (!path)
        return eg_error_set(err, EG_EIO, "cannot name the output file '%s'", file);
    size_t shape[2] = {rows, cols};
    return eg_npy_write(path, 2, shape, data, err);
}

/* "sweep.<measure>": the measure against the swept param, in the param's order. */
static eg_status measure_curve(const measure *m, const axis *ax, size_t npoints, eg_outdir *dir, eg_error *err)
{
    char stem[600], file[620], title[700];
    char fs[512];
    file_stem(m->name, fs, sizeof fs);
    snprintf(stem, sizeof stem, "sweep.%s", fs);
    snprintf(file, sizeof file, "%s.npy", stem);
    double *xy = malloc(2 * npoints * sizeof *xy);
    if (!xy)
        return eg_error_set(err, EG_ENOMEM, "out of memory for a sweep figure");
    for (size_t p = 0; p < npoints; p++)
        xy[2 * p] = ax->at[p], xy[2 * p + 1] = m->value[p];
    /* Points in the param's order, so the line joins neighbours. */
    qsort(xy, npoints, 2 * sizeof *xy, cmp_double);
    eg_status st = write_npy(dir, file, xy, npoints, 2, err);
    free(xy);
    if (st != EG_OK)
        return st;
    snprintf(title, sizeof title, "%s against %s", m->name, ax->key);
    eg_figure fig = {.title = title, .xlabel = (char *)ax->key, .ylabel = m->name, .plain_labels = 1, .pad = 1,
                     .no_key = 1};
    eg_figure_series s = {.style = EG_FIGURE_LINESPOINTS, .x = EG_FIGURE_X_COLUMN, .x_column = 0, .y_column = 1,
                          .marker = EG_MARKER_DISC, .point_size = 1.2, .line_width = 2};
    FILE *f = eg_out_gnuplot_begin(dir, stem, &fig, err);
    if (!f)
        return EG_EIO;
    if ((st = eg_out_gnuplot_clause(f, dir, 1, file, &s, npoints, 2, m->name, err)) != EG_OK) {
        fclose(f);
        return st;
    }
    return eg_out_gnuplot_end(f, stem, err);
}

/* The measure's values on the grid of a (x, fastest) and b (y), NaN where no
 * point is: z[ib * a->n + ia]. */
static double *grid_of(const measure *m, const axis *a, const axis *b, size_t npoints)
{
    double *z = malloc(a->n * b->n * sizeof *z);
    if (!z)
        return NULL;
    for (size_t i = 0; i < a->n * b->n; i++)
        z[i] = NAN;
    for (size_t p = 0; p < npoints; p++) {
        size_t ia = 0, ib = 0;
        while (a->values[ia] != a->at[p])
            ia++;
        while (b->values[ib] != b->at[p])
            ib++;
        z[ib * a->n + ia] = m->value[p];
    }
    return z;
}

/* The finite range of z (n values) widened by that of w (when not NULL). */
static void finite_range(const double *z, const double *w, size_t n, double *lo, double *hi)
{
    *lo = INFINITY, *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            double v = k ? (w ? w[i] : NAN) : z[i];
            if (isfinite(v))
                *lo = fmin(*lo, v), *hi = fmax(*hi, v);
        }
}

/* Most contour levels (and colour bands) over a heat map with a prediction. */
enum { CONTOUR_LEVELS = 8 };

/* "sweep.<measure>.contours.npy": the prediction's contours (rows x1, y1, x2,
 * y2, level) at levels, over the grid of a and b; *rows 0 when none crosses. */
static eg_status write_contours(const char *file, const double *zt, const axis *a, const axis *b,
                                const double *levels, size_t nlevels, size_t *rows, eg_outdir *dir, eg_error *err)
{
    double *seg = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < nlevels; k++)
        if (!eg_contour_segments(a->values, a->n, b->values, b->n, zt, levels[k], &seg, &n, &cap)) {
            free(seg);
            return eg_error_set(err, EG_ENOMEM, "out of memory for a sweep figure's contours");
        }
    *rows = n;
    eg_status st = n ? write_npy(dir, file, seg, n, 5, err) : EG_OK;
    free(seg);
    return st;
}

/* "sweep.<measure>": a heat map of the measure over the grid of params a (x)
 * and b (y); with a prediction of it (theory, or NULL), the prediction's
 * contours over it at the edges of the colour bands, so that where they meet
 * the colours' steps simulation and theory agree. */
static eg_status measure_map(const measure *m, const measure *theory, const axis *a, const axis *b, size_t npoints,
                             eg_outdir *dir, eg_error *err)
{
    char stem[600], file[620], cfile[640], title[700], fs[512], ctitle[700];
    file_stem(m->name, fs, sizeof fs);
    snprintf(stem, sizeof stem, "sweep.%s", fs);
    snprintf(file, sizeof file, "%s.npy", stem);
    snprintf(cfile, sizeof cfile, "%s.contours.npy", stem);
    size_t cells = a->n * b->n, crows = 0;
    double *z = grid_of(m, a, b, npoints), *zt = theory ? grid_of(theory, a, b, npoints) : NULL;
    /* Rows in scan order (a fastest), as gnuplot's image style reads a grid. */
    double *xyz = malloc(3 * cells * sizeof *xyz);
    if (!z || !xyz || (theory && !zt)) {
        free(z), free(zt), free(xyz);
        return eg_error_set(err, EG_ENOMEM, "out of memory for a sweep figure");
    }
    for (size_t i = 0; i < cells; i++)
        xyz[3 * i] = a->values[i % a->n], xyz[3 * i + 1] = b->values[i / a->n], xyz[3 * i + 2] = z[i];
    eg_status st = write_npy(dir, file, xyz, cells, 3, err);
    double levels[CONTOUR_LEVELS], step = 0, from = 0, to = 0, lo, hi;
    size_t nlevels = 0;
    if (st == EG_OK && zt) {
        finite_range(z, zt, cells, &lo, &hi);
        nlevels = eg_contour_levels(lo, hi, CONTOUR_LEVELS, levels, &step, &from, &to);
        st = write_contours(cfile, zt, a, b, levels, nlevels, &crows, dir, err);
    }
    free(xyz), free(z), free(zt);
    if (st != EG_OK)
        return st;
    if (crows) /* the lines named in the title: a key beside the map would squeeze it */
        snprintf(title, sizeof title, "%s (colours) and %s (lines, at the colour steps)", m->name, theory->name);
    else
        snprintf(title, sizeof title, "%s over %s and %s", m->name, a->key, b->key);
    eg_figure fig = {.title = title, .xlabel = (char *)a->key, .ylabel = (char *)b->key, .sequential = 1,
                     .color_label = m->name, .plain_labels = 1, .tight = 1};
    if (crows) {
        fig.no_key = 1;
        fig.color_range = (eg_figure_range){1, from, to};
        fig.color_step = step;
    }
    FILE *f = eg_out_gnuplot_begin(dir, stem, &fig, err);
    if (!f)
        return EG_EIO;
    eg_npy_info info;
    const char *path = eg_outdir_path(dir, file);
    if (!path || (st = eg_npy_read_header(path, &info, err)) != EG_OK) {
        fclose(f);
        return st != EG_OK ? st : eg_error_set(err, EG_EIO, "no file %s", file);
    }
    /* Perceptually ordered colours (viridis's ends and middle); pixels on an even
     * grid, squares at the points otherwise. */
    int image = axis_uniform(a) && axis_uniform(b) && a->n > 1 && b->n > 1;
    fprintf(f, " '%s' binary skip=%zu format='%%3float64' using 1:2:3 with %s notitle", file, info.data_offset,
            image ? "image" : "points pt 5 ps 3 lc palette");
    if (crows) {
        const char *cpath = eg_outdir_path(dir, cfile);
        if (!cpath || (st = eg_npy_read_header(cpath, &info, err)) != EG_OK) {
            fclose(f);
            return st != EG_OK ? st : eg_error_set(err, EG_EIO, "no file %s", cfile);
        }
        /* White under black: the lines stay visible on dark and light colours alike. */
        snprintf(ctitle, sizeof ctitle, "%s at %.6g, %.6g, ...", theory->name, levels[0], levels[0] + step);
        fprintf(f, ", \\\n    '%s' binary skip=%zu format='%%5float64' using 1:2:($3-$1):($4-$2) with vectors "
                   "nohead lw 4 lc rgb 'white' notitle", cfile, info.data_offset);
        fprintf(f, ", \\\n    '%s' binary skip=%zu format='%%5float64' using 1:2:($3-$1):($4-$2) with vectors "
                   "nohead lw 2 lc rgb 'black' title '%s'", cfile, info.data_offset, ctitle);
    }
    return eg_out_gnuplot_end(f, stem, err);
}

/* The label of point p in a curve's title: "lambda = 0.5". */
static void point_title(const char *series, const axis *ax, size_t p, int one_series, char *buf, size_t size)
{
    char num[32];
    snprintf(num, sizeof num, "%.6g", ax->at[p]); /* 0.3, not the 0.30000000000000004 a range step gives */
    if (one_series)
        snprintf(buf, size, "%s = %s", ax->key, num);
    else
        snprintf(buf, size, "%s, %s = %s", series, ax->key, num);
}

/* Whether figure fig can be drawn once per point on common axes: curves and
 * points only, and every point has its data. */
static int overlayable(const eg_report *points, size_t result, const eg_figure *fig)
{
    for (size_t i = 0; i < fig->nseries; i++)
        if (fig->series[i].style == EG_FIGURE_IMAGE || fig->series[i].style == EG_FIGURE_VECTORS)
            return 0;
    for (size_t p = 0; p < points->n; p++) {
        const eg_report *results = eg_report_get(points->kids[p], "results");
        const eg_report *r = results && result < results->n ? results->kids[result] : NULL;
        for (size_t i = 0; i < fig->nseries; i++) {
            const eg_report *m = r ? eg_report_find(r, fig->series[i].data) : NULL;
            if (!m || m->kind != EG_REPORT_MATRIX || !m->matrix)
                return 0;
        }
    }
    return fig->nseries > 0;
}

/* "<block>.<figure>": the figure with each series drawn once per point, in
 * the points' colours (series told apart by dashes). */
static eg_status overlay(const eg_report *points, size_t result, const eg_figure *fig, const axis *ax,
                         eg_outdir *dir, eg_error *err)
{
    const eg_report *results0 = eg_report_get(points->kids[0], "results");
    eg_out_place at0 = {NULL, NULL, -1};
    at0 = eg_out_place_enter(at0, results0, results0->kids[result], result);
    char stem[512], file[600], title[400], label[600];
    eg_out_figure_name(at0, fig->name, stem, sizeof stem);
    snprintf(title, sizeof title, "%s, one curve per %s", fig->title, ax->key);
    eg_figure head = *fig;
    head.title = title;
    FILE *f = eg_out_gnuplot_begin(dir, stem, &head, err);
    if (!f)
        return EG_EIO;
    int first = 1;
    for (size_t p = 0; p < points->n; p++) {
        const eg_report *results = eg_report_get(points->kids[p], "results");
        eg_out_place at = {NULL, NULL, (long)p};
        at = eg_out_place_enter(at, results, results->kids[result], result);
        for (size_t i = 0; i < fig->nseries; i++) {
            eg_figure_series s = fig->series[i];
            const eg_report *m = eg_report_find(at.result, s.data);
            eg_out_matrix_file(at, m, 1, file, sizeof file);
            point_title(s.title, ax, p, fig->nseries == 1, label, sizeof label);
            s.color_index = (int)p + 1;
            s.dash = (int)i + 1;
            s.line_width = s.line_width > 0 ? s.line_width : 1.5;
            eg_status st = eg_out_gnuplot_clause(f, dir, first, file, &s, m->matrix->rows, m->matrix->cols, label, err);
            if (st != EG_OK) {
                fclose(f);
                return st;
            }
            first = 0;
        }
    }
    return eg_out_gnuplot_end(f, stem, err);
}

/* Each figure of the first point's results, across the points. */
static eg_status overlays(const eg_report *points, const axis *ax, eg_outdir *dir, eg_error *err)
{
    const eg_report *results = eg_report_get(points->kids[0], "results");
    for (size_t a = 0; results && a < results->n; a++) {
        const eg_report *figures = eg_report_get(results->kids[a], "figures");
        for (size_t k = 0; figures && k < figures->n; k++) {
            const eg_figure *fig = figures->kids[k]->figure;
            if (!fig || !overlayable(points, a, fig))
                continue;
            eg_status st = overlay(points, a, fig, ax, dir, err);
            if (st != EG_OK)
                return st;
        }
    }
    return EG_OK;
}

/* The first numeric param that varies, and a second one that with it spans
 * the points as a grid (NULL when the first alone tells the points apart). */
static int pick_axes(const eg_report *points, axis *a, axis *b, int *two)
{
    const eg_report *params = eg_report_get(points->kids[0], "params");
    *two = 0;
    size_t i = 0;
    for (; params && i < params->n; i++) {
        const char *key = params->kids[i]->key;
        if (!key || !eg_out_sweep_param_varies(points, key))
            continue;
        if (axis_build(points, key, a))
            break;
        axis_free(a);
    }
    if (!params || i == params->n)
        return 0;
    if (a->n == points->n)
        return 1;
    for (size_t j = i + 1; j < params->n; j++) {
        const char *key = params->kids[j]->key;
        if (!key || !eg_out_sweep_param_varies(points, key))
            continue;
        if (axis_build(points, key, b) && a->n * b->n == points->n) {
            *two = 1;
            return 1;
        }
        axis_free(b);
    }
    axis_free(a);
    return 0;
}

/* The prediction of measure "<block>.<key>" when the points carry one,
 * "<block>.theory_<key>" (a scaling block's theory_alpha_c_inf beside its
 * alpha_c_inf), or NULL. */
static const measure *theory_of(measures *ms, const measure *m)
{
    const char *dot = strrchr(m->name, '.');
    if (!dot)
        return NULL;
    char name[600];
    snprintf(name, sizeof name, "%.*s.theory_%s", (int)(dot - m->name), m->name, dot + 1);
    const measure *t = find_measure(ms, name);
    return t && measure_moves(t, ms->points) ? t : NULL;
}

/* Every measure that moves, against the axis a, or as a heat map over a and b. */
static eg_status draw_measures(measures *ms, const axis *a, const axis *b, int two, eg_outdir *dir, eg_error *err)
{
    eg_status st = EG_OK;
    for (size_t i = 0; st == EG_OK && i < ms->n; i++) {
        if (!measure_moves(&ms->items[i], ms->points))
            continue;
        st = two ? measure_map(&ms->items[i], theory_of(ms, &ms->items[i]), a, b, ms->points, dir, err)
                 : measure_curve(&ms->items[i], a, ms->points, dir, err);
    }
    return st;
}

eg_status eg_out_write_sweep_table_scripts(const char *const *names, const double *data, size_t rows, size_t cols,
                                           const char *const *params, size_t nparams, eg_outdir *dir, eg_error *err)
{
    if (rows < 2 || nparams == 0)
        return EG_OK;
    /* The columns of the first two swept params (the table's numbers: a word param has none). */
    size_t at[2] = {cols, cols};
    for (size_t k = 0; k < 2 && k < nparams; k++)
        for (size_t c = 0; c < cols; c++)
            if (strcmp(names[c], params[k]) == 0)
                at[k] = c;
    if (at[0] == cols)
        return EG_OK;
    double *col = malloc(rows * sizeof *col);
    axis a = {0}, b = {0};
    int ok = col != NULL, two = 0;
    for (size_t r = 0; ok && r < rows; r++)
        col[r] = data[r * cols + at[0]];
    ok = ok && axis_fill(&a, params[0], col, rows);
    if (ok)
        axis_distinct(&a, rows);
    if (ok && a.n < rows && at[1] < cols) {
        for (size_t r = 0; r < rows; r++)
            col[r] = data[r * cols + at[1]];
        ok = axis_fill(&b, params[1], col, rows);
        if (ok)
            axis_distinct(&b, rows);
        two = ok && a.n * b.n == rows;
    }
    free(col);
    /* Drawn as `engram run` draws a sweep: a curve when the first param tells
     * the rows apart, a heat map on a full grid of two, else nothing. */
    measures ms = {.points = rows};
    eg_status st = EG_OK;
    if (ok && (two || a.n == rows)) {
        for (size_t c = 0; c < cols; c++) {
            if (c == at[0] || c == at[1] || strcmp(names[c], "point") == 0 || strcmp(names[c], "failed") == 0)
                continue;
            for (size_t r = 0; r < rows && !ms.failed; r++)
                put_measure(&ms, r, names[c], data[r * cols + c]);
        }
        st = ms.failed ? eg_error_set(err, EG_ENOMEM, "out of memory") : draw_measures(&ms, &a, &b, two, dir, err);
    } else if (!ok) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory for the sweep's figures");
    }
    measures_free(&ms);
    axis_free(&a);
    axis_free(&b);
    return st;
}

eg_status eg_out_write_sweep_scripts(const eg_report *points, eg_outdir *dir, eg_error *err)
{
    if (points->n < 2)
        return EG_OK;
    axis a, b;
    int two;
    if (!pick_axes(points, &a, &b, &two))
        return EG_OK;
    measures ms;
    eg_status st = collect_measures(points, &ms) ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK)
        st = draw_measures(&ms, &a, &b, two, dir, err);
    if (st == EG_OK && !two && points->n <= OVERLAY_MAX_POINTS)
        st = overlays(points, &a, dir, err);
    measures_free(&ms);
    axis_free(&a);
    if (two)
        axis_free(&b);
    return st;
}
