/* cmd_fixed_points.c: `engram fixed-points FILE --layout L [--prefix P]
 * [--input VALUES] [--starts N] [--steps T] [--seed S] [--jitter X] [--q-tol X]
 * [--basis B.npy] [--json] [-o DIR [--plot]]`: the fixed points of a trained recurrent cell under a constant
 * input, read from the file its framework saved, without writing a model. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cli/cell_args.h"
#include "cli/cell_out.h"
#include "cli/cli.h"
#include "engram/cell.h"
#include "engram/emt.h"
#include "engram/json.h"
#include "engram/map_points.h"
#include "engram/npy.h"
#include "engram/rng.h"
#include "run/map_points_report.h"

/* `engram help fixed-points`: the method, and how starts are made. */
const char eg_cli_fixed_points_help[] =
    "engram fixed-points FILE --layout LAYOUT [options]\n"
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
    "unit circle), state, eigenvalues and input_jacobian (dF/du). With --basis\n"
    "B.npy (D x K, one memory per column) each point is also read in that basis:\n"
    "in_basis = B+ h and jacobian_in_basis = B+ (dF/dh) B, B+ the pseudo-inverse.\n"
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

/* Given starts: every row of a .npy file, as wide as the state. */
static eg_status given_starts(const eg_cell *c, const char *path, eg_matrix **out, eg_error *err)
{
    eg_status st = eg_npy_read_matrix(path, out, err);
    if (st == EG_OK && (*out)->cols != eg_cell_state_size(c)) {
        st = eg_error_set(err, EG_EPARSE, "%s: the starts have %zu columns; the cell's state has %zu", path,
                          (*out)->cols, eg_cell_state_size(c));
        eg_matrix_free(*out);
        *out = NULL;
    }
    return st;
}

/* The starts: given, or states of the cell driven by random ±1 pulses from
 * the zero state; jittered. With samples (not NULL), also the states they
 * were drawn from before the jitter: the trajectory, or the given states. */
static eg_status sample_starts(const eg_cell *c, const fp_args *a, eg_matrix **out, eg_matrix **samples,
                               eg_error *err)
{
    if (a->from) {
        eg_status st = given_starts(c, a->from, out, err);
        if (st == EG_OK && samples && !(*samples = eg_matrix_copy(*out)))
            st = eg_error_set(err, EG_ENOMEM, "out of memory for the starts");
        gsl_rng *r = st == EG_OK && a->jitter > 0 ? eg_rng_alloc((uint64_t)a->cell.seed, EG_RNG_INIT, 0) : NULL;
        for (size_t k = 0; r && k < (*out)->rows * (*out)->cols; k++)
            (*out)->data[k] += gsl_ran_gaussian_ziggurat(r, a->jitter);
        if (r)
            gsl_rng_free(r);
        return st;
    }
    size_t T = (size_t)a->steps, n = eg_cell_state_size(c), N = (size_t)a->starts;
    eg_matrix *u = eg_cell_pulses(T, c->input, 0.05, (uint64_t)a->cell.seed), *traj = NULL;
    eg_matrix *starts = eg_matrix_alloc(N, n);
    gsl_rng *r = eg_rng_alloc((uint64_t)a->cell.seed, EG_RNG_INIT, 0);
    eg_status st = u && starts && r ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps", T);
    if (st == EG_OK)
        st = eg_cell_run(c, u, &traj, err);
    for (size_t k = 0; st == EG_OK && k < N; k++) {
        memcpy(starts->data + k * n, traj->data + gsl_rng_uniform_int(r, T) * n, n * sizeof(double));
        for (size_t i = 0; a->jitter > 0 && i < n; i++)
            starts->data[k * n + i] += gsl_ran_gaussian_ziggurat(r, a->jitter);
    }
    eg_matrix_free(u);
    if (st == EG_OK && samples)
        *samples = traj;
    else
        eg_matrix_free(traj);
    if (r)
        gsl_rng_free(r);
    if (st != EG_OK) {
        eg_matrix_free(starts);
        return st;
    }
    *out = starts;
    return EG_OK;
}

/* A basis B (D × K) and its pseudo-inverse B⁺ (K × D), to read points in. */
typedef struct reading {
    eg_matrix *basis, *pinv;
} reading;

static eg_status load_basis(const eg_cell *c, const char *path, reading *r, eg_error *err)
{
    eg_status st = eg_npy_read_matrix(path, &r->basis, err);
    if (st == EG_OK && r->basis->rows != eg_cell_state_size(c))
        return eg_error_set(err, EG_EPARSE, "%s: the basis has %zu rows; the cell's state has %zu (one memory per column)",
                            path, r->basis->rows, eg_cell_state_size(c));
    if (st == EG_OK)
        st = eg_emt_pinv(r->basis, 0, &r->pinv, NULL, err);
    return st;
}

/* Writes the n × cols matrix a (row-major) as an array of rows. */
static void json_rows(eg_json *j, const double *a, size_t n, size_t cols)
{
    eg_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        eg_json_number_array(j, a + i * cols, cols);
    eg_json_end_array(j);
}

/* A point's linearisation: dF/du (n × m) and, with a basis, B⁺h (K) and
 * B⁺JB (K × K), J = dF/dh; pointers into the caller's work. */
typedef struct linearisation {
    const double *ju, *in_basis, *phi;
} linearisation;

/* The values of linearise's work: J, dF/du, F(h) then B⁺h, B⁺J and B⁺JB. */
static size_t linearise_work(const eg_cell *c, const reading *r)
{
    size_t n = eg_cell_state_size(c), K = r->basis ? r->basis->cols : 0;
    return n * n + n * c->input + (K > n ? K : n) + K * n + K * K;
}

/* The linearisation of the cell at h under u, using work (linearise_work values). */
static linearisation linearise(const eg_cell *c, const double *u, const double *h, const reading *r, double *work)
{
    size_t n = eg_cell_state_size(c), m = c->input, K = r->basis ? r->basis->cols : 0;
    double *jac = work, *ju = jac + n * n, *next = ju + n * m, *pj = next + (K > n ? K : n), *phi = pj + K * n;
    eg_cell_step(c, h, u, next, jac, ju);
    if (!K)
        return (linearisation){ju, NULL, NULL};
    const double *p = r->pinv->data, *b = r->basis->data;
    for (size_t k = 0; k < K; k++) { /* B⁺h where F(h) was */
        next[k] = 0;
        for (size_t i = 0; i < n; i++)
            next[k] += p[k * n + i] * h[i];
    }
    memset(pj, 0, K * n * sizeof *pj);
    memset(phi, 0, K * K * sizeof *phi);
    for (size_t k = 0; k < K; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t l = 0; l < n; l++)
                pj[k * n + l] += p[k * n + i] * jac[i * n + l];
    for (size_t k = 0; k < K; k++)
        for (size_t l = 0; l < n; l++)
            for (size_t q = 0; q < K; q++)
                phi[k * K + q] += pj[k * n + l] * b[l * K + q];
    return (linearisation){ju, next, phi};
}

/* A point's input Jacobian dF/du and, with a basis, B⁺h and B⁺JB, using
 * work (linearise_work values). */
static void json_linearisation(eg_json *j, const eg_cell *c, const double *u, const double *h, const reading *r,
                               double *work)
{
    size_t n = eg_cell_state_size(c), m = c->input, K = r->basis ? r->basis->cols : 0;
    linearisation l = linearise(c, u, h, r, work);
    eg_json_key(j, "input_jacobian"), json_rows(j, l.ju, n, m);
    if (!K)
        return;
    eg_json_key(j, "in_basis"), eg_json_number_array(j, l.in_basis, K);
    eg_json_key(j, "jacobian_in_basis"), json_rows(j, l.phi, K, K);
}

typedef struct under_input {
    const eg_cell *cell;
    const double *u;
} under_input;

static void eval_under_input(const void *ctx, const double *h, double *next, double *jac)
{
    const under_input *x = ctx;
    eg_cell_step(x->cell, h, x->u, next, jac, NULL);
}

static size_t count_stable(const eg_map_fp_set *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->count; i++)
        k += s->cls[i] == EG_MAP_STABLE;
    return k;
}

static int print_json(const fp_args *a, const eg_cell *c, const double *u, const eg_map_fp_set *s,
                      const reading *r)
{
    size_t n = s->n;
    eg_json *j = eg_json_alloc_file(stdout, 1);
    double *work = malloc(linearise_work(c, r) * sizeof *work);
    if (!j || !work) {
        eg_json_free(j);
        free(work);
        return EG_EXIT_INTERNAL;
    }
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
    eg_json_key(j, "stable"), eg_json_uint(j, count_stable(s));
    eg_json_key(j, "points");
    eg_json_begin_array(j);
    for (size_t k = 0; k < s->count; k++) {
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
        json_linearisation(j, c, u, s->points->data + k * n, r, work);
        eg_json_end_object(j);
    }
    eg_json_end_array(j);
    eg_json_end_object(j);
    eg_error err;
    eg_status st = eg_json_finish(j, &err);
    eg_json_free(j);
    free(work);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: writing the result: %s\n", err.msg);
        return EG_EXIT_IO;
    }
    return EG_EXIT_OK;
}

static void print_text(const fp_args *a, const eg_cell *c, const eg_map_fp_set *s)
{
    size_t n = s->n;
    printf("fixed points of %s (%s, %zu units): %zu from %zu starts, %zu stable (%zu converged, %zu duplicates, %zu "
           "outliers)\n",
           a->cell.file, eg_cell_kind_name(c->kind), c->hidden, s->count, s->starts, count_stable(s), s->converged,
           s->duplicates, s->outliers);
    for (size_t k = 0; k < s->count; k++) {
        double r = hypot(s->eig_re->data[k * n], s->eig_im->data[k * n]);
        printf("  %zu: %s", k, eg_map_class_name(s->cls[k]));
        if (s->cls[k] == EG_MAP_SADDLE)
            printf(" of index %zu", s->unstable[k]);
        printf(", q %.3g, largest |lambda| %.6g\n", s->q[k], r);
    }
}

/* The points' linearisations as matrices, the points stacked: "input_jacobians"
 * (count·n × m) and, with a basis, "in_basis" (count × K) and
 * "jacobians_in_basis" (count·K × K). */
static void add_linearisations(eg_report *result, const eg_cell *c, const double *u, const eg_map_fp_set *s,
                               const reading *r)
{
    size_t n = s->n, m = c->input, K = r->basis ? r->basis->cols : 0;
    double *work = malloc(linearise_work(c, r) * sizeof *work);
    eg_matrix *ju = eg_matrix_alloc(s->count * n, m);
    eg_matrix *bh = K ? eg_matrix_alloc(s->count, K) : NULL, *phi = K ? eg_matrix_alloc(s->count * K, K) : NULL;
    if (work && ju && (!K || (bh && phi)))
        for (size_t k = 0; k < s->count; k++) {
            linearisation l = linearise(c, u, s->points->data + k * n, r, work);
            memcpy(ju->data + k * n * m, l.ju, n * m * sizeof *l.ju);
            if (K) {
                memcpy(bh->data + k * K, l.in_basis, K * sizeof *l.in_basis);
                memcpy(phi->data + k * K * K, l.phi, K * K * sizeof *l.phi);
            }
        }
    else
        eg_matrix_free(ju), eg_matrix_free(bh), eg_matrix_free(phi), ju = bh = phi = NULL;
    free(work);
    eg_report_add_matrix(result, "input_jacobians", ju); /* NULL marks the result failed */
    if (K) {
        eg_report_add_matrix(result, "in_basis", bh);
        eg_report_add_matrix(result, "jacobians_in_basis", phi);
    }
}

/* Writes the results under -o DIR: the points, their eigenvalues and linearisations, and the figures. */
static int write_results(const fp_args *a, const eg_cell *c, const double *u, const eg_map_fp_set *s,
                         const eg_matrix *samples, const reading *r)
{
    eg_report *result = NULL;
    eg_report *root = eg_cell_out_begin(&a->cell, c, u, 0, "fixed-points", &result);
    if (!root) {
        fprintf(stderr, "engram: error: out of memory while collecting results\n");
        return EG_EXIT_INTERNAL;
    }
    eg_report_add_integer(result, "starts", (long long)s->starts);
    eg_report_add_integer(result, "converged", (long long)s->converged);
    eg_report_add_integer(result, "duplicates", (long long)s->duplicates);
    eg_report_add_integer(result, "outliers", (long long)s->outliers);
    eg_report_add_number(result, "q_tol", a->q_tol);
    eg_map_points_request req = {s, samples, a->from == NULL, eg_cell_out_basename(a->cell.file)};
    eg_error err;
    eg_status st = eg_map_points_report(&req, result, &err);
    if (st == EG_OK)
        add_linearisations(result, c, u, s, r);
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
    eg_matrix *starts = NULL, *samples = NULL;
    eg_map_fp_set *set = NULL;
    under_input ctx = {c, u};
    eg_map map = {eg_cell_state_size(c), eval_under_input, &ctx};
    eg_map_fp_opts o = eg_map_fp_opts_default();
    o.q_tol = a.q_tol;
    eg_error err;
    reading basis = {NULL, NULL};
    eg_status st = a.basis ? load_basis(c, a.basis, &basis, &err) : EG_OK;
    if (st == EG_OK)
        st = sample_starts(c, &a, &starts, a.cell.outdir ? &samples : NULL, &err);
    if (st == EG_OK)
        st = eg_map_fixed_points(&map, starts, &o, &set, &err);
    if (st != EG_OK) {
        fprintf(stderr, "engram: error: %s\n", err.msg);
        rc = st == EG_EPARSE ? EG_EXIT_IO : eg_status_exit_code(st);
    } else if (a.cell.outdir && (rc = write_results(&a, c, u, set, samples, &basis)) != EG_EXIT_OK) {
        /* Nothing on stdout when the results could not be written. */
    } else if (a.cell.json) {
        rc = print_json(&a, c, u, set, &basis);
    } else {
        print_text(&a, c, set);
    }
    if (rc == EG_EXIT_OK && a.cell.plot)
        rc = eg_cli_render_plots(a.cell.outdir, a.cell.json ? NULL : stdout);
    eg_map_fp_set_free(set);
    eg_matrix_free(starts);
    eg_matrix_free(samples);
    eg_matrix_free(basis.basis);
    eg_matrix_free(basis.pinv);
    free(u);
    eg_cell_free(c);
    return rc;
}
