/* main.c: the engram command: dispatch to subcommands. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/args.h"
#include "cli/cli.h"
#include "engram/numerics.h"
#include "engram/status.h"

static int plot_main(int argc, char **argv);

const eg_cli_command eg_cli_cmd_plot = {"plot", "DIR", 1, 1, "results directory",
                                        "a results directory (written by 'engram run FILE -o DIR')",
                                        "render a results directory's figures as SVG and PNG", NULL, plot_main};

const eg_cli_command *const eg_cli_commands[] = {
    &eg_cli_cmd_check, &eg_cli_cmd_run,          &eg_cli_cmd_plot,     &eg_cli_cmd_sweep, &eg_cli_cmd_merge,
    &eg_cli_cmd_spectrum, &eg_cli_cmd_fixed_points, &eg_cli_cmd_lyapunov, &eg_cli_cmd_help,  NULL};

void eg_cli_usage(FILE *out)
{
    fputs("usage: engram COMMAND [ARGS]    ('engram COMMAND --help': the command's usage)\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; eg_cli_commands[i]; i++)
        eg_cli_command_usage(eg_cli_commands[i], 0, out);
    fputs("  --version                        print the version\n"
          "\n"
          "exit codes: 0 success, 1 model error, 2 usage error, 3 numeric failure,\n"
          "            4 I/O failure, 5 internal failure (see 'engram help exit-codes')\n",
          out);
}

/* `engram plot DIR`: the directory checked here, the drawing done by plot.c. */
static int plot_main(int argc, char **argv)
{
    const char *dir = NULL;
    size_t n = 0;
    int rc = eg_cli_parse(&eg_cli_cmd_plot, argc, argv, NULL, &dir, &n, NULL, NULL);
    if (rc != EG_EXIT_OK)
        return rc == EG_CLI_HELP ? EG_EXIT_OK : rc;
    return eg_cli_plot(argc, argv);
}

int eg_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("engram: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(see 'engram --help')\n", stderr);
    va_end(ap);
    return EG_EXIT_USAGE;
}

/* Trials and sweep points allocate and free episode sets and workspaces of a
 * few MB each, again and again. glibc would hand each to mmap and back, and
 * every first touch of a page would fault into the kernel (serialised across
 * worker threads); kept in the heap, the memory is reused instead. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's largest allowed threshold */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

/* A file-size limit (ulimit -f) would kill the process with SIGXFSZ before
 * any message; ignored, the write fails with EFBIG and the file that could
 * not be written is named like any other write failure. */
static void survive_file_size_limit(void)
{
    signal(SIGXFSZ, SIG_IGN);
}

/* Everything a subcommand printed must have reached stdout: a full disk,
 * /dev/full or a closed pipe would otherwise lose it behind exit 0. Flushes
 * and closes stdout; returns rc, or EG_EXIT_IO after saying what failed. */
static int finish_stdout(int rc)
{
    int failed = ferror(stdout);
    errno = 0;
    if (fflush(stdout) != 0)
        failed = 1;
    int e = errno;
    if (fclose(stdout) != 0 && !failed)
        failed = 1, e = errno;
    if (!failed)
        return rc;
    fprintf(stderr, "engram: cannot write to standard output: %s\n", e ? strerror(e) : "write error");
    return rc == EG_EXIT_OK ? EG_EXIT_IO : rc;
}

/* Runs the command argv[1] names. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        eg_cli_usage(stderr);
        return EG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        eg_cli_usage(stdout);
        return EG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("engram %s\n", ENGRAM_VERSION);
        return EG_EXIT_OK;
    }
    for (size_t i = 0; eg_cli_commands[i]; i++)
        if (strcmp(cmd, eg_cli_commands[i]->name) == 0)
            return eg_cli_commands[i]->main(argc - 2, argv + 2);
    return eg_cli_usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    eg_numerics_init();
    survive_file_size_limit();
    return finish_stdout(dispatch(argc, argv));
}
