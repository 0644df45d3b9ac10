/* cmd_lyapunov.c: `engram lyapunov FILE --layout L [--prefix P] [--input V,...]
 * [--exponents K] [--steps T] [--transient T0] [--seed S] [--json] [-o DIR [--plot]]`: the
 * largest Lyapunov exponents of a trained cell along a trajectory, driven by
 * its own random pulses or by a constant input. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cell_args.h"
#include "cli/cell_out.h"
#include "cli/cli.h"
#include "engram/cell_lyapunov.h"
#include "engram/json.h"
#include "run/lyapunov_report.h"

/* `engram help lyapunov`: the method and the drive. */
const char eg_cli_lyapunov_help[] =
    "engram lyapunov FILE [--layout LAYOUT] [options]\n"
    "\n"
    "The K largest Lyapunov exponents (natural log, per step) of a trained\n"
    "recurrent cell read from FILE (.npz or .safetensors; 'engram help layouts'),\n"
    "by Benettin's QR method with the cell's analytic Jacobian. The cell runs from\n"
    "the zero state for --transient steps (not averaged: the tangent vectors\n"
    "align), then --steps steps whose stretching rates are averaged. Its input is\n"
    "the constant --input when given, else noise-free random pulses (each channel\n"
    "+1 or -1 with probability 0.05 each at every step, 0 otherwise, from --seed).\n"
    "--json holds the exponents, their sum, and the running estimates every\n"
    "--steps/100 steps and after the last (to see them converge; a row is the\n"
    "step, then the estimates in the exponents' order, the last row the\n"
    "exponents).\n"
    "\n"
    "-o DIR writes them as files (summary.json lists them):\n"
    "lyapunov.exponents.npy (1 x K) and lyapunov.history.npy (the\n"
    "running estimates), with the figure convergence: the estimates of the\n"
    "largest 8 exponents against the step, which flatten as they converge.\n"
    "--plot renders it with gnuplot (SVG and PNG).\n";

typedef struct ly_args {
    eg_cell_args cell;
    long exponents, steps, transient;
} ly_args;

static const eg_cli_option lyapunov_options[] = {
    EG_CELL_OPTIONS(ly_args, cell),
    {"--exponents", NULL, EG_CLI_STEPS, "K", "a number of exponents", "how many (default: all)",
     offsetof(ly_args, exponents)},
    {"--steps", NULL, EG_CLI_STEPS, "T", "a number of steps", "steps averaged (default 10000)",
     offsetof(ly_args, steps)},
    {"--transient", NULL, EG_CLI_COUNT, "T0", "a number of steps", "steps run first, not averaged (default 1000)",
     offsetof(ly_args, transient)},
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

int eg_cli_lyapunov(int argc, char **argv);

const eg_cli_command eg_cli_cmd_lyapunov = {
    "lyapunov", "FILE", 1, 1, "weights file", "a weights file (.npz or .safetensors)",
    "Lyapunov exponents of a trained cell ('engram help lyapunov')", lyapunov_options, eg_cli_lyapunov};

static int parse_args(int argc, char **argv, ly_args *a)
{
    *a = (ly_args){.cell = {.seed = 1}, .exponents = 0, .steps = 10000, .transient = 1000};
    return eg_cell_args_parse(&eg_cli_cmd_lyapunov, argc, argv, a, &a->cell);
}

static int print_json(const ly_args *a, const eg_cell *c, const eg_lyap_result *r)
{
    eg_json *j = eg_json_alloc_file(stdout, 1);
    if (!j)
        return EG_EXIT_INTERNAL;
    double sum = 0;
    for (size_t i = 0; i < r->k; i++)
        sum += r->exponents[i];
    eg_json_begin_object(j);
    eg_cell_args_json_head(j, &a->cell, c, "lyapunov");
    eg_json_key(j, "state_size"), eg_json_uint(j, eg_cell_state_size(c));
    eg_json_key(j, "drive"), eg_json_string(j, a->cell.input ? "constant" : "pulses");
    eg_json_key(j, "steps"), eg_json_int(j, a->steps);
    eg_json_key(j, "transient"), eg_json_int(j, a->transient);
    eg_json_key(j, "exponents"), eg_json_number_array(j, r->exponents, r->k);
    double *per_tau = malloc((r->k ? r->k : 1) * sizeof *per_tau);
    if (per_tau && eg_cell_lyap_per_tau(c, r, per_tau))
        eg_json_key(j, "exponents_per_tau"), eg_json_number_array(j, per_tau, r->k);
    free(per_tau);
    eg_json_key(j, "sum"), eg_json_number(j, sum);
    eg_json_key(j, "history");
    eg_json_begin_array(j);
    for (size_t row = 0; r->history && row < r->history->rows; row++)
        eg_json_number_array(j, r->history->data + row * r->history->cols, r->history->cols);
    eg_json_end_array(j);
    eg_json_end_object(j);
    eg_error err;
    eg_status st = eg_json_finish(j, &err);
    eg_json_free(j);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: writing the result: %s\n", err.msg);
        return EG_EXIT_IO;
    }
    return EG_EXIT_OK;
}

static void print_text(const ly_args *a, const eg_cell *c, const eg_lyap_result *r)
{
    printf("Lyapunov exponents of %s (%s, %zu units, %s, %ld steps): ", a->cell.file, eg_cell_kind_name(c->kind),
           c->hidden, a->cell.input ? "constant input" : "random pulses", a->steps);
    for (size_t i = 0; i < r->k && i < 8; i++)
        printf("%s%.5g", i ? ", " : "", r->exponents[i]);
    printf("%s\n", r->k > 8 ? ", ..." : "");
}

/* Writes the results under -o DIR: the exponents, their running estimates
 * and the convergence figure. */
static int write_results(const ly_args *a, const eg_cell *c, const double *u, const eg_lyap_result *r)
{
    eg_report *result = NULL;
    eg_report *root = eg_cell_out_begin(&a->cell, c, u, a->cell.input == NULL, "lyapunov", &result);
    if (!root) {
        fprintf(stderr, "engram: error: out of memory while collecting results\n");
        return EG_EXIT_INTERNAL;
    }
    eg_report_add_integer(result, "steps", a->steps);
    eg_report_add_integer(result, "transient", a->transient);
    eg_lyapunov_report(r, eg_cell_out_basename(a->cell.file), result);
    eg_lyapunov_report_per_tau(c, r, result);
    int rc = eg_cell_out_write(&a->cell, root);
    eg_report_free(root);
    return rc;
}

int eg_cli_lyapunov(int argc, char **argv)
{
    ly_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != EG_EXIT_OK)
        return rc == EG_CLI_HELP ? EG_EXIT_OK : rc;
    eg_cell *c = NULL;
    double *u = NULL;
    if ((rc = eg_cell_args_load(&a.cell, &c, &u)) != EG_EXIT_OK)
        return rc;
    size_t n = eg_cell_state_size(c), k = a.exponents ? (size_t)a.exponents : n;
    eg_lyap_result *r = NULL;
    eg_error err;
    eg_status st;
    if (k > n) {
        st = eg_error_set(&err, EG_EINVAL, "--exponents %zu: the state has %zu units", k, n);
    } else {
        eg_cell_lyap_opts o = {k, (size_t)a.steps, (size_t)a.transient, (uint64_t)a.cell.seed};
        st = eg_cell_lyapunov(c, a.cell.input ? u : NULL, &o, &r, &err);
    }
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        rc = st == EG_EINVAL ? EG_EXIT_USAGE : eg_status_exit_code(st);
    } else if (a.cell.outdir && (rc = write_results(&a, c, u, r)) != EG_EXIT_OK) {
        /* Nothing on stdout when the results could not be written. */
    } else if (a.cell.json) {
        rc = print_json(&a, c, r);
    } else {
        print_text(&a, c, r);
    }
    if (rc == EG_EXIT_OK && a.cell.plot)
        rc = eg_cli_render_plots(a.cell.outdir, a.cell.json ? NULL : stdout);
    eg_lyap_result_free(r);
    free(u);
    eg_cell_free(c);
    return rc;
}
