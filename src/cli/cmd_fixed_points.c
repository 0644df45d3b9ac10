/* cmd_fixed_points.c: `engram fixed-points FILE --layout L [--prefix P]
 * [--input VALUES] [--starts N] [--steps T] [--seed S] [--jitter X] [--q-tol X]
 * [--basis B.npy] [--json] [-o DIR [--plot]]`: the fixed points of a trained recurrent cell under a constant
 * input, read from the file its framework saved, without writing a model. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cell_args.h"
#include "cli/cell_out.h"
#include "cli/cli.h"
#include "engram/cell.h"
#include "engram/cell_points.h"
#include "engram/json.h"
#include "engram/map_points.h"
#include "engram/npy.h"
#include "run/cell_report.h"

/* `engram help fixed-points`: the method, and how starts are made. */
const char eg_cli_fixed_points_help[] =
    "engram fixed-points FILE [--layout LAYOUT] [options]\n"
    "\n"
    "The fixed points of a trained recurrent cell h' = F(h, u*) under a constant\n"
    "input u* (zeros unless --input), read from FILE (.npz as numpy.savez writes a\n"
    "PyTorch state dict, or .safetensors; 'engram help layouts'). Each search\n"
    "minimises q(h) = 1/2 |F(h, u*) - h|^2 from a start (Newton's method, then\n"
    "Levenberg-Marquardt where Newton stalls); points with q <= --q-tol are kept,\n"
    "duplicates (closer than 1e-6) merged, outliers (farther from the starts'\n"
    "centroid than 10 times their median distance from it) dropped, and each is\n"
    "classified by the eigenvalues of dF/dh against the unit circle.\n"
    "\n"
    "Starts: the cell runs from the zero state for --steps steps driven by its own\n"
    "noise-free random pulses: each input channel, at each step, is +1 or -1 with\n"
    "probability 0.05 each and 0 otherwise, drawn from --seed. --starts states of\n"
    "that trajectory, drawn at random, start the searches, each moved by Gaussian\n"
    "noise of standard deviation --jitter. --from S.npy starts from given states\n"
    "instead (one per row).\n"
    "\n"
    "--json prints one object: count, stable, starts, converged, duplicates,\n"
    "outliers, and points, each with q, class, unstable (eigenvalues outside the\n"
    "unit circle), state, eigenvalues, jacobian (dF/dh) and input_jacobian\n"
    "(dF/du). With --basis B.npy (D x K, one memory per column) each point is also\n"
    "read in that basis: in_basis = B+ h and jacobian_in_basis = B+ (dF/dh) B,\n"
    "B+ the pseudo-inverse.\n"
    "\n"
    "-o DIR writes the results as files (summary.json lists them):\n"
    "fixed-points.points.npy, one row per point: q, the count of eigenvalues\n"
    "outside the unit circle, the class (0 stable, 1 saddle, 2 unstable, 3\n"
    "marginal) and the state; eigenvalues_re.npy and eigenvalues_im.npy, a point\n"
    "per row by decreasing modulus; input_jacobians.npy, the points' dF/du stacked\n"
    "(count*D x inputs), and with --basis in_basis.npy (count x K) and\n"
    "jacobians_in_basis.npy (count*K x K); the principal components of the sampled\n"
    "states (the trajectory, or the --from states): pca_mean.npy,\n"
    "pca_components.npy (one per column) and the share of the variance each\n"
    "explains; samples_pcs.npy and points_pcs.npy, the samples and the points in\n"
    "the first two components. Two figures: pca, the samples with the points over\n"
    "them (filled stable, open unstable, a crossed ring a saddle), and eigenvalues,\n"
    "every point's eigenvalues against the unit circle, coloured by the point's\n"
    "class. --plot renders them with gnuplot (SVG and PNG). --json prints the same\n"
    "document with or without -o.\n";

typedef struct fp_args {
    eg_cell_args cell;
    const char *from;  /* given starts (.npy, one per row), instead of the trajectory's */
    const char *basis; /* memories (.npy, one per column) to read the points in */
    long starts, steps;
    double q_tol, jitter;
} fp_args;

static const eg_cli_option fixed_points_options[] = {
    EG_CELL_OPTIONS(fp_args, cell),
    {"--starts", NULL, EG_CLI_STEPS, "N", "a number of searches", "searches (default 256)", offsetof(fp_args, starts)},
    {"--steps", NULL, EG_CLI_STEPS, "T", "a number of steps", "length of the sampled trajectory (default 1000)",
     offsetof(fp_args, steps)},
    {"--jitter", NULL, EG_CLI_NONNEGATIVE, "X", "a number", "noise added to each start (default 0)",
     offsetof(fp_args, jitter)},
    {"--from", NULL, EG_CLI_TEXT, "S.npy", "a .npy file", "start from these states instead (one per row)",
     offsetof(fp_args, from)},
    {"--basis", NULL, EG_CLI_TEXT, "B.npy", "a .npy file",
     "read the points and their Jacobians in these memories (D x K, one per column)", offsetof(fp_args, basis)},
    {"--q-tol", NULL, EG_CLI_POSITIVE, "X", "a number", "largest q of a fixed point (default 1e-12)",
     offsetof(fp_args, q_tol)},
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

int eg_cli_fixed_points(int argc, char **argv);

const eg_cli_command eg_cli_cmd_fixed_points = {
    "fixed-points", "FILE", 1, 1, "weights file", "a weights file (.npz or .safetensors)",
    "fixed points of a trained cell ('engram help fixed-points')", fixed_points_options, eg_cli_fixed_points};

static int parse_args(int argc, char **argv, fp_args *a)
{
    *a = (fp_args){.cell = {.seed = 1}, .starts = 256, .steps = 1000, .q_tol = 1e-12};
    return eg_cell_args_parse(&eg_cli_cmd_fixed_points, argc, argv, a, &a->cell);
}

/* Writes the n × cols matrix a (row-major) as an array of rows. */
static void json_rows(eg_json *j, const double *a, size_t n, size_t cols)
{
    eg_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        eg_json_number_array(j, a + i * cols, cols);
    eg_json_end_array(j);
}

/* Point k: q, class, unstable, state, eigenvalues and the linearisation. */
static void json_point(eg_json *j, const eg_cell_fp *r, size_t k)
{
    static const double no_inputs[1] = {0}; /* rows of no values: nothing is read */
    const eg_map_fp_set *s = r->set;
    size_t n = r->n, m = r->m, K = r->k;
    eg_json_begin_object(j);
    eg_json_key(j, "q"), eg_json_number(j, s->q[k]);
    eg_json_key(j, "class"), eg_json_string(j, eg_map_class_name(s->cls[k]));
    eg_json_key(j, "unstable"), eg_json_uint(j, s->unstable[k]);
    eg_json_key(j, "state"), eg_json_number_array(j, s->points->data + k * n, n);
    eg_json_key(j, "eigenvalues");
    eg_json_begin_array(j);
    for (size_t i = 0; i < n; i++) {
        double z[2] = {s->eig_re->data[k * n + i], s->eig_im->data[k * n + i]};
        eg_json_number_array(j, z, 2);
    }
    eg_json_end_array(j);
    eg_json_key(j, "jacobian"), json_rows(j, r->jacobian->data + k * n * n, n, n);
    eg_json_key(j, "input_jacobian"), json_rows(j, m ? r->input_jacobian->data + k * n * m : no_inputs, n, m);
    if (K) {
        eg_json_key(j, "in_basis"), eg_json_number_array(j, r->in_basis->data + k * K, K);
        eg_json_key(j, "jacobian_in_basis"), json_rows(j, r->jacobian_in_basis->data + k * K * K, K, K);
    }
    eg_json_end_object(j);
}

static int print_json(const fp_args *a, const eg_cell *c, const double *u, const eg_cell_fp *r)
{
    const eg_map_fp_set *s = r->set;
    eg_json *j = eg_json_alloc_file(stdout, 1);
    if (!j)
        return EG_EXIT_INTERNAL;
    eg_json_begin_object(j);
    eg_cell_args_json_head(j, &a->cell, c, "fixed-points");
    eg_json_key(j, "hidden"), eg_json_uint(j, c->hidden);
    eg_json_key(j, "input"), eg_json_number_array(j, u, c->input);
    eg_json_key(j, "starts"), eg_json_uint(j, s->starts);
    eg_json_key(j, "converged"), eg_json_uint(j, s->converged);
    eg_json_key(j, "duplicates"), eg_json_uint(j, s->duplicates);
    eg_json_key(j, "outliers"), eg_json_uint(j, s->outliers);
    eg_json_key(j, "q_tol"), eg_json_number(j, a->q_tol);
    eg_json_key(j, "count"), eg_json_uint(j, s->count);
    eg_json_key(j, "stable"), eg_json_uint(j, r->stable);
    eg_json_key(j, "points");
    eg_json_begin_array(j);
    for (size_t k = 0; k < s->count; k++)
        json_point(j, r, k);
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

static void print_text(const fp_args *a, const eg_cell *c, const eg_cell_fp *r)
{
    const eg_map_fp_set *s = r->set;
    size_t n = s->n;
    printf("fixed points of %s (%s, %zu units): %zu from %zu starts, %zu stable (%zu converged, %zu duplicates, %zu "
           "outliers)\n",
           a->cell.file, eg_cell_kind_name(c->kind), c->hidden, s->count, s->starts, r->stable, s->converged,
           s->duplicates, s->outliers);
    for (size_t k = 0; k < s->count; k++) {
        double rad = hypot(s->eig_re->data[k * n], s->eig_im->data[k * n]);
        printf("  %zu: %s", k, eg_map_class_name(s->cls[k]));
        if (s->cls[k] == EG_MAP_SADDLE)
            printf(" of index %zu", s->unstable[k]);
        printf(", q %.3g, largest |lambda| %.6g\n", s->q[k], rad);
    }
}

/* Writes the results under -o DIR: the points, their eigenvalues and linearisations, and the figures. */
static int write_results(const fp_args *a, const eg_cell *c, const double *u, const eg_cell_fp *r)
{
    eg_report *result = NULL;
    eg_report *root = eg_cell_out_begin(&a->cell, c, u, 0, "fixed-points", &result);
    if (!root) {
        fprintf(stderr, "engram: error: out of memory while collecting results\n");
        return EG_EXIT_INTERNAL;
    }
    eg_error err;
    eg_status st = eg_cell_fp_report(r, a->q_tol, a->from == NULL, eg_cell_out_basename(a->cell.file), result, &err);
    int rc = EG_EXIT_OK;
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        rc = eg_status_exit_code(st);
    } else {
        rc = eg_cell_out_write(&a->cell, root);
    }
    eg_report_free(root);
    return rc;
}

/* The .npy files the command line names (--from, --basis), read for the analysis. */
static eg_status read_files(const fp_args *a, eg_matrix **from, eg_matrix **basis, eg_error *err)
{
    eg_status st = a->from ? eg_npy_read_matrix(a->from, from, err) : EG_OK;
    if (st == EG_OK && a->basis)
        st = eg_npy_read_matrix(a->basis, basis, err);
    return st;
}

int eg_cli_fixed_points(int argc, char **argv)
{
    fp_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != EG_EXIT_OK)
        return rc == EG_CLI_HELP ? EG_EXIT_OK : rc;
    eg_cell *c = NULL;
    double *u = NULL;
    if ((rc = eg_cell_args_load(&a.cell, &c, &u)) != EG_EXIT_OK)
        return rc;
    eg_matrix *from = NULL, *basis = NULL;
    eg_cell_fp *r = NULL;
    eg_error err;
    eg_status st = read_files(&a, &from, &basis, &err);
    eg_cell_fp_opts o = {.starts = (size_t)a.starts, .steps = (size_t)a.steps, .seed = (uint64_t)a.cell.seed,
                         .jitter = a.jitter, .q_tol = a.q_tol, .from = from, .from_name = a.from, .basis = basis,
                         .basis_name = a.basis, .keep_samples = a.cell.outdir != NULL};
    if (st == EG_OK)
        st = eg_cell_fixed_points(c, u, &o, &r, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        rc = st == EG_EPARSE ? EG_EXIT_IO : eg_status_exit_code(st);
    } else if (a.cell.outdir && (rc = write_results(&a, c, u, r)) != EG_EXIT_OK) {
        /* Nothing on stdout when the results could not be written. */
    } else if (a.cell.json) {
        rc = print_json(&a, c, u, r);
    } else {
        print_text(&a, c, r);
    }
    if (rc == EG_EXIT_OK && a.cell.plot)
        rc = eg_cli_render_plots(a.cell.outdir, a.cell.json ? NULL : stdout);
    eg_cell_fp_free(r);
    eg_matrix_free(from);
    eg_matrix_free(basis);
    free(u);
    eg_cell_free(c);
    return rc;
}
