/* cancel.c: the process-wide request to stop the runs in progress, polled by
 * the engine at coarse points, and the per-thread heartbeat through which a
 * caller's progress callback is asked whether to stop during a long action. */
#include "engram/cancel.h"

#include <stdatomic.h>
#include <time.h>

/* Lock-free atomics are async-signal-safe; a handler only ever stores 1. */
static atomic_int requested;
static atomic_int running;

/* The heartbeat of the thread that runs a model; worker threads have none. */
static _Thread_local eg_cancel_heartbeat_fn heartbeat;
static _Thread_local void *heartbeat_ctx;
static _Thread_local long long heartbeat_due_ms;

void eg_cancel_request(void)
{
    atomic_store(&requested, 1);
}

int eg_cancel_requested(void)
{
    return atomic_load_explicit(&requested, memory_order_relaxed) != 0;
}

/* Milliseconds of the monotonic clock. */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Calls the thread's heartbeat when it is due; its nonzero return is a request. */
static void beat(void)
{
    long long now = now_ms();
    if (now < heartbeat_due_ms)
        return;
    heartbeat_due_ms = now + EG_CANCEL_HEARTBEAT_MS;
    if (heartbeat(heartbeat_ctx))
        eg_cancel_request();
}

eg_status eg_cancel_check(eg_error *err)
{
    if (heartbeat && !eg_cancel_requested())
        beat();
    if (!eg_cancel_requested())
        return EG_OK;
    return eg_error_set(err, EG_CANCELLED, "cancelled");
}

void eg_cancel_begin(void)
{
    /* A request made while nothing ran belongs to no run: it is dropped. */
    if (atomic_fetch_add(&running, 1) == 0)
        atomic_store(&requested, 0);
}

void eg_cancel_end(void)
{
    atomic_fetch_sub(&running, 1);
}

void eg_cancel_set_heartbeat(eg_cancel_heartbeat_fn fn, void *ctx)
{
    heartbeat = fn;
    heartbeat_ctx = ctx;
    heartbeat_due_ms = now_ms() + EG_CANCEL_HEARTBEAT_MS;
}
