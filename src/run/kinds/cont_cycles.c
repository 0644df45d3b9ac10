/* cont_cycles.c: the cycle of an `analyze continuation` block (`cycle_from`):
 * the stable cycle found by integrating the model at one value of the param,
 * followed towards the stalled state by shooting (src/dyn/cont_cycle.c), and
 * where its period diverges, fitted by the SNIC and the homoclinic law and
 * set beside the equilibria's fold (docs/dynamics.md, "The memory cycle's
 * period"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/figure.h"
#include "run/kinds/cont_cycles.h"

enum { COLS = 6 };

/* The branch: param, period, largest non-trivial |multiplier|, stable,
 * amplitude, Newton steps. */
static eg_matrix *branch_table(const eg_cont_cycle *b)
{
    eg_matrix *M = eg_matrix_alloc(b->count, COLS);
    if (!M)
        return NULL;
    for (size_t i = 0; i < b->count; i++) {
        double *row = M->data + i * COLS;
        row[0] = b->p[i];
        row[1] = b->period[i];
        row[2] = b->mult[i];
        row[3] = b->stable[i];
        row[4] = b->amplitude[i];
        row[5] = (double)b->newton[i];
    }
    return M;
}

/* A copy of rows × cols values as a matrix. */
static eg_matrix *matrix_of(const double *x, size_t rows, size_t cols)
{
    eg_matrix *M = eg_matrix_alloc(rows, cols);
    if (M)
        memcpy(M->data, x, rows * cols * sizeof *x);
    return M;
}

/* The law's period at p (NAN on the wrong side of p*). */
static double law_period(const eg_cycle_fit *f, int side, double p)
{
    double d = side * (p - f->param);
    if (!(d > 0))
        return NAN;
    return f->offset + f->coef * (f->law == EG_CYCLE_SNIC ? 1 / sqrt(d) : -log(d));
}

/* Both fitted laws against the distance d from the better fit's p*, from the
 * first fitted orbit to a third of the last one's distance, evenly in ln d:
 * rows (d, T_SNIC, T_homoclinic), cut outside (0, 1.5 times the longest
 * period] (the axes stay on the data). */
static eg_matrix *fit_curves(const eg_cont_cycle *b, const eg_cycle_fit fits[2], int side, size_t used)
{
    enum { ROWS = 200 };
    eg_matrix *M = eg_matrix_alloc(ROWS, 3);
    if (!M)
        return NULL;
    double top = 0;
    for (size_t i = 0; i < b->count; i++)
        top = fmax(top, b->period[i]);
    const eg_cycle_fit *best = fits[0].rms <= fits[1].rms ? &fits[0] : &fits[1];
    double d0 = side * (b->p[b->count - used] - best->param), d1 = side * (b->p[b->count - 1] - best->param) / 3;
    if (!(d0 > 0) || !(d1 > 0) || !(d1 < d0))
        d0 = fabs(b->p[0] - b->p[b->count - 1]), d1 = d0 * 1e-3;
    for (size_t k = 0; k < ROWS; k++) {
        double d = d0 * pow(d1 / d0, (double)k / (ROWS - 1)), p = best->param + side * d;
        double *row = M->data + k * 3;
        row[0] = d;
        for (int l = 0; l < 2; l++) {
            double T = law_period(&fits[l], side, p);
            row[1 + l] = T > 0 && T <= 1.5 * top ? T : NAN;
        }
    }
    return M;
}

/* The orbits against their distance from the better fit's p*: rows (d, T),
 * NAN where d is not positive. */
static eg_matrix *distances(const eg_cont_cycle *b, const eg_cycle_fit *best, int side)
{
    eg_matrix *M = eg_matrix_alloc(b->count, 2);
    if (!M)
        return NULL;
    for (size_t i = 0; i < b->count; i++) {
        double d = side * (b->p[i] - best->param);
        M->data[2 * i] = d > 0 ? d : NAN;
        M->data[2 * i + 1] = b->period[i];
    }
    return M;
}

/* The fold of the equilibria nearest p (NAN when there is none). */
static double nearest_fold(const eg_cont_result *r, double p)
{
    double best = NAN;
    for (size_t i = 0; r && i < r->nspecials; i++)
        if (r->specials[i].type == EG_CONT_LP && !(fabs(r->specials[i].p - p) >= fabs(best - p)))
            best = r->specials[i].p;
    return best;
}

/* The divergence object: the better law's type and p*, the fold beside it,
 * and both fits. */
static void add_divergence(eg_report *cycle, const eg_cycle_fit fits[2], size_t used, double fold)
{
    eg_report *d = eg_report_add(cycle, "divergence", EG_REPORT_OBJECT);
    const eg_cycle_fit *best = fits[0].rms <= fits[1].rms ? &fits[0] : &fits[1];
    eg_report_add_string(d, "type", eg_cycle_law_name(best->law));
    eg_report_add_number(d, "param", best->param);
    if (isfinite(fold)) {
        eg_report_add_number(d, "fold", fold);
        eg_report_add_number(d, "from_fold", best->param - fold);
    }
    eg_report_add_integer(d, "orbits_fitted", (long long)used);
    eg_report *list = eg_report_add(d, "fits", EG_REPORT_ARRAY);
    for (int l = 0; l < 2; l++) {
        eg_report *o = eg_report_add(list, NULL, EG_REPORT_OBJECT);
        eg_report_add_string(o, "type", eg_cycle_law_name(fits[l].law));
        eg_report_add_number(o, "param", fits[l].param);
        eg_report_add_number(o, fits[l].law == EG_CYCLE_SNIC ? "C" : "inv_mu", fits[l].coef);
        eg_report_add_number(o, "T0", fits[l].offset);
        eg_report_add_number(o, "rms", fits[l].rms);
    }
}

/* The period against the distance from where it diverges (both axes
 * logarithmic: the SNIC law's slope is −1/2), the orbits and both fits, the
 * divergence and the fold named in the title; without a fit, the period
 * against the param with the fold marked. */
static void add_figure(eg_report *result, const char *block_name, const char *param, const eg_cycle_fit *best,
                       double fold, double top)
{
    char title[256], xlabel[96];
    if (best && isfinite(fold))
        snprintf(title, sizeof title, "%s: the cycle's period diverges at %s = %.7f (%s); fold at %.7f", block_name,
                 param, best->param, eg_cycle_law_name(best->law), fold);
    else if (best)
        snprintf(title, sizeof title, "%s: the cycle's period diverges at %s = %.7f (%s)", block_name, param,
                 best->param, eg_cycle_law_name(best->law));
    else
        snprintf(title, sizeof title, "%s: the cycle's period as %s moves", block_name, param);
    snprintf(xlabel, sizeof xlabel, best ? "|%s - %s*|" : "%s", param, param);
    eg_figure *fig = eg_figure_add(result, "period", title, xlabel, "period");
    if (!fig)
        return;
    eg_figure_series *s =
        eg_figure_xy(fig, best ? "cycle.distance" : "cycle.branch", 0, 1, EG_FIGURE_POINTS, "orbits (shooting)");
    if (s)
        s->color = "#000000", s->point_size = 1.2;
    if (best) {
        fig->log_x = fig->log_y = 1;
        s = eg_figure_xy(fig, "cycle.fit_curves", 0, 1, EG_FIGURE_LINES, "SNIC: T0 + C/sqrt(d)");
        if (s)
            s->color = "#1f77b4";
        s = eg_figure_xy(fig, "cycle.fit_curves", 0, 2, EG_FIGURE_LINES, "homoclinic: T0 - ln(d)/mu");
        if (s)
            s->color = "#2ca02c", s->dash = 2;
    } else if (isfinite(fold)) {
        char t[96];
        snprintf(t, sizeof t, "fold of the stalled state (LP), %s = %.6f", param, fold);
        s = eg_figure_xy(fig, "cycle.fold_line", 0, 1, EG_FIGURE_LINES, t);
        if (s)
            s->color = "#d62728", s->dash = 3;
        eg_figure_label_add(fig, fold, top, "LP");
    }
}

eg_status eg_cont_cycles_run(const eg_cont_problem *prob, const eg_cont_cycle_opts *opts, const eg_cont_result *r,
                             const char *block_name, eg_report *result, char *text, size_t cap, int *failed, char *why,
                             size_t why_cap, eg_error *err)
{
    const char *param = prob->name ? prob->name : "p";
    size_t used_text = strlen(text);
    eg_cont_cycle *b = NULL;
    eg_status st = eg_cont_cycle_trace(prob, opts, &b, err);
    eg_report *cycle = eg_report_add(result, "cycle", EG_REPORT_OBJECT);
    eg_report_add_number(cycle, "from", opts->p0);
    if (st == EG_ENOMEM)
        return st;
    if (st != EG_OK) {
        *failed = 1;
        snprintf(why, why_cap, "the cycle: %s", err->msg);
        eg_report_add_string(cycle, "stopped", err->msg);
        snprintf(text + used_text, cap - used_text, "\n  no cycle followed: %s", err->msg);
        return EG_OK;
    }
    eg_report_add_integer(cycle, "orbits", (long long)b->count);
    eg_report_add_string(cycle, "end", eg_cont_cycle_end_name(b->end));
    eg_report_add_string(cycle, "stopped", b->why);
    eg_report_add_table(cycle, "branch", branch_table(b), "orbits");
    eg_report_add_matrix(cycle, "multipliers_re", matrix_of(b->mult_re, b->count, b->k));
    eg_report_add_matrix(cycle, "multipliers_im", matrix_of(b->mult_im, b->count, b->k));
    eg_report_add_matrix(cycle, "section_points", matrix_of(b->x, b->count, b->dim));
    double top = 0;
    for (size_t i = 0; i < b->count; i++)
        top = fmax(top, b->period[i]);
    double fold = nearest_fold(r, b->p[b->count - 1]);
    eg_cycle_fit fits[2];
    size_t used = 0;
    eg_error ferr;
    int side = b->p[0] > b->p[b->count - 1] ? 1 : -1, have_fit = eg_cycle_divergence(b, fits, &used, &ferr) == EG_OK;
    if (have_fit) {
        add_divergence(cycle, fits, used, fold);
        eg_report_add_matrix(cycle, "fit_curves", fit_curves(b, fits, side, used));
        eg_report_add_matrix(cycle, "distance", distances(b, &fits[fits[0].rms <= fits[1].rms ? 0 : 1], side));
    }
    if (isfinite(fold)) {
        double line[4] = {fold, 0, fold, 1.05 * top};
        eg_report_add_matrix(cycle, "fold_line", matrix_of(line, 2, 2));
    }
    add_figure(result, block_name, param, have_fit ? &fits[fits[0].rms <= fits[1].rms ? 0 : 1] : NULL, fold,
               1.05 * top);
    size_t n = used_text;
    n += (size_t)snprintf(text + n, cap - n, "\n  cycle from %s = %g: %zu orbits, period %.6g .. %.6g (%s)", param,
                          opts->p0, b->count, b->period[0], b->period[b->count - 1], b->why);
    if (have_fit && n < cap) {
        const eg_cycle_fit *best = fits[0].rms <= fits[1].rms ? &fits[0] : &fits[1], *other = &fits[best == fits];
        n += (size_t)snprintf(text + n, cap - n,
                              "\n  period diverges at %s = %.8g (%s law, rms %.2g; %s: %.8g, rms %.2g)", param,
                              best->param, eg_cycle_law_name(best->law), best->rms, eg_cycle_law_name(other->law),
                              other->param, other->rms);
    }
    if (isfinite(fold) && n < cap)
        snprintf(text + n, cap - n, "\n  the equilibria's fold (LP) at %s = %.8g", param, fold);
    eg_cont_cycle_free(b);
    return EG_OK;
}
