/* test_out.c: a neutral result tree turned into output: file names derived
 * from the block and the key, figure intents as gnuplot text, JSON with and
 * without files, the provenance root and a sweep's points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/gnuplot.h"
#include "out/names.h"
#include "out/out.h"
#include "run/figure.h"
#include "run/report.h"

static eg_matrix *filled(size_t rows, size_t cols)
{
    eg_matrix *m = eg_matrix_alloc(rows, cols);
    for (size_t k = 0; m && k < rows * cols; k++)
        m->data[k] = (double)k;
    return m;
}

/* A report with one result of block "r1": a vector, a table and a nested matrix. */
static eg_report *sample(void)
{
    eg_report *report = eg_report_new(EG_REPORT_OBJECT);
    eg_report *result = eg_report_add(eg_report_add(report, "results", EG_REPORT_ARRAY), NULL, EG_REPORT_OBJECT);
    eg_report_add_string(result, "block", "r1");
    eg_report_add_string(result, "kind", "recall");
    eg_report_add_matrix(result, "energy", filled(3, 1));
    eg_report_add_table(result, "table", filled(2, 7), "recalls");
    eg_report_add_matrix(eg_report_add(result, "basis", EG_REPORT_OBJECT), "phi", filled(2, 2));
    eg_figure *fig = eg_figure_add(result, "energy", "recall r1: energy", "step", "E");
    eg_figure_series_add(fig, "energy", 0, EG_FIGURE_LINESPOINTS, "energy");
    assert_false(eg_report_failed(report));
    return report;
}

/* The JSON document as a string. */
static char *json_of(const eg_report *r, int with_files)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(eg_out_print_json(r, with_files, f), 0);
    fclose(f);
    return buf;
}

static void test_file_names_from_block_and_key(void **state)
{
    (void)state;
    eg_report *report = sample();
    char *with = json_of(report, 1), *without = json_of(report, 0);
    assert_non_null(strstr(with, "\"file\": \"r1.energy.npy\""));
    assert_non_null(strstr(with, "\"file\": \"r1.recalls.npy\""));
    assert_non_null(strstr(with, "\"file\": \"r1.phi.npy\"")); /* the last key of basis.phi */
    assert_non_null(strstr(with, "\"name\": \"r1.energy\""));
    /* Inline, the matrices are numbers and no data file is named; figures still name theirs. */
    assert_null(strstr(without, "r1.recalls.npy"));
    assert_non_null(strstr(without, "\"energy\": [0, 1, 2]"));
    assert_non_null(strstr(without, "\"using\": \"0:1\""));
    free(with);
    free(without);
    /* The tree itself holds no file name: a caller reads the arrays from it. */
    const eg_report *phi = eg_report_find(eg_report_get(report, "results")->kids[0], "basis.phi");
    assert_non_null(phi);
    assert_int_equal(phi->kind, EG_REPORT_MATRIX);
    assert_null(phi->string);
    assert_int_equal(phi->matrix->rows, 2);
    eg_report_free(report);
}

static void test_series_as_gnuplot(void **state)
{
    (void)state;
    eg_report *r = eg_report_new(EG_REPORT_OBJECT);
    eg_figure *fig = eg_figure_add(r, "f", "t", "x", "y");
    assert_non_null(fig);
    char buf[512];
    eg_figure_series *s = eg_figure_xy(fig, "table", 2, 3, EG_FIGURE_POINTS, "cue");
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "3:4");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "points");
    s->point_size = 0.4;
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "points pt 7 ps 0.4");
    s = eg_figure_series_add(fig, "history", 1, EG_FIGURE_LINES, "accuracy");
    s->right_axis = 1;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "0:2");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "lines axes x1y2");
    s = eg_figure_series_add(fig, "projections", 4, EG_FIGURE_STEPS, "subspace 2");
    s->y_shifted = 1;
    s->y_shift = 6;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "0:($5+6)");
    eg_figure_columns(fig, "states", 2, 12, 0.1, 0, EG_FIGURE_LINES, "unit");
    assert_int_equal(fig->nseries, 5);
    assert_string_equal(eg_out_gnuplot_using(&fig->series[4], buf, sizeof buf), "($0*0.10000000000000001+0):2");
    assert_string_equal(fig->series[4].title, "unit 1");
    s = eg_figure_xy(fig, "field", 0, 1, EG_FIGURE_VECTORS, "dx/dt");
    s->dx_column = 2;
    s->dy_column = 3;
    s->arrow_length = 0.1;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf),
                        "1:2:($3/sqrt($3**2+$4**2+1e-300)*0.1):($4/sqrt($3**2+$4**2+1e-300)*0.1)");
    s = eg_figure_series_add(fig, "basis.phi", 0, EG_FIGURE_IMAGE, "");
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "1");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "image");
    /* Error bars: x, y and the two ends of the bar, gnuplot's yerrorbars order. */
    s = eg_figure_xy(fig, "sizes", 1, 2, EG_FIGURE_ERRORBARS, "alpha_c");
    s->low_column = 3;
    s->high_column = 4;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "2:3:4:5");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "yerrorbars pt 7");
    assert_false(eg_report_failed(r));
    eg_report_free(r);
}

/* The series styles of the phase plane, the landscapes and the eigenvalue
 * figure: curves in pieces, maps, markers sized by a count, count labels. */
static void test_marked_series_as_gnuplot(void **state)
{
    (void)state;
    eg_report *r = eg_report_new(EG_REPORT_OBJECT);
    eg_figure *fig = eg_figure_add(r, "f", "t", "x", "y");
    char buf[512];
    eg_figure_series *s = eg_figure_xy(fig, "curve", 0, 1, EG_FIGURE_SEGMENTS, "dx/dt = 0");
    s->dx_column = 2;
    s->dy_column = 3;
    s->color = "#1f77b4";
    s->line_width = 2.5;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "1:2:($3-$1):($4-$2)");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "vectors nohead lw 2.5 lc rgb '#1f77b4'");
    s = eg_figure_xy(fig, "energy", 0, 1, EG_FIGURE_MAP, "");
    s->value_column = 2;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "1:2:3");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "image");
    s = eg_figure_xy(fig, "groups", 0, 1, EG_FIGURE_POINTS, "eigenvalues");
    s->marker = EG_MARKER_RING;
    s->point_size = 1.5;
    s->size_column_set = 1;
    s->size_column = 2;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "1:2:(1.5*sqrt($3))");
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "points pt 6 ps variable");
    s = eg_figure_xy(fig, "groups", 0, 1, EG_FIGURE_LABELS, "count");
    s->label_column = 2;
    assert_string_equal(eg_out_gnuplot_using(s, buf, sizeof buf), "1:2:($3 > 1 ? sprintf('%g', $3) : '')");
    s = eg_figure_xy(fig, "curve", 0, 1, EG_FIGURE_LINESPOINTS, "N_c");
    s->marker = EG_MARKER_DISC;
    s->point_size = 1.2;
    s->color_index = 3;
    s->dash = 2;
    assert_string_equal(eg_out_gnuplot_style(s, buf, sizeof buf), "linespoints pt 7 ps 1.2 lc 3 dt 2");
    assert_false(eg_report_failed(r));
    eg_report_free(r);
}

static void test_setup_as_gnuplot(void **state)
{
    (void)state;
    eg_report *r = eg_report_new(EG_REPORT_OBJECT);
    eg_figure *fig = eg_figure_add(r, "f", "t", "x", "y");
    char buf[1024];
    assert_string_equal(eg_out_gnuplot_setup(fig, buf, sizeof buf), "");
    fig->log_y = 1;
    eg_figure_right_axis(fig, 0, 1, "accuracy");
    assert_string_equal(eg_out_gnuplot_setup(fig, buf, sizeof buf),
                        "set logscale y\nset y2tics\nset y2range [0:1]\nset y2label 'accuracy'");
    eg_figure *phi = eg_figure_add(r, "phi", "t", "x", "y");
    phi->no_grid = phi->equal_aspect = 1;
    phi->xrange = (eg_figure_range){1, -0.5, 4.5};
    phi->yrange = (eg_figure_range){1, 4.5, -0.5};
    eg_figure_diverging(phi, 0.25, "Phi_ij");
    assert_string_equal(eg_out_gnuplot_setup(phi, buf, sizeof buf),
                        "unset grid\nset size ratio -1\nset xrange [-0.5:4.5]\nset yrange [4.5:-0.5]\n"
                        "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')\n"
                        "set cbrange [-0.25:0.25]\nset cblabel 'Phi_ij' noenhanced");
    assert_false(eg_report_failed(r));
    eg_report_free(r);
}

static void test_provenance_and_points(void **state)
{
    (void)state;
    eg_report *root = eg_out_with_provenance(sample(), "9.9", "m.engram");
    assert_non_null(root);
    assert_string_equal(root->kids[0]->key, "engram");
    assert_string_equal(root->kids[1]->key, "model");
    assert_string_equal(root->kids[2]->key, "results");
    eg_report_free(root);

    eg_report *sweep = eg_report_new(EG_REPORT_OBJECT);
    eg_report *points = eg_report_add(sweep, "points", EG_REPORT_ARRAY);
    for (int p = 0; p < 3; p++)
        assert_int_equal(eg_out_add_point(points, sample()), EG_OK);
    assert_int_equal(points->n, 3);
    char *json = json_of(sweep, 1);
    assert_non_null(strstr(json, "\"file\": \"p000.r1.energy.npy\""));
    assert_non_null(strstr(json, "\"file\": \"p002.r1.recalls.npy\""));
    /* A figure names the data file of its own point's result, unprefixed. */
    assert_non_null(strstr(json, "\"file\": \"r1.energy.npy\""));
    free(json);
    eg_report_free(sweep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_names_from_block_and_key),
        cmocka_unit_test(test_series_as_gnuplot),
        cmocka_unit_test(test_marked_series_as_gnuplot),
        cmocka_unit_test(test_setup_as_gnuplot),
        cmocka_unit_test(test_provenance_and_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
