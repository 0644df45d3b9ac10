/* cell_args.h: the options the subcommands on trained cells share (--layout,
 * --prefix, --input, --seed, --json, -o, --plot, as rows of their option tables), and
 * loading the cell they name. */
#ifndef ENGRAM_CLI_CELL_ARGS_H
#define ENGRAM_CLI_CELL_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "cli/args.h"
#include "engram/cell.h"
#include "engram/layout.h"

typedef struct eg_cell_args {
    const char *file, *prefix, *input, *layout_name;
    const eg_layout *layout; /* NULL without --layout until the cell loads: told from the keys */
    char found_prefix[256];  /* the keys' prefix found with the layout */
    long seed;
    double alpha; /* --alpha: dt/τ of a leaky cell; 0 when not given */
    int json;
    const char *outdir; /* -o DIR: the results' files, or NULL */
    int plot;           /* --plot: render the figures under outdir */
} eg_cell_args;

/* The shared rows of an option table whose struct holds an eg_cell_args
 * member `field`. */
#define EG_CELL_OPTIONS(type, field)                                                                           \
    {"--layout", NULL, EG_CLI_TEXT, "LAYOUT", "a layout",                                                     \
     "where the weights are kept ('engram help layouts' lists them; default: told from the keys)",            \
     offsetof(type, field.layout_name)},                                                                       \
    {"--prefix", NULL, EG_CLI_TEXT, "P", "a prefix", "the keys' prefix, e.g. rnn. for a submodule called rnn", \
     offsetof(type, field.prefix)},                                                                            \
    {"--input", NULL, EG_CLI_TEXT, "V,...", "numbers separated by commas",                                    \
     "a constant input u*, one number per input", offsetof(type, field.input)},                              \
    {"--alpha", NULL, EG_CLI_POSITIVE, "A", "a number in (0, 1]",                                            \
     "dt/tau of a continuous-time network (psychrnn layout; e.g. 0.1 for dt = 10, tau = 100)",               \
     offsetof(type, field.alpha)},                                                                             \
    {"--seed", NULL, EG_CLI_COUNT, "S", "a seed", "seed of the random pulses and draws (default 1)",          \
     offsetof(type, field.seed)},                                                                              \
    EG_CLI_OPTION_JSON(type, field.json),                                                                      \
    EG_CLI_OPTION_OUTDIR(type, field.outdir, "write the results (summary.json, .npy files, plot scripts) under DIR"), \
    {"--plot", NULL, EG_CLI_FLAG, NULL, NULL, "also render the figures (needs -o and gnuplot)",               \
     offsetof(type, field.plot)}

/* Reads cmd's command line into args (whose eg_cell_args member is cell):
 * the file, a known layout (if any) and the command's own options. Returns
 * EG_EXIT_OK, EG_CLI_HELP or a usage error's exit status. */
int eg_cell_args_parse(const eg_cli_command *cmd, int argc, char **argv, void *args, eg_cell_args *cell);

/* The members every cell command's JSON starts with: engram, command, file,
 * layout, cell. */
struct eg_json;
void eg_cell_args_json_head(struct eg_json *j, const eg_cell_args *a, const eg_cell *c, const char *command);

/* The layouts, one per line (`engram help layouts`). */
void eg_cell_args_print_layouts(FILE *out);

/* Loads the cell (without --layout, the layout and prefix its keys show are
 * set in a first) and reads --input into a fresh array of its inputs (zeros
 * without --input). Reports on stderr; returns EG_EXIT_OK or the exit status. */
int eg_cell_args_load(eg_cell_args *a, eg_cell **cell, double **input);

#endif
