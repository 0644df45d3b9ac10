/* figure.c: describing figures inside a result. */
#include "run/figure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eg_figure_free(eg_figure *figure)
{
    if (!figure)
        return;
    for (size_t i = 0; i < figure->nseries; i++) {
        free(figure->series[i].data);
        free(figure->series[i].title);
    }
    free(figure->series);
    for (size_t i = 0; i < figure->nlabels; i++)
        free(figure->labels[i].text);
    free(figure->labels);
    free(figure->name);
    free(figure->title);
    free(figure->xlabel);
    free(figure->ylabel);
    free(figure->y2label);
    free(figure->color_label);
    free(figure);
}

/* A copy of s, or NULL with the figure marked failed. */
static char *copy(eg_figure *figure, const char *s)
{
    char *c = strdup(s);
    if (!c)
        figure->failed = 1;
    return c;
}

eg_figure *eg_figure_add(eg_report *result, const char *name, const char *title, const char *xlabel,
                         const char *ylabel)
{
    if (!result)
        return NULL;
    eg_report *figures = (eg_report *)eg_report_get(result, "figures");
    if (!figures)
        figures = eg_report_add(result, "figures", EG_REPORT_ARRAY);
    eg_report *node = eg_report_add(figures, NULL, EG_REPORT_FIGURE);
    eg_figure *fig = node ? calloc(1, sizeof *fig) : NULL;
    if (!fig) {
        result->failed = 1;
        return NULL;
    }
    node->figure = fig;
    fig->name = copy(fig, name);
    fig->title = copy(fig, title);
    fig->xlabel = copy(fig, xlabel);
    fig->ylabel = copy(fig, ylabel);
    return fig;
}

eg_figure_series *eg_figure_series_add(eg_figure *figure, const char *data, size_t y_column, eg_figure_style style,
                                       const char *title)
{
    if (!figure)
        return NULL;
    if (figure->nseries == figure->cap) {
        size_t cap = figure->cap ? 2 * figure->cap : 4;
        eg_figure_series *s = realloc(figure->series, cap * sizeof *s);
        if (!s) {
            figure->failed = 1;
            return NULL;
        }
        figure->series = s;
        figure->cap = cap;
    }
    eg_figure_series *s = &figure->series[figure->nseries++];
    *s = (eg_figure_series){.style = style, .x = EG_FIGURE_X_ROW, .y_column = y_column};
    s->data = copy(figure, data);
    s->title = copy(figure, title);
    return s;
}

eg_figure_series *eg_figure_xy(eg_figure *figure, const char *data, size_t x_column, size_t y_column,
                               eg_figure_style style, const char *title)
{
    eg_figure_series *s = eg_figure_series_add(figure, data, y_column, style, title);
    if (s) {
        s->x = EG_FIGURE_X_COLUMN;
        s->x_column = x_column;
    }
    return s;
}

void eg_figure_columns(eg_figure *figure, const char *data, size_t cols, size_t max_series, double x_scale,
                       double x_offset, eg_figure_style style, const char *prefix)
{
    for (size_t k = 0; k < cols && k < max_series; k++) {
        char title[128];
        snprintf(title, sizeof title, "%s %zu", prefix, k);
        eg_figure_series *s = eg_figure_series_add(figure, data, k, style, title);
        if (s) {
            s->x = EG_FIGURE_X_SCALED;
            s->x_scale = x_scale;
            s->x_offset = x_offset;
        }
    }
}

void eg_figure_right_axis(eg_figure *figure, double from, double to, const char *label)
{
    if (!figure)
        return;
    figure->right_axis = 1;
    figure->y2range = (eg_figure_range){1, from, to};
    figure->y2label = copy(figure, label);
}

void eg_figure_diverging(eg_figure *figure, double limit, const char *label)
{
    if (!figure)
        return;
    figure->diverging = 1;
    figure->color_limit = limit;
    figure->color_label = copy(figure, label);
}

void eg_figure_label_add(eg_figure *figure, double x, double y, const char *text)
{
    if (!figure)
        return;
    eg_figure_label *l = realloc(figure->labels, (figure->nlabels + 1) * sizeof *l);
    if (!l) {
        figure->failed = 1;
        return;
    }
    figure->labels = l;
    char *t = copy(figure, text);
    if (t)
        l[figure->nlabels++] = (eg_figure_label){x, y, t};
}
