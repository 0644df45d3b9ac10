/* sweep_out.h: a sweep's output directory: its journal of finished points,
 * the rows kept in memory, progress, and the table and manifest written at the
 * end. Shared by `engram sweep` (threads or MPI) and `engram merge`. */
#ifndef ENGRAM_CLI_SWEEP_OUT_H
#define ENGRAM_CLI_SWEEP_OUT_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "engram/status.h"
#include "run/sweep/journal.h"
#include "run/sweep/sweep.h"

#define EG_SWEEP_JOURNAL "journal.egj"
/* The rows in point order while a table is being made (removed after). */
#define EG_SWEEP_SPOOL ".results.spool"

typedef struct eg_sweep_out {
    const char *dir;
    char *journal_path;
    eg_journal *journal;
    /* Rows are not kept: each goes into the table as soon as every point of
     * this directory before it has gone in (the table streams to disk). */
    unsigned char *done_bits; /* per point of the grid: finished (one bit) */
    struct eg_sweep_waiting *waiting; /* rows finished ahead of `next`, a min-heap by point */
    size_t nwaiting, waiting_cap;
    size_t next;            /* the next point of this directory the table takes */
    struct eg_sweep_table *table;
    size_t points;          /* of the whole grid */
    size_t shard, nshards;  /* this directory holds the points p with p % nshards == shard */
    size_t owned;           /* how many points that is */
    size_t done, failed, resumed;
    /* progress on a terminal */
    int progress;
    struct timespec started;
    double last_print;
    size_t done_at_start;
} eg_sweep_out;

/* The files a model was read from: [0] the model file, then what it includes,
 * in the order they were read, each with the SHA-256 of its bytes. */
typedef struct eg_sweep_files {
    const char **paths;
    char (*shas)[65];
    size_t n;
} eg_sweep_files;

/* The journal's first record: what sweep the directory holds (the files'
 * hashes, the number of points, the shard, the -D options). */
char *eg_sweep_header(const eg_sweep_files *files, size_t points, size_t shard, size_t nshards, char *const *defines,
                      size_t ndefines);

/* Prepares dir for the sweep the header describes: reads the journal there
 * (resuming: its rows count as done), checks it belongs to the same sweep,
 * and opens it for appending. */
eg_status eg_sweep_out_open(eg_sweep_out *o, const char *dir, const char *header, size_t points, size_t shard,
                            size_t nshards, eg_error *err);
void eg_sweep_out_close(eg_sweep_out *o);

/* Appends a finished point's row to the journal; threads may call it at once. */
eg_status eg_sweep_out_save(void *o, size_t point, const char *row, size_t len, eg_error *err);
/* Keeps a saved row and updates the progress line. Takes ownership of row.
 * One call at a time. */
eg_status eg_sweep_out_record(void *o, size_t point, char *row, size_t len, eg_error *err);

struct eg_sweep_provenance;
/* Up to max of the points of this directory still to run, in order, from
 * point *from on; *n is their count and *from is moved past the last point
 * looked at (o->points when none are left), so that a sweep can be handed
 * out in windows of bounded memory. */
eg_status eg_sweep_out_pending(const eg_sweep_out *o, size_t *from, size_t max, size_t **pending, size_t *n,
                               eg_error *err);
/* Writes results.csv, results.npy (streamed from the rows recorded) and
 * manifest.json once every point of the directory is done. */
eg_status eg_sweep_out_finish(eg_sweep_out *o, const struct eg_sweep_provenance *prov, eg_error *err);

/* Writes the sweep's figure scripts (and their data) into the directory of a
 * finished sweep, from its results.npy: heat maps over a grid of two swept
 * params, with a prediction's contours where the table has one
 * (src/out/sweep_plots.h). Nothing for a shard's part of a grid. */
eg_status eg_sweep_out_plot(const eg_sweep_out *o, const eg_sweep_plan *plan, eg_error *err);

/* Ends the progress line, if one was drawn. */
void eg_sweep_out_progress_end(eg_sweep_out *o);

/* What the manifest says besides the table's columns. */
typedef struct eg_sweep_provenance {
    const eg_sweep_files *files;    /* NULL for a merge, which knows model_sha only */
    const char *model_sha;
    int argc;
    char **argv;
    const char *started, *finished; /* ISO 8601 UTC */
    int threads, ranks;
    const eg_sweep_plan *plan;      /* NULL for a merge */
    char *const *defines;
    size_t ndefines;
    char *const *sources;           /* merged directories, or NULL */
    size_t nsources;
} eg_sweep_provenance;

/* Writes results.csv, results.npy and manifest.json into dir from the rows of
 * the given points (each file atomically; the rows of the points present, in
 * point order, streamed through the table). */
eg_status eg_sweep_write_table(const char *dir, char *const *rows, const size_t *lens, size_t points,
                               const eg_sweep_provenance *prov, eg_error *err);

/* The current time as ISO 8601 UTC ("2026-11-25T12:00:00Z"). */
void eg_sweep_now(char buf[32]);

#endif
