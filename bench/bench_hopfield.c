/* bench_hopfield.c: seed 001 experiment 2 end to end (episodes, cue, synchronous recall), timed, and the
 * recall alone (its field evaluations, one a step). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sys/resource.h>

#include "engram/cue.h"
#include "engram/hopfield.h"
#include "engram/patterns.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* usage: bench_hopfield [D N FLIPS SEED REPEATS] (defaults 8000 900 800 1 1) */
int main(int argc, char **argv)
{
    size_t d = argc > 1 ? strtoul(argv[1], NULL, 10) : 8000;
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 900;
    size_t flips = argc > 3 ? strtoul(argv[3], NULL, 10) : 800;
    unsigned long seed = argc > 4 ? strtoul(argv[4], NULL, 10) : 1;
    int repeats = argc > 5 ? atoi(argv[5]) : 1;
    eg_error err;
    double best = 1e300, best_recall = 1e300;
    for (int rep = 0; rep < repeats; rep++) {
        double t0 = now();
        eg_episodes *ep = NULL;
        eg_hopfield *net = NULL;
        eg_recall_result *r = NULL;
        double *target = malloc(d * sizeof *target), *cue = malloc(d * sizeof *cue);
        eg_recall_options ro = eg_recall_options_default();
        ro.target = target;
        eg_status st = !target || !cue ? EG_ENOMEM : EG_OK;
        if (st == EG_OK)
            st = eg_episodes_random_bipolar(n, d, 0.5, seed, 0, EG_EPISODES_PACKED_ONLY, &ep, &err);
        if (st == EG_OK)
            st = eg_hopfield_alloc_hebbian_borrowed(ep, NULL, &net, &err); /* as engram run stores a memory */
        if (st == EG_OK)
            st = eg_episodes_row(ep, 0, target, &err);
        if (st == EG_OK)
            st = eg_cue_flip_bits(target, d, flips, seed, 0, cue, &err);
        double t1 = now();
        if (st == EG_OK)
            st = eg_hopfield_recall(net, cue, &ro, &r, &err);
        double t = now() - t0, t_recall = now() - t1;
        if (st != EG_OK) {
            fprintf(stderr, "bench_hopfield: %s: %s\n", eg_status_name(st), err.msg);
            return 1;
        }
        if (t < best)
            best = t;
        if (t_recall < best_recall)
            best_recall = t_recall;
        if (rep == 0)
            printf("C: D=%zu N=%zu flips=%zu seed=%lu hamming=%ld steps=%zu outcome=%d\n", d, n, flips, seed,
                   r->hamming, r->steps, (int)r->outcome);
        eg_recall_result_free(r);
        eg_hopfield_free(net);
        eg_episodes_free(ep);
        free(target);
        free(cue);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("C: seconds=%.6f recall_seconds=%.6f peak_rss_kb=%ld\n", best, best_recall, ru.ru_maxrss);
    return 0;
}
