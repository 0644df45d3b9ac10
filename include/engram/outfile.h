/* engram/outfile.h: output files that appear whole or not at all.
 *
 * A single file: eg_outfile_write(path, bytes), or, to stream, eg_outfile_open,
 * write to eg_outfile_stream(), then eg_outfile_commit (or eg_outfile_abort).
 * The data go to a temporary name in the target's directory (".NAME.tmp-PID-N",
 * created with mode 0666 & ~umask), are flushed and fsync'd, and the temporary
 * is renamed over the target: a reader sees the old file or the new one, never a
 * partial one. Any failure removes the temporary.
 *
 * A results directory: a run that writes several files stages them so that a
 * failing run leaves none of them behind:
 *
 *     eg_outdir *d;
 *     if (eg_outdir_begin("out/run1", &d, err)) return ...;   // mkdir -p, then out/run1/.staging-XXXXXX
 *     st = eg_npy_write_matrix(eg_outdir_path(d, "W.npy"), W, err);
 *     ...                                                   // every file through eg_outdir_path
 *     if (st) { eg_outdir_abort(d); return st; }           // removes the staging directory
 *     return eg_outdir_commit(d, err);                      // renames every staged file into out/run1
 *
 * Commit moves the staged files one by one (each rename is atomic); should a
 * rename fail, the files already moved in are removed again and the staging
 * directory with them, so the run leaves only what was there before it
 * (files it replaced are gone: rename overwrote them). Both commit and abort
 * free the eg_outdir.
 *
 * The staging directory is named ".staging-PID-XXXXXX". SIGINT, SIGTERM and
 * SIGHUP (when the process has not set their handling itself) remove it
 * before they end the process; one left by a process that no longer exists
 * (SIGKILL, a power cut) is removed by the next eg_outdir_begin on the same
 * directory. */
#ifndef ENGRAM_OUTFILE_H
#define ENGRAM_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "engram/status.h"

/* Creates dir and any missing parents (mode 0777 & ~umask); an existing
 * directory is fine, an existing non-directory is EG_EIO. */
eg_status eg_outfile_mkdirs(const char *dir, eg_error *err);

/* Writes len bytes to path atomically (see above). EG_EIO names path. */
eg_status eg_outfile_write(const char *path, const void *data, size_t len, eg_error *err);

/* A file being written under a temporary name. */
typedef struct eg_outfile eg_outfile;

/* Creates the temporary for path and opens it for writing. */
eg_status eg_outfile_open(const char *path, eg_outfile **out, eg_error *err);
/* The stream to write to; its errors are caught by eg_outfile_commit. */
FILE *eg_outfile_stream(eg_outfile *f);
/* Flushes, fsyncs, closes and renames into place; on failure removes the
 * temporary. Frees f either way. */
eg_status eg_outfile_commit(eg_outfile *f, eg_error *err);
/* Closes and removes the temporary; frees f. Accepts NULL. */
void eg_outfile_abort(eg_outfile *f);

/* A results directory being staged. */
typedef struct eg_outdir eg_outdir;

/* Creates dir (with parents) and a fresh staging directory inside it. */
eg_status eg_outdir_begin(const char *dir, eg_outdir **out, eg_error *err);
/* The path inside the staging directory for a result named name (a plain file
 * name: no '/', not empty, not starting with '.'); the string is owned by d and
 * lives until commit or abort. NULL when name is not a plain file name or when
 * out of memory. */
const char *eg_outdir_path(eg_outdir *d, const char *name);
/* The final directory d was begun with. */
const char *eg_outdir_dir(const eg_outdir *d);
/* The file in a results directory that lists the files of the run that
 * wrote it (one name a line), for eg_outdir_replace. */
#define EG_OUTDIR_MANIFEST ".engram-files"
/* Makes the directory hold this run's results alone: commit then removes the
 * files the previous run listed in EG_OUTDIR_MANIFEST and this one did not
 * write, and the figures (STEM.svg, STEM.png) rendered from its plot scripts
 * (STEM.gp), and lists this run's files there. Files engram did not write
 * stay. */
void eg_outdir_replace(eg_outdir *d);
/* Moves every staged file into the directory (see above); frees d. */
eg_status eg_outdir_commit(eg_outdir *d, eg_error *err);
/* Removes the staging directory and everything in it; frees d. Accepts NULL. */
void eg_outdir_abort(eg_outdir *d);

#endif
