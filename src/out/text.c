/* text.c: a result tree as text for people: each result's "text" line; in a
 * sweep, each line starts with its point's values of the swept params. */
#include <stdio.h>
#include <string.h>

#include "out/out.h"
#include "out/sweep_plots.h"

/* "[c0 = 0.1, D = 200] ": the point's values of the params that vary, or
 * "[point p] " when none does. */
static void point_label(const eg_report *points, size_t p, char *buf, size_t size)
{
    const eg_report *params = eg_report_get(points->kids[p], "params");
    size_t n = (size_t)snprintf(buf, size, "[");
    int any = 0;
    for (size_t i = 0; params && i < params->n && n < size; i++) {
        const eg_report *v = params->kids[i];
        if (!v->key || !eg_out_sweep_param_varies(points, v->key))
            continue;
        char num[32];
        const char *val = v->kind == EG_REPORT_STRING ? v->string : num;
        if (v->kind == EG_REPORT_NUMBER) /* 0.3, not the 0.30000000000000004 a range step gives */
            snprintf(num, sizeof num, "%.6g", v->number);
        n += (size_t)snprintf(buf + n, size - n, "%s%s = %s", any ? ", " : "", v->key, val);
        any = 1;
    }
    if (!any && n < size)
        n += (size_t)snprintf(buf + n, size - n, "point %zu", p);
    if (n < size)
        snprintf(buf + n, size - n, "] ");
}

/* The "text" member of r, then those below it, depth first, each after label. */
static void print_text_lines(const eg_report *r, const char *label, FILE *out)
{
    const eg_report *text = eg_report_get(r, "text");
    if (text && text->kind == EG_REPORT_STRING)
        fprintf(out, "%s%s\n", label, text->string);
    int points = r->kind == EG_REPORT_ARRAY && r->key && strcmp(r->key, "points") == 0 && !*label;
    for (size_t i = 0; i < r->n; i++) {
        const eg_report *kid = r->kids[i];
        if (kid->kind != EG_REPORT_OBJECT && kid->kind != EG_REPORT_ARRAY)
            continue;
        char buf[512];
        if (points && kid->kind == EG_REPORT_OBJECT)
            point_label(r, i, buf, sizeof buf);
        print_text_lines(kid, points && kid->kind == EG_REPORT_OBJECT ? buf : label, out);
    }
}

void eg_out_print_text(const eg_report *report, FILE *out)
{
    print_text_lines(report, "", out);
}
