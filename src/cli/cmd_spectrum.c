/* cmd_spectrum.c: `engram spectrum W [--basis B | --input W_uh --steps S] [--compare TASK]
 * [--rank-threshold X] [--angle-threshold X] [--vectors] [--json] [-o DIR]`: analyse a matrix from a
 * file without writing a model, with the report of a model's `analyze spectrum` block. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "engram/emt.h"
#include "engram/status.h"
#include "out/out.h"
#include "run/build.h"
#include "run/spectrum_command.h"
#include "run/spectrum_compare.h"
#include "run/spectrum_report.h"

typedef struct spectrum_args {
    const char *matrix, *basis, *input, *outdir, *compare, *threshold;
    long steps;
    double rank_threshold, angle_threshold;
    int json, vectors;
    eg_spectrum_compare theory; /* --compare, read */
} spectrum_args;

static const eg_cli_option spectrum_options[] = {
    {"--basis", NULL, EG_CLI_TEXT, "B", "a matrix file",
     "analyse W in the basis of B's columns (.npy, .csv or .txt)",
     offsetof(spectrum_args, basis)},
    {"--input", NULL, EG_CLI_TEXT, "U", "a matrix file",
     "the privileged basis, built from input weights U (with --steps)",
     offsetof(spectrum_args, input)},
    {"--steps", NULL, EG_CLI_STEPS, "S", "a number of steps", "steps of the privileged basis (with --input)",
     offsetof(spectrum_args, steps)},
    {"--compare", NULL, EG_CLI_TEXT, "TASK", "a task",
     "compare eigenvalue angles with a task's theory: repeat_copy(8, 8) or repeat_copy:8x8, "
     "compose_copy(S, D, permutation = [...], signs = [...]), variable_binding(S, D, composition = f.npy)",
     offsetof(spectrum_args, compare)},
    {"--rank-threshold", NULL, EG_CLI_POSITIVE, "X", "a number",
     "count eigenvalues with |lambda| above X in the rank (the block's rank_threshold; default 0.8)",
     offsetof(spectrum_args, rank_threshold)},
    {"--angle-threshold", NULL, EG_CLI_POSITIVE, "X", "a number",
     "compare the angles of eigenvalues with |lambda| above X (the block's threshold; default 0.9)",
     offsetof(spectrum_args, angle_threshold)},
    {"--threshold", NULL, EG_CLI_TEXT, "X", "a number",
     "refused as ambiguous: give --rank-threshold or --angle-threshold",
     offsetof(spectrum_args, threshold)},
    {"--vectors", NULL, EG_CLI_FLAG, NULL, NULL, "report the eigenvectors too", offsetof(spectrum_args, vectors)},
    EG_CLI_OPTION_JSON(spectrum_args, json),
    EG_CLI_OPTION_OUTDIR(spectrum_args, outdir, "write the results (summary.json, .npy files) under DIR"),
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_spectrum = {"spectrum", "W", 1, 1, "matrix", "a matrix file (.npy, .csv, .txt)",
                                            "spectrum of a .npy/.csv/.txt matrix", spectrum_options, eg_cli_spectrum};

static int parse_args(int argc, char **argv, spectrum_args *a)
{
    size_t n = 0;
    int rc = eg_cli_parse(&eg_cli_cmd_spectrum, argc, argv, a, &a->matrix, &n, NULL, NULL);
    if (rc != EG_EXIT_OK)
        return rc;
    if (a->basis && a->input)
        return eg_cli_usage_error("give either --basis or --input with --steps, not both");
    if (!a->input != !a->steps)
        return eg_cli_usage_error("the privileged basis needs both --input W_uh and --steps S");
    if (a->threshold)
        return eg_cli_usage_error("--threshold is ambiguous: give --rank-threshold X (|lambda| counted in the "
                                  "rank) or --angle-threshold X (|lambda| whose angles are compared with --compare)");
    if (a->angle_threshold > 0 && !a->compare)
        return eg_cli_usage_error("--angle-threshold applies to the comparison with a theory: give --compare TASK");
    char msg[300];
    if (a->compare && eg_spectrum_compare_parse(a->compare, &a->theory, msg, sizeof msg) != 0)
        return eg_cli_usage_error("--compare: %s", msg);
    if (a->rank_threshold == 0)
        a->rank_threshold = EG_SPECTRUM_RANK_THRESHOLD;
    if (a->angle_threshold == 0)
        a->angle_threshold = EG_EMT_ANGLE_THRESHOLD;
    return EG_EXIT_OK;
}

/* Reads the files the command line names and analyses them. Everything wrong
 * with what the files hold is a data error (exit 4), as a model's load(...) is;
 * only LAPACK's failures are numeric (exit 3). */
static eg_status analyse(const spectrum_args *a, eg_report **root, eg_error *err)
{
    eg_matrix *w = NULL, *basis = NULL, *input = NULL;
    eg_status st = eg_load_matrix_file(a->matrix, &w, err);
    if (st == EG_OK && a->basis)
        st = eg_load_matrix_file(a->basis, &basis, err);
    if (st == EG_OK && a->input)
        st = eg_load_matrix_file(a->input, &input, err);
    eg_spectrum_inputs in = {.w = w, .w_name = a->matrix, .basis = basis, .basis_name = a->basis,
                             .input = input, .input_name = a->input, .steps = (size_t)a->steps,
                             .theory = a->compare ? &a->theory : NULL, .theory_text = a->compare,
                             .rank_threshold = a->rank_threshold, .angle_threshold = a->angle_threshold,
                             .vectors = a->vectors};
    if (st == EG_OK)
        st = eg_spectrum_command(&in, root, err);
    eg_matrix_free(w);
    eg_matrix_free(basis);
    eg_matrix_free(input);
    return st == EG_OK || st == EG_ENOMEM || st == EG_ENUMERIC ? st : EG_EIO;
}

int eg_cli_spectrum(int argc, char **argv)
{
    spectrum_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc != EG_EXIT_OK) {
        eg_spectrum_compare_clear(&a.theory);
        return rc == EG_CLI_HELP ? EG_EXIT_OK : rc;
    }
    eg_report *root = NULL;
    eg_error err;
    eg_status st = analyse(&a, &root, &err);
    if (st == EG_OK && a.outdir)
        st = eg_out_write_dir(root, a.outdir, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        eg_report_free(root);
        eg_spectrum_compare_clear(&a.theory);
        return eg_status_exit_code(st);
    }
    if (a.json)
        eg_out_print_json(root, a.outdir != NULL, stdout);
    else
        eg_out_print_text(root, stdout);
    eg_report_free(root);
    eg_spectrum_compare_clear(&a.theory);
    return EG_EXIT_OK;
}
