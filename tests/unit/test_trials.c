/* test_trials.c: the work queue and the store-and-recall trials of the memory
 * experiments: results independent of the thread count, and known outcomes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "engram/numerics.h"
#include "run/parallel.h"
#include "run/trials.h"

static eg_status square(size_t i, void *ctx, eg_error *err)
{
    (void)err;
    ((double *)ctx)[i] = (double)(i * i);
    return EG_OK;
}

static eg_status fail_from_7(size_t i, void *ctx, eg_error *err)
{
    (void)ctx;
    if (i >= 7)
        return eg_error_set(err, EG_EINVAL, "job %zu failed", i);
    return EG_OK;
}

static void test_parallel_for(void **state)
{
    (void)state;
    double a[100], b[100];
    eg_error err;
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    assert_int_equal(eg_parallel_for(100, 1, square, a, &err), EG_OK);
    assert_int_equal(eg_parallel_for(100, 4, square, b, &err), EG_OK);
    for (size_t i = 0; i < 100; i++)
        assert_true(a[i] == (double)(i * i) && b[i] == a[i]);
    /* The reported failure is the lowest failing job's, whatever the threads. */
    for (int t = 1; t <= 4; t++) {
        assert_int_equal(eg_parallel_for(50, t, fail_from_7, NULL, &err), EG_EINVAL);
        assert_string_equal(err.msg, "job 7 failed");
    }
    assert_int_equal(eg_parallel_for(0, 2, square, a, &err), EG_OK);
}

static eg_assoc_spec hebb_spec(void)
{
    eg_assoc_spec s;
    memset(&s, 0, sizeof s);
    s.kind = EG_ASSOC_WEIGHTS;
    s.weights = NULL; /* the Hebbian sum, factored */
    s.rule_name = "hebb";
    s.hebb = eg_hebbian_options_default();
    s.opt = eg_rule_options_default();
    s.dam = eg_dam_options_default();
    s.states = EG_STATES_BIPOLAR;
    return s;
}

static eg_trial_setup setup_for(const eg_assoc_spec *spec, const eg_gen_spec *gen)
{
    eg_trial_setup t = {.spec = spec, .gen = gen, .probes = 3, .damage = EG_DAMAGE_FLIP, .fraction = 0.05,
                        .update = EG_UPDATE_ASYNC_RANDOM, .max_steps = 100, .seed = 5, .tolerance = 0.0, .modules = 1};
    return t;
}

/* The same statistics for 1, 2 and 3 threads, bit for bit. */
static void test_thread_independence(void **state)
{
    (void)state;
    eg_assoc_spec spec = hebb_spec();
    eg_gen_spec gen = {.kind = EG_GEN_RANDOM, .p = 0.5, .seed = 3};
    eg_trial_setup t = setup_for(&spec, &gen);
    eg_trial_stats s1, s2, s3;
    eg_error err;
    assert_int_equal(eg_trials_run(&t, 14, 100, 12, 1, &s1, &err), EG_OK);
    assert_int_equal(eg_trials_run(&t, 14, 100, 12, 2, &s2, &err), EG_OK);
    assert_int_equal(eg_trials_run(&t, 14, 100, 12, 3, &s3, &err), EG_OK);
    assert_int_equal(s1.recalls, 36);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_memory_equal(&s1, &s3, sizeof s1);
    /* Asynchronous dynamics never cycles. */
    assert_int_equal(s1.cycles, 0);
}

/* Known outcomes: one stored episode is always recalled from a lightly
 * damaged cue (its field is the episode itself); orthogonal episodes are
 * fixed points, so undamaged cues stay put. */
static void test_known_outcomes(void **state)
{
    (void)state;
    eg_assoc_spec spec = hebb_spec();
    eg_gen_spec random = {.kind = EG_GEN_RANDOM, .p = 0.5, .seed = 1};
    eg_trial_setup t = setup_for(&spec, &random);
    eg_trial_stats s;
    eg_error err;
    assert_int_equal(eg_trials_run(&t, 1, 200, 10, 2, &s, &err), EG_OK);
    assert_int_equal(s.recalls, 10);
    assert_int_equal(s.exact, 10);
    assert_true(s.hamming_mean == 0.0 && s.hamming_sd == 0.0);

    eg_gen_spec hadamard = {.kind = EG_GEN_ORTHOGONAL, .skip_ones = 1};
    t = setup_for(&spec, &hadamard);
    t.fraction = 0;
    t.probes = 63;
    t.update = EG_UPDATE_SYNC;
    assert_int_equal(eg_trials_run(&t, 63, 64, 1, 2, &s, &err), EG_OK);
    assert_int_equal(s.exact, 63);
    assert_true(s.steps_mean == 1.0);

    /* Modules: 8 random episodes of 256 units are recalled exactly by one
     * network (load 0.03) but not when split into 8 modules of 32 units,
     * each at load 0.25, beyond the critical 0.138. */
    t = setup_for(&spec, &random);
    t.fraction = 0;
    t.probes = 8;
    assert_int_equal(eg_trials_run(&t, 8, 256, 4, 2, &s, &err), EG_OK);
    assert_int_equal(s.exact, 32);
    t.modules = 8;
    assert_int_equal(eg_trials_run(&t, 8, 256, 4, 2, &s, &err), EG_OK);
    assert_true(s.exact < 16);

    /* A size with no Hadamard matrix is an error naming it. */
    t = setup_for(&spec, &hadamard);
    assert_int_equal(eg_trials_run(&t, 10, 100, 1, 2, &s, &err), EG_EINVAL);
    assert_non_null(strstr(err.msg, "size 100"));
}

int main(void)
{
    eg_numerics_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_for),
        cmocka_unit_test(test_thread_independence),
        cmocka_unit_test(test_known_outcomes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
