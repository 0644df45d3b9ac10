/* gnuplot.c: gnuplot scripts for the figures a run describes. The scripts read
 * the run's .npy files directly (gnuplot's binary format), so a figure shows
 * exactly the saved data. */
#include "out/gnuplot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engram/npy.h"
#include "out/names.h"
#include "out/sweep_plots.h"

const char *eg_out_gnuplot_using(const eg_figure_series *s, char *buf, size_t size)
{
    if (s->style == EG_FIGURE_IMAGE) {
        snprintf(buf, size, "1"); /* the value; x and y are the column and row */
        return buf;
    }
    char x[96], y[96];
    switch (s->x) {
    case EG_FIGURE_X_ROW: snprintf(x, sizeof x, "0"); break;
    case EG_FIGURE_X_SCALED: snprintf(x, sizeof x, "($0*%.17g+%.17g)", s->x_scale, s->x_offset); break;
    case EG_FIGURE_X_COLUMN: snprintf(x, sizeof x, "%zu", s->x_column + 1); break;
    }
    if (s->y_scale > 0)
        snprintf(y, sizeof y, "($%zu*%.17g+%.17g)", s->y_column + 1, s->y_scale, s->y_shifted ? s->y_shift : 0.0);
    else if (s->y_shifted)
        snprintf(y, sizeof y, "($%zu+%.17g)", s->y_column + 1, s->y_shift);
    else
        snprintf(y, sizeof y, "%zu", s->y_column + 1);
    if (s->style == EG_FIGURE_POINTS && s->size_column_set) {
        snprintf(buf, size, "%s:%s:(%.6g*sqrt($%zu))", x, y, s->point_size > 0 ? s->point_size : 1.0,
                 s->size_column + 1);
        return buf;
    }
    if (s->style == EG_FIGURE_LABELS) {
        /* Only counts above 1: a single eigenvalue needs no label. */
        snprintf(buf, size, "%s:%s:($%zu > 1 ? sprintf('%%g', $%zu) : '')", x, y, s->label_column + 1,
                 s->label_column + 1);
        return buf;
    }
    if (s->style == EG_FIGURE_MAP) {
        snprintf(buf, size, "%s:%s:%zu", x, y, s->value_column + 1);
        return buf;
    }
    if (s->style == EG_FIGURE_SEGMENTS) {
        snprintf(buf, size, "%s:%s:($%zu-$%zu):($%zu-$%zu)", x, y, s->dx_column + 1, s->x_column + 1,
                 s->dy_column + 1, s->y_column + 1);
        return buf;
    }
    if (s->style == EG_FIGURE_VECTORS) {
        /* Arrows of one length: the field's direction, not its speed. */
        size_t dx = s->dx_column + 1, dy = s->dy_column + 1;
        snprintf(buf, size, "%s:%s:($%zu/sqrt($%zu**2+$%zu**2+1e-300)*%.6g):($%zu/sqrt($%zu**2+$%zu**2+1e-300)*%.6g)",
                 x, y, dx, dx, dy, s->arrow_length, dy, dx, dy, s->arrow_length);
        return buf;
    }
    if (s->style == EG_FIGURE_ERRORBARS) {
        snprintf(buf, size, "%s:%s:%zu:%zu", x, y, s->low_column + 1, s->high_column + 1);
        return buf;
    }
    snprintf(buf, size, "%s:%s", x, y);
    return buf;
}

const char *eg_out_gnuplot_style(const eg_figure_series *s, char *buf, size_t size)
{
    static const char *const names[] = {
        [EG_FIGURE_LINES] = "lines",
        [EG_FIGURE_LINESPOINTS] = "linespoints",
        [EG_FIGURE_POINTS] = "points",
        [EG_FIGURE_STEPS] = "steps",
        [EG_FIGURE_VECTORS] = "vectors head filled size screen 0.008,25,45 lc rgb '#8c8c8c'",
        [EG_FIGURE_IMAGE] = "image",
        [EG_FIGURE_LABELS] = "labels font ',9' offset 0.9,0.9",
        [EG_FIGURE_SEGMENTS] = "vectors nohead",
        [EG_FIGURE_MAP] = "image",
        [EG_FIGURE_ERRORBARS] = "yerrorbars pt 7",
    };
    /* gnuplot's point types for the markers: 7 disc, 6 ring, 2 cross, 12 diamond. */
    static const int marker_pt[] = {[EG_MARKER_DEFAULT] = 0, [EG_MARKER_DISC] = 7, [EG_MARKER_RING] = 6,
                                    [EG_MARKER_CROSS] = 2, [EG_MARKER_DIAMOND] = 12};
    size_t n = (size_t)snprintf(buf, size, "%s", names[s->style]);
    int pt = s->marker != EG_MARKER_DEFAULT ? marker_pt[s->marker] : s->point_size > 0 ? 7 : 0;
    int marked = s->style == EG_FIGURE_POINTS || (s->style == EG_FIGURE_LINESPOINTS && s->marker != EG_MARKER_DEFAULT);
    if (marked && pt && n < size)
        n += (size_t)snprintf(buf + n, size - n, " pt %d", pt);
    if (marked && s->size_column_set && n < size)
        n += (size_t)snprintf(buf + n, size - n, " ps variable");
    else if (marked && s->point_size > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, " ps %g", s->point_size);
    if (s->line_width > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, " lw %g", s->line_width);
    if (s->color && n < size)
        n += (size_t)snprintf(buf + n, size - n, " lc rgb '%s'", s->color);
    else if (s->color_index > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, " lc %d", s->color_index);
    if (s->dash > 1 && n < size)
        n += (size_t)snprintf(buf + n, size - n, " dt %d", s->dash);
    if (s->right_axis && n < size)
        snprintf(buf + n, size - n, " axes x1y2");
    return buf;
}

/* Appends one command line to the setup text (a newline before all but the first). */
static void line(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n + 1 >= size)
        return;
    if (n)
        buf[n++] = '\n', buf[n] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

/* Whether a key beside the plot would squeeze it to a strip: some title in
 * the key is longer than about a fifth of the canvas's width. */
static int long_key(const eg_figure *f)
{
    for (size_t i = 0; i < f->nseries; i++)
        if (!f->series[i].no_title && f->series[i].title && strlen(f->series[i].title) > 24)
            return 1;
    return 0;
}

const char *eg_out_gnuplot_setup(const eg_figure *f, char *buf, size_t size)
{
    buf[0] = '\0';
    if (f->no_grid)
        line(buf, size, "unset grid");
    if (f->plain_labels)
        line(buf, size, "set xlabel noenhanced\nset ylabel noenhanced");
    if (f->tight)
        line(buf, size, "set autoscale xfix\nset autoscale yfix");
    if (f->pad)
        line(buf, size, "set offsets graph 0.04, graph 0.04, graph 0.08, graph 0.08");
    if (f->no_key)
        line(buf, size, "unset key");
    else if (long_key(f))
        line(buf, size, "set key below height 1"); /* height: room between the key and the x label */
    if (f->equal_aspect)
        line(buf, size, "set size ratio -1");
    if (f->unit_circle)
        line(buf, size, "set object 1 circle at 0,0 size 1 fs empty border lc rgb '#888888'");
    if (f->log_x || f->log_y)
        line(buf, size, "set logscale %s%s", f->log_x ? "x" : "", f->log_y ? "y" : "");
    if (f->xrange.set)
        line(buf, size, "set xrange [%.17g:%.17g]", f->xrange.from, f->xrange.to);
    if (f->yrange.set)
        line(buf, size, "set yrange [%.17g:%.17g]", f->yrange.from, f->yrange.to);
    if (f->right_axis) {
        line(buf, size, "set y2tics");
        if (f->y2range.set)
            line(buf, size, "set y2range [%.17g:%.17g]", f->y2range.from, f->y2range.to);
        if (f->y2label)
            line(buf, size, "set y2label '%s'", f->y2label);
    }
    if (f->ytics > 0)
        line(buf, size, "set ytics %.17g", f->ytics);
    if (f->xtics > 0)
        line(buf, size, "set xtics %.17g", f->xtics);
    for (size_t i = 0; i < f->nlabels; i++)
        /* Neighbouring labels alternate above and below their points. */
        line(buf, size, "set label %zu '%s' at %.17g,%.17g offset 0.8,%s front", i + 10, f->labels[i].text,
             f->labels[i].x, f->labels[i].y, i % 2 ? "-1.2" : "0.8");
    if (f->diverging) {
        line(buf, size, "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')");
        line(buf, size, "set cbrange [%.17g:%.17g]", -f->color_limit, f->color_limit);
        if (f->color_label)
            line(buf, size, "set cblabel '%s' noenhanced", f->color_label);
    }
    if (f->sequential) {
        /* viridis at five stops: dark blue (low) to yellow (high), legible in grey too */
        line(buf, size, "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')");
        if (f->color_range.set)
            line(buf, size, "set cbrange [%.17g:%.17g]", f->color_range.from, f->color_range.to);
        if (f->color_step > 0 && f->color_range.set) {
            line(buf, size, "set palette maxcolors %.0f",
                 (f->color_range.to - f->color_range.from) / f->color_step + 0.5);
            line(buf, size, "set cbtics %.17g", f->color_step);
        }
        if (f->color_label)
            line(buf, size, "set cblabel '%s' noenhanced", f->color_label);
    }
    return buf;
}

/* gnuplot's own quoting: single quotes, with '' for a quote. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* The matrix a series reads, or NULL (a simulation that stopped early may lack some). */
static const eg_report *series_matrix(eg_out_place at, const eg_figure_series *s)
{
    const eg_report *m = at.result ? eg_report_find(at.result, s->data) : NULL;
    return m && m->kind == EG_REPORT_MATRIX && m->matrix ? m : NULL;
}

/* Whether every series of the figure has its matrix in the result. */
static int has_data(eg_out_place at, const eg_figure *fig)
{
    for (size_t i = 0; i < fig->nseries; i++)
        if (!series_matrix(at, &fig->series[i]))
            return 0;
    return fig->nseries > 0;
}

FILE *eg_out_gnuplot_begin(eg_outdir *dir, const char *stem, const eg_figure *fig, eg_error *err)
{
    char name[520], setup[4096];
    snprintf(name, sizeof name, "%s.gp", stem);
    const char *path = eg_outdir_path(dir, name);
    errno = 0;
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f) {
        eg_error_set(err, EG_EIO, "cannot write the plot script %s: %s", name, errno ? strerror(errno) : "no name");
        return NULL;
    }
    errno = 0;
    fprintf(f, "# %s: written by engram; render with `engram plot DIR` or `gnuplot %s`\n", name, name);
    fprintf(f, "set title ");
    put_quoted(f, fig->title);
    fprintf(f, "\nset xlabel ");
    put_quoted(f, fig->xlabel);
    fprintf(f, "\nset ylabel ");
    put_quoted(f, fig->ylabel);
    fprintf(f, "\nset grid\nset key outside right noenhanced\nset title noenhanced\n%s\n",
            eg_out_gnuplot_setup(fig, setup, sizeof setup));
    fputs("plot", f);
    return f;
}

eg_status eg_out_gnuplot_clause(FILE *f, eg_outdir *dir, int first, const char *file, const eg_figure_series *s,
                                size_t rows, size_t cols, const char *title, eg_error *err)
{
    char using[512], style[256];
    eg_npy_info info;
    const char *data_path = eg_outdir_path(dir, file);
    if (!data_path || eg_npy_read_header(data_path, &info, err) != EG_OK)
        return eg_error_set(err, EG_EIO, "a figure reads %s, which was not written", file);
    fprintf(f, "%s ", first ? "" : ", \\\n    ");
    put_quoted(f, file);
    eg_out_gnuplot_using(s, using, sizeof using);
    eg_out_gnuplot_style(s, style, sizeof style);
    if (s->style == EG_FIGURE_IMAGE) /* a heat map: x the column, y the row */
        fprintf(f, " binary skip=%zu array=(%zu,%zu) format='%%float64' using %s with %s ", info.data_offset,
                cols, rows, using, style);
    else
        fprintf(f, " binary skip=%zu format='%%%zufloat64' using %s with %s ", info.data_offset, cols, using,
                style);
    if (s->no_title) {
        fputs("notitle", f);
        return EG_OK;
    }
    fputs("title ", f);
    put_quoted(f, title);
    return EG_OK;
}

eg_status eg_out_gnuplot_end(FILE *f, const char *stem, eg_error *err)
{
    fputs("\n", f);
    int failed = ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !failed)
        failed = 1, e = errno;
    if (failed)
        return eg_error_set(err, EG_EIO, "cannot write the plot script %s.gp: %s", stem,
                            e ? strerror(e) : "write error");
    return EG_OK;
}

/* "<figure>.gp": title, labels, setup, then one plot clause per series,
 * reading the .npy file past its header (gnuplot's binary format). */
static eg_status write_script(eg_out_place at, const eg_figure *fig, eg_outdir *dir, eg_error *err)
{
    if (!has_data(at, fig))
        return EG_OK;
    char stem[512], file[600];
    eg_out_figure_name(at, fig->name, stem, sizeof stem);
    FILE *f = eg_out_gnuplot_begin(dir, stem, fig, err);
    if (!f)
        return EG_EIO;
    for (size_t i = 0; i < fig->nseries; i++) {
        const eg_figure_series *s = &fig->series[i];
        const eg_matrix *m = series_matrix(at, s)->matrix;
        eg_out_series_file(at, s->data, file, sizeof file);
        if (eg_out_gnuplot_clause(f, dir, i == 0, file, s, m->rows, m->cols, s->title, err) != EG_OK) {
            fclose(f);
            return EG_EIO;
        }
    }
    return eg_out_gnuplot_end(f, stem, err);
}

/* Every figure below r, r at place `at`: one walk over the tree. */
static eg_status write_scripts(const eg_report *r, eg_out_place at, eg_outdir *dir, eg_error *err)
{
    for (size_t i = 0; i < r->n; i++) {
        const eg_report *kid = r->kids[i];
        eg_status st = EG_OK;
        if (kid->kind == EG_REPORT_FIGURE && kid->figure && at.point < 0)
            st = write_script(at, kid->figure, dir, err);
        else if (kid->kind == EG_REPORT_OBJECT || kid->kind == EG_REPORT_ARRAY)
            st = write_scripts(kid, eg_out_place_enter(at, r, kid, i), dir, err);
        if (st != EG_OK)
            return st;
    }
    return EG_OK;
}

eg_status eg_out_write_scripts(const eg_report *report, eg_outdir *dir, eg_error *err)
{
    eg_out_place top = {NULL, NULL, -1};
    eg_status st = write_scripts(report, top, dir, err);
    const eg_report *points = eg_report_get(report, "points");
    if (st == EG_OK && points && points->kind == EG_REPORT_ARRAY)
        st = eg_out_write_sweep_scripts(points, dir, err);
    return st;
}
