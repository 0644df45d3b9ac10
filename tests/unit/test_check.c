/* test_check.c: the semantic check against schema tables defined here (so the
 * tests do not move when block kinds change): names, keys, arguments, values,
 * types and ranges, required keys, references, overrides and sweeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/model.h"
#include "lang/parse.h"

static const eg_key no_keys[] = {EG_KEYS_END};
static const eg_key gen_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "how many"},
    {"scale", &eg_type_positive, 0, 2.5, NULL, "how large"},
    EG_KEYS_END,
};
static const eg_schema gen_fn = EG_SCHEMA("gen", "a generator", gen_keys);
static const eg_schema constant_fn = EG_SCHEMA("constant", "a constant", no_keys);
static const eg_schema *const gens[] = {&gen_fn, &constant_fn, NULL};
static const eg_type gen_type = {.kind = EG_TY_CALL, .calls = gens, .what = "a generator"};

static const eg_key source_keys[] = {
    {"make", &gen_type, 1, 0, NULL, "how it is made"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed"},
    EG_KEYS_END,
};

static const char *const mode_words[] = {"fast", "slow", NULL};
static const eg_type mode_type = {.kind = EG_TY_WORD, .words = mode_words};
static const eg_type from_type = {.kind = EG_TY_REF, .ref_kind = "source", .ref_item = EG_REF_WHOLE};
static const eg_type item_type = {.kind = EG_TY_REF, .ref_kind = "source", .ref_item = EG_REF_ITEM};
static const eg_type numbers_type = {.kind = EG_TY_LIST, .elem = &eg_type_number, .what = "a list of numbers"};
static const eg_key sink_keys[] = {
    {"from", &from_type, 1, 0, NULL, "where from"},
    {"item", &item_type, 0, 0, NULL, "one item"},
    {"mode", &mode_type, 0, 0, "fast", "how"},
    {"rate", &eg_type_probability, 0, 0.25, NULL, "a probability"},
    {"weights", &eg_type_matrix, 0, 0, NULL, "a matrix"},
    {"values", &eg_type_vector, 0, 0, NULL, "a vector"},
    {"span", &eg_type_range, 0, 0, NULL, "a range"},
    {"label", &eg_type_string, 0, 0, NULL, "a string"},
    {"tags", &numbers_type, 0, 0, NULL, "numbers"},
    EG_KEYS_END,
};
static const eg_key probe_keys[] = {
    {"target", &from_type, 1, 0, NULL, "what to probe"},
    EG_KEYS_END,
};
static const eg_schema source_schema = EG_SCHEMA("source", "a source", source_keys);
static const eg_schema sink_schema = EG_SCHEMA("sink", "a sink", sink_keys);
static const eg_schema probe_schema = {.name = "probe", .doc = "a probe", .keys = probe_keys, .family = "analyze"};
static const eg_schema *const kinds[] = {&source_schema, &sink_schema, &probe_schema, NULL};

typedef struct checked {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    eg_model *model;
    char errors[4096]; /* "line:col message" of every diagnostic, joined by '|' */
} checked;

static checked *check_with(const char *text, const eg_override *ov, size_t nov)
{
    checked *c = calloc(1, sizeof *c);
    assert_non_null(c);
    eg_source_set_init(&c->sources);
    eg_diag_list_init(&c->diags);
    c->ast = eg_parse_text(&c->sources, "t.engram", text, strlen(text), &c->diags);
    if (c->ast)
        c->model = eg_model_check(c->ast, kinds, ov, nov, &c->diags);
    size_t used = 0;
    for (size_t i = 0; i < c->diags.count; i++) {
        const eg_diag *d = &c->diags.items[i];
        used += (size_t)snprintf(c->errors + used, used < sizeof c->errors ? sizeof c->errors - used : 0,
                                 "%s%s%d:%d %s", used ? "|" : "", d->severity == EG_DIAG_NOTE ? "note " : "",
                                 d->loc.line, d->loc.col, d->message);
    }
    return c;
}

static checked *check(const char *text)
{
    return check_with(text, NULL, 0);
}

static void checked_free(checked *c)
{
    eg_model_free(c->model);
    eg_ast_free(c->ast);
    eg_diag_list_free(&c->diags);
    eg_source_set_free(&c->sources);
    free(c);
}

/* The model is rejected with exactly these diagnostics. */
static void assert_errors(const char *text, const char *expected)
{
    checked *c = check(text);
    assert_string_equal(c->errors, expected);
    assert_null(c->model);
    checked_free(c);
}

#define SRC "source S { make = gen(count = 3) }\n"

static void test_clean_model_and_accessors(void **state)
{
    (void)state;
    checked *c = check("param n = 4\n" SRC
                       "sink out { from = S; item = S[n - 1]; mode = slow; weights = [[1, 2], [3, 4]]\n"
                       "           values = [1, 2]; span = 0 .. 1 step 0.5; label = \"x\"; tags = [] }\n"
                       "sink { from = S }\n"
                       "analyze probe { target = S }\n"
                       "analyze probe { target = S }\n");
    assert_string_equal(c->errors, "");
    assert_non_null(c->model);
    const eg_model *m = c->model;
    assert_int_equal(m->nblocks, 5);
    /* Unnamed blocks are numbered within their kind; families by the kind word. */
    assert_string_equal(m->blocks[2]->name, "sink_2");
    assert_false(m->blocks[2]->named);
    assert_string_equal(m->blocks[3]->name, "probe_1");
    assert_string_equal(m->blocks[4]->name, "probe_2");
    const eg_block *out = eg_model_block(m, "out");
    assert_non_null(out);
    assert_string_equal(eg_block_word(out, "mode"), "slow");
    /* Unset keys give the schema's defaults. */
    const eg_block *sink2 = m->blocks[2];
    assert_null(eg_block_value(sink2, "rate"));
    assert_true(eg_block_number(sink2, "rate") == 0.25);
    assert_string_equal(eg_block_word(sink2, "mode"), "fast");
    assert_int_equal(eg_block_loc(sink2, "rate").line, sink2->loc.line);
    /* A reference with an index, evaluated from a param. */
    const eg_value *item = eg_block_value(out, "item");
    assert_int_equal(item->kind, EG_VAL_REF);
    assert_true(item->indexed);
    assert_int_equal(item->index, 3);
    assert_ptr_equal(item->ref, eg_model_block(m, "S"));
    /* A call's positional and default arguments. */
    const eg_value *make = eg_block_value(eg_model_block(m, "S"), "make");
    assert_ptr_equal(make->schema, &gen_fn);
    assert_true(eg_call_number(make, "count") == 3);
    assert_true(eg_call_number(make, "scale") == 2.5);
    checked_free(c);

    /* A bare function name is that function called without arguments. */
    c = check("source S { make = constant }\n");
    assert_non_null(c->model);
    const eg_value *v = eg_block_value(c->model->blocks[0], "make");
    assert_int_equal(v->kind, EG_VAL_CALL);
    assert_string_equal(v->str, "constant");
    checked_free(c);

    /* Positional arguments take the keys in order. */
    c = check("source S { make = gen(7, 0.5) }\n");
    assert_non_null(c->model);
    v = eg_block_value(c->model->blocks[0], "make");
    assert_string_equal(v->arg_names[0], "count");
    assert_string_equal(v->arg_names[1], "scale");
    checked_free(c);
}

static void test_unknown_kinds(void **state)
{
    (void)state;
    assert_errors("sorce S { }", "1:1 unknown block kind 'sorce'; did you mean 'source'?");
    assert_errors("rocket R { }", "1:1 unknown block kind 'rocket'");
    assert_errors("analyze prob { target = x }", "1:1 unknown kind of analyze 'prob'; did you mean 'probe'?");
    assert_errors("analyze { target = x }", "1:1 'analyze' needs to say what: analyze NAME { ... }");
}

static void test_unknown_keys_arguments_values(void **state)
{
    (void)state;
    assert_errors(SRC "sink { from = S; mdoe = fast }", "2:18 unknown key 'mdoe' in sink block; did you mean 'mode'?");
    assert_errors(SRC "sink k { from = S; colour = 1 }", "2:20 unknown key 'colour' in sink 'k'");
    assert_errors("source S { make = gen(cuont = 3) }",
                  "1:23 unknown argument 'cuont' to 'gen'; did you mean 'count'?");
    assert_errors("source S { make = gem(count = 3) }",
                  "1:19 unknown function 'gem' for 'make' in source 'S'; did you mean 'gen'?");
    assert_errors("source S { make = zzz(1) }",
                  "1:19 unknown function 'zzz' for 'make' in source 'S'; expected gen or constant");
    assert_errors(SRC "sink { from = S; mode = slwo }",
                  "2:25 unknown value 'slwo' for 'mode' in sink block; did you mean 'slow'?");
    assert_errors(SRC "sink { from = S; mode = medium }",
                  "2:25 unknown value 'medium' for 'mode' in sink block; expected fast or slow");
    assert_errors("source S { make = gen(3, 1, 2) }", "1:29 too many arguments to 'gen' (it takes 2)");
    assert_errors("source S { make = gen(count = 3, 1) }",
                  "1:34 positional argument after named ones in call to 'gen'");
}

static void test_duplicates(void **state)
{
    (void)state;
    assert_errors(SRC SRC, "2:1 'S' is already defined|note 1:1 'S' was first defined here");
    assert_errors("param S = 1\n" SRC, "2:1 'S' is already defined|note 1:7 'S' was first defined here");
    assert_errors("param a = 1\nparam a = 2", "2:7 'a' is already defined|note 1:7 'a' was first defined here");
    assert_errors("source S {\n make = constant\n seed = 1\n seed = 2\n}",
                  "4:2 key 'seed' is set twice in source 'S'|note 3:2 first set here");
    assert_errors("source S { make = gen(count = 1, count = 2) }", "1:34 argument 'count' to 'gen' given twice");
}

static void test_wrong_types(void **state)
{
    (void)state;
    assert_errors("source S { make = gen(count = \"3\") }",
                  "1:31 argument 'count' of 'gen' must be a whole number >= 1, not a string");
    assert_errors("source S { make = constant; seed = [1] }",
                  "1:36 'seed' in source 'S' must be a whole number >= 0, not a list");
    assert_errors(SRC "sink { from = S; label = 3 }", "2:26 'label' in sink block must be a string, not 3");
    assert_errors(SRC "sink A { from = S }\nsink { from = A }",
                  "3:15 'from' in sink block must name a source block, but 'A' is a sink block");
    assert_errors(SRC "sink { from = S[0] }",
                  "2:15 'from' in sink block takes the whole source 'S', without an index");
    assert_errors(SRC "sink { from = S; item = S }",
                  "2:25 'item' in sink block takes one item of source 'S': write S[i]");
    assert_errors(SRC "sink { from = S; weights = [[1, 2], [3]] }",
                  "2:37 row 1 of 'weights' in sink block has 1 entries, row 0 has 2");
    assert_errors(SRC "sink { from = S; weights = [1, 2] }",
                  "2:28 'weights' in sink block must be a matrix (a list of equally long lists of numbers), not a list");
    assert_errors(SRC "sink { from = S; values = [1, \"x\"] }",
                  "2:27 'values' in sink block must be a number or a list of numbers, not a list");
    assert_errors(SRC "sink { from = S; span = [0, 1] }",
                  "2:25 'span' in sink block must be a range 'a .. b', not a list");
    assert_errors(SRC "sink { from = S; tags = [1, S] }",
                  "2:29 'tags' in sink block must be a number, not the block 'S'");
    /* A bare word where no word fits is a misspelt param, if one is close. */
    assert_errors("param count = 2\nsource S { make = gen(count = coutn) }",
                  "2:31 unknown name 'coutn' for argument 'count' of 'gen'; did you mean the param 'count'?");
    assert_errors("source S { make = gen(count = zebra) }",
                  "1:31 argument 'count' of 'gen' must be a whole number >= 1, not 'zebra' (no param or block has "
                  "this name)");
}

static void test_ranges(void **state)
{
    (void)state;
    assert_errors(SRC "sink { from = S; rate = 1.5 }",
                  "2:25 'rate' in sink block must be a number in [0, 1], not 1.5");
    assert_errors(SRC "sink { from = S; rate = -0.1 }",
                  "2:25 'rate' in sink block must be a number in [0, 1], not -0.1");
    assert_errors("source S { make = gen(count = 0) }",
                  "1:31 argument 'count' of 'gen' must be a whole number >= 1, not 0");
    assert_errors("source S { make = gen(count = 2.5) }",
                  "1:31 argument 'count' of 'gen' must be a whole number, not 2.5");
    assert_errors("source S { make = gen(count = 1, scale = 0) }",
                  "1:42 argument 'scale' of 'gen' must be a positive number, not 0");
    /* The edges of a closed interval are inside it. */
    checked *c = check(SRC "sink { from = S; rate = 0 }\nsink { from = S; rate = 1 }");
    assert_non_null(c->model);
    checked_free(c);
}

static void test_required_keys(void **state)
{
    (void)state;
    assert_errors("source S { seed = 1 }", "1:1 source 'S' needs the key 'make'");
    assert_errors("source S { make = gen(scale = 1) }", "1:19 'gen' needs the argument 'count'");
    assert_errors("analyze probe { }", "1:1 probe block needs the key 'target'");
    /* An unknown key taken for a misspelling of a missing one is one error, not two. */
    assert_errors("source S { mkae = constant }", "1:12 unknown key 'mkae' in source 'S'; did you mean 'make'?");
    /* So is a wrong argument next to a missing one. */
    assert_errors("source S { make = gen(cont = 1) }", "1:23 unknown argument 'cont' to 'gen'; did you mean 'count'?");
    /* A block that lost an entry to a syntax error is not said to miss it. */
    assert_errors("source S { make = gen(count = 1,, ) }",
                  "1:33 syntax error: unexpected ','; expected a value");
}

static void test_references(void **state)
{
    (void)state;
    assert_errors("source Src { make = constant }\nsink { from = Sr }",
                  "2:15 unknown source 'Sr' for 'from' in sink block; did you mean 'Src'?");
    /* A single letter is never taken for a misspelling of another. */
    assert_errors(SRC "sink { from = T }", "2:15 unknown source 'T' for 'from' in sink block");
    assert_errors(SRC "sink { from = Nowhere }", "2:15 unknown source 'Nowhere' for 'from' in sink block");
    /* References may point forward. */
    checked *c = check("sink { from = S }\n" SRC);
    assert_string_equal(c->errors, "");
    assert_non_null(c->model);
    checked_free(c);
    /* A param cannot stand for a block. */
    assert_errors(SRC "param p = S", "2:11 param 'p' cannot name a block");
}

static void test_expressions_in_entries(void **state)
{
    (void)state;
    assert_errors("param n = 0\nsource S { make = gen(count = 4 / n) }", "2:33 division by zero");
    assert_errors("source S { make = gen(count = n + 1) }",
                  "1:31 unknown name 'n': no param or block has this name");
    assert_errors("param size = 2\nsource S { make = gen(count = sise * 2) }",
                  "2:31 unknown name 'sise'; did you mean 'size'?");
    assert_errors("param a = b\nparam b = 1\nsource S { make = gen(count = a + 1) }",
                  "1:11 param 'b' is used before it is defined|note 2:7 'b' is defined here");
    assert_errors("param a = b * 2\nparam b = 1",
                  "1:11 param 'b' is used before it is defined|note 2:7 'b' is defined here");
}

static void test_misplaced_statements(void **state)
{
    (void)state;
    /* An entry outside a block counts as the param it was meant to be: its uses are fine. */
    assert_errors("n = 3\nsource S { make = gen(count = n) }",
                  "1:1 'n = ...' is outside any block; did you mean 'param n = ...'?");
    /* A block inside another: one error, and its name is still defined. */
    assert_errors("sink { from = S\n  source S { make = constant }\n}",
                  "2:3 a 'source' block cannot appear inside a sink block: blocks are written at the top level");
}

static void test_syntax_errors_do_not_cascade(void **state)
{
    (void)state;
    /* The dropped statements might have defined S, n and m: two syntax errors,
     * none about those names. */
    checked *c = check("source S make = constant }\nparam n = \nsink { from = S; rate = n }\nsweep m in [1]\n");
    assert_null(c->model);
    assert_string_equal(c->errors, "1:10 syntax error: unexpected name 'make'; expected '=' after 'source' (or '{' if "
                                   "'source S' opens a block)|3:6 syntax error: unexpected '{'; expected end of line "
                                   "or an operator|note 2:11 the line ends with '=', so the entry goes on to the next "
                                   "line");
    checked_free(c);
    /* A clean parse that the check accepts is still refused if the file was damaged. */
    c = check("source S { make = constant }\nparam = 1\n");
    assert_null(c->model);
    assert_int_equal(c->diags.errors, 1);
    checked_free(c);
}

static void test_overrides(void **state)
{
    (void)state;
    eg_value *five = eg_value_number(NULL, (eg_loc){NULL, 0, 0}, 5);
    eg_override ov[] = {{"n", five}};
    checked *c = check_with("param n = 2\nparam m = n * 2\nsource S { make = gen(count = m) }", ov, 1);
    assert_string_equal(c->errors, "");
    assert_non_null(c->model);
    const eg_param *n = eg_model_param(c->model, "n");
    assert_true(n->overridden);
    assert_true(n->value->num == 5);
    /* Later params see the overridden value. */
    assert_true(eg_model_param(c->model, "m")->value->num == 10);
    assert_false(eg_model_param(c->model, "m")->overridden);
    checked_free(c);

    eg_override typo[] = {{"sizes", five}};
    c = check_with("param size = 2", typo, 1);
    assert_string_equal(c->errors, "0:0 -D sizes: the model has no param 'sizes'; did you mean 'size'?");
    assert_null(c->model);
    checked_free(c);
    eg_override unknown[] = {{"zeta", five}};
    c = check_with("param n = 2", unknown, 1);
    assert_string_equal(c->errors, "0:0 -D zeta: the model has no param 'zeta'");
    checked_free(c);
    /* An override may make a value invalid: the check still judges it. */
    eg_value *neg = eg_value_number(NULL, (eg_loc){NULL, 0, 0}, -1);
    eg_override bad[] = {{"n", neg}};
    c = check_with("param n = 2\nsource S { make = gen(count = n) }", bad, 1);
    assert_non_null(strstr(c->errors, "must be a whole number >= 1, not -1"));
    checked_free(c);
    eg_value_free(neg);
    eg_value_free(five);
}

static void assert_sweep(const char *text, const double *values, size_t n)
{
    checked *c = check(text);
    assert_string_equal(c->errors, "");
    assert_non_null(c->model);
    assert_int_equal(c->model->nsweeps, 1);
    assert_int_equal(c->model->sweeps[0].n, n);
    for (size_t i = 0; i < n; i++)
        assert_true(fabs(c->model->sweeps[0].values[i] - values[i]) < 1e-12);
    checked_free(c);
}

static void test_sweeps(void **state)
{
    (void)state;
    assert_sweep("param p = 1\nsweep p in [3, 1, 2]", (const double[]){3, 1, 2}, 3);
    assert_sweep("param p = 1\nsweep p in 1 .. 4", (const double[]){1, 2, 3, 4}, 4);
    assert_sweep("param p = 1\nsweep p in 0 .. 1 step 0.25", (const double[]){0, 0.25, 0.5, 0.75, 1}, 5);
    /* The end is reached despite rounding (0.1 is not exact in binary). */
    assert_sweep("param p = 1\nsweep p in 0 .. 0.3 step 0.1", (const double[]){0, 0.1, 0.2, 0.3}, 4);
    /* An end that the steps do not land on is not included. */
    assert_sweep("param p = 1\nsweep p in 0 .. 1 step 0.4", (const double[]){0, 0.4, 0.8}, 3);
    assert_sweep("param p = 1\nsweep p in 5 .. 1 step -2", (const double[]){5, 3, 1}, 3);
    assert_sweep("param k = 2\nparam p = 1\nsweep p in k .. 2 * k step k / 2", (const double[]){2, 3, 4}, 3);

    assert_errors("param p = 1\nsweep p in 2 .. 1", "2:12 the range 2 .. 1 with step 1 never reaches its end");
    assert_errors("param p = 1\nsweep p in 0 .. 1 step 0", "2:12 the range 0 .. 1 with step 0 never reaches its end");
    assert_errors("param p = 1\nsweep p in []", "2:12 a sweep needs at least one value");
    assert_errors("param p = 1\nsweep p in [1, \"a\"]", "2:16 a sweep takes numbers, not a string");
    assert_errors("param p = 1\nsweep p in 3", "2:12 a sweep takes a list of numbers or a range 'a .. b step s'");
    assert_errors("param rate = 1\nsweep rat in [1]", "2:7 sweep over 'rat', which is not a param; did you mean 'rate'?");
    assert_errors("sweep zeta in [1]", "1:7 sweep over 'zeta', which is not a param (declare 'param zeta = ...')");
    assert_errors("param p = 1\nsweep p in [1]\nsweep p in [2]", "3:7 'p' is swept twice|note 2:7 first swept here");
    assert_errors("param p = 1\nsweep p in 0 .. 1e7",
                  "2:12 the range 0 .. 1e+07 with step 1 has 10000001 points; at most 1000000 are allowed");
    assert_errors("param p = 1\nsweep p in [1, 2] .. 3", "2:12 a range is made of numbers, not a list");
    /* Each sweep within bounds, their grid too large: at the sweep that takes it past. */
    assert_errors("param a = 1\nparam b = 1\nparam c = 1\nsweep a in 1 .. 1e6\nsweep b, c in zip(1 .. 1e6, 1 .. 1e6)",
                  "5:7 sweeping 'b' makes a grid of 1000000 x 1000000 = 1000000000000 points; "
                  "at most 4294967296 are allowed");
    /* A param pinned by -D leaves its sweep out of the grid. */
    eg_value *one = eg_value_number(NULL, eg_loc_file(NULL), 1);
    eg_override pin = {"b", one};
    checked *c = check_with("param a = 1\nparam b = 1\nsweep a in 1 .. 1e6\nsweep b in 1 .. 1e6", &pin, 1);
    assert_non_null(c->model);
    checked_free(c);
    eg_value_free(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_model_and_accessors),
        cmocka_unit_test(test_unknown_kinds),
        cmocka_unit_test(test_unknown_keys_arguments_values),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_required_keys),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_expressions_in_entries),
        cmocka_unit_test(test_misplaced_statements),
        cmocka_unit_test(test_syntax_errors_do_not_cascade),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_sweeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
