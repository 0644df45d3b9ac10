/* help.c: `engram help [TOPIC]`: topics written here, and every block kind's
 * reference drawn from the same schema tables the checker uses (reference.c).
 * The man page is rendered from the same texts (man.c). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cell_args.h"
#include "cli/cli.h"
#include "engram/status.h"
#include "run/run.h"

static const char language_help[] =
    "A model file is a list of statements:\n"
    "\n"
    "  param NAME = EXPR            a value the file uses; override with -D NAME=VALUE\n"
    "  include \"other.engram\"       statements of another file (relative to this one)\n"
    "  KIND [NAME] { KEY = EXPR }   a block: memories, network, recall, ...\n"
    "  sweep NAME in EXPR           run once per value of a param (a list, a .. b step s,\n"
    "                               or geomspace(a, b, n)); several sweeps form a grid\n"
    "  sweep A, B in zip(EA, EB)    params that move together, their i-th values at once\n"
    "\n"
    "Entries end at a newline or ';'. '#' starts a comment. Expressions: numbers,\n"
    "\"strings\", names, M[i], calls f(a, name = b), lists [a, b], ranges a .. b step s,\n"
    "+ - * / ^ and parentheses; exp, log, log10, sqrt, tanh, sin, cos, abs, floor, ceil,\n"
    "round, min, max, pow and geomspace are computed before the run.\n"
    "\n"
    "'engram sweep FILE -o DIR' runs every point on all cores into one table\n"
    "(docs/sweeps.md): trials are a sweep over a param used nowhere else.\n"
    "\n"
    "'engram help KIND' lists a block kind's keys and functions ('engram help analyze':\n"
    "every analysis); add --markdown for Markdown. 'engram help --reference' prints the\n"
    "whole reference, the Reference section of docs/language.md.\n";

static const char exit_codes_help[] =
    "engram's exit codes, the same from every command:\n"
    "  0  success\n"
    "  1  the model file has errors (syntax, unknown keys, wrong types, bad references)\n"
    "  2  the command line is wrong (an unknown option or command, a bad -D, a -D naming\n"
    "     a param the model lacks)\n"
    "  3  a run failed numerically (divergence, a solver that gave up), or points of a sweep\n"
    "     failed (each failed row of results.csv says why)\n"
    "  4  a file could not be read or written, a data file (.npy, .npz, .safetensors, .csv,\n"
    "     IDX, a sweep journal) is malformed or does not fit, or a sweep folder holds another\n"
    "     sweep\n"
    "  5  out of memory or an internal failure\n";

const eg_help_topic eg_help_topics[] = {
    {"language", "the model language in brief", language_help},
    {"exit-codes", "what engram's exit codes mean", exit_codes_help},
    {"fixed-points", "fixed points of trained cells: the method, how starts are made", eg_cli_fixed_points_help},
    {"lyapunov", "Lyapunov exponents of trained cells", eg_cli_lyapunov_help},
    {NULL, NULL, NULL},
};

typedef struct help_args {
    int markdown, reference, man;
} help_args;

static const eg_cli_option help_options[] = {
    {"--markdown", NULL, EG_CLI_FLAG, NULL, NULL, "a block kind's reference in Markdown",
     offsetof(help_args, markdown)},
    {"--reference", NULL, EG_CLI_FLAG, NULL, NULL, "every kind's reference, in Markdown (docs/language.md)",
     offsetof(help_args, reference)},
    {"--man", NULL, EG_CLI_FLAG, NULL, NULL, "the man page engram(1), in roff", offsetof(help_args, man)},
    {NULL, NULL, EG_CLI_FLAG, NULL, NULL, NULL, 0},
};

const eg_cli_command eg_cli_cmd_help = {"help", "[TOPIC]", 0, 1, "topic", "a topic",
                                        "help on a topic: language, exit-codes, a block kind", help_options,
                                        eg_cli_help};

int eg_cli_help(int argc, char **argv)
{
    help_args a = {0, 0, 0};
    const char *topic = NULL;
    size_t n = 0;
    int rc = eg_cli_parse(&eg_cli_cmd_help, argc, argv, &a, &topic, &n, NULL, NULL);
    if (rc != EG_EXIT_OK)
        return rc == EG_CLI_HELP ? EG_EXIT_OK : rc;
    if (a.man) {
        eg_cli_print_man(stdout);
        return EG_EXIT_OK;
    }
    if (a.reference) {
        eg_cli_print_reference(stdout);
        return EG_EXIT_OK;
    }
    if (!topic) {
        eg_cli_usage(stdout);
        fputs("\nhelp topics: language, exit-codes, fixed-points, lyapunov, layouts, kinds, analyze, and each block "
              "kind:",
              stdout);
        for (size_t i = 0; eg_kinds[i]; i++)
            printf(" %s", eg_kinds[i]->schema->name);
        fputs("\n(add --markdown after a kind for Markdown; 'engram help --reference': every kind, in Markdown)\n",
              stdout);
        return EG_EXIT_OK;
    }
    int markdown = a.markdown;
    /* A topic that is also a block kind (lyapunov: the subcommand and the
     * analyze kind): the kind's reference, then the topic; --markdown asks
     * for the kind's alone. */
    const eg_schema *same_kind = NULL;
    for (size_t i = 0; eg_kinds[i]; i++)
        if (strcmp(topic, eg_kinds[i]->schema->name) == 0)
            same_kind = eg_kinds[i]->schema;
    for (size_t i = 0; eg_help_topics[i].name && !(same_kind && markdown); i++) {
        if (strcmp(topic, eg_help_topics[i].name) == 0) {
            if (same_kind) {
                eg_cli_print_kind(stdout, same_kind);
                fputs("\n", stdout);
            }
            fputs(eg_help_topics[i].text, stdout);
            return EG_EXIT_OK;
        }
    }
    if (strcmp(topic, "layouts") == 0) {
        eg_cell_args_print_layouts(stdout);
        return EG_EXIT_OK;
    }
    if (strcmp(topic, "kinds") == 0) {
        for (size_t i = 0; eg_kinds[i]; i++)
            printf("%-22s %s\n", eg_kinds[i]->schema->name, eg_kinds[i]->schema->doc);
        return EG_EXIT_OK;
    }
    for (size_t i = 0; eg_kinds[i]; i++) {
        if (strcmp(topic, eg_kinds[i]->schema->name) == 0) {
            if (markdown)
                eg_cli_print_kind_markdown(stdout, eg_kinds[i]->schema);
            else
                eg_cli_print_kind(stdout, eg_kinds[i]->schema);
            return EG_EXIT_OK;
        }
    }
    /* A family (analyze): each of its kinds. */
    int members = 0;
    for (size_t i = 0; eg_kinds[i]; i++) {
        const eg_schema *s = eg_kinds[i]->schema;
        if (!s->family || strcmp(topic, s->family) != 0)
            continue;
        if (members++)
            fputs("\n", stdout);
        if (markdown)
            eg_cli_print_kind_markdown(stdout, s);
        else
            eg_cli_print_kind(stdout, s);
    }
    if (members)
        return EG_EXIT_OK;
    return eg_cli_usage_error("no help on '%s'; try 'engram help'", topic);
}
