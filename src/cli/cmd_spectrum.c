/* cmd_spectrum.c: `engram spectrum W [--basis B | --input W_uh --steps S] [--threshold X] [--vectors]
 * [--json] [-o DIR]`: analyse a matrix from a file without writing a model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/emt.h"
#include "engram/status.h"
#include "out/out.h"
#include "run/build.h"
#include "run/spectrum_report.h"

typedef struct spectrum_args {
    const char *matrix, *basis, *input, *outdir;
    long steps;
    double threshold;
    int json, vectors;
} spectrum_args;

/* Reads a number option's value; returns 0 when it is not a number in [lo, hi]. */
static int number_arg(const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    double x = strtod(text, &end);
    if (!text[0] || *end || !(x >= lo && x <= hi))
        return 0;
    *out = x;
    return 1;
}

static int parse_args(int argc, char **argv, spectrum_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--basis") == 0   ? &a->basis
                            : strcmp(arg, "--input") == 0 ? &a->input
                            : strcmp(arg, "-o") == 0      ? &a->outdir
                                                          : NULL;
        if (slot) {
            if (++i == argc)
                return eg_cli_usage_error("%s needs a value", arg);
            *slot = argv[i];
        } else if (strcmp(arg, "--steps") == 0 || strcmp(arg, "--threshold") == 0) {
            double x = 0.0;
            if (++i == argc)
                return eg_cli_usage_error("%s needs a value", arg);
            int steps = strcmp(arg, "--steps") == 0;
            if (!number_arg(argv[i], steps ? 1 : 1e-300, steps ? 1e6 : 1e300, &x) || (steps && x != (long)x))
                return eg_cli_usage_error("%s takes %s, got '%s'", arg, steps ? "a whole number >= 1" : "a positive number",
                                          argv[i]);
            if (steps)
                a->steps = (long)x;
            else
                a->threshold = x;
        } else if (strcmp(arg, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(arg, "--vectors") == 0) {
            a->vectors = 1;
        } else if (arg[0] == '-' && arg[1]) {
            return eg_cli_usage_error("unknown option '%s' for spectrum", arg);
        } else if (a->matrix) {
            return eg_cli_usage_error("spectrum takes one matrix, got '%s' and '%s'", a->matrix, arg);
        } else {
            a->matrix = arg;
        }
    }
    if (!a->matrix)
        return eg_cli_usage_error("spectrum needs a matrix file (.npy or .csv)");
    if (a->basis && a->input)
        return eg_cli_usage_error("give either --basis or --input with --steps, not both");
    if (!a->input != !a->steps)
        return eg_cli_usage_error("the privileged basis needs both --input W_uh and --steps S");
    return EG_EXIT_OK;
}

/* Builds the report: the same tree a model's `analyze spectrum` block adds. */
static eg_status analyse(const spectrum_args *a, eg_report *result, eg_error *err)
{
    eg_matrix *w = NULL, *basis = NULL, *input = NULL;
    eg_status st = eg_load_matrix_file(a->matrix, &w, err);
    if (st == EG_OK && w->rows != w->cols)
        st = eg_error_set(err, EG_EINVAL, "%s: the matrix is %zu × %zu; a spectrum needs a square matrix", a->matrix,
                          w->rows, w->cols);
    if (st == EG_OK && a->basis)
        st = eg_load_matrix_file(a->basis, &basis, err);
    if (st == EG_OK && a->input) {
        st = eg_load_matrix_file(a->input, &input, err);
        if (st == EG_OK && input->rows != w->rows)
            st = eg_error_set(err, EG_EINVAL, "%s: the input weights have %zu rows; %s has %zu units", a->input,
                              input->rows, a->matrix, w->rows);
        if (st == EG_OK && (size_t)a->steps * input->cols > w->rows)
            st = eg_error_set(err, EG_EINVAL, "%s: --steps %ld × %zu input columns is more than the %zu units of %s",
                              a->input, a->steps, input->cols, w->rows, a->matrix);
        if (st == EG_OK)
            st = eg_emt_privileged_basis(w, input, (size_t)a->steps, &basis, err);
    }
    char bname[512] = "";
    if (a->basis)
        snprintf(bname, sizeof bname, "%s", a->basis);
    else if (a->input)
        snprintf(bname, sizeof bname, "privileged(%s, steps %ld)", a->input, a->steps);
    eg_spectrum_request req = {.w = w, .w_name = a->matrix, .basis = basis, .basis_name = bname,
                               .rank_threshold = a->threshold, .vectors = a->vectors, .prefix = "spectrum"};
    if (st == EG_OK)
        st = eg_spectrum_report(&req, result, err);
    eg_matrix_free(w);
    eg_matrix_free(basis);
    eg_matrix_free(input);
    return st;
}

int eg_cli_spectrum(int argc, char **argv)
{
    spectrum_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc != EG_EXIT_OK)
        return rc;
    eg_report *root = eg_report_new(EG_REPORT_OBJECT);
    eg_report_add_string(root, "engram", ENGRAM_VERSION);
    eg_report_add_string(root, "command", "spectrum");
    eg_report *result = eg_report_add(eg_report_add(root, "results", EG_REPORT_ARRAY), NULL, EG_REPORT_OBJECT);
    eg_report_add_string(result, "kind", "spectrum");
    eg_error err;
    eg_status st = result ? analyse(&a, result, &err) : eg_error_set(&err, EG_ENOMEM, "out of memory");
    if (st == EG_OK && eg_report_failed(root))
        st = eg_error_set(&err, EG_ENOMEM, "out of memory while collecting results");
    if (st == EG_OK && a.outdir)
        st = eg_out_write_dir(root, a.outdir, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        eg_report_free(root);
        return eg_status_exit_code(st);
    }
    if (a.json)
        eg_out_print_json(root, a.outdir != NULL, stdout);
    else
        eg_out_print_text(root, stdout);
    eg_report_free(root);
    return EG_EXIT_OK;
}
