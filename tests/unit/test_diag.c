/* test_diag.c: the diagnostics list and its GCC-style printing: the caret
 * under the column, tabs, long lines quoted as a window, control bytes, the
 * error cap, and the did-you-mean suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/source.h"

typedef struct printed {
    eg_source_set sources;
    eg_diag_list diags;
    char *out;
    size_t len;
} printed;

static printed *with_source(const char *name, const char *text, size_t len)
{
    printed *p = calloc(1, sizeof *p);
    assert_non_null(p);
    eg_source_set_init(&p->sources);
    eg_diag_list_init(&p->diags);
    eg_source *src = NULL;
    assert_int_equal(eg_source_set_add_text(&p->sources, name, text, len, &src), EG_OK);
    return p;
}

static const char *print(printed *p)
{
    free(p->out);
    FILE *f = open_memstream(&p->out, &p->len);
    assert_non_null(f);
    eg_diag_print(&p->diags, &p->sources, f);
    fclose(f);
    return p->out;
}

static void printed_free(printed *p)
{
    free(p->out);
    eg_diag_list_free(&p->diags);
    eg_source_set_free(&p->sources);
    free(p);
}

static eg_loc at(const printed *p, int line, int col)
{
    return (eg_loc){p->sources.items[0]->path, line, col};
}

static void test_gcc_style_with_caret(void **state)
{
    (void)state;
    printed *p = with_source("m.engram", "param a = 1\nnet n { unist = 3 }\n", 32);
    eg_diag_error(&p->diags, at(p, 2, 9), "unknown key '%s'; did you mean '%s'?", "unist", "units");
    eg_diag_note(&p->diags, at(p, 1, 7), "defined here");
    assert_string_equal(print(p), "m.engram:2:9: error: unknown key 'unist'; did you mean 'units'?\n"
                                  "    2 | net n { unist = 3 }\n"
                                  "      |         ^\n"
                                  "m.engram:1:7: note: defined here\n"
                                  "    1 | param a = 1\n"
                                  "      |       ^\n");
    assert_int_equal(p->diags.errors, 1);
    assert_int_equal(p->diags.count, 2);
    printed_free(p);
}

static void test_locations_without_line_or_file(void **state)
{
    (void)state;
    printed *p = with_source("m.engram", "x\n", 2);
    eg_diag_error(&p->diags, eg_loc_file("m.engram"), "not a model file");
    eg_diag_error(&p->diags, eg_loc_file(NULL), "-D %s: no such param", "q");
    /* A file the set does not hold is named but not quoted. */
    eg_diag_error(&p->diags, (eg_loc){"other.engram", 3, 2}, "elsewhere");
    assert_string_equal(print(p), "m.engram: error: not a model file\n"
                                  "engram: error: -D q: no such param\n"
                                  "other.engram:3:2: error: elsewhere\n");
    printed_free(p);
}

static void test_tabs_keep_the_caret_aligned(void **state)
{
    (void)state;
    printed *p = with_source("t.engram", "\tnet {\n\t\tk =\t?\n}", 16);
    eg_diag_error(&p->diags, at(p, 2, 7), "here");
    assert_string_equal(print(p), "t.engram:2:7: error: here\n"
                                  "    2 | \t\tk =\t?\n"
                                  "      | \t\t   \t^\n");
    printed_free(p);
}

static void test_carriage_returns_and_line_ends(void **state)
{
    (void)state;
    /* A CRLF line is quoted without its CR; a column past the end points just after it. */
    printed *p = with_source("w.engram", "a = 1\r\nb = \r\n", 13);
    eg_diag_error(&p->diags, at(p, 2, 20), "end");
    assert_string_equal(print(p), "w.engram:2:20: error: end\n"
                                  "    2 | b = \n"
                                  "      |     ^\n");
    printed_free(p);
}

static void test_control_and_non_utf8_bytes(void **state)
{
    (void)state;
    /* ESC, DEL and bytes that are not UTF-8 never reach the terminal; a valid
     * UTF-8 character is kept and takes one column of the caret line. */
    const char text[] = "x\x1b[2J \x7f \xff \xce\xa9 \xc3( @";
    printed *p = with_source("c.engram", text, sizeof text - 1);
    eg_diag_error(&p->diags, at(p, 1, (int)(strchr(text, '@') - text) + 1), "stray");
    assert_string_equal(print(p), "c.engram:1:17: error: stray\n"
                                  "    1 | x?[2J ? ? \xce\xa9 ?( @\n"
                                  "      |                ^\n");
    printed_free(p);
}

static void test_a_megabyte_line_is_quoted_as_a_window(void **state)
{
    (void)state;
    size_t n = (size_t)1 << 20;
    char *text = malloc(n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = (char)('a' + i % 26);
    size_t col = n / 2 + 3;
    text[col - 1] = '@';
    text[n] = '\0';
    printed *p = with_source("wide.engram", text, n);
    eg_diag_error(&p->diags, at(p, 1, (int)col), "here");
    const char *out = print(p);
    /* Three lines, each short: the message, a window of the line, the caret. */
    const char *l2 = strchr(out, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    assert_true(strlen(out) < 400);
    assert_memory_equal(l2, "    1 | ...", 11);
    assert_memory_equal(strchr(l2, '\n') - 3, "...", 3);
    /* The caret sits under the '@' of the window. */
    size_t at_column = (size_t)(strchr(l2, '@') - l2);
    size_t caret_column = (size_t)(strchr(l3, '^') - l3);
    assert_int_equal(at_column, caret_column);
    /* The window holds the neighbours of the column. */
    assert_memory_equal(strchr(l2, '@') - 5, text + col - 6, 5);
    printed_free(p);
    free(text);

    /* At the start of a long line the window starts there too. */
    text = malloc(n + 1);
    memset(text, 'x', n);
    text[n] = '\0';
    p = with_source("wide.engram", text, n);
    eg_diag_error(&p->diags, at(p, 1, 1), "first");
    out = print(p);
    assert_non_null(strstr(out, "    1 | xxx"));
    assert_non_null(strstr(out, "\n      | ^\n"));
    printed_free(p);
    free(text);
}

static void test_error_cap(void **state)
{
    (void)state;
    printed *p = with_source("e.engram", "x\n", 2);
    for (int i = 0; i < 30; i++) {
        eg_diag_error(&p->diags, at(p, 1, 1), "error %d", i);
        eg_diag_note(&p->diags, at(p, 1, 1), "note %d", i);
    }
    assert_true(eg_diag_full(&p->diags));
    assert_int_equal(p->diags.errors, EG_DIAG_DEFAULT_MAX_ERRORS);
    assert_true(p->diags.truncated);
    /* The note after the last error kept is kept; everything later is dropped. */
    assert_int_equal(p->diags.count, 2 * EG_DIAG_DEFAULT_MAX_ERRORS - 1);
    const char *out = print(p);
    const char *tail = "engram: too many errors (20 shown); stopping\n";
    assert_string_equal(out + strlen(out) - strlen(tail), tail);
    assert_non_null(strstr(out, "error: error 19\n"));
    assert_null(strstr(out, "error 20"));
    printed_free(p);

    /* A cap of 0 means no cap. */
    p = with_source("e.engram", "x\n", 2);
    p->diags.max_errors = 0;
    for (int i = 0; i < 100; i++)
        eg_diag_error(&p->diags, at(p, 1, 1), "e");
    assert_int_equal(p->diags.errors, 100);
    assert_false(p->diags.truncated);
    printed_free(p);
}

static void test_suggestions(void **state)
{
    (void)state;
    const char *const keys[] = {"units", "state", "store", "rule", "self", "normalize", NULL};
    assert_string_equal(eg_diag_suggest("unist", keys), "units");
    /* A swap of neighbouring letters is one slip. */
    assert_string_equal(eg_diag_suggest("stroe", keys), "store");
    assert_string_equal(eg_diag_suggest("normalise", keys), "normalize");
    assert_string_equal(eg_diag_suggest("rules", keys), "rule");
    assert_null(eg_diag_suggest("weights", keys));
    assert_null(eg_diag_suggest("x", keys));
    assert_null(eg_diag_suggest("units", (const char *const[]){NULL}));
    assert_null(eg_diag_suggest("units", NULL));
    /* One-letter names are never suggested for other letters. */
    assert_null(eg_diag_suggest("T", (const char *const[]){"S", NULL}));
    /* Words too long to compare are not suggested. */
    char longword[100];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    assert_null(eg_diag_suggest(longword, (const char *const[]){longword, NULL}));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcc_style_with_caret),
        cmocka_unit_test(test_locations_without_line_or_file),
        cmocka_unit_test(test_tabs_keep_the_caret_aligned),
        cmocka_unit_test(test_carriage_returns_and_line_ends),
        cmocka_unit_test(test_control_and_non_utf8_bytes),
        cmocka_unit_test(test_a_megabyte_line_is_quoted_as_a_window),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
