/* bench_api.c: the C API's own cost, the floor the Python package is measured
 * against: (1) the 64-unit seed recall loaded and run in process, as `engram
 * run` does it (parse, check, compile, run; no printing), and (2) a loaded
 * model run again and again.
 * usage: bench_api MODEL [LOADS] [RUNS]   prints load_run_us=... run_us=... */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engram/engram.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Load and run once; returns 0 on success. */
static int load_and_run(const char *path)
{
    eg_api_model *m = NULL;
    eg_api_result *r = NULL;
    int ok = eg_api_load_file(path, NULL, 0, &m) == EG_API_OK && eg_api_run(m, NULL, &r) == EG_API_OK;
    eg_api_result_free(r);
    eg_api_model_free(m);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_api MODEL [LOADS] [RUNS]\n");
        return 2;
    }
    long loads = argc > 2 ? atol(argv[2]) : 1000, runs = argc > 3 ? atol(argv[3]) : 10000;
    double t0 = now();
    for (long i = 0; i < loads; i++)
        if (load_and_run(argv[1]) != 0)
            return 1;
    double t1 = now();
    eg_api_model *m = NULL;
    if (eg_api_load_file(argv[1], NULL, 0, &m) != EG_API_OK)
        return 1;
    eg_api_run_options opt = {.threads = 1};
    double t2 = now();
    for (long i = 0; i < runs; i++) {
        eg_api_result *r = NULL;
        if (eg_api_run(m, &opt, &r) != EG_API_OK)
            return 1;
        eg_api_result_free(r);
    }
    double t3 = now();
    eg_api_model_free(m);
    printf("load_run_us=%.2f run_us=%.2f\n", 1e6 * (t1 - t0) / (double)loads, 1e6 * (t3 - t2) / (double)runs);
    return 0;
}
