/* figure.c: describing figures inside a result. */
#include "run/figure.h"

#include <stdio.h>
#include <string.h>

eg_report *eg_figure_add(eg_report *result, const char *name, const char *title, const char *xlabel,
                         const char *ylabel)
{
    eg_report *figures = (eg_report *)eg_report_get(result, "figures");
    if (!figures)
        figures = eg_report_add(result, "figures", EG_REPORT_ARRAY);
    eg_report *fig = eg_report_add(figures, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(fig, "name", name);
    eg_report_add_string(fig, "title", title);
    eg_report_add_string(fig, "xlabel", xlabel);
    eg_report_add_string(fig, "ylabel", ylabel);
    eg_report_add(fig, "series", EG_REPORT_ARRAY);
    return fig;
}

eg_report *eg_figure_series(eg_report *figure, const char *file, const char *columns, const char *style,
                            const char *title)
{
    eg_report *series = (eg_report *)eg_report_get(figure, "series");
    eg_report *s = eg_report_add(series, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(s, "file", file);
    eg_report_add_string(s, "using", columns);
    eg_report_add_string(s, "style", style);
    eg_report_add_string(s, "title", title);
    return s;
}

eg_report *eg_figure_setup(eg_report *figure, const char *commands)
{
    return eg_report_add_string(figure, "setup", commands);
}

void eg_figure_columns(eg_report *figure, const char *file, size_t cols, size_t max_series, const char *x,
                       const char *style, const char *prefix)
{
    for (size_t k = 0; k < cols && k < max_series; k++) {
        char columns[128], title[128];
        snprintf(columns, sizeof columns, "%s:%zu", x, k + 1);
        snprintf(title, sizeof title, "%s %zu", prefix, k);
        eg_figure_series(figure, file, columns, style, title);
    }
}
