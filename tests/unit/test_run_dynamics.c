/* test_run_dynamics.c: continuous-time models run through the run layer
 * (check + run, no CLI): the autapse against its closed forms, inputs and cues
 * against their integrals, fixed points, the Hopfield energy, the DSEM
 * reference run, and the errors of bad models. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/npy.h"
#include "lang/parse.h"
#include "run/run.h"

typedef struct ran {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    eg_model *model;
    eg_program *prog;
    eg_report *report;
    eg_status st; /* EG_EMODEL when the check failed */
} ran;

static void ran_free(ran *r)
{
    eg_report_free(r->report);
    eg_model_free(r->model);
    eg_program_free(r->prog);
    eg_ast_free(r->ast);
    eg_diag_list_free(&r->diags);
    eg_source_set_free(&r->sources);
    free(r);
}

/* Parses, checks and runs a model given as text or as a file under models/. */
static ran *run_model(const char *text, const char *file, const eg_override *ov, size_t nov, int keep_partial)
{
    ran *r = calloc(1, sizeof *r);
    assert_non_null(r);
    eg_source_set_init(&r->sources);
    eg_diag_list_init(&r->diags);
    if (file) {
        char path[1024];
        snprintf(path, sizeof path, "%s/models/dynamics/%s", ENGRAM_SOURCE_DIR, file);
        r->ast = eg_parse_file(&r->sources, path, &r->diags);
    } else {
        r->ast = eg_parse_text(&r->sources, "test.engram", text, strlen(text), &r->diags);
    }
    assert_non_null(r->ast);
    assert_int_equal(r->diags.errors, 0);
    r->model = eg_model_check(r->ast, eg_kind_schemas(), ov, nov, &r->diags);
    if (!r->model) {
        r->st = EG_EMODEL;
        return r;
    }
    eg_run_options opt = {.threads = 1, .keep_partial = keep_partial};
    /* The program owns the model from here on. */
    r->prog = eg_program_compile(r->model, &r->diags);
    r->model = NULL;
    if (!r->prog) {
        r->st = EG_EMODEL;
        return r;
    }
    r->st = eg_run_model(r->prog, &opt, &r->report, &r->diags);
    return r;
}

static ran *run_ok(const char *text, const char *file)
{
    ran *r = run_model(text, file, NULL, 0, 0);
    if (r->st != EG_OK)
        for (size_t i = 0; i < r->diags.count; i++)
            print_message("unexpected: %d:%d: %s\n", r->diags.items[i].loc.line, r->diags.items[i].loc.col,
                          r->diags.items[i].message);
    assert_int_equal(r->st, EG_OK);
    return r;
}

/* Runs a bad model and checks the status and that the first error contains want
 * at the given line (0: any line). */
static void run_bad(const char *text, eg_status status, const char *want, int line)
{
    ran *r = run_model(text, NULL, NULL, 0, 0);
    if (r->st != status || r->diags.errors == 0 || !strstr(r->diags.items[0].message, want))
        for (size_t i = 0; i < r->diags.count; i++)
            print_message("got: %d:%d: %s\n", r->diags.items[i].loc.line, r->diags.items[i].loc.col,
                          r->diags.items[i].message);
    assert_int_equal(r->st, status);
    assert_null(r->report);
    assert_true(r->diags.errors > 0);
    assert_non_null(strstr(r->diags.items[0].message, want));
    if (line)
        assert_int_equal(r->diags.items[0].loc.line, line);
    ran_free(r);
}

static const eg_report *result(const ran *r, size_t i)
{
    const eg_report *results = eg_report_get(r->report, "results");
    assert_non_null(results);
    assert_true(i < results->n);
    return results->kids[i];
}

static const eg_matrix *matrix(const eg_report *res, const char *key)
{
    const eg_report *m = eg_report_get(res, key);
    assert_non_null(m);
    assert_int_equal(m->kind, EG_REPORT_MATRIX);
    return m->matrix;
}

static double number(const eg_report *res, const char *key)
{
    const eg_report *m = eg_report_get(res, key);
    assert_non_null(m);
    return m->kind == EG_REPORT_NUMBER ? m->number : (double)m->integer;
}

/* The largest relative error of a recorded 1-unit trajectory against a closed form. */
static double max_rel_error(const eg_report *res, double (*exact)(double t, double w), double w)
{
    const eg_matrix *t = matrix(res, "times"), *x = matrix(res, "states");
    double worst = 0;
    for (size_t k = 0; k < t->rows; k++) {
        double want = exact(t->data[k], w), got = x->data[k];
        double e = fabs(got - want) / fmax(fabs(want), 1e-300);
        if (want == 0.0)
            e = fabs(got) > 1e-15 ? 1.0 : 0.0;
        if (e > worst)
            worst = e;
    }
    return worst;
}

/* τ x' = −x + w x from x(0) = 1 (τ = 1): x = exp((w − 1) t) (SCIENCE.md §1). */
static double free_autapse(double t, double w)
{
    return exp((w - 1.0) * t);
}

/* The same from rest with a unit pulse on [1, 2). */
static double pulsed_autapse(double t, double w)
{
    double a = w - 1.0;
    double rise = a == 0.0 ? 1.0 : (exp(a) - 1.0) / a; /* x(2) */
    if (t <= 1.0)
        return 0.0;
    if (t <= 2.0)
        return a == 0.0 ? t - 1.0 : (exp(a * (t - 1.0)) - 1.0) / a;
    return rise * exp(a * (t - 2.0));
}

static void test_autapse_regimes(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "autapse-regimes.engram");
    const double w[3] = {0.5, 1.0, 1.5};
    for (size_t i = 0; i < 3; i++) {
        double ef = max_rel_error(result(r, i), free_autapse, w[i]);
        double ep = max_rel_error(result(r, 3 + i), pulsed_autapse, w[i]);
        print_message("autapse w = %.1f: max relative error %.2e (free), %.2e (pulse)\n", w[i], ef, ep);
        assert_true(ef < 1e-8);
        assert_true(ep < 1e-8);
    }
    /* Decay, integration and growth after the pulse: x(10) against x(2). */
    double x2[3], x10[3];
    for (size_t i = 0; i < 3; i++) {
        const eg_matrix *x = matrix(result(r, 3 + i), "states");
        x2[i] = x->data[20];
        x10[i] = x->data[100];
    }
    assert_true(x10[0] < 0.1 * x2[0]);             /* forgets */
    assert_true(fabs(x10[1] - 1.0) < 1e-10);        /* holds the pulse's area */
    assert_true(x10[2] > 10.0 * x2[2]);             /* grows */
    /* The recorded input is the pulse. */
    const eg_matrix *in = matrix(result(r, 4), "input");
    assert_true(in->data[5] == 0.0 && in->data[10] == 1.0 && in->data[15] == 1.0 && in->data[20] == 0.0);
    ran_free(r);
}

/* Every stepper by name (GSL's and engram's dopri5) reproduces the pulsed
 * leaky autapse; the implicit ones use the analytic Jacobian, or central
 * differences of an expression. */
static void test_every_stepper(void **state)
{
    (void)state;
    static const char *const methods[] = {"rk2",    "rk4",    "rkf45", "rkck",    "rk8pd", "dopri5", "rk1imp",
                                          "rk2imp", "rk4imp", "bsimp", "msadams", "msbdf", NULL};
    for (size_t i = 0; methods[i]; i++) {
        for (int user = 0; user < 2; user++) {
            char text[1024];
            /* Implicit Euler is first order: rtol 1e-10 would take 3·10^5 steps. */
            int euler = strcmp(methods[i], "rk1imp") == 0;
            snprintf(text, sizeof text,
                     "network n { units = 1; state = rate; weights = [[0.5]]; activation = %s }\n"
                     "simulate s { network = n; time = 0 .. 5; method = %s; rtol = %s; atol = 1e-12;"
                     " input = pulse(at = 1, width = 1); record = every(0.25) }\n",
                     user ? "expr(\"x\")" : "linear", methods[i], euler ? "1e-7" : "1e-10");
            ran *r = run_ok(text, NULL);
            double e = max_rel_error(result(r, 0), pulsed_autapse, 0.5);
            print_message("%-8s (%s): max relative error %.2e\n", methods[i], user ? "expr  " : "linear", e);
            assert_true(e < (euler ? 1e-3 : 1e-6));
            assert_string_equal(eg_report_get(result(r, 0), "method")->string, methods[i]);
            ran_free(r);
        }
    }
}

/* The sweep model: every point of `sweep lambda in [0.5, 1.0, 1.5]`. */
static void test_autapse_sweep_points(void **state)
{
    (void)state;
    const double w[3] = {0.5, 1.0, 1.5};
    for (size_t i = 0; i < 3; i++) {
        eg_value *v = eg_value_number(NULL, (eg_loc){NULL, 0, 0}, w[i]);
        eg_override ov = {"lambda", v};
        ran *r = run_model(NULL, "autapse-sweep.engram", &ov, 1, 0);
        assert_int_equal(r->st, EG_OK);
        double e = max_rel_error(result(r, 0), pulsed_autapse, w[i]);
        print_message("sweep lambda = %.1f: max relative error %.2e (rtol 1e-9)\n", w[i], e);
        assert_true(e < 1e-7);
        ran_free(r);
        eg_value_free(v);
    }
}

/* x* = 2 tanh(x*) (scipy brentq). */
static const double XSTAR = 1.9150080481545375;

static void test_saturating_autapse(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "saturating-autapse.engram");
    const eg_report *fp = result(r, 0);
    assert_int_equal((int)number(fp, "count"), 3);
    assert_int_equal((int)number(fp, "stable"), 2);
    const eg_report *list = eg_report_get(fp, "fixed_points");
    int seen = 0;
    for (size_t k = 0; k < list->n; k++) {
        double x = eg_report_get(list->kids[k], "state")->kids[0]->number;
        const char *cls = eg_report_get(list->kids[k], "class")->string;
        if (fabs(x) < 1e-9) {
            assert_string_equal(cls, "unstable node");
            seen |= 1;
        } else {
            assert_true(fabs(fabs(x) - XSTAR) < 1e-10);
            assert_string_equal(cls, "stable node");
            seen |= x > 0 ? 2 : 4;
        }
    }
    assert_int_equal(seen, 7);
    const eg_matrix *up = matrix(result(r, 1), "states"), *down = matrix(result(r, 2), "states");
    assert_true(fabs(up->data[up->rows - 1] - XSTAR) < 1e-7);
    assert_true(fabs(down->data[down->rows - 1] + XSTAR) < 1e-7);
    ran_free(r);
}

static double sigmoid4(double u)
{
    return 1.0 / (1.0 + exp(-4.0 * (u - 0.5)));
}

/* Random and given starts find the three fixed points of x' = −x + 2 tanh x. */
static void test_fixed_point_starts(void **state)
{
    (void)state;
    ran *r = run_ok("network sat { units = 1; state = rate; weights = [[2]]; activation = tanh }\n"
                    "analyze fixed_points { network = sat; starts = random(count = 30, seed = 1, box = -3 .. 3) }\n"
                    "analyze fixed_points { network = sat; starts = [[-2.5], [0.2], [2.5], [2.4]] }\n",
                    NULL);
    for (size_t i = 0; i < 2; i++) {
        const eg_report *fp = result(r, i);
        assert_int_equal((int)number(fp, "count"), 3);
        assert_int_equal((int)number(fp, "stable"), 2);
        const eg_matrix *pts = matrix(fp, "points"), *re = matrix(fp, "eig_re");
        for (size_t k = 0; k < 3; k++) {
            double x = pts->data[k];
            assert_true(fabs(x) < 1e-9 || fabs(fabs(x) - XSTAR) < 1e-10);
            /* J = −1 + 2 (1 − tanh² x) */
            assert_true(fabs(re->data[k] - (-1 + 2 * (1 - tanh(x) * tanh(x)))) < 1e-9);
        }
    }
    assert_int_equal((int)number(result(r, 0), "starts"), 30);
    assert_int_equal((int)number(result(r, 1), "starts"), 4);
    ran_free(r);
    /* Three uncoupled saturating autapses: 3^3 fixed points; the unstable
     * dimension of each is the number of its units at 0. */
    r = run_ok("network n { units = 3; state = rate; weights = [[2, 0, 0], [0, 2, 0], [0, 0, 2]]; activation = tanh }\n"
               "analyze fixed_points { network = n; starts = grid(-3 .. 3, 7) }\n",
               NULL);
    const eg_report *fp = result(r, 0);
    assert_int_equal((int)number(fp, "count"), 27);
    assert_int_equal((int)number(fp, "stable"), 8);
    assert_int_equal((int)number(fp, "saddles"), 18);
    const eg_report *list = eg_report_get(fp, "fixed_points");
    for (size_t k = 0; k < list->n; k++) {
        const eg_report *x = eg_report_get(list->kids[k], "state");
        long long zeros = 0;
        for (size_t i = 0; i < 3; i++)
            zeros += fabs(x->kids[i]->number) < 1e-9;
        assert_int_equal(eg_report_get(list->kids[k], "unstable_dim")->integer, zeros);
    }
    ran_free(r);
}

/* The same Hopfield network with W in double and as float (precision = single)
 * recalls the same episode along trajectories that agree to float rounding. */
static void test_single_precision_weights(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "hopfield-single.engram");
    const eg_matrix *xd = matrix(result(r, 0), "states"), *xs = matrix(result(r, 1), "states");
    assert_int_equal(xd->rows, xs->rows);
    assert_int_equal(xd->cols, 200);
    double diff = 0.0, scale = 0.0;
    for (size_t k = 0; k < xd->rows * xd->cols; k++) {
        diff = fmax(diff, fabs(xd->data[k] - xs->data[k]));
        scale = fmax(scale, fabs(xd->data[k]));
    }
    print_message("single vs double weights: max |x_single - x_double| = %.2e (max |x| %.2f)\n", diff, scale);
    assert_true(diff > 0.0); /* the float product is in use */
    assert_true(diff < 1e-5 * scale);
    const eg_matrix *m = matrix(result(r, 1), "overlaps");
    assert_true(m->data[(m->rows - 1) * m->cols + 1] > 0.99);
    ran_free(r);
}

static void test_decision_circuit(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "decision.engram");
    /* The unit with the larger input wins. */
    const eg_matrix *x = matrix(result(r, 0), "states");
    double r0 = x->data[(x->rows - 1) * 2], r1 = x->data[(x->rows - 1) * 2 + 1];
    print_message("decision: final rates %.4f, %.4f\n", r0, r1);
    assert_true(r0 > 0.9 && r1 < 0.1);
    /* At the end it is a fixed point of τ r' = −r + φ(W r + I). */
    assert_true(fabs(-r0 + sigmoid4(1.2 * r0 - r1 + 0.52)) < 1e-6);
    assert_true(fabs(-r1 + sigmoid4(-r0 + 1.2 * r1 + 0.48)) < 1e-6);
    const eg_report *fp = result(r, 1);
    assert_int_equal((int)number(fp, "count"), 3);
    assert_int_equal((int)number(fp, "stable"), 2);
    assert_int_equal((int)number(fp, "saddles"), 1);
    const eg_matrix *pts = matrix(fp, "points");
    for (size_t k = 0; k < pts->rows; k++) {
        double a = pts->data[2 * k], b = pts->data[2 * k + 1];
        assert_true(fabs(-a + sigmoid4(1.2 * a - b + 0.5)) < 1e-9);
        assert_true(fabs(-b + sigmoid4(-a + 1.2 * b + 0.5)) < 1e-9);
    }
    /* Phase plane: the field on the grid and points on the nullclines. */
    const eg_report *pp = result(r, 2);
    const eg_matrix *field = matrix(pp, "field"), *nc = matrix(pp, "nullcline_x");
    assert_int_equal(field->rows, 21 * 21);
    assert_int_equal(field->cols, 4);
    for (size_t k = 0; k < field->rows; k++) {
        const double *row = field->data + 4 * k;
        assert_true(fabs(row[2] - (-row[0] + sigmoid4(1.2 * row[0] - row[1] + 0.5)) / 10.0) < 1e-12);
    }
    assert_true(nc->rows > 10);
    for (size_t k = 0; k < nc->rows; k++) {
        double a = nc->data[2 * k], b = nc->data[2 * k + 1];
        assert_true(fabs(-a + sigmoid4(1.2 * a - b + 0.5)) < 1e-9);
    }
    ran_free(r);
}

static void test_hopfield_energy(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "hopfield-continuous.engram");
    const eg_report *s = result(r, 0);
    assert_true(eg_report_get(s, "converged")->integer);
    const eg_matrix *E = matrix(s, "energy"), *ov = matrix(s, "overlaps");
    for (size_t k = 1; k < E->rows; k++)
        assert_true(E->data[k] <= E->data[k - 1] + 1e-9 * fabs(E->data[k - 1]));
    assert_true(E->data[E->rows - 1] < E->data[0]);
    /* Recalls the cued episode: m_1 is the largest overlap at the end and close to that of the fixed point. */
    const double *last = ov->data + (ov->rows - 1) * ov->cols;
    print_message("hopfield: energy %.4f -> %.4f, final overlaps %.3f %.3f %.3f\n", E->data[0],
                  E->data[E->rows - 1], last[0], last[1], last[2]);
    assert_true(last[1] > 0.9 && fabs(last[0]) < last[1] && fabs(last[2]) < last[1]);
    assert_true(ov->data[1] < last[1]); /* the cue started further away */
    ran_free(r);
}

static void test_dsem_reference(void **state)
{
    (void)state;
    ran *r = run_ok(NULL, "dsem.engram");
    const eg_report *s = result(r, 0);
    const eg_report *visits = eg_report_get(s, "visits");
    assert_true(visits->n >= 8);
    const long long want[4] = {4, 5, 6, 3};
    for (size_t i = 0; i < visits->n; i++)
        assert_int_equal(eg_report_get(visits->kids[i], "memory")->integer, want[i % 4]);
    double mean = number(s, "mean_dwell");
    print_message("dsem: %zu visits, mean dwell %.3f\n", visits->n, mean);
    assert_true(mean > 4.2 && mean < 5.2);
    assert_int_equal(matrix(s, "states")->cols, 200);
    assert_int_equal(matrix(s, "overlaps")->cols, 7);
    ran_free(r);
}

/* A perfect integrator (w = 1) turns each input into its integral. */
static void test_inputs_integrated(void **state)
{
    (void)state;
    ran *r = run_ok("network n { units = 2; state = rate; weights = [[1, 0], [0, 1]] }\n"
                    "simulate a { network = n; time = 0 .. 4; rtol = 1e-12; atol = 1e-14; record = every(0.5)\n"
                    "  input = step(at = 1, amplitude = [1, 2]) }\n"
                    "simulate b { network = n; time = 0 .. 4; rtol = 1e-12; atol = 1e-14; record = every(0.5)\n"
                    "  input = [ramp(at = 1, slope = 0.5, duration = 2), sine(freq = 0.25, amplitude = [1, -1])] }\n"
                    "simulate c { network = n; time = 0 .. 4; rtol = 1e-12; atol = 1e-14; record = every(0.5)\n"
                    "  input = table(times = [0, 2], values = [0, 2]) }\n",
                    NULL);
    const eg_matrix *a = matrix(result(r, 0), "states"), *b = matrix(result(r, 1), "states");
    const eg_matrix *c = matrix(result(r, 2), "states"), *t = matrix(result(r, 0), "times");
    const double pi = 3.14159265358979323846;
    for (size_t k = 0; k < t->rows; k++) {
        double tt = t->data[k];
        double step = tt > 1 ? tt - 1 : 0;
        assert_true(fabs(a->data[2 * k] - step) < 1e-9 && fabs(a->data[2 * k + 1] - 2 * step) < 1e-9);
        /* ramp 0.5 (t − 1) on [1, 3], then held at 1 */
        double u = tt < 1 ? 0 : tt < 3 ? 0.25 * (tt - 1) * (tt - 1) : 1.0 + (tt - 3);
        double sine = (1 - cos(2 * pi * 0.25 * tt)) / (2 * pi * 0.25);
        assert_true(fabs(b->data[2 * k] - (u + sine)) < 1e-9);
        assert_true(fabs(b->data[2 * k + 1] - (u - sine)) < 1e-9);
        /* table: p(t) = t up to 2, then 2 */
        double tab = tt < 2 ? 0.5 * tt * tt : 2 + 2 * (tt - 2);
        assert_true(fabs(c->data[2 * k] - tab) < 1e-9);
    }
    ran_free(r);
}

/* Per-unit τ, a drive cue and a clamp cue against their closed forms. */
static void test_tau_and_cues(void **state)
{
    (void)state;
    ran *r = run_ok("network n { units = 2; state = rate; tau = [1, 2] }\n"
                    "network m { units = 1; state = rate; weights = [[0.5]] }\n"
                    "simulate a { network = n; time = 0 .. 3 step 0.25; init = [1, 1]; rtol = 1e-12; atol = 1e-14 }\n"
                    "simulate d { network = m; time = 0 .. 3; cue = drive([1], gain = 1); rtol = 1e-12; atol = 1e-14 }\n"
                    "simulate c { network = m; time = 0 .. 5; cue = clamp([0.8], from = 0, to = 2); rtol = 1e-12;"
                    " atol = 1e-14; record = every(0.5) }\n"
                    "network l { units = 2; state = rate; leak = [1, 3]; bias = [0, 3] }\n"
                    "simulate e { network = l; time = 0 .. 3; init = [1, 0]; rtol = 1e-12; atol = 1e-14 }\n",
                    NULL);
    const eg_matrix *t = matrix(result(r, 0), "times"), *a = matrix(result(r, 0), "states");
    assert_int_equal(t->rows, 13); /* 0, 0.25, ..., 3 */
    for (size_t k = 0; k < t->rows; k++) {
        assert_true(fabs(a->data[2 * k] - exp(-t->data[k])) < 1e-10);
        assert_true(fabs(a->data[2 * k + 1] - exp(-t->data[k] / 2)) < 1e-10);
    }
    /* x' = −x + 0.5 x + (1 − x): x = (2/3)(1 − e^{−1.5 t}) */
    const eg_matrix *d = matrix(result(r, 1), "states"), *td = matrix(result(r, 1), "times");
    for (size_t k = 0; k < td->rows; k++)
        assert_true(fabs(d->data[k] - (2.0 / 3.0) * (1 - exp(-1.5 * td->data[k]))) < 1e-10);
    /* Held at 0.8 until t = 2, then x = 0.8 e^{−(t − 2)/2}. */
    const eg_matrix *c = matrix(result(r, 2), "states"), *tc = matrix(result(r, 2), "times");
    for (size_t k = 0; k < tc->rows; k++) {
        double tt = tc->data[k];
        double want = tt < 2 ? 0.8 : 0.8 * exp(-(tt - 2) / 2);
        assert_true(fabs(c->data[k] - want) < 1e-10);
    }
    /* Per-unit leak and bias: x_0 = e^{−t}, x_1 = 1 − e^{−3t}. */
    const eg_matrix *e = matrix(result(r, 3), "states"), *te = matrix(result(r, 3), "times");
    for (size_t k = 0; k < te->rows; k++) {
        assert_true(fabs(e->data[2 * k] - exp(-te->data[k])) < 1e-10);
        assert_true(fabs(e->data[2 * k + 1] - (1 - exp(-3 * te->data[k]))) < 1e-10);
    }
    ran_free(r);
}

/* An expression activation matches the built-in one; the rate form's fixed point. */
static void test_expression_activation_and_rate_form(void **state)
{
    (void)state;
    ran *r = run_ok("network a { units = 1; state = rate; weights = [[2]]; activation = tanh }\n"
                    "network b { units = 1; state = rate; weights = [[2]]; activation = expr(\"tanh(x)\") }\n"
                    "network c { units = 1; state = rate; weights = [[2]]; activation = expr(\"x / (1 + abs(x))\") }\n"
                    "network d { units = 1; state = rate; form = rate; weights = [[0.5]]; bias = 0.3;"
                    " activation = tanh(gain = 2) }\n"
                    "simulate sa { network = a; time = 0 .. 5; init = 0.1; rtol = 1e-12; atol = 1e-14 }\n"
                    "simulate sb { network = b; time = 0 .. 5; init = 0.1; rtol = 1e-12; atol = 1e-14 }\n"
                    "simulate sc { network = c; time = 0 .. 60; init = 0.1; stop = converge(tol = 1e-12) }\n"
                    "simulate sd { network = d; time = 0 .. 60; stop = converge(tol = 1e-12) }\n"
                    "analyze fixed_points { network = c; starts = grid(-3 .. 3, 7) }\n",
                    NULL);
    const eg_matrix *xa = matrix(result(r, 0), "states"), *xb = matrix(result(r, 1), "states");
    assert_int_equal(xa->rows, xb->rows);
    for (size_t k = 0; k < xa->rows; k++)
        assert_true(fabs(xa->data[k] - xb->data[k]) < 1e-12);
    /* x = 2 x / (1 + |x|): x* = 1 */
    const eg_matrix *xc = matrix(result(r, 2), "states");
    assert_true(fabs(xc->data[xc->rows - 1] - 1.0) < 1e-9);
    assert_true(eg_report_get(result(r, 2), "converged")->integer);
    /* r = tanh(2 (0.5 r + 0.3)) */
    const eg_matrix *xd = matrix(result(r, 3), "states");
    double rs = xd->data[xd->rows - 1];
    assert_true(fabs(rs - tanh(2 * (0.5 * rs + 0.3))) < 1e-10);
    /* Fixed points of x' = −x + 2x/(1+|x|): −1, 0 (unstable), 1; the Jacobian by central differences. */
    const eg_report *fp = result(r, 4);
    assert_int_equal((int)number(fp, "count"), 3);
    assert_int_equal((int)number(fp, "stable"), 2);
    ran_free(r);
}

/* In rate form with W = 0 the fixed point is r* = φ(b): each activation by its formula. */
static void test_activations_by_formula(void **state)
{
    (void)state;
    static const struct {
        const char *act;
        double b, want;
    } cases[] = {
        {"linear", 0.3, 0.3},
        {"tanh(gain = 2, threshold = 0.1)", 0.3, 0.379948962255225}, /* tanh(0.4) */
        {"sigmoid(gain = 4, threshold = 0.5)", 0.7, 0.6899744811276125}, /* 1/(1+e^{-0.8}) */
        {"relu(threshold = 0.2, gain = 2)", 0.7, 1.0},
        {"relu(threshold = 0.2, gain = 2)", 0.1, 0.0},
        {"threshold_linear(threshold = 0, saturation = 0.5)", 0.8, 0.5},
        {"threshold_linear(threshold = 0.1, saturation = 0.5)", 0.3, 0.2},
        {"softplus(gain = 2)", 0.3, 1.0374879504858856}, /* log(1 + e^{0.6}) */
        {"expr(\"x^2 + sin(pi * x)\")", 0.5, 1.25},
        {"expr(\"min(x, 0.2) - -max(0, x - 1)\")", 0.5, 0.2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "network n { units = 1; state = rate; form = rate; bias = %g; activation = %s }\n"
                 "simulate s { network = n; time = 0 .. 100; stop = converge(tol = 1e-12) }\n",
                 cases[i].b, cases[i].act);
        ran *r = run_ok(text, NULL);
        const eg_matrix *x = matrix(result(r, 0), "states");
        double got = x->data[x->rows - 1];
        if (fabs(got - cases[i].want) > 1e-10)
            print_message("%s at %g: %.15g, want %.15g\n", cases[i].act, cases[i].b, got, cases[i].want);
        assert_true(fabs(got - cases[i].want) < 1e-10);
        ran_free(r);
    }
}

static void test_noise_reproducible(void **state)
{
    (void)state;
    const char *text = "network n { units = 2; state = rate; weights = [[0.5, 0], [0, 0.5]] }\n"
                       "simulate a { network = n; time = 0 .. 1; step = 0.01; noise = 0.1; seed = 4 }\n"
                       "simulate b { network = n; time = 0 .. 1; step = 0.01; noise = [0.1, 0.1]; seed = 4 }\n"
                       "simulate c { network = n; time = 0 .. 1; step = 0.01; noise = 0.1; seed = 5 }\n";
    ran *r = run_ok(text, NULL);
    const eg_matrix *a = matrix(result(r, 0), "states"), *b = matrix(result(r, 1), "states");
    const eg_matrix *c = matrix(result(r, 2), "states");
    assert_int_equal(a->rows, b->rows);
    assert_memory_equal(a->data, b->data, a->rows * a->cols * sizeof(double));
    assert_true(memcmp(a->data, c->data, a->rows * a->cols * sizeof(double)) != 0);
    assert_true(a->data[a->rows * 2 - 1] != 0.0);
    ran_free(r);
}

/* The three ways of writing the same transitions give the same run. */
static void test_sequence_forms(void **state)
{
    (void)state;
    ran *r = run_ok("memories X { generate = random(count = 4, size = 40); seed = 1 }\n"
                    "sequence A { cycles = [[0, 1], [2, 3]] }\n"
                    "sequence B { chains = [[0, 1, 0], [2, 3, 2]] }\n"
                    "sequence C { matrix = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]] }\n"
                    "network a { kind = dsem; memories = X; transitions = A }\n"
                    "network b { kind = dsem; memories = X; transitions = B }\n"
                    "network c { kind = dsem; memories = X; transitions = C }\n"
                    "simulate sa { network = a; time = 0 .. 5; init = X[0] }\n"
                    "simulate sb { network = b; time = 0 .. 5; init = X[0] }\n"
                    "simulate sc { network = c; time = 0 .. 5; init = X[0] }\n"
                    "network l { kind = lisem; memories = X; transitions = A }\n"
                    "simulate sl { network = l; time = 0 .. 5; init = X[0] }\n",
                    NULL);
    /* dsem's memories are unit vectors, lisem's the stored ±1 episodes. */
    const eg_matrix *d0 = matrix(result(r, 0), "states"), *l0 = matrix(result(r, 3), "states");
    assert_int_equal(l0->cols, 80);
    for (size_t i = 0; i < 40; i++) {
        assert_true(fabs(fabs(d0->data[i]) - 1 / sqrt(40.0)) < 1e-15);
        assert_true(fabs(l0->data[i]) == 1.0);
        assert_true(d0->data[40 + i] == 0.0 && l0->data[40 + i] == 0.0);
    }
    const eg_matrix *a = matrix(result(r, 0), "states");
    for (size_t i = 1; i < 3; i++) {
        const eg_matrix *o = matrix(result(r, i), "states");
        assert_int_equal(o->rows, a->rows);
        assert_memory_equal(a->data, o->data, a->rows * a->cols * sizeof(double));
    }
    ran_free(r);
}

/* With a fast memory layer (T_h → 0), linear σ_f and β_d = 1 the three-layer
 * model reduces to DSEM (gsemm.h): the feature layers agree. */
static void test_full_model_reduces_to_dsem(void **state)
{
    (void)state;
    ran *r = run_ok("memories X { generate = random(count = 4, size = 40); seed = 2 }\n"
                    "sequence G { cycles = [[0, 1, 2, 3]] }\n"
                    "network full { kind = gsemm; memories = X; transitions = G; T_h = 0.001; T_d = 20;"
                    " alpha_c = 4.9; gamma = 10 }\n"
                    "network red { kind = dsem; memories = X; transitions = G; beta_d = 1; T_d = 20;"
                    " alpha_c = 4.9; gamma = 10 }\n"
                    "simulate f { network = full; time = 0 .. 10; init = X[0]; record = every(0.5) }\n"
                    "simulate d { network = red; time = 0 .. 10; init = X[0]; record = every(0.5) }\n",
                    NULL);
    const eg_matrix *f = matrix(result(r, 0), "states"), *d = matrix(result(r, 1), "states");
    assert_int_equal(f->cols, 2 * 40 + 4);
    assert_int_equal(d->cols, 2 * 40);
    assert_int_equal(f->rows, d->rows);
    double worst = 0;
    for (size_t k = 0; k < f->rows; k++)
        for (size_t i = 0; i < 40; i++) {
            double e = fabs(f->data[k * f->cols + i] - d->data[k * d->cols + i]);
            worst = e > worst ? e : worst;
        }
    print_message("gsemm (T_h = 0.001) against dsem: largest difference of V_f %.2e\n", worst);
    assert_true(worst < 1e-2);
    ran_free(r);
}

/* A clamp on a sequence memory holds V_f at the (unit-norm) memory during its window. */
static void test_sequence_clamp(void **state)
{
    (void)state;
    ran *r = run_ok("memories X { generate = random(count = 4, size = 40); seed = 1 }\n"
                    "sequence G { cycles = [[0, 1, 2, 3]] }\n"
                    "network q { kind = dsem; memories = X; transitions = G }\n"
                    "simulate s { network = q; time = 0 .. 8 step 0.5; cue = clamp(X[2], from = 0, to = 3) }\n",
                    NULL);
    const eg_matrix *ov = matrix(result(r, 0), "overlaps"), *t = matrix(result(r, 0), "times");
    for (size_t k = 0; k < t->rows; k++)
        if (t->data[k] < 3)
            assert_true(fabs(ov->data[k * 4 + 2] - 1.0) < 1e-12); /* ξ_2ᵀ ξ_2 = 1 */
    /* Released, the delay layer pushes it on to memory 3. */
    const eg_report *visits = eg_report_get(result(r, 0), "visits");
    assert_true(visits->n >= 2);
    assert_int_equal(eg_report_get(visits->kids[0], "memory")->integer, 2);
    assert_int_equal(eg_report_get(visits->kids[1], "memory")->integer, 3);
    ran_free(r);
}

static void test_divergence_keeps_trajectory(void **state)
{
    (void)state;
    const char *text = "network g { units = 2; state = rate; weights = [[1, 0], [0, 3]] }\n"
                       "simulate blow { network = g; time = 0 .. 100; init = [1, 1]; bound = 1e3; record = every(0.5) }\n";
    ran *r = run_model(text, NULL, NULL, 0, 1);
    assert_int_equal(r->st, EG_ENUMERIC);
    assert_non_null(strstr(r->diags.items[0].message, "t = 3.5"));
    assert_non_null(strstr(r->diags.items[0].message, "unit 1"));
    assert_int_equal(r->diags.items[0].loc.line, 2);
    const eg_report *s = result(r, 0);
    assert_false(eg_report_get(s, "complete")->integer);
    assert_string_equal(eg_report_get(s, "stop")->string, "diverged");
    assert_int_equal(eg_report_get(s, "unit")->integer, 1);
    const eg_matrix *x = matrix(s, "states");
    assert_int_equal(x->rows, 7); /* t = 0, 0.5, ..., 3 */
    assert_true(fabs(x->data[13] - exp(2 * 3.0)) < 1e-6 * exp(6.0));
    ran_free(r);
    /* Without keep_partial nothing is handed back. */
    run_bad(text, EG_ENUMERIC, "unit 1", 2);
}

static void test_load_weights(void **state)
{
    (void)state;
    char dir[] = "/tmp/engram-dyn-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char npy[256], csv[256], text[1024];
    snprintf(npy, sizeof npy, "%s/W.npy", dir);
    snprintf(csv, sizeof csv, "%s/I.csv", dir);
    const double W[4] = {0.5, 0, 0, 0.5};
    const size_t shape[2] = {2, 2};
    assert_int_equal(eg_npy_write(npy, 2, shape, W, NULL), EG_OK);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("time,value\n0,1\n10,1\n", f);
    fclose(f);
    snprintf(text, sizeof text,
             "network n { state = rate; weights = load(\"%s\") }\n"
             "simulate s { network = n; time = 0 .. 100; input = table(file = \"%s\", amplitude = [1, 2]);"
             " stop = converge(tol = 1e-10) }\n",
             npy, csv);
    ran *r = run_ok(text, NULL);
    const eg_matrix *x = matrix(result(r, 0), "states");
    /* x' = −0.5 x + I: x* = 2 I */
    assert_true(fabs(x->data[(x->rows - 1) * 2] - 2.0) < 1e-8);
    assert_true(fabs(x->data[(x->rows - 1) * 2 + 1] - 4.0) < 1e-8);
    ran_free(r);
    snprintf(text, sizeof text, "network n { state = rate; weights = load(\"%s/missing.npy\") }\n"
                                "simulate s { network = n; time = 0 .. 1 }\n", dir);
    run_bad(text, EG_EIO, "missing.npy", 1);
    /* A loaded W that does not fit the model is a fault of the file's data, seen at run time. */
    snprintf(text, sizeof text, "network n { units = 3; state = rate; weights = load(\"%s\") }\n"
                                "simulate s { network = n; time = 0 .. 1 }\n", npy);
    run_bad(text, EG_EIO, "weights are 2 × 2 but the network has 3 units", 1);
    snprintf(text, sizeof text, "network n { state = rate; weights = load(\"%s\") }\n"
                                "analyze phase_plane { network = n; x = 0 .. 1; y = 0 .. 1 }\n"
                                "analyze fixed_points { network = n; starts = [[0, 0, 0]] }\n", npy);
    run_bad(text, EG_EIO, "each start needs 2 entries (the state), got 3", 3);
    remove(npy);
    remove(csv);
    rmdir(dir);
}

static void test_bad_models(void **state)
{
    (void)state;
    run_bad("network n { units = 2; state = rate; weights = [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "weights are 3 × 3 but the network has 2 units", 1);
    run_bad("network n { state = rate; weights = [[1, 0, 0], [0, 1, 0]] }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "weights must be square, got 2 × 3", 1);
    run_bad("network n { units = 2; state = rate }\n"
            "simulate s { network = n; time = 0 .. 1;\n"
            "  input = pulse(width = 1, amplitude = [1, 2, 3]) }\n",
            EG_EMODEL, "the amplitude has 3 entries but the network has 2 units", 3);
    run_bad("network n { units = 2; state = rate; tau = [1, 2, 3] }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "'tau' has 3 entries", 1);
    run_bad("network n { units = 1; state = rate }\n"
            "simulate s { network = n; time = 0 .. 1; method = rk8pf }\n",
            EG_EMODEL, "did you mean 'rk8pd'?", 2);
    run_bad("network n { units = 1; state = rate; activation = expr(\"x + y\") }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "unknown name 'y'", 1);
    run_bad("network n { units = 1 }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "is not one: give it state = rate", 2);
    run_bad("network n { units = 1; state = rate; precision = half }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "half", 1);
    run_bad("network n { state = rate; weights = [[1e39]]; precision = single }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "does not fit single precision", 1);
    run_bad("memories M { generate = random(count = 2, size = 8) }\n"
            "sequence q { cycles = [[0, 1]] }\n"
            "network n { kind = dsem; memories = M; transitions = q; precision = single }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "'precision' is a key of rate networks", 3);
    run_bad("network n { units = 1; state = rate }\n"
            "simulate s { network = n; time = 0 .. 1; noise = 0.1 }\n",
            EG_EMODEL, "give 'step'", 2);
    run_bad("memories X { generate = random(count = 3, size = 10) }\n"
            "sequence G { cycles = [[0, 1, 5]] }\n"
            "network q { kind = dsem; memories = X; transitions = G }\n"
            "simulate s { network = q; time = 0 .. 1 }\n",
            EG_EMODEL, "sequence 'G' names memory 5, but the network holds 3 memories (0 to 2)", 3);
    run_bad("memories M { generate = random(count = 2, size = 8) }\n"
            "network n { state = rate; store = M }\n"
            "recall r { network = n; cue = M[0] }\n",
            EG_EMODEL, "continuous-time network; run it with simulate", 3);
    run_bad("memories M { generate = random(count = 2, size = 8) }\n"
            "network n { store = M; tau = 2 }\n"
            "recall r { network = n; cue = M[0] }\n",
            EG_EMODEL, "'tau' is a key of continuous-time networks", 2);
    run_bad("network n { units = 1; state = rate; gamma = 2 }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "'gamma' is a key of sequence memories", 1);
    run_bad("network n { units = 2; state = rate; weights = load(\"W.bin\") }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "name a .npy, .npz, .safetensors, .csv, .txt or .dat file", 1);
    run_bad("memories M { generate = random(count = 2, size = 8) }\n"
            "network n { state = rate; store = M; rule = storkey }\n"
            "simulate s { network = n; time = 0 .. 1 }\n",
            EG_EMODEL, "a rate network stores its episodes with rule = hebb", 2);
    run_bad("network n { units = 1; state = rate }\n"
            "simulate s { network = n; time = 2 .. 1 }\n",
            EG_EMODEL, "must run forward", 2);
    run_bad("network n { units = 1; state = rate }\n"
            "simulate s { network = n; time = 0 .. 1 step 0.1; record = every(0.2) }\n",
            EG_EMODEL, "given twice", 2);
    run_bad("memories X { generate = random(count = 3, size = 10) }\n"
            "sequence G { cycles = [[0, 1, 2]] }\n"
            "network q { kind = dsem; units = 12; memories = X; transitions = G }\n"
            "simulate s { network = q; time = 0 .. 1 }\n",
            EG_EMODEL, "network has 12 units but memories 'X' holds episodes of 10 units", 3);
    run_bad("network n { units = 3; state = rate }\n"
            "analyze phase_plane { network = n; x = 0 .. 1; y = 0 .. 1 }\n",
            EG_EMODEL, "two units", 2);
    run_bad("network n { units = 2; state = rate; weights = [[0, 1], [2, 0]] }\n"
            "simulate s { network = n; time = 0 .. 1; record = energy }\n",
            EG_EMODEL, "symmetric", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_autapse_regimes),
        cmocka_unit_test(test_every_stepper),
        cmocka_unit_test(test_autapse_sweep_points),
        cmocka_unit_test(test_saturating_autapse),
        cmocka_unit_test(test_fixed_point_starts),
        cmocka_unit_test(test_decision_circuit),
        cmocka_unit_test(test_hopfield_energy),
        cmocka_unit_test(test_dsem_reference),
        cmocka_unit_test(test_inputs_integrated),
        cmocka_unit_test(test_tau_and_cues),
        cmocka_unit_test(test_expression_activation_and_rate_form),
        cmocka_unit_test(test_activations_by_formula),
        cmocka_unit_test(test_noise_reproducible),
        cmocka_unit_test(test_sequence_forms),
        cmocka_unit_test(test_full_model_reduces_to_dsem),
        cmocka_unit_test(test_sequence_clamp),
        cmocka_unit_test(test_divergence_keeps_trajectory),
        cmocka_unit_test(test_load_weights),
        cmocka_unit_test(test_bad_models),
        cmocka_unit_test(test_single_precision_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
