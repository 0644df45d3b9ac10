/* test_patterns.c: episode sets, packing, overlaps and cue damage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engram/cue.h"
#include "engram/patterns.h"

static void test_random_bipolar_is_reproducible_and_packed_consistently(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *a, *b, *c, *packed;
    assert_int_equal(eg_episodes_random_bipolar(7, 130, 0.5, 11, 0, 0, &a, &err), EG_OK);
    assert_int_equal(eg_episodes_random_bipolar(7, 130, 0.5, 11, 0, 0, &b, &err), EG_OK);
    assert_int_equal(eg_episodes_random_bipolar(7, 130, 0.5, 11, 1, 0, &c, &err), EG_OK);
    assert_int_equal(eg_episodes_random_bipolar(7, 130, 0.5, 11, 0, EG_EPISODES_PACKED_ONLY, &packed, &err), EG_OK);
    assert_non_null(a->bits);
    assert_null(packed->xi);
    assert_int_equal(a->words, 3);
    assert_memory_equal(a->xi->data, b->xi->data, 7 * 130 * sizeof(double));
    assert_memory_not_equal(a->xi->data, c->xi->data, 7 * 130 * sizeof(double));
    for (size_t mu = 0; mu < 7; mu++)
        for (size_t i = 0; i < 130; i++) {
            double v = a->xi->data[mu * 130 + i];
            assert_true(v == 1.0 || v == -1.0);
            assert_true(eg_episodes_get(packed, mu, i) == v);
        }
    /* Padding bits past D stay clear, so popcounts never count them. */
    for (size_t mu = 0; mu < 7; mu++)
        assert_true((a->bits[mu * 3 + 2] >> (130 - 128)) == 0);
    assert_int_equal(eg_episodes_unpack(packed, &err), EG_OK);
    assert_memory_equal(a->xi->data, packed->xi->data, 7 * 130 * sizeof(double));
    eg_episodes_free(a);
    eg_episodes_free(b);
    eg_episodes_free(c);
    eg_episodes_free(packed);
}

static void test_random_bipolar_activity_matches_p(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *e;
    /* 40000 draws with p = 0.2: the fraction of +1 has s.d. 0.002. */
    assert_int_equal(eg_episodes_random_bipolar(40, 1000, 0.2, 3, 0, 0, &e, &err), EG_OK);
    double plus = 0;
    for (size_t k = 0; k < 40000; k++)
        plus += e->xi->data[k] == 1.0;
    assert_true(fabs(plus / 40000.0 - 0.2) < 0.01);
    eg_episodes_free(e);
    assert_int_equal(eg_episodes_random_bipolar(4, 10, 1.5, 3, 0, 0, &e, &err), EG_EINVAL);
    assert_null(e);
    assert_int_equal(eg_episodes_random_bipolar(0, 10, 0.5, 3, 0, 0, &e, &err), EG_EINVAL);
}

static void test_overlaps_popcount_equals_double_sum(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *e;
    assert_int_equal(eg_episodes_random_bipolar(5, 200, 0.5, 8, 0, 0, &e, &err), EG_OK);
    double s[200], m[5];
    assert_int_equal(eg_cue_random_bipolar(200, 0.5, 8, 0, s, &err), EG_OK);
    for (size_t i = 0; i < 200; i += 7)
        s[i] = 0.0; /* a ternary state still takes the popcount path */
    assert_int_equal(eg_episodes_overlaps(e, s, m, &err), EG_OK);
    for (size_t mu = 0; mu < 5; mu++) {
        double ref = 0;
        for (size_t i = 0; i < 200; i++)
            ref += e->xi->data[mu * 200 + i] * s[i];
        assert_true(m[mu] == ref / 200.0);
    }
    /* The episode itself has overlap 1; a continuous state takes the double path. */
    double row[200];
    assert_int_equal(eg_episodes_row(e, 2, row, &err), EG_OK);
    assert_int_equal(eg_episodes_overlaps(e, row, m, &err), EG_OK);
    assert_true(m[2] == 1.0);
    for (size_t i = 0; i < 200; i++)
        row[i] *= 0.5;
    assert_int_equal(eg_episodes_overlaps(e, row, m, &err), EG_OK);
    assert_true(fabs(m[2] - 0.5) < 1e-15);
    assert_int_equal(eg_episodes_row(e, 5, row, &err), EG_EINVAL);
    eg_episodes_free(e);
}

static void test_from_matrix_packs_only_bipolar_sets(void **state)
{
    (void)state;
    eg_error err;
    eg_matrix *m = eg_matrix_alloc(2, 3);
    double v[6] = {1, -1, 1, -1, -1, 1};
    memcpy(m->data, v, sizeof v);
    eg_episodes *e;
    assert_int_equal(eg_episodes_from_matrix(m, &e, &err), EG_OK);
    assert_non_null(e->bits);
    assert_true(e->bits[0] == 5 && e->bits[1] == 4);
    eg_episodes_free(e);
    m->data[3] = 0.0;
    assert_int_equal(eg_episodes_from_matrix(m, &e, &err), EG_OK);
    assert_null(e->bits);
    eg_episodes_free(e);
    m->data[3] = NAN;
    assert_int_equal(eg_episodes_from_matrix(m, &e, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "not finite"));
    eg_matrix_free(m);
}

static void test_flip_bits_flips_exactly_k_distinct_units(void **state)
{
    (void)state;
    eg_error err;
    double p[64], a[64], b[64];
    for (size_t i = 0; i < 64; i++)
        p[i] = (i % 3) ? 1.0 : -1.0;
    for (size_t k = 0; k <= 64; k += 8) {
        assert_int_equal(eg_cue_flip_bits(p, 64, k, 1, k, a, &err), EG_OK);
        assert_int_equal(eg_hamming(a, p, 64), k);
        for (size_t i = 0; i < 64; i++)
            assert_true(a[i] == p[i] || a[i] == -p[i]);
    }
    /* Same triple, same cue; in-place damage agrees with the copying form. */
    assert_int_equal(eg_cue_flip_bits(p, 64, 8, 5, 0, a, &err), EG_OK);
    memcpy(b, p, sizeof p);
    assert_int_equal(eg_cue_flip_bits(b, 64, 8, 5, 0, b, &err), EG_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_int_equal(eg_cue_flip_bits(p, 64, 8, 5, 1, b, &err), EG_OK);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(eg_cue_flip_bits(p, 64, 65, 5, 0, a, &err), EG_EINVAL);
}

static void test_flip_and_mask_fractions(void **state)
{
    (void)state;
    eg_error err;
    double p[100], a[100];
    for (size_t i = 0; i < 100; i++)
        p[i] = 1.0;
    assert_int_equal(eg_cue_flip_fraction(p, 100, 0.25, 2, 0, a, &err), EG_OK);
    assert_int_equal(eg_hamming(a, p, 100), 25);
    assert_int_equal(eg_cue_mask_fraction(p, 100, 0.3, 2, 0, a, &err), EG_OK);
    size_t zeros = 0;
    for (size_t i = 0; i < 100; i++) {
        zeros += a[i] == 0.0;
        assert_true(a[i] == 0.0 || a[i] == 1.0);
    }
    assert_int_equal(zeros, 30);
    assert_int_equal(eg_cue_mask_fraction(p, 100, -0.1, 2, 0, a, &err), EG_EINVAL);
    assert_int_equal(eg_cue_flip_fraction(p, 100, 1.1, 2, 0, a, &err), EG_EINVAL);
    assert_int_equal(eg_cue_random_bipolar(100, 2.0, 2, 0, a, &err), EG_EINVAL);
    assert_int_equal(eg_cue_random_bipolar(100, 1.0, 2, 0, a, &err), EG_OK);
    assert_int_equal(eg_hamming(a, p, 100), 0);
}

static void test_binary_and_sparse_episodes(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *b, *sp;
    assert_int_equal(eg_episodes_random_binary(20, 500, 0.3, 1, 0, &b, &err), EG_OK);
    assert_null(b->bits);
    double ones = 0;
    for (size_t k = 0; k < 10000; k++) {
        assert_true(b->xi->data[k] == 0.0 || b->xi->data[k] == 1.0);
        ones += b->xi->data[k];
    }
    assert_true(fabs(ones / 10000.0 - 0.3) < 0.02);
    assert_int_equal(eg_episodes_sparse(30, 400, 0.05, 2, 0, 0, &sp, &err), EG_OK);
    for (size_t mu = 0; mu < 30; mu++) {
        double row = 0;
        for (size_t i = 0; i < 400; i++)
            row += sp->xi->data[mu * 400 + i];
        assert_true(row == 20.0);
    }
    eg_episodes_free(b);
    eg_episodes_free(sp);
    assert_int_equal(eg_episodes_sparse(3, 10, -0.5, 2, 0, 0, &sp, &err), EG_EINVAL);
}

static void test_hadamard_rows_are_orthogonal(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *h;
    assert_int_equal(eg_episodes_hadamard(31, 32, 1, &h, &err), EG_OK);
    assert_non_null(h->bits);
    for (size_t a = 0; a < 31; a++)
        for (size_t b = 0; b < 31; b++) {
            double dotp = 0;
            for (size_t i = 0; i < 32; i++)
                dotp += eg_episodes_get(h, a, i) * eg_episodes_get(h, b, i);
            assert_true(dotp == (a == b ? 32.0 : 0.0));
        }
    /* Without the all-ones row every episode is balanced. */
    for (size_t a = 0; a < 31; a++) {
        double sum = 0;
        for (size_t i = 0; i < 32; i++)
            sum += eg_episodes_get(h, a, i);
        assert_true(sum == 0.0);
    }
    eg_episodes_free(h);
    assert_int_equal(eg_episodes_hadamard(4, 12, 0, &h, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "power of two"));
    assert_int_equal(eg_episodes_hadamard(32, 32, 1, &h, &err), EG_EINVAL);
    assert_int_equal(eg_episodes_hadamard(32, 32, 0, &h, &err), EG_OK);
    for (size_t i = 0; i < 32; i++)
        assert_true(eg_episodes_get(h, 0, i) == 1.0);
    eg_episodes_free(h);
}

static void test_correlated_episodes_share_their_prototype(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *e, *p;
    const double q = 0.1;
    assert_int_equal(eg_episodes_correlated(3, 4, 2000, q, 9, 0, &e, &p, &err), EG_OK);
    assert_int_equal(e->count, 12);
    assert_int_equal(p->count, 3);
    double m[12];
    double proto[2000];
    assert_int_equal(eg_episodes_row(p, 1, proto, &err), EG_OK);
    assert_int_equal(eg_episodes_overlaps(e, proto, m, &err), EG_OK);
    /* Overlap with the own prototype is 1 − 2q (s.d. ~0.013), with another ~0. */
    for (size_t mu = 0; mu < 12; mu++)
        assert_true(fabs(m[mu] - (mu / 4 == 1 ? 1.0 - 2.0 * q : 0.0)) < 0.08);
    eg_episodes_free(e);
    eg_episodes_free(p);
}

static void test_explicit_episodes_from_strings(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *e;
    const char *rows[] = {"+-+-", "++--"};
    assert_int_equal(eg_episodes_from_strings(rows, 2, &e, &err), EG_OK);
    assert_true(eg_episodes_get(e, 0, 1) == -1.0 && eg_episodes_get(e, 1, 1) == 1.0);
    assert_non_null(e->bits);
    eg_episodes_free(e);
    const char *bad[] = {"+-+-", "+-x-"};
    assert_int_equal(eg_episodes_from_strings(bad, 2, &e, &err), EG_EPARSE);
    assert_null(e);
    assert_string_equal(err.msg, "episode 1, unit 2: 'x' is not a unit value (use '+' for +1, '-' for -1)");
    const char *ragged[] = {"+-+-", "+-+"};
    assert_int_equal(eg_episodes_from_strings(ragged, 2, &e, &err), EG_EPARSE);
    assert_non_null(strstr(err.msg, "3 units"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bipolar_is_reproducible_and_packed_consistently),
        cmocka_unit_test(test_random_bipolar_activity_matches_p),
        cmocka_unit_test(test_overlaps_popcount_equals_double_sum),
        cmocka_unit_test(test_from_matrix_packs_only_bipolar_sets),
        cmocka_unit_test(test_flip_bits_flips_exactly_k_distinct_units),
        cmocka_unit_test(test_flip_and_mask_fractions),
        cmocka_unit_test(test_binary_and_sparse_episodes),
        cmocka_unit_test(test_hadamard_rows_are_orthogonal),
        cmocka_unit_test(test_correlated_episodes_share_their_prototype),
        cmocka_unit_test(test_explicit_episodes_from_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
