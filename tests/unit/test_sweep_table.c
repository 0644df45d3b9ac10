/* test_sweep_table.c: rows and their text encoding, the table's columns, CSV
 * and .npy, against hand-written expectations. */
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

#include "engram/array.h"
#include "engram/npy.h"
#include "run/sweep/row.h"
#include "run/sweep/table.h"

static eg_sweep_row *decode(const char *text)
{
    eg_sweep_row *r = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_row_decode(text, strlen(text), &r, &err), EG_OK);
    return r;
}

static void test_row_round_trip(void **state)
{
    (void)state;
    const char *text = "point 12\nfailed 1\nerror a\\tb\\nc\\\\d\n"
                       "n\tP\t0.10000000000000001\nn\tbig\t1e+300\ni\tr.hamming\t-3\nb\tr.converged\t1\n"
                       "s\tnote\ttab\\there\nn\tgone\tnan\n";
    eg_sweep_row *r = decode(text);
    assert_int_equal(r->point, 12);
    assert_true(r->failed);
    assert_string_equal(r->error, "a\tb\nc\\d");
    assert_int_equal(r->ncells, 6);
    assert_true(r->cells[0].kind == EG_CELL_NUMBER && r->cells[0].number == 0.1);
    assert_true(r->cells[1].number == 1e300);
    assert_true(r->cells[2].kind == EG_CELL_INTEGER && r->cells[2].integer == -3);
    assert_true(r->cells[3].kind == EG_CELL_BOOL && r->cells[3].integer == 1);
    assert_string_equal(r->cells[4].string, "tab\there");
    assert_true(isnan(r->cells[5].number));
    /* Encoding gives back the shortest exact forms. */
    char *again = NULL;
    size_t len = 0;
    eg_error err;
    assert_int_equal(eg_sweep_row_encode(r, &again, &len, &err), EG_OK);
    assert_string_equal(again, "point 12\nfailed 1\nerror a\\tb\\nc\\\\d\n"
                               "n\tP\t0.1\nn\tbig\t1e+300\ni\tr.hamming\t-3\nb\tr.converged\t1\n"
                               "s\tnote\ttab\\there\nn\tgone\tnan\n");
    assert_int_equal(len, strlen(again));
    free(again);
    eg_sweep_row_free(r);
}

static void test_malformed_rows_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "",                                   /* nothing */
        "point x\nfailed 0\n",                /* not a number */
        "point 1\n",                          /* no failed line */
        "point 1\nfailed 2\n",                /* not 0 or 1 */
        "point 1\nfailed 1\n",                /* failed without an error */
        "point 1\nfailed 0\nq\tP\t1\n",       /* unknown kind */
        "point 1\nfailed 0\nn\tP\tone\n",     /* not a number */
        "point 1\nfailed 0\ns\tP\tx\\q\n",    /* bad escape */
        "point 1\nfailed 0\nn\tP\t1",         /* no final newline */
        "point 1\nfailed 0\ni\tP\t1.5\n",     /* not an integer */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        eg_sweep_row *r = NULL;
        eg_error err;
        assert_int_equal(eg_sweep_row_decode(bad[i], strlen(bad[i]), &r, &err), EG_EINVAL);
        assert_null(r);
    }
}

static void test_csv_and_npy(void **state)
{
    (void)state;
    eg_sweep_row *rows[3] = {
        decode("point 0\nfailed 0\nn\tP\t10\ni\tr.hamming\t3\nb\tr.converged\t1\ns\tr.outcome\tconverged\n"
               "s\tnote\ta,b \"q\"\n"),
        decode("point 1\nfailed 1\nerror t.engram:3:1: bad, value\nn\tP\t20\n"),
        decode("point 2\nfailed 0\nn\tP\t30\ni\tr.hamming\t0\nb\tr.converged\t0\ns\tr.outcome\tcycle\n"
               "s\tnote\tplain\nn\tx\t0.25\n"),
    };
    eg_sweep_columns *cols = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_columns_build(rows, 3, &cols, &err), EG_OK);
    const char *names[] = {"point", "failed", "error", "P", "r.hamming", "r.converged", "r.outcome", "note", "x"};
    const unsigned char numeric[] = {1, 1, 0, 1, 1, 1, 0, 0, 1};
    assert_int_equal(cols->n, 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(cols->names[i], names[i]);
        assert_int_equal(cols->numeric[i], numeric[i]);
    }
    assert_int_equal(cols->nnumeric, 6);
    char *csv = NULL;
    size_t len = 0;
    assert_int_equal(eg_sweep_table_csv(rows, 3, cols, &csv, &len, &err), EG_OK);
    assert_string_equal(csv, "point,failed,error,P,r.hamming,r.converged,r.outcome,note,x\n"
                             "0,0,,10,3,1,converged,\"a,b \"\"q\"\"\",\n"
                             "1,1,\"t.engram:3:1: bad, value\",20,,,,,\n"
                             "2,0,,30,0,0,cycle,plain,0.25\n");
    assert_int_equal(len, strlen(csv));
    free(csv);
    void *buf = NULL;
    assert_int_equal(eg_sweep_table_npy(rows, 3, cols, &buf, &len, &err), EG_OK);
    eg_array *a = NULL;
    assert_int_equal(eg_npy_parse(buf, len, "table", &a, &err), EG_OK);
    assert_int_equal(a->ndim, 2);
    assert_int_equal(a->shape[0], 3);
    assert_int_equal(a->shape[1], 6);
    /* point, failed, P, r.hamming, r.converged, x; missing cells are NaN. */
    const double want[3][6] = {{0, 0, 10, 3, 1, NAN}, {1, 1, 20, NAN, NAN, NAN}, {2, 0, 30, 0, 0, 0.25}};
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 6; k++) {
            double got = a->data[i * 6 + k];
            if (isnan(want[i][k]))
                assert_true(isnan(got));
            else
                assert_true(got == want[i][k]);
        }
    eg_array_free(a);
    free(buf);
    eg_sweep_columns_free(cols);
    for (size_t i = 0; i < 3; i++)
        eg_sweep_row_free(rows[i]);
}

static void test_empty_table(void **state)
{
    (void)state;
    eg_sweep_columns *cols = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_columns_build(NULL, 0, &cols, &err), EG_OK);
    char *csv = NULL;
    size_t len = 0;
    assert_int_equal(eg_sweep_table_csv(NULL, 0, cols, &csv, &len, &err), EG_OK);
    assert_string_equal(csv, "point,failed,error\n");
    free(csv);
    void *buf = NULL;
    assert_int_equal(eg_sweep_table_npy(NULL, 0, cols, &buf, &len, &err), EG_OK);
    eg_array *a = NULL;
    assert_int_equal(eg_npy_parse(buf, len, "table", &a, &err), EG_OK);
    assert_int_equal(a->shape[0], 0);
    assert_int_equal(a->shape[1], 2);
    eg_array_free(a);
    free(buf);
    eg_sweep_columns_free(cols);
}

/* The whole of a file, NUL-terminated. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The table streamed row by row through its spool: the same hand-written
 * CSV and values as the table held whole, the spool gone afterwards, and a
 * row out of point order refused. */
static void test_streamed_table(void **state)
{
    (void)state;
    const char *rows[3] = {
        "point 0\nfailed 0\nn\tP\t10\ni\tr.hamming\t3\nb\tr.converged\t1\ns\tr.outcome\tconverged\n"
        "s\tnote\ta,b \"q\"\n",
        "point 1\nfailed 1\nerror t.engram:3:1: bad, value\nn\tP\t20\n",
        "point 2\nfailed 0\nn\tP\t30\ni\tr.hamming\t0\nb\tr.converged\t0\ns\tr.outcome\tcycle\n"
        "s\tnote\tplain\nn\tx\t0.25\n",
    };
    char dir[] = "/tmp/engram-table-XXXXXX", spool[64], csv_path[64], npy_path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(spool, sizeof spool, "%s/spool", dir);
    snprintf(csv_path, sizeof csv_path, "%s/t.csv", dir);
    snprintf(npy_path, sizeof npy_path, "%s/t.npy", dir);
    eg_sweep_table *t = NULL;
    eg_error err;
    assert_int_equal(eg_sweep_table_begin(spool, &t, &err), EG_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(eg_sweep_table_add(t, rows[i], strlen(rows[i]), &err), EG_OK);
    assert_int_equal(eg_sweep_table_add(t, rows[1], strlen(rows[1]), &err), EG_EINVAL);
    assert_int_equal(eg_sweep_table_rows(t), 3);
    assert_int_equal(eg_sweep_table_failed(t), 1);
    assert_int_equal(eg_sweep_table_finish(t, csv_path, npy_path, &err), EG_OK);
    eg_sweep_table_free(t);
    assert_int_equal(access(spool, F_OK), -1);
    size_t len = 0;
    char *csv = slurp(csv_path, &len);
    assert_string_equal(csv, "point,failed,error,P,r.hamming,r.converged,r.outcome,note,x\n"
                             "0,0,,10,3,1,converged,\"a,b \"\"q\"\"\",\n"
                             "1,1,\"t.engram:3:1: bad, value\",20,,,,,\n"
                             "2,0,,30,0,0,cycle,plain,0.25\n");
    free(csv);
    eg_array *a = NULL;
    assert_int_equal(eg_npy_read(npy_path, &a, &err), EG_OK);
    assert_int_equal(a->ndim, 2);
    assert_int_equal(a->shape[0], 3);
    assert_int_equal(a->shape[1], 6);
    const double want[3][6] = {{0, 0, 10, 3, 1, NAN}, {1, 1, 20, NAN, NAN, NAN}, {2, 0, 30, 0, 0, 0.25}};
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 6; k++) {
            double got = a->data[i * 6 + k];
            if (isnan(want[i][k]))
                assert_true(isnan(got));
            else
                assert_true(got == want[i][k]);
        }
    eg_array_free(a);
    /* No rows: the header line and a 0 × 2 array. */
    assert_int_equal(eg_sweep_table_begin(spool, &t, &err), EG_OK);
    assert_int_equal(eg_sweep_table_finish(t, csv_path, npy_path, &err), EG_OK);
    eg_sweep_table_free(t);
    csv = slurp(csv_path, &len);
    assert_string_equal(csv, "point,failed,error\n");
    free(csv);
    assert_int_equal(eg_npy_read(npy_path, &a, &err), EG_OK);
    assert_int_equal(a->shape[0], 0);
    assert_int_equal(a->shape[1], 2);
    eg_array_free(a);
    remove(csv_path);
    remove(npy_path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_round_trip),
        cmocka_unit_test(test_malformed_rows_are_refused),
        cmocka_unit_test(test_csv_and_npy),
        cmocka_unit_test(test_empty_table),
        cmocka_unit_test(test_streamed_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
