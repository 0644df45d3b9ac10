/* test_safetensors.c: the safetensors reader on a file laid out as the
 * format's specification says (tests/data/safetensors/make_fixtures.py: F32,
 * F64, F16 with its largest and smallest subnormal values, BF16, I64 beyond
 * 2^32, BOOL, a 0-d I8, metadata with escapes, a padded header), and on every
 * truncation and many corruptions of it. */
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

#include "engram/safetensors.h"

static const char *fixture(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/safetensors/weights.safetensors", ENGRAM_SOURCE_DIR);
    return path;
}

static eg_array *read_ok(const eg_safetensors *s, const char *key)
{
    eg_array *a = NULL;
    eg_error err = {{0}};
    if (eg_safetensors_read(s, key, &a, &err) != EG_OK)
        fail_msg("read %s: %s", key, err.msg);
    return a;
}

static void test_every_dtype(void **state)
{
    (void)state;
    eg_safetensors *s = NULL;
    eg_error err = {{0}};
    assert_int_equal(eg_safetensors_open(fixture(), &s, &err), EG_OK);
    assert_int_equal(eg_safetensors_count(s), 8);
    assert_string_equal(eg_safetensors_key(s, 0), "rnn.weight_hh_l0");

    eg_array *w = read_ok(s, "rnn.weight_hh_l0");
    assert_int_equal(w->ndim, 2);
    assert_int_equal(w->shape[0], 3);
    for (size_t k = 0; k < 6; k++)
        assert_true(w->data[k] == ((double)k - 2.5) / 4); /* exact in float32 */
    eg_array *b = read_ok(s, "rnn.bias_hh_l0");
    assert_true(b->data[0] == 1.0 && b->data[1] == -2.0 && b->data[2] == 0.25);
    eg_array *h = read_ok(s, "half");
    assert_true(h->data[0] == 0.5 && h->data[1] == -1.5 && h->data[2] == 65504.0 && h->data[3] == ldexp(1, -24));
    eg_array *bf = read_ok(s, "bf16");
    float big = 3.0e38f;
    uint32_t bits;
    memcpy(&bits, &big, 4);
    bits &= 0xffff0000u; /* bfloat16 keeps the upper half of the float32 */
    memcpy(&big, &bits, 4);
    assert_true(bf->data[0] == 1.0 && bf->data[1] == -0.375 && bf->data[2] == (double)big);
    eg_array *st = read_ok(s, "steps");
    assert_true(st->data[0] == -3 && st->data[1] == 7 && st->data[2] == 0 && st->data[3] == ldexp(1, 40));
    eg_array *m = read_ok(s, "mask");
    assert_true(m->data[0] == 1 && m->data[1] == 0 && m->data[2] == 1);
    eg_array *sc = read_ok(s, "scalar");
    assert_int_equal(sc->ndim, 0);
    assert_true(sc->data[0] == -5);

    eg_array *missing = NULL;
    assert_int_equal(eg_safetensors_read(s, "weight_hh_l0", &missing, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "no tensor 'weight_hh_l0'"));
    assert_non_null(strstr(err.msg, "'rnn.weight_hh_l0'"));
    eg_array *all[] = {w, b, h, bf, st, m, sc};
    for (size_t i = 0; i < 7; i++)
        eg_array_free(all[i]);
    eg_safetensors_close(s);
}

static eg_status open_bytes(const unsigned char *buf, size_t len, eg_error *err)
{
    char path[] = "/tmp/engram-st-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
    eg_safetensors *s = NULL;
    eg_status st = eg_safetensors_open(path, &s, err);
    for (size_t i = 0; st == EG_OK && i < eg_safetensors_count(s); i++) {
        eg_array *a = NULL;
        st = eg_safetensors_read(s, eg_safetensors_key(s, i), &a, err);
        eg_array_free(a);
    }
    eg_safetensors_close(s);
    unlink(path);
    return st;
}

/* Every truncation fails with a message; every flipped byte either still
 * reads (a data byte) or fails with one; never a crash. */
static void test_damaged_files(void **state)
{
    (void)state;
    FILE *f = fopen(fixture(), "rb");
    assert_non_null(f);
    unsigned char buf[4096];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (size_t cut = 0; cut < len; cut++) {
        eg_error err = {{0}};
        assert_int_not_equal(open_bytes(buf, cut, &err), EG_OK);
        assert_true(err.msg[0] != '\0');
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char copy[4096];
        memcpy(copy, buf, len);
        copy[i] ^= 0x24;
        eg_error err = {{0}};
        eg_status st = open_bytes(copy, len, &err);
        assert_true(st == EG_OK || err.msg[0] != '\0');
    }
}

/* A header length past the file, and the format's 100 MB cap, are refused
 * before anything is allocated. */
static void test_header_length(void **state)
{
    (void)state;
    unsigned char big[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, '{', '}'};
    eg_error err = {{0}};
    assert_int_equal(open_bytes(big, 10, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "not a safetensors file"));
    unsigned char empty[10] = {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
    assert_int_equal(open_bytes(empty, 10, &err), EG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_dtype),
        cmocka_unit_test(test_damaged_files),
        cmocka_unit_test(test_header_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
