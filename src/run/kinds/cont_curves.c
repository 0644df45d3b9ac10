/* cont_curves.c: the two-parameter part of `analyze continuation`: every
 * chosen fold and Hopf point of the first branch followed in (vary, vary2)
 * (src/dyn/cont_curve.c), the curves as tables, their cusps and
 * Bogdanov–Takens points, and the figure `two_parameter` of the curves in
 * the plane of the two params (docs/dynamics-language.md). */
#include "run/kinds/cont_curves.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/figure.h"

enum { COLUMNS = 7 };

double eg_cont_norm(const double *x, size_t n)
{
    double q = 0;
    for (size_t i = 0; i < n; i++)
        q += x[i] * x[i];
    return sqrt(q);
}

double eg_cont_shown(int has_unit, size_t unit, const double *x, size_t n)
{
    return has_unit ? x[unit] : n == 1 ? x[0] : eg_cont_norm(x, n);
}

/* What the table shows of a state. */
static double shown(const eg_cont_curves_setup *s, const double *x, size_t n)
{
    return eg_cont_shown(s->has_unit, s->unit, x, n);
}

/* Whether the point (p1, p2, x) lies on curve c: between two of its points
 * that straddle p2, within a small distance of the chord (two folds of one
 * S-shaped branch are usually two ends of one fold curve). */
static int on_curve(const eg_cont2_curve *c, double p1, double p2, const double *x)
{
    size_t n = c->dim;
    for (size_t k = 0; k + 1 < c->npoints; k++) {
        const double *a = c->p + 2 * k, *b = a + 2;
        if ((a[1] - p2) * (b[1] - p2) > 0 || a[1] == b[1])
            continue;
        double s = (p2 - a[1]) / (b[1] - a[1]), tol = 1e-2 * (1 + fabs(p1));
        if (fabs(a[0] + s * (b[0] - a[0]) - p1) > tol)
            continue;
        int near = 1;
        for (size_t i = 0; i < n && near; i++) {
            double xa = c->x[k * n + i], xb = c->x[(k + 1) * n + i];
            near = fabs(xa + s * (xb - xa) - x[i]) <= 1e-2 * (1 + fabs(x[i]));
        }
        if (near)
            return 1;
    }
    return 0;
}

/* The table of every curve's points: curve, p1, p2, shown value, norm and
 * the two tests (LP: a and wᵀv; H: ω and ω²). */
static eg_matrix *curve_table(const eg_cont_curves_setup *s, eg_cont2_curve *const *cv, size_t ncurves)
{
    size_t rows = 0;
    for (size_t c = 0; c < ncurves; c++)
        rows += cv[c]->npoints;
    eg_matrix *T = eg_matrix_alloc(rows ? rows : 1, COLUMNS);
    if (!T)
        return NULL;
    T->rows = rows;
    size_t k = 0;
    for (size_t c = 0; c < ncurves; c++)
        for (size_t j = 0; j < cv[c]->npoints; j++, k++) {
            double *row = T->data + k * COLUMNS;
            const double *x = cv[c]->x + j * cv[c]->dim;
            row[0] = (double)c;
            row[1] = cv[c]->p[2 * j];
            row[2] = cv[c]->p[2 * j + 1];
            row[3] = shown(s, x, cv[c]->dim);
            row[4] = eg_cont_norm(x, cv[c]->dim);
            row[5] = cv[c]->test[2 * j];
            row[6] = cv[c]->test[2 * j + 1];
        }
    return T;
}

/* Every curve's states, row by row as in the table. */
static eg_matrix *curve_states(eg_cont2_curve *const *cv, size_t ncurves, size_t n)
{
    size_t rows = 0;
    for (size_t c = 0; c < ncurves; c++)
        rows += cv[c]->npoints;
    eg_matrix *X = eg_matrix_alloc(rows ? rows : 1, n);
    if (!X)
        return NULL;
    X->rows = rows;
    size_t k = 0;
    for (size_t c = 0; c < ncurves; c++) {
        memcpy(X->data + k * n, cv[c]->x, cv[c]->npoints * n * sizeof *X->data);
        k += cv[c]->npoints;
    }
    return X;
}

/* The figure's data for curves of one type: (p1, p2), a NaN row between
 * curves (gnuplot breaks the line there). NULL when there are none. */
static eg_matrix *plane_data(eg_cont2_curve *const *cv, size_t ncurves, eg_cont_type type)
{
    size_t rows = 0;
    for (size_t c = 0; c < ncurves; c++)
        if (cv[c]->type == type)
            rows += cv[c]->npoints + 1;
    if (!rows)
        return NULL;
    eg_matrix *D = eg_matrix_alloc(rows, 2);
    if (!D)
        return NULL;
    size_t k = 0;
    for (size_t c = 0; c < ncurves; c++) {
        if (cv[c]->type != type)
            continue;
        memcpy(D->data + 2 * k, cv[c]->p, 2 * cv[c]->npoints * sizeof *D->data);
        k += cv[c]->npoints;
        D->data[2 * k] = D->data[2 * k + 1] = NAN;
        k++;
    }
    return D;
}

/* The flagged points of one type as (p1, p2) rows; NULL when there are none. */
static eg_matrix *flagged_data(eg_cont2_curve *const *cv, size_t ncurves, eg_cont2_type type)
{
    size_t count = 0;
    for (size_t c = 0; c < ncurves; c++)
        for (size_t i = 0; i < cv[c]->nspecials; i++)
            count += cv[c]->specials[i].type == type;
    if (!count)
        return NULL;
    eg_matrix *M = eg_matrix_alloc(count, 2);
    if (!M)
        return NULL;
    size_t k = 0;
    for (size_t c = 0; c < ncurves; c++)
        for (size_t i = 0; i < cv[c]->nspecials; i++)
            if (cv[c]->specials[i].type == type) {
                memcpy(M->data + 2 * k, cv[c]->specials[i].p, 2 * sizeof *M->data);
                k++;
            }
    return M;
}

/* Whether the flagged point i of curve c was flagged before at the same
 * place (within 1e-6 of the params' scale) with the same type. */
static int labelled_before(eg_cont2_curve *const *cv, size_t c, size_t i)
{
    const eg_cont2_special *sp = &cv[c]->specials[i];
    for (size_t d = 0; d <= c; d++)
        for (size_t j = 0; j < (d == c ? i : cv[d]->nspecials); j++) {
            const eg_cont2_special *q = &cv[d]->specials[j];
            if (q->type == sp->type && fabs(q->p[0] - sp->p[0]) <= 1e-6 * (1 + fabs(sp->p[0])) &&
                fabs(q->p[1] - sp->p[1]) <= 1e-6 * (1 + fabs(sp->p[1])))
                return 1;
        }
    return 0;
}

/* The figure: fold curves red, Hopf curves green (dashed), the starts as
 * they were found on the first branch, CP and BT marked and labelled. */
static void add_figure(const eg_cont_curves_setup *s, const char *block_name, eg_cont2_curve *const *cv,
                       size_t ncurves, eg_report *result)
{
    const char *n1 = s->prob->names[0], *n2 = s->prob->names[1];
    int folds = eg_report_get(result, "plane_LP") != NULL, hopfs = eg_report_get(result, "plane_H") != NULL;
    char title[256];
    snprintf(title, sizeof title, "%s: %s in (%s, %s)", block_name,
             folds && hopfs ? "fold and Hopf curves" : hopfs ? "Hopf curves" : "fold curves", n1, n2);
    eg_figure *fig = eg_figure_add(result, "two_parameter", title, n1, n2);
    if (!fig)
        return;
    /* The whole box explored: where no curve runs matters too. */
    fig->xrange = (eg_figure_range){1, s->opts.lo[0], s->opts.hi[0]};
    fig->yrange = (eg_figure_range){1, s->opts.lo[1], s->opts.hi[1]};
    static const char *const keys[] = {"plane_LP", "plane_H"};
    static const char *const titles[] = {"fold (LP)", "Hopf (H)"};
    static const char *const colors[] = {"#d62728", "#2ca02c"};
    for (int t = 0; t < 2; t++)
        if (eg_report_get(result, keys[t])) {
            eg_figure_series *ser = eg_figure_xy(fig, keys[t], 0, 1, EG_FIGURE_LINES, titles[t]);
            if (ser) {
                ser->color = colors[t];
                ser->line_width = 2;
                ser->dash = t == 1 ? 2 : 0;
            }
        }
    if (eg_report_get(result, "plane_starts")) {
        eg_figure_series *ser = eg_figure_xy(fig, "plane_starts", 0, 1, EG_FIGURE_POINTS, "start");
        if (ser)
            ser->marker = EG_MARKER_RING, ser->point_size = 1.5, ser->color = "#555555";
    }
    static const char *const fkeys[] = {"special2_CP", "special2_BT"};
    static const char *const ftitles[] = {"cusp (CP)", "BT point"};
    static const char *const fcolors[] = {"#1f77b4", "#000000"};
    for (int t = 0; t < 2; t++)
        if (eg_report_get(result, fkeys[t])) {
            eg_figure_series *ser = eg_figure_xy(fig, fkeys[t], 0, 1, EG_FIGURE_POINTS, ftitles[t]);
            if (ser)
                ser->point_size = 1.8, ser->color = fcolors[t];
        }
    /* One label per point: a BT ends a Hopf curve and lies on a fold curve. */
    for (size_t c = 0; c < ncurves; c++)
        for (size_t i = 0; i < cv[c]->nspecials; i++) {
            const eg_cont2_special *sp = &cv[c]->specials[i];
            if (!labelled_before(cv, c, i))
                eg_figure_label_add(fig, sp->p[0], sp->p[1], eg_cont2_type_name(sp->type));
        }
}

/* One curve's object in `curves`. */
static void add_curve(eg_report *list, const eg_cont2_curve *c, size_t from, size_t first)
{
    eg_report *o = eg_report_add(list, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(o, "type", eg_cont_type_name(c->type));
    eg_report_add_integer(o, "from_special", from == SIZE_MAX ? -1 : (long long)from);
    eg_report_add_integer(o, "first", (long long)first);
    eg_report_add_integer(o, "points", (long long)c->npoints);
    eg_report_add_integer(o, "start", (long long)(first + c->start));
    eg_report *ends = eg_report_add(o, "end", EG_REPORT_ARRAY);
    for (int d = 0; d < 2; d++)
        eg_report_add_string(ends, NULL, eg_cont2_end_name(c->end[d]));
    eg_report_add_bool(o, "complete", !c->failed);
}

/* The flagged points of every curve into `special2`. */
static void add_flagged(eg_report *list, eg_cont2_curve *const *cv, size_t ncurves)
{
    for (size_t c = 0; c < ncurves; c++)
        for (size_t i = 0; i < cv[c]->nspecials; i++) {
            const eg_cont2_special *sp = &cv[c]->specials[i];
            eg_report *o = eg_report_add(list, NULL, EG_REPORT_OBJECT);
            eg_report_add_string(o, "type", eg_cont2_type_name(sp->type));
            eg_report_add_integer(o, "curve", (long long)c);
            eg_report_add_number(o, "param", sp->p[0]);
            eg_report_add_number(o, "param2", sp->p[1]);
            eg_report_add_number(o, "norm", eg_cont_norm(sp->x, cv[c]->dim));
            eg_report_add_numbers(o, "state", sp->x, cv[c]->dim);
        }
}

/* The summary lines of the curves. */
static void add_text(const eg_cont_curves_setup *s, eg_cont2_curve *const *cv, size_t ncurves, char *text, size_t cap)
{
    size_t n = strlen(text);
    const char *n1 = s->prob->names[0], *n2 = s->prob->names[1];
    for (size_t c = 0; c < ncurves && n < cap; c++) {
        n += (size_t)snprintf(text + n, cap - n, "\n  %s curve %zu in (%s, %s): %zu points, ends %s and %s",
                              cv[c]->type == EG_CONT_LP ? "fold" : "Hopf", c, n1, n2, cv[c]->npoints,
                              eg_cont2_end_name(cv[c]->end[0]), eg_cont2_end_name(cv[c]->end[1]));
        for (size_t i = 0; i < cv[c]->nspecials && i < 8 && n < cap; i++) {
            const eg_cont2_special *sp = &cv[c]->specials[i];
            n += (size_t)snprintf(text + n, cap - n, "\n    %s at (%s, %s) = (%.10g, %.10g)",
                                  eg_cont2_type_name(sp->type), n1, n2, sp->p[0], sp->p[1]);
        }
    }
}

/* Whether a Hopf curve among the k traced has a BT point at sp's params. */
static int bt_reached(eg_cont2_curve *const *cv, size_t k, const eg_cont2_special *sp)
{
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; cv[c]->type == EG_CONT_H && i < cv[c]->nspecials; i++) {
            const eg_cont2_special *q = &cv[c]->specials[i];
            if (q->type == EG_CONT2_BT && fabs(q->p[0] - sp->p[0]) <= 1e-6 * (1 + fabs(sp->p[0])) &&
                fabs(q->p[1] - sp->p[1]) <= 1e-6 * (1 + fabs(sp->p[1])))
                return 1;
        }
    return 0;
}

/* The BT points on the fold curves among the first k. */
static size_t fold_bts(eg_cont2_curve *const *cv, size_t k)
{
    size_t count = 0;
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; cv[c]->type == EG_CONT_LP && i < cv[c]->nspecials; i++)
            count += cv[c]->specials[i].type == EG_CONT2_BT;
    return count;
}

/* The Hopf curve leaving each BT point of the fold curves (the first k of
 * cv, which has room for as many more), unless a Hopf curve traced from a
 * Hopf point already ends there; src of such a curve is SIZE_MAX (no special
 * point of the first branch). *count becomes the curves in all. */
static eg_status hopf_from_bts(const eg_cont_curves_setup *s, eg_cont2_curve **cv, size_t *src, size_t *count,
                               int *failed, char *why, size_t why_cap, eg_error *err)
{
    size_t folds = *count, k = *count;
    for (size_t c = 0; c < folds; c++)
        for (size_t i = 0; cv[c]->type == EG_CONT_LP && i < cv[c]->nspecials; i++) {
            const eg_cont2_special *sp = &cv[c]->specials[i];
            if (sp->type != EG_CONT2_BT || bt_reached(cv, k, sp))
                continue;
            eg_error cerr;
            eg_status st = eg_cont2_trace_hopf_from_bt(s->prob, &s->opts, sp->x, sp->p, &cv[k], &cerr);
            if (st == EG_ENOMEM)
                return eg_error_set(err, st, "%s", cerr.msg);
            if (st != EG_OK) {
                if (!*failed)
                    snprintf(why, why_cap, "no Hopf curve from the BT at (%s, %s) = (%g, %g): %.300s",
                             s->prob->names[0], s->prob->names[1], sp->p[0], sp->p[1], cerr.msg);
                *failed = 1;
                continue;
            }
            if (cv[k]->failed && !*failed) {
                snprintf(why, why_cap, "%.500s", cv[k]->why);
                *failed = 1;
            }
            src[k++] = SIZE_MAX;
            *count = k;
        }
    return EG_OK;
}

/* Traces the curves of the chosen special points into *out (*count of them),
 * then, when Hopf curves are followed, the Hopf curves leaving the fold
 * curves' BT points that none of those reached. */
static eg_status trace_curves(const eg_cont_curves_setup *s, const eg_cont_result *r, eg_cont2_curve ***out,
                              size_t **from, size_t *count, int *failed, char *why, size_t why_cap, eg_error *err)
{
    eg_cont2_curve **cv = calloc(r->nspecials + 1, sizeof *cv);
    size_t *src = calloc(r->nspecials + 1, sizeof *src), k = 0;
    *out = cv;
    *from = src;
    *count = 0;
    if (!cv || !src)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->nspecials; i++) {
        const eg_cont_special *sp = &r->specials[i];
        if (sp->branch != 0 || sp->type == EG_CONT_BP || !(s->follow & (1u << sp->type)))
            continue;
        int seen = 0;
        for (size_t c = 0; c < k && !seen; c++)
            seen = cv[c]->type == sp->type && on_curve(cv[c], sp->p, s->p2, sp->x);
        if (seen)
            continue;
        double p0[2] = {sp->p, s->p2};
        eg_error cerr;
        eg_status st = eg_cont2_trace(s->prob, &s->opts, sp->type, sp->x, p0, &cv[k], &cerr);
        if (st == EG_ENOMEM)
            return eg_error_set(err, st, "%s", cerr.msg);
        if (st != EG_OK) {
            if (!*failed)
                snprintf(why, why_cap, "the %s at %s = %g cannot be followed in two params: %.300s",
                         eg_cont_type_name(sp->type), s->prob->names[0], sp->p, cerr.msg);
            *failed = 1;
            continue;
        }
        if (cv[k]->failed && !*failed) {
            snprintf(why, why_cap, "%.500s", cv[k]->why);
            *failed = 1;
        }
        src[k++] = i;
        *count = k;
    }
    size_t more = s->follow & (1u << EG_CONT_H) ? fold_bts(cv, k) : 0;
    if (!more)
        return EG_OK;
    eg_cont2_curve **grown = realloc(cv, (k + more + 1) * sizeof *cv);
    if (grown)
        *out = cv = grown;
    size_t *grown_src = realloc(src, (k + more + 1) * sizeof *src);
    if (grown_src)
        *from = src = grown_src;
    if (!grown || !grown_src)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    return hopf_from_bts(s, cv, src, count, failed, why, why_cap, err);
}

eg_status eg_cont_curves_run(const eg_cont_curves_setup *s, const eg_cont_result *r, const char *block_name,
                             eg_report *result, char *text, size_t cap, int *failed, char *why, size_t why_cap,
                             eg_error *err)
{
    eg_cont2_curve **cv = NULL;
    size_t *from = NULL, count = 0;
    eg_status st = trace_curves(s, r, &cv, &from, &count, failed, why, why_cap, err);
    if (st == EG_OK) {
        eg_report_add_string(result, "param2", s->prob->names[1]);
        eg_report_add_number(result, "from2", s->p2);
        double range2[2] = {s->opts.lo[1], s->opts.hi[1]};
        eg_report_add_numbers(result, "range2", range2, 2);
        eg_report *list = eg_report_add(result, "curves", EG_REPORT_ARRAY);
        size_t first = 0;
        for (size_t c = 0; c < count; c++) {
            add_curve(list, cv[c], from[c], first);
            first += cv[c]->npoints;
        }
        add_flagged(eg_report_add(result, "special2", EG_REPORT_ARRAY), cv, count);
        eg_report_add_table(result, "curve", curve_table(s, cv, count), "curve");
        eg_report_add_matrix(result, "curve_states", curve_states(cv, count, s->prob->dim));
        eg_matrix *M;
        if ((M = plane_data(cv, count, EG_CONT_LP)))
            eg_report_add_matrix(result, "plane_LP", M);
        if ((M = plane_data(cv, count, EG_CONT_H)))
            eg_report_add_matrix(result, "plane_H", M);
        if (count && (M = eg_matrix_alloc(count, 2))) {
            for (size_t c = 0; c < count; c++)
                memcpy(M->data + 2 * c, cv[c]->p + 2 * cv[c]->start, 2 * sizeof *M->data);
            eg_report_add_matrix(result, "plane_starts", M);
        }
        if ((M = flagged_data(cv, count, EG_CONT2_CP)))
            eg_report_add_matrix(result, "special2_CP", M);
        if ((M = flagged_data(cv, count, EG_CONT2_BT)))
            eg_report_add_matrix(result, "special2_BT", M);
        add_figure(s, block_name, cv, count, result);
        add_text(s, cv, count, text, cap);
    }
    for (size_t c = 0; cv && c < count; c++)
        eg_cont2_curve_free(cv[c]);
    free(cv);
    free(from);
    return st;
}
