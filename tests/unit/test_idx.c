/* test_idx.c: the IDX reader on hand-built images of every element type, row
 * ranges from memory and from files, and every malformation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/idx.h"

/* An IDX image: magic with type, big-endian extents, then payload bytes. */
static size_t build(unsigned char *out, unsigned type, size_t ndim, const uint32_t *dims, const void *payload,
                    size_t plen)
{
    out[0] = 0;
    out[1] = 0;
    out[2] = (unsigned char)type;
    out[3] = (unsigned char)ndim;
    for (size_t d = 0; d < ndim; d++) {
        out[4 + 4 * d] = (unsigned char)(dims[d] >> 24);
        out[5 + 4 * d] = (unsigned char)(dims[d] >> 16);
        out[6 + 4 * d] = (unsigned char)(dims[d] >> 8);
        out[7 + 4 * d] = (unsigned char)dims[d];
    }
    if (plen)
        memcpy(out + 4 + 4 * ndim, payload, plen);
    return 4 + 4 * ndim + plen;
}

static eg_array *parse_ok(const void *buf, size_t len, eg_idx_type want_type)
{
    eg_array *a = NULL;
    eg_idx_type type = 0;
    eg_error err = {{0}};
    if (eg_idx_parse(buf, len, "t.idx", &a, &type, &err) != EG_OK)
        fail_msg("parse failed: %s", err.msg);
    assert_int_equal(type, want_type);
    return a;
}

static void expect_error(const void *buf, size_t len, const char *want)
{
    eg_array *a = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_idx_parse(buf, len, "t.idx", &a, NULL, &err), EG_EPARSE);
    assert_null(a);
    if (strcmp(err.msg, want) != 0)
        fail_msg("message '%s', want '%s'", err.msg, want);
}

static void assert_values(const eg_array *a, const double *want, size_t n)
{
    assert_int_equal(a->size, n);
    for (size_t k = 0; k < n; k++)
        if (a->data[k] != want[k])
            fail_msg("value %zu: got %.17g, want %.17g", k, a->data[k], want[k]);
}

static void test_every_element_type(void **state)
{
    (void)state;
    unsigned char buf[128];
    eg_array *a;
    const unsigned char ub[8] = {0, 1, 127, 128, 200, 255, 3, 4};
    a = parse_ok(buf, build(buf, 0x08, 3, (const uint32_t[]){2, 2, 2}, ub, 8), EG_IDX_UBYTE);
    assert_int_equal(a->ndim, 3);
    assert_int_equal(a->shape[0], 2);
    assert_values(a, (const double[]){0, 1, 127, 128, 200, 255, 3, 4}, 8);
    eg_array_free(a);

    const unsigned char sb[3] = {0x80, 0xff, 0x7f};
    a = parse_ok(buf, build(buf, 0x09, 1, (const uint32_t[]){3}, sb, 3), EG_IDX_BYTE);
    assert_values(a, (const double[]){-128, -1, 127}, 3);
    eg_array_free(a);

    const unsigned char sh[4] = {0xff, 0xfe, 0x12, 0x34};
    a = parse_ok(buf, build(buf, 0x0B, 1, (const uint32_t[]){2}, sh, 4), EG_IDX_SHORT);
    assert_values(a, (const double[]){-2, 0x1234}, 2);
    eg_array_free(a);

    const unsigned char in[8] = {0x80, 0, 0, 0, 0x00, 0x01, 0x00, 0x00};
    a = parse_ok(buf, build(buf, 0x0C, 1, (const uint32_t[]){2}, in, 8), EG_IDX_INT);
    assert_values(a, (const double[]){-2147483648.0, 65536}, 2);
    eg_array_free(a);

    /* 0x40490fdb is float pi, 0xbf800000 is -1. */
    const unsigned char fl[8] = {0x40, 0x49, 0x0f, 0xdb, 0xbf, 0x80, 0x00, 0x00};
    a = parse_ok(buf, build(buf, 0x0D, 2, (const uint32_t[]){1, 2}, fl, 8), EG_IDX_FLOAT);
    assert_values(a, (const double[]){(double)3.14159265358979f, -1}, 2);
    eg_array_free(a);

    /* 0x3fb999999999999a is 0.1. */
    const unsigned char db[8] = {0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a};
    a = parse_ok(buf, build(buf, 0x0E, 1, (const uint32_t[]){1}, db, 8), EG_IDX_DOUBLE);
    assert_values(a, (const double[]){0.1}, 1);
    eg_array_free(a);

    /* No dimensions: one element. */
    a = parse_ok(buf, build(buf, 0x08, 0, NULL, "\x2a", 1), EG_IDX_UBYTE);
    assert_int_equal(a->ndim, 0);
    assert_values(a, (const double[]){42}, 1);
    eg_array_free(a);

    /* A zero extent: no elements, the shape kept. */
    a = parse_ok(buf, build(buf, 0x0C, 2, (const uint32_t[]){0, 5}, NULL, 0), EG_IDX_INT);
    assert_int_equal(a->size, 0);
    assert_int_equal(a->shape[1], 5);
    eg_array_free(a);
}

static void test_row_ranges_from_memory(void **state)
{
    (void)state;
    unsigned char buf[64], px[10];
    for (int k = 0; k < 10; k++)
        px[k] = (unsigned char)(10 * k);
    size_t len = build(buf, 0x08, 2, (const uint32_t[]){5, 2}, px, 10);
    eg_array *a = NULL;
    eg_error err;
    assert_int_equal(eg_idx_parse_rows(buf, len, "t.idx", 1, 3, &a, NULL, &err), EG_OK);
    assert_int_equal(a->shape[0], 3);
    assert_int_equal(a->shape[1], 2);
    assert_values(a, (const double[]){20, 30, 40, 50, 60, 70}, 6);
    eg_array_free(a);
    assert_int_equal(eg_idx_parse_rows(buf, len, "t.idx", 5, 0, &a, NULL, &err), EG_OK);
    assert_int_equal(a->shape[0], 0);
    assert_int_equal(a->size, 0);
    eg_array_free(a);
    a = NULL;
    assert_int_equal(eg_idx_parse_rows(buf, len, "t.idx", 4, 2, &a, NULL, &err), EG_EINVAL);
    assert_string_equal(err.msg, "t.idx: rows 4..6 requested, the file has 5");
    assert_int_equal(eg_idx_parse_rows(buf, len, "t.idx", SIZE_MAX, 2, &a, NULL, &err), EG_EINVAL);
    len = build(buf, 0x08, 0, NULL, "\x01", 1);
    assert_int_equal(eg_idx_parse_rows(buf, len, "t.idx", 0, 1, &a, NULL, &err), EG_EINVAL);
    assert_string_equal(err.msg, "t.idx: cannot select rows of a 0-dimensional IDX array");
    assert_null(a);
}

static void test_files_whole_and_by_rows(void **state)
{
    (void)state;
    /* An MNIST-shaped file of 100 images of 28 × 28 pixels: pixel value (image + pixel) mod 256. */
    enum { N = 100, P = 28 * 28 };
    unsigned char *img = malloc(16 + N * P);
    unsigned char *px = malloc(N * P);
    assert_non_null(img);
    assert_non_null(px);
    for (size_t i = 0; i < N; i++)
        for (size_t p = 0; p < P; p++)
            px[i * P + p] = (unsigned char)((i + p) % 256);
    size_t len = build(img, 0x08, 3, (const uint32_t[]){N, 28, 28}, px, N * P);
    FILE *f = fopen("images.idx", "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img, 1, len, f), len);
    fclose(f);

    eg_array *a = NULL;
    eg_idx_type type;
    eg_error err;
    assert_int_equal(eg_idx_read("images.idx", &a, &type, &err), EG_OK);
    assert_int_equal(type, EG_IDX_UBYTE);
    assert_int_equal(a->size, N * P);
    for (size_t k = 0; k < N * P; k++)
        assert_true(a->data[k] == px[k]);
    eg_array_free(a);

    assert_int_equal(eg_idx_read_rows("images.idx", 97, 3, &a, &type, &err), EG_OK);
    assert_int_equal(a->shape[0], 3);
    assert_int_equal(a->shape[2], 28);
    for (size_t k = 0; k < 3 * P; k++)
        assert_true(a->data[k] == px[97 * P + k]);
    eg_array_free(a);
    a = NULL;
    assert_int_equal(eg_idx_read_rows("images.idx", 98, 3, &a, &type, &err), EG_EINVAL);
    assert_string_equal(err.msg, "images.idx: rows 98..101 requested, the file has 100");

    /* Cut short: refused from the size before anything is read. */
    f = fopen("images.idx", "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img, 1, len - 1, f), len - 1);
    fclose(f);
    assert_int_equal(eg_idx_read_rows("images.idx", 0, 1, &a, &type, &err), EG_EPARSE);
    assert_string_equal(err.msg, "images.idx: truncated IDX file: data holds 78399 bytes, shape (100, 28, 28) needs 78400");
    f = fopen("images.idx", "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img, 1, 10, f), 10);
    fclose(f);
    assert_int_equal(eg_idx_read("images.idx", &a, &type, &err), EG_EPARSE);
    assert_string_equal(err.msg, "images.idx: truncated IDX file (10 bytes, the header of 3 dimensions needs 16)");
    assert_null(a);
    unlink("images.idx");
    free(img);
    free(px);

    assert_int_equal(eg_idx_read("no-such.idx", &a, &type, &err), EG_EIO);
    assert_non_null(strstr(err.msg, "no-such.idx: cannot open"));
    assert_int_equal(eg_idx_read(".", &a, &type, &err), EG_EIO);
}

static void test_malformed_images(void **state)
{
    (void)state;
    unsigned char buf[64];
    expect_error("", 0, "t.idx: truncated IDX file (0 bytes, the magic needs 4)");
    expect_error(NULL, 0, "t.idx: truncated IDX file (0 bytes, the magic needs 4)");
    expect_error("\0\0\x08", 3, "t.idx: truncated IDX file (3 bytes, the magic needs 4)");
    expect_error("\x01\0\x08\x01", 4, "t.idx: not an IDX file (magic starts 0x01 0x00, expected 0x00 0x00)");
    expect_error("\x1f\x8b\x08\x00", 4, "t.idx: gzip-compressed, not an IDX file (decompress it first)");
    expect_error("\x89PNG", 4, "t.idx: not an IDX file (magic starts 0x89 0x50, expected 0x00 0x00)");
    expect_error("\0\0\x0a\x01", 4,
                 "t.idx: unknown IDX element type 0x0a (known: 0x08 0x09 0x0b 0x0c 0x0d 0x0e)");
    expect_error("\0\0\x08\x03\0\0\0\x02\0\0\0\x02", 12,
                 "t.idx: truncated IDX file (12 bytes, the header of 3 dimensions needs 16)");
    const unsigned char seven[7] = {1, 2, 3, 4, 5, 6, 7};
    size_t len = build(buf, 0x08, 3, (const uint32_t[]){2, 2, 2}, seven, 7);
    expect_error(buf, len, "t.idx: truncated IDX file: data holds 7 bytes, shape (2, 2, 2) needs 8");
    len = build(buf, 0x0B, 1, (const uint32_t[]){3}, seven, 7);
    expect_error(buf, len, "t.idx: IDX file has 1 bytes after the data of shape (3)");
    /* Shapes whose element count cannot even be represented. */
    len = build(buf, 0x08, 3, (const uint32_t[]){0xffffffffu, 0xffffffffu, 0xffffffffu}, NULL, 0);
    expect_error(buf, len, "t.idx: IDX shape has too many elements to hold in memory");
    len = build(buf, 0x08, 4, (const uint32_t[]){0, 0xffffffffu, 0xffffffffu, 0xffffffffu}, NULL, 0);
    expect_error(buf, len, "t.idx: IDX shape has too many elements to hold in memory");
    /* Representable but absent: 60000 × 28 × 28 doubles are not allocated for 3 bytes. */
    len = build(buf, 0x0E, 3, (const uint32_t[]){60000, 28, 28}, seven, 3);
    expect_error(buf, len, "t.idx: truncated IDX file: data holds 3 bytes, shape (60000, 28, 28) needs 376320000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_element_type),
        cmocka_unit_test(test_row_ranges_from_memory),
        cmocka_unit_test(test_files_whole_and_by_rows),
        cmocka_unit_test(test_malformed_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
