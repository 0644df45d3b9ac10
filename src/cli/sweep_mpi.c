/* sweep_mpi.c: a sweep's points shared among MPI ranks by a work queue on rank 0. */
#include "cli/sweep_mpi.h"

#include <stdlib.h>

#ifdef ENGRAM_MPI

#include <mpi.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

enum { TAG_ASK = 1, TAG_WORK = 2, TAG_STOP = 3 };

int eg_cli_mpi_begin(int *rank, int *size)
{
    /* Only under a launcher: a plain `engram sweep` never touches MPI. */
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK") && !getenv("MPI_LOCALNRANKS"))
        return 0;
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return 0;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    if (*size < 2) {
        MPI_Finalize();
        return 0;
    }
    return 1;
}

void eg_cli_mpi_end(void)
{
    MPI_Finalize();
}

void eg_cli_mpi_abort(int code)
{
    MPI_Abort(MPI_COMM_WORLD, code);
}

/* Rank 0's shared state: the queue, and the recording of rows, used by its
 * MPI thread (the main one) and its compute thread. */
typedef struct queue {
    const eg_sweep_job *job;
    eg_sweep_out *out;
    const size_t *pending;
    size_t npending, next;
    pthread_mutex_t lock;
    eg_status status;
    eg_error err;
} queue;

static int take(queue *q, size_t *point)
{
    pthread_mutex_lock(&q->lock);
    int ok = q->status == EG_OK && q->next < q->npending;
    if (ok)
        *point = q->pending[q->next++];
    pthread_mutex_unlock(&q->lock);
    return ok;
}

static void record(queue *q, size_t point, char *row, size_t len)
{
    eg_error err;
    /* The journal append (and its fsync) happens outside the lock. */
    eg_status st = eg_sweep_out_save(q->out, point, row, len, &err);
    pthread_mutex_lock(&q->lock);
    if (st != EG_OK) {
        free(row);
    } else if (q->status == EG_OK) {
        st = eg_sweep_out_record(q->out, point, row, len, &err);
    } else {
        free(row);
    }
    if (st != EG_OK && q->status == EG_OK) {
        q->status = st;
        q->err = err;
    }
    pthread_mutex_unlock(&q->lock);
}

static void fail(queue *q, eg_status st, const eg_error *err)
{
    pthread_mutex_lock(&q->lock);
    if (q->status == EG_OK) {
        q->status = st;
        q->err = *err;
    }
    pthread_mutex_unlock(&q->lock);
}

static void *local_worker(void *arg)
{
    queue *q = arg;
    size_t p;
    while (take(q, &p)) {
        char *row = NULL;
        size_t len = 0;
        eg_error err;
        eg_status st = eg_sweep_point_row(q->job, p, &row, &len, &err);
        if (st != EG_OK) {
            fail(q, st, &err);
            return NULL;
        }
        record(q, p, row, len);
    }
    return NULL;
}

static size_t row_point(const char *row)
{
    return (size_t)strtoull(row + 6, NULL, 10); /* "point N\n...", as encoded */
}

static eg_status coordinate(const eg_sweep_job *job, int size, eg_sweep_out *out, const size_t *pending, size_t npending,
                            eg_error *err)
{
    queue q = {.job = job, .out = out, .pending = pending, .npending = npending, .status = EG_OK};
    pthread_mutex_init(&q.lock, NULL);
    pthread_t tid;
    int threaded = pthread_create(&tid, NULL, local_worker, &q) == 0;
    int active = size - 1;
    char *buf = NULL;
    int cap = 0;
    while (active > 0) {
        int flag = 0;
        MPI_Status ms;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &flag, &ms);
        if (!flag) {
            /* Polling with a pause leaves the core to the compute thread. */
            struct timespec pause = {0, 500000};
            nanosleep(&pause, NULL);
            continue;
        }
        int len = 0;
        MPI_Get_count(&ms, MPI_BYTE, &len);
        if (len + 1 > cap) {
            char *nb = realloc(buf, (size_t)len + 1);
            if (!nb) {
                eg_cli_mpi_abort(EG_EXIT_INTERNAL);
                break;
            }
            buf = nb, cap = len + 1;
        }
        MPI_Recv(buf, len, MPI_BYTE, ms.MPI_SOURCE, TAG_ASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (len > 0) {
            /* An ask carries the row of the rank's previous point. */
            char *row = malloc((size_t)len + 1);
            if (!row) {
                eg_cli_mpi_abort(EG_EXIT_INTERNAL);
                break;
            }
            memcpy(row, buf, (size_t)len);
            row[len] = '\0';
            record(&q, row_point(row), row, (size_t)len);
        }
        size_t p;
        if (take(&q, &p)) {
            uint64_t x = p;
            MPI_Send(&x, 1, MPI_UINT64_T, ms.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
        } else {
            MPI_Send(NULL, 0, MPI_BYTE, ms.MPI_SOURCE, TAG_STOP, MPI_COMM_WORLD);
            active--;
        }
    }
    free(buf);
    if (threaded)
        pthread_join(tid, NULL);
    else
        local_worker(&q);
    pthread_mutex_destroy(&q.lock);
    if (q.status != EG_OK)
        *err = q.err;
    return q.status;
}

static eg_status serve(const eg_sweep_job *job, eg_error *err)
{
    char *row = NULL;
    size_t len = 0;
    for (;;) {
        MPI_Send(row, (int)len, MPI_BYTE, 0, TAG_ASK, MPI_COMM_WORLD);
        free(row);
        row = NULL;
        len = 0;
        MPI_Status ms;
        MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &ms);
        if (ms.MPI_TAG == TAG_STOP) {
            MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_STOP, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            return EG_OK;
        }
        uint64_t p = 0;
        MPI_Recv(&p, 1, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        eg_status st = eg_sweep_point_row(job, (size_t)p, &row, &len, err);
        if (st != EG_OK || len > (size_t)1 << 30)
            return st != EG_OK ? st : eg_error_set(err, EG_ENOMEM, "a row of %zu bytes is too long to send", len);
    }
}

eg_status eg_cli_mpi_sweep(const eg_sweep_job *job, int rank, int size, eg_sweep_out *out, const size_t *pending,
                           size_t npending, eg_error *err)
{
    return rank == 0 ? coordinate(job, size, out, pending, npending, err) : serve(job, err);
}

#else

int eg_cli_mpi_begin(int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    return 0;
}

void eg_cli_mpi_end(void)
{
}

void eg_cli_mpi_abort(int code)
{
    exit(code);
}

eg_status eg_cli_mpi_sweep(const eg_sweep_job *job, int rank, int size, eg_sweep_out *out, const size_t *pending,
                           size_t npending, eg_error *err)
{
    (void)job, (void)rank, (void)size, (void)out, (void)pending, (void)npending;
    return eg_error_set(err, EG_EINVAL, "this engram was built without MPI (configure with -DENGRAM_MPI=ON)");
}

#endif
