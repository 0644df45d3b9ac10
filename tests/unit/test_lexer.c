/* test_lexer.c: the scanner of model files: tokens and their locations, the
 * newline rules, strings and escapes, numbers, comments and lexical errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/parse_ctx.h"

#include "engram_parser.h"
#define YYSTYPE EG_YYSTYPE
#define YYLTYPE EG_YYLTYPE
#include "engram_lexer.h"


enum { MAX_TOKENS = 64 };

typedef struct token {
    int kind;
    int line, col;
    double num;
    char text[64];
} token;

typedef struct scan {
    token toks[MAX_TOKENS];
    int n;
    eg_diag_list diags;
} scan;

/* Scans text to the end; every token with its location, every diagnostic. */
static scan *lex(const char *text)
{
    scan *s = calloc(1, sizeof *s);
    assert_non_null(s);
    eg_diag_list_init(&s->diags);
    eg_parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    eg_arena arena = {0};
    ctx.diags = &s->diags;
    ctx.arena = &arena; /* token texts go here */
    ctx.file = "t.engram";
    ctx.line = 1;
    ctx.col = 1;
    yyscan_t scanner;
    assert_int_equal(eg_yylex_init_extra(&ctx, &scanner), 0);
    YY_BUFFER_STATE buf = eg_yy_scan_bytes(text, (int)strlen(text), scanner);
    assert_non_null(buf);
    for (;;) {
        EG_YYSTYPE val;
        EG_YYLTYPE loc;
        memset(&val, 0, sizeof val);
        int kind = eg_yylex(&val, &loc, scanner);
        if (kind == 0)
            break;
        assert_true(s->n < MAX_TOKENS);
        token *t = &s->toks[s->n++];
        t->kind = kind;
        t->line = loc.first_line;
        t->col = loc.first_column;
        if (kind == NUMBER)
            t->num = val.num;
        if ((kind == NAME || kind == STRING) && val.str)
            snprintf(t->text, sizeof t->text, "%s", val.str);
    }
    eg_yy_delete_buffer(buf, scanner);
    eg_yylex_destroy(scanner);
    free(ctx.strbuf);
    eg_arena_free(&arena);
    return s;
}

static void scan_free(scan *s)
{
    eg_diag_list_free(&s->diags);
    free(s);
}

/* The token kinds as a string of one letter each: N name, 0 number, S string,
 * ; end of entry, ! error, p param, i include, s sweep, n in, : '..', and
 * punctuation as itself. */
static const char *kinds(const scan *s, char *buf)
{
    int k = 0;
    for (int i = 0; i < s->n; i++) {
        int t = s->toks[i].kind;
        char c = t == NAME ? 'N' : t == NUMBER ? '0' : t == STRING ? 'S' : t == TERM ? ';' : t == EG_YYerror ? '!'
                 : t == PARAM ? 'p' : t == INCLUDE ? 'i' : t == SWEEP ? 's' : t == IN ? 'n' : t == DOTDOT ? ':'
                 : (char)t;
        buf[k++] = c;
    }
    buf[k] = '\0';
    return buf;
}

#define ASSERT_KINDS(text, expected)                                                                            \
    do {                                                                                                        \
        scan *s_ = lex(text);                                                                                   \
        char b_[MAX_TOKENS + 1];                                                                                \
        assert_string_equal(kinds(s_, b_), expected);                                                           \
        assert_int_equal(s_->diags.errors, 0);                                                                  \
        scan_free(s_);                                                                                          \
    } while (0)

static void test_tokens_and_locations(void **state)
{
    (void)state;
    scan *s = lex("param a = 1\nmemories M {\n\tseed = x_2\n}\n");
    char b[MAX_TOKENS + 1];
    assert_string_equal(kinds(s, b), "pN=0;NN{N=N;};");
    /* Lines and byte columns from 1; a tab is one byte. */
    int where[][2] = {{1, 1}, {1, 7}, {1, 9}, {1, 11}, {1, 12}, {2, 1}, {2, 10}, {2, 12},
                      {3, 2}, {3, 7}, {3, 9}, {3, 12}, {4, 1}, {4, 2}};
    for (int i = 0; i < s->n; i++) {
        assert_int_equal(s->toks[i].line, where[i][0]);
        assert_int_equal(s->toks[i].col, where[i][1]);
    }
    assert_string_equal(s->toks[1].text, "a");
    assert_string_equal(s->toks[6].text, "M");
    assert_string_equal(s->toks[10].text, "x_2");
    scan_free(s);
}

static void test_keywords_and_punctuation(void **state)
{
    (void)state;
    ASSERT_KINDS("include \"x\"", "iS");
    ASSERT_KINDS("sweep P in 1 .. 2", "sNn0:0");
    ASSERT_KINDS("a=[1,2](x)^-3*4/5+6", "N=[0,0](N)^-0*0/0+0");
    /* Keywords are whole words only. */
    ASSERT_KINDS("params inx sweeping", "NNN");
}

static void test_newline_rules(void **state)
{
    (void)state;
    /* A newline ends an entry; blank lines add nothing. */
    ASSERT_KINDS("a = 1\n\n\nb = 2\n", "N=0;N=0;");
    /* Inside ( and [ newlines never end an entry, however deep. */
    ASSERT_KINDS("a = f(1,\n 2\n)\n", "N=N(0,0);");
    ASSERT_KINDS("a = [[1\n], [2,\n3]]\n", "N=[[0],[0,0]];");
    /* After an operator, '=', ',' or '..' the entry goes on. */
    ASSERT_KINDS("a = 1 +\n2 *\n3 -\n4 /\n5 ^\n6\n", "N=0+0*0-0/0^0;");
    ASSERT_KINDS("a =\n 1\n", "N=0;");
    ASSERT_KINDS("a = 1 ..\n 2\n", "N=0:0;");
    /* After '{' a newline is nothing; ';' always ends an entry. */
    ASSERT_KINDS("b {\n a = 1; c = 2\n}\n", "N{N=0;N=0;};");
    ASSERT_KINDS("a = (1;\n", "N=(0;");
    /* A brace closes every bracket left open: the newline after it counts. */
    ASSERT_KINDS("b { a = f(1 }\nc = 2\n", "N{N=N(0};N=0;");
    /* A comment does not hide the newline that ends its line. */
    ASSERT_KINDS("a = 1 # note = 2\nb = 3", "N=0;N=0");
}

static void test_strings_and_escapes(void **state)
{
    (void)state;
    scan *s = lex("a = \"tab\\there \\\"q\\\" back\\\\slash\\n\" \"\"");
    char b[MAX_TOKENS + 1];
    assert_string_equal(kinds(s, b), "N=SS");
    assert_string_equal(s->toks[2].text, "tab\there \"q\" back\\slash\n");
    assert_int_equal(s->toks[2].col, 5);
    assert_string_equal(s->toks[3].text, "");
    assert_int_equal(s->diags.errors, 0);
    scan_free(s);

    /* '#' inside a string is text, not a comment. */
    s = lex("a = \"x # y\"\n");
    assert_string_equal(kinds(s, b), "N=S;");
    assert_string_equal(s->toks[2].text, "x # y");
    scan_free(s);
}

static void test_string_errors(void **state)
{
    (void)state;
    char b[MAX_TOKENS + 1];
    /* An unknown escape: reported where it is, the string becomes an error token. */
    scan *s = lex("a = \"x\\qy\"\nb = 1\n");
    assert_string_equal(kinds(s, b), "N=!;N=0;");
    assert_int_equal(s->diags.errors, 1);
    assert_int_equal(s->diags.items[0].loc.col, 7);
    assert_non_null(strstr(s->diags.items[0].message, "unknown escape sequence '\\q'"));
    scan_free(s);

    /* Unterminated at the end of a line: reported at the opening quote, and the
     * newline still ends the entry so the next line scans normally. */
    s = lex("a = \"open\nb = 1\n");
    assert_string_equal(kinds(s, b), "N=!;N=0;");
    assert_int_equal(s->diags.errors, 1);
    assert_int_equal(s->diags.items[0].loc.line, 1);
    assert_int_equal(s->diags.items[0].loc.col, 5);
    assert_non_null(strstr(s->diags.items[0].message, "unterminated string"));
    assert_int_equal(s->toks[4].line, 2);
    assert_int_equal(s->toks[4].col, 1);
    scan_free(s);

    /* Unterminated at the end of the file, also after a lone backslash. */
    s = lex("a = \"open");
    assert_string_equal(kinds(s, b), "N=!");
    assert_int_equal(s->diags.errors, 1);
    scan_free(s);
    s = lex("a = \"open\\");
    assert_string_equal(kinds(s, b), "N=!");
    assert_int_equal(s->diags.errors, 1);
    scan_free(s);
}

static void test_numbers(void **state)
{
    (void)state;
    scan *s = lex("0 1 0.5 12.25 1e-9 2.5E+3 7e2 1..5");
    char b[MAX_TOKENS + 1];
    assert_string_equal(kinds(s, b), "00000000:0");
    double expected[] = {0, 1, 0.5, 12.25, 1e-9, 2500, 700, 1};
    for (int i = 0; i < 7; i++)
        assert_true(s->toks[i].num == expected[i]);
    assert_true(s->toks[9].num == 5);
    assert_int_equal(s->diags.errors, 0);
    scan_free(s);
    /* The smallest subnormal and the largest double are still numbers. */
    s = lex("4.9e-324 1.7976931348623157e308");
    assert_int_equal(s->diags.errors, 0);
    assert_true(s->toks[0].num > 0);
    assert_true(isfinite(s->toks[1].num));
    scan_free(s);
}

/* One malformed number: a single error token and one message quoting it whole. */
static void assert_malformed(const char *text, const char *quoted)
{
    scan *s = lex(text);
    char b[MAX_TOKENS + 1];
    assert_string_equal(kinds(s, b), "!");
    assert_int_equal(s->diags.errors, 1);
    char want[128];
    snprintf(want, sizeof want, "malformed number '%s'", quoted);
    assert_string_equal(s->diags.items[0].message, want);
    scan_free(s);
}

static void test_malformed_numbers(void **state)
{
    (void)state;
    assert_malformed("1e", "1e");
    assert_malformed("2.5e+", "2.5e+");
    assert_malformed("3e-x", "3e-x");
    assert_malformed("5x", "5x");
    assert_malformed("1.2.3", "1.2.3");
    assert_malformed("1.e5", "1.e5");
    assert_malformed("0x1F", "0x1F");
    assert_malformed("9_000", "9_000");
}

static void test_out_of_range_numbers(void **state)
{
    (void)state;
    scan *s = lex("1e400");
    assert_int_equal(s->toks[0].kind, EG_YYerror);
    assert_string_equal(s->diags.items[0].message, "number '1e400' is too large for a double");
    scan_free(s);
    s = lex("1e-400");
    assert_int_equal(s->toks[0].kind, EG_YYerror);
    assert_string_equal(s->diags.items[0].message, "number '1e-400' is too small for a double (it would be 0)");
    scan_free(s);
}

static void test_comments(void **state)
{
    (void)state;
    ASSERT_KINDS("# only a comment", "");
    ASSERT_KINDS("# one\n# two\n", "");
    ASSERT_KINDS("a = 1 # trailing \"not a string\n", "N=0;");
    ASSERT_KINDS("a = [1, # inside brackets\n 2]", "N=[0,0]");
}

static void test_stray_bytes(void **state)
{
    (void)state;
    char b[MAX_TOKENS + 1];
    /* A run of bytes that start no token is one error, quoted in hex. */
    scan *s = lex("a = \x01\x02\x7f\x1b\xff 1\n");
    assert_string_equal(kinds(s, b), "N=!0;");
    assert_int_equal(s->diags.errors, 1);
    assert_string_equal(s->diags.items[0].message, "unexpected bytes 0x01 0x02 0x7F 0x1B ...");
    scan_free(s);
    s = lex("a = 3 % 2");
    assert_string_equal(s->diags.items[0].message, "unexpected character '%'");
    assert_int_equal(s->diags.items[0].loc.col, 7);
    scan_free(s);
    /* A letter outside ASCII is named as the character it is. */
    s = lex("gr\xc3\xb6\xc3\x9f" "e = 1");
    assert_string_equal(kinds(s, b), "N!N=0");
    assert_non_null(strstr(s->diags.items[0].message, "unexpected character '\xc3\xb6'"));
    scan_free(s);
    /* A lone dot is not a number and not a range. */
    s = lex("a = .5");
    assert_string_equal(kinds(s, b), "N=!0");
    scan_free(s);
}

static void test_one_error_per_line(void **state)
{
    (void)state;
    /* After a first error on a line, the others there are its echo. */
    scan *s = lex("a = 1x + 2y @\nb = 3z\n");
    assert_int_equal(s->diags.errors, 2);
    assert_int_equal(s->diags.items[0].loc.line, 1);
    assert_int_equal(s->diags.items[1].loc.line, 2);
    scan_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_and_locations),
        cmocka_unit_test(test_keywords_and_punctuation),
        cmocka_unit_test(test_newline_rules),
        cmocka_unit_test(test_strings_and_escapes),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_malformed_numbers),
        cmocka_unit_test(test_out_of_range_numbers),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_stray_bytes),
        cmocka_unit_test(test_one_error_per_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
