/* load.h: `load("file.npy" | "file.csv")`, a matrix read from a file, for any key that takes weights. */
#ifndef ENGRAM_RUN_LOAD_H
#define ENGRAM_RUN_LOAD_H

#include "engram/matrix.h"
#include "run/run.h"

/* The function schema load(file): one string argument, the file's path,
 * relative to the directory of the model file that names it. */
extern const eg_schema eg_fn_load;
/* A matrix written inline ([[1, 0], [0, 1]]) or load("W.npy"). */
extern const eg_type eg_type_weights;

/* The matrix a value of eg_type_weights describes, in a new matrix (caller
 * frees). .npy files are read whatever their dtype and order (a float32,
 * Fortran-order array that numpy.save wrote from a PyTorch tensor included);
 * .csv files may have a header line. Any problem (missing file, malformed
 * contents, an extension that is neither, an array that is not 1-d or 2-d) is
 * reported with eg_run_fail at the value's location, naming the file. */
eg_status eg_load_matrix(eg_run *run, const eg_value *v, eg_matrix **out);

/* How messages name where a weights value comes from: the file of a
 * load(...) call as written, or "the inline matrix". */
const char *eg_load_name(const eg_value *v);

/* Reads a matrix from path by its extension (.npy or .csv, any case); the
 * message names the path. Used by the command line as well. */
eg_status eg_load_matrix_file(const char *path, eg_matrix **out, eg_error *err);

#endif
