/* test_parser.c: the shape of the syntax tree for every construct of the
 * grammar, operator precedence, includes, and recovery from syntax errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/parse.h"

/* Writes the tree as an s-expression: (kind text ...kids). */
static void sexpr(const eg_ast *n, char *buf, size_t len, size_t *used)
{
#define PUT(...) (*used += (size_t)snprintf(buf + *used, *used < len ? len - *used : 0, __VA_ARGS__))
    switch (n->kind) {
    case EG_AST_NUMBER: PUT("%g", n->num); return;
    case EG_AST_STRING: PUT("\"%s\"", n->text); return;
    case EG_AST_NAME: PUT("%s", n->text); return;
    case EG_AST_FILE: PUT("(file"); break;
    case EG_AST_PARAM: PUT("(param %s", n->text); break;
    case EG_AST_INCLUDE: PUT("(include %s", n->text); break;
    case EG_AST_SWEEP: PUT("(sweep %s", n->text); break;
    case EG_AST_BLOCK: PUT("(block %s%s%s", n->text, n->name ? " " : "", n->name ? n->name : ""); break;
    case EG_AST_ENTRY: PUT("(= %s", n->text); break;
    case EG_AST_INDEX: PUT("(index"); break;
    case EG_AST_CALL: PUT("(call %s", n->text); break;
    case EG_AST_ARG: PUT(n->name ? "(arg %s" : "(arg", n->name); break;
    case EG_AST_LIST: PUT("(list"); break;
    case EG_AST_RANGE: PUT("(range"); break;
    case EG_AST_BINARY: PUT("(%c", n->op); break;
    case EG_AST_NEGATE: PUT("(neg"); break;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        PUT(" ");
        sexpr(n->kids[i], buf, len, used);
    }
    PUT(")");
#undef PUT
}

typedef struct parsed {
    eg_source_set sources;
    eg_diag_list diags;
    eg_ast *ast;
    char tree[4096];
} parsed;

static parsed *parse(const char *text)
{
    parsed *p = calloc(1, sizeof *p);
    assert_non_null(p);
    eg_source_set_init(&p->sources);
    eg_diag_list_init(&p->diags);
    p->ast = eg_parse_text(&p->sources, "t.engram", text, strlen(text), &p->diags);
    if (p->ast) {
        size_t used = 0;
        sexpr(p->ast, p->tree, sizeof p->tree, &used);
    }
    return p;
}

static void parsed_free(parsed *p)
{
    eg_ast_free(p->ast);
    eg_diag_list_free(&p->diags);
    eg_source_set_free(&p->sources);
    free(p);
}

/* The file parses without errors to exactly this tree. */
static void assert_tree(const char *text, const char *expected)
{
    parsed *p = parse(text);
    for (size_t i = 0; i < p->diags.count; i++)
        print_message("unexpected diagnostic: %s\n", p->diags.items[i].message);
    assert_int_equal(p->diags.errors, 0);
    assert_non_null(p->ast);
    assert_string_equal(p->tree, expected);
    parsed_free(p);
}

static void test_params_and_sweeps(void **state)
{
    (void)state;
    assert_tree("param a = 1", "(file (param a 1))");
    assert_tree("param a = 1\nparam b = a\n", "(file (param a 1) (param b a))");
    assert_tree("param s = \"x\"; param t = y", "(file (param s \"x\") (param t y))");
    assert_tree("sweep P in [1, 2]", "(file (sweep P (list 1 2)))");
    assert_tree("sweep P in 1 .. 9 step 2", "(file (sweep P (range 1 9 2)))");
    assert_tree("", "(file)");
    assert_tree("\n\n;;\n", "(file)");
}

static void test_blocks(void **state)
{
    (void)state;
    assert_tree("network hop { units = 3 }", "(file (block network hop (= units 3)))");
    assert_tree("recall { }", "(file (block recall))");
    assert_tree("recall {\n}\n", "(file (block recall))");
    assert_tree("m M {\n a = 1\n b = 2; c = 3;\n}", "(file (block m M (= a 1) (= b 2) (= c 3)))");
    /* The brace may open the next line. */
    assert_tree("m M\n{\n a = 1\n}", "(file (block m M (= a 1)))");
    /* Families read as a kind word and a name. */
    assert_tree("analyze fixed_points { n = decide }", "(file (block analyze fixed_points (= n decide)))");
    /* Nested blocks are kept for the check to judge. */
    assert_tree("a { b c { x = 1 } }", "(file (block a (block b c (= x 1))))");
    assert_tree("a { x = 1 }\nb { y = 2 }", "(file (block a (= x 1)) (block b (= y 2)))");
    /* Entries outside a block parse; the check reports them. */
    assert_tree("x = 1", "(file (= x 1))");
}

static void test_lists_ranges_calls_indexing(void **state)
{
    (void)state;
    assert_tree("a = []", "(file (= a (list)))");
    assert_tree("a = [1, [2, 3], [], [[4]],]", "(file (= a (list 1 (list 2 3) (list) (list (list 4)))))");
    assert_tree("a = 0 .. 10", "(file (= a (range 0 10)))");
    assert_tree("a = 0 .. n * 2 step 0.5", "(file (= a (range 0 (* n 2) 0.5)))");
    assert_tree("a = -1 .. 1", "(file (= a (range (neg 1) 1)))");
    assert_tree("a = f()", "(file (= a (call f)))");
    assert_tree("a = f(1, x)", "(file (= a (call f (arg 1) (arg x))))");
    assert_tree("a = flip(M[0], bits = 8, seed = 2 + 1)",
                "(file (= a (call flip (arg (index M 0)) (arg bits 8) (arg seed (+ 2 1)))))");
    assert_tree("a = M[i + 1]", "(file (= a (index M (+ i 1))))");
    assert_tree("a = W[1][2]", "(file (= a (index (index W 1) 2)))");
    assert_tree("a = [1, 2][0]", "(file (= a (index (list 1 2) 0)))");
    assert_tree("a = f(g(h(1)))", "(file (= a (call f (arg (call g (arg (call h (arg 1))))))))");
    /* Positional arguments, then named ones. */
    assert_tree("a = f(a, b, name = c)", "(file (= a (call f (arg a) (arg b) (arg name c))))");
    /* A keyword names an argument inside a call: uhn's documented param. */
    assert_tree("r = uhn(similarity = dot, separation = softmax, param = 1)",
                "(file (= r (call uhn (arg similarity dot) (arg separation softmax) (arg param 1))))");
    assert_tree("r = f(1, param = 2, include = 3, sweep = 4, in = 5)",
                "(file (= r (call f (arg 1) (arg param 2) (arg include 3) (arg sweep 4) (arg in 5))))");
    assert_tree("param p = 2\nn { rule = uhn(param = p) }",
                "(file (param p 2) (block n (= rule (call uhn (arg param p)))))");
}

static void test_precedence(void **state)
{
    (void)state;
    assert_tree("a = 1 + 2 * 3", "(file (= a (+ 1 (* 2 3))))");
    assert_tree("a = 1 * 2 + 3", "(file (= a (+ (* 1 2) 3)))");
    assert_tree("a = 1 - 2 - 3", "(file (= a (- (- 1 2) 3)))");
    assert_tree("a = 8 / 4 / 2", "(file (= a (/ (/ 8 4) 2)))");
    assert_tree("a = 2 ^ 3 ^ 2", "(file (= a (^ 2 (^ 3 2))))");
    assert_tree("a = 2 * 3 ^ 2", "(file (= a (* 2 (^ 3 2))))");
    /* Unary minus binds looser than '^' (-2^2 is -4) and tighter than '*'. */
    assert_tree("a = -2 ^ 2", "(file (= a (neg (^ 2 2))))");
    assert_tree("a = -2 * 3", "(file (= a (* (neg 2) 3)))");
    assert_tree("a = 2 ^ -1", "(file (= a (^ 2 (neg 1))))");
    assert_tree("a = - - 1", "(file (= a (neg (neg 1))))");
    assert_tree("a = (1 + 2) * 3", "(file (= a (* (+ 1 2) 3)))");
    assert_tree("a = 1 - -2", "(file (= a (- 1 (neg 2))))");
    /* '..' binds loosest of all. */
    assert_tree("a = 1 + 1 .. 2 * 5", "(file (= a (range (+ 1 1) (* 2 5))))");
}

static void test_newlines_continue_entries(void **state)
{
    (void)state;
    assert_tree("a = f(1,\n  2)\nb = 3", "(file (= a (call f (arg 1) (arg 2))) (= b 3))");
    assert_tree("a = [1,\n 2,\n]\n", "(file (= a (list 1 2)))");
    assert_tree("a = 1 +\n 2\n", "(file (= a (+ 1 2)))");
    assert_tree("a =\n 2\n", "(file (= a 2))");
}

static void test_locations(void **state)
{
    (void)state;
    parsed *p = parse("param a = 1\nnet n {\n  k = 2 * x\n}\n");
    assert_int_equal(p->diags.errors, 0);
    const eg_ast *param = p->ast->kids[0], *block = p->ast->kids[1];
    assert_int_equal(param->loc.line, 1);
    assert_int_equal(param->loc.col, 7);
    assert_int_equal(block->loc.line, 2);
    assert_int_equal(block->loc.col, 1);
    const eg_ast *entry = block->kids[0];
    assert_int_equal(entry->loc.line, 3);
    assert_int_equal(entry->loc.col, 3);
    /* A binary expression is located at its operator. */
    assert_int_equal(entry->kids[0]->loc.col, 9);
    assert_int_equal(entry->kids[0]->kids[1]->loc.col, 11);
    assert_string_equal(entry->loc.file, "t.engram");
    parsed_free(p);
}

/* The messages of every error, joined by '|'. */
static void errors_of(const parsed *p, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->diags.count; i++)
        if (p->diags.items[i].severity == EG_DIAG_ERROR)
            used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%d:%d %s", used ? "|" : "",
                                     p->diags.items[i].loc.line, p->diags.items[i].loc.col,
                                     p->diags.items[i].message);
}

static void test_recovery_reports_several_errors(void **state)
{
    (void)state;
    parsed *p = parse("m M {\n"
                      "  a = f(1 2)\n"
                      "  b = 3\n"
                      "}\n"
                      "n N {\n"
                      "  c = * 3\n"
                      "  d = 4\n"
                      "}\n"
                      "param = 3\n"
                      "param ok = 1\n");
    char errs[2048];
    errors_of(p, errs, sizeof errs);
    assert_string_equal(errs, "2:11 syntax error: unexpected number '2'; expected ',', ')' or an operator|"
                              "6:7 syntax error: unexpected '*'; expected a value|"
                              "9:7 syntax error: unexpected '='; expected a name");
    /* What follows each error survives: the blocks, their other entries, the last param. */
    assert_non_null(p->ast);
    assert_string_equal(p->tree, "(file (block m M (= b 3)) (block n N (= d 4)) (param ok 1))");
    /* Blocks and the file that lost something are marked, for the check. */
    assert_true(p->ast->damaged);
    assert_true(p->ast->kids[0]->damaged);
    assert_true(p->ast->kids[1]->damaged);
    parsed_free(p);
}

static void test_recovery_skips_a_whole_broken_block(void **state)
{
    (void)state;
    /* A broken header: the block that follows is skipped as a unit, so its
     * entries and its '}' do not each raise an error of their own. */
    parsed *p = parse("param a = 1 +\n"
                      "m M {\n"
                      "  x = 1\n"
                      "  y = 2\n"
                      "}\n"
                      "param b = 2\n");
    char errs[1024];
    errors_of(p, errs, sizeof errs);
    assert_string_equal(errs, "2:3 syntax error: unexpected name 'M'; expected end of line or an operator");
    assert_string_equal(p->tree, "(file (param b 2))");
    parsed_free(p);
}

static void test_syntax_messages(void **state)
{
    (void)state;
    struct {
        const char *text, *errors;
    } cases[] = {
        {"m { k v }", "1:9 syntax error: unexpected '}'; expected '=' after 'k' (or '{' if 'k v' opens a block)"},
        {"m { a = 1, b = 2 }",
         "1:10 syntax error: unexpected ','; expected end of line, '}' or an operator (entries are separated by ';' "
         "or a new line)"},
        {"}", "1:1 syntax error: unexpected '}': no block is open here"},
        {"m {\n a = 1\n", "2:7 syntax error: unexpected end of file: a block is not closed with '}'"},
        {"sweep P 1 .. 2", "1:9 syntax error: unexpected number '1'; expected 'in' or ','"},
        {"sweep P in 1 .. 2 by 1", "1:19 expected 'step' after a range, found 'by' (write 'a .. b step s')"},
        {"include x", "1:9 syntax error: unexpected name 'x'; expected a string"},
        {"a = [1, 2", "1:10 syntax error: unexpected end of file; expected ',', ']' or an operator"},
        /* A keyword is an argument's name, never a value. */
        {"a = f(param)", "1:12 syntax error: unexpected ')'; expected '='"},
        {"a = f(1, )", "1:10 syntax error: unexpected ')'; expected a value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed *p = parse(cases[i].text);
        char errs[1024];
        errors_of(p, errs, sizeof errs);
        assert_string_equal(errs, cases[i].errors);
        parsed_free(p);
    }
}

static void test_unclosed_bracket_notes(void **state)
{
    (void)state;
    parsed *p = parse("m {\n  a = f(1,\n  b = 2\n}\n");
    assert_int_equal(p->diags.errors, 1);
    assert_int_equal(p->diags.count, 2);
    assert_int_equal(p->diags.items[1].severity, EG_DIAG_NOTE);
    assert_string_equal(p->diags.items[1].message, "the '(' opened here is not closed");
    assert_int_equal(p->diags.items[1].loc.line, 2);
    assert_int_equal(p->diags.items[1].loc.col, 8);
    parsed_free(p);
    /* A line ending in '=' or an operator goes on: the note says so. */
    p = parse("param a =\nparam b = 1\n");
    assert_int_equal(p->diags.errors, 1);
    assert_int_equal(p->diags.count, 2);
    assert_int_equal(p->diags.items[0].loc.line, 2);
    assert_string_equal(p->diags.items[1].message, "the line ends with '=', so the entry goes on to the next line");
    assert_int_equal(p->diags.items[1].loc.line, 1);
    assert_int_equal(p->diags.items[1].loc.col, 10);
    parsed_free(p);
    /* A bracket closed later on the same line gets no such note. */
    p = parse("a = f(1 2)\n");
    assert_int_equal(p->diags.count, 1);
    parsed_free(p);
}

/* A scratch folder with files for include tests; removed by the caller. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_includes(void **state)
{
    (void)state;
    char dir[] = "/tmp/engram-parser-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char main_path[256], sub[256], inc[256], cyc_a[256], cyc_b[256];
    snprintf(main_path, sizeof main_path, "%s/main.engram", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(inc, sizeof inc, "%s/sub/params.inc", dir);
    snprintf(cyc_a, sizeof cyc_a, "%s/a.inc", dir);
    snprintf(cyc_b, sizeof cyc_b, "%s/b.inc", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(main_path, "param first = 0\ninclude \"sub/params.inc\"\nparam last = 3\n");
    write_file(inc, "param one = 1\nparam two = 2\n");
    write_file(cyc_a, "include \"b.inc\"\n");
    write_file(cyc_b, "include \"a.inc\"\n");

    /* The included statements take the place of the include, paths relative
     * to the including file, locations in the included one. */
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_file(&sources, main_path, &diags);
    assert_int_equal(diags.errors, 0);
    assert_int_equal(ast->nkids, 4);
    assert_string_equal(ast->kids[1]->text, "one");
    assert_string_equal(ast->kids[1]->loc.file, inc);
    assert_int_equal(ast->kids[2]->loc.line, 2);
    assert_string_equal(ast->kids[3]->text, "last");
    assert_false(ast->damaged);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);

    /* A cycle is an error at the include that closes it; the file is damaged. */
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    ast = eg_parse_file(&sources, cyc_a, &diags);
    assert_int_equal(diags.errors, 1);
    assert_non_null(strstr(diags.items[0].message, "include cycle"));
    assert_string_equal(diags.items[0].loc.file, cyc_b);
    assert_true(ast->damaged);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);

    /* A missing file, and a folder, are errors at the include. */
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    write_file(main_path, "include \"nope.inc\"\ninclude \"sub\"\n");
    ast = eg_parse_file(&sources, main_path, &diags);
    assert_int_equal(diags.errors, 2);
    assert_non_null(strstr(diags.items[0].message, "nope.inc': No such file or directory"));
    assert_non_null(strstr(diags.items[1].message, "it is not a regular file"));
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);

    /* A source set that forbids files refuses every include. */
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    sources.no_files = 1;
    ast = eg_parse_text(&sources, "t.engram", "include \"/etc/hostname\"\n", 24, &diags);
    assert_int_equal(diags.errors, 1);
    assert_non_null(strstr(diags.items[0].message, "reading files is disabled"));
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);

    unlink(main_path);
    unlink(inc);
    unlink(cyc_a);
    unlink(cyc_b);
    rmdir(sub);
    rmdir(dir);
}

/* n lines "param pK = K\n" into buf (large enough); returns the length. */
static size_t param_lines(char *buf, int n)
{
    size_t k = 0;
    for (int i = 0; i < n; i++)
        k += (size_t)sprintf(buf + k, "param p%d = %d\n", i, i);
    return k;
}

static void expect_params(const char *path, int n)
{
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_file(&sources, path, &diags);
    assert_int_equal(diags.errors, 0);
    assert_non_null(ast);
    assert_int_equal(ast->nkids, n);
    char last[32];
    snprintf(last, sizeof last, "p%d", n - 1);
    assert_string_equal(ast->kids[n - 1]->text, last);
    assert_int_equal(ast->kids[n - 1]->loc.line, n);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
}

/* Sources are read whole: a regular file at once, however large, and a pipe
 * (whose size is not known ahead) in growing pieces. */
static void test_reading_sources(void **state)
{
    (void)state;
    enum { LINES = 300000 }; /* about 5 MB: beyond a full arena chunk */
    char *text = malloc((size_t)LINES * 32);
    assert_non_null(text);
    size_t len = param_lines(text, LINES);
    char dir[] = "/tmp/engram-sources-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[256], fifo[256];
    snprintf(file, sizeof file, "%s/big.engram", dir);
    snprintf(fifo, sizeof fifo, "%s/pipe.engram", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    expect_params(file, LINES);

    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t writer = fork();
    assert_true(writer >= 0);
    if (writer == 0) {
        FILE *w = fopen(fifo, "w");
        size_t part = param_lines(text, 20000); /* several times the first read */
        _exit(w && fwrite(text, 1, part, w) == part && fclose(w) == 0 ? 0 : 1);
    }
    expect_params(fifo, 20000);
    int status = 0;
    assert_int_equal(waitpid(writer, &status, 0), writer);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    unlink(file);
    unlink(fifo);
    rmdir(dir);
    free(text);
}

static void test_binary_input(void **state)
{
    (void)state;
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    const char text[] = "param a = 1\nab\0cd";
    eg_ast *ast = eg_parse_text(&sources, "bin", text, sizeof text - 1, &diags);
    assert_null(ast);
    assert_int_equal(diags.errors, 1);
    assert_int_equal(diags.items[0].loc.line, 2);
    assert_int_equal(diags.items[0].loc.col, 3);
    assert_non_null(strstr(diags.items[0].message, "NUL byte"));
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
}

/* "param v = " then n times open, "1", n times close. */
static parsed *parse_nested(int n, const char *open, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close);
    char *text = malloc(16 + (size_t)n * (lo + lc));
    assert_non_null(text);
    size_t k = (size_t)sprintf(text, "param v = ");
    for (int i = 0; i < n; i++, k += lo)
        memcpy(text + k, open, lo);
    text[k++] = '1';
    for (int i = 0; i < n; i++, k += lc)
        memcpy(text + k, close, lc);
    text[k] = '\0';
    parsed *p = parse(text);
    free(text);
    return p;
}

static void test_deep_nesting(void **state)
{
    (void)state;
    /* Thousands of levels parse (and free) without trouble... */
    parsed *p = parse_nested(4000, "[", "]");
    assert_int_equal(p->diags.errors, 0);
    assert_non_null(p->ast);
    parsed_free(p);
    p = parse_nested(4000, "-(", ")");
    assert_int_equal(p->diags.errors, 0);
    parsed_free(p);
    /* ... and absurd depth is one clear error, not a crash or "out of memory". */
    p = parse_nested(50000, "(", ")");
    assert_null(p->ast);
    assert_int_equal(p->diags.errors, 1);
    assert_non_null(strstr(p->diags.items[0].message, "nest too deeply"));
    parsed_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_and_sweeps),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_lists_ranges_calls_indexing),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_newlines_continue_entries),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_recovery_reports_several_errors),
        cmocka_unit_test(test_recovery_skips_a_whole_broken_block),
        cmocka_unit_test(test_syntax_messages),
        cmocka_unit_test(test_unclosed_bracket_notes),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_reading_sources),
        cmocka_unit_test(test_binary_input),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
