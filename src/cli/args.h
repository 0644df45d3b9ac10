/* args.h: the command line of every subcommand, read by one parser from a
 * table of options; the same rows give `engram --help` and each
 * `engram COMMAND --help`, so an option means one thing everywhere. */
#ifndef ENGRAM_CLI_ARGS_H
#define ENGRAM_CLI_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "lang/diag.h"
#include "lang/source.h"

/* What follows an option, and where it goes in the command's argument struct. */
typedef enum eg_cli_arg {
    EG_CLI_FLAG,     /* nothing: int, set to 1 */
    EG_CLI_TEXT,     /* a word (a path, ...): const char * */
    EG_CLI_THREADS,  /* a number of threads, 0 (all cores) to 4096: int */
    EG_CLI_SHARD,    /* i/n with 0 <= i < n: size_t shard, then size_t nshards */
    EG_CLI_STEPS,    /* a whole number from 1 to 10^6: long */
    EG_CLI_POSITIVE, /* a positive number: double */
    EG_CLI_COUNT,    /* a whole number from 0 to 10^9: long */
    EG_CLI_NONNEGATIVE, /* a number >= 0: double */
    EG_CLI_DEFINE,   /* NAME=VALUE, repeatable: eg_cli_defines */
    EG_CLI_MEMORY    /* a size (512M, 16G): sets the process's memory limit, no field */
} eg_cli_arg;

/* One option: `name` (and `alias`, another spelling), what follows it as
 * `value` shows it in usage and `what` in messages ("-o needs a directory"). */
typedef struct eg_cli_option {
    const char *name;
    const char *alias;
    eg_cli_arg arg;
    const char *value;
    const char *what;
    const char *doc;
    size_t offset;
} eg_cli_option;

/* The options that mean the same in every command that takes them. */
#define EG_CLI_OPTION_THREADS(type, field)                                                                     \
    {"-j", NULL, EG_CLI_THREADS, "N", "a number of threads", "worker threads (0, the default: all cores)",    \
     offsetof(type, field)}
#define EG_CLI_OPTION_DEFINE(type, field)                                                                      \
    {"-D", NULL, EG_CLI_DEFINE, "NAME=VALUE", "NAME=VALUE", "set a param, overriding the file (repeatable)",   \
     offsetof(type, field)}
#define EG_CLI_OPTION_OUTDIR(type, field, doc)                                                                 \
    {"-o", NULL, EG_CLI_TEXT, "DIR", "a directory", doc, offsetof(type, field)}
/* The memory limit of compiled models (run/compile.h); it has no field. */
#define EG_CLI_OPTION_MEMORY_LIMIT                                                                              \
    {"--memory-limit", NULL, EG_CLI_MEMORY, "SIZE", "a size such as 512M or 16G",                             \
     "refuse models whose arrays would take more (default: 3/4 of physical memory)", 0}
#define EG_CLI_OPTION_JSON(type, field)                                                                        \
    {"--json", NULL, EG_CLI_FLAG, NULL, NULL, "print one JSON document instead of text", offsetof(type, field)}

/* A subcommand: its name, its operands as usage shows them ("FILE"), how
 * many it takes, how messages name one ("model file") and a missing one
 * ("a model file"), a one-line summary, its options (ended by a NULL name)
 * and the function that carries it out. */
typedef struct eg_cli_command {
    const char *name;
    const char *operands;
    size_t min_operands, max_operands;
    const char *noun;
    const char *missing;
    const char *summary;
    const eg_cli_option *options;
    int (*main)(int argc, char **argv); /* argv: what follows the command's name */
} eg_cli_command;

/* Returned by eg_cli_parse when it printed the command's usage (--help). */
#define EG_CLI_HELP (-1)

/* Reads argv[0..argc) for cmd: options into the struct args, operands into
 * operands[0..*noperands) (room for cmd->max_operands, or argc when that is
 * larger). -D values are parsed with sources and diags. Returns EG_EXIT_OK,
 * EG_EXIT_USAGE after reporting on stderr, or EG_CLI_HELP after printing
 * the usage on stdout for -h/--help. */
int eg_cli_parse(const eg_cli_command *cmd, int argc, char **argv, void *args, const char **operands,
                 size_t *noperands, eg_source_set *sources, eg_diag_list *diags);

/* A count at the start of s: decimal digits only, at most 10^9, into *out;
 * returns how many digits were read, 0 when there is no such count. */
size_t eg_cli_parse_count(const char *s, size_t *out);

/* `engram CMD OPERANDS [options]` and the command's summary, then (details)
 * one line per option. */
void eg_cli_command_usage(const eg_cli_command *cmd, int details, FILE *out);

/* The subcommands, in the order of `engram --help` (ended by NULL). */
extern const eg_cli_command *const eg_cli_commands[];

extern const eg_cli_command eg_cli_cmd_check, eg_cli_cmd_run, eg_cli_cmd_plot, eg_cli_cmd_sweep, eg_cli_cmd_merge,
    eg_cli_cmd_spectrum, eg_cli_cmd_fixed_points, eg_cli_cmd_lyapunov, eg_cli_cmd_help;

#endif
