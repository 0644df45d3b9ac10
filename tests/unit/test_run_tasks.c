/* test_run_tasks.c: tasks, recurrent networks, training and spectra through
 * the run layer (check + compile + run, no CLI): every row of the task-kind
 * registry solved by its constructed network, a rate network read as a
 * recurrent one, training with the optimiser's defaults, and misuse reported
 * by the compile step at the key that is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "run/run.h"

typedef struct ran {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    eg_program *prog;
    eg_report *report;
    eg_status st; /* EG_EMODEL when the check or the compile failed */
} ran;

static void ran_free(ran *r)
{
    eg_report_free(r->report);
    eg_program_free(r->prog);
    eg_ast_free(r->ast);
    eg_diag_list_free(&r->diags);
    eg_source_set_free(&r->sources);
    free(r);
}

/* Parses, checks, compiles and (when compile_only is 0) runs a model. */
static ran *run_text(const char *text, int compile_only)
{
    ran *r = calloc(1, sizeof *r);
    assert_non_null(r);
    eg_source_set_init(&r->sources);
    eg_diag_list_init(&r->diags);
    r->ast = eg_parse_text(&r->sources, "test.engram", text, strlen(text), &r->diags);
    assert_non_null(r->ast);
    assert_int_equal(r->diags.errors, 0);
    eg_model *model = eg_model_check(r->ast, eg_kind_schemas(), NULL, 0, &r->diags);
    if (!model) {
        r->st = EG_EMODEL;
        return r;
    }
    r->prog = eg_program_compile(model, &r->diags);
    if (!r->prog) {
        r->st = EG_EMODEL;
        return r;
    }
    if (compile_only)
        return r;
    eg_run_options opt = {.threads = 1};
    r->st = eg_run_model(r->prog, &opt, &r->report, &r->diags);
    return r;
}

static void print_diags(const ran *r)
{
    for (size_t i = 0; i < r->diags.count; i++)
        print_message("%d:%d: %s\n", r->diags.items[i].loc.line, r->diags.items[i].loc.col,
                      r->diags.items[i].message);
}

static ran *run_ok(const char *text)
{
    ran *r = run_text(text, 0);
    if (r->st != EG_OK)
        print_diags(r);
    assert_int_equal(r->st, EG_OK);
    return r;
}

/* A model that check (compile included) rejects: the nth error contains want
 * at line:col. */
static void check_bad(const char *text, size_t nth, const char *want, int line, int col)
{
    ran *r = run_text(text, 1);
    if (r->st != EG_EMODEL || r->diags.errors <= nth || !strstr(r->diags.items[nth].message, want))
        print_diags(r);
    assert_int_equal(r->st, EG_EMODEL);
    assert_null(r->prog);
    assert_true(r->diags.errors > nth);
    assert_non_null(strstr(r->diags.items[nth].message, want));
    assert_int_equal(r->diags.items[nth].loc.line, line);
    assert_int_equal(r->diags.items[nth].loc.col, col);
    ran_free(r);
}

static const eg_report *result(const ran *r, size_t i)
{
    const eg_report *results = eg_report_get(r->report, "results");
    assert_non_null(results);
    assert_true(i < results->n);
    return results->kids[i];
}

static double number(const eg_report *res, const char *key)
{
    const eg_report *m = eg_report_get(res, key);
    assert_non_null(m);
    return m->kind == EG_REPORT_NUMBER ? m->number : (double)m->integer;
}

/* Each kind of task is solved exactly by the network EMT constructs for it. */
static void test_every_task_kind(void **state)
{
    (void)state;
    ran *r = run_ok("task rc { kind = repeat_copy; length = 3; width = 2 }\n"
                    "task cc { kind = compose_copy; length = 2; width = 3; permutation = [2, 0, 1]; signs = [1, -1, 1] }\n"
                    "task vb { kind = variable_binding; length = 2; width = 2;\n"
                    "          composition = [[0, -1], [1, 0], [0, 0], [0, 0]] }\n"
                    "network a { construct = emt(task = rc, hidden = 8) }\n"
                    "network b { construct = emt(task = cc, hidden = 8) }\n"
                    "network c { construct = emt(task = vb, hidden = 6, convention = emt) }\n"
                    "evaluate { network = a; task = rc; horizon = 9 }\n"
                    "evaluate { network = b; task = cc; horizon = 8 }\n"
                    "evaluate { network = c; task = vb; horizon = 8 }\n");
    for (size_t i = 0; i < 3; i++)
        assert_true(number(result(r, i), "accuracy") == 1.0);
    ran_free(r);
}

/* A rate network with recurrent weights of its own (or a construction) is
 * read as a recurrent network by evaluate and spectrum. */
static void test_rate_network_read_as_recurrent(void **state)
{
    (void)state;
    ran *r = run_ok("task rc { kind = repeat_copy; length = 2; width = 2 }\n"
                    "network b { state = rate; construct = emt(task = rc, hidden = 6) }\n"
                    "network w { state = rate; activation = tanh; weights = [[0, 1], [-1, 0]] }\n"
                    "evaluate { network = b; task = rc }\n"
                    "analyze spectrum { network = w }\n");
    assert_true(number(result(r, 0), "accuracy") == 1.0);
    assert_true(number(result(r, 1), "radius") > 0.99);
    ran_free(r);
}

/* A train block without an optimizer trains with Adam's defaults. */
static void test_train_default_optimizer(void **state)
{
    (void)state;
    ran *r = run_ok("task rc { kind = repeat_copy; length = 1; width = 2 }\n"
                    "train t { network = rnn(hidden = 4); task = rc; steps = 3; batch = 2 }\n"
                    "evaluate { network = t; task = rc; samples = 4 }\n");
    assert_true(number(result(r, 0), "steps") == 3);
    ran_free(r);
}

/* Misuse is reported by the compile step, at the key of the block that misuses. */
static void test_misuse_at_check(void **state)
{
    (void)state;
    check_bad("task rc { kind = repeat_copy; length = 2; width = 2 }\n"
              "memories M { generate = random(count = 3, size = 8) }\n"
              "network hop { store = M }\n"
              "analyze spectrum { network = hop; basis = privileged(task = rc) }\n",
              0, "basis privileged is built from a recurrent network's weights", 4, 43);
    check_bad("task rc { kind = repeat_copy; length = 2; width = 2 }\n"
              "memories M { generate = random(count = 3, size = 8) }\n"
              "network hop { store = M }\n"
              "evaluate { network = hop; task = rc }\n",
              0, "'hop' stores memories (a Hopfield network)", 4, 22);
    check_bad("task t3 { kind = repeat_copy; length = 2; width = 3 }\n"
              "network n { construct = emt(task = t3, hidden = 6) }\n"
              "task t2 { kind = repeat_copy; length = 2; width = 2 }\n"
              "evaluate { network = n; task = t2 }\n",
              0, "network 'n' has 3 inputs and 3 outputs", 4, 22);
    check_bad("task cc { kind = compose_copy; length = 2; width = 2; permutation = [0, 2] }\n", 0,
              "permutation[1] = 2 is not a component index in 0 … 1", 1, 73);
    /* One pass: both tasks' errors. */
    check_bad("task a { kind = repeat_copy; length = 2; width = 2; composition = [[1, 0], [0, 1]] }\n"
              "task b { kind = variable_binding; length = 1; width = 2; composition = [[1, 0]] }\n",
              1, "'composition' is 1 × 2 but a task of length 1 and width 2 needs s·d × d = 2 × 2", 2, 72);
    check_bad("network n { weights = [[0, 1], [1, 0]]; input_weights = [[1], [0], [0]] }\n", 0,
              "'input_weights' (the inline matrix) is 3 × 1 but needs rows = 2", 1, 57);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_task_kind),
        cmocka_unit_test(test_rate_network_read_as_recurrent),
        cmocka_unit_test(test_train_default_optimizer),
        cmocka_unit_test(test_misuse_at_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
