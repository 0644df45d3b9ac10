/* test_csv.c: the CSV reader on hand-written texts (values, header detection,
 * comments, every error with its line number) and writer round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/csv.h"

static eg_csv_table *parse_ok(const char *text, unsigned flags)
{
    eg_csv_table *t = NULL;
    eg_error err = {{0}};
    if (eg_csv_parse(text, strlen(text), "t.csv", flags, &t, &err) != EG_OK)
        fail_msg("parse failed: %s", err.msg);
    return t;
}

static void expect_error(const char *text, unsigned flags, const char *want)
{
    eg_csv_table *t = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_csv_parse(text, strlen(text), "t.csv", flags, &t, &err), EG_EPARSE);
    assert_null(t);
    if (strcmp(err.msg, want) != 0)
        fail_msg("message '%s', want '%s'", err.msg, want);
}

static void assert_bits(const eg_matrix *m, const double *want)
{
    for (size_t k = 0; k < m->rows * m->cols; k++)
        if (memcmp(&m->data[k], &want[k], sizeof(double)) != 0)
            fail_msg("value %zu: got %.17g, want %.17g", k, m->data[k], want[k]);
}

static void test_header_and_values(void **state)
{
    (void)state;
    eg_csv_table *t = parse_ok("a,b,c\n1,2,3\n4.5,-6e-3,.5\n", 0);
    assert_int_equal(t->values->rows, 2);
    assert_int_equal(t->values->cols, 3);
    assert_non_null(t->names);
    assert_string_equal(t->names[0], "a");
    assert_string_equal(t->names[2], "c");
    assert_bits(t->values, (const double[]){1, 2, 3, 4.5, -6e-3, 0.5});
    eg_csv_table_free(t);
}

static void test_comments_blanks_spaces_crlf(void **state)
{
    (void)state;
    eg_csv_table *t = parse_ok("# produced by hand\n\n  1 , +2\r\n\t# indented comment\n3.,-0\r\n   \n1e300,0.1", 0);
    assert_null(t->names);
    assert_int_equal(t->values->rows, 3);
    assert_int_equal(t->values->cols, 2);
    assert_bits(t->values, (const double[]){1, 2, 3, -0.0, 1e300, 0.1});
    eg_csv_table_free(t);
    /* A header whose names need quotes, and a single column. */
    t = parse_ok("\"x,1\" , \"say \"\"hi\"\"\"\n5,6\n", 0);
    assert_string_equal(t->names[0], "x,1");
    assert_string_equal(t->names[1], "say \"hi\"");
    eg_csv_table_free(t);
    t = parse_ok("7\n8\n", 0);
    assert_int_equal(t->values->rows, 2);
    assert_int_equal(t->values->cols, 1);
    eg_csv_table_free(t);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    eg_csv_table *t = parse_ok("", 0);
    assert_int_equal(t->values->rows, 0);
    assert_int_equal(t->values->cols, 0);
    eg_csv_table_free(t);
    eg_error err;
    assert_int_equal(eg_csv_parse(NULL, 0, "t.csv", 0, &t, &err), EG_OK);
    assert_int_equal(t->values->rows, 0);
    eg_csv_table_free(t);
    t = parse_ok("# nothing but comments\n", 0);
    assert_int_equal(t->values->rows, 0);
    eg_csv_table_free(t);
    t = parse_ok("u,v\n", 0);
    assert_int_equal(t->values->rows, 0);
    assert_int_equal(t->values->cols, 2);
    assert_string_equal(t->names[1], "v");
    eg_csv_table_free(t);
}

static void test_errors_carry_line_numbers(void **state)
{
    (void)state;
    expect_error("a,b\n1,2\n# c\n3\n", 0, "t.csv:4: row has 1 fields, expected 2 (as in line 1)");
    expect_error("1,2\n3,4,5\n", 0, "t.csv:2: row has 3 fields, expected 2 (as in line 1)");
    expect_error("1,2\n3,\n", 0, "t.csv:2: field 2 is empty");
    expect_error("1,2\n,4\n", 0, "t.csv:2: field 1 is empty");
    expect_error("x,y\n1,2\n3,abc\n", 0, "t.csv:3: field 2 'abc' is not a number");
    expect_error("1\n0x10\n", 0, "t.csv:2: field 1 '0x10' is not a number");
    expect_error("1\n1e\n", 0, "t.csv:2: field 1 '1e' is not a number");
    expect_error("1\n2 3\n", 0, "t.csv:2: field 1 '2 3' is not a number");
    expect_error("1\n1,5\n", 0, "t.csv:2: row has 2 fields, expected 1 (as in line 1)");
    expect_error("1\n\"2\"\n", 0, "t.csv:2: field 1 '2' is not a number");
    expect_error("\"a,b\n1\n", 0, "t.csv:1: unterminated quoted field 1");
    expect_error("\"a\"b,c\n1,2\n", 0, "t.csv:1: text after the closing quote of field 1");
    /* A first row with one mistyped field is data, not a header: the episode
     * is not dropped, its bad field is reported where it is. */
    expect_error("1,-1,x\n1,1,1\n-1,1,-1\n", 0,
                 "t.csv:1: field 3 'x' is not a number (a header line has no numbers in it)");
    expect_error("# c\n\n0.5,\"b\"\n1,2\n", 0,
                 "t.csv:3: field 2 'b' is not a number (a header line has no numbers in it)");
    /* Control characters in a message are shown as '?'. */
    expect_error("1\n\x01x\n", 0, "t.csv:2: field 1 '?x' is not a number");
}

static void test_nonfinite_only_with_flag(void **state)
{
    (void)state;
    expect_error("1,nan\n", 0, "t.csv:1: field 2 'nan' is not finite (NaN and Inf are refused)");
    expect_error("1\n-Inf\n", 0, "t.csv:2: field 1 '-Inf' is not finite (NaN and Inf are refused)");
    expect_error("1e999\n", 0, "t.csv:1: field 1 '1e999' is not finite (NaN and Inf are refused)");
    eg_csv_table *t = parse_ok("NaN,inf,-Infinity\n", EG_CSV_ALLOW_NONFINITE);
    assert_null(t->names);
    assert_true(isnan(t->values->data[0]));
    assert_true(isinf(t->values->data[1]) && t->values->data[1] > 0);
    assert_true(isinf(t->values->data[2]) && t->values->data[2] < 0);
    eg_csv_table_free(t);
}

static void test_format_exact_text(void **state)
{
    (void)state;
    eg_matrix *m = eg_matrix_alloc(2, 3);
    const double v[6] = {0.1, -2, 1e100, 1.0 / 3.0, 2.0 / 3.0, -0.0};
    memcpy(m->data, v, sizeof v);
    const char *names[3] = {"x", "a,b", "1"};
    char *text = NULL;
    size_t len = 0;
    eg_error err;
    assert_int_equal(eg_csv_format(m, names, &text, &len, &err), EG_OK);
    /* Shortest round-trip digits, as Python's repr gives them for these values. */
    assert_string_equal(text, "x,\"a,b\",\"1\"\n0.1,-2,1e+100\n0.3333333333333333,0.6666666666666666,-0\n");
    assert_int_equal(len, strlen(text));
    free(text);
    assert_int_equal(eg_csv_format(m, NULL, &text, &len, &err), EG_OK);
    assert_string_equal(text, "0.1,-2,1e+100\n0.3333333333333333,0.6666666666666666,-0\n");
    free(text);
    eg_matrix_free(m);
}

static void test_round_trip_bits_through_a_file(void **state)
{
    (void)state;
    const double v[8] = {DBL_MAX, DBL_MIN, 5e-324, 1e-310, -1.0 / 7.0, 0.1 + 0.2, 123456789012345680.0,
                         NAN};
    eg_matrix *m = eg_matrix_alloc(4, 2);
    memcpy(m->data, v, sizeof v);
    const char *names[2] = {"say \"hi\"", " padded "};
    eg_error err;
    assert_int_equal(eg_csv_write("rt.csv", m, names, &err), EG_OK);
    eg_csv_table *t = NULL;
    assert_int_equal(eg_csv_read("rt.csv", 0, &t, &err), EG_EPARSE);
    assert_string_equal(err.msg, "rt.csv:5: field 2 'nan' is not finite (NaN and Inf are refused)");
    assert_int_equal(eg_csv_read("rt.csv", EG_CSV_ALLOW_NONFINITE, &t, &err), EG_OK);
    assert_int_equal(t->values->rows, 4);
    assert_int_equal(t->values->cols, 2);
    assert_string_equal(t->names[0], "say \"hi\"");
    assert_string_equal(t->names[1], " padded ");
    assert_bits(t->values, v); /* NAN's bits: the reader's NAN is the same quiet NaN */
    eg_csv_table_free(t);
    eg_matrix_free(m);
    unlink("rt.csv");
    assert_int_equal(eg_csv_read("no-such.csv", 0, &t, &err), EG_EIO);
    assert_non_null(strstr(err.msg, "no-such.csv: cannot open"));
}

/* Under a locale whose decimal point is ',', numbers must still be read and
 * written with '.'. Runs when such a locale is installed; the C-locale half
 * always runs. */
static void test_numbers_ignore_the_process_locale(void **state)
{
    (void)state;
    const char *comma_locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8"};
    int switched = 0;
    for (size_t k = 0; k < sizeof comma_locales / sizeof comma_locales[0] && !switched; k++)
        switched = setlocale(LC_ALL, comma_locales[k]) != NULL && strcmp(localeconv()->decimal_point, ",") == 0;
    eg_csv_table *t = parse_ok("0.5,1e-1\n", 0);
    assert_bits(t->values, (const double[]){0.5, 0.1});
    char *text = NULL;
    size_t len;
    eg_error err;
    assert_int_equal(eg_csv_format(t->values, NULL, &text, &len, &err), EG_OK);
    assert_string_equal(text, "0.5,0.1\n");
    free(text);
    eg_csv_table_free(t);
    expect_error("0,5\n1\n", 0, "t.csv:2: row has 1 fields, expected 2 (as in line 1)");
    if (switched)
        setlocale(LC_ALL, "C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_values),
        cmocka_unit_test(test_comments_blanks_spaces_crlf),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_errors_carry_line_numbers),
        cmocka_unit_test(test_nonfinite_only_with_flag),
        cmocka_unit_test(test_format_exact_text),
        cmocka_unit_test(test_round_trip_bits_through_a_file),
        cmocka_unit_test(test_numbers_ignore_the_process_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
