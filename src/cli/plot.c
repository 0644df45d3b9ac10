/* plot.c: gnuplot scripts for the figures a run describes, and `engram plot DIR`
 * that renders them as SVG and PNG. The scripts read the run's .npy files
 * directly (gnuplot's binary format), so a figure shows exactly the saved data. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engram/outfile.h"
#include "engram/status.h"

/* The matrix node written to `file`, anywhere in the report. */
static const eg_report *find_matrix(const eg_report *r, const char *file)
{
    if (r->kind == EG_REPORT_MATRIX)
        return strcmp(r->string, file) == 0 ? r : NULL;
    for (size_t i = 0; i < r->n; i++) {
        const eg_report *m = find_matrix(r->kids[i], file);
        if (m)
            return m;
    }
    return NULL;
}

/* Bytes before the data of a .npy file: magic, version, header length, header. */
static long npy_data_offset(const char *path)
{
    unsigned char head[12];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got < 10 || memcmp(head, "\x93NUMPY", 6) != 0)
        return -1;
    if (head[6] == 1)
        return 10 + (long)(head[8] | head[9] << 8);
    if (got < 12)
        return -1;
    return 12 + (long)(head[8] | head[9] << 8 | (unsigned long)head[10] << 16 | (unsigned long)head[11] << 24);
}

static const char *member(const eg_report *obj, const char *key)
{
    const eg_report *m = eg_report_get(obj, key);
    return m && m->kind == EG_REPORT_STRING ? m->string : "";
}

/* gnuplot's own quoting: single quotes, with '' for a quote. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* Whether every series of the figure has its data among the results (a
 * simulation that stopped early may lack some). */
static int has_data(const eg_report *report, const eg_report *fig)
{
    const eg_report *series = eg_report_get(fig, "series");
    for (size_t i = 0; series && i < series->n; i++)
        if (!find_matrix(report, member(series->kids[i], "file")))
            return 0;
    return series && series->n > 0;
}

static eg_status write_script(const eg_report *report, const eg_report *fig, eg_outdir *dir, eg_error *err)
{
    if (!has_data(report, fig))
        return EG_OK;
    char name[512];
    snprintf(name, sizeof name, "%s.gp", member(fig, "name"));
    const char *path = eg_outdir_path(dir, name);
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f)
        return eg_error_set(err, EG_EIO, "cannot write the plot script %s", name);
    fprintf(f, "# %s: written by engram; render with `engram plot DIR` or `gnuplot %s`\n", name, name);
    fprintf(f, "set title ");
    put_quoted(f, member(fig, "title"));
    fprintf(f, "\nset xlabel ");
    put_quoted(f, member(fig, "xlabel"));
    fprintf(f, "\nset ylabel ");
    put_quoted(f, member(fig, "ylabel"));
    fprintf(f, "\nset grid\nset key outside right noenhanced\nset title noenhanced\n%s\n", member(fig, "setup"));
    fputs("plot", f);
    const eg_report *series = eg_report_get(fig, "series");
    for (size_t i = 0; series && i < series->n; i++) {
        const eg_report *s = series->kids[i];
        const char *file = member(s, "file");
        const eg_report *m = find_matrix(report, file);
        long offset = npy_data_offset(eg_outdir_path(dir, file));
        if (!m || offset < 0) {
            fclose(f);
            return eg_error_set(err, EG_EIO, "figure %s: no data file %s", member(fig, "name"), file);
        }
        fprintf(f, "%s ", i ? ", \\\n    " : "");
        put_quoted(f, file);
        if (strncmp(member(s, "style"), "image", 5) == 0) /* a heat map: x the column, y the row */
            fprintf(f, " binary skip=%ld array=(%zu,%zu) format='%%float64' using %s with %s title ", offset,
                    m->matrix->cols, m->matrix->rows, member(s, "using"), member(s, "style"));
        else
            fprintf(f, " binary skip=%ld format='%%%zufloat64' using %s with %s title ", offset, m->matrix->cols,
                    member(s, "using"), member(s, "style"));
        put_quoted(f, member(s, "title"));
    }
    fputs("\n", f);
    if (fclose(f) != 0)
        return eg_error_set(err, EG_EIO, "cannot write the plot script %s", name);
    return EG_OK;
}

static eg_status write_scripts(const eg_report *report, const eg_report *r, eg_outdir *dir, eg_error *err)
{
    const eg_report *figures = r->kind == EG_REPORT_OBJECT ? eg_report_get(r, "figures") : NULL;
    for (size_t i = 0; figures && i < figures->n; i++) {
        eg_status st = write_script(report, figures->kids[i], dir, err);
        if (st != EG_OK)
            return st;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->kids[i]->kind != EG_REPORT_OBJECT && r->kids[i]->kind != EG_REPORT_ARRAY)
            continue;
        if (r->kids[i]->key && strcmp(r->kids[i]->key, "figures") == 0)
            continue;
        eg_status st = write_scripts(report, r->kids[i], dir, err);
        if (st != EG_OK)
            return st;
    }
    return EG_OK;
}

eg_status eg_cli_write_plot_scripts(const eg_report *report, eg_outdir *dir, eg_error *err)
{
    return write_scripts(report, report, dir, err);
}

/* Runs gnuplot on one script inside dir, once per output format. */
static int run_gnuplot(const char *dir, const char *script, const char *stem)
{
    static const char *const terminals[][2] = {
        {"svg size 900,560 dynamic background rgb 'white'", "svg"},
        {"pngcairo size 900,560", "png"},
    };
    for (size_t t = 0; t < 2; t++) {
        char setup[1024];
        snprintf(setup, sizeof setup, "set terminal %s; set output '%s.%s'", terminals[t][0], stem, terminals[t][1]);
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0) {
            if (chdir(dir) != 0)
                _exit(126);
            /* gnuplot's warnings (an empty range, say) are not the user's concern;
             * a failure is reported below with the command that shows why. */
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0)
                dup2(devnull, STDERR_FILENO);
            execlp("gnuplot", "gnuplot", "-e", setup, script, (char *)NULL);
            _exit(errno == ENOENT ? 127 : 126);
        }
        int status = 0;
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
            return -1;
        if (WEXITSTATUS(status) != 0)
            return WEXITSTATUS(status);
    }
    return 0;
}

int eg_cli_render_plots(const char *dir, FILE *notes)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "engram: cannot open the results directory '%s': %s\n", dir, strerror(errno));
        return EG_EXIT_IO;
    }
    int rc = EG_EXIT_OK, count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".gp") != 0 || e->d_name[0] == '.')
            continue;
        char stem[512];
        snprintf(stem, sizeof stem, "%.*s", (int)(len - 3), e->d_name);
        int status = run_gnuplot(dir, e->d_name, stem);
        if (status == 127) {
            fprintf(stderr, "engram: gnuplot is not installed; the plot scripts are in %s/*.gp "
                            "(install the Debian package gnuplot-nox, then run 'engram plot %s')\n", dir, dir);
            rc = EG_EXIT_IO;
            break;
        }
        if (status != 0) {
            fprintf(stderr, "engram: gnuplot failed on %s/%s (run 'gnuplot %s' there to see why)\n", dir, e->d_name,
                    e->d_name);
            rc = EG_EXIT_IO;
            continue;
        }
        count++;
        if (notes)
            fprintf(notes, "figure %s/%s.svg and .png\n", dir, stem);
    }
    closedir(d);
    if (rc == EG_EXIT_OK && count == 0 && notes)
        fprintf(notes, "no figures in %s\n", dir);
    return rc;
}

int eg_cli_plot(int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-')
        return eg_cli_usage_error("plot takes one results directory (written by 'engram run FILE -o DIR')");
    return eg_cli_render_plots(argv[0], stdout);
}
