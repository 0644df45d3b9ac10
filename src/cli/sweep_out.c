/* sweep_out.c: the output directory of a sweep: journal, resume, progress, table, manifest. */
#include "cli/sweep_out.h"

#include <cblas.h>
#include <gsl/gsl_version.h>
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engram/json.h"
#include "engram/outfile.h"
#include "engram/npy.h"
#include "out/out.h"
#include "out/sweep_plots.h"
#include "run/sweep/row.h"
#include "run/sweep/table.h"

void eg_sweep_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *eg_sweep_header(const eg_sweep_files *files, size_t points, size_t shard, size_t nshards, char *const *defines,
                      size_t ndefines)
{
    size_t len = 256 + 80 * files->n;
    for (size_t i = 0; i < ndefines; i++)
        len += strlen(defines[i]) + 16;
    char *h = malloc(len);
    if (!h)
        return NULL;
    size_t n = (size_t)snprintf(h, len, "engram-sweep 1\nmodel %s\n", files->shas[0]);
    for (size_t i = 1; i < files->n; i++)
        n += (size_t)snprintf(h + n, len - n, "include %s\n", files->shas[i]);
    n += (size_t)snprintf(h + n, len - n, "points %zu\nshard %zu/%zu\n", points, shard, nshards);
    for (size_t i = 0; i < ndefines; i++)
        n += (size_t)snprintf(h + n, len - n, "define %s\n", defines[i]);
    return h;
}

/* The point a row is for, read from its first line ("point N"). */
static int row_point(const char *row, size_t *point)
{
    if (strncmp(row, "point ", 6) != 0)
        return 0;
    char *end = NULL;
    unsigned long long p = strtoull(row + 6, &end, 10);
    if (end == row + 6 || *end != '\n')
        return 0;
    *point = (size_t)p;
    return 1;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

static int is_done(const eg_sweep_out *o, size_t p)
{
    return (o->done_bits[p / 8] >> (p % 8)) & 1;
}

/* A row finished ahead of the points before it. */
typedef struct eg_sweep_waiting {
    size_t point;
    char *row;
    size_t len;
} waiting;

static void heap_swap(waiting *h, size_t a, size_t b)
{
    waiting t = h[a];
    h[a] = h[b];
    h[b] = t;
}

/* Adds w to the min-heap of waiting rows; 0 when out of memory. */
static int heap_push(eg_sweep_out *o, waiting w)
{
    if (o->nwaiting == o->waiting_cap) {
        size_t cap = o->waiting_cap ? 2 * o->waiting_cap : 64;
        waiting *h = realloc(o->waiting, cap * sizeof *h);
        if (!h)
            return 0;
        o->waiting = h;
        o->waiting_cap = cap;
    }
    waiting *h = o->waiting;
    size_t i = o->nwaiting++;
    h[i] = w;
    while (i > 0 && h[(i - 1) / 2].point > h[i].point) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    return 1;
}

/* Removes the waiting row of the lowest point. */
static void heap_pop(eg_sweep_out *o)
{
    waiting *h = o->waiting;
    h[0] = h[--o->nwaiting];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < o->nwaiting && h[l].point < h[m].point)
            m = l;
        if (r < o->nwaiting && h[r].point < h[m].point)
            m = r;
        if (m == i)
            break;
        heap_swap(h, i, m);
        i = m;
    }
}

/* Marks point p done and hands its row (owned) to the table as soon as every
 * point of the directory before it is there: rows enter the table in point
 * order while only those finished ahead of a slower one wait in memory. */
static eg_status keep_row(eg_sweep_out *o, size_t p, char *row, size_t len, eg_error *err)
{
    o->done_bits[p / 8] |= (unsigned char)(1u << (p % 8));
    o->done++;
    if (!heap_push(o, (waiting){p, row, len})) {
        free(row);
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    }
    eg_status st = EG_OK;
    while (st == EG_OK && o->nwaiting > 0 && o->waiting[0].point == o->next) {
        st = eg_sweep_table_add(o->table, o->waiting[0].row, o->waiting[0].len, err);
        free(o->waiting[0].row);
        heap_pop(o);
        o->next += o->nshards;
    }
    return st;
}

eg_status eg_sweep_out_open(eg_sweep_out *o, const char *dir, const char *header, size_t points, size_t shard,
                            size_t nshards, eg_error *err)
{
    memset(o, 0, sizeof *o);
    o->dir = dir;
    o->points = points;
    o->shard = shard;
    o->nshards = nshards;
    o->owned = points / nshards + (shard < points % nshards);
    o->progress = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &o->started);
    eg_status st = eg_outfile_mkdirs(dir, err);
    if (st != EG_OK)
        return st;
    size_t plen = strlen(dir) + sizeof EG_SWEEP_JOURNAL + sizeof EG_SWEEP_SPOOL + 2;
    o->journal_path = malloc(plen);
    char *spool = malloc(plen);
    o->done_bits = calloc(points / 8 + 1, 1);
    o->next = shard;
    if (!o->journal_path || !spool || !o->done_bits) {
        free(spool);
        return eg_error_set(err, EG_ENOMEM, "out of memory for the %zu points of the sweep", points);
    }
    snprintf(o->journal_path, plen, "%s/%s", dir, EG_SWEEP_JOURNAL);
    snprintf(spool, plen, "%s/%s", dir, EG_SWEEP_SPOOL);
    st = eg_sweep_table_begin(spool, &o->table, err);
    free(spool);
    if (st != EG_OK)
        return st;
    eg_journal_records rec;
    if ((st = eg_journal_read(o->journal_path, &rec, err)) != EG_OK)
        return st;
    if (rec.n > 0 && strcmp(rec.data[0], header) != 0) {
        eg_journal_records_free(&rec);
        return eg_error_set(err, EG_EIO,
                            "%s holds the journal of another sweep (the model file, its -D options or the shard "
                            "differ); give a new output directory",
                            dir);
    }
    for (size_t i = 1; i < rec.n; i++) {
        size_t p;
        if (!row_point(rec.data[i], &p) || p >= points || p % nshards != shard) {
            eg_journal_records_free(&rec);
            return eg_error_set(err, EG_EPARSE, "%s: record %zu is not a point of this sweep", o->journal_path, i);
        }
        if (is_done(o, p))
            continue; /* the same point twice: the first one counts */
        o->failed += strncmp(strchr(rec.data[i], '\n') + 1, "failed 1", 8) == 0;
        st = keep_row(o, p, rec.data[i], rec.len[i], err);
        rec.data[i] = NULL;
        if (st != EG_OK) {
            eg_journal_records_free(&rec);
            return st;
        }
    }
    o->resumed = o->done;
    o->done_at_start = o->done;
    size_t good = rec.good;
    int fresh = rec.n == 0;
    eg_journal_records_free(&rec);
    if ((st = eg_journal_open(o->journal_path, fresh ? 0 : good, &o->journal, err)) != EG_OK)
        return st;
    if (fresh)
        st = eg_journal_append(o->journal, header, strlen(header), err);
    return st;
}

void eg_sweep_out_close(eg_sweep_out *o)
{
    eg_journal_close(o->journal);
    for (size_t i = 0; i < o->nwaiting; i++)
        free(o->waiting[i].row);
    free(o->waiting);
    free(o->done_bits);
    eg_sweep_table_free(o->table);
    free(o->journal_path);
    memset(o, 0, sizeof *o);
}

static void print_progress(eg_sweep_out *o, int force)
{
    double t = seconds_since(&o->started);
    if (!o->progress || (!force && t - o->last_print < 0.2))
        return;
    o->last_print = t;
    size_t ran = o->done - o->done_at_start;
    double rate = t > 0 ? (double)ran / t : 0;
    char left[64] = "";
    if (rate > 0 && o->done < o->owned) {
        double s = (double)(o->owned - o->done) / rate;
        if (s < 120)
            snprintf(left, sizeof left, ", %.0f s left", s);
        else if (s < 7200)
            snprintf(left, sizeof left, ", %.0f min left", s / 60);
        else
            snprintf(left, sizeof left, ", %.1f h left", s / 3600);
    }
    char failed[48] = "";
    if (o->failed)
        snprintf(failed, sizeof failed, " (%zu failed)", o->failed);
    fprintf(stderr, "\r\033[Ksweep: %zu/%zu points%s, %.2f/s%s", o->done, o->owned, failed, rate, left);
    fflush(stderr);
}

eg_status eg_sweep_out_save(void *ctx, size_t point, const char *row, size_t len, eg_error *err)
{
    eg_sweep_out *o = ctx;
    (void)point;
    return eg_journal_append(o->journal, row, len, err);
}

eg_status eg_sweep_out_record(void *ctx, size_t point, char *row, size_t len, eg_error *err)
{
    eg_sweep_out *o = ctx;
    if (point >= o->points || is_done(o, point)) {
        free(row);
        return EG_OK; /* already there: the first one counts, as on resume */
    }
    o->failed += strncmp(strchr(row, '\n') + 1, "failed 1", 8) == 0;
    eg_status st = keep_row(o, point, row, len, err);
    print_progress(o, o->done == o->owned);
    return st;
}

void eg_sweep_out_progress_end(eg_sweep_out *o)
{
    if (o->progress && o->last_print > 0) {
        fputc('\n', stderr);
        fflush(stderr);
    }
}

eg_status eg_sweep_out_pending(const eg_sweep_out *o, size_t *from, size_t max, size_t **pending, size_t *n,
                               eg_error *err)
{
    size_t left = o->owned - o->done;
    size_t cap = left < max ? left : max;
    size_t *t = malloc((cap + 1) * sizeof *t), k = 0;
    if (!t)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    /* The first point of this directory at or after *from. */
    size_t p = *from <= o->shard ? o->shard : *from + (o->nshards - (*from - o->shard) % o->nshards) % o->nshards;
    for (; p < o->points && k < cap; p += o->nshards)
        if (!is_done(o, p))
            t[k++] = p;
    *from = cap > 0 && p < o->points ? p : o->points;
    *pending = t;
    *n = k;
    return EG_OK;
}

static void json_strings(eg_json *j, char *const *s, size_t n)
{
    eg_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        eg_json_string(j, s[i]);
    eg_json_end_array(j);
}

static void write_libraries(eg_json *j)
{
    char buf[64];
    eg_json_key(j, "libraries");
    eg_json_begin_object(j);
    eg_json_key(j, "gsl");
    eg_json_string(j, GSL_VERSION);
    eg_json_key(j, "openblas");
    eg_json_string(j, openblas_get_config());
    lapack_int major = 0, minor = 0, patch = 0;
    LAPACKE_ilaver(&major, &minor, &patch);
    snprintf(buf, sizeof buf, "%d.%d.%d", (int)major, (int)minor, (int)patch);
    eg_json_key(j, "lapack");
    eg_json_string(j, buf);
    eg_json_end_object(j);
}

static eg_status manifest(const eg_sweep_provenance *prov, const eg_sweep_columns *cols, size_t nrows,
                          size_t nfailed, char **text, size_t *len, eg_error *err)
{
    eg_json *j = eg_json_alloc(1);
    if (!j)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    eg_json_begin_object(j);
    eg_json_key(j, "engram");
    eg_json_string(j, ENGRAM_VERSION);
    eg_json_key(j, "model");
    eg_json_begin_object(j);
    if (prov->files) {
        eg_json_key(j, "file");
        eg_json_string(j, prov->files->paths[0]);
    }
    eg_json_key(j, "sha256");
    eg_json_string(j, prov->model_sha);
    if (prov->files) {
        eg_json_key(j, "includes");
        eg_json_begin_array(j);
        for (size_t i = 1; i < prov->files->n; i++) {
            eg_json_begin_object(j);
            eg_json_key(j, "file");
            eg_json_string(j, prov->files->paths[i]);
            eg_json_key(j, "sha256");
            eg_json_string(j, prov->files->shas[i]);
            eg_json_end_object(j);
        }
        eg_json_end_array(j);
    }
    eg_json_end_object(j);
    eg_json_key(j, "command");
    json_strings(j, prov->argv, (size_t)prov->argc);
    eg_json_key(j, "defines");
    json_strings(j, prov->defines, prov->ndefines);
    write_libraries(j);
    eg_json_key(j, "started");
    eg_json_string(j, prov->started);
    eg_json_key(j, "finished");
    eg_json_string(j, prov->finished);
    if (prov->plan) {
        eg_json_key(j, "threads");
        eg_json_int(j, prov->threads);
        eg_json_key(j, "mpi_ranks");
        eg_json_int(j, prov->ranks);
        eg_json_key(j, "points");
        eg_json_uint(j, prov->plan->points);
        eg_json_key(j, "sweeps");
        eg_json_begin_array(j);
        for (size_t i = 0; i < prov->plan->nsweeps; i++) {
            const eg_sweep *s = prov->plan->sweeps[i];
            eg_json_begin_object(j);
            eg_json_key(j, "param");
            eg_json_string(j, s->param);
            eg_json_key(j, "dimension");
            eg_json_uint(j, prov->plan->dim_of[i]);
            eg_json_key(j, "values");
            eg_json_number_array(j, s->values, s->n);
            eg_json_end_object(j);
        }
        eg_json_end_array(j);
    }
    if (prov->sources) {
        eg_json_key(j, "merged");
        json_strings(j, prov->sources, prov->nsources);
    }
    eg_json_key(j, "rows");
    eg_json_uint(j, nrows);
    eg_json_key(j, "failed");
    eg_json_uint(j, nfailed);
    eg_json_key(j, "csv");
    eg_json_string(j, EG_OUT_SWEEP_CSV);
    eg_json_key(j, "columns");
    json_strings(j, cols->names, cols->n);
    eg_json_key(j, "npy");
    eg_json_string(j, EG_OUT_SWEEP_NPY);
    eg_json_key(j, "npy_columns");
    eg_json_begin_array(j);
    for (size_t i = 0; i < cols->n; i++)
        if (cols->numeric[i])
            eg_json_string(j, cols->names[i]);
    eg_json_end_array(j);
    eg_json_end_object(j);
    eg_status st = eg_json_finish(j, err);
    const char *t = st == EG_OK ? eg_json_text(j, len) : NULL;
    if (st == EG_OK && !(*text = malloc(*len + 2)))
        st = eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK) {
        memcpy(*text, t, *len);
        (*text)[(*len)++] = '\n';
    }
    eg_json_free(j);
    return st;
}

/* The three files of a finished table: the CSV and the .npy streamed, then
 * the manifest. */
static eg_status write_files(const char *dir, eg_sweep_table *t, const eg_sweep_provenance *prov, eg_error *err)
{
    size_t n = strlen(dir) + 64;
    char *csv = malloc(n), *npy = malloc(n), *man = NULL;
    size_t man_len = 0;
    eg_status st = csv && npy ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK) {
        snprintf(csv, n, "%s/%s", dir, EG_OUT_SWEEP_CSV);
        snprintf(npy, n, "%s/%s", dir, EG_OUT_SWEEP_NPY);
        st = eg_sweep_table_finish(t, csv, npy, err);
    }
    if (st == EG_OK)
        st = manifest(prov, eg_sweep_table_columns(t), eg_sweep_table_rows(t), eg_sweep_table_failed(t), &man,
                      &man_len, err);
    if (st == EG_OK)
        st = eg_out_write_file(dir, EG_OUT_SWEEP_MANIFEST, man, man_len, err);
    free(csv);
    free(npy);
    free(man);
    return st;
}

eg_status eg_sweep_out_finish(eg_sweep_out *o, const eg_sweep_provenance *prov, eg_error *err)
{
    if (o->nwaiting > 0 || o->done < o->owned)
        return eg_error_set(err, EG_EINVAL, "the sweep table lacks %zu of its %zu points", o->owned - o->done,
                            o->owned);
    return write_files(o->dir, o->table, prov, err);
}

eg_status eg_sweep_out_plot(const eg_sweep_out *o, const eg_sweep_plan *plan, eg_error *err)
{
    const eg_sweep_columns *cols = eg_sweep_table_columns(o->table);
    size_t n = strlen(o->dir) + sizeof EG_OUT_SWEEP_NPY + 2;
    char *path = malloc(n);
    const char **names = malloc((cols->nnumeric + 1) * sizeof *names);
    const char **params = malloc((plan->nsweeps + 1) * sizeof *params);
    eg_matrix *m = NULL;
    eg_outdir *dir = NULL;
    eg_status st = path && names && params ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    if (st == EG_OK) {
        snprintf(path, n, "%s/%s", o->dir, EG_OUT_SWEEP_NPY);
        st = eg_npy_read_matrix(path, &m, err);
    }
    /* results.npy holds the numeric columns, in the table's order. */
    for (size_t c = 0, k = 0; st == EG_OK && c < cols->n; c++)
        if (cols->numeric[c])
            names[k++] = cols->names[c];
    for (size_t i = 0; st == EG_OK && i < plan->nsweeps; i++)
        params[i] = plan->sweeps[i]->param;
    if (st == EG_OK && m->cols != cols->nnumeric)
        st = eg_error_set(err, EG_EIO, "%s has %zu columns where the table has %zu numbers", path, m->cols,
                          cols->nnumeric);
    if (st == EG_OK)
        st = eg_outdir_begin(o->dir, &dir, err);
    if (st == EG_OK) {
        st = eg_out_write_sweep_table_scripts(names, m->data, m->rows, m->cols, params, plan->nsweeps, dir, err);
        if (st == EG_OK)
            st = eg_outdir_commit(dir, err);
        else
            eg_outdir_abort(dir);
    }
    eg_matrix_free(m);
    free(path);
    free(names);
    free(params);
    return st;
}

eg_status eg_sweep_write_table(const char *dir, char *const *rows, const size_t *lens, size_t points,
                               const eg_sweep_provenance *prov, eg_error *err)
{
    size_t n = strlen(dir) + sizeof EG_SWEEP_SPOOL + 2;
    char *spool = malloc(n);
    if (!spool)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    snprintf(spool, n, "%s/%s", dir, EG_SWEEP_SPOOL);
    eg_sweep_table *t = NULL;
    eg_status st = eg_sweep_table_begin(spool, &t, err);
    free(spool);
    for (size_t p = 0; st == EG_OK && p < points; p++)
        if (rows[p])
            st = eg_sweep_table_add(t, rows[p], lens[p], err);
    if (st == EG_OK)
        st = write_files(dir, t, prov, err);
    eg_sweep_table_free(t);
    return st;
}
