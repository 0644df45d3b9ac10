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
#include "out/out.h"
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
    size_t plen = strlen(dir) + sizeof EG_SWEEP_JOURNAL + 2;
    o->journal_path = malloc(plen);
    o->rows = calloc(points + 1, sizeof *o->rows);
    o->lens = calloc(points + 1, sizeof *o->lens);
    if (!o->journal_path || !o->rows || !o->lens)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    snprintf(o->journal_path, plen, "%s/%s", dir, EG_SWEEP_JOURNAL);
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
        if (o->rows[p])
            continue; /* the same point twice: the first one counts */
        o->rows[p] = rec.data[i];
        o->lens[p] = rec.len[i];
        rec.data[i] = NULL;
        o->done++;
        o->failed += strncmp(strchr(o->rows[p], '\n') + 1, "failed 1", 8) == 0;
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
    for (size_t i = 0; o->rows && i < o->points; i++)
        free(o->rows[i]);
    free(o->rows);
    free(o->lens);
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
    (void)err;
    if (point >= o->points || o->rows[point]) {
        free(row);
        return EG_OK; /* already there: the first one counts, as on resume */
    }
    o->rows[point] = row;
    o->lens[point] = len;
    o->done++;
    o->failed += strncmp(strchr(row, '\n') + 1, "failed 1", 8) == 0;
    print_progress(o, o->done == o->owned);
    return EG_OK;
}

void eg_sweep_out_progress_end(eg_sweep_out *o)
{
    if (o->progress && o->last_print > 0) {
        fputc('\n', stderr);
        fflush(stderr);
    }
}

eg_status eg_sweep_out_pending(const eg_sweep_out *o, size_t **pending, size_t *n, eg_error *err)
{
    size_t *t = malloc((o->owned + 1) * sizeof *t), k = 0;
    if (!t)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t p = o->shard; p < o->points; p += o->nshards)
        if (!o->rows[p])
            t[k++] = p;
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

eg_status eg_sweep_write_table(const char *dir, char *const *rows, const size_t *lens, size_t points,
                               const eg_sweep_provenance *prov, eg_error *err)
{
    size_t nrows = 0, nfailed = 0;
    eg_sweep_row **decoded = calloc(points + 1, sizeof *decoded);
    eg_status st = decoded ? EG_OK : eg_error_set(err, EG_ENOMEM, "out of memory");
    for (size_t p = 0; st == EG_OK && p < points; p++) {
        if (!rows[p])
            continue;
        if ((st = eg_sweep_row_decode(rows[p], lens[p], &decoded[nrows], err)) == EG_OK)
            nfailed += decoded[nrows++]->failed != 0;
    }
    eg_sweep_columns *cols = NULL;
    char *csv = NULL, *man = NULL;
    void *npy = NULL;
    size_t csv_len = 0, npy_len = 0, man_len = 0;
    if (st == EG_OK)
        st = eg_sweep_columns_build(decoded, nrows, &cols, err);
    if (st == EG_OK)
        st = eg_sweep_table_csv(decoded, nrows, cols, &csv, &csv_len, err);
    if (st == EG_OK)
        st = eg_sweep_table_npy(decoded, nrows, cols, &npy, &npy_len, err);
    if (st == EG_OK)
        st = manifest(prov, cols, nrows, nfailed, &man, &man_len, err);
    if (st == EG_OK)
        st = eg_out_write_file(dir, EG_OUT_SWEEP_CSV, csv, csv_len, err);
    if (st == EG_OK)
        st = eg_out_write_file(dir, EG_OUT_SWEEP_NPY, npy, npy_len, err);
    if (st == EG_OK)
        st = eg_out_write_file(dir, EG_OUT_SWEEP_MANIFEST, man, man_len, err);
    for (size_t i = 0; i < nrows; i++)
        eg_sweep_row_free(decoded[i]);
    free(decoded);
    eg_sweep_columns_free(cols);
    free(csv);
    free(npy);
    free(man);
    return st;
}
