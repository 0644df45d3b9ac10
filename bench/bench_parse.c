/* bench_parse.c: throughput of the model language front end (scanner, parser,
 * evaluation and schema check), then the compile step, on a large generated
 * model held in memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/diag.h"
#include "lang/model.h"
#include "lang/parse.h"
#include "run/run.h"

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

/* CPU time of this process: on a shared machine, wall time also counts the
 * time other programs held the cores. */
static double cpu_now(void)
{
    return clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void append(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0)
            abort();
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap * 2 + (size_t)n + 1;
        if (!(t->data = realloc(t->data, t->cap))) {
            fputs("bench_parse: out of memory\n", stderr);
            exit(1);
        }
    }
}

/* One experiment of a realistic model: a param, a memories block, a network
 * storing it and a recall from it, with comments, lists, calls and arithmetic. */
static void experiment(text *t, size_t i)
{
    append(t,
           "# experiment %zu: capacity point, %zu episodes\n"
           "param n%zu = %zu + 2 * (%zu - 1)\n"
           "param gains%zu = [1, 2.5, 3e-2, -4, exp(1) / 2, sqrt(%zu), 0.125 ^ 2]\n"
           "\n"
           "memories M%zu {\n"
           "  generate = random(count = n%zu, size = 64 * 2, p = 0.5)   # bipolar\n"
           "  seed     = %zu\n"
           "}\n"
           "\n"
           "network hop%zu {\n"
           "  units = 128; state = bipolar; rule = hebb\n"
           "  store = M%zu\n"
           "  self  = 0\n"
           "  normalize = units\n"
           "}\n"
           "\n"
           "recall r%zu {\n"
           "  network = hop%zu\n"
           "  cue     = flip(M%zu[0], bits = floor(128 * 0.0625), seed = %zu)\n"
           "  update  = %s\n"
           "  steps   = 10 * (2 + 3)\n"
           "  report  = [hamming(M%zu[1]), overlaps(M%zu), energy, steps]\n"
           "}\n\n",
           i, i % 17 + 3, i, i % 17 + 1, i % 5 + 1, i, i % 100 + 1, i, i, i, i, i, i, i, i, i,
           i % 2 ? "synchronous" : "asynchronous", i, i);
}

/* usage: bench_parse [MEGABYTES REPEATS] (defaults 64 3) */
int main(int argc, char **argv)
{
    double megabytes = argc > 1 ? atof(argv[1]) : 64;
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    text t = {NULL, 0, 0};
    size_t experiments = 0;
    while ((double)t.len < megabytes * 1e6)
        experiment(&t, experiments++);
    /* The first run maps fresh memory for the tree and the model; later ones
     * reuse the arena chunks the first one freed, as a program that checks
     * models again (a sweep, a server) would. Both are reported. */
    double best = 1e300, parse_best = 1e300, cpu_best = 1e300, compile_best = 1e300, cold = 0;
    size_t blocks = 0;
    for (int rep = 0; rep < repeats; rep++) {
        eg_source_set sources;
        eg_diag_list diags;
        eg_source_set_init(&sources);
        eg_diag_list_init(&diags);
        double c0 = cpu_now();
        double t0 = now();
        eg_ast *ast = eg_parse_text(&sources, "bench.engram", t.data, t.len, &diags);
        double t1 = now();
        eg_model *model = ast ? eg_model_check(ast, eg_kind_schemas(), NULL, 0, &diags) : NULL;
        double t2 = now();
        double c2 = cpu_now();
        if (!model || diags.errors) {
            eg_diag_print(&diags, &sources, stderr);
            fputs("bench_parse: the generated model does not check\n", stderr);
            return 1;
        }
        blocks = model->nblocks;
        if (rep == 0)
            cold = t2 - t0;
        if (t2 - t0 < best)
            best = t2 - t0;
        if (t1 - t0 < parse_best)
            parse_best = t1 - t0;
        if (c2 - c0 < cpu_best)
            cpu_best = c2 - c0;
        /* The compile step `engram check` runs after the check (it takes the model). */
        double t3 = now();
        eg_program *prog = eg_program_compile(model, &diags);
        double t4 = now();
        if (!prog || diags.errors) {
            eg_diag_print(&diags, &sources, stderr);
            fputs("bench_parse: the generated model does not compile\n", stderr);
            return 1;
        }
        if (t4 - t3 < compile_best)
            compile_best = t4 - t3;
        eg_program_free(prog);
        eg_ast_free(ast);
        eg_diag_list_free(&diags);
        eg_source_set_free(&sources);
    }
    double mb = (double)t.len / 1e6;
    printf("bench_parse: %.1f MB, %zu blocks, %zu experiments; parse %.3f s, parse+check %.3f s wall, "
           "%.3f s CPU (best of %d): %.1f MB/s wall, %.1f MB/s CPU; first run %.3f s: %.1f MB/s; "
           "then compile %.3f s\n",
           mb, blocks, experiments, parse_best, best, cpu_best, repeats, mb / best, mb / cpu_best, cold, mb / cold,
           compile_best);
    free(t.data);
    return 0;
}
