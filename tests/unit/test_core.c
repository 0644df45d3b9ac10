/* test_core.c: status codes, matrices, large blocks, seed derivation, the finiteness scan and the string buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pages.h"
#include "engram/matrix.h"
#include "engram/numerics.h"
#include "engram/rng.h"
#include "engram/status.h"
#include "engram/strbuf.h"

static void test_error_set_formats_and_returns_status(void **state)
{
    (void)state;
    eg_error err;
    assert_int_equal(eg_error_set(&err, EG_EIO, "cannot open '%s'", "x.npy"), EG_EIO);
    assert_string_equal(err.msg, "cannot open 'x.npy'");
    assert_int_equal(eg_error_set(NULL, EG_EINVAL, "ignored"), EG_EINVAL);
}

static void test_exit_codes_are_distinct_per_class(void **state)
{
    (void)state;
    assert_int_equal(eg_status_exit_code(EG_OK), 0);
    assert_int_equal(eg_status_exit_code(EG_EMODEL), EG_EXIT_MODEL);
    assert_int_equal(eg_status_exit_code(EG_ENUMERIC), EG_EXIT_NUMERIC);
    assert_int_equal(eg_status_exit_code(EG_EIO), EG_EXIT_IO);
    /* A malformed data file (CSV, .npy, journal) is a data error, not a model error. */
    assert_int_equal(eg_status_exit_code(EG_EPARSE), EG_EXIT_IO);
    assert_int_equal(eg_status_exit_code(EG_EINVAL), EG_EXIT_MODEL);
    assert_int_equal(eg_status_exit_code(EG_ENOMEM), EG_EXIT_INTERNAL);
    assert_int_not_equal(EG_EXIT_MODEL, EG_EXIT_USAGE);
}

static void test_matrix_alloc_zeroed_copy_and_overflow(void **state)
{
    (void)state;
    eg_matrix *m = eg_matrix_alloc(2, 3);
    assert_non_null(m);
    for (size_t k = 0; k < 6; k++)
        assert_true(m->data[k] == 0.0);
    *eg_matrix_at(m, 1, 2) = 5.0;
    eg_matrix *c = eg_matrix_copy(m);
    assert_true(eg_matrix_get(c, 1, 2) == 5.0);
    assert_null(eg_matrix_alloc(SIZE_MAX / 2, 4));
    eg_matrix_free(m);
    eg_matrix_free(c);
    eg_matrix_free(NULL);
}

/* Large blocks are zero where promised, also when the allocator hands back
 * a dirty block it had freed (where calloc zeroes before any advice). */
static void test_pages_blocks_zeroed_and_overflow(void **state)
{
    (void)state;
    size_t big = (size_t)9 << 20, small = 1000;
    for (size_t bytes = small; bytes <= big; bytes += big - small) {
        unsigned char *dirty = malloc(bytes);
        assert_non_null(dirty);
        memset(dirty, 0xa5, bytes);
        free(dirty);
        unsigned char *z = eg_pages_zeroed(bytes / 8, 8), *c = eg_pages_calloc(bytes / 8, 8),
                      *m = eg_pages_malloc(bytes);
        assert_non_null(z);
        assert_non_null(c);
        assert_non_null(m);
        memset(m, 1, bytes);
        size_t nonzero = 0;
        for (size_t i = 0; i < bytes; i++)
            nonzero += (z[i] != 0) + (c[i] != 0) + (m[i] != 1);
        assert_int_equal(nonzero, 0);
        free(z);
        free(c);
        free(m);
    }
    assert_null(eg_pages_zeroed(SIZE_MAX / 2, 4));
    assert_null(eg_pages_calloc(SIZE_MAX / 2, 4));
}

static void test_rng_streams_are_reproducible_and_distinct(void **state)
{
    (void)state;
    assert_true(eg_rng_derive(1, EG_RNG_CUE, 0) == eg_rng_derive(1, EG_RNG_CUE, 0));
    assert_true(eg_rng_derive(1, EG_RNG_CUE, 0) != eg_rng_derive(1, EG_RNG_CUE, 1));
    assert_true(eg_rng_derive(1, EG_RNG_CUE, 0) != eg_rng_derive(1, EG_RNG_EPISODES, 0));
    gsl_rng *a = eg_rng_alloc(7, EG_RNG_EPISODES, 3), *b = eg_rng_alloc(7, EG_RNG_EPISODES, 3);
    for (int k = 0; k < 10; k++)
        assert_true(gsl_rng_get(a) == gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* The exponent-bit scan agrees with isfinite on the edge values at every position. */
/* The block-drawn stream against GSL's mt19937 itself: output for output,
 * across twists, in fills of lengths that cross the 624-word blocks, for
 * four seeds. */
static void test_mt_blocks_equal_gsl_mt19937(void **state)
{
    (void)state;
    static const uint64_t seeds[][3] = {{1, 1, 0}, {0, 0, 0}, {42, 3, 7}, {~0ULL, 9, 123456789}};
    static const size_t chunks[] = {1, 31, 623, 624, 625, 2000, 5};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        gsl_rng *r = eg_rng_alloc(seeds[k][0], seeds[k][1], seeds[k][2]);
        assert_non_null(r);
        eg_mt m;
        eg_mt_seed(&m, seeds[k][0], seeds[k][1], seeds[k][2]);
        uint32_t buf[2000];
        for (size_t c = 0; c < 3 * sizeof chunks / sizeof chunks[0]; c++) {
            size_t n = chunks[c % (sizeof chunks / sizeof chunks[0])];
            eg_mt_fill(&m, buf, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(buf[i], (uint32_t)gsl_rng_get(r));
        }
        gsl_rng_free(r);
    }
    /* Integers in [0, n) as gsl_rng_uniform_int draws them, with its
     * rejections (n = 3 rejects one output in 2^32 / 3), from fresh streams
     * (a few outputs: a partly seeded state) and long ones. */
    static const unsigned long ns[] = {2, 3, 1000, 4294967295UL};
    for (size_t k = 0; k < 4 * sizeof ns / sizeof ns[0]; k++) {
        unsigned long n = ns[k % (sizeof ns / sizeof ns[0])];
        size_t draws = k < 4 ? 5 : 3000;
        gsl_rng *r = eg_rng_alloc(k, EG_RNG_TASK, 2);
        eg_mt m;
        eg_mt_seed(&m, k, EG_RNG_TASK, 2);
        for (size_t i = 0; i < draws; i++)
            assert_int_equal(eg_mt_uniform_int(&m, n), gsl_rng_uniform_int(r, n));
        gsl_rng_free(r);
    }
    /* A derived seed that folds to 0 is given 1, not GSL's default 4357. */
    assert_int_equal(eg_rng_fold_seed(0), 1);
}

static void test_all_finite_matches_isfinite(void **state)
{
    (void)state;
    const double edge[] = {0.0, -0.0, DBL_MIN / 4.0, -DBL_MAX, DBL_MAX, 1.0, NAN, INFINITY, -INFINITY, -NAN};
    double v[70] = {0};
    assert_true(eg_all_finite(v, 0));
    for (size_t e = 0; e < sizeof edge / sizeof edge[0]; e++)
        for (size_t n = 1; n <= 70; n++) /* both the short scan and the long one */
            for (size_t at = 0; at < n; at++) {
                for (size_t i = 0; i < n; i++)
                    v[i] = 0.5 * (double)i - 1.0;
                v[at] = edge[e];
                assert_int_equal(eg_all_finite(v, n), isfinite(edge[e]) ? 1 : 0);
            }
}

static void test_strbuf_grows_and_hands_over_its_text(void **state)
{
    (void)state;
    eg_strbuf b = EG_STRBUF_INIT;
    eg_strbuf_puts(&b, "point ");
    eg_strbuf_printf(&b, "%d,%s", 7, "x");
    for (int i = 0; i < 100; i++)
        eg_strbuf_put(&b, "abcdef", 3);
    char big[600];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    eg_strbuf_printf(&b, "[%s]", big); /* longer than the formatting scratch space */
    size_t len = 0;
    char *text = eg_strbuf_take(&b, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_int_equal(len, 9 + 300 + 601);
    assert_memory_equal(text, "point 7,xabcabc", 15);
    assert_int_equal(text[len - 1], ']');
    assert_null(b.s);
    free(text);
    eg_strbuf empty = EG_STRBUF_INIT;
    eg_strbuf_put(&empty, "", 0);
    text = eg_strbuf_take(&empty, &len);
    assert_non_null(text);
    assert_string_equal(text, "");
    free(text);
}

static void test_strbuf_fixed_cuts_short_never_overruns(void **state)
{
    (void)state;
    char mem[8 + 1];
    mem[8] = '#';
    eg_strbuf b = eg_strbuf_fixed(mem, 8);
    eg_strbuf_puts(&b, "abc");
    assert_false(b.failed);
    eg_strbuf_printf(&b, "%s", "defghijk");
    assert_string_equal(mem, "abcdefg");
    assert_true(b.failed);
    assert_int_equal(mem[8], '#');
    eg_strbuf_printf(&b, "%s", "longer than the scratch space? no, but still nothing fits");
    assert_string_equal(mem, "abcdefg");
    eg_strbuf_free(&b); /* frees nothing of the caller's array */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_set_formats_and_returns_status),
        cmocka_unit_test(test_exit_codes_are_distinct_per_class),
        cmocka_unit_test(test_matrix_alloc_zeroed_copy_and_overflow),
        cmocka_unit_test(test_pages_blocks_zeroed_and_overflow),
        cmocka_unit_test(test_rng_streams_are_reproducible_and_distinct),
        cmocka_unit_test(test_mt_blocks_equal_gsl_mt19937),
        cmocka_unit_test(test_all_finite_matches_isfinite),
        cmocka_unit_test(test_strbuf_grows_and_hands_over_its_text),
        cmocka_unit_test(test_strbuf_fixed_cuts_short_never_overruns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
