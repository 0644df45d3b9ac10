/* cell_args.c: the options shared by `engram fixed-points` and `engram
 * lyapunov`: checking them, and loading the cell they name. */
#include "cli/cell_args.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/cell_points.h"
#include "engram/json.h"

void eg_cell_args_print_layouts(FILE *out)
{
    for (const eg_layout *l = eg_layouts; l->name; l++)
        fprintf(out, "  %-17s %s\n", l->name, l->doc);
    fprintf(out, "Without --layout the keys tell it, under any prefix: weight_hh_l0 of H, 3H or 4H rows\n"
                 "(H columns) is pytorch-rnn, pytorch-gru or pytorch-lstm (an nn.RNN's relu cannot be told\n"
                 "from its tanh: tanh is taken), W_rec psychrnn.\n");
}

int eg_cell_args_parse(const eg_cli_command *cmd, int argc, char **argv, void *args, eg_cell_args *a)
{
    size_t n = 0;
    int rc = eg_cli_parse(cmd, argc, argv, args, &a->file, &n, NULL, NULL);
    if (rc != EG_EXIT_OK)
        return rc;
    if (!a->prefix)
        a->prefix = "";
    if (a->plot && !a->outdir)
        return eg_cli_usage_error("--plot needs -o DIR: the figures are drawn from the files written there");
    if (!a->layout_name)
        return EG_EXIT_OK; /* told from the keys when the cell loads */
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

/* --alpha for a cell whose file does not hold its dt/τ, refused for the others. */
static int set_alpha(const eg_cell_args *a, eg_cell *c)
{
    eg_error err;
    if (eg_cell_set_alpha(c, a->alpha, a->layout->name, "--alpha", &err) != EG_OK)
        return eg_cli_usage_error("%s", err.msg);
    return EG_EXIT_OK;
}

/* Without --layout: the layout and prefix the file's keys show; a file
 * that shows none is a usage error (it needs --layout). */
static int detect_layout(eg_cell_args *a)
{
    eg_error err;
    eg_named *f = NULL;
    eg_status st = eg_named_open(a->file, &f, &err);
    if (st == EG_OK)
        st = eg_layout_detect(f, a->prefix, &a->layout, a->found_prefix, sizeof a->found_prefix, &err);
    eg_named_close(f);
    if (st == EG_EPARSE)
        return eg_cli_usage_error("this file needs --layout: %s", err.msg);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        return st == EG_ENOMEM ? EG_EXIT_INTERNAL : EG_EXIT_IO;
    }
    a->prefix = a->found_prefix;
    return EG_EXIT_OK;
}

int eg_cell_args_load(eg_cell_args *a, eg_cell **cell, double **input)
{
    int rc0 = a->layout ? EG_EXIT_OK : detect_layout(a);
    if (rc0 != EG_EXIT_OK)
        return rc0;
    eg_error err;
    eg_status st = eg_cell_load(a->file, a->layout, a->prefix, cell, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        return st == EG_ENOMEM ? EG_EXIT_INTERNAL : EG_EXIT_IO;
    }
    int rc = set_alpha(a, *cell);
    double *u = rc == EG_EXIT_OK ? calloc((*cell)->input ? (*cell)->input : 1, sizeof *u) : NULL;
    if (rc == EG_EXIT_OK)
        rc = u ? parse_input(a->input, (*cell)->input, u) : EG_EXIT_INTERNAL;
    if (rc != EG_EXIT_OK) {
        free(u);
        eg_cell_free(*cell);
        *cell = NULL;
        return rc;
    }
    *input = u;
    return EG_EXIT_OK;
}

void eg_cell_args_json_head(eg_json *j, const eg_cell_args *a, const eg_cell *c, const char *command)
{
    eg_json_key(j, "engram"), eg_json_string(j, ENGRAM_VERSION);
    eg_json_key(j, "command"), eg_json_string(j, command);
    eg_json_key(j, "file"), eg_json_string(j, a->file);
    eg_json_key(j, "layout"), eg_json_string(j, a->layout->name);
    eg_json_key(j, "cell"), eg_json_string(j, eg_cell_kind_name(c->kind));
    if (c->kind == EG_CELL_LEAKY_RELU)
        eg_json_key(j, "alpha"), eg_json_number(j, c->alpha);
}
