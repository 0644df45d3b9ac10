/* sweep.c: points of a sweep, one at a time or on a pool of POSIX threads. */
#include "run/sweep/sweep.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/run.h"
#include "run/sweep/row.h"

eg_status eg_sweep_point_report(const eg_sweep_job *job, size_t p, eg_program **prog, eg_report **report,
                                eg_diag_list *diags)
{
    const eg_sweep_plan *plan = job->plan;
    double *x = calloc(plan->nsweeps + 1, sizeof *x);
    *prog = NULL;
    *report = NULL;
    if (!x) {
        eg_diag_error(diags, eg_loc_file(NULL), "out of memory");
        return EG_ENOMEM;
    }
    eg_sweep_plan_values(plan, p, x);
    eg_model *m = eg_rebind_model(plan->rebind, x, diags);
    free(x);
    eg_program *pr = m ? eg_program_compile(m, diags) : NULL;
    if (!pr)
        return EG_EMODEL;
    eg_run_options opt = {.threads = 1, .stream = eg_sweep_plan_stream(plan, p)};
    eg_status st = eg_run_model(pr, &opt, report, diags);
    if (st == EG_OK)
        *prog = pr;
    else
        eg_program_free(pr);
    return st;
}

/* The first error of diags as "file:line:col: message". */
static void first_error(const eg_diag_list *diags, char *buf, size_t len)
{
    snprintf(buf, len, "failed");
    for (size_t i = 0; i < diags->count; i++) {
        const eg_diag *d = &diags->items[i];
        if (d->severity != EG_DIAG_ERROR)
            continue;
        if (d->loc.file && d->loc.line > 0)
            snprintf(buf, len, "%s:%d:%d: %s", d->loc.file, d->loc.line, d->loc.col, d->message);
        else if (d->loc.file)
            snprintf(buf, len, "%s: %s", d->loc.file, d->message);
        else
            snprintf(buf, len, "%s", d->message);
        return;
    }
    if (diags->oom)
        snprintf(buf, len, "out of memory");
}

eg_status eg_sweep_point_row(const eg_sweep_job *job, size_t p, char **text, size_t *len, eg_error *err)
{
    eg_diag_list diags;
    eg_diag_list_init(&diags);
    eg_program *prog = NULL;
    eg_report *report = NULL;
    eg_sweep_row *row = NULL;
    eg_status st = eg_sweep_point_report(job, p, &prog, &report, &diags);
    if (st == EG_OK) {
        st = eg_sweep_row_from_report(p, eg_program_model(prog), report, &row, err);
    } else if (st == EG_ENOMEM) {
        st = eg_error_set(err, EG_ENOMEM, "out of memory while running point %zu", p);
    } else {
        char msg[1200];
        first_error(&diags, msg, sizeof msg);
        st = eg_sweep_row_failure(p, job->plan, msg, &row, err);
    }
    if (st == EG_OK)
        st = eg_sweep_row_encode(row, text, len, err);
    eg_sweep_row_free(row);
    eg_report_free(report);
    eg_program_free(prog);
    eg_diag_list_free(&diags);
    return st;
}

typedef struct pool {
    const eg_sweep_exec *ex;
    pthread_mutex_t lock;
    size_t next;   /* index into pending of the next point to hand out */
    int stop;
    eg_status status;
    eg_error err;
} pool;

static void *worker(void *arg)
{
    pool *pl = arg;
    const eg_sweep_exec *ex = pl->ex;
    for (;;) {
        pthread_mutex_lock(&pl->lock);
        size_t i = pl->stop ? ex->npending : pl->next;
        if (i < ex->npending)
            pl->next++;
        pthread_mutex_unlock(&pl->lock);
        if (i >= ex->npending)
            return NULL;
        size_t p = ex->pending[i];
        char *row = NULL;
        size_t len = 0;
        eg_error err;
        eg_status st = eg_sweep_point_row(ex->job, p, &row, &len, &err);
        if (st == EG_OK && ex->save)
            st = ex->save(ex->ctx, p, row, len, &err);
        pthread_mutex_lock(&pl->lock);
        if (st == EG_OK && pl->status == EG_OK)
            st = ex->done(ex->ctx, p, row, len, &err);
        else
            free(row);
        if (st != EG_OK && pl->status == EG_OK) {
            pl->status = st;
            pl->err = err;
            pl->stop = 1;
        }
        pthread_mutex_unlock(&pl->lock);
    }
}

eg_status eg_sweep_exec_run(const eg_sweep_exec *ex, eg_error *err)
{
    pool pl = {.ex = ex, .status = EG_OK};
    if (pthread_mutex_init(&pl.lock, NULL) != 0)
        return eg_error_set(err, EG_ENOMEM, "cannot create a lock");
    size_t nthreads = ex->threads < 1 ? 1 : (size_t)ex->threads;
    if (nthreads > ex->npending)
        nthreads = ex->npending ? ex->npending : 1;
    pthread_t *tids = calloc(nthreads, sizeof *tids);
    size_t started = 0;
    if (tids && nthreads > 1) {
        for (; started < nthreads; started++)
            if (pthread_create(&tids[started], NULL, worker, &pl) != 0)
                break;
    }
    /* One thread, or no thread could start: the calling thread does the work. */
    if (started == 0)
        worker(&pl);
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    pthread_mutex_destroy(&pl.lock);
    if (pl.status != EG_OK) {
        if (err)
            *err = pl.err;
        return pl.status;
    }
    return EG_OK;
}
