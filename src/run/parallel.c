/* parallel.c: a minimal work queue over POSIX threads for independent jobs. */
#include "run/parallel.h"

#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>

#include "engram/cancel.h"

typedef struct queue {
    pthread_mutex_t lock;
    size_t next, n;
    eg_job_fn fn;
    void *ctx;
    size_t failed_at; /* lowest failing job, n when none */
    eg_status status;
    eg_error err;
} queue;

static void *worker(void *arg)
{
    queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next < q->failed_at ? q->next++ : q->n;
        pthread_mutex_unlock(&q->lock);
        if (i >= q->n)
            return NULL;
        eg_error err;
        eg_status st = eg_cancel_check(&err) != EG_OK ? EG_CANCELLED : q->fn(i, q->ctx, &err);
        if (st != EG_OK) {
            pthread_mutex_lock(&q->lock);
            if (i < q->failed_at) {
                q->failed_at = i;
                q->status = st;
                q->err = err;
            }
            pthread_mutex_unlock(&q->lock);
        }
    }
}

eg_status eg_parallel_for(size_t n, int threads, eg_job_fn fn, void *ctx, eg_error *err)
{
    queue q = {.next = 0, .n = n, .fn = fn, .ctx = ctx, .failed_at = n, .status = EG_OK};
    if (pthread_mutex_init(&q.lock, NULL) != 0)
        return eg_error_set(err, EG_ENOMEM, "cannot create a lock for worker threads");
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    /* Each job runs on one core: OpenBLAS threads of its own would only spin
     * and compete with the workers. */
    int blas_threads = openblas_get_num_threads();
    if (threads > 1)
        openblas_set_num_threads(1);
    pthread_t *tids = threads > 1 ? calloc((size_t)threads - 1, sizeof *tids) : NULL;
    int started = 0;
    for (int t = 0; tids && t < threads - 1; t++, started++)
        if (pthread_create(&tids[t], NULL, worker, &q) != 0)
            break;
    worker(&q); /* the calling thread works too; fewer helpers just mean a slower run */
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    free(tids);
    if (threads > 1)
        openblas_set_num_threads(blas_threads);
    pthread_mutex_destroy(&q.lock);
    if (q.status != EG_OK) {
        if (err)
            *err = q.err;
        return q.status;
    }
    return EG_OK;
}
