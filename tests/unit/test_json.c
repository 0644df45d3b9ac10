/* test_json.c: the JSON writer, checked against exact expected texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/json.h"

static void assert_finished_text(eg_json *j, const char *want)
{
    eg_error err = {{0}};
    if (eg_json_finish(j, &err) != EG_OK)
        fail_msg("finish: %s", err.msg);
    size_t len = 0;
    const char *text = eg_json_text(j, &len);
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
}

static void write_sample(eg_json *j)
{
    eg_json_begin_object(j);
    eg_json_key(j, "a");
    eg_json_int(j, 1);
    eg_json_key(j, "b");
    eg_json_begin_array(j);
    eg_json_bool(j, 1);
    eg_json_bool(j, 0);
    eg_json_null(j);
    eg_json_end_array(j);
    eg_json_key(j, "c");
    eg_json_begin_object(j);
    eg_json_end_object(j);
    eg_json_key(j, "d");
    eg_json_begin_array(j);
    eg_json_end_array(j);
    eg_json_key(j, "e");
    eg_json_begin_array(j);
    eg_json_begin_object(j);
    eg_json_key(j, "x");
    eg_json_string(j, "y");
    eg_json_end_object(j);
    eg_json_end_array(j);
    eg_json_end_object(j);
}

static void test_compact_and_pretty_layout(void **state)
{
    (void)state;
    eg_json *j = eg_json_alloc(0);
    write_sample(j);
    assert_finished_text(j, "{\"a\":1,\"b\":[true,false,null],\"c\":{},\"d\":[],\"e\":[{\"x\":\"y\"}]}");
    eg_json_free(j);
    j = eg_json_alloc(1);
    write_sample(j);
    assert_finished_text(j, "{\n"
                            "  \"a\": 1,\n"
                            "  \"b\": [\n"
                            "    true,\n"
                            "    false,\n"
                            "    null\n"
                            "  ],\n"
                            "  \"c\": {},\n"
                            "  \"d\": [],\n"
                            "  \"e\": [\n"
                            "    {\n"
                            "      \"x\": \"y\"\n"
                            "    }\n"
                            "  ]\n"
                            "}\n");
    eg_json_free(j);
    /* A scalar alone is a whole document. */
    j = eg_json_alloc(0);
    eg_json_string(j, "only");
    assert_finished_text(j, "\"only\"");
    eg_json_free(j);
}

static void test_numbers_shortest_round_trip(void **state)
{
    (void)state;
    struct {
        double x;
        const char *text;
    } cases[] = {
        {0.1, "0.1"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {-2.0, "-2"},
        {-0.0, "-0"},
        {1e100, "1e+100"},
        {1e21, "1e+21"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {5e-324, "4.94065645841247e-324"}, /* %.15g already reads back: the smallest subnormal */
        {DBL_MAX, "1.7976931348623157e+308"},
        {NAN, "null"},
        {INFINITY, "null"},
        {-INFINITY, "null"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        eg_json *j = eg_json_alloc(0);
        eg_json_number(j, cases[c].x);
        assert_finished_text(j, cases[c].text);
        if (isfinite(cases[c].x)) {
            double back = strtod(cases[c].text, NULL);
            assert_memory_equal(&back, &cases[c].x, sizeof back);
        }
        eg_json_free(j);
    }
    eg_json *j = eg_json_alloc(0);
    eg_json_begin_array(j);
    eg_json_int(j, INT64_MIN);
    eg_json_int(j, 0);
    eg_json_uint(j, UINT64_MAX);
    eg_json_number_array(j, (const double[]){1, 2.5, NAN}, 3);
    eg_json_end_array(j);
    assert_finished_text(j, "[-9223372036854775808,0,18446744073709551615,[1,2.5,null]]");
    eg_json_free(j);
    /* Pretty: number arrays stay on one line. */
    j = eg_json_alloc(1);
    eg_json_begin_object(j);
    eg_json_key(j, "v");
    eg_json_number_array(j, (const double[]){1, 2.5, -INFINITY}, 3);
    eg_json_key(j, "w");
    eg_json_number_array(j, NULL, 0);
    eg_json_end_object(j);
    assert_finished_text(j, "{\n  \"v\": [1, 2.5, null],\n  \"w\": []\n}\n");
    eg_json_free(j);
}

static void check_escaped(const char *s, size_t n, const char *want)
{
    eg_json *j = eg_json_alloc(0);
    eg_json_string_n(j, s, n);
    assert_finished_text(j, want);
    eg_json_free(j);
}

#define EXPECT_STRING(lit, want) check_escaped(lit, sizeof(lit) - 1, want)
#define FFFD "\xEF\xBF\xBD"

static void test_string_escaping(void **state)
{
    (void)state;
    EXPECT_STRING("plain / text", "\"plain / text\"");
    check_escaped(NULL, 0, "\"\"");
    EXPECT_STRING("q\"b\\", "\"q\\\"b\\\\\"");
    EXPECT_STRING("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
    EXPECT_STRING("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
    EXPECT_STRING("a\0b", "\"a\\u0000b\"");
    /* Valid UTF-8 of 2, 3 and 4 bytes passes through unchanged. */
    EXPECT_STRING("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
    EXPECT_STRING("\xEF\xBF\xBF\xF4\x8F\xBF\xBF", "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
    /* Invalid: one U+FFFD per maximal subpart (Unicode §3.9, U+FFFD substitution). */
    EXPECT_STRING("\xff", "\"" FFFD "\"");
    EXPECT_STRING("a\xC3", "\"a" FFFD "\"");
    EXPECT_STRING("\xE2\x82x", "\"" FFFD "x\"");
    EXPECT_STRING("\xF0\x9F\x98!", "\"" FFFD "!\"");
    EXPECT_STRING("\xC0\xAF", "\"" FFFD FFFD "\"");           /* overlong '/' */
    EXPECT_STRING("\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"");  /* overlong, 3 bytes */
    EXPECT_STRING("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"");  /* a UTF-16 surrogate */
    EXPECT_STRING("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* above U+10FFFF */
    EXPECT_STRING("\x80\xBF", "\"" FFFD FFFD "\"");           /* lone continuation bytes */
    EXPECT_STRING("\xC3\"", "\"" FFFD "\\\"\"");
    /* Keys are escaped the same way. */
    eg_json *j = eg_json_alloc(0);
    eg_json_begin_object(j);
    eg_json_key(j, "k\"\xff");
    eg_json_null(j);
    eg_json_end_object(j);
    assert_finished_text(j, "{\"k\\\"" FFFD "\":null}");
    eg_json_free(j);
}

static void expect_misuse(eg_json *j, const char *want_msg, const char *want_text)
{
    eg_error err = {{0}};
    assert_int_equal(eg_json_finish(j, &err), EG_EINVAL);
    assert_string_equal(err.msg, want_msg);
    assert_string_equal(eg_json_text(j, NULL), want_text);
    eg_json_free(j);
}

static void test_misuse_is_reported_and_sticks(void **state)
{
    (void)state;
    eg_json *j = eg_json_alloc(0);
    eg_json_begin_object(j);
    assert_int_equal(eg_json_int(j, 1), EG_EINVAL);
    /* Everything after the first error is ignored. */
    assert_int_equal(eg_json_key(j, "k"), EG_EINVAL);
    eg_json_end_object(j);
    expect_misuse(j, "json: a value in an object without a key", "{");

    j = eg_json_alloc(0);
    eg_json_begin_array(j);
    eg_json_key(j, "k");
    expect_misuse(j, "json: a key outside an object", "[");

    j = eg_json_alloc(0);
    eg_json_begin_object(j);
    eg_json_key(j, "k");
    eg_json_key(j, "l");
    expect_misuse(j, "json: a key where a value is needed", "{\"k\":");

    j = eg_json_alloc(0);
    eg_json_begin_object(j);
    eg_json_key(j, "k");
    eg_json_end_object(j);
    expect_misuse(j, "json: an object ends after a key without its value", "{\"k\":");

    j = eg_json_alloc(0);
    eg_json_begin_array(j);
    eg_json_end_object(j);
    expect_misuse(j, "json: end of an object that is not open", "[");

    j = eg_json_alloc(0);
    eg_json_end_array(j);
    expect_misuse(j, "json: end of an array that is not open", "");

    j = eg_json_alloc(0);
    eg_json_null(j);
    eg_json_null(j);
    expect_misuse(j, "json: a second top-level value", "null");

    j = eg_json_alloc(0);
    eg_json_begin_array(j);
    expect_misuse(j, "json: unclosed object or array at the end", "[");

    j = eg_json_alloc(0);
    expect_misuse(j, "json: no value was written", "");
}

static void test_file_writer(void **state)
{
    (void)state;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    eg_json *j = eg_json_alloc_file(fp, 1);
    eg_json_begin_object(j);
    eg_json_key(j, "n");
    eg_json_number(j, 0.25);
    eg_json_end_object(j);
    eg_error err;
    assert_int_equal(eg_json_finish(j, &err), EG_OK);
    assert_null(eg_json_text(j, NULL));
    eg_json_free(j);
    rewind(fp);
    char buf[64] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    assert_int_equal(n, strlen("{\n  \"n\": 0.25\n}\n"));
    assert_string_equal(buf, "{\n  \"n\": 0.25\n}\n");
    assert_null(eg_json_alloc_file(NULL, 0));
    eg_json_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_and_pretty_layout),
        cmocka_unit_test(test_numbers_shortest_round_trip),
        cmocka_unit_test(test_string_escaping),
        cmocka_unit_test(test_misuse_is_reported_and_sticks),
        cmocka_unit_test(test_file_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
