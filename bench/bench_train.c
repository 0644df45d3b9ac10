/* bench_train.c: training steps per second of eg_train_rnn on repeat copy (s = d = 8, a tanh RNN
 * without bias, the authors' Adam and clipping settings) at fixed horizons, timed after a warm-up,
 * in float64 or float32, with the loss and sign accuracy the run reached. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engram/numerics.h"
#include "engram/task.h"
#include "engram/train.h"

static double seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Notes the wall and CPU time at which the warm-up ends (after step `warmup` − 1). */
typedef struct clock_ctx {
    size_t warmup;
    double start, cpu_start;
} clock_ctx;

static void on_step(void *ctx, size_t step, double loss, double accuracy, size_t horizon, const eg_rnn *net)
{
    (void)loss;
    (void)accuracy;
    (void)horizon;
    (void)net;
    clock_ctx *c = ctx;
    if (step + 1 == c->warmup) {
        c->start = seconds(CLOCK_MONOTONIC);
        c->cpu_start = seconds(CLOCK_PROCESS_CPUTIME_ID);
    }
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0)
        return 0;
    *out = (size_t)v;
    return 1;
}

/* Mean of the last (up to) n entries of x[0 … len). */
static double tail_mean(const double *x, size_t len, size_t n)
{
    n = n < len ? n : len;
    double s = 0.0;
    for (size_t k = len - n; k < len; k++)
        s += x[k];
    return s / (double)n;
}

/* usage: bench_train STEPS WARMUP HIDDEN BATCH THREADS PRECISION HORIZON...
 * One line per horizon: the curriculum is that single horizon (it never
 * advances), the run takes WARMUP + STEPS steps with THREADS workers and the
 * last STEPS are timed (wall clock, and the process's CPU time). Every step is
 * what eg_train_rnn does: the batch drawn from the task stream, BPTT, clipping
 * and Adam. PRECISION is float64 or float32 (eg_train_options.precision). The
 * line ends with the loss and sign accuracy of the batches, averaged over the
 * last 10 steps (before each update): what the network reached. */
int main(int argc, char **argv)
{
    size_t steps, warmup, hidden, batch, threads;
    int f32 = argc > 6 && strcmp(argv[6], "float32") == 0;
    if (argc < 8 || !parse_size(argv[1], &steps) || !parse_size(argv[2], &warmup) || !parse_size(argv[3], &hidden) ||
        !parse_size(argv[4], &batch) || !parse_size(argv[5], &threads) || threads > EG_BPTT_MAX_THREADS ||
        (!f32 && strcmp(argv[6], "float64") != 0)) {
        fprintf(stderr, "usage: bench_train STEPS WARMUP HIDDEN BATCH THREADS float64|float32 HORIZON...\n");
        return 2;
    }
    eg_numerics_init();
    eg_error err;
    eg_task *task = NULL;
    eg_status st = eg_task_alloc_repeat_copy(8, 8, &task, &err);
    if (st != EG_OK) {
        fprintf(stderr, "bench_train: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    for (int a = 7; a < argc && rc == 0; a++) {
        size_t horizon;
        if (!parse_size(argv[a], &horizon)) {
            fprintf(stderr, "bench_train: horizon '%s' is not a positive integer\n", argv[a]);
            rc = 2;
            break;
        }
        eg_train_options o = eg_train_options_default();
        o.hidden = hidden;
        o.batch = batch;
        o.steps = warmup + steps;
        o.curriculum = &horizon;
        o.ncurriculum = 1;
        o.seed = 0;
        o.threads = (int)threads;
        o.precision = f32 ? EG_TRAIN_FLOAT32 : EG_TRAIN_FLOAT64;
        clock_ctx c = {.warmup = warmup};
        o.progress = on_step;
        o.progress_ctx = &c;
        eg_train_result *res = NULL;
        st = eg_train_rnn(task, &o, &res, &err);
        double end = seconds(CLOCK_MONOTONIC), cpu_end = seconds(CLOCK_PROCESS_CPUTIME_ID);
        if (st != EG_OK) {
            fprintf(stderr, "bench_train: horizon %zu: %s\n", horizon, err.msg);
            rc = 1;
            break;
        }
        double secs = end - c.start;
        printf("engram horizon=%zu steps=%zu seconds=%.4f steps_per_second=%.3f cpu_seconds=%.4f loss_first=%.6f "
               "loss_last=%.9f loss_tail=%.6f accuracy_tail=%.4f threads=%zu dtype=%s\n",
               horizon, steps, secs, (double)steps / secs, cpu_end - c.cpu_start, res->loss[0],
               res->loss[res->steps - 1], tail_mean(res->loss, res->steps, 10),
               tail_mean(res->accuracy, res->steps, 10), threads, argv[6]);
        eg_train_result_free(res);
    }
    eg_task_free(task);
    return rc;
}
