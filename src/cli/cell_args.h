/* cell_args.h: the options the subcommands on trained cells share (a weights
 * file, --layout, --prefix, --input, --seed, --json), and loading the cell
 * they name. */
#ifndef ENGRAM_CLI_CELL_ARGS_H
#define ENGRAM_CLI_CELL_ARGS_H

#include <stdio.h>

#include "engram/cell.h"
#include "engram/layout.h"

typedef struct eg_cell_args {
    const char *file, *prefix, *input, *layout_name;
    const eg_layout *layout;
    long seed;
    int json;
} eg_cell_args;

/* Takes argv[*i] (and its value, advancing *i) when it is one of the shared
 * options or the file. Returns 1 when taken, 0 when not one of them, or a
 * usage error's exit status (negated) when its value is wrong. */
int eg_cell_args_take(eg_cell_args *a, int argc, char **argv, int *i, const char *cmd);

/* After the loop: a file and a known layout are required. Returns EG_EXIT_OK
 * or a usage error's exit status. */
int eg_cell_args_finish(eg_cell_args *a, const char *cmd);

/* The layouts, one per line, for --help. */
void eg_cell_args_print_layouts(FILE *out);

/* A whole number in [lo, hi] for option opt, or a usage error's exit status. */
int eg_cli_count_arg(const char *opt, const char *text, long lo, long hi, long *out);

/* Loads the cell and reads --input into a fresh array of its inputs (zeros
 * without --input). Reports on stderr; returns EG_EXIT_OK or the exit status. */
int eg_cell_args_load(const eg_cell_args *a, eg_cell **cell, double **input);

#endif
