/* cli.h: the engram command's subcommands and what they share. */
#ifndef ENGRAM_CLI_H
#define ENGRAM_CLI_H

#include <stdio.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "lang/source.h"
#include "engram/status.h"
#include "run/compile.h"
#include "run/report.h"

int eg_cli_check(int argc, char **argv);
int eg_cli_run(int argc, char **argv);
int eg_cli_help(int argc, char **argv);
int eg_cli_plot(int argc, char **argv);

/* Renders every .gp script in dir as SVG and PNG with gnuplot; lists the figures on
 * notes (when not NULL). Returns an exit code. */
int eg_cli_render_plots(const char *dir, FILE *notes);

/* A help topic: `engram help NAME` prints text; the man page has a section each. */
typedef struct eg_help_topic {
    const char *name;
    const char *summary;
    const char *text;
} eg_help_topic;
extern const eg_help_topic eg_help_topics[]; /* ended by a NULL name */
/* The texts of `engram help fixed-points` and `engram help lyapunov`, beside their commands. */
extern const char eg_cli_fixed_points_help[], eg_cli_lyapunov_help[];

struct eg_schema;
/* A block kind's keys, their types, defaults and functions, as `engram help KIND` shows them. */
void eg_cli_print_kind(FILE *out, const struct eg_schema *kind);
/* The same in Markdown, one section per kind (reference.c). */
void eg_cli_print_kind_markdown(FILE *out, const struct eg_schema *kind);
/* Every kind's reference in Markdown: the Reference section of docs/language.md. */
void eg_cli_print_reference(FILE *out);
/* The man page engram(1), in roff, from the usage, the topics and the kinds. */
void eg_cli_print_man(FILE *out);
int eg_cli_sweep(int argc, char **argv);
int eg_cli_merge(int argc, char **argv);

/* The -D NAME=VALUE options of a command line, in order. */
typedef struct eg_cli_defines {
    eg_override *items; /* name and evaluated value, for eg_model_check */
    eg_value **values;
    char **texts;       /* each option as written, "NAME=VALUE" */
    size_t n;
} eg_cli_defines;

/* Adds one -D option; returns an EG_EXIT_ code (usage errors are printed or in diags). */
int eg_cli_define(eg_cli_defines *d, const char *def, eg_source_set *sources, eg_diag_list *diags);
void eg_cli_defines_free(eg_cli_defines *d);
/* The exit code of a model that failed to load (eg_cli_load gave NULL): 4 when
 * path could not be read, 2 when the only errors are -D options naming params
 * the model lacks, 1 otherwise. */
int eg_cli_load_exit_code(const eg_source_set *sources, const char *path, const eg_diag_list *diags);
int eg_cli_spectrum(int argc, char **argv);


/* Prints the usage summary to out. */
void eg_cli_usage(FILE *out);

/* Reports a usage error on stderr and returns EG_EXIT_USAGE. */
int eg_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses, checks and compiles path with the given overrides (`engram check`
 * entire); prints diagnostics on stderr. Returns the compiled model or NULL
 * (then *ast may still need freeing). */
eg_program *eg_cli_load(const char *path, eg_source_set *sources, const eg_override *ov, size_t nov, eg_ast **ast,
                      eg_diag_list *diags);


#endif
