/* args.c: the one command-line parser of the subcommands, driven by their
 * tables of options (args.h), and the usage text drawn from the same rows. */
#include "cli/args.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/status.h"
#include "run/compile.h"

/* The row of arg, which may carry its value attached ("-j4", "-Dn=3") when
 * the option is one letter long; *attached is then that value. */
static const eg_cli_option *find_option(const eg_cli_option *opts, const char *arg, const char **attached)
{
    *attached = NULL;
    for (size_t i = 0; opts && opts[i].name; i++) {
        const eg_cli_option *o = &opts[i];
        if (strcmp(arg, o->name) == 0 || (o->alias && strcmp(arg, o->alias) == 0))
            return o;
    }
    for (size_t i = 0; opts && opts[i].name; i++) {
        const eg_cli_option *o = &opts[i];
        if (o->arg != EG_CLI_FLAG && strlen(o->name) == 2 && strncmp(arg, o->name, 2) == 0 && arg[2]) {
            *attached = arg + 2;
            return o;
        }
    }
    return NULL;
}

size_t eg_cli_parse_count(const char *s, size_t *out)
{
    char *end = NULL;
    if (*s < '0' || *s > '9')
        return 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (x > 1000000000ULL)
        return 0;
    *out = (size_t)x;
    return (size_t)(end - s);
}

/* A number in [lo, hi], the whole text; 0 when it is not. */
static int parse_number(const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    double x = strtod(text, &end);
    if (!text[0] || *end || !(x >= lo && x <= hi))
        return 0;
    *out = x;
    return 1;
}

/* Stores value, the text after option o, into args; an EG_EXIT_ code. */
static int store(const eg_cli_option *o, const char *value, char *args, eg_source_set *sources, eg_diag_list *diags)
{
    size_t a = 0, k = 0;
    double x = 0.0;
    if (o->arg == EG_CLI_MEMORY) {
        if (!eg_parse_bytes(value, &x))
            return eg_cli_usage_error("%s takes a size such as 512M, 16G or 1.5T (powers of 1024), got '%s'",
                                      o->name, value);
        eg_memory_limit_set(x);
        return EG_EXIT_OK;
    }
    void *at = args + o->offset;
    switch (o->arg) {
    case EG_CLI_FLAG:
        *(int *)at = 1;
        return EG_EXIT_OK;
    case EG_CLI_TEXT:
        *(const char **)at = value;
        return EG_EXIT_OK;
    case EG_CLI_THREADS:
        if (!(k = eg_cli_parse_count(value, &a)) || value[k] || a > 4096)
            return eg_cli_usage_error("%s takes a number of threads from 0 (all cores) to 4096, got '%s'", o->name,
                                      value);
        *(int *)at = (int)a;
        return EG_EXIT_OK;
    case EG_CLI_SHARD: {
        size_t n = 0, len = 0;
        if (!(k = eg_cli_parse_count(value, &a)) || value[k] != '/' ||
            !(len = eg_cli_parse_count(value + k + 1, &n)) || value[k + 1 + len] || n < 1)
            return eg_cli_usage_error("%s takes i/n with 0 <= i < n, e.g. %s 0/4", o->name, o->name);
        if (a >= n) /* most likely counted from 1, as job arrays and split tools do */
            return eg_cli_usage_error("%s %s: shards are numbered from 0, so the %zu shards are 0/%zu to %zu/%zu "
                                      "(from a 1-based job array index, give INDEX-1)",
                                      o->name, value, n, n, n - 1, n);
        ((size_t *)at)[0] = a;
        ((size_t *)at)[1] = n;
        return EG_EXIT_OK;
    }
    case EG_CLI_STEPS:
        if (!parse_number(value, 1, 1e6, &x) || x != (long)x)
            return eg_cli_usage_error("%s takes a whole number >= 1, got '%s'", o->name, value);
        *(long *)at = (long)x;
        return EG_EXIT_OK;
    case EG_CLI_POSITIVE:
        if (!parse_number(value, 1e-300, 1e300, &x))
            return eg_cli_usage_error("%s takes a positive number, got '%s'", o->name, value);
        *(double *)at = x;
        return EG_EXIT_OK;
    case EG_CLI_COUNT:
        if (!parse_number(value, 0, 1e9, &x) || x != (long)x)
            return eg_cli_usage_error("%s takes a whole number >= 0, got '%s'", o->name, value);
        *(long *)at = (long)x;
        return EG_EXIT_OK;
    case EG_CLI_NONNEGATIVE:
        if (!parse_number(value, 0, 1e300, &x))
            return eg_cli_usage_error("%s takes a number >= 0, got '%s'", o->name, value);
        *(double *)at = x;
        return EG_EXIT_OK;
    case EG_CLI_DEFINE:
        return eg_cli_define(at, value, sources, diags);
    case EG_CLI_MEMORY:
        break;
    }
    return EG_EXIT_INTERNAL;
}

int eg_cli_parse(const eg_cli_command *cmd, int argc, char **argv, void *args, const char **operands,
                 size_t *noperands, eg_source_set *sources, eg_diag_list *diags)
{
    *noperands = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            eg_cli_command_usage(cmd, 1, stdout);
            return EG_CLI_HELP;
        }
        if (arg[0] != '-' || !arg[1]) {
            if (*noperands == cmd->max_operands) {
                if (cmd->max_operands == 1)
                    return eg_cli_usage_error("%s takes one %s, got '%s' and '%s'", cmd->name, cmd->noun, operands[0],
                                              arg);
                return eg_cli_usage_error("%s takes at most %zu %ss, got '%s'", cmd->name, cmd->max_operands, cmd->noun,
                                          arg);
            }
            operands[(*noperands)++] = arg;
            continue;
        }
        const char *value = NULL;
        const eg_cli_option *o = find_option(cmd->options, arg, &value);
        if (!o)
            return eg_cli_usage_error("unknown option '%s' for %s", arg, cmd->name);
        if (o->arg != EG_CLI_FLAG && !value && !(++i < argc ? (value = argv[i]) : NULL))
            return eg_cli_usage_error("%s needs %s", arg, o->what);
        int rc = store(o, value, args, sources, diags);
        if (rc != EG_EXIT_OK)
            return rc;
    }
    if (*noperands < cmd->min_operands)
        return eg_cli_usage_error("%s needs %s", cmd->name, cmd->missing);
    return EG_EXIT_OK;
}

void eg_cli_command_usage(const eg_cli_command *cmd, int details, FILE *out)
{
    char head[96];
    const eg_cli_option *opts = cmd->options;
    snprintf(head, sizeof head, "%s%s%s%s", cmd->name, cmd->operands[0] ? " " : "", cmd->operands,
             opts && opts[0].name ? " [options]" : "");
    if (details)
        fprintf(out, "usage: engram %s\n\n%s\n", head, cmd->summary);
    else
        fprintf(out, "  %-32s %s\n", head, cmd->summary);
    if (details && opts && opts[0].name)
        fputs("\noptions:\n", out);
    for (size_t i = 0; opts && opts[i].name; i++) {
        char spelling[64];
        snprintf(spelling, sizeof spelling, "%s%s%s%s%s", opts[i].name, opts[i].alias ? ", " : "",
                 opts[i].alias ? opts[i].alias : "", opts[i].value ? " " : "", opts[i].value ? opts[i].value : "");
        fprintf(out, "%s%-28s %s\n", details ? "  " : "      ", spelling, opts[i].doc);
    }
}
