/* test_npz.c: the .npz reader on archives numpy wrote (tests/data/npz, made by
 * make_fixtures.py there: stored, deflated, zip64 headers, Fortran order,
 * float32 and int64 members, a pickled object array), and on archives broken
 * byte by byte from those. The expected values are the closed forms the
 * script used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/npz.h"

static const char *fixture(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/npz/%s", ENGRAM_SOURCE_DIR, name);
    return path;
}

static eg_npz *open_ok(const char *name)
{
    eg_npz *z = NULL;
    eg_error err = {{0}};
    if (eg_npz_open(fixture(name), &z, &err) != EG_OK)
        fail_msg("open %s: %s", name, err.msg);
    return z;
}

static eg_array *read_ok(const eg_npz *z, const char *key)
{
    eg_array *a = NULL;
    eg_error err = {{0}};
    if (eg_npz_read(z, key, &a, &err) != EG_OK)
        fail_msg("read %s: %s", key, err.msg);
    return a;
}

/* W[i][j] = (2i + j − 2.5) / 4, 3 × 2 float64. */
static void assert_w(const eg_array *a)
{
    assert_int_equal(a->ndim, 2);
    assert_int_equal(a->shape[0], 3);
    assert_int_equal(a->shape[1], 2);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 2; j++)
            assert_true(a->data[i * 2 + j] == ((double)(2 * i + j) - 2.5) / 4);
}

static void test_stored_members(void **state)
{
    (void)state;
    eg_npz *z = open_ok("stored.npz");
    assert_int_equal(eg_npz_count(z), 5);
    assert_string_equal(eg_npz_key(z, 0), "W");
    assert_true(eg_npz_has(z, "F") && !eg_npz_has(z, "W.npy"));
    eg_array *w = read_ok(z, "W"), *b = read_ok(z, "b"), *n = read_ok(z, "n"), *f = read_ok(z, "F");
    assert_w(w);
    /* float32 values exactly representable: 1.5, −2, 0.25. */
    assert_int_equal(b->ndim, 1);
    assert_true(b->data[0] == 1.5 && b->data[1] == -2.0 && b->data[2] == 0.25);
    for (size_t k = 0; k < 4; k++)
        assert_true(n->data[k] == -3.0 * (double)k);
    /* Fortran order comes back row-major: F[i][j] = 3i + j. */
    assert_int_equal(f->shape[0], 2);
    assert_int_equal(f->shape[1], 3);
    for (size_t k = 0; k < 6; k++)
        assert_true(f->data[k] == (double)k);
    eg_array_free(w);
    eg_array_free(b);
    eg_array_free(n);
    eg_array_free(f);
    eg_npz_close(z);
}

static void test_deflated_members(void **state)
{
    (void)state;
    eg_npz *z = open_ok("deflated.npz");
    eg_array *w = read_ok(z, "rnn.weight_hh_l0");
    assert_w(w);
    eg_array_free(w);
    eg_npz_close(z);
    z = open_ok("large.npz");
    eg_array *m = read_ok(z, "M");
    assert_int_equal(m->shape[0], 200);
    assert_int_equal(m->shape[1], 300);
    for (size_t i = 0; i < 200; i++)
        for (size_t j = 0; j < 300; j++)
            assert_true(m->data[i * 300 + j] == (double)((i * j) % 7));
    eg_array_free(m);
    eg_npz_close(z);
}

static void test_pickled_member_refused(void **state)
{
    (void)state;
    eg_npz *z = open_ok("pickled.npz");
    eg_array *a = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_npz_read(z, "obj", &a, &err), EG_EPARSE);
    assert_null(a);
    assert_non_null(strstr(err.msg, "pickled"));
    assert_non_null(strstr(err.msg, "[obj]"));
    /* The numeric member beside it still reads. */
    a = read_ok(z, "W");
    assert_w(a);
    eg_array_free(a);
    eg_npz_close(z);
}

static void test_missing_key_lists_keys(void **state)
{
    (void)state;
    eg_npz *z = open_ok("deflated.npz");
    eg_array *a = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_npz_read(z, "weight_hh_l0", &a, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "no array 'weight_hh_l0'"));
    assert_non_null(strstr(err.msg, "'rnn.weight_hh_l0'"));
    eg_npz_close(z);
}

/* The fixture's bytes, for breaking. */
static unsigned char *slurp(const char *name, size_t *len)
{
    FILE *f = fopen(fixture(name), "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static eg_status open_bytes(const unsigned char *buf, size_t len, const char *key, eg_error *err)
{
    char path[] = "/tmp/engram-npz-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
    eg_npz *z = NULL;
    eg_status st = eg_npz_open(path, &z, err);
    if (st == EG_OK) {
        eg_array *a = NULL;
        st = eg_npz_read(z, key, &a, err);
        eg_array_free(a);
        eg_npz_close(z);
    }
    unlink(path);
    return st;
}

/* Every truncation and every single flipped byte gives a status with a
 * message, never a crash; a flipped data byte is caught by the checksum. */
static void test_damaged_archives(void **state)
{
    (void)state;
    const char *names[] = {"stored.npz", "deflated.npz"};
    const char *keys[] = {"W", "rnn.weight_hh_l0"};
    for (size_t f = 0; f < 2; f++) {
        size_t len;
        unsigned char *buf = slurp(names[f], &len);
        for (size_t cut = 0; cut < len; cut += 7) {
            eg_error err = {{0}};
            assert_int_not_equal(open_bytes(buf, cut, keys[f], &err), EG_OK);
            assert_true(err.msg[0] != '\0');
        }
        for (size_t i = 0; i < len; i += 3) {
            unsigned char *copy = malloc(len);
            memcpy(copy, buf, len);
            copy[i] ^= 0x5a;
            eg_error err = {{0}};
            eg_status st = open_bytes(copy, len, keys[f], &err);
            assert_true(st == EG_OK || err.msg[0] != '\0');
            free(copy);
        }
        free(buf);
    }
}

static void test_not_an_archive(void **state)
{
    (void)state;
    eg_npz *z = NULL;
    eg_error err = {{0}};
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/npz/make_fixtures.py", ENGRAM_SOURCE_DIR);
    assert_int_equal(eg_npz_open(path, &z, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "not an .npz archive"));
    assert_int_equal(eg_npz_open("/nonexistent/x.npz", &z, &err), EG_EIO);
    assert_null(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored_members),       cmocka_unit_test(test_deflated_members),
        cmocka_unit_test(test_pickled_member_refused), cmocka_unit_test(test_missing_key_lists_keys),
        cmocka_unit_test(test_damaged_archives),      cmocka_unit_test(test_not_an_archive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
