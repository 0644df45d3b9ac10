/* main.c: the engram command: dispatch to subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "engram/numerics.h"
#include "engram/status.h"

void eg_cli_usage(FILE *out)
{
    fputs("usage: engram COMMAND [ARGS]\n"
          "\n"
          "commands:\n"
          "  check FILE...                  parse and check model files\n"
          "  run FILE [options]             run everything a model file asks for\n"
          "      -D NAME=VALUE              override a param (repeatable)\n"
          "      -o DIR                     write results (summary.json, .npy files) under DIR\n"
          "      --json                     print one JSON document instead of text\n"
          "      --plot                     also render the figures (needs -o and gnuplot)\n"
          "      -j N                       worker threads for experiments (0, the default: all cores)\n"
          "  plot DIR                       render a results directory's figures as SVG and PNG\n"
          "  sweep FILE -o DIR [options]    every point of a model's sweeps, on all cores, into one table\n"
          "      -j N | --shard i/n | --quiet | -D NAME=VALUE   threads, a shard, no progress, a pinned param\n"
          "  merge DIR... -o OUT            combine the directories of a sweep's shards\n"
          "  spectrum W [options]           spectrum of a .npy/.csv matrix (--basis B | --input U --steps S, --json, -o DIR)\n"
          "  fixed-points FILE --layout L   fixed points of a trained cell saved as .npz/.safetensors (--help: options)\n"
          "  lyapunov FILE --layout L       Lyapunov exponents of a trained cell along its trajectory (--help: options)\n"
          "  help [TOPIC]                   help on a topic: language, exit-codes, a block kind\n"
          "  --version                      print the version\n"
          "\n"
          "exit codes: 0 success, 1 model error, 2 usage error, 3 numeric failure,\n"
          "            4 I/O failure, 5 internal failure (see 'engram help exit-codes')\n",
          out);
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

int main(int argc, char **argv)
{
    keep_freed_memory();
    eg_numerics_init();
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
    if (strcmp(cmd, "check") == 0)
        return eg_cli_check(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return eg_cli_run(argc - 2, argv + 2);
    if (strcmp(cmd, "plot") == 0)
        return eg_cli_plot(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return eg_cli_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return eg_cli_merge(argc - 2, argv + 2);
    if (strcmp(cmd, "spectrum") == 0)
        return eg_cli_spectrum(argc - 2, argv + 2);
    if (strcmp(cmd, "fixed-points") == 0)
        return eg_cli_fixed_points(argc - 2, argv + 2);
    if (strcmp(cmd, "lyapunov") == 0)
        return eg_cli_lyapunov(argc - 2, argv + 2);
    if (strcmp(cmd, "help") == 0)
        return eg_cli_help(argc - 2, argv + 2);
    return eg_cli_usage_error("unknown command '%s'", cmd);
}
