/* test_api.c: engram as a library, through its public header only: loading
 * from a file and from text with overrides, diagnostics as structs and as
 * GCC-style text, runs of all or some actions, the result tree's accessors,
 * arrays in memory served to load() in any order and dtype, and the failures
 * (a missing file, bad data, divergence, cancellation) as statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engram/engram.h"

#define SEED_MODEL ENGRAM_SOURCE_DIR "/models/seed/hopfield-64.engram"
#define AUTAPSE_MODEL ENGRAM_SOURCE_DIR "/models/dynamics/saturating-autapse.engram"

/* A member of an object that must be there. */
static const eg_api_value *member(const eg_api_value *obj, const char *key)
{
    const eg_api_value *v = eg_api_value_get(obj, key);
    assert_non_null(v);
    return v;
}

/* Seed 001, experiment 1 (its journal): Hamming distance 0 after 2 steps. */
static void test_seed_recall_from_a_file(void **state)
{
    (void)state;
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_file(SEED_MODEL, NULL, 0, &m), EG_API_OK);
    assert_int_equal(eg_api_check(m), EG_API_OK);
    assert_int_equal(eg_api_model_actions(m), 1);
    assert_string_equal(eg_api_model_action(m, 0), "r1");
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_OK);
    const eg_api_value *root = eg_api_result_root(res);
    assert_int_equal(eg_api_value_kind(root), EG_API_OBJECT);
    assert_string_equal(eg_api_value_string(member(root, "engram")), "0.1.0");
    const eg_api_value *r1 = eg_api_value_result(root, "r1");
    assert_non_null(r1);
    assert_int_equal(eg_api_value_kind(member(r1, "hamming")), EG_API_INTEGER);
    assert_int_equal(eg_api_value_integer(member(r1, "hamming")), 0);
    assert_int_equal(eg_api_value_integer(member(r1, "steps")), 2);
    assert_int_equal(eg_api_value_kind(member(r1, "converged")), EG_API_BOOL);
    assert_int_equal(eg_api_value_integer(member(r1, "converged")), 1);
    /* The recalled state is the stored episode: ±1 in 64 units, as a vector. */
    const eg_api_value *s = member(r1, "state");
    size_t shape[2];
    assert_int_equal(eg_api_value_kind(s), EG_API_ARRAY);
    assert_int_equal(eg_api_value_shape(s, shape), 1);
    assert_int_equal(shape[0], 64);
    for (size_t i = 0; i < 64; i++)
        assert_true(fabs(fabs(eg_api_value_data(s)[i]) - 1.0) < 1e-15);
    /* The energy trace starts at the initial energy and has one value per step and the start. */
    const eg_api_value *e = member(r1, "energy");
    assert_int_equal(eg_api_value_shape(e, shape), 1);
    assert_int_equal(shape[0], 3);
    assert_true(eg_api_value_data(e)[0] == eg_api_value_number(member(r1, "energy_initial")));
    /* Overlaps: a list of numbers; the first (the cued episode, recalled) is 1. */
    const eg_api_value *ov = member(r1, "overlaps");
    assert_int_equal(eg_api_value_kind(ov), EG_API_LIST);
    assert_int_equal(eg_api_value_count(ov), 5);
    assert_true(eg_api_value_number(eg_api_value_at(ov, 0)) == 1.0);
    assert_true(eg_api_value_find(root, "params.seed") != NULL);
    /* Figure intents: the energy trace against the step. */
    const eg_api_value *fig = eg_api_value_at(member(r1, "figures"), 0);
    assert_int_equal(eg_api_value_kind(fig), EG_API_FIGURE);
    assert_string_equal(eg_api_value_string(fig), "energy");
    assert_int_equal(eg_api_figure_series(fig), 1);
    assert_string_equal(eg_api_figure_series_data(fig, 0), "energy");
    assert_null(eg_api_figure_series_data(fig, 1));
    eg_api_result_free(res);
    eg_api_model_free(m);
}

static void test_overrides(void **state)
{
    (void)state;
    eg_api_param p[] = {{"seed", "2"}};
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_file(SEED_MODEL, p, 1, &m), EG_API_OK);
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_OK);
    assert_true(eg_api_value_number(eg_api_value_find(eg_api_result_root(res), "params.seed")) == 2.0);
    eg_api_result_free(res);
    eg_api_model_free(m);
    /* A param the model does not have, and a value that is no expression. */
    eg_api_param unknown[] = {{"seeed", "2"}};
    assert_int_equal(eg_api_load_file(SEED_MODEL, unknown, 1, &m), EG_API_EMODEL);
    size_t n;
    assert_true(eg_api_model_diags(m, &n) != NULL && n >= 1);
    eg_api_model_free(m);
    eg_api_param bad[] = {{"seed", "[1,"}};
    assert_int_equal(eg_api_load_file(SEED_MODEL, bad, 1, &m), EG_API_EMODEL);
    eg_api_model_free(m);
}

static void test_diagnostics_from_text(void **state)
{
    (void)state;
    const char *text = "memories M { generate = random(count = 5, size = 8) }\n"
                       "memories M { generate = random(count = 3, size = 8) }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text("dup.engram", text, strlen(text), NULL, 0, &m), EG_API_EMODEL);
    size_t n;
    const eg_api_diag *d = eg_api_model_diags(m, &n);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].severity, EG_API_ERROR);
    assert_string_equal(d[0].file, "dup.engram");
    assert_int_equal(d[0].line, 2);
    assert_int_equal(d[0].column, 1);
    assert_string_equal(d[0].message, "'M' is already defined");
    assert_string_equal(d[0].hint, "'M' was first defined here");
    assert_int_equal(d[1].severity, EG_API_NOTE);
    assert_int_equal(d[1].line, 1);
    assert_string_equal(eg_api_model_diag_text(m),
                        "dup.engram:2:1: error: 'M' is already defined\n"
                        "    2 | memories M { generate = random(count = 3, size = 8) }\n"
                        "      | ^\n"
                        "dup.engram:1:1: note: 'M' was first defined here\n"
                        "    1 | memories M { generate = random(count = 5, size = 8) }\n"
                        "      | ^\n");
    /* A model with errors does not run. */
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_EMODEL);
    assert_null(eg_api_result_root(res));
    eg_api_result_free(res);
    eg_api_model_free(m);
    assert_int_equal(eg_api_load_file(ENGRAM_BINARY_DIR "/no-such-model.engram", NULL, 0, &m), EG_API_EIO);
    assert_int_equal(eg_api_check(m), EG_API_EIO);
    eg_api_model_free(m);
}

/* The actions run in file order; a selection runs only those named. */
static void test_selected_blocks(void **state)
{
    (void)state;
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_file(AUTAPSE_MODEL, NULL, 0, &m), EG_API_OK);
    assert_int_equal(eg_api_model_actions(m), 3);
    const char *only[] = {"down"};
    eg_api_run_options opt = {.blocks = only, .nblocks = 1, .threads = 1};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_OK);
    const eg_api_value *results = member(eg_api_result_root(res), "results");
    assert_int_equal(eg_api_value_count(results), 1);
    assert_string_equal(eg_api_value_string(member(eg_api_value_at(results, 0), "block")), "down");
    eg_api_result_free(res);
    const char *unknown[] = {"sideways"};
    opt.blocks = unknown;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_EINVAL);
    size_t n;
    const eg_api_diag *d = eg_api_result_diags(res, &n);
    assert_int_equal(n, 1);
    assert_string_equal(d[0].message, "the model has no action block named 'sideways'");
    eg_api_result_free(res);
    eg_api_model_free(m);
}

typedef struct progress_log {
    size_t calls, last_done, last_total;
    size_t stop_at; /* cancel at this call (0: never) */
} progress_log;

static int log_progress(void *ctx, size_t done, size_t total, const char *what)
{
    progress_log *p = ctx;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    if (done < total)
        assert_non_null(what);
    return p->stop_at && p->calls == p->stop_at;
}

static void test_progress_and_cancellation(void **state)
{
    (void)state;
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_file(AUTAPSE_MODEL, NULL, 0, &m), EG_API_OK);
    /* Three actions: before each, and once at the end. */
    progress_log log = {0};
    eg_api_run_options opt = {.threads = 1, .progress = log_progress, .progress_ctx = &log};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_OK);
    assert_int_equal(log.calls, 4);
    assert_int_equal(log.last_done, 3);
    assert_int_equal(log.last_total, 3);
    eg_api_result_free(res);
    /* Stopping before the second action: nothing comes back. */
    progress_log stop = {.stop_at = 2};
    opt.progress_ctx = &stop;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_ECANCELLED);
    assert_int_equal(stop.calls, 2);
    assert_null(eg_api_result_root(res));
    assert_string_equal(eg_api_status_name(eg_api_result_status(res)), "cancelled");
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* A capacity block of 400 trials of 16 loads at D = 1000 on one thread:
 * about 10 s when nothing stops it. */
static const char LONG_CAPACITY[] = "memories M { generate = random(count = 10, size = 1000); seed = 1 }\n"
                                    "network hop { rule = hebb; store = M }\n"
                                    "capacity c { network = hop; loads = 0.02 .. 0.32 step 0.02; trials = 400; "
                                    "cue = flip(0.0) }\n";

/* Seconds of the monotonic clock. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Calls eg_api_cancel every 0.1 s, from 0.3 s on, until the run is over (a
 * request made before the run begins is dropped, so it is repeated). */
static atomic_int run_over;
static void *cancel_later(void *arg)
{
    (void)arg;
    struct timespec pause = {0, 100000000};
    for (int k = 0; !atomic_load(&run_over); k++) {
        nanosleep(&pause, NULL);
        if (k >= 2)
            eg_api_cancel();
    }
    return NULL;
}

/* The seed model's recall again, after a cancelled run: the library's state
 * is intact (Hamming distance 0, as seed 001 journals it). */
static void check_seed_recall(void)
{
    eg_api_model *m = NULL;
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_load_file(SEED_MODEL, NULL, 0, &m), EG_API_OK);
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_OK);
    assert_int_equal(eg_api_value_integer(member(eg_api_value_result(eg_api_result_root(res), "r1"), "hamming")), 0);
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* eg_api_cancel from another thread stops a capacity block between trials. */
static void test_cancel_inside_a_long_action(void **state)
{
    (void)state;
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text("long.engram", LONG_CAPACITY, strlen(LONG_CAPACITY), NULL, 0, &m), EG_API_OK);
    /* A request while nothing runs is dropped: the next run is not cancelled by it. */
    eg_api_cancel();
    check_seed_recall();
    atomic_store(&run_over, 0);
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, cancel_later, NULL), 0);
    eg_api_run_options opt = {.threads = 1};
    eg_api_result *res = NULL;
    double t0 = now_s();
    eg_api_status st = eg_api_run(m, &opt, &res);
    double took = now_s() - t0;
    atomic_store(&run_over, 1);
    pthread_join(tid, NULL);
    assert_int_equal(st, EG_API_ECANCELLED);
    assert_null(eg_api_result_root(res));
    assert_non_null(strstr(eg_api_result_diag_text(res), "cancelled"));
    printf("cancelled after %.2f s\n", took);
    eg_api_result_free(res);
    eg_api_model_free(m);
    check_seed_recall();
}

/* The heartbeat is called during the action (never before it: its first
 * call is due 0.2 s after the run begins); its true return stops it. */
typedef struct beats {
    size_t calls, stop_at; /* return true at call stop_at */
} beats;

static int count_beats(void *ctx)
{
    beats *b = ctx;
    return ++b->calls >= b->stop_at;
}

/* Runs text with a heartbeat that returns true at its third call: the run
 * is cancelled there, with no result. */
static void stop_at_third_beat(const char *text)
{
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text("long.engram", text, strlen(text), NULL, 0, &m), EG_API_OK);
    beats b = {0, 3};
    eg_api_run_options opt = {.threads = 1, .heartbeat = count_beats, .progress_ctx = &b};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_ECANCELLED);
    assert_int_equal(b.calls, 3);
    assert_null(eg_api_result_root(res));
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* Every 0.2 s at most: the third call, at 0.6 s or later, stops a capacity
 * block between its trials. */
static void test_heartbeat_cancels_inside_a_long_action(void **state)
{
    (void)state;
    stop_at_third_beat(LONG_CAPACITY);
    check_seed_recall();
}

/* A simulation of 100 000 fixed rk4 steps and a training of 20 000 steps
 * (each some seconds): the heartbeat is called inside them (every 256
 * integration steps, every training step) and its true return stops them. */
static void test_heartbeat_stops_a_simulation_and_a_training(void **state)
{
    (void)state;
    static const char *const models[] = {
        "memories M { generate = random(count = 5, size = 200); seed = 5 }\n"
        "network n { state = rate; store = M; activation = tanh(gain = 4) }\n"
        "simulate s { network = n; time = 0 .. 100; cue = flip(M[1], fraction = 0.2, seed = 2); "
        "record = every(10); method = rk4; step = 0.001 }\n",
        "task rc { kind = repeat_copy; length = 3; width = 3; repeats = 4 }\n"
        "train t { network = rnn(hidden = 24, activation = tanh, bias = false); task = rc; "
        "optimizer = adam(lr = 1e-2, clip = 1.0); batch = 32; steps = 20000; curriculum = [6, 12, 24]; seed = 0 }\n",
    };
    for (size_t k = 0; k < 2; k++)
        stop_at_third_beat(models[k]);
    check_seed_recall();
}

/* The spectrum of W = [[2, 1], [0, 3]] (triangular: eigenvalues 2 and 3, so
 * radius 3; Frobenius norm √(4 + 1 + 9) = √14), from an array in memory. */
static void check_spectrum(const eg_api_array *a)
{
    const char *text = "analyze spectrum { matrix = load(\"W.npy\") }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text(ENGRAM_BINARY_DIR "/spectrum.engram", text, strlen(text), NULL, 0, &m),
                     EG_API_OK);
    eg_api_run_options opt = {.threads = 1, .arrays = a, .narrays = 1};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_OK);
    const eg_api_value *s = eg_api_value_at(member(eg_api_result_root(res), "results"), 0);
    assert_true(fabs(eg_api_value_number(member(s, "radius")) - 3.0) < 1e-12);
    assert_true(fabs(eg_api_value_number(member(s, "frobenius")) - sqrt(14.0)) < 1e-12);
    assert_int_equal(eg_api_value_integer(member(s, "symmetric")), 0);
    eg_api_result_free(res);
    eg_api_model_free(m);
}

static void test_arrays_in_any_order_and_dtype(void **state)
{
    (void)state;
    const double c_order[] = {2, 1, 0, 3};
    eg_api_array a = {"W.npy", c_order, EG_API_FLOAT64, 2, {2, 2}, {2 * sizeof(double), sizeof(double)}};
    check_spectrum(&a);
    /* The same matrix stored column by column, in single precision. */
    const float f_order[] = {2, 0, 1, 3};
    eg_api_array b = {"W.npy", f_order, EG_API_FLOAT32, 2, {2, 2}, {sizeof(float), 2 * sizeof(float)}};
    check_spectrum(&b);
    /* Without the array the file is looked for, and it does not exist. */
    const char *text = "analyze spectrum { matrix = load(\"W.npy\") }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text(ENGRAM_BINARY_DIR "/spectrum.engram", text, strlen(text), NULL, 0, &m),
                     EG_API_OK);
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_EIO);
    eg_api_result_free(res);
    /* A 3-d array is refused before anything runs. */
    eg_api_array c = a;
    c.ndim = 3;
    eg_api_run_options opt = {.arrays = &c, .narrays = 1};
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_EINVAL);
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* Episodes from an array in memory: rows 1 and 2 of four, in Fortran order.
 * They are orthogonal, so each is a fixed point of the Hebbian network and
 * the cue M[1] (row 2) is recalled as it is. */
static void test_episodes_from_an_array(void **state)
{
    (void)state;
    const char *text = "memories M { generate = load(\"E.npy\", first = 1, count = 2) }\n"
                       "network n { store = M }\n"
                       "recall r { network = n; cue = M[1]; report = [hamming(M[1]), state] }\n";
    /* Rows [1,1,1,1], [1,-1,1,-1], [1,1,-1,-1], [-1,-1,1,1], column by column. */
    const double e[] = {1, 1, 1, -1, 1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1};
    eg_api_array a = {"E.npy", e, EG_API_FLOAT64, 2, {4, 4}, {sizeof(double), 4 * sizeof(double)}};
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text(ENGRAM_BINARY_DIR "/episodes.engram", text, strlen(text), NULL, 0, &m),
                     EG_API_OK);
    eg_api_run_options opt = {.threads = 1, .arrays = &a, .narrays = 1};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_OK);
    const eg_api_value *r = eg_api_value_result(eg_api_result_root(res), "r");
    assert_int_equal(eg_api_value_integer(member(r, "hamming")), 0);
    const double *x = eg_api_value_data(member(r, "state"));
    const double expect[] = {1, 1, -1, -1};
    for (size_t i = 0; i < 4; i++)
        assert_true(x[i] == expect[i]);
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* Arrays that do not fit the network: a NaN, and the wrong size. */
static void test_bad_arrays(void **state)
{
    (void)state;
    const char *text = "network n { units = 2; state = rate; weights = load(\"W.npy\"); activation = tanh }\n"
                       "simulate s { network = n; time = 0 .. 1; init = [1, 0] }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text("net.engram", text, strlen(text), NULL, 0, &m), EG_API_OK);
    const double nan_w[] = {0, NAN, 1, 0};
    eg_api_array a = {"W.npy", nan_w, EG_API_FLOAT64, 2, {2, 2}, {2 * sizeof(double), sizeof(double)}};
    eg_api_run_options opt = {.arrays = &a, .narrays = 1};
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_EIO);
    size_t n;
    const eg_api_diag *d = eg_api_result_diags(res, &n);
    assert_int_equal(n, 1);
    assert_string_equal(d[0].message, "W.npy holds a non-finite value at [0][1]");
    assert_int_equal(d[0].line, 1);
    assert_int_equal(d[0].column, 48);
    eg_api_result_free(res);
    const double eye3[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    eg_api_array b = {"W.npy", eye3, EG_API_FLOAT64, 2, {3, 3}, {3 * sizeof(double), sizeof(double)}};
    opt.arrays = &b;
    assert_int_equal(eg_api_run(m, &opt, &res), EG_API_EIO);
    d = eg_api_result_diags(res, &n);
    assert_string_equal(d[0].message, "weights are 3 × 3 but the network has 2 units");
    eg_api_result_free(res);
    eg_api_model_free(m);
}

/* x' = −x + 3x = 2x from x(0) = 1: x = e^{2t} passes the bound 10⁶ at
 * t = ln(10⁶)/2 ≈ 6.9, caught at the recording step t = 7 with x = e^{14}. */
static void test_divergence_keeps_the_partial_result(void **state)
{
    (void)state;
    const char *text = "network lin { units = 1; state = rate; weights = [[3]]; activation = linear }\n"
                       "simulate s { network = lin; time = 0 .. 100; init = [1]; record = every(1) }\n";
    eg_api_model *m = NULL;
    assert_int_equal(eg_api_load_text("div.engram", text, strlen(text), NULL, 0, &m), EG_API_OK);
    eg_api_result *res = NULL;
    assert_int_equal(eg_api_run(m, NULL, &res), EG_API_ENUMERIC);
    const eg_api_value *s = eg_api_value_result(eg_api_result_root(res), "s");
    assert_non_null(s);
    assert_int_equal(eg_api_value_integer(member(s, "complete")), 0);
    assert_true(eg_api_value_number(member(s, "t_stop")) == 7.0);
    assert_int_equal(eg_api_value_integer(member(s, "unit")), 0);
    size_t n;
    const eg_api_diag *d = eg_api_result_diags(res, &n);
    char expect[128];
    snprintf(expect, sizeof expect, "diverged at t = 7: unit 0 reached %g (bound 1e+06)", exp(14.0));
    assert_string_equal(d[0].message, expect);
    eg_api_result_free(res);
    eg_api_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_recall_from_a_file),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_diagnostics_from_text),
        cmocka_unit_test(test_selected_blocks),
        cmocka_unit_test(test_progress_and_cancellation),
        cmocka_unit_test(test_cancel_inside_a_long_action),
        cmocka_unit_test(test_heartbeat_cancels_inside_a_long_action),
        cmocka_unit_test(test_heartbeat_stops_a_simulation_and_a_training),
        cmocka_unit_test(test_arrays_in_any_order_and_dtype),
        cmocka_unit_test(test_episodes_from_an_array),
        cmocka_unit_test(test_bad_arrays),
        cmocka_unit_test(test_divergence_keeps_the_partial_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
