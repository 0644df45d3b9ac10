/* test_classify.c: classification of recall end states by their overlaps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/classify.h"
#include "engram/cue.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"

#define D 1000
#define N 5

static void overlaps_of(const eg_episodes *ep, const double *s, double *m)
{
    assert_int_equal(eg_episodes_overlaps(ep, s, m, NULL), EG_OK);
}

static void test_retrieved_reversed_mixture_spurious(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(N, D, 0.5, 21, 0, 0, &ep, &err), EG_OK);
    double s[D], m[N];
    int signs[N];
    eg_classification c;

    assert_int_equal(eg_episodes_row(ep, 2, s, &err), EG_OK);
    overlaps_of(ep, s, m);
    assert_int_equal(eg_classify_overlaps(m, N, NULL, &c, signs, &err), EG_OK);
    assert_int_equal(c.cls, EG_CLASS_RETRIEVED);
    assert_int_equal(c.episode, 2);
    assert_true(c.overlap == 1.0);
    assert_int_equal(signs[2], 1);

    for (size_t i = 0; i < D; i++)
        s[i] = -eg_episodes_get(ep, 3, i);
    overlaps_of(ep, s, m);
    assert_int_equal(eg_classify_overlaps(m, N, NULL, &c, signs, &err), EG_OK);
    assert_int_equal(c.cls, EG_CLASS_REVERSED);
    assert_int_equal(c.episode, 3);
    assert_int_equal(signs[3], -1);

    /* sgn(ξ0 − ξ1 + ξ4): overlaps ½ + O(1/√D) with signs (+, −, +). */
    for (size_t i = 0; i < D; i++) {
        double v = eg_episodes_get(ep, 0, i) - eg_episodes_get(ep, 1, i) + eg_episodes_get(ep, 4, i);
        s[i] = v > 0 ? 1.0 : -1.0;
    }
    overlaps_of(ep, s, m);
    assert_true(fabs(fabs(m[0]) - 0.5) < 0.1 && fabs(fabs(m[1]) - 0.5) < 0.1 && fabs(fabs(m[4]) - 0.5) < 0.1);
    assert_int_equal(eg_classify_overlaps(m, N, NULL, &c, signs, &err), EG_OK);
    assert_int_equal(c.cls, EG_CLASS_MIXTURE);
    assert_int_equal(c.components, 3);
    int want[N] = {1, -1, 0, 0, 1};
    assert_memory_equal(signs, want, sizeof want);

    assert_int_equal(eg_cue_random_bipolar(D, 0.5, 21, 0, s, &err), EG_OK);
    overlaps_of(ep, s, m);
    assert_int_equal(eg_classify_overlaps(m, N, NULL, &c, signs, &err), EG_OK);
    assert_int_equal(c.cls, EG_CLASS_SPURIOUS);
    eg_episodes_free(ep);
}

/* At low load the symmetric 3-mixture is itself an attractor of the Hebbian
 * network (Amit, Gutfreund & Sompolinsky 1985): recall from it stays a
 * mixture of the same three episodes. */
static void test_symmetric_mixture_is_a_hebbian_attractor(void **state)
{
    (void)state;
    eg_error err;
    eg_episodes *ep;
    assert_int_equal(eg_episodes_random_bipolar(N, D, 0.5, 22, 0, 0, &ep, &err), EG_OK);
    eg_hopfield *net;
    assert_int_equal(eg_hopfield_alloc_hebbian(ep, NULL, &net, &err), EG_OK);
    double s[D];
    for (size_t i = 0; i < D; i++) {
        double v = eg_episodes_get(ep, 0, i) + eg_episodes_get(ep, 1, i) + eg_episodes_get(ep, 2, i);
        s[i] = v > 0 ? 1.0 : -1.0;
    }
    eg_recall_options ro = eg_recall_options_default();
    ro.update = EG_UPDATE_ASYNC_RANDOM;
    ro.episodes = ep;
    eg_recall_result *r;
    assert_int_equal(eg_hopfield_recall(net, s, &ro, &r, &err), EG_OK);
    eg_classification c;
    int signs[N];
    assert_int_equal(eg_classify_overlaps(r->overlaps, N, NULL, &c, signs, &err), EG_OK);
    assert_int_equal(c.cls, EG_CLASS_MIXTURE);
    int want[N] = {1, 1, 1, 0, 0};
    assert_memory_equal(signs, want, sizeof want);
    eg_recall_result_free(r);
    eg_hopfield_free(net);
    eg_episodes_free(ep);
}

static void test_bad_thresholds_are_refused(void **state)
{
    (void)state;
    eg_error err;
    double m[2] = {0.1, 0.2};
    eg_classification c;
    eg_classify_options o = {0.5, 0.6};
    assert_int_equal(eg_classify_overlaps(m, 2, &o, &c, NULL, &err), EG_EINVAL);
    assert_int_equal(eg_classify_overlaps(m, 0, NULL, &c, NULL, &err), EG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retrieved_reversed_mixture_spurious),
        cmocka_unit_test(test_symmetric_mixture_is_a_hebbian_attractor),
        cmocka_unit_test(test_bad_thresholds_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
