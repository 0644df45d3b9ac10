/* bench_npy.c: reading .npy files into engram arrays, timed (best of REPEATS). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engram/npy.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* usage: bench_npy REPEATS FILE...: one line per file, its best time and rate. */
int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_npy REPEATS FILE...\n");
        return 2;
    }
    int repeats = atoi(argv[1]);
    for (int k = 2; k < argc; k++) {
        double best = 1e300, first = 0.0;
        size_t bytes = 0;
        for (int rep = 0; rep < repeats; rep++) {
            eg_array *a = NULL;
            eg_error err;
            double t0 = now();
            if (eg_npy_read(argv[k], &a, &err) != EG_OK) {
                fprintf(stderr, "bench_npy: %s\n", err.msg);
                return 1;
            }
            double t = now() - t0;
            bytes = a->size * sizeof *a->data;
            eg_array_free(a);
            if (rep == 0)
                first = t;
            if (t < best)
                best = t;
        }
        /* The first read also faults in its fresh pages; later ones reuse the freed memory. */
        printf("engram %s: %.4f s, %.0f MB/s of doubles (first read %.0f MB/s)\n", argv[k], best,
               (double)bytes / best / 1e6, (double)bytes / first / 1e6);
    }
    return 0;
}
