/* lyapunov_report.c: Lyapunov exponents and their convergence as data and a figure. */
#include "run/lyapunov_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cell_lyapunov.h"
#include "run/figure.h"

/* The running estimates of the largest exponents against the step: curves
 * that flatten once the average has converged. A logarithmic step axis
 * spreads the early transient and the late plateau alike. */
static void add_convergence_figure(eg_report *out, const eg_lyap_result *r, const char *name, const char *x_label,
                                   const char *y_label)
{
    char title[400];
    size_t shown = r->k < EG_LYAPUNOV_FIGURE_CURVES ? r->k : EG_LYAPUNOV_FIGURE_CURVES;
    snprintf(title, sizeof title, "Lyapunov exponents of %s: running estimates%s", name,
             shown < r->k ? " (the largest 8)" : "");
    eg_figure *fig = eg_figure_add(out, "convergence", title, x_label, y_label);
    /* Eight colours that stay apart on a projector (no pale yellow). */
    static const char *const colors[EG_LYAPUNOV_FIGURE_CURVES] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                                  "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    for (size_t i = 0; i < shown; i++) {
        char label[40];
        snprintf(label, sizeof label, "λ%zu", i + 1);
        eg_figure_series *s = eg_figure_xy(fig, "history", 0, 1 + i, EG_FIGURE_LINES, label);
        if (s) {
            s->line_width = 1.8;
            s->color = colors[i];
        }
    }
    const eg_matrix *h = r->history;
    if (fig && h && h->rows > 1 && h->data[0] > 0) {
        fig->log_x = 1;
        fig->xrange = (eg_figure_range){1, h->data[0], h->data[(h->rows - 1) * h->cols]};
    }
}

/* The exponents, their sum and running estimates, the figure's axes labelled. */
static void report(const eg_lyap_result *r, const char *name, const char *x_label, const char *y_label,
                   eg_report *out)
{
    eg_matrix *ex = eg_matrix_alloc(1, r->k);
    double sum = 0;
    for (size_t i = 0; ex && i < r->k; i++) {
        ex->data[i] = r->exponents[i];
        sum += r->exponents[i];
    }
    eg_report_add_matrix(out, "exponents", ex);
    eg_report_add_number(out, "sum", sum);
    if (!r->history)
        return;
    eg_report_add_matrix(out, "history", eg_matrix_copy(r->history));
    add_convergence_figure(out, r, name, x_label, y_label);
}

void eg_lyapunov_report(const eg_lyap_result *r, const char *name, eg_report *out)
{
    report(r, name, "steps averaged", "estimate (per step)", out);
}

void eg_lyapunov_flow_report(const eg_lyap_result *r, const char *name, eg_report *out)
{
    report(r, name, "time averaged", "estimate (per unit time)", out);
}

void eg_lyapunov_report_per_tau(const eg_cell *c, const eg_lyap_result *r, eg_report *out)
{
    double *per_tau = malloc((r->k ? r->k : 1) * sizeof *per_tau);
    if (per_tau && eg_cell_lyap_per_tau(c, r, per_tau))
        eg_report_add_numbers(out, "exponents_per_tau", per_tau, r->k);
    free(per_tau);
}
