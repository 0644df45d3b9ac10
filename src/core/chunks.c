/* chunks.c: one loop split into contiguous chunks on POSIX threads, for the
 * kernels of a single large computation (a field of many units). */
#include "core/chunks.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct chunk {
    eg_chunk_fn fn;
    void *ctx;
    size_t lo, hi;
} chunk;

static void *run_chunk(void *arg)
{
    chunk *c = arg;
    c->fn(c->lo, c->hi, c->ctx);
    return NULL;
}

void eg_chunks_run(size_t n, int threads, eg_chunk_fn fn, void *ctx)
{
    enum { MAX_CHUNKS = 64 };
    if (threads > MAX_CHUNKS)
        threads = MAX_CHUNKS;
    if (threads <= 1 || n < (size_t)threads) {
        fn(0, n, ctx);
        return;
    }
    chunk parts[MAX_CHUNKS];
    pthread_t tids[MAX_CHUNKS];
    int started[MAX_CHUNKS] = {0};
    for (int t = 0; t < threads; t++)
        parts[t] = (chunk){fn, ctx, n * (size_t)t / (size_t)threads, n * (size_t)(t + 1) / (size_t)threads};
    for (int t = 1; t < threads; t++)
        started[t] = pthread_create(&tids[t], NULL, run_chunk, &parts[t]) == 0;
    run_chunk(&parts[0]);
    /* A thread that could not be started leaves its chunk to this one. */
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            run_chunk(&parts[t]);
    }
}
