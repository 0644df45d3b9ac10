/* cmd_sweep.c: `engram sweep FILE -o DIR [-j N] [-D NAME=VALUE]... [--quiet] [--shard i/n] [--plot]`
 * and `engram merge DIR... -o OUT`: every point of a model's sweeps on all
 * cores (or MPI ranks), journalled so that a killed sweep resumes, into one table. */
#include <cblas.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/sweep_mpi.h"
#include "cli/sweep_out.h"
#include "engram/outfile.h"
#include "engram/sha256.h"
#include "engram/status.h"
#include "run/sweep/sweep.h"

typedef struct sweep_args {
    const char *file;
    const char *outdir;
    int threads; /* 0: every core */
    int quiet;
    int plot;
    size_t shard, nshards;
    eg_cli_defines defines;
} sweep_args;

static const eg_cli_option sweep_options[] = {
    EG_CLI_OPTION_OUTDIR(sweep_args, outdir, "the sweep's directory: results.csv, the journal, the manifest"),
    EG_CLI_OPTION_THREADS(sweep_args, threads),
    {"--shard", NULL, EG_CLI_SHARD, "i/n", "i/n",
     "run only shard i of n (for several machines; 'engram merge' joins them)",
     offsetof(sweep_args, shard)},
    {"--quiet", "-q", EG_CLI_FLAG, NULL, NULL, "no progress line", offsetof(sweep_args, quiet)},
    {"--plot", NULL, EG_CLI_FLAG, NULL, NULL,
     "also draw the table into DIR (needs gnuplot): heat maps over two swept params, a prediction's contours over its "
     "measure", offsetof(sweep_args, plot)},
    EG_CLI_OPTION_DEFINE(sweep_args, defines),
    EG_CLI_OPTION_MEMORY_LIMIT,
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_sweep = {"sweep", "FILE -o DIR", 1, 1, "model file", "a model file",
                                         "every point of a model's sweeps, on all cores, into one table", sweep_options,
                                         eg_cli_sweep};

static int parse_args(int argc, char **argv, sweep_args *a, eg_source_set *sources, eg_diag_list *diags)
{
    a->nshards = 1;
    size_t n = 0;
    int rc = eg_cli_parse(&eg_cli_cmd_sweep, argc, argv, a, &a->file, &n, sources, diags);
    if (rc != EG_EXIT_OK)
        return rc;
    if (!a->outdir)
        return eg_cli_usage_error("sweep needs an output directory: -o DIR");
    return EG_EXIT_OK;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4096 ? 4096 : (int)n;
}

/* Prints the summary line and gives the exit code: failed points make it non-zero. */
static int summarise(const eg_sweep_out *o, int quiet)
{
    if (!quiet || o->failed)
        printf("sweep: %zu point%s, %zu failed, %zu resumed from the journal; results in %s/results.csv\n", o->owned,
               o->owned == 1 ? "" : "s", o->failed, o->resumed, o->dir);
    return o->failed ? EG_EXIT_NUMERIC : EG_EXIT_OK;
}

static int fail_with(eg_status st, const eg_error *err)
{
    fprintf(stderr, "engram: %s\n", err->msg);
    return eg_status_exit_code(st);
}

/* Points handed to the threads at a time (8 bytes each). */
#define SWEEP_WINDOW ((size_t)1 << 16)

/* The sweep proper, once the model is loaded and planned. */
static int sweep(const sweep_args *a, const eg_ast *ast, const eg_sweep_plan *plan, const eg_sweep_files *files,
                 int argc, char **argv, int rank, int size)
{
    eg_error err;
    eg_sweep_job job = {ast, a->defines.items, a->defines.n, plan};
    if (rank != 0) {
        eg_status st = eg_cli_mpi_sweep(&job, rank, size, NULL, NULL, 0, &err);
        if (st != EG_OK) {
            fail_with(st, &err);
            eg_cli_mpi_abort(eg_status_exit_code(st));
        }
        return EG_EXIT_OK;
    }
    char started[32], finished[32];
    eg_sweep_now(started);
    eg_status st = EG_OK;
    char *header = eg_sweep_header(files, plan->points, a->shard, a->nshards, a->defines.texts, a->defines.n);
    if (!header)
        st = eg_error_set(&err, EG_ENOMEM, "out of memory");
    eg_sweep_out out;
    memset(&out, 0, sizeof out);
    if (st == EG_OK)
        st = eg_sweep_out_open(&out, a->outdir, header, plan->points, a->shard, a->nshards, &err);
    free(header);
    if (a->quiet)
        out.progress = 0;
    size_t *pending = NULL, npending = 0, from = 0;
    int threads = a->threads ? a->threads : size > 1 ? 1 : cores();
    if (st == EG_OK && size > 1) /* the ranks take the whole list at once */
        st = eg_sweep_out_pending(&out, &from, (size_t)-1, &pending, &npending, &err);
    if (st != EG_OK && size > 1) {
        fail_with(st, &err);
        eg_cli_mpi_abort(eg_status_exit_code(st));
    }
    if (st == EG_OK && size > 1) {
        st = eg_cli_mpi_sweep(&job, 0, size, &out, pending, npending, &err);
        eg_sweep_out_progress_end(&out);
    } else if (st == EG_OK) {
        /* Threads take the points in windows, so that the list of points to
         * run stays small however large the grid. */
        while (st == EG_OK && from < out.points) {
            free(pending);
            pending = NULL;
            if ((st = eg_sweep_out_pending(&out, &from, SWEEP_WINDOW, &pending, &npending, &err)) != EG_OK)
                break;
            eg_sweep_exec ex = {&job, pending, npending, threads, eg_sweep_out_save, eg_sweep_out_record, &out};
            st = eg_sweep_exec_run(&ex, &err);
        }
        eg_sweep_out_progress_end(&out);
    }
    free(pending);
    if (st == EG_OK) {
        eg_sweep_now(finished);
        eg_sweep_provenance prov = {files, files->shas[0], argc, argv, started, finished, size > 1 ? 1 : threads,
                                    size, plan, a->defines.texts, a->defines.n, NULL, 0};
        st = eg_sweep_out_finish(&out, &prov, &err);
    }
    if (st == EG_OK && a->plot)
        st = eg_sweep_out_plot(&out, plan, &err);
    int rc = st == EG_OK ? summarise(&out, a->quiet) : fail_with(st, &err);
    if (st == EG_OK && a->plot) {
        int drawn = eg_cli_render_plots(a->outdir, a->quiet ? NULL : stdout);
        if (rc == EG_EXIT_OK)
            rc = drawn;
    }
    eg_sweep_out_close(&out);
    return rc;
}

int eg_cli_sweep(int argc, char **argv)
{
    /* The whole command line, for the manifest: "engram sweep ...". */
    char **full = argv - 2;
    int nfull = argc + 2;
    int rank = 0, size = 1;
    int mpi = eg_cli_mpi_begin(&rank, &size), started = 0;
    sweep_args a = {0};
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    eg_diag_list_init(&diags);
    eg_ast *ast = NULL;
    eg_program *prog = NULL;
    eg_sweep_plan *plan = NULL;
    eg_sweep_files files = {NULL, NULL, 0};
    int rc = parse_args(argc, argv, &a, &sources, &diags);
    if (rc == EG_CLI_HELP) {
        rc = EG_EXIT_OK;
        goto done;
    }
    if (rc != EG_EXIT_OK) {
        eg_diag_print(&diags, &sources, stderr);
        goto done;
    }
    prog = eg_cli_load(a.file, &sources, a.defines.items, a.defines.n, &ast, &diags);
    if (!prog) {
        rc = eg_cli_load_exit_code(&sources, a.file, &diags);
        goto done;
    }
    const char **pinned = calloc(a.defines.n + 1, sizeof *pinned);
    for (size_t i = 0; pinned && i < a.defines.n; i++)
        pinned[i] = a.defines.items[i].name;
    eg_error err;
    eg_status st = pinned ? eg_sweep_plan_build(eg_program_model(prog), pinned, a.defines.n, &plan, &err)
                          : eg_error_set(&err, EG_ENOMEM, "out of memory");
    free(pinned);
    if (st != EG_OK) {
        rc = fail_with(st, &err);
        goto done;
    }
    /* The bytes that were parsed, the model file's and its includes' (not -D texts). */
    const eg_source *main_src = eg_source_set_find(&sources, a.file);
    files.paths = calloc(sources.count + 1, sizeof *files.paths);
    files.shas = calloc(sources.count + 1, sizeof *files.shas);
    if (!files.paths || !files.shas) {
        rc = EG_EXIT_INTERNAL;
        goto done;
    }
    for (size_t i = 0, from_main = 0; i < sources.count; i++) {
        const eg_source *s = sources.items[i];
        from_main |= s == main_src;
        if (!from_main || strncmp(s->path, "-D ", 3) == 0)
            continue;
        files.paths[files.n] = s->path;
        eg_sha256_hex(s->text, s->len, files.shas[files.n++]);
    }
    /* Workers run one point each; BLAS threads of their own would only compete. */
    openblas_set_num_threads(1);
    rc = sweep(&a, ast, plan, &files, nfull, full, rank, size);
    started = 1;
done:
    free(files.paths);
    free(files.shas);
    /* A rank that fails before the work is shared out would leave the others waiting. */
    if (mpi && !started && rc != EG_EXIT_OK)
        eg_cli_mpi_abort(rc);
    eg_sweep_plan_free(plan);
    eg_program_free(prog);
    eg_ast_free(ast);
    eg_cli_defines_free(&a.defines);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    if (mpi)
        eg_cli_mpi_end();
    return rc;
}

/* The journal of one directory given to merge. */
typedef struct source {
    const char *dir;
    eg_journal_records rec;
} source;

/* The header without its shard line: what every part of one sweep shares. */
static char *sweep_identity(const char *header)
{
    char *id = strdup(header);
    char *line = id ? strstr(id, "\nshard ") : NULL;
    if (line) {
        char *end = strchr(line + 1, '\n');
        memmove(line, end, strlen(end) + 1);
    }
    return id;
}

static int header_field(const char *header, const char *key, char *out, size_t len)
{
    size_t k = strlen(key);
    for (const char *p = header; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ' ') {
            const char *end = strchr(p, '\n');
            size_t n = end ? (size_t)(end - p - k - 1) : strlen(p + k + 1);
            if (n >= len)
                return 0;
            memcpy(out, p + k + 1, n);
            out[n] = '\0';
            return 1;
        }
    }
    return 0;
}

static int merge(int argc, char **argv, source *src, size_t nsrc, const char *outdir)
{
    eg_error err;
    eg_status st = EG_OK;
    char *identity = NULL, sha[80] = "", points_text[32] = "";
    for (size_t i = 0; st == EG_OK && i < nsrc; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", src[i].dir, EG_SWEEP_JOURNAL);
        if ((st = eg_journal_read(path, &src[i].rec, &err)) != EG_OK)
            break;
        if (src[i].rec.n == 0) {
            st = eg_error_set(&err, EG_EIO, "%s holds no sweep journal", src[i].dir);
            break;
        }
        char *id = sweep_identity(src[i].rec.data[0]);
        if (!id) {
            st = eg_error_set(&err, EG_ENOMEM, "out of memory");
        } else if (!identity) {
            identity = id;
            id = NULL;
        } else if (strcmp(id, identity) != 0) {
            st = eg_error_set(&err, EG_EINVAL, "%s holds a different sweep than %s (model or -D options differ)",
                              src[i].dir, src[0].dir);
        }
        free(id);
    }
    size_t points = 0;
    if (st == EG_OK && (!header_field(identity, "model", sha, sizeof sha) ||
                        !header_field(identity, "points", points_text, sizeof points_text) ||
                        !eg_cli_parse_count(points_text, &points)))
        st = eg_error_set(&err, EG_EPARSE, "%s: the journal header is malformed", src[0].dir);
    char **rows = st == EG_OK ? calloc(points + 1, sizeof *rows) : NULL;
    size_t *lens = st == EG_OK ? calloc(points + 1, sizeof *lens) : NULL;
    if (st == EG_OK && (!rows || !lens))
        st = eg_error_set(&err, EG_ENOMEM, "out of memory");
    for (size_t i = 0; st == EG_OK && i < nsrc; i++) {
        for (size_t r = 1; st == EG_OK && r < src[i].rec.n; r++) {
            const char *row = src[i].rec.data[r];
            size_t p = 0;
            size_t digits = strncmp(row, "point ", 6) == 0 ? eg_cli_parse_count(row + 6, &p) : 0;
            if (!digits || row[6 + digits] != '\n' || !strchr(row + 7 + digits, '\n') || p >= points) {
                st = eg_error_set(&err, EG_EPARSE, "%s: record %zu is not a point of this sweep", src[i].dir, r);
            } else if (rows[p] && (lens[p] != src[i].rec.len[r] || memcmp(rows[p], row, lens[p]) != 0)) {
                st = eg_error_set(&err, EG_EINVAL, "point %zu has different results in two directories", p);
            } else if (!rows[p]) {
                rows[p] = src[i].rec.data[r];
                lens[p] = src[i].rec.len[r];
            }
        }
    }
    size_t missing = 0;
    for (size_t p = 0; st == EG_OK && p < points; p++)
        missing += rows[p] == NULL;
    if (st == EG_OK && missing)
        st = eg_error_set(&err, EG_EINVAL, "%zu of %zu points are in none of the directories; run their shards first",
                          missing, points);
    /* The merged directory is a whole sweep: a journal with every point, the table, the manifest. */
    char *header = NULL;
    if (st == EG_OK) {
        header = malloc(strlen(identity) + 32);
        if (!header)
            st = eg_error_set(&err, EG_ENOMEM, "out of memory");
        else
            snprintf(header, strlen(identity) + 32, "%s", identity);
        char *after = header ? strstr(header, "\npoints ") : NULL;
        if (after) {
            after = strchr(after + 1, '\n') + 1;
            memmove(after + strlen("shard 0/1\n"), after, strlen(after) + 1);
            memcpy(after, "shard 0/1\n", strlen("shard 0/1\n"));
        }
    }
    size_t failed = 0;
    if (st == EG_OK)
        st = eg_outfile_mkdirs(outdir, &err);
    if (st == EG_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", outdir, EG_SWEEP_JOURNAL);
        unlink(path);
        eg_journal *j = NULL;
        st = eg_journal_open(path, 0, &j, &err);
        if (st == EG_OK)
            st = eg_journal_append(j, header, strlen(header), &err);
        for (size_t p = 0; st == EG_OK && p < points; p++) {
            st = eg_journal_append(j, rows[p], lens[p], &err);
            failed += strncmp(strchr(rows[p], '\n') + 1, "failed 1", 8) == 0;
        }
        eg_journal_close(j);
    }
    if (st == EG_OK) {
        char now[32];
        eg_sweep_now(now);
        char **dirs = calloc(nsrc + 1, sizeof *dirs);
        for (size_t i = 0; dirs && i < nsrc; i++)
            dirs[i] = (char *)src[i].dir;
        eg_sweep_provenance prov = {NULL, sha, argc, argv, now, now, 0, 0, NULL, NULL, 0, dirs, nsrc};
        st = dirs ? eg_sweep_write_table(outdir, rows, lens, points, &prov, &err)
                  : eg_error_set(&err, EG_ENOMEM, "out of memory");
        free(dirs);
    }
    free(header);
    free(identity);
    free(rows);
    free(lens);
    if (st != EG_OK)
        return fail_with(st, &err);
    printf("merge: %zu points from %zu director%s, %zu failed; results in %s/results.csv\n", points, nsrc,
           nsrc == 1 ? "y" : "ies", failed, outdir);
    return failed ? EG_EXIT_NUMERIC : EG_EXIT_OK;
}

typedef struct merge_args {
    const char *outdir;
} merge_args;

static const eg_cli_option merge_options[] = {
    EG_CLI_OPTION_OUTDIR(merge_args, outdir, "the merged sweep's directory"),
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_merge = {"merge", "DIR... -o OUT", 1, (size_t)-1, "directory",
                                         "directories of a sweep's shards and -o OUT",
                                         "combine the directories of a sweep's shards", merge_options, eg_cli_merge};

int eg_cli_merge(int argc, char **argv)
{
    merge_args a = {NULL};
    source *src = calloc((size_t)argc + 1, sizeof *src);
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    size_t nsrc = 0;
    if (!src || !dirs) {
        free(src);
        free(dirs);
        return EG_EXIT_INTERNAL;
    }
    int rc = eg_cli_parse(&eg_cli_cmd_merge, argc, argv, &a, dirs, &nsrc, NULL, NULL);
    for (size_t i = 0; i < nsrc; i++)
        src[i].dir = dirs[i];
    free(dirs);
    const char *outdir = a.outdir;
    if (rc == EG_CLI_HELP) {
        free(src);
        return EG_EXIT_OK;
    }
    if (rc == EG_EXIT_OK && (nsrc == 0 || !outdir))
        rc = eg_cli_usage_error("merge needs directories of a sweep's shards and -o OUT");
    for (size_t i = 0; rc == EG_EXIT_OK && i < nsrc; i++)
        if (strcmp(src[i].dir, outdir) == 0)
            rc = eg_cli_usage_error("merge cannot write into one of its inputs ('%s')", outdir);
    if (rc == EG_EXIT_OK)
        rc = merge(argc + 2, argv - 2, src, nsrc, outdir);
    for (size_t i = 0; i < nsrc; i++)
        eg_journal_records_free(&src[i].rec);
    free(src);
    return rc;
}
