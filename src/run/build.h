/* build.h: the value-to-object builders every kind shares: matrices (inline
 * or load("file.npy" | "file.csv")) and per-unit vectors. */
#ifndef ENGRAM_RUN_BUILD_H
#define ENGRAM_RUN_BUILD_H

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

/* The values of an array held in memory (eg_run_array_named) in a new
 * matrix (any strides; float32 widened). EG_ENOMEM is the only failure. */
eg_status eg_run_array_matrix(const eg_run_array *a, eg_matrix **out);
/* a viewed in place as *out (only the struct allocated, to free with
 * eg_matrix_release(m, 1)) when its values already lie as an eg_matrix's do:
 * float64 rows back to back; 0 when it must be copied. */
int eg_run_array_view(const eg_run_array *a, eg_matrix **out);

/* Whether v is a matrix value (inline, or load(...)) rather than another call. */
int eg_value_is_matrix(const eg_value *v);

/* How messages name where a weights value comes from: the file of a
 * load(...) call as written, or "the inline matrix". */
const char *eg_load_name(const eg_value *v);

/* The formats load() reads, by the file's extension (any case). */
typedef enum eg_load_format { EG_LOAD_UNKNOWN, EG_LOAD_NPY, EG_LOAD_NPZ, EG_LOAD_SAFETENSORS, EG_LOAD_CSV,
                                EG_LOAD_TEXT } eg_load_format;
eg_load_format eg_load_format_of(const char *path);

/* Reads a matrix from path by its extension (.npy, .npz or .safetensors with
 * a single array, .csv, or whitespace-separated .txt/.dat as numpy.savetxt
 * writes it); the message names the path. Used by the command
 * line as well. */
eg_status eg_load_matrix_file(const char *path, eg_matrix **out, eg_error *err);
/* The same, naming the array of an .npz or .safetensors file (key NULL: its
 * only array). */
eg_status eg_load_matrix_key(const char *path, const char *key, eg_matrix **out, eg_error *err);

/* A number or a list of numbers as n values in a fresh array (a number is
 * repeated). The compile step checks lengths against every size known at
 * check; a list of another length is left only when n comes from a loaded
 * file, so it is a data error (EG_EIO, exit 4) naming `what` at its location. */
eg_status eg_build_unit_vector(eg_run *run, const eg_value *v, size_t n, const char *what, double **out);
/* A matrix given inline or by load(...) (paths relative to the model file).
 * Inline matrices are checked at compile, so an empty matrix or a non-finite
 * entry here comes from a file: EG_EIO at the value's location. */
eg_status eg_build_matrix(eg_run *run, const eg_value *v, eg_matrix **out);
/* The same for a matrix the caller only reads while the run lasts: an array
 * held in memory that is already float64, row-major and contiguous is not
 * copied, and a file is read and checked once a run (the runs it opens share
 * the copy, run/files.c); *out then views that data and *borrowed is 1 (free
 * it with eg_matrix_release, never write to it). */
eg_status eg_build_matrix_in_place(eg_run *run, const eg_value *v, eg_matrix **out, int *borrowed);
/* Frees a matrix of eg_build_matrix_in_place: the struct alone when borrowed. */
void eg_matrix_release(eg_matrix *m, int borrowed);

#endif
