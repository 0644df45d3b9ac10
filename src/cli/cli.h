/* cli.h: the engram command's subcommands and what they share. */
#ifndef ENGRAM_CLI_H
#define ENGRAM_CLI_H

#include <stdio.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/model.h"
#include "lang/source.h"
#include "run/report.h"

int eg_cli_check(int argc, char **argv);
int eg_cli_run(int argc, char **argv);
int eg_cli_help(int argc, char **argv);
int eg_cli_spectrum(int argc, char **argv);

/* Prints the usage summary to out. */
void eg_cli_usage(FILE *out);

/* Reports a usage error on stderr and returns EG_EXIT_USAGE. */
int eg_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses and checks path with the given overrides; prints diagnostics on
 * stderr. Returns the model or NULL (then *ast may still need freeing). */
eg_model *eg_cli_load(const char *path, eg_source_set *sources, const eg_override *ov, size_t nov, eg_ast **ast,
                      eg_diag_list *diags);

/* Renders a run's report: text lines for people, or one JSON document. */
void eg_cli_print_human(const eg_report *report, FILE *out);
/* Writes the JSON document for the report; with_files: matrices are file
 * references (they were written under an output directory), else inline. */
int eg_cli_print_json(const eg_report *report, int with_files, FILE *out);

/* Writes summary.json and every matrix of the report (.npy) under outdir,
 * through a staged directory: all of them or none. */
eg_status eg_cli_write_outputs(const eg_report *report, const char *outdir, eg_error *err);

#endif
