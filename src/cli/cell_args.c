/* cell_args.c: the options shared by `engram fixed-points` and `engram
 * lyapunov`: checking them, and loading the cell they name. */
#include "cli/cell_args.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void eg_cell_args_print_layouts(FILE *out)
{
    for (const eg_layout *l = eg_layouts; l->name; l++)
        fprintf(out, "  %-17s %s\n", l->name, l->doc);
}

int eg_cell_args_finish(eg_cell_args *a, const char *cmd)
{
    if (!a->prefix)
        a->prefix = "";
    if (!a->layout_name)
        return eg_cli_usage_error("%s needs --layout ('engram help layouts' lists them)", cmd);
    if (!(a->layout = eg_layout_find(a->layout_name))) {
        char names[256] = "";
        size_t used = 0;
        for (const eg_layout *l = eg_layouts; l->name && used + 40 < sizeof names; l++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", l->name);
        return eg_cli_usage_error("unknown layout '%s'; engram reads %s", a->layout_name, names);
    }
    return EG_EXIT_OK;
}

/* "0.5,-1" into u (the cell's m inputs); a usage error otherwise. */
static int parse_input(const char *text, size_t m, double *u)
{
    if (!text)
        return EG_EXIT_OK;
    size_t k = 0;
    for (const char *p = text; *p;) {
        char *end = NULL;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || (*end && *end != ','))
            return eg_cli_usage_error("--input takes numbers separated by commas, got '%s'", text);
        if (k < m)
            u[k] = v;
        k++;
        p = *end ? end + 1 : end;
    }
    if (k != m)
        return eg_cli_usage_error("--input has %zu value%s; the cell takes %zu input%s", k, k == 1 ? "" : "s", m,
                                  m == 1 ? "" : "s");
    return EG_EXIT_OK;
}

int eg_cell_args_load(const eg_cell_args *a, eg_cell **cell, double **input)
{
    eg_error err;
    eg_status st = eg_cell_load(a->file, a->layout, a->prefix, cell, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        return st == EG_ENOMEM ? EG_EXIT_INTERNAL : EG_EXIT_IO;
    }
    double *u = calloc((*cell)->input ? (*cell)->input : 1, sizeof *u);
    int rc = u ? parse_input(a->input, (*cell)->input, u) : EG_EXIT_INTERNAL;
    if (rc != EG_EXIT_OK) {
        free(u);
        eg_cell_free(*cell);
        *cell = NULL;
        return rc;
    }
    *input = u;
    return EG_EXIT_OK;
}
