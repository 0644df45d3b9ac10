/* cell_net.h: the trained-cell flavour of `network` blocks (a cell read as
 * its framework saved it: file, layout, prefix) and the trained cells the
 * analyses of cells take: such a network, or a `train` block's cell. */
#ifndef ENGRAM_RUN_KINDS_CELL_NET_H
#define ENGRAM_RUN_KINDS_CELL_NET_H

#include "engram/cell.h"
#include "engram/layout.h"
#include "run/cell_report.h"
#include "run/inputs.h"
#include "run/compile.h"
#include "run/kinds/recurrent.h"
#include "run/run.h"
#include "run/spec.h"

/* The keys of the flavour (a key group of the network kind), and its compile step. */
extern const eg_key eg_network_cell_keys[];
void eg_network_cell_compile(eg_compile *c, const eg_block *block, eg_network_spec *spec);

/* What a reference to a trained cell names, resolved at compile time: a
 * network block of the cell flavour, or a train block that trains a cell
 * (gru, lstm, rnn(bias = true)). */
typedef struct eg_cell_source {
    const eg_block *block;        /* its cache key at run */
    const eg_network_spec *net;   /* a network of the cell flavour, or NULL */
    const eg_train_spec *train;   /* a train block, or NULL */
} eg_cell_source;

/* 1 when ref names a network block of the cell flavour (also filling *out);
 * a train block that trains a cell likewise; 0 otherwise, reporting nothing
 * (the caller says what it needs). */
int eg_compile_cell_source(eg_compile *c, const eg_value *ref, eg_cell_source *out);

/* For an analysis that takes a trained cell or a continuous-time network,
 * once ref is known not to name a cell: 1 when it names a network block (of
 * another flavour, which the caller judges); else 0, reported at ref (a
 * train block of the bias-free RNN, a block of another kind). */
int eg_compile_analysed_network(eg_compile *c, const eg_value *ref, const char *analysis);

/* The `input` keys of the analyses that take a trained cell or a
 * continuous-time network: a constant input (one number per input of a
 * cell) or input terms (a rate network). */
extern const eg_type eg_type_cell_or_dyn_input;
/* Whether an input value is a cell's constant input: a number or a list of numbers. */
int eg_cell_input_is_constant(const eg_value *v);
/* The constant input v (NULL: zeros) as a fresh array of the cell's inputs;
 * a count that differs from the cell's is EG_EIO, reported at v (an
 * allocation failure without v at `at`). */
eg_status eg_build_cell_input(eg_run *run, const eg_value *v, const eg_cell *c, eg_loc at, double **u);

/* analyze fixed_points on a trained cell (fixed_points_cell.c): the spec
 * compiled from the block, and its run. */
typedef struct eg_fp_cell_spec eg_fp_cell_spec;
const eg_fp_cell_spec *eg_fixed_points_cell_compile(eg_compile *c, const eg_block *block, const eg_cell_source *src);
eg_status eg_fixed_points_cell_run(eg_run *run, const eg_fp_cell_spec *s, const eg_block *block, eg_report *result);

/* The cell a source names (loaded once per run, or trained) and where it came
 * from. A file that cannot be read or does not hold the layout's keys in the
 * shapes expected is EG_EIO, reported at the network's key. */
eg_status eg_build_cell(eg_run *run, const eg_cell_source *src, const eg_cell **out, eg_cell_origin *origin);

#endif
