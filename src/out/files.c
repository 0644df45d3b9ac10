/* files.c: a result tree written to an output directory: one .npy file per
 * matrix, the gnuplot scripts of its figures, and summary.json. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/npy.h"
#include "engram/npz.h"
#include "engram/outfile.h"
#include "out/gnuplot.h"
#include "out/names.h"
#include "out/out.h"

/* Writes archive node a as one .npz: matrices 2-d, arrays of numbers 1-d. */
static eg_status write_archive(const eg_report *a, eg_out_place at, eg_outdir *dir, eg_error *err)
{
    char file[600];
    eg_out_archive_file(at, a, file, sizeof file);
    const char *path = eg_outdir_path(dir, file);
    if (!path)
        return eg_error_set(err, EG_EIO, "cannot name the output file '%s'", file);
    eg_npz_member *m = calloc(a->n ? a->n : 1, sizeof *m);
    double *vectors = NULL;
    size_t total = 0;
    for (size_t i = 0; i < a->n; i++)
        total += a->kids[i]->kind == EG_REPORT_ARRAY ? a->kids[i]->n : 0;
    if (!m || !(vectors = malloc((total ? total : 1) * sizeof *vectors))) {
        free(m);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %s", file);
    }
    size_t used = 0, n = 0;
    for (size_t i = 0; i < a->n; i++) {
        const eg_report *k = a->kids[i];
        if (k->kind == EG_REPORT_MATRIX) {
            m[n++] = (eg_npz_member){k->key, 2, {k->matrix->rows, k->matrix->cols}, k->matrix->data};
        } else if (k->kind == EG_REPORT_ARRAY) {
            for (size_t e = 0; e < k->n; e++)
                vectors[used + e] = k->kids[e]->number;
            m[n++] = (eg_npz_member){k->key, 1, {k->n, 0}, vectors + used};
            used += k->n;
        }
    }
    eg_status st = eg_npz_write(path, m, n, err);
    free(vectors);
    free(m);
    return st;
}

/* Writes every matrix below r (r at place `at`) into the staged directory. */
static eg_status write_matrices(const eg_report *r, eg_out_place at, eg_outdir *dir, eg_error *err)
{
    for (size_t i = 0; i < r->n; i++) {
        const eg_report *kid = r->kids[i];
        eg_status st = EG_OK;
        if (kid->archive) {
            st = write_archive(kid, eg_out_place_enter(at, r, kid, i), dir, err);
        } else if (kid->kind == EG_REPORT_MATRIX) {
            char file[600];
            eg_out_matrix_file(at, kid, 1, file, sizeof file);
            const char *path = eg_outdir_path(dir, file);
            st = path ? eg_npy_write_matrix(path, kid->matrix, err)
                      : eg_error_set(err, EG_EIO, "cannot name the output file '%s'", file);
        } else if (kid->kind == EG_REPORT_OBJECT || kid->kind == EG_REPORT_ARRAY) {
            st = write_matrices(kid, eg_out_place_enter(at, r, kid, i), dir, err);
        }
        if (st != EG_OK)
            return st;
    }
    return EG_OK;
}

eg_status eg_out_write_dir(const eg_report *report, const char *outdir, eg_error *err)
{
    eg_outdir *dir = NULL;
    eg_status st = eg_outdir_begin(outdir, &dir, err);
    if (st != EG_OK)
        return st;
    /* A results directory holds one run: never the files of an earlier run
     * of other blocks beside a summary.json that does not name them. */
    eg_outdir_replace(dir);
    eg_out_place top = {NULL, NULL, -1};
    st = write_matrices(report, top, dir, err);
    if (st == EG_OK)
        st = eg_out_write_scripts(report, dir, err);
    const char *summary = st == EG_OK ? eg_outdir_path(dir, "summary.json") : NULL;
    errno = 0;
    FILE *f = summary ? fopen(summary, "w") : NULL;
    if (st == EG_OK && !f)
        st = eg_error_set(err, EG_EIO, "cannot write %s/summary.json: %s", outdir, errno ? strerror(errno) : "no name");
    if (f) {
        /* The cause (a full disk, EFBIG under a file-size limit) is named:
         * the first failing write or the final flush sets errno. */
        errno = 0;
        int rc = eg_out_print_json(report, 1, f) != 0 || ferror(f);
        int e = errno;
        if (fclose(f) != 0 && !rc)
            rc = 1, e = errno;
        if (rc)
            st = eg_error_set(err, EG_EIO, "cannot write %s/summary.json: %s", outdir, e ? strerror(e) : "write error");
    }
    if (st != EG_OK) {
        eg_outdir_abort(dir);
        return st;
    }
    return eg_outdir_commit(dir, err);
}

eg_status eg_out_write_file(const char *dir, const char *name, const void *data, size_t len, eg_error *err)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return eg_error_set(err, EG_ENOMEM, "out of memory");
    snprintf(path, n, "%s/%s", dir, name);
    eg_status st = eg_outfile_write(path, data, len, err);
    free(path);
    return st;
}
