/* engram/status.h: status codes and the error message every fallible call fills. */
#ifndef ENGRAM_STATUS_H
#define ENGRAM_STATUS_H

#include <stddef.h>

/* Every function that can fail returns one of these; results leave through pointers. */
typedef enum eg_status {
    EG_OK = 0,
    EG_ENOMEM,   /* an allocation failed or a model would need too much memory */
    EG_EINVAL,   /* an argument or a value is out of its domain */
    EG_EIO,      /* a file could not be read or written */
    EG_EPARSE,   /* a data file's contents are malformed (.npy header, CSV field, journal, ...) */
    EG_ENUMERIC, /* a numeric failure: divergence, NaN, a solver that gave up */
    EG_EMODEL    /* the model has errors; they are in the diagnostics list */
} eg_status;

/* The message that goes with a failing status, for the caller to place (it adds
 * the model location). Fixed size so that filling it can never fail. */
typedef struct eg_error {
    char msg[512];
} eg_error;

/* Formats into err (NULL is allowed and ignored); returns status for tail calls:
 *   return eg_error_set(err, EG_EIO, "cannot open '%s'", path); */
eg_status eg_error_set(eg_error *err, eg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A short name of a status ("out of memory", "I/O error", ...). */
const char *eg_status_name(eg_status status);

/* Process exit codes of the engram command, one per failure class (docs/output.md). */
enum {
    EG_EXIT_OK = 0,
    EG_EXIT_MODEL = 1,   /* the model file has errors */
    EG_EXIT_USAGE = 2,   /* the command line is wrong */
    EG_EXIT_NUMERIC = 3, /* a run failed numerically */
    EG_EXIT_IO = 4,      /* a file could not be read or written, or a data file is malformed */
    EG_EXIT_INTERNAL = 5 /* out of memory or an internal fault */
};

/* Maps a status to the exit code the CLI uses for it. */
int eg_status_exit_code(eg_status status);

#endif
