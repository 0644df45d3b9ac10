/* test_sweep_plan.c: the language of sweeps (zip, geomspace), the grid order,
 * pinning by -D, the random stream of each point, points run on threads, and
 * re-binding a point's model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "run/run.h"
#include "run/sweep/sweep.h"
#include "run/sweep/plan.h"
#include "run/sweep/row.h"

typedef struct loaded {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    eg_model *model;
} loaded;

/* Parses and checks text; the model is NULL when it has errors. */
static loaded *load(const char *text)
{
    loaded *l = calloc(1, sizeof *l);
    assert_non_null(l);
    eg_source_set_init(&l->sources);
    eg_diag_list_init(&l->diags);
    l->ast = eg_parse_text(&l->sources, "t.engram", text, strlen(text), &l->diags);
    if (l->ast)
        l->model = eg_model_check(l->ast, eg_kind_schemas(), NULL, 0, &l->diags);
    return l;
}

static void unload(loaded *l)
{
    eg_model_free(l->model);
    eg_ast_free(l->ast);
    eg_diag_list_free(&l->diags);
    eg_source_set_free(&l->sources);
    free(l);
}

static int has_error(const loaded *l, const char *fragment)
{
    for (size_t i = 0; i < l->diags.count; i++)
        if (l->diags.items[i].severity == EG_DIAG_ERROR && strstr(l->diags.items[i].message, fragment))
            return 1;
    return 0;
}

static eg_sweep_plan *plan_of(const eg_model *m, const char *const *pinned, size_t npinned)
{
    eg_sweep_plan *plan = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_plan_build(m, pinned, npinned, &plan, &err), EG_OK);
    return plan;
}

static void test_product_grid_last_sweep_fastest(void **state)
{
    (void)state;
    loaded *l = load("param a = 0\nparam b = 0\nparam c = 0\n"
                     "sweep a in [1, 2]\nsweep b in 10 .. 30 step 10\nsweep c in [7]\n");
    assert_non_null(l->model);
    eg_sweep_plan *plan = plan_of(l->model, NULL, 0);
    assert_int_equal(plan->points, 6);
    assert_int_equal(plan->ndims, 3);
    /* Nested loops in file order: a outermost, c innermost. */
    const double want[6][3] = {{1, 10, 7}, {1, 20, 7}, {1, 30, 7}, {2, 10, 7}, {2, 20, 7}, {2, 30, 7}};
    for (size_t p = 0; p < 6; p++) {
        double v[3];
        eg_sweep_plan_values(plan, p, v);
        assert_memory_equal(v, want[p], sizeof v);
    }
    eg_sweep_plan_free(plan);
    unload(l);
}

static void test_zip_moves_params_together(void **state)
{
    (void)state;
    loaded *l = load("param a = 0\nparam b = 0\nparam t = 0\n"
                     "sweep a, b in zip([1, 2, 3], 10 .. 30 step 10)\nsweep t in [0, 1]\n");
    assert_non_null(l->model);
    assert_int_equal(l->model->nsweeps, 3);
    assert_int_equal(l->model->sweeps[0].group, l->model->sweeps[1].group);
    assert_true(l->model->sweeps[2].group != l->model->sweeps[0].group);
    eg_sweep_plan *plan = plan_of(l->model, NULL, 0);
    assert_int_equal(plan->points, 6); /* 3 pairs times 2 */
    const double want[6][3] = {{1, 10, 0}, {1, 10, 1}, {2, 20, 0}, {2, 20, 1}, {3, 30, 0}, {3, 30, 1}};
    for (size_t p = 0; p < 6; p++) {
        double v[3];
        eg_sweep_plan_values(plan, p, v);
        assert_memory_equal(v, want[p], sizeof v);
    }
    eg_sweep_plan_free(plan);
    unload(l);
}

static void test_zip_errors(void **state)
{
    (void)state;
    loaded *l = load("param a = 0\nparam b = 0\nsweep a, b in zip([1, 2], [1, 2, 3])\n");
    assert_null(l->model);
    assert_true(has_error(l, "zip pairs values one to one"));
    unload(l);
    l = load("param a = 0\nparam b = 0\nsweep a, b in [1, 2]\n");
    assert_null(l->model);
    assert_true(has_error(l, "takes zip(...) with 2 lists"));
    unload(l);
    l = load("param a = 0\nsweep a, a in zip([1], [2])\n");
    assert_null(l->model);
    assert_true(has_error(l, "swept twice"));
    unload(l);
    l = load("param a = 0\nsweep a, c in zip([1], [2])\n");
    assert_null(l->model);
    assert_true(has_error(l, "not a param"));
    unload(l);
}

static void test_geomspace(void **state)
{
    (void)state;
    loaded *l = load("param g = 0\nsweep g in geomspace(1, 1000, 4)\n");
    assert_non_null(l->model);
    const eg_sweep *s = &l->model->sweeps[0];
    assert_int_equal(s->n, 4);
    /* Ends exact, ratio 10: 1, 10, 100, 1000 (inner points to rounding). */
    assert_true(s->values[0] == 1.0 && s->values[3] == 1000.0);
    assert_true(fabs((s->values[1]) - (10.0)) <= 1e-12);
    assert_true(fabs((s->values[2]) - (100.0)) <= 1e-10);
    unload(l);
    l = load("param g = geomspace(-2, -8, 3)\nsweep g in g\n");
    assert_non_null(l->model);
    s = &l->model->sweeps[0];
    assert_int_equal(s->n, 3);
    assert_true(fabs((s->values[1]) - (-4.0)) <= 1e-12);
    unload(l);
    l = load("param g = 0\nsweep g in geomspace(1, 1, 1)\n");
    assert_non_null(l->model);
    assert_int_equal(l->model->sweeps[0].n, 1);
    unload(l);
    l = load("param g = geomspace(0, 1, 3)\n");
    assert_null(l->model);
    assert_true(has_error(l, "non-zero ends of one sign"));
    unload(l);
    l = load("param g = geomspace(1, 10, 2.5)\n");
    assert_null(l->model);
    assert_true(has_error(l, "whole count"));
    unload(l);
}

static void test_pinning_removes_a_sweep(void **state)
{
    (void)state;
    loaded *l = load("param a = 0\nparam b = 0\nparam c = 0\n"
                     "sweep a, b in zip([1, 2], [3, 4])\nsweep c in [5, 6, 7]\n");
    assert_non_null(l->model);
    const char *pin_c[] = {"c"};
    eg_sweep_plan *plan = plan_of(l->model, pin_c, 1);
    assert_int_equal(plan->points, 2);
    assert_int_equal(plan->nsweeps, 2);
    eg_sweep_plan_free(plan);
    /* Pinning one param of a zip keeps the other moving. */
    const char *pin_a[] = {"a"};
    plan = plan_of(l->model, pin_a, 1);
    assert_int_equal(plan->points, 6);
    double v[2];
    eg_sweep_plan_values(plan, 5, v);
    assert_true(v[0] == 4 && v[1] == 7);
    eg_sweep_plan_free(plan);
    /* Pinned params still count in the stream (with their pinned values): a
     * model that sweeps never draws a plain run's stream 0. */
    const char *pin_all[] = {"a", "b", "c"};
    plan = plan_of(l->model, pin_all, 3);
    assert_int_equal(plan->points, 1);
    assert_true(eg_sweep_plan_stream(plan, 0) != 0);
    eg_sweep_plan_free(plan);
    unload(l);
    l = load("param a = 0\n");
    plan = plan_of(l->model, NULL, 0);
    assert_int_equal(eg_sweep_plan_stream(plan, 0), 0);
    eg_sweep_plan_free(plan);
    unload(l);
}

/* Parses and checks text with params overridden as -D would. */
static loaded *load_pinned(const char *text, const eg_override *ov, size_t nov)
{
    loaded *l = calloc(1, sizeof *l);
    assert_non_null(l);
    eg_source_set_init(&l->sources);
    eg_diag_list_init(&l->diags);
    l->ast = eg_parse_text(&l->sources, "t.engram", text, strlen(text), &l->diags);
    assert_non_null(l->ast);
    l->model = eg_model_check(l->ast, eg_kind_schemas(), ov, nov, &l->diags);
    assert_non_null(l->model);
    return l;
}

static void test_pinning_keeps_a_points_stream(void **state)
{
    (void)state;
    const char text[] = "param P = 0\nparam trial = 0\nsweep P in [10, 20, 30]\nsweep trial in 1 .. 4\n";
    loaded *plain = load_pinned(text, NULL, 0);
    eg_sweep_plan *a = plan_of(plain->model, NULL, 0);
    eg_value *p20 = eg_value_number(NULL, eg_loc_file(NULL), 20), *t3 = eg_value_number(NULL, eg_loc_file(NULL), 3);
    assert_non_null(p20);
    assert_non_null(t3);
    /* (P=20, trial=3) is point 1*4+2 = 6 of the plain grid. */
    const eg_override both[] = {{"P", p20}, {"trial", t3}};
    const char *names[] = {"P", "trial"};
    /* -D P=20: its trial 3 is point 2 of a 4-point grid. */
    loaded *lp = load_pinned(text, both, 1);
    eg_sweep_plan *b = plan_of(lp->model, names, 1);
    assert_int_equal(b->points, 4);
    assert_true(eg_sweep_plan_stream(b, 2) == eg_sweep_plan_stream(a, 6));
    /* -D P=20 -D trial=3 (as `engram run` is given a point): one point, the same stream. */
    loaded *lpt = load_pinned(text, both, 2);
    eg_sweep_plan *c = plan_of(lpt->model, names, 2);
    assert_int_equal(c->points, 1);
    assert_true(eg_sweep_plan_stream(c, 0) == eg_sweep_plan_stream(a, 6));
    /* Another pinned value is another stream. */
    assert_true(eg_sweep_plan_stream(b, 2) != eg_sweep_plan_stream(a, 2));
    eg_sweep_plan_free(a);
    eg_sweep_plan_free(b);
    eg_sweep_plan_free(c);
    eg_value_free(p20);
    eg_value_free(t3);
    unload(plain);
    unload(lp);
    unload(lpt);
}

static void test_streams_are_per_point_and_order_free(void **state)
{
    (void)state;
    loaded *l1 = load("param P = 0\nparam trial = 0\nsweep P in [10, 20, 30]\nsweep trial in 1 .. 4\n");
    loaded *l2 = load("param P = 0\nparam trial = 0\nsweep trial in 1 .. 4\nsweep P in [30, 20, 10, 40]\n");
    assert_non_null(l1->model);
    assert_non_null(l2->model);
    eg_sweep_plan *a = plan_of(l1->model, NULL, 0), *b = plan_of(l2->model, NULL, 0);
    /* Every (P, trial) has its own stream, none of them 0 (a plain run's). */
    for (size_t p = 0; p < a->points; p++) {
        uint64_t s = eg_sweep_plan_stream(a, p);
        assert_true(s != 0);
        for (size_t q = 0; q < p; q++)
            assert_true(eg_sweep_plan_stream(a, q) != s);
    }
    /* The stream follows the values, not the grid position nor the statement order:
     * (P=20, trial=3) is point 1*4+2 = 6 of a and point 2*4+1 = 9 of b. */
    double va[2], vb[2];
    eg_sweep_plan_values(a, 6, va);
    eg_sweep_plan_values(b, 9, vb);
    assert_true(va[0] == 20 && va[1] == 3 && vb[0] == 3 && vb[1] == 20);
    assert_true(eg_sweep_plan_stream(a, 6) == eg_sweep_plan_stream(b, 9));
    eg_sweep_plan_free(a);
    eg_sweep_plan_free(b);
    unload(l1);
    unload(l2);
}

static const char recall_model[] =
    "param P = 3\nparam trial = 0\n"
    "memories M { generate = random(count = P, size = 64) }\n"
    "network hop { units = 64; rule = hebb; store = M; self = 0 }\n"
    "recall r { network = hop; cue = flip(M[0], bits = 8); report = [hamming(M[0]), steps] }\n"
    "sweep P in [2, 4, 60]\nsweep trial in [1, 2]\n";

typedef struct collected {
    char *rows[16];
    size_t lens[16];
    int calls;
} collected;

static eg_status collect(void *ctx, size_t point, char *row, size_t len, eg_error *err)
{
    (void)err;
    collected *c = ctx;
    assert_true(point < 16);
    assert_null(c->rows[point]);
    c->rows[point] = row;
    c->lens[point] = len;
    c->calls++;
    return EG_OK;
}

static double cell_number(const char *text, size_t len, const char *name)
{
    eg_sweep_row *r = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_row_decode(text, len, &r, &err), EG_OK);
    double x = NAN;
    for (size_t i = 0; i < r->ncells; i++)
        if (strcmp(r->cells[i].name, name) == 0)
            x = r->cells[i].number;
    eg_sweep_row_free(r);
    assert_false(isnan(x));
    return x;
}

static void test_threads_give_the_same_rows(void **state)
{
    (void)state;
    loaded *l = load(recall_model);
    assert_non_null(l->model);
    eg_sweep_plan *plan = plan_of(l->model, NULL, 0);
    eg_sweep_job job = {l->ast, NULL, 0, plan};
    size_t pending[6] = {0, 1, 2, 3, 4, 5};
    collected one = {0}, three = {0};
    eg_error err;
    eg_sweep_exec ex1 = {&job, pending, 6, 1, NULL, collect, &one};
    eg_sweep_exec ex3 = {&job, pending, 6, 3, NULL, collect, &three};
    assert_int_equal(eg_sweep_exec_run(&ex1, &err), EG_OK);
    assert_int_equal(eg_sweep_exec_run(&ex3, &err), EG_OK);
    assert_int_equal(one.calls, 6);
    assert_int_equal(three.calls, 6);
    for (size_t p = 0; p < 6; p++) {
        assert_int_equal(one.lens[p], three.lens[p]);
        assert_memory_equal(one.rows[p], three.rows[p], one.lens[p]);
    }
    /* The two trials of one load draw different episodes and cues: their
     * initial energies differ (P = 60 is far past capacity, so the outcome
     * also varies); one point alone gives the same row as in the pool. */
    char *alone = NULL;
    size_t len = 0;
    assert_int_equal(eg_sweep_point_row(&job, 4, &alone, &len, &err), EG_OK);
    assert_int_equal(len, one.lens[4]);
    assert_memory_equal(alone, one.rows[4], len);
    free(alone);
    assert_true(cell_number(one.rows[4], one.lens[4], "r.energy_initial") !=
                cell_number(one.rows[5], one.lens[5], "r.energy_initial"));
    eg_sweep_row *r = NULL;
    assert_int_equal(eg_sweep_row_decode(one.rows[0], one.lens[0], &r, &err), EG_OK);
    assert_int_equal(r->point, 0);
    assert_false(r->failed);
    assert_string_equal(r->cells[0].name, "P");
    assert_true(r->cells[0].number == 2);
    assert_string_equal(r->cells[1].name, "trial");
    int found = 0;
    for (size_t i = 0; i < r->ncells; i++)
        found |= strcmp(r->cells[i].name, "r.hamming") == 0 && r->cells[i].kind == EG_CELL_INTEGER;
    assert_true(found);
    eg_sweep_row_free(r);
    for (size_t p = 0; p < 6; p++) {
        free(one.rows[p]);
        free(three.rows[p]);
    }
    eg_sweep_plan_free(plan);
    unload(l);
}

static void test_a_failing_point_becomes_a_failed_row(void **state)
{
    (void)state;
    /* 100 bits cannot be flipped in 64 units: point 1 fails at run time;
     * count = 0 breaks the schema: point 2 fails when checked. */
    loaded *l = load("param B = 8\nparam P = 3\n"
                     "memories M { generate = random(count = P, size = 64) }\n"
                     "network hop { units = 64; rule = hebb; store = M }\n"
                     "recall r { network = hop; cue = flip(M[0], bits = B) }\n"
                     "sweep B, P in zip([8, 100, 8], [3, 3, 0])\n");
    assert_non_null(l->model);
    eg_sweep_plan *plan = plan_of(l->model, NULL, 0);
    eg_sweep_job job = {l->ast, NULL, 0, plan};
    eg_error err;
    const char *expect[3] = {NULL, "cannot flip 100 bits", "count"};
    for (size_t p = 0; p < 3; p++) {
        char *text = NULL;
        size_t len = 0;
        assert_int_equal(eg_sweep_point_row(&job, p, &text, &len, &err), EG_OK);
        eg_sweep_row *r = NULL;
        assert_int_equal(eg_sweep_row_decode(text, len, &r, &err), EG_OK);
        assert_int_equal(r->failed, expect[p] != NULL);
        if (expect[p]) {
            assert_non_null(strstr(r->error, expect[p]));
            assert_non_null(strstr(r->error, "t.engram:"));
            assert_int_equal(r->ncells, 2); /* the swept values only */
            assert_true(r->cells[0].number == (p == 1 ? 100 : 8));
        }
        eg_sweep_row_free(r);
        free(text);
    }
    eg_sweep_plan_free(plan);
    unload(l);
}

static void test_row_flattens_scalars(void **state)
{
    (void)state;
    loaded *l = load("param a = 2\nparam w = tanh\nparam s = \"text\"\nparam v = [1, 2]\n");
    assert_non_null(l->model);
    eg_report *report = eg_report_new(EG_REPORT_OBJECT);
    eg_report *results = eg_report_add(report, "results", EG_REPORT_ARRAY);
    eg_report *x = eg_report_add(results, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(x, "block", "x");
    eg_report_add_string(x, "kind", "recall");
    eg_report_add_number(x, "n", 1.5);
    eg_report_add_integer(x, "i", -3);
    eg_report_add_bool(x, "b", 1);
    eg_report_add_string(x, "outcome", "cycle");
    eg_report_add_string(x, "text", "a line for people");
    const double xs[2] = {1, 2};
    eg_report_add_numbers(x, "arr", xs, 2);
    eg_report_add_matrix(x, "m", eg_matrix_alloc(2, 2));
    assert_false(eg_report_failed(report));
    eg_sweep_row *row = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_row_from_report(7, l->model, report, &row, &err), EG_OK);
    /* Params that are numbers or words, then the action's scalars; no text, arrays or matrices. */
    const char *names[] = {"a", "w", "s", "x.n", "x.i", "x.b", "x.outcome"};
    const eg_cell_kind kinds[] = {EG_CELL_NUMBER, EG_CELL_STRING, EG_CELL_STRING, EG_CELL_NUMBER,
                                  EG_CELL_INTEGER, EG_CELL_BOOL, EG_CELL_STRING};
    assert_int_equal(row->point, 7);
    assert_int_equal(row->ncells, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(row->cells[i].name, names[i]);
        assert_int_equal(row->cells[i].kind, kinds[i]);
    }
    assert_true(row->cells[0].number == 2 && row->cells[3].number == 1.5);
    assert_string_equal(row->cells[1].string, "tanh");
    assert_string_equal(row->cells[2].string, "text");
    assert_true(row->cells[4].integer == -3 && row->cells[5].integer == 1);
    eg_sweep_row_free(row);
    eg_report_free(report);
    unload(l);
}

/* Scalars inside objects and per-item arrays are columns too, named by their
 * path; arrays whose length the data decide are not. */
static void test_row_flattens_nested_scalars(void **state)
{
    (void)state;
    loaded *l = load("param c0 = 0.5\n");
    assert_non_null(l->model);
    eg_report *report = eg_report_new(EG_REPORT_OBJECT);
    eg_report *results = eg_report_add(report, "results", EG_REPORT_ARRAY);
    eg_report *k = eg_report_add(results, NULL, EG_REPORT_OBJECT);
    eg_report_add_string(k, "block", "k");
    eg_report *sizes = eg_report_add(k, "sizes", EG_REPORT_ARRAY);
    sizes->per_item = 1;
    for (int i = 0; i < 2; i++) {
        eg_report *o = eg_report_add(sizes, NULL, EG_REPORT_OBJECT);
        eg_report_add_integer(o, "critical", 10 + i);
        eg_report_add_string(o, "text", "not a column");
    }
    eg_report *cmp = eg_report_add(k, "comparison", EG_REPORT_OBJECT);
    eg_report_add_number(cmp, "angle_error", 0.25);
    const double xs[3] = {1, 2, 3};
    eg_report_add_numbers(k, "overlaps", xs, 3);
    eg_report *found = eg_report_add(k, "fixed_points", EG_REPORT_ARRAY);
    eg_report_add_number(eg_report_add(found, NULL, EG_REPORT_OBJECT), "x", 1);
    assert_false(eg_report_failed(report));
    eg_sweep_row *row = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_row_from_report(0, l->model, report, &row, &err), EG_OK);
    const char *names[] = {"c0", "k.sizes[0].critical", "k.sizes[1].critical", "k.comparison.angle_error"};
    assert_int_equal(row->ncells, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(row->cells[i].name, names[i]);
    assert_true(row->cells[1].integer == 10 && row->cells[2].integer == 11 && row->cells[3].number == 0.25);
    eg_sweep_row_free(row);
    eg_report_free(report);
    unload(l);
}

/* Whether two values are the same tree (numbers, words, items, referred block names). */
static int same_value(const eg_value *a, const eg_value *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->n != b->n || a->indexed != b->indexed || a->index != b->index)
        return 0;
    if (a->kind == EG_VAL_NUMBER && !(a->num == b->num))
        return 0;
    if ((a->str || b->str) && (!a->str || !b->str || strcmp(a->str, b->str) != 0))
        return 0;
    if ((a->ref || b->ref) && (!a->ref || !b->ref || strcmp(a->ref->name, b->ref->name) != 0))
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_value(a->items[i], b->items[i]))
            return 0;
    return 1;
}

static void test_rebinding_gives_the_model_a_full_check_gives(void **state)
{
    (void)state;
    /* P is swept; Q follows from it, R is pinned by -D; M names P, hop names M
     * (so it must name the point's M), r names hop; N and other depend on nothing. */
    const char *text = "param P = 3\nparam Q = 2 * P\nparam R = P + 1\nparam K = 5\n"
                       "memories M { generate = random(count = Q, size = 32) }\n"
                       "memories N { generate = random(count = K, size = 32) }\n"
                       "network hop { units = 32; rule = hebb; store = M }\n"
                       "network other { units = 32; rule = hebb; store = N }\n"
                       "recall r { network = hop; cue = flip(M[1], bits = R) }\n"
                       "sweep P in [1, 2, 4]\n";
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_text(&sources, "t.engram", text, strlen(text), &diags);
    eg_value *r7 = eg_value_number(NULL, eg_loc_file(NULL), 7);
    eg_override pin = {"R", r7};
    eg_model *base = eg_model_check(ast, eg_kind_schemas(), &pin, 1, &diags);
    assert_non_null(base);
    const char *pinned[] = {"R"};
    eg_sweep_plan *plan = plan_of(base, pinned, 1);
    for (size_t p = 0; p < 3; p++) {
        double x = 0;
        eg_sweep_plan_values(plan, p, &x);
        eg_model *point = eg_rebind_model(plan->rebind, &x, &diags);
        assert_non_null(point);
        eg_value *v = eg_value_number(NULL, plan->sweeps[0]->loc, x);
        eg_override ov[2] = {pin, {"P", v}};
        eg_model *full = eg_model_check(ast, eg_kind_schemas(), ov, 2, &diags);
        assert_non_null(full);
        assert_int_equal(diags.errors, 0);
        assert_int_equal(point->nparams, full->nparams);
        for (size_t k = 0; k < full->nparams; k++) {
            assert_true(same_value(point->params[k].value, full->params[k].value));
            assert_int_equal(point->params[k].overridden, full->params[k].overridden);
        }
        assert_true(point->params[1].value->num == 2 * x);
        assert_true(point->params[2].value->num == 7);
        for (size_t b = 0; b < full->nblocks; b++) {
            for (size_t f = 0; f < full->blocks[b]->nfields; f++)
                assert_true(same_value(point->blocks[b]->fields[f].value, full->blocks[b]->fields[f].value));
            /* N and other are the checked model's own; M, hop and r the point's copies. */
            int shared = point->blocks[b] == base->blocks[b];
            const char *name = full->blocks[b]->name;
            assert_int_equal(shared, strcmp(name, "N") == 0 || strcmp(name, "other") == 0);
        }
        /* hop's store and r's network refer to the point's blocks. */
        assert_ptr_equal(eg_block_value(point->blocks[2], "store")->ref, point->blocks[0]);
        assert_ptr_equal(eg_block_value(point->blocks[4], "network")->ref, point->blocks[2]);
        eg_model_free(full);
        eg_model_free(point);
        eg_value_free(v);
    }
    eg_sweep_plan_free(plan);
    eg_model_free(base);
    eg_value_free(r7);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_product_grid_last_sweep_fastest),
        cmocka_unit_test(test_zip_moves_params_together),
        cmocka_unit_test(test_zip_errors),
        cmocka_unit_test(test_geomspace),
        cmocka_unit_test(test_pinning_removes_a_sweep),
        cmocka_unit_test(test_streams_are_per_point_and_order_free),
        cmocka_unit_test(test_pinning_keeps_a_points_stream),
        cmocka_unit_test(test_threads_give_the_same_rows),
        cmocka_unit_test(test_a_failing_point_becomes_a_failed_row),
        cmocka_unit_test(test_rebinding_gives_the_model_a_full_check_gives),
        cmocka_unit_test(test_row_flattens_scalars),
        cmocka_unit_test(test_row_flattens_nested_scalars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
