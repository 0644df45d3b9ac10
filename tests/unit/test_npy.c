/* test_npy.c: the .npy reader against numpy-written fixtures and hand-built
 * byte images, the writer against numpy's own bytes, and every malformation. */
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

#define FIXTURE(name) ENGRAM_SOURCE_DIR "/tests/data/npy/" name

/* Bitwise equality, so -0.0 and NaN payloads count. */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void assert_values(const double *got, const double *want, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!same_bits(got[k], want[k]))
            fail_msg("value %zu: got %.17g, want %.17g", k, got[k], want[k]);
    }
}

static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static void spill(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A .npy image: magic, version major.0, the dict as given (unpadded), data. */
static size_t build(unsigned char *out, int major, const char *dict, const void *data, size_t dlen)
{
    size_t hl = strlen(dict), start = major == 1 ? 10 : 12;
    memcpy(out, "\x93NUMPY", 6);
    out[6] = (unsigned char)major;
    out[7] = 0;
    for (size_t k = 0; k < start - 8; k++)
        out[8 + k] = (unsigned char)(hl >> (8 * k));
    memcpy(out + start, dict, hl);
    if (dlen)
        memcpy(out + start + hl, data, dlen);
    return start + hl + dlen;
}

static eg_array *parse_ok(const void *buf, size_t len)
{
    eg_array *a = NULL;
    eg_error err = {{0}};
    eg_status st = eg_npy_parse(buf, len, "t.npy", &a, &err);
    if (st != EG_OK)
        fail_msg("parse failed: %s", err.msg);
    return a;
}

/* Parses and expects EG_EPARSE with want inside the message. */
static void expect_parse_error(const void *buf, size_t len, const char *want)
{
    eg_array *a = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_npy_parse(buf, len, "W.npy", &a, &err), EG_EPARSE);
    assert_null(a);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    assert_true(strncmp(err.msg, "W.npy: ", 7) == 0);
}

static void expect_dict_error(const char *dict, const void *data, size_t dlen, const char *want)
{
    unsigned char buf[1024];
    expect_parse_error(buf, build(buf, 1, dict, data, dlen), want);
}

/* ------------------------------------------------------------ numpy fixtures */

static const double m23[6] = {0.5, -1.25, 3.0, 1e-300, 0.1, -0.0};

static void test_fixture_versions_1_2_3(void **state)
{
    (void)state;
    const char *files[] = {FIXTURE("f8_c_v1.npy"), FIXTURE("f8_c_v2.npy"), FIXTURE("f8_c_v3.npy")};
    for (size_t f = 0; f < 3; f++) {
        eg_array *a = NULL;
        eg_error err;
        assert_int_equal(eg_npy_read(files[f], &a, &err), EG_OK);
        assert_int_equal(a->ndim, 2);
        assert_int_equal(a->shape[0], 2);
        assert_int_equal(a->shape[1], 3);
        assert_int_equal(a->size, 6);
        assert_values(a->data, m23, 6);
        eg_array_free(a);
    }
}

static void test_fixture_f4_fortran(void **state)
{
    (void)state;
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read(FIXTURE("f4_fortran.npy"), &a, &err), EG_OK);
    const double want[6] = {1.5, 2, 3, 4, 5, -6.25};
    assert_int_equal(a->ndim, 2);
    assert_values(a->data, want, 6);
    eg_array_free(a);
}

/* The 19 × 35 value of tests/data/npy/fortran/make.py at (i, j) for a file of
 * the given dtype kind. */
static double fortran_fixture_value(char kind, size_t i, size_t j)
{
    long v = (long)((i * 37 + j * 11) % 97) - 48;
    switch (kind) {
    case 'b': return v % 3 == 0 ? 1.0 : 0.0;
    case 'u': return (double)(v + 48);
    case 'f': return (double)v + 0.25 * (double)(j % 4);
    default: return (double)v;
    }
}

/* Column-major files numpy wrote (np.asfortranarray) for every dtype engram
 * reads, both byte orders: read from the file and parsed from memory, each
 * value lands at its row-major place. */
static void test_fixture_fortran_every_dtype(void **state)
{
    (void)state;
    const char *names[] = {"i1", "u1", "b1", "i2", "i2_be", "u2", "u2_be", "i4", "i4_be", "u4",
                           "u4_be", "i8", "i8_be", "u8", "u8_be", "f4", "f4_be", "f8", "f8_be"};
    for (size_t f = 0; f < sizeof names / sizeof *names; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/data/npy/fortran/%s.npy", ENGRAM_SOURCE_DIR, names[f]);
        size_t len = 0;
        unsigned char *buf = slurp(path, &len);
        for (int from_memory = 0; from_memory < 2; from_memory++) {
            eg_array *a = NULL;
            eg_error err;
            eg_status st = from_memory ? eg_npy_parse(buf, len, path, &a, &err) : eg_npy_read(path, &a, &err);
            if (st != EG_OK)
                fail_msg("%s: %s", path, err.msg);
            assert_int_equal(a->ndim, 2);
            assert_int_equal(a->shape[0], 19);
            assert_int_equal(a->shape[1], 35);
            for (size_t i = 0; i < 19; i++)
                for (size_t j = 0; j < 35; j++)
                    if (!same_bits(a->data[i * 35 + j], fortran_fixture_value(names[f][0], i, j)))
                        fail_msg("%s (%s) [%zu][%zu]: got %g, want %g", names[f], from_memory ? "parsed" : "read",
                                 i, j, a->data[i * 35 + j], fortran_fixture_value(names[f][0], i, j));
            eg_array_free(a);
        }
        free(buf);
    }
    /* arange(60).reshape(3, 4, 5), column-major: 0.5 k − 7 and big-endian k − 30 at C index k. */
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read(FIXTURE("fortran/f8_3d.npy"), &a, &err), EG_OK);
    assert_int_equal(a->size, 60);
    for (size_t k = 0; k < 60; k++)
        assert_true(a->data[k] == 0.5 * (double)k - 7);
    eg_array_free(a);
    assert_int_equal(eg_npy_read(FIXTURE("fortran/i2_3d_be.npy"), &a, &err), EG_OK);
    assert_int_equal(a->shape[2], 5);
    for (size_t k = 0; k < 60; k++)
        assert_true(a->data[k] == (double)k - 30);
    eg_array_free(a);
}

/* Column-major 1-d arrays and single rows or columns are their data as stored. */
static void test_fortran_vectors(void **state)
{
    (void)state;
    unsigned char buf[256];
    const double v[3] = {1.5, -2, 3};
    const char *dicts[] = {"{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }",
                           "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 3), }",
                           "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1), }"};
    for (size_t k = 0; k < 3; k++) {
        eg_array *a = parse_ok(buf, build(buf, 1, dicts[k], v, sizeof v));
        assert_values(a->data, v, 3);
        eg_array_free(a);
    }
}

static void test_fixture_shapes_0d_1d_3d(void **state)
{
    (void)state;
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read(FIXTURE("f8_0d.npy"), &a, &err), EG_OK);
    assert_int_equal(a->ndim, 0);
    assert_int_equal(a->size, 1);
    assert_true(a->data[0] == 2.5);
    eg_array_free(a);

    assert_int_equal(eg_npy_read(FIXTURE("f8_1d.npy"), &a, &err), EG_OK);
    assert_int_equal(a->ndim, 1);
    assert_int_equal(a->shape[0], 3);
    assert_values(a->data, (const double[]){1, 2, 3}, 3);
    eg_array_free(a);

    /* arange(24).reshape(2, 3, 4): in C order element k is k, whichever order
     * the file was stored in. */
    const char *files[] = {FIXTURE("f8_3d_c.npy"), FIXTURE("f8_3d_fortran.npy")};
    for (size_t f = 0; f < 2; f++) {
        assert_int_equal(eg_npy_read(files[f], &a, &err), EG_OK);
        assert_int_equal(a->ndim, 3);
        assert_int_equal(a->shape[0], 2);
        assert_int_equal(a->shape[1], 3);
        assert_int_equal(a->shape[2], 4);
        for (size_t k = 0; k < 24; k++)
            assert_true(a->data[k] == (double)k);
        eg_array_free(a);
    }
}

static void test_fixture_i4_bool_big_endian(void **state)
{
    (void)state;
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read(FIXTURE("i4.npy"), &a, &err), EG_OK);
    assert_values(a->data, (const double[]){-2147483648.0, 0, 7, 2147483647.0}, 4);
    eg_array_free(a);
    assert_int_equal(eg_npy_read(FIXTURE("bool.npy"), &a, &err), EG_OK);
    assert_values(a->data, (const double[]){1, 0, 1}, 3);
    eg_array_free(a);
    assert_int_equal(eg_npy_read(FIXTURE("f8_be.npy"), &a, &err), EG_OK);
    assert_values(a->data, (const double[]){1.5, -2.0, 1e100}, 3);
    eg_array_free(a);
    assert_int_equal(eg_npy_read(FIXTURE("f4_be.npy"), &a, &err), EG_OK);
    assert_values(a->data, (const double[]){0.25, -3.5}, 2);
    eg_array_free(a);
}

/* ------------------------------------------------------------ hand-built images */

static void test_integer_dtypes_value_by_value(void **state)
{
    (void)state;
    unsigned char buf[256];
    eg_array *a;

    const unsigned char i1[] = {0x80, 0xff, 0x00, 0x7f};
    a = parse_ok(buf, build(buf, 1, "{'descr': '|i1', 'fortran_order': False, 'shape': (4,), }", i1, 4));
    assert_values(a->data, (const double[]){-128, -1, 0, 127}, 4);
    eg_array_free(a);

    const unsigned char u1[] = {0x80, 0xff};
    a = parse_ok(buf, build(buf, 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", u1, 2));
    assert_values(a->data, (const double[]){128, 255}, 2);
    eg_array_free(a);

    const unsigned char i2le[] = {0x00, 0x80, 0x34, 0x12};
    a = parse_ok(buf, build(buf, 1, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", i2le, 4));
    assert_values(a->data, (const double[]){-32768, 0x1234}, 2);
    eg_array_free(a);

    const unsigned char i2be[] = {0xff, 0xfe, 0x12, 0x34};
    a = parse_ok(buf, build(buf, 1, "{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", i2be, 4));
    assert_values(a->data, (const double[]){-2, 0x1234}, 2);
    eg_array_free(a);

    const unsigned char u2[] = {0xff, 0xff};
    a = parse_ok(buf, build(buf, 1, "{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }", u2, 2));
    assert_values(a->data, (const double[]){65535}, 1);
    eg_array_free(a);

    const unsigned char i4[] = {0xfe, 0xff, 0xff, 0xff};
    a = parse_ok(buf, build(buf, 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", i4, 4));
    assert_int_equal(a->ndim, 0);
    assert_values(a->data, (const double[]){-2}, 1);
    eg_array_free(a);

    const unsigned char u4[] = {0xff, 0xff, 0xff, 0xff};
    a = parse_ok(buf, build(buf, 1, "{'descr': '>u4', 'fortran_order': False, 'shape': (1,), }", u4, 4));
    assert_values(a->data, (const double[]){4294967295.0}, 1);
    eg_array_free(a);

    unsigned char i8[16];
    memset(i8, 0xff, 8);                              /* -1 */
    memcpy(i8 + 8, "\x00\x00\x00\x00\x00\x00\x00\x80", 8); /* INT64_MIN */
    a = parse_ok(buf, build(buf, 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i8, 16));
    assert_values(a->data, (const double[]){-1, -9223372036854775808.0}, 2);
    eg_array_free(a);

    unsigned char u8[8];
    memset(u8, 0xff, 8); /* 2^64 - 1 rounds to 2^64 */
    a = parse_ok(buf, build(buf, 1, "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", u8, 8));
    assert_values(a->data, (const double[]){18446744073709551616.0}, 1);
    eg_array_free(a);

    const unsigned char b1[] = {0, 1, 2};
    a = parse_ok(buf, build(buf, 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", b1, 3));
    assert_values(a->data, (const double[]){0, 1, 1}, 3);
    eg_array_free(a);
}

static void test_float_dtypes_and_fortran_order(void **state)
{
    (void)state;
    unsigned char buf[256];
    eg_array *a;
    /* 1.0f = 0x3f800000, -2.5f = 0xc0200000 */
    const unsigned char f4le[] = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0};
    a = parse_ok(buf, build(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4le, 8));
    assert_values(a->data, (const double[]){1.0, -2.5}, 2);
    eg_array_free(a);
    /* 0.1 = 0x3fb999999999999a, big-endian */
    const unsigned char f8be[] = {0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a};
    a = parse_ok(buf, build(buf, 1, "{\"descr\": \">f8\", \"fortran_order\": False, \"shape\": (1,)}", f8be, 8));
    assert_values(a->data, (const double[]){0.1}, 1);
    eg_array_free(a);
    /* A 2 × 3 matrix stored column by column: 1 4 2 5 3 6 is [[1,2,3],[4,5,6]]. */
    const double colmajor[6] = {1, 4, 2, 5, 3, 6};
    a = parse_ok(buf, build(buf, 2, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", colmajor,
                            sizeof colmajor));
    assert_values(a->data, (const double[]){1, 2, 3, 4, 5, 6}, 6);
    eg_array_free(a);
    /* Key order, spacing and Python 2 long literals do not matter. */
    const double two[2] = {7, 8};
    a = parse_ok(buf, build(buf, 1, "{ 'shape' : (2L, ) , 'fortran_order':False,'descr':'<f8'}\n", two, 16));
    assert_int_equal(a->shape[0], 2);
    assert_values(a->data, two, 2);
    eg_array_free(a);
    /* Empty arrays have no data. */
    a = parse_ok(buf, build(buf, 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (0, 5), }", NULL, 0));
    assert_int_equal(a->size, 0);
    assert_null(a->data);
    eg_array_free(a);
}

/* ------------------------------------------------------------ writer */

static void test_encode_matches_numpy_bytes(void **state)
{
    (void)state;
    struct {
        const char *file;
        size_t ndim, shape[3];
    } cases[] = {
        {FIXTURE("f8_c_v1.npy"), 2, {2, 3, 0}},
        {FIXTURE("f8_1d.npy"), 1, {3, 0, 0}},
        {FIXTURE("f8_0d.npy"), 0, {0, 0, 0}},
        {FIXTURE("f8_3d_c.npy"), 3, {2, 3, 4}},
    };
    double arange[24];
    for (int k = 0; k < 24; k++)
        arange[k] = k;
    const double *data[] = {m23, (const double[]){1, 2, 3}, (const double[]){2.5}, arange};
    for (size_t c = 0; c < 4; c++) {
        size_t want_len = 0;
        void *want = slurp(cases[c].file, &want_len);
        void *got = NULL;
        size_t got_len = 0;
        eg_error err;
        assert_int_equal(eg_npy_encode(cases[c].ndim, cases[c].shape, data[c], &got, &got_len, &err), EG_OK);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        free(got);
        free(want);
    }
}

static void test_write_read_round_trip_bits(void **state)
{
    (void)state;
    eg_matrix *m = eg_matrix_alloc(3, 4);
    uint64_t nan_payload = 0x7ff8000000000123u;
    double special[12] = {0.0, -0.0, 1e-310 /* subnormal */, 1.7976931348623157e308, -1.0 / 3.0, 0.1,
                          INFINITY, -INFINITY, 0, 123456789.125, -5e-324, 2.0 / 3.0};
    memcpy(&special[8], &nan_payload, sizeof(double));
    memcpy(m->data, special, sizeof special);
    eg_error err;
    assert_int_equal(eg_npy_write_matrix("roundtrip.npy", m, &err), EG_OK);
    eg_matrix *back = NULL;
    assert_int_equal(eg_npy_read_matrix("roundtrip.npy", &back, &err), EG_OK);
    assert_int_equal(back->rows, 3);
    assert_int_equal(back->cols, 4);
    assert_memory_equal(back->data, special, sizeof special);
    eg_matrix_free(back);
    eg_matrix_free(m);

    size_t shape[4] = {2, 1, 3, 2};
    double v[12];
    for (int k = 0; k < 12; k++)
        v[k] = k * 0.7 - 3;
    assert_int_equal(eg_npy_write("nd.npy", 4, shape, v, &err), EG_OK);
    eg_array *a = NULL;
    assert_int_equal(eg_npy_read("nd.npy", &a, &err), EG_OK);
    assert_int_equal(a->ndim, 4);
    assert_memory_equal(a->shape, shape, sizeof shape);
    assert_memory_equal(a->data, v, sizeof v);
    eg_array_free(a);
    /* The data start on a 64-byte boundary, as numpy lays them out. */
    size_t len;
    unsigned char *raw = slurp("nd.npy", &len);
    assert_int_equal((len - sizeof v) % 64, 0);
    assert_int_equal(raw[len - sizeof v - 1], '\n');
    free(raw);
    unlink("roundtrip.npy");
    unlink("nd.npy");
}

static void test_read_matrix_accepts_1d_2d_only(void **state)
{
    (void)state;
    eg_matrix *m = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read_matrix(FIXTURE("f8_1d.npy"), &m, &err), EG_OK);
    assert_int_equal(m->rows, 1);
    assert_int_equal(m->cols, 3);
    assert_true(eg_matrix_get(m, 0, 2) == 3.0);
    eg_matrix_free(m);
    assert_int_equal(eg_npy_read_matrix(FIXTURE("f4_fortran.npy"), &m, &err), EG_OK);
    assert_int_equal(m->rows, 2);
    assert_true(eg_matrix_get(m, 1, 2) == -6.25);
    eg_matrix_free(m);
    m = NULL;
    assert_int_equal(eg_npy_read_matrix(FIXTURE("f8_3d_c.npy"), &m, &err), EG_EPARSE);
    assert_null(m);
    assert_non_null(strstr(err.msg, "f8_3d_c.npy: expected a 1-d or 2-d array, found shape (2, 3, 4)"));
    assert_int_equal(eg_npy_read_matrix(FIXTURE("f8_0d.npy"), &m, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "found shape ()"));
}

/* ------------------------------------------------------------ malformed input */

static void test_truncated_and_bad_magic(void **state)
{
    (void)state;
    unsigned char buf[256];
    const double one = 1;
    size_t n = build(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", &one, 8);
    expect_parse_error(buf, 0, "truncated");
    expect_parse_error(NULL, 0, "truncated");
    expect_parse_error(buf, 5, "truncated");
    expect_parse_error(buf, 9, "truncated");
    expect_parse_error(buf, 20, "truncated .npy file: header of");
    expect_parse_error(buf, n - 3, "not a whole number of '<f8' values");
    memcpy(buf, "\x93NUMPX", 6);
    expect_parse_error(buf, n, "bad magic");
    expect_parse_error("PK\x03\x04", 4, "a zip archive (.npz?), not a .npy file");
    expect_parse_error("NUMPY\x01\x00", 7, "bad magic");
    build(buf, 1, "{}", NULL, 0);
    buf[6] = 4;
    expect_parse_error(buf, 12, "unsupported .npy format version 4.0");
}

static void test_malformed_header_dicts(void **state)
{
    (void)state;
    const double one = 1;
    expect_dict_error("{'descr: '<f8', 'fortran_order': False, 'shape': (1,), }", &one, 8, "expected ':'");
    expect_dict_error("{'descr': '<f8, 'fortran_order': False, 'shape': (1,) }", &one, 8, "expected ',' or '}'");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x", &one, 8, "unterminated string");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, }", &one, 8, "missing key 'shape'");
    expect_dict_error("{'shape': (1,), 'fortran_order': False}", &one, 8, "missing key 'descr'");
    expect_dict_error("{'descr': '<f8', 'shape': (1,)}", &one, 8, "missing key 'fortran_order'");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", &one, 8,
                      "unexpected key 'extra'");
    expect_dict_error("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", &one, 8,
                      "key 'descr' given twice");
    expect_dict_error("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", &one, 8, "True or False");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", &one, 8, "negative extent");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", &one, 8, "must be a tuple");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", &one, 8, "is not a tuple");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", &one, 8,
                      "unexpected text after the closing '}'");
    expect_dict_error("['descr', '<f8']", &one, 8, "expected '{'");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2", &one, 8, "expected ',' or ')'");
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", &one, 8,
                      "extent in 'shape' too large");
}

static void test_absurd_shapes_refused_before_allocating(void **state)
{
    (void)state;
    const double one = 1;
    /* 2^40 × 2^40 elements overflow a size_t. */
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 1099511627776)}", &one, 8,
                      "too many elements");
    /* 10^16 doubles fit a size_t but not the 8 bytes present: refused by size,
     * without an 80 PB allocation (the sanitizer build would abort on one). */
    expect_dict_error("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000, 100000000)}", &one, 8,
                      "W.npy: data holds 1 values, shape (100000000, 100000000) needs 10000000000000000");
    char dict[600] = "{'descr': '<f8', 'fortran_order': False, 'shape': (";
    for (int k = 0; k < 65; k++)
        strcat(dict, "1,");
    strcat(dict, ")}");
    expect_dict_error(dict, &one, 8, "more than 64 dimensions");
}

static void test_data_length_must_match_shape(void **state)
{
    (void)state;
    double v[101];
    for (int k = 0; k < 101; k++)
        v[k] = k;
    const char *dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (10, 10), }";
    expect_dict_error(dict, v, 99 * 8, "W.npy: data holds 99 values, shape (10, 10) needs 100");
    expect_dict_error(dict, v, 101 * 8, "W.npy: data holds 101 values, shape (10, 10) needs 100");
    expect_dict_error("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", v, 10,
                      "W.npy: data holds 10 bytes, not a whole number of '<f4' values; shape (3,) needs 3");
}

static void test_unsupported_dtypes(void **state)
{
    (void)state;
    unsigned char zeros[64] = {0};
    struct {
        const char *dict, *want;
    } cases[] = {
        {"{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '<c16': complex"},
        {"{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '|O': Python objects"},
        {"{'descr': '<U5', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '<U5': strings"},
        {"{'descr': '|S3', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '|S3': strings"},
        {"{'descr': '<f2', 'fortran_order': False, 'shape': (1,)}", "half-precision"},
        {"{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}", "only 4- and 8-byte floats"},
        {"{'descr': '<i3', 'fortran_order': False, 'shape': (1,)}", "integers must be 1, 2, 4 or 8 bytes"},
        {"{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,)}", "dates and times"},
        {"{'descr': '|f8', 'fortran_order': False, 'shape': (1,)}", "needs a byte order"},
        {"{'descr': 'x', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype 'x'"},
        {"{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", "structured arrays"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        expect_dict_error(cases[c].dict, zeros, 8, cases[c].want);
}

static void test_file_errors_name_the_path(void **state)
{
    (void)state;
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_npy_read("no-such-dir/W.npy", &a, &err), EG_EIO);
    assert_non_null(strstr(err.msg, "no-such-dir/W.npy: cannot open"));
    assert_int_equal(eg_npy_read(".", &a, &err), EG_EIO);
    assert_non_null(strstr(err.msg, ".: not a regular file"));
    /* A fixture cut short: the file reader checks the size before reading. */
    size_t len;
    unsigned char *raw = slurp(FIXTURE("f8_c_v1.npy"), &len);
    spill("cut.npy", raw, len - 8);
    assert_int_equal(eg_npy_read("cut.npy", &a, &err), EG_EPARSE);
    assert_string_equal(err.msg, "cut.npy: data holds 5 values, shape (2, 3) needs 6");
    spill("cut.npy", raw, 30);
    assert_int_equal(eg_npy_read("cut.npy", &a, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "cut.npy: truncated .npy file: header of 118 bytes, only 20 present"));
    spill("cut.npy", raw, 4);
    assert_int_equal(eg_npy_read("cut.npy", &a, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "cut.npy: truncated"));
    assert_null(a);
    free(raw);
    unlink("cut.npy");
}

/* The header alone: where the data start (the preamble, the padded header) and the shape. */
static void test_read_header(void **state)
{
    (void)state;
    const char *files[] = {FIXTURE("f8_c_v1.npy"), FIXTURE("f8_c_v2.npy"), FIXTURE("f8_c_v3.npy")};
    for (size_t f = 0; f < 3; f++) {
        eg_npy_info info;
        eg_error err;
        assert_int_equal(eg_npy_read_header(files[f], &info, &err), EG_OK);
        size_t len;
        unsigned char *raw = slurp(files[f], &len);
        assert_int_equal(info.data_offset, len - 6 * sizeof(double));
        assert_int_equal(info.ndim, 2);
        assert_int_equal(info.shape[0], 2);
        assert_int_equal(info.shape[1], 3);
        assert_string_equal(info.descr, "<f8");
        assert_false(info.fortran);
        free(raw);
    }
    eg_npy_info info;
    eg_error err;
    assert_int_equal(eg_npy_read_header(FIXTURE("f4_fortran.npy"), &info, &err), EG_OK);
    assert_true(info.fortran);
    assert_int_equal(eg_npy_read_header("no-such-dir/W.npy", &info, &err), EG_EIO);
    assert_non_null(strstr(err.msg, "no-such-dir/W.npy: cannot open"));
    unsigned char bad[16] = "NOTNUMPYatall";
    spill("bad.npy", bad, sizeof bad);
    assert_int_equal(eg_npy_read_header("bad.npy", &info, &err), EG_EPARSE);
    unlink("bad.npy");
}

/* The whole-array conversions (big-endian float64 byte-swapped, float32
 * widened, native float64 read as it is) against the format's definition
 * applied value by value in the test: every bit kept, NaN payloads, −0,
 * subnormals and infinities included, at a length no vector width divides. */
static void test_bulk_conversions_keep_every_bit(void **state)
{
    (void)state;
    enum { N = 1003 };
    double v[N];
    float f[N];
    uint64_t nan_payload = 0x7ff8000000000123u;
    for (int k = 0; k < N; k++)
        v[k] = (k % 7 - 3) * 0.1 + k * 1e-3;
    v[1] = -0.0;
    v[2] = 1e-310;
    v[3] = INFINITY;
    v[4] = -INFINITY;
    memcpy(&v[5], &nan_payload, sizeof(double));
    for (int k = 0; k < N; k++)
        f[k] = (float)v[k];
    unsigned char be[8 * N], le4[4 * N];
    for (int k = 0; k < N; k++) {
        uint64_t u;
        uint32_t w;
        memcpy(&u, &v[k], 8);
        memcpy(&w, &f[k], 4);
        for (int b = 0; b < 8; b++)
            be[8 * k + b] = (unsigned char)(u >> (56 - 8 * b));
        for (int b = 0; b < 4; b++)
            le4[4 * k + b] = (unsigned char)(w >> (8 * b));
    }
    static unsigned char buf[16 + 128 + 8 * N];
    const char *files[3] = {"bulk_be.npy", "bulk_f4.npy", "bulk_f8.npy"};
    size_t lens[3];
    lens[0] = build(buf, 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1003,), }", be, sizeof be);
    eg_array *a = parse_ok(buf, lens[0]);
    assert_memory_equal(a->data, v, sizeof v);
    eg_array_free(a);
    FILE *out = fopen(files[0], "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(buf, 1, lens[0], out), lens[0]);
    fclose(out);
    double widened[N];
    for (int k = 0; k < N; k++)
        widened[k] = (double)f[k];
    lens[1] = build(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1003,), }", le4, sizeof le4);
    a = parse_ok(buf, lens[1]);
    assert_memory_equal(a->data, widened, sizeof widened);
    eg_array_free(a);
    out = fopen(files[1], "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(buf, 1, lens[1], out), lens[1]);
    fclose(out);
    assert_int_equal(eg_npy_write(files[2], 1, (size_t[]){N}, v, NULL), EG_OK);
    const double *expect[3] = {v, widened, v};
    for (int k = 0; k < 3; k++) {
        eg_error err;
        a = NULL;
        assert_int_equal(eg_npy_read(files[k], &a, &err), EG_OK);
        assert_int_equal(a->size, N);
        assert_memory_equal(a->data, expect[k], sizeof v);
        eg_array_free(a);
        unlink(files[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_header),
        cmocka_unit_test(test_bulk_conversions_keep_every_bit),
        cmocka_unit_test(test_fixture_versions_1_2_3),
        cmocka_unit_test(test_fixture_f4_fortran),
        cmocka_unit_test(test_fixture_shapes_0d_1d_3d),
        cmocka_unit_test(test_fixture_fortran_every_dtype),
        cmocka_unit_test(test_fortran_vectors),
        cmocka_unit_test(test_fixture_i4_bool_big_endian),
        cmocka_unit_test(test_integer_dtypes_value_by_value),
        cmocka_unit_test(test_float_dtypes_and_fortran_order),
        cmocka_unit_test(test_encode_matches_numpy_bytes),
        cmocka_unit_test(test_write_read_round_trip_bits),
        cmocka_unit_test(test_read_matrix_accepts_1d_2d_only),
        cmocka_unit_test(test_truncated_and_bad_magic),
        cmocka_unit_test(test_malformed_header_dicts),
        cmocka_unit_test(test_absurd_shapes_refused_before_allocating),
        cmocka_unit_test(test_data_length_must_match_shape),
        cmocka_unit_test(test_unsupported_dtypes),
        cmocka_unit_test(test_file_errors_name_the_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
