/* plot.c: `engram plot DIR` and `run --plot`: renders the gnuplot scripts a run
 * wrote (src/out/gnuplot.c) as SVG and PNG. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engram/status.h"

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
