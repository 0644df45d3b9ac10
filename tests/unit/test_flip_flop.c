/* test_flip_flop.c: the flip-flop batches against the task's definition,
 * recomputed here from the inputs alone: every channel pulses at step 0, pulses
 * are ±1, the target holds the sign of the channel's latest pulse, the pulse
 * rate after step 0 is p within binomial bounds and signs are balanced; the
 * stream is reproducible and sequences do not depend on the batch they are in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/flip_flop.h"

static void test_definition(void **state)
{
    (void)state;
    size_t k = 3, T = 200, B = 50;
    double p = 0.1;
    eg_batch *b = NULL;
    eg_error err;
    assert_int_equal(eg_flip_flop_batch(k, T, p, B, 5, 0, &b, &err), EG_OK);
    assert_int_equal(b->in, k);
    assert_int_equal(b->out, k);
    assert_int_equal(b->scored_from, 0);
    size_t pulses = 0, plus = 0;
    for (size_t n = 0; n < B; n++)
        for (size_t i = 0; i < k; i++) {
            double held = 0;
            for (size_t t = 0; t < T; t++) {
                double u = b->input[(t * B + n) * k + i], y = b->target[(t * B + n) * k + i];
                assert_true(u == 0 || u == 1 || u == -1);
                if (t == 0)
                    assert_true(u != 0);
                if (u != 0) {
                    held = u;
                    if (t > 0) {
                        pulses++;
                        plus += u > 0;
                    }
                }
                assert_true(y == held);
            }
        }
    /* pulses ~ Binomial(N, p), N = B·k·(T − 1): within 5 standard deviations. */
    double N = (double)(B * k * (T - 1)), sd = sqrt(N * p * (1 - p));
    assert_true(fabs((double)pulses - N * p) < 5 * sd);
    assert_true(fabs((double)plus - 0.5 * (double)pulses) < 5 * sqrt(0.25 * (double)pulses));
    /* Sequence 7 of the stream is the same alone as inside the batch. */
    eg_batch *one = NULL;
    assert_int_equal(eg_flip_flop_batch(k, T, p, 1, 5, 7, &one, &err), EG_OK);
    for (size_t t = 0; t < T; t++)
        assert_memory_equal(one->input + t * k, b->input + (t * B + 7) * k, k * sizeof(double));
    eg_batch_free(one);
    eg_batch_free(b);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    eg_batch *b = NULL;
    eg_error err;
    assert_int_equal(eg_flip_flop_batch(0, 10, 0.1, 1, 0, 0, &b, &err), EG_EINVAL);
    assert_int_equal(eg_flip_flop_batch(2, 10, 1.5, 1, 0, 0, &b, &err), EG_EINVAL);
    assert_null(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_definition),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
